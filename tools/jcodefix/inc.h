/* inc.h: the directories a Perl file puts on @INC itself, for --inc. */
#ifndef JCODEFIX_INC_H
#define JCODEFIX_INC_H

#include "lex.h"

struct inc_dirs {
	char **dir;             /* the literal directories of use lib, unshift/push @INC, @INC = */
	size_t n, cap;
	unsigned long unknown;  /* line of a change that is not a list of literals, or 0 */
};

/* Read a whole Perl source from rd and collect its @INC changes into *d (zeroed first).
 * Returns 0, or -1 on a read error (errno set). */
int inc_scan(lex_read_fn rd, void *rctx, struct inc_dirs *d);
void inc_free(struct inc_dirs *d);

#endif
