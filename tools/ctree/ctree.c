/* ctree: list directories as a tree, like tree(1), streaming; or draw a list of paths. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ctree.h"
#include "emit.h"
#include "html.h"
#include "kanri.h"
#include "walk.h"

static const char usage[] =
    "usage: ctree [-acdDfFghilnNpqQrstuUvxCJX0] [-L level] [-o file] [-P pattern] [-I pattern]\n"
    "             [--charset=X] [--sort=key] [--fromfile] [--style=sed]\n"
    /* HTML output (tree -H) */
    "             [-H [-]baseHREF] [-T title] [--nolinks] [--hintro=file] [--houtro=file]\n"
    /* tree 2.3.1 options */
    "             [--acl] [--selinux] [--hyperlink] [--scheme=X] [--authority=X]\n"
    "             [--condense] [--compress=N] [-ASR] [--metafirst] [--opt-toggle]\n"
    "             [--gitfile=file] [--fflinks] [--info] [--infofile=file]\n"
    "             [directory ...]\n"
    "       ctree --fromtabfile[=file] [-0] [option ...] [file ...]\n";

static const char help[] =
    "  -a, --all              list hidden entries too\n"
    "  -d, --dirs-only        list directories only\n"
    "  -l, --follow           follow symbolic links to directories\n"
    "  -f, --full-path        print each entry's path from its directory argument\n"
    "  -x, --one-file-system  stay on the file system of each directory argument\n"
    "  -L, --level=N          descend at most N levels\n"
    "  -o, --output=FILE      write the listing to FILE\n"
    "      --noreport         omit the directories and files count\n"
    "      --filelimit=N      do not descend into directories of more than N entries\n"
    "  -P, --pattern=PAT      list only files matching PAT (wildcards, | alternatives)\n"
    "  -I, --ignore=PAT       do not list entries matching PAT\n"
    "      --ignore-case      match -P and -I patterns without regard to case\n"
    "      --matchdirs        apply -P to directory names too\n"
    "      --prune            omit directories that end up empty\n"
    "      --gitignore        omit what .gitignore files exclude, and .git\n"
    "  -p, --perms            print each entry's type and permissions\n"
    "  -u, --user             print the owner's name or UID\n"
    "  -g, --group            print the group's name or GID\n"
    "  -s, --size             print the size in bytes\n"
    "  -h, --human            print sizes as 1K 234M 2G (powers of 1024)\n"
    "      --si               like -h with powers of 1000\n"
    "      --du               print directory sizes as the total of their content\n"
    "  -D, --date             print the modification time (-c: status change)\n"
    "      --timefmt=FMT      print times with strftime(3) format FMT\n"
    "  -F, --classify         append / = * @ | as ls -F does\n"
    "  -Q, --quote            put names in double quotes\n"
    "  -q, --hide-control     print non-printable characters as ?\n"
    "  -N, --literal          print names as they are\n"
    "      --inodes           print inode numbers\n"
    "      --device           print device numbers\n"
    "  -v, --version-sort     sort by version\n"
    "  -t, --time-sort        sort by modification time\n"
    "  -c, --ctime-sort       sort and date by status change time\n"
    "  -U, --unsorted         do not sort\n"
    "  -r, --reverse          reverse the sort\n"
    "      --dirsfirst        list directories before files\n"
    "      --filesfirst       list files before directories\n"
    "      --sort=KEY         sort by name, version, size, mtime, ctime or none\n"
    "  -i, --noindent         print no indentation lines\n"
    "  -n, --nocolor          never color names\n"
    "  -C, --color            color names by LS_COLORS\n"
    "      --charset=X        draw lines in charset X (UTF-8, ASCII, IBM437, ...)\n"
    "  -J, --json             print JSON\n"
    "  -X, --xml              print XML\n"
    "      --style=sed        print the layout of the find|sort|sed one-liner\n"
    "      --fromfile[=FILE]  draw the paths listed in the files (- or none: stdin)\n"
    "  -0, --null             --fromfile paths end in NUL, not newline\n"
    /* HTML output (tree -H) */
    "  -H, --html=BASE        print an HTML page whose links start with BASE\n"
    "                         (-BASE: without the directory argument)\n"
    "  -T, --title=TITLE      the HTML page's title and heading\n"
    "      --nolinks          HTML without links\n"
    "      --hintro=FILE      FILE's bytes in place of the HTML page's start\n"
    "      --houtro=FILE      FILE's bytes in place of the HTML page's end\n"
    "      --help             print this help\n"
    "      --version          print the version\n"
    /* tree 2.3.1 options */
    "      --acl              print a + after the permissions where a POSIX ACL is (sets -p)\n"
    "      --selinux          print each entry's SELinux security context\n"
    "      --hyperlink        make names OSC 8 terminal hyperlinks\n"
    "      --scheme=X         the hyperlinks' scheme, default file://\n"
    "      --authority=X      the hyperlinks' host, default this host's name\n"
    "      --condense         print a chain of lone subdirectories on one line\n"
    "      --compress=N       narrower lines: 1 to 3, -1 to -3 without spaces, 4: none\n"
    "  -A                     draw lines with the VT100 graphics characters\n"
    "  -S                     draw lines in IBM437 (--charset=IBM437)\n"
    "  -R                     -H with -L: a page DIR/00Tree.html for each directory\n"
    "                         at the limit, and so on down\n"
    "      --metafirst        print the [...] information before the lines\n";
