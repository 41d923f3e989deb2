/* walk.c: the directory walk: one directory's entries at a time, read with openat and
 * fdopendir, typed by d_type, stat(2) only when an option needs it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ctree.h"
#include "emit.h"
#include "kanri.h"
#include "walk.h"

struct options opt = { .level = -1 };

static bool mem_mode;           /* --du, --prune, --matchdirs, --fromfile: trees in memory */
static dev_t root_dev;
static long tot_dirs, tot_files;
static off_t tot_size;         /* --du: tree 2.1 adds up every listed entry's size */
static struct chunk *mem_names;      /* names of the trees held in memory */
static int errors;

/* Names of one directory live in chunks that never move. */
struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(16) char data[];
};

static void *
chunk_alloc(struct chunk **head, size_t n)
{
	struct chunk *c = *head;
	void *r;

	if (c == NULL || c->cap - c->used < n) {
		size_t cap = n > 16384 ? n : 16384;

		c = kmalloc(sizeof(*c) + cap);
		c->next = *head;
		c->used = 0;
		c->cap = cap;
		*head = c;
	}
	r = c->data + c->used;
	c->used += n;
	return r;
}

static char *
chunk_strdup(struct chunk **head, const char *s, size_t n)
{
	char *r = chunk_alloc(head, n + 1);

	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static void
chunks_free(struct chunk *c)
{
	while (c != NULL) {
		struct chunk *n = c->next;

		free(c);
		c = n;
	}
}

/* The path of the directory being listed, as tree builds it (for -f, patterns). */
static char *pathbuf;
static size_t pathlen, pathcap;

static void
path_reserve(size_t n)
{
	if (n + 1 > pathcap) {
		pathcap = pathcap ? pathcap : 256;
		while (n + 1 > pathcap)
			pathcap *= 2;
		pathbuf = kreallocarray(pathbuf, pathcap, 1);
	}
}

/* Append "/name" (no slash after a trailing one) and return the old length. */
static size_t
path_push(const char *name)
{
	size_t old = pathlen, n = strlen(name);
	bool slash = pathlen > 0 && pathbuf[pathlen - 1] != '/';

	path_reserve(pathlen + n + 1);
	if (slash)
		pathbuf[pathlen++] = '/';
	memcpy(pathbuf + pathlen, name, n + 1);
	pathlen += n;
	return old;
}

static void
path_pop(size_t old)
{
	pathlen = old;
	pathbuf[pathlen] = '\0';
}

static void
path_set(const char *s)
{
	size_t n = strlen(s);

	path_reserve(n);
	memcpy(pathbuf, s, n + 1);
	pathlen = n;
}

/* One directory on the current path. */
struct frame {
	struct entry *ents;
	size_t n, i;
	struct chunk *names;
	int fd;                 /* -1 when closed to save descriptors */
	const char *openname;  /* name to reopen it by, relative to the parent */
	bool follow;
	dev_t dev;
	ino_t ino;
	size_t oldpathlen;
	char *savedpath;        /* the parent's path, when an absolute link replaced it */
	struct entry *owner;    /* the entry this directory is listed under */
	bool gi;                /* a .gitignore level was pushed */
	bool owns;              /* ents was read here, not borrowed from a tree in memory */
};

static struct frame *stack;
static size_t depth, stackcap;
static size_t nopenfds;
static size_t max_open_fds = 128; /* set from RLIMIT_NOFILE in walk_roots */

static const char *
link_error(void)
{
	return "[Error reading symbolic link information]";
}

static struct einfo *
need_x(struct entry *e, struct chunk **names)
{
	if (e->x == NULL) {
		struct chunk *c = *names;

		/* keep the record aligned within the chunk */
		if (c != NULL && c->used % 16 != 0)
			c->used += 16 - c->used % 16;
		if (c != NULL && c->used > c->cap)
			c->used = c->cap;
		e->x = chunk_alloc(names, sizeof(*e->x));
		memset(e->x, 0, sizeof(*e->x));
	}
	return e->x;
}

static void
fill_link(int dfd, struct entry *e, struct chunk **names)
{
	struct einfo *x = need_x(e, names);
	struct stat tst;
	char lb[4096], *big = NULL;
	ssize_t n = readlinkat(dfd, e->name, lb, sizeof(lb));

	if (n == (ssize_t)sizeof(lb)) {
		size_t cap = sizeof(lb);

		for (;;) {
			cap *= 2;
			big = kreallocarray(big, cap, 1);
			n = readlinkat(dfd, e->name, big, cap);
			if (n < 0 || (size_t)n < cap)
				break;
		}
	}
	if (n < 0)
		x->link = chunk_strdup(names, link_error(), strlen(link_error()));
	else
		x->link = chunk_strdup(names, big ? big : lb, (size_t)n);
	free(big);
	if (fstatat(dfd, e->name, &tst, 0) == 0) {
		x->lmode = tst.st_mode;
		x->dev = tst.st_dev;
		x->ino = tst.st_ino;
		e->have_ino = true;
		e->isdir = n >= 0 && S_ISDIR(tst.st_mode);
	} else {
		e->orphan = n >= 0;
	}
}

/* Fill e for name in the directory open as dfd; false if the entry is to be skipped. */
static bool
fill_entry(int dfd, struct entry *e, unsigned char dtype, struct chunk **names)
{
	struct stat st;
	bool dir_ino = mem_mode || opt.x || opt.l;

	e->mode = DTTOIF(dtype);
	if (opt.need_stat || dtype == DT_UNKNOWN || (dtype == DT_DIR && dir_ino)) {
		if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return false;   /* vanished since readdir */
		e->mode = st.st_mode;
		if (opt.need_stat || (S_ISDIR(st.st_mode) && dir_ino)) {
			struct einfo *x = need_x(e, names);

			x->st = st;
			x->size = st.st_size;
			e->have_st = true;
		}
	}
	if (S_ISLNK(e->mode)) {
		fill_link(dfd, e, names);
		return true;
	}
	e->isdir = S_ISDIR(e->mode);
	if (e->isdir && dir_ino && !e->have_st) {
		if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return false;
		need_x(e, names)->st = st;
		e->x->size = st.st_size;
		e->have_st = true;
	}
	if (e->have_st) {
		e->x->dev = e->x->st.st_dev;
		e->x->ino = e->x->st.st_ino;
		e->have_ino = true;
	}
	return true;
}

/* -a, --gitignore, -P, -I, -d: whether tree would list the entry. */
static bool
entry_shown(const struct entry *e, int dfd)
{
	size_t old = 0;
	bool shown = true, need_path = opt.nppat || opt.nipat || opt.gitignore;

	(void)dfd;
	if (need_path)
		old = path_push(e->name);
	if (opt.gitignore && gi_ignored(pathbuf, e->name, e->isdir))
		shown = false;
	if (shown && opt.nppat && !S_ISDIR(e->mode) && !(opt.l && e->isdir) &&
	    !pat_any(opt.ppat, opt.nppat, e->name, e->isdir))
		shown = false;
	if (shown && opt.nipat && pat_any(opt.ipat, opt.nipat, e->name, e->isdir))
		shown = false;
	if (shown && opt.d && !e->isdir)
		shown = false;
	if (need_path)
		path_pop(old);
	return shown;
}

/* Read the directory open as fd (which this takes over) into ents; n is the count
 * shown. Returns -1 (errno set) if it cannot be read. keepfd gets a descriptor for
 * the directory when keepfd is not NULL and some entry is a directory. */
int
read_entries(int fd, struct entry **pents, size_t *pn, struct chunk **names, int *keepfd)
{
	DIR *dp;
	struct dirent *de;
	struct entry *ents = NULL;
	size_t n = 0, cap = 0;
	bool anydir = false;

	*pents = NULL;
	*pn = 0;
	if (keepfd != NULL)
		*keepfd = -1;
	if ((dp = fdopendir(fd)) == NULL) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	if (opt.gitignore)
		gi_push_dir(fd, pathbuf);
	errno = 0;
	while ((de = readdir(dp)) != NULL) {
		const char *nm = de->d_name;
		struct entry e;

		if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))
			continue;
		if (!opt.a && nm[0] == '.')
			continue;
		memset(&e, 0, sizeof(e));
		e.name = chunk_strdup(names, nm, strlen(nm));
		if (!fill_entry(fd, &e, de->d_type, names))
			continue;
		if (!entry_shown(&e, fd))
			continue;
		if (n == cap) {
			cap = cap ? cap + cap / 2 : 16;
			ents = kreallocarray(ents, cap, sizeof(*ents));
		}
		if (e.isdir)
			anydir = true;
		ents[n++] = e;
	}
	if (keepfd != NULL && anydir)
		*keepfd = dup(fd);
	closedir(dp);
	*pents = ents;
	*pn = n;
	return 0;
}

