/* pattern.c: the wildcard matcher of tree's -P, -I and --gitignore, in O(name x pattern) time. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ctree.h"
#include "kanri.h"

/*
 * tree 2.1.0's patmatch() tries every way a '*' can stretch, recursively, so a pattern
 * of k stars costs O(n^k) on a name of n bytes. This file gives its results from a
 * simulation of all those ways at once (a Thompson NFA): each byte of the name is read
 * once, against every token of the pattern. What tree's recursion means, token by token:
 *
 *   c \c ? [...]  one byte; a bracket compares chars as signed, as tree's does on amd64
 *   /             one '/'; as the last token, the end of the name of a directory too
 *   *             at the end: the rest of the name if it has no '/'; elsewhere any
 *                 bytes, of which only the first may be a '/'
 *   **            at the end: anything; elsewhere what reaches the next '/' or the end
 *                 of the name (or nothing); "/ ** /" also matches a single '/'
 *   [ unclosed    -1 (a syntax error) when matching gets that far, else 0
 *
 * tree reads past the end of the name for a bracket there and for a trailing '\':
 * those match nothing here. tests/fuzz/ctree-pattern.c checks this file against a
 * transcription of tree's code.
 */

enum tokkind { TK_LIT, TK_ANY, TK_CLASS, TK_SLASH, TK_STAR, TK_DSTAR, TK_BAD };

struct tok {
	enum tokkind kind;
	char c;                 /* TK_LIT: the byte ('\0' for a trailing '\') */
	bool slashy;            /* tree's "previous pattern char" is '/' after this token */
	const char *cls;        /* TK_CLASS: just past the '[' */
};

/* The pattern piece being matched, its tokens and the name. */
struct nfa {
	const char *end;        /* end of the piece (a '|' or the NUL) */
	struct tok *tok;
	size_t ntok;
	bool isdir, icase;
	const char *name;
	size_t len;
	size_t lastslash;       /* one past the name's last '/', 0 if none */
};

/* tree's cond_lower(): a char, signed as amd64's are. */
static int
low(bool icase, char c)
{
	unsigned char u = (unsigned char)c;

	return (signed char)(icase ? (unsigned char)tolower(u) : u);
}

/* The byte at p, or NUL past the end of the piece. */
static char
at(const char *end, const char *p)
{
	return p < end ? *p : '\0';
}

/*
 * tree's bracket loop, from cls (just past '['). With match NULL, only finds where the
 * expression ends: the position past ']', or NULL if it never closes. Otherwise sets
 * *match to whether c is in the set.
 */
static const char *
scan_class(const char *cls, const char *end, bool icase, char c, bool *match)
{
	const char *p = cls;
	bool want = true, m = false;

	if (at(end, p) == '^') {
		p++;
		want = false;
		m = true;
	}
	while (at(end, p) != ']') {
		if (at(end, p) == '\\')
			p++;
		if (at(end, p) == '\0')
			return NULL;
		if (at(end, p + 1) == '-') {
			char lo = *p;

			p += 2;
			if (at(end, p) == '\\')
				p++;
			if (match != NULL && low(icase, c) >= low(icase, lo) &&
			    low(icase, c) <= low(icase, at(end, p)))
				m = want;
			if (at(end, p) == '\0')
				p--;
		} else if (match != NULL && low(icase, c) == low(icase, *p)) {
			m = want;
		}
		p++;
	}
	if (match != NULL)
		*match = m;
	return p + 1;
}

/* Split the piece [pat, end) into tokens; an unclosed bracket ends the list as TK_BAD. */
static size_t
tokenize(const char *pat, const char *end, struct tok *tok)
{
	size_t n = 0;

	while (pat < end) {
		struct tok *t = &tok[n++];

		memset(t, 0, sizeof(*t));
		switch (*pat) {
		case '[':
			t->kind = TK_CLASS;
			t->cls = pat + 1;
			pat = scan_class(pat + 1, end, false, 0, NULL);
			if (pat == NULL) {
				t->kind = TK_BAD;
				return n;
			}
			continue;
		case '*':
			t->kind = TK_STAR;
			if (pat + 1 < end && pat[1] == '*') {
				t->kind = TK_DSTAR;
				pat++;
			}
			break;
		case '?':
			t->kind = TK_ANY;
			break;
		case '/':
			t->kind = TK_SLASH;
			t->slashy = true;
			break;
		case '\\':
			/* a trailing backslash matches nothing */
			t->kind = TK_LIT;
			if (++pat == end)
				return n;
			t->c = *pat;
			t->slashy = t->c == '/';
			break;
		default:
			t->kind = TK_LIT;
			t->c = *pat;
			break;
		}
		pat++;
	}
	return n;
}

/* The ways to go on past a '**' at token i once it reached a '/' or the end of the
 * name: with the next token, or (after a "/") past the next token's '/'. */
static void
after_dstar(const struct nfa *m, unsigned char *st, size_t i, bool slashy, size_t pos)
{
	st[2 * (i + 1)] = 1;
	if (slashy && pos < m->len && i + 2 < m->ntok && m->tok[i + 1].kind == TK_SLASH)
		st[2 * (i + 2)] = 1;
}

