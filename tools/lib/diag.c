/* diag.c: diagnostics in the "tool: object: reason" form and the shared usage exits. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"

const char *kanri_progname = "kanri";

void
kanri_init(const char *name, char **argv)
{
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
