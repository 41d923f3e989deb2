/* alloc.c: allocation that ends the tool with a clear message instead of returning NULL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"

static void *
check(void *p)
{
	if (p == NULL)
		kerrx(2, "out of memory");
	return p;
}

void *
kmalloc(size_t n)
{
	return check(malloc(n ? n : 1));
}

void *
kcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1));
}

void *
kreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		kerrx(2, "out of memory");
	n *= size;
	return check(realloc(p, n != 0 ? n : 1));
}

char *
kstrdup(const char *s)
{
	return check(strdup(s));
}

char *
kstrndup(const char *s, size_t n)
{
	return check(strndup(s, n));
}
