/* phpver.h: reading a PHP version out of what servers print and how packages are named. */
#ifndef WPVER_PHPVER_H
#define WPVER_PHPVER_H

#include <stddef.h>

/* A PHP version; parts counts the components given (1 for "8", 3 for "7.4.33"), the
 * missing ones are 0. pre is set for a pre-release (8.2.0RC6, 8.2.0~rc6, 8.4.0-dev),
 * which sorts below the release of the same number, as PHP's version_compare has it. */
struct phpver {
	long major, minor, patch;
	int parts;
	int pre;
};

enum php_form {
	PHP_NONE,	/* not a PHP version */
	PHP_PLAIN,	/* 7.4, 7.4.33, 8, 8.1.2-1ubuntu2.14, 8.2.0~RC6, 8.5.0RC1 */
	PHP_V_LINE,	/* PHP 7.4.33 (cli) (built: ...): the first line of php -v */
	PHP_ID,		/* 70433: PHP_VERSION_ID */
	PHP_NAME	/* php74, rh-php73, ea-php81, php8.2, /opt/plesk/php/8.2/bin/php */
};

/* Parse one line or argument of len bytes (NUL bytes make it no version); blanks around
 * it are ignored. Returns the form recognised; v is set unless PHP_NONE. */
enum php_form php_parse(const char *s, size_t len, struct phpver *v);

/* Whether a line is one of those php -v prints after its first line: Copyright,
 * Zend Engine, and the indented "with Zend OPcache ..." extension lines. */
int php_v_trailer(const char *s, size_t len);
/* 1 if the line is one of PHP's own warnings or errors, not a version. */
int php_diagnostic(const char *s, size_t len);

/* Whether a line holds nothing but blanks. */
int php_blank(const char *s, size_t len);

#endif
