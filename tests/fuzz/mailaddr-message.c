/* mailaddr-message.c: libFuzzer harness for the input side: message, mbox, header-line
 * and text reading through a pipe, a few bytes per read so that every refill, move and
 * growth of the buffer is exercised. The first two bytes choose the mode, the flags
 * and the read size. Every address is in its canonical form (mailaddr-canon.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mailaddr-canon.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct units {
	int open;
	unsigned flags;
};

static void
on_begin(void *ctx, enum unit_kind kind, unsigned long number)
{
	struct units *u = ctx;

	(void)kind;
	if (u->open || number == 0)
		abort();
	u->open = 1;
}

static void
on_address(void *ctx, const struct found_addr *a, const char *header, size_t header_len)
{
	struct units *u = ctx;

	if (!u->open || a->local_len == 0 || a->local_len + 1 >= a->addr_len ||
	    a->addr[a->local_len] != '@' || memchr(a->addr, '\n', a->addr_len) != NULL ||
	    memchr(header, ':', header_len) != NULL)
		abort();
	canon_check(a, u->flags);
}

static void
on_end(void *ctx)
{
	struct units *u = ctx;

	if (!u->open)
		abort();
	u->open = 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *headers[] = { "from", "to", "cc", "return-path" };
	struct units u = { 0 };
	struct scan sc;
	int fds[2];

	/* what fits in a pipe's buffer, so one thread can write it all first */
	if (size < 2 || size > 60000 || pipe(fds) != 0)
		return 0;
	if (write(fds[1], data + 2, size - 2) != (ssize_t)(size - 2))
		abort();
	close(fds[1]);
	scan_init(&sc);
	sc.mode = (enum scan_mode)(data[0] % 4);
	sc.flags = (data[0] >> 2) & (ADDRLIST_STRICT | ADDRLIST_NAMES);
	u.flags = sc.flags;
	sc.first_message_only = (data[0] >> 4) & 1;
	sc.headers = headers;
	sc.nheaders = sizeof(headers) / sizeof(headers[0]);
	sc.block = (size_t)data[1] % 16 + 1;
	sc.sink.unit_begin = on_begin;
	sc.sink.address = on_address;
	sc.sink.unit_end = on_end;
	sc.sink.ctx = &u;
	scan_fd(&sc, fds[0], "fuzz");
	if (u.open)
		abort();
	close(fds[0]);
	scan_free(&sc);
	return 0;
}
