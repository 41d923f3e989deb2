/* ctree-info.c: fuzz the .info reader of --info against a second reading of the same bytes. */
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * What tree 2.3.1 makes of a .info, read here another way: the bytes cut where fgets()
 * into 4096 bytes cuts them (after a '\n', or after 4095 bytes), each piece a C string
 * (up to a NUL); a piece starting with '#' skipped; then trimmed (trailing CR and LF
 * but the first byte, trailing spaces that no backslash escapes but the first byte,
 * then each backslash dropped for what follows it, a last one ending the text). A piece
 * starting with a tab adds a line to the comment being gathered; any other is a
 * pattern (one leading '/' dropped) joining the patterns waiting for a comment, unless
 * a comment was gathered since the last pattern: then that comment goes to the
 * patterns waiting (or nowhere if none) and this pattern starts a new group. At the end,
 * what waits gets the comment gathered (maybe none at all: an empty one).
 */
#define NMAX 4096

struct ref {
	char *pat[NMAX];
	int group[NMAX];
	size_t npat;
	char *line[NMAX];
	int lgroup[NMAX];
	size_t nline;
};

static size_t
trimmed(const char *in, size_t n, char *out)
{
	size_t end = n, k, o = 0;

	while (end > 1 && (in[end - 1] == '\n' || in[end - 1] == '\r'))
		end--;
	while (end > 1 && in[end - 1] == ' ' && in[end - 2] != '\\')
		end--;
	for (k = 0; k < end; k++) {
		if (in[k] == '\\') {
			if (++k == end)
				break;
		}
		out[o++] = in[k];
	}
	out[o] = '\0';
	return o;
}

static void
ref_read(struct ref *r, const char *buf, size_t size)
{
	size_t at = 0;
	int group = 0;
	bool gathered = false, waiting = false;

	while (at < size && r->npat < NMAX && r->nline < NMAX) {
		size_t len = 0, slen;
		char piece[NMAX + 1], t[NMAX + 1];

		while (at + len < size && len < NMAX - 1) {
			if (buf[at + len++] == '\n')
				break;
		}
		memcpy(piece, buf + at, len);
		piece[len] = '\0';
		at += len;
		slen = strlen(piece);
		if (slen == 0 || piece[0] == '#')
			continue;
		if (trimmed(piece, slen, t) == 0)
			continue;
		if (t[0] == '\t') {
			r->line[r->nline] = strdup(t + 1);
			r->lgroup[r->nline++] = waiting ? group : -1;
			gathered = true;
			continue;
		}
		if (gathered) {
			if (waiting)
				group++;
			waiting = gathered = false;
		}
		r->pat[r->npat] = strdup(t + (t[0] == '/'));
		r->group[r->npat++] = group;
		waiting = true;
	}
}

static char dir[] = "/tmp/ctree-info-fuzz-XXXXXX";
static int dfd = -1;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ref r;
	const struct note *note, *first = NULL;
	const char *pat;
	size_t k, i, j;
	int fd;

	if (size > 64 * 1024)
		return 0;
	if (dfd < 0) {
		if (mkdtemp(dir) == NULL || (dfd = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
			abort();
	}
	fd = openat(dfd, ".info", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	memset(&r, 0, sizeof(r));
	ref_read(&r, (const char *)data, size);
	if (r.npat == NMAX || r.nline == NMAX)
		goto out;
	if (info_push_dir(dfd, "d", false) != 1)
		abort();
	/* the same patterns in order; patterns share a comment exactly when their group is
	 * the same; each comment's lines are its group's lines */
	for (k = 0; (pat = info_pattern(k, &note)) != NULL; k++) {
		if (k >= r.npat || strcmp(pat, r.pat[k]) != 0 || note == NULL)
			abort();
		if (k > 0 && (r.group[k] == r.group[k - 1]) != (note == first))
			abort();
		first = note;
		for (i = 0, j = 0; i < r.nline; i++) {
			if (r.lgroup[i] != r.group[k])
				continue;
			if (j >= note->n || strcmp(note->line[j], r.line[i]) != 0)
				abort();
			j++;
		}
		if (j != note->n)
			abort();
	}
	if (k != r.npat)
		abort();
	/* the matcher on the file's patterns: no crash, no hang */
	(void)info_check("d/x", size > 0 ? "x" : "", true, size & 1);
	info_pop_dir();
out:
	for (i = 0; i < r.npat; i++)
		free(r.pat[i]);
	for (i = 0; i < r.nline; i++)
		free(r.line[i]);
	return 0;
}
