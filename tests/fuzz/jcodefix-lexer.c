/* jcodefix-lexer.c: feed arbitrary bytes to the jcodefix lexer and fixer and check that
 * the output is the input plus the documented edits, that the read sizes change neither
 * the output nor the warnings, and that a second run changes nothing; and read the same
 * bytes for their @INC changes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"

/* Stop with the line of the broken promise. */
#define expect(cond) do { if (!(cond)) { \
	fprintf(stderr, "jcodefix-lexer.c:%d: %s\n", __LINE__, #cond); abort(); } } while (0)

struct buf {
	const uint8_t *in;
	size_t inlen, inpos, step;
	char *out;
	size_t outlen, outcap;
	struct jcf_edit *edits;
	char **repls;
	size_t nedits;
	unsigned long nwarn, warnsum;   /* warnings, and a sum of their lines and texts */
};

static ssize_t
rd(void *ctx, char *p, size_t n)
{
	struct buf *b = ctx;

	if (n > b->step)
		n = b->step;
	if (n > b->inlen - b->inpos)
		n = b->inlen - b->inpos;
	memcpy(p, b->in + b->inpos, n);
	b->inpos += n;
	return (ssize_t)n;
}

static int
wr(void *ctx, const char *p, size_t n)
{
	struct buf *b = ctx;

	if (b->outlen + n > b->outcap) {
		b->outcap = (b->outlen + n) * 2;
		b->out = realloc(b->out, b->outcap);
		expect(b->out != NULL);
	}
	memcpy(b->out + b->outlen, p, n);
	b->outlen += n;
	return 0;
}

static void
on_edit(void *ctx, const struct jcf_edit *e)
{
	struct buf *b = ctx;

	b->edits = realloc(b->edits, (b->nedits + 1) * sizeof *b->edits);
	b->repls = realloc(b->repls, (b->nedits + 1) * sizeof *b->repls);
	expect(b->edits != NULL && b->repls != NULL);
	b->edits[b->nedits] = *e;
	b->repls[b->nedits] = strdup(e->repl);
	b->edits[b->nedits].repl = b->repls[b->nedits];
	b->nedits++;
}

static void
on_warn(void *ctx, unsigned long line, const char *msg)
{
	struct buf *b = ctx;

	b->nwarn++;
	b->warnsum = b->warnsum * 31 + line;
	while (*msg != '\0')
		b->warnsum = b->warnsum * 31 + (unsigned char)*msg++;
}

/* --inc's question, answered from the name alone: is it a file? */
static int
exists(void *ctx, const char *path)
{
	(void)ctx;
	return strlen(path) % 3 != 0;
}

static void done(struct buf *b);

/* jcf_may_need over pieces of size piece that overlap as jcodefix.c reads them. */
static int
may_need_pieces(const uint8_t *in, size_t n, size_t piece)
{
	size_t pos = 0;

	for (;;) {
		size_t r = n - pos < piece ? n - pos : piece;

		if (r == 0)
			return 0;
		if (jcf_may_need((const char *)in + pos, r))
			return 1;
		if (pos + r >= n)
			return 0;
		pos += r > JCF_MAY_NEED_OVERLAP ? r - JCF_MAY_NEED_OVERLAP : r;
	}
}

/* Without --inc, a file jcf_may_need passes has no edit and no warning. */
static void
check_may_need(const uint8_t *in, size_t n, size_t step)
{
	struct buf b;
	struct jcf_hooks h = { &b, NULL, on_edit, on_warn, NULL };
	struct jcf_opts o;
	unsigned long count = 0;

	memset(&b, 0, sizeof b);
	memset(&o, 0, sizeof o);
	b.in = in;
	b.inlen = n;
	b.step = step;
	o.chunk = step;
	expect(jcf_run(rd, &b, &h, &o, &count) == 0);
	if (count > 0 || b.nwarn > 0) {
		expect(jcf_may_need((const char *)in, n));
		expect(may_need_pieces(in, n, JCF_MAY_NEED_OVERLAP + 1 + step));
	}
	b.out = NULL;
	done(&b);
}

static void
run(struct buf *b, const uint8_t *in, size_t n, size_t step)
{
	struct jcf_hooks h = { b, wr, on_edit, on_warn, exists };
	struct inc_dirs dirs;
	struct jcf_opts o;
	unsigned long count = 0;

	memset(b, 0, sizeof *b);
	b->in = in;
	b->inlen = n;
	b->step = step;
	expect(inc_scan(rd, b, &dirs) == 0);
	expect(b->inpos == n);
	b->inpos = 0;
	memset(&o, 0, sizeof o);
	o.inc = 1;
	o.incdirs = &dirs;
	o.show = 1;
	o.chunk = step;
	expect(jcf_run(rd, b, &h, &o, &count) == 0);
	expect(count == b->nedits);
	inc_free(&dirs);
}

static void
done(struct buf *b)
{
	size_t i;

	for (i = 0; i < b->nedits; i++)
		free(b->repls[i]);
	free(b->repls);
	free(b->edits);
	free(b->out);
}

static int
blanks(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

/* Is this edit one of the documented ones? */
static int
documented(const uint8_t *in, const struct jcf_edit *e)
{
	const uint8_t *old = in + e->offset;
	size_t n = e->oldlen;

	switch (e->kind) {
	case EDIT_DEFINED:
		if (strcmp(e->repl, "") != 0 && strcmp(e->repl, "!!") != 0)
			return 0;
		if (n >= 13 && memcmp(old, "CORE::defined", 13) == 0)
			return blanks(old + 13, n - 13);
		return n >= 7 && memcmp(old, "defined", 7) == 0 && blanks(old + 7, n - 7);
	case EDIT_DO:
		return strcmp(e->repl, "&") == 0 && n >= 3 && memcmp(old, "do", 2) == 0 &&
		    blanks(old + 2, n - 2);
	case EDIT_INC:
		return strcmp(e->repl, "./") == 0 && n == 0 &&
		    (old[-1] == '\'' || old[-1] == '"');
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf fixed, big, again;
	size_t step, i, pos = 0, opos = 0;

	if (size == 0)
		return 0;
	step = (size_t)(data[0] % 61) + 1;
	data++;
	size--;
	if (size == 0)
		return 0;

	check_may_need(data, size, step);

	/* The output is the input with exactly the reported edits. */
	run(&fixed, data, size, step);
	for (i = 0; i < fixed.nedits; i++) {
		const struct jcf_edit *e = &fixed.edits[i];

		expect(e->offset >= pos && e->offset + e->oldlen <= size);
		expect(documented(data, e));
		expect(memcmp(fixed.out + opos, data + pos, e->offset - pos) == 0);
		opos += e->offset - pos;
		expect(memcmp(fixed.out + opos, e->repl, e->repllen) == 0);
		opos += e->repllen;
		pos = e->offset + e->oldlen;
	}
	expect(fixed.outlen - opos == size - pos);
	expect(memcmp(fixed.out + opos, data + pos, size - pos) == 0);

	/* The read size changes nothing. */
	run(&big, data, size, 1 << 16);
	expect(big.outlen == fixed.outlen && memcmp(big.out, fixed.out, big.outlen) == 0);
	expect(big.nwarn == fixed.nwarn && big.warnsum == fixed.warnsum);
	done(&big);

	/* A second run finds nothing to do. */
	expect(fixed.outlen > 0);
	run(&again, (const uint8_t *)fixed.out, fixed.outlen, step);
	expect(again.nedits == 0 && again.outlen == fixed.outlen);
	expect(memcmp(again.out, fixed.out, fixed.outlen) == 0);
	done(&again);
	done(&fixed);
	return 0;
}