/* more tree 2.3.1 options (a second string: C11 promises 4095 bytes a literal) */
static const char help2[] =
    "      --opt-toggle       from here on, a flag option turns its setting over\n"
    "      --gitfile=FILE     omit what FILE's gitignore patterns exclude (sets --gitignore)\n"
    "      --fflinks          --fromfile: \"path -> target\" lines are symbolic links\n"
    "      --fromtabfile[=FILE]  like --fromfile, a name a line, its depth in leading tabs\n"
    "      --info             print the comments .info files hold for entries\n"
    "      --infofile=FILE    read FILE as a .info file too (sets --info)\n";

enum {
	O_NOREPORT = 256, O_FILELIMIT, O_IGNORECASE, O_MATCHDIRS, O_PRUNE, O_GITIGNORE,
	O_SI, O_DU, O_TIMEFMT, O_INODES, O_DEVICE, O_DIRSFIRST, O_FILESFIRST, O_SORT,
	O_CHARSET, O_STYLE, O_FROMFILE, O_HELP, O_VERSION,
	/* tree 2.3.1 options */
	O_ACL, O_SELINUX, O_HYPERLINK, O_SCHEME, O_AUTHORITY, O_CONDENSE, O_COMPRESS, O_METAFIRST,
	O_OPTTOGGLE, O_GITFILE, O_FFLINKS, O_FROMTABFILE, O_INFO, O_INFOFILE
};
/* HTML output (tree -H) */
enum { O_NOLINKS = 512, O_HINTRO, O_HOUTRO };

