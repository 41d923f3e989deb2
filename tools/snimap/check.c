/* check.c: what snimap verifies before a name reaches a server: the files, the chain,
 * the names the leaf covers, its dates, and that the key belongs to it. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "kbuf.h"
#include "check.h"

/* A growing message: problems joined by "; ". */
struct report {
	struct kbuf b;
	int problems;
};

static void __attribute__((format(printf, 2, 3)))
problem(struct report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->problems++ > 0)
		kbuf_addstr(&r->b, "; ");
	va_start(ap, fmt);
	kbuf_vprintf(&r->b, fmt, ap);
	va_end(ap);
}

int
read_regular(const char *path, char **buf, size_t *len)
{
	/* a size that is too large is refused before it is read, and one that grows
	 * while being read is refused once it passes the limit */
	return kread_file(AT_FDCWD, path, 0, PEM_FILE_MAX, buf, len);
}

static const char *
read_error(int err)
{
	if (err == EFBIG)
		return "larger than " PEM_FILE_MAX_TEXT ", not a certificate or key";
	/* a directory is one more thing that is not a certificate file */
	if (err == EISDIR)
		return kread_strerror(KREAD_NOTREG);
	return kread_strerror(err);
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
	switch (x509_parse(b[first].der, b[first].len, leaf)) {
	case X509_OK:
		break;
	case X509_ERR_TIME:
		problem(r, "%s: %s", path, leaf_error_text(LEAF_TIME, 0));
		return -1;
	case X509_ERR_DER:
		problem(r, "%s: unreadable certificate", path);
		return -1;
	}
	if (ncerts == 1) {
		if (leaf->issuer_len != leaf->subject_len ||
		    memcmp(leaf->issuer, leaf->subject, leaf->issuer_len) != 0)
			problem(r, "%s: leaf without its chain", path);
		return 0;
	}
	if (x509_parse(b[second].der, b[second].len, &issuer) != X509_OK) {
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
		    (key_label(b[i].label) && b[i].encrypted)) {
			problem(r, "%s: encrypted key", path);
			bad = 1;
		} else if (strcmp(b[i].label, "EC PARAMETERS") == 0) {
			problem(r, "%s: stray EC PARAMETERS block", path);
			bad = 1;
		} else if (key_label(b[i].label)) {
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
	/* "openssl rsa -traditional" writes it, OpenSSL 3's decoders (s_server, Postfix,
	 * Dovecot) do not read it back */
	if (strcmp(b[at].label, "RSA-PSS PRIVATE KEY") == 0) {
		problem(r, "%s: an RSA-PSS PRIVATE KEY block, which OpenSSL 3 does not load "
		    "(openssl pkey writes it as PRIVATE KEY)", path);
		return -1;
	}
	return 0;
}

static const char *
unverifiable_reason(const struct pubkey *pk)
{
	if (pk->type == PK_EC)
		return "EC key without its public part";
	return pk->type == PK_ED25519 ? "Ed25519 key" : "Ed448 key";
}

/* Why a key that matches its certificate's type still cannot be served. */
static void
not_served(const struct pubkey *pk, struct report *r)
{
	char oid[64];

	if (pk->type == PK_OTHER) {
		pk_oid_text(pk, oid, sizeof oid);
		problem(r, "key and certificate of type %s, which Postfix and Dovecot do not serve",
		    oid);
	} else {
		problem(r, "%s key and certificate, which Postfix and Dovecot do not serve",
		    pk_type_name(pk->type));
	}
}

static void
key_check(const struct pubkey *cert, const struct pubkey *key, struct report *r,
    const char **unverifiable)
{
	char ct[64], kt[64];

	switch (key_compare(cert, key)) {
	case KEY_MATCHES:
		break;
	case KEY_DIFFERS:
		problem(r, "key does not match the certificate");
		break;
	case KEY_OTHER_TYPE:
		if (cert->type == PK_OTHER)
			pk_oid_text(cert, ct, sizeof ct);
		else
			snprintf(ct, sizeof ct, "%s", pk_type_name(cert->type));
		if (key->type == PK_OTHER)
			pk_oid_text(key, kt, sizeof kt);
		else
			snprintf(kt, sizeof kt, "%s", pk_type_name(key->type));
		problem(r, "key does not match the certificate (%s key, %s certificate)", kt, ct);
		break;
	case KEY_NOT_SERVED:
		not_served(key, r);
		break;
	case KEY_UNVERIFIABLE:
		*unverifiable = unverifiable_reason(key);
		break;
	}
}

struct pair_check {
	struct report before;   /* the files and the chain */
	struct report after;    /* dates and key */
	struct x509_cert leaf;  /* names only: the DER it pointed into is gone */
	int have_leaf;
	int64_t days_left;
	const char *unverifiable;
};

/* The checks on file contents; cert_err and key_err are read_regular's results. */
static struct pair_check *
check_contents(const char *cert_path, const char *cert, size_t clen, int cert_err,
    const char *key_path, const char *key, size_t klen, int key_err, int64_t now, long days)
{
	struct pair_check *pc = kcalloc(1, sizeof *pc);
	struct pem_block *cb = NULL, *kb = NULL;
	size_t ncb = 0, nkb = 0;
	struct pubkey pk;
	int have_key = 0;

	pc->days_left = -1;
	if (cert_err != 0) {
		problem(&pc->before, "%s: %s", cert_path, read_error(cert_err));
	} else {
		ncb = pem_parse(cert, clen, &cb);
		pc->have_leaf = check_chain(cert_path, cb, ncb, &pc->leaf, &pc->before) == 0;
	}
	if (pc->have_leaf) {
		x509_sort_names(&pc->leaf);
		check_dates(&pc->leaf, now, days, &pc->after, &pc->days_left);
	}
	if (key_err != 0) {
		problem(&pc->after, "%s: %s", key_path, read_error(key_err));
	} else {
		nkb = pem_parse(key, klen, &kb);
		have_key = find_key(key_path, kb, nkb, &pk, &pc->after) == 0;
	}
	if (pc->have_leaf && have_key)
		key_check(&pc->leaf.pk, &pk, &pc->after, &pc->unverifiable);
	/* what points into the PEM buffers goes with them */
	pc->leaf.issuer = pc->leaf.subject = NULL;
	memset(&pc->leaf.pk, 0, sizeof pc->leaf.pk);
	pem_free(cb, ncb);
	pem_free(kb, nkb);
	return pc;
}

struct pair_check *
pair_run_pem(const char *cert, size_t clen, const char *key, size_t klen, int64_t now,
    long days)
{
	return check_contents("cert", cert, clen, 0, "key", key, klen, 0, now, days);
}

struct pair_check *
pair_run(const char *cert_path, const char *key_path, int64_t now, long days)
{
	char *cbuf = NULL, *kbuf = NULL;
	size_t clen = 0, klen = 0;
	int cerr = read_regular(cert_path, &cbuf, &clen);
	int kerr = read_regular(key_path, &kbuf, &klen);
	struct pair_check *pc;

	pc = check_contents(cert_path, cbuf, clen, cerr, key_path, kbuf, klen, kerr, now, days);
	free(cbuf);
	free(kbuf);
	return pc;
}

static void
append(struct report *to, const struct report *from)
{
	if (from->problems > 0)
		problem(to, "%s", from->b.p);
}

enum check_status
pair_name(const struct pair_check *pc, const char *name, char **out)
{
	struct report r = { KBUF_INIT, 0 };
	struct kbuf text = KBUF_INIT;
	enum check_status st;

	append(&r, &pc->before);
	if (pc->have_leaf && !x509_covers(&pc->leaf, name))
		problem(&r, "certificate does not cover %s", name);
	append(&r, &pc->after);
	if (r.problems > 0)
		kbuf_printf(&text, "failed: %s", r.b.p);
	else if (pc->unverifiable != NULL)
		kbuf_printf(&text, "unverifiable: %s", pc->unverifiable);
	else
		kbuf_addstr(&text, "ok");
	if (pc->days_left >= 0)
		kbuf_printf(&text, ", %lld day%s left", (long long)pc->days_left,
		    plural(pc->days_left));
	*out = kbuf_detach(&text, NULL);
	st = r.problems > 0 ? CHECK_FAILED :
	    pc->unverifiable != NULL ? CHECK_UNVERIFIABLE : CHECK_OK;
	kbuf_free(&r.b);
	return st;
}

void
pair_free(struct pair_check *pc)
{
	if (pc == NULL)
		return;
	x509_free(&pc->leaf);
	kbuf_free(&pc->before.b);
	kbuf_free(&pc->after.b);
	free(pc);
}

const char *
leaf_error_text(enum leaf_error e, int file_err)
{
	switch (e) {
	case LEAF_OK:
		break;
	case LEAF_FILE:
		return read_error(file_err);
	case LEAF_NONE:
		return "no certificate";
	case LEAF_DER:
		return "unreadable certificate";
	case LEAF_TIME:
		return "a date in the certificate that openssl refuses (\"Bad time value\")";
	}
	return "no error";
}

enum leaf_error
leaf_read(const char *path, struct leaf_info *info, int *file_err)
{
	struct pem_block *b = NULL;
	struct x509_cert leaf;
	enum leaf_error err = LEAF_OK;
	size_t nb, i, len;
	char *buf;

	if ((*file_err = read_regular(path, &buf, &len)) != 0)
		return LEAF_FILE;
	nb = pem_parse(buf, len, &b);
	for (i = 0; i < nb; i++)
		if (strcmp(b[i].label, "CERTIFICATE") == 0)
			break;
	if (i == nb || b[i].broken) {
		err = LEAF_NONE;
	} else {
		switch (x509_parse(b[i].der, b[i].len, &leaf)) {
		case X509_OK:
			info->names = leaf.names;
			info->n = leaf.nnames;
			info->not_after = leaf.not_after;
			info->type = leaf.pk.type;
			break;
		case X509_ERR_DER:
			err = LEAF_DER;
			break;
		case X509_ERR_TIME:
			err = LEAF_TIME;
			break;
		}
	}
	pem_free(b, nb);
	free(buf);
	return err;
}
