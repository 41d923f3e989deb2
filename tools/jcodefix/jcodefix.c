/* jcodefix: make old Perl CGI libraries (jcode.pl, cgi-lib.pl) run on modern Perl. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanri.h"
#include "kbuf.h"
#include "fix.h"

static const char usage[] =
    "usage: jcodefix [-lnrv] [-i[SUFFIX]] [--check] [--inc] [file ...]\n"
    "  -i, --in-place[=SUFFIX]  edit the files in place; keep each original as FILE.SUFFIX\n"
    "  -n, --diff               print a unified diff (for patch -p0), change nothing\n"
    "  -l, --list               print the names of the files that need changes\n"
    "      --check              exit 1 if any file needs changes, change nothing\n"
    "      --inc                also turn require 'x.pl' and do 'x.pl' into './x.pl'\n"
    "  -r, --recursive          take the Perl files (*.pl *.pm *.cgi, #! perl) in directories\n"
    "  -v, --verbose            print each change as file:line: old -> new on stderr\n"
    "  -h, --help               print this help and exit\n"
    "      --version            print the version and exit\n";

enum mode { M_FILTER, M_INPLACE, M_DIFF, M_LIST };

static enum mode mode = M_FILTER;
static int check, list, recursive, verbose;
static const char *backup_suffix;
static struct jcf_opts opts;
static int status;              /* 2 once an error happened */
static int found;               /* some file needs changes */
static int warned;              /* some file has a fatal construct left as it is */

/* Where one file's bytes come from and go. */
struct job {
	const char *name;
	int fd;
	int dirfd;              /* the file's directory, for --inc (AT_FDCWD: see dir) */
	char *dir;              /* with AT_FDCWD: the directory part of name, or NULL */
	const char *mem;        /* in-memory input (for --diff, and --inc from a pipe) */
	char *slurped;          /* what mem points to, if run read it */
	size_t memlen, mempos;
	FILE *out;              /* in-place temporary */
	struct kbuf out_mem;    /* in-memory output (for --diff) */
};

