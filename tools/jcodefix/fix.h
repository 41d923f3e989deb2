/* fix.h: find the constructs modern Perl rejects in a token stream and rewrite them. */
#ifndef JCODEFIX_FIX_H
#define JCODEFIX_FIX_H

#include "inc.h"
#include "lex.h"

enum jcf_kind { EDIT_DEFINED, EDIT_DO, EDIT_INC };

struct jcf_edit {
	enum jcf_kind kind;
	uint64_t offset;        /* first replaced input byte */
	size_t oldlen;          /* bytes replaced (0: an insertion) */
	const char *repl;       /* what replaces them */
	size_t repllen;
	unsigned long line;
	const char *show_old;   /* with opts.show: the construct before and after, */
	const char *show_new;   /* white space squeezed; else "" */
};

struct jcf_opts {
	int inc;                /* rewrite require 'x.pl' into require './x.pl' */
	const struct inc_dirs *incdirs; /* with inc: the file's own @INC changes, or NULL */
	int show;               /* fill in show_old and show_new */
	size_t chunk;           /* read size; 0 for the default */
};

struct jcf_hooks {
	void *ctx;
	lex_write_fn write;     /* the output; NULL to discard it */
	void (*edit)(void *ctx, const struct jcf_edit *e);
	void (*warn)(void *ctx, unsigned long line, const char *msg);
	/* With inc: is path (relative to the file's directory) a file? NULL: always. */
	int (*exists)(void *ctx, const char *path);
};

/* Copy a Perl source from rd to hooks->write with the edits the options ask for.
 * Returns 0, -1 on a read error (errno set), -2 if hooks->write failed.
 * *nedits counts the edits made. */
int jcf_run(lex_read_fn rd, void *rctx, const struct jcf_hooks *hooks,
    const struct jcf_opts *opts, unsigned long *nedits);

/* Could p[0..n) hold anything jcf_run edits or reports without inc? 0 only if certainly
 * not. A construct cut at the end counts; one cut at the start is for the caller to
 * see whole (read overlapping pieces: JCF_MAY_NEED_OVERLAP bytes). */
int jcf_may_need(const char *p, size_t n);
#define JCF_MAY_NEED_OVERLAP 16

#endif