static void
frame_grow(void)
{
	if (depth + 1 >= stackcap) {
		stackcap = stackcap ? stackcap * 2 : 64;
		stack = kreallocarray(stack, stackcap, sizeof(*stack));
	}
}

/* Close the descriptor of the shallowest open directory below the root. */
static void
shed_fds(void)
{
	size_t k;

	for (k = 1; k < depth && nopenfds > max_open_fds; k++) {
		if (stack[k].fd >= 0) {
			close(stack[k].fd);
			stack[k].fd = -1;
			nopenfds--;
		}
	}
}

/* A descriptor for frame k, reopened through its ancestors if it was closed. */
static int
frame_fd(size_t k)
{
	size_t a;
	int fd;

	if (stack[k].fd >= 0)
		return stack[k].fd;
	for (a = k; a > 0 && stack[a].fd < 0; a--)
		;
	fd = stack[a].fd;
	for (a++; a <= k; a++) {
		int nfd = openat(fd, stack[a].openname,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC | (stack[a].follow ? 0 : O_NOFOLLOW));

		if (fd != stack[a - 1].fd)
			close(fd);
		if (nfd < 0)
			return -1;
		fd = nfd;
	}
	stack[k].fd = fd;
	nopenfds++;
	return fd;
}

/* Whether dev/ino is a directory on the current path (a symlink loop under -l). */
static bool
on_path(dev_t dev, ino_t ino)
{
	size_t k;

	for (k = 0; k <= depth && k < stackcap; k++)
		if (stack[k].dev == dev && stack[k].ino == ino)
			return true;
	return false;
}

