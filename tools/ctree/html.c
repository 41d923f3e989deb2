/* html.c: the listing as an HTML page of links, in the layout of tree 2.3.1's -H. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ctree.h"
#include "emit.h"
#include "html.h"
#include "kanri.h"

/* --hintro, --houtro: read once, for every page -R writes */
static char *intro, *outro;
static size_t intro_len, outro_len;
bool html_paged;
static bool classes;            /* -C: a class attribute on each link */
static bool utf8_doc;           /* the page declares UTF-8: other bytes are escaped */

/* tree's dirname of each level: the directory argument at 0, then the path of the
 * directory whose entries are listed at level + 1 (a followed link's by its target) */
static char **dirname;
static size_t ndirname;
static size_t rootlen;          /* -H -baseHREF: what hrefs leave out of a dirname */
static off_t du_total;          /* --du: the directory arguments' totals */

/* The lines tree 2.3.1 draws in HTML for a charset: the vertical line, the tee and
 * the corner, each followed by &nbsp; (a blank is three &nbsp;). */
struct htmllines {
	const char *names;      /* ":"-separated, matched without regard to case */
	const char *vert, *tee, *corner;
};

static const struct htmllines htmllines[] = {
	{ ":UTF-8:utf8:", "\342\224\202\302\240\302\240",
	    "\342\224\234\342\224\200\342\224\200", "\342\224\224\342\224\200\342\224\200" },
	{ ":ISO-8859-1:ISO-8859-1:1987:ISO_8859-1:latin1:l1:IBM819:CP819:csISOLatin1:"
	  "ISO-8859-3:ISO_8859-3:1988:ISO_8859-3:latin3:ls:csISOLatin3:ISO-8859-7:"
	  "ISO_8859-7:1987:ISO_8859-7:ELOT_928:ECMA-118:greek:greek8:csISOLatinGreek:"
	  "ISO-8859-8:ISO_8859-8:1988:iso-ir-138:ISO_8859-8:hebrew:csISOLatinHebrew:"
	  "ISO-8859-9:ISO_8859-9:1989:iso-ir-148:ISO_8859-9:latin5:l5:csISOLatin5:",
	    "|  ", "|--", "&middot;--" },
	{ ":Shift_JIS:MS_Kanji:csShiftJIS:", "\204\240  ", "\204\245\204\237\204\237",
	    "\204\244\204\237\204\237" },
	{ ":EUC-JP:Extended_UNIX_Code_Packed_Format_for_Japanese:csEUCPkdFmtJapanese:",
	    "\250\242  ", "\250\247\250\241\250\241", "\250\246\250\241\250\241" },
	{ ":EUC-KR:csEUCKR:", "\246\242  ", "\246\247\246\241\246\241",
	    "\246\246\246\241\246\241" },
	{ ":ISO-2022-JP:csISO2022JP:ISO-2022-JP-2:csISO2022JP2:", "\033$B(\"\033(B  ",
	    "\033$B('\033$B(!\033$B(!\033(B", "\033$B(&\033$B(!\033$B(!\033(B" },
	{ ":IBM437:cp437:437:csPC8CodePage437:IBM852:cp852:852:csPCp852:IBM863:cp863:863:"
	  "csIBM863:IBM855:cp855:855:csIBM855:IBM865:cp865:865:csIBM865:IBM866:cp866:866:"
	  "csIBM866:IBM850:cp850:850:csPC850Multilingual:IBM00858:CCSID00858:CP00858:"
	  "PC-Multilingual-850+euro:IBM869:cp869:869:cp-gr:csIBM869:",
	    "\263  ", "\303\304\304", "\300\304\304" },
	{ ":GB2312:csGB2312:", "\251\246  ", "\251\300\251\244\251\244",
	    "\251\270\251\244\251\244" },
	{ ":Big5:csBig5:", "\242x  ", "\242u\242\167\242\167", "\242|\242\167\242\167" },
	{ ":KOI8-R:csKOI8R:KOI8-U:", "\201  ", "\206\200\200", "\204\200\200" },
	{ "", "|  ", "|--", "`--" },      /* any other charset, or none */
};
static const struct htmllines *lines = &htmllines[sizeof(htmllines) / sizeof(htmllines[0]) - 1];

static bool
charset_named(const char *names, const char *cs)
{
	size_t n = strlen(cs);
	const char *p;

	for (p = names; n > 0 && (p = strchr(p, ':')) != NULL && p[1] != '\0'; p++)
		if (strncasecmp(p + 1, cs, n) == 0 && p[1 + n] == ':')
			return true;
	return false;
}

static char *
open_part(const char *file, size_t *len)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC), err;
	char *buf;

	if (fd < 0)
		kerr(2, "%s", file);
	err = kslurp(fd, 0, &buf, len);
	close(fd);
	if (err != 0)
		kerrx(2, "%s: %s", file, strerror(err));
	return buf;
}

