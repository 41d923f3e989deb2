/* out.c: buffered output on one descriptor, and names written the way tree writes them. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "ctree.h"
#include "kanri.h"

static char obuf[1 << 16];
static size_t olen;
static int ofd = 1;

int
out_open(int fd)
{
	int old = ofd;

	ofd = fd;
	return old;
}

void
out_flush(void)
{
	size_t done = 0;

	while (done < olen) {
		ssize_t w = write(ofd, obuf + done, olen - done);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			kwrite_failed();
		}
		done += (size_t)w;
	}
	olen = 0;
}

void
out_bytes(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf)) {
		out_flush();
		if (n > sizeof(obuf)) {
			olen = 0;
			while (n > 0) {
				size_t k = n < sizeof(obuf) ? n : sizeof(obuf);

				memcpy(obuf, s, k);
				olen = k;
				out_flush();
				s += k;
				n -= k;
			}
			return;
		}
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

void
out_str(const char *s)
{
	out_bytes(s, strlen(s));
}

void
out_char(char c)
{
	if (olen == sizeof(obuf))
		out_flush();
	obuf[olen++] = c;
}

static void
out_octal(unsigned long v)
{
	char b[32];

	snprintf(b, sizeof(b), "\\%03lo", v);
	out_str(b);
}

/* The multibyte path of tree's printit: only for names that are valid in the locale. */
static void
name_wide(const char *s)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	memset(&st, 0, sizeof(st));
	while (*s) {
		n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (n == 0 || n == (size_t)-1 || n == (size_t)-2)
			break;
		if (iswprint((wint_t)wc))
			out_bytes(s, n);
		else if (opt.q)
			out_char('?');
		else
			out_octal((unsigned long)wc);
		s += n;
	}
}

/* The byte path of tree's printit: C escapes, a backslash before spaces. */
static void
name_bytes(const char *s)
{
	for (; *s; s++) {
		int c = (unsigned char)*s;

		if ((c >= 7 && c <= 13) || c == '\\' || (c == '"' && opt.Q) || (c == ' ' && !opt.Q)) {
			out_char('\\');
			out_char(c > 13 ? (char)c : "abtnvfr"[c - 7]);
		} else if (isprint(c)) {
			out_char((char)c);
		} else if (opt.q) {
			out_char(opt.mb && c > 127 ? (char)c : '?');
		} else {
			out_octal((unsigned long)c);
		}
	}
}

/* Plain printable ASCII needs no conversion in either path. */
static bool
plain_name(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c > 0x7e || c == '\\' || c == '"')
			return false;
		if (c == ' ' && !opt.mb)
			return false;
	}
	return true;
}

void
out_name(const char *s)
{
	if (opt.Q)
		out_char('"');
	if (opt.N || plain_name(s))
		out_str(s);
	else if (opt.mb && mbstowcs(NULL, s, 0) != (size_t)-1)
		name_wide(s);
	else
		name_bytes(s);
	if (opt.Q)
		out_char('"');
}

/* Length of the valid UTF-8 sequence at s, 0 if the bytes there are not one. */
size_t
utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (s[0] == 0xe0 && s[1] < 0xa0)
			return 0;
		if (s[0] == 0xed && s[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if (s[0] == 0xf0 && s[1] < 0x90)
			return 0;
		if (s[0] == 0xf4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/* Bytes that are not UTF-8 become \udcXX, Python's surrogateescape, so that
 * os.fsencode() gives the name back exactly. */
static inline void
json_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char b[16];

	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0) {
			snprintf(b, sizeof(b), "\\udc%02x", *p);
			out_str(b);
			p++;
		} else if (*p == '"' || *p == '\\') {
			out_char('\\');
			out_char((char)*p++);
		} else if (*p < 0x20) {
			switch (*p) {
			case '\n': out_str("\\n"); break;
			case '\t': out_str("\\t"); break;
			case '\r': out_str("\\r"); break;
			case '\b': out_str("\\b"); break;
			case '\f': out_str("\\f"); break;
			default:
				snprintf(b, sizeof(b), "\\u%04x", *p);
				out_str(b);
			}
			p++;
		} else {
			out_bytes((const char *)p, n);
			p += n;
		}
	}
}

void
out_json_chars(const char *s)
{
	json_chars(s);
}

void
out_json_str(const char *s)
{
	out_char('"');
	json_chars(s);
	out_char('"');
}

/* XML 1.0 cannot carry control characters, nor bytes that are not UTF-8 in a document
 * that declares no other charset: those are written as \ooo, and a backslash as \\, so that every name stays distinct. Tab,
 * newline and CR are character references, which a parser reads back (raw, in an
 * attribute, it reads spaces); the rest is as tree escapes it: & < > " only. */
