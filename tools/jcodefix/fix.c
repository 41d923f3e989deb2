/* fix.c: the rewrites: defined on a whole hash or array, do NAME(ARGS), require of a bare
 * relative file; and the warnings for what has no mechanical fix. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "kbuf.h"
#include "fix.h"

/* What the token before an operand says about the context it is in. */
enum prev_cat {
	P_OTHER,
	P_NOT,          /* ! not */
	P_BOOLOP,       /* && || and or */
	P_MODKW,        /* if unless while until elsif */
	P_OPEN,         /* ( */
	P_START         /* , = ; { } ? : => return, start of file */
};

struct level {
	char kind;      /* '(' '[', '{' a block, 'S' a subscript or %{...}, 'T' the file */
	char boolean;   /* the expression at this level is a condition... */
	char group;     /* ...if what follows its ) keeps it one: if (($x) == 1) */
};

struct fixer {
	struct lexer lx;
	const struct jcf_hooks *hooks;
	const struct jcf_opts *opts;
	unsigned long nedits;
	struct tok *q;                  /* tokens read ahead */
	size_t qhead, qlen, qcap;
	struct level *lv;
	size_t nlv, caplv;
	enum prev_cat prev;
	struct tok prevtok;
	int keyword_starts;             /* the last if/unless/... started a statement */
	struct kbuf show;               /* scratch for the -v strings and messages */
};

/* The i-th token after the current one (0 = the next). */
static inline struct tok *
peek(struct fixer *f, size_t i)
{
	while (f->qlen - f->qhead <= i) {
		if (f->qlen == f->qcap) {
			if (f->qhead > 0) {
				memmove(f->q, f->q + f->qhead, (f->qlen - f->qhead) * sizeof *f->q);
				f->qlen -= f->qhead;
				f->qhead = 0;
				continue;
			}
			f->qcap = f->qcap ? f->qcap * 2 : 64;
			f->q = kreallocarray(f->q, f->qcap, sizeof *f->q);
		}
		lex_next(&f->lx, &f->q[f->qlen]);
		f->qlen++;
	}
	return &f->q[f->qhead + i];
}

static inline void
pop(struct fixer *f, struct tok *t)
{
	if (f->qhead == f->qlen) {
		lex_next(&f->lx, t);
		return;
	}
	*t = f->q[f->qhead];
	f->qhead++;
	if (f->qhead == f->qlen)
		f->qhead = f->qlen = 0;
}

/* Index of the first significant token at or after i. */
static size_t
next_sig(struct fixer *f, size_t i)
{
	while (tok_trivia(peek(f, i)))
		i++;
	return i;
}

static int
is_op(struct fixer *f, size_t i, const char *op)
{
	return tok_is(peek(f, i), TK_OP, op);
}

/* Are the input bytes [from, to) spaces and tabs only (what an edit may swallow
 * without changing lines), and at least one? */
static int
blank_gap(struct fixer *f, uint64_t from, uint64_t to)
{
	uint64_t p;

	for (p = from; p < to; p++) {
		int c = lex_byte(&f->lx, p);

		if (c != ' ' && c != '\t')
			return 0;
	}
	return to > from;
}

/* Input bytes [from, to) with each run of white space squeezed into one space. */
static void
show_input(struct fixer *f, uint64_t from, uint64_t to)
{
	uint64_t p;
	int in_space = 0;

	for (p = from; p < to; p++) {
		char c = (char)lex_byte(&f->lx, p);

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			in_space = 1;
			continue;
		}
		if (in_space && f->show.len > 0)
			kbuf_add(&f->show, " ", 1);
		in_space = 0;
		kbuf_add(&f->show, &c, 1);
	}
}

/* Replace input bytes [from, to) by repl. For -v the edit is shown in the context of
 * [shown_from, shown_to), which holds it. */
static void
make_edit(struct fixer *f, enum jcf_kind kind, const struct tok *at, uint64_t from,
    uint64_t to, const char *repl, uint64_t shown_from, uint64_t shown_to)
{
	struct jcf_edit e;
	char *old = NULL;

	e.kind = kind;
	e.offset = from;
	e.oldlen = (size_t)(to - from);
	e.repl = repl;
	e.repllen = strlen(repl);
	e.line = at->line;
	e.show_old = e.show_new = "";
	if (f->opts->show) {
		kbuf_reset(&f->show);
		show_input(f, shown_from, shown_to);
		old = kstrdup(f->show.p);
		kbuf_reset(&f->show);
		show_input(f, shown_from, from);
		kbuf_add(&f->show, repl, e.repllen);
		show_input(f, to, shown_to);
		e.show_old = old;
		e.show_new = f->show.p;
	}
	f->nedits++;
	lex_replace(&f->lx, from, to, repl, e.repllen);
	if (f->opts->show)
		lex_flush(&f->lx);      /* -v: the output so far, then the message */
	if (f->hooks->edit != NULL)
		f->hooks->edit(f->hooks->ctx, &e);
	free(old);
}