void
html_open(bool with_classes)
{
	size_t i;

	classes = with_classes;
	if (opt.html_intro != NULL)
		intro = open_part(opt.html_intro, &intro_len);
	if (opt.html_outro != NULL)
		outro = open_part(opt.html_outro, &outro_len);
	utf8_doc = charset_name != NULL && (strcasecmp(charset_name, "UTF-8") == 0 ||
	    strcasecmp(charset_name, "utf8") == 0);
	for (i = 0; charset_name != NULL && htmllines[i].names[0] != '\0'; i++)
		if (charset_named(htmllines[i].names, charset_name))
			lines = &htmllines[i];
}

static void
out_octal_byte(unsigned char c)
{
	char b[8];

	snprintf(b, sizeof(b), "\\%03o", c);
	out_str(b);
}

/* Text or a double-quoted attribute value: & < > " as tree escapes them. A control
 * character other than white space, and a byte that is not UTF-8 in a page that says
 * it is, cannot be in a well-formed page: those are written \ooo, as tree's text
 * listing writes them. */
static void
html_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		size_t n = 1;

		if ((*p >= 0x80 && utf8_doc && (n = utf8_len(p)) == 0) || *p == 0x7f ||
		    (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\f' && *p != '\r')) {
			out_octal_byte(*p++);
			continue;
		}
		switch (*p) {
		case '&': out_str("&amp;"); break;
		case '<': out_str("&lt;"); break;
		case '>': out_str("&gt;"); break;
		case '"': out_str("&quot;"); break;
		default: out_bytes((const char *)p, n);
		}
		p += n;
	}
}

/* A name or path in an href, as tree encodes it: %XX for what is not printable ASCII
 * and for the characters RFC 3986 reserves, but not '/'. tree leaves " % \ as they are
 * (a " ends the attribute, %xx and \ name another file) and writes a byte over 127 as
 * %FFFFFFxx, which names no file: ctree encodes those %22 %25 %5C %xx. */
static void
href_part(const char *s)
{
	static const char encoded[] = "!#$&'()*+,:;=?@[]\"%\\";
	const unsigned char *p = (const unsigned char *)s;
	char b[8];

	for (; *p != '\0'; p++) {
		if (*p >= 0x20 && *p < 0x7f && strchr(encoded, *p) == NULL) {
			out_char((char)*p);
		} else {
			snprintf(b, sizeof(b), "%%%02X", *p);
			out_str(b);
		}
	}
}

void
html_begin(void)
{
	const char *title = opt.html_title != NULL ? opt.html_title : "Directory Tree";

	du_total = 0;           /* each page of -R has its own */
	if (intro != NULL) {       /* --hintro: the file's bytes as they are */
		out_bytes(intro, intro_len);
		return;
	}
	out_str("<!DOCTYPE html>\n"
	    "<html>\n"
	    "<head>\n"
	    " <meta http-equiv=\"Content-Type\" content=\"text/html; charset=");
	html_text(charset_name != NULL ? charset_name : "iso-8859-1");
	out_str("\">\n"
	    " <meta name=\"Author\" content=\"Made by 'ctree'\">\n"
	    " <meta name=\"GENERATOR\" content=\"ctree (kanri) " KANRI_VERSION "\">\n"
	    " <title>");
	html_text(title);
	out_str("</title>\n"
	    " <style type=\"text/css\">\n"
	    "  BODY { font-family : monospace, sans-serif;  color: black;}\n"
	    "  P { font-family : monospace, sans-serif; color: black; margin:0px; padding: 0px;}\n"
	    "  A:visited { text-decoration : none; margin : 0px; padding : 0px;}\n"
	    "  A:link    { text-decoration : none; margin : 0px; padding : 0px;}\n"
	    "  A:hover   { text-decoration: underline; background-color : yellow; margin : 0px; padding : 0px;}\n"
	    "  A:active  { margin : 0px; padding : 0px;}\n"
	    "  .VERSION { font-size: small; font-family : arial, sans-serif; }\n"
	    "  .NORM  { color: black;  }\n"
	    "  .FIFO  { color: purple; }\n"
	    "  .CHAR  { color: yellow; }\n"
	    "  .DIR   { color: blue;   }\n"
	    "  .BLOCK { color: yellow; }\n"
	    "  .LINK  { color: aqua;   }\n"
	    "  .SOCK  { color: fuchsia;}\n"
	    "  .EXEC  { color: green;  }\n"
	    " </style>\n"
	    "</head>\n"
	    "<body>\n"
	    "\t<h1>");
	html_text(title);
	out_str("</h1><p>\n");
}

void
html_end(void)
{
	if (outro != NULL) {
		out_bytes(outro, outro_len);
		return;
	}
	out_str("\t<hr>\n"
	    "\t<p class=\"VERSION\">\n"
	    "\t\t ctree (kanri) " KANRI_VERSION "\n"
	    "\t</p>\n"
	    "</body>\n"
	    "</html>\n");
}

