/* list.c: reading domain lists into the list of items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "list.h"

struct item *
list_add(struct list *l)
{
	struct item *it;

	l->v = kreallocarray(l->v, l->n + 1, sizeof *l->v);
	it = &l->v[l->n++];
	memset(it, 0, sizeof *it);
	return it;
}

void
list_free(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		entry_free(&l->v[i].e);
		free(l->v[i].alt.cert);
		free(l->v[i].alt.key);
		free(l->v[i].src);
	}
	free(l->v);
}

char *
item_where(const struct item *it)
{
	size_t len = strlen(it->src) + 24;
	char *s = kmalloc(len);

	if (it->line > 0)
		snprintf(s, len, "%s:%zu", it->src, it->line);
	else
		snprintf(s, len, "%s", it->src);
	return s;
}

/* A failed read or an over-long line is an error for the whole file, never its end:
 * a list cut short must not become a map without the names after the cut. */
void
list_read(FILE *fp, const char *name, const struct layout *lay, struct list *l)
{
	char *line = NULL, err[INPUT_ERRLEN];
	size_t cap = 0, lineno = 0;
	ssize_t got;
	struct entry e;
	struct item *it;
	int rc;

	while ((got = kgetdelim(&line, &cap, '\n', fp, SNIMAP_LINE_MAX)) >= 0) {
		size_t len = (size_t)got;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			len--;
		/* a list saved by a Windows editor starts with a byte order mark */
		if (lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
			rc = parse_line(line + 3, len - 3, &e, err);
		else
			rc = parse_line(line, len, &e, err);
		if (rc == 0)
			continue;
		if (rc > 0 && e.cert == NULL && layout_resolve(lay, &e, err) != 0) {
			entry_free(&e);
			rc = -1;
		}
		if (rc < 0) {
			kwarnx("%s:%zu: %s", name, lineno, err);
			l->errors++;
			continue;
		}
		it = list_add(l);
		it->e = e;
		it->src = kstrdup(name);
		it->line = lineno;
	}
	if (got == KLINE_TOOLONG) {
		kwarnx("%s:%zu: line too long (more than %d bytes)", name, lineno + 1,
		    SNIMAP_LINE_MAX);
		l->errors++;
	} else if (got == KLINE_ERROR) {
		kwarn("%s", name);
		l->errors++;
	}
	free(line);
}