static char errbuf[128];

static const char *
limit_error(size_t n)
{
	snprintf(errbuf, sizeof(errbuf), "%zu entries exceeds filelimit, not opening dir", n);
	return errbuf;
}

static void
child_path_enter(struct frame *c, const struct entry *e)
{
	c->savedpath = NULL;
	const char *link = e_link(e);

	if (link != NULL && link[0] == '/') {
		c->savedpath = kstrdup(pathbuf ? pathbuf : "");
		c->oldpathlen = pathlen;
		path_set(link);
	} else {
		c->oldpathlen = path_push(link != NULL ? link : e->name);
	}
}

static void
child_path_leave(struct frame *c)
{
	if (c->savedpath != NULL) {
		path_set(c->savedpath);
		free(c->savedpath);
		c->savedpath = NULL;
	} else {
		path_pop(c->oldpathlen);
	}
}

/* Free what a frame owns and restore the path of its parent. */
static void
frame_release(struct frame *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		nopenfds--;
	}
	c->fd = -1;
	if (c->owns)
		free(c->ents);
	chunks_free(c->names);
	c->ents = NULL;
	c->names = NULL;
	if (c->gi)
		gi_pop_dir();
	c->gi = false;
	child_path_leave(c);
}

/* Open and read directory e of the top frame into stack[depth + 1]. Returns the
 * marker for e's line, or NULL; *descend is cleared unless the frame is ready. */
static const char *
open_child(struct entry *e, int *descend)
{
	struct frame *c;
	struct stat st;
	int pfd, fd, keep;

	frame_grow();
	pfd = frame_fd(depth);
	c = &stack[depth + 1];
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->openname = e->name;
	c->follow = e_link(e) != NULL;
	c->owner = e;
	fd = pfd < 0 ? -1 : openat(pfd, e->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    (c->follow ? 0 : O_NOFOLLOW));
	if (fd < 0 && (errno == EMFILE || errno == ENFILE) && max_open_fds > 2) {
		/* fewer descriptors than RLIMIT_NOFILE promised: keep fewer open */
		max_open_fds = nopenfds / 2 > 2 ? nopenfds / 2 : 2;
		shed_fds();
		pfd = frame_fd(depth);
		fd = pfd < 0 ? -1 : openat(pfd, e->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
		    (c->follow ? 0 : O_NOFOLLOW));
	}
	if (fd >= 0 && opt.l && fstat(fd, &st) != 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		errors++;
		*descend = 0;
		return "error opening dir";
	}
	if (opt.l) {
		c->dev = st.st_dev;
		c->ino = st.st_ino;
	}
	child_path_enter(c, e);
	if (read_entries(fd, &c->ents, &c->n, &c->names, &keep) != 0) {
		child_path_leave(c);
		errors++;
		*descend = 0;
		return "error opening dir";
	}
	c->gi = opt.gitignore;
	c->owns = true;
	c->fd = keep;
	if (keep >= 0)
		nopenfds++;
	if (opt.filelimit > 0 && c->n > (size_t)opt.filelimit) {
		const char *m = limit_error(c->n);

		errors++;
		frame_release(c);
		*descend = 0;
		return m;
	}
	if (c->n == 0) {
		frame_release(c);
		*descend = 0;
		return NULL;
	}
	shed_fds();
	sort_entries(c->ents, c->n);
	return NULL;
}

