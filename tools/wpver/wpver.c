/* wpver: which WordPress release to install for a PHP version, by hosting policy. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kanri.h"
#include "data.h"
#include "phpver.h"
#include "policy.h"

static const char usage[] =
    "usage: wpver [-bHuv] [-p policy] [--zip] [--locale locale] [--json] [--data file]\n"
    "             [php-version | - ...]\n"
    "       wpver -r wordpress-version [--json] [--data file]\n"
    "       wpver --list [--data file]\n"
    "  -p, --policy NAME     conservative (default), newest or supported\n"
    "  -b, --branch          print the branch (6.2), not the release (6.2.11)\n"
    "  -u, --url             print the download URL (.tar.gz)\n"
    "      --zip             print the download URL of the .zip\n"
    "      --locale LOCALE   print the URL of the localized package (ja, de_DE)\n"
    "  -H, --with-input      prefix each line with the input and a tab\n"
    "      --json            one JSON object per input\n"
    "  -r, --requires WPVER  minimum PHP and the PHP versions that support a branch\n"
    "      --list            print the data in use (the data file format)\n"
    "      --data FILE       read the tables from FILE (default: WPVER_DATA, built in)\n"
    "  -v, --verbose         say on stderr why each answer is what it is\n"
    "  -h, --help            print this help\n"
    "      --version         print the version\n";

enum { OPT_ZIP = 256, OPT_LOCALE, OPT_JSON, OPT_LIST, OPT_DATA, OPT_VERSION };

enum output { OUT_RELEASE, OUT_BRANCH, OUT_URL };

struct options {
	enum policy policy;
	enum output output;
	int zip, json, with_input, verbose, list;
	const char *locale, *requires, *data_file;
	long data_age;	/* days from the data's date to today: set by main for -v and --json */
};

/* Answers so far decide the exit status: 2 beats 1 beats 0. */
static int status;

static void
raise_status(int s)
{
	if (s > status)
		status = s;
}

/* An input as it appears in a message: control bytes escaped, long ones cut. */
static void
put_shown(FILE *fp, const char *s, size_t len)
{
	size_t i, shown = len > 80 ? 77 : len;

	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
	if (shown < len)
		fputs("...", fp);
}

/* Start a diagnostic for one input: "wpver: LABEL: ". */
static void
diag_start(const char *label, const char *s, size_t len)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", kanri_progname);
	if (label != NULL)
		fprintf(stderr, "%s: ", label);
	else {
		put_shown(stderr, s, len);
		fputs(": ", stderr);
	}
}

static void
put_bytes(const char *s, size_t len)
{
	if (len > 0 && fwrite(s, 1, len, stdout) != len)
		kwrite_failed();
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
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

/* A JSON string; bytes that are not UTF-8 become U+FFFD. */
static void
put_json_string(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	putchar('"');
	while (i < len) {
		if (p[i] == '"' || p[i] == '\\') {
			printf("\\%c", p[i]);
			i++;
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			printf("\\u%04x", p[i]);
			i++;
		} else if ((n = utf8_len(p + i, len - i)) == 0) {
			fputs("\\ufffd", stdout);
			i++;
		} else {
			put_bytes(s + i, n);
			i += n;
		}
	}
	putchar('"');
}

/* The subdomain of a locale's site: the language, except where WordPress.org differs. */
static void
put_locale_host(const char *locale)
{
	static const char *const special[][2] = {
		{ "pt_BR", "br" }, { "zh_CN", "cn" }, { "zh_TW", "tw" },
	};
	size_t i;

	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strcmp(locale, special[i][0]) == 0) {
			fputs(special[i][1], stdout);
			return;
		}
	put_bytes(locale, strcspn(locale, "_"));
}

