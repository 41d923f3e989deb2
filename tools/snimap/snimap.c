/* snimap: Postfix and Dovecot SNI configuration from a list of domains, every
 * certificate and key checked before anything reaches a server. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kanri.h"
#include "check.h"
#include "input.h"
#include "postmap.h"

static const char usage[] =
    "usage: snimap [-c] [-d days] [-f format] [-l layout] [-r dir] [-C template -K template]\n"
    "              [-t type] [-w file [-p]] [file ...]\n"
    "       snimap [-c] [-d days] [-f format] [-l layout] [-w file [-p]] -s dir\n"
    "       snimap -f main.cf [-m map] [-t type] [-w file]\n"
    "  -C, --cert TEMPLATE  certificate path of a bare domain, %d is the name\n"
    "  -c, --check          check every certificate and key, one line per name\n"
    "  -d, --days N         fail a certificate that expires within N days\n"
    "  -f, --format FORMAT  postfix (default), dovecot, dovecot24 or main.cf\n"
    "  -h, --help           print this help\n"
    "  -K, --key TEMPLATE   key path of a bare domain, %d is the name\n"
    "  -l, --layout NAME    certbot (default), acme.sh or dehydrated\n"
    "  -m, --map FILE       the map -f main.cf names (default /etc/postfix/sni_maps)\n"
    "  -p, --postmap        after --write, run postmap -F TYPE:FILE (PATH, Postfix's\n"
    "                       command_directory, /usr/sbin, /usr/local/sbin)\n"
    "  -r, --root DIR       directory of the layout's certificate directories\n"
    "  -s, --scan DIR       take the names from the certificates under DIR\n"
    "  -t, --map-type TYPE  hash (default), lmdb or cdb\n"
    "  -w, --write FILE     replace the snimap block of FILE\n"
    "      --version        print the version\n";

#define MARK_BEGIN "# BEGIN snimap"
#define MARK_END "# END snimap"

enum format { FMT_POSTFIX, FMT_DOVECOT, FMT_DOVECOT24, FMT_MAINCF };

/* One domain with where it came from. */
struct item {
	struct entry e;
	char *src;              /* list file (or "-"), or the certificate of --scan */
	size_t line;            /* 0 for --scan */
	int64_t not_after;      /* --scan: picks between two certificates for one name */
	int dropped;            /* a duplicate */
};

struct list {
	struct item *v;
	size_t n;
	int errors;
};

static void
where(const struct item *it, char *buf, size_t cap)
{
	if (it->line > 0)
		snprintf(buf, cap, "%s:%zu", it->src, it->line);
	else
		snprintf(buf, cap, "%s", it->src);
}

static struct item *
list_add(struct list *l)
{
	struct item *it;

	l->v = kreallocarray(l->v, l->n + 1, sizeof *l->v);
	it = &l->v[l->n++];
	memset(it, 0, sizeof *it);
	return it;
}

/* A failed read or an over-long line is an error for the whole file, never its end:
 * a list cut short must not become a map without the names after the cut. */