/* In-memory trees (--du, --prune, --matchdirs, --fromfile): the children are there. */
static const char *
mem_child(struct entry *e, int *descend)
{
	struct frame *c;

	if (e_nchild(e) == 0) {
		*descend = 0;
		return e_err(e);
	}
	frame_grow();
	c = &stack[depth + 1];
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->owner = e;
	c->ents = e->x->child;
	c->n = e->x->nchild;
	child_path_enter(c, e);
	return e->x->err;
}


static char *showbuf;
static size_t showcap;

/* What -f shows: the directory's path, a slash, the name (or, for a symlinked
 * directory that -l follows by a relative target, the target, as tree does). */
static const char *
show_path(const struct entry *e, bool via_link)
{
	const char *tail = via_link ? e_link(e) : e->name;
	size_t a = pathlen, b = strlen(tail);
	bool slash = a > 0 && pathbuf[a - 1] != '/';

	if (a + b + 2 > showcap) {
		showcap = a + b + 64;
		showbuf = kreallocarray(showbuf, showcap, 1);
	}
	if (a)
		memcpy(showbuf, pathbuf, a);
	if (slash)
		showbuf[a++] = '/';
	memcpy(showbuf + a, tail, b + 1);
	return showbuf;
}

/* The line of one entry of the top frame, and a new frame if it is descended into. */
static void
walk_entry(void)
{
	struct frame *f = &stack[depth];
	struct entry *e = &f->ents[f->i];
	int level = (int)depth + 1, descend = 0;
	bool last = f->i + 1 == f->n, follow = false;
	const char *err = NULL, *shown = e->name;

	const char *link = e_link(e);

	tot_size += e_size(e);
	if (e->isdir) {
		tot_dirs++;
		follow = !(opt.x && e_dev(e) != root_dev) && (link == NULL || opt.l);
	} else {
		tot_files++;
	}
	if (opt.f)
		shown = show_path(e, follow && link != NULL && link[0] != '/');
	if (follow) {
		descend = 1;
		if (link != NULL && !mem_mode && on_path(e_dev(e), e_ino(e))) {
			err = "recursive, not followed";
			if (opt.level >= 0 && level >= opt.level)
				err = NULL;
			descend = -1;
		}
		if (opt.level >= 0 && level >= opt.level)
			descend = 0;
		if (descend > 0)
			err = mem_mode ? mem_child(e, &descend) : open_child(e, &descend);
	}
	emit_entry(level, shown, e, err, descend > 0, last);
	stack[depth].i++;       /* f is stale if the stack grew */
	if (descend > 0)
		depth++;
}

/* List the frames from stack[0] down until the root's entries are done. */
static void
walk_frames(void)
{
	for (;;) {
		struct frame *f = &stack[depth];

		if (f->i < f->n) {
			walk_entry();
			continue;
		}
		if (depth == 0)
			break;
		emit_close((int)depth, f->owner, stack[depth - 1].i == stack[depth - 1].n);
		frame_release(f);
		depth--;
	}
}

static void
names_keep(struct chunk *c)
{
	while (c != NULL) {
		struct chunk *n = c->next;

		c->next = mem_names;
		mem_names = c;
		c = n;
	}
}

static void
tree_free(struct entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (e[i].x != NULL && e[i].x->child != NULL)
			tree_free(e[i].x->child, e[i].x->nchild);
	free(e);
}

/* --du, --prune, --matchdirs need a subtree before its line: read it into memory. */
static struct entry *
build_tree(int fd, size_t *pn, int lev, const char **err, off_t *size);

