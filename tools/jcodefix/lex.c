/* lex.c: tokenize Perl 5 source as a stream, telling code from comments, strings, regexes,
 * here-documents, POD and __END__ data, without ever changing a byte. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "lex.h"

#define HOLD_NONE UINT64_MAX
#define DATA_CHUNK 65536
#define OBUF_SIZE 65536

/* Words after which an operand comes: operators spelled as words, keywords, and the
 * builtins that take arguments. After any other word an operator is expected. */
static const char *const term_words[] = {
	"abs", "alarm", "and", "atan2", "binmode", "bless", "caller", "chdir", "chmod",
	"chomp", "chop", "chown", "chr", "chroot", "close", "closedir", "cmp", "connect",
	"cos", "crypt", "dbmclose", "dbmopen", "defined", "delete", "die", "do", "dump",
	"each", "else", "elsif", "eq", "eval", "exec", "exists", "exit", "exp", "fcntl",
	"fileno", "flock", "for", "foreach", "formline", "ge", "getc", "glob", "gmtime",
	"goto", "grep", "gt", "hex", "if", "index", "int", "ioctl", "join", "keys", "kill",
	"last", "lc", "lcfirst", "le", "length", "link", "listen", "local", "localtime",
	"lock", "log", "lstat", "lt", "map", "mkdir", "msgctl", "msgget", "msgrcv",
	"msgsnd", "my", "ne", "next", "no", "not", "oct", "open", "opendir", "or", "ord",
	"our", "pack", "pipe", "pop", "pos", "print", "printf", "prototype", "push",
	"quotemeta", "rand", "read", "readdir", "readline", "readlink", "readpipe", "recv",
	"redo", "ref", "rename", "require", "reset", "return", "reverse", "rewinddir",
	"rindex", "rmdir", "say", "scalar", "seek", "seekdir", "select", "semctl",
	"semget", "semop", "send", "setpgrp", "shift", "shmctl", "shmget", "shmread",
	"shmwrite", "shutdown", "sin", "sleep", "socket", "socketpair", "sort", "splice",
	"split", "sprintf", "sqrt", "srand", "stat", "state", "study", "substr", "symlink",
	"syscall", "sysopen", "sysread", "sysseek", "system", "syswrite", "tell",
	"telldir", "tie", "tied", "truncate", "uc", "ucfirst", "umask", "undef", "unless",
	"unlink", "unpack", "unshift", "untie", "until", "use", "utime", "values", "vec",
	"waitpid", "warn", "when", "while", "write", "x", "xor",
};

/* Builtins and keywords that take no operand but are still not user subroutines. */
static const char *const other_builtins[] = {
	"BEGIN", "CORE", "END", "__FILE__", "__LINE__", "__PACKAGE__", "continue",
	"fork", "getlogin", "getppid", "getpwent", "local", "package", "sub", "time",
	"times", "wait", "wantarray",
};

static int
in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	size_t lo = 0, hi = n;

	/* The lists are sorted (in C locale order). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(list[mid], w, len);

		if (c == 0 && list[mid][len] != '\0')
			c = 1;
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* A hash set of term_words, built on first use: every word of the input is looked up. */
#define TERM_SLOTS 1024
static const char *term_slot[TERM_SLOTS];
static size_t term_slot_len[TERM_SLOTS];

/* From the length and three letters: no loop (n >= 1). */
static inline unsigned
word_hash(const char *w, size_t n)
{
	unsigned h = (unsigned)n * 977u + (unsigned char)w[0] * 31u +
	    (unsigned char)w[n / 2] * 7u + (unsigned char)w[n - 1];

	return (h ^ (h >> 5)) & (TERM_SLOTS - 1);
}

static int
is_term_word(const char *w, size_t n)
{
	static int built;
	unsigned h;

	if (n == 0 || n > 12)
		return 0;
	if (!built) {
		size_t i;

		for (i = 0; i < sizeof term_words / sizeof term_words[0]; i++) {
			size_t len = strlen(term_words[i]);

			h = word_hash(term_words[i], len);
			while (term_slot[h] != NULL)
				h = (h + 1) & (TERM_SLOTS - 1);
			term_slot[h] = term_words[i];
			term_slot_len[h] = len;
		}
		built = 1;
	}
	for (h = word_hash(w, n); term_slot[h] != NULL; h = (h + 1) & (TERM_SLOTS - 1))
		if (term_slot_len[h] == n && memcmp(term_slot[h], w, n) == 0)
			return 1;
	return 0;
}

int
perl_is_builtin(const char *w, size_t n)
{
	return is_term_word(w, n) ||
	    in_list(other_builtins, sizeof other_builtins / sizeof other_builtins[0], w, n);
}

/* The class of every byte: the one table behind every question about a byte below. */
enum {
	F_OTHER,        /* anything else: NUL, controls, bytes >= 0x80, ` \\ */
	F_BLANK,        /* space, tab, CR, FF, VT */
	F_NL,
	F_WORD,         /* letter or _ */
	F_DIGIT,
	F_PUNCT1,       /* ; , ( ) [ ] */
	F_OP,           /* = ! + ? | > ~ ^ . - & * % / < : operators, mostly */
	F_DOLLAR,
	F_AT,
	F_QUOTE,        /* ' " */
	F_HASH,
	F_LBRACE,
	F_RBRACE
};

