/* atomic.c: replace a file through a temporary in its directory, so a reader sees the
 * old file or the new one and an error leaves the original as it was. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanri.h"

#define MAX_LINK_HOPS 40

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return kstrdup(".");
	if (slash == path)
		return kstrdup("/");
	return kstrndup(path, (size_t)(slash - path));
}

/* Follow symlinks by hand (realpath(3) refuses dangling ones, which we may create). */
static char *
resolve_links(const char *path)
{
	char *cur = kstrdup(path);
	struct stat st;
	int hops;

	for (hops = 0; hops < MAX_LINK_HOPS; hops++) {
		char *buf, *next;
		ssize_t n;
		size_t cap = 256;

		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		for (;;) {
			buf = kmalloc(cap);
			n = readlink(cur, buf, cap);
			if (n < 0) {
				free(buf);
				return cur;
			}
			if ((size_t)n < cap)
				break;
			free(buf);
			cap *= 2;
		}
		buf[n] = '\0';
		if (buf[0] == '/') {
			next = buf;
		} else {
			char *dir = dir_of(cur);
			size_t len = strlen(dir) + 1 + (size_t)n + 1;

			next = kmalloc(len);
			snprintf(next, len, "%s/%s", dir, buf);
			free(dir);
			free(buf);
		}
		free(cur);
		cur = next;
	}
	errno = ELOOP;
	kwarn("%s", path);
	free(cur);
	return NULL;
}

int
katomic_open(struct katomic *a, const char *path, mode_t mode)
{
	struct stat st;
	char *dir;
	size_t len;
	int fd, exists;

	a->target = NULL;
	a->tmp = NULL;
	a->fp = NULL;
	if ((a->target = resolve_links(path)) == NULL)
		return -1;
	exists = stat(a->target, &st) == 0;
	if (!exists && errno != ENOENT) {
		kwarn("%s", path);
		goto fail;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		kwarnx("%s: not a regular file", path);
		goto fail;
	}
	dir = dir_of(a->target);
	len = strlen(dir) + sizeof "/.kanri.XXXXXX";
	a->tmp = kmalloc(len);
	snprintf(a->tmp, len, "%s/.kanri.XXXXXX", dir);
	free(dir);
	if ((fd = mkstemp(a->tmp)) < 0) {
		kwarn("%s: cannot create temporary file", path);
		free(a->tmp);
		a->tmp = NULL;
		goto fail;
	}
	if (exists) {
		/* Only root may give a file away; a failed chown keeps our owner. */
		if (fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
			goto fail_fd;
		if (fchmod(fd, st.st_mode & 07777) != 0)
			goto fail_fd;
	} else if (fchmod(fd, mode & 07777) != 0) {
		goto fail_fd;
	}
	if ((a->fp = fdopen(fd, "w")) == NULL)
		goto fail_fd;
	return 0;
fail_fd:
	kwarn("%s", a->tmp);
	close(fd);
	unlink(a->tmp);
	free(a->tmp);
	a->tmp = NULL;
fail:
	free(a->target);
	a->target = NULL;
	return -1;
}

static int
make_backup(const char *target, const char *suffix)
{
	size_t len = strlen(target) + strlen(suffix) + 1;
	char *bak = kmalloc(len);
	int rc = 0;

	snprintf(bak, len, "%s%s", target, suffix);
	if (unlink(bak) != 0 && errno != ENOENT) {
		kwarn("%s", bak);
		rc = -1;
	} else if (link(target, bak) != 0 && errno != ENOENT) {
		kwarn("%s", bak);
		rc = -1;
	}
	free(bak);
	return rc;
}

static void
sync_dir(const char *target)
{
	char *dir = dir_of(target);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int
katomic_commit(struct katomic *a, const char *backup_suffix)
{
	int failed = 0;

	if (fflush(a->fp) != 0 || ferror(a->fp) || fsync(fileno(a->fp)) != 0)
		failed = 1;
	if (fclose(a->fp) != 0)
		failed = 1;
	a->fp = NULL;
	if (failed) {
		kwarn("%s", a->target);
		katomic_abort(a);
		return -1;
	}
	if (backup_suffix != NULL && *backup_suffix != '\0' &&
	    make_backup(a->target, backup_suffix) != 0) {
		katomic_abort(a);
		return -1;
	}
	if (rename(a->tmp, a->target) != 0) {
		kwarn("%s", a->target);
		katomic_abort(a);
		return -1;
	}
	sync_dir(a->target);
	free(a->tmp);
	a->tmp = NULL;
	free(a->target);
	a->target = NULL;
	return 0;
}

void
katomic_abort(struct katomic *a)
{
	if (a->fp != NULL)
		fclose(a->fp);
	a->fp = NULL;
	if (a->tmp != NULL)
		unlink(a->tmp);
	free(a->tmp);
	a->tmp = NULL;
	free(a->target);
	a->target = NULL;
}
