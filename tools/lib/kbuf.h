/* kbuf.h: the growable byte buffer every kanri tool shares (kbuf.c holds the slow paths). */
#ifndef KBUF_H
#define KBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* Bytes p[0..len) followed by a NUL at p[len] once anything was added or reserved, so
 * that the contents are also a C string when they hold no NUL. Start from KBUF_INIT (or
 * zeroed memory). Running out of memory is not returned: like kmalloc, it prints
 * "tool: out of memory" and exits 2. The appends are inline: the test is one compare,
 * the growth out of line (kbuf_grow). */
struct kbuf {
	char *p;
	size_t len, cap;
};
#define KBUF_INIT { NULL, 0, 0 }

/* Make room for n more bytes and the NUL after them; p may move. */
void kbuf_grow(struct kbuf *b, size_t n);
/* printf into the buffer's end. */
void kbuf_printf(struct kbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kbuf_vprintf(struct kbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hand the contents over (NUL-terminated, *len set when len is not NULL) and leave b
 * empty as from KBUF_INIT; the caller frees them. Never NULL. */
char *kbuf_detach(struct kbuf *b, size_t *len);
/* Release the memory; b is then as from KBUF_INIT. */
void kbuf_free(struct kbuf *b);

/* Room for n more bytes and a NUL after them. */
static inline void
kbuf_reserve(struct kbuf *b, size_t n)
{
	if (b->cap - b->len <= n)
		kbuf_grow(b, n);
}

static inline void
kbuf_add(struct kbuf *b, const void *s, size_t n)
{
	kbuf_reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void
kbuf_addc(struct kbuf *b, int c)
{
	kbuf_reserve(b, 1);
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
}

static inline void
kbuf_addstr(struct kbuf *b, const char *s)
{
	kbuf_add(b, s, strlen(s));
}

/* Empty, keeping the memory; the contents are then the empty string. */
static inline void
kbuf_reset(struct kbuf *b)
{
	b->len = 0;
	kbuf_reserve(b, 0);
	b->p[0] = '\0';
}

/* Cut to the first n bytes (n <= len). */
static inline void
kbuf_truncate(struct kbuf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->p[n] = '\0';
	}
}

#endif
