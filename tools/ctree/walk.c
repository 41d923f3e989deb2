/* walk.c: the directory walk: one directory's entries at a time, read with openat and
 * fdopendir, typed by d_type, stat(2) only when an option needs it; --du, --prune and
 * --matchdirs first read the whole tree into memory. Neither recurses: the directories
 * on the current path are frames on one stack, so the depth is limited by memory only. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ctree.h"
#include "emit.h"
#include "html.h"
#include "kanri.h"
#include "walk.h"

struct options opt = { .level = -1 };

static struct arena names;     /* every name and entry record of the walk */

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
	struct entry *ents;     /* sorted; in readdir order while a tree is built */
	size_t n, i;
	size_t kept;            /* building a tree: entries kept so far, at the front */
	struct entry *owner;    /* the entry this directory is listed under */
	struct amark mark;      /* the arena before this directory was read */
	char *savedpath;        /* the parent's path, when an absolute link replaced it */
	size_t oldpathlen;
	dev_t dev;              /* for -l's loop check */
	ino_t ino;
	int fd;                 /* -1 when closed to save descriptors */
	bool gi;                /* gi_push_dir was called for it */
	bool inf;               /* info_push_dir was called for it */
	bool inf_top;           /* and pushed a .info: its names match that file's patterns */
	bool keep;              /* tree leaves its .gitignore and .info in force: see keep_pushed */
	bool owns;              /* ents was read here, not borrowed from a tree in memory */
};

static struct frame *stack;
static size_t depth, stackcap;
static size_t nopenfds;
static size_t first_open = 1;   /* the frames from 1 up to this one hold no descriptor */
static size_t max_open_fds = 128; /* set from RLIMIT_NOFILE in walk_roots */

static bool mem_mode;           /* --du, --prune, --matchdirs, --fromfile: trees in memory */
static dev_t root_dev;
static const char *root_name;   /* the directory argument being listed, to reopen it */
static long tot_dirs, tot_files;
static off_t tot_size;          /* --du: tree 2.1 adds up every listed entry's size */
static int errors;
/* -R: the directories whose 00Tree.html is still to write, and what each was when
 * its parent was listed */
struct page {
	char *path;
	dev_t dev;
	ino_t ino;
};
static struct page *pages;
static size_t npages, cappages;
static char *root_real;         /* -R: the real path of the directory argument */

static const char *
mark_text(enum emark m, size_t count)
{
	static char buf[80];

	switch (m) {
	case MARK_NONE:
		break;
	case MARK_OPEN_ERROR:
		return "error opening dir";
	case MARK_RECURSIVE:
		return "recursive, not followed";
	case MARK_FILELIMIT:
		snprintf(buf, sizeof(buf), "%zu entries exceeds filelimit, not opening dir", count);
		return buf;
	}
	return NULL;
}

static void
estat_set(estat *d, const struct stat *st)
{
	d->st_dev = st->st_dev;
	d->st_ino = st->st_ino;
	d->st_uid = st->st_uid;
	d->st_gid = st->st_gid;
	d->st_mtime = st->st_mtime;
	d->st_ctime = st->st_ctime;
}

static struct einfo *
need_x(struct entry *e)
{
	if (e->x == NULL) {
		e->x = arena_alloc(&names, sizeof(*e->x), alignof(struct einfo));
		memset(e->x, 0, sizeof(*e->x));
	}
	return e->x;
}

