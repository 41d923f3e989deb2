/* x509.c: PEM blocks, DER, X.509 certificates and private keys, read with bounds
 * checks on every length and no recursion: the structures are walked at known depths. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "x509.h"

enum {
	TAG_BOOLEAN = 0x01, TAG_INTEGER = 0x02, TAG_BITSTRING = 0x03, TAG_OCTETSTRING = 0x04,
	TAG_NULL = 0x05, TAG_OID = 0x06, TAG_UTF8 = 0x0c, TAG_PRINTABLE = 0x13,
	TAG_T61 = 0x14, TAG_IA5 = 0x16, TAG_UTCTIME = 0x17, TAG_GENTIME = 0x18,
	TAG_UNIVERSAL = 0x1c, TAG_BMP = 0x1e, TAG_SEQUENCE = 0x30, TAG_SET = 0x31
};

/* A window on DER bytes. */
struct der {
	const unsigned char *p;
	size_t len;
};

static const unsigned char OID_RSA[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const unsigned char OID_RSA_PSS[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
static const unsigned char OID_EC[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const unsigned char OID_ED25519[] = { 0x2b, 0x65, 0x70 };
static const unsigned char OID_ED448[] = { 0x2b, 0x65, 0x71 };
static const unsigned char OID_DSA[] = { 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01 };
/* 1.2.156.10197.1.301: the SM2 algorithm, and the curve of an id-ecPublicKey SM2 key */
static const unsigned char OID_SM2[] = { 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d };
static const unsigned char OID_SAN[] = { 0x55, 0x1d, 0x11 };
static const unsigned char OID_BASIC[] = { 0x55, 0x1d, 0x13 };
static const unsigned char OID_CN[] = { 0x55, 0x04, 0x03 };

#define OID_IS(d, oid) ((d).len == sizeof(oid) && memcmp((d).p, (oid), sizeof(oid)) == 0)

/* Read one TLV with a one-byte tag and a definite length of at most 4 bytes. */
static int
der_read(struct der *d, unsigned *tag, struct der *val)
{
	size_t len, hdr = 2, nb, k;

	if (d->len < 2)
		return -1;
	*tag = d->p[0];
	if ((*tag & 0x1f) == 0x1f)
		return -1;
	len = d->p[1];
	if (len & 0x80) {
		nb = len & 0x7f;
		if (nb == 0 || nb > 4 || d->len - 2 < nb)
			return -1;
		len = 0;
		for (k = 0; k < nb; k++)
			len = (len << 8) | d->p[2 + k];
		hdr += nb;
	}
	if (len > d->len - hdr)
		return -1;
	val->p = d->p + hdr;
	val->len = len;
	d->p += hdr + len;
	d->len -= hdr + len;
	return 0;
}

/* Read a TLV with the given tag; on any mismatch d is left where it was. */
static int
der_expect(struct der *d, unsigned tag, struct der *val)
{
	struct der save = *d;
	unsigned got;

	if (der_read(d, &got, val) != 0 || got != tag) {
		*d = save;
		return -1;
	}
	return 0;
}

static int
der_peek(const struct der *d)
{
	return d->len > 0 ? d->p[0] : -1;
}

/* An INTEGER's magnitude without its leading zero bytes. */
static int
der_uint(struct der *d, const unsigned char **p, size_t *len)
{
	struct der v;

	if (der_expect(d, TAG_INTEGER, &v) != 0 || v.len == 0)
		return -1;
	while (v.len > 1 && v.p[0] == 0) {
		v.p++;
		v.len--;
	}
	*p = v.p;
	*len = v.len;
	return 0;
}

/* A BIT STRING with no unused bits, as its bytes. */
static int
der_bits(struct der *d, unsigned tag, struct der *bytes)
{
	struct der v;

	if (der_expect(d, tag, &v) != 0 || v.len < 1 || v.p[0] != 0)
		return -1;
	bytes->p = v.p + 1;
	bytes->len = v.len - 1;
	return 0;
}

static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Two digits at *p (before end) within [lo, hi]; advances *p. */
static int
two_digits(const unsigned char **p, const unsigned char *end, int lo, int hi, int *out)
{
	const unsigned char *q = *p;

	if (end - q < 2 || q[0] < '0' || q[0] > '9' || q[1] < '0' || q[1] > '9')
		return -1;
	*out = (q[0] - '0') * 10 + (q[1] - '0');
	*p = q + 2;
	return *out >= lo && *out <= hi ? 0 : -1;
}

static int
month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* The forms openssl reads (ossl_asn1_time_to_tm, not strict, as X509 printing and
 * verification use it): UTCTime YYMMDDHHMM[SS] and GeneralizedTime YYYYMMDDHHMM[SS[.f+]],
 * then Z or an offset +hhmm/-hhmm (hh at most 12); every field in range, the day within
 * its month, no second 60. Anything else is openssl's "Bad time value". */
static enum x509_error
der_time(struct der *d, int64_t *out)
{
	const unsigned char *p, *end;
	struct der v;
	unsigned tag;
	int y, y2, mo, dd, h, mi, s = 0, oh, om;
	int64_t t;

	if (der_read(d, &tag, &v) != 0)
		return X509_ERR_DER;
	p = v.p;
	end = v.p + v.len;
	if (tag == TAG_UTCTIME) {
		if (two_digits(&p, end, 0, 99, &y) != 0)
			return X509_ERR_TIME;
		y += y < 50 ? 2000 : 1900;
	} else if (tag == TAG_GENTIME) {
		if (two_digits(&p, end, 0, 99, &y) != 0 || two_digits(&p, end, 0, 99, &y2) != 0)
			return X509_ERR_TIME;
		y = y * 100 + y2;
	} else {
		return X509_ERR_DER;
	}
	if (two_digits(&p, end, 1, 12, &mo) != 0 || two_digits(&p, end, 1, 31, &dd) != 0 ||
	    dd > month_days(y, mo) || two_digits(&p, end, 0, 23, &h) != 0 ||
	    two_digits(&p, end, 0, 59, &mi) != 0)
		return X509_ERR_TIME;
	if (p < end && *p != 'Z' && *p != '+' && *p != '-' && two_digits(&p, end, 0, 59, &s) != 0)
		return X509_ERR_TIME;
	if (tag == TAG_GENTIME && p < end && *p == '.') {
		const unsigned char *f = ++p;

		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == f)
			return X509_ERR_TIME;
	}
	t = days_from_civil(y, mo, dd) * 86400 + h * 3600 + mi * 60 + s;
	if (p < end && *p == 'Z') {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		int sign = *p++ == '+' ? -1 : 1;

		if (two_digits(&p, end, 0, 12, &oh) != 0 || two_digits(&p, end, 0, 59, &om) != 0)
			return X509_ERR_TIME;
		t += sign * (oh * 3600 + om * 60);
	} else {
		return X509_ERR_TIME;
	}
	if (p != end)
		return X509_ERR_TIME;
	*out = t;
	return X509_OK;
}

static int
parse_rsa_public(struct der bits, struct pubkey *pk)
{
	struct der seq;

	if (der_expect(&bits, TAG_SEQUENCE, &seq) != 0 ||
	    der_uint(&seq, &pk->n, &pk->nlen) != 0 || der_uint(&seq, &pk->e, &pk->elen) != 0)
		return -1;
	pk->type = PK_RSA;
	return 0;
}

/* DSA, SM2 or an algorithm we do not know: never compared, never served. */
static void
set_other(struct pubkey *pk, struct der oid)
{
	if (OID_IS(oid, OID_DSA)) {
		pk->type = PK_DSA;
	} else if (OID_IS(oid, OID_SM2)) {
		pk->type = PK_SM2;
	} else {
		pk->type = PK_OTHER;
		pk->oid = oid.p;
		pk->oidlen = oid.len;
	}
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
static int
parse_spki(struct der spki, struct pubkey *pk)
{
	struct der alg, oid, params, bits;

	memset(pk, 0, sizeof *pk);
	if (der_expect(&spki, TAG_SEQUENCE, &alg) != 0 || der_expect(&alg, TAG_OID, &oid) != 0 ||
	    der_bits(&spki, TAG_BITSTRING, &bits) != 0)
		return -1;
	if (OID_IS(oid, OID_RSA) || OID_IS(oid, OID_RSA_PSS)) {
		if (parse_rsa_public(bits, pk) != 0)
			return -1;
		if (OID_IS(oid, OID_RSA_PSS))
			pk->type = PK_RSA_PSS;
		return 0;
	}
	if (OID_IS(oid, OID_EC)) {
		pk->type = PK_EC;
		if (der_expect(&alg, TAG_OID, &params) == 0) {
			pk->curve = params.p;
			pk->curvelen = params.len;
			if (OID_IS(params, OID_SM2))
				pk->type = PK_SM2;
		}
	} else if (OID_IS(oid, OID_ED25519)) {
		pk->type = PK_ED25519;
	} else if (OID_IS(oid, OID_ED448)) {
		pk->type = PK_ED448;
	} else {
		set_other(pk, oid);
		return 0;
	}
	pk->point = bits.p;
	pk->pointlen = bits.len;
	return 0;
}

/* A printable ASCII string without NUL, lowercased; NULL otherwise. */
static char *
dns_string(struct der v)
{
	char *s;
	size_t i;

	if (v.len == 0)
		return NULL;
	for (i = 0; i < v.len; i++)
		if (v.p[i] <= 0x20 || v.p[i] >= 0x7f)
			return NULL;
	s = kstrndup((const char *)v.p, v.len);
	for (i = 0; i < v.len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] + 32);
	return s;
}

/* A BMPString (UTF-16BE, width 2) or UniversalString (UTF-32BE, width 4) as UTF-8, as
 * openssl's ASN1_STRING_to_UTF8 converts them; NULL when it holds no valid text. */
static char *
wide_to_utf8(struct der v, size_t width)
{
	char *out, *s;
	size_t i;

	if (v.len == 0 || v.len % width != 0)
		return NULL;
	out = s = kmalloc(v.len / width * 4 + 1);
	for (i = 0; i < v.len; i += width) {
		uint32_t c = 0;
		size_t k;

		for (k = 0; k < width; k++)
			c = (c << 8) | v.p[i + k];
		if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
			free(out);
			return NULL;
		}
		if (c < 0x80) {
			*s++ = (char)c;
		} else if (c < 0x800) {
			*s++ = (char)(0xc0 | (c >> 6));
			*s++ = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			*s++ = (char)(0xe0 | (c >> 12));
			*s++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*s++ = (char)(0x80 | (c & 0x3f));
		} else {
			*s++ = (char)(0xf0 | (c >> 18));
			*s++ = (char)(0x80 | ((c >> 12) & 0x3f));
			*s++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*s++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*s = '\0';
	return out;
}

static void
add_name(struct x509_cert *c, char *name)
{
	if (name == NULL)
		return;
	c->names = kreallocarray(c->names, c->nnames + 1, sizeof *c->names);
	c->names[c->nnames++] = name;
}

/* GeneralNames ::= SEQUENCE OF GeneralName; dNSName is [2] IMPLICIT IA5String. */
static int
parse_san(struct der val, struct x509_cert *c)
{
	struct der seq, gn;
	unsigned tag;

	if (der_expect(&val, TAG_SEQUENCE, &seq) != 0)
		return -1;
	c->has_san = 1;
	while (seq.len > 0) {
		if (der_read(&seq, &tag, &gn) != 0)
			return -1;
		if (tag == 0x82)
			add_name(c, dns_string(gn));
	}
	return 0;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
static int
parse_basic(struct der val, struct x509_cert *c)
{
	struct der seq, b;

	if (der_expect(&val, TAG_SEQUENCE, &seq) != 0)
		return -1;
	if (der_expect(&seq, TAG_BOOLEAN, &b) == 0 && b.len == 1 && b.p[0] != 0)
		c->is_ca = 1;
	return 0;
}

/* Extensions ::= SEQUENCE OF SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
static int
parse_extensions(struct der wrap, struct x509_cert *c)
{
	struct der exts, ext, oid, crit, val;

	if (der_expect(&wrap, TAG_SEQUENCE, &exts) != 0)
		return -1;
	while (exts.len > 0) {
		if (der_expect(&exts, TAG_SEQUENCE, &ext) != 0 || der_expect(&ext, TAG_OID, &oid) != 0)
			return -1;
		(void)der_expect(&ext, TAG_BOOLEAN, &crit);
		if (der_expect(&ext, TAG_OCTETSTRING, &val) != 0)
			return -1;
		if (OID_IS(oid, OID_SAN) && parse_san(val, c) != 0)
			return -1;
		if (OID_IS(oid, OID_BASIC) && parse_basic(val, c) != 0)
			return -1;
	}
	return 0;
}

/* Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }: the last commonName. */
static void
take_cn(struct der name, struct x509_cert *c)
{
	struct der seq, set, atv, oid, val;
	char *cn = NULL;
	unsigned tag;

	if (der_expect(&name, TAG_SEQUENCE, &seq) != 0)
		return;
	while (der_expect(&seq, TAG_SET, &set) == 0) {
		while (der_expect(&set, TAG_SEQUENCE, &atv) == 0) {
			if (der_expect(&atv, TAG_OID, &oid) != 0 || !OID_IS(oid, OID_CN) ||
			    der_read(&atv, &tag, &val) != 0)
				continue;
			char *s = NULL;

			if (tag == TAG_UTF8 || tag == TAG_PRINTABLE || tag == TAG_IA5 || tag == TAG_T61) {
				s = dns_string(val);
			} else if (tag == TAG_BMP || tag == TAG_UNIVERSAL) {
				char *u = wide_to_utf8(val, tag == TAG_BMP ? 2 : 4);

				if (u != NULL) {
					struct der text = { (const unsigned char *)u, strlen(u) };

					s = dns_string(text);
					free(u);
				}
			}
			if (s != NULL) {
				free(cn);
				cn = s;
			}
		}
	}
	add_name(c, cn);
}

static enum x509_error
tbs_fields(struct der tbs, struct x509_cert *c)
{
	struct der v, issuer, subject, validity, spki, ext;
	const unsigned char *start;
	enum x509_error err;
	unsigned tag;

	(void)der_expect(&tbs, 0xa0, &v);
	if (der_expect(&tbs, TAG_INTEGER, &v) != 0 || der_expect(&tbs, TAG_SEQUENCE, &v) != 0)
		return X509_ERR_DER;
	start = tbs.p;
	if (der_expect(&tbs, TAG_SEQUENCE, &v) != 0)
		return X509_ERR_DER;
	issuer.p = start;
	issuer.len = (size_t)(tbs.p - start);
	if (der_expect(&tbs, TAG_SEQUENCE, &validity) != 0)
		return X509_ERR_DER;
	if ((err = der_time(&validity, &c->not_before)) != X509_OK ||
	    (err = der_time(&validity, &c->not_after)) != X509_OK)
		return err;
	start = tbs.p;
	if (der_expect(&tbs, TAG_SEQUENCE, &v) != 0)
		return X509_ERR_DER;
	subject.p = start;
	subject.len = (size_t)(tbs.p - start);
	if (der_expect(&tbs, TAG_SEQUENCE, &spki) != 0 || parse_spki(spki, &c->pk) != 0)
		return X509_ERR_DER;
	while (der_peek(&tbs) == 0x81 || der_peek(&tbs) == 0x82 || der_peek(&tbs) == 0xa1 ||
	    der_peek(&tbs) == 0xa2)
		if (der_read(&tbs, &tag, &v) != 0)
			return X509_ERR_DER;
	if (der_expect(&tbs, 0xa3, &ext) == 0 && parse_extensions(ext, c) != 0)
		return X509_ERR_DER;
	c->issuer = issuer.p;
	c->issuer_len = issuer.len;
	c->subject = subject.p;
	c->subject_len = subject.len;
	if (!c->has_san)
		take_cn(subject, c);
	return X509_OK;
}

enum x509_error
x509_parse(const unsigned char *der, size_t len, struct x509_cert *c)
{
	struct der top = { der, len }, cert, tbs;
	enum x509_error err = X509_ERR_DER;

	memset(c, 0, sizeof *c);
	if (der_expect(&top, TAG_SEQUENCE, &cert) != 0 || top.len != 0 ||
	    der_expect(&cert, TAG_SEQUENCE, &tbs) != 0 ||
	    (err = tbs_fields(tbs, c)) != X509_OK) {
		x509_free(c);
		return err;
	}
	return X509_OK;
}

void
x509_free(struct x509_cert *c)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	c->names = NULL;
	c->nnames = 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
x509_sort_names(struct x509_cert *c)
{
	if (c->nnames > 1)
		qsort(c->names, c->nnames, sizeof *c->names, cmp_name);
}

static int
has_name(const struct x509_cert *c, const char *name)
{
	return c->nnames > 0 &&
	    bsearch(&name, c->names, c->nnames, sizeof *c->names, cmp_name) != NULL;
}

/* A wildcard over a top-level label ("*.com", "*.") matches nothing (RFC 6125 6.4.3,
 * and what browsers and openssl's X509_check_host do). */
static int
wildcard_usable(const char *p)
{
	return p[0] != '*' || (p[1] == '.' && strchr(p + 2, '.') != NULL && p[2] != '.');
}

int
x509_covers(const struct x509_cert *c, const char *name)
{
	const char *dot = strchr(name, '.');
	size_t len;
	char *wild;
	int found;

	if (!wildcard_usable(name))
		return 0;
	if (has_name(c, name))
		return 1;
	/* "*.example.com" covers exactly one more label, never the "*." name's own */
	if (name[0] == '*' || dot == NULL || dot == name || strchr(dot + 1, '.') == NULL)
		return 0;
	len = strlen(dot) + 2;
	wild = kmalloc(len);
	snprintf(wild, len, "*%s", dot);
	found = has_name(c, wild);
	free(wild);
	return found;
}

/* RSAPrivateKey ::= SEQUENCE { version INTEGER, modulus INTEGER, publicExponent INTEGER, ... } */
static int
parse_pkcs1(struct der d, struct pubkey *pk)
{
	struct der seq, v;

	if (der_expect(&d, TAG_SEQUENCE, &seq) != 0 || der_expect(&seq, TAG_INTEGER, &v) != 0 ||
	    der_uint(&seq, &pk->n, &pk->nlen) != 0 || der_uint(&seq, &pk->e, &pk->elen) != 0)
		return -1;
	pk->type = PK_RSA;
	return 0;
}

/* ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING,
 *     parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL } */
static int
parse_sec1(struct der d, struct pubkey *pk)
{
	struct der seq, v, wrap, oid, bits;

	if (der_expect(&d, TAG_SEQUENCE, &seq) != 0 || der_expect(&seq, TAG_INTEGER, &v) != 0 ||
	    der_expect(&seq, TAG_OCTETSTRING, &v) != 0)
		return -1;
	pk->type = PK_EC;
	if (der_expect(&seq, 0xa0, &wrap) == 0 && der_expect(&wrap, TAG_OID, &oid) == 0) {
		pk->curve = oid.p;
		pk->curvelen = oid.len;
		if (OID_IS(oid, OID_SM2))
			pk->type = PK_SM2;
	}
	if (der_expect(&seq, 0xa1, &wrap) == 0) {
		if (der_bits(&wrap, TAG_BITSTRING, &bits) != 0)
			return -1;
		pk->point = bits.p;
		pk->pointlen = bits.len;
	}
	return 0;
}

/* OneAsymmetricKey ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier,
 *     privateKey OCTET STRING, attributes [0] OPTIONAL, publicKey [1] BIT STRING OPTIONAL } */
static int
parse_pkcs8(struct der d, struct pubkey *pk)
{
	struct der seq, v, alg, oid, params, priv, bits;

	if (der_expect(&d, TAG_SEQUENCE, &seq) != 0 || der_expect(&seq, TAG_INTEGER, &v) != 0 ||
	    der_expect(&seq, TAG_SEQUENCE, &alg) != 0 || der_expect(&alg, TAG_OID, &oid) != 0 ||
	    der_expect(&seq, TAG_OCTETSTRING, &priv) != 0)
		return -1;
	(void)der_expect(&seq, 0xa0, &v);
	if (OID_IS(oid, OID_RSA) || OID_IS(oid, OID_RSA_PSS)) {
		if (parse_pkcs1(priv, pk) != 0)
			return -1;
		if (OID_IS(oid, OID_RSA_PSS))
			pk->type = PK_RSA_PSS;
		return 0;
	}
	if (OID_IS(oid, OID_EC)) {
		if (parse_sec1(priv, pk) != 0)
			return -1;
		if (pk->curve == NULL && der_expect(&alg, TAG_OID, &params) == 0) {
			pk->curve = params.p;
			pk->curvelen = params.len;
			if (OID_IS(params, OID_SM2))
				pk->type = PK_SM2;
		}
		return 0;
	}
	if (OID_IS(oid, OID_ED25519)) {
		pk->type = PK_ED25519;
	} else if (OID_IS(oid, OID_ED448)) {
		pk->type = PK_ED448;
	} else {
		set_other(pk, oid);
		return 0;
	}
	if (der_bits(&seq, 0x81, &bits) == 0) {
		pk->point = bits.p;
		pk->pointlen = bits.len;
	}
	return 0;
}

/* DSAPrivateKey ::= SEQUENCE { version INTEGER, p, q, g, y, x INTEGER } */
static int
parse_dsa(struct der d, struct pubkey *pk)
{
	struct der seq, v;
	int i;

	if (der_expect(&d, TAG_SEQUENCE, &seq) != 0)
		return -1;
	for (i = 0; i < 6; i++)
		if (der_expect(&seq, TAG_INTEGER, &v) != 0)
			return -1;
	pk->type = PK_DSA;
	return 0;
}

int
key_label(const char *label)
{
	return strcmp(label, "RSA PRIVATE KEY") == 0 || strcmp(label, "EC PRIVATE KEY") == 0 ||
	    strcmp(label, "DSA PRIVATE KEY") == 0 || strcmp(label, "RSA-PSS PRIVATE KEY") == 0 ||
	    strcmp(label, "PRIVATE KEY") == 0;
}

int
key_parse(const char *label, const unsigned char *der, size_t len, struct pubkey *pk)
{
	struct der d = { der, len };

	memset(pk, 0, sizeof *pk);
	if (strcmp(label, "RSA PRIVATE KEY") == 0)
		return parse_pkcs1(d, pk);
	if (strcmp(label, "EC PRIVATE KEY") == 0)
		return parse_sec1(d, pk);
	if (strcmp(label, "PRIVATE KEY") == 0)
		return parse_pkcs8(d, pk);
	if (strcmp(label, "DSA PRIVATE KEY") == 0)
		return parse_dsa(d, pk) == 0 || parse_pkcs8(d, pk) == 0 ? 0 : -1;
	/* openssl rsa -traditional writes an RSA-PSS key as PKCS#1 under this label */
	if (strcmp(label, "RSA-PSS PRIVATE KEY") == 0) {
		if (parse_pkcs1(d, pk) != 0 && parse_pkcs8(d, pk) != 0)
			return -1;
		if (pk->type == PK_RSA)
			pk->type = PK_RSA_PSS;
		return 0;
	}
	return -1;
}

static int
bytes_equal(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* Same EC point, one compressed (02/03 || X) and one not (04 || X || Y)? */
static int
ec_points_equal(const struct pubkey *a, const struct pubkey *b)
{
	const struct pubkey *c, *u;
	size_t xlen;

	if (bytes_equal(a->point, a->pointlen, b->point, b->pointlen))
		return 1;
	if (a->pointlen > 0 && (a->point[0] == 2 || a->point[0] == 3)) {
		c = a;
		u = b;
	} else {
		c = b;
		u = a;
	}
	if (c->pointlen < 2 || (c->point[0] != 2 && c->point[0] != 3))
		return 0;
	xlen = c->pointlen - 1;
	if (u->pointlen != 1 + 2 * xlen || u->point[0] != 4)
		return 0;
	return memcmp(c->point + 1, u->point + 1, xlen) == 0 &&
	    (u->point[u->pointlen - 1] & 1) == (c->point[0] & 1);
}

enum key_match
key_compare(const struct pubkey *cert, const struct pubkey *key)
{
	if (cert->type != key->type || (cert->type == PK_OTHER &&
	    !bytes_equal(cert->oid, cert->oidlen, key->oid, key->oidlen)))
		return KEY_OTHER_TYPE;
	switch (key->type) {
	case PK_RSA:
	case PK_RSA_PSS:
		return bytes_equal(cert->n, cert->nlen, key->n, key->nlen) &&
		    bytes_equal(cert->e, cert->elen, key->e, key->elen) ? KEY_MATCHES : KEY_DIFFERS;
	case PK_EC:
		if (cert->curve != NULL && key->curve != NULL &&
		    !bytes_equal(cert->curve, cert->curvelen, key->curve, key->curvelen))
			return KEY_DIFFERS;
		if (key->point == NULL || cert->point == NULL)
			return KEY_UNVERIFIABLE;
		return ec_points_equal(cert, key) ? KEY_MATCHES : KEY_DIFFERS;
	case PK_ED25519:
	case PK_ED448:
		if (key->point == NULL || cert->point == NULL)
			return KEY_UNVERIFIABLE;
		return bytes_equal(cert->point, cert->pointlen, key->point, key->pointlen) ?
		    KEY_MATCHES : KEY_DIFFERS;
	case PK_DSA:
	case PK_SM2:
	case PK_OTHER:
		return KEY_NOT_SERVED;
	case PK_NONE:
		break;
	}
	return KEY_OTHER_TYPE;
}

const char *
pk_type_name(enum pk_type t)
{
	switch (t) {
	case PK_RSA:
		return "RSA";
	case PK_RSA_PSS:
		return "RSA-PSS";
	case PK_DSA:
		return "DSA";
	case PK_SM2:
		return "SM2";
	case PK_EC:
		return "EC";
	case PK_ED25519:
		return "Ed25519";
	case PK_ED448:
		return "Ed448";
	case PK_NONE:
	case PK_OTHER:
		break;
	}
	return "unknown";
}

void
pk_oid_text(const struct pubkey *pk, char *out, size_t cap)
{
	size_t i, len = 0;
	uint64_t arc = 0;
	int n;

	out[0] = '\0';
	for (i = 0; i < pk->oidlen && len < cap; i++) {
		if (arc > (UINT64_MAX >> 7)) {
			snprintf(out, cap, "(unreadable OID)");
			return;
		}
		arc = (arc << 7) | (pk->oid[i] & 0x7f);
		if (pk->oid[i] & 0x80)
			continue;
		if (len == 0)
			n = snprintf(out, cap, "%u.%llu", arc < 80 ? (unsigned)(arc / 40) : 2,
			    (unsigned long long)(arc < 80 ? arc % 40 : arc - 80));
		else
			n = snprintf(out + len, cap - len, ".%llu", (unsigned long long)arc);
		if (n < 0)
			return;
		len += (size_t)n;
		arc = 0;
	}
}

/* Decode base64, skipping line breaks and blanks. Returns 0, or -1 on a bad character. */
static int
b64_decode(const char *s, size_t len, struct pem_block *b)
{
	uint32_t acc = 0;
	size_t i, nbits = 0, pad = 0;

	b->der = kmalloc(len / 4 * 3 + 3);
	b->len = 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;

		if (c == '\n' || c == '\r' || c == ' ' || c == '\t')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = kbase64_value(c)) < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		nbits += 6;
		if (nbits >= 8) {
			nbits -= 8;
			b->der[b->len++] = (unsigned char)(acc >> nbits);
		}
	}
	return pad > 2 ? -1 : 0;
}

static int
starts(const char *p, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(p, prefix, n) == 0;
}

/* The length of a line without its \r\n or \n, and where the next one starts. */
static size_t
line_at(const char *buf, size_t len, size_t pos, size_t *next)
{
	const char *nl = memchr(buf + pos, '\n', len - pos);
	size_t end = nl != NULL ? (size_t)(nl - buf) : len;

	*next = nl != NULL ? end + 1 : len;
	while (end > pos && (buf[end - 1] == '\r' || buf[end - 1] == ' ' || buf[end - 1] == '\t'))
		end--;
	return end - pos;
}

/* The body of one block starting after its BEGIN line; returns where scanning resumes. */
static size_t
pem_body(const char *buf, size_t len, size_t pos, struct pem_block *b)
{
	size_t next, llen, body_start = pos, body_end = pos, end_len = strlen(b->label) + 14;
	int headers_done = 0, first = 1;
	char *end_line = kmalloc(end_len + 1);

	snprintf(end_line, end_len + 1, "-----END %s-----", b->label);
	b->broken = 1;
	while (pos < len) {
		llen = line_at(buf, len, pos, &next);
		if (starts(buf + pos, llen, "-----END ")) {
			body_end = pos;
			if (llen == end_len && memcmp(buf + pos, end_line, end_len) == 0)
				b->broken = 0;
			pos = next;
			break;
		}
		/* RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") end at a blank line */
		if (!headers_done && (first || llen > 0) && memchr(buf + pos, ':', llen) != NULL) {
			if (starts(buf + pos, llen, "Proc-Type:") &&
			    llen >= 9 && memcmp(buf + pos + llen - 9, "ENCRYPTED", 9) == 0)
				b->encrypted = 1;
			body_start = next;
		} else if (!headers_done) {
			headers_done = 1;
			body_start = pos;
		}
		first = 0;
		pos = next;
	}
	free(end_line);
	if (!b->broken && b64_decode(buf + body_start, body_end - body_start, b) != 0)
		b->broken = 1;
	if (b->broken) {
		free(b->der);
		b->der = NULL;
		b->len = 0;
	}
	return b->broken && pos >= len ? len : pos;
}

size_t
pem_parse(const char *buf, size_t len, struct pem_block **out)
{
	struct pem_block *blocks = NULL;
	size_t n = 0, pos = 0, next, llen;

	while (pos < len) {
		llen = line_at(buf, len, pos, &next);
		if (llen > 16 && starts(buf + pos, llen, "-----BEGIN ") &&
		    memcmp(buf + pos + llen - 5, "-----", 5) == 0) {
			struct pem_block *b;

			blocks = kreallocarray(blocks, n + 1, sizeof *blocks);
			b = &blocks[n++];
			memset(b, 0, sizeof *b);
			b->label = kstrndup(buf + pos + 11, llen - 16);
			next = pem_body(buf, len, next, b);
		}
		pos = next;
	}
	*out = blocks;
	return n;
}

void
pem_free(struct pem_block *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(b[i].label);
		free(b[i].der);
	}
	free(b);
}
