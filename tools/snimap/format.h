/* format.h: the list as a Postfix SNI map, Dovecot 2.3 or 2.4 blocks, or main.cf's line. */
#ifndef SNIMAP_FORMAT_H
#define SNIMAP_FORMAT_H

#include <stdio.h>

#include "list.h"

enum format { FMT_POSTFIX, FMT_DOVECOT, FMT_DOVECOT24, FMT_MAINCF };

/* Write the kept items in format fmt to out (maptype and map: FMT_MAINCF's line). */
void format_list(FILE *out, enum format fmt, const struct list *l, const char *maptype,
    const char *map);

#endif
