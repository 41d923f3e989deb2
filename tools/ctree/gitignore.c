/* gitignore.c: --gitignore: the .gitignore files of the directories on the current path. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctree.h"
#include "kanri.h"

struct gipat {
	char *pat;
	bool negate, dironly, anchored;
};

struct gilevel {
	struct gipat *pats;
	size_t npats;
	size_t dirlen;          /* length of the directory's path: patterns with '/' are relative to it */
};

static struct gilevel *levels;
static size_t nlevels, caplevels;

static void
add_pattern(struct gilevel *lv, char *line)
{
	struct gipat p;
	size_t n;

	memset(&p, 0, sizeof(p));
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\r' || ((line[n - 1] == ' ' || line[n - 1] == '\t') &&
	    !(n > 1 && line[n - 2] == '\\'))))
		line[--n] = '\0';
	if (n == 0 || line[0] == '#')
		return;
	if (line[0] == '!') {
		p.negate = true;
		line++;
		n--;
	} else if (line[0] == '\\' && (line[1] == '#' || line[1] == '!')) {
		line++;
		n--;
	}
	if (n > 0 && line[n - 1] == '/') {
		p.dironly = true;
		line[--n] = '\0';
	}
	if (n == 0)
		return;
	if (strchr(line, '/') != NULL) {
		p.anchored = true;
		while (*line == '/')
			line++;
	}
	p.pat = kstrdup(line);
	lv->pats = kreallocarray(lv->pats, lv->npats + 1, sizeof(*lv->pats));
	lv->pats[lv->npats++] = p;
}

void
gi_push_dir(int dirfd, const char *dirpath)
{
	struct gilevel *lv;
	int fd;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;

	if (nlevels == caplevels) {
		caplevels = caplevels ? caplevels * 2 : 16;
		levels = kreallocarray(levels, caplevels, sizeof(*levels));
	}
	lv = &levels[nlevels++];
	memset(lv, 0, sizeof(*lv));
	lv->dirlen = dirpath ? strlen(dirpath) : 0;
	fd = openat(dirfd, ".gitignore", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if ((fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return;
	}
	while (getline(&line, &cap, fp) > 0) {
		size_t n = strlen(line);

		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		add_pattern(lv, line);
	}
	free(line);
	fclose(fp);
}

void
gi_pop_dir(void)
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
gi_clear(void)
{
	while (nlevels > 0)
		gi_pop_dir();
	free(levels);
	levels = NULL;
	caplevels = 0;
}

/* path is the entry's path as listed (its directory argument first). */
bool
gi_ignored(const char *path, const char *name, bool isdir)
{
	size_t k, i, plen = strlen(path);

	if (strcmp(name, ".git") == 0)
		return true;
	for (k = nlevels; k-- > 0;) {
		struct gilevel *lv = &levels[k];

		for (i = lv->npats; i-- > 0;) {
			struct gipat *p = &lv->pats[i];
			const char *subject = name;

			if (p->dironly && !isdir)
				continue;
			if (p->anchored) {
				if (lv->dirlen >= plen)
					continue;
				subject = path + lv->dirlen;
				while (*subject == '/')
					subject++;
			}
			if (pat_match(subject, p->pat, isdir, false) == 1)
				return !p->negate;
		}
	}
	return false;
}