static void
xml_str(const char *s, bool name)
{
	const unsigned char *p = (const unsigned char *)s;
	/* -X declares a --charset that is not UTF-8: its bytes are that charset's, as in tree */
	bool declared = charset_name != NULL && strcasecmp(charset_name, "UTF-8") != 0 &&
	    strcasecmp(charset_name, "utf8") != 0;

	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0 && declared && *p >= 0x80)
			n = 1;
		if (n == 0 || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')) {
			out_octal(*p++);
			continue;
		}
		switch (*p) {
		case '&': out_str("&amp;"); break;
		case '<': out_str("&lt;"); break;
		case '>': out_str("&gt;"); break;
		case '"': out_str("&quot;"); break;
		case '\\': out_str(name ? "\\\\" : "\\"); break;
		case '\t': out_str(name ? "&#9;" : "\t"); break;
		case '\n': out_str("&#10;"); break;
		case '\r': out_str(name ? "&#13;" : "\r"); break;
		default:
			out_bytes((const char *)p, n);
		}
		p += n;
	}
}

void
out_xml_str(const char *s)
{
	xml_str(s, true);
}

/* --info's comment lines in XML, as tree 2.3.1 writes them but for the bytes XML
 * cannot carry: nothing in them needs telling apart from another file's name. */
void
out_xml_note(const char *s)
{
	xml_str(s, false);
}

/* The line-drawing characters tree 2.1 draws for each charset (a space follows each). */
struct linedraw {
	const char *names;      /* ":"-separated, matched without regard to case */
	const char *vert, *tee, *corner;
};

static const struct linedraw charsets[] = {
	{ ":UTF-8:utf8:", "\342\224\202\302\240\302\240",
	    "\342\224\234\342\224\200\342\224\200", "\342\224\224\342\224\200\342\224\200" },
	{ ":IBM437:cp437:437:csPC8CodePage437:IBM852:cp852:852:csPCp852:IBM863:cp863:863:"
	  "csIBM863:IBM855:cp855:855:csIBM855:IBM865:cp865:865:csIBM865:IBM866:cp866:866:"
	  "csIBM866:IBM850:cp850:850:csPC850Multilingual:IBM00858:CCSID00858:CP00858:"
	  "PC-Multilingual-850+euro:IBM869:cp869:869:cp-gr:csIBM869:",
	    "\263  ", "\303\304\304", "\300\304\304" },
	{ ":Shift_JIS:MS_Kanji:csShiftJIS:", "\204\240 ", "\204\245", "\204\244" },
	{ ":EUC-JP:Extended_UNIX_Code_Packed_Format_for_Japanese:csEUCPkdFmtJapanese:",
	    "\250\242 ", "\250\247", "\250\246" },
	{ ":EUC-KR:csEUCKR:", "\246\242 ", "\246\247", "\246\246" },
	{ ":GB2312:csGB2312:", "\251\246 ", "\251\300", "\251\270" },
	{ ":Big5:csBig5:", "\242x ", "\242u", "\242|" },
	{ ":KOI8-R:csKOI8R:KOI8-U:", "\201  ", "\206\200\200", "\204\200\200" },
};

const char *ld_vert = "|   ", *ld_blank = "    ", *ld_tee = "|-- ", *ld_corner = "`-- ";

/* tree 2.3.1 options: --compress draws tree 2.3.1's lines, each at three widths. */
struct linedraw3 {
	const char *names;
	const char *vert[3], *tee[3], *corner[3];
};

static const struct linedraw3 charsets3[] = {
	{ ":UTF-8:utf8:",
	    { "\342\224\202\302\240\302\240", "\342\224\202\302\240", "\342\224\202" },
	    { "\342\224\234\342\224\200\342\224\200", "\342\224\234\342\224\200", "\342\224\234" },
	    { "\342\224\224\342\224\200\342\224\200", "\342\224\224\342\224\200", "\342\224\224" } },
	{ ":IBM437:cp437:437:csPC8CodePage437:IBM852:cp852:852:csPCp852:IBM863:cp863:863:"
	  "csIBM863:IBM855:cp855:855:csIBM855:IBM865:cp865:865:csIBM865:IBM866:cp866:866:"
	  "csIBM866:IBM850:cp850:850:csPC850Multilingual:IBM00858:CCSID00858:CP00858:"
	  "PC-Multilingual-850+euro:IBM869:cp869:869:cp-gr:csIBM869:",
	    { "\263  ", "\263 ", "\263" }, { "\303\304\304", "\303\304", "\303" },
	    { "\300\304\304", "\300\304", "\300" } },
	{ ":Shift_JIS:MS_Kanji:csShiftJIS:",
	    { "\204\240  ", "\204\240 ", "\204\240" },
	    { "\204\245\204\237\204\237", "\204\245\204\237", "\204\245" },
	    { "\204\244\204\237\204\237", "\204\244\204\237", "\204\244" } },
	{ ":EUC-JP:Extended_UNIX_Code_Packed_Format_for_Japanese:csEUCPkdFmtJapanese:",
	    { "\250\242  ", "\250\242 ", "\250\242" },
	    { "\250\247\250\241\250\241", "\250\247\250\241", "\250\247" },
	    { "\250\246\250\241\250\241", "\250\246\250\241", "\250\246" } },
	{ ":EUC-KR:csEUCKR:",
	    { "\246\242  ", "\246\242 ", "\246\242" },
	    { "\246\247\246\241\246\241", "\246\247\246\241", "\246\247" },
	    { "\246\246\246\241\246\241", "\246\246\246\241", "\246\246" } },
	{ ":GB2312:csGB2312:",
	    { "\251\246  ", "\251\246 ", "\251\246" },
	    { "\251\300\251\244\251\244", "\251\300\251\244", "\251\300" },
	    { "\251\270\251\244\251\244", "\251\270\251\244", "\251\270" } },
	{ ":Big5:csBig5:",
	    { "\242x  ", "\242x ", "\242x" },
	    { "\242u\242\167\242\167", "\242u\242\167", "\242u" },
	    { "\242|\242\167\242\167", "\242|\242\167", "\242|" } },
	{ ":KOI8-R:csKOI8R:KOI8-U:",
	    { "\201  ", "\201 ", "\201" }, { "\206\200\200", "\206\200", "\206" },
	    { "\204\200\200", "\204\200", "\204" } },
	{ NULL, { "|  ", "| ", "|" }, { "|--", "|-", "+" }, { "`--", "`-", "`" } },
	{ ":ANSI:",             /* -A, last: found by name only */
	    { "\033(0\170  \033(B", "\033(0\170 \033(B", "\033(0\170\033(B" },
	    { "\033(0\164\161\161\033(B", "\033(0\164\161\033(B", "\033(0\164\033(B" },
	    { "\033(0\155\161\161\033(B", "\033(0\155\161\033(B", "\033(0\155\033(B" } },
};
const char *ld_open = "", *ld_close = "";