static const struct option longopts[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "dirs-only", no_argument, NULL, 'd' },
	{ "follow", no_argument, NULL, 'l' },
	{ "full-path", no_argument, NULL, 'f' },
	{ "one-file-system", no_argument, NULL, 'x' },
	{ "level", required_argument, NULL, 'L' },
	{ "output", required_argument, NULL, 'o' },
	{ "noreport", no_argument, NULL, O_NOREPORT },
	{ "filelimit", required_argument, NULL, O_FILELIMIT },
	{ "pattern", required_argument, NULL, 'P' },
	{ "ignore", required_argument, NULL, 'I' },
	{ "ignore-case", no_argument, NULL, O_IGNORECASE },
	{ "matchdirs", no_argument, NULL, O_MATCHDIRS },
	{ "prune", no_argument, NULL, O_PRUNE },
	{ "gitignore", no_argument, NULL, O_GITIGNORE },
	{ "perms", no_argument, NULL, 'p' },
	{ "user", no_argument, NULL, 'u' },
	{ "group", no_argument, NULL, 'g' },
	{ "size", no_argument, NULL, 's' },
	{ "human", no_argument, NULL, 'h' },
	{ "si", no_argument, NULL, O_SI },
	{ "du", no_argument, NULL, O_DU },
	{ "date", no_argument, NULL, 'D' },
	{ "timefmt", required_argument, NULL, O_TIMEFMT },
	{ "classify", no_argument, NULL, 'F' },
	{ "quote", no_argument, NULL, 'Q' },
	{ "hide-control", no_argument, NULL, 'q' },
	{ "literal", no_argument, NULL, 'N' },
	{ "inodes", no_argument, NULL, O_INODES },
	{ "device", no_argument, NULL, O_DEVICE },
	{ "version-sort", no_argument, NULL, 'v' },
	{ "time-sort", no_argument, NULL, 't' },
	{ "ctime-sort", no_argument, NULL, 'c' },
	{ "unsorted", no_argument, NULL, 'U' },
	{ "reverse", no_argument, NULL, 'r' },
	{ "dirsfirst", no_argument, NULL, O_DIRSFIRST },
	{ "filesfirst", no_argument, NULL, O_FILESFIRST },
	{ "sort", required_argument, NULL, O_SORT },
	{ "noindent", no_argument, NULL, 'i' },
	{ "nocolor", no_argument, NULL, 'n' },
	{ "color", no_argument, NULL, 'C' },
	{ "charset", required_argument, NULL, O_CHARSET },
	{ "json", no_argument, NULL, 'J' },
	{ "xml", no_argument, NULL, 'X' },
	{ "style", required_argument, NULL, O_STYLE },
	{ "fromfile", optional_argument, NULL, O_FROMFILE },
	{ "null", no_argument, NULL, '0' },
	{ "help", no_argument, NULL, O_HELP },
	{ "version", no_argument, NULL, O_VERSION },
	/* HTML output (tree -H) */
	{ "html", required_argument, NULL, 'H' },
	{ "title", required_argument, NULL, 'T' },
	{ "nolinks", no_argument, NULL, O_NOLINKS },
	{ "hintro", required_argument, NULL, O_HINTRO },
	{ "houtro", required_argument, NULL, O_HOUTRO },
	/* tree 2.3.1 options */
	{ "acl", no_argument, NULL, O_ACL },
	{ "selinux", no_argument, NULL, O_SELINUX },
	{ "hyperlink", no_argument, NULL, O_HYPERLINK },
	{ "scheme", required_argument, NULL, O_SCHEME },
	{ "authority", required_argument, NULL, O_AUTHORITY },
	{ "condense", no_argument, NULL, O_CONDENSE },
	{ "compress", required_argument, NULL, O_COMPRESS },
	{ "metafirst", no_argument, NULL, O_METAFIRST },
	{ "opt-toggle", no_argument, NULL, O_OPTTOGGLE },
	{ "gitfile", required_argument, NULL, O_GITFILE },
	{ "fflinks", no_argument, NULL, O_FFLINKS },
	{ "fromtabfile", optional_argument, NULL, O_FROMTABFILE },
	{ "info", no_argument, NULL, O_INFO },
	{ "infofile", required_argument, NULL, O_INFOFILE },
	{ NULL, 0, NULL, 0 }
};

static void
add_pattern(char ***list, size_t *n, const char *p)
{
	*list = kreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = (char *)p;
}

static long
number_arg(const char *what, const char *s, long min)
{
	const char *errstr;
	long long v = kstrtonum(s, min, 1000000000LL, &errstr);

	if (errstr != NULL)
		kusage_error(usage, "%s: %s: %s", what, s, errstr);
	return (long)v;
}

/* -L: tree reads the level with strtoul(s, NULL, 0), so 0x10 and 010 are numbers too;
 * what follows the number must be nothing (tree ignores it: -L 2x is -L 2). */