static const unsigned char lex_class[256] = {
	[' '] = F_BLANK, ['\t'] = F_BLANK, ['\r'] = F_BLANK, ['\f'] = F_BLANK,
	['\v'] = F_BLANK, ['\n'] = F_NL,
	['0'] = F_DIGIT, ['1'] = F_DIGIT, ['2'] = F_DIGIT, ['3'] = F_DIGIT, ['4'] = F_DIGIT,
	['5'] = F_DIGIT, ['6'] = F_DIGIT, ['7'] = F_DIGIT, ['8'] = F_DIGIT, ['9'] = F_DIGIT,
	['A'] = F_WORD, ['B'] = F_WORD, ['C'] = F_WORD, ['D'] = F_WORD, ['E'] = F_WORD,
	['F'] = F_WORD, ['G'] = F_WORD, ['H'] = F_WORD, ['I'] = F_WORD, ['J'] = F_WORD,
	['K'] = F_WORD, ['L'] = F_WORD, ['M'] = F_WORD, ['N'] = F_WORD, ['O'] = F_WORD,
	['P'] = F_WORD, ['Q'] = F_WORD, ['R'] = F_WORD, ['S'] = F_WORD, ['T'] = F_WORD,
	['U'] = F_WORD, ['V'] = F_WORD, ['W'] = F_WORD, ['X'] = F_WORD, ['Y'] = F_WORD,
	['Z'] = F_WORD, ['_'] = F_WORD,
	['a'] = F_WORD, ['b'] = F_WORD, ['c'] = F_WORD, ['d'] = F_WORD, ['e'] = F_WORD,
	['f'] = F_WORD, ['g'] = F_WORD, ['h'] = F_WORD, ['i'] = F_WORD, ['j'] = F_WORD,
	['k'] = F_WORD, ['l'] = F_WORD, ['m'] = F_WORD, ['n'] = F_WORD, ['o'] = F_WORD,
	['p'] = F_WORD, ['q'] = F_WORD, ['r'] = F_WORD, ['s'] = F_WORD, ['t'] = F_WORD,
	['u'] = F_WORD, ['v'] = F_WORD, ['w'] = F_WORD, ['x'] = F_WORD, ['y'] = F_WORD,
	['z'] = F_WORD,
	[';'] = F_PUNCT1, [','] = F_PUNCT1, ['('] = F_PUNCT1, [')'] = F_PUNCT1,
	['['] = F_PUNCT1, [']'] = F_PUNCT1,
	['='] = F_OP, ['!'] = F_OP, ['+'] = F_OP, ['?'] = F_OP, ['|'] = F_OP, ['>'] = F_OP,
	['~'] = F_OP, ['^'] = F_OP, ['.'] = F_OP, ['-'] = F_OP, ['&'] = F_OP, ['*'] = F_OP,
	['%'] = F_OP, ['/'] = F_OP, ['<'] = F_OP, [':'] = F_OP,
	['$'] = F_DOLLAR, ['@'] = F_AT, ['\''] = F_QUOTE, ['"'] = F_QUOTE, ['#'] = F_HASH,
	['{'] = F_LBRACE, ['}'] = F_RBRACE,
};

static inline int
is_word_start(int c)
{
	return c >= 0 && lex_class[c] == F_WORD;
}

static inline int
is_word_char(int c)
{
	return c >= 0 && (lex_class[c] == F_WORD || lex_class[c] == F_DIGIT);
}

static inline int
is_digit(int c)
{
	return c >= 0 && lex_class[c] == F_DIGIT;
}

static inline int
is_space(int c)
{
	return c >= 0 && (lex_class[c] == F_BLANK || lex_class[c] == F_NL);
}

static int
is_punct(int c)
{
	return c > ' ' && c < 0x7f && !is_word_char(c);
}

void
lex_init(struct lexer *lx, lex_read_fn rd, void *rctx, lex_write_fn wr, void *wctx,
    size_t chunk)
{
	memset(lx, 0, sizeof *lx);
	lx->read = rd;
	lx->read_ctx = rctx;
	lx->write = wr;
	lx->write_ctx = wctx;
	lx->chunk = chunk > 0 ? chunk : 1;
	lx->cap = lx->chunk < 4096 ? 4096 : lx->chunk;
	lx->buf = kmalloc(lx->cap);
	lx->obuf = kmalloc(OBUF_SIZE);
	lx->hold = HOLD_NONE;
	lx->line = 1;
	lx->expect_term = 1;
	lx->at_line_start = 1;
	lx->prev_type = TK_OP;
	strcpy(lx->prev_text, ";");
}

void
lex_free(struct lexer *lx)
{
	size_t i;

	for (i = 0; i < lx->ndocs; i++)
		free(lx->docs[i].tag);
	free(lx->docs);
	free(lx->braces);
	free(lx->buf);
	lx->buf = NULL;
	free(lx->obuf);
	lx->obuf = NULL;
}

void
lex_flush(struct lexer *lx)
{
	if (lx->olen > 0 && !lx->write_error && lx->write(lx->write_ctx, lx->obuf, lx->olen) != 0)
		lx->write_error = 1;
	lx->olen = 0;
}

/* The output goes through a buffer: between edits the pieces are small. */
static void
out(struct lexer *lx, const char *p, size_t n)
{
	if (n == 0 || lx->write == NULL || lx->write_error)
		return;
	if (n > OBUF_SIZE - lx->olen) {
		lex_flush(lx);
		if (n >= OBUF_SIZE) {
			if (!lx->write_error && lx->write(lx->write_ctx, p, n) != 0)
				lx->write_error = 1;
			return;
		}
	}
	memcpy(lx->obuf + lx->olen, p, n);
	lx->olen += n;
}

static void
emit_until(struct lexer *lx, uint64_t to)
{
	if (to <= lx->emitted)
		return;
	out(lx, lx->buf + (lx->emitted - lx->base), (size_t)(to - lx->emitted));
	lx->emitted = to;
}

void
lex_replace(struct lexer *lx, uint64_t from, uint64_t to, const char *repl, size_t n)
{
	emit_until(lx, from);
	out(lx, repl, n);
	lx->emitted = to;
}

void
lex_finish(struct lexer *lx)
{
	emit_until(lx, lx->base + lx->len);
	lex_flush(lx);
}