static void
warn_at(struct fixer *f, const struct tok *t, const char *msg)
{
	lex_flush(&f->lx);
	if (f->hooks->warn != NULL)
		f->hooks->warn(f->hooks->ctx, t->line, msg);
}

static struct level *
top(struct fixer *f)
{
	return &f->lv[f->nlv - 1];
}

static inline void
push_level(struct fixer *f, char kind, int boolean, int group)
{
	if (f->nlv == f->caplv) {
		f->caplv = f->caplv ? f->caplv * 2 : 16;
		f->lv = kreallocarray(f->lv, f->caplv, sizeof *f->lv);
	}
	f->lv[f->nlv].kind = kind;
	f->lv[f->nlv].boolean = (char)boolean;
	f->lv[f->nlv].group = (char)group;
	f->nlv++;
}

static int
word_is(const struct tok *t, const char *w, size_t n)
{
	return t->len == n && memcmp(t->text, w, n) == 0;
}

/* if unless while until (and elsif, which only ever starts a condition). */
static int
is_condition_word(const struct tok *t)
{
	if (t->type != TK_WORD)
		return 0;
	switch (t->len) {
	case 2: return word_is(t, "if", 2);
	case 5: return word_is(t, "while", 5) || word_is(t, "until", 5) || word_is(t, "elsif", 5);
	case 6: return word_is(t, "unless", 6);
	default: return 0;
	}
}

static inline __attribute__((always_inline)) enum prev_cat
category(const struct tok *t)
{
	if (t->type == TK_OP && t->len == 1) {
		switch (t->text[0]) {
		case '!': return P_NOT;
		case '(': return P_OPEN;
		case ',': case '=': case ';': case '{': case '}': case '?': case ':': return P_START;
		default: return P_OTHER;
		}
	}
	if (t->type == TK_OP && t->len == 2) {
		if (word_is(t, "&&", 2) || word_is(t, "||", 2))
			return P_BOOLOP;
		return word_is(t, "=>", 2) ? P_START : P_OTHER;
	}
	if (t->type != TK_WORD)
		return P_OTHER;
	if (is_condition_word(t))
		return P_MODKW;
	switch (t->len) {
	case 2: return word_is(t, "or", 2) ? P_BOOLOP : P_OTHER;
	case 3: return word_is(t, "and", 3) ? P_BOOLOP : word_is(t, "not", 3) ? P_NOT : P_OTHER;
	case 6: return word_is(t, "return", 6) ? P_START : P_OTHER;
	default: return P_OTHER;
	}
}

/* Keep the bracket levels and what the last token says about context. */
static inline __attribute__((always_inline)) void
track(struct fixer *f, const struct tok *t)
{
	if (t->type == TK_OP) {
		if (t->len == 1)
			switch (t->text[0]) {
			case '(': {
				/* "if (" at the start of a statement holds the whole condition;
				 * after a modifier, "unless (" may be a group: 1 unless ($x) == 1. */
				int own = (f->prev == P_MODKW && f->keyword_starts) || f->prev == P_NOT;
				int inherited = (f->prev == P_MODKW && !f->keyword_starts) ||
				    ((f->prev == P_BOOLOP || f->prev == P_OPEN) && top(f)->boolean);

				push_level(f, '(', own || inherited, !own && inherited);
				break;
			}
			case '[':
				push_level(f, '[', 0, 0);
				break;
			case '{':
				/* %{...}, $h{k}, $r->{k} are inside an expression; other braces
				 * are blocks: the lexer has decided which. */
				push_level(f, t->brace != 'B' ? 'S' : '{', 0, 0);
				break;
			case ')': case ']': case '}': {
				char kind = top(f)->kind;

				if (f->nlv > 1)
					f->nlv--;
				if (t->text[0] == '}' && kind != 'S' &&
				    (top(f)->kind == '{' || top(f)->kind == 'T'))
					top(f)->boolean = 0;
				f->prev = t->text[0] == '}' ? P_START : P_OTHER;
				f->prevtok = *t;
				return;
			}
			case ';':
				if (top(f)->kind == '{' || top(f)->kind == 'T')
					top(f)->boolean = 0;
				break;
			default:
				break;
			}
	} else if (t->type == TK_WORD) {
		if (is_condition_word(t)) {
			f->keyword_starts = tok_is(&f->prevtok, TK_OP, ";") ||
			    tok_is(&f->prevtok, TK_OP, "{") ||
			    (tok_is(&f->prevtok, TK_OP, "}") && f->prevtok.brace == 'B');
			if (top(f)->kind == '{' || top(f)->kind == 'T')
				top(f)->boolean = 1;
			f->prev = P_MODKW;
			f->prevtok = *t;
			return;
		}
	} else {
		f->prev = P_OTHER;
		f->prevtok = *t;
		return;
	}
	f->prev = category(t);
	f->prevtok = *t;
}