/* https://wordpress.org/wordpress-6.2.11.tar.gz; an x.y.0 release is wordpress-x.y. */
static void
put_url(const struct options *o, const struct wp_branch *b)
{
	struct ver rel = b->latest;
	char buf[VER_BUFSIZE];
	/* en_US is WordPress's own language: the international package */
	const char *locale = o->locale != NULL && strcmp(o->locale, "en_US") == 0 ?
	    NULL : o->locale;

	if (rel.parts == 3 && rel.patch == 0)
		rel.parts = 2;
	fputs("https://", stdout);
	if (locale != NULL) {
		put_locale_host(o->locale);
		putchar('.');
	}
	printf("wordpress.org/wordpress-%s", ver_str(rel, buf));
	if (locale != NULL)
		printf("-%s", locale);
	fputs(o->zip ? ".zip" : ".tar.gz", stdout);
}

static const char *
support_name(enum support s)
{
	return s == SUPPORT_FULL ? "full" : s == SUPPORT_BETA ? "beta" : "none";
}

static void
put_json(const struct options *o, const struct wp_data *d, const char *s, size_t len,
    const struct phpver *php, const struct answer *a)
{
	char b[2][VER_BUFSIZE];

	fputs("{\"input\":", stdout);
	put_json_string(s, len);
	printf(",\"php\":\"%ld.%ld.%ld\",\"prerelease\":%s,\"policy\":\"%s\"", php->major,
	    php->minor, php->patch, php->pre ? "true" : "false", policy_name(o->policy));
	printf(",\"branch\":\"%s\",\"release\":\"%s\",\"support\":\"%s\",\"url\":\"",
	    ver_str(a->branch->branch, b[0]), ver_str(a->branch->latest, b[1]),
	    support_name(policy_support(d, a->branch, php)));
	put_url(o, a->branch);
	printf("\",\"data_date\":\"%s\",\"data_age_days\":%ld}\n", d->date, o->data_age);
}

static void
put_answer(const struct options *o, const struct wp_data *d, const char *s, size_t len,
    const struct phpver *php, const struct answer *a)
{
	char buf[VER_BUFSIZE];

	if (o->json) {
		put_json(o, d, s, len, php, a);
		return;
	}
	if (o->with_input) {
		put_bytes(s, len);
		putchar('\t');
	}
	if (o->output == OUT_BRANCH)
		fputs(ver_str(a->branch->branch, buf), stdout);
	else if (o->output == OUT_URL)
		put_url(o, a->branch);
	else
		fputs(ver_str(a->branch->latest, buf), stdout);
	putchar('\n');
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && strchr(" \t\r\n\v\f", (*s)[*len - 1]) != NULL && (*s)[*len - 1])
		(*len)--;
	while (*len > 0 && strchr(" \t\r\n\v\f", **s) != NULL && **s) {
		(*s)++;
		(*len)--;
	}
}

/* Answer one input; label names it in messages (NULL: the input itself). Returns the
 * form read, PHP_NONE for input that is no PHP version. */
static enum php_form
answer_one(const struct options *o, const struct wp_data *d, const char *label,
    const char *s, size_t len)
{
	struct phpver php;
	struct answer a;
	enum php_form form;

	trim(&s, &len);
	form = php_parse(s, len, &php);
	if (form == PHP_NONE) {
		diag_start(label, s, len);
		if (label != NULL) {
			fputs("not a PHP version: ", stderr);
			put_shown(stderr, s, len);
		} else
			fputs("not a PHP version", stderr);
		fputc('\n', stderr);
		raise_status(2);
		return form;
	}
	policy_answer(d, o->policy, &php, &a);
	if (a.branch == NULL || o->verbose) {
		diag_start(label, s, len);
		policy_explain(stderr, d, o->policy, &php, &a);
		fputc('\n', stderr);
	}
	if (a.branch == NULL)
		raise_status(1);
	else
		put_answer(o, d, s, len, &php, &a);
	return form;
}

