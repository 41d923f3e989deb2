/* emit.h: the listing calls of emit.c. */
#ifndef CTREE_EMIT_H
#define CTREE_EMIT_H

#include "ctree.h"

void emit_set_color(bool on);
void emit_begin(void);
void emit_entry(int level, const char *shown, const struct entry *e, const char *err,
    bool descend, bool last);
void emit_close(int level, const struct entry *e, bool last);
void emit_report(long dirs, long files, off_t size);
void emit_end(void);
/* --style=sed: the absolute path of a directory argument, as pwd prints it. */
void sed_root(const char *name);

#endif
