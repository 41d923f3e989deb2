/* output.c: checked stdout, so that "tool >/dev/full" fails loudly and "| head" quietly. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kanri.h"

static void
quiet_on_epipe(int err)
{
	if (err == EPIPE) {
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		_exit(2);
	}
}

void
kwrite_failed(void)
{
	int err = errno;

	quiet_on_epipe(err);
	fprintf(stderr, "%s: write error: %s\n", kanri_progname,
	    err ? strerror(err) : "unknown error");
	_exit(2);
}

int
kclose_stdout(int status)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);
	int err = errno;

	if (fclose(stdout) != 0 && !failed) {
		failed = 1;
		err = errno;
	}
	if (!failed)
		return status;
	quiet_on_epipe(err);
	fprintf(stderr, "%s: write error: %s\n", kanri_progname,
	    err ? strerror(err) : "unknown error");
	return 2;
}

void
kexit(int status)
{
	exit(kclose_stdout(status));
}
