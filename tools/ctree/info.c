/* info.c: --info and --infofile: comments for entries, from .info files, read as tree 2.3.1 reads them. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctree.h"
#include "kanri.h"

/*
 * A .info file, as tree 2.3.1 reads it: a line starting with '#' is skipped, then each
 * line is trimmed as tree trims it (trailing line ends and unescaped spaces go, every
 * backslash is dropped keeping what follows it). A line that then starts with a tab is
 * a line of comment; any other is a pattern. Patterns in a row share the comment lines
 * after them; comment lines before any pattern are dropped; a pattern that ends the
 * file has an empty comment, which still counts as found.
 *
 * An entry's comment is the first pattern, newest file first, that matches its path as
 * tree builds it, or, in the file of the entry's own directory only, its name, or its
 * path with the file's directory and a '/' in front of the pattern.
 *
 * Where tree reads a file a .info names, ctree does not follow a symbolic link named
 * .info in a directory it lists (it counts as an empty file): a user's link to a file
 * only root may read would print that file's lines when root lists the user's files.
 */
#ifndef INFO_PATH
#define INFO_PATH "/usr/share/finfo/global_info"
#endif

struct ipat {
	char *pat;              /* as written, one leading '/' dropped */
	char *full;             /* the file's path, '/', the pattern */
	const struct note *note;
};

struct ifile {
	struct ipat *pats;
	size_t npats, cappats;
	struct note **notes;
	size_t nnotes, capnotes;
};

/* p, an array of n items of size bytes, with room for one more (*cap doubling). */
static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 8;
	return kreallocarray(p, *cap, size);
}

/* tree's info stack holds a file only for a directory whose .info opened; a pop
 * removes the newest file left, whoever pushed it (gitignore.c keeps its stack so). */
static struct ifile **files;
static size_t nfiles, capfiles;
static struct tframes frames;
static struct ifile **retired;  /* popped while a tree in memory may point into them */
static size_t nretired, capretired;
static bool retain;

/* tree's way of reading a .info:
 * fgets() pieces of at most 4095 bytes, each handed to fn as a C string (a NUL byte
 * ends it). A line is never held whole: one of NULs costs nothing.
 * Returns -1 with errno set when the file could not be read to its end. */