static void
build_children(struct entry *ents, size_t *pn, int lev, off_t *size)
{
	size_t i, j = 0, n = *pn;
	int pfd = frame_fd(depth);

	for (i = 0; i < n; i++) {
		struct entry *e = &ents[i];

		if (e->isdir && !(opt.x && e_dev(e) != root_dev)) {
			struct einfo *x = need_x(e, &mem_names);

			if (x->link != NULL && !opt.l) {
				/* listed, not followed */
			} else if (x->link != NULL && on_path(x->dev, x->ino)) {
				x->err = "recursive, not followed";
			} else if (opt.level < 0 || lev < opt.level) {
				int fd = pfd < 0 ? -1 : openat(pfd, e->name, O_RDONLY | O_DIRECTORY |
				    O_CLOEXEC | (x->link != NULL ? 0 : O_NOFOLLOW));
				struct frame *c;

				frame_grow();
				c = &stack[depth + 1];
				memset(c, 0, sizeof(*c));
				c->fd = -1;
				c->openname = e->name;
				c->follow = x->link != NULL;
				c->dev = x->dev;
				c->ino = x->ino;
				child_path_enter(c, e);
				depth++;
				if (fd < 0) {
					x->err = "error opening dir";
					errors++;
				} else {
					x->child = build_tree(fd, &x->nchild, lev + 1, &x->err, &x->size);
				}
				depth--;
				child_path_leave(c);
			}
			if (opt.prune && x->nchild == 0 && !(opt.matchdirs && opt.nppat &&
			    pat_any(opt.ppat, opt.nppat, e->name, true)))
				continue;
		}
		if (opt.du)
			*size += e_size(e);
		ents[j++] = *e;
	}
	*pn = j;
}

static struct entry *
build_tree(int fd, size_t *pn, int lev, const char **err, off_t *size)
{
	struct entry *ents;
	struct chunk *names = NULL;
	size_t n;
	int keep;

	*pn = 0;
	if (read_entries(fd, &ents, &n, &names, &keep) != 0) {
		*err = "error opening dir";
		errors++;
		return NULL;
	}
	stack[depth].fd = keep;
	if (keep >= 0)
		nopenfds++;
	shed_fds();
	if (n > 0 && opt.filelimit > 0 && n > (size_t)opt.filelimit) {
		*err = chunk_strdup(&mem_names, limit_error(n), strlen(limit_error(n)));
		n = 0;
	}
	if (n > 0)
		build_children(ents, &n, lev, size);
	if (stack[depth].fd >= 0) {
		close(stack[depth].fd);
		stack[depth].fd = -1;
		nopenfds--;
	}
	if (opt.gitignore)
		gi_pop_dir();
	names_keep(names);
	if (n == 0) {
		free(ents);
		return NULL;
	}
	sort_entries(ents, n);
	*pn = n;
	return ents;
}

static void
root_frame(int fd, struct entry *ents, size_t n, struct chunk *names, int keep)
{
	dev_t dev;
	ino_t ino;

	frame_grow();
	dev = stack[0].dev;
	ino = stack[0].ino;
	memset(&stack[0], 0, sizeof(stack[0]));
	stack[0].dev = dev;
	stack[0].ino = ino;
	stack[0].fd = keep;
	stack[0].ents = ents;
	stack[0].n = n;
	stack[0].names = names;
	stack[0].gi = opt.gitignore && !mem_mode;
	stack[0].owns = !mem_mode;
	(void)fd;
}

