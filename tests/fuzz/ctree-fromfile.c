/* ctree-fromfile.c: fuzz the --fromfile parser and tree builder, and list the result. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "ctree.h"
#include "walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int devnull = -2;
	static char *pats[] = { "*.c|b*", "[a-" };
	struct pathtree t;
	const char *p, *end;
	char sep;
	long dirs = 0, files = 0;
	uint8_t flags;

	if (size < 1)
		return 0;
	if (devnull == -2) {
		devnull = open("/dev/null", O_WRONLY);
		out_open(devnull);
	}
	flags = data[0];
	memset(&opt, 0, sizeof(opt));
	opt.level = (flags & 0x80) ? 3 : -1;
	opt.a = flags & 1;
	opt.d = flags & 2;
	opt.prune = flags & 4;
	opt.format = (enum format)((flags >> 3) & 3);
	opt.sort = (flags & 0x20) ? SORT_VERSION : SORT_NAME;
	opt.coll_bytes = true;
	if (flags & 0x40) {
		opt.ppat = pats;
		opt.nppat = 2;
	}
	sep = (flags & 0x10) ? '\0' : '\n';
	memset(&t, 0, sizeof(t));
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (p < end) {
		const char *nl = memchr(p, sep, (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		pathtree_add(&t, p, len);
		p += len + 1;
	}
	pathtree_finish(&t);
	walk_pathtree(&t, ".", true, &dirs, &files);
	out_flush();
	pathtree_free(&t);
	return 0;
}
