/* kanri.h: what every kanri tool shares: diagnostics, checked output, numbers, in-place writes.
 * Who owns what: diag.c (init, messages, kname), output.c (stdout), alloc.c (kmalloc...),
 * number.c, base64.c, lineread.c (kgetdelim), openreg.c (kopen_regular), slurp.c (whole-file
 * reads), dir.c (directory reads), atomic.c (in-place writes); the growable buffer is in
 * kbuf.h and kbuf.c. */
#ifndef KANRI_H
#define KANRI_H

#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#ifndef KANRI_VERSION
#define KANRI_VERSION "unknown"
#endif

extern const char *kanri_progname;

/* Open descriptors 0, 1 and 2 on /dev/null where they are closed, set the program name
 * used in every message, reset SIGPIPE so that a closed pipe
 * ends the tool quietly, and make getopt's own messages carry the tool's name. */
void kanri_init(const char *name, char **argv);

/* err(3)-style diagnostics as "tool: message" (kwarn/kerr add ": strerror(errno)"). */
void kwarn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kwarnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void kerr(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void kerrx(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A usage error: "tool: message", then "usage: ..." on stderr, exit 2. */
_Noreturn void kusage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* How a file is named in messages: "standard input" for "-" (or NULL), else path as
 * given. Every tool names standard input so, e.g. kwarn("%s", kname(path)). */
const char *kname(const char *path);
/* "tool (kanri) VERSION" on stdout, then exit through kexit(0). */
_Noreturn void kversion(void);

/* Flush and close stdout; on failure print "tool: write error: reason" and return 2,
 * else return status unchanged. A closed pipe ends the process quietly. */
int kclose_stdout(int status);
/* kclose_stdout, then exit. */
_Noreturn void kexit(int status);
/* Report a failed write on stdout and exit 2 (quietly on EPIPE). */
_Noreturn void kwrite_failed(void);

/* Allocation that cannot fail: on exhaustion "tool: out of memory", exit 2. */
void *kmalloc(size_t n);
void *kcalloc(size_t n, size_t size);
void *kreallocarray(void *p, size_t n, size_t size);
char *kstrdup(const char *s);
char *kstrndup(const char *s, size_t n);

/* OpenBSD strtonum(3): a decimal in [min, max], or 0 with *errstr set
 * ("invalid", "too small", "too large"). */
long long kstrtonum(const char *s, long long min, long long max, const char **errstr);

/* The value of a base64 digit (RFC 4648 alphabet), or -1 for any other byte. */
int kbase64_value(unsigned char c);

/* Read one record ending in delim (kept, as getdelim does). Returns its length, or:
 * KLINE_EOF at the end of the input; KLINE_ERROR when the read failed, running out of
 * memory included (errno says why); KLINE_TOOLONG when max > 0 and the record has more
 * than max bytes besides its delimiter (the rest of it stays unread). max 0: no limit. */
enum { KLINE_EOF = -1, KLINE_ERROR = -2, KLINE_TOOLONG = -3 };
ssize_t kgetdelim(char **buf, size_t *cap, int delim, FILE *fp, size_t max);

/* Open path (relative to dirfd) for reading if it is a regular file, never blocking on
 * a FIFO or device put in its place; oflags adds e.g. O_NOFOLLOW. Returns the descriptor
 * with *st filled, -1 with errno set, KOPEN_NOTREG, or KOPEN_SYMLINK where O_NOFOLLOW
 * met a symbolic link (nothing left open). With O_NONBLOCK in oflags the descriptor
 * stays non-blocking. */
enum { KOPEN_NOTREG = -2, KOPEN_SYMLINK = -3 };
int kopen_regular(int dirfd, const char *path, int oflags, struct stat *st);

/* Read fd to its end into a new buffer (*buf, *len), NUL-terminated after len bytes.
 * Returns 0, or an errno value (nothing allocated): EFBIG when max > 0 and there are more
 * than max bytes; a read error, EISDIR (a directory on standard input) and EIO included,
 * is never taken for the end. Out of memory exits 2 as kmalloc does. */
int kslurp(int fd, size_t max, char **buf, size_t *len);
/* The whole file path, relative to dirfd (AT_FDCWD for an operand), as kslurp reads it;
 * "-" is standard input, read whatever it is (pipe, FIFO, terminal). A named file must be
 * a regular file, opened without blocking (kopen_regular, oflags e.g. O_NOFOLLOW); one
 * larger than max (max > 0) is refused before it is read. Returns 0, or an errno value
 * (EISDIR for a directory, EFBIG), KREAD_NOTREG for a FIFO, device or socket, or
 * KREAD_SYMLINK where O_NOFOLLOW met a symbolic link. kread_strerror(ret) is the reason
 * for a message: kwarnx("%s: %s", kname(path), kread_strerror(ret)). */
enum { KREAD_NOTREG = KOPEN_NOTREG, KREAD_SYMLINK = KOPEN_SYMLINK };
int kread_file(int dirfd, const char *path, int oflags, size_t max, char **buf, size_t *len);
const char *kread_strerror(int err);

/* The entries of the directory open as fd, but "." and "..": d->ent[0..d->n), sorted by
 * strcmp unless KDIR_UNSORTED (then in readdir order); names starting with "." left out
 * with KDIR_NOHIDDEN. type is the dirent d_type (DT_UNKNOWN where the file system does not
 * say). fd stays open and its position is read to the end (a duplicate is read: one more
 * descriptor for the while). With KDIR_TAKEFD no duplicate is made: kdir_read takes fd
 * over, and it stays open (for openat, fstatat) until kdir_free closes it; d->dir is then
 * NULL only where fdopendir failed (fd closed). Returns 0, or an errno value: of
 * fdopendir (ENOTDIR, EMFILE; d empty) or of a readdir that failed midway (d holds the
 * entries read before it). Free d with kdir_free in every case. */
enum { KDIR_NOHIDDEN = 1, KDIR_UNSORTED = 2, KDIR_TAKEFD = 4 };
struct kdirent {
	const char *name;
	size_t len;             /* strlen(name) */
	unsigned char type;     /* DT_DIR, DT_REG, DT_LNK, ..., DT_UNKNOWN */
};
struct kdir {
	struct kdirent *ent;
	size_t n;
	char *pool;             /* the names, one allocation */
	void *dir;              /* KDIR_TAKEFD: the open DIR, closed by kdir_free */
};
int kdir_read(int fd, int flags, struct kdir *d);
void kdir_free(struct kdir *d);

/* Replace a file atomically and only the file that was read (CONVENTIONS.md, files
 * written in place): katomic_open finds and opens it through descriptors, the caller reads
 * it from fd, katomic_begin makes a temporary in the same directory, and katomic_commit
 * gives that the original's owner, extended attributes (ACLs, SELinux label) and mode,
 * fsyncs it and renames it over the original, unless the original changed meanwhile.
 * A signal or exit before the commit removes the temporary. */
enum {
	KATOMIC_FOLLOW = 1,     /* a symlink is followed to its file (else refused) */
	KATOMIC_CREATE = 2      /* the file may not exist yet: fd is then -1 */
};
#define KATOMIC_TMPLEN 16       /* ".kanri." and 8 random characters, NUL */
struct katomic {
	const char *shown;      /* the path as given, for messages */
	int dirfd;              /* the directory that holds the file */
	char *name;             /* the file's name in that directory */
	int fd;                 /* the original, open for reading; -1 if it does not exist */
	struct stat st;         /* the original as it was opened */
	mode_t mode;            /* the replacement's mode: the original's unless changed */
	FILE *fp;               /* after katomic_begin: write the new contents here */
	char *tmp;              /* the temporary's name, NULL once renamed or removed */
	char tmpbuf[KATOMIC_TMPLEN];
	struct katomic *next;   /* the temporaries alive, for the signal handler */
};
/* path is relative to dirfd (AT_FDCWD for a named operand); mode is for a new file.
 * Returns 0, or -1 with a message printed. */
int katomic_open(struct katomic *a, int dirfd, const char *path, int flags, mode_t mode);
/* Returns 0, or -1 with a message printed and everything released (as are all
 * three on failure). */
int katomic_begin(struct katomic *a);
/* backup_suffix NULL or "": no backup. Returns 0, or -1 with a message printed, the
 * original untouched and everything released. */
int katomic_commit(struct katomic *a, const char *backup_suffix);
/* Remove the temporary if there is one, close and free; the original stays as it was. */
void katomic_abort(struct katomic *a);

#endif
