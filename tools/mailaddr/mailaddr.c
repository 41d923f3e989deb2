/* mailaddr: extract e-mail addresses from messages, mailboxes, header values and text. */
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "kanri.h"
#include "mailbox.h"
#include "rfc2047.h"
#include "scan.h"

static const char usage[] =
    "usage: mailaddr [-01cdhlmntu] [-f format] [-H headers] [--last] [--mbox] [--strict]\n"
    "                [--same h1,h2 | --same-domain h1,h2] [file ...]\n"
    "  -0, --null             end each output record with NUL instead of newline\n"
    "  -1, --first            only the first address of each message or line\n"
    "      --last             only the last address of each message or line\n"
    "  -c, --count            print the number of addresses instead\n"
    "  -d, --domain           print the domain of each address, lowercased\n"
    "  -f, --format=FMT       print FMT: %a address, %n name, %l local part,\n"
    "                         %d domain, %h header, %i message, line or file, %% a %\n"
    "  -H, --header=LIST      header fields to read, comma-separated (default:\n"
    "                         from,sender,reply-to,to,cc,bcc and their resent- forms)\n"
    "  -h, --help             print this help\n"
    "  -l, --lines            every input line is a header value\n"
    "  -m, --message          the input is a message or an mbox\n"
    "      --mbox             standard input too may be an mbox of many messages\n"
    "  -n, --name             print \"Display Name <address>\"\n"
    "      --same=H1,H2       exit 0 when the last addresses of H1 and H2 are equal\n"
    "      --same-domain=H1,H2  exit 0 when their domains are equal or nested\n"
    "      --strict           refuse local parts with consecutive or trailing dots\n"
    "  -t, --text             find addresses anywhere in free text\n"
    "  -u, --unique           print each output record once\n"
    "      --version          print the version\n";

static char *default_headers[] = {
	"from", "sender", "reply-to", "to", "cc", "bcc",
	"resent-from", "resent-sender", "resent-reply-to", "resent-to", "resent-cc",
	"resent-bcc",
};

enum { OPT_LAST = 256, OPT_MBOX, OPT_SAME, OPT_SAME_DOMAIN, OPT_STRICT, OPT_VERSION };
enum output { OUT_ADDR, OUT_NAME, OUT_DOMAIN, OUT_FORMAT };
enum pick { PICK_ALL, PICK_FIRST, PICK_LAST };
enum same { SAME_NONE, SAME_ADDR, SAME_DOMAIN };

/* Records already printed, for -u: open addressing on a 64-bit FNV-1a hash. */
struct seen {
	char **slot;
	size_t cap, used;
};

struct emitter {
	enum output output;
	const char *format;
	enum pick pick;
	enum same same;
	int unique, count_only;
	char end;			/* record terminator */
	const char *input;		/* name of the input being read */
	enum unit_kind kind;
	unsigned long number;
	int taken;			/* --first: the unit gave its address */
	struct kbuf rec, held, name;
	int have_held;
	struct rfc2047 dec;
	struct seen seen;
	unsigned long count;
	/* --same: the two fields, the last address of each in the current message */
	char *same_h[2];
	struct kbuf same_a[2];
	size_t same_local[2];		/* length of the local part in same_a */
	int same_have[2];
	unsigned long same_units;
	int same_all;
};

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* Add s[0..n) (no NUL in it) to the set; 0 if it was already there. */
static int
seen_add(struct seen *set, const char *s, size_t n)
{
	size_t i;

	if (set->used * 2 >= set->cap) {
		struct seen bigger = { NULL, set->cap ? set->cap * 2 : 1024, 0 };

		bigger.slot = kcalloc(bigger.cap, sizeof(*bigger.slot));
		for (i = 0; i < set->cap; i++) {
			if (set->slot[i] != NULL) {
				size_t j = hash(set->slot[i], strlen(set->slot[i])) & (bigger.cap - 1);

				while (bigger.slot[j] != NULL)
					j = (j + 1) & (bigger.cap - 1);
				bigger.slot[j] = set->slot[i];
				bigger.used++;
			}
		}
		free(set->slot);
		*set = bigger;
	}
	for (i = hash(s, n) & (set->cap - 1); set->slot[i] != NULL; i = (i + 1) & (set->cap - 1))
		if (strncmp(set->slot[i], s, n) == 0 && set->slot[i][n] == '\0')
			return 0;
	set->slot[i] = kstrndup(s, n);
	set->used++;
	return 1;
}

