/* scan.h: --scan: the names come from the certificates under a layout's directory. */
#ifndef SNIMAP_SCAN_H
#define SNIMAP_SCAN_H

#include "input.h"
#include "list.h"

/* Add every name of every certificate directory under arg to the list; each certificate
 * file is read once, however many names it has. */
void scan_dir(const char *arg, enum layout_kind kind, struct list *l);

#endif
