/* scan.c: the input side of mailaddr: large reads, header fields found line by line,
 * bodies skipped by one scan for "\nFrom ". */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanri.h"
#include "scan.h"
#include "textscan.h"

/* Every input is read, never mapped: the page faults and cache misses of a mapping
 * cost more CPU time than read(2)'s copy into a buffer that stays in the cache. */
#define READ_BLOCK (1024 * 1024)

struct reader {
	int fd;
	const char *name;
	const char *data;	/* the buffer */
	size_t pos, end;	/* unread bytes are data[pos..end) */
	int eof, err;
	int regular;		/* a regular file: no writer waits for us to read it all */
	struct scan *sc;	/* owns the buffer, reused from input to input */
};

void
scan_init(struct scan *sc)
{
	memset(sc, 0, sizeof(*sc));
	addrlist_init(&sc->parser, 0);
}

void
scan_free(struct scan *sc)
{
	addrlist_free(&sc->parser);
	free(sc->buf);
	sc->buf = NULL;
}

/* Read more; 0 at the end of input or on error. Data before pos may move or go. */
static int
fill(struct reader *r)
{
	struct scan *sc = r->sc;
	size_t want;
	ssize_t got;

	if (r->eof)
		return 0;
	if (r->pos == r->end) {
		r->pos = r->end = 0;
	} else if (r->end == sc->cap && r->pos > 0) {
		memmove(sc->buf, sc->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->end == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : sc->block ? sc->block : READ_BLOCK;
		sc->buf = kreallocarray(sc->buf, sc->cap, 1);
	}
	r->data = sc->buf;
	want = sc->cap - r->end;
	if (sc->block > 0 && want > sc->block)
		want = sc->block;
	do
		got = read(r->fd, sc->buf + r->end, want);
	while (got < 0 && errno == EINTR);
	if (got <= 0) {
		if (got < 0) {
			kwarn("%s", r->name);
			r->err = 1;
		}
		r->eof = 1;
		return 0;
	}
	r->end += (size_t)got;
	return 1;
}

/* The length of the line at pos + off, its newline included (the rest of the input
 * for a last line without one); 0 at the end of input. */
static size_t
line_at(struct reader *r, size_t off)
{
	size_t searched = off;
	const char *nl;

	for (;;) {
		nl = r->end - r->pos > searched ? memchr(r->data + r->pos + searched, '\n',
		    r->end - r->pos - searched) : NULL;
		if (nl != NULL)
			return (size_t)(nl - (r->data + r->pos + off)) + 1;
		searched = r->end - r->pos;
		if (!fill(r))
			return r->end - r->pos - off;
	}
}

/* Skip to the end of input, without looking: read a pipe to its end, so that the
 * writer (procmail, a shell pipeline) is not killed by SIGPIPE; leave a file alone. */
static void
drain(struct reader *r)
{
	r->pos = r->end;
	if (r->regular)
		return;
	while (fill(r))
		r->pos = r->end;
}

static int
is_blank_line(const char *s, size_t n)
{
	return (n == 1 && s[0] == '\n') || (n == 2 && s[0] == '\r' && s[1] == '\n') ||
	    (n == 1 && s[0] == '\r');
}


/* A field name (RFC 5322 ftext) and its colon: the name's length, or 0 when s is not
 * the first line of a header field. Whitespace before the colon is allowed (obs). */
static size_t
field_name(const char *s, size_t n, size_t *colon)
{
	size_t i = 0, len;

	while (i < n && s[i] > ' ' && s[i] < 0x7f && s[i] != ':')
		i++;
	len = i;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (len == 0 || i == n || s[i] != ':')
		return 0;
	*colon = i;
	return len;
}

/* Like field_name, for the leading "Name:" of a header value: no byte that would
 * rather belong to an address ("<@r1,@r2:u@h>", "a@[IPv6:::1]"). */
static size_t
value_label(const char *s, size_t n, size_t *colon)
{
	size_t len = field_name(s, n, colon), i;

	for (i = 0; i < len; i++)
		if (strchr("\"(),;<>@[]\\", s[i]) != NULL)
			return 0;
	return len;
}

/* An mbox separator: "From sender date", not the obsolete field form "From  : a@b",
 * nor a body line such as "From now on, ..." that its writer did not escape: every
 * From_ line format carries a time of day. */
static int
is_from_line(const char *s, size_t n)
{
	size_t colon, i;

	if (n < 5 || memcmp(s, "From ", 5) != 0 || field_name(s, n, &colon) != 0)
		return 0;
	for (i = 6; i + 1 < n; i++)
		if (s[i] == ':' && s[i - 1] >= '0' && s[i - 1] <= '9' && s[i + 1] >= '0' &&
		    s[i + 1] <= '9')
			return 1;
	return 0;
}

static int
wanted(const struct scan *sc, const char *name, size_t len)
{
	size_t i;
	const char *h;

	for (i = 0; i < sc->nheaders; i++) {
		h = sc->headers[i];
		/* the names are lowercase: compare the first byte before the rest */
		if ((h[0] == name[0] || h[0] == (name[0] | 0x20)) &&
		    strncasecmp(h, name, len) == 0 && h[len] == '\0')
			return 1;
	}
	return 0;
}

static void
on_address(void *ctx, const struct found_addr *a)
{
	struct scan *sc = ctx;

	sc->sink.address(sc->sink.ctx, a, sc->header, sc->header_len);
}

static void
parse_value(struct scan *sc, const char *name, size_t name_len, const char *s, size_t n)
{
	sc->header = name;
	sc->header_len = name_len;
	addrlist_parse(&sc->parser, s, n, on_address, sc);
}

#define SCAN_BLOCK 256

/* The first "\nFrom " in [p, end). Bodies are most of an mbox, and a memchr per line
 * costs a call per 60 bytes: blocks are first tested whole for a newline followed by
 * 'F', in a loop without branches that compilers turn into vector code, and only in
 * a block holding one are the lines looked at. */
static const char *
find_from(const char *p, const char *end)
{
	const char *q;
	size_t i, lim;
	unsigned char least, d;

	while (end - p >= 6) {
		lim = (size_t)(end - p) - 5;
		if (lim > SCAN_BLOCK) {
			/* 0 where p[i] is '\n' and p[i + 1] 'F': a minimum finds it */
			for (least = 0xff, i = 0; i < SCAN_BLOCK; i++) {
				d = (unsigned char)((p[i] ^ '\n') | (p[i + 1] ^ 'F'));
				least = d < least ? d : least;
			}
			if (least != 0) {
				p += SCAN_BLOCK;
				continue;
			}
			lim = SCAN_BLOCK;
		}
		for (q = p; (q = memchr(q, '\n', lim - (size_t)(q - p))) != NULL; q++)
			if (memcmp(q + 1, "From ", 5) == 0)
				return q;
		p += lim;
	}
	return NULL;
}

/* pos is at the newline that ends a header block: move to the next From_ line of
 * the mbox (1) or to the end of input (0). */
static int
skip_body(struct reader *r)
{
	const char *p;
	size_t len;

	for (;;) {
		p = find_from(r->data + r->pos, r->data + r->end);
		if (p != NULL) {
			r->pos = (size_t)(p - r->data) + 1;
			len = line_at(r, 0);
			if (is_from_line(r->data + r->pos, len))
				return 1;
			continue;
		}
		/* a "\nFrom " may begin in the last five bytes */
		if (r->end - r->pos > 5)
			r->pos = r->end - 5;
		if (!fill(r)) {
			r->pos = r->end;
			return 0;
		}
	}
}

static void
scan_messages(struct scan *sc, struct reader *r)
{
	struct scan_sink *k = &sc->sink;
	unsigned long number = 0;
	size_t len, colon, name_len, flen, more;
	const char *line;
	int mbox;

	if ((len = line_at(r, 0)) == 0)
		return;
	mbox = is_from_line(r->data + r->pos, len);
	for (;;) {
		/* at the start of a message */
		if (mbox) {
			r->pos += len;	/* the "From " line */
			len = line_at(r, 0);
		}
		k->unit_begin(k->ctx, mbox && !sc->first_message_only ? UNIT_MBOX_MESSAGE :
		    UNIT_MESSAGE, ++number);
		for (; len > 0; len = line_at(r, 0)) {
			line = r->data + r->pos;
			if ((mbox && is_from_line(line, len)) || is_blank_line(line, len))
				break;
			if (line[0] == ' ' || line[0] == '\t' ||
			    (name_len = field_name(line, len, &colon)) == 0 ||
			    !wanted(sc, line, name_len)) {
				r->pos += len;
				continue;
			}
			for (flen = len; (more = line_at(r, flen)) > 0; flen += more) {
				char c = r->data[r->pos + flen];

				if (c != ' ' && c != '\t')
					break;
			}
			line = r->data + r->pos;
			parse_value(sc, line, name_len, line + colon + 1, flen - colon - 1);
			r->pos += flen;
		}
		k->unit_end(k->ctx);
		if (len == 0)
			return;
		if (is_blank_line(r->data + r->pos, len)) {
			if (!mbox || sc->first_message_only) {
				drain(r);
				return;
			}
			r->pos += len - 1;
			if (!skip_body(r))
				return;
			len = line_at(r, 0);
		} else if (sc->first_message_only) {
			drain(r);
			return;
		}
	}
}

static void
scan_lines(struct scan *sc, struct reader *r)
{
	struct scan_sink *k = &sc->sink;
	unsigned long number = 0;
	size_t len, colon, name_len, n;
	const char *line;

	while ((len = line_at(r, 0)) > 0) {
		line = r->data + r->pos;
		n = len;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		k->unit_begin(k->ctx, UNIT_LINE, ++number);
		if ((name_len = value_label(line, n, &colon)) > 0)
			parse_value(sc, line, name_len, line + colon + 1, n - colon - 1);
		else
			parse_value(sc, "", 0, line, n);
		k->unit_end(k->ctx);
		r->pos += len;
	}
}

/* Free text: line numbers are counted only up to each address found. */
struct text_state {
	struct scan *sc;
	const char *base;	/* the block being scanned */
	size_t counted;		/* newlines before base + counted are in line */
	unsigned long line;
	unsigned long unit_line;	/* the line of the open unit, if in_unit */
	int in_unit;
};

static void
on_text(void *ctx, const char *addr, size_t len, size_t local_len, size_t off)
{
	struct text_state *t = ctx;
	struct scan_sink *k = &t->sc->sink;
	struct found_addr a;
	const char *nl;

	while ((nl = memchr(t->base + t->counted, '\n', off - t->counted)) != NULL) {
		t->line++;
		t->counted = (size_t)(nl - t->base) + 1;
	}
	t->counted = off;
	if (t->in_unit && t->line != t->unit_line) {
		k->unit_end(k->ctx);
		t->in_unit = 0;
	}
	if (!t->in_unit) {
		k->unit_begin(k->ctx, UNIT_LINE, t->line);
		t->unit_line = t->line;
		t->in_unit = 1;
	}
	a.addr = addr;
	a.addr_len = len;
	a.local_len = local_len;
	a.name = "";
	a.name_len = 0;
	k->address(k->ctx, &a, "", 0);
}

static void
scan_text(struct scan *sc, struct reader *r)
{
	struct text_state t = { sc, NULL, 0, 1, 0, 0 };
	size_t n, searched = 0;
	const char *nl;

	for (;;) {
		if (r->pos == r->end && !fill(r))
			break;
		/* whole lines only, unless the input ends without a newline; bytes
		 * already searched hold no newline */
		for (n = r->end - r->pos; n > searched && r->data[r->pos + n - 1] != '\n'; n--)
			;
		if (n == searched) {
			searched = r->end - r->pos;
			if (fill(r))
				continue;
			n = r->end - r->pos;
		}
		searched = 0;
		t.base = r->data + r->pos;
		t.counted = 0;
		textscan(t.base, n, sc->flags, on_text, &t);
		for (nl = t.base + t.counted; (nl = memchr(nl, '\n', n - (size_t)(nl - t.base)));
		    nl++)
			t.line++;
		r->pos += n;
	}
	if (t.in_unit)
		sc->sink.unit_end(sc->sink.ctx);
}

/* Message if the input starts with "From " or with a header field followed by
 * another field, a continuation line or the blank line ending the header. */
static enum scan_mode
detect(struct reader *r)
{
	size_t len = line_at(r, 0), len2, colon;
	const char *second;

	if (is_from_line(r->data + r->pos, len))
		return MODE_MESSAGE;
	if (len == 0 || value_label(r->data + r->pos, len, &colon) == 0)
		return MODE_LINES;
	if ((len2 = line_at(r, len)) == 0)
		return MODE_LINES;
	second = r->data + r->pos + len;
	if (is_blank_line(second, len2) || second[0] == ' ' || second[0] == '\t' ||
	    field_name(second, len2, &colon) > 0)
		return MODE_MESSAGE;
	return MODE_LINES;
}

int
scan_fd(struct scan *sc, int fd, const char *name)
{
	struct reader r;
	enum scan_mode mode = sc->mode;
	struct stat st;

	memset(&r, 0, sizeof(r));
	r.fd = fd;
	r.name = name;
	r.sc = sc;
	r.data = sc->buf;
	sc->parser.flags = sc->flags;
	r.regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (mode == MODE_AUTO)
		mode = detect(&r);
	if (mode == MODE_MESSAGE)
		scan_messages(sc, &r);
	else if (mode == MODE_LINES)
		scan_lines(sc, &r);
	else
		scan_text(sc, &r);
	return r.err ? -1 : 0;
}
