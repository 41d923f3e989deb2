/* phpver.c: reading a PHP version out of what servers print and how packages are named. */
#include <stddef.h>
#include <string.h>

#include "phpver.h"

/* Components longer than this are no PHP version (and cannot overflow a long). */
#define MAX_DIGITS 5

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether [p, end) starts with the lowercase word w, ignoring case. */
static int
starts_ci(const char *p, const char *end, const char *w)
{
	for (; *w != '\0'; p++, w++)
		if (p >= end || lower((unsigned char)*p) != *w)
			return 0;
	return 1;
}

/* Read a run of 1 to MAX_DIGITS digits; returns the end of it, or NULL. */
static const char *
read_number(const char *p, const char *end, long *n)
{
	const char *start = p;

	*n = 0;
	while (p < end && is_digit((unsigned char)*p)) {
		if (p - start == MAX_DIGITS)
			return NULL;
		*n = *n * 10 + (*p - '0');
		p++;
	}
	return p == start ? NULL : p;
}

/* Read x, x.y or x.y.z; returns the end of it, or NULL. */
static const char *
read_dotted(const char *p, const char *end, struct phpver *v)
{
	long *part[3] = { &v->major, &v->minor, &v->patch };

	memset(v, 0, sizeof(*v));
	for (;;) {
		p = read_number(p, end, part[v->parts]);
		if (p == NULL)
			return NULL;
		v->parts++;
		if (p == end || *p != '.' || v->parts == 3)
			return p;
		p++;
	}
}

/* Whether a suffix after the numbers marks a pre-release: Debian's ~, or PHP's
 * alpha, beta, RC and dev, directly or after one separator. */
static int
is_prerelease(const char *p, const char *end)
{
	if (*p == '~')
		return 1;
	if (*p == '-' || *p == '_' || *p == '.')
		p++;
	return starts_ci(p, end, "alpha") || starts_ci(p, end, "beta") ||
	    starts_ci(p, end, "rc") || starts_ci(p, end, "dev");
}

static int
is_suffix_char(int c)
{
	return is_digit(c) || is_alpha(c) || c == '.' || c == '~' || c == '+' ||
	    c == '_' || c == '-';
}

/* PHP_VERSION as distributions build it: x.y[.z] and an optional suffix that starts
 * with a separator or a letter (-1ubuntu2.14, ~RC6, RC1, +deb12u1). */
static int
parse_php_version(const char *p, const char *end, struct phpver *v)
{
	const char *q;

	p = read_dotted(p, end, v);
	if (p == NULL || v->parts < 2)
		return 0;
	if (p == end)
		return 1;
	if (*p != '-' && *p != '~' && *p != '+' && *p != '_' && !is_alpha((unsigned char)*p))
		return 0;
	for (q = p; q < end; q++)
		if (!is_suffix_char((unsigned char)*q))
			return 0;
	v->pre = is_prerelease(p, end);
	return 1;
}

/* A number alone: a major version (8) or PHP_VERSION_ID (70433, 80500). */
static enum php_form
parse_number(const char *p, const char *end, struct phpver *v)
{
	size_t n = (size_t)(end - p);
	long id;

	memset(v, 0, sizeof(*v));
	if (n == 1) {
		v->major = *p - '0';
		v->parts = 1;
		return PHP_PLAIN;
	}
	if ((n != 5 && n != 6) || *p == '0')
		return PHP_NONE;
	for (id = 0; p < end; p++)
		id = id * 10 + (*p - '0');
	v->major = id / 10000;
	v->minor = id / 100 % 100;
	v->patch = id % 100;
	v->parts = 3;
	return PHP_ID;
}

/* "PHP 7.4.33 (cli) (built: ...)": only a line starting with PHP, blanks and x.y. */
static int
parse_v_line(const char *p, const char *end, struct phpver *v)
{
	const char *tok;

	if (end - p < 4 || memcmp(p, "PHP", 3) != 0 || (p[3] != ' ' && p[3] != '\t'))
		return 0;
	for (p += 3; p < end && (*p == ' ' || *p == '\t'); p++)
		continue;
	for (tok = p; p < end && !is_blank((unsigned char)*p); p++)
		continue;
	return parse_php_version(tok, p, v);
}

/* After "php" in a name: [-fpm|-cgi][-|@]VERSION, where VERSION is dotted (8.2, 7.4.33)
 * or packed (74, 8), and ends the name or is followed by neither digit nor ".digit". */