static long
level_arg(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (end == s || *end != '\0')
		kusage_error(usage, "-L: %s: invalid", s);
	if (v < 1)
		kusage_error(usage, "-L: %s: too small", s);
	if (errno == ERANGE || v > 1000000000LL)
		kusage_error(usage, "-L: %s: too large", s);
	return (long)v;
}

static enum sortkey
sort_arg(const char *s)
{
	static const char *const names[] = { "name", "version", "size", "mtime", "ctime", "none" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i]) == 0)
			return (enum sortkey)i;
	kusage_error(usage, "--sort: %s: not one of name, version, size, mtime, ctime, none", s);
}

/* --compress N, as tree 2.3.1 reads it: below 0 drops the space after each level;
 * 1 to 3 (0 is 1) narrow the lines; beyond 3 there are none, as under -i. */
static void
compress_arg(const char *s)
{
	long n = number_arg("--compress", s, -1000000000L);

	opt.compress = true;
	opt.nospace = n < 0;
	if (n < 0)
		n = -n;
	if (n > 3) {
		opt.noindent = true;
		n = 0;
	}
	opt.clvl = n > 0 ? (int)n - 1 : 0;
}

static const char shortopts[] = "adlfxL:o:P:I:pugshDFQqNvtcUrinCJX0ASR"
    "H:T:";     /* HTML output (tree -H) */
/* The letters of ctree that tree 2.1.0 has too: a group of them may be read tree's way. */
static const char tree_letters[] = "adlfxLoPIpugshDFQqNvtcUrinCJXASR"
    "HT";       /* HTML output (tree -H) */

static bool
takes_arg(char c)
{
	const char *p = strchr(shortopts, c);

	return c != ':' && p != NULL && p[1] == ':';
}

/* The long option that --name (up to '=') names, exactly or as getopt_long's unique
 * abbreviation; NULL if none. */
static const struct option *
long_option(const char *arg)
{
	size_t n = strcspn(arg, "=");
	const struct option *o, *found = NULL;

	for (o = longopts; o->name != NULL; o++) {
		if (strncmp(o->name, arg, n) != 0)
			continue;
		if (o->name[n] == '\0')
			return o;
		if (found != NULL)
			return NULL;
		found = o;
	}
	return found;
}

/* Whether the option group g (without its '-') is read tree's way, with left
 * arguments after it: tree gives each option of a group that needs one the
 * next argument in turn (-LP 2 '*.c'), where getopt makes the rest of the group the
 * argument of the first (-L2, -P'*.c'). tree's way is taken when the letters after
 * that first option are all options tree knows and enough arguments follow. */
static bool
tree_group(const char *g, int left)
{
	const char *p;
	int need = 0;

	for (p = g; *p != '\0' && !takes_arg(*p); p++)
		;
	if (*p == '\0' || p[1] == '\0')
		return false;
	for (; *p != '\0'; p++) {
		if (strchr(tree_letters, *p) == NULL)
			return false;
		need += takes_arg(*p);
	}
	return need <= left;
}

/* Whether getopt gives the option group g (without its '-') the next argument: its
 * first option that takes one ends the group. */
static bool
group_takes_next(const char *g)
{
	for (; *g != '\0'; g++)
		if (takes_arg(*g))
			return g[1] == '\0';
	return false;
}

static char *
option_word(const char *letters, size_t n)
{
	char *w = kmalloc(n + 2);

	w[0] = '-';
	memcpy(w + 1, letters, n);
	w[n + 1] = '\0';
	return w;
}

/* argv with each group read tree's way split into words getopt reads the same way
 * (-LP 2 x becomes -L 2 -P x); values of options are passed over, -- ends options. */