/* tree's handling of one directory argument. */
static void
list_root(const char *arg, bool lastroot, long *dirs, long *files, off_t *dusize)
{
	char *name = kstrdup(arg);
	struct entry info, *ents = NULL;
	struct einfo infox;
	struct chunk *names = NULL;
	size_t n = 0, len = strlen(name);
	int fd, keep = -1, rc = -1;
	bool have;
	const char *err = NULL;
	struct stat st;

	if (opt.f)
		while (len > 1 && name[len - 1] == '/')
			name[--len] = '\0';
	memset(&info, 0, sizeof(info));
	memset(&infox, 0, sizeof(infox));
	info.name = name;
	info.x = &infox;
	have = lstat(name, &infox.st) == 0;
	info.have_st = have;
	info.mode = infox.st.st_mode;
	infox.size = infox.st.st_size;
	root_dev = infox.st.st_dev;
	tot_dirs = tot_files = 0;
	tot_size = 0;
	depth = 0;
	path_set(name);
	frame_grow();
	memset(&stack[0], 0, sizeof(stack[0]));
	stack[0].fd = -1;
	if (have && (fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (fstat(fd, &st) == 0) {
			stack[0].dev = st.st_dev;
			stack[0].ino = st.st_ino;
		}
		if (mem_mode) {
			ents = build_tree(fd, &n, 1, &err, &infox.size);
			rc = err != NULL && ents == NULL && strcmp(err, "error opening dir") == 0 ? -1 : 0;
			if (err != NULL && rc == 0)
				rc = 1;
		} else {
			rc = read_entries(fd, &ents, &n, &names, &keep);
			if (rc == 0)
				sort_entries(ents, n);
		}
	}
	if (opt.format == FMT_SED)
		sed_root(name);
	if (rc < 0) {
		emit_entry(0, name, have ? &info : NULL, "error opening dir", false, lastroot);
		if (!have || S_ISDIR(info.mode))
			errors++;
		if (have)
			tot_files++;
	} else if ((mem_mode && rc == 1) || (!mem_mode && opt.filelimit > 0 && n > (size_t)opt.filelimit)) {
		emit_entry(0, name, &info, mem_mode ? err : limit_error(n), false, lastroot);
		tot_dirs++;
		if (keep >= 0)
			close(keep);
		if (!mem_mode && opt.gitignore)
			gi_pop_dir();
		free(ents);
		chunks_free(names);
	} else {
		emit_entry(0, name, &info, NULL, n > 0, lastroot);
		if (n > 0) {
			root_frame(0, ents, n, names, keep);
			if (keep >= 0)
				nopenfds++;
			walk_frames();
			emit_close(0, &info, lastroot);
			tot_dirs++;
			if (stack[0].fd >= 0) {
				close(stack[0].fd);
				nopenfds--;
			}
			if (mem_mode)
				tree_free(ents, n);
			else
				free(ents);
			chunks_free(names);
			if (stack[0].gi)
				gi_pop_dir();
		} else {
			if (keep >= 0)
				close(keep);
			if (!mem_mode && opt.gitignore && rc == 0)
				gi_pop_dir();
			free(ents);
			chunks_free(names);
		}
	}
	if (opt.format == FMT_JSON && lastroot)
		out_char('\n');
	*dirs += tot_dirs;
	*files += tot_files;
	if (opt.du)
		*dusize += tot_size;
	chunks_free(mem_names);
	mem_names = NULL;
	free(name);
}

int
walk_roots(char **roots, size_t nroots)
{
	long dirs = 0, files = 0;
	off_t dusize = 0;
	size_t i;

	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		rlim_t n = rl.rlim_cur > 24 ? (rl.rlim_cur - 16) / 2 : 2;

		max_open_fds = n < 128 ? (size_t)n : 128;
	}
	mem_mode = opt.du || opt.prune || opt.matchdirs;
	emit_begin();
	for (i = 0; i < nroots; i++)
		list_root(roots[i], i + 1 == nroots, &dirs, &files, &dusize);
	if (!opt.noreport && opt.format != FMT_SED)
		emit_report(dirs, files, dusize);
	emit_end();
	return errors ? 2 : 0;
}

/* --fromfile: list a tree held in memory under one root line. */
int
walk_pathtree(struct pathtree *t, const char *rootname, bool lastroot, long *dirs, long *files)
{
	mem_mode = true;
	tot_dirs = tot_files = 0;
	depth = 0;
	path_set(rootname);
	if (opt.format == FMT_SED)
		sed_root(rootname);
	struct entry info;
	struct einfo infox;
	bool have;

	memset(&info, 0, sizeof(info));
	memset(&infox, 0, sizeof(infox));
	info.name = (char *)rootname;
	info.x = &infox;
	have = lstat(rootname, &infox.st) == 0;
	info.have_st = have;
	info.mode = infox.st.st_mode;
	infox.size = infox.st.st_size;
	frame_grow();
	memset(&stack[0], 0, sizeof(stack[0]));
	emit_entry(0, rootname, have ? &info : NULL, NULL, t->ntop > 0, lastroot);
	if (t->ntop > 0) {
		root_frame(-1, t->top, t->ntop, NULL, -1);
		stack[0].names = NULL;
		walk_frames();
		emit_close(0, have ? &info : NULL, lastroot);
		tot_dirs++;
	}
	if (opt.format == FMT_JSON && lastroot)
		out_char('\n');
	*dirs += tot_dirs;
	*files += tot_files;
	return errors ? 2 : 0;
}
