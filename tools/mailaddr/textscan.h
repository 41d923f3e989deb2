/* textscan.h: address-shaped tokens in free text (bodies, logs), for -t. */
#ifndef MAILADDR_TEXTSCAN_H
#define MAILADDR_TEXTSCAN_H

#include <stddef.h>

/* addr[0..len) is an address whose '@' is at addr[local_len]; it starts at offset
 * off of the scanned text. */
typedef void (*text_fn)(void *ctx, const char *addr, size_t len, size_t local_len, size_t off);

/* Call fn for every address in s[0..n), in order; flags as for addrlist_parse
 * (ADDRLIST_STRICT). A newline never belongs to an address, so text may be scanned
 * a block of whole lines at a time. Returns the number found; linear time. */
size_t textscan(const char *s, size_t n, unsigned flags, text_fn fn, void *ctx);

#endif