static char **
split_tree_groups(int argc, char **argv)
{
	size_t cap = (size_t)argc + 1, n = 0;
	char **out;
	const struct option *o;
	const char *a, *p;
	bool posix = getenv("POSIXLY_CORRECT") != NULL;
	int i;

	for (i = 0; i < argc; i++)
		cap += strlen(argv[i]);
	out = kreallocarray(NULL, cap, sizeof(*out));
	for (i = 0; i < argc;) {
		a = argv[i];
		out[n++] = argv[i++];
		if (i == 1 || a[0] != '-' || a[1] == '\0') {
			/* getopt stops at the first operand there */
			while (i > 1 && posix && i < argc)
				out[n++] = argv[i++];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			while (i < argc)
				out[n++] = argv[i++];
		} else if (a[1] == '-') {
			o = long_option(a + 2);
			if (o != NULL && o->has_arg == required_argument && strchr(a, '=') == NULL &&
			    i < argc)
				out[n++] = argv[i++];
		} else if (!tree_group(a + 1, argc - i)) {
			if (group_takes_next(a + 1) && i < argc)
				out[n++] = argv[i++];
		} else {
			for (p = a + 1; !takes_arg(*p); p++)
				;
			out[n - 1] = option_word(a + 1, (size_t)(p - a));
			out[n++] = argv[i++];
			for (p++; *p != '\0'; p++) {
				out[n++] = option_word(p, 1);
				if (takes_arg(*p))
					out[n++] = argv[i++];
			}
		}
	}
	out[n] = NULL;
	return out;
}

/* Read one --fromfile list; returns 0, or 2 after a message if it cannot be read. */
static int
read_pathlist(struct pathtree *t, const char *file)
{
	bool in = strcmp(file, "-") == 0 || strcmp(file, ".") == 0;
	FILE *fp = in ? stdin : fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = 0;
	unsigned long lineno = 0;

	if (fp == NULL) {
		struct stat st;

		/* a missing list is marked in the listing, as tree marks it */
		if (lstat(file, &st) == 0)
			kwarn("%s", file);
		return 2;
	}
	while ((n = kgetdelim(&line, &cap, opt.nul ? '\0' : '\n', fp, 0)) > 0) {
		size_t len = (size_t)n;

		if (line[len - 1] == (opt.nul ? '\0' : '\n'))
			len--;
		if (!opt.nul)
			while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
				len--;
		lineno++;
		if (!opt.tabfile) {
			pathtree_add(t, line, len);
		} else if (!pathtree_add_tabbed(t, line, len)) {
			kwarnx("%s: line %lu: deeper than the line before allows: left out",
			    in ? "standard input" : file, lineno);
			status = 2;
		}
	}
	if (n == KLINE_ERROR) {
		kwarn("%s", in ? "standard input" : file);
		status = 2;
	}
	free(line);
	if (!in)
		fclose(fp);
	return status;
}

static int
list_fromfiles(char **files, size_t n)
{
	long dirs = 0, files_n = 0;
	int status = 0;
	size_t i;

	emit_begin();
	for (i = 0; i < n; i++) {
		struct pathtree t;
		const char *label = strcmp(files[i], "-") == 0 ? "." : files[i];

		memset(&t, 0, sizeof(t));
		if (read_pathlist(&t, files[i]) != 0)
			status = 2;
		pathtree_finish(&t);
		if (walk_pathtree(&t, label, i + 1 == n, &dirs, &files_n) != 0)
			status = 2;
		pathtree_free(&t);
	}
	if (!opt.noreport && opt.format != FMT_SED)
		emit_report(dirs, files_n, 0);
	emit_end();
	return status;
}

static void
setup_locale(const char *charset)
{
	const char *cs = getenv("TREE_CHARSET");
	const char *coll;

	setlocale(LC_CTYPE, "");
	setlocale(LC_COLLATE, "");
	opt.mb = MB_CUR_MAX > 1;
	coll = setlocale(LC_COLLATE, NULL);
	/* glibc's C.UTF-8 collates by code point, which is byte order: skip strcoll */
	opt.coll_bytes = coll == NULL || strcmp(coll, "C") == 0 || strcmp(coll, "POSIX") == 0 ||
	    strcmp(coll, "C.UTF-8") == 0 || strcmp(coll, "C.utf8") == 0;
	if (cs == NULL) {
		const char *code = nl_langinfo(CODESET);

		if (strcmp(code, "UTF-8") == 0 || strcmp(code, "utf8") == 0)
			cs = "UTF-8";
	}
	if (charset != NULL)
		cs = charset;
	set_charset(cs);
	if (opt.compress)
		set_compress(cs);
	else if (opt.ansi)
		set_ansi();
}

