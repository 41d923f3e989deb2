/* rfc2047.c: RFC 2047 encoded words in display names, decoded to UTF-8 through iconv. */
#include <errno.h>
#include <iconv.h>
#include <stddef.h>
#include <string.h>

#include "kanri.h"
#include "rfc2047.h"

#define NO_CD ((iconv_t)-1)

/* Names mail software writes that iconv implementations do not all know. */
static const struct {
	const char *name, *iconv;
} aliases[] = {
	{ "ks_c_5601-1987", "CP949" },
	{ "windows-31j", "CP932" },
	{ "x-sjis", "SHIFT_JIS" },
	{ "shift-jis", "SHIFT_JIS" },
	{ "x-euc-jp", "EUC-JP" },
	{ "x-gbk", "GBK" },
};

/* One encoded word: =?charset[*lang]?enc?text?= */
struct eword {
	size_t len;		/* of the whole word */
	const char *charset;
	size_t charset_len;
	char enc;		/* 'B' or 'Q' */
	const char *text;
	size_t text_len;
};

void
rfc2047_init(struct rfc2047 *d)
{
	unsigned i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < RFC2047_CACHE; i++)
		d->cache[i].cd = NO_CD;
}

void
rfc2047_free(struct rfc2047 *d)
{
	unsigned i;

	for (i = 0; i < RFC2047_CACHE; i++)
		if (d->cache[i].cd != NO_CD)
			iconv_close(d->cache[i].cd);
	kbuf_free(&d->raw);
	kbuf_free(&d->text);
	kbuf_free(&d->euc);
	memset(d, 0, sizeof(*d));
}

static int
parse_eword(const char *s, size_t n, struct eword *w)
{
	size_t i = 2, star;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	while (i < n && s[i] != '?' && s[i] > ' ' && s[i] < 0x7f)
		i++;
	if (i == 2 || i + 2 >= n || s[i] != '?' || s[i + 2] != '?')
		return 0;
	w->charset = s + 2;
	w->charset_len = i - 2;
	/* RFC 2231 language suffix: "utf-8*ja" */
	for (star = 0; star < w->charset_len && w->charset[star] != '*'; star++)
		;
	w->charset_len = star;
	w->enc = s[i + 1];
	if (w->enc == 'b' || w->enc == 'q')
		w->enc = (char)(w->enc - 'a' + 'A');
	if ((w->enc != 'B' && w->enc != 'Q') || w->charset_len == 0)
		return 0;
	i += 3;
	w->text = s + i;
	while (i < n && s[i] != '?' && s[i] > ' ' && s[i] < 0x7f)
		i++;
	if (i + 1 >= n || s[i] != '?' || s[i + 1] != '=')
		return 0;
	w->text_len = (size_t)(s + i - w->text);
	w->len = i + 2;
	return 1;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Append the bytes a word's text stands for; 0 (and nothing appended) if malformed. */
static int
decode_text(const struct eword *w, struct kbuf *out)
{
	size_t i, n = w->text_len, start = out->len;
	const char *t = w->text;

	if (w->enc == 'Q') {
		for (i = 0; i < n; i++) {
			if (t[i] == '_') {
				kbuf_addc(out, ' ');
			} else if (t[i] == '=') {
				if (i + 2 >= n || hexval(t[i + 1]) < 0 || hexval(t[i + 2]) < 0)
					goto bad;
				kbuf_addc(out, hexval(t[i + 1]) * 16 + hexval(t[i + 2]));
				i += 2;
			} else {
				kbuf_addc(out, t[i]);
			}
		}
		return 1;
	}
	{
		unsigned long acc = 0;
		int bits = 0, v;

		while (n > 0 && t[n - 1] == '=')
			n--;
		if (n % 4 == 1)
			goto bad;
		for (i = 0; i < n; i++) {
			if ((v = kbase64_value((unsigned char)t[i])) < 0)
				goto bad;
			acc = (acc << 6 | (unsigned long)v) & 0xffffff;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				kbuf_addc(out, (int)(acc >> bits & 0xff));
			}
		}
	}
	return 1;
bad:
	out->len = start;
	out->p[start] = '\0';
	return 0;
}