static ssize_t
read_fd(void *ctx, char *buf, size_t n)
{
	struct job *j = ctx;
	ssize_t r;

	do
		r = read(j->fd, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}

static ssize_t
read_mem(void *ctx, char *buf, size_t n)
{
	struct job *j = ctx;

	if (n > j->memlen - j->mempos)
		n = j->memlen - j->mempos;
	memcpy(buf, j->mem + j->mempos, n);
	j->mempos += n;
	return (ssize_t)n;
}

static int
write_stdout(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	if (fwrite(p, 1, n, stdout) != n)
		kwrite_failed();
	return 0;
}

static int
write_file(void *ctx, const char *p, size_t n)
{
	struct job *j = ctx;

	return fwrite(p, 1, n, j->out) == n ? 0 : -1;
}

static int
write_mem(void *ctx, const char *p, size_t n)
{
	struct job *j = ctx;

	kbuf_add(&j->out_mem, p, n);
	return 0;
}

static void
on_edit(void *ctx, const struct jcf_edit *e)
{
	struct job *j = ctx;

	if (verbose) {
		fflush(stdout);
		fprintf(stderr, "%s: %s:%lu: %s -> %s\n", kanri_progname, kname(j->name), e->line,
		    e->show_old, e->show_new);
	}
}

static void
on_warn(void *ctx, unsigned long line, const char *msg)
{
	struct job *j = ctx;

	fflush(stdout);
	fprintf(stderr, "%s: %s:%lu: warning: %s\n", kanri_progname, kname(j->name), line, msg);
	warned = 1;
}

/* --inc: is path, relative to the directory of the file being fixed, a regular file? */
static int
on_exists(void *ctx, const char *path)
{
	struct job *j = ctx;
	struct stat st;
	char *full = NULL;
	int rc;

	if (j->dir != NULL && path[0] != '/') {
		size_t len = strlen(j->dir) + strlen(path) + 2;

		full = kmalloc(len);
		snprintf(full, len, "%s/%s", j->dir, path);
	}
	rc = fstatat(j->dirfd, full != NULL ? full : path, &st, 0) == 0 && S_ISREG(st.st_mode);
	free(full);
	return rc;
}

struct lines {
	const char **start;
	size_t *len;            /* bytes, newline included */
	size_t n;
};

static void
split_lines(const char *buf, size_t size, struct lines *l)
{
	size_t i = 0, cap = 64;

	l->start = kreallocarray(NULL, cap, sizeof *l->start);
	l->len = kreallocarray(NULL, cap, sizeof *l->len);
	l->n = 0;
	while (i < size) {
		const char *nl = memchr(buf + i, '\n', size - i);
		size_t end = nl != NULL ? (size_t)(nl - buf) + 1 : size;

		if (l->n == cap) {
			cap *= 2;
			l->start = kreallocarray(l->start, cap, sizeof *l->start);
			l->len = kreallocarray(l->len, cap, sizeof *l->len);
		}
		l->start[l->n] = buf + i;
		l->len[l->n] = end - i;
		l->n++;
		i = end;
	}
}

static int
same_line(const struct lines *a, const struct lines *b, size_t i)
{
	return a->len[i] == b->len[i] && memcmp(a->start[i], b->start[i], a->len[i]) == 0;
}

static void
diff_line(char tag, const struct lines *l, size_t i)
{
	putchar(tag);
	fwrite(l->start[i], 1, l->len[i], stdout);
	if (l->len[i] == 0 || l->start[i][l->len[i] - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", stdout);
}

#define CONTEXT 3

/* Print one hunk covering lines [from, to) of both (they have as many lines). */
static void
diff_hunk(const struct lines *a, const struct lines *b, size_t from, size_t to)
{
	size_t i, k;

	printf("@@ -%zu,%zu +%zu,%zu @@\n", from + 1, to - from, from + 1, to - from);
	for (i = from; i < to;) {
		if (same_line(a, b, i)) {
			diff_line(' ', a, i++);
			continue;
		}
		for (k = i; k < to && !same_line(a, b, k); k++)
			diff_line('-', a, k);
		for (k = i; k < to && !same_line(a, b, k); k++)
			diff_line('+', b, k);
		i = k;
	}
}

/* A unified diff; the edits never add or remove a newline, so lines pair up. */
static void
print_diff(const char *name, const char *old, size_t oldlen, const char *new, size_t newlen)
{
	struct lines a, b;
	size_t i = 0;

	split_lines(old, oldlen, &a);
	split_lines(new, newlen, &b);
	printf("--- %s\n+++ %s\n", name, name);
	if (a.n != b.n) {
		printf("@@ -1,%zu +1,%zu @@\n", a.n, b.n);
		for (i = 0; i < a.n; i++)
			diff_line('-', &a, i);
		for (i = 0; i < b.n; i++)
			diff_line('+', &b, i);
	}
	while (a.n == b.n && i < a.n) {
		size_t first, last, from, to;

		while (i < a.n && same_line(&a, &b, i))
			i++;
		if (i == a.n)
			break;
		first = last = i;
		for (i = first + 1; i < a.n; i++) {
			if (same_line(&a, &b, i))
				continue;
			if (i - last > 2 * CONTEXT)
				break;
			last = i;
		}
		from = first > CONTEXT ? first - CONTEXT : 0;
		to = last + 1 + CONTEXT < a.n ? last + 1 + CONTEXT : a.n;
		diff_hunk(&a, &b, from, to);
		i = last + 1;
	}
	free(a.start);
	free(a.len);
	free(b.start);
	free(b.len);
}

/* --inc: collect the file's own @INC changes, then go back to where it started. A
 * file that cannot seek (a pipe) is read into memory for both passes. */
static int
scan_inc(struct job *j, lex_read_fn *rd, struct inc_dirs *dirs)
{
	off_t at;
	int err;

	if (*rd == read_mem) {
		if (inc_scan(read_mem, j, dirs) != 0)
			return -1;
		j->mempos = 0;
		return 0;
	}
	if ((at = lseek(j->fd, 0, SEEK_CUR)) >= 0) {
		if (inc_scan(read_fd, j, dirs) != 0)
			return -1;
		return lseek(j->fd, at, SEEK_SET) < 0 ? -1 : 0;
	}
	if ((err = kslurp(j->fd, 0, &j->slurped, &j->memlen)) != 0) {
		errno = err;
		return -1;
	}
	j->mem = j->slurped;
	j->mempos = 0;
	*rd = read_mem;
	return scan_inc(j, rd, dirs);
}

static int
run(struct job *j, lex_read_fn rd, lex_write_fn wr, unsigned long *nedits)
{
	struct jcf_hooks h = { j, wr, on_edit, on_warn, on_exists };
	struct jcf_opts o = opts;
	struct inc_dirs dirs;
	int rc;

	memset(&dirs, 0, sizeof dirs);
	if (opts.inc) {
		if (scan_inc(j, &rd, &dirs) != 0) {
			kwarn("%s", kname(j->name));
			inc_free(&dirs);
			return -1;
		}
		o.incdirs = &dirs;
	}
	rc = jcf_run(rd, j, &h, &o, nedits);
	if (rc == -1)
		kwarn("%s", kname(j->name));
	inc_free(&dirs);
	free(j->slurped);
	j->slurped = NULL;
	return rc;
}

/* Edit one file through the descriptors katomic_open found it by: what is replaced is
 * what was read. A named operand may be a symlink to its file; a file found by -r may not. */
static void
fix_in_place(struct job *j, int dirfd, const char *path, int flags)
{
	struct katomic a;
	unsigned long n = 0;
	int rc;

	if (katomic_open(&a, dirfd, path, flags, 0) != 0 || katomic_begin(&a) != 0) {
		status = 2;
		return;
	}
	j->fd = a.fd;
	j->out = a.fp;
	rc = run(j, read_fd, write_file, &n);
	if (rc == -2)
		kwarn("%s: temporary file", kname(j->name));
	if (rc != 0) {
		katomic_abort(&a);
		status = 2;
	} else if (n == 0) {
		katomic_abort(&a);
	} else if (katomic_commit(&a, backup_suffix) != 0) {
		status = 2;
	} else {
		found = 1;
	}
}

static void
show_diff(struct job *j)
{
	unsigned long n = 0;
	char *in = NULL;
	int err = kslurp(j->fd, 0, &in, &j->memlen);

	if (err != 0) {
		errno = err;
		kwarn("%s", kname(j->name));
		status = 2;
		return;
	}
	j->mem = in;
	if (run(j, read_mem, write_mem, &n) != 0) {
		status = 2;
	} else if (n > 0) {
		found = 1;
		print_diff(j->name, in, j->memlen, j->out_mem.p ? j->out_mem.p : "", j->out_mem.len);
	}
	free(in);
	kbuf_free(&j->out_mem);
}

/* -l and --check: a regular file in which jcf_may_need finds nothing cannot need the
 * lexer (most of a library does not): a quick read, as grep's, decides. The file
 * offset stays where it was. On any doubt (a pipe, a read error) the answer is yes. */
static int
may_need(int fd, const struct stat *opened)
{
	static char *buf;       /* scratch, kept from one file to the next */
	const size_t size = 1 << 18;
	struct stat st;
	off_t pos = 0;

	if (opened != NULL)
		st = *opened;   /* just opened: a regular file, read from its start */
	else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (pos = lseek(fd, 0, SEEK_CUR)) < 0)
		return 1;
	if (buf == NULL)
		buf = kmalloc(size);
	for (;;) {
		ssize_t r = pread(fd, buf, size, pos);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return 1;
		if (r == 0)
			return 0;
		if (jcf_may_need(buf, (size_t)r))
			return 1;
		if (pos + r >= st.st_size)
			return 0;
		/* The next piece starts a little before the end of this one, so that a
		 * construct cut here is seen whole there. */
		pos += r > JCF_MAY_NEED_OVERLAP ? r - JCF_MAY_NEED_OVERLAP : r;
	}
}

/* Fix one file as the mode says: path relative to dirfd (AT_FDCWD for an operand),
 * shown as name; fd is the file open for reading, or -1 to open it here; opened, if not
 * NULL, is fd's stat, a regular file just opened. */
static void
process(int dirfd, const char *path, const char *name, int fd, const struct stat *opened)
{
	struct job j;
	unsigned long n = 0;

	const char *slash = strrchr(path, '/');

	memset(&j, 0, sizeof j);
	j.name = name;
	j.fd = fd;
	j.dirfd = dirfd;
	if (dirfd == AT_FDCWD && slash != NULL)
		j.dir = kstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (mode == M_INPLACE) {
		if (fd >= 0 && fd != STDIN_FILENO)
			close(fd);
		fix_in_place(&j, dirfd, path, dirfd == AT_FDCWD ? KATOMIC_FOLLOW : 0);
		free(j.dir);
		return;
	}
	if (j.fd < 0 && (j.fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC)) < 0) {
		kwarn("%s", kname(name));
		status = 2;
		free(j.dir);
		return;
	}
	switch (mode) {
	case M_INPLACE:
	case M_FILTER:
		if (run(&j, read_fd, write_stdout, &n) != 0)
			status = 2;
		break;
	case M_DIFF:
		show_diff(&j);
		break;
	case M_LIST:
		if (!opts.inc && !may_need(j.fd, opened)) {
			;       /* nothing to list, nothing to report */
		} else if (run(&j, read_fd, NULL, &n) != 0) {
			status = 2;
		} else if (n > 0) {
			found = 1;
			if (list && puts(j.name) == EOF)
				kwrite_failed();
		}
		break;
	}
	if (j.fd != STDIN_FILENO)
		close(j.fd);
	free(j.dir);
}

static int
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	return n > s && strcmp(name + n - s, suffix) == 0;
}

