/* openreg.c: open a regular file for reading without ever blocking on what is not one. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kanri.h"

/* The kernel's lease-break-time is 45 s by default: past it the lease is gone. */
#define LEASE_WAIT_TRIES 6000  /* 10 ms each */

/* O_NONBLOCK keeps a FIFO or a device put in a file's place from hanging the tool; on a
 * leased file it fails with EWOULDBLOCK while the lease is being broken, so try again. */
int
kopen_regular(int dirfd, const char *path, int oflags, struct stat *st)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int fd, tries = 0;

	while ((fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | oflags)) < 0 &&
	    (errno == EWOULDBLOCK || errno == EINTR) && ++tries < LEASE_WAIT_TRIES)
		nanosleep(&pause, NULL);
	if (fd < 0)
		return errno == ELOOP && (oflags & O_NOFOLLOW) ? KOPEN_SYMLINK : -1;
	/* O_NONBLOCK in oflags: the caller keeps it (reads of a regular file ignore it) and
	 * saves two system calls a file, which -r over thousands of files notices. */
	if (fstat(fd, st) != 0 || (!(oflags & O_NONBLOCK) &&
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0)) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return KOPEN_NOTREG;
	}
	return fd;
}
