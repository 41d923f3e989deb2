/* write.c: snimap's block of a configuration file or map, replaced atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kanri.h"
#include "write.h"

#define MARK_BEGIN "# BEGIN snimap"
#define MARK_END "# END snimap"

/* Find the marker lines; returns 0 with their offsets (begin == SIZE_MAX: none),
 * -1 when they are unmatched. */
static int
find_markers(const char *buf, size_t len, size_t *begin, size_t *end)
{
	size_t pos = 0, next;
	int nb = 0, ne = 0;

	*begin = *end = SIZE_MAX;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen = nl != NULL ? (size_t)(nl - (buf + pos)) : len - pos;

		next = nl != NULL ? pos + llen + 1 : len;
		if (llen == strlen(MARK_BEGIN) && memcmp(buf + pos, MARK_BEGIN, llen) == 0) {
			nb++;
			*begin = next;
		} else if (llen == strlen(MARK_END) && memcmp(buf + pos, MARK_END, llen) == 0) {
			ne++;
			if (*end == SIZE_MAX)
				*end = pos;
		}
		pos = next;
	}
	if (nb == 0 && ne == 0)
		return 0;
	if (nb != 1 || ne != 1 || *end < *begin)
		return -1;
	return 0;
}

static FILE *
memstream(char **buf, size_t *len)
{
	FILE *fp = open_memstream(buf, len);

	if (fp == NULL)
		kerr(2, "open_memstream");
	return fp;
}

/* The file's new contents: the block between the markers replaced, or appended. */
static int
build_contents(const char *path, const char *old, size_t olen, const char *block,
    size_t blen, char **out, size_t *outlen)
{
	size_t begin, end, cap;
	FILE *fp;

	if (find_markers(old, olen, &begin, &end) != 0) {
		kwarnx("%s: unmatched \"%s\" and \"%s\" lines", path, MARK_BEGIN, MARK_END);
		return -1;
	}
	fp = memstream(out, &cap);
	if (begin == SIZE_MAX) {
		fwrite(old, 1, olen, fp);
		if (olen > 0 && old[olen - 1] != '\n')
			fputc('\n', fp);
		fprintf(fp, "%s\n", MARK_BEGIN);
		fwrite(block, 1, blen, fp);
		fprintf(fp, "%s\n", MARK_END);
	} else {
		fwrite(old, 1, begin, fp);
		fwrite(block, 1, blen, fp);
		fwrite(old + end, 1, olen - end, fp);
	}
	if (fclose(fp) != 0)
		kerr(2, "open_memstream");
	*outlen = cap;
	return 0;
}

/* Replace path's marked block (or all of a map) through katomic, which reads and
 * replaces the very same file; force_mode: a map's mode is set even when it exists. */
int
write_block(const char *path, const char *block, size_t blen, mode_t mode, int force_mode)
{
	char *old = NULL, *data;
	size_t olen = 0, dlen;
	struct katomic a;
	int err;

	if (katomic_open(&a, AT_FDCWD, path, KATOMIC_FOLLOW | KATOMIC_CREATE, mode) != 0)
		return -1;
	if (a.fd >= 0 && (err = kslurp(a.fd, 0, &old, &olen)) != 0) {
		errno = err;
		kwarn("%s", path);
		katomic_abort(&a);
		return -1;
	}
	if (force_mode)
		a.mode = mode;
	if (build_contents(path, a.fd >= 0 ? old : "", olen, block, blen, &data, &dlen) != 0) {
		free(old);
		katomic_abort(&a);
		return -1;
	}
	if (a.fd >= 0 && dlen == olen && memcmp(data, old, olen) == 0) {
		/* nothing to change, but a map's mode is still tightened */
		err = 0;
		if ((a.st.st_mode & 07777) != a.mode && fchmod(a.fd, a.mode) != 0) {
			kwarn("%s", path);
			err = -1;
		}
		free(old);
		free(data);
		katomic_abort(&a);
		return err;
	}
	free(old);
	if (katomic_begin(&a) != 0) {
		free(data);
		katomic_abort(&a);
		return -1;
	}
	if (fwrite(data, 1, dlen, a.fp) != dlen) {
		kwarn("%s", path);
		katomic_abort(&a);
		free(data);
		return -1;
	}
	free(data);
	return katomic_commit(&a, NULL);
}

