/* check.h: snimap's certificate checks: files, chain, names, dates and the key. */
#ifndef SNIMAP_CHECK_H
#define SNIMAP_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "x509.h"

enum check_status { CHECK_OK, CHECK_UNVERIFIABLE, CHECK_FAILED };

/* What the checks found for one certificate file and key file: everything except whether
 * the leaf covers a given name, which pair_name adds. One pair is read and parsed once,
 * however many names it serves. */
struct pair_check;

/* Check a pair at time now; days > 0 fails a certificate that expires within that many
 * days. Never NULL. */
struct pair_check *pair_run(const char *cert_path, const char *key_path, int64_t now,
    long days);

/* The same checks on certificate and key file contents already in memory. */
struct pair_check *pair_run_pem(const char *cert, size_t clen, const char *key, size_t klen,
    int64_t now, long days);

/* The result for one name served by the pair; *text gets what follows "NAME: " (free it). */
enum check_status pair_name(const struct pair_check *pc, const char *name, char **text);

void pair_free(struct pair_check *pc);

/* The largest certificate or key file read: a chain of a dozen 4096-bit RSA
 * certificates is under 30 KiB, so a larger file is a mistake (a log, a bundle of
 * every CA, /proc), refused before it takes memory. */
#define PEM_FILE_MAX (1024 * 1024)
#define PEM_FILE_MAX_TEXT "1 MiB"

/* Read a whole regular file of at most PEM_FILE_MAX bytes (symlinks followed).
 * Returns 0, or an errno value (EFBIG: too large); -1 for "not a regular file". */
int read_regular(const char *path, char **buf, size_t *len);

/* Why a certificate file's leaf could not be read. */
enum leaf_error {
	LEAF_OK,
	LEAF_FILE,              /* read_regular failed: see the errno value */
	LEAF_NONE,              /* no CERTIFICATE block, or a damaged one */
	LEAF_DER,               /* not a certificate snimap can read */
	LEAF_TIME               /* a date openssl refuses */
};

/* The message for a leaf error (file_err: read_regular's result for LEAF_FILE). */
const char *leaf_error_text(enum leaf_error e, int file_err);

/* What --scan needs of a certificate file's leaf. */
struct leaf_info {
	char **names;           /* SAN dNSNames, else its CN */
	size_t n;
	int64_t not_after;
	enum pk_type type;
};

/* Read the leaf of a certificate file. On LEAF_OK, info is filled in (free names). */
enum leaf_error leaf_read(const char *path, struct leaf_info *info, int *file_err);

#endif
