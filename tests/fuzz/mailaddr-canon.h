/* mailaddr-canon.h: the canonical-form property the mailaddr harnesses share: an
 * address printed as mailaddr -n prints it (canonical local part, name decoded and
 * quoted where needed), read again, is one address that prints the same bytes. */
#ifndef MAILADDR_CANON_H
#define MAILADDR_CANON_H

#include <stdlib.h>
#include <string.h>

#include "addrlist.h"
#include "kbuf.h"
#include "mailbox.h"
#include "rfc2047.h"

static struct rfc2047 canon_dec;
static struct addrlist canon_parser;
static struct kbuf canon_rec, canon_name, canon_again, canon_name_again;
static size_t canon_count;

static void
canon_print(const struct found_addr *a, struct kbuf *name, struct kbuf *out)
{
	kbuf_reset(name);
	rfc2047_display_name(&canon_dec, a->name, a->name_len, name);
	kbuf_reset(out);
	mailbox_add(&canon_dec, out, name->p, name->len, a->addr, a->addr_len);
}

static void
canon_reread(void *ctx, const struct found_addr *a)
{
	(void)ctx;
	if (canon_count++ == 0)
		canon_print(a, &canon_name_again, &canon_again);
}

/* Abort unless a, printed, re-read with the same flags and printed again, gives
 * the same bytes. */
static void
canon_check(const struct found_addr *a, unsigned flags)
{
	static int ready;

	if (!ready) {
		rfc2047_init(&canon_dec);
		addrlist_init(&canon_parser, 0);
		ready = 1;
	}
	canon_print(a, &canon_name, &canon_rec);
	canon_parser.flags = flags;
	canon_count = 0;
	addrlist_parse(&canon_parser, canon_rec.p, canon_rec.len, canon_reread, NULL);
	if (canon_count != 1 || canon_again.len != canon_rec.len ||
	    memcmp(canon_again.p, canon_rec.p, canon_rec.len) != 0)
		abort();
}

#endif
