/* policy.c: which WordPress branch a PHP version gets under each policy, and why. */
#include <stdio.h>
#include <string.h>

#include "data.h"
#include "phpver.h"
#include "policy.h"

static const char *const policy_names[] = { "conservative", "newest", "supported" };

int
policy_parse(const char *name, enum policy *p)
{
	size_t i;

	for (i = 0; i < sizeof(policy_names) / sizeof(policy_names[0]); i++)
		if (strcmp(name, policy_names[i]) == 0) {
			*p = (enum policy)i;
			return 1;
		}
	return 0;
}

const char *
policy_name(enum policy p)
{
	return policy_names[p];
}

static struct ver
php_as_ver(const struct phpver *php)
{
	struct ver v = { php->major, php->minor, php->patch, 3 };

	return v;
}

int
policy_installs(const struct wp_branch *b, const struct phpver *php)
{
	int c = ver_cmp(php_as_ver(php), b->min_php);

	/* As version_compare() in the installer sees it: 7.2.24RC1 is older than 7.2.24,
	 * but 7.4.0RC1 is newer than 7.4, its extra number outweighing the RC. */
	return c > 0 || (c == 0 && (!php->pre || php->parts > b->min_php.parts));
}

static int
in_range(const struct wp_branch *b, struct ver from, struct ver to)
{
	return from.parts != 0 && ver_cmp(b->branch, from) >= 0 &&
	    (to.parts == 0 || ver_cmp(b->branch, to) <= 0);
}

static int
fully(const struct php_row *r, const struct wp_branch *b)
{
	return in_range(b, r->full_from, r->full_to);
}

static int
beta(const struct php_row *r, const struct wp_branch *b)
{
	return r->beta_from.parts != 0 && in_range(b, r->beta_from, r->beta_to);
}

enum support
policy_support(const struct wp_data *d, const struct wp_branch *b, const struct phpver *php)
{
	const struct php_row *r = data_php(d, php->major, php->minor);

	if (r == NULL || !policy_installs(b, php))
		return SUPPORT_NONE;
	if (fully(r, b))
		return SUPPORT_FULL;
	return beta(r, b) ? SUPPORT_BETA : SUPPORT_NONE;
}

/* The first branch from index start, stepping by step, that installs on php and fully
 * supports it; NULL if none. */
static const struct wp_branch *
find_full(const struct wp_data *d, const struct php_row *r, const struct phpver *php,
    long start, int step)
{
	long i;

	for (i = start; i >= 0 && (size_t)i < d->nbranches; i += step)
		if (policy_installs(&d->branches[i], php) && fully(r, &d->branches[i]))
			return &d->branches[i];
	return NULL;
}

/* Whether the policy's branch is too new for php (rather than too old). */
static int
too_new(const struct php_row *r, const struct wp_branch *pb, const struct phpver *php)
{
	return !policy_installs(pb, php) ||
	    (r->full_to.parts != 0 && ver_cmp(pb->branch, r->full_to) > 0);
}

static void
conservative(const struct wp_data *d, const struct phpver *php, struct answer *a)
{
	const struct php_row *r = a->row;
	const struct wp_branch *pb = data_branch(d, r->policy.major, r->policy.minor);
	long at;
	int step;

	a->policy_branch = pb;
	if (pb == NULL) {
		a->outcome = OUT_NONE;
		return;
	}
	switch (policy_support(d, pb, php)) {
	case SUPPORT_FULL:
		a->outcome = OUT_POLICY;
		a->branch = pb;
		return;
	case SUPPORT_BETA:
		a->outcome = OUT_POLICY_BETA;
		a->branch = pb;
		return;
	case SUPPORT_NONE:
		break;
	}
	/* the nearest branch that works, on the side the policy's branch failed on */
	at = (long)data_index(d, pb);
	step = too_new(r, pb, php) ? -1 : 1;
	a->branch = find_full(d, r, php, at + step, step);
	a->outcome = a->branch == NULL ? OUT_NONE : step < 0 ? OUT_DOWN : OUT_UP;
}

static int
installs_any(const struct wp_data *d, const struct phpver *php)
{
	size_t i;

	for (i = 0; i < d->nbranches; i++)
		if (policy_installs(&d->branches[i], php))
			return 1;
	return 0;
}

/* No row for this PHP minor: newer than the table, or a gap in it (6.0, 5.7). */
static enum outcome
unknown_php(const struct wp_data *d, const struct phpver *php)
{
	struct ver v = { php->major, php->minor, 0, 2 };

	return ver_cmp(v, d->php[d->nphp - 1].php) > 0 ? OUT_TOO_NEW : OUT_NO_SUCH_PHP;
}

