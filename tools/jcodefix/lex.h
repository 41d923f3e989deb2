/* lex.h: a streaming Perl 5 tokenizer that keeps every input byte, for jcodefix. */
#ifndef JCODEFIX_LEX_H
#define JCODEFIX_LEX_H

#include <stddef.h>
#include <string.h>
#include <stdint.h>
#include <sys/types.h>

enum tok_type {
	TK_EOF,
	/* Trivia: no meaning to the program (white space is the gap between tokens). */
	TK_COMMENT,
	TK_POD,
	TK_HEREDOC,     /* the bodies of the here-documents started on the line before */
	TK_FORMAT,      /* the picture lines of a format, through its "." line */
	TK_DATA,        /* everything after __END__ or __DATA__, in chunks */
	/* Significant tokens. */
	TK_WORD,        /* identifier or bareword, with :: and ' package separators */
	TK_VAR,         /* sigil and name: $x @x %x &x *x $#x $::x %main'x $* @- %^H */
	TK_CAST,        /* a sigil followed by $ or {: the % of %$r or %{...}, $# of $#{...} */
	TK_NUM,
	TK_STR,         /* '' "" `` q qq qw qx, a here-document operator, <FH> */
	TK_REGEX,       /* m// qr// s/// tr/// y/// and /.../ */
	TK_OP           /* punctuation and operators, ( ) [ ] { } ; , included */
};

#define TOK_TEXT_MAX 15

struct tok {
	enum tok_type type;
	uint64_t start, end;            /* absolute byte offsets in the input */
	unsigned long line;             /* line of the first byte */
	size_t len;                     /* end - start */
	char brace;                     /* a { or }: what it opens or closes, 'S' a subscript,
	                                 * 'D' a cast's block (%{...}), 'B' a block; else 0 */
	char text[TOK_TEXT_MAX + 1];    /* the first bytes, NUL-terminated */
};

/* Where the bytes come from: returns the number of bytes read, 0 at end, -1 on error. */
typedef ssize_t (*lex_read_fn)(void *ctx, char *buf, size_t n);
/* Where the bytes kept unchanged go: returns 0, or -1 on a write error. */
typedef int (*lex_write_fn)(void *ctx, const char *buf, size_t n);

struct heredoc {
	char *tag;
	size_t taglen;
	int indented;   /* <<~ */
};

struct lexer {
	lex_read_fn read;
	void *read_ctx;
	lex_write_fn write;     /* NULL: discard */
	void *write_ctx;
	size_t chunk;           /* bytes asked of read() at a time */

	char *buf;              /* holds input bytes [base, base + len) */
	size_t cap, len;
	uint64_t base;
	uint64_t pos;           /* next byte to tokenize */
	uint64_t tokstart;      /* start of the token being read */
	uint64_t hold;          /* earliest byte the caller still needs */
	uint64_t emitted;       /* bytes before this were written or replaced */
	int eof;
	int read_error;         /* errno of a failed read, or 0 */
	int write_error;
	char *obuf;             /* output not yet passed to write */
	size_t olen;

	unsigned long line;
	int expect_term;        /* an operand is expected (regex, not division) */
	int at_line_start;
	int in_data;            /* past __END__ / __DATA__ */
	enum tok_type prev_type;
	char prev_text[TOK_TEXT_MAX + 1];
	char *braces;           /* kind of each open {: 'S' subscript, 'D' deref, 'B' block */
	char brace;             /* the kind of the last { or } read */
	size_t nbraces, capbraces;
	struct heredoc *docs;   /* here-documents whose bodies start at the next newline */
	size_t ndocs, capdocs;
	int docs_now;           /* the bodies come next */
	int format_now;         /* a format's picture lines come next */
	int want_proto;         /* after "sub NAME": a ( is a prototype */
};

void lex_init(struct lexer *lx, lex_read_fn rd, void *rctx, lex_write_fn wr, void *wctx,
    size_t chunk);
void lex_free(struct lexer *lx);
/* Read the next token. At the end, type is TK_EOF. */
void lex_next(struct lexer *lx, struct tok *t);
/* The same by the general path alone, which lex_next must match token for token
 * (tests/fuzz/jcodefix-lexdiff.c compares them). */
void lex_general(struct lexer *lx, struct tok *t);
/* Replace the held input bytes [from, to) by repl in the output. */
void lex_replace(struct lexer *lx, uint64_t from, uint64_t to, const char *repl, size_t n);
/* Write everything left; call after TK_EOF. */
void lex_finish(struct lexer *lx);
/* Pass the buffered output to write (before a message that must come after it). */
void lex_flush(struct lexer *lx);
/* Byte at an absolute offset that is still held, or -1 past the end. */
int lex_byte(struct lexer *lx, uint64_t off);
/* Pointer to held bytes [off, off + n); valid until the next lex_next. */
const char *lex_ptr(struct lexer *lx, uint64_t off);

int perl_is_builtin(const char *w, size_t n);

/* Is t the token text of this type? (Inline: text is nearly always a literal.) */
static inline int
tok_is(const struct tok *t, enum tok_type type, const char *text)
{
	size_t n = __builtin_strlen(text);

	return t->type == type && t->len == n && __builtin_memcmp(t->text, text, n) == 0;
}

static inline int
tok_trivia(const struct tok *t)
{
	return t->type >= TK_COMMENT && t->type <= TK_DATA;
}

#endif
