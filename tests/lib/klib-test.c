/* klib-test.c: a driver for tests/lib.bats, so that tools/lib's shared pieces are tested
 * on their own: kbuf, kread_file, kdir_read and kname, one subcommand each. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kanri.h"
#include "kbuf.h"

static const char usage[] =
    "usage: klib-test buf N | read FILE [MAX] | dir DIR [nohidden] [unsorted] | name FILE\n";

/* Build "0 1 2 ... N-1\n" with every kind of append, from a small buffer up, and check
 * what each step promises. */
static int
test_buf(long long n)
{
	struct kbuf b = KBUF_INIT, c = KBUF_INIT;
	size_t len;
	long long i;
	char *s;

	for (i = 0; i < n; i++) {
		switch (i % 4) {
		case 0:
			kbuf_printf(&b, "%lld", i);
			break;
		case 1:
			kbuf_reset(&c);
			kbuf_printf(&c, "%lld", i);
			kbuf_add(&b, c.p, c.len);
			break;
		case 2:
			kbuf_reset(&c);
			kbuf_printf(&c, "%lldxyz", i);
			kbuf_truncate(&c, c.len - 3);
			kbuf_addstr(&b, c.p);
			break;
		default:
			kbuf_reset(&c);
			kbuf_printf(&c, "%lld", i);
			for (len = 0; len < c.len; len++)
				kbuf_addc(&b, c.p[len]);
			break;
		}
		kbuf_addc(&b, i + 1 < n ? ' ' : '\n');
		if (b.p[b.len] != '\0' || b.len >= b.cap)
			kerrx(1, "buf: no NUL after the contents");
	}
	kbuf_free(&c);
	s = kbuf_detach(&b, &len);
	if (b.p != NULL || b.len != 0 || b.cap != 0 || strlen(s) != len)
		kerrx(1, "buf: detach left something behind");
	if (fwrite(s, 1, len, stdout) != len)
		kwrite_failed();
	free(s);
	return 0;
}

static int
test_read(const char *path, const char *maxarg)
{
	const char *errstr;
	size_t max = 0, len;
	char *buf;
	int err;

	if (maxarg != NULL) {
		max = (size_t)kstrtonum(maxarg, 0, 1 << 30, &errstr);
		if (errstr != NULL)
			kerrx(2, "MAX is %s", errstr);
	}
	if ((err = kread_file(AT_FDCWD, path, O_NOFOLLOW, max, &buf, &len)) != 0) {
		kwarnx("%s: %s", kname(path), kread_strerror(err));
		return 2;
	}
	if (buf[len] != '\0')
		kerrx(1, "read: no NUL after the contents");
	if (fwrite(buf, 1, len, stdout) != len)
		kwrite_failed();
	free(buf);
	return 0;
}

/* The entries, twice from the same descriptor: it must stay open and read again whole. */
static int
test_dir(const char *path, int flags)
{
	struct kdir d;
	size_t i;
	int fd, err, round, status = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		kerr(2, "%s", path);
	for (round = 0; round < 2; round++) {
		if ((err = kdir_read(fd, flags, &d)) != 0) {
			errno = err;
			kwarn("%s", path);
			status = 2;
		}
		for (i = 0; round == 0 && i < d.n; i++) {
			if (strlen(d.ent[i].name) != d.ent[i].len)
				kerrx(1, "dir: len is not the name's length");
			printf("%c %s\n", d.ent[i].type == DT_DIR ? 'd' :
			    d.ent[i].type == DT_UNKNOWN ? '?' : '-', d.ent[i].name);
		}
		if (round == 1)
			printf("again: %zu\n", d.n);
		kdir_free(&d);
	}
	close(fd);
	return status;
}

int
main(int argc, char **argv)
{
	const char *errstr;
	int flags = 0, i;

	kanri_init("klib-test", argv);
	if (argc < 3)
		kusage_error(usage, NULL);
	if (strcmp(argv[1], "buf") == 0) {
		long long n = kstrtonum(argv[2], 0, 10000000, &errstr);

		if (errstr != NULL)
			kusage_error(usage, "N is %s", errstr);
		return kclose_stdout(test_buf(n));
	}
	if (strcmp(argv[1], "read") == 0)
		return kclose_stdout(test_read(argv[2], argc > 3 ? argv[3] : NULL));
	if (strcmp(argv[1], "dir") == 0) {
		for (i = 3; i < argc; i++)
			flags |= strcmp(argv[i], "nohidden") == 0 ? KDIR_NOHIDDEN :
			    strcmp(argv[i], "unsorted") == 0 ? KDIR_UNSORTED : 0;
		return kclose_stdout(test_dir(argv[2], flags));
	}
	if (strcmp(argv[1], "name") == 0) {
		puts(kname(argv[2]));
		return kclose_stdout(0);
	}
	kusage_error(usage, "%s: no such test", argv[1]);
}