static void
fill_link(int dfd, struct entry *e)
{
	static const char bad[] = "[Error reading symbolic link information]";
	struct einfo *x = need_x(e);
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
		x->link = arena_strdup(&names, bad, sizeof(bad) - 1);
	else
		x->link = arena_strdup(&names, big ? big : lb, (size_t)n);
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

static void
keep_stat(struct entry *e, const struct stat *st)
{
	struct einfo *x = need_x(e);

	estat_set(&x->st, st);
	x->size = st->st_size;
	e->have_st = true;
}

/* Fill e for name in the directory open as dfd; false if the entry is to be skipped
 * (it vanished since readdir). */
static bool
fill_entry(int dfd, struct entry *e, unsigned char dtype)
{
	struct stat st;
	bool dir_ino = mem_mode || opt.x || opt.l;

	e->mode = (mode_t)DTTOIF(dtype);
	if (opt.need_stat || dtype == DT_UNKNOWN || (dtype == DT_DIR && dir_ino)) {
		if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return false;
		e->mode = st.st_mode;
		if (opt.need_stat || (S_ISDIR(st.st_mode) && dir_ino))
			keep_stat(e, &st);
	}
	if (S_ISLNK(e->mode)) {
		fill_link(dfd, e);
		return true;
	}
	e->isdir = S_ISDIR(e->mode);
	if (e->isdir && dir_ino && !e->have_st) {
		if (fstatat(dfd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return false;
		keep_stat(e, &st);
	}
	if (e->have_st) {
		e->x->dev = e->x->st.st_dev;
		e->x->ino = e->x->st.st_ino;
		e->have_ino = true;
	}
	return true;
}

/* -a, --gitignore, -P, -I, -d: whether tree would list the entry. all_files: the
 * directory matched -P under --matchdirs, so -P does not filter its files. */
static bool
entry_shown(const struct entry *e, bool all_files)
{
	size_t old = 0;
	bool shown = true, need_path = opt.nppat || opt.nipat || opt.gitignore;

	if (need_path)
		old = path_push(e->name);
	if (opt.gitignore && gi_ignored(pathbuf, e->name, e->isdir))
		shown = false;
	if (shown && opt.nppat && !all_files && !S_ISDIR(e->mode) && !(opt.l && e->isdir) &&
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

/* --matchdirs: whether the directory at level lev (its path in pathbuf) matches -P, as
 * tree 2.1 decides it: by its last lev components. The arguments never match. */
static bool
matchdirs_hit(size_t lev)
{
	const char *p = pathbuf + pathlen;

	if (!opt.matchdirs || opt.nppat == 0 || lev == 0)
		return false;
	for (; p != pathbuf; p--) {
		if (*p == '/' && --lev == 0) {
			p++;
			break;
		}
	}
	return *p != '\0' && pat_any(opt.ppat, opt.nppat, p, true);
}

/* Whether the directory open as fd can be searched. tree lstat(2)s each entry by its
 * path and leaves out those it cannot, so a directory that can be read but not
 * searched lists as empty. */
static bool
searchable(int fd)
{
	struct stat st;

	return fstatat(fd, ".", &st, 0) == 0 || errno != EACCES;
}

static void frame_holds_fd(size_t k);

/* --info: the .info of the directory read into frame c (open as fd); a directory
 * argument's parents are looked in when it has none. */
static void
push_info(struct frame *c, int fd)
{
	int rc = info_push_dir(fd, pathbuf, c == &stack[0]);

	if (rc < 0)
		errors++;
	c->inf = true;
	c->inf_top = rc == 1;
}

/* --info: e's comment, as tree finds it by e's path while its directory is read. */
static void
fill_note(struct entry *e, bool top)
{
	size_t old = path_push(e->name);
	const struct note *note = info_check(pathbuf, e->name, top, e->isdir);

	path_pop(old);
	if (note != NULL)
		need_x(e)->note = note;
}

/* Read the directory open as fd (which this takes over) into frame c: its entries
 * (c->ents, c->n) in readdir order and, when some entry is a directory, a descriptor
 * kept (c->fd). Returns -1 if it cannot be opened or read to the end. */
static int
read_dir(int fd, struct frame *c, bool all_files)
{
	struct kdir d;
	struct entry *ents = NULL;
	size_t n = 0, i, nread;
	bool anydir = false;
	int err;

	c->ents = NULL;
	c->n = 0;
	c->fd = -1;
	c->owns = true;
	err = kdir_read(fd, KDIR_TAKEFD | KDIR_UNSORTED | (opt.a ? 0 : KDIR_NOHIDDEN), &d);
	if (d.dir == NULL) {
		kdir_free(&d);
		errno = err;
		return -1;
	}
	if (opt.gitignore) {
		if (gi_push_dir(fd, pathbuf) != 0)
			errors++;
		c->gi = true;
	}
	if (opt.info)
		push_info(c, fd);
	if (err == 0 && d.n > 0 && searchable(fd))
		ents = kreallocarray(NULL, d.n, sizeof(*ents));
	for (i = 0; ents != NULL && i < d.n; i++) {
		struct entry e;
		struct amark m = arena_mark(&names);

		/* tree -H leaves out the pages its -R writes */
		if (opt.format == FMT_HTML && strcmp(d.ent[i].name, "00Tree.html") == 0)
			continue;
		memset(&e, 0, sizeof(e));
		e.name = arena_strdup(&names, d.ent[i].name, d.ent[i].len);
		if (!fill_entry(fd, &e, d.ent[i].type) || !entry_shown(&e, all_files)) {
			arena_release(&names, m);
			continue;
		}
		if (opt.selinux || opt.acl)
			xattr_fill(fd, pathbuf, e.name, &e, need_x(&e));
		if (opt.info)
			fill_note(&e, c->inf_top);
		anydir |= e.isdir;
		ents[n++] = e;
	}
	if (err == 0 && anydir && (c->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) >= 0)
		frame_holds_fd((size_t)(c - stack));
	nread = d.n;
	kdir_free(&d);
	if (err != 0) {
		errno = err;
		return -1;
	}
	if (n == 0) {
		free(ents);
		ents = NULL;
	} else if (n < nread) {
		ents = kreallocarray(ents, n, sizeof(*ents));
	}
	c->ents = ents;
	c->n = n;
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

/* Close the descriptors of the shallowest open directories below the root. */
static void
shed_fds(void)
{
	size_t k;

	for (k = first_open; k < depth && nopenfds > max_open_fds; k++) {
		if (stack[k].fd >= 0) {
			close(stack[k].fd);
			stack[k].fd = -1;
			nopenfds--;
		}
	}
	if (k > first_open)
		first_open = k;
}

/* Frame k holds a descriptor again: shed_fds must look at it. */
static void
frame_holds_fd(size_t k)
{
	nopenfds++;
	if (k < first_open)
		first_open = k > 0 ? k : 1;
}

static int
open_dir_at(int dfd, const struct entry *e)
{
	return openat(dfd, e->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    (e_link(e) != NULL ? 0 : O_NOFOLLOW));
}

/* A descriptor for frame k, reopened through its ancestors if it was closed. Valid
 * until the next call that opens or sheds descriptors. */
static int
frame_fd(size_t k)
{
	size_t a;
	int fd;
	bool opened = false;    /* fd is not a frame's own */

	if (stack[k].fd >= 0)
		return stack[k].fd;
	for (a = k; a > 0 && stack[a].fd < 0; a--)
		;
	if ((fd = stack[a].fd) < 0) {
		/* the root's descriptor could not be kept (dup failed): reopen it by name */
		if ((fd = open(root_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
			return -1;
		opened = true;
	}
	for (a++; a <= k; a++) {
		int nfd = open_dir_at(fd, stack[a].owner);

		if (opened)
			close(fd);
		opened = true;
		if (nfd < 0)
			return -1;
		fd = nfd;
	}
	stack[k].fd = fd;
	frame_holds_fd(k);
	return fd;
}

/* Close every frame's descriptor, the root's too: frame_fd reopens what it needs. */
static void
shed_all_fds(void)
{
	size_t k;

	for (k = 0; k <= depth; k++) {
		if (stack[k].fd >= 0) {
			close(stack[k].fd);
			stack[k].fd = -1;
		}
	}
	nopenfds = 0;
	first_open = 1;
}

/* Directory e of the top frame, opened. */
static int
open_child(const struct entry *e)
{
	int pfd = frame_fd(depth), fd = pfd < 0 ? -1 : open_dir_at(pfd, e);

	if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
		/* fewer descriptors than RLIMIT_NOFILE promised: keep fewer open, none if
		 * need be (two at a time are enough, as frame_fd opens them in turn) */
		max_open_fds = nopenfds / 2 > 1 ? nopenfds / 2 : 1;
		shed_fds();
		pfd = frame_fd(depth);
		fd = pfd < 0 ? -1 : open_dir_at(pfd, e);
		if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
			shed_all_fds();
			pfd = frame_fd(depth);
			fd = pfd < 0 ? -1 : open_dir_at(pfd, e);
		}
	}
	return fd;
}

/* Whether dev/ino is a directory on the current path (a symlink loop under -l). */
static bool
on_path(dev_t dev, ino_t ino)
{
	size_t k;

	for (k = 0; k <= depth; k++)
		if (stack[k].dev == dev && stack[k].ino == ino)
			return true;
	return false;
}

static void
child_path_enter(struct frame *c, const struct entry *e)
{
	const char *link = e_link(e);

	c->savedpath = NULL;
	if (link != NULL && link[0] == '/') {
		c->savedpath = kstrdup(pathbuf);
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

/* A new frame above the top one, for the directory listed under e. */
static struct frame *
frame_new(struct entry *e)
{
	struct frame *c;

	frame_grow();
	c = &stack[depth + 1];
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->owner = e;
	c->mark = arena_mark(&names);
	c->dev = e_dev(e);
	c->ino = e_ino(e);
	child_path_enter(c, e);
	return c;
}

/* Close what frame c holds and restore its parent's path; keep_names leaves what it
 * put in the arena (a tree in memory refers to it). */
static void
frame_end(struct frame *c, bool keep_names)
{
	if (c->fd >= 0) {
		close(c->fd);
		nopenfds--;
	}
	c->fd = -1;
	if (c->owns)
		free(c->ents);
	c->ents = NULL;
	c->n = 0;
	if (c->gi && c->keep)
		gi_keep_dir();
	else if (c->gi)
		gi_pop_dir();
	if (c->inf && c->keep)
		info_keep_dir();
	else if (c->inf)
		info_pop_dir();
	c->gi = c->inf = c->inf_top = c->keep = false;
	if (c != &stack[0])
		child_path_leave(c);
	if (!keep_names)
		arena_release(&names, c->mark);
}

/* Under --du, --prune and --matchdirs tree 2.1.0 pops a directory's .gitignore only
 * when the directory has something to list: one that cannot be read, is over
 * --filelimit or ends up empty leaves its patterns in force for every directory read
 * after it. So does ctree, in the same (readdir) order; and tree 2.3.1 so keeps a
 * directory's .info. */
static bool
keep_pushed(void)
{
	return mem_mode && (opt.gitignore || opt.info);
}

/* Opening a directory for its .gitignore needs only search permission: O_PATH (Linux),
 * POSIX's O_SEARCH, or else read permission as well. */
#if defined(O_PATH)
#define SEARCH_ONLY O_PATH
#elif defined(__O_PATH)         /* glibc names it O_PATH only under _GNU_SOURCE */
#define SEARCH_ONLY __O_PATH
#elif defined(O_SEARCH)
#define SEARCH_ONLY O_SEARCH
#else
#define SEARCH_ONLY O_RDONLY
#endif

/* tree reads the .gitignore and .info of a directory it cannot list (it needs only
 * search permission) and, under keep_pushed, leaves them in force. */
static void
files_of_unlisted(int pfd, const char *name, bool follow, bool top)
{
	int fd;

	if (!keep_pushed() || (pfd < 0 && pfd != AT_FDCWD))
		return;
	fd = openat(pfd, name, SEARCH_ONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
	if (fd >= 0) {
		if (opt.gitignore) {
			if (gi_push_dir(fd, pathbuf) != 0)
				errors++;
			gi_keep_dir();
		}
		if (opt.info) {
			if (info_push_dir(fd, pathbuf, top) < 0)
				errors++;
			info_keep_dir();
		}
		close(fd);
	}
}

/* Open and read directory e of the top frame. A directory with entries to list becomes
 * the new top frame; the mark for e's line is returned, *count gets the entries read. */
static enum emark
enter_dir(struct entry *e, size_t *count)
{
	struct frame *c;
	int fd = open_child(e);

	*count = 0;
	if (fd < 0) {
		c = frame_new(e);
		files_of_unlisted(frame_fd(depth), e->name, e_link(e) != NULL, false);
		frame_end(c, false);
		errors++;
		return MARK_OPEN_ERROR;
	}
	c = frame_new(e);
	c->keep = keep_pushed();        /* unless it has entries to list */
	if (read_dir(fd, c, mem_mode && matchdirs_hit(depth + 1)) != 0) {
		frame_end(c, false);
		errors++;
		return MARK_OPEN_ERROR;
	}
	*count = c->n;
	if (opt.filelimit > 0 && c->n > (size_t)opt.filelimit) {
		frame_end(c, false);
		errors++;
		return MARK_FILELIMIT;
	}
	if (c->n == 0) {
		frame_end(c, false);
		return MARK_NONE;
	}
	c->keep = false;                /* build_leave decides once it knows what is kept */
	if (!mem_mode)
		sort_entries(c->ents, c->n);    /* a tree in memory sorts what it keeps */
	depth++;
	shed_fds();
	return MARK_NONE;
}

/* Whether e, an entry of the top frame, is a directory to descend into, as far as
 * its type, -x and -l say. */
static bool
followed(const struct entry *e)
{
	return e->isdir && !(opt.x && e_dev(e) != root_dev) && (e_link(e) == NULL || opt.l);
}

static bool
below_level_limit(size_t level)
{
	return opt.level < 0 || level < (size_t)opt.level;
}

/* --du, --prune, --matchdirs: start reading directory e of the top frame; true if it
 * became the new top frame, to be finished by build_leave. */
static bool
build_enter(struct entry *e)
{
	struct einfo *x;
	enum emark m;
	size_t count, before;

	if (!followed(e))
		return false;
	x = need_x(e);
	if (x->link != NULL && on_path(x->dev, x->ino)) {
		x->mark = MARK_RECURSIVE;
		return false;
	}
	if (!below_level_limit(depth + 1))
		return false;
	before = depth;
	m = enter_dir(e, &count);
	x->mark = m;
	if (m == MARK_FILELIMIT)
		x->nchild = count;
	return depth > before;
}

/* --condense: while directory e holds one entry and that is a directory, that one
 * takes e's place under the name e/sub; e's own facts stay, as in tree 2.3.1. A tree
 * in memory is condensed as it is listed. */
static void
condense_chain(struct entry *e)
{
	while (e_child(e) != NULL && e->x->nchild == 1 && e->x->child[0].isdir) {
		struct entry *c = &e->x->child[0];
		size_t a = strlen(e->name), b = strlen(c->name);
		char *name = arena_alloc(&names, a + b + 2, 1);

		memcpy(name, e->name, a);
		name[a] = '/';
		memcpy(name + a + 1, c->name, b + 1);
		e->name = name;
		e->x->condensed += 1 + (c->x != NULL ? c->x->condensed : 0);
		e->x->nchild = e_child(c) != NULL ? c->x->nchild : 0;
		e->x->child = e_child(c);
	}
}

/* Keep entry i of the top frame in the tree, or drop it as --prune says. */
static void
build_keep(struct frame *f, struct entry *e)
{
	f->i++;
	if (opt.prune && e->isdir && !(opt.x && e_dev(e) != root_dev) && e_child(e) == NULL &&
	    !(opt.matchdirs && opt.nppat && pat_any(opt.ppat, opt.nppat, e->name, true)))
		return;
	if (opt.du)
		f->owner->x->size += e_size(e);
	f->ents[f->kept++] = *e;
}

/* The top frame's directory is read: sort what it keeps, hang it under its entry in
 * the arena, and return to the parent. */
static struct entry *
build_leave(void)
{
	struct frame *c = &stack[depth];
	struct entry *owner = c->owner;
	size_t n = c->kept;

	if (n > 0) {
		struct entry *kept = arena_alloc(&names, n * sizeof(*kept), alignof(struct entry));

		sort_entries(c->ents, n);
		memcpy(kept, c->ents, n * sizeof(*kept));
		owner->x->child = kept;
		owner->x->nchild = n;
	}
	c->keep = n == 0 && keep_pushed();
	frame_end(c, n > 0);
	depth--;
	return owner;
}

/* Read the tree under the top frame into memory, depth first, in readdir order. */
static void
build_tree(void)
{
	size_t base = depth;

	for (;;) {
		struct frame *f = &stack[depth];

		if (f->i < f->n) {
			struct entry *e = &f->ents[f->i];

			if (!build_enter(e))
				build_keep(&stack[depth], e);
		} else if (depth > base) {
			struct entry *owner = build_leave();

			build_keep(&stack[depth], owner);
		} else {
			break;
		}
	}
	stack[depth].n = stack[depth].kept;
	stack[depth].i = 0;
	sort_entries(stack[depth].ents, stack[depth].n);
}

/* Trees in memory: descend into the children read before. */
static void
mem_enter(struct entry *e)
{
	struct frame *c = frame_new(e);

	c->ents = e->x->child;
	c->n = e->x->nchild;
	depth++;
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

/* -R: e, a directory of the top frame at the -L limit, gets a page of its own,
 * DIR/00Tree.html, listing it as a directory argument (by its link's target, for a
 * symbolic link -l follows). */
static bool
page_later(const struct entry *e)
{
	const char *link = e_link(e), *path;
	struct stat st;
	char *real;
	size_t n;
	int fd;
	bool inside;

	if (!opt.R || root_real == NULL)
		return false;
	if ((fd = frame_fd(depth)) < 0 || fstatat(fd, e->name, &st, 0) != 0)
		return false;   /* gone: no page, a plain link */
	path = link != NULL && link[0] == '/' ? link : show_path(e, link != NULL);
	/* a link someone planted must not make a run as root write outside the tree */
	n = strlen(root_real);
	real = realpath(path, NULL);
	inside = real != NULL && (strcmp(root_real, "/") == 0 ||
	    (strncmp(real, root_real, n) == 0 && (real[n] == '/' || real[n] == '\0')));
	free(real);
	if (!inside) {
		kwarnx("%s: not under %s: no 00Tree.html written there", path, root_name);
		errors++;
		return false;
	}
	if (npages == cappages) {
		cappages = cappages ? cappages * 2 : 16;
		pages = kreallocarray(pages, cappages, sizeof(*pages));
	}
	pages[npages].path = kstrdup(path);
	pages[npages].dev = st.st_dev;
	pages[npages].ino = st.st_ino;
	npages++;
	return true;
}

/* The line of the next entry of the top frame, and a new frame if it is descended into. */
static void
walk_entry(void)
{
	struct frame *f = &stack[depth];
	struct entry *e = &f->ents[f->i++];
	size_t level = depth + 1, count = 0, before = depth;
	bool last = f->i == f->n;
	const char *link = e_link(e), *shown = e->name;
	enum emark m = MARK_NONE;
	bool paged = false;

	if (opt.condense && mem_mode && link == NULL) {
		condense_chain(e);
		shown = e->name;
	}
	if (opt.hyperlink)
		hyper_dir(pathbuf);
	tot_size += e_size(e);
	if (e->isdir)
		tot_dirs += 1 + (e->x != NULL ? (long)e->x->condensed : 0);
	else
		tot_files++;
	if (opt.f)
		shown = show_path(e, followed(e) && link != NULL && link[0] != '/');
	if (followed(e)) {
		if (mem_mode && link != NULL) {
			/* tree 2.1.0 read every directory before it prints, so it finds each
			 * followed link's target seen before and lists none (fixed in 2.1.1) */
			m = MARK_RECURSIVE;
		} else if (mem_mode) {
			m = e->x != NULL ? e->x->mark : MARK_NONE;
			count = e_child(e) == NULL ? (e->x != NULL ? e->x->nchild : 0) : 0;
			if (e_child(e) != NULL && below_level_limit(level))
				mem_enter(e);
			else if (!below_level_limit(level))
				paged = page_later(e);
		} else if (link != NULL && on_path(e_dev(e), e_ino(e))) {
			m = MARK_RECURSIVE;         /* marked at the -L limit too, as tree 2.1.0 */
		} else if (below_level_limit(level)) {
			m = enter_dir(e, &count);
		} else {
			paged = page_later(e);
		}
	}
	html_paged = paged;
	emit_entry((int)level, shown, e, mark_text(m, count), depth > before, last);
	html_paged = false;
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
		frame_end(f, mem_mode);
		depth--;
	}
}

/* Start the walk of one argument: stack[0] for the directory listed under root. */
static struct frame *
root_frame(struct entry *root)
{
	depth = 0;
	first_open = 1;
	frame_grow();
	memset(&stack[0], 0, sizeof(stack[0]));
	stack[0].fd = -1;
	stack[0].owner = root;
	stack[0].mark = arena_mark(&names);
	return &stack[0];
}

/* Read directory argument name into stack[0] (and, for trees in memory, everything
 * under it). Returns the mark for its line; *count gets the entries read. */
static enum emark
read_root(const char *name, struct entry *info, size_t *count)
{
	struct frame *r = root_frame(info);
	struct stat st;
	int fd;

	*count = 0;
	if (!info->have_st)
		return MARK_OPEN_ERROR;
	if ((fd = open(name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		files_of_unlisted(AT_FDCWD, name, true, true);
		return MARK_OPEN_ERROR;
	}
	if (fstat(fd, &st) == 0) {
		r->dev = st.st_dev;
		r->ino = st.st_ino;
	}
	if (read_dir(fd, r, false) != 0)
		return MARK_OPEN_ERROR;
	*count = r->n;
	if (opt.filelimit > 0 && r->n > (size_t)opt.filelimit) {
		free(r->ents);
		r->ents = NULL;
		r->n = 0;
		return MARK_FILELIMIT;
	}
	if (mem_mode)
		build_tree();
	else
		sort_entries(r->ents, r->n);
	return MARK_NONE;
}

/* tree's handling of one directory argument. */
static void
list_root(const char *arg, bool lastroot, long *dirs, long *files, off_t *dusize)
{
	char *name = kstrdup(arg);
	struct entry info;
	struct einfo infox;
	struct stat st;
	size_t len = strlen(name), count;
	enum emark m;

	if (opt.f)
		while (len > 1 && name[len - 1] == '/')
			name[--len] = '\0';
	memset(&info, 0, sizeof(info));
	memset(&infox, 0, sizeof(infox));
	info.name = name;
	info.x = &infox;
	if (lstat(name, &st) == 0) {
		estat_set(&infox.st, &st);
		info.have_st = true;
		info.mode = st.st_mode;
		infox.size = st.st_size;
		root_dev = st.st_dev;
	}
	if (info.have_st && (opt.selinux || opt.acl))
		xattr_fill(-1, NULL, name, &info, &infox);
	if (opt.hyperlink) {
		hyper_root(arg);
		hyper_dir(name);
	}
	tot_dirs = tot_files = 0;
	tot_size = 0;
	path_set(name);
	root_name = name;
	if (opt.R)
		root_real = realpath(name, NULL);
	m = read_root(name, &info, &count);
	if (opt.format == FMT_SED)
		sed_root(name);
	if (m == MARK_OPEN_ERROR || (m == MARK_FILELIMIT && mem_mode)) {
		/* so tree 2.1.0 shows a file argument, and a directory over --filelimit when
		 * it reads the tree into memory first; it counts both as files */
		emit_entry(0, name, info.have_st ? &info : NULL, mark_text(MARK_OPEN_ERROR, 0),
		    false, lastroot);
		if (m == MARK_OPEN_ERROR && (!info.have_st || S_ISDIR(info.mode)))
			errors++;
		if (info.have_st)
			tot_files++;
		tot_size = infox.size;
	} else {
		bool descend = stack[0].n > 0;

		emit_entry(0, name, &info, mark_text(m, count), descend, lastroot);
		if (m == MARK_FILELIMIT || descend)
			tot_dirs++;
		if (descend) {
			walk_frames();
			emit_close(0, &info, lastroot);
		} else {
			tot_size = infox.size;
		}
	}
	stack[0].keep = stack[0].n == 0 && keep_pushed();
	frame_end(&stack[0], false);
	*dirs += tot_dirs;
	*files += tot_files;
	if (opt.du)
		*dusize += tot_size;
	free(root_real);
	root_real = NULL;
	free(name);
}

/* One listing (a page): every argument, then the report. */
static void
list_page(char **roots, size_t nroots)
{
	long dirs = 0, files = 0;
	off_t dusize = 0;
	size_t i;

	emit_begin();
	for (i = 0; i < nroots; i++)
		list_root(roots[i], i + 1 == nroots, &dirs, &files, &dusize);
	if (!opt.noreport && opt.format != FMT_SED)
		emit_report(dirs, files, dusize);
	emit_end();
}

/* -R: the page of directory dir, made in a temporary file before DIR/00Tree.html is
 * there (so a listing never shows a half-made page), then put in place by rename:
 * a symbolic link or a FIFO put there is refused, a hard link is not written
 * through. */
static void
write_page(const struct page *pg)
{
	char *dir = pg->path, *path = concat(dir, "/00Tree.html"), buf[8192];
	struct katomic a;
	struct stat st;
	FILE *tmp = tmpfile();
	int saved;
	size_t n;

	if (tmp == NULL) {
		kwarn("%s", path);
		errors++;
		free(path);
		return;
	}
	out_flush();
	saved = out_open(fileno(tmp));
	list_page(&dir, 1);
	out_flush();
	out_open(saved);
	if (katomic_open(&a, AT_FDCWD, path, KATOMIC_CREATE, 0666) != 0) {
		errors++;
	} else if (fstat(a.dirfd, &st) != 0 || st.st_dev != pg->dev || st.st_ino != pg->ino) {
		/* a directory on its path was replaced (by a symbolic link, say) */
		kwarnx("%s: not the directory that was listed: not written", path);
		katomic_abort(&a);
		errors++;
	} else if (katomic_begin(&a) != 0) {
		errors++;
	} else {
		rewind(tmp);
		while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0)
			fwrite(buf, 1, n, a.fp);
		if (ferror(tmp)) {
			kwarn("%s", path);
			katomic_abort(&a);
			errors++;
		} else if (katomic_commit(&a, NULL) != 0) {
			errors++;
		}
	}
	fclose(tmp);
	free(path);
}

int
walk_roots(char **roots, size_t nroots)
{
	size_t i;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		rlim_t n = rl.rlim_cur > 24 ? (rl.rlim_cur - 16) / 2 : 2;

		max_open_fds = n < 128 ? (size_t)n : 128;
	}
	mem_mode = opt.du || opt.prune || opt.matchdirs || opt.condense;
	if (mem_mode)
		info_retain();
	list_page(roots, nroots);
	/* -R: each page may ask for more, in the order tree writes them depth first */
	for (i = 0; i < npages; i++) {
		write_page(&pages[i]);
		free(pages[i].path);
	}
	free(pages);
	pages = NULL;
	npages = cappages = 0;
	arena_free(&names);
	free(stack);
	free(pathbuf);
	free(showbuf);
	stack = NULL;
	pathbuf = showbuf = NULL;
	stackcap = pathcap = showcap = 0;
	return errors ? 2 : 0;
}

/* --fromfile: list a tree held in memory under one root line. */
int
walk_pathtree(struct pathtree *t, const char *rootname, bool lastroot, long *dirs, long *files)
{
	struct entry info;
	struct einfo infox;
	struct stat st;
	struct frame *r;

	mem_mode = true;
	info_retain();
	if (opt.info)
		info_pathtree(t);
	tot_dirs = tot_files = 0;
	path_set(rootname);
	if (opt.hyperlink) {
		hyper_root(rootname);
		hyper_dir(rootname);
	}
	if (opt.format == FMT_SED)
		sed_root(rootname);
	memset(&info, 0, sizeof(info));
	memset(&infox, 0, sizeof(infox));
	info.name = (char *)rootname;
	info.x = &infox;
	if (lstat(rootname, &st) == 0) {
		estat_set(&infox.st, &st);
		info.have_st = true;
		info.mode = st.st_mode;
		infox.size = st.st_size;
		if (opt.selinux || opt.acl)
			xattr_fill(-1, NULL, rootname, &info, &infox);
	}
	/* under -x tree compares the list file's device with the entries' (0): no descent */
	root_dev = info.have_st ? st.st_dev : 0;
	r = root_frame(&info);
	/* tree lstat()s the list first and shows a missing one as any missing argument */
	if (!info.have_st)
		errors++;
	/* tree 2.1.0 lists a list it could read as a directory, with nothing in it or not */
	emit_entry(0, rootname, info.have_st ? &info : NULL,
	    info.have_st ? NULL : mark_text(MARK_OPEN_ERROR, 0), info.have_st, lastroot);
	if (info.have_st) {
		r->ents = t->top;
		r->n = t->ntop;
		walk_frames();
		emit_close(0, info.have_st ? &info : NULL, lastroot);
		tot_dirs++;
	}
	frame_end(&stack[0], false);
	*dirs += tot_dirs;
	*files += tot_files;
	return errors ? 2 : 0;
}
