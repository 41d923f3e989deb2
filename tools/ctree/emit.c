/* emit.c: the listing in tree's text layout, as JSON, as XML, or as the find|sort|sed layout. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctree.h"
#include "emit.h"
#include "html.h"
#include "kanri.h"
#include "kbuf.h"

static bool *lastflag;          /* per level: the entry drawn there is its directory's last */
static size_t nlastflag;
static bool colorize;

void
emit_set_color(bool on)
{
	colorize = on;
}

static void
set_last(int level, bool last)
{
	if ((size_t)level >= nlastflag) {
		size_t n = nlastflag ? nlastflag : 64;

		while (n <= (size_t)level)
			n *= 2;
		lastflag = kreallocarray(lastflag, n, sizeof(*lastflag));
		nlastflag = n;
	}
	lastflag[level] = last;
}

bool
emit_last(int level)
{
	return lastflag[level];
}

static const char *
type_name(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return "file";
	case S_IFDIR: return "directory";
	case S_IFLNK: return "link";
	case S_IFCHR: return "char";
	case S_IFBLK: return "block";
	case S_IFSOCK: return "socket";
	case S_IFIFO: return "fifo";
	}
	return "unknown";
}

static char
ftype_char(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFDIR: return opt.d ? 0 : '/';
	case S_IFSOCK: return '=';
	case S_IFIFO: return '|';
	case S_IFLNK: return '@';
	case S_IFREG: return (m & (S_IXUSR | S_IXGRP | S_IXOTH)) ? '*' : 0;
	}
	return 0;
}

static void
prot(mode_t m, char *buf)
{
	static const char types[] = "-dlcbsp?";
	static const mode_t fmts[] = { S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR, S_IFBLK, S_IFSOCK, S_IFIFO };
	static const char perms[] = "rwxrwxrwx";
	size_t i;
	mode_t b;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]) && (m & S_IFMT) != fmts[i]; i++)
		;
	buf[0] = types[i];
	for (b = S_IRUSR, i = 0; i < 9; b >>= 1, i++)
		buf[i + 1] = (m & b) ? perms[i] : '-';
	if (m & S_ISUID)
		buf[3] = buf[3] == '-' ? 'S' : 's';
	if (m & S_ISGID)
		buf[6] = buf[6] == '-' ? 'S' : 's';
	if (m & S_ISVTX)
		buf[9] = buf[9] == '-' ? 'T' : 't';
	buf[10] = '\0';
}

/* Names of users and groups, looked up once each. */
struct idname {
	unsigned long id;
	char *name;
};
static struct idname *users, *groups;
static size_t nusers, ngroups;

static const char *
id_name(unsigned long id, bool group)
{
	struct idname **tab = group ? &groups : &users;
	size_t *n = group ? &ngroups : &nusers, i;
	char buf[32];
	const char *name = NULL;

	for (i = 0; i < *n; i++)
		if ((*tab)[i].id == id)
			return (*tab)[i].name;
	if (group) {
		struct group *gr = getgrgid((gid_t)id);

		if (gr != NULL)
			name = gr->gr_name;
	} else {
		struct passwd *pw = getpwuid((uid_t)id);

		if (pw != NULL)
			name = pw->pw_name;
	}
	if (name == NULL) {
		snprintf(buf, sizeof(buf), "%lu", id);
		name = buf;
	}
	*tab = kreallocarray(*tab, *n + 1, sizeof(**tab));
	(*tab)[*n].id = id;
	(*tab)[*n].name = kstrdup(name);
	return (*tab)[(*n)++].name;
}

void
emit_size(char *buf, size_t len, off_t size)
{
	static const char iec[] = "BKMGTPEZY", si[] = "dkMGTPEZY";
	const char *unit = opt.si ? si : iec;
	long long usize = opt.si ? 1000 : 1024, s = (long long)size;
	int idx;

	if (!opt.h && !opt.si) {
		snprintf(buf, len, " %11lld", s);
		return;
	}
	for (idx = s < usize ? 0 : 1; s >= usize * usize; idx++, s /= usize)
		;
	if (!idx)
		snprintf(buf, len, " %4d", (int)s);
	else
		/* tree 2.3.1 (whose HTML layout -H follows) rounds before it picks the format */
		snprintf(buf, len, (opt.format == FMT_HTML ? (s + 52) / usize : s / usize) >= 10 ?
		    " %3.0f%c" : " %3.1f%c",
		    (double)((float)s / (float)usize), unit[idx]);
}

