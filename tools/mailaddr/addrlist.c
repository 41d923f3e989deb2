/* addrlist.c: the RFC 5322 address-list parser: one pass turns bytes into tokens, one
 * pass over the tokens of each list element finds its address; counters, no recursion. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addrlist.h"
#include "kanri.h"

#define NONE ((size_t)-1)

/* What separates a token from the one before: whitespace and comments may sit inside
 * an obsolete addr-spec, control bytes (NUL) never. */
enum { GAP_NONE, GAP_SPACE, GAP_HARD };

/* Token types besides the special bytes < > @ , : ; . that stand for themselves. */
enum { T_ATOM = 'a', T_QUOTED = 'q', T_LITERAL = 'l' };

struct token {
	size_t start, end;	/* s[start..end), quotes and brackets included */
	unsigned char type;
	unsigned char gap;	/* before it: GAP_SPACE (whitespace, comments) or GAP_HARD */
	unsigned char bad;	/* holds a byte no address may contain */
};

/* What is known about the list element being read. */
struct elem {
	size_t angle_open;	/* index of its '<' token, or NONE */
	size_t angle_close;	/* index of its '>' token, or NONE */
	int in_angle;
	int angle_colon;	/* a ':' ended an obs-route inside the angle brackets */
	int has_at;
	int has_comment;
	size_t cstart, cend;	/* its first comment, parentheses excluded */
};

/* Byte classes: B_ATOM bytes make up atoms; B_BAD ones make an atom unusable in an
 * address (a display name may still hold it). Control bytes separate tokens. */
enum { B_ATOM = 1, B_BAD = 2 };
static unsigned char bclass[256];

static void
init_classes(void)
{
	const char *q;
	int c;

	if (bclass['a'] != 0)
		return;
	for (c = 0; c < 256; c++) {
		bclass[c] = c < 0x20 || c == 0x7f ? 0 : B_ATOM;
		if (c == '\\' || c == ']')
			bclass[c] |= B_BAD;
	}
	for (q = " \t\r\n()<>@,:;.\"["; *q != '\0'; q++)
		bclass[(unsigned char)*q] = 0;
}

void
addrlist_init(struct addrlist *p, unsigned flags)
{
	memset(p, 0, sizeof(*p));
	p->flags = flags;
	init_classes();
	kbuf_reset(&p->addr);
	kbuf_reset(&p->name);
	kbuf_reset(&p->local);
}

void
addrlist_free(struct addrlist *p)
{
	free(p->toks);
	kbuf_free(&p->addr);
	kbuf_free(&p->name);
	kbuf_free(&p->local);
	memset(p, 0, sizeof(*p));
}

