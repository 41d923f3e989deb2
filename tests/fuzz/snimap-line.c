/* snimap-line.c: libFuzzer harness for snimap's list line parser: tokens, host names
 * to A-labels (UTF-8, punycode), path checks and layout templates. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct layout layouts[] = {
		{ LAYOUT_CERTBOT, "/etc/letsencrypt/live", NULL, NULL },
		{ LAYOUT_TEMPLATE, NULL, "/etc/ssl/%d/%d.pem", "/etc/ssl/private/%d.key" },
	};
	char err[INPUT_ERRLEN];
	struct entry e;
	size_t i;
	char *name;

	if (parse_line((const char *)data, size, &e, err) > 0) {
		if (e.cert == NULL) {
			for (i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
				struct entry copy = { e.name, NULL, NULL, e.wildcard };

				(void)layout_resolve(&layouts[i], &copy, err);
				copy.name = NULL;
				entry_free(&copy);
			}
		}
		entry_free(&e);
	}
	if ((name = name_to_alabel((const char *)data, size, err)) != NULL) {
		/* an accepted name is only lowercase LDH, dots and a leading "*." */
		for (i = 0; name[i] != '\0'; i++)
			if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
			    name[i] == '-' || name[i] == '.' || (i == 0 && name[i] == '*')))
				__builtin_trap();
		if (strlen(name) > 253)
			__builtin_trap();
		entry_free(&(struct entry){ name, NULL, NULL, 0 });
	}
	return 0;
}
