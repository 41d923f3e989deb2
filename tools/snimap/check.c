/* check.c: what snimap verifies before a name reaches a server: the files, the chain,
 * the names the leaf covers, its dates, and that the key belongs to it. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanri.h"
#include "check.h"
#include "x509.h"

/* A growing message: problems joined by "; ". */
struct report {
	char *s;
	size_t len;
	int problems;
};

static void __attribute__((format(printf, 2, 3)))
problem(struct report *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	r->s = kreallocarray(r->s, r->len + (size_t)n + 3, 1);
	if (r->problems++ > 0) {
		memcpy(r->s + r->len, "; ", 2);
		r->len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->s + r->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	r->len += (size_t)n;
}

int
read_regular(const char *path, char **buf, size_t *len)
{
	struct stat st;
	int fd, err;

	if ((fd = kopen_regular(AT_FDCWD, path, 0, &st)) == KOPEN_NOTREG)
		return -1;
	if (fd < 0)
		return errno;
	/* a size that is too large is refused before it is read, and one that grows
	 * while being read is refused once it passes the limit */
	if (st.st_size > PEM_FILE_MAX)
		err = EFBIG;
	else
		err = kslurp(fd, PEM_FILE_MAX, buf, len);
	close(fd);
	return err;
}

static const char *
read_error(int err)
{
	if (err < 0)
		return "not a regular file";
	if (err == EFBIG)
		return "larger than " PEM_FILE_MAX_TEXT ", not a certificate or key";
	return strerror(err);
}

static int
is_key_label(const char *label)
{
	return strcmp(label, "RSA PRIVATE KEY") == 0 || strcmp(label, "EC PRIVATE KEY") == 0 ||
	    strcmp(label, "PRIVATE KEY") == 0;
}

static const char *
plural(int64_t n)
{
	return n == 1 ? "" : "s";
}

static void
civil_date(int64_t t, char out[64])
{
	int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, 64, "%04lld-%02lld-%02lld", (long long)(y + (m <= 2)), (long long)m,
	    (long long)d);
}

/* The chain file: leaf first, then its issuers. Returns 0 with the leaf parsed. */
static int
check_chain(const char *path, struct pem_block *b, size_t nb, struct x509_cert *leaf,
    struct report *r)
{
	size_t i, ncerts = 0, first = 0, second = 0;
	struct x509_cert issuer;

	for (i = 0; i < nb; i++) {
		if (strcmp(b[i].label, "CERTIFICATE") != 0)
			continue;
		if (b[i].broken) {
			problem(r, "%s: damaged PEM block", path);
			return -1;
		}
		if (ncerts == 0)
			first = i;
		else if (ncerts == 1)
			second = i;
		ncerts++;
	}
	if (ncerts == 0) {
		problem(r, "%s: no certificate", path);
		return -1;
	}
	if (x509_parse(b[first].der, b[first].len, leaf) != 0) {
		problem(r, "%s: unreadable certificate", path);
		return -1;
	}
	if (ncerts == 1) {
		if (leaf->issuer_len != leaf->subject_len ||
		    memcmp(leaf->issuer, leaf->subject, leaf->issuer_len) != 0)
			problem(r, "%s: leaf without its chain", path);
		return 0;
	}
	if (x509_parse(b[second].der, b[second].len, &issuer) != 0) {
		problem(r, "%s: unreadable certificate after the leaf", path);
		return 0;
	}
	if (issuer.subject_len != leaf->issuer_len ||
	    memcmp(issuer.subject, leaf->issuer, leaf->issuer_len) != 0)
		problem(r, "%s: the certificate after the leaf is not its issuer", path);
	x509_free(&issuer);
	return 0;
}

static void
check_dates(const struct x509_cert *leaf, int64_t now, long days, struct report *r,
    int64_t *days_left)
{
	char date[64];

	*days_left = -1;
	if (now < leaf->not_before) {
		civil_date(leaf->not_before, date);
		problem(r, "not valid before %s", date);
		return;
	}
	if (now >= leaf->not_after) {
		int64_t ago = (now - leaf->not_after) / 86400;

		if (ago == 0)
			problem(r, "expired today");
		else
			problem(r, "expired %lld day%s ago", (long long)ago, plural(ago));
		return;
	}
	*days_left = (leaf->not_after - now) / 86400;
	if (days > 0 && leaf->not_after - now < (int64_t)days * 86400)
		problem(r, "expires within %ld day%s", days, plural(days));
}

/* The key file: one unencrypted private key, nothing the servers would trip on. */
static int
find_key(const char *path, struct pem_block *b, size_t nb, struct pubkey *pk, struct report *r)
{
	size_t i, nkeys = 0, at = 0;
	int bad = 0;

	for (i = 0; i < nb; i++) {
		if (strcmp(b[i].label, "ENCRYPTED PRIVATE KEY") == 0 ||
		    (is_key_label(b[i].label) && b[i].encrypted)) {
			problem(r, "%s: encrypted key", path);
			bad = 1;
		} else if (strcmp(b[i].label, "EC PARAMETERS") == 0) {
			problem(r, "%s: stray EC PARAMETERS block", path);
			bad = 1;
		} else if (is_key_label(b[i].label)) {
			if (nkeys++ == 0)
				at = i;
		}
	}
	if (bad)
		return -1;
	if (nkeys == 0) {
		problem(r, "%s: no private key", path);
		return -1;
	}
	if (nkeys > 1) {
		problem(r, "%s: more than one private key", path);
		return -1;
	}
	if (b[at].broken || key_parse(b[at].label, b[at].der, b[at].len, pk) != 0) {
		problem(r, "%s: unreadable private key", path);
		return -1;
	}
	return 0;
}