/* Make the byte at off available; drop from the buffer what nobody holds. */
static int
fill(struct lexer *lx, uint64_t off)
{
	while (off >= lx->base + lx->len) {
		uint64_t keep = lx->tokstart < lx->hold ? lx->tokstart : lx->hold;
		size_t room;
		ssize_t n;

		if (lx->eof)
			return -1;
		if (keep > lx->base) {
			size_t drop;

			if (lx->emitted < keep)
				emit_until(lx, keep);
			drop = (size_t)(keep - lx->base);
			memmove(lx->buf, lx->buf + drop, lx->len - drop);
			lx->len -= drop;
			lx->base = keep;
		}
		/* Grow only when full: a realloc copies the whole buffer, which for a
		 * small file under -r cost more than lexing it. */
		if (lx->len == lx->cap) {
			lx->cap = lx->cap * 2 > lx->len + lx->chunk ? lx->cap * 2 : lx->len + lx->chunk;
			lx->buf = kreallocarray(lx->buf, lx->cap, 1);
		}
		room = lx->cap - lx->len;
		if (room > lx->chunk)
			room = lx->chunk;
		n = lx->read(lx->read_ctx, lx->buf + lx->len, room);
		if (n < 0) {
			lx->read_error = errno ? errno : EIO;
			lx->eof = 1;
		} else if (n == 0) {
			lx->eof = 1;
		} else {
			lx->len += (size_t)n;
		}
	}
	return 0;
}

static inline int
ch(struct lexer *lx, uint64_t off)
{
	if (off - lx->base < lx->len)
		return (unsigned char)lx->buf[off - lx->base];
	if (fill(lx, off) < 0)
		return -1;
	return (unsigned char)lx->buf[off - lx->base];
}

int
lex_byte(struct lexer *lx, uint64_t off)
{
	return ch(lx, off);
}

const char *
lex_ptr(struct lexer *lx, uint64_t off)
{
	return lx->buf + (off - lx->base);
}

/* Offset past the run of bytes of the classes [lo, hi] starting at p (the hot loops). */
static uint64_t
span(struct lexer *lx, uint64_t p, unsigned char lo, unsigned char hi)
{
	for (;;) {
		const unsigned char *b, *q, *end;

		if (ch(lx, p) < 0)
			return p;
		b = (const unsigned char *)lx->buf;
		q = b + (p - lx->base);
		end = b + lx->len;
		while (q < end && (unsigned)(lex_class[*q] - lo) <= (unsigned)(hi - lo))
			q++;
		p = lx->base + (uint64_t)(q - b);
		if (q < end)
			return p;
	}
}

/* Offset of the next byte b at or after p, or the end of input. */
static uint64_t
find_byte(struct lexer *lx, uint64_t p, int b)
{
	for (;;) {
		const char *q;
		size_t off;

		if (ch(lx, p) < 0)
			return p;
		off = (size_t)(p - lx->base);
		q = memchr(lx->buf + off, b, lx->len - off);
		if (q != NULL)
			return lx->base + (uint64_t)(q - lx->buf);
		p = lx->base + lx->len;
	}
}

/* Offset just past the next newline at or after p (or the end of input). */
static uint64_t
next_line(struct lexer *lx, uint64_t p)
{
	p = find_byte(lx, p, '\n');
	return ch(lx, p) < 0 ? p : p + 1;
}

static int
closing_of(int open)
{
	switch (open) {
	case '(': return ')';
	case '[': return ']';
	case '{': return '}';
	case '<': return '>';
	default: return open;
	}
}

/* p is just past an opening delimiter; return the offset past its closing one. */
static uint64_t
scan_delimited(struct lexer *lx, uint64_t p, int open)
{
	int close = closing_of(open);
	size_t depth = 0;

	for (;;) {
		const unsigned char *b, *q, *end;
		int c;

		if (ch(lx, p) < 0)
			return p;
		b = (const unsigned char *)lx->buf;
		q = b + (p - lx->base);
		end = b + lx->len;
		while (q < end && *q != close && *q != '\\' && *q != open)
			q++;
		p = lx->base + (uint64_t)(q - b);
		if (q == end)
			continue;
		c = *q;
		p++;
		if (c == '\\') {
			if (ch(lx, p) >= 0)
				p++;
		} else if (c == close) {
			if (depth == 0)
				return p;
			depth--;
		} else {
			depth++;
		}
	}
}

/* Skip white space and comments (between the parts of s{}{} or after q). */
static uint64_t
skip_space_comments(struct lexer *lx, uint64_t p)
{
	int c;

	while ((c = ch(lx, p)) >= 0) {
		if (is_space(c))
			p++;
		else if (c == '#')
			p = find_byte(lx, p, '\n');
		else
			break;
	}
	return p;
}

/* An identifier at p (already known to start with a letter, _ or ::), with ::
 * separators and, if old_sep, the old ' separator. */
static uint64_t
scan_ident(struct lexer *lx, uint64_t p, int old_sep)
{
	int c;

	for (;;) {
		p = span(lx, p, F_WORD, F_DIGIT);
		c = ch(lx, p);
		if (c == ':' && ch(lx, p + 1) == ':')
			p += 2;
		else if (c == '\'' && old_sep && is_word_start(ch(lx, p + 1)))
			p += 2;
		else
			return p;
	}
}