/* Operators that bind tighter than defined ("defined %x + 0" is defined(%x + 0)), and
 * subscripts (a slice: defined @x[0], defined %x{a}). */
static int
binds_tighter(const struct tok *t)
{
	if (t->type == TK_WORD && t->text[0] == 'x' && (t->len == 1 || (t->text[1] >= '0' &&
	    t->text[1] <= '9')))
		return 1;
	if (t->type != TK_OP)
		return 0;
	if (t->len == 1)
		return strchr("+-*/%.[{", t->text[0]) != NULL;
	return word_is(t, "**", 2) || word_is(t, "=~", 2) || word_is(t, "!~", 2) ||
	    word_is(t, "<<", 2) || word_is(t, ">>", 2) || word_is(t, "++", 2) ||
	    word_is(t, "--", 2) || word_is(t, "->", 2);
}

/* A token after which a condition is complete: ) ; } ? && || and or, or the end. */
static int
ends_condition(const struct tok *t)
{
	if (t->type == TK_EOF || tok_is(t, TK_WORD, "and") || tok_is(t, TK_WORD, "or"))
		return 1;
	if (t->type != TK_OP)
		return 0;
	if (t->len == 1)
		return strchr(");}?", t->text[0]) != NULL;
	return word_is(t, "&&", 2) || word_is(t, "||", 2);
}

/* Does the condition of the current level end at token i? Inside a parenthesized
 * group of a condition, only its ) may follow, and then the same question is asked
 * after it: if ((defined %x) && $y) is a condition, if ((defined %x) == 1) is not. */
static int
condition_ends_at(struct fixer *f, size_t i)
{
	size_t depth = f->nlv - 1;

	for (;;) {
		const struct level *l = &f->lv[depth];

		if (l->kind != '(' || !l->group || depth == 0)
			return ends_condition(peek(f, i));
		if (!is_op(f, i, ")"))
			return 0;
		depth--;
		i = next_sig(f, i + 1);
	}
}

/* Is "defined AGGREGATE", followed by token i, used only for its truth, so that
 * defined can go? */
static int
boolean_use(struct fixer *f, size_t i)
{
	enum prev_cat p = f->prev;

	if (p == P_NOT && tok_is(&f->prevtok, TK_OP, "!"))
		return 1;
	if (is_op(f, i, "?") && p != P_OTHER)
		return 1;
	if (!condition_ends_at(f, i))
		return 0;
	if (p == P_NOT || p == P_MODKW)
		return 1;
	return (p == P_OPEN || p == P_BOOLOP) && top(f)->boolean;
}

#define NO_AGGREGATE SIZE_MAX

/* The operand of defined starting at token i: a whole hash or array (%x %$r %{...}
 * %main::x %main'x @x %+ %^H ...). Returns the index of its last token, or NO_AGGREGATE. */
static size_t cast_operand_end(struct fixer *f, size_t i);

static size_t
aggregate_end(struct fixer *f, size_t i)
{
	const struct tok *t = peek(f, i);

	if (t->type == TK_VAR && (t->text[0] == '%' || t->text[0] == '@'))
		return i;
	if (t->type != TK_CAST || t->len != 1 || (t->text[0] != '%' && t->text[0] != '@'))
		return NO_AGGREGATE;
	return cast_operand_end(f, i + 1);
}

/* What a % or @ cast applies to, from token i: $r, $$r, {...}. Returns the index of
 * its last token, or NO_AGGREGATE. */
static size_t
cast_operand_end(struct fixer *f, size_t i)
{
	struct tok *t;
	size_t depth;

	i = next_sig(f, i);
	while (tok_is(peek(f, i), TK_CAST, "$"))
		i = next_sig(f, i + 1);
	t = peek(f, i);
	if (t->type == TK_VAR && t->text[0] == '$' && t->text[1] != '#')
		return i;
	if (!tok_is(t, TK_OP, "{"))
		return NO_AGGREGATE;
	for (depth = 1, i++;; i++) {
		t = peek(f, i);
		if (t->type == TK_EOF)
			return NO_AGGREGATE;
		if (tok_is(t, TK_OP, "{"))
			depth++;
		else if (tok_is(t, TK_OP, "}") && --depth == 0)
			return i;
	}
}

