/* gitignore.c: --gitignore: the .gitignore files of the directories on the current path, read as tree 2.1.0 reads them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctree.h"
#include "kanri.h"

/*
 * tree 2.1.0 is not git: a line is read in pieces of at most 4095 bytes (fgets into
 * PATH_MAX), '#' and '!' are looked at before anything else, trailing spaces go unless
 * escaped, then every backslash is dropped (so "\*" is a wildcard again). A pattern with
 * a '/' anywhere (a trailing one too) is matched against the entry's whole path, with
 * the path of the .gitignore's directory and a '/' put in front of it (one leading '/'
 * of the pattern dropped); one without, against the name. An entry is left out when some
 * pattern of some file matches it and no '!' pattern of any file does, whatever the order.
 */
struct gipat {
	char *pat;              /* a name pattern, or the directory's path + "/" + the pattern */
	bool reverse, relative;
};

struct gilevel {
	struct gipat *pats;
	size_t npats;
};

/*
 * tree's filter stack holds a level only for a directory whose .gitignore opened, and
 * its pop removes the newest level left, whoever pushed it. Each gi_push_dir is one
 * frame (walk.c pushes and pops one per directory); a frame whose .gitignore opened
 * pops the newest level on gi_pop_dir, and gi_keep_dir drops the frame but leaves the
 * levels alone, as tree's unix_getfulltree() does on its early returns.
 */
static struct gilevel *levels;
static size_t nlevels, caplevels;
static bool trailing_slash_relative;    /* while --gitfile's file is read */
static struct tframes frames;   /* per frame: its .gitignore opened, a level was pushed */

/* tree's gittrim(): in 2.1.0 one '\n', in 2.3.1 (v231) every trailing '\n' and '\r' but
 * the first character; then trailing spaces not after a backslash (the first character
 * is always kept), then every backslash dropped, keeping what follows it. */
void
tree_trim(char *s, bool v231)
{
	long e = (long)strlen(s) - 1, i;
	size_t o;

	if (v231)
		while (e > 0 && (s[e] == '\n' || s[e] == '\r'))
			e--;
	else if (e >= 0 && s[e] == '\n')
		e--;
	for (i = e; i >= 0; i--) {
		if (s[i] != ' ')
			break;
		if (i > 0 && s[i - 1] != '\\')
			e--;
	}
	s[e + 1] = '\0';
	for (i = 0, o = 0; s[i] != '\0';) {
		if (s[i] == '\\' && s[++i] == '\0')
			break;          /* tree reads on past a trailing one: dropped */
		s[o++] = s[i++];
	}
	s[o] = '\0';
}

/* One fgets() piece of a line, as a C string (a NUL byte ends it). */
static void
add_piece(struct gilevel *lv, const char *dirpath, char *s)
{
	struct gipat p;
	const char *pat, *slash;
	size_t dl;

	if (s[0] == '#' || s[0] == '\0')
		return;
	p.reverse = s[0] == '!';
	tree_trim(s, trailing_slash_relative);     /* --gitfile: as tree 2.3.1 */
	if (s[0] == '\0')
		return;
	pat = s + p.reverse;
	slash = strchr(pat, '/');
	/* tree 2.3.1 (--gitfile's): a lone trailing '/' leaves the pattern a name pattern */
	p.relative = slash == NULL || (trailing_slash_relative && slash[1] == '\0');
	if (pat[0] == '/')
		pat++;
	if (p.relative) {
		p.pat = kstrdup(pat);
	} else {
		dl = strlen(dirpath);
		p.pat = kmalloc(dl + strlen(pat) + 2);
		memcpy(p.pat, dirpath, dl);
		p.pat[dl] = '/';
		strcpy(p.pat + dl + 1, pat);
	}
	lv->pats = kreallocarray(lv->pats, lv->npats + 1, sizeof(*lv->pats));
	lv->pats[lv->npats++] = p;
}

/* Returns -1 when the file could not be read to its end (running out of memory
 * included), with errno set: a half-read .gitignore is an error, not a shorter one.
 * Lines are cut into the pieces fgets() into 4096 bytes gives tree. */
static int
read_patterns(struct gilevel *lv, const char *dirpath, FILE *fp)
{
	char *line = NULL, piece[TREE_PIECE_MAX + 1];
	size_t cap = 0, off, n;
	ssize_t len;

	while ((len = kgetdelim(&line, &cap, '\n', fp, 0)) > 0) {
		for (off = 0; off < (size_t)len; off += n) {
			n = (size_t)len - off;
			if (n > TREE_PIECE_MAX)
				n = TREE_PIECE_MAX;
			memcpy(piece, line + off, n);
			piece[n] = '\0';
			add_piece(lv, dirpath, piece);
		}
	}
	free(line);
	return len == KLINE_ERROR ? -1 : 0;
}