static int
is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s[i] is ESC. For ESC $ (JIS X 0208 and others) or ESC ( I (half-width kana) of
 * ISO-2022-JP, the index after the ESC ( B or ESC ( J that returns to ASCII, or n
 * when none does; NONE for any other escape. Raw JIS in headers is old Japanese
 * mail's habit, and its bytes include '(', '<', '@' and ';'. */
static size_t
skip_jis(const char *s, size_t n, size_t i)
{
	const char *esc;

	if (i + 2 >= n || !(s[i + 1] == '$' || (s[i + 1] == '(' && s[i + 2] == 'I')))
		return NONE;
	for (i += 3; i < n && (esc = memchr(s + i, 0x1b, n - i)) != NULL; i = (size_t)(esc - s) + 1)
		if (esc + 2 < s + n && esc[1] == '(' && (esc[2] == 'B' || esc[2] == 'J'))
			return (size_t)(esc - s) + 3;
	return n;
}

/* s[i] is '('. The index after the matching ')', or NONE when it never closes. */
static size_t
skip_comment(const char *s, size_t n, size_t i)
{
	size_t depth = 0, j;

	while (i < n) {
		switch (s[i]) {
		case '\\':
			i += 2;
			continue;
		case 0x1b:
			/* raw ISO-2022-JP: "え" is "$(", "ぉ" is "$)" */
			if ((j = skip_jis(s, n, i)) != NONE) {
				i = j;
				continue;
			}
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth == 0)
				return i + 1;
			break;
		}
		i++;
	}
	return NONE;
}

/* Whether s[i] and s[i + 1] are a two-byte Shift_JIS character. */
static int
sjis_pair(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i], d;

	if (!((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc)) || i + 1 >= n)
		return 0;
	d = (unsigned char)s[i + 1];
	return (d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfc);
}

/* s[i] is the opening byte of a quoted string ('"') or a domain literal ('['). The
 * index after its end, or NONE; *bad tells whether it holds a control byte. With
 * sjis, raw Shift_JIS pairs in a quoted string are text: "表" is 0x95 '\\'. */
static size_t
skip_delimited(const char *s, size_t n, size_t i, int *bad, int sjis)
{
	char close = s[i] == '"' ? '"' : ']';
	size_t j;

	*bad = 0;
	for (i++; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b && close == '"' && (j = skip_jis(s, n, i)) != NONE) {
			/* raw ISO-2022-JP in a quoted name: "あ" is '$' '"' */
			*bad = 1;
			i = j - 1;
		} else if (sjis && close == '"' && sjis_pair(s, n, i)) {
			*bad = 1;
			i++;
		} else if (c == '\\') {
			/* a quoted-pair in a domain literal is obs-dtext (RFC 5322 4.4): not read */
			if (close == ']')
				*bad = 1;
			if (++i < n && is_ctrl((unsigned char)s[i]) && !is_space((unsigned char)s[i]))
				*bad = 1;
		} else if (c == (unsigned char)close) {
			return i + 1;
		} else if (close == ']' && c == '[') {
			*bad = 1;
		} else if (is_ctrl(c) && !is_space(c)) {
			*bad = 1;
		}
	}
	return NONE;
}

static void
push(struct addrlist *p, const struct token *t)
{
	if (p->ntoks == p->captoks) {
		p->captoks = p->captoks ? p->captoks * 2 : 64;
		p->toks = kreallocarray(p->toks, p->captoks, sizeof(*p->toks));
	}
	p->toks[p->ntoks++] = *t;
}

static void
elem_reset(struct addrlist *p, struct elem *e)
{
	p->ntoks = 0;
	e->angle_open = e->angle_close = NONE;
	e->in_angle = e->angle_colon = e->has_at = e->has_comment = 0;
	e->cstart = e->cend = 0;
}

static int
is_word(const struct token *t)
{
	return t->type == T_ATOM || t->type == T_QUOTED;
}

/* Append a token's text, without the folding line breaks it may hold. */
static void
add_unfolded(struct kbuf *b, const char *s, size_t start, size_t end)
{
	size_t i = start, run;

	while (i < end) {
		for (run = i; run < end && s[run] != '\r' && s[run] != '\n'; run++)
			;
		kbuf_add(b, s + i, run - i);
		i = run + 1;
	}
}

/* Quoted-string or comment content: backslash escapes resolved, line breaks removed;
 * raw ISO-2022-JP copied as it is ("ボ" is '%' '\\'), and with sjis raw Shift_JIS. */
static void
add_unescaped(struct kbuf *b, const char *s, size_t start, size_t end, int sjis)
{
	size_t i = start, run, j;

	while (i < end) {
		for (run = i; run < end && s[run] != '\\' && s[run] != '\r' && s[run] != '\n' &&
		    s[run] != 0x1b && !(sjis && sjis_pair(s, end, run)); run++)
			;
		kbuf_add(b, s + i, run - i);
		if (run < end && sjis && sjis_pair(s, end, run)) {
			kbuf_add(b, s + run, 2);
			i = run + 2;
			continue;
		}
		if (run < end && s[run] == 0x1b) {
			if ((j = skip_jis(s, end, run)) == NONE)
				j = run + 1;
			add_unfolded(b, s, run, j);
			i = j;
			continue;
		}
		if (run + 1 < end && s[run] == '\\' && s[run + 1] != '\r' && s[run + 1] != '\n')
			kbuf_addc(b, s[++run]);
		i = run + 1;
	}
}

/* Whether s[0..n) reads back unquoted as the same local part: atext and dots, with
 * the dot rules of the flags. */
static int
plain_local(const char *s, size_t n, unsigned flags)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '.' && bclass[(unsigned char)s[i]] != B_ATOM)
			return 0;
	return addrlist_dots_ok(s, n, flags);
}