static void
try_defined(struct fixer *f, const struct tok *t)
{
	size_t i = next_sig(f, 0), last, opens = 0, k;
	uint64_t cut_end = t->end, op_end;
	const struct tok *after;
	const char *repl;

	while (is_op(f, i, "(")) {
		opens++;
		i = next_sig(f, i + 1);
	}
	if (is_op(f, i, "+"))
		i = next_sig(f, i + 1);
	if ((last = aggregate_end(f, i)) == NO_AGGREGATE)
		return;
	i = next_sig(f, last + 1);
	for (k = 0; k < opens; k++) {
		if (!is_op(f, i, ")"))
			return;
		last = i;
		i = next_sig(f, i + 1);
	}
	after = peek(f, i);
	if (opens == 0 && binds_tighter(after))
		return;
	op_end = peek(f, last)->end;
	if (blank_gap(f, t->end, peek(f, 0)->start))
		cut_end = peek(f, 0)->start;
	repl = boolean_use(f, i) ? "" : "!!";
	make_edit(f, EDIT_DEFINED, t, t->start, cut_end, repl, t->start, op_end);
}

/* The subroutine of "do SUB(LIST)" starting at token i: a name, or a scalar as perl
 * 5.18 took it ($f, $$r, ${f}, ${...}). Returns the index of its last token, or
 * NO_AGGREGATE if it is not one. */
static size_t
do_sub_end(struct fixer *f, size_t i)
{
	const struct tok *t = peek(f, i);
	size_t depth;

	if (t->type == TK_WORD)
		return perl_is_builtin(lex_ptr(&f->lx, t->start), t->len) ? NO_AGGREGATE : i;
	while (tok_is(peek(f, i), TK_CAST, "$") && is_op(f, i + 1, "{") == 0)
		i++;
	t = peek(f, i);
	if (t->type == TK_VAR && t->text[0] == '$' && t->text[1] != '#')
		return i;
	if (!tok_is(t, TK_CAST, "$") || !is_op(f, i + 1, "{"))
		return NO_AGGREGATE;
	for (depth = 1, i += 2;; i++) {
		t = peek(f, i);
		if (t->type == TK_EOF)
			return NO_AGGREGATE;
		if (tok_is(t, TK_OP, "{"))
			depth++;
		else if (tok_is(t, TK_OP, "}") && --depth == 0)
			return i;
	}
}

/* do NAME(LIST) and do $sub(LIST), syntax errors since 5.20: &NAME(LIST), &$sub(LIST). */
static void
try_do_sub(struct fixer *f, const struct tok *t)
{
	const struct tok *name = peek(f, 0), *paren, *last;
	size_t end;

	if (!blank_gap(f, t->end, name->start) || (end = do_sub_end(f, 0)) == NO_AGGREGATE)
		return;
	paren = peek(f, end + 1);
	last = peek(f, end);
	name = peek(f, 0);
	if (!tok_is(paren, TK_OP, "(") || (paren->start > last->end &&
	    !blank_gap(f, last->end, paren->start)))
		return;
	make_edit(f, EDIT_DO, t, t->start, name->start, "&", t->start, paren->end);
}

/* 'x.pl' or "x.cgi": a file name without a directory, which perl looked for in ".",
 * the last entry of @INC, until 5.26. Modules (.pm), h2ph headers (.ph) and paths with
 * a directory are library files that @INC is meant to find, and stay as they are. */
static int
bare_relative(struct fixer *f, const struct tok *s)
{
	uint64_t p, end = s->end - 1;
	int q = s->text[0];

	if (s->type != TK_STR || (q != '\'' && q != '"') || s->len < 3 ||
	    lex_byte(&f->lx, end) != q)
		return 0;
	for (p = s->start + 1; p < end; p++) {
		int c = lex_byte(&f->lx, p);

		if (c <= ' ' || c == 0x7f || c == '$' || c == '@' || c == '\\' || c == q ||
		    c == '/' || c == '~')
			return 0;
	}
	if (end - (s->start + 1) > 3 && lex_byte(&f->lx, end - 3) == '.' &&
	    lex_byte(&f->lx, end - 2) == 'p' && lex_byte(&f->lx, end - 1) == 'l')
		return 1;
	return end - (s->start + 1) > 4 && lex_byte(&f->lx, end - 4) == '.' &&
	    lex_byte(&f->lx, end - 3) == 'c' && lex_byte(&f->lx, end - 2) == 'g' &&
	    lex_byte(&f->lx, end - 1) == 'i';
}

static int
exists(struct fixer *f, const char *path)
{
	return f->hooks->exists == NULL || f->hooks->exists(f->hooks->ctx, path);
}

/* Does one of the directories the file puts on @INC hold name? */
static int
found_in_own_inc(struct fixer *f, const char *name)
{
	const struct inc_dirs *d = f->opts->incdirs;
	size_t i;
	int found = 0;

	for (i = 0; d != NULL && i < d->n && !found; i++) {
		size_t len = strlen(d->dir[i]) + strlen(name) + 2;
		char *path = kmalloc(len);

		snprintf(path, len, "%s/%s", d->dir[i], name);
		found = exists(f, path);
		free(path);
	}
	return found;
}