static uint64_t
scan_modifiers(struct lexer *lx, uint64_t p)
{
	int c;

	while ((c = ch(lx, p)) >= 0 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		p++;
	return p;
}

static void
push_brace(struct lexer *lx, char kind)
{
	if (lx->nbraces == lx->capbraces) {
		lx->capbraces = lx->capbraces ? lx->capbraces * 2 : 16;
		lx->braces = kreallocarray(lx->braces, lx->capbraces, 1);
	}
	lx->braces[lx->nbraces++] = kind;
}

static char
pop_brace(struct lexer *lx)
{
	return lx->nbraces > 0 ? lx->braces[--lx->nbraces] : 'B';
}

static void
add_heredoc(struct lexer *lx, uint64_t from, uint64_t to, int indented)
{
	struct heredoc *d;
	size_t n = (size_t)(to - from), i;

	if (lx->ndocs == lx->capdocs) {
		lx->capdocs = lx->capdocs ? lx->capdocs * 2 : 4;
		lx->docs = kreallocarray(lx->docs, lx->capdocs, sizeof *lx->docs);
	}
	d = &lx->docs[lx->ndocs++];
	d->tag = kmalloc(n + 1);
	for (i = 0; i < n; i++)
		d->tag[i] = (char)ch(lx, from + i);
	d->tag[n] = '\0';
	d->taglen = n;
	d->indented = indented;
}

/* Is the line [from, to) (newline excluded) the terminator tag? */
static int
is_terminator(struct lexer *lx, uint64_t from, uint64_t to, const struct heredoc *d)
{
	size_t i;

	if (to > from && ch(lx, to - 1) == '\r')
		to--;
	if (d->indented)
		while (from < to && (ch(lx, from) == ' ' || ch(lx, from) == '\t'))
			from++;
	if (to - from != d->taglen)
		return 0;
	for (i = 0; i < d->taglen; i++)
		if (ch(lx, from + i) != (unsigned char)d->tag[i])
			return 0;
	return 1;
}

static uint64_t
scan_heredoc_bodies(struct lexer *lx, uint64_t p)
{
	size_t i;

	for (i = 0; i < lx->ndocs; i++) {
		for (;;) {
			uint64_t nl;

			if (ch(lx, p) < 0)
				goto done;
			nl = find_byte(lx, p, '\n');
			if (is_terminator(lx, p, nl, &lx->docs[i])) {
				p = ch(lx, nl) < 0 ? nl : nl + 1;
				break;
			}
			p = ch(lx, nl) < 0 ? nl : nl + 1;
		}
	}
done:
	for (i = 0; i < lx->ndocs; i++)
		free(lx->docs[i].tag);
	lx->ndocs = 0;
	return p;
}

/* A format's picture lines end with a line holding a single dot. */
static uint64_t
scan_format(struct lexer *lx, uint64_t p)
{
	while (ch(lx, p) >= 0) {
		uint64_t nl = find_byte(lx, p, '\n'), q = p;
		int dot = ch(lx, q) == '.';

		if (dot) {
			q++;
			while (q < nl && (ch(lx, q) == ' ' || ch(lx, q) == '\t' || ch(lx, q) == '\r'))
				q++;
		}
		p = ch(lx, nl) < 0 ? nl : nl + 1;
		if (dot && q == nl)
			break;
	}
	return p;
}

/* POD runs from a =word line through the line of the next =cut. */
static uint64_t
scan_pod(struct lexer *lx, uint64_t p)
{
	p = next_line(lx, p);
	while (ch(lx, p) >= 0) {
		if (ch(lx, p) == '=' && ch(lx, p + 1) == 'c' && ch(lx, p + 2) == 'u' &&
		    ch(lx, p + 3) == 't' && !is_word_char(ch(lx, p + 4)))
			return next_line(lx, p);
		p = next_line(lx, p);
	}
	return p;
}

static uint64_t
scan_number(struct lexer *lx, uint64_t p)
{
	int c = ch(lx, p), x = ch(lx, p + 1);

	if (c == '0' && (x == 'x' || x == 'X' || x == 'b' || x == 'B')) {
		p += 2;
		while (is_word_char(ch(lx, p)))
			p++;
		return p;
	}
	while (is_digit(ch(lx, p)) || ch(lx, p) == '_')
		p++;
	if (ch(lx, p) == '.' && is_digit(ch(lx, p + 1))) {
		p++;
		while (is_digit(ch(lx, p)) || ch(lx, p) == '_')
			p++;
	}
	c = ch(lx, p);
	if (c == 'e' || c == 'E') {
		uint64_t q = p + 1;

		if (ch(lx, q) == '+' || ch(lx, q) == '-')
			q++;
		if (is_digit(ch(lx, q))) {
			p = q;
			while (is_digit(ch(lx, p)))
				p++;
		}
	}
	return p;
}

/* The length of the operator at p: the longest of the multi-byte ones, or 1. */
static uint64_t
scan_operator(struct lexer *lx, uint64_t p)
{
	int c = ch(lx, p), d = ch(lx, p + 1);

	switch (c) {
	case '<':
		if (d == '=' && ch(lx, p + 2) == '>')
			return p + 3;
		/* FALLTHROUGH */
	case '>':
		if (d == c)
			return p + (ch(lx, p + 2) == '=' ? 3 : 2);
		return p + (d == '=' ? 2 : 1);
	case '*': case '|': case '&': case '/':
		if (d == c)
			return p + (ch(lx, p + 2) == '=' ? 3 : 2);
		return p + (d == '=' ? 2 : 1);
	case '.':
		if (d == '.')
			return p + (ch(lx, p + 2) == '.' ? 3 : 2);
		return p + (d == '=' ? 2 : 1);
	case '-':
		return p + (d == '>' || d == '-' || d == '=' ? 2 : 1);
	case '+':
		return p + (d == '+' || d == '=' ? 2 : 1);
	case '=':
		return p + (d == '~' || d == '=' || d == '>' ? 2 : 1);
	case '!':
		return p + (d == '~' || d == '=' ? 2 : 1);
	case '%': case '^':
		return p + (d == '=' ? 2 : 1);
	case ':':
		return p + (d == ':' ? 2 : 1);
	default:
		return p + 1;
	}
}

/* After $: a variable, a cast ($$r, ${...}), $#x, $#{...} or a punctuation variable. */
static enum tok_type
scan_dollar(struct lexer *lx, uint64_t *pp)
{
	uint64_t p = *pp + 1;
	int c = ch(lx, p), c2 = ch(lx, p + 1);
	enum tok_type type = TK_VAR;

	if (c == '#') {
		if (c2 == '{' || c2 == '$') {
			p++;
			type = TK_CAST;
		} else if (is_word_start(c2) || (c2 == ':' && ch(lx, p + 2) == ':')) {
			p = scan_ident(lx, p + 1, 1);
		} else if (c2 == '-' || c2 == '+') {
			p += 2;
		} else {
			p++;
		}
	} else if (is_word_start(c) || (c == ':' && c2 == ':')) {
		p = scan_ident(lx, p, 1);
	} else if (c == '$') {
		if (is_word_start(c2) || c2 == '{' || c2 == '$' || c2 == ':')
			type = TK_CAST;
		else
			p++;
	} else if (c == '{' || c < 0 || is_space(c) || c >= 0x80) {
		type = TK_CAST;
	} else if (is_digit(c)) {
		while (is_digit(ch(lx, p)))
			p++;
	} else if (c == '^' && c2 >= 0 && (is_word_start(c2) || c2 == '[' || c2 == ']' ||
	    c2 == '?' || c2 == '\\')) {
		p += 2;
	} else if (c == '\'' && is_word_start(c2)) {
		p = scan_ident(lx, p + 1, 1);
	} else {
		p++;
	}
	*pp = p;
	return type;
}

/* After @ % & * in operand position: a variable, a cast, or NULL for an operator. */
static enum tok_type
scan_sigil(struct lexer *lx, uint64_t *pp, int sigil)
{
	uint64_t p = *pp + 1;
	int c = ch(lx, p), c2 = ch(lx, p + 1);

	if (is_word_start(c) || (c == ':' && c2 == ':')) {
		*pp = scan_ident(lx, p, 1);
		return TK_VAR;
	}
	if (c == '$' || c == '{') {
		*pp = p;
		return TK_CAST;
	}
	/* The old package separator: &'f @'x %'h *'g are &main::f..., and a ' with
	 * no name after it is the variable named ' (@' %' &' *'), never a quote. */
	if (c == '\'') {
		*pp = is_word_start(c2) ? scan_ident(lx, p + 1, 1) : p + 1;
		return TK_VAR;
	}
	/* Perl allows white space between the sigil and the name: % x, @
	 * x (a hash or an array, where an operand is expected). */
	if ((sigil == '@' || sigil == '%') && is_space(c)) {
		uint64_t q = p;

		/* (Not past a new line where here-document bodies or a format start.) */
		while (is_space(ch(lx, q)) && (ch(lx, q) != '\n' ||
		    (lx->ndocs == 0 && lx->format_now != 1)))
			q++;
		if (is_word_start(ch(lx, q)) || (ch(lx, q) == ':' && ch(lx, q + 1) == ':')) {
			*pp = scan_ident(lx, q, 1);
			return TK_VAR;
		}
	}
	if ((sigil == '@' || sigil == '%') && (c == '-' || c == '+')) {
		*pp = p + 1;
		return TK_VAR;
	}
	if (sigil == '%' && (c == '!' || (c == '^' && c2 >= 'A' && c2 <= 'Z'))) {
		*pp = p + (c == '^' ? 2 : 1);
		return TK_VAR;
	}
	return TK_OP;
}

static int
is_quote_word(const char *w, size_t n)
{
	if (n == 1)
		return w[0] == 'm' || w[0] == 'q' || w[0] == 's' || w[0] == 'y';
	if (n == 2 && w[0] == 'q')
		return w[1] == 'q' || w[1] == 'r' || w[1] == 'w' || w[1] == 'x';
	return n == 2 && w[0] == 't' && w[1] == 'r';
}

/* The word [s, e) is q, s, tr...: is it really a quote operator here? Returns the
 * offset of the opening delimiter, or 0 if it is a plain word. */
static uint64_t
quote_delimiter(struct lexer *lx, uint64_t e)
{
	uint64_t p = e;
	int c;

	if (lx->prev_type == TK_OP && strcmp(lx->prev_text, "->") == 0)
		return 0;
	if (lx->prev_type == TK_WORD && strcmp(lx->prev_text, "sub") == 0)
		return 0;
	if (ch(lx, e) == ':' && ch(lx, e + 1) == ':')
		return 0;
	while (ch(lx, p) == ' ' || ch(lx, p) == '\t')
		p++;
	if (ch(lx, p) == '=' && ch(lx, p + 1) == '>')
		return 0;
	if (ch(lx, p) == '}' && lx->prev_type == TK_OP && strcmp(lx->prev_text, "{") == 0)
		return 0;
	if (ch(lx, p) == ',' && p > e)
		return 0;
	p = e;
	for (;;) {
		c = ch(lx, p);
		if (is_space(c)) {
			p++;
		} else if (c == '#' && p > e) {
			p = find_byte(lx, p, '\n');
		} else {
			break;
		}
	}
	/* After white space even a letter delimits, as in Perl: q xabcx. */
	if (c < 0 || !(is_punct(c) || (p > e && is_word_char(c))))
		return 0;
	if (c == '=' && ch(lx, p + 1) == '>')
		return 0;
	return p;
}

static enum tok_type
scan_quote_op(struct lexer *lx, uint64_t *pp, uint64_t delim, const char *w, size_t n)
{
	int open = ch(lx, delim);
	uint64_t p = scan_delimited(lx, delim + 1, open);

	if ((n == 1 && (w[0] == 's' || w[0] == 'y')) || (n == 2 && w[0] == 't')) {
		if (closing_of(open) != open) {
			int open2;

			p = skip_space_comments(lx, p);
			open2 = ch(lx, p);
			if (open2 >= 0)
				p = scan_delimited(lx, p + 1, open2);
		} else {
			p = scan_delimited(lx, p, open);
		}
	}
	if (w[0] == 'q' && !(n == 2 && w[1] == 'r')) {
		*pp = p;
		return TK_STR;
	}
	*pp = scan_modifiers(lx, p);
	return TK_REGEX;
}

/* <<TAG, <<"TAG", <<'TAG', <<~TAG: returns 1 and sets *pp past it if it is one. */
static int
scan_heredoc_op(struct lexer *lx, uint64_t *pp, int term)
{
	uint64_t p = *pp + 2, from;
	int indented = 0, c;

	if (ch(lx, p) == '~') {
		indented = 1;
		p++;
	}
	c = ch(lx, p);
	if (!indented && term && (c == ' ' || c == '\t')) {
		while (ch(lx, p) == ' ' || ch(lx, p) == '\t')
			p++;
		c = ch(lx, p);
		if (c != '"' && c != '\'')
			return 0;
	}
	if (c == '"' || c == '\'' || c == '`') {
		uint64_t q;

		from = p + 1;
		q = from;
		while (ch(lx, q) >= 0 && ch(lx, q) != c && ch(lx, q) != '\n')
			q++;
		if (ch(lx, q) != c)
			return 0;
		add_heredoc(lx, from, q, indented);
		*pp = q + 1;
		return 1;
	}
	if (!is_word_start(c))
		return 0;
	from = p;
	while (is_word_char(ch(lx, p)))
		p++;
	add_heredoc(lx, from, p, indented);
	*pp = p;
	return 1;
}

/* <FH>, <$fh>, <*.c>: a readline or glob in operand position. */
static int
scan_readline(struct lexer *lx, uint64_t *pp)
{
	uint64_t p = *pp + 1;
	int c;

	while ((c = ch(lx, p)) >= 0 && c != '>' && c != '\n' && c != '<' && c != ';' && c != '=')
		p++;
	if (c != '>')
		return 0;
	*pp = p + 1;
	return 1;
}

static inline int
prev_is(const struct lexer *lx, enum tok_type type, const char *text)
{
	return lx->prev_type == type && lx->prev_text[0] == text[0] &&
	    strcmp(lx->prev_text, text) == 0;
}

/* The rules below decide what a token leaves expected. Each exists once: the fast path
 * (lex_fast) and the general one (lex_general) both call them. */

/* What a { opens, from the token before it: 'D' the block of a cast (%{...}), 'S' a
 * subscript ($h{k} $r->{k} $a[0]{k} $h{a}{b}), 'B' a block or an anonymous hash. */
static inline void
open_brace(struct lexer *lx, int term)
{
	char kind = 'B';

	if (lx->prev_type == TK_CAST)
		kind = 'D';
	else if (lx->prev_type == TK_VAR || prev_is(lx, TK_OP, "->") ||
	    prev_is(lx, TK_OP, "]") || (prev_is(lx, TK_OP, "}") && !term))
		kind = 'S';
	push_brace(lx, kind);
	lx->brace = kind;
	lx->expect_term = 1;
}

/* After a block an operand may follow (a statement); after a subscript, an operator. */
static inline void
close_brace(struct lexer *lx)
{
	lx->brace = pop_brace(lx);
	lx->expect_term = lx->brace == 'B';
}

/* ; , ( [ leave an operand expected, ) ] an operator. */
static inline void
punct1(struct lexer *lx, int c)
{
	lx->expect_term = c != ')' && c != ']';
}

/* A word: after -> or sub it is a name, and an operator follows (after sub, maybe a
 * prototype); __END__ and __DATA__ end the code; sub leaves a name expected; of the
 * other words, those of term_words leave an operand expected. */
static inline void
word_rule(struct lexer *lx, const char *w, size_t n)
{
	int after_arrow = prev_is(lx, TK_OP, "->");
	int after_sub = prev_is(lx, TK_WORD, "sub");

	lx->want_proto = after_sub;
	if (after_arrow || after_sub)
		lx->expect_term = 0;
	else if ((n == 7 && memcmp(w, "__END__", 7) == 0) ||
	    (n == 8 && memcmp(w, "__DATA__", 8) == 0))
		lx->in_data = 1;
	else if (n == 3 && memcmp(w, "sub", 3) == 0)
		lx->want_proto = 1, lx->expect_term = 0;
	else if (n > 6 && memcmp(w, "CORE::", 6) == 0)
		lx->expect_term = is_term_word(w + 6, n - 6);
	else
		lx->expect_term = is_term_word(w, n);
}

/* Is the F_OP byte c at s, with d after it, a plain operator here (what scan_operator
 * reads), and not a sigil, regex, here-document, <FH>, number, file test, POD or ::? */
static inline int
plain_operator(const struct lexer *lx, int c, int d, int term)
{
	if (term && strchr("%&*/<.-", c) != NULL)
		return 0;
	if (term && c == '=' && lx->at_line_start && is_word_start(d))
		return 0;
	return !(c == '<' && d == '<') && !(c == ':' && d == ':');
}

/* A variable leaves an operator expected; a cast ($$r %{...}) the operand it applies to. */
static inline void
variable_rule(struct lexer *lx, enum tok_type type)
{
	lx->expect_term = type == TK_CAST;
}

/* An operator leaves an operand expected, but ++ and -- leave the expectation as it was. */
static inline void
operator_rule(struct lexer *lx, int c, uint64_t len, int d)
{
	if (!(len == 2 && (c == '+' || c == '-') && d == c))
		lx->expect_term = 1;
}

static enum tok_type
lex_word(struct lexer *lx, uint64_t s, uint64_t *pp)
{
	uint64_t e = span(lx, s, F_WORD, F_DIGIT), delim;
	char w[TOK_TEXT_MAX + 1];
	size_t n = (size_t)(e - s);

	if (n <= 2) {
		memcpy(w, lex_ptr(lx, s), n);
		w[n] = '\0';
		if (is_quote_word(w, n) && (delim = quote_delimiter(lx, e)) != 0)
			return scan_quote_op(lx, pp, delim, w, n);
	}
	if (ch(lx, e) == ':' || ch(lx, e) == '\'')
		e = scan_ident(lx, e, 1);
	*pp = e;
	word_rule(lx, lex_ptr(lx, s), (size_t)(e - s));
	return TK_WORD;
}

static enum tok_type
lex_punct(struct lexer *lx, int c, uint64_t s, uint64_t *pp)
{
	uint64_t p = s;
	int term = lx->expect_term;
	enum tok_type type;

	if (lex_class[c] == F_OP && plain_operator(lx, c, ch(lx, s + 1), term)) {
		*pp = scan_operator(lx, s);
		operator_rule(lx, c, *pp - s, ch(lx, s + 1));
		return TK_OP;
	}
	switch (c) {
	case '#':
		*pp = find_byte(lx, s, '\n');
		return TK_COMMENT;
	case '\'': case '"': case '`':
		*pp = scan_delimited(lx, s + 1, c);
		lx->expect_term = 0;
		return TK_STR;
	case '$':
		type = scan_dollar(lx, &p);
		*pp = p;
		variable_rule(lx, type);
		return type;
	case '@': case '%': case '&': case '*':
		if (c == '@' || term) {
			type = scan_sigil(lx, &p, c);
			if (type != TK_OP) {
				*pp = p;
				variable_rule(lx, type);
				return type;
			}
		}
		break;
	case '/':
		if (term) {
			*pp = scan_modifiers(lx, scan_delimited(lx, s + 1, '/'));
			lx->expect_term = 0;
			return TK_REGEX;
		}
		break;
	case '<':
		/* A shift by a string or a bareword makes no sense: after a term too,
		 * <<"EOF" and <<EOF start a here-document (print $fh <<EOF). */
		if (ch(lx, s + 1) == '<' &&
		    scan_heredoc_op(lx, &p, term || lx->prev_type == TK_WORD)) {
			*pp = p;
			lx->expect_term = 0;
			return TK_STR;
		}
		if (term && scan_readline(lx, &p)) {
			*pp = p;
			lx->expect_term = 0;
			return TK_STR;
		}
		break;
	case '.':
		if (term && is_digit(ch(lx, s + 1))) {
			*pp = scan_number(lx, s);
			lx->expect_term = 0;
			return TK_NUM;
		}
		break;
	case '-':
		if (term && ch(lx, s + 1) > 0 && strchr("rwxoRWXOezsfdlpSbcugktTBAMC",
		    ch(lx, s + 1)) != NULL && !is_word_char(ch(lx, s + 2)) &&
		    ch(lx, s + 2) != '=') {
			*pp = s + 2;
			return TK_OP;
		}
		break;
	case '(':
		if (lx->want_proto) {
			*pp = scan_delimited(lx, s + 1, '(');
			lx->want_proto = 0;
			lx->expect_term = 0;
			return TK_STR;
		}
		punct1(lx, c);
		*pp = s + 1;
		return TK_OP;
	case '{':
		open_brace(lx, term);
		*pp = s + 1;
		return TK_OP;
	case '}':
		close_brace(lx);
		*pp = s + 1;
		return TK_OP;
	case ';': case ',': case '[': case ')': case ']':
		punct1(lx, c);
		*pp = s + 1;
		return TK_OP;
	default:
		break;
	}
	p = scan_operator(lx, s);
	*pp = p;
	if (c >= 0x80 || c < ' ')
		return TK_OP;   /* a stray byte changes nothing */
	operator_rule(lx, c, p - s, ch(lx, s + 1));
	return TK_OP;
}

/* Skip white space before a token, counting lines. A newline stops it when
 * here-document bodies or a format's picture lines start on the next line. */
static void count_lines(struct lexer *lx, uint64_t from, uint64_t to);

static inline __attribute__((always_inline)) uint64_t
skip_space(struct lexer *lx, uint64_t p)
{
	int c;

	if (lx->ndocs == 0 && lx->format_now != 1) {
		uint64_t e;

		c = ch(lx, p);
		if (c < 0 || !is_space(c))
			return p;       /* most tokens follow another directly */
		if ((c == ' ' || c == '\t') && !is_space(ch(lx, p + 1))) {
			lx->at_line_start = 0;
			return p + 1;
		}
		e = span(lx, p, F_BLANK, F_NL);

		if (e > p) {
			lx->tokstart = p;
			(void)ch(lx, e - 1);
			count_lines(lx, p, e);
			lx->at_line_start = lx->buf[e - 1 - lx->base] == '\n';
		}
		return e;
	}
	while ((c = ch(lx, p)) >= 0 && is_space(c)) {
		p++;
		if (c != '\n') {
			lx->at_line_start = 0;
			continue;
		}
		lx->line++;
		lx->at_line_start = 1;
		if (lx->ndocs > 0) {
			lx->docs_now = 1;
			break;
		}
		if (lx->format_now == 1) {
			lx->format_now = 2;
			break;
		}
	}
	return p;
}

static void
count_lines(struct lexer *lx, uint64_t from, uint64_t to)
{
	const char *p = lx->buf + (from - lx->base), *end = lx->buf + (to - lx->base);

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lx->line++;
		p++;
	}
}

