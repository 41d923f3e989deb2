/* mailaddr-rfc2047.c: libFuzzer harness for the RFC 2047 decoder: no crash, and UTF-8
 * in gives UTF-8 out (decoded words are converted, the others copied). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "rfc2047.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rfc2047 d;
	static struct buf out;
	static int ready;

	if (!ready) {
		rfc2047_init(&d);
		ready = 1;
	}
	buf_reset(&out);
	rfc2047_decode(&d, (const char *)data, size, &out);
	if (out.p[out.len] != '\0')
		abort();
	if (utf8_valid((const char *)data, size) && !utf8_valid(out.p, out.len))
		abort();
	return 0;
}