/* require 'x.pl' becomes require './x.pl' only where that loads the file old perls
 * loaded: x.pl is beside the file and not found through the file's own @INC changes. */
static void
try_inc(struct fixer *f, const struct tok *t)
{
	size_t i = next_sig(f, 0);
	const struct tok *s;
	char *name, msg[160];

	if (is_op(f, i, "("))
		i = next_sig(f, i + 1);
	s = peek(f, i);
	if (!bare_relative(f, s))
		return;
	name = kstrndup(lex_ptr(&f->lx, s->start + 1), s->len - 2);
	if (f->opts->incdirs != NULL && f->opts->incdirs->unknown != 0) {
		snprintf(msg, sizeof msg, "%.*s %.60s left as is: line %lu changes @INC in a way "
		    "jcodefix cannot follow", (int)t->len, t->text, name, f->opts->incdirs->unknown);
		warn_at(f, t, msg);
	} else if (found_in_own_inc(f, name)) {
		;       /* found through the file's own @INC: nothing to do */
	} else if (!exists(f, name)) {
		snprintf(msg, sizeof msg, "%.*s %.60s left as is: no such file beside this one "
		    "(perl 5.26 and later do not look in .)", (int)t->len, t->text, name);
		warn_at(f, t, msg);
	} else {
		make_edit(f, EDIT_INC, t, s->start + 1, s->start + 1, "./", s->start, s->end);
	}
	free(name);
}

/* Is the number token t zero (0, 00, 0.0, 0x0, 0_0, 0e5)? */
static int
num_is_zero(struct fixer *f, const struct tok *t)
{
	uint64_t p = t->start;
	int c;

	if (t->type != TK_NUM)
		return 0;
	c = lex_byte(&f->lx, p + 1);
	if (t->len > 2 && lex_byte(&f->lx, p) == '0' && (c == 'x' || c == 'X' || c == 'b' ||
	    c == 'B'))
		p += 2;
	for (; p < t->end; p++) {
		c = lex_byte(&f->lx, p);
		if (c == 'e' || c == 'E')
			break;
		if (c != '0' && c != '_' && c != '.')
			return 0;
	}
	return 1;
}

/* $[ = VALUE, local $[ = VALUE, ($[) = VALUE, local($[) = (VALUE): perl 5.30 and later
 * die when the value is not 0 ("Assigning non-zero to $[ is no longer possible"). */
static void
check_array_base(struct fixer *f, const struct tok *t)
{
	size_t i = next_sig(f, 0), v;
	int paren = 0;
	const struct tok *after;

	if (!is_op(f, i, "=")) {
		if (!is_op(f, i, ")") || !tok_is(&f->prevtok, TK_OP, "("))
			return;
		i = next_sig(f, i + 1);
		if (!is_op(f, i, "="))
			return;
	}
	v = next_sig(f, i + 1);
	if (is_op(f, v, "(")) {
		paren = 1;
		v = next_sig(f, v + 1);
	}
	after = peek(f, next_sig(f, v + 1));
	/* The value ends there: $[ = 0; $[ = 0 if $old; $[ = 0 or die */
	if (peek(f, v)->type == TK_NUM && (after->type == TK_EOF || tok_is(after, TK_OP, ";") ||
	    tok_is(after, TK_OP, ")") || tok_is(after, TK_OP, "}") ||
	    (paren && tok_is(after, TK_OP, ",")) || is_condition_word(after) ||
	    tok_is(after, TK_WORD, "for") || tok_is(after, TK_WORD, "foreach") ||
	    tok_is(after, TK_WORD, "and") || tok_is(after, TK_WORD, "or") ||
	    tok_is(after, TK_WORD, "xor"))) {
		if (!num_is_zero(f, peek(f, v)))
			warn_at(f, t, "assigning non-zero to $[ is fatal since Perl 5.30 (index from 0)");
		return;
	}
	warn_at(f, t, "assigning to $[ is fatal since Perl 5.30 unless the value is 0 (index from 0)");
}

/* "$*" in an interpolating string or regex: perl 5.30 and later reject it when they
 * compile the script ("$* is no longer supported"). */