/* The longest input line, in bytes. A version is short, but PHP's startup warnings
 * before php -v's line name up to four paths of PATH_MAX (4096); a longer line is no
 * php -v output (a binary file, /dev/zero) and is refused before it takes more memory. */
#define WPVER_LINE_MAX 65536

/* One PHP version per line; the lines php -v prints after its first, and PHP's own
 * startup warnings, are skipped. A stream with no line to answer (ssh failed, php
 * is missing) is a negative answer, not a silent success; a failed read or an
 * over-long line is an error, never the end of the input. */
static void
answer_stream(const struct options *o, const struct wp_data *d, FILE *fp, const char *name)
{
	char *line = NULL, label[64];
	size_t cap = 0, lineno = 0, answered = 0;
	ssize_t n;
	int after_v = 0;

	while ((n = kgetdelim(&line, &cap, '\n', fp, WPVER_LINE_MAX)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (php_blank(line, (size_t)n))
			continue;
		if (after_v && php_v_trailer(line, (size_t)n))
			continue;
		snprintf(label, sizeof(label), "%s:%zu", name, lineno);
		if (php_diagnostic(line, (size_t)n)) {
			if (o->verbose)
				kwarnx("%s: PHP's own message, skipped", label);
			continue;
		}
		answered++;
		after_v = answer_one(o, d, label, line, (size_t)n) == PHP_V_LINE;
	}
	if (n == KLINE_TOOLONG) {
		kwarnx("%s:%zu: line too long (more than %d bytes)", name, lineno + 1,
		    WPVER_LINE_MAX);
		raise_status(2);
	} else if (n == KLINE_ERROR) {
		kwarn("%s", name);
		raise_status(2);
	} else if (answered == 0) {
		kwarnx("%s: no PHP version in the input", name);
		raise_status(1);
	}
	free(line);
}

/* PHP versions that support branch b: the lowest that installs it, per PHP minor. */
static void
put_php_list(const struct options *o, const struct wp_data *d, const struct wp_branch *b,
    enum support want)
{
	struct phpver php;
	char buf[VER_BUFSIZE];
	size_t i;
	int first = 1;

	for (i = 0; i < d->nphp; i++) {
		memset(&php, 0, sizeof(php));
		php.major = d->php[i].php.major;
		php.minor = d->php[i].php.minor;
		php.parts = 2;
		if (php.major == b->min_php.major && php.minor == b->min_php.minor)
			php.patch = b->min_php.patch;
		if (policy_support(d, b, &php) != want)
			continue;
		if (o->json)
			fputs(first ? "\"" : ",\"", stdout);
		else if (!first)
			putchar(' ');
		if (php.patch != 0)
			printf("%ld.%ld.%ld", php.major, php.minor, php.patch);
		else
			fputs(ver_str(d->php[i].php, buf), stdout);
		if (o->json)
			putchar('"');
		first = 0;
	}
	if (first && !o->json)
		putchar('-');
}

/* -r: what a WordPress branch needs. */
static void
requires(const struct options *o, const struct wp_data *d)
{
	struct phpver wp;
	const struct wp_branch *b;
	char buf[3][VER_BUFSIZE];
	const char *s = o->requires;
	size_t len = strlen(s);

	if (php_parse(s, len, &wp) != PHP_PLAIN || wp.parts < 2 || wp.pre ||
	    strspn(s, "0123456789.") != len)
		kusage_error(usage, "-r: not a WordPress version (x.y or x.y.z): %s", s);
	b = data_branch(d, wp.major, wp.minor);
	if (b == NULL) {
		kwarnx("%s: WordPress %ld.%ld is not in the data (%s), which knows %s to %s",
		    s, wp.major, wp.minor, d->date, ver_str(d->branches[0].branch, buf[0]),
		    ver_str(d->branches[d->nbranches - 1].branch, buf[1]));
		raise_status(1);
		return;
	}
	if (o->json) {
		printf("{\"wordpress\":\"%s\",\"release\":\"%s\",\"min_php\":\"%s\",\"supported\":[",
		    ver_str(b->branch, buf[0]), ver_str(b->latest, buf[1]),
		    ver_str(b->min_php, buf[2]));
		put_php_list(o, d, b, SUPPORT_FULL);
		fputs("],\"beta\":[", stdout);
		put_php_list(o, d, b, SUPPORT_BETA);
		printf("],\"data_date\":\"%s\",\"data_age_days\":%ld}\n", d->date, o->data_age);
		return;
	}
	printf("min_php\t%s\nsupported\t", ver_str(b->min_php, buf[0]));
	put_php_list(o, d, b, SUPPORT_FULL);
	fputs("\nbeta\t", stdout);
	put_php_list(o, d, b, SUPPORT_BETA);
	putchar('\n');
}

/* The largest data file read: the tables of every WordPress and PHP release take a few
 * KiB, so a larger file is not one (a log, /dev/zero) and is refused before it takes
 * more memory. */
#define WPVER_DATA_MAX (1024 * 1024)
#define WPVER_DATA_MAX_TEXT "1 MiB"

/* The whole contents of a file, or NULL with errno set (EFBIG: too large). */
static char *
read_file(const char *path, size_t *lenp)
{
	int fd = open(path, O_RDONLY | O_NOCTTY), err;
	char *buf;

	if (fd < 0)
		return NULL;
	err = kslurp(fd, WPVER_DATA_MAX, &buf, lenp);
	close(fd);
	if (err != 0) {
		errno = err;
		return NULL;
	}
	return buf;
}

/* Read a data file; exits 2 on any error. */
static void
load_data(const char *path, struct wp_data *d)
{
	size_t len, errline;
	char *buf = read_file(path, &len);
	const char *why;
	int failed;

	if (buf == NULL && errno == EFBIG)
		kerrx(2, "%s: larger than %s, not a wpver data file", path, WPVER_DATA_MAX_TEXT);
	if (buf == NULL) {
		kwarn("%s", path);
		exit(2);	/* plain exit(): cppcheck does not see kerr() never returns */
	}
	failed = data_parse(buf, len, d, &errline, &why) != 0;
	free(buf);
	if (failed && errline > 0)
		kerrx(2, "%s:%zu: %s", path, errline, why);
	if (failed)
		kerrx(2, "%s: %s", path, why);
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar, counting
 * 400-year eras of 146097 days from 0000-03-01 so that February ends a year. */
static long
days_from_civil(long y, long m, long d)
{
	long era, year_of_era, day_of_year;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	year_of_era = y - era * 400;
	day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
	    day_of_year - 719468;
}

/* Today, in days since 1970-01-01 (UTC): SOURCE_DATE_EPOCH when set, as reproducible
 * output asks (the tests and the README's examples use it), else the clock. */
static long
today(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long secs;

	if (e == NULL || *e == '\0')
		return (long)(time(NULL) / 86400);
	errno = 0;
	secs = strtoll(e, &end, 10);
	if (*e < '0' || *e > '9' || *end != '\0' || errno != 0)
		kerrx(2, "SOURCE_DATE_EPOCH: not a number of seconds since 1970: %s", e);
	return (long)(secs / 86400);
}

/* How many days old the data is (negative: dated after today). The date was checked
 * as YYYY-MM-DD when the data was read. */
static long
data_age(const struct wp_data *d)
{
	long y = strtol(d->date, NULL, 10), m = strtol(d->date + 5, NULL, 10),
	    day = strtol(d->date + 8, NULL, 10);

	return today() - days_from_civil(y, m, day);
}

/* -v: the data's date and age, so that a stale table is seen. */
static void
put_data_age(const struct wp_data *d, const char *source, long age)
{
	if (age >= 0)
		kwarnx("data (%s): dated %s, %ld day%s old", source, d->date, age,
		    age == 1 ? "" : "s");
	else
		kwarnx("data (%s): dated %s, %ld day%s after today", source, d->date, -age,
		    age == -1 ? "" : "s");
}

static int
valid_locale(const char *s)
{
	size_t lang = strspn(s, "abcdefghijklmnopqrstuvwxyz");

	if (lang < 2 || lang > 3)
		return 0;
	s += lang;
	if (*s == '\0')
		return 1;
	if (s[0] != '_' || strspn(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2)
		return 0;
	s += 3;
	if (*s == '\0')
		return 1;
	return s[0] == '_' && s[1] != '\0' &&
	    strspn(s + 1, "abcdefghijklmnopqrstuvwxyz0123456789") == strlen(s + 1);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "branch", no_argument, NULL, 'b' },
		{ "data", required_argument, NULL, OPT_DATA },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "locale", required_argument, NULL, OPT_LOCALE },
		{ "policy", required_argument, NULL, 'p' },
		{ "requires", required_argument, NULL, 'r' },
		{ "url", no_argument, NULL, 'u' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "with-input", no_argument, NULL, 'H' },
		{ "zip", no_argument, NULL, OPT_ZIP },
		{ NULL, 0, NULL, 0 }
	};
	int c, url = 0;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "bHhp:r:uv", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			o->output = OUT_BRANCH;
			break;
		case 'H':
			o->with_input = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			kexit(0);
		case 'p':
			if (!policy_parse(optarg, &o->policy))
				kusage_error(usage, "-p: unknown policy: %s "
				    "(conservative, newest, supported)", optarg);
			break;
		case 'r':
			o->requires = optarg;
			break;
		case 'u':
			url = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case OPT_ZIP:
			o->zip = url = 1;
			break;
		case OPT_LOCALE:
			if (!valid_locale(optarg))
				kusage_error(usage, "--locale: not a WordPress locale "
				    "(ja, de_DE, de_DE_formal): %s", optarg);
			o->locale = optarg;
			url = 1;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case OPT_LIST:
			o->list = 1;
			break;
		case OPT_DATA:
			o->data_file = optarg;
			break;
		case OPT_VERSION:
			kversion();
		default:
			kusage_error(usage, NULL);
		}
	}
	if (url && o->output == OUT_BRANCH)
		kusage_error(usage, "-b cannot be combined with -u, --zip or --locale");
	if (url)
		o->output = OUT_URL;
	if (o->list && o->requires != NULL)
		kusage_error(usage, "--list cannot be combined with -r");
	if ((o->list || o->requires != NULL) && optind < argc)
		kusage_error(usage, "%s takes no PHP versions", o->list ? "--list" : "-r");
}

int
main(int argc, char **argv)
{
	struct options o;
	struct wp_data loaded;
	const struct wp_data *d = &wpver_builtin;
	const char *source = "built in";
	int i;

	kanri_init("wpver", argv);
	parse_options(argc, argv, &o);
	if (o.data_file == NULL && getenv("WPVER_DATA") != NULL && *getenv("WPVER_DATA") != '\0')
		o.data_file = getenv("WPVER_DATA");
	if (o.data_file != NULL) {
		load_data(o.data_file, &loaded);
		d = &loaded;
		source = o.data_file;
	}
	if (o.verbose || o.json)
		o.data_age = data_age(d);
	if (o.list)
		data_write(stdout, d, source);
	else if (o.requires != NULL)
		requires(&o, d);
	else if (optind == argc)
		answer_stream(&o, d, stdin, kname("-"));
	else
		for (i = optind; i < argc; i++)
			if (strcmp(argv[i], "-") == 0)
				answer_stream(&o, d, stdin, kname("-"));
			else
				answer_one(&o, d, NULL, argv[i], strlen(argv[i]));
	if (o.verbose && !o.list)
		put_data_age(d, source, o.data_age);
	if (d == &loaded)
		data_free(&loaded);
	kexit(status);
}
