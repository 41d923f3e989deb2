/* ctree-pattern.c: fuzz the -P/-I/--gitignore wildcard matcher against tree 2.1.0's own. */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * tree 2.1.0's patmatch() (tree.c), transcribed: exponential in the number of '*', so
 * only for short inputs. Chars are signed, as on amd64 where Debian's tree runs. Where
 * tree reads past the end of the name (a bracket or a trailing '\' there) it is
 * undefined; this copy says no match, as pattern.c does.
 */
static bool ref_icase;

static char
cond_lower(char c)
{
	return ref_icase ? (char)tolower((unsigned char)c) : c;
}

static int
sc(char c)
{
	return (signed char)c;
}

static int
ref_patmatch(char *buf, char *pat, int isdir)
{
	int match = 1, n;
	char m;
	char *bar = strchr(pat, '|');
	char pprev = 0;

	if (bar) {
		if (bar == pat || !bar[1])
			return -1;
		*bar = '\0';
		match = ref_patmatch(buf, pat, isdir);
		if (!match)
			match = ref_patmatch(buf, bar + 1, isdir);
		*bar = '|';
		return match;
	}
	while (*pat && match) {
		switch (*pat) {
		case '[':
			pat++;
			if (*pat != '^') {
				n = 1;
				match = 0;
			} else {
				pat++;
				n = 0;
			}
			while (*pat != ']') {
				if (*pat == '\\')
					pat++;
				if (!*pat)
					return -1;
				if (pat[1] == '-') {
					m = *pat;
					pat += 2;
					if (*pat == '\\' && *pat)
						pat++;
					if (sc(cond_lower(*buf)) >= sc(cond_lower(m)) &&
					    sc(cond_lower(*buf)) <= sc(cond_lower(*pat)))
						match = n;
					if (!*pat)
						pat--;
				} else if (cond_lower(*buf) == cond_lower(*pat)) {
					match = n;
				}
				pat++;
			}
			if (!*buf)      /* tree reads past the name */
				return 0;
			buf++;
			break;
		case '*':
			pat++;
			if (!*pat)
				return strchr(buf, '/') == NULL;
			match = 0;
			if (*pat == '*') {
				pat++;
				if (!*pat)
					return 1;
				while (*buf && !(match = ref_patmatch(buf, pat, isdir))) {
					if (pprev == '/' && *pat == '/' && *(pat + 1) &&
					    (match = ref_patmatch(buf, pat + 1, isdir)))
						return match;
					buf++;
					while (*buf && *buf != '/')
						buf++;
				}
			} else {
				while (*buf && !(match = ref_patmatch(buf++, pat, isdir)))
					if (*buf == '/')
						break;
			}
			if (!match && (!*buf || *buf == '/'))
				match = ref_patmatch(buf, pat, isdir);
			return match;
		case '?':
			if (!*buf)
				return 0;
			buf++;
			break;
		case '/':
			if (!*(pat + 1) && !*buf)
				return isdir;
			match = (*buf == *pat);
			if (*buf)
				buf++;
			break;
		case '\\':
			if (*pat)
				pat++;
			if (!*pat)      /* tree reads past the pattern */
				return 0;
			/* FALLTHROUGH */
		default:
			if (!*buf)
				return 0;
			match = (cond_lower(*buf++) == cond_lower(*pat));
			break;
		}
		pprev = *pat++;
		if (match < 1)
			return match;
	}
	if (!*buf)
		return match;
	return 0;
}

/* The reference tries O(name^stars) ways: keep each input well under a second. */
#define REF_MAX_STARS 6
#define REF_MAX_NAME 40

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul;
	char *pat, *name, *refpat;
	size_t plen, stars = 0, i;
	bool isdir, icase;
	int r, want;

	if (size < 2)
		return 0;
	isdir = data[0] & 1;
	icase = data[0] & 2;
	nul = memchr(data + 1, '\0', size - 1);
	if (nul == NULL)
		return 0;
	plen = (size_t)(nul - (data + 1));
	for (i = 0; i < plen; i++)
		stars += data[1 + i] == '*';
	pat = malloc(plen + 1);
	refpat = malloc(plen + 1);
	name = malloc(size - plen);
	if (pat == NULL || name == NULL || refpat == NULL)
		abort();
	memcpy(pat, data + 1, plen);
	pat[plen] = '\0';
	memcpy(refpat, pat, plen + 1);
	/* a name holds no NUL: the rest up to the next one */
	memcpy(name, nul + 1, size - plen - 2);
	name[size - plen - 2] = '\0';
	r = pat_match(name, pat, isdir, icase);
	if (r < -1 || r > 1)
		abort();
	if (strcmp(pat, refpat) != 0)
		abort();
	if (stars <= REF_MAX_STARS && strlen(name) <= REF_MAX_NAME) {
		ref_icase = icase;
		want = ref_patmatch(name, refpat, isdir);
		if (r != want) {
			fprintf(stderr, "pattern \"%s\" name \"%s\" isdir %d icase %d: %d, tree %d\n",
			    pat, name, isdir, icase, r, want);
			abort();
		}
	}
	free(pat);
	free(refpat);
	free(name);
	return 0;
}