static int
tree_pieces(FILE *fp, void (*fn)(void *arg, char *piece), void *arg)
{
	char piece[TREE_PIECE_MAX + 1];

	if (fp == NULL) {
		errno = EINVAL;
		return -1;
	}
	while (fgets(piece, sizeof(piece), fp) != NULL)
		fn(arg, piece);
	if (ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* Reading one file: the patterns waiting for their comment, and its lines so far. */
struct reader {
	struct ifile *f;
	const char *path;
	size_t first;           /* the waiting patterns are f->pats[first..] */
	struct note *cur;       /* their comment's lines so far */
	size_t capline;
};

static void
free_note(struct note *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		free(n->line[i]);
	free(n->line);
	free(n);
}

static void
end_group(struct reader *r)
{
	struct ifile *f = r->f;
	size_t i;

	f->notes = grow(f->notes, &f->capnotes, f->nnotes, sizeof(*f->notes));
	f->notes[f->nnotes++] = r->cur;
	for (i = r->first; i < f->npats; i++)
		f->pats[i].note = r->cur;
	r->first = f->npats;
	r->cur = NULL;
}

static void
info_piece(void *arg, char *s)
{
	struct reader *r = arg;
	struct ifile *f = r->f;
	struct ipat *p;
	size_t dl;

	if (s[0] == '#')
		return;
	tree_trim(s, true);
	if (s[0] == '\0')
		return;
	if (s[0] == '\t') {
		if (r->cur == NULL) {
			r->cur = kcalloc(1, sizeof(*r->cur));
			r->capline = 0;
		}
		r->cur->line = grow(r->cur->line, &r->capline, r->cur->n, sizeof(char *));
		r->cur->line[r->cur->n++] = kstrdup(s + 1);
		return;
	}
	if (r->cur != NULL) {
		if (r->first < f->npats) {
			end_group(r);
		} else {        /* lines before any pattern: dropped */
			free_note(r->cur);
			r->cur = NULL;
		}
	}
	if (s[0] == '/')
		s++;
	f->pats = grow(f->pats, &f->cappats, f->npats, sizeof(*f->pats));
	p = &f->pats[f->npats++];
	p->pat = kstrdup(s);
	dl = strlen(r->path);
	p->full = kmalloc(dl + strlen(s) + 2);
	memcpy(p->full, r->path, dl);
	p->full[dl] = '/';
	strcpy(p->full + dl + 1, s);
	p->note = NULL;
}

static void
free_file(struct ifile *f)
{
	size_t i;

	for (i = 0; i < f->npats; i++) {
		free(f->pats[i].pat);
		free(f->pats[i].full);
	}
	for (i = 0; i < f->nnotes; i++)
		free_note(f->notes[i]);
	free(f->pats);
	free(f->notes);
	free(f);
}

/* Read the file open as fd (-1: an empty one) for a directory whose path is path.
 * *rc is -1 after a message if it could not be read to its end. */
static struct ifile *
read_file(int fd, const char *path, const char *shown, int *rc)
{
	struct reader r;
	FILE *fp;

	memset(&r, 0, sizeof(r));
	r.f = kcalloc(1, sizeof(*r.f));
	r.path = path;
	*rc = 0;
	if (fd < 0)
		return r.f;
	if ((fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		kwarn("%s", shown);
		*rc = -1;
		return r.f;
	}
	if (tree_pieces(fp, info_piece, &r) != 0) {
		kwarn("%s", shown);
		*rc = -1;
	}
	fclose(fp);
	if (r.cur == NULL && r.first < r.f->npats)
		r.cur = kcalloc(1, sizeof(*r.cur));     /* tree: an empty comment */
	if (r.cur != NULL) {
		if (r.first < r.f->npats) {
			end_group(&r);
		} else {
			free_note(r.cur);
		}
	}
	return r.f;
}

/* Open name in dirfd (AT_FDCWD for a path) as a .info: the descriptor, -2 for what
 * tree's fopen opens but cannot read (a directory, a FIFO, here a symlink too), or
 * -1 for what it cannot open. */
static int
open_info(int dirfd, const char *name, int oflags)
{
	struct stat st;
	int fd = kopen_regular(dirfd, name, oflags, &st);

	if (fd == KOPEN_NOTREG || fd == KOPEN_SYMLINK)
		return -2;
	return fd;
}

static void
push_file(struct ifile *f)
{
	if (nfiles == capfiles) {
		capfiles = capfiles ? capfiles * 2 : 16;
		files = kreallocarray(files, capfiles, sizeof(*files));
	}
	files[nfiles++] = f;
}


/* A directory argument without a .info: tree looks in each parent up to /, by the
 * real path of dirpath/.. and so on; the patterns still go under dirpath. */
static int
open_in_parents(const char *dirpath, char **shown)
{
	char *up = concat(dirpath, "/.."), *real, *name;
	int fd = -1;

	while ((real = realpath(up, NULL)) != NULL) {
		free(up);
		name = concat(real, "/.info");
		fd = open_info(AT_FDCWD, name, O_NOFOLLOW);
		if (fd != -1 || strcmp(real, "/") == 0) {
			free(real);
			if (fd != -1) {
				*shown = name;
				return fd;
			}
			free(name);
			return -1;
		}
		free(name);
		up = concat(real, "/..");
		free(real);
	}
	free(up);
	return -1;
}

/* The path is made only where it is needed (a message, a parent's file, a path
 * that names the directory): a walk down a chain of 100,000 directories builds none. */
int
info_push_dir(int dirfd, const char *dirpath, bool top)
{
	char *shown = NULL;
	int fd, rc = 0;

	if (dirfd >= 0) {
		fd = open_info(dirfd, ".info", O_NOFOLLOW);
	} else if (strlen(dirpath) + sizeof("/.info") > PATH_MAX) {
		fd = -1;        /* no such path can be opened */
	} else {
		shown = concat(dirpath, "/.info");
		fd = open_info(AT_FDCWD, shown, O_NOFOLLOW);
	}
	if (fd == -1 && top) {
		free(shown);
		shown = NULL;
		fd = open_in_parents(dirpath, &shown);
	}
	if (fd != -1 && shown == NULL)
		shown = concat(dirpath, "/.info");
	tframes_push(&frames, fd != -1);
	if (fd != -1)
		push_file(read_file(fd, dirpath, shown, &rc));
	free(shown);
	return rc < 0 ? -1 : fd != -1;
}

static void
pop_file(void)
{
	struct ifile *f;

	if (nfiles == 0)
		return;
	f = files[--nfiles];
	if (!retain) {
		free_file(f);
		return;
	}
	if (nretired == capretired) {
		capretired = capretired ? capretired * 2 : 16;
		retired = kreallocarray(retired, capretired, sizeof(*retired));
	}
	retired[nretired++] = f;
}

void
info_pop_dir(void)
{
	if (tframes_pop(&frames))
		pop_file();
}

void
info_keep_dir(void)
{
	tframes_keep(&frames);
}

void
info_retain(void)
{
	retain = true;
}

const struct note *
info_check(const char *path, const char *name, bool top, bool isdir)
{
	size_t k, i;

	for (k = nfiles; k-- > 0; top = false) {
		const struct ifile *f = files[k];

		for (i = 0; i < f->npats; i++) {
			const struct ipat *p = &f->pats[i];

			if (pat_match(path, p->pat, isdir, opt.ignorecase) == 1 ||
			    (top && pat_match(name, p->pat, isdir, opt.ignorecase) == 1) ||
			    pat_match(path, p->full, isdir, opt.ignorecase) == 1)
				return p->note;
		}
	}
	return NULL;
}

/* For tests/fuzz/ctree-info.c: pattern k of the newest file and its comment, NULL
 * past the last. */
const char *
info_pattern(size_t k, const struct note **note)
{
	if (nfiles == 0 || k >= files[nfiles - 1]->npats)
		return NULL;
	*note = files[nfiles - 1]->pats[k].note;
	return files[nfiles - 1]->pats[k].pat;
}

/* --infofile, and tree's global file: a regular file is read, anything else is
 * taken for a directory whose .info is read; its path goes before the patterns. */
static bool
add_file(const char *path)
{
	char *alt = NULL;
	const char *shown = path;
	int fd, err, rc;

	fd = open_info(AT_FDCWD, path, 0);
	if (fd < 0) {
		err = fd == -1 ? errno : 0;
		alt = concat(path, "/.info");
		fd = open_info(AT_FDCWD, alt, 0);
		if (fd == -1 && err == 0)
			shown = alt;
		else if (fd == -1)
			errno = err;
	}
	if (fd == -1) {
		err = errno;
		free(alt);
		errno = err;
		return false;
	}
	push_file(read_file(fd, path, shown, &rc));
	free(alt);
	if (rc != 0)
		kexit(2);
	return true;
}

void
info_add_file(const char *path)
{
	if (!add_file(path)) {
		int err = errno;
		struct stat st;

		/* name what was missing: the file, or the directory's .info */
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			kerrx(2, "--infofile: %s/.info: %s", path, strerror(err));
		kerrx(2, "--infofile: %s: %s", path, strerror(err));
	}
}

void
info_add_global(void)
{
	(void)add_file(INFO_PATH);
}

/*
 * --fromfile and --fromtabfile: tree 2.3.1 reads the .info of "" (that is /.info) for
 * the top level and of "/" followed by each listed directory's path for the rest: the
 * root of the file system, not the working directory. An entry's path there is its
 * directory's (tree passes that in place of the entry's own).
 */
struct pframe {
	struct entry *e;
	size_t n, i;
	size_t pathlen;
	bool pushed;
};

void
info_pathtree(struct pathtree *t)
{
	struct pframe *st = NULL;
	size_t depth = 0, cap = 0, len = 0, pcap = 64;
	char *path = kmalloc(pcap);

	path[0] = '\0';
	st = kreallocarray(NULL, cap = 16, sizeof(*st));
	st[0] = (struct pframe){ t->top, t->ntop, 0, 0, info_push_dir(-1, "", true) == 1 };
	for (;;) {
		struct pframe *f = &st[depth];
		struct entry *e;
		const struct note *note;
		size_t nl;

		if (f->i == f->n) {
			info_pop_dir();
			if (depth == 0)
				break;
			len = f->pathlen;
			path[len] = '\0';
			depth--;
			continue;
		}
		e = &f->e[f->i++];
		note = info_check(path, e->name, f->pushed, e->isdir);
		if (note != NULL && e->x == NULL) {
			e->x = arena_alloc(&t->store, sizeof(*e->x), alignof(struct einfo));
			memset(e->x, 0, sizeof(*e->x));
		}
		if (note != NULL)
			e->x->note = note;
		if (e_child(e) == NULL)
			continue;
		nl = strlen(e->name);
		if (len + nl + 2 > pcap) {
			while (len + nl + 2 > pcap)
				pcap *= 2;
			path = kreallocarray(path, pcap, 1);
		}
		if (depth + 1 == cap)
			st = kreallocarray(st, cap *= 2, sizeof(*st));
		st[depth + 1] = (struct pframe){ e->x->child, e->x->nchild, 0, len, false };
		path[len++] = '/';
		memcpy(path + len, e->name, nl + 1);
		len += nl;
		depth++;
		st[depth].pushed = info_push_dir(-1, path, false) == 1;
	}
	free(st);
	free(path);
}

void
info_clear(void)
{
	size_t i;

	while (nfiles > 0)
		free_file(files[--nfiles]);
	for (i = 0; i < nretired; i++)
		free_file(retired[i]);
	free(files);
	tframes_free(&frames);
	free(retired);
	files = retired = NULL;
	nretired = capfiles = capretired = 0;
}