static void
read_list(FILE *fp, const char *name, const struct layout *lay, struct list *l)
{
	char *line = NULL, err[INPUT_ERRLEN];
	size_t cap = 0, lineno = 0;
	ssize_t got;
	struct entry e;
	struct item *it;
	int rc;

	while ((got = kgetdelim(&line, &cap, '\n', fp, SNIMAP_LINE_MAX)) >= 0) {
		size_t len = (size_t)got;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			len--;
		/* a list saved by a Windows editor starts with a byte order mark */
		if (lineno == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
			rc = parse_line(line + 3, len - 3, &e, err);
		else
			rc = parse_line(line, len, &e, err);
		if (rc == 0)
			continue;
		if (rc > 0 && e.cert == NULL && layout_resolve(lay, &e, err) != 0) {
			entry_free(&e);
			rc = -1;
		}
		if (rc < 0) {
			kwarnx("%s:%zu: %s", name, lineno, err);
			l->errors++;
			continue;
		}
		it = list_add(l);
		it->e = e;
		it->src = kstrdup(name);
		it->line = lineno;
	}
	if (got == KLINE_TOOLONG) {
		kwarnx("%s:%zu: line too long (more than %d bytes)", name, lineno + 1,
		    SNIMAP_LINE_MAX);
		l->errors++;
	} else if (got == KLINE_ERROR) {
		kwarn("%s", name);
		l->errors++;
	}
	free(line);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
join_path(const char *dir, const char *name, const char *file)
{
	size_t len = strlen(dir) + strlen(name) + strlen(file) + 3;
	char *p = kmalloc(len);

	snprintf(p, len, "%s/%s/%s", dir, name, file);
	return p;
}

/* Where a certificate directory keeps its files under each layout. */
static void
scan_files(enum layout_kind kind, const char *dir, const char *sub, char **cert, char **key)
{
	size_t len = strlen(sub);
	char *keyname;

	if (kind != LAYOUT_ACMESH) {
		*cert = join_path(dir, sub, "fullchain.pem");
		*key = join_path(dir, sub, "privkey.pem");
		return;
	}
	if (len > 4 && strcmp(sub + len - 4, "_ecc") == 0)
		len -= 4;
	keyname = kmalloc(len + 5);
	snprintf(keyname, len + 5, "%.*s.key", (int)len, sub);
	*cert = join_path(dir, sub, "fullchain.cer");
	*key = join_path(dir, sub, keyname);
	free(keyname);
}

static void
scan_one(const char *cert, const char *key, struct list *l)
{
	char err[INPUT_ERRLEN], **names = NULL;
	size_t n = 0, i;
	int64_t not_after;

	if (path_check(cert, err) != 0 || path_check(key, err) != 0) {
		kwarnx("%s: %s", cert, err);
		l->errors++;
		return;
	}
	if (leaf_names(cert, &names, &n, &not_after, err) != 0) {
		kwarnx("%s: %s", cert, err);
		l->errors++;
		return;
	}
	for (i = 0; i < n; i++) {
		char *a = name_to_alabel(names[i], strlen(names[i]), err);

		if (a == NULL) {
			kwarnx("%s: %s: %s", cert, names[i], err);
			l->errors++;
		} else {
			struct item *it = list_add(l);

			it->e.name = a;
			it->e.wildcard = a[0] == '*';
			it->e.cert = kstrdup(cert);
			it->e.key = kstrdup(key);
			it->src = kstrdup(cert);
			it->not_after = not_after;
		}
		free(names[i]);
	}
	free(names);
}

static void
scan_dir(const char *arg, enum layout_kind kind, struct list *l)
{
	/* the map and dovecot.conf need absolute paths */
	char *dir = realpath(arg, NULL), **subs = NULL;
	DIR *d = dir != NULL ? opendir(dir) : NULL;
	struct dirent *de;
	size_t n = 0, i;

	if (d == NULL) {
		kwarn("%s", arg);
		l->errors++;
		free(dir);
		return;
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		subs = kreallocarray(subs, n + 1, sizeof *subs);
		subs[n++] = kstrdup(de->d_name);
	}
	if (errno != 0) {
		kwarn("%s", dir);
		l->errors++;
	}
	closedir(d);
	if (n > 0)
		qsort(subs, n, sizeof *subs, cmp_str);
	for (i = 0; i < n; i++) {
		char *cert, *key;
		struct stat st;

		scan_files(kind, dir, subs[i], &cert, &key);
		/* directories without a certificate (certbot's README, acme.sh's ca/) are not ours */
		if (stat(cert, &st) == 0)
			scan_one(cert, key, l);
		free(cert);
		free(key);
		free(subs[i]);
	}
	free(subs);
	free(dir);
}

/* Sorting by name, then by input order, puts duplicates side by side. */
static const struct item *sort_base;

static int
cmp_index(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_base[i].e.name, sort_base[j].e.name);

	if (c != 0)
		return c;
	return i < j ? -1 : i > j;
}

static void
drop_duplicate(struct list *l, size_t keep, size_t dup, int scanning)
{
	struct item *k = &l->v[keep], *d = &l->v[dup];
	char wk[64 + 4096], wd[64 + 4096];

	where(k, wk, sizeof wk);
	where(d, wd, sizeof wd);
	if (scanning) {
		/* two certificates for one name: the newer one is the one to serve */
		if (d->not_after > k->not_after) {
			k->dropped = 1;
			kwarnx("%s: %s is also in %s, which expires later: using that one",
			    wk, k->e.name, wd);
			return;
		}
		kwarnx("%s: %s is also in %s, which expires later: using that one",
		    wd, d->e.name, wk);
	} else if (strcmp(k->e.cert, d->e.cert) != 0 || strcmp(k->e.key, d->e.key) != 0) {
		kwarnx("%s: %s is already on %s with other files", wd, d->e.name, wk);
		l->errors++;
	} else {
		kwarnx("%s: duplicate of %s on %s, ignored", wd, d->e.name, wk);
	}
	d->dropped = 1;
}

static size_t *
find_name(const size_t *idx, size_t n, const struct item *v, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[idx[mid]].e.name, name);

		if (c == 0)
			return (size_t *)&idx[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Report duplicates (dropping all but one) and exact names that a wildcard with another
 * certificate also covers. */
static void
find_conflicts(struct list *l, int scanning)
{
	size_t *idx, i, keep;

	if (l->n == 0)
		return;
	idx = kreallocarray(NULL, l->n, sizeof *idx);
	for (i = 0; i < l->n; i++)
		idx[i] = i;
	sort_base = l->v;
	qsort(idx, l->n, sizeof *idx, cmp_index);
	for (keep = idx[0], i = 1; i < l->n; i++) {
		if (strcmp(l->v[idx[i]].e.name, l->v[keep].e.name) != 0) {
			keep = idx[i];
			continue;
		}
		drop_duplicate(l, keep, idx[i], scanning);
		if (l->v[keep].dropped)
			keep = idx[i];
	}
	for (i = 0; i < l->n; i++) {
		const struct item *it = &l->v[i], *w;
		const char *dot = strchr(it->e.name, '.');
		char *wild, wi[64 + 4096], ww[64 + 4096];
		size_t *found, len;

		if (it->dropped || it->e.wildcard || dot == NULL)
			continue;
		len = strlen(dot) + 2;
		wild = kmalloc(len);
		snprintf(wild, len, "*%s", dot);
		found = find_name(idx, l->n, l->v, wild);
		/* the one kept of a run of equal names is the first not dropped */
		while (found != NULL && found > idx && strcmp(l->v[found[-1]].e.name, wild) == 0)
			found--;
		while (found != NULL && l->v[*found].dropped)
			found = (found + 1 < idx + l->n &&
			    strcmp(l->v[found[1]].e.name, wild) == 0) ? found + 1 : NULL;
		free(wild);
		if (found == NULL)
			continue;
		w = &l->v[*found];
		if (strcmp(w->e.cert, it->e.cert) == 0)
			continue;
		where(it, wi, sizeof wi);
		where(w, ww, sizeof ww);
		kwarnx("%s: %s is also covered by %s on %s with another certificate; "
		    "Dovecot 2.3 uses whichever block comes first, 2.4 may differ", wi,
		    it->e.name, w->e.name, ww);
	}
	free(idx);
}

static void
emit(FILE *out, enum format fmt, const struct list *l, const char *maptype, const char *map)
{
	size_t i;

	if (fmt == FMT_MAINCF) {
		fprintf(out, "tls_server_sni_maps = %s:%s\n", maptype, map);
		return;
	}
	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i].e;

		if (l->v[i].dropped)
			continue;
		switch (fmt) {
		case FMT_POSTFIX:
			/* Postfix looks up ".parent" for any name under parent; a file that
			 * holds both the key and the chain is named once */
			if (strcmp(e->key, e->cert) == 0)
				fprintf(out, "%s %s\n", e->wildcard ? e->name + 1 : e->name, e->key);
			else
				fprintf(out, "%s %s, %s\n", e->wildcard ? e->name + 1 : e->name,
				    e->key, e->cert);
			break;
		case FMT_DOVECOT:
			fprintf(out, "local_name %s {\n  ssl_cert = <%s\n  ssl_key = <%s\n}\n",
			    e->name, e->cert, e->key);
			break;
		case FMT_DOVECOT24:
			fprintf(out, "local_name %s {\n  ssl_server_cert_file = %s\n"
			    "  ssl_server_key_file = %s\n}\n", e->name, e->cert, e->key);
			break;
		case FMT_MAINCF:
			break;
		}
	}
}

