/* pathlist.c: --fromfile: a tree built from a list of paths, in O(n log n): each
 * directory finds its children through its own hash table (small, so it stays in
 * cache while a list grouped by directory is read), each level is sorted once. */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctree.h"
#include "kanri.h"

struct slot {
	uint32_t hash;                  /* the name's hash, to skip most compares */
	uint32_t idx;                   /* node index + 1, 0 for an empty slot */
};

struct pnode {
	char *name;
	char *link;                     /* --fflinks: the target after " -> ", or NULL */
	struct slot *tab;               /* the children by name, NULL until the first */
	uint32_t len;
	uint32_t first, next;           /* indices; 0 (the root) means none */
	uint32_t nchild;
	uint32_t tcap;
	bool isdir;
	bool leaf;                      /* its last mention in the list ended a path */
};

struct pstore {
	struct pnode *nodes;
	size_t n, cap;
	struct arena *names;    /* the tree's store: names, then the sorted levels */
	/* the previous path: lists are usually grouped, so its components are reused */
	char *prev;
	size_t prevcap;
	size_t *prevend, *prevnode, nprev, prevcapk;
	/* --fromtabfile: the last node at each depth, and the last line's depth */
	size_t *tabnode, tabcap, tabtop;
};

static uint32_t
name_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

static void
table_grow(struct pnode *d)
{
	struct slot *old = d->tab;
	size_t oldcap = d->tcap, i, j, mask;

	d->tcap = d->tcap ? d->tcap * 2 : 8;
	if (d->tcap == 0)
		kerrx(2, "too many entries in one directory");
	d->tab = kcalloc(d->tcap, sizeof(*d->tab));
	mask = d->tcap - 1;
	for (i = 0; i < oldcap; i++) {
		if (old[i].idx == 0)
			continue;
		for (j = old[i].hash & mask; d->tab[j].idx != 0; j = (j + 1) & mask)
			;
		d->tab[j] = old[i];
	}
	free(old);
}

static struct pstore *
store_of(struct pathtree *t)
{
	struct pstore *ps = t->ps;

	if (ps == NULL) {
		ps = kcalloc(1, sizeof(*ps));
		ps->cap = 64;
		ps->nodes = kcalloc(ps->cap, sizeof(*ps->nodes));
		ps->n = 1;      /* node 0: the root */
		ps->nodes[0].isdir = true;
		ps->names = &t->store;
		t->ps = ps;
	}
	return ps;
}

/* The child of parent called s, created if needed. */
static size_t
child_of(struct pstore *ps, size_t parent, const char *s, size_t len)
{
	struct pnode *d = &ps->nodes[parent], *p;
	uint32_t h = name_hash(s, len);
	size_t mask, i, idx;

	if (2 * (d->nchild + 1) > d->tcap)
		table_grow(d);
	mask = d->tcap - 1;
	for (i = h & mask; d->tab[i].idx != 0; i = (i + 1) & mask) {
		if (d->tab[i].hash != h)
			continue;
		p = &ps->nodes[d->tab[i].idx - 1];
		if (p->len == len && memcmp(p->name, s, len) == 0)
			return d->tab[i].idx - 1;
	}
	d->tab[i].hash = h;
	if (ps->n == UINT32_MAX)
		kerrx(2, "too many paths");
	if (ps->n == ps->cap) {
		ps->cap *= 2;
		ps->nodes = kreallocarray(ps->nodes, ps->cap, sizeof(*ps->nodes));
	}
	idx = ps->n++;
	d = &ps->nodes[parent];
	d->tab[i].idx = (uint32_t)(idx + 1);
	p = &ps->nodes[idx];
	memset(p, 0, sizeof(*p));
	p->name = arena_strdup(ps->names, s, len);
	p->len = (uint32_t)len;
	p->next = d->first;
	d->first = (uint32_t)idx;
	d->nchild++;
	d->isdir = true;
	return idx;
}

/* Remember component k of the current path (bytes [start, end) of ps->prev). */
static void
prev_set(struct pstore *ps, size_t k, size_t end, size_t node)
{
	if (k >= ps->prevcapk) {
		ps->prevcapk = ps->prevcapk ? ps->prevcapk * 2 : 64;
		ps->prevend = kreallocarray(ps->prevend, ps->prevcapk, sizeof(*ps->prevend));
		ps->prevnode = kreallocarray(ps->prevnode, ps->prevcapk, sizeof(*ps->prevnode));
	}
	ps->prevend[k] = end;
	ps->prevnode[k] = node;
}

