/* html.h: the listing as an HTML page, in tree -H's layout (html.c). */
#ifndef CTREE_HTML_H
#define CTREE_HTML_H

#include "ctree.h"

/* Open the --hintro and --houtro files (a message and exit 2 if one cannot be);
 * classes: -C, each link gets tree's class attribute. Before any output. */
void html_open(bool classes);
void html_begin(void);
void html_entry(int level, const char *shown, const struct entry *e, const char *err,
    bool descend);
void html_report(long dirs, long files, off_t size);
void html_end(void);
/* -R: the entry html_entry writes next links to its directory's 00Tree.html */
extern bool html_paged;

#endif
