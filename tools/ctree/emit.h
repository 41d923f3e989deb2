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
/* For html.c: whether the entry last drawn at level is its directory's last; tree's
 * "[...]" block of facts (0 if none asked for); a size as -s, -h or --si print it. */
bool emit_last(int level);
size_t emit_info(const struct entry *e, const char **block);
void emit_counts(long dirs, long files, off_t size);
void emit_size(char *buf, size_t len, off_t size);
/* --info in -J, -X and -H: start, e's comment lines written by put and joined by sep,
 * a closing quote; nothing if e has no comment. */
void emit_note(const struct entry *e, const char *start, void (*put)(const char *),
    const char *sep);

#endif
