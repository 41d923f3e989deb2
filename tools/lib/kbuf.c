/* kbuf.c: the out-of-line half of the growable buffer of kbuf.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kanri.h"
#include "kbuf.h"

void
kbuf_grow(struct kbuf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 64;

	if (n > SIZE_MAX - 1 - b->len)
		kerrx(2, "out of memory");
	while (cap - b->len <= n) {
		if (cap > SIZE_MAX / 2)
			kerrx(2, "out of memory");
		cap *= 2;
	}
	if (cap == b->cap)
		return;
	b->p = kreallocarray(b->p, cap, 1);
	b->cap = cap;
	b->p[b->len] = '\0';
}

void
kbuf_vprintf(struct kbuf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	if (n < 0)
		kerr(2, "vsnprintf");
	kbuf_reserve(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
kbuf_printf(struct kbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kbuf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
kbuf_detach(struct kbuf *b, size_t *len)
{
	char *p;

	kbuf_reserve(b, 0);
	p = b->p;
	if (len != NULL)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void
kbuf_free(struct kbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