/* -r takes *.pl *.pm *.cgi and scripts whose first line is a perl #!, but no backups.
 * Returns the file open for reading at its start, or -1: not one to take, or an error
 * reported (for a file taken by its name). */
static int
open_perl_file(int dirfd, const char *name, const char *path, struct stat *st)
{
	static const char *const backups[] = { "~", ".bak", ".orig", ".old", ".save", ".rej" };
	char line[256];
	ssize_t n;
	size_t i;
	int fd, by_name;

	by_name = has_suffix(name, ".pl") || has_suffix(name, ".pm") || has_suffix(name, ".cgi");
	for (i = 0; !by_name && i < sizeof backups / sizeof backups[0]; i++)
		if (has_suffix(name, backups[i]))
			return -1;
	if (!by_name && backup_suffix != NULL && *backup_suffix != '\0' &&
	    has_suffix(name, backup_suffix))
		return -1;
	if ((fd = kopen_regular(dirfd, name, O_NOFOLLOW | O_NONBLOCK, st)) < 0) {
		if (by_name) {
			if (fd == KOPEN_NOTREG)
				kwarnx("%s: not a regular file", path);
			else if (fd == KOPEN_SYMLINK)
				kwarnx("%s: is a symbolic link", path);
			else
				kwarn("%s", path);
			status = 2;
		}
		return -1;
	}
	if (by_name)
		return fd;
	n = pread(fd, line, sizeof line - 1, 0);
	if (n >= 2 && line[0] == '#' && line[1] == '!') {
		line[n] = '\0';
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, "perl") != NULL)
			return fd;
	}
	close(fd);
	return -1;
}