/* What main needs besides opt: the command line's own settings and the operands. */
struct cli {
	const char *charset, *outfile;
	char *fromarg;
	bool force_color, no_color;
	int argc;               /* operands */
	char **argv;
};

/* Fill opt and *cli from the command line; usage errors end the program. */
static void
parse_options(int argc, char **argv, struct cli *cli)
{
	int ch;
	bool toggle = false;    /* --opt-toggle: the flags below flip, as in tree 2.3.1 */

#define SET(f) ((f) = toggle ? !(f) : true)
	memset(cli, 0, sizeof(*cli));
	argv = split_tree_groups(argc, argv);
	for (argc = 0; argv[argc] != NULL; argc++)
		;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': SET(opt.a); break;
		case 'd': SET(opt.d); break;
		case 'l': SET(opt.l); break;
		case 'f': SET(opt.f); break;
		case 'x': SET(opt.x); break;
		case 'L': opt.level = level_arg(optarg); break;
		case 'o': cli->outfile = optarg; break;
		case O_NOREPORT: SET(opt.noreport); break;
		case O_FILELIMIT: opt.filelimit = number_arg("--filelimit", optarg, 0); break;
		case 'P': add_pattern(&opt.ppat, &opt.nppat, optarg); break;
		case 'I': add_pattern(&opt.ipat, &opt.nipat, optarg); break;
		case O_IGNORECASE: SET(opt.ignorecase); break;
		case O_MATCHDIRS: SET(opt.matchdirs); break;
		case O_PRUNE: SET(opt.prune); break;
		case O_GITIGNORE: SET(opt.gitignore); break;
		case 'p': SET(opt.p); break;
		case 'u': SET(opt.u); break;
		case 'g': SET(opt.g); break;
		case 's': SET(opt.s); break;
		case 'h': SET(opt.h); opt.s = opt.h; break;
		case O_SI: SET(opt.si); opt.h = opt.s = opt.si; break;
		case O_DU: SET(opt.du); opt.s = opt.du; break;
		case 'D': SET(opt.D); break;
		case O_TIMEFMT: opt.timefmt = optarg; opt.D = true; break;
		case 'F': SET(opt.F); break;
		case 'Q': SET(opt.Q); break;
		case 'q': SET(opt.q); break;
		case 'N': SET(opt.N); break;
		case O_INODES: SET(opt.inodes); break;
		case O_DEVICE: SET(opt.device); break;
		case 'v': opt.sort = SORT_VERSION; break;
		case 't': opt.sort = SORT_MTIME; break;
		case 'c': opt.sort = SORT_CTIME; opt.ctime = true; break;
		case 'U': opt.sort = SORT_NONE; break;
		case 'r': SET(opt.reverse); break;
		case O_DIRSFIRST: opt.top = TOP_DIRS; break;
		case O_FILESFIRST: opt.top = TOP_FILES; break;
		case O_SORT: opt.sort = sort_arg(optarg); break;
		case 'i': SET(opt.noindent); break;
		case 'n': SET(cli->no_color); break;
		case 'C': SET(cli->force_color); break;
		case O_CHARSET: cli->charset = optarg; break;
		case 'J': opt.format = FMT_JSON; break;
		case 'X': opt.format = FMT_XML; break;
		case O_STYLE:
			if (strcmp(optarg, "sed") != 0)
				kusage_error(usage, "--style: %s: only sed is known", optarg);
			opt.format = FMT_SED;
			break;
		case O_FROMFILE: opt.fromfile = true; opt.tabfile = false; cli->fromarg = optarg; break;
		case '0': opt.nul = true; break;
		case O_HELP:
			fputs(usage, stdout);
			fputs(help, stdout);
			fputs(help2, stdout);
			kexit(0);
		case O_VERSION:
			kversion();
		/* HTML output (tree -H) */
		case 'H':
			opt.format = FMT_HTML;
			/* tree 2.2.1: a leading '-' asks for hrefs without the directory argument */
			opt.html_offset = optarg[0] == '-';
			opt.html_base = optarg + opt.html_offset;
			break;
		case 'T': opt.html_title = optarg; break;
		case O_NOLINKS: SET(opt.html_nolinks); break;
		case O_HINTRO: opt.html_intro = optarg; break;
		case O_HOUTRO: opt.html_outro = optarg; break;
		/* tree 2.3.1 options */
		case O_ACL: SET(opt.acl); opt.p = opt.p || opt.acl; break;
		case O_SELINUX: SET(opt.selinux); break;
		case O_HYPERLINK: SET(opt.hyperlink); break;
		case O_SCHEME: opt.scheme = optarg; break;
		case O_AUTHORITY: opt.authority = optarg; break;
		case O_CONDENSE: SET(opt.condense); break;
		case O_COMPRESS: compress_arg(optarg); break;
		case 'A': SET(opt.ansi); break;
		case 'S': cli->charset = "IBM437"; break;
		case 'R': SET(opt.R); break;
		case O_METAFIRST: SET(opt.metafirst); break;
		case O_OPTTOGGLE: toggle = !toggle; break;
		case O_FROMTABFILE: opt.fromfile = opt.tabfile = true; cli->fromarg = optarg; break;
		case O_FFLINKS: SET(opt.fflinks); break;
		case O_GITFILE: gi_add_file(optarg); opt.gitignore = true; break;
		case O_INFO: SET(opt.info); break;
		case O_INFOFILE: info_add_file(optarg); opt.info = true; break;
		default:
			kusage_error(usage, NULL);
		}
	}