/* Append the local part toks[lo..at) in its one spelling: quoting does not change an
 * address (RFC 5322 3.4.1), so "foo" is foo and "a"."b" is a.b; what cannot go
 * unquoted is one quoted string with only '"' and '\\' escaped. */
static void
add_local(struct addrlist *p, const char *s, size_t lo, size_t at)
{
	struct kbuf *text = &p->local;
	size_t k, i;

	kbuf_reset(text);
	for (k = lo; k < at; k++) {
		const struct token *t = &p->toks[k];

		if (t->type == T_QUOTED)
			add_unescaped(text, s, t->start + 1, t->end - 1, 0);
		else
			add_unfolded(text, s, t->start, t->end);
	}
	if (plain_local(text->p, text->len, p->flags)) {
		kbuf_add(&p->addr, text->p, text->len);
		return;
	}
	kbuf_addc(&p->addr, '"');
	for (i = 0; i < text->len; i++) {
		if (text->p[i] == '"' || text->p[i] == '\\')
			kbuf_addc(&p->addr, '\\');
		kbuf_addc(&p->addr, text->p[i]);
	}
	kbuf_addc(&p->addr, '"');
}

/* Local part toks[lo..at), domain toks[at+1..hi): check them and write the address. */
static int
make_addr(struct addrlist *p, const char *s, size_t lo, size_t at, size_t hi, size_t *local_len)
{
	const struct token *t = p->toks;
	int strict = (p->flags & ADDRLIST_STRICT) != 0;
	size_t k;

	if (lo == at || t[lo].type == '.' || at + 1 >= hi)
		return 0;
	for (k = lo + 1; k < hi; k++)
		if (t[k].gap == GAP_HARD)
			return 0;
	for (k = lo; k < at; k++) {
		if (t[k].bad)
			return 0;
		if (t[k].type == '.') {
			if (strict && t[k - 1].type == '.')
				return 0;
		} else if (is_word(&t[k])) {
			/* "test"test, a"b": two words need a dot between (3.4.1, 4.4) */
			if (k > lo && is_word(&t[k - 1]))
				return 0;
		} else {
			return 0;
		}
	}
	if (strict && t[at - 1].type == '.')
		return 0;
	if (hi - at == 2 && t[at + 1].type == T_LITERAL) {
		/* "[ ]" is as empty as "[]" once its folding whitespace goes */
		for (k = t[at + 1].start + 1; k + 1 < t[at + 1].end && is_space((unsigned char)s[k]); k++)
			;
		if (t[at + 1].bad || k + 1 >= t[at + 1].end)
			return 0;
	} else {
		for (k = at + 1; k < hi; k++) {
			int want_atom = (k - at) % 2 == 1;

			if (t[k].bad)
				return 0;
			if (want_atom ? t[k].type != T_ATOM : t[k].type != '.')
				return 0;
		}
		if ((hi - at) % 2 != 0)
			return 0;	/* ends with a dot */
	}
	kbuf_reset(&p->addr);
	add_local(p, s, lo, at);
	*local_len = p->addr.len;
	kbuf_addc(&p->addr, '@');
	for (k = at + 1; k < hi; k++) {
		size_t i;

		for (i = t[k].start; i < t[k].end; i++)
			if (!is_space((unsigned char)s[i]))
				kbuf_addc(&p->addr, s[i]);
	}
	return 1;
}