static enum tok_type
lex_code(struct lexer *lx, uint64_t s, uint64_t *pp)
{
	int c = ch(lx, s);

	if (c < 0) {
		*pp = s;
		return TK_EOF;
	}
	if (c == '=' && lx->at_line_start && lx->expect_term && is_word_start(ch(lx, s + 1))) {
		*pp = scan_pod(lx, s);
		return TK_POD;
	}
	if (is_word_start(c) || (c == ':' && ch(lx, s + 1) == ':' &&
	    is_word_start(ch(lx, s + 2)))) {
		if (c == ':') {
			*pp = scan_ident(lx, s, 1);
			lx->expect_term = 0;
			return TK_WORD;
		}
		return lex_word(lx, s, pp);
	}
	if (is_digit(c)) {
		*pp = scan_number(lx, s);
		lx->expect_term = 0;
		return TK_NUM;
	}
	return lex_punct(lx, c, s, pp);
}

/* A format's picture starts on the line after "format NAME =". */
static void
track_format(struct lexer *lx, const struct tok *t, int was_term)
{
	if (tok_is(t, TK_WORD, "format") && lx->format_now == 0 && was_term)
		lx->format_now = -1;
	else if (lx->format_now == -1 && t->type == TK_WORD)
		lx->format_now = -2;
	else if ((lx->format_now == -1 || lx->format_now == -2) && tok_is(t, TK_OP, "="))
		lx->format_now = 1;
	else if (lx->format_now < 0 || (lx->format_now == 1 && t->type != TK_COMMENT))
		lx->format_now = 0;
}

