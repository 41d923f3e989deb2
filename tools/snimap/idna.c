/* idna.c: UTS 46 nontransitional processing of host names, from the generated idna-table.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "idna.h"

enum idna_status {
	ST_VALID, ST_MAPPED, ST_DEVIATION, ST_IGNORED, ST_DISALLOWED, ST_STD3,
	ST_UNSTABLE,    /* mapped otherwise, or refused, by the newer UTS 46 table */
	ST_TOO_NEW      /* assigned after IDNA_AGE_LIMIT */
};

/* From start on, up to the next row: a status, and for ST_MAPPED a replacement. */
struct idna_map {
	uint32_t start;
	unsigned char status, len;
	uint16_t off;
};
struct idna_range {
	uint32_t lo, hi;
};
/* A property value from start on, up to the next row. */
struct idna_step {
	uint32_t start;
	unsigned char value;
};
/* The full canonical decomposition of cp: len code points of idna_decomp_pool from off. */
struct idna_decomp {
	uint32_t cp;
	unsigned char len;
	uint16_t off;
};
struct idna_pair {
	uint32_t first, second, composite;
};

#include "idna-table.h"

const char idna_uts46_version[] = IDNA_UTS46_VERSION;

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* Bidi classes, as numbered by mkidna. */
enum { B_L = 1, B_R, B_AL, B_EN, B_ES, B_ET, B_AN, B_CS, B_NSM, B_BN };
enum { S_GREEK = 1, S_HEBREW, S_HIRAGANA, S_KATAKANA, S_HAN };

#define HANGUL_S 0xac00u
#define HANGUL_L 0x1100u
#define HANGUL_V 0x1161u
#define HANGUL_T 0x11a7u
#define HANGUL_VCOUNT 21u
#define HANGUL_TCOUNT 28u
#define HANGUL_SCOUNT 11172u

static const struct idna_map *
map_row(uint32_t c)
{
	size_t lo = 0, hi = COUNT(idna_map);

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (idna_map[mid].start <= c)
			lo = mid;
		else
			hi = mid;
	}
	return &idna_map[lo];
}

static unsigned
step_value(const struct idna_step *t, size_t n, uint32_t c)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid].start <= c)
			lo = mid;
		else
			hi = mid;
	}
	return t[lo].value;
}

static int
in_ranges(const struct idna_range *r, size_t n, uint32_t c)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static unsigned
ccc(uint32_t c)
{
	return step_value(idna_ccc, COUNT(idna_ccc), c);
}

static unsigned
bidi_class(uint32_t c)
{
	return step_value(idna_bidi, COUNT(idna_bidi), c);
}

static unsigned
script(uint32_t c)
{
	return step_value(idna_script, COUNT(idna_script), c);
}

static unsigned
joining_type(uint32_t c)
{
	return step_value(idna_joining, COUNT(idna_joining), c);
}

static const struct idna_decomp *
decomp_row(uint32_t c)
{
	size_t lo = 0, hi = COUNT(idna_decomp);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c < idna_decomp[mid].cp)
			hi = mid;
		else if (c > idna_decomp[mid].cp)
			lo = mid + 1;
		else
			return &idna_decomp[mid];
	}
	return NULL;
}

/* The primary composite of a and b, or 0. */
static uint32_t
compose_pair(uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = COUNT(idna_compose);

	if (a >= HANGUL_L && a < HANGUL_L + 19 && b >= HANGUL_V && b < HANGUL_V + HANGUL_VCOUNT)
		return HANGUL_S + ((a - HANGUL_L) * HANGUL_VCOUNT + (b - HANGUL_V)) * HANGUL_TCOUNT;
	if (a >= HANGUL_S && a < HANGUL_S + HANGUL_SCOUNT && (a - HANGUL_S) % HANGUL_TCOUNT == 0 &&
	    b > HANGUL_T && b < HANGUL_T + HANGUL_TCOUNT)
		return a + (b - HANGUL_T);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct idna_pair *p = &idna_compose[mid];

		if (a < p->first || (a == p->first && b < p->second))
			hi = mid;
		else if (a > p->first || b > p->second)
			lo = mid + 1;
		else
			return p->composite;
	}
	return 0;
}