/* Display names: control bytes become spaces (but ESC, which raw ISO-2022-JP
 * needs until the name is decoded), spaces at either end go. */
static void
tidy_name(struct kbuf *b)
{
	size_t i, start = 0, end = b->len;

	for (i = 0; i < b->len; i++)
		if (is_ctrl((unsigned char)b->p[i]) && b->p[i] != 0x1b)
			b->p[i] = ' ';
	while (start < end && b->p[start] == ' ')
		start++;
	while (end > start && b->p[end - 1] == ' ')
		end--;
	memmove(b->p, b->p + start, end - start);
	b->len = end - start;
	b->p[b->len] = '\0';
}

static void
render_phrase(struct addrlist *p, const char *s, size_t from, size_t to)
{
	size_t k;

	for (k = from; k < to; k++) {
		const struct token *t = &p->toks[k];

		if (t->gap && p->name.len > 0)
			kbuf_addc(&p->name, ' ');
		if (t->type == T_QUOTED)
			add_unescaped(&p->name, s, t->start + 1, t->end - 1, p->sjis);
		else
			add_unfolded(&p->name, s, t->start, t->end);
	}
}

/* The name: the phrase toks[from..to) if it has any, else the element's comment. */
static void
make_name(struct addrlist *p, const struct elem *e, const char *s, size_t from, size_t to)
{
	kbuf_reset(&p->name);
	if (!(p->flags & ADDRLIST_NAMES))
		return;
	render_phrase(p, s, from, to);
	tidy_name(&p->name);
	if (p->name.len == 0 && e->has_comment) {
		add_unescaped(&p->name, s, e->cstart, e->cend, 0);
		tidy_name(&p->name);
	}
}

static void
emit(struct addrlist *p, size_t local_len, addr_fn fn, void *ctx)
{
	struct found_addr a;

	a.addr = p->addr.p;
	a.addr_len = p->addr.len;
	a.local_len = local_len;
	a.name = p->name.p;
	a.name_len = p->name.len;
	fn(ctx, &a);
}

/* name-addr: "phrase <[@route,@route:]local@domain>". */
static size_t
finish_angle(struct addrlist *p, const struct elem *e, const char *s, addr_fn fn, void *ctx)
{
	const struct token *t = p->toks;
	size_t a = e->angle_open;
	size_t b = e->angle_close != NONE ? e->angle_close : p->ntoks;
	size_t k = a + 1, at, local_len, q;
	const char *cut;
	int mailto = 0;

	if (k < b && t[k].type == '@') {
		while (k < b && t[k].type != ':')
			k++;
		if (k == b)
			return 0;
		k++;
	} else if (k + 1 < b && t[k].type == T_ATOM && t[k].end - t[k].start == 6 &&
	    strncasecmp(s + t[k].start, "mailto", 6) == 0 && t[k + 1].type == ':' &&
	    !t[k + 1].gap) {
		/* "<mailto:list@host?subject=x>": List-Post, and From fields written
		 * by web forms; the URL's query ends the domain */
		k += 2;
		mailto = 1;
	}
	for (at = k; at < b && t[at].type != '@'; at++)
		;
	if (at == b)
		return 0;
	if (mailto)
		for (q = at + 1; q < b; q++)
			if (t[q].type == T_ATOM && memchr(s + t[q].start, '?',
			    t[q].end - t[q].start) != NULL) {
				b = q + 1;
				break;
			}
	if (!make_addr(p, s, k, at, b, &local_len))
		return 0;
	if (mailto && (cut = memchr(p->addr.p + local_len, '?', p->addr.len - local_len))) {
		p->addr.len = (size_t)(cut - p->addr.p);
		p->addr.p[p->addr.len] = '\0';
		if (p->addr.len == local_len + 1 || p->addr.p[p->addr.len - 1] == '.')
			return 0;
	}
	make_name(p, e, s, 0, a);
	emit(p, local_len, fn, ctx);
	return 1;
}

