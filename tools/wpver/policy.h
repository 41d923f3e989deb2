/* policy.h: which WordPress branch a PHP version gets under each policy. */
#ifndef WPVER_POLICY_H
#define WPVER_POLICY_H

#include <stdio.h>

#include "data.h"
#include "phpver.h"

enum policy { POLICY_CONSERVATIVE, POLICY_NEWEST, POLICY_SUPPORTED };

enum outcome {
	/* a branch was found */
	OUT_POLICY,		/* conservative: the policy's branch, fully supported */
	OUT_POLICY_BETA,	/* conservative: the policy's branch, beta support only */
	OUT_DOWN,		/* conservative: the policy's branch is too new; an older one */
	OUT_UP,			/* conservative: the policy's branch is too old; a newer one */
	OUT_NEWEST,
	OUT_SUPPORTED,
	/* no branch: exit 1 */
	OUT_TOO_OLD,		/* below every branch's minimum PHP */
	OUT_TOO_NEW,		/* a PHP minor newer than the data knows */
	OUT_NO_SUCH_PHP,	/* not in the support table: 6.0, 5.7 */
	OUT_NONE		/* known PHP, but no branch fits the policy */
};

enum support { SUPPORT_NONE, SUPPORT_BETA, SUPPORT_FULL };

struct answer {
	enum outcome outcome;
	const struct wp_branch *branch;		/* the answer, or NULL */
	const struct wp_branch *policy_branch;	/* conservative: what the policy says */
	const struct php_row *row;		/* the PHP minor's row, or NULL */
};

int policy_parse(const char *name, enum policy *p);
const char *policy_name(enum policy p);

void policy_answer(const struct wp_data *d, enum policy p, const struct phpver *php,
    struct answer *a);
/* How the support table rates branch b on PHP php (installable and listed). */
enum support policy_support(const struct wp_data *d, const struct wp_branch *b,
    const struct phpver *php);
/* Why: one line of explanation for -v, or the message for an answer without a branch. */
void policy_explain(FILE *fp, const struct wp_data *d, enum policy p,
    const struct phpver *php, const struct answer *a);
/* Whether PHP php can install branch b (meets its minimum PHP). */
int policy_installs(const struct wp_branch *b, const struct phpver *php);

#endif