void
tframes_push(struct tframes *t, bool pushed)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->pushed = kreallocarray(t->pushed, t->cap, sizeof(*t->pushed));
	}
	t->pushed[t->n++] = pushed;
}

bool
tframes_pop(struct tframes *t)
{
	return t->n > 0 && t->pushed[--t->n];
}

void
tframes_keep(struct tframes *t)
{
	if (t->n > 0)
		t->n--;
}

void
tframes_free(struct tframes *t)
{
	free(t->pushed);
	memset(t, 0, sizeof(*t));
}

int
gi_push_dir(int dirfd, const char *dirpath)
{
	struct gilevel *lv;
	struct stat st;
	int fd, rc;
	FILE *fp = NULL;

	/* a FIFO or device named .gitignore is not read (tree would hang on a FIFO) */
	fd = kopen_regular(dirfd, ".gitignore", 0, &st);
	if (fd >= 0 && (fp = fdopen(fd, "r")) == NULL)
		close(fd);
	tframes_push(&frames, fp != NULL);
	if (fp == NULL)
		return 0;
	if (nlevels == caplevels) {
		caplevels = caplevels ? caplevels * 2 : 16;
		levels = kreallocarray(levels, caplevels, sizeof(*levels));
	}
	lv = &levels[nlevels++];
	memset(lv, 0, sizeof(*lv));
	if ((rc = read_patterns(lv, dirpath ? dirpath : "", fp)) != 0)
		kwarn("%s/.gitignore", dirpath && *dirpath ? dirpath : ".");
	fclose(fp);
	return rc;
}

static void
pop_level(void)
{
	struct gilevel *lv;
	size_t i;

	if (nlevels == 0)
		return;
	lv = &levels[--nlevels];
	for (i = 0; i < lv->npats; i++)
		free(lv->pats[i].pat);
	free(lv->pats);
}

void
gi_pop_dir(void)
{
	if (tframes_pop(&frames))
		pop_level();
}

/* The directory is done but, as in tree's gather phase, its level stays in force. */
void
gi_keep_dir(void)
{
	tframes_keep(&frames);
}

void
gi_clear(void)
{
	while (nlevels > 0)
		pop_level();
	free(levels);
	tframes_free(&frames);
	levels = NULL;
	caplevels = 0;
}

/* Whether some pattern of the given kind, in any file on the path, matches. */
static bool
any_match(const char *path, const char *name, bool isdir, bool reverse)
{
	size_t k, i;

	for (k = nlevels; k-- > 0;) {
		const struct gilevel *lv = &levels[k];

		for (i = 0; i < lv->npats; i++) {
			const struct gipat *p = &lv->pats[i];

			if (p->reverse != reverse)
				continue;
			if (pat_match(p->relative ? name : path, p->pat, isdir, opt.ignorecase) == 1)
				return true;
		}
	}
	return false;
}

/* path is the entry's path as tree builds it (its directory argument first). */
bool
gi_ignored(const char *path, const char *name, bool isdir)
{
	if (strcmp(name, ".git") == 0)
		return true;
	return any_match(path, name, isdir, false) && !any_match(path, name, isdir, true);
}

/*
 * --gitfile (tree 2.3.1): patterns read before the walk, in force everywhere under
 * the bottom of the stack. As tree: a path that is not a regular file is taken for a
 * directory whose .gitignore is read; the path itself, as given, goes in front of the
 * patterns with a '/' (so for a file, those never match a path: tree's way). A pattern
 * whose only '/' ends it is a name pattern here, as in tree 2.3.1 (2.1.0: a path one).
 */
void
gi_add_file(const char *path)
{
	struct gilevel lv;
	struct stat st;
	char *alt = NULL;
	const char *name = path;
	int fd;
	FILE *fp;

	fd = kopen_regular(AT_FDCWD, path, 0, &st);
	if (fd == KOPEN_NOTREG || (fd == -1 && errno == ENOTDIR)) {
		alt = kmalloc(strlen(path) + sizeof("/.gitignore"));
		strcpy(alt, path);
		strcat(alt, "/.gitignore");
		name = alt;
		fd = kopen_regular(AT_FDCWD, alt, 0, &st);
	}
	if (fd == KOPEN_NOTREG)
		kerrx(2, "--gitfile: %s: not a regular file", name);
	if (fd < 0)
		kerr(2, "--gitfile: %s", name);
	if ((fp = fdopen(fd, "r")) == NULL)
		kerr(2, "--gitfile: %s", name);
	memset(&lv, 0, sizeof(lv));
	trailing_slash_relative = true;
	if (read_patterns(&lv, path, fp) != 0)
		kerr(2, "--gitfile: %s", name);
	trailing_slash_relative = false;
	fclose(fp);
	free(alt);
	if (nlevels == caplevels) {
		caplevels = caplevels ? caplevels * 2 : 16;
		levels = kreallocarray(levels, caplevels, sizeof(*levels));
	}
	levels[nlevels++] = lv;
}