/* The length of the strftime(3) conversion or byte at f, as glibc reads it:
 * % flags width [E|O] character. *cut: the format ends before the character. */
static size_t
spec_len(const char *f, bool *cut)
{
	size_t i = 1;

	*cut = false;
	if (f[0] != '%')
		return 1;
	while (f[i] != '\0' && strchr("_-0^#", f[i]) != NULL)
		i++;
	while (f[i] >= '0' && f[i] <= '9')
		i++;
	if (f[i] == 'E' || f[i] == 'O')
		i++;
	*cut = f[i] == '\0';
	return *cut ? i : i + 1;
}

/* How glibc's strftime cuts the output of one conversion into the pieces it checks
 * against the room left: %z's sign first; a number padded with spaces (the _ flag,
 * or %e %k %l without 0 or -) has its spaces apart from its digits. */
static size_t
spec_pieces(const char *spec, size_t speclen, const char *out, size_t n, size_t cut[3])
{
	char pad = 0, conv = spec[speclen - 1];
	size_t i, k = 0, at = 0;

	for (i = 1; i < speclen && strchr("_-0^#", spec[i]) != NULL; i++)
		if (spec[i] == '_' || spec[i] == '-' || spec[i] == '0')
			pad = spec[i];
	if (spec[0] == '%' && conv == 'z' && n > 0) {
		while (at < n && out[at] != '+' && out[at] != '-')
			at++;
		cut[k++] = at < n ? ++at : at;
	}
	if (spec[0] == '%' && strchr("CdegGHIjklmMSuUVwWyYz", conv) != NULL &&
	    (pad == '_' || (pad == 0 && strchr("ekl", conv) != NULL))) {
		i = at;
		while (i < n && out[i] == ' ')
			i++;
		if (i > at && i < n)
			cut[k++] = i;
	}
	cut[k++] = n;
	return k;
}

/* Whether glibc writes the conversion through a nested strftime, which ends its
 * output with a NUL. */
static bool
nested_spec(const char *spec, size_t len)
{
	char conv = spec[len - 1], mod = len > 2 ? spec[len - 2] : 0;

	if (len < 2 || spec[0] != '%' || strchr("cxXDFRrT", conv) == NULL)
		return false;
	if (mod == 'E' || mod == 'O')
		return !(strchr("DF", conv) != NULL || (mod == 'O' && strchr("cxX", conv) != NULL));
	return true;
}

/* --timefmt as tree 2.1.0 prints it with glibc: strftime into a 255-byte buffer
 * stops before the first piece that does not fit in 254 bytes, and tree prints what
 * was written up to a NUL; past it, its static buffer holds what earlier dates left. */
static const char *
timefmt_str(const struct tm *tm)
{
	static char buf[256];
	size_t used = 0, len, n, k, j, from, cut[3];
	char one[64 + 2], *spec, out[256];
	const char *f;
	bool cut_short;

	if ((n = strftime(out, 255, opt.timefmt, tm)) > 0) {
		memcpy(buf, out, n + 1);
		return buf;
	}
	for (f = opt.timefmt; *f != '\0'; f += len) {
		len = spec_len(f, &cut_short);
		/* a trailing x tells output too long for the buffer from empty output; a
		 * conversion cut short is copied as it is, never empty, and takes no x */
		spec = len + 2 <= sizeof(one) ? one : kmalloc(len + 2);
		memcpy(spec, f, len);
		memcpy(spec + len, cut_short ? "" : "x", cut_short ? 1 : 2);
		n = strftime(out, sizeof(out), spec, tm);
		if (cut_short && n > 0)
			n++;
		k = n > 0 ? spec_pieces(spec, len, out, n - 1, cut) : 0;
		if (spec != one)
			free(spec);
		if (n == 0) {
			buf[255] = '\0';
			return buf;
		}
		for (j = 0, from = 0; j < k; from = cut[j++]) {
			if (used + (cut[j] - from) > 254) {
				buf[255] = '\0';
				return buf;
			}
			memcpy(buf + used, out + from, cut[j] - from);
			used += cut[j] - from;
		}
		if (nested_spec(f, len))
			buf[used] = '\0';
	}
	buf[used] = '\0';
	return buf;
}