void
pathtree_add(struct pathtree *t, const char *path, size_t len)
{
	struct pstore *ps;
	size_t cur = 0, i = 0, k = 0, start = 0, linklen = 0;
	bool same = true;
	const char *link = NULL;

	if (len == 0 || path[0] == '#')
		return;
	ps = store_of(t);
	/* --fflinks: the first " -> " ends the path; what follows is the link's target */
	if (opt.fflinks)
		for (i = 0; i + 4 <= len; i++)
			if (memcmp(path + i, " -> ", 4) == 0) {
				link = path + i + 4;
				linklen = len - i - 4;
				len = i;
				break;
			}
	i = 0;
	while (i < len) {
		size_t j = i;

		while (j < len && path[j] != '/')
			j++;
		if (j > i && !(j - i == 1 && path[i] == '.') && memchr(path + i, '\0', j - i) == NULL) {
			size_t pstart = k > 0 ? ps->prevend[k - 1] : 0;

			/* the same component under the same parent as in the previous path */
			if (same && k < ps->nprev && ps->prevend[k] - pstart == j - i &&
			    memcmp(ps->prev + pstart, path + i, j - i) == 0) {
				cur = ps->prevnode[k];
			} else {
				same = false;
				cur = child_of(ps, cur, path + i, j - i);
			}
			ps->nodes[cur].leaf = j >= len;
			if (j < len)
				ps->nodes[cur].isdir = true;
			prev_set(ps, k, start + (j - i), cur);
			start += j - i;
			k++;
		}
		i = j + 1;
	}
	/* the components, concatenated, for the next path's comparison */
	if (start > ps->prevcap) {
		ps->prevcap = start + 256;
		ps->prev = kreallocarray(ps->prev, ps->prevcap, 1);
	}
	for (i = 0, start = 0; i < len;) {
		size_t j = i;

		while (j < len && path[j] != '/')
			j++;
		if (j > i && !(j - i == 1 && path[i] == '.') && memchr(path + i, '\0', j - i) == NULL) {
			memcpy(ps->prev + start, path + i, j - i);
			start += j - i;
		}
		i = j + 1;
	}
	ps->nprev = k;
	t->nentries = ps->n - 1;
	if (link != NULL && cur != 0) {
		ps->nodes[cur].isdir = false;
		ps->nodes[cur].link = arena_strdup(ps->names, link, linklen);
	}
}

/*
 * --fromtabfile (tree 2.3.1): a line's leading tabs are its depth, the rest is one
 * name (a '/' in it included); it goes under the last line one tab shallower, and may
 * be at most one tab deeper than the line before. Returns false for a line that is
 * not (tree's "orphaned file"): it is left out.
 */
bool
pathtree_add_tabbed(struct pathtree *t, const char *line, size_t len)
{
	struct pstore *ps;
	size_t tabs = 0, parent, node, linklen = 0, i;
	const char *name, *nul, *link = NULL;

	if (len == 0 || line[0] == '#')
		return true;
	ps = store_of(t);
	while (tabs < len && line[tabs] == '\t')
		tabs++;
	if (tabs > 0 && (ps->tabcap == 0 || tabs - 1 > ps->tabtop))
		return false;
	name = line + tabs;
	len -= tabs;
	if ((nul = memchr(name, '\0', len)) != NULL)
		len = (size_t)(nul - name);     /* tree reads a line as a C string */
	if (opt.fflinks)
		for (i = 0; i + 4 <= len; i++)
			if (memcmp(name + i, " -> ", 4) == 0) {
				link = name + i + 4;
				linklen = len - i - 4;
				len = i;
				break;
			}
	parent = tabs > 0 ? ps->tabnode[tabs - 1] : 0;
	node = child_of(ps, parent, name, len);
	ps->nodes[parent].leaf = false;
	ps->nodes[node].leaf = true;
	if (link != NULL) {
		ps->nodes[node].isdir = false;
		ps->nodes[node].link = arena_strdup(ps->names, link, linklen);
	}
	if (tabs >= ps->tabcap) {
		ps->tabcap = tabs + 64;
		ps->tabnode = kreallocarray(ps->tabnode, ps->tabcap, sizeof(*ps->tabnode));
	}
	ps->tabnode[tabs] = node;
	ps->tabtop = tabs;
	t->nentries = ps->n - 1;
	return true;
}

/* A directory whose children are being filtered: the levels under construction
 * form a stack, so a path of any depth needs no recursion. */
struct level {
	size_t node;            /* its pnode */
	size_t next;            /* the next child to look at, 0 when done */
	size_t base;            /* where its entries start on the scratch stack */
	bool matched;           /* --matchdirs: it or a directory above matched -P */
};

struct builder {
	struct pstore *ps;
	struct level *lv;
	size_t nlv, caplv;
	struct entry *ents;     /* the entries of every level under construction */
	size_t nents, capents;
};

static void
level_push(struct builder *b, size_t node, bool matched)
{
	struct level *l;

	if (b->nlv == b->caplv) {
		b->caplv = b->caplv ? b->caplv * 2 : 64;
		b->lv = kreallocarray(b->lv, b->caplv, sizeof(*b->lv));
	}
	l = &b->lv[b->nlv++];
	l->node = node;
	l->next = b->ps->nodes[node].first;
	l->base = b->nents;
	l->matched = matched;
}