static void
set_dirname(size_t level, const char *a, const char *sep, const char *b)
{
	size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);

	if (level >= ndirname) {
		size_t n = ndirname ? 2 * ndirname : 16;

		while (n <= level)
			n *= 2;
		dirname = kreallocarray(dirname, n, sizeof(*dirname));
		memset(dirname + ndirname, 0, (n - ndirname) * sizeof(*dirname));
		ndirname = n;
	}
	free(dirname[level]);
	dirname[level] = kmalloc(na + ns + nb + 1);
	memcpy(dirname[level], a, na);
	memcpy(dirname[level] + na, sep, ns);
	memcpy(dirname[level] + na + ns, b, nb + 1);
}

/* The path tree lists the entries of directory e under (parent: its directory's). */
static void
enter_dirname(int level, const struct entry *e, const char *parent)
{
	const char *link = e_link(e);
	size_t n = strlen(parent);

	if (link != NULL && link[0] == '/')
		set_dirname((size_t)level, link, "", "");
	else if (link != NULL)
		set_dirname((size_t)level, parent, opt.f && strcmp(parent, "/") == 0 ? "" : "/",
		    link);
	else
		set_dirname((size_t)level, parent, n > 0 && parent[n - 1] == '/' ? "" : "/",
		    e->name);
}

static void
html_indent(int level)
{
	int i;

	out_char('\t');
	for (i = 1; i < level; i++) {
		out_str(emit_last(i) ? "&nbsp;&nbsp;&nbsp;" : lines->vert);
		out_str("&nbsp;");
	}
	if (level > 0) {
		out_str(emit_last(level) ? lines->corner : lines->tee);
		out_str("&nbsp;");
	}
}

/* tree's "[...]" block, each space an &nbsp;, and four more after it. */
static void
html_info(const struct entry *e)
{
	const char *b;
	size_t i, n = emit_info(e, &b);

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		if (b[i] == ' ')
			out_str("&nbsp;");
		else
			out_char(b[i]);
	}
	out_str("&nbsp;&nbsp;&nbsp;&nbsp;");
}

static const char *
class_name(const struct entry *e)
{
	mode_t m = e_link(e) != NULL ? e_lmode(e) : e->mode;

	if (e->isdir || S_ISDIR(e->mode))
		return "DIR";
	if (m & (S_IXUSR | S_IXGRP | S_IXOTH))
		return "EXEC";
	if (S_ISFIFO(m))
		return "FIFO";
	return S_ISSOCK(m) ? "SOCK" : "NORM";
}

/* tree's href: baseHREF, the directory's path (under -H -baseHREF, without the
 * directory argument), a slash, the name as shown; a slash after a directory. */
static void
html_href(const char *dir, const char *shown, bool isdir)
{
	size_t len = strlen(dir);

	out_str(" href=\"");
	html_text(opt.html_base);
	href_part(dir + (opt.html_offset && len >= rootlen ? rootlen : 0));
	if (strcmp(dir, shown) != 0) {
		if (len == 0 || dir[len - 1] != '/')
			out_char('/');
		href_part(shown);
	}
	/* -R: the page of a directory at the -L limit */
	out_str(html_paged ? "/00Tree.html\"" : isdir ? "/\"" : "\"");
}

void
html_entry(int level, const char *shown, const struct entry *e, const char *err,
    bool descend)
{
	const char *dir;

	if (level == 0) {
		set_dirname(0, shown, "", "");
		rootlen = strlen(shown);
		du_total += e != NULL ? e_size(e) : 0;
	}
	dir = dirname[level > 0 ? level - 1 : 0];
	if (!opt.noindent)
		html_indent(level);
	html_info(e);
	out_str("<a");
	if (e != NULL && classes) {
		out_str(" class=\"");
		out_str(class_name(e));
		out_char('"');
	}
	if (opt.info)
		emit_note(e, " title=\"", html_text, "\n");
	if (e != NULL && !opt.html_nolinks)
		html_href(dir, shown, level == 0 ? S_ISDIR(e->mode) : e->isdir);
	out_char('>');
	html_text(shown);
	out_str("</a>");
	if (err != NULL) {
		out_str("  [");
		out_str(err);
		out_char(']');
	}
	out_str("<br>\n");
	if (descend && level > 0)
		enter_dirname(level, e, dir);
}

/* Under --du, tree 2.3.1 reports the sum of the directory arguments' totals, where
 * 2.1 (and ctree's text listing) adds every entry's size, subdirectories' included. */
void
html_report(long dirs, long files, off_t size)
{
	(void)size;     /* the page's --du total is tree 2.3.1's: the arguments' totals */
	out_str("<br><br><p>\n\n");
	emit_counts(dirs, files, du_total);
	out_str("\n\n</p>\n");
}
