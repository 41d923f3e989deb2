/* snimap-idna.c: libFuzzer harness for snimap's UTS 46 processing (idna.c) and the host
 * name conversion around it: no crash, and what is accepted is stable. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idna.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Code points from the input, three bytes each; the first byte picks the area so that
 * ASCII, the BMP's scripts and the marks come up more often than unassigned planes. */
static size_t
to_codepoints(const uint8_t *data, size_t size, uint32_t *cp)
{
	size_t n = 0, i;

	for (i = 0; i + 3 <= size; i += 3) {
		uint32_t v = (uint32_t)data[i + 1] << 8 | data[i + 2];

		switch (data[i] & 3) {
		case 0: cp[n] = v & 0x7f; break;
		case 1: cp[n] = v & 0x7ff; break;
		case 2: cp[n] = v; break;
		default: cp[n] = ((uint32_t)(data[i] >> 2) << 16 | v) % 0x110000; break;
		}
		if (cp[n] < 0xd800 || cp[n] > 0xdfff)
			n++;
	}
	return n;
}

/* Only letters, digits, hyphens and dots among the ASCII code points: UTS 46 leaves the
 * other ASCII (STD3 rules) to name_to_alabel, which refuses it, and NFC composes '=', '<'
 * or '>' with U+0338 into U+2260, U+226E or U+226F, which the mapping then refuses. */
static int
ldh_ascii_only(const uint32_t *cp, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cp[i] < 0x80 && !((cp[i] >= 'a' && cp[i] <= 'z') ||
		    (cp[i] >= 'A' && cp[i] <= 'Z') || (cp[i] >= '0' && cp[i] <= '9') ||
		    cp[i] == '-' || cp[i] == '.'))
			return 0;
	return 1;
}

static void
mapping_is_stable(const uint8_t *data, size_t size)
{
	char err[INPUT_ERRLEN];
	uint32_t *cp, *once, *twice;
	size_t n, n1, n2;

	cp = malloc((size / 3 + 1) * sizeof *cp);
	if (cp == NULL)
		return;
	n = to_codepoints(data, size, cp);
	if (ldh_ascii_only(cp, n) && (once = idna_map_name(cp, n, &n1, err, sizeof err)) != NULL) {
		/* UTS 46's mapping and NFC are idempotent */
		twice = idna_map_name(once, n1, &n2, err, sizeof err);
		if (twice == NULL || n2 != n1 || memcmp(once, twice, n1 * sizeof *once) != 0)
			__builtin_trap();
		(void)idna_check_label(once, n1, err, sizeof err);
		(void)idna_check_bidi(once, n1, err, sizeof err);
		free(twice);
		free(once);
	}
	free(cp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[INPUT_ERRLEN];
	char *name, *again;
	size_t i;

	mapping_is_stable(data, size);
	if ((name = name_to_alabel((const char *)data, size, err)) == NULL)
		return 0;
	for (i = 0; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '-' || name[i] == '.' || (i == 0 && name[i] == '*')))
			__builtin_trap();
	/* an A-label name is accepted as it is written */
	again = name_to_alabel(name, strlen(name), err);
	if (again == NULL || strcmp(again, name) != 0)
		__builtin_trap();
	free(again);
	free(name);
	return 0;
}
