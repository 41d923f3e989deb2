/* pattern.c: the wildcard matcher of tree's -P, -I and --gitignore, in O(name x pattern) time. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
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

/*
 * The states, as bits of a set of words: for token i, bit 2i+f of st is "about to match
 * token i" (f: tree's previous pattern char was '/'), bit 2n of st is "past the last
 * token", and bit 2i+f of body is "inside the '*' or '**' of token i, which took at least
 * one byte". Only set bits are visited, so a step costs what is active, not the pattern.
 */
typedef uint64_t word;
#define WBITS 64

/* The index of the lowest set bit of x (not 0), by de Bruijn multiplication. */
static size_t
lowest_bit(word x)
{
	static const unsigned char pos[64] = {
		0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6
	};

	return pos[((x & (~x + 1)) * UINT64_C(0x03f79d71b4cb0a89)) >> 58];
}

static void
set_bit(word *w, size_t k)
{
	w[k / WBITS] |= (word)1 << (k % WBITS);
}

static bool
has_bit(const word *w, size_t k)
{
	return (w[k / WBITS] >> (k % WBITS)) & 1;
}

/* The bits of word w of a set above bit b of that word. */
static word
above(word w, size_t b)
{
	return b + 1 == WBITS ? 0 : w & ~(((word)2 << b) - 1);
}

/* The ways to go on past a '**' at token i once it reached a '/' or the end of the
 * name: with the next token, or (after a "/") past the next token's '/'. */
static void
after_dstar(const struct nfa *m, word *st, size_t i, bool slashy, size_t pos)
{
	set_bit(st, 2 * (i + 1));
	if (slashy && pos < m->len && i + 2 < m->ntok && m->tok[i + 1].kind == TK_SLASH)
		set_bit(st, 2 * (i + 2));
}

/*
 * Add what the states reach without reading a byte at pos. Every such move goes to a
 * later token, so one pass upwards closes the set. Returns 1 or -1 once the outcome is
 * known, else 0.
 */
