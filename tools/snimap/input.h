/* input.h: snimap's domain list: line parsing, host names to A-labels, safe paths, layouts. */
#ifndef SNIMAP_INPUT_H
#define SNIMAP_INPUT_H

#include <stddef.h>

/* Room for any message the parsers below write. */
#define INPUT_ERRLEN 160

/* The longest line of a list, in bytes: a name and two paths of PATH_MAX (4096) fit
 * many times over, so a longer line is no list (a binary file, /dev/zero) and is
 * refused before it takes more memory. */
#define SNIMAP_LINE_MAX 65536

/* One domain of the list: its A-label form and the files that serve it. */
struct entry {
	char *name;     /* lowercase A-labels, no trailing dot; "*.x" for a wildcard */
	char *cert;     /* NULL for a bare domain until a layout fills it in */
	char *key;
	int wildcard;
};

/* Convert a host name (UTF-8 or ASCII, maybe "*." first and a trailing dot) to its
 * lowercase A-label form. Returns a new string, or NULL with err filled in. */
char *name_to_alabel(const char *in, size_t len, char err[INPUT_ERRLEN]);

/* A path that can go into main.cf, a Postfix map and dovecot.conf unchanged:
 * absolute, strict UTF-8, no blank, no control character (C1 included), none of
 * , # $ % " ' \ { } < ;.
 * Returns 0, or -1 with err filled in. */
int path_check(const char *path, char err[INPUT_ERRLEN]);

/* Parse one line of the list (without its newline; may hold NUL bytes).
 * Returns 0 for a blank or comment line, 1 with e filled in (cert and key NULL for a
 * bare domain), -1 with err filled in. */
int parse_line(const char *line, size_t len, struct entry *e, char err[INPUT_ERRLEN]);

void entry_free(struct entry *e);

enum layout_kind { LAYOUT_CERTBOT, LAYOUT_ACMESH, LAYOUT_DEHYDRATED, LAYOUT_TEMPLATE };

struct layout {
	enum layout_kind kind;
	const char *root;       /* directory that holds one directory per certificate */
	const char *cert_tmpl;  /* LAYOUT_TEMPLATE: paths with %d for the name */
	const char *key_tmpl;
};

/* The default directory of a layout (acme.sh's is under $HOME); NULL if unknown. */
char *layout_default_root(enum layout_kind kind);
/* Fill in e->cert and e->key for a bare domain. Returns 0, or -1 with err filled in. */
int layout_resolve(const struct layout *l, struct entry *e, char err[INPUT_ERRLEN]);
/* A template is usable when its only % sequences are %d. */
int template_check(const char *tmpl);

#endif
