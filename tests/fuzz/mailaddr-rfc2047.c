/* mailaddr-rfc2047.c: libFuzzer harness for the RFC 2047 decoder: no crash, UTF-8 in
 * gives UTF-8 out (decoded words are converted, the others copied), and the input
 * taken as a display name is printed so that it reads back the same. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "kbuf.h"
#include "mailaddr-canon.h"
#include "rfc2047.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rfc2047 d;
	static struct kbuf out;
	static int ready;
	struct found_addr a;

	if (!ready) {
		rfc2047_init(&d);
		ready = 1;
	}
	kbuf_reset(&out);
	rfc2047_decode(&d, (const char *)data, size, &out);
	if (out.p[out.len] != '\0')
		abort();
	if (utf8_valid((const char *)data, size) && !utf8_valid(out.p, out.len))
		abort();
	a.addr = "a@example.org";
	a.addr_len = 13;
	a.local_len = 1;
	a.name = (const char *)data;
	a.name_len = size;
	canon_check(&a, ADDRLIST_NAMES);
	return 0;
}