static void
check_interpolated(struct fixer *f, const struct tok *t)
{
	uint64_t p = t->start;
	int c = t->text[0], regex = t->type == TK_REGEX;

	if (c == '/' || c == '"' || c == '`') {
		p++;
	} else if (c >= 'a' && c <= 'z') {
		/* m qr s (not tr y) and qq qx (not q qw) */
		if (c == 't' || c == 'y' || (c == 'q' && (t->len < 2 ||
		    (t->text[1] != 'q' && t->text[1] != 'x' && t->text[1] != 'r'))))
			return;
		p += c == 'q' ? 2 : 1;
		while (p < t->end && ((c = lex_byte(&f->lx, p)) == ' ' || c == '\t' || c == '\r' ||
		    c == '\n' || c == '\f'))
			p++;
		if (p > t->start + (c == 'q' ? 2 : 1) && lex_byte(&f->lx, p) == '#')
			return; /* a comment before the delimiter: not worth the trouble */
		if (p >= t->end || (lex_byte(&f->lx, p) == '\'' && t->text[1] != 'q'))
			return; /* m'...' s'...'...' qr'...' qx'...' do not interpolate; qq'...' does */
		p++;
	} else {
		return;         /* '...', <<"EOF", <FH> */
	}
	while (p + 1 < t->end) {
		c = lex_byte(&f->lx, p);
		if (c == '\\') {
			p += 2;
			continue;
		}
		if (c != '$') {
			p++;
			continue;
		}
		if (lex_byte(&f->lx, p + 1) == '$') {
			/* $$ is the process id, $$$x a dereference: no $* in them */
			while (p < t->end && lex_byte(&f->lx, p) == '$')
				p++;
			continue;
		}
		c = lex_byte(&f->lx, p + 1);
		if ((c == '*' && (regex || p + 2 >= t->end || (lex_byte(&f->lx, p + 2) != '{' &&
		    lex_byte(&f->lx, p + 2) != '['))) || (c == '{' && p + 3 < t->end &&
		    lex_byte(&f->lx, p + 2) == '*' && lex_byte(&f->lx, p + 3) == '}')) {
			warn_at(f, t, "$* in a string or regex is fatal since Perl 5.30 "
			    "(write \\$* for the two characters)");
			return;
		}
		p++;
	}
}

static void
check_var(struct fixer *f, const struct tok *t)
{
	size_t i;
	char msg[160];

	if (tok_is(&f->prevtok, TK_OP, "->"))
		return;
	if (tok_is(t, TK_VAR, "$*")) {
		warn_at(f, t, "$* is fatal since Perl 5.30 (use the /m and /s modifiers)");
	} else if (tok_is(t, TK_VAR, "$[")) {
		check_array_base(f, t);
	} else if (t->text[0] == '%' || t->text[0] == '@') {
		i = next_sig(f, 0);
		if (!is_op(f, i, "->"))
			return;
		i = next_sig(f, i + 1);
		if (!is_op(f, i, "{") && !is_op(f, i, "["))
			return;
		snprintf(msg, sizeof msg, "%.*s->%c...%c is fatal since Perl 5.22 (write $%.*s%c...%c)",
		    (int)(t->len > 40 ? 40 : t->len), lex_ptr(&f->lx, t->start),
		    peek(f, i)->text[0], peek(f, i)->text[0] == '{' ? '}' : ']',
		    (int)(t->len > 40 ? 39 : t->len - 1), lex_ptr(&f->lx, t->start + 1),
		    peek(f, i)->text[0], peek(f, i)->text[0] == '{' ? '}' : ']');
		warn_at(f, t, msg);
	}
}

/* @$r->[0], @{$r}->[0], %$r->{k}, %{$r}->{k}: like %h->{k}, fatal since 5.22. */
static void
check_cast_arrow(struct fixer *f, const struct tok *t)
{
	size_t last, i;
	int open;
	char msg[200];

	if (tok_is(&f->prevtok, TK_OP, "->") || (last = cast_operand_end(f, 0)) == NO_AGGREGATE)
		return;
	i = next_sig(f, last + 1);
	if (!is_op(f, i, "->"))
		return;
	i = next_sig(f, i + 1);
	if (!is_op(f, i, "{") && !is_op(f, i, "["))
		return;
	open = peek(f, i)->text[0];
	kbuf_reset(&f->show);
	show_input(f, t->start, peek(f, last)->end);
	snprintf(msg, sizeof msg, "%.40s->%c...%c is fatal since Perl 5.22 (write $%.40s%c...%c)",
	    f->show.p, open, open == '{' ? '}' : ']', f->show.p + 1, open,
	    open == '{' ? '}' : ']');
	warn_at(f, t, msg);
}

static inline void
handle(struct fixer *f, const struct tok *t)
{
	int method;

	if (t->type == TK_CAST) {
		if (t->len == 1 && (t->text[0] == '@' || t->text[0] == '%'))
			check_cast_arrow(f, t);
		return;
	}

	if (t->type == TK_VAR) {
		/* Only $*, $[, %x and @x can draw a warning. */
		if (t->text[0] == '$' ? t->len == 2 && (t->text[1] == '*' || t->text[1] == '[') :
		    t->text[0] == '%' || t->text[0] == '@')
			check_var(f, t);
		return;
	}
	if (t->type == TK_STR || t->type == TK_REGEX) {
		if (t->len >= 4)
			check_interpolated(f, t);
		return;
	}
	if (t->type != TK_WORD || (t->len != 2 && t->len != 7 && t->len != 13))
		return;
	method = tok_is(&f->prevtok, TK_OP, "->") || tok_is(&f->prevtok, TK_WORD, "sub");
	if (method)
		return;
	if ((tok_is(t, TK_WORD, "defined") || tok_is(t, TK_WORD, "CORE::defined")))
		try_defined(f, t);
	else if (tok_is(t, TK_WORD, "do") || tok_is(t, TK_WORD, "require")) {
		if (t->text[0] == 'd')
			try_do_sub(f, t);
		if (f->opts->inc)
			try_inc(f, t);
	}
}

