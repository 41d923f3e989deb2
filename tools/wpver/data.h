/* data.h: the WordPress branch table and the PHP support table wpver answers from. */
#ifndef WPVER_DATA_H
#define WPVER_DATA_H

#include <stddef.h>
#include <stdio.h>

/* A version as written in the data: parts 0 is an empty field ("-"). */
struct ver {
	long major, minor, patch;
	int parts;
};

struct wp_branch {
	struct ver branch;	/* x.y */
	const char *released;	/* date of x.y.0 */
	struct ver min_php;
	const char *min_mysql;
	struct ver latest;	/* newest patch release */
	const char *latest_released;
};

/* One PHP minor version: the branches that fully support it (full_to empty: all later
 * ones), those with beta support only, and the branch the hosting policy gives it. */
struct php_row {
	struct ver php;
	struct ver full_from, full_to, beta_from, beta_to;
	struct ver policy;
};

struct wp_data {
	const char *date;
	const struct wp_branch *branches;	/* oldest first */
	size_t nbranches;
	const struct php_row *php;		/* oldest first */
	size_t nphp;
	int allocated;				/* from data_parse, for data_free */
};

/* The table compiled in from tools/wpver/wpver-data.tsv. */
extern const struct wp_data wpver_builtin;

/* Parse a data file held in buf. Returns 0, or -1 with *errline (1-based, 0 for the file
 * as a whole) and *why set; out is then empty. */
int data_parse(const char *buf, size_t len, struct wp_data *out, size_t *errline,
    const char **why);
void data_free(struct wp_data *d);

/* Print the table in the data file's own format, so that the output can be read back. */
void data_write(FILE *fp, const struct wp_data *d, const char *source);

/* Compare major.minor.patch, missing parts counting as 0. */
int ver_cmp(struct ver a, struct ver b);
/* Print x.y or x.y.z as written into buf, which holds at least VER_BUFSIZE bytes. */
#define VER_BUFSIZE 64
const char *ver_str(struct ver v, char *buf);
/* The branch x.y or the PHP row x.y, or NULL. */
const struct wp_branch *data_branch(const struct wp_data *d, long major, long minor);
const struct php_row *data_php(const struct wp_data *d, long major, long minor);
/* Index of a branch in d->branches (b must point into it). */
size_t data_index(const struct wp_data *d, const struct wp_branch *b);

#endif
