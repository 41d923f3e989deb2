/* hyperlink.c: --hyperlink: names as OSC 8 terminal hyperlinks to the files they name,
 * scheme://authority:/real/path/of/argument/dir/name as tree 2.3.1 writes them. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctree.h"
#include "kanri.h"

static char *scheme;            /* with its "://" or ':' */
static char *authority;
static char *base;              /* realpath of the argument, "" if it has none */
static size_t argoff;           /* length of the argument as given */
static char *dir;               /* the listed directory's path, as the walk builds it */
static size_t dircap;

/* The scheme and authority; gethostname(2) names this host unless --authority does
 * (. there: none). */
void
hyper_setup(void)
{
	const char *s = opt.scheme != NULL ? opt.scheme : "file://";
	size_t n = strlen(s);

	if (strchr(s, ':') != NULL) {
		scheme = kstrdup(s);
	} else {
		scheme = kmalloc(n + 4);
		memcpy(scheme, s, n);
		memcpy(scheme + n, "://", 4);
	}
	if (opt.authority != NULL) {
		authority = kstrdup(strcmp(opt.authority, ".") == 0 ? "" : opt.authority);
	} else {
		size_t cap = 256;

		for (;;) {
			authority = kreallocarray(authority, cap, 1);
			if (gethostname(authority, cap) == 0 && memchr(authority, '\0', cap) != NULL)
				break;
			if (cap >= 65536) {
				strcpy(authority, "localhost");
				break;
			}
			cap *= 2;
		}
	}
}

/* Each directory argument: the links of its entries start from its real path. */
void
hyper_root(const char *arg)
{
	free(base);
	base = realpath(arg, NULL);
	argoff = base != NULL ? strlen(arg) : 0;
	if (base == NULL)
		base = kstrdup("");
}

/* The directory whose entries are listed next, by the path the walk built for it. */
void
hyper_dir(const char *path)
{
	size_t n = strlen(path) + 1;

	if (n > dircap) {
		dircap = n + 64;
		dir = kreallocarray(dir, dircap, 1);
	}
	memcpy(dir, path, n);
}

/* Percent-encode what a URI cannot carry as it is, and the reserved characters but
 * '/'. Returns whether the last byte was a slash. */
static bool
url_encode(const char *s)
{
	static const char reserved[] = "!#$&'()*+,:;=?@[]%";
	static const char hex[] = "0123456789ABCDEF";
	bool slash = false;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c > 0x7e || strchr(reserved, c) != NULL) {
			out_char('%');
			out_char(hex[c >> 4]);
			out_char(hex[c & 15]);
		} else {
			out_char((char)c);
		}
		slash = c == '/';
	}
	return slash;
}

void
hyper_open(const char *name)
{
	const char *rest = dir != NULL && strlen(dir) > argoff ? dir + argoff : "";
	bool slash;

	out_str("\033]8;;");
	out_str(scheme);
	url_encode(authority);
	out_char(':');
	slash = url_encode(base);
	if (*rest != '\0') {
		if (!slash && *rest != '/')
			out_char('/');
		if (!url_encode(rest))
			out_char('/');
	} else if (!slash) {
		out_char('/');
	}
	url_encode(name);
	out_str("\033\\");
}

void
hyper_close(void)
{
	out_str("\033]8;;\033\\");
}
