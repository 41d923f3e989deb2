/* data.c: the built-in tables, and the reader and writer of their one file format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "data.h"
#include "wpver_data.h"

const struct wp_data wpver_builtin = {
	WPVER_DATA_DATE,
	wpver_data_branches, sizeof(wpver_data_branches) / sizeof(wpver_data_branches[0]),
	wpver_data_php, sizeof(wpver_data_php) / sizeof(wpver_data_php[0]),
	0
};

#define MAX_DIGITS 5
#define NFIELDS 7

int
ver_cmp(struct ver a, struct ver b)
{
	if (a.major != b.major)
		return a.major < b.major ? -1 : 1;
	if (a.minor != b.minor)
		return a.minor < b.minor ? -1 : 1;
	if (a.patch != b.patch)
		return a.patch < b.patch ? -1 : 1;
	return 0;
}

const char *
ver_str(struct ver v, char *buf)
{
	if (v.parts == 0)
		strcpy(buf, "-");
	else if (v.parts == 1)
		snprintf(buf, VER_BUFSIZE, "%ld", v.major);
	else if (v.parts == 2)
		snprintf(buf, VER_BUFSIZE, "%ld.%ld", v.major, v.minor);
	else
		snprintf(buf, VER_BUFSIZE, "%ld.%ld.%ld", v.major, v.minor, v.patch);
	return buf;
}

const struct wp_branch *
data_branch(const struct wp_data *d, long major, long minor)
{
	size_t i;

	for (i = 0; i < d->nbranches; i++)
		if (d->branches[i].branch.major == major && d->branches[i].branch.minor == minor)
			return &d->branches[i];
	return NULL;
}

const struct php_row *
data_php(const struct wp_data *d, long major, long minor)
{
	size_t i;

	for (i = 0; i < d->nphp; i++)
		if (d->php[i].php.major == major && d->php[i].php.minor == minor)
			return &d->php[i];
	return NULL;
}

size_t
data_index(const struct wp_data *d, const struct wp_branch *b)
{
	return (size_t)(b - d->branches);
}

/* "-" is an empty version; otherwise x.y or x.y.z, at most MAX_DIGITS per part. */
static int
parse_ver(const char *s, struct ver *v, int min_parts, int max_parts)
{
	long *part[3];
	int ndigits;

	memset(v, 0, sizeof(*v));
	if (strcmp(s, "-") == 0)
		return min_parts == 0;
	part[0] = &v->major;
	part[1] = &v->minor;
	part[2] = &v->patch;
	for (;;) {
		if (v->parts == max_parts)
			return 0;
		for (ndigits = 0; *s >= '0' && *s <= '9'; s++, ndigits++) {
			if (ndigits == MAX_DIGITS)
				return 0;
			*part[v->parts] = *part[v->parts] * 10 + (*s - '0');
		}
		if (ndigits == 0)
			return 0;
		v->parts++;
		if (*s == '\0')
			return v->parts >= (min_parts > 2 ? min_parts : 2);
		if (*s++ != '.')
			return 0;
	}
}

static int
is_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return 0;
	return 1;
}

struct parser {
	struct wp_data *d;
	struct wp_branch *branches;
	struct php_row *php;
	size_t *php_line;	/* line of each php record, for errors found at the end */
	size_t nbranch_alloc, nphp_alloc;
	char *date;
};

/* Split a line at tabs into at most NFIELDS fields; returns the count, NFIELDS + 1 when
 * there are more. */
static int
split_fields(char *line, char **field)
{
	int n = 0;
	char *p = line;

	for (;;) {
		if (n == NFIELDS)
			return NFIELDS + 1;
		field[n++] = p;
		p = strchr(p, '\t');
		if (p == NULL)
			return n;
		*p++ = '\0';
	}
}