/* Run every check; with -c print one line per name on stdout, else only the failures
 * on stderr. Returns the number of failed names. */
static int
run_checks(const struct list *l, long days, int verbose)
{
	int64_t now = (int64_t)time(NULL);
	size_t i;
	int failed = 0;

	for (i = 0; i < l->n; i++) {
		const struct item *it = &l->v[i];
		char *text;
		enum check_status st;

		if (it->dropped)
			continue;
		st = check_entry(&it->e, now, days, &text);
		if (st == CHECK_FAILED)
			failed++;
		if (verbose) {
			if (printf("%s: %s\n", it->e.name, text) < 0)
				kwrite_failed();
		} else if (st == CHECK_FAILED) {
			kwarnx("%s: %s", it->e.name, text);
		}
		free(text);
	}
	return failed;
}

/* Find the marker lines; returns 0 with their offsets (begin == SIZE_MAX: none),
 * -1 when they are unmatched. */
static int
find_markers(const char *buf, size_t len, size_t *begin, size_t *end)
{
	size_t pos = 0, next;
	int nb = 0, ne = 0;

	*begin = *end = SIZE_MAX;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen = nl != NULL ? (size_t)(nl - (buf + pos)) : len - pos;

		next = nl != NULL ? pos + llen + 1 : len;
		if (llen == strlen(MARK_BEGIN) && memcmp(buf + pos, MARK_BEGIN, llen) == 0) {
			nb++;
			*begin = next;
		} else if (llen == strlen(MARK_END) && memcmp(buf + pos, MARK_END, llen) == 0) {
			ne++;
			if (*end == SIZE_MAX)
				*end = pos;
		}
		pos = next;
	}
	if (nb == 0 && ne == 0)
		return 0;
	if (nb != 1 || ne != 1 || *end < *begin)
		return -1;
	return 0;
}

