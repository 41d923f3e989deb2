/* pathlist.c: --fromfile: a tree built from a list of paths, in O(n log n): each
 * directory finds its children through its own hash table (small, so it stays in
 * cache while a list grouped by directory is read), each level is sorted once. */
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
	struct slot *tab;               /* the children by name, NULL until the first */
	uint32_t len;
	uint32_t first, next;           /* indices; 0 (the root) means none */
	uint32_t nchild;
	uint32_t tcap;
	bool isdir;
};

/* Names live in large blocks: a million paths make a million names. */
struct nameblock {
	struct nameblock *next;
	size_t used, cap;
	char data[];
};

struct pstore {
	struct pnode *nodes;
	size_t n, cap;
	struct nameblock *names;
	/* the previous path: lists are usually grouped, so its components are reused */
	char *prev;
	size_t prevcap;
	size_t *prevend, *prevnode, nprev, prevcapk;
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

static char *
name_copy(struct pstore *ps, const char *s, size_t len)
{
	struct nameblock *b = ps->names;
	char *r;

	if (b == NULL || b->cap - b->used < len + 1) {
		size_t cap = len + 1 > 65536 ? len + 1 : 65536;

		b = kmalloc(sizeof(*b) + cap);
		b->next = ps->names;
		b->used = 0;
		b->cap = cap;
		ps->names = b;
	}
	r = b->data + b->used;
	memcpy(r, s, len);
	r[len] = '\0';
	b->used += len + 1;
	return r;
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
	p->name = name_copy(ps, s, len);
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
	size_t cur = 0, i = 0, k = 0, start = 0;
	bool same = true;

	if (len == 0 || path[0] == '#')
		return;
	ps = store_of(t);
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
}

static char *fpath;
static size_t fpathcap;

static void
fpath_set(size_t at, const char *name, size_t len)
{
	if (at + len + 2 > fpathcap) {
		fpathcap = at + len + 256;
		fpath = kreallocarray(fpath, fpathcap, 1);
	}
	fpath[at] = '/';
	memcpy(fpath + at + 1, name, len);
	fpath[at + 1 + len] = '\0';
}

/* tree 2.3's fprune: filter and sort one level, recursively. */
static struct entry *
build_level(struct pstore *ps, size_t parent, size_t plen, bool matched, size_t *pn)
{
	struct entry *out = NULL;
	size_t n = 0, c;

	*pn = 0;
	if (ps->nodes[parent].nchild == 0)
		return NULL;
	out = kcalloc(ps->nodes[parent].nchild, sizeof(*out));
	for (c = ps->nodes[parent].first; c != 0; c = ps->nodes[c].next) {
		struct pnode *p = &ps->nodes[c];
		bool show = true, submatched = matched;
		struct entry e;

		memset(&e, 0, sizeof(e));
		fpath_set(plen, p->name, p->len);
		if (opt.d && !p->isdir)
			show = false;
		if (!opt.a && p->name[0] == '.')
			show = false;
		if (show && !matched) {
			if (!p->isdir) {
				if (opt.nppat && !pat_any(opt.ppat, opt.nppat, p->name, false))
					show = false;
			} else if (opt.nppat && pat_any(opt.ppat, opt.nppat, p->name, true)) {
				submatched = true;
			}
			if (opt.nipat && pat_any(opt.ipat, opt.nipat, p->name, p->isdir))
				show = false;
		}
		if (!show)
			continue;
		e.name = p->name;
		e.isdir = p->isdir;
		e.mode = p->isdir ? S_IFDIR : S_IFREG;  /* no permissions: tree shows [d---------] */
		if (p->nchild > 0) {
			size_t nc;
			struct entry *ch = build_level(ps, c, plen + 1 + p->len, submatched, &nc);

			if (ch != NULL) {
				e.x = kcalloc(1, sizeof(*e.x));
				e.x->child = ch;
				e.x->nchild = nc;
			}
		}
		if (opt.prune && !submatched && e.isdir && e_nchild(&e) == 0)
			continue;
		out[n++] = e;
	}
	if (n == 0) {
		free(out);
		return NULL;
	}
	sort_entries(out, n);
	*pn = n;
	return out;
}

/* Free what only the building needed; the names stay with the tree. */
static void
store_free(struct pathtree *t, struct pstore *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		free(ps->nodes[i].tab);
	free(ps->nodes);
	free(ps->prev);
	free(ps->prevend);
	free(ps->prevnode);
	t->store = ps->names;
	free(ps);
}

void
pathtree_finish(struct pathtree *t, const char *rootname)
{
	struct pstore *ps = t->ps;

	(void)rootname;
	t->ps = NULL;
	t->top = NULL;
	t->ntop = 0;
	if (ps == NULL)
		return;
	fpath_set(0, "", 0);
	fpath[0] = '\0';
	t->top = build_level(ps, 0, 0, false, &t->ntop);
	store_free(t, ps);
}

static void
free_level(struct entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (e[i].x != NULL) {
			free_level(e[i].x->child, e[i].x->nchild);
			free(e[i].x);
		}
	}
	free(e);
}

void
pathtree_free(struct pathtree *t)
{
	struct nameblock *b;

	if (t->ps != NULL)
		store_free(t, t->ps);
	free_level(t->top, t->ntop);
	for (b = t->store; b != NULL;) {
		struct nameblock *n = b->next;

		free(b);
		b = n;
	}
	free(fpath);
	fpath = NULL;
	fpathcap = 0;
	memset(t, 0, sizeof(*t));
}
