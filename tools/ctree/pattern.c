/* pattern.c: the wildcard matcher of tree's -P, -I and --gitignore, without its overruns. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "ctree.h"

struct pm {
	const char *end;        /* end of the pattern piece being matched */
	bool isdir, icase;
};

static int
low(const struct pm *m, int c)
{
	c = (unsigned char)c;
	return m->icase ? tolower(c) : c;
}

/* The byte at p, or NUL past the end of the piece. */
static char
at(const struct pm *m, const char *p)
{
	return p < m->end ? *p : '\0';
}

static int match_piece(const struct pm *m, const char *buf, const char *pat);

/* A bracket expression at pat (just past '['): sets *matched, returns the pattern
 * position past ']' or NULL when the expression never closes. */
static const char *
match_class(const struct pm *m, char c, const char *pat, int *matched)
{
	int want = 1;

	*matched = 0;
	if (at(m, pat) == '^') {
		pat++;
		want = 0;
		*matched = 1;
	}
	while (at(m, pat) != ']') {
		if (at(m, pat) == '\\')
			pat++;
		if (at(m, pat) == '\0')
			return NULL;
		if (at(m, pat + 1) == '-') {
			char lo = *pat;

			pat += 2;
			if (at(m, pat) == '\\')
				pat++;
			if (low(m, c) >= low(m, lo) && low(m, c) <= low(m, at(m, pat)))
				*matched = want;
			if (at(m, pat) == '\0')
				pat--;
		} else if (low(m, c) == low(m, *pat)) {
			*matched = want;
		}
		pat++;
	}
	return pat + 1;
}

static int
match_star(const struct pm *m, const char *buf, const char *pat, char pprev)
{
	int r = 0;

	pat++;
	if (pat == m->end)
		return strchr(buf, '/') == NULL;
	if (*pat == '*') {
		pat++;
		if (pat == m->end)
			return 1;
		while (*buf && !(r = match_piece(m, buf, pat))) {
			/* "**" between two slashes also matches no directory at all */
			if (pprev == '/' && *pat == '/' && pat + 1 < m->end &&
			    (r = match_piece(m, buf, pat + 1)))
				return r;
			buf++;
			while (*buf && *buf != '/')
				buf++;
		}
	} else {
		while (*buf && !(r = match_piece(m, buf++, pat)))
			if (*buf == '/')
				break;
	}
	if (!r && (!*buf || *buf == '/'))
		r = match_piece(m, buf, pat);
	return r;
}

static int
match_piece(const struct pm *m, const char *buf, const char *pat)
{
	int r = 1;
	char pprev = 0;

	while (pat < m->end && r) {
		switch (*pat) {
		case '[':
			if (!*buf)
				return 0;
			pat = match_class(m, *buf, pat + 1, &r);
			if (pat == NULL)
				return -1;
			buf++;
			pprev = pat[-1];
			if (r < 1)
				return r;
			continue;
		case '*':
			return match_star(m, buf, pat, pprev);
		case '?':
			if (!*buf)
				return 0;
			buf++;
			break;
		case '/':
			if (pat + 1 == m->end && !*buf)
				return m->isdir;
			r = *buf == '/';
			if (*buf)
				buf++;
			break;
		case '\\':
			pat++;
			/* FALLTHROUGH */
		default:
			if (!*buf)
				return 0;
			r = low(m, *buf++) == low(m, at(m, pat));
			break;
		}
		pprev = at(m, pat);
		if (pat < m->end)
			pat++;
		if (r < 1)
			return r;
	}
	return *buf ? 0 : r;
}

static int
match_alts(const char *buf, const char *pat, const char *end, bool isdir, bool icase)
{
	const char *bar = memchr(pat, '|', (size_t)(end - pat));
	struct pm m;
	int r;

	if (bar != NULL) {
		if (bar == pat || bar + 1 == end)
			return -1;
		r = match_alts(buf, pat, bar, isdir, icase);
		if (!r)
			r = match_alts(buf, bar + 1, end, isdir, icase);
		return r;
	}
	m.end = end;
	m.isdir = isdir;
	m.icase = icase;
	return match_piece(&m, buf, pat);
}

int
pat_match(const char *name, const char *pat, bool isdir, bool icase)
{
	return match_alts(name, pat, pat + strlen(pat), isdir, icase);
}

bool
pat_any(char **pats, size_t n, const char *name, bool isdir)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pat_match(name, pats[i], isdir, opt.ignorecase))
			return true;
	return false;
}
