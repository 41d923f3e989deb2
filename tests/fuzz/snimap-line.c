/* snimap-line.c: libFuzzer harness for snimap's list line parser: tokens, host names
 * to A-labels (UTF-8, punycode), path checks and layout templates. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Unicode's table 3-7 of well-formed byte sequences, written apart from input.c's
 * decoder: the length of the sequence at s, or 0. */
static size_t
wellformed(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* What postmap and dovecot.conf take unchanged: absolute, well-formed UTF-8, no blank,
 * no C0 or C1 control, DEL or character that is syntax in either file. */
static void
check_path(const char *path)
{
	const unsigned char *p = (const unsigned char *)path;
	size_t n = strlen(path), i = 0, len;

	if (p[0] != '/')
		__builtin_trap();
	while (i < n) {
		if ((len = wellformed(p + i, n - i)) == 0)
			__builtin_trap();
		if (p[i] <= 0x20 || p[i] == 0x7f || strchr(",#$%\"'\\{}<;", p[i]) != NULL ||
		    (p[i] == 0xc2 && p[i + 1] < 0xa0))
			__builtin_trap();
		i += len;
	}
}

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
		if (e.cert != NULL) {
			check_path(e.cert);
			check_path(e.key);
		}
		if (e.cert == NULL) {
			for (i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
				struct entry copy = { e.name, NULL, NULL, e.wildcard };

				if (layout_resolve(&layouts[i], &copy, err) == 0) {
					check_path(copy.cert);
					check_path(copy.key);
				}
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