static int
close_states(const struct nfa *m, word *st, const word *body, size_t nwords, size_t pos)
{
	size_t w, nbits = 2 * m->ntok;
	char c = pos < m->len ? m->name[pos] : '\0';

	for (w = 0; w < nwords; w++) {
		word todo = st[w] | body[w];

		while (todo != 0) {
			size_t b = lowest_bit(todo), k = w * WBITS + b, i = k / 2;
			bool f = k % 2, last;
			const struct tok *t;

			if (k >= nbits)
				break;
			t = &m->tok[i];
			last = i + 1 == m->ntok;
			if (has_bit(body, k) && (t->kind == TK_STAR || pos == m->len || c == '/'))
				after_dstar(m, st, i, t->kind == TK_DSTAR && f, pos);
			if (has_bit(st, k)) {
				switch (t->kind) {
				case TK_BAD:
					return -1;
				case TK_STAR:
					if (last && pos >= m->lastslash)
						return 1;
					if (!last)
						set_bit(st, 2 * (i + 1));
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
			/* what this state added above it is visited next */
			todo = above(st[w] | body[w], b);
		}
	}
	if (pos == m->len && (has_bit(st, nbits) || has_bit(st, nbits + 1)))
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
step(const struct nfa *m, const word *st, const word *body, word *nst, word *nbody,
    size_t nwords, char c)
{
	size_t w, nbits = 2 * m->ntok;
	bool any = false;

	memset(nst, 0, nwords * sizeof(word));
	memset(nbody, 0, nwords * sizeof(word));
	for (w = 0; w < nwords; w++) {
		word todo = st[w] | body[w];

		for (; todo != 0; todo &= todo - 1) {
			size_t k = w * WBITS + lowest_bit(todo);
			const struct tok *t;
			bool last;

			if (k >= nbits)
				break;          /* past the last token: nothing to read */
			t = &m->tok[k / 2];
			last = k / 2 + 1 == m->ntok;
			if (has_bit(body, k) && (t->kind == TK_DSTAR || c != '/')) {
				set_bit(nbody, k);
				any = true;
			}
			if (!has_bit(st, k))
				continue;
			if (t->kind == TK_STAR || t->kind == TK_DSTAR) {
				if (!last) {
					set_bit(nbody, k);
					any = true;
				}
			} else if (takes(m, t, c)) {
				set_bit(nst, 2 * (k / 2 + 1) + t->slashy);
				any = true;
			}
		}
	}
	return any;
}

/*
 * Where the states can next change, from pos: when they are only inside '*'s, each
 * waiting for a literal byte, no byte but those and '/' changes them (the '*' takes it,
 * the literal does not), so the bytes in between need not be read one by one. Skipping
 * is work saved, not a rule: the states at the position returned are those at pos.
 */
static size_t
skip_stable(const struct nfa *m, const word *st, const word *body, size_t nwords, size_t pos)
{
	size_t wait[8], nwait = 0, w, i;

	for (w = 0; w < nwords; w++) {
		word todo = st[w] | body[w];

		for (; todo != 0; todo &= todo - 1) {
			size_t k = w * WBITS + lowest_bit(todo);
			const struct tok *t;

			if (k >= 2 * m->ntok)
				return pos;     /* past the last token */
			t = &m->tok[k / 2];
			if (has_bit(body, k)) {
				/* a '*' whose next token is a literal it waits for (a '*'
				 * about to start takes a '/' too) */
				if (t->kind != TK_STAR || has_bit(st, k) ||
				    m->tok[k / 2 + 1].kind != TK_LIT ||
				    !has_bit(st, 2 * (k / 2 + 1)) || nwait == 8)
					return pos;
				wait[nwait++] = k / 2 + 1;
			} else if (t->kind != TK_LIT || k % 2 != 0 || k == 0 ||
			    !has_bit(body, k - 2) || m->tok[k / 2 - 1].kind != TK_STAR) {
				return pos;     /* a state no '*' makes again */
			}
		}
	}
	for (; pos + 1 < m->len; pos++) {
		if (m->name[pos] == '/')
			return pos;
		for (i = 0; i < nwait; i++)
			if (takes(m, &m->tok[wait[i]], m->name[pos]))
				return pos;
	}
	return pos;
}

static int
run(const struct nfa *m, word *buf, size_t nwords)
{
	word *st = buf, *body = buf + nwords, *nst = buf + 2 * nwords, *nbody = buf + 3 * nwords;
	word *tmp;
	size_t pos;
	int r;

	memset(buf, 0, 2 * nwords * sizeof(word));
	set_bit(st, 0);
	for (pos = 0;; pos++) {
		if ((r = close_states(m, st, body, nwords, pos)) != 0)
			return r;
		if (pos == m->len)
			return 0;
		pos = skip_stable(m, st, body, nwords, pos);
		if (!step(m, st, body, nst, nbody, nwords, m->name[pos]))
			return 0;
		tmp = st, st = nst, nst = tmp;
		tmp = body, body = nbody, nbody = tmp;
	}
}

#define SMALL_TOKENS 31         /* 2 * 31 + 2 states: one word per set */

static int
match_piece(const char *name, const char *pat, const char *end, bool isdir, bool icase)
{
	struct tok small[SMALL_TOKENS], *tok = small;
	word sbuf[4], *buf = sbuf;
	size_t max = (size_t)(end - pat), nwords;
	const char *slash;
	struct nfa m;
	int r;

	if (max > SMALL_TOKENS)
		tok = kreallocarray(NULL, max, sizeof(*tok));
	m.end = end;
	m.tok = tok;
	m.ntok = tokenize(pat, end, tok);
	nwords = (2 * m.ntok + 2 + WBITS - 1) / WBITS;
	if (nwords > 1)
		buf = kreallocarray(NULL, 4 * nwords, sizeof(word));
	m.isdir = isdir;
	m.icase = icase;
	m.name = name;
	m.len = strlen(name);
	slash = strrchr(name, '/');
	m.lastslash = slash ? (size_t)(slash - name) + 1 : 0;
	r = run(&m, buf, nwords);
	if (tok != small)
		free(tok);
	if (buf != sbuf)
		free(buf);
	return r;
}

/* tree splits at every '|', escaped or in brackets: an empty side is a syntax error,
 * and the right side is tried only when the left one matched nothing. */
static int
match_alts(const char *name, const char *pat, const char *end, bool isdir, bool icase)
{
	const char *bar;
	int r;

	while ((bar = memchr(pat, '|', (size_t)(end - pat))) != NULL) {
		if (bar == pat || bar + 1 == end)
			return -1;
		if ((r = match_piece(name, pat, bar, isdir, icase)) != 0)
			return r;
		pat = bar + 1;
	}
	return match_piece(name, pat, end, isdir, icase);
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