static const char *
date_str(time_t t)
{
	static char buf[256];
	struct tm *tm = localtime(&t);
	time_t now;

	buf[0] = '\0';
	if (tm == NULL)
		return buf;
	if (opt.timefmt != NULL)
		return timefmt_str(tm);
	now = time(NULL);
	strftime(buf, sizeof(buf), t > now || t + 6 * 31 * 24 * 60 * 60 < now ? "%b %e  %Y" :
	    "%b %e %R", tm);
	return buf;
}

static bool
want_info(void)
{
	return opt.inodes || opt.device || opt.p || opt.u || opt.g || opt.s || opt.D ||
	    opt.selinux || opt.acl;
}

/* tree's "[...]" block of facts before a name (the SELinux context last), in *block,
 * which stays valid until the next call; returns its length, 0 if none. */
size_t
emit_info(const struct entry *e, const char **block)
{
	static struct kbuf info = KBUF_INIT;
	static const estat zero;
	const estat *st;
	char b[512];
	size_t n = 0;

	if (e == NULL || !want_info())
		return 0;
	st = e->have_st ? &e->x->st : &zero;
	b[0] = '\0';
	if (opt.inodes)
		n += (size_t)snprintf(b + n, sizeof(b) - n, " %7lld", (long long)st->st_ino);
	if (opt.device)
		n += (size_t)snprintf(b + n, sizeof(b) - n, " %3d", (int)st->st_dev);
	if (opt.p) {
		char p[11];

		prot(e->mode, p);
		n += (size_t)snprintf(b + n, sizeof(b) - n, " %s", p);
	}
	if (opt.acl)
		b[n++] = e->has_acl ? '+' : ' ';
	if (opt.u)
		n += (size_t)snprintf(b + n, sizeof(b) - n, " %-8.32s", id_name(st->st_uid, false));
	if (opt.g)
		n += (size_t)snprintf(b + n, sizeof(b) - n, " %-8.32s", id_name(st->st_gid, true));
	if (opt.s) {
		char s[64];

		emit_size(s, sizeof(s), e_size(e));
		n += (size_t)snprintf(b + n, sizeof(b) - n, "%s", s);
	}
	if (opt.D)
		n += (size_t)snprintf(b + n, sizeof(b) - n, " %s",
		    date_str(opt.ctime ? st->st_ctime : st->st_mtime));
	if (n > sizeof(b) - 1)
		n = sizeof(b) - 1;
	kbuf_reset(&info);
	if (n == 0)
		kbuf_addc(&info, '[');
	else
		kbuf_add(&info, b, n);
	info.p[0] = '[';
	if (opt.selinux) {
		/* after the facts: a context may be a page long */
		if (n > 0)
			kbuf_addc(&info, ' ');
		kbuf_addstr(&info, e_context(e));
	}
	kbuf_addc(&info, ']');
	*block = info.p;
	return info.len;
}

/* tree's "[...]  " block before a name. */
static void
text_info(const struct entry *e)
{
	const char *b;
	size_t n = emit_info(e, &b);

	if (n == 0)
		return;
	out_bytes(b, n);
	out_str("  ");
}

static void
text_indent(int level)
{
	int i;

	if (level > 0)
		out_str(ld_open);
	for (i = 1; i < level; i++)
		out_str(lastflag[i] ? ld_blank : ld_vert);
	if (level > 0) {
		out_str(lastflag[level] ? ld_corner : ld_tee);
		out_str(ld_close);
	}
}

/* --info: a comment line as it is, but that a control character (tab aside) is a '?'
 * unless -N asks for names as they are: a .info is anyone's file, and root lists it. */
static void
note_text(const char *s)
{
	const char *p;

	for (p = s; !opt.N && *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			out_bytes(s, (size_t)(p - s));
			out_char('?');
			s = p + 1;
		}
	}
	out_str(s);
}

