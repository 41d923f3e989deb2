/* wpver-version.c: libFuzzer harness for wpver's PHP version parser and the policies
 * that consume what it returns. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "data.h"
#include "phpver.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct phpver v;
	struct answer a;
	enum php_form form;
	static FILE *devnull;
	int p;

	form = php_parse(s, size, &v);
	(void)php_v_trailer(s, size);
	(void)php_blank(s, size);
	if (form == PHP_NONE)
		return 0;
	if (v.parts < 1 || v.parts > 3 || v.major < 0 || v.minor < 0 || v.patch < 0)
		abort();
	for (p = POLICY_CONSERVATIVE; p <= POLICY_SUPPORTED; p++) {
		policy_answer(&wpver_builtin, (enum policy)p, &v, &a);
		if ((a.branch == NULL) != (a.outcome >= OUT_TOO_OLD))
			abort();
		if (a.branch != NULL && !policy_installs(a.branch, &v))
			abort();
		/* never an answer that cannot install, nor one the support table does not list */
		if (a.branch != NULL && p != POLICY_NEWEST &&
		    policy_support(&wpver_builtin, a.branch, &v) == SUPPORT_NONE)
			abort();
		if (devnull == NULL)
			devnull = fopen("/dev/null", "w");
		if (devnull != NULL)
			policy_explain(devnull, &wpver_builtin, (enum policy)p, &v, &a);
	}
	return 0;
}
