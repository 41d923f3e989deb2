/* dir.c: the names in a directory, read to the end or reported, sorted by bytes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kanri.h"
#include "kbuf.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct kdirent *)a)->name, ((const struct kdirent *)b)->name);
}

int
kdir_read(int fd, int flags, struct kdir *d)
{
	struct kbuf pool = KBUF_INIT;
	struct dirent *de;
	size_t cap = 0, i, off;
	DIR *dp;
	int copy, err = 0;

	d->ent = NULL;
	d->n = 0;
	d->pool = NULL;
	/* a duplicate of the descriptor, so that closedir leaves the caller's open */
	if ((copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return errno;
	if ((dp = fdopendir(copy)) == NULL) {
		err = errno;
		close(copy);
		return err;
	}
	rewinddir(dp);
	for (;;) {
		const char *nm;
		size_t len;

		errno = 0;
		if ((de = readdir(dp)) == NULL) {
			err = errno;
			break;
		}
		nm = de->d_name;
		if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))
			continue;
		if ((flags & KDIR_NOHIDDEN) && nm[0] == '.')
			continue;
		if (d->n == cap) {
			cap = cap ? cap + cap / 2 : 16;
			d->ent = kreallocarray(d->ent, cap, sizeof(*d->ent));
		}
		len = strlen(nm);
		d->ent[d->n].len = len;
		d->ent[d->n].type = de->d_type;
		d->n++;
		kbuf_add(&pool, nm, len + 1);
	}
	closedir(dp);
	/* the pool may have moved while it grew: name the entries only now */
	d->pool = kbuf_detach(&pool, NULL);
	for (i = 0, off = 0; i < d->n; i++) {
		d->ent[i].name = d->pool + off;
		off += d->ent[i].len + 1;
	}
	if (!(flags & KDIR_UNSORTED) && d->n > 1)
		qsort(d->ent, d->n, sizeof(*d->ent), by_name);
	return err;
}

void
kdir_free(struct kdir *d)
{
	free(d->ent);
	free(d->pool);
	d->ent = NULL;
	d->pool = NULL;
	d->n = 0;
}
