/* slurp.c: the whole of a file or descriptor in memory, with a bound where the caller has one. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanri.h"

int
kslurp(int fd, size_t max, char **buf, size_t *len)
{
	size_t n = 0, cap = 8192;
	char *p = kmalloc(cap);

	for (;;) {
		ssize_t got;

		if (n == cap) {
			if (max > 0 && cap > max) {
				free(p);
				return EFBIG;
			}
			p = kreallocarray(p, cap *= 2, 1);
		}
		got = read(fd, p + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int err = errno;

			free(p);
			return err;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (max > 0 && n > max) {
		free(p);
		return EFBIG;
	}
	/* the last read found n < cap: there is room for the NUL */
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

int
kread_file(int dirfd, const char *path, int oflags, size_t max, char **buf, size_t *len)
{
	struct stat st;
	int fd, err;

	if (strcmp(path, "-") == 0)
		return kslurp(STDIN_FILENO, max, buf, len);
	if ((fd = kopen_regular(dirfd, path, oflags, &st)) == KOPEN_NOTREG)
		return S_ISDIR(st.st_mode) ? EISDIR : KREAD_NOTREG;
	if (fd == KOPEN_SYMLINK)
		return KREAD_SYMLINK;
	if (fd < 0)
		return errno;
	/* a file too large is refused before it is read, one that grows while being read
	 * once it passes the bound */
	if (max > 0 && (unsigned long long)st.st_size > (unsigned long long)max)
		err = EFBIG;
	else
		err = kslurp(fd, max, buf, len);
	close(fd);
	return err;
}

const char *
kread_strerror(int err)
{
	if (err == KREAD_NOTREG)
		return "not a regular file";
	if (err == KREAD_SYMLINK)
		return "is a symbolic link";
	return strerror(err);
}
