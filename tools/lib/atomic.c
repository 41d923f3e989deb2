/* atomic.c: replace a file through a temporary in its directory, so that a reader sees
 * the old file or the new one, an error or a signal leaves the original as it was, and
 * the file replaced is the very file that was read (CONVENTIONS.md, files written in place). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "kanri.h"

#define MAX_LINK_HOPS 40
#define TMP_PREFIX ".kanri."
#define TMP_TRIES 100
#define LOCK_TRIES 1000        /* 10 ms each */

/* The temporaries that exist now, for the signal handler and exit: changed only with
 * the handled signals blocked, so the handler never sees a list half-linked. */
static struct katomic *volatile live;
static const int caught[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM,
	SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF };
#define NCAUGHT (sizeof caught / sizeof caught[0])

static void
remove_live(void)
{
	struct katomic *a;

	for (a = live; a != NULL; a = a->next)
		if (a->tmp != NULL)
			(void)unlinkat(a->dirfd, a->tmp, 0);
}

/* Remove the temporaries, then die of the same signal, as the shell expects. */
static void
on_signal(int sig)
{
	sigset_t set;

	remove_live();
	live = NULL;
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

static void
block_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NCAUGHT; i++)
		sigaddset(&set, caught[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Once, at the first temporary: a signal the caller ignores (nohup) stays ignored. */
static void
install_handlers(void)
{
	static int done;
	struct sigaction sa, old;
	size_t i;

	if (done)
		return;
	done = 1;
	atexit(remove_live);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < NCAUGHT; i++)
		if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(caught[i], &sa, NULL);
}

static void
unlink_live(struct katomic *a)
{
	struct katomic *volatile *p;

	for (p = &live; *p != NULL; p = &(*p)->next)
		if (*p == a) {
			*p = a->next;
			break;
		}
	a->next = NULL;
}

/* The directory that holds path (relative to dirfd), opened; *base is the last
 * component. A path ending in '/' names a directory, which is not ours to replace. */
static int
open_parent(int dirfd, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (slash != NULL && slash[1] == '\0') {
		errno = EISDIR;
		return -1;
	}
	if (slash == NULL) {
		*base = path;
		return openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	*base = slash + 1;
	dir = slash == path ? kstrdup("/") : kstrndup(path, (size_t)(slash - path));
	fd = openat(dirfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	return fd;
}

static char *
read_link(int dirfd, const char *name)
{
	size_t cap = 256;

	for (;;) {
		char *buf = kmalloc(cap);
		ssize_t n = readlinkat(dirfd, name, buf, cap);

		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		cap *= 2;
	}
}

/* Find the file path names: a->dirfd and a->name, following symbolic links by hand when
 * asked (a link may dangle: its target is then created). Returns 0, or an errno value. */
static int
locate(struct katomic *a, int dirfd, const char *path, int flags, struct stat *st)
{
	const char *base;
	char *link = NULL;
	int hops, err;

	for (hops = 0; hops <= MAX_LINK_HOPS; hops++) {
		int pfd = open_parent(dirfd, path, &base);

		err = errno;
		if (a->dirfd >= 0 && dirfd == a->dirfd)
			close(a->dirfd);
		a->dirfd = pfd;
		free(a->name);
		a->name = pfd >= 0 ? kstrdup(base) : NULL;
		free(link);
		link = NULL;
		if (pfd < 0)
			return err;
		if (fstatat(pfd, a->name, st, AT_SYMLINK_NOFOLLOW) != 0)
			return errno;
		if (!S_ISLNK(st->st_mode))
			return 0;
		if (!(flags & KATOMIC_FOLLOW))
			return ELOOP;
		if ((link = read_link(pfd, a->name)) == NULL)
			return errno;
		dirfd = pfd;
		path = link;
	}
	free(link);
	return ELOOP;
}

static void
release(struct katomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	if (a->dirfd >= 0)
		close(a->dirfd);
	free(a->name);
	a->fd = a->dirfd = -1;
	a->name = NULL;
}

int
katomic_open(struct katomic *a, int dirfd, const char *path, int flags, mode_t mode)
{
	struct stat lst;
	int err;

	memset(a, 0, sizeof *a);
	a->fd = a->dirfd = -1;
	a->shown = path;
	a->mode = mode & 07777;
	if ((err = locate(a, dirfd, path, flags, &lst)) == ENOENT && a->dirfd >= 0 &&
	    (flags & KATOMIC_CREATE))
		return 0;
	if (err == ELOOP && !(flags & KATOMIC_FOLLOW)) {
		kwarnx("%s: is a symbolic link", path);
		goto fail;
	}
	if (err != 0) {
		errno = err;
		kwarn("%s", path);
		goto fail;
	}
	if (!S_ISREG(lst.st_mode)) {
		kwarnx("%s: not a regular file", path);
		goto fail;
	}
	if ((a->fd = kopen_regular(a->dirfd, a->name, O_NOFOLLOW, &a->st)) == KOPEN_NOTREG) {
		kwarnx("%s: not a regular file", path);
		goto fail;
	}
	if (a->fd == KOPEN_SYMLINK) {
		kwarnx("%s: is a symbolic link", path);
		goto fail;
	}
	if (a->fd < 0) {
		kwarn("%s", path);
		goto fail;
	}
	a->mode = a->st.st_mode & 07777;
	return 0;
fail:
	release(a);
	return -1;
}

static void
tmp_name(char *buf)
{
	static const char digits[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	static unsigned long long state;
	struct timespec ts;
	size_t i;

	clock_gettime(CLOCK_REALTIME, &ts);
	state ^= (unsigned long long)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^
	    (unsigned long long)ts.tv_sec ^ (unsigned long long)getpid() << 32;
	memcpy(buf, TMP_PREFIX, sizeof TMP_PREFIX - 1);
	for (i = sizeof TMP_PREFIX - 1; i < KATOMIC_TMPLEN - 1; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		buf[i] = digits[state % (sizeof digits - 1)];
	}
	buf[i] = '\0';
}

int
katomic_begin(struct katomic *a)
{
	sigset_t old;
	int fd = -1, tries;

	install_handlers();
	for (tries = 0; fd < 0 && tries < TMP_TRIES; tries++) {
		tmp_name(a->tmpbuf);
		block_signals(&old);
		fd = openat(a->dirfd, a->tmpbuf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_NOCTTY | O_CLOEXEC, 0600);
		if (fd >= 0) {
			a->tmp = a->tmpbuf;
			a->next = live;
			live = a;
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		kwarn("%s: cannot create temporary file", a->shown);
		katomic_abort(a);
		return -1;
	}
	if ((a->fp = fdopen(fd, "w")) == NULL) {
		kwarn("%s", a->shown);
		close(fd);
		katomic_abort(a);
		return -1;
	}
	return 0;
}

static int
same_file(const struct stat *x, const struct stat *y)
{
	return x->st_dev == y->st_dev && x->st_ino == y->st_ino && x->st_size == y->st_size &&
	    x->st_mtim.tv_sec == y->st_mtim.tv_sec && x->st_mtim.tv_nsec == y->st_mtim.tv_nsec;
}

/* The names of fd's extended attributes, NUL-separated; *len 0 where it has none or the
 * file system keeps none. Returns NULL with errno set on failure. */
static char *
xattr_names(int fd, ssize_t *len)
{
	char *buf = NULL;
	ssize_t n;

	for (;;) {
		if ((n = flistxattr(fd, NULL, 0)) < 0) {
			if (errno != ENOTSUP)
				return NULL;
			n = 0;
		}
		buf = kreallocarray(buf, (size_t)n + 1, 1);
		if (n == 0 || (n = flistxattr(fd, buf, (size_t)n)) >= 0)
			break;
		if (errno != ERANGE) {
			free(buf);
			return NULL;
		}
	}
	*len = n;
	return buf;
}

/* An attribute's value; NULL with errno set (ENODATA: fd has no such attribute). */
static char *
xattr_value(int fd, const char *name, ssize_t *len)
{
	char *buf = NULL;
	ssize_t n;

	for (;;) {
		if ((n = fgetxattr(fd, name, NULL, 0)) < 0)
			return NULL;
		buf = kreallocarray(buf, (size_t)n + 1, 1);
		if ((n = fgetxattr(fd, name, buf, (size_t)n)) >= 0)
			break;
		if (errno != ERANGE) {
			free(buf);
			return NULL;
		}
	}
	*len = n;
	return buf;
}

static int
has_name(const char *names, ssize_t len, const char *name)
{
	const char *p;

	for (p = names; p < names + len; p += strlen(p) + 1)
		if (strcmp(p, name) == 0)
			return 1;
	return 0;
}

/* Give the temporary every extended attribute of the original (POSIX ACLs and the
 * SELinux label are kept there) and none other. */
static int
copy_xattrs(struct katomic *a, int to)
{
	char *from_names, *to_names = NULL, *p;
	ssize_t flen, tlen;
	int rc = -1;

	if ((from_names = xattr_names(a->fd, &flen)) == NULL) {
		kwarn("%s: cannot read extended attributes", a->shown);
		return -1;
	}
	for (p = from_names; p < from_names + flen; p += strlen(p) + 1) {
		ssize_t vlen, have_len;
		char *v = xattr_value(a->fd, p, &vlen), *have;
		int same;

		if (v == NULL) {
			if (errno == ENODATA)
				continue;
			kwarn("%s: cannot read extended attribute %s", a->shown, p);
			goto out;
		}
		have = xattr_value(to, p, &have_len);
		same = have != NULL && have_len == vlen && memcmp(have, v, (size_t)vlen) == 0;
		free(have);
		if (!same && fsetxattr(to, p, v, (size_t)vlen, 0) != 0) {
			kwarn("%s: cannot keep extended attribute %s", a->shown, p);
			free(v);
			goto out;
		}
		free(v);
	}
	if ((to_names = xattr_names(to, &tlen)) == NULL) {
		kwarn("%s: cannot read extended attributes", a->shown);
		goto out;
	}
	for (p = to_names; p < to_names + tlen; p += strlen(p) + 1)
		if (!has_name(from_names, flen, p) && fremovexattr(to, p) != 0 &&
		    errno != ENODATA) {
			kwarn("%s: cannot remove extended attribute %s", a->shown, p);
			goto out;
		}
	rc = 0;
out:
	free(from_names);
	free(to_names);
	return rc;
}

/* Owner first (chown clears set-id bits and file capabilities), then the attributes
 * (an ACL sets the group bits), then the mode; all after the last write, which would
 * clear a capability again. */
static int
copy_metadata(struct katomic *a, int to)
{
	struct stat tst;

	if (a->fd >= 0) {
		if (fstat(to, &tst) != 0) {
			kwarn("%s", a->shown);
			return -1;
		}
		if ((tst.st_uid != a->st.st_uid || tst.st_gid != a->st.st_gid) &&
		    fchown(to, a->st.st_uid, a->st.st_gid) != 0) {
			kwarn("%s: cannot keep owner and group", a->shown);
			return -1;
		}
		if (copy_xattrs(a, to) != 0)
			return -1;
	}
	if (fchmod(to, a->mode) != 0) {
		kwarn("%s: cannot keep mode", a->shown);
		return -1;
	}
	return 0;
}

/* Whether the file at a->name is still the one that was read, or still absent. */
static int
unchanged(const struct katomic *a)
{
	struct stat now, fdnow;

	if (fstatat(a->dirfd, a->name, &now, AT_SYMLINK_NOFOLLOW) != 0)
		return a->fd < 0 && errno == ENOENT;
	return a->fd >= 0 && fstat(a->fd, &fdnow) == 0 && same_file(&now, &a->st) &&
	    same_file(&fdnow, &a->st);
}

/* FILE.SUFFIX becomes a second name of the original: linked under a temporary name,
 * checked to be the file that was read, then renamed, so that a failure leaves an older
 * FILE.SUFFIX as it was. */
static int
make_backup(struct katomic *a, const char *suffix)
{
	size_t len = strlen(a->name) + strlen(suffix) + 1;
	char *bak = kmalloc(len), tmp[KATOMIC_TMPLEN];
	struct stat st;
	int rc = -1, tries = 0;

	snprintf(bak, len, "%s%s", a->name, suffix);
	for (;;) {
		tmp_name(tmp);
		if (linkat(a->dirfd, a->name, a->dirfd, tmp, 0) == 0)
			break;
		if (errno != EEXIST || ++tries == TMP_TRIES) {
			kwarn("%s%s", a->shown, suffix);
			free(bak);
			return -1;
		}
	}
	if (fstatat(a->dirfd, tmp, &st, AT_SYMLINK_NOFOLLOW) != 0)
		kwarn("%s%s", a->shown, suffix);
	else if (!same_file(&st, &a->st))
		kwarnx("%s: changed while being edited", a->shown);
	else if (renameat(a->dirfd, tmp, a->dirfd, bak) != 0)
		kwarn("%s%s", a->shown, suffix);
	else
		rc = 0;
	if (rc != 0)
		(void)unlinkat(a->dirfd, tmp, 0);
	free(bak);
	return rc;
}

/* Commits of one file by several kanri runs (cron and a hand) take turns, so that the
 * later one sees that the file changed; bounded, since the file's owner can hold the
 * lock too. */
static int
lock_original(const struct katomic *a)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < LOCK_TRIES; i++) {
		if (flock(a->fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return errno == ENOLCK || errno == EINVAL ? 0 : -1;
		nanosleep(&pause, NULL);
	}
	errno = EWOULDBLOCK;
	return -1;
}

/* rename(2) over the original; a new file is linked in, so that nothing made meanwhile
 * under its name is replaced. */
static int
put_in_place(struct katomic *a)
{
	sigset_t old;
	int rc;

	block_signals(&old);
	if (a->fd >= 0) {
		rc = renameat(a->dirfd, a->tmp, a->dirfd, a->name);
	} else if ((rc = linkat(a->dirfd, a->tmp, a->dirfd, a->name, 0)) == 0) {
		(void)unlinkat(a->dirfd, a->tmp, 0);
	}
	if (rc == 0) {
		a->tmp = NULL;
		unlink_live(a);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int
katomic_commit(struct katomic *a, const char *backup_suffix)
{
	sigset_t old;
	int failed;

	failed = fflush(a->fp) != 0 || ferror(a->fp);
	if (failed)
		kwarn("%s", a->shown);
	else if (copy_metadata(a, fileno(a->fp)) != 0)
		failed = 1;
	else if (fsync(fileno(a->fp)) != 0 && errno != EINVAL)
		failed = 1, kwarn("%s", a->shown);
	if (fclose(a->fp) != 0 && !failed)
		failed = 1, kwarn("%s", a->shown);
	a->fp = NULL;
	if (failed)
		goto fail;
	if (a->fd >= 0 && lock_original(a) != 0) {
		kwarn("%s: cannot lock", a->shown);
		goto fail;
	}
	if (!unchanged(a)) {
		kwarnx("%s: changed while being edited", a->shown);
		goto fail;
	}
	/* a signal from here on would leave the backup's temporary name behind */
	block_signals(&old);
	if (a->fd >= 0 && backup_suffix != NULL && *backup_suffix != '\0' &&
	    make_backup(a, backup_suffix) != 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		goto fail;
	}
	if (put_in_place(a) != 0) {
		if (errno == EEXIST)
			kwarnx("%s: changed while being edited", a->shown);
		else
			kwarn("%s", a->shown);
		sigprocmask(SIG_SETMASK, &old, NULL);
		goto fail;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	(void)fsync(a->dirfd);
	release(a);
	return 0;
fail:
	katomic_abort(a);
	return -1;
}

void
katomic_abort(struct katomic *a)
{
	sigset_t old;

	if (a->fp != NULL)
		fclose(a->fp);
	a->fp = NULL;
	if (a->tmp != NULL) {
		block_signals(&old);
		(void)unlinkat(a->dirfd, a->tmp, 0);
		a->tmp = NULL;
		unlink_live(a);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	release(a);
}
