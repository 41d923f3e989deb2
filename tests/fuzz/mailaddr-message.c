/* mailaddr-message.c: libFuzzer harness for the input side: message, mbox, header-line
 * and text reading through a pipe, a few bytes per read so that every refill, move and
 * growth of the buffer is exercised. The first two bytes choose the mode, the flags
 * and the read size. Every address is in its canonical form (mailaddr-canon.h), and
 * the input read a few bytes at a time gives what it gives read whole, where bodies
 * are skipped through the block scan. */
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
	struct kbuf seen;	/* units, fields and addresses, in order */
};

static void
on_begin(void *ctx, enum unit_kind kind, unsigned long number)
{
	struct units *u = ctx;

	if (u->open || number == 0)
		abort();
	u->open = 1;
	kbuf_printf(&u->seen, "[%d %lu\n", (int)kind, number);
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
	kbuf_add(&u->seen, header, header_len);
	kbuf_addc(&u->seen, ':');
	kbuf_add(&u->seen, a->addr, a->addr_len);
	kbuf_addc(&u->seen, '\n');
}

static void
on_end(void *ctx)
{
	struct units *u = ctx;

	if (!u->open)
		abort();
	u->open = 0;
	kbuf_addstr(&u->seen, "]\n");
}

/* Scan data[2..size) through a pipe, block bytes per read (0: the default). */
static void
scan_once(const uint8_t *data, size_t size, size_t block, struct units *u)
{
	static char *headers[] = { "from", "to", "cc", "return-path" };
	struct scan sc;
	int fds[2];

	if (pipe(fds) != 0)
		abort();
	if (write(fds[1], data + 2, size - 2) != (ssize_t)(size - 2))
		abort();
	close(fds[1]);
	scan_init(&sc);
	sc.mode = (enum scan_mode)(data[0] % 4);
	sc.flags = (data[0] >> 2) & (ADDRLIST_STRICT | ADDRLIST_NAMES);
	u->flags = sc.flags;
	sc.first_message_only = (data[0] >> 4) & 1;
	sc.headers = headers;
	sc.nheaders = sizeof(headers) / sizeof(headers[0]);
	sc.block = block;
	sc.sink.unit_begin = on_begin;
	sc.sink.address = on_address;
	sc.sink.unit_end = on_end;
	sc.sink.ctx = u;
	scan_fd(&sc, fds[0], "fuzz");
	if (u->open)
		abort();
	close(fds[0]);
	scan_free(&sc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct units small = { 0, 0, KBUF_INIT }, whole = { 0, 0, KBUF_INIT };

	/* what fits in a pipe's buffer, so one thread can write it all first */
	if (size < 2 || size > 60000)
		return 0;
	scan_once(data, size, (size_t)data[1] % 16 + 1, &small);
	scan_once(data, size, 0, &whole);
	if (small.seen.len != whole.seen.len || (small.seen.len > 0 &&
	    memcmp(small.seen.p, whole.seen.p, small.seen.len) != 0))
		abort();
	kbuf_free(&small.seen);
	kbuf_free(&whole.seen);
	return 0;
}
