/* check.h: snimap's certificate checks: files, chain, names, dates and the key. */
#ifndef SNIMAP_CHECK_H
#define SNIMAP_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"

enum check_status { CHECK_OK, CHECK_UNVERIFIABLE, CHECK_FAILED };

/* Check one entry at time now; days > 0 fails a certificate that expires within that
 * many days. *report gets the text after "NAME: " (free it). */
enum check_status check_entry(const struct entry *e, int64_t now, long days, char **report);

/* The same checks on certificate and key file contents already in memory. */
enum check_status check_pem(const char *name, const char *cert, size_t clen, const char *key,
    size_t klen, int64_t now, long days, char **report);

/* The largest certificate or key file read: a chain of a dozen 4096-bit RSA
 * certificates is under 30 KiB, so a larger file is a mistake (a log, a bundle of
 * every CA, /proc), refused before it takes memory. */
#define PEM_FILE_MAX (1024 * 1024)
#define PEM_FILE_MAX_TEXT "1 MiB"

/* Read a whole regular file of at most PEM_FILE_MAX bytes (symlinks followed).
 * Returns 0, or an errno value (EFBIG: too large); -1 for "not a regular file". */
int read_regular(const char *path, char **buf, size_t *len);

/* The host names a certificate file's leaf covers (SAN dNSNames, else its CN), and
 * when it expires. Returns 0, or -1 with err filled in. */
int leaf_names(const char *path, char ***names, size_t *n, int64_t *not_after,
    char err[INPUT_ERRLEN]);

#endif