static FILE *
memstream(char **buf, size_t *len)
{
	FILE *fp = open_memstream(buf, len);

	if (fp == NULL)
		kerr(2, "open_memstream");
	return fp;
}

/* The file's new contents: the block between the markers replaced, or appended. */
static int
build_contents(const char *path, const char *old, size_t olen, const char *block,
    size_t blen, char **out, size_t *outlen)
{
	size_t begin, end, cap;
	FILE *fp;

	if (find_markers(old, olen, &begin, &end) != 0) {
		kwarnx("%s: unmatched \"%s\" and \"%s\" lines", path, MARK_BEGIN, MARK_END);
		return -1;
	}
	fp = memstream(out, &cap);
	if (begin == SIZE_MAX) {
		fwrite(old, 1, olen, fp);
		if (olen > 0 && old[olen - 1] != '\n')
			fputc('\n', fp);
		fprintf(fp, "%s\n", MARK_BEGIN);
		fwrite(block, 1, blen, fp);
		fprintf(fp, "%s\n", MARK_END);
	} else {
		fwrite(old, 1, begin, fp);
		fwrite(block, 1, blen, fp);
		fwrite(old + end, 1, olen - end, fp);
	}
	if (fclose(fp) != 0)
		kerr(2, "open_memstream");
	*outlen = cap;
	return 0;
}

/* Replace path's marked block (or all of a map) through katomic, which reads and
 * replaces the very same file; force_mode: a map's mode is set even when it exists. */
