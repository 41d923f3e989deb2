/* walk.h: listing directory arguments and --fromfile trees. */
#ifndef CTREE_WALK_H
#define CTREE_WALK_H

#include "ctree.h"

/* List every argument, then the report; returns the exit status. */
int walk_roots(char **roots, size_t nroots);
/* List one --fromfile tree; counts are added to *dirs and *files. */
int walk_pathtree(struct pathtree *t, const char *rootname, bool lastroot, long *dirs, long *files);

#endif
