/* verify.h: the certificate checks over the whole list. */
#ifndef SNIMAP_VERIFY_H
#define SNIMAP_VERIFY_H

#include "list.h"

/* Run every check (each certificate and key pair read once); with verbose print one line
 * per name and chain on stdout, else only the failures on stderr. Returns the number of
 * failed names. */
int verify_list(const struct list *l, long days, int verbose);

#endif