static int
write_file(const char *path, const char *block, size_t blen, mode_t mode, int force_mode)
{
	char *old = NULL, *data;
	size_t olen = 0, dlen;
	struct katomic a;
	int err;

	if (katomic_open(&a, AT_FDCWD, path, KATOMIC_FOLLOW | KATOMIC_CREATE, mode) != 0)
		return -1;
	if (a.fd >= 0 && (err = kslurp(a.fd, 0, &old, &olen)) != 0) {
		errno = err;
		kwarn("%s", path);
		katomic_abort(&a);
		return -1;
	}
	if (force_mode)
		a.mode = mode;
	if (build_contents(path, a.fd >= 0 ? old : "", olen, block, blen, &data, &dlen) != 0) {
		free(old);
		katomic_abort(&a);
		return -1;
	}
	if (a.fd >= 0 && dlen == olen && memcmp(data, old, olen) == 0) {
		/* nothing to change, but a map's mode is still tightened */
		err = 0;
		if ((a.st.st_mode & 07777) != a.mode && fchmod(a.fd, a.mode) != 0) {
			kwarn("%s", path);
			err = -1;
		}
		free(old);
		free(data);
		katomic_abort(&a);
		return err;
	}
	free(old);
	if (katomic_begin(&a) != 0) {
		free(data);
		katomic_abort(&a);
		return -1;
	}
	if (fwrite(data, 1, dlen, a.fp) != dlen) {
		kwarn("%s", path);
		katomic_abort(&a);
		free(data);
		return -1;
	}
	free(data);
	return katomic_commit(&a, NULL);
}

static enum format
parse_format(const char *s)
{
	if (strcmp(s, "postfix") == 0)
		return FMT_POSTFIX;
	if (strcmp(s, "dovecot") == 0)
		return FMT_DOVECOT;
	if (strcmp(s, "dovecot24") == 0)
		return FMT_DOVECOT24;
	if (strcmp(s, "main.cf") == 0)
		return FMT_MAINCF;
	kusage_error(usage, "unknown format: %s", s);
}

static enum layout_kind
parse_layout(const char *s)
{
	if (strcmp(s, "certbot") == 0)
		return LAYOUT_CERTBOT;
	if (strcmp(s, "acme.sh") == 0)
		return LAYOUT_ACMESH;
	if (strcmp(s, "dehydrated") == 0)
		return LAYOUT_DEHYDRATED;
	kusage_error(usage, "unknown layout: %s", s);
}

