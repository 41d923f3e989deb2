/* mailaddr-addrlist.c: libFuzzer harness for the RFC 5322 address-list parser and the
 * free-text scanner. The first byte chooses the flags; every address handed out must
 * be well formed whatever the input, and in its canonical form: printed, re-read and
 * printed again, the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addrlist.h"
#include "mailaddr-canon.h"
#include "textscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_addr(const char *addr, size_t len, size_t local_len)
{
	size_t i;

	if (local_len == 0 || local_len + 1 >= len || addr[local_len] != '@')
		abort();
	for (i = 0; i < len; i++)
		if (addr[i] == '\0' || addr[i] == '\n' || addr[i] == '\r')
			abort();
}

static void
on_addr(void *ctx, const struct found_addr *a)
{
	const unsigned *flags = ctx;
	size_t i;

	check_addr(a->addr, a->addr_len, a->local_len);
	if (a->addr[a->addr_len] != '\0' || a->name[a->name_len] != '\0')
		abort();
	for (i = 0; i < a->name_len; i++)
		if ((unsigned char)a->name[i] < 0x20 && a->name[i] != 0x1b)
			abort();
	canon_check(a, *flags);
}

static void
on_text(void *ctx, const char *addr, size_t len, size_t local_len, size_t off)
{
	const uint8_t *data = ctx;

	check_addr(addr, len, local_len);
	if (addr != (const char *)data + off)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct addrlist p;
	static int ready;
	unsigned flags;
	size_t n;

	if (size == 0)
		return 0;
	if (!ready) {
		addrlist_init(&p, 0);
		ready = 1;
	}
	flags = data[0] & (ADDRLIST_STRICT | ADDRLIST_NAMES);
	p.flags = flags;
	n = addrlist_parse(&p, (const char *)data + 1, size - 1, on_addr, &flags);
	if (n > size)
		abort();
	textscan((const char *)data + 1, size - 1, flags, on_text, (void *)(data + 1));
	return 0;
}