int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = u[i], need, min, cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1, min = 0x80, cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2, min = 0x800, cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i <= need)
			return 0;
		for (i++; need > 0; need--, i++) {
			if ((u[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (u[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
	}
	return 1;
}

static void
lower_name(char *dst, size_t size, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size; i++)
		dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	dst[i] = '\0';
}

static iconv_t
open_charset(struct rfc2047 *d, const char *name)
{
	const char *iname = name;
	unsigned i;

	for (i = 0; i < RFC2047_CACHE; i++)
		if (strcmp(d->cache[i].charset, name) == 0)
			return d->cache[i].cd;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i].name, name) == 0)
			iname = aliases[i].iconv;
	i = d->next++ % RFC2047_CACHE;
	if (d->cache[i].cd != NO_CD)
		iconv_close(d->cache[i].cd);
	strcpy(d->cache[i].charset, name);
	d->cache[i].cd = iconv_open("UTF-8", iname);
	return d->cache[i].cd;
}

/* ISO-2022-JP (with the JIS X 0212 of -1 and the half-width kana Microsoft's
 * CP50221 writes) rewritten as the EUC-JP bytes of the same characters; 0 on an
 * escape sequence or a byte that does not belong there. */
static int
jis_to_euc(const char *in, size_t n, struct kbuf *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;
	int mode = 0;		/* 0 ASCII, 1 JIS X 0208, 2 kana, 3 JIS X 0212 */

	while (i < n) {
		if (s[i] == 0x1b) {
			if (n - i >= 3 && s[i + 1] == '(' && (s[i + 2] == 'B' || s[i + 2] == 'J'))
				mode = 0, i += 3;
			else if (n - i >= 3 && s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@'))
				mode = 1, i += 3;
			else if (n - i >= 3 && s[i + 1] == '(' && s[i + 2] == 'I')
				mode = 2, i += 3;
			else if (n - i >= 4 && s[i + 1] == '$' && s[i + 2] == '(' && s[i + 3] == 'B')
				mode = 1, i += 4;
			else if (n - i >= 4 && s[i + 1] == '$' && s[i + 2] == '(' && s[i + 3] == 'D')
				mode = 3, i += 4;
			else
				return 0;
			continue;
		}
		if (s[i] >= 0x80 || s[i] == 0x0e || s[i] == 0x0f)
			return 0;
		if (mode == 0) {
			kbuf_addc(out, (char)s[i++]);
		} else if (mode == 2) {
			if (s[i] < 0x21 || s[i] > 0x5f)
				return 0;
			kbuf_addc(out, (char)0x8e);
			kbuf_addc(out, (char)(s[i++] | 0x80));
		} else {
			if (i + 1 >= n || s[i] < 0x21 || s[i] > 0x7e || s[i + 1] < 0x21 ||
			    s[i + 1] > 0x7e)
				return 0;
			if (mode == 3)
				kbuf_addc(out, (char)0x8f);
			kbuf_addc(out, (char)(s[i] | 0x80));
			kbuf_addc(out, (char)(s[i + 1] | 0x80));
			i += 2;
		}
	}
	return 1;
}

/* The C1 controls (U+0080 to U+009F) of decoded text from out[start] on become
 * spaces, as the C0 ones do later: a terminal may take U+009B for CSI. */
static void
c1_to_space(struct kbuf *out, size_t start)
{
	size_t i, j;

	for (i = j = start; i < out->len; i++, j++) {
		out->p[j] = out->p[i];
		if ((unsigned char)out->p[i] == 0xc2 && i + 1 < out->len &&
		    (unsigned char)out->p[i + 1] <= 0x9f) {
			out->p[j] = ' ';
			i++;
		}
	}
	out->len = j;
	out->p[j] = '\0';
}

/* Convert in[0..n) from the charset named name (lowercase) through iconv. */
static int
iconv_to_utf8(struct rfc2047 *d, const char *name, const char *in, size_t n,
    struct kbuf *out)
{
	size_t start = out->len, room, inleft = n, outleft, r;
	char *ip = (char *)in, *op;
	iconv_t cd;

	if ((cd = open_charset(d, name)) == NO_CD)
		return 0;
	iconv(cd, NULL, NULL, NULL, NULL);
	room = 4 * n + 16;
	for (;;) {
		kbuf_reserve(out, room);
		op = out->p + out->len;
		outleft = room;
		r = ip == NULL ? iconv(cd, NULL, NULL, &op, &outleft) :
		    iconv(cd, &ip, &inleft, &op, &outleft);
		out->len = (size_t)(op - out->p);
		if (r != (size_t)-1) {
			if (ip == NULL)
				break;
			ip = NULL;	/* flush a stateful charset's shift state */
			continue;
		}
		if (errno != E2BIG)
			goto bad;
	}
	out->p[out->len] = '\0';
	if (utf8_valid(out->p + start, out->len - start)) {
		c1_to_space(out, start);
		return 1;
	}
bad:
	out->len = start;
	out->p[start] = '\0';
	return 0;
}

static int
name_in(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/* Convert in[0..n) from charset to UTF-8, appended to out; 0 and out unchanged when
 * the charset is unknown or the bytes are not valid in it. As browsers do, Latin-1,
 * Chinese and Korean names are read with the supersets they are written in. Japanese
 * mail says Shift_JIS, EUC-JP or ISO-2022-JP and often means Microsoft's supersets,
 * with NEC's row 13 (circled digits, "(株)" in one character) and IBM's kanji (as in
 * 髙橋): what the strict table refuses is tried again with the Microsoft one. */
static int
convert(struct rfc2047 *d, const char *charset, size_t charset_len, const char *in,
    size_t n, struct kbuf *out)
{
	static const char *const jis[] = { "iso-2022-jp", "csiso2022jp", "iso-2022-jp-1",
		NULL };
	static const char *const sjis[] = { "shift_jis", "shift-jis", "x-sjis", "sjis",
		"ms_kanji", "csshiftjis", NULL };
	static const char *const euc[] = { "euc-jp", "x-euc-jp", "cseucpkdfmtjapanese",
		NULL };
	static const char *const latin1[] = { "iso-8859-1", "iso_8859-1", "iso8859-1",
		"latin1", "l1", NULL };
	static const char *const gb[] = { "gb2312", "euc-cn", "gbk", "x-gbk", "cp936",
		NULL };
	static const char *const kr[] = { "euc-kr", "ks_c_5601-1987", NULL };
	char name[sizeof(d->cache[0].charset)];

	if (charset_len >= sizeof(name))
		return 0;
	lower_name(name, sizeof(name), charset, charset_len);
	if (strcmp(name, "utf-8") == 0 || strcmp(name, "utf8") == 0) {
		size_t start = out->len;

		if (!utf8_valid(in, n))
			return 0;
		kbuf_add(out, in, n);
		c1_to_space(out, start);
		return 1;
	}
	if (strcmp(name, "us-ascii") == 0 || strcmp(name, "ascii") == 0) {
		size_t i;

		for (i = 0; i < n; i++)
			if ((unsigned char)in[i] >= 0x80)
				return 0;
		kbuf_add(out, in, n);
		return 1;
	}
	if (name_in(name, jis)) {
		/* iconv's ISO-2022-JP passes unknown escapes through as text */
		kbuf_reset(&d->euc);
		if (!jis_to_euc(in, n, &d->euc))
			return 0;
		return iconv_to_utf8(d, "euc-jp", d->euc.p, d->euc.len, out) ||
		    iconv_to_utf8(d, "euc-jp-ms", d->euc.p, d->euc.len, out);
	}
	/* "ISO-8859-1" with Windows' quotes and dashes in 0x80-0x9f, GB2312 with GBK's
	 * characters, EUC-KR with Windows' Hangul: the supersets first, as browsers do
	 * (iconv's own tables turn the bytes they lack into C1 controls) */
	if ((name_in(name, latin1) && iconv_to_utf8(d, "cp1252", in, n, out)) ||
	    (name_in(name, gb) && iconv_to_utf8(d, "gb18030", in, n, out)) ||
	    (name_in(name, kr) && iconv_to_utf8(d, "cp949", in, n, out)))
		return 1;
	if (iconv_to_utf8(d, name, in, n, out))
		return 1;
	if (strcmp(name, "big5") == 0)
		return iconv_to_utf8(d, "big5-hkscs", in, n, out);
	if (name_in(name, sjis))
		return iconv_to_utf8(d, "cp932", in, n, out);
	if (name_in(name, euc))
		return iconv_to_utf8(d, "euc-jp-ms", in, n, out);
	return 0;
}

static int
same_charset(const struct eword *a, const struct eword *b)
{
	size_t i;

	if (a->charset_len != b->charset_len)
		return 0;
	for (i = 0; i < a->charset_len; i++) {
		char x = a->charset[i], y = b->charset[i];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

static size_t
skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

/* Decode the run of words of one charset, separated only by whitespace, that starts
 * with w at s[i] (at most max words), into d->text, and set *end past it. Decoding
 * the run as one keeps a character split across two words whole. */
static int
decode_run(struct rfc2047 *d, const char *s, size_t n, size_t i, const struct eword *w,
    size_t max, size_t *end)
{
	struct eword next = *w;
	size_t words = 0;

	kbuf_reset(&d->raw);
	kbuf_reset(&d->text);
	for (;;) {
		if (!decode_text(&next, &d->raw))
			break;
		i += next.len;
		*end = i;
		if (++words == max)
			break;
		i = skip_space(s, n, i);
		if (!parse_eword(s + i, n - i, &next) || !same_charset(w, &next))
			break;
	}
	return words > 0 && convert(d, w->charset, w->charset_len, d->raw.p, d->raw.len,
	    &d->text);
}

/* s[i] is ESC: the end of a raw ISO-2022-JP run that starts there (after the ESC ( B
 * back to ASCII, or n), or i when it is no such run. */
static size_t
jis_end(const char *s, size_t n, size_t i)
{
	const char *esc;
	size_t j;

	if (i + 2 >= n || !(s[i + 1] == '$' || (s[i + 1] == '(' && s[i + 2] == 'I')))
		return i;
	for (j = i + 3; j < n && (esc = memchr(s + j, 0x1b, n - j)) != NULL;
	    j = (size_t)(esc - s) + 1)
		if (esc + 2 < s + n && esc[1] == '(' && (esc[2] == 'B' || esc[2] == 'J'))
			return (size_t)(esc - s) + 3;
	return n;
}

void
rfc2047_decode(struct rfc2047 *d, const char *s, size_t n, struct kbuf *out)
{
	size_t i = 0, end = 0, single_until = 0, decoded_at = 0;
	int after_word = 0;	/* only whitespace since the last decoded word */
	struct eword w;

	kbuf_reserve(out, n);
	while (i < n) {
		if (s[i] == 0x1b && (end = jis_end(s, n, i)) > i &&
		    convert(d, "iso-2022-jp", 11, s + i, end - i, out)) {
			i = end;
			after_word = 0;
			continue;
		}
		if (s[i] != '=' || !parse_eword(s + i, n - i, &w)) {
			/* copy up to the next '=' or ESC that may start a word */
			const char *eq = memchr(s + i + 1, '=', n - i - 1);
			const char *esc = memchr(s + i + 1, 0x1b, n - i - 1);
			size_t run = eq != NULL ? (size_t)(eq - s) : n, k;

			if (esc != NULL && (size_t)(esc - s) < run)
				run = (size_t)(esc - s);

			for (k = i; after_word && k < run; k++)
				if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r' && s[k] != '\n')
					after_word = 0;
			kbuf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		if (i >= single_until && !decode_run(d, s, n, i, &w, (size_t)-1, &end)) {
			/* Some word of the run is bad: take its words one at a time. */
			single_until = end > i ? end : i + w.len;
		}
		if (i < single_until && !decode_run(d, s, n, i, &w, 1, &end)) {
			kbuf_add(out, s + i, w.len);
			i += w.len;
			after_word = 0;
			continue;
		}
		if (after_word) {
			out->len = decoded_at;
			out->p[out->len] = '\0';
		}
		kbuf_add(out, d->text.p, d->text.len);
		decoded_at = out->len;
		after_word = 1;
		i = end;
	}
}

void
rfc2047_display_name(struct rfc2047 *d, const char *s, size_t n, struct kbuf *out)
{
	size_t i, from = out->len, start;

	rfc2047_decode(d, s, n, out);
	for (i = from; i < out->len; i++)
		if ((unsigned char)out->p[i] < 0x20 || out->p[i] == 0x7f)
			out->p[i] = ' ';
	for (start = from; start < out->len && out->p[start] == ' '; start++)
		;
	while (out->len > start && out->p[out->len - 1] == ' ')
		out->len--;
	memmove(out->p + from, out->p + start, out->len - start);
	out->len -= start - from;
	out->p[out->len] = '\0';
}