static int
is_local_tok(const struct token *t)
{
	return is_word(t) || t->type == '.';
}

static int
is_domain_tok(const struct token *t)
{
	return t->type == T_ATOM || t->type == T_LITERAL || t->type == '.' || t->type == '@';
}

/* Whether two tokens belong to one bare addr-spec: nothing between them, or only
 * the whitespace and comments obs-local-part and obs-domain allow around '.' and '@'
 * ("jdoe@test  . example"); two words with a space between are two things. */
static int
glued(const struct token *a, const struct token *b)
{
	if (b->gap == GAP_HARD)
		return 0;
	return !b->gap || a->type == '.' || a->type == '@' || b->type == '.' || b->type == '@';
}

/* addr-spec without angle brackets: each glued run of tokens with one '@' in it is an
 * address; words before it are its name, else the comment. */
static size_t
finish_bare(struct addrlist *p, const struct elem *e, const char *s, addr_fn fn, void *ctx)
{
	const struct token *t = p->toks;
	size_t nt = p->ntoks, k = 0, count = 0;

	while (k < nt) {
		size_t at, lo, hi, ats = 1, local_len;

		for (at = k; at < nt && t[at].type != '@'; at++)
			;
		if (at == nt)
			break;
		lo = at;
		while (lo > k && is_local_tok(&t[lo - 1]) && glued(&t[lo - 1], &t[lo]))
			lo--;
		hi = at + 1;
		while (hi < nt && is_domain_tok(&t[hi]) && glued(&t[hi - 1], &t[hi])) {
			if (t[hi].type == '@')
				ats++;
			hi++;
		}
		if (ats == 1 && make_addr(p, s, lo, at, hi, &local_len)) {
			make_name(p, e, s, k, lo);
			emit(p, local_len, fn, ctx);
			count++;
		}
		k = hi;
	}
	return count;
}

static size_t
finish(struct addrlist *p, struct elem *e, const char *s, addr_fn fn, void *ctx)
{
	size_t count = 0;

	if (p->ntoks > 0)
		count = e->angle_open != NONE ? finish_angle(p, e, s, fn, ctx) :
		    finish_bare(p, e, s, fn, ctx);
	elem_reset(p, e);
	return count;
}

static int
in_route(const struct addrlist *p, const struct elem *e)
{
	return e->angle_open + 1 < p->ntoks && p->toks[e->angle_open + 1].type == '@' &&
	    !e->angle_colon;
}

/* Place one token in the structure of the list. */
static size_t
feed(struct addrlist *p, struct elem *e, const struct token *t, const char *s,
    addr_fn fn, void *ctx)
{
	size_t count = 0;

	switch (t->type) {
	case ',':
	case ';':
		if (e->in_angle && in_route(p, e))
			break;
		return finish(p, e, s, fn, ctx);
	case ':':
		if (e->in_angle) {
			e->angle_colon = 1;
		} else if (!e->has_at && e->angle_open == NONE) {
			elem_reset(p, e);	/* a group's name */
			return 0;
		}
		break;
	case '<':
		if (e->in_angle) {
			e->angle_open = p->ntoks;
			e->angle_colon = 0;
			break;
		}
		if (e->angle_open != NONE)
			count = finish(p, e, s, fn, ctx);	/* a missing comma */
		e->angle_open = p->ntoks;
		e->in_angle = 1;
		break;
	case '>':
		if (!e->in_angle)
			return 0;
		e->in_angle = 0;
		e->angle_close = p->ntoks;
		break;
	case '@':
		e->has_at = 1;
		break;
	}
	push(p, t);
	return count;
}

