/* snimap: Postfix and Dovecot SNI configuration from a list of domains, every
 * certificate and key checked before anything reaches a server. The pipeline, one file
 * per step: list.c or scan.c (input) -> merge.c -> verify.c (check.c, x509.c) ->
 * format.c -> write.c -> postmap.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanri.h"
#include "format.h"
#include "input.h"
#include "list.h"
#include "merge.h"
#include "postmap.h"
#include "scan.h"
#include "verify.h"
#include "write.h"

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

/* Everything the command line decides, checked for conflicts in one place. */
struct options {
	struct layout lay;
	enum format fmt;
	const char *maptype, *map, *write, *scan;
	int check, postmap;
	long days;
	char **files;           /* the domain lists */
	int nfiles;
	char *defroot;          /* the layout's default directory, when lay.root is it */
};

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
parse_options(int argc, char **argv, struct options *o)
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
	const char *errstr, *root = NULL;
	char err[INPUT_ERRLEN];
	int ch, layout_set = 0;

	memset(o, 0, sizeof *o);
	o->lay.kind = LAYOUT_CERTBOT;
	o->fmt = FMT_POSTFIX;
	o->maptype = "hash";
	o->map = "/etc/postfix/sni_maps";
	while ((ch = getopt_long(argc, argv, "C:cd:f:hK:l:m:pr:s:t:w:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C':
			o->lay.cert_tmpl = optarg;
			break;
		case 'c':
			o->check = 1;
			break;
		case 'd':
			o->days = (long)kstrtonum(optarg, 0, 36500, &errstr);
			if (errstr != NULL)
				kusage_error(usage, "--days %s: %s", optarg, errstr);
			break;
		case 'f':
			o->fmt = parse_format(optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			kexit(0);
		case 'K':
			o->lay.key_tmpl = optarg;
			break;
		case 'l':
			o->lay.kind = parse_layout(optarg);
			layout_set = 1;
			break;
		case 'm':
			o->map = optarg;
			break;
		case 'p':
			o->postmap = 1;
			break;
		case 'r':
			root = optarg;
			break;
		case 's':
			o->scan = optarg;
			break;
		case 't':
			if (strcmp(optarg, "hash") != 0 && strcmp(optarg, "lmdb") != 0 &&
			    strcmp(optarg, "cdb") != 0)
				kusage_error(usage, "unknown map type: %s", optarg);
			o->maptype = optarg;
			break;
		case 'V':
			kversion();
		case 'w':
			o->write = optarg;
			break;
		default:
			kusage_error(usage, NULL);
		}
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;

	if ((o->lay.cert_tmpl == NULL) != (o->lay.key_tmpl == NULL))
		kusage_error(usage, "--cert and --key go together");
	if (o->lay.cert_tmpl != NULL) {
		if (layout_set || root != NULL || o->scan != NULL)
			kusage_error(usage, "--cert and --key replace --layout, --root and --scan");
		if (template_check(o->lay.cert_tmpl) != 0 || template_check(o->lay.key_tmpl) != 0)
			kusage_error(usage, "a template may hold %%d and no other %% sequence");
		o->lay.kind = LAYOUT_TEMPLATE;
	}
	if (o->scan != NULL && o->nfiles > 0)
		kusage_error(usage, "--scan takes no domain list");
	if (o->scan != NULL && root != NULL)
		kusage_error(usage, "--scan DIR replaces --root");
	if (o->postmap && o->write == NULL)
		kusage_error(usage, "--postmap needs --write");
	if (o->postmap && o->fmt != FMT_POSTFIX)
		kusage_error(usage, "--postmap needs -f postfix");
	if (o->fmt == FMT_MAINCF) {
		if (o->nfiles > 0 || o->scan != NULL || o->check)
			kusage_error(usage, "-f main.cf reads no domain list");
		if (path_check(o->map, err) != 0)
			kusage_error(usage, "--map %s: %s", o->map, err);
	}
	if (o->write != NULL && *o->write == '\0')
		kusage_error(usage, "--write needs a file name");
	if (o->fmt != FMT_MAINCF && o->lay.kind != LAYOUT_TEMPLATE && o->scan == NULL) {
		if (root == NULL && (o->defroot = layout_default_root(o->lay.kind)) == NULL)
			kusage_error(usage, "HOME is not set: give --root");
		o->lay.root = root != NULL ? root : o->defroot;
	}
}

/* The input step: the lists named (standard input without any), or --scan's directory. */
static void
read_input(const struct options *o, struct list *l)
{
	int i;

	if (o->fmt == FMT_MAINCF)
		return;
	if (o->scan != NULL) {
		scan_dir(o->scan, o->lay.kind, l);
		return;
	}
	if (o->nfiles == 0) {
		list_read(stdin, kname("-"), &o->lay, l);
		return;
	}
	for (i = 0; i < o->nfiles; i++) {
		FILE *fp;

		if (strcmp(o->files[i], "-") == 0) {
			list_read(stdin, kname("-"), &o->lay, l);
			continue;
		}
		if ((fp = fopen(o->files[i], "r")) == NULL) {
			kwarn("%s", o->files[i]);
			l->errors++;
			continue;
		}
		list_read(fp, o->files[i], &o->lay, l);
		fclose(fp);
	}
}

/* The write step: the block into --write's file, then postmap. Returns the exit status. */
static int
write_output(const struct options *o, const struct list *l, const char *postmap_path)
{
	char *block = NULL;
	size_t blen = 0;
	FILE *mem = open_memstream(&block, &blen);
	int status = 0;

	if (mem != NULL)
		format_list(mem, o->fmt, l, o->maptype, o->map);
	if (mem == NULL || fclose(mem) != 0)
		kerr(2, "open_memstream");
	if (write_block(o->write, block, blen, o->fmt == FMT_POSTFIX ? 0600 : 0644,
	    o->fmt == FMT_POSTFIX) != 0)
		status = 2;
	else if (o->postmap && postmap_run(postmap_path, o->maptype, o->write) != 0)
		status = 2;
	free(block);
	return status;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct list l = { NULL, 0, 0 };
	char *postmap_path = NULL;
	int status = 0;

	kanri_init("snimap", argv);
	parse_options(argc, argv, &o);
	/* a postmap that cannot be found fails the run before the map source changes */
	if (o.postmap && (postmap_path = postmap_find()) == NULL)
		kexit(2);
	read_input(&o, &l);
	merge_names(&l, o.scan != NULL);
	if (l.errors > 0) {
		status = 2;
	} else if ((o.check || o.write != NULL) && verify_list(&l, o.days, o.check) > 0) {
		status = 1;
		if (o.write != NULL)
			kwarnx("%s: not written: a check failed", o.write);
	} else if (o.write != NULL) {
		status = write_output(&o, &l, postmap_path);
	} else if (!o.check) {
		format_list(stdout, o.fmt, &l, o.maptype, o.map);
		if (ferror(stdout))
			kwrite_failed();
	}
	list_free(&l);
	free(o.defroot);
	free(postmap_path);
	kexit(status);
}