/* --info: the comment's lines under an entry's line, as tree 2.3.1 draws them: each
 * level's line carried on (with -i too), a bracket, the text. */
static void
text_note(int level, const struct entry *e, const struct note *note)
{
	size_t k, pad = 0;
	int i;

	if (opt.metafirst) {
		const char *b;
		size_t n = emit_info(e, &b);

		pad = n > 0 ? n + 2 : 0;
	}
	for (k = 0; k < note->n; k++) {
		for (i = 0; (size_t)i < pad; i++)
			out_char(' ');
		if (level > 0)
			out_str(ld_open);
		for (i = 1; i <= level; i++)
			out_str(lastflag[i] ? ld_blank : ld_vert);
		if (level > 0)
			out_str(ld_close);
		out_str(ld_note_mark(k, note->n));
		out_char(' ');
		note_text(note->line[k]);
		out_char('\n');
	}
}

/* --info in -J, -X and -H: start, then the comment's lines, each written by put and
 * joined by sep, then a closing quote. */
void
emit_note(const struct entry *e, const char *start, void (*put)(const char *),
    const char *sep)
{
	const struct note *note = e != NULL && e->x != NULL ? e->x->note : NULL;
	size_t k;

	if (note == NULL)
		return;
	out_str(start);
	for (k = 0; k < note->n; k++) {
		if (k > 0)
			out_str(sep);
		put(note->line[k]);
	}
	out_char('"');
}

/* url_name: the name a --hyperlink link ends in ("" for an argument). */
static void
text_name(const char *shown, const struct entry *e, const char *url_name)
{
	bool colored = false;
	char c;

	if (e != NULL && opt.hyperlink)
		hyper_open(url_name);
	if (e != NULL && colorize)
		colored = color_start(e_link(e) != NULL && color_link_as_target() ? e_lmode(e) :
		    e->mode, e->name, e->orphan, false);
	out_name(shown);
	if (colored)
		color_end();
	if (e == NULL)
		return;
	if (opt.hyperlink)
		hyper_close();
	if (opt.F && e_link(e) == NULL && (c = ftype_char(e->mode)) != 0)
		out_char(c);
	if (e_link(e) != NULL) {
		out_str(" -> ");
		if (opt.hyperlink)
			hyper_open(url_name);
		colored = colorize && color_start(e_lmode(e), e_link(e), e->orphan, true);
		out_name(e_link(e));
		if (colored)
			color_end();
		if (opt.hyperlink)
			hyper_close();
		if (opt.F && (c = ftype_char(e_lmode(e))) != 0)
			out_char(c);
	}
}

static void
field_num(bool json, const char *key, long long v)
{
	char b[64];

	snprintf(b, sizeof(b), json ? ",\"%s\":%lld" : " %s=\"%lld\"", key, v);
	out_str(b);
}

static void
field_str(bool json, const char *key, const char *v)
{
	out_str(json ? ",\"" : " ");
	out_str(key);
	if (json) {
		out_str("\":");
		out_json_str(v);
	} else {
		out_str("=\"");
		out_xml_str(v);
		out_char('"');
	}
}

/* JSON and XML: the facts of tree's info block, as members or attributes. */
static void
struct_info(const struct entry *e, bool json)
{
	static const estat zero;
	const estat *st;
	char b[16];

	if (e == NULL)
		return;
	st = e->have_st ? &e->x->st : &zero;
	if (opt.inodes)
		field_num(json, "inode", (long long)st->st_ino);
	if (opt.device)
		field_num(json, "dev", (long long)st->st_dev);
	if (opt.p) {
		snprintf(b, sizeof(b), "%04o", (unsigned)(e->mode & 07777));
		field_str(json, "mode", b);
		prot(e->mode, b);
		field_str(json, "prot", b);
	}
	if (opt.u)
		field_str(json, "user", id_name(st->st_uid, false));
	if (opt.g)
		field_str(json, "group", id_name(st->st_gid, true));
	if (opt.s && json && opt.h) {
		char h[64];
		const char *p = h;

		emit_size(h, sizeof(h), e_size(e));
		while (*p == ' ')
			p++;
		field_str(json, "size", p);     /* tree's JSON has "4.0K", its XML 4096 */
	} else if (opt.s) {
		field_num(json, "size", (long long)e_size(e));
	}
	if (opt.D)
		field_str(json, "time", date_str(opt.ctime ? st->st_ctime : st->st_mtime));
	/* tree 2.3.1 options: tree shows neither in -J and -X */
	if (opt.acl)
		out_str(json ? (e->has_acl ? ",\"acl\":true" : ",\"acl\":false") :
		    (e->has_acl ? " acl=\"true\"" : " acl=\"false\""));
	if (opt.selinux)
		field_str(json, "context", e_context(e));
}

