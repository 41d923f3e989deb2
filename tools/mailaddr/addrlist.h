/* addrlist.h: the RFC 5322 address-list parser. */
#ifndef MAILADDR_ADDRLIST_H
#define MAILADDR_ADDRLIST_H

#include <stddef.h>

#include "kbuf.h"

enum {
	ADDRLIST_STRICT = 1,	/* refuse local parts with empty dot-separated parts */
	ADDRLIST_NAMES = 2	/* build display names (else every name is "") */
};

/* One address found. Strings are NUL-terminated and live until the next call. */
struct found_addr {
	const char *addr;	/* local-part "@" domain, folding whitespace removed, the
				 * local part in its canonical spelling (unquoted when it
				 * can be, else one quoted string) */
	size_t addr_len;
	size_t local_len;	/* addr[local_len] is the '@' */
	const char *name;	/* display name, or the comment of "a@b (Name)": raw,
				 * quotes and escapes removed, RFC 2047 words not decoded;
				 * no control byte but the ESC of raw ISO-2022-JP */
	size_t name_len;
};

/* Called for each address in order; the value is not used. */
typedef void (*addr_fn)(void *ctx, const struct found_addr *a);

struct token;

/* Reusable parser state: scratch memory only, no state between calls. */
struct addrlist {
	unsigned flags;
	struct token *toks;
	size_t ntoks, captoks;
	struct kbuf addr, name;
	struct kbuf local;	/* a local part's text, quotes and escapes removed */
	int sjis;		/* this field's quoted strings hold raw Shift_JIS */
};

void addrlist_init(struct addrlist *p, unsigned flags);
void addrlist_free(struct addrlist *p);

/* Parse s[0..n) (a header field body; CR and LF count as folding whitespace)
 * and call fn for every valid address. Returns the number of addresses. Runs in
 * time linear in n whatever the input, and never fails. */
size_t addrlist_parse(struct addrlist *p, const char *s, size_t n, addr_fn fn, void *ctx);

/* The dot rules for an unquoted local part (no leading dot; with ADDRLIST_STRICT no
 * empty part at all), shared with the free-text scanner. */
int addrlist_dots_ok(const char *s, size_t n, unsigned flags);

/* Append a display name as it reads back: as it is when it is atoms separated by
 * single spaces, else quoted with '"' and '\\' escaped. */
void addrlist_add_name(struct kbuf *b, const char *name, size_t name_len);

#endif