int
jcf_run(lex_read_fn rd, void *rctx, const struct jcf_hooks *hooks,
    const struct jcf_opts *opts, unsigned long *nedits)
{
	struct fixer f;
	struct tok t;
	int rc = 0;

	memset(&f, 0, sizeof f);
	f.hooks = hooks;
	f.opts = opts;
	lex_init(&f.lx, rd, rctx, hooks->write, hooks->ctx, opts->chunk ? opts->chunk : 1 << 18);
	push_level(&f, 'T', 0, 0);
	f.prev = P_START;
	f.prevtok.type = TK_OP;
	strcpy(f.prevtok.text, ";");
	f.prevtok.len = 1;
	for (;;) {
		pop(&f, &t);
		f.lx.hold = t.start;
		if (t.type == TK_EOF)
			break;
		if (tok_trivia(&t))
			continue;
		handle(&f, &t);
		track(&f, &t);
	}
	lex_finish(&f.lx);
	if (f.lx.read_error) {
		errno = f.lx.read_error;
		rc = -1;
	} else if (f.lx.write_error) {
		rc = -2;
	}
	if (nedits != NULL)
		*nedits = f.nedits;
	lex_free(&f.lx);
	free(f.q);
	free(f.lv);
	kbuf_free(&f.show);
	return rc;
}

static int
is_ident_byte(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == ':' || c == '\'';
}

