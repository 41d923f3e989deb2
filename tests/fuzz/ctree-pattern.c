/* ctree-pattern.c: fuzz the -P/-I/--gitignore wildcard matcher. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul;
	char *pat, *name;
	size_t plen, stars = 0, i;
	int r;

	/* the matcher backtracks like tree's: keep the inputs small enough to finish */
	if (size < 2 || size > 96)
		return 0;
	nul = memchr(data + 1, '\0', size - 1);
	if (nul == NULL)
		return 0;
	plen = (size_t)(nul - (data + 1));
	for (i = 0; i < plen; i++)
		stars += data[1 + i] == '*';
	if (stars > 6)
		return 0;
	pat = malloc(plen + 1);
	name = malloc(size - plen);
	if (pat == NULL || name == NULL) {
		free(pat);
		free(name);
		return 0;
	}
	memcpy(pat, data + 1, plen);
	pat[plen] = '\0';
	memcpy(name, nul + 1, size - plen - 2);
	name[size - plen - 2] = '\0';
	r = pat_match(name, pat, data[0] & 1, data[0] & 2);
	if (r < -1 || r > 1)
		abort();
	free(pat);
	free(name);
	return 0;
}