static struct entry *
ents_push(struct builder *b)
{
	if (b->nents == b->capents) {
		b->capents = b->capents ? b->capents * 2 : 256;
		b->ents = kreallocarray(b->ents, b->capents, sizeof(*b->ents));
	}
	memset(&b->ents[b->nents], 0, sizeof(*b->ents));
	return &b->ents[b->nents++];
}

/* -a, -d, -P, -I for child p of a level; *matched: --matchdirs matched p. */
static bool
node_shown(const struct pnode *p, bool *matched)
{
	if (opt.d && !p->isdir)
		return false;
	if (!opt.a && p->name[0] == '.')
		return false;
	if (*matched)
		return true;
	if (!p->isdir && opt.nppat && !pat_any(opt.ppat, opt.nppat, p->name, false))
		return false;
	if (p->isdir && opt.matchdirs && opt.nppat && pat_any(opt.ppat, opt.nppat, p->name, true))
		*matched = true;
	return !(opt.nipat && pat_any(opt.ipat, opt.nipat, p->name, p->isdir));
}

/* --prune: a directory left with nothing to show goes, unless --matchdirs matched it. */
static bool
pruned(const struct entry *e, bool matched)
{
	return opt.prune && !matched && e->isdir && (e->x == NULL || e->x->nchild == 0);
}

static int
byte_order(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* The top level is done: sort its entries into the store, and pop them. */
static struct entry *
level_finish(struct builder *b, size_t *pn)
{
	struct level *l = &b->lv[--b->nlv];
	size_t n = b->nents - l->base;
	struct entry *out = NULL;

	if (n > 0) {
		out = arena_alloc(b->ps->names, n * sizeof(*out), alignof(struct entry));
		memcpy(out, b->ents + l->base, n * sizeof(*out));
		if (opt.sort == SORT_NONE)      /* tree keeps each level in strcmp order */
			qsort(out, n, sizeof(*out), byte_order);
		else
			sort_entries(out, n);
	}
	b->nents = l->base;
	*pn = n;
	return out;
}

static struct entry none_shown[1];    /* the contents of a directory all filtered out */

/* Filter and sort every level, depth first. The entry of a directory being built is
 * the last of its parent's entries while its children are pushed above it. */
static struct entry *
build_levels(struct pstore *ps, size_t *pn)
{
	struct builder b;
	struct entry *top;

	memset(&b, 0, sizeof(b));
	b.ps = ps;
	level_push(&b, 0, false);
	for (;;) {
		struct level *l = &b.lv[b.nlv - 1];

		if (l->next != 0) {
			struct pnode *p = &ps->nodes[l->next];
			size_t c = l->next;
			bool matched = l->matched;
			struct entry *e;

			l->next = p->next;
			if (!node_shown(p, &matched))
				continue;
			e = ents_push(&b);
			e->name = p->name;
			e->isdir = p->isdir;
			/* tree's type is that of the last mention: "d/x" then "d" make d a file
			 * with contents; no permissions: tree shows [d---------] */
			e->mode = p->leaf ? S_IFREG : S_IFDIR;
			if (p->link != NULL) {
				/* tree 2.3.1: a link stays one; a later path through it makes
				 * it a directory again, but its contents are not shown */
				if (!p->isdir)
					e->mode = S_IFLNK;
				e->x = arena_alloc(ps->names, sizeof(*e->x), alignof(struct einfo));
				memset(e->x, 0, sizeof(*e->x));
				e->x->link = p->link;
			}
			if (p->nchild > 0 && p->link == NULL)
				level_push(&b, c, matched);
			else if (pruned(e, matched))
				b.nents--;
		} else if (b.nlv > 1) {
			bool matched = l->matched;
			size_t n;
			struct entry *ch = level_finish(&b, &n), *e = &b.ents[b.nents - 1];

			/* a directory whose contents are all filtered out still has them (none
			 * to show) for tree: its JSON and XML elements open and close */
			if (e->x == NULL) {
				e->x = arena_alloc(ps->names, sizeof(*e->x), alignof(struct einfo));
				memset(e->x, 0, sizeof(*e->x));
			}
			e->x->child = ch != NULL ? ch : none_shown;
			e->x->nchild = n;
			if (pruned(e, matched))
				b.nents--;
		} else {
			break;
		}
	}
	top = level_finish(&b, pn);
	free(b.lv);
	free(b.ents);
	return top;
}

/* Free what only the building needed; the names stay with the tree. */
static void
store_free(struct pstore *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		free(ps->nodes[i].tab);
	free(ps->nodes);
	free(ps->prev);
	free(ps->prevend);
	free(ps->prevnode);
	free(ps->tabnode);
	free(ps);
}

void
pathtree_finish(struct pathtree *t)
{
	struct pstore *ps = t->ps;

	t->ps = NULL;
	t->top = NULL;
	t->ntop = 0;
	if (ps == NULL)
		return;
	t->top = build_levels(ps, &t->ntop);
	store_free(ps);
}

void
pathtree_free(struct pathtree *t)
{
	if (t->ps != NULL)
		store_free(t->ps);
	arena_free(&t->store);
	memset(t, 0, sizeof(*t));
}
