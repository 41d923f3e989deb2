/* mailbox.h: how mailaddr prints a mailbox, "Name <local@domain>", so that every
 * reader, mailaddr included, gets the same name and address back. */
#ifndef MAILADDR_MAILBOX_H
#define MAILADDR_MAILBOX_H

#include <stddef.h>

#include "kbuf.h"
#include "rfc2047.h"

/* Append a display name, decoded as rfc2047_display_name leaves it, in the form that
 * reads back as the same text: atoms as they are, else quoted, with each "=?" written
 * as an encoded word when the text holds one that a reader would decode. */
void mailbox_add_name(struct rfc2047 *d, struct kbuf *out, const char *name, size_t n);

/* Append "name <addr>", or addr alone when the name is empty. */
void mailbox_add(struct rfc2047 *d, struct kbuf *out, const char *name, size_t name_len,
    const char *addr, size_t addr_len);

#endif