static const char *
add_branch(struct parser *ps, char **f, int nf)
{
	struct wp_branch b;
	struct ver mysql;

	if (nf != 7)
		return "branch record needs 6 fields";
	if (!parse_ver(f[1], &b.branch, 2, 2))
		return "BRANCH is not x.y";
	if (!is_date(f[2]) || !is_date(f[6]))
		return "RELEASED or LATEST_RELEASED is not a date (YYYY-MM-DD)";
	if (!parse_ver(f[3], &b.min_php, 2, 3))
		return "MIN_PHP is not a version";
	if (!parse_ver(f[4], &mysql, 2, 3))
		return "MIN_MYSQL is not a version";
	if (!parse_ver(f[5], &b.latest, 2, 3) || b.latest.major != b.branch.major ||
	    b.latest.minor != b.branch.minor)
		return "LATEST is not a release of BRANCH";
	if (ps->d->nbranches > 0 &&
	    ver_cmp(ps->branches[ps->d->nbranches - 1].branch, b.branch) >= 0)
		return "branches must be in ascending order";
	b.released = kstrdup(f[2]);
	b.min_mysql = kstrdup(f[4]);
	b.latest_released = kstrdup(f[6]);
	if (ps->d->nbranches == ps->nbranch_alloc) {
		ps->nbranch_alloc = ps->nbranch_alloc ? 2 * ps->nbranch_alloc : 64;
		ps->branches = kreallocarray(ps->branches, ps->nbranch_alloc, sizeof(b));
	}
	ps->branches[ps->d->nbranches++] = b;
	return NULL;
}

static const char *
add_php(struct parser *ps, char **f, int nf, size_t lineno)
{
	struct php_row r;

	if (nf != 7)
		return "php record needs 6 fields";
	if (!parse_ver(f[1], &r.php, 2, 2))
		return "PHP is not x.y";
	if (!parse_ver(f[2], &r.full_from, 2, 2) || !parse_ver(f[3], &r.full_to, 0, 2) ||
	    !parse_ver(f[4], &r.beta_from, 0, 2) || !parse_ver(f[5], &r.beta_to, 0, 2) ||
	    !parse_ver(f[6], &r.policy, 2, 2))
		return "FULL_FROM, FULL_TO, BETA_FROM, BETA_TO and POLICY must be branches (x.y) or -";
	if ((r.beta_from.parts == 0) != (r.beta_to.parts == 0))
		return "BETA_FROM and BETA_TO must both be given or both be -";
	if ((r.full_to.parts && ver_cmp(r.full_from, r.full_to) > 0) ||
	    (r.beta_from.parts && ver_cmp(r.beta_from, r.beta_to) > 0))
		return "a range ends before it starts";
	if (ps->d->nphp > 0 && ver_cmp(ps->php[ps->d->nphp - 1].php, r.php) >= 0)
		return "php records must be in ascending order";
	if (ps->d->nphp == ps->nphp_alloc) {
		ps->nphp_alloc = ps->nphp_alloc ? 2 * ps->nphp_alloc : 32;
		ps->php = kreallocarray(ps->php, ps->nphp_alloc, sizeof(r));
		ps->php_line = kreallocarray(ps->php_line, ps->nphp_alloc, sizeof(size_t));
	}
	ps->php_line[ps->d->nphp] = lineno;
	ps->php[ps->d->nphp++] = r;
	return NULL;
}

static const char *
parse_line(struct parser *ps, char *line, size_t lineno)
{
	char *f[NFIELDS + 1];
	int nf;
	size_t len = strlen(line);

	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if (line[0] == '#' || strspn(line, " \t") == len)
		return NULL;
	nf = split_fields(line, f);
	if (strcmp(f[0], "date") == 0) {
		if (nf != 2)
			return "date record needs 1 field";
		if (ps->date != NULL)
			return "second date record";
		if (!is_date(f[1]))
			return "not a date (YYYY-MM-DD)";
		ps->date = kstrdup(f[1]);
		return NULL;
	}
	if (strcmp(f[0], "branch") == 0)
		return add_branch(ps, f, nf);
	if (strcmp(f[0], "php") == 0)
		return add_php(ps, f, nf, lineno);
	return "unknown record (not date, branch or php)";
}

