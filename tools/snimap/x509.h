/* x509.h: just enough PEM, DER and X.509 to check a certificate chain and its key. */
#ifndef SNIMAP_X509_H
#define SNIMAP_X509_H

#include <stddef.h>
#include <stdint.h>

/* One -----BEGIN LABEL----- block, base64 decoded. */
struct pem_block {
	char *label;
	unsigned char *der;
	size_t len;
	int encrypted;          /* Proc-Type: 4,ENCRYPTED header */
	int broken;             /* bad base64 or no END line: der is NULL */
};

/* Every PEM block of buf, in order. Returns the number of blocks (*out is NULL for 0). */
size_t pem_parse(const char *buf, size_t len, struct pem_block **out);
void pem_free(struct pem_block *b, size_t n);

/* Key types as OpenSSL tells them apart: an RSA-PSS certificate takes an RSA-PSS key, not
 * an rsaEncryption one with the same modulus; EC on the SM2 curve is SM2. */
enum pk_type {
	PK_NONE, PK_RSA, PK_RSA_PSS, PK_EC, PK_ED25519, PK_ED448, PK_DSA, PK_SM2, PK_OTHER
};

/* A public key, or what a private key reveals of it; pointers into the DER. */
struct pubkey {
	enum pk_type type;
	const unsigned char *n, *e;             /* RSA, leading zeros stripped */
	size_t nlen, elen;
	const unsigned char *curve;             /* EC named curve OID contents, or NULL */
	size_t curvelen;
	const unsigned char *point;             /* EC point / Ed25519 key, or NULL */
	size_t pointlen;
	const unsigned char *oid;               /* PK_OTHER: the algorithm OID's contents */
	size_t oidlen;
};

struct x509_cert {
	const unsigned char *issuer, *subject;  /* raw DER of each Name */
	size_t issuer_len, subject_len;
	int64_t not_before, not_after;          /* seconds since the epoch */
	int has_san;
	int is_ca;
	char **names;   /* SAN dNSNames, or the subject CN when there is no SAN */
	size_t nnames;
	struct pubkey pk;
};

enum x509_error {
	X509_OK,
	X509_ERR_DER,           /* not a certificate we can read */
	X509_ERR_TIME           /* a validity date openssl refuses ("Bad time value") */
};

/* Parse a DER certificate. The result points into der, which must outlive it. */
enum x509_error x509_parse(const unsigned char *der, size_t len, struct x509_cert *c);
void x509_free(struct x509_cert *c);

/* Sort c->names so that x509_covers can search them; done once per certificate. */
void x509_sort_names(struct x509_cert *c);

/* Does the certificate cover the host name (lowercase A-labels, maybe "*.")? A
 * wildcard directly over a top-level label ("*.com") covers nothing. c->names must be
 * sorted by x509_sort_names. */
int x509_covers(const struct x509_cert *c, const char *name);

/* Is label a private key block ("RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY",
 * "RSA-PSS PRIVATE KEY", "PRIVATE KEY")? */
int key_label(const char *label);

/* Parse a private key block. Returns 0 with pk filled in (pk->point NULL for an EC key
 * without its public part), or -1 when malformed. */
int key_parse(const char *label, const unsigned char *der, size_t len, struct pubkey *pk);

enum key_match {
	KEY_MATCHES,
	KEY_DIFFERS,            /* same type, other key */
	KEY_OTHER_TYPE,         /* the key's type is not the certificate's */
	KEY_NOT_SERVED,         /* a type Postfix and Dovecot (OpenSSL's TLS) do not serve */
	KEY_UNVERIFIABLE        /* no public part to compare */
};
enum key_match key_compare(const struct pubkey *cert, const struct pubkey *key);

/* "RSA", "EC", ... for messages; "unknown" for PK_NONE and PK_OTHER. */
const char *pk_type_name(enum pk_type t);

/* PK_OTHER's algorithm OID in dotted form, into out (at least 64 bytes). */
void pk_oid_text(const struct pubkey *pk, char *out, size_t cap);

#endif
