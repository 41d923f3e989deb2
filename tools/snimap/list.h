/* list.h: the names snimap serves, as read from lists or certificates (list.c reads
 * lists, scan.c certificate directories; merge.c, verify.c, format.c and write.c take the
 * list in that order). */
#ifndef SNIMAP_LIST_H
#define SNIMAP_LIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "input.h"
#include "x509.h"

/* A second certificate chain and key for a name, of another key type (RSA + ECDSA). */
struct chain {
	char *cert;             /* NULL: none */
	char *key;
	enum pk_type type;
	int64_t not_after;
};

/* One domain with where it came from. */
struct item {
	struct entry e;         /* the name and its (first) certificate and key */
	enum pk_type type;      /* e.cert's key type, PK_NONE until merge.c or scan.c reads it */
	struct chain alt;       /* the other chain of a dual-certificate name */
	char *src;              /* list file (or "-"), or the certificate of --scan */
	size_t line;            /* 0 for --scan */
	int64_t not_after;      /* --scan: picks between two certificates for one name */
	int dropped;            /* a duplicate, or merged into another item as its alt */
};

struct list {
	struct item *v;
	size_t n;
	int errors;
};

/* A new zeroed item at the end of the list. */
struct item *list_add(struct list *l);
void list_free(struct list *l);

/* "FILE:LINE" or the certificate of --scan, for messages (free it). */
char *item_where(const struct item *it);

/* Read one domain list; a failed read or an over-long line counts as an error of the
 * whole file. */
void list_read(FILE *fp, const char *name, const struct layout *lay, struct list *l);

#endif