/* Fill in t for the token [s, e) of this type, and keep what the next token needs. */
static inline __attribute__((always_inline)) void
finish_token(struct lexer *lx, struct tok *t, uint64_t s, uint64_t e, enum tok_type type,
    int was_term)
{
	const char *from = lx->buf + (s - lx->base);

	t->type = type;
	t->start = s;
	t->end = e;
	t->len = (size_t)(e - s);
	t->line = lx->line;
	t->brace = type == TK_OP && t->len == 1 && (*from == '{' || *from == '}') ? lx->brace : 0;
	/* A fixed-size copy (bytes past the token are cut off by the NUL) is much faster
	 * than a variable one, and the buffer nearly always has room for it. */
	if ((size_t)(s - lx->base) + sizeof t->text <= lx->cap)
		memcpy(t->text, from, sizeof t->text);
	else
		memcpy(t->text, from, t->len < TOK_TEXT_MAX ? t->len : TOK_TEXT_MAX);
	t->text[t->len < TOK_TEXT_MAX ? t->len : TOK_TEXT_MAX] = '\0';
	if (e > s) {
		/* Only these can hold a newline (a variable as % x); words and operators cannot. */
		if (type == TK_STR || type == TK_REGEX || type == TK_POD || type == TK_HEREDOC ||
		    type == TK_FORMAT || type == TK_DATA || (type == TK_OP && t->len > 1) ||
		    (type == TK_VAR && t->len > 2)) {
			count_lines(lx, s, e);
			lx->at_line_start = lx->buf[e - 1 - lx->base] == '\n';
		} else {
			lx->at_line_start = 0;
		}
	}
	lx->pos = e;
	if (tok_trivia(t) || type == TK_EOF)
		return;
	if (lx->format_now != 0 || type == TK_WORD)
		track_format(lx, t, was_term);
	if (type != TK_WORD && type != TK_STR)
		lx->want_proto = 0;
	lx->prev_type = type;
	if (t->len > TOK_TEXT_MAX) {
		lx->prev_text[0] = '\0';
	} else {
		/* From the buffer, not t->text: reading back what was just written in
		 * pieces stalls the CPU. */
		if ((size_t)(s - lx->base) + sizeof lx->prev_text <= lx->cap)
			memcpy(lx->prev_text, from, sizeof lx->prev_text);
		else
			memcpy(lx->prev_text, from, t->len);
		lx->prev_text[t->len] = '\0';
	}
}