static void walk(int dirfd, const char *dir);

static char *
join_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = kmalloc(len);

	if (has_suffix(dir, "/") || strcmp(dir, "/") == 0)
		snprintf(path, len, "%s%s", dir, name);
	else
		snprintf(path, len, "%s/%s", dir, name);
	return path;
}

/* -r never follows a symbolic link, to a file or a directory: a link planted in a tree
 * that others own must not lead a run as root to files outside it. The type readdir
 * gave spares a stat; the opens below check it again (O_NOFOLLOW, O_DIRECTORY). */
static void
walk_entry(int dirfd, const char *dir, const struct kdirent *ent)
{
	char *path = join_path(dir, ent->name);
	unsigned char type = ent->type;
	struct stat st;
	int fd;

	if (type == DT_UNKNOWN) {
		if (fstatat(dirfd, ent->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			kwarn("%s", path);
			status = 2;
		} else {
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
	}
	if (type == DT_DIR) {
		if ((fd = openat(dirfd, ent->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC)) < 0) {
			kwarn("%s", path);
			status = 2;
		} else {
			walk(fd, path);
		}
	} else if (type == DT_REG) {
		if ((fd = open_perl_file(dirfd, ent->name, path, &st)) >= 0)
			process(dirfd, ent->name, path, fd, &st);
	}
	free(path);
}

/* The directory's entries in name order, so that the output is deterministic; dirfd is
 * closed when done. */
static void
walk(int dirfd, const char *dir)
{
	struct kdir d;
	size_t i;
	int err = kdir_read(dirfd, 0, &d);

	if (err != 0) {
		errno = err;
		kwarn("%s", dir);
		status = 2;
	}
	for (i = 0; i < d.n; i++)
		walk_entry(dirfd, dir, &d.ent[i]);
	kdir_free(&d);
	close(dirfd);
}

static void
operand(const char *path)
{
	struct stat st;

	if (strcmp(path, "-") == 0) {
		if (mode == M_INPLACE) {
			kwarnx("%s: cannot be edited in place", kname(path));
			status = 2;
			return;
		}
		process(AT_FDCWD, "-", "-", STDIN_FILENO, NULL);
		return;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		int fd;

		if (!recursive) {
			kwarnx("%s: Is a directory (use -r)", path);
			status = 2;
		} else if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
			kwarn("%s", path);
			status = 2;
		} else {
			walk(fd, path);
		}
		return;
	}
	process(AT_FDCWD, path, path, -1, NULL);
}

int
main(int argc, char *argv[])
{
	enum { OPT_CHECK = 256, OPT_INC, OPT_VERSION };
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "diff", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "in-place", optional_argument, NULL, 'i' },
		{ "inc", no_argument, NULL, OPT_INC },
		{ "list", no_argument, NULL, 'l' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int c, inplace = 0, diff = 0, i;

	kanri_init("jcodefix", argv);
	while ((c = getopt_long(argc, argv, "hi::lnrv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			kexit(0);
		case 'i':
			inplace = 1;
			backup_suffix = optarg;
			break;
		case 'l':
			list = 1;
			break;
		case 'n':
			diff = 1;
			break;
		case 'r':
			recursive = 1;
			break;
		case 'v':
			verbose = 1;
			opts.show = 1;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_INC:
			opts.inc = 1;
			break;
		case OPT_VERSION:
			kversion();
		default:
			kusage_error(usage, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (inplace + diff + (list || check) > 1)
		kusage_error(usage, "-i, -n and -l/--check exclude each other");
	if (inplace && argc == 0)
		kusage_error(usage, "-i needs files to edit");
	if (backup_suffix != NULL && strchr(backup_suffix, '/') != NULL)
		kusage_error(usage, "backup suffix must not contain '/': %s", backup_suffix);
	if (inplace)
		mode = M_INPLACE;
	else if (diff)
		mode = M_DIFF;
	else if (list || check)
		mode = M_LIST;
	if (argc == 0)
		process(AT_FDCWD, "-", "-", STDIN_FILENO, NULL);
	for (i = 0; i < argc; i++)
		operand(argv[i]);
	if (status == 0) {
		if (check)
			status = found || warned ? 1 : 0;
		else if (list)
			status = found ? 0 : 1;
	}
	kexit(status);
}