/* Every branch a php record names must be in the branch table. */
static const char *
check_references(struct parser *ps, size_t *errline)
{
	size_t i;
	int j;

	for (i = 0; i < ps->d->nphp; i++) {
		const struct php_row *r = &ps->php[i];
		const struct ver *named[5] = { &r->full_from, &r->full_to, &r->beta_from,
		    &r->beta_to, &r->policy };

		for (j = 0; j < 5; j++) {
			if (named[j]->parts == 0 ||
			    data_branch(ps->d, named[j]->major, named[j]->minor) != NULL)
				continue;
			*errline = ps->php_line[i];
			return "names a branch that has no branch record";
		}
	}
	return NULL;
}

int
data_parse(const char *buf, size_t len, struct wp_data *out, size_t *errline,
    const char **why)
{
	struct parser ps;
	char *copy, *line, *nl;
	size_t lineno = 0;
	const char *err = NULL;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	ps.d = out;
	out->allocated = 1;
	copy = kmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	*errline = 0;
	if (memchr(buf, '\0', len) != NULL) {
		err = "holds a NUL byte";
	}
	for (line = copy; err == NULL && line < copy + len; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = copy + len;
		*nl = '\0';
		lineno++;
		err = parse_line(&ps, line, lineno);
		if (err != NULL)
			*errline = lineno;
	}
	free(copy);
	out->branches = ps.branches;
	out->php = ps.php;
	out->date = ps.date;
	if (err == NULL && (ps.date == NULL || out->nbranches == 0 || out->nphp == 0))
		err = "needs a date record, branch records and php records";
	if (err == NULL)
		err = check_references(&ps, errline);
	free(ps.php_line);
	if (err == NULL)
		return 0;
	*why = err;
	data_free(out);
	return -1;
}

void
data_free(struct wp_data *d)
{
	size_t i;

	if (!d->allocated)
		return;
	for (i = 0; i < d->nbranches; i++) {
		free((char *)d->branches[i].released);
		free((char *)d->branches[i].min_mysql);
		free((char *)d->branches[i].latest_released);
	}
	free((struct wp_branch *)d->branches);
	free((struct php_row *)d->php);
	free((char *)d->date);
	memset(d, 0, sizeof(*d));
}

void
data_write(FILE *fp, const struct wp_data *d, const char *source)
{
	char b[6][VER_BUFSIZE];
	size_t i;

	fprintf(fp, "# wpver data: %s\n", source);
	fprintf(fp, "date\t%s\n", d->date);
	fputs("# branch\tBRANCH\tRELEASED\tMIN_PHP\tMIN_MYSQL\tLATEST\tLATEST_RELEASED\n", fp);
	for (i = 0; i < d->nbranches; i++) {
		const struct wp_branch *w = &d->branches[i];

		fprintf(fp, "branch\t%s\t%s\t%s\t%s\t%s\t%s\n", ver_str(w->branch, b[0]),
		    w->released, ver_str(w->min_php, b[1]), w->min_mysql,
		    ver_str(w->latest, b[2]), w->latest_released);
	}
	fputs("# php\tPHP\tFULL_FROM\tFULL_TO\tBETA_FROM\tBETA_TO\tPOLICY\n", fp);
	for (i = 0; i < d->nphp; i++) {
		const struct php_row *r = &d->php[i];

		fprintf(fp, "php\t%s\t%s\t%s\t%s\t%s\t%s\n", ver_str(r->php, b[0]),
		    ver_str(r->full_from, b[1]), ver_str(r->full_to, b[2]),
		    ver_str(r->beta_from, b[3]), ver_str(r->beta_to, b[4]),
		    ver_str(r->policy, b[5]));
	}
}