#undef SET
	cli->argc = argc - optind;
	cli->argv = argv + optind;
	if (opt.d)
		opt.prune = false;
	/* tree: -R needs -L; its pages are HTML pages (see the man page) */
	if (opt.level < 0 || opt.format != FMT_HTML)
		opt.R = false;
	if (opt.format == FMT_SED)
		opt.a = opt.noreport = true;
	opt.need_stat = opt.p || opt.u || opt.g || opt.s || opt.D || opt.inodes || opt.device ||
	    opt.du || opt.F || opt.sort == SORT_SIZE || opt.sort == SORT_MTIME ||
	    opt.sort == SORT_CTIME || cli->force_color;
}

int
main(int argc, char **argv)
{
	char *dot[] = { ".", NULL }, *dash[] = { "-", NULL };
	struct cli cli;
	int status;

	kanri_init("ctree", argv);
	parse_options(argc, argv, &cli);
	if (opt.timefmt != NULL)
		setlocale(LC_TIME, "");
	setup_locale(cli.charset);
	if (opt.format == FMT_HTML)
		html_open(cli.force_color);
	if (cli.outfile != NULL) {
		int fd = open(cli.outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

		if (fd < 0)
			kerr(2, "%s", cli.outfile);
		out_open(fd);
	}
	/* tree looks at its standard output even under -o; a file gets colors only if forced */
	/* tree -H colors no name: -C gives each link a class instead */
	if (opt.format != FMT_HTML && color_setup(cli.force_color, cli.no_color, cli.outfile == NULL && isatty(1))) {
		emit_set_color(true);
		opt.need_stat = true;
	}
	if (opt.hyperlink)
		hyper_setup();
	if (opt.info)
		info_add_global();
	if (opt.fromfile) {
		if (cli.fromarg != NULL)
			status = list_fromfiles(&cli.fromarg, 1);
		else if (cli.argc > 0)
			status = list_fromfiles(cli.argv, (size_t)cli.argc);
		else
			status = list_fromfiles(dash, 1);
	} else if (cli.argc > 0) {
		status = walk_roots(cli.argv, (size_t)cli.argc);
	} else {
		status = walk_roots(dot, 1);
	}
	out_flush();
	gi_clear();
	info_clear();
	free(opt.ppat);
	free(opt.ipat);
	kexit(status);
}