static void
free_list(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		entry_free(&l->v[i].e);
		free(l->v[i].src);
	}
	free(l->v);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cert", required_argument, NULL, 'C' },
		{ "check", no_argument, NULL, 'c' },
		{ "days", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'K' },
		{ "layout", required_argument, NULL, 'l' },
		{ "map", required_argument, NULL, 'm' },
		{ "postmap", no_argument, NULL, 'p' },
		{ "root", required_argument, NULL, 'r' },
		{ "scan", required_argument, NULL, 's' },
		{ "map-type", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "write", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	struct layout lay = { LAYOUT_CERTBOT, NULL, NULL, NULL };
	struct list l = { NULL, 0, 0 };
	enum format fmt = FMT_POSTFIX;
	const char *maptype = "hash", *map = "/etc/postfix/sni_maps", *write = NULL;
	const char *scan = NULL, *errstr, *root = NULL;
	char *defroot = NULL, *postmap_path = NULL, err[INPUT_ERRLEN];
	int ch, check = 0, postmap = 0, layout_set = 0, status = 0, i;
	long days = 0;

	kanri_init("snimap", argv);
	while ((ch = getopt_long(argc, argv, "C:cd:f:hK:l:m:pr:s:t:w:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C':
			lay.cert_tmpl = optarg;
			break;
		case 'c':
			check = 1;
			break;
		case 'd':
			days = (long)kstrtonum(optarg, 0, 36500, &errstr);
			if (errstr != NULL)
				kusage_error(usage, "--days %s: %s", optarg, errstr);
			break;
		case 'f':
			fmt = parse_format(optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			kexit(0);
		case 'K':
			lay.key_tmpl = optarg;
			break;
		case 'l':
			lay.kind = parse_layout(optarg);
			layout_set = 1;
			break;
		case 'm':
			map = optarg;
			break;
		case 'p':
			postmap = 1;
			break;
		case 'r':
			root = optarg;
			break;
		case 's':
			scan = optarg;
			break;
		case 't':
			if (strcmp(optarg, "hash") != 0 && strcmp(optarg, "lmdb") != 0 &&
			    strcmp(optarg, "cdb") != 0)
				kusage_error(usage, "unknown map type: %s", optarg);
			maptype = optarg;
			break;
		case 'V':
			kversion();
		case 'w':
			write = optarg;
			break;
		default:
			kusage_error(usage, NULL);
		}
	}
	argc -= optind;
	argv += optind;

	if ((lay.cert_tmpl == NULL) != (lay.key_tmpl == NULL))
		kusage_error(usage, "--cert and --key go together");
	if (lay.cert_tmpl != NULL) {
		if (layout_set || root != NULL || scan != NULL)
			kusage_error(usage, "--cert and --key replace --layout, --root and --scan");
		if (template_check(lay.cert_tmpl) != 0 || template_check(lay.key_tmpl) != 0)
			kusage_error(usage, "a template may hold %%d and no other %% sequence");
		lay.kind = LAYOUT_TEMPLATE;
	}
	if (scan != NULL && argc > 0)
		kusage_error(usage, "--scan takes no domain list");
	if (scan != NULL && root != NULL)
		kusage_error(usage, "--scan DIR replaces --root");
	if (postmap && write == NULL)
		kusage_error(usage, "--postmap needs --write");
	if (postmap && fmt != FMT_POSTFIX)
		kusage_error(usage, "--postmap needs -f postfix");
	if (fmt == FMT_MAINCF) {
		if (argc > 0 || scan != NULL || check)
			kusage_error(usage, "-f main.cf reads no domain list");
		if (path_check(map, err) != 0)
			kusage_error(usage, "--map %s: %s", map, err);
	}
	if (write != NULL && *write == '\0')
		kusage_error(usage, "--write needs a file name");

	/* a postmap that cannot be found fails the run before the map source changes */
	if (postmap && (postmap_path = postmap_find()) == NULL)
		kexit(2);
	if (fmt != FMT_MAINCF && lay.kind != LAYOUT_TEMPLATE && scan == NULL) {
		if (root == NULL && (defroot = layout_default_root(lay.kind)) == NULL)
			kusage_error(usage, "HOME is not set: give --root");
		lay.root = root != NULL ? root : defroot;
	}
	if (fmt == FMT_MAINCF) {
		/* no list */
	} else if (scan != NULL) {
		scan_dir(scan, lay.kind, &l);
	} else if (argc == 0) {
		read_list(stdin, kname("-"), &lay, &l);
	} else {
		for (i = 0; i < argc; i++) {
			FILE *fp;

			if (strcmp(argv[i], "-") == 0) {
				read_list(stdin, kname("-"), &lay, &l);
				continue;
			}
			if ((fp = fopen(argv[i], "r")) == NULL) {
				kwarn("%s", argv[i]);
				l.errors++;
				continue;
			}
			read_list(fp, argv[i], &lay, &l);
			fclose(fp);
		}
	}
	find_conflicts(&l, scan != NULL);
	if (l.errors > 0) {
		status = 2;
		goto done;
	}
	if (check || write != NULL) {
		if (run_checks(&l, days, check) > 0) {
			status = 1;
			if (write != NULL)
				kwarnx("%s: not written: a check failed", write);
			goto done;
		}
		if (write == NULL)
			goto done;
	}
	if (write == NULL) {
		emit(stdout, fmt, &l, maptype, map);
		if (ferror(stdout))
			kwrite_failed();
	} else {
		char *block = NULL;
		size_t blen = 0;
		FILE *mem = memstream(&block, &blen);

		emit(mem, fmt, &l, maptype, map);
		if (fclose(mem) != 0)
			kerr(2, "open_memstream");
		if (write_file(write, block, blen, fmt == FMT_POSTFIX ? 0600 : 0644,
		    fmt == FMT_POSTFIX) != 0)
			status = 2;
		else if (postmap && postmap_run(postmap_path, maptype, write) != 0)
			status = 2;
		free(block);
	}
done:
	free_list(&l);
	free(defroot);
	free(postmap_path);
	kexit(status);
}