/* A growing array of code points. */
struct cpbuf {
	uint32_t *v;
	size_t n, cap;
};

static void
cpbuf_push(struct cpbuf *b, uint32_t c)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->v = kreallocarray(b->v, b->cap, sizeof *b->v);
	}
	b->v[b->n++] = c;
}

static void
decompose(uint32_t c, struct cpbuf *out)
{
	const struct idna_decomp *d;
	size_t i;

	if (c >= HANGUL_S && c < HANGUL_S + HANGUL_SCOUNT) {
		uint32_t s = c - HANGUL_S, t = s % HANGUL_TCOUNT;

		cpbuf_push(out, HANGUL_L + s / (HANGUL_VCOUNT * HANGUL_TCOUNT));
		cpbuf_push(out, HANGUL_V + (s % (HANGUL_VCOUNT * HANGUL_TCOUNT)) / HANGUL_TCOUNT);
		if (t != 0)
			cpbuf_push(out, HANGUL_T + t);
		return;
	}
	if ((d = decomp_row(c)) == NULL) {
		cpbuf_push(out, c);
		return;
	}
	for (i = 0; i < d->len; i++)
		cpbuf_push(out, idna_decomp_pool[d->off + i]);
}

/* Canonical ordering: a stable sort of each run of non-starters by combining class. */
static void
reorder(uint32_t *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		uint32_t c = v[i];
		unsigned cc = ccc(c);

		if (cc == 0)
			continue;
		for (j = i; j > 0 && ccc(v[j - 1]) > cc; j--)
			v[j] = v[j - 1];
		v[j] = c;
	}
}

/* Canonical composition in place (UAX 15); returns the new length. */
static size_t
compose(uint32_t *v, size_t n)
{
	size_t starter = 0, out = 1, i;
	unsigned last;

	if (n == 0)
		return 0;
	last = ccc(v[0]) ? 256 : 0;
	for (i = 1; i < n; i++) {
		uint32_t c = v[i], comp;
		unsigned cc = ccc(c);

		comp = compose_pair(v[starter], c);
		if (comp != 0 && (last < cc || last == 0)) {
			v[starter] = comp;
			continue;
		}
		if (cc == 0)
			starter = out;
		last = cc;
		v[out++] = c;
	}
	return out;
}

static void
nfc(struct cpbuf *b)
{
	struct cpbuf d = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < b->n; i++)
		decompose(b->v[i], &d);
	reorder(d.v, d.n);
	d.n = compose(d.v, d.n);
	free(b->v);
	*b = d;
}

uint32_t *
idna_map_name(const uint32_t *cp, size_t n, size_t *outlen, char *err, size_t errlen)
{
	struct cpbuf b = { NULL, 0, 0 };
	size_t i, k;

	for (i = 0; i < n; i++) {
		uint32_t c = cp[i];
		const struct idna_map *m = map_row(c);

		switch (c < 0x80 && m->status == ST_STD3 ? ST_VALID : m->status) {
		case ST_VALID:
		case ST_DEVIATION:
			cpbuf_push(&b, c);
			break;
		case ST_MAPPED:
			for (k = 0; k < m->len; k++)
				cpbuf_push(&b, idna_map_pool[m->off + k]);
			break;
		case ST_IGNORED:
			/* UTS 46 drops it; an invisible character in a list is more likely a
			 * paste accident than meant, so it is refused instead */
			snprintf(err, errlen, "invalid character U+%04X in name", (unsigned)c);
			goto fail;
		case ST_STD3:
			snprintf(err, errlen, "U+%04X is not allowed in host names (UTS 46 %s, STD3 rules)",
			    (unsigned)c, idna_uts46_version);
			goto fail;
		case ST_UNSTABLE:
			snprintf(err, errlen, "U+%04X is refused: UTS 46 %s and %s treat it differently",
			    (unsigned)c, idna_uts46_version, IDNA_UTS46_NEWER);
			goto fail;
		case ST_TOO_NEW:
			snprintf(err, errlen, "U+%04X is refused: it is newer than Unicode %s, the "
			    "IDNA2008 tables of libidn2", (unsigned)c, IDNA_AGE_LIMIT);
			goto fail;
		default:
			snprintf(err, errlen, "U+%04X is not allowed in host names (UTS 46 %s)",
			    (unsigned)c, idna_uts46_version);
			goto fail;
		}
	}
	nfc(&b);
	*outlen = b.n;
	if (b.v == NULL)        /* an empty result is still a result */
		b.v = kreallocarray(NULL, 1, sizeof *b.v);
	return b.v;
fail:
	free(b.v);
	return NULL;
}