static void
seen_free(struct seen *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
}

static void
put(const char *s, size_t n)
{
	if (n > 0 && fwrite(s, 1, n, stdout) != n)
		kwrite_failed();
}

/* The display name as printed: encoded words decoded, in em->name. */
static void
decode_name(struct emitter *em, const struct found_addr *a)
{
	kbuf_reset(&em->name);
	rfc2047_display_name(&em->dec, a->name, a->name_len, &em->name);
}

static void
add_lower(struct kbuf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		kbuf_addc(b, (s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
}

static void
add_unit(struct emitter *em, struct kbuf *b)
{
	char num[32];

	if (em->kind == UNIT_MESSAGE) {
		kbuf_addstr(b, em->input);
		return;
	}
	snprintf(num, sizeof(num), "%lu", em->number);
	kbuf_addstr(b, num);
}

static void
format_record(struct emitter *em, const struct found_addr *a, const char *header,
    size_t header_len, struct kbuf *b)
{
	const char *domain = a->addr + a->local_len + 1;
	size_t domain_len = a->addr_len - a->local_len - 1;
	const char *f;

	kbuf_reset(b);
	switch (em->output) {
	case OUT_ADDR:
		kbuf_add(b, a->addr, a->addr_len);
		return;
	case OUT_DOMAIN:
		add_lower(b, domain, domain_len);
		return;
	case OUT_NAME:
		decode_name(em, a);
		mailbox_add(&em->dec, b, em->name.p, em->name.len, a->addr, a->addr_len);
		return;
	case OUT_FORMAT:
		break;
	}
	for (f = em->format; *f != '\0'; f++) {
		if (*f == '\\' && f[1] != '\0') {
			f++;
			kbuf_addc(b, *f == 'n' ? '\n' : *f == 't' ? '\t' : *f);
			continue;
		}
		if (*f != '%' || f[1] == '\0') {
			kbuf_addc(b, *f);
			continue;
		}
		switch (*++f) {
		case 'a':
			kbuf_add(b, a->addr, a->addr_len);
			break;
		case 'n':
			decode_name(em, a);
			mailbox_add_name(&em->dec, b, em->name.p, em->name.len);
			break;
		case 'l':
			kbuf_add(b, a->addr, a->local_len);
			break;
		case 'd':
			add_lower(b, domain, domain_len);
			break;
		case 'h':
			kbuf_add(b, header, header_len);
			break;
		case 'i':
			add_unit(em, b);
			break;
		default:
			kbuf_addc(b, *f);
			break;
		}
	}
}

/* After --first and --last: -u, then print or count. */
static void
output_record(struct emitter *em, const char *s, size_t n)
{
	if (em->unique && !seen_add(&em->seen, s, n))
		return;
	em->count++;
	if (em->count_only)
		return;
	put(s, n);
	if (putchar(em->end) == EOF)
		kwrite_failed();
}

static void
on_unit_begin(void *ctx, enum unit_kind kind, unsigned long number)
{
	struct emitter *em = ctx;

	em->kind = kind;
	em->number = number;
	em->taken = 0;
	em->have_held = 0;
	em->same_have[0] = em->same_have[1] = 0;
}

/* Whether a is a subdomain of b. A top-level domain alone is nobody's parent: a
 * Return-Path <x@com> must not pass for the sender of every .com From. */
static int
domain_within(const char *a, size_t na, const char *b, size_t nb)
{
	return na > nb && a[na - nb - 1] == '.' && memchr(b, '.', nb) != NULL &&
	    strncasecmp(a + na - nb, b, nb) == 0;
}

static int
same_pair(const struct emitter *em)
{
	const struct kbuf *x = &em->same_a[0], *y = &em->same_a[1];
	size_t lx = em->same_local[0], ly = em->same_local[1];
	const char *dx = x->p + lx + 1, *dy = y->p + ly + 1;
	size_t nx = x->len - lx - 1, ny = y->len - ly - 1;

	/* local parts come in their canonical spelling: "john"@x is john@x */
	if (em->same == SAME_ADDR)
		return lx == ly && memcmp(x->p, y->p, lx) == 0 && nx == ny &&
		    strncasecmp(dx, dy, nx) == 0;
	return (nx == ny && strncasecmp(dx, dy, nx) == 0) || domain_within(dx, nx, dy, ny) ||
	    domain_within(dy, ny, dx, nx);
}

static void
on_unit_end(void *ctx)
{
	struct emitter *em = ctx;

	if (em->same != SAME_NONE) {
		em->same_units++;
		if (!em->same_have[0] || !em->same_have[1] || !same_pair(em))
			em->same_all = 0;
		return;
	}
	if (em->have_held)
		output_record(em, em->held.p, em->held.len);
	em->have_held = 0;
}

static void
on_address(void *ctx, const struct found_addr *a, const char *header, size_t header_len)
{
	struct emitter *em = ctx;
	int i;

	if (em->same != SAME_NONE) {
		for (i = 0; i < 2; i++) {
			if (strlen(em->same_h[i]) == header_len &&
			    strncasecmp(em->same_h[i], header, header_len) == 0) {
				kbuf_reset(&em->same_a[i]);
				kbuf_add(&em->same_a[i], a->addr, a->addr_len);
				em->same_local[i] = a->local_len;
				em->same_have[i] = 1;
			}
		}
		return;
	}
	if (em->pick == PICK_FIRST && em->taken)
		return;
	em->taken = 1;
	if (em->pick == PICK_LAST) {
		format_record(em, a, header, header_len, &em->held);
		em->have_held = 1;
		return;
	}
	format_record(em, a, header, header_len, &em->rec);
	output_record(em, em->rec.p, em->rec.len);
}

/* "a,b,c" as a list of lowercase names; a usage error when one is empty. */
static char **
split_names(const char *list, size_t *n, const char *option)
{
	char **names, *copy = kstrdup(list), *p, *save = NULL;
	size_t i, count = 1;

	for (p = copy; *p != '\0'; p++) {
		if (*p == ',')
			count++;
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	names = kreallocarray(NULL, count, sizeof(*names));
	for (i = 0, p = strtok_r(copy, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
		size_t len;

		p += strspn(p, " \t");
		for (len = strlen(p); len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'); len--)
			p[len - 1] = '\0';
		if (len == 0)
			break;
		names[i++] = p;
	}
	if (i != count)
		kusage_error(usage, "%s: empty header name in '%s'", option, list);
	for (i = 0; i < count; i++)
		if (names[i][strcspn(names[i], " \t:")] != '\0')
			kusage_error(usage, "%s: invalid header name '%s'", option, names[i]);
	*n = count;
	return names;
}

static void
check_format(const char *f)
{
	for (; *f != '\0'; f++) {
		if (*f == '\\' && f[1] != '\0') {
			f++;
		} else if (*f == '%') {
			if (f[1] == '\0')
				kusage_error(usage, "-f: format ends with '%%'");
			if (strchr("anldhi%", f[1]) == NULL)
				kusage_error(usage, "-f: unknown conversion '%%%c' in format", f[1]);
			f++;
		}
	}
}

/* Standard input is one message unless stdin_mbox: procmail, Postfix's pipe and
 * local(8) and mail clients hand a command one message whose body lines starting
 * with "From " are not escaped; read as an mbox, its sender could write a second
 * message and choose the address --last or -1 returns. */
static int
read_input(struct scan *sc, struct emitter *em, const char *path, int stdin_mbox)
{
	int fd, r, first_only = sc->first_message_only;

	if (strcmp(path, "-") == 0) {
		em->input = "-";
		sc->first_message_only = first_only || !stdin_mbox;
		r = scan_fd(sc, STDIN_FILENO, "standard input");
		sc->first_message_only = first_only;
		return r;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		kwarn("%s", path);
		return -1;
	}
	em->input = path;
	r = scan_fd(sc, fd, path);
	close(fd);
	return r;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "null", no_argument, NULL, '0' },
		{ "first", no_argument, NULL, '1' },
		{ "count", no_argument, NULL, 'c' },
		{ "domain", no_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "header", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "last", no_argument, NULL, OPT_LAST },
		{ "mbox", no_argument, NULL, OPT_MBOX },
		{ "lines", no_argument, NULL, 'l' },
		{ "message", no_argument, NULL, 'm' },
		{ "name", no_argument, NULL, 'n' },
		{ "same", required_argument, NULL, OPT_SAME },
		{ "same-domain", required_argument, NULL, OPT_SAME_DOMAIN },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "text", no_argument, NULL, 't' },
		{ "unique", no_argument, NULL, 'u' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct emitter em;
	struct scan sc;
	const char *same_list = NULL;
	int c, status = 0, outputs = 0, modes = 0, stdin_mbox = 0, i;
	size_t n;

	kanri_init("mailaddr", argv);
	memset(&em, 0, sizeof(em));
	scan_init(&sc);
	em.end = '\n';
	sc.headers = default_headers;
	sc.nheaders = sizeof(default_headers) / sizeof(default_headers[0]);
	while ((c = getopt_long(argc, argv, "01cdf:H:hlmntu", longopts, NULL)) != -1) {
		switch (c) {
		case '0':
			em.end = '\0';
			break;
		case '1':
			em.pick = PICK_FIRST;
			break;
		case OPT_LAST:
			em.pick = PICK_LAST;
			break;
		case 'c':
			em.count_only = 1;
			break;
		case 'd':
			em.output = OUT_DOMAIN, outputs++;
			break;
		case 'f':
			check_format(optarg);
			em.format = optarg;
			em.output = OUT_FORMAT, outputs++;
			break;
		case 'H':
			sc.headers = split_names(optarg, &sc.nheaders, "-H");
			break;
		case 'h':
			fputs(usage, stdout);
			kexit(0);
		case 'l':
			sc.mode = MODE_LINES, modes++;
			break;
		case 'm':
			sc.mode = MODE_MESSAGE, modes++;
			break;
		case OPT_MBOX:
			stdin_mbox = 1;
			break;
		case 'n':
			em.output = OUT_NAME, outputs++;
			break;
		case OPT_SAME:
		case OPT_SAME_DOMAIN:
			if (same_list != NULL)
				kusage_error(usage, "--same and --same-domain given twice");
			same_list = optarg;
			em.same = c == OPT_SAME ? SAME_ADDR : SAME_DOMAIN;
			break;
		case OPT_STRICT:
			sc.flags |= ADDRLIST_STRICT;
			break;
		case 't':
			sc.mode = MODE_TEXT, modes++;
			break;
		case 'u':
			em.unique = 1;
			break;
		case OPT_VERSION:
			kversion();
		default:
			kusage_error(usage, NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (outputs > 1)
		kusage_error(usage, "-d, -f and -n exclude each other");
	if (modes > 1)
		kusage_error(usage, "-l, -m and -t exclude each other");
	if (same_list != NULL) {
		char **names = split_names(same_list, &n, em.same == SAME_ADDR ? "--same" :
		    "--same-domain");

		if (n != 2)
			kusage_error(usage, "%s needs two header names, as in from,return-path",
			    em.same == SAME_ADDR ? "--same" : "--same-domain");
		if (sc.mode == MODE_LINES || sc.mode == MODE_TEXT)
			kusage_error(usage, "--same and --same-domain read a message, not -l or -t");
		em.same_h[0] = names[0];
		em.same_h[1] = names[1];
		em.same_all = 1;
		sc.headers = names;
		sc.nheaders = 2;
		sc.mode = MODE_MESSAGE;
		sc.first_message_only = 1;
	}
	if (em.output == OUT_NAME || (em.output == OUT_FORMAT && strstr(em.format, "%n")))
		sc.flags |= ADDRLIST_NAMES;
	rfc2047_init(&em.dec);
	sc.sink.unit_begin = on_unit_begin;
	sc.sink.address = on_address;
	sc.sink.unit_end = on_unit_end;
	sc.sink.ctx = &em;
	if (argc == 0) {
		if (read_input(&sc, &em, "-", stdin_mbox) != 0)
			status = 2;
	}
	for (i = 0; i < argc; i++)
		if (read_input(&sc, &em, argv[i], stdin_mbox) != 0)
			status = 2;
	if (em.count_only && em.same == SAME_NONE)
		printf("%lu%c", em.count, em.end);
	if (status == 0) {
		if (em.same != SAME_NONE)
			status = em.same_units > 0 && em.same_all ? 0 : 1;
		else
			status = em.count > 0 ? 0 : 1;
	}
	rfc2047_free(&em.dec);
	seen_free(&em.seen);
	scan_free(&sc);
	kbuf_free(&em.rec);
	kbuf_free(&em.held);
	kbuf_free(&em.name);
	kbuf_free(&em.same_a[0]);
	kbuf_free(&em.same_a[1]);
	kexit(status);
}
