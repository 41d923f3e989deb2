/* buf.h: a growable byte buffer, the one scratch type the mailaddr modules share. */
#ifndef MAILADDR_BUF_H
#define MAILADDR_BUF_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"

struct buf {
	char *p;
	size_t len, cap;
};

/* Make room for n more bytes (and a NUL after them). */
static inline void
buf_need(struct buf *b, size_t n)
{
	size_t cap;

	if (b->cap - b->len > n)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap - b->len <= n) {
		if (cap > ((size_t)-1) / 2)
			kerrx(2, "out of memory");
		cap *= 2;
	}
	b->p = kreallocarray(b->p, cap, 1);
	b->cap = cap;
}

static inline void
buf_add(struct buf *b, const void *s, size_t n)
{
	buf_need(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void
buf_addc(struct buf *b, int c)
{
	buf_need(b, 1);
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
}

static inline void
buf_addstr(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Empty, but keep the memory; the contents stay a valid empty string. */
static inline void
buf_reset(struct buf *b)
{
	b->len = 0;
	buf_need(b, 0);
	b->p[0] = '\0';
}

static inline void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

#endif