/* RFC 5892 appendix A.1 and A.2: ZERO WIDTH NON-JOINER and JOINER. */
static int
contextj_ok(const uint32_t *cp, size_t n, size_t pos)
{
	size_t i;
	unsigned jt;

	if (pos > 0 && ccc(cp[pos - 1]) == 9)        /* after a virama */
		return 1;
	if (cp[pos] != 0x200c)
		return 0;
	for (i = pos; i > 0; i--) {
		jt = joining_type(cp[i - 1]);
		if (jt == 'T')
			continue;
		if (jt != 'L' && jt != 'D')
			return 0;
		break;
	}
	if (i == 0)
		return 0;
	for (i = pos + 1; i < n; i++) {
		jt = joining_type(cp[i]);
		if (jt == 'T')
			continue;
		return jt == 'R' || jt == 'D';
	}
	return 0;
}

/* RFC 5892 appendix A.3 to A.9. */
static int
contexto_ok(const uint32_t *cp, size_t n, size_t pos)
{
	uint32_t c = cp[pos];
	size_t i;

	if (c == 0x00b7)
		return pos > 0 && pos + 1 < n && cp[pos - 1] == 'l' && cp[pos + 1] == 'l';
	if (c == 0x0375)
		return pos + 1 < n && script(cp[pos + 1]) == S_GREEK;
	if (c == 0x05f3 || c == 0x05f4)
		return pos > 0 && script(cp[pos - 1]) == S_HEBREW;
	if (c == 0x30fb) {
		for (i = 0; i < n; i++) {
			unsigned s = script(cp[i]);

			if (cp[i] != 0x30fb && (s == S_HIRAGANA || s == S_KATAKANA || s == S_HAN))
				return 1;
		}
		return 0;
	}
	if ((c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9)) {
		uint32_t other = c <= 0x0669 ? 0x06f0 : 0x0660;

		for (i = 0; i < n; i++)
			if (cp[i] >= other && cp[i] <= other + 9)
				return 0;
		return 1;
	}
	return 0;
}

static int
is_nfc(const uint32_t *cp, size_t n)
{
	struct cpbuf b = { NULL, 0, 0 };
	size_t i;
	int same;

	for (i = 0; i < n; i++)
		cpbuf_push(&b, cp[i]);
	nfc(&b);
	same = b.n == n && memcmp(b.v, cp, n * sizeof *cp) == 0;
	free(b.v);
	return same;
}