/* -J and -X lay entries out one per line, indented two spaces a level; -i drops both. */
static void
newline(void)
{
	if (!opt.noindent)
		out_char('\n');
}

static void
indent(int level)
{
	int n;

	if (opt.noindent)
		return;
	/* tree 2.3.1 options: --compress indents by 4 down to 0 spaces */
	for (n = (opt.compress ? 4 - opt.clvl - opt.nospace : 2) * (level + 1); n > 0; n--)
		out_char(' ');
}

static const char *
entry_type(const struct entry *e)
{
	return e == NULL ? "unknown" : type_name(e->mode);
}

void
emit_begin(void)
{
	if (opt.format == FMT_HTML) {
		html_begin();
	} else if (opt.format == FMT_JSON) {
		out_char('[');
		newline();
	} else if (opt.format == FMT_XML) {
		out_str("<?xml version=\"1.0\"");
		if (charset_name != NULL) {
			out_str(" encoding=\"");
			out_xml_str(charset_name);
			out_char('"');
		}
		out_str("?>");
		newline();
		out_str("<tree>");
		newline();
	}
}

/* tree ends each object where the next one starts, even under -i, where that gives
 * the whole array on one line; an object that is not its array's last gets a comma. */
static void
json_entry(int level, const char *shown, const struct entry *e, const char *err,
    bool descend, bool last)
{
	indent(level);
	out_str("{\"type\":\"");
	out_str(entry_type(e));
	out_str("\",\"name\":");
	out_json_str(shown);
	if (opt.info)
		emit_note(e, ",\"info\":\"", out_json_chars, "\\n");
	if (e != NULL && e_link(e) != NULL) {
		out_str(",\"target\":");
		out_json_str(e_link(e));
	}
	struct_info(e, true);
	if (err != NULL) {
		out_str(",\"error\":");
		out_json_str(err);
	}
	if (descend) {
		out_str(",\"contents\":[");
	} else {
		out_char('}');
		if (!last)
			out_char(',');
	}
	newline();
}

/* tree breaks the line after a directory argument's start tag and after a start tag
 * whose children follow, -i or not; an element without children ends on its line. */
static void
xml_entry(int level, const char *shown, const struct entry *e, const char *err,
    bool descend)
{
	indent(level);
	out_char('<');
	out_str(entry_type(e));
	out_str(" name=\"");
	out_xml_str(shown);
	out_char('"');
	if (opt.info)
		emit_note(e, " info=\"", out_xml_note, opt.noindent ? "" : "\n");
	if (e != NULL && e_link(e) != NULL) {
		out_str(" target=\"");
		out_xml_str(e_link(e));
		out_char('"');
	}
	struct_info(e, false);
	out_char('>');
	if (err != NULL) {
		out_str("<error>");
		out_xml_str(err);
		out_str("</error>");
	}
	if (descend || level == 0)
		out_char('\n');
	if (!descend) {
		if (level == 0)
			indent(0);
		out_str("</");
		out_str(entry_type(e));
		out_char('>');
		newline();
	}
}

/* One line (or object, or element) for a directory argument or an entry. shown is
 * what -f asks for; descend says that children follow and emit_close ends them. */
