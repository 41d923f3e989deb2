/* jcodefix-lexdiff.c: read arbitrary bytes with lex_next (the fast path where it applies)
 * and with lex_general alone, each with its own read sizes, and stop at the first token
 * or lexer state where they differ: the fast path may skip work, never decide otherwise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

struct input {
	const uint8_t *p;
	size_t n, pos, step;
};

static ssize_t
rd(void *ctx, char *buf, size_t n)
{
	struct input *in = ctx;

	if (n > in->step)
		n = in->step;
	if (n > in->n - in->pos)
		n = in->n - in->pos;
	memcpy(buf, in->p + in->pos, n);
	in->pos += n;
	return (ssize_t)n;
}

static void
show(const char *who, const struct tok *t, const struct lexer *lx)
{
	fprintf(stderr, "  %s: type %d [%llu, %llu) line %lu text \"%s\" brace %d | term %d "
	    "proto %d bol %d data %d docs %d/%zu format %d braces %zu prev %d \"%s\" line %lu\n",
	    who, (int)t->type, (unsigned long long)t->start, (unsigned long long)t->end, t->line,
	    t->text, t->brace, lx->expect_term, lx->want_proto, lx->at_line_start, lx->in_data,
	    lx->docs_now, lx->ndocs, lx->format_now, lx->nbraces, (int)lx->prev_type,
	    lx->prev_text, lx->line);
}

static int
same_token(const struct tok *a, const struct tok *b)
{
	if (a->type == TK_DATA)
		return b->type == TK_DATA && a->start == b->start && a->line == b->line;
	return a->type == b->type && a->start == b->start && a->end == b->end &&
	    a->line == b->line && a->len == b->len && a->brace == b->brace &&
	    strcmp(a->text, b->text) == 0;
}

/* Everything the next token depends on. */
static int
same_state(const struct lexer *a, const struct lexer *b)
{
	if (a->in_data)
		return b->in_data;
	return a->pos == b->pos && a->line == b->line && a->expect_term == b->expect_term &&
	    a->at_line_start == b->at_line_start && a->in_data == b->in_data &&
	    a->prev_type == b->prev_type && strcmp(a->prev_text, b->prev_text) == 0 &&
	    a->nbraces == b->nbraces && (a->nbraces == 0 ||
	    memcmp(a->braces, b->braces, a->nbraces) == 0) && a->ndocs == b->ndocs &&
	    a->docs_now == b->docs_now && a->format_now == b->format_now &&
	    a->want_proto == b->want_proto;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input fin, gin;
	struct lexer fast, general;
	struct tok ft, gt;
	size_t count = 0;

	if (size < 2)
		return 0;
	fin.step = (size_t)(data[0] % 61) + 1;
	gin.step = (size_t)(data[1] % 7) * 1000 + 1;
	fin.p = gin.p = data + 2;
	fin.n = gin.n = size - 2;
	fin.pos = gin.pos = 0;
	lex_init(&fast, rd, &fin, NULL, NULL, fin.step);
	lex_init(&general, rd, &gin, NULL, NULL, gin.step);
	do {
		lex_next(&fast, &ft);
		lex_general(&general, &gt);
		if (!same_token(&ft, &gt) || !same_state(&fast, &general)) {
			fprintf(stderr, "jcodefix-lexdiff.c: token %zu differs\n", count);
			show("lex_next   ", &ft, &fast);
			show("lex_general", &gt, &general);
			abort();
		}
		count++;
		if (ft.type == TK_DATA) {
			/* After __END__ the chunks follow the reads: compare where they end. */
			while (ft.type != TK_EOF)
				lex_next(&fast, &ft);
			while (gt.type != TK_EOF)
				lex_general(&general, &gt);
			if (ft.start != gt.start) {
				fprintf(stderr, "jcodefix-lexdiff.c: the data ends differ\n");
				abort();
			}
		}
	} while (ft.type != TK_EOF);
	lex_free(&fast);
	lex_free(&general);
	return 0;
}