static int
version_after_php(const char *p, const char *end, struct phpver *v)
{
	const char *q;
	size_t ndigits;

	if (starts_ci(p, end, "-fpm") || starts_ci(p, end, "-cgi"))
		p += 4;
	if (p < end && (*p == '-' || *p == '@'))
		p++;
	q = read_dotted(p, end, v);
	if (q == NULL)
		return 0;
	if (q < end && (is_digit((unsigned char)*q) ||
	    (*q == '.' && q + 1 < end && is_digit((unsigned char)q[1]))))
		return 0;
	if (v->parts > 1)
		return 1;
	ndigits = (size_t)(q - p);
	if (ndigits == 2) {
		v->minor = v->major % 10;
		v->major /= 10;
		v->parts = 2;
	}
	return ndigits <= 2;
}

/* One path component or package name holding php and a version. */
static int
parse_name_part(const char *p, const char *end, struct phpver *v)
{
	for (; end - p >= 3; p++)
		if (starts_ci(p, end, "php") && version_after_php(p + 3, end, v))
			return 1;
	return 0;
}

/* Whether [p, end) is exactly x.y or x.y.z. */
static int
parse_bare_dotted(const char *p, const char *end, struct phpver *v)
{
	const char *q = read_dotted(p, end, v);

	return q == end && v->parts >= 2;
}

/* Package and path names: php74, rh-php73, ea-php81, php8.2, php7.4-fpm,
 * /opt/remi/php74/root/usr/bin/php, and /opt/plesk/php/8.2/bin/php where the
 * version is the component after one ending in php. */
static int
parse_name(const char *p, const char *end, struct phpver *v)
{
	const char *part, *next;
	int after_php = 0;

	for (part = p; part < end; part = next) {
		next = memchr(part, '/', (size_t)(end - part));
		if (next == NULL)
			next = end;
		if (next > part) {
			if (parse_name_part(part, next, v))
				return 1;
			if (after_php && parse_bare_dotted(part, next, v))
				return 1;
			after_php = next - part >= 3 && starts_ci(next - 3, next, "php");
		}
		if (next < end)
			next++;
	}
	return 0;
}

static enum php_form
parse_trimmed(const char *p, const char *end, struct phpver *v)
{
	const char *q;

	if (memchr(p, '\0', (size_t)(end - p)) != NULL)
		return PHP_NONE;
	if (parse_v_line(p, end, v))
		return PHP_V_LINE;
	for (q = p; q < end; q++)
		if (is_blank((unsigned char)*q))
			return PHP_NONE;
	for (q = p; q < end && is_digit((unsigned char)*q); q++)
		continue;
	if (q == end)
		return parse_number(p, end, v);
	if (is_digit((unsigned char)*p))
		return parse_php_version(p, end, v) ? PHP_PLAIN : PHP_NONE;
	return parse_name(p, end, v) ? PHP_NAME : PHP_NONE;
}

enum php_form
php_parse(const char *s, size_t len, struct phpver *v)
{
	const char *end = s + len;
	enum php_form form;

	while (s < end && is_blank((unsigned char)*s))
		s++;
	while (end > s && is_blank((unsigned char)end[-1]))
		end--;
	if (s == end)
		return PHP_NONE;
	form = parse_trimmed(s, end, v);
	if (form == PHP_NONE)
		memset(v, 0, sizeof(*v));
	return form;
}

int
php_v_trailer(const char *s, size_t len)
{
	const char *end = s + len;
	const char *p = s;

	if (starts_ci(p, end, "copyright") || (end - p >= 11 && memcmp(p, "Zend Engine", 11) == 0))
		return 1;
	if (p == end || (*p != ' ' && *p != '\t'))
		return 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return end - p >= 5 && memcmp(p, "with ", 5) == 0;
}

/* PHP's own startup messages ("PHP Warning:  Module ... already loaded", or without
 * the "PHP " prefix when display_errors goes to stdout), printed before php -v's line. */
int
php_diagnostic(const char *s, size_t len)
{
	static const char *const kinds[] = {
		"Warning:", "Notice:", "Deprecated:", "Fatal error:", "Parse error:",
		"Strict Standards:", "Core Warning:", "Core Error:", "Startup:", NULL
	};
	const char *end = s + len;
	size_t i;

	if (end - s >= 4 && memcmp(s, "PHP ", 4) == 0)
		s += 4;
	for (i = 0; kinds[i] != NULL; i++) {
		size_t n = strlen(kinds[i]);

		if ((size_t)(end - s) >= n && memcmp(s, kinds[i], n) == 0)
			return 1;
	}
	return 0;
}

int
php_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_blank((unsigned char)s[i]))
			return 0;
	return 1;
}
