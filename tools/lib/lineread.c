/* lineread.c: read one record, telling the end of the input from a failed read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "kanri.h"

/* glibc's getdelim returns -1 on ENOMEM without setting the stream's error flag, so
 * -1 is the end of the input only when the end-of-file flag says so. */
static ssize_t
unbounded(char **buf, size_t *cap, int delim, FILE *fp)
{
	ssize_t n;

	errno = 0;
	if ((n = getdelim(buf, cap, delim, fp)) >= 0)
		return n;
	if (feof(fp) && !ferror(fp))
		return KLINE_EOF;
	if (errno == 0)
		errno = EIO;
	return KLINE_ERROR;
}

/* A record of more than max bytes (its delimiter not counted) is refused as soon as
 * its max+1st byte is read, so memory stays within max whatever the input. */
static ssize_t
bounded(char **buf, size_t *cap, int delim, FILE *fp, size_t max)
{
	size_t len = 0;
	int c, toolong = 0;

	errno = 0;
	flockfile(fp);
	while ((c = getc_unlocked(fp)) != EOF) {
		if (c != delim && len == max) {
			toolong = 1;
			break;
		}
		if (*buf == NULL || len + 2 > *cap) {
			size_t want = *buf != NULL && *cap >= 64 ? *cap * 2 : 128;

			char *grown;

			want = want < len + 2 ? len + 2 : want > max + 2 ? max + 2 : want;
			if ((grown = realloc(*buf, want)) == NULL) {
				funlockfile(fp);
				errno = ENOMEM;
				return KLINE_ERROR;
			}
			*buf = grown;
			*cap = want;
		}
		(*buf)[len++] = (char)c;
		if (c == delim)
			break;
	}
	funlockfile(fp);
	if (toolong)
		return KLINE_TOOLONG;
	if (c == EOF && ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		return KLINE_ERROR;
	}
	if (len == 0)
		return KLINE_EOF;
	(*buf)[len] = '\0';
	return (ssize_t)len;
}

ssize_t
kgetdelim(char **buf, size_t *cap, int delim, FILE *fp, size_t max)
{
	return max == 0 ? unbounded(buf, cap, delim, fp) : bounded(buf, cap, delim, fp, max);
}
