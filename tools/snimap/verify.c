/* verify.c: check.c's checks over the list: each pair of files once, each name against it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kanri.h"
#include "check.h"
#include "verify.h"

/* One certificate and key pair a name is served with. */
struct use {
	const char *cert, *key;
	size_t item;
	int alt;                        /* the item's second chain */
	struct pair_check *pc;          /* shared by every use of the same pair */
};

static int
cmp_use(const void *a, const void *b)
{
	const struct use *x = a, *y = b;
	int c = strcmp(x->cert, y->cert);

	return c != 0 ? c : strcmp(x->key, y->key);
}

static int
cmp_item(const void *a, const void *b)
{
	const struct use *x = a, *y = b;

	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	return x->alt - y->alt;
}

static struct use *
collect(const struct list *l, size_t *n)
{
	struct use *u = NULL;
	size_t i, k = 0;

	for (i = 0; i < l->n; i++) {
		const struct item *it = &l->v[i];

		if (it->dropped)
			continue;
		u = kreallocarray(u, k + 2, sizeof *u);
		u[k++] = (struct use){ it->e.cert, it->e.key, i, 0, NULL };
		if (it->alt.cert != NULL)
			u[k++] = (struct use){ it->alt.cert, it->alt.key, i, 1, NULL };
	}
	*n = k;
	return u;
}

int
verify_list(const struct list *l, long days, int verbose)
{
	int64_t now = (int64_t)time(NULL);
	size_t n, i, j;
	struct use *u = collect(l, &n);
	int failed = 0;

	if (n == 0) {
		free(u);
		return 0;
	}
	qsort(u, n, sizeof *u, cmp_use);
	for (i = 0; i < n; i = j) {
		struct pair_check *pc = pair_run(u[i].cert, u[i].key, now, days);

		for (j = i; j < n && cmp_use(&u[i], &u[j]) == 0; j++)
			u[j].pc = pc;
	}
	/* back to list order, each name's chains side by side */
	qsort(u, n, sizeof *u, cmp_item);
	for (i = 0; i < n; i = j) {
		const struct item *it = &l->v[u[i].item];
		int bad = 0;

		for (j = i; j < n && u[j].item == u[i].item; j++) {
			enum check_status st;
			char *text, label[80];

			st = pair_name(u[j].pc, it->e.name, &text);
			if (st == CHECK_FAILED)
				bad = 1;
			/* a name with two chains says which one each line is about */
			if (it->alt.cert != NULL)
				snprintf(label, sizeof label, " (%s)",
				    pk_type_name(u[j].alt ? it->alt.type : it->type));
			else
				label[0] = '\0';
			if (verbose) {
				if (printf("%s%s: %s\n", it->e.name, label, text) < 0)
					kwrite_failed();
			} else if (st == CHECK_FAILED) {
				kwarnx("%s%s: %s", it->e.name, label, text);
			}
			free(text);
		}
		failed += bad;
	}
	/* each pair_check once: the uses are sorted by pair no more, so collect them */
	qsort(u, n, sizeof *u, cmp_use);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && u[j].pc == u[i].pc; j++)
			;
		pair_free(u[i].pc);
	}
	free(u);
	return failed;
}
