/* inc.c: find the directories a Perl file adds to @INC (use lib, unshift or push on
 * @INC, @INC = ..., #!perl -I), so that --inc leaves alone a require they satisfy. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "inc.h"

enum scan_state {
	S_NONE,
	S_USE,          /* after use: lib? */
	S_PUSH,         /* after unshift or push, or their "(": @INC? */
	S_PUSH_INC,     /* after unshift(@INC: a comma? */
	S_SPLICE,       /* after splice or its "(": @INC? */
	S_INC,          /* after @INC: an = ? */
	S_LIST          /* the directories */
};

struct scan {
	struct inc_dirs *d;
	enum scan_state state;
	int paren;              /* the list is inside unshift( ... ) */
	size_t depth;
};

static void
add_dir(struct inc_dirs *d, const char *p, size_t n)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->dir = kreallocarray(d->dir, d->cap, sizeof *d->dir);
	}
	d->dir[d->n++] = kstrndup(p, n);
}

static int
has_any(const char *p, size_t n, const char *bytes)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\0' || strchr(bytes, p[i]) != NULL)
			return 1;
	return 0;
}

/* qw(a b c): each word is a directory. */
static void
add_words(struct inc_dirs *d, const char *p, size_t n)
{
	size_t i = 0, w;

	while (i < n) {
		while (i < n && strchr(" \t\r\n\f", p[i]) != NULL)
			i++;
		for (w = i; i < n && strchr(" \t\r\n\f", p[i]) == NULL; i++)
			continue;
		if (i > w)
			add_dir(d, p + w, i - w);
	}
}

/* A string token of the list: its directories, or 0 if it is not a plain literal. */
static int
add_literal(struct inc_dirs *d, const struct tok *t, const char *p)
{
	size_t n = t->len, i;

	if (n >= 2 && p[0] == '\'' && p[n - 1] == '\'' && !has_any(p + 1, n - 2, "\\")) {
		add_dir(d, p + 1, n - 2);
		return 1;
	}
	if (n >= 2 && p[0] == '"' && p[n - 1] == '"' && !has_any(p + 1, n - 2, "\\$@")) {
		add_dir(d, p + 1, n - 2);
		return 1;
	}
	if (n < 4 || p[0] != 'q' || (p[1] != 'w' && !strchr(" \t\r\n\f({[<", p[1])))
		return 0;
	for (i = p[1] == 'w' ? 2 : 1; i < n && strchr(" \t\r\n\f", p[i]) != NULL; i++)
		continue;
	if (i + 1 >= n || has_any(p + i + 1, n - i - 2, "\\"))
		return 0;
	if (p[1] == 'w')
		add_words(d, p + i + 1, n - i - 2);
	else
		add_dir(d, p + i + 1, n - i - 2);
	return 1;
}

/* "#!/usr/bin/perl -Ilib" on the first line. */
static void
shebang_dirs(struct inc_dirs *d, const char *p, size_t n)
{
	size_t i, w;

	if (n < 2 || p[0] != '#' || p[1] != '!')
		return;
	for (i = 2; i < n;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
			i++;
		for (w = i; i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '\r'; i++)
			continue;
		if (i - w > 2 && p[w] == '-' && p[w + 1] == 'I')
			add_dir(d, p + w + 2, i - w - 2);
	}
}

static void
unknown(struct scan *s, const struct tok *t)
{
	if (s->d->unknown == 0)
		s->d->unknown = t->line;
	s->state = S_NONE;
}

/* One token of the list of directories. */
static void
list_token(struct scan *s, const struct tok *t, const char *p)
{
	if (tok_is(t, TK_OP, "(")) {
		s->depth++;
	} else if (tok_is(t, TK_OP, ")")) {
		if (s->depth == 0 || (--s->depth == 0 && s->paren))
			s->state = S_NONE;
	} else if (tok_is(t, TK_OP, ";") || tok_is(t, TK_OP, "}") || t->type == TK_EOF) {
		s->state = S_NONE;
	} else if (tok_is(t, TK_OP, ",") || tok_is(t, TK_OP, "=>") || tok_is(t, TK_VAR, "@INC")) {
		return;
	} else if (t->type != TK_STR || !add_literal(s->d, t, p)) {
		unknown(s, t);
	}
}

/* A token that starts none of the forms, or the first token of one. */
static void
start(struct scan *s, const struct tok *t)
{
	s->state = S_NONE;
	s->paren = 0;
	s->depth = 0;
	if (tok_is(t, TK_WORD, "use"))
		s->state = S_USE;
	else if (tok_is(t, TK_WORD, "unshift") || tok_is(t, TK_WORD, "push"))
		s->state = S_PUSH;
	else if (tok_is(t, TK_WORD, "splice"))
		s->state = S_SPLICE;
	else if (tok_is(t, TK_VAR, "@INC"))
		s->state = S_INC;
}

/* Feed one significant token. A token that does not continue the form begun is
 * looked at as the start of another. */
static void
step(struct scan *s, const struct tok *t, const char *p)
{
	switch (s->state) {
	case S_USE:
		if (tok_is(t, TK_WORD, "lib"))
			s->state = S_LIST;
		else
			start(s, t);
		break;
	case S_PUSH:
		if (tok_is(t, TK_OP, "(") && !s->paren)
			s->paren = 1;
		else if (tok_is(t, TK_VAR, "@INC"))
			s->state = S_PUSH_INC;
		else
			start(s, t);
		break;
	case S_PUSH_INC:
		if (tok_is(t, TK_OP, ",")) {
			s->state = S_LIST;
			s->depth = s->paren ? 1 : 0;
		} else {
			start(s, t);
		}
		break;
	case S_SPLICE:
		if (tok_is(t, TK_VAR, "@INC"))
			unknown(s, t);
		else if (!tok_is(t, TK_OP, "("))
			start(s, t);
		break;
	case S_INC:
		if (tok_is(t, TK_OP, "="))
			s->state = S_LIST;
		else
			start(s, t);
		break;
	case S_LIST:
		list_token(s, t, p);
		break;
	case S_NONE:
		start(s, t);
		break;
	}
}

int
inc_scan(lex_read_fn rd, void *rctx, struct inc_dirs *d)
{
	struct lexer lx;
	struct tok t;
	struct scan s;
	int rc = 0;

	memset(d, 0, sizeof *d);
	memset(&s, 0, sizeof s);
	s.d = d;
	lex_init(&lx, rd, rctx, NULL, NULL, 1 << 16);
	do {
		lex_next(&lx, &t);
		if (t.start == 0 && t.type == TK_COMMENT)
			shebang_dirs(d, lex_ptr(&lx, t.start), t.len);
		if (tok_trivia(&t))
			continue;
		step(&s, &t, lex_ptr(&lx, t.start));
	} while (t.type != TK_EOF);
	if (lx.read_error) {
		errno = lx.read_error;
		rc = -1;
	}
	lex_free(&lx);
	return rc;
}

void
inc_free(struct inc_dirs *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->dir[i]);
	free(d->dir);
	memset(d, 0, sizeof *d);
}
