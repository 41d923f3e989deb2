/* arena.c: memory in blocks that never move, given back from the top (ctree.h says how). */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctree.h"
#include "kanri.h"

struct block {
	struct block *prev;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

static struct block *
block_new(struct arena *a, size_t n)
{
	struct block *b = a->spare;

	if (b != NULL && b->cap >= n) {
		a->spare = NULL;
	} else {
		size_t cap = a->next_cap ? a->next_cap : 1024;

		if (cap < 256 * 1024)
			a->next_cap = cap * 2;
		if (cap < n)
			cap = n;
		if (cap > SIZE_MAX - sizeof(*b))
			kerrx(2, "out of memory");
		b = kmalloc(sizeof(*b) + cap);
		b->cap = cap;
	}
	b->used = 0;
	b->prev = a->top;
	a->top = b;
	return b;
}

void *
arena_alloc(struct arena *a, size_t n, size_t align)
{
	struct block *b = a->top;
	size_t at = b != NULL ? (b->used + align - 1) & ~(align - 1) : 0;

	if (b == NULL || at > b->cap || b->cap - at < n) {
		b = block_new(a, n);
		at = 0;
	}
	b->used = at + n;
	return b->data + at;
}

char *
arena_strdup(struct arena *a, const char *s, size_t n)
{
	char *r = arena_alloc(a, n + 1, 1);

	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

struct amark
arena_mark(const struct arena *a)
{
	struct amark m = { a->top, a->top != NULL ? a->top->used : 0 };

	return m;
}

void
arena_release(struct arena *a, struct amark m)
{
	while (a->top != m.top) {
		struct block *b = a->top;

		a->top = b->prev;
		if (a->spare == NULL || a->spare->cap < b->cap) {
			free(a->spare);
			a->spare = b;
		} else {
			free(b);
		}
	}
	if (a->top != NULL)
		a->top->used = m.used;
}

void
arena_free(struct arena *a)
{
	struct amark none = { NULL, 0 };

	arena_release(a, none);
	free(a->spare);
	a->spare = NULL;
}
