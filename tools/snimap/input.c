/* input.c: the domain list: lines, host names (IDN to A-labels), safe paths and layouts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kanri.h"
#include "idna.h"
#include "input.h"

#define LABEL_MAX 63
#define NAME_MAX_LEN 253

/* One strict UTF-8 sequence at s (no overlong form, no surrogate, nothing above
 * U+10FFFF), the rule postmap applies with smtputf8 on. Returns its length with *cp
 * set, or 0 when s does not start with one. */
static size_t
utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t more, k;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		more = 1;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		more = 2;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		more = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len - 1 < more)
		return 0;
	for (k = 1; k <= more; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return more + 1;
}

/* Decode strict UTF-8. Returns the number of code points written to out (room for
 * len), or -1. */
static long
utf8_decode(const unsigned char *s, size_t len, uint32_t *out)
{
	size_t i = 0, n = 0, step;

	while (i < len) {
		if ((step = utf8_next(s + i, len - i, &out[n])) == 0)
			return -1;
		n++;
		i += step;
	}
	return (long)n;
}

static int
ldh(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* RFC 3492 section 6.1. */
static uint32_t
punycode_adapt(uint32_t delta, uint32_t numpoints, int first)
{
	uint32_t k = 0;

	delta = first ? delta / 700 : delta / 2;
	delta += delta / numpoints;
	while (delta > ((36 - 1) * 26) / 2) {
		delta /= 36 - 1;
		k += 36;
	}
	return k + (36 - 1 + 1) * delta / (delta + 38);
}

static char
punycode_digit(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

/* RFC 3492 section 6.3, into out (cap bytes, no NUL). Returns the length, or -1 when
 * it does not fit or would overflow. */
static long
punycode_encode(const uint32_t *cp, size_t n, char *out, size_t cap)
{
	uint32_t code = 0x80, delta = 0, bias = 72, h, b, m, q, k, t;
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (cp[i] < 0x80) {
			if (len >= cap)
				return -1;
			out[len++] = (char)cp[i];
		}
	}
	h = b = (uint32_t)len;
	if (b > 0) {
		if (len >= cap)
			return -1;
		out[len++] = '-';
	}
	while (h < n) {
		m = UINT32_MAX;
		for (i = 0; i < n; i++)
			if (cp[i] >= code && cp[i] < m)
				m = cp[i];
		if (m - code > (UINT32_MAX - delta) / (h + 1))
			return -1;
		delta += (m - code) * (h + 1);
		code = m;
		for (i = 0; i < n; i++) {
			if (cp[i] < code && ++delta == 0)
				return -1;
			if (cp[i] != code)
				continue;
			q = delta;
			for (k = 36;; k += 36) {
				t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
				if (q < t)
					break;
				if (len >= cap)
					return -1;
				out[len++] = punycode_digit(t + (q - t) % (36 - t));
				q = (q - t) / (36 - t);
			}
			if (len >= cap)
				return -1;
			out[len++] = punycode_digit(q);
			bias = punycode_adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
		delta++;
		code++;
	}
	return (long)len;
}

static uint32_t
punycode_value(char c)
{
	if (c >= 'a' && c <= 'z')
		return (uint32_t)(c - 'a');
	if (c >= '0' && c <= '9')
		return (uint32_t)(c - '0' + 26);
	return 36;
}

/* RFC 3492 section 6.2, into out (room for cap code points). Returns the number of
 * code points, or -1 for input that no encoder produces or that overflows. */
static long
punycode_decode(const char *in, size_t len, uint32_t *out, size_t cap)
{
	uint32_t code = 0x80, i = 0, bias = 72, oldi, w, k, digit, t;
	size_t pos = 0, n = 0, j, delim = 0;
	int has_delim = 0;

	for (j = 0; j < len; j++) {
		if (in[j] == '-') {
			delim = j;
			has_delim = 1;
		}
	}
	if (has_delim) {
		if (delim > cap)
			return -1;
		for (j = 0; j < delim; j++)
			out[n++] = (unsigned char)in[j];
		pos = delim + 1;
	}
	while (pos < len) {
		oldi = i;
		w = 1;
		for (k = 36;; k += 36) {
			if (pos >= len || (digit = punycode_value(in[pos++])) >= 36)
				return -1;
			if (digit > (UINT32_MAX - i) / w)
				return -1;
			i += digit * w;
			t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
			if (digit < t)
				break;
			if (w > UINT32_MAX / (36 - t))
				return -1;
			w *= 36 - t;
		}
		bias = punycode_adapt(i - oldi, (uint32_t)n + 1, oldi == 0);
		if (i / (n + 1) > 0x10ffff - code)
			return -1;
		code += i / (uint32_t)(n + 1);
		i %= (uint32_t)(n + 1);
		if (n >= cap || (code >= 0xd800 && code <= 0xdfff))
			return -1;
		memmove(out + i + 1, out + i, (n - i) * sizeof *out);
		out[i++] = code;
		n++;
	}
	return (long)n;
}

/* An ASCII "xn--" label must be what the encoder makes of some U-label. */
static int
alabel_valid(const char *label, size_t len)
{
	uint32_t cp[LABEL_MAX];
	char again[LABEL_MAX];
	long n, m, k;
	int wide = 0;

	n = punycode_decode(label + 4, len - 4, cp, LABEL_MAX);
	if (n <= 0)
		return 0;
	for (k = 0; k < n; k++) {
		if (cp[k] >= 0x80)
			wide = 1;
		else if (!ldh(cp[k]))
			return 0;
	}
	if (!wide || !idna_ulabel_ok(cp, (size_t)n))
		return 0;
	m = punycode_encode(cp, (size_t)n, again, sizeof again);
	return m == (long)len - 4 && memcmp(again, label + 4, (size_t)m) == 0;
}

static void
describe_cp(uint32_t c, char *buf, size_t cap)
{
	if (c >= 0x80)
		snprintf(buf, cap, "U+%04X", (unsigned)c);
	else if (c > 0x20 && c < 0x7f)
		snprintf(buf, cap, "'%c'", (char)c);
	else
		snprintf(buf, cap, "\\x%02x", (unsigned)c);
}

/* Append one label (code points [a, b), already lowercased) to out in A-label form. */
static int
append_label(const uint32_t *cp, size_t a, size_t b, char *out, size_t *len,
    char err[INPUT_ERRLEN])
{
	char label[LABEL_MAX + 1], what[16];
	size_t i, n = b - a, ascii = 1;
	long llen;

	if (n == 0) {
		snprintf(err, INPUT_ERRLEN, "empty label in name");
		return -1;
	}
	for (i = a; i < b; i++) {
		if (cp[i] >= 0x80) {
			ascii = 0;
			continue;
		}
		if (!ldh(cp[i])) {
			describe_cp(cp[i], what, sizeof what);
			snprintf(err, INPUT_ERRLEN, "invalid character %s in name", what);
			return -1;
		}
	}
	if (ascii) {
		if (n > LABEL_MAX)
			goto too_long;
		for (i = 0; i < n; i++)
			label[i] = (char)cp[a + i];
		llen = (long)n;
	} else {
		if (idna_check_label(cp + a, n, err, INPUT_ERRLEN) != 0)
			return -1;
		memcpy(label, "xn--", 4);
		/* every code point costs at least one character */
		if (n > LABEL_MAX - 4)
			goto too_long;
		llen = punycode_encode(cp + a, n, label + 4, LABEL_MAX - 4);
		if (llen < 0)
			goto too_long;
		llen += 4;
	}
	if (label[0] == '-' || label[llen - 1] == '-') {
		snprintf(err, INPUT_ERRLEN, "label starts or ends with a hyphen");
		return -1;
	}
	if (llen >= 4 && label[2] == '-' && label[3] == '-' &&
	    !(label[0] == 'x' && label[1] == 'n')) {
		snprintf(err, INPUT_ERRLEN, "label has \"--\" in its third and fourth place");
		return -1;
	}
	if (ascii && llen >= 4 && memcmp(label, "xn--", 4) == 0 &&
	    !alabel_valid(label, (size_t)llen)) {
		snprintf(err, INPUT_ERRLEN, "%.*s is not a valid A-label", (int)llen, label);
		return -1;
	}
	if (*len + (*len > 0) + (size_t)llen > NAME_MAX_LEN) {
		snprintf(err, INPUT_ERRLEN, "name longer than %d characters", NAME_MAX_LEN);
		return -1;
	}
	if (*len > 0)
		out[(*len)++] = '.';
	memcpy(out + *len, label, (size_t)llen);
	*len += (size_t)llen;
	return 0;
too_long:
	snprintf(err, INPUT_ERRLEN, "label longer than %d characters", LABEL_MAX);
	return -1;
}

char *
name_to_alabel(const char *in, size_t len, char err[INPUT_ERRLEN])
{
	uint32_t *cp, *mapped;
	char out[NAME_MAX_LEN + 2];
	size_t n, i, start = 0, olen = 0, a;
	long got;

	if (len == 0) {
		snprintf(err, INPUT_ERRLEN, "empty name");
		return NULL;
	}
	cp = kreallocarray(NULL, len, sizeof *cp);
	got = utf8_decode((const unsigned char *)in, len, cp);
	if (got < 0) {
		snprintf(err, INPUT_ERRLEN, "invalid UTF-8 in name");
		goto fail;
	}
	mapped = idna_map_name(cp, (size_t)got, &n, err, INPUT_ERRLEN);
	free(cp);
	if ((cp = mapped) == NULL || idna_check_bidi(cp, n, err, INPUT_ERRLEN) != 0)
		goto fail;
	if (n > 0 && cp[n - 1] == '.')
		n--;
	if (n == 0) {
		snprintf(err, INPUT_ERRLEN, "empty name");
		goto fail;
	}
	if (n >= 2 && cp[0] == '*' && cp[1] == '.') {
		start = 2;
		memcpy(out, "*", 1);
		olen = 1;
	}
	for (i = start; i < n; i++) {
		if (cp[i] == '*') {
			snprintf(err, INPUT_ERRLEN, "'*' is allowed only as the whole first label");
			goto fail;
		}
	}
	for (a = i = start; i <= n; i++) {
		if (i < n && cp[i] != '.')
			continue;
		if (append_label(cp, a, i, out, &olen, err) != 0)
			goto fail;
		a = i + 1;
	}
	free(cp);
	return kstrndup(out, olen);
fail:
	free(cp);
	return NULL;
}

static int
path_bytes_check(const char *p, size_t len, char err[INPUT_ERRLEN])
{
	size_t i, step;

	if (len == 0 || p[0] != '/') {
		snprintf(err, INPUT_ERRLEN, "not an absolute path");
		return -1;
	}
	for (i = 0; i < len; i += step) {
		unsigned char c = (unsigned char)p[i];
		uint32_t cp;

		if (c == ' ' || c == '\t') {
			snprintf(err, INPUT_ERRLEN, "blank in path");
			return -1;
		}
		if (c < 0x20 || c == 0x7f) {
			snprintf(err, INPUT_ERRLEN, "control character \\x%02x in path", c);
			return -1;
		}
		if (strchr(",#$%\"'\\{}<;", c) != NULL) {
			snprintf(err, INPUT_ERRLEN, "forbidden character '%c' in path", c);
			return -1;
		}
		/* postmap drops a line that is not UTF-8 with a mere warning */
		if ((step = utf8_next((const unsigned char *)p + i, len - i, &cp)) == 0) {
			snprintf(err, INPUT_ERRLEN, "invalid UTF-8 \\x%02x in path", c);
			return -1;
		}
		if (cp >= 0x80 && cp <= 0x9f) {
			snprintf(err, INPUT_ERRLEN, "control character U+%04X in path", (unsigned)cp);
			return -1;
		}
	}
	return 0;
}

int
path_check(const char *path, char err[INPUT_ERRLEN])
{
	return path_bytes_check(path, strlen(path), err);
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

int
parse_line(const char *line, size_t len, struct entry *e, char err[INPUT_ERRLEN])
{
	const char *tok[4];
	size_t tlen[4], ntok = 0, i = 0;
	static const char *const what[] = { "", "certificate path", "key path" };

	e->name = e->cert = e->key = NULL;
	e->wildcard = 0;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	while (i < len) {
		size_t start;

		while (i < len && blank(line[i]))
			i++;
		if (i >= len || line[i] == '#')
			break;
		start = i;
		while (i < len && !blank(line[i]))
			i++;
		if (ntok == 4)
			break;
		tok[ntok] = line + start;
		tlen[ntok] = i - start;
		ntok++;
	}
	if (ntok == 0)
		return 0;
	if (ntok == 2 || ntok > 3) {
		snprintf(err, INPUT_ERRLEN, "expected DOMAIN or DOMAIN CERTFILE KEYFILE");
		return -1;
	}
	for (i = 1; i < ntok; i++) {
		char perr[INPUT_ERRLEN];

		if (path_bytes_check(tok[i], tlen[i], perr) != 0) {
			snprintf(err, INPUT_ERRLEN, "%s: %.120s", what[i], perr);
			return -1;
		}
	}
	if ((e->name = name_to_alabel(tok[0], tlen[0], err)) == NULL)
		return -1;
	e->wildcard = e->name[0] == '*';
	if (ntok == 3) {
		e->cert = kstrndup(tok[1], tlen[1]);
		e->key = kstrndup(tok[2], tlen[2]);
	}
	return 1;
}

void
entry_free(struct entry *e)
{
	free(e->name);
	free(e->cert);
	free(e->key);
	e->name = e->cert = e->key = NULL;
}

char *
layout_default_root(enum layout_kind kind)
{
	const char *home;
	char *p;
	size_t len;

	switch (kind) {
	case LAYOUT_CERTBOT:
		return kstrdup("/etc/letsencrypt/live");
	case LAYOUT_DEHYDRATED:
		return kstrdup("/var/lib/dehydrated/certs");
	case LAYOUT_ACMESH:
		home = getenv("HOME");
		if (home == NULL || *home == '\0')
			return NULL;
		len = strlen(home) + sizeof "/.acme.sh";
		p = kmalloc(len);
		snprintf(p, len, "%s/.acme.sh", home);
		return p;
	case LAYOUT_TEMPLATE:
		break;
	}
	return NULL;
}

static char *
join3(const char *a, const char *b, const char *c)
{
	size_t alen = strlen(a), len;
	char *p;

	while (alen > 1 && a[alen - 1] == '/')
		alen--;
	len = alen + strlen(b) + strlen(c) + 2;
	p = kmalloc(len);
	snprintf(p, len, "%.*s/%s%s", (int)alen, a, b, c);
	return p;
}

static char *
expand_template(const char *tmpl, const char *name)
{
	size_t len = 1, i, o = 0, nlen = strlen(name);
	char *p;

	for (i = 0; tmpl[i] != '\0'; i++)
		len += (tmpl[i] == '%' && tmpl[i + 1] == 'd') ? nlen : 1;
	p = kmalloc(len);
	for (i = 0; tmpl[i] != '\0'; i++) {
		if (tmpl[i] == '%' && tmpl[i + 1] == 'd') {
			memcpy(p + o, name, nlen);
			o += nlen;
			i++;
		} else {
			p[o++] = tmpl[i];
		}
	}
	p[o] = '\0';
	return p;
}

int
template_check(const char *tmpl)
{
	const char *p;

	for (p = tmpl; (p = strchr(p, '%')) != NULL; p += 2)
		if (p[1] != 'd')
			return -1;
	return 0;
}

int
layout_resolve(const struct layout *l, struct entry *e, char err[INPUT_ERRLEN])
{
	/* certbot and dehydrated name a wildcard's directory after its parent domain */
	const char *base = e->wildcard ? e->name + 2 : e->name;
	char *dir = NULL, perr[INPUT_ERRLEN];
	struct stat st;

	switch (l->kind) {
	case LAYOUT_CERTBOT:
	case LAYOUT_DEHYDRATED:
		dir = join3(l->root, base, "");
		e->cert = join3(dir, "fullchain.pem", "");
		e->key = join3(dir, "privkey.pem", "");
		break;
	case LAYOUT_ACMESH:
		/* acme.sh keeps "*." in directory names; ECC certificates get "_ecc" */
		dir = join3(l->root, e->name, "_ecc");
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			free(dir);
			dir = join3(l->root, e->name, "");
		}
		e->cert = join3(dir, "fullchain.cer", "");
		e->key = join3(dir, e->name, ".key");
		break;
	case LAYOUT_TEMPLATE:
		e->cert = expand_template(l->cert_tmpl, e->name);
		e->key = expand_template(l->key_tmpl, e->name);
		break;
	}
	free(dir);
	if (path_check(e->cert, perr) != 0) {
		snprintf(err, INPUT_ERRLEN, "certificate path: %.120s", perr);
		return -1;
	}
	if (path_check(e->key, perr) != 0) {
		snprintf(err, INPUT_ERRLEN, "key path: %.120s", perr);
		return -1;
	}
	return 0;
}