int
idna_check_label(const uint32_t *cp, size_t n, char *err, size_t errlen)
{
	size_t i;

	if (n == 0) {
		snprintf(err, errlen, "empty label in name");
		return -1;
	}
	if (cp[0] == '-' || cp[n - 1] == '-') {
		snprintf(err, errlen, "label starts or ends with a hyphen");
		return -1;
	}
	if (n >= 4 && cp[2] == '-' && cp[3] == '-') {
		snprintf(err, errlen, "label has \"--\" in its third and fourth place");
		return -1;
	}
	if (in_ranges(idna_mark, COUNT(idna_mark), cp[0])) {
		snprintf(err, errlen, "label starts with the combining mark U+%04X", (unsigned)cp[0]);
		return -1;
	}
	for (i = 0; i < n; i++) {
		uint32_t c = cp[i];

		if (in_ranges(idna_pvalid, COUNT(idna_pvalid), c))
			continue;
		if (in_ranges(idna_contextj, COUNT(idna_contextj), c)) {
			if (contextj_ok(cp, n, i))
				continue;
			snprintf(err, errlen, "U+%04X is not allowed where it stands (RFC 5892 CONTEXTJ)",
			    (unsigned)c);
			return -1;
		}
		if (in_ranges(idna_contexto, COUNT(idna_contexto), c)) {
			if (contexto_ok(cp, n, i))
				continue;
			snprintf(err, errlen, "U+%04X is not allowed where it stands (RFC 5892 CONTEXTO)",
			    (unsigned)c);
			return -1;
		}
		snprintf(err, errlen, "U+%04X is not allowed in host names (IDNA2008, RFC 5892 %s)",
		    (unsigned)c, IDNA_IDNA2008_VERSION);
		return -1;
	}
	if (!is_nfc(cp, n)) {
		snprintf(err, errlen, "label is not in Unicode normalization form C");
		return -1;
	}
	return 0;
}

/* RFC 5893 section 2, rules 1 to 6, on one label; 0 when they hold, else the rule broken. */
static int
bidi_rule_broken(const uint32_t *cp, size_t n)
{
	unsigned first, b, numbers = 0;
	int rtl, ends_well = 0;
	size_t i;

	if (n == 0)
		return 0;
	first = bidi_class(cp[0]);
	if (first != B_L && first != B_R && first != B_AL)
		return 1;
	rtl = first != B_L;
	for (i = 0; i < n; i++) {
		b = bidi_class(cp[i]);
		if (rtl) {
			if (b != B_R && b != B_AL && b != B_AN && b != B_EN && b != B_ES && b != B_CS &&
			    b != B_ET && b != 14 /* ON */ && b != B_BN && b != B_NSM)
				return 2;
			if (b == B_R || b == B_AL || b == B_EN || b == B_AN)
				ends_well = 1;
			else if (b != B_NSM)
				ends_well = 0;
			if (b == B_AN || b == B_EN) {
				if (numbers != 0 && numbers != b)
					return 4;
				numbers = b;
			}
		} else {
			if (b != B_L && b != B_EN && b != B_ES && b != B_CS && b != B_ET && b != 14 &&
			    b != B_BN && b != B_NSM)
				return 5;
			if (b == B_L || b == B_EN)
				ends_well = 1;
			else if (b != B_NSM)
				ends_well = 0;
		}
	}
	return ends_well ? 0 : rtl ? 3 : 6;
}

int
idna_check_bidi(const uint32_t *cp, size_t n, char *err, size_t errlen)
{
	size_t i, a, label = 1;
	int rule;

	for (i = 0; i < n; i++) {
		unsigned b = bidi_class(cp[i]);

		if (b == B_R || b == B_AL || b == B_AN)
			break;
	}
	if (i == n)
		return 0;
	for (a = i = 0; i <= n; i++) {
		if (i < n && cp[i] != '.')
			continue;
		if (i > a && !(i - a == 1 && cp[a] == '*') &&
		    (rule = bidi_rule_broken(cp + a, i - a)) != 0) {
			snprintf(err, errlen, "label %zu of a right-to-left name breaks rule %d of "
			    "RFC 5893 section 2", label, rule);
			return -1;
		}
		a = i + 1;
		label++;
	}
	return 0;
}

int
idna_ulabel_ok(const uint32_t *cp, size_t n)
{
	char err[160];
	uint32_t *mapped;
	size_t m;
	int ok;

	if ((mapped = idna_map_name(cp, n, &m, err, sizeof err)) == NULL)
		return 0;
	ok = m == n && memcmp(mapped, cp, n * sizeof *cp) == 0 &&
	    idna_check_label(cp, n, err, sizeof err) == 0 && idna_check_bidi(cp, n, err, sizeof err) == 0;
	free(mapped);
	return ok;
}
