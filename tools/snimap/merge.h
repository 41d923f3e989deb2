/* merge.h: one item per name before anything is checked or written. */
#ifndef SNIMAP_MERGE_H
#define SNIMAP_MERGE_H

#include "list.h"

/* Drop duplicates; join two chains of different key types for one name into one item
 * (the RSA one first); report exact names that a wildcard with another certificate also
 * covers. scanning: between two chains of one key type the later-expiring one wins,
 * where from a list that is an error (counted in l->errors). */
void merge_names(struct list *l, int scanning);

#endif