static const char *
unverifiable_reason(const struct pubkey *pk)
{
	if (pk->type == PK_EC)
		return "EC key without its public part";
	if (pk->type == PK_ED25519 || pk->type == PK_ED448)
		return pk->type == PK_ED25519 ? "Ed25519 key" : "Ed448 key";
	return "key of an unknown type";
}

/* The checks on file contents; cert_err and key_err are read_regular's results. */
static enum check_status
check_contents(const char *name, const char *cert_path, const char *cert, size_t clen,
    int cert_err, const char *key_path, const char *key, size_t klen, int key_err,
    int64_t now, long days, char **out)
{
	struct report r = { NULL, 0, 0 };
	struct pem_block *cb = NULL, *kb = NULL;
	size_t ncb = 0, nkb = 0, tlen;
	struct x509_cert leaf;
	struct pubkey pk;
	const char *unverifiable = NULL;
	int64_t days_left = -1;
	int have_leaf = 0, have_key = 0;
	char *text;

	memset(&leaf, 0, sizeof leaf);
	if (cert_err != 0) {
		problem(&r, "%s: %s", cert_path, read_error(cert_err));
	} else {
		ncb = pem_parse(cert, clen, &cb);
		have_leaf = check_chain(cert_path, cb, ncb, &leaf, &r) == 0;
	}
	if (have_leaf) {
		if (!x509_covers(&leaf, name))
			problem(&r, "certificate does not cover %s", name);
		check_dates(&leaf, now, days, &r, &days_left);
	}
	if (key_err != 0) {
		problem(&r, "%s: %s", key_path, read_error(key_err));
	} else {
		nkb = pem_parse(key, klen, &kb);
		have_key = find_key(key_path, kb, nkb, &pk, &r) == 0;
	}
	if (have_leaf && have_key) {
		switch (key_compare(&leaf.pk, &pk)) {
		case KEY_MATCHES:
			break;
		case KEY_DIFFERS:
			problem(&r, "key does not match the certificate");
			break;
		case KEY_UNVERIFIABLE:
			unverifiable = unverifiable_reason(&pk);
			break;
		}
	}
	tlen = r.len + 128;
	text = kmalloc(tlen);
	if (r.problems > 0)
		snprintf(text, tlen, "failed: %s", r.s);
	else if (unverifiable != NULL)
		snprintf(text, tlen, "unverifiable: %s", unverifiable);
	else
		snprintf(text, tlen, "ok");
	if (days_left >= 0) {
		size_t l = strlen(text);

		snprintf(text + l, tlen - l, ", %lld day%s left", (long long)days_left,
		    plural(days_left));
	}
	*out = text;
	x509_free(&leaf);
	pem_free(cb, ncb);
	pem_free(kb, nkb);
	free(r.s);
	if (r.problems > 0)
		return CHECK_FAILED;
	return unverifiable != NULL ? CHECK_UNVERIFIABLE : CHECK_OK;
}

enum check_status
check_pem(const char *name, const char *cert, size_t clen, const char *key, size_t klen,
    int64_t now, long days, char **report)
{
	return check_contents(name, "cert", cert, clen, 0, "key", key, klen, 0, now, days,
	    report);
}

enum check_status
check_entry(const struct entry *e, int64_t now, long days, char **report)
{
	char *cbuf = NULL, *kbuf = NULL;
	size_t clen = 0, klen = 0;
	int cerr = read_regular(e->cert, &cbuf, &clen);
	int kerr = read_regular(e->key, &kbuf, &klen);
	enum check_status st;

	st = check_contents(e->name, e->cert, cbuf, clen, cerr, e->key, kbuf, klen, kerr, now,
	    days, report);
	free(cbuf);
	free(kbuf);
	return st;
}

int
leaf_names(const char *path, char ***names, size_t *n, int64_t *not_after,
    char err[INPUT_ERRLEN])
{
	struct pem_block *b = NULL;
	struct x509_cert leaf;
	size_t nb, i;
	char *buf;
	size_t len;
	int rc;

	if ((rc = read_regular(path, &buf, &len)) != 0) {
		snprintf(err, INPUT_ERRLEN, "%.150s", read_error(rc));
		return -1;
	}
	memset(&leaf, 0, sizeof leaf);
	nb = pem_parse(buf, len, &b);
	for (i = 0; i < nb; i++)
		if (strcmp(b[i].label, "CERTIFICATE") == 0)
			break;
	rc = -1;
	if (i == nb || b[i].broken)
		snprintf(err, INPUT_ERRLEN, "no certificate");
	else if (x509_parse(b[i].der, b[i].len, &leaf) != 0)
		snprintf(err, INPUT_ERRLEN, "unreadable certificate");
	else
		rc = 0;
	if (rc == 0) {
		*names = leaf.names;
		*n = leaf.nnames;
		*not_after = leaf.not_after;
	}
	pem_free(b, nb);
	free(buf);
	return rc;
}
