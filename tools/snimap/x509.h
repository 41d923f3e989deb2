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

enum pk_type { PK_NONE, PK_RSA, PK_EC, PK_ED25519, PK_ED448, PK_OTHER };

/* A public key, or what a private key reveals of it; pointers into the DER. */
struct pubkey {
	enum pk_type type;
	const unsigned char *n, *e;             /* RSA, leading zeros stripped */
	size_t nlen, elen;
	const unsigned char *curve;             /* EC named curve OID contents, or NULL */
	size_t curvelen;
	const unsigned char *point;             /* EC point / Ed25519 key, or NULL */
	size_t pointlen;
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

/* Parse a DER certificate. Returns 0, or -1 when it is not one we understand.
 * The result points into der, which must outlive it. */
int x509_parse(const unsigned char *der, size_t len, struct x509_cert *c);
void x509_free(struct x509_cert *c);

/* Does the certificate cover the host name (lowercase A-labels, maybe "*.")? */
int x509_covers(const struct x509_cert *c, const char *name);

/* Parse a private key block ("RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY").
 * Returns 0 with pk filled in (pk->point NULL for an EC key without its public
 * part), or -1 when malformed. */
int key_parse(const char *label, const unsigned char *der, size_t len, struct pubkey *pk);

enum key_match { KEY_MATCHES, KEY_DIFFERS, KEY_UNVERIFIABLE };
enum key_match key_compare(const struct pubkey *cert, const struct pubkey *key);

const char *pk_type_name(enum pk_type t);

#endif