/* tree 2.1.0's -A: the pieces in the VT100 graphics set, one shift around them all. */
void
set_ansi(void)
{
	ld_vert = "x   ";
	ld_tee = "tqq ";
	ld_corner = "mqq ";
	ld_blank = "    ";
	ld_open = "\033(0";
	ld_close = "\033(B";
}

static char *
with_space(const char *s)
{
	size_t n = strlen(s);
	char *r = kmalloc(n + 2);

	memcpy(r, s, n);
	r[n] = ' ';
	r[n + 1] = '\0';
	return r;
}

static bool
in_names(const char *names, const char *cs)
{
	size_t n = strlen(cs);
	const char *p;

	if (n == 0)
		return false;
	for (p = names; (p = strchr(p, ':')) != NULL && p[1]; p++)
		if (strncasecmp(p + 1, cs, n) == 0 && p[1 + n] == ':')
			return true;
	return false;
}

char *
concat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *r = kmalloc(na + nb + 1);

	memcpy(r, a, na);
	memcpy(r + na, b, nb + 1);
	return r;
}

/* The line pieces at width opt.clvl, with a space after each unless opt.nospace. */
void
set_compress(const char *cs)
{
	static const char *const blank[3] = { "   ", "  ", " " };
	const struct linedraw3 *l = charsets3;
	const char *sp = opt.nospace ? "" : " ";
	int k = opt.clvl;

	if (opt.ansi)
		l = &charsets3[sizeof(charsets3) / sizeof(charsets3[0]) - 1];
	else
		while (l->names != NULL && (cs == NULL || !in_names(l->names, cs)))
			l++;
	ld_vert = concat(l->vert[k], sp);
	ld_tee = concat(l->tee[k], sp);
	ld_corner = concat(l->corner[k], sp);
	ld_blank = concat(blank[k], sp);
}

const char *charset_name;
static bool utf8_marks;         /* --info: tree 2.3.1's UTF-8 brackets before comments */

/* --info: what goes before line `line` of a comment of `lines` lines, as tree 2.3.1
 * draws it: a brace in UTF-8 (its pieces when it spans lines), else " [". */
const char *
ld_note_mark(size_t line, size_t lines)
{
	static const char *const utf8[] = { " \342\216\247", " \342\216\251",
	    " \342\216\250", " \342\216\252", " {" };     /* top, bottom, middle, extension, single */

	if (!utf8_marks)
		return " [";
	if (lines == 1)
		return utf8[4];
	if (line == 0)
		return utf8[0];
	if (line == 1 && lines == 2)
		return utf8[1];
	if (line == 1)
		return utf8[2];
	return line == lines - 1 ? utf8[1] : utf8[3];
}

void
set_charset(const char *cs)
{
	size_t i;

	charset_name = cs;
	utf8_marks = cs != NULL && !opt.ansi && in_names(":UTF-8:utf8:", cs);
	if (cs == NULL || opt.compress || opt.ansi)     /* set_compress, set_ansi draw */
		return;
	for (i = 0; i < sizeof(charsets) / sizeof(charsets[0]); i++) {
		if (in_names(charsets[i].names, cs)) {
			ld_vert = with_space(charsets[i].vert);
			ld_tee = with_space(charsets[i].tee);
			ld_corner = with_space(charsets[i].corner);
			return;
		}
	}
}