/* Past the identifier at q (a word start), if it ends inside the buffer without a
 * package separator (:: or '); else NULL, for the general path. */
static inline const unsigned char *
fast_ident(const unsigned char *q, const unsigned char *end)
{
	while (q < end && (lex_class[*q] == F_WORD || lex_class[*q] == F_DIGIT))
		q++;
	if (q == end || *q == ':' || *q == '\'')
		return NULL;
	return q;
}

/* The commonest tokens of plain code, read with less work than lex_code does: words,
 * $x and @x, ; , ( ) [ ], braces, plain operators. Returns the end of the token and
 * sets *type, or returns 0 for lex_code. Every decision is one of the rules above. */
static inline uint64_t
fast_token(struct lexer *lx, uint64_t s, enum tok_type *type)
{
	const unsigned char *b = (const unsigned char *)lx->buf;
	const unsigned char *q = b + (s - lx->base), *end = b + lx->len, *e;
	int c = *q, term = lx->expect_term;

	if (end - q < 3)
		return 0;
	*type = TK_OP;
	switch (lex_class[c]) {
	case F_WORD:
		if ((e = fast_ident(q + 1, end)) == NULL ||
		    (e - q <= 2 && is_quote_word((const char *)q, (size_t)(e - q))))
			return 0;
		word_rule(lx, (const char *)q, (size_t)(e - q));
		*type = TK_WORD;
		return s + (uint64_t)(e - q);
	case F_DOLLAR: case F_AT:
		/* $name @name, no package separator */
		if (lex_class[q[1]] != F_WORD || (e = fast_ident(q + 2, end)) == NULL)
			return 0;
		variable_rule(lx, TK_VAR);
		*type = TK_VAR;
		return s + (uint64_t)(e - q);
	case F_PUNCT1:
		if (c == '(' && lx->want_proto)
			return 0;
		punct1(lx, c);
		return s + 1;
	case F_LBRACE:
		open_brace(lx, term);
		return s + 1;
	case F_RBRACE:
		close_brace(lx);
		return s + 1;
	case F_OP: {
		uint64_t e2;

		if (!plain_operator(lx, c, q[1], term))
			return 0;
		e2 = scan_operator(lx, s);
		operator_rule(lx, c, e2 - s, q[1]);
		return e2;
	}
	default:
		return 0;
	}
}

