/* rfc2047.h: decoding of RFC 2047 encoded words ("=?charset?B?...?=") to UTF-8. */
#ifndef MAILADDR_RFC2047_H
#define MAILADDR_RFC2047_H

#include <iconv.h>
#include <stddef.h>

#include "kbuf.h"

#define RFC2047_CACHE 4

/* Decoder state: open iconv descriptors (also failed lookups) and scratch memory. */
struct rfc2047 {
	struct {
		char charset[40];
		iconv_t cd;
	} cache[RFC2047_CACHE];
	unsigned next;
	struct kbuf raw, text;
	struct kbuf euc;		/* ISO-2022-JP rewritten as EUC-JP */
};

void rfc2047_init(struct rfc2047 *d);
void rfc2047_free(struct rfc2047 *d);

/* Append s[0..n) to out with every encoded word decoded to UTF-8, and raw
 * ISO-2022-JP runs (ESC $ B ... ESC ( B) too. Whitespace between two decoded words
 * goes; a word that cannot be decoded (unknown charset, bad base64, bytes invalid in
 * its charset) stays exactly as it was. Linear time. */
void rfc2047_decode(struct rfc2047 *d, const char *s, size_t n, struct kbuf *out);

/* Append a display name as mailaddr prints it: decoded as rfc2047_decode does, control
 * bytes (from a decoded word, or the ESC of raw ISO-2022-JP that did not decode) made
 * spaces, spaces at either end removed. */
void rfc2047_display_name(struct rfc2047 *d, const char *s, size_t n, struct kbuf *out);

/* Whether s[0..n) is well-formed UTF-8 (no overlongs, surrogates or values past
 * U+10FFFF). */
int utf8_valid(const char *s, size_t n);

#endif
