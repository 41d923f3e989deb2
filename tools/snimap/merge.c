/* merge.c: duplicates, dual RSA + ECDSA chains and wildcard overlaps in the list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "check.h"
#include "merge.h"

/* Sorting by name, then by input order, puts duplicates side by side. */
struct ref {
	const char *name;
	size_t i;
};

static int
cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The key type of a certificate file's leaf; PK_NONE when it cannot be read (the checks
 * say why later). */
static enum pk_type
cert_type(const char *path)
{
	struct leaf_info info;
	size_t i;
	int ferr;

	if (leaf_read(path, &info, &ferr) != LEAF_OK)
		return PK_NONE;
	for (i = 0; i < info.n; i++)
		free(info.names[i]);
	free(info.names);
	return info.type;
}

static void
take_alt(struct item *k, struct item *d)
{
	free(k->alt.cert);
	free(k->alt.key);
	k->alt.cert = d->e.cert;
	k->alt.key = d->e.key;
	k->alt.type = d->type;
	k->alt.not_after = d->not_after;
	d->e.cert = d->e.key = NULL;
	d->dropped = 1;
}

/* --scan: d is another certificate for k's name. */
static void
merge_scanned(struct item *k, struct item *d, const char *wk, const char *wd)
{
	if (d->type == k->type) {
		/* two certificates of one type: the newer one is the one to serve */
		if (d->not_after > k->not_after) {
			kwarnx("%s: %s is also in %s, which expires later: using that one",
			    wk, k->e.name, wd);
			d->alt = k->alt;
			memset(&k->alt, 0, sizeof k->alt);
			k->dropped = 1;
			return;
		}
		kwarnx("%s: %s is also in %s, which expires later: using that one",
		    wd, d->e.name, wk);
	} else if (k->alt.cert != NULL && d->type == k->alt.type) {
		if (d->not_after > k->alt.not_after) {
			kwarnx("%s: %s is also in %s, which expires later: using that one",
			    k->alt.cert, k->e.name, wd);
			take_alt(k, d);
			return;
		}
		kwarnx("%s: %s is also in %s, which expires later: using that one",
		    wd, d->e.name, k->alt.cert);
	} else if (k->alt.cert == NULL) {
		take_alt(k, d);
		return;
	} else {
		kwarnx("%s: %s has %s and %s chains already (in %s and %s): this %s one is "
		    "ignored", wd, d->e.name, pk_type_name(k->type), pk_type_name(k->alt.type),
		    wk, k->alt.cert, pk_type_name(d->type));
	}
	d->dropped = 1;
}

static int
same_files(const char *cert, const char *key, const struct entry *e)
{
	return cert != NULL && strcmp(cert, e->cert) == 0 && strcmp(key, e->key) == 0;
}

/* A list: d names k's name again. */
static void
merge_listed(struct list *l, struct item *k, struct item *d, const char *wk, const char *wd)
{
	if (same_files(k->e.cert, k->e.key, &d->e) || same_files(k->alt.cert, k->alt.key, &d->e)) {
		kwarnx("%s: duplicate of %s on %s, ignored", wd, d->e.name, wk);
		d->dropped = 1;
		return;
	}
	if (k->type == PK_NONE)
		k->type = cert_type(k->e.cert);
	d->type = cert_type(d->e.cert);
	/* a second chain of another key type is what a server serves beside the first */
	if (k->alt.cert == NULL && k->type != PK_NONE && d->type != PK_NONE &&
	    d->type != k->type) {
		take_alt(k, d);
		return;
	}
	if (k->alt.cert != NULL && d->type != PK_NONE && d->type != k->type &&
	    d->type != k->alt.type)
		kwarnx("%s: %s has two chains already on %s: a third is more than Dovecot serves",
		    wd, d->e.name, wk);
	else
		kwarnx("%s: %s is already on %s with other files", wd, d->e.name, wk);
	l->errors++;
	d->dropped = 1;
}

static const struct ref *
find_name(const struct ref *refs, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(refs[mid].name, name);

		if (c == 0)
			return &refs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Exact names that a wildcard with another certificate also covers. */
static void
wildcard_overlaps(const struct list *l, const struct ref *refs)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct item *it = &l->v[i], *w;
		const char *dot = strchr(it->e.name, '.');
		const struct ref *found, *end = refs + l->n;
		char *wild, *wi, *ww;
		size_t len;

		if (it->dropped || it->e.wildcard || dot == NULL)
			continue;
		len = strlen(dot) + 2;
		wild = kmalloc(len);
		snprintf(wild, len, "*%s", dot);
		found = find_name(refs, l->n, wild);
		/* the one kept of a run of equal names is the first not dropped */
		while (found != NULL && found > refs && strcmp(found[-1].name, wild) == 0)
			found--;
		while (found != NULL && l->v[found->i].dropped)
			found = (found + 1 < end && strcmp(found[1].name, wild) == 0) ? found + 1 : NULL;
		free(wild);
		if (found == NULL)
			continue;
		w = &l->v[found->i];
		if (strcmp(w->e.cert, it->e.cert) == 0)
			continue;
		wi = item_where(it);
		ww = item_where(w);
		kwarnx("%s: %s is also covered by %s on %s with another certificate; "
		    "Dovecot 2.3 uses whichever block comes first, 2.4 may differ", wi,
		    it->e.name, w->e.name, ww);
		free(wi);
		free(ww);
	}
}

/* The RSA chain first: Dovecot's ssl_cert, the other its ssl_alt_cert. */
static void
order_chains(struct item *it)
{
	struct chain c;

	if (it->dropped || it->alt.cert == NULL || it->alt.type >= it->type)
		return;
	c = it->alt;
	it->alt.cert = it->e.cert;
	it->alt.key = it->e.key;
	it->alt.type = it->type;
	it->alt.not_after = it->not_after;
	it->e.cert = c.cert;
	it->e.key = c.key;
	it->type = c.type;
	it->not_after = c.not_after;
}

void
merge_names(struct list *l, int scanning)
{
	struct ref *refs;
	size_t i, keep;

	if (l->n == 0)
		return;
	refs = kreallocarray(NULL, l->n, sizeof *refs);
	for (i = 0; i < l->n; i++) {
		refs[i].name = l->v[i].e.name;
		refs[i].i = i;
	}
	qsort(refs, l->n, sizeof *refs, cmp_ref);
	for (keep = refs[0].i, i = 1; i < l->n; i++) {
		struct item *k, *d = &l->v[refs[i].i];
		char *wk, *wd;

		if (strcmp(d->e.name, l->v[keep].e.name) != 0) {
			keep = refs[i].i;
			continue;
		}
		k = &l->v[keep];
		wk = item_where(k);
		wd = item_where(d);
		if (scanning)
			merge_scanned(k, d, wk, wd);
		else
			merge_listed(l, k, d, wk, wd);
		free(wk);
		free(wd);
		if (k->dropped)
			keep = refs[i].i;
	}
	for (i = 0; i < l->n; i++)
		order_chains(&l->v[i]);
	wildcard_overlaps(l, refs);
	free(refs);
}
