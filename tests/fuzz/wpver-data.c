/* wpver-data.c: libFuzzer harness for the reader of wpver's data file (--data). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "phpver.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const probes[] = { "5.6.19", "7.4", "8.3.1", "9.0", "6.0" };
	static FILE *devnull;
	struct wp_data d;
	struct phpver v;
	struct answer a;
	size_t errline, i;
	const char *why;
	int p;

	if (data_parse((const char *)data, size, &d, &errline, &why) != 0)
		return 0;
	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	if (devnull != NULL)
		data_write(devnull, &d, "fuzz");
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		if (php_parse(probes[i], strlen(probes[i]), &v) == PHP_NONE)
			abort();
		for (p = POLICY_CONSERVATIVE; p <= POLICY_SUPPORTED; p++) {
			policy_answer(&d, (enum policy)p, &v, &a);
			if (a.branch != NULL && !policy_installs(a.branch, &v))
				abort();
			if (devnull != NULL)
				policy_explain(devnull, &d, (enum policy)p, &v, &a);
		}
	}
	data_free(&d);
	return 0;
}
