/* diag.c: diagnostics in the "tool: object: reason" form and the shared usage exits. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kanri.h"

const char *kanri_progname = "kanri";

/* A descriptor 0, 1 or 2 left closed (cron, init, `<&- 2>&-`) would be given to the next
 * file opened, which would then receive the tool's output or diagnostics: open it on
 * /dev/null first, as OpenSSH and gnulib do. Without /dev/null there is no safe way on. */
static void
open_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(2);
	}
}

void
kanri_init(const char *name, char **argv)
{
	open_std_fds();
	kanri_progname = name;
	if (argv != NULL && argv[0] != NULL)
		argv[0] = (char *)name;
	signal(SIGPIPE, SIG_DFL);
}

static void
vdiag(int with_errno, const char *fmt, va_list ap)
{
	int saved = errno;

	fflush(stdout);
	fprintf(stderr, "%s: ", kanri_progname);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
	errno = saved;
}

void
kwarn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(1, fmt, ap);
	va_end(ap);
}

void
kwarnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(0, fmt, ap);
	va_end(ap);
}

void
kerr(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(1, fmt, ap);
	va_end(ap);
	exit(status);
}

void
kerrx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
kusage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		vdiag(0, fmt, ap);
		va_end(ap);
	}
	fputs(usage, stderr);
	exit(2);
}

void
kversion(void)
{
	printf("%s (kanri) %s\n", kanri_progname, KANRI_VERSION);
	kexit(0);
}

const char *
kname(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0 ? "standard input" : path;
}
