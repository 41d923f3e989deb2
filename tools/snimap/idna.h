/* idna.h: UTS 46 processing of host names for snimap: mapping, NFC and the label rules. */
#ifndef SNIMAP_IDNA_H
#define SNIMAP_IDNA_H

#include <stddef.h>
#include <stdint.h>

/* The data versions the tables were generated from (idna-table.h). */
extern const char idna_uts46_version[];

/* Map a whole host name by UTS 46 nontransitional processing (capitals lowercased,
 * compatibility forms replaced, deviations such as ß kept) and normalize it to NFC.
 * The invisible code points UTS 46 ignores are refused rather than dropped. ASCII code points other than capitals are left as they are:
 * the host name rules of the caller apply to them. A non-ASCII code point that UTS 46
 * disallows, with the STD3 rules of host names, is refused.
 * Returns a new array of *outlen code points, or NULL with err (errlen bytes) filled in. */
uint32_t *idna_map_name(const uint32_t *cp, size_t n, size_t *outlen, char *err, size_t errlen);

/* Check one label, already mapped, that holds a non-ASCII code point: IDNA2008 classes
 * (RFC 5892, its CONTEXTJ and CONTEXTO rules included), hyphens, no combining mark first,
 * NFC. Returns 0, or -1 with err filled in. */
int idna_check_label(const uint32_t *cp, size_t n, char *err, size_t errlen);

/* RFC 5893's rules for a name that holds a right-to-left label, on every label of the
 * mapped name cp (labels separated by '.'). Returns 0, or -1 with err filled in. */
int idna_check_bidi(const uint32_t *cp, size_t n, char *err, size_t errlen);

/* A label decoded from an A-label is a U-label: mapping leaves it as it is and the
 * checks above accept it. */
int idna_ulabel_ok(const uint32_t *cp, size_t n);

#endif