void
emit_entry(int level, const char *shown, const struct entry *e, const char *err,
    bool descend, bool last)
{
	set_last(level, last);
	switch (opt.format) {
	case FMT_TEXT:
		if (opt.metafirst)
			text_info(e);
		if (!opt.noindent)
			text_indent(level);
		if (!opt.metafirst)
			text_info(e);
		text_name(shown, e, level == 0 || e == NULL ? "" : e->name);
		if (err != NULL) {
			out_str("  [");
			out_str(err);
			out_char(']');
		}
		out_char('\n');
		if (opt.info && e != NULL && e->x != NULL && e->x->note != NULL)
			text_note(level, e, e->x->note);
		break;
	case FMT_SED:
		if (level == 0)
			return;
		for (int i = 1; i < level; i++)
			out_str("| ");
		out_str("|--");
		out_name(shown);
		out_char('\n');
		break;
	case FMT_JSON:
		json_entry(level, shown, e, err, descend, last);
		break;
	case FMT_XML:
		xml_entry(level, shown, e, err, descend);
		break;
	case FMT_HTML:
		html_entry(level, shown, e, err, descend);
		break;
	}
}

/* The end of a directory whose children were listed. */
void
emit_close(int level, const struct entry *e, bool last)
{
	switch (opt.format) {
	case FMT_JSON:
		indent(level);
		out_str(last ? "]}" : "]},");
		newline();
		break;
	case FMT_XML:
		indent(level);
		out_str("</");
		out_str(entry_type(e));
		out_char('>');
		newline();
		break;
	default:
		break;
	}
}

static void
xml_count(const char *tag, long long n)
{
	char b[64];

	indent(1);
	snprintf(b, sizeof(b), "<%s>%lld</%s>", tag, n, tag);
	out_str(b);
	newline();
}

/* The report's words, as the text listing and the HTML page print them:
 * "[SIZE used in ]N directories[, M files]". */
void
emit_counts(long dirs, long files, off_t size)
{
	char b[128];

	if (opt.du) {
		emit_size(b, sizeof(b), size);
		out_str(b);
		out_str(opt.h || opt.si ? " used in " : " bytes used in ");
	}
	snprintf(b, sizeof(b), "%ld director%s", dirs, dirs == 1 ? "y" : "ies");
	out_str(b);
	if (!opt.d) {
		snprintf(b, sizeof(b), ", %ld file%s", files, files == 1 ? "" : "s");
		out_str(b);
	}
}

void
emit_report(long dirs, long files, off_t size)
{
	switch (opt.format) {
	case FMT_TEXT:
		out_char('\n');
		emit_counts(dirs, files, size);
		out_char('\n');
		break;
	case FMT_JSON:
		out_char(',');
		newline();
		indent(0);
		out_str("{\"type\":\"report\"");
		if (opt.du)
			field_num(true, "size", (long long)size);
		field_num(true, "directories", dirs);
		if (!opt.d)
			field_num(true, "files", files);
		out_char('}');
		break;
	case FMT_XML:
		indent(0);
		out_str("<report>");
		newline();
		if (opt.du)
			xml_count("size", (long long)size);
		xml_count("directories", dirs);
		if (!opt.d)
			xml_count("files", files);
		indent(0);
		out_str("</report>");
		newline();
		break;
	case FMT_SED:
		break;
	case FMT_HTML:
		html_report(dirs, files, size);
		break;
	}
}

void
emit_end(void)
{
	if (opt.format == FMT_JSON) {
		newline();
		out_str("]\n");
	} else if (opt.format == FMT_XML) {
		out_str("</tree>\n");
	} else if (opt.format == FMT_HTML) {
		html_end();
	}
}

void
sed_root(const char *name)
{
	const char *pwd = getenv("PWD");
	struct stat a, b;
	char *cwd = NULL;

	if (name[0] != '/') {
		if (pwd == NULL || pwd[0] != '/' || stat(pwd, &a) != 0 || stat(".", &b) != 0 ||
		    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
			size_t cap = 256;

			for (;;) {
				cwd = kreallocarray(cwd, cap, 1);
				if (getcwd(cwd, cap) != NULL)
					break;
				cap *= 2;
				if (cap > (1 << 24)) {
					strcpy(cwd, ".");
					break;
				}
			}
			pwd = cwd;
		}
		while (name[0] == '.' && name[1] == '/')
			for (name += 2; *name == '/'; name++)
				;
		out_str(pwd);
		if (strcmp(name, ".") != 0 && name[0] != '\0') {
			if (strcmp(pwd, "/") != 0)
				out_char('/');
			out_str(name);
		}
	} else {
		out_str(name);
	}
	out_char('\n');
	free(cwd);
}