/*
 * The states are, for token i: st[2i+f], about to match token i (f: tree's previous
 * pattern char was '/'); st[2n], past the last token; body[2i+f], inside a '*' or '**'
 * at token i that took at least one byte. Every empty move goes to a later token, so one
 * pass in token order closes the set. Returns 1 or -1 once the outcome is known, else 0.
 */
static int
close_states(const struct nfa *m, unsigned char *st, const unsigned char *body, size_t pos)
{
	size_t i, f;
	char c = pos < m->len ? m->name[pos] : '\0';

	for (i = 0; i < m->ntok; i++) {
		const struct tok *t = &m->tok[i];
		bool last = i + 1 == m->ntok;

		for (f = 0; f < 2; f++) {
			if (body[2 * i + f] && (t->kind == TK_STAR || pos == m->len || c == '/'))
				after_dstar(m, st, i, t->kind == TK_DSTAR && f, pos);
			if (!st[2 * i + f])
				continue;
			switch (t->kind) {
			case TK_BAD:
				return -1;
			case TK_STAR:
				if (last && pos >= m->lastslash)
					return 1;
				if (!last)
					st[2 * (i + 1)] = 1;
				break;
			case TK_DSTAR:
				if (last)
					return 1;
				after_dstar(m, st, i, f, pos);
				break;
			case TK_SLASH:
				if (last && pos == m->len && m->isdir)
					return 1;
				break;
			default:
				break;
			}
		}
	}
	if (pos == m->len && (st[2 * m->ntok] || st[2 * m->ntok + 1]))
		return 1;
	return 0;
}

/* Whether token t takes the byte c. */
static bool
takes(const struct nfa *m, const struct tok *t, char c)
{
	bool in;

	switch (t->kind) {
	case TK_LIT:
		return low(m->icase, c) == low(m->icase, t->c);
	case TK_ANY:
		return true;
	case TK_CLASS:
		scan_class(t->cls, m->end, m->icase, c, &in);
		return in;
	case TK_SLASH:
		return c == '/';
	default:
		return false;
	}
}

/* Move every state over the byte c into nst and nbody; false if none is left. */
static bool
step(const struct nfa *m, const unsigned char *st, const unsigned char *body,
    unsigned char *nst, unsigned char *nbody, char c)
{
	size_t i, f, nstates = 2 * m->ntok + 2;
	bool any = false;

	memset(nst, 0, nstates);
	memset(nbody, 0, nstates);
	for (i = 0; i < m->ntok; i++) {
		const struct tok *t = &m->tok[i];
		bool last = i + 1 == m->ntok;

		for (f = 0; f < 2; f++) {
			if (body[2 * i + f] && (t->kind == TK_DSTAR || c != '/'))
				nbody[2 * i + f] = 1, any = true;
			if (!st[2 * i + f])
				continue;
			if (t->kind == TK_STAR || t->kind == TK_DSTAR) {
				if (!last)
					nbody[2 * i + f] = 1, any = true;
			} else if (takes(m, t, c)) {
				nst[2 * (i + 1) + t->slashy] = 1;
				any = true;
			}
		}
	}
	return any;
}

static int
run(struct nfa *m, unsigned char *buf)
{
	size_t nstates = 2 * m->ntok + 2, pos;
	unsigned char *st = buf, *body = buf + nstates;
	unsigned char *nst = buf + 2 * nstates, *nbody = buf + 3 * nstates, *tmp;
	int r;

	memset(buf, 0, 2 * nstates);
	st[0] = 1;
	for (pos = 0;; pos++) {
		if ((r = close_states(m, st, body, pos)) != 0)
			return r;
		if (pos == m->len || !step(m, st, body, nst, nbody, m->name[pos]))
			return 0;
		tmp = st, st = nst, nst = tmp;
		tmp = body, body = nbody, nbody = tmp;
	}
}

static int
match_piece(const char *name, const char *pat, const char *end, bool isdir, bool icase)
{
	struct tok small[32], *tok = small;
	unsigned char sbuf[4 * (2 * 32 + 2)], *buf = sbuf;
	size_t max = (size_t)(end - pat), i;
	struct nfa m;
	int r;

	if (max > 32) {
		tok = kreallocarray(NULL, max, sizeof(*tok));
		buf = kreallocarray(NULL, max + 1, 8);
	}
	m.end = end;
	m.tok = tok;
	m.ntok = tokenize(pat, end, tok);
	m.isdir = isdir;
	m.icase = icase;
	m.name = name;
	m.len = strlen(name);
	m.lastslash = 0;
	for (i = 0; i < m.len; i++)
		if (name[i] == '/')
			m.lastslash = i + 1;
	r = run(&m, buf);
	if (tok != small) {
		free(tok);
		free(buf);
	}
	return r;
}

/* tree splits at every '|', escaped or in brackets: an empty side is a syntax error,
 * and the right side is tried only when the left one matched nothing. */
static int
match_alts(const char *name, const char *pat, const char *end, bool isdir, bool icase)
{
	const char *bar = memchr(pat, '|', (size_t)(end - pat));
	int r;

	if (bar == NULL)
		return match_piece(name, pat, end, isdir, icase);
	if (bar == pat || bar + 1 == end)
		return -1;
	r = match_piece(name, pat, bar, isdir, icase);
	if (!r)
		r = match_alts(name, bar + 1, end, isdir, icase);
	return r;
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
