/* slurp.c: the whole of a descriptor in memory, with a bound where the caller has one. */
#include <errno.h>
#include <stdlib.h>
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
	*buf = p;
	*len = n;
	return 0;
}