void
policy_answer(const struct wp_data *d, enum policy p, const struct phpver *php,
    struct answer *a)
{
	memset(a, 0, sizeof(*a));
	a->row = data_php(d, php->major, php->minor);
	if (!installs_any(d, php)) {
		a->outcome = OUT_TOO_OLD;
		return;
	}
	if (a->row == NULL) {
		a->outcome = unknown_php(d, php);
		return;
	}
	switch (p) {
	case POLICY_CONSERVATIVE:
		conservative(d, php, a);
		break;
	case POLICY_NEWEST:
		a->branch = &d->branches[d->nbranches - 1];
		while (!policy_installs(a->branch, php))
			a->branch--;
		a->outcome = OUT_NEWEST;
		break;
	case POLICY_SUPPORTED:
		a->branch = find_full(d, a->row, php, (long)d->nbranches - 1, -1);
		a->outcome = a->branch == NULL ? OUT_NONE : OUT_SUPPORTED;
		break;
	}
}

/* "PHP 7.4.33", with "(pre-release)" where it applies. */
static const char *
php_str(const struct phpver *php, char *buf)
{
	snprintf(buf, VER_BUFSIZE, "PHP %ld.%ld.%ld%s", php->major, php->minor, php->patch,
	    php->pre ? " (pre-release)" : "");
	return buf;
}

/* The branch after b in the table, or NULL. */
static const struct wp_branch *
next_branch(const struct wp_data *d, const struct wp_branch *b)
{
	size_t i = data_index(d, b) + 1;

	return i < d->nbranches ? &d->branches[i] : NULL;
}

/* The branch that runs on the oldest PHP. */
static const struct wp_branch *
lowest_min_php(const struct wp_data *d)
{
	const struct wp_branch *low = &d->branches[0];
	size_t i;

	for (i = 1; i < d->nbranches; i++)
		if (ver_cmp(d->branches[i].min_php, low->min_php) < 0)
			low = &d->branches[i];
	return low;
}

static void
explain_conservative(FILE *fp, const struct phpver *php, const struct answer *a)
{
	const struct php_row *r = a->row;
	char b[4][VER_BUFSIZE];

	fprintf(fp, "the hosting policy gives PHP %s WordPress %s", ver_str(r->php, b[0]),
	    ver_str(a->policy_branch->branch, b[1]));
	if (a->outcome == OUT_POLICY) {
		fputs(", which fully supports it", fp);
		return;
	}
	if (a->outcome == OUT_POLICY_BETA) {
		fprintf(fp, ", which has only beta support for it (full support from %s)",
		    ver_str(r->full_from, b[2]));
		return;
	}
	if (!policy_installs(a->policy_branch, php))
		fprintf(fp, ", which needs PHP %s", ver_str(a->policy_branch->min_php, b[2]));
	else if (r->full_to.parts != 0 && ver_cmp(a->policy_branch->branch, r->full_to) > 0)
		fprintf(fp, ", which does not support it (supported up to %s)",
		    ver_str(r->full_to, b[2]));
	else
		fprintf(fp, ", which does not support it (full support from %s)",
		    ver_str(r->full_from, b[2]));
	if (a->outcome == OUT_NONE)
		fprintf(fp, "; no %s branch installs on it and fully supports it",
		    too_new(r, a->policy_branch, php) ? "older" : "newer");
	else
		fprintf(fp, "; %s is the %s branch that installs on it and fully supports it",
		    ver_str(a->branch->branch, b[3]),
		    a->outcome == OUT_DOWN ? "newest older" : "oldest newer");
}

void
policy_explain(FILE *fp, const struct wp_data *d, enum policy p, const struct phpver *php,
    const struct answer *a)
{
	const struct wp_branch *next, *oldest;
	char b[4][VER_BUFSIZE];

	switch (a->outcome) {
	case OUT_TOO_OLD:
		fprintf(fp, "%s: no WordPress in the data (%s) runs on it", php_str(php, b[0]),
		    d->date);
		oldest = lowest_min_php(d);
		fprintf(fp, " (%s needs PHP %s)", ver_str(oldest->branch, b[1]),
		    ver_str(oldest->min_php, b[2]));
		return;
	case OUT_TOO_NEW:
		fprintf(fp, "PHP %ld.%ld is newer than the data (%s) knows (up to PHP %s); "
		    "see --data", php->major, php->minor, d->date,
		    ver_str(d->php[d->nphp - 1].php, b[0]));
		return;
	case OUT_NO_SUCH_PHP:
		fprintf(fp, "PHP %ld.%ld is not in the PHP support table of the data (%s)", php->major,
		    php->minor, d->date);
		return;
	default:
		break;
	}
	fprintf(fp, "%s: ", php_str(php, b[0]));
	if (p == POLICY_CONSERVATIVE) {
		explain_conservative(fp, php, a);
		return;
	}
	if (a->outcome == OUT_NONE) {
		fputs("no WordPress branch installs on it and fully supports it", fp);
		return;
	}
	if (p == POLICY_NEWEST)
		fprintf(fp, "%s is the newest branch it can install (minimum PHP %s)",
		    ver_str(a->branch->branch, b[1]), ver_str(a->branch->min_php, b[2]));
	else
		fprintf(fp, "%s is the newest branch that fully supports it",
		    ver_str(a->branch->branch, b[1]));
	next = next_branch(d, a->branch);
	if (next != NULL && !policy_installs(next, php))
		fprintf(fp, "; %s needs PHP %s", ver_str(next->branch, b[1]),
		    ver_str(next->min_php, b[2]));
}