/* Plain code (no here-document, format or __END__ pending): white space, then the
 * token, by fast_token or lex_code. */
static inline void
lex_plain(struct lexer *lx, struct tok *t)
{
	uint64_t s, e;
	enum tok_type type;
	int was_term;

	lx->tokstart = lx->pos;
	s = skip_space(lx, lx->pos);
	lx->tokstart = s;
	was_term = lx->expect_term;
	if ((e = fast_token(lx, s, &type)) == 0) {
		type = lex_code(lx, s, &e);
		if (type == TK_EOF || e == s) {
			if (ch(lx, s) >= 0 && type != TK_EOF) {
				e = s + 1;
			} else {
				type = TK_EOF;
				e = s;
			}
		}
	}
	finish_token(lx, t, s, e, type, was_term);
}

/* The general path: every token, in every state. */
void __attribute__((noinline))
lex_general(struct lexer *lx, struct tok *t)
{
	uint64_t s = lx->pos, e;
	enum tok_type type;
	int was_term = lx->expect_term;

	lx->tokstart = s;
	if (!lx->in_data && !lx->docs_now && lx->format_now != 2) {
		s = skip_space(lx, s);
		was_term = lx->expect_term;
	}
	lx->tokstart = e = s;
	if (lx->in_data) {
		if (ch(lx, s) < 0) {
			type = TK_EOF;
		} else {
			e = lx->base + lx->len;
			if (e - s > DATA_CHUNK)
				e = s + DATA_CHUNK;
			type = TK_DATA;
		}
	} else if (lx->docs_now) {
		e = scan_heredoc_bodies(lx, s);
		lx->docs_now = 0;
		type = TK_HEREDOC;
	} else if (lx->format_now == 2) {
		e = scan_format(lx, s);
		lx->format_now = 0;
		type = TK_FORMAT;
	} else {
		type = lex_code(lx, s, &e);
	}
	if (type == TK_EOF || e == s) {
		/* Nothing consumed can only mean the end. */
		if (ch(lx, s) >= 0 && type != TK_EOF) {
			e = s + 1;
		} else {
			type = TK_EOF;
			e = s;
		}
	}
	finish_token(lx, t, s, e, type, was_term);
}

void
lex_next(struct lexer *lx, struct tok *t)
{
	if ((lx->in_data | lx->docs_now | lx->format_now) == 0 && lx->ndocs == 0)
		lex_plain(lx, t);
	else
		lex_general(lx, t);
}
