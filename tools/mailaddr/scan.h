/* scan.h: reading inputs (messages, mboxes, header lines, free text) and handing every
 * address found to a sink. */
#ifndef MAILADDR_SCAN_H
#define MAILADDR_SCAN_H

#include <stddef.h>

#include "addrlist.h"

enum scan_mode { MODE_AUTO, MODE_LINES, MODE_MESSAGE, MODE_TEXT };

/* What a unit (the scope of --first and --last) is. */
enum unit_kind {
	UNIT_MESSAGE,		/* a message file, the one message of standard input, or
				 * the first message of an input read with first_message_only */
	UNIT_MBOX_MESSAGE,	/* a message of an mbox; numbered from 1 */
	UNIT_LINE		/* a line of header values or of text; numbered from 1 */
};

struct scan_sink {
	void (*unit_begin)(void *ctx, enum unit_kind kind, unsigned long number);
	/* header is the field name as written ("" when a line has none) */
	void (*address)(void *ctx, const struct found_addr *a, const char *header,
	    size_t header_len);
	void (*unit_end)(void *ctx);
	void *ctx;
};

struct scan {
	enum scan_mode mode;
	unsigned flags;			/* ADDRLIST_* */
	char **headers;			/* message mode: the fields to read */
	size_t nheaders;
	int first_message_only;		/* stop after the first header block, even when
					 * the input starts with a From_ line */
	size_t block;			/* bytes per read(2); 0 for the default */
	struct scan_sink sink;
	/* private */
	struct addrlist parser;
	char *buf;
	size_t cap;
	const char *header;
	size_t header_len;
};

void scan_init(struct scan *sc);
void scan_free(struct scan *sc);

/* Read the open file fd (named name in messages) to its end, or to the end of the
 * first header block with first_message_only. Returns 0, or -1 when reading failed
 * (reported on stderr). */
int scan_fd(struct scan *sc, int fd, const char *name);

#endif