static int
is_blank_byte(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* defined, then ( + and white space, then an aggregate, a comment or POD. */
static int
may_be_defined(const char *p, size_t n, size_t i)
{
	if (n - i < 7 || memcmp(p + i, "defined", 7) != 0)
		return 0;
	for (i += 7; i < n; i++) {
		const char *nl;

		if (p[i] == '#') {
			if ((nl = memchr(p + i, '\n', n - i)) == NULL)
				return 1;
			i = (size_t)(nl - p);
		} else if (!is_blank_byte(p[i]) && p[i] != '(' && p[i] != '+') {
			break;
		}
	}
	/* (= starts POD only at the start of a line) */
	return i == n || p[i] == '%' || p[i] == '@' || (p[i] == '=' && p[i - 1] == '\n');
}

/* do, blanks, then NAME and ( or a $. */
static int
may_be_do_sub(const char *p, size_t n, size_t i)
{
	size_t k = i + 2;

	if (n - i < 2 || p[i + 1] != 'o')
		return 0;
	if (k < n && p[k] != ' ' && p[k] != '\t')
		return 0;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	if (k < n && p[k] == '$') {
		/* do $f(, do $$r(, do ${...}( */
		while (k < n && p[k] == '$')
			k++;
		if (k < n && p[k] == '{')
			return 1;
	}
	if (k < n && !is_ident_byte(p[k]))
		return 0;
	while (k < n && is_ident_byte(p[k]))
		k++;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	return k == n || p[k] == '(';
}

/* Is there a % or @ just before i, past $s (%$r @$$r)? White space may come between a
 * sigil and a name (% x), not before a $ or a {. The start of p counts as yes. */
static int
sigil_before(const char *p, size_t i, int name)
{
	size_t j = i;

	while (j > 0 && p[j - 1] == '$')
		j--;
	if (j == i && name)
		while (j > 0 && is_blank_byte(p[j - 1]))
			j--;
	return j == 0 || p[j - 1] == '%' || p[j - 1] == '@';
}

/* Is the ' at i perhaps the old package separator ($main'x), not a quote? */
static int
package_quote(const char *p, size_t i)
{
	return p[i] == '\'' && i > 0 && is_ident_byte(p[i - 1]) && is_ident_byte(p[i + 1]);
}

/* p[i] closes a string: the index of its opening quote, or 0 to give up (an escape, a
 * ' that may be a package separator, a new line, the start of p). */
static size_t
string_start(const char *p, size_t i)
{
	int q = p[i];

	if (package_quote(p, i))
		return 0;
	while (i > 0) {
		i--;
		if (p[i] == q)
			return i > 0 && p[i - 1] != '\\' && !package_quote(p, i) ? i : 0;
		if (p[i] == '\n')
			return 0;
	}
	return 0;
}

/* What -> at i follows, if it is } : the { it closes (counted naively, so any byte that
 * could hide a brace from the count gives up) has a sigil before it? */
static int
brace_group_after_sigil(const char *p, size_t i)
{
	size_t depth = 0, limit = i > 512 ? i - 512 : 0;

	for (;;) {
		int c = p[i];

		if ((c == '\'' || c == '"') && (i = string_start(p, i)) == 0)
			return 1;
		if (strchr("`#/\n", c) != NULL)
			return 1;
		if (c == '}') {
			depth++;
		} else if (c == '{' && --depth == 0) {
			return i == 0 || p[i - 1] == '%' || p[i - 1] == '@' ||
			    (p[i - 1] == '$' && sigil_before(p, i, 0));
		}
		if (i <= limit)
			return 1;
		i--;
	}
}

/* -> at i, then [ or {: after %x, @$r, @{...}, %+ ...? */
static int
may_be_arrow(const char *p, size_t n, size_t i)
{
	size_t k = i + 2;

	if (n - i < 2 || p[i + 1] != '>')
		return 0;
	while (k < n && is_blank_byte(p[k]))
		k++;
	if (k < n && p[k] != '[' && p[k] != '{' && p[k] != '#')
		return 0;
	for (k = i; k > 0 && is_blank_byte(p[k - 1]); k--)
		if (p[k - 1] == '\n')
			return 1;       /* a comment may end the line before */
	if (k == 0)
		return 1;
	if (p[k - 1] == '}')
		return brace_group_after_sigil(p, k - 1);
	if (is_ident_byte(p[k - 1])) {
		while (k > 0 && is_ident_byte(p[k - 1]))
			k--;
		if (k > 0 && p[k - 1] == '^')
			k--;
		return sigil_before(p, k, 1);
	}
	/* %+ %- %! @- @+ and the like, @$$ */
	return k < 2 || p[k - 2] == '%' || p[k - 2] == '@' || sigil_before(p, k, 0);
}

/* $[ then = (or ) =): an assignment, which may draw a warning. */
static int
may_be_array_base(const char *p, size_t n, size_t i)
{
	int paren = 0;

	for (i += 2; i < n; i++) {
		if (p[i] == '#')
			return 1;
		if (p[i] == ')' && !paren)
			paren = 1;
		else if (!is_blank_byte(p[i]))
			break;
	}
	return i == n || (p[i] == '=' && (i + 1 == n ||
	    (p[i + 1] != '=' && p[i + 1] != '~' && p[i + 1] != '>')));
}

/* The two bytes each construct starts with: de(fined) do $* $[ ${ ->, as one table
 * indexed by a byte pair, so that the scan does one lookup per byte and stops rarely. */
static unsigned char pair_starts[1 << 16];

static inline unsigned
byte_pair(const unsigned char *b)
{
	return b[0] | (unsigned)b[1] << 8;
}

static void
build_pair_starts(void)
{
	static const char *const pairs[] = { "de", "do", "$*", "$[", "${", "->" };
	size_t i;

	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		pair_starts[byte_pair((const unsigned char *)pairs[i])] = 1;
}

/* Is the construct starting at i (on one of the pairs) one jcf_run may act on? */
static int
may_be_construct(const char *p, size_t n, size_t i)
{
	switch (p[i]) {
	case 'd':
		return may_be_defined(p, n, i) || may_be_do_sub(p, n, i);
	case '$':
		if (p[i + 1] == '[')
			return may_be_array_base(p, n, i);
		return p[i + 1] != '{' || (n - i >= 4 && memcmp(p + i, "${*}", 4) == 0);
	default:
		return may_be_arrow(p, n, i);
	}
}

int
jcf_may_need(const char *p, size_t n)
{
	const unsigned char *b = (const unsigned char *)p;
	size_t i = 0, k;

	if (pair_starts[byte_pair((const unsigned char *)"->")] == 0)
		build_pair_starts();
	/* Eight pairs at a time while a byte follows them; then the rest one by one. */
	for (; n > 8 && i < n - 8; i += 8) {
		if ((pair_starts[byte_pair(b + i)] | pair_starts[byte_pair(b + i + 1)] |
		    pair_starts[byte_pair(b + i + 2)] | pair_starts[byte_pair(b + i + 3)] |
		    pair_starts[byte_pair(b + i + 4)] | pair_starts[byte_pair(b + i + 5)] |
		    pair_starts[byte_pair(b + i + 6)] | pair_starts[byte_pair(b + i + 7)]) == 0)
			continue;
		for (k = i; k < i + 8; k++)
			if (pair_starts[byte_pair(b + k)] && may_be_construct(p, n, k))
				return 1;
	}
	for (; i + 1 < n; i++)
		if (pair_starts[byte_pair(b + i)] && may_be_construct(p, n, i))
			return 1;
	return 0;
}
