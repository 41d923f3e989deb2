/* pathlist.c: --fromfile: a tree built from a list of paths, in O(n log n): each
 * (parent, name) pair is found through a hash table, each level sorted once. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctree.h"
#include "kanri.h"

struct pnode {
	char *name;
	size_t len;
	size_t parent, first, next;     /* indices; 0 (the root) means none for first/next */
	size_t nchild;
	bool isdir;
};

struct pstore {
	struct pnode *nodes;
	size_t n, cap;
	size_t *table;                  /* node index + 1, 0 for an empty slot */
	size_t tcap;
};

static uint64_t
key_hash(size_t parent, const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)parent * 0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static void
table_insert(struct pstore *ps, size_t idx)
{
	struct pnode *p = &ps->nodes[idx];
	size_t mask = ps->tcap - 1, i = (size_t)key_hash(p->parent, p->name, p->len) & mask;

	while (ps->table[i] != 0)
		i = (i + 1) & mask;
	ps->table[i] = idx + 1;
}

static void
table_grow(struct pstore *ps)
{
	size_t i;

	free(ps->table);
	ps->tcap = ps->tcap ? ps->tcap * 2 : 1024;
	ps->table = kcalloc(ps->tcap, sizeof(*ps->table));
	for (i = 1; i < ps->n; i++)
		table_insert(ps, i);
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
		table_grow(ps);
		t->ps = ps;
	}
	return ps;
}

/* The child of parent called s, created if needed. */
static size_t
child_of(struct pstore *ps, size_t parent, const char *s, size_t len)
{
	size_t mask, i, idx;
	struct pnode *p;

	if (2 * (ps->n + 1) > ps->tcap)
		table_grow(ps);
	mask = ps->tcap - 1;
	for (i = (size_t)key_hash(parent, s, len) & mask; ps->table[i] != 0; i = (i + 1) & mask) {
		p = &ps->nodes[ps->table[i] - 1];
		if (p->parent == parent && p->len == len && memcmp(p->name, s, len) == 0)
			return ps->table[i] - 1;
	}
	if (ps->n == ps->cap) {
		ps->cap *= 2;
		ps->nodes = kreallocarray(ps->nodes, ps->cap, sizeof(*ps->nodes));
	}
	idx = ps->n++;
	p = &ps->nodes[idx];
	memset(p, 0, sizeof(*p));
	p->name = kstrndup(s, len);
	p->len = len;
	p->parent = parent;
	p->next = ps->nodes[parent].first;
	ps->nodes[parent].first = idx;
	ps->nodes[parent].nchild++;
	ps->nodes[parent].isdir = true;
	ps->table[i] = idx + 1;
	return idx;
}

void
pathtree_add(struct pathtree *t, const char *path, size_t len)
{
	struct pstore *ps;
	size_t cur = 0, i = 0;

	if (len == 0 || path[0] == '#')
		return;
	ps = store_of(t);
	while (i < len) {
		size_t j = i;

		while (j < len && path[j] != '/')
			j++;
		if (j > i && !(j - i == 1 && path[i] == '.') && memchr(path + i, '\0', j - i) == NULL) {
			cur = child_of(ps, cur, path + i, j - i);
			if (j < len)
				ps->nodes[cur].isdir = true;
		}
		i = j + 1;
	}
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
		e.mode = p->isdir ? S_IFDIR : S_IFREG;
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
	free(ps->table);
	/* the names now belong to the entries; the nodes are no longer needed */
	t->store = ps->nodes;
	t->nstore = ps->n;
	free(ps);
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
	struct pnode *nodes = t->store;
	size_t i;

	if (t->ps != NULL && nodes == NULL) {
		struct pstore *ps = t->ps;

		nodes = ps->nodes;
		t->nstore = ps->n;
		free(ps->table);
		free(ps);
		t->ps = NULL;
	}
	free_level(t->top, t->ntop);
	for (i = 1; i < t->nstore; i++)
		free(nodes[i].name);
	free(nodes);
	free(fpath);
	fpath = NULL;
	fpathcap = 0;
	memset(t, 0, sizeof(*t));
}