size_t
addrlist_parse(struct addrlist *p, const char *s, size_t n, addr_fn fn, void *ctx)
{
	struct elem e;
	struct token t;
	size_t i = 0, j, count = 0;
	int gap = 0, broken_literal = 0, bad;

	elem_reset(p, &e);
	p->sjis = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if (is_space(c) || c == ')') {
			if (gap == GAP_NONE)
				gap = GAP_SPACE;
			i++;
			continue;
		}
		if (c == 0x1b && (j = skip_jis(s, n, i)) != NONE) {
			/* raw ISO-2022-JP: its bytes are text, never specials */
			t.start = i;
			t.end = i = j;
			t.type = T_ATOM;
			t.gap = (unsigned char)gap;
			t.bad = 1;
			gap = GAP_NONE;
			count += feed(p, &e, &t, s, fn, ctx);
			continue;
		}
		if (is_ctrl(c)) {
			/* ESC ( B back to ASCII, where nothing left it, is a control too */
			if (c == 0x1b && i + 2 < n && s[i + 1] == '(')
				i += 2;
			gap = GAP_HARD;
			i++;
			continue;
		}
		if (c == '(') {
			/* An unclosed comment or quote hides the rest: better no address than
			 * one taken from inside it. */
			if ((j = skip_comment(s, n, i)) == NONE)
				break;
			if (!e.has_comment && !e.in_angle) {
				e.has_comment = 1;
				e.cstart = i + 1;
				e.cend = j - 1;
			}
			if (gap == GAP_NONE)
				gap = GAP_SPACE;
			i = j;
			continue;
		}
		t.start = i;
		t.gap = (unsigned char)gap;
		t.bad = 0;
		gap = GAP_NONE;
		if (c == '"' || (c == '[' && !broken_literal)) {
			j = skip_delimited(s, n, i, &bad, p->sjis);
			/* A quote that never ends may be raw Shift_JIS with a '\\' as its
			 * second byte ("表" <a@b>): read the rest of the field so once. */
			if (j == NONE && c == '"' && !p->sjis &&
			    (j = skip_delimited(s, n, i, &bad, 1)) != NONE)
				p->sjis = 1;
			if (j == NONE && c == '"')
				break;
			if (j == NONE) {
				broken_literal = 1;	/* '[' is an ordinary byte from now on */
				gap = t.gap;
				continue;
			}
			t.type = c == '"' ? T_QUOTED : T_LITERAL;
			t.bad = (unsigned char)bad;
			i = j;
		} else if (bclass[c] & B_ATOM || c == '[') {
			t.type = T_ATOM;
			for (j = i; j < n && (bclass[(unsigned char)s[j]] & B_ATOM ||
			    (s[j] == '[' && broken_literal)); j++)
				if (bclass[(unsigned char)s[j]] & B_BAD || s[j] == '[')
					t.bad = 1;
			i = j;
		} else {
			t.type = c;
			i++;
		}
		t.end = i;
		count += feed(p, &e, &t, s, fn, ctx);
	}
	return count + finish(p, &e, s, fn, ctx);
}

int
addrlist_dots_ok(const char *s, size_t n, unsigned flags)
{
	size_t i;

	if (n == 0 || s[0] == '.')
		return 0;
	if (!(flags & ADDRLIST_STRICT))
		return 1;
	if (s[n - 1] == '.')
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return 0;
	return 1;
}

/* Whether a phrase re-read gives s[0..n) back: atoms, single spaces between them. */
static int
plain_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ' ? s[i + 1] == ' ' : bclass[(unsigned char)s[i]] != B_ATOM)
			return 0;
	}
	return 1;
}

void
addrlist_add_name(struct kbuf *b, const char *name, size_t name_len)
{
	size_t i;

	init_classes();
	if (name_len == 0 || plain_name(name, name_len)) {
		kbuf_add(b, name, name_len);
		return;
	}
	kbuf_addc(b, '"');
	for (i = 0; i < name_len; i++) {
		if (name[i] == '"' || name[i] == '\\')
			kbuf_addc(b, '\\');
		kbuf_addc(b, name[i]);
	}
	kbuf_addc(b, '"');
}
