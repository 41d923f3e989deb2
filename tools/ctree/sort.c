/* sort.c: the orders of tree: name (strcoll), version, size, mtime, ctime, dirs/files first. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ctree.h"

static int
name_cmp(const char *a, const char *b)
{
	return opt.coll_bytes ? strcmp(a, b) : strcoll(a, b);
}

/* The classic strverscmp state machine (glibc's order), for libcs that lack it:
 * states are normal, integral, fractional (leading zeros), zeros. */
enum { S_N = 0, S_I = 3, S_F = 6, S_Z = 9 };
enum { CMP = 2, LEN = 3 };

static int
char_class(unsigned char c)
{
	return (c == '0') + (isdigit(c) != 0);
}

int
version_cmp(const char *a, const char *b)
{
	static const unsigned char next_state[] = {
		S_N, S_I, S_Z,  S_N, S_I, S_I,  S_N, S_F, S_F,  S_N, S_F, S_Z
	};
	static const signed char result[] = {
		CMP, CMP, CMP, CMP, LEN, CMP, CMP, CMP, CMP,
		CMP, -1, -1, +1, LEN, LEN, +1, LEN, LEN,
		CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP, CMP,
		CMP, +1, +1, -1, CMP, CMP, -1, CMP, CMP
	};
	const unsigned char *p1 = (const unsigned char *)a, *p2 = (const unsigned char *)b;
	unsigned char c1, c2;
	int state, diff;

	if (p1 == p2)
		return 0;
	c1 = *p1++;
	c2 = *p2++;
	state = S_N + char_class(c1);
	while ((diff = c1 - c2) == 0) {
		if (c1 == '\0')
			return 0;
		state = next_state[state];
		c1 = *p1++;
		c2 = *p2++;
		state += char_class(c1);
	}
	state = result[state * 3 + char_class(c2)];
	switch (state) {
	case CMP:
		return diff;
	case LEN:
		while (isdigit(*p1++))
			if (!isdigit(*p2++))
				return 1;
		return isdigit(*p2) ? -1 : diff;
	default:
		return state;
	}
}

static int
base_cmp(const struct entry *a, const struct entry *b)
{
	int v = 0;

	switch (opt.sort) {
	case SORT_NAME:
		v = name_cmp(a->name, b->name);
		break;
	case SORT_VERSION:
		v = version_cmp(a->name, b->name);
		break;
	case SORT_SIZE:
		v = e_size(a) == e_size(b) ? 0 : e_size(a) < e_size(b) ? 1 : -1;
		if (v == 0)
			v = name_cmp(a->name, b->name);
		break;
	case SORT_MTIME:
	case SORT_CTIME: {
		time_t ta = opt.sort == SORT_MTIME ? e_mtime(a) : e_ctime(a);
		time_t tb = opt.sort == SORT_MTIME ? e_mtime(b) : e_ctime(b);

		v = ta == tb ? name_cmp(a->name, b->name) : ta < tb ? -1 : 1;
		break;
	}
	case SORT_NONE:
		break;
	}
	return opt.reverse ? -v : v;
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;

	if (opt.top != TOP_NONE && a->isdir != b->isdir) {
		if (opt.top == TOP_DIRS)
			return a->isdir ? -1 : 1;
		return a->isdir ? 1 : -1;
	}
	return base_cmp(a, b);
}

void
sort_entries(struct entry *e, size_t n)
{
	if (opt.sort == SORT_NONE || n < 2)
		return;
	qsort(e, n, sizeof(*e), entry_cmp);
}
