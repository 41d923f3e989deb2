/* color.c: -C: names colored by LS_COLORS (or TREE_COLORS) the way tree colors them. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ctree.h"
#include "kanri.h"

enum {
	C_NO, C_FI, C_DI, C_LN, C_PI, C_DO, C_BD, C_CD, C_OR, C_SO, C_SU, C_SG, C_TW, C_OW,
	C_ST, C_EX, C_MI, C_LC, C_RC, C_EC, C_RS, C_COUNT
};
static const char *const keys[C_COUNT] = {
	"no", "fi", "di", "ln", "pi", "do", "bd", "cd", "or", "so", "su", "sg", "tw", "ow",
	"st", "ex", "mi", "lc", "rc", "ec", "rs"
};

/* tree's built-in table, used by -C when LS_COLORS is unset. */
static const char default_colors[] =
    ":no=00:rs=0:fi=00:di=01;34:ln=01;36:pi=40;33:so=01;35:bd=40;33;01:cd=40;33;01:"
    "or=40;31;01:ex=01;32:*.bat=01;32:*.BAT=01;32:*.btm=01;32:*.BTM=01;32:*.cmd=01;32:"
    "*.CMD=01;32:*.com=01;32:*.COM=01;32:*.dll=01;32:*.DLL=01;32:*.exe=01;32:*.EXE=01;32:"
    "*.arj=01;31:*.bz2=01;31:*.deb=01;31:*.gz=01;31:*.lzh=01;31:*.rpm=01;31:*.tar=01;31:"
    "*.taz=01;31:*.tb2=01;31:*.tbz2=01;31:*.tbz=01;31:*.tgz=01;31:*.tz2=01;31:*.z=01;31:"
    "*.Z=01;31:*.zip=01;31:*.ZIP=01;31:*.zoo=01;31:*.asf=01;35:*.ASF=01;35:*.avi=01;35:"
    "*.AVI=01;35:*.bmp=01;35:*.BMP=01;35:*.flac=01;35:*.FLAC=01;35:*.gif=01;35:"
    "*.GIF=01;35:*.jpg=01;35:*.JPG=01;35:*.jpeg=01;35:*.JPEG=01;35:*.m2a=01;35:"
    "*.M2a=01;35:*.m2v=01;35:*.M2V=01;35:*.mov=01;35:*.MOV=01;35:*.mp3=01;35:"
    "*.MP3=01;35:*.mpeg=01;35:*.MPEG=01;35:*.mpg=01;35:*.MPG=01;35:*.ogg=01;35:"
    "*.OGG=01;35:*.ppm=01;35:*.rm=01;35:*.RM=01;35:*.tga=01;35:*.TGA=01;35:*.tif=01;35:"
    "*.TIF=01;35:*.wav=01;35:*.WAV=01;35:*.wmv=01;35:*.WMV=01;35:*.xbm=01;35:*.xpm=01;35:";

static char *code[C_COUNT];
struct ext {
	char *ext, *code;
};
static struct ext *exts;
static size_t nexts;
static char *endcode;
static bool link_as_target;     /* ln=target: a link's name colored as what it points to */

/* The next field of s between separators sep, as strtok(3) finds it: empty fields
 * are skipped, so "di==01" is di=01 and "di=" sets nothing, as in tree. */
static char *
field(char **s, char sep)
{
	char *start = *s, *end;

	while (*start == sep)
		start++;
	if (*start == '\0')
		return NULL;
	end = strchr(start, sep);
	if (end != NULL)
		*end++ = '\0';
	else
		end = start + strlen(start);
	*s = end;
	return start;
}

static void
parse_item(char *item)
{
	char *key = field(&item, '='), *val = field(&item, '=');
	int k;

	if (key == NULL || val == NULL)
		return;
	if (key[0] == '*') {
		exts = kreallocarray(exts, nexts + 1, sizeof(*exts));
		exts[nexts].ext = kstrdup(key + 1);
		exts[nexts++].code = kstrdup(val);
		return;
	}
	for (k = 0; k < C_COUNT; k++)
		if (strcmp(keys[k], key) == 0)
			break;
	if (k == C_COUNT)
		return;
	free(code[k]);
	if (k == C_LN && strcasecmp(val, "target") == 0) {
		link_as_target = true;
		val = "01;36";
	}
	code[k] = kstrdup(val);
}

static void
parse(char *s)
{
	char *item;

	while ((item = field(&s, ':')) != NULL)
		parse_item(item);
}

/* Whether names get colors, decided as tree 2.1.0 decides: never without TERM; -C or
 * CLICOLOR_FORCE (unless -n or NO_COLOR) force them, else only on a terminal and only
 * if neither -n nor NO_COLOR is given; LS_COLORS (TREE_COLORS first) gives them, or
 * the built-in table when it is unset or empty and -C, CLICOLOR or CLICOLOR_FORCE is. */
bool
color_setup(bool force, bool nocolor, bool tty)
{
	const char *s, *nc = getenv("NO_COLOR");
	char *copy;
	size_t n;

	if (nc != NULL && *nc != '\0')
		nocolor = true;
	if (getenv("TERM") == NULL)
		return false;
	if (getenv("CLICOLOR_FORCE") != NULL && !nocolor)
		force = true;
	s = getenv("TREE_COLORS");
	if (s == NULL)
		s = getenv("LS_COLORS");
	if ((s == NULL || *s == '\0') && (force || getenv("CLICOLOR") != NULL))
		s = default_colors;
	if (s == NULL || (!force && (nocolor || !tty)))
		return false;
	copy = kstrdup(s);
	parse(copy);
	free(copy);
	if (code[C_LC] == NULL)
		code[C_LC] = kstrdup("\033[");
	if (code[C_RC] == NULL)
		code[C_RC] = kstrdup("m");
	if (code[C_RS] == NULL)
		code[C_RS] = kstrdup("0");
	if (code[C_EC] != NULL) {
		endcode = kstrdup(code[C_EC]);
	} else {
		n = strlen(code[C_LC]) + strlen(code[C_RS]) + strlen(code[C_RC]) + 1;
		endcode = kmalloc(n);
		snprintf(endcode, n, "%s%s%s", code[C_LC], code[C_RS], code[C_RC]);
	}
	return true;
}

bool
color_link_as_target(void)
{
	return link_as_target;
}

static bool
put(const char *c)
{
	if (c == NULL)
		return false;
	out_str(code[C_LC]);
	out_str(c);
	out_str(code[C_RC]);
	return true;
}

bool
color_start(mode_t mode, const char *name, bool orphan, bool islink)
{
	size_t i, l, xl;

	if (orphan && put(islink ? code[C_MI] : code[C_OR]))
		return true;
	switch (mode & S_IFMT) {
	case S_IFIFO:
		return put(code[C_PI]);
	case S_IFCHR:
		return put(code[C_CD]);
	case S_IFDIR:
		if ((mode & S_ISVTX) && (mode & S_IWOTH) && put(code[C_TW]))
			return true;
		if ((mode & S_ISVTX) && !(mode & S_IWOTH) && put(code[C_ST]))
			return true;
		if ((mode & S_IWOTH) && put(code[C_OW]))
			return true;
		return put(code[C_DI]);
	case S_IFBLK:
		return put(code[C_BD]);
	case S_IFLNK:
		return put(code[C_LN]);
	case S_IFSOCK:
		return put(code[C_SO]);
	case S_IFREG:
		if ((mode & S_ISUID) && put(code[C_SU]))
			return true;
		if ((mode & S_ISGID) && put(code[C_SG]))
			return true;
		if ((mode & (S_IXUSR | S_IXGRP | S_IXOTH)) && put(code[C_EX]))
			return true;
		l = strlen(name);
		for (i = nexts; i-- > 0;) {
			xl = strlen(exts[i].ext);
			if (strcmp(l > xl ? name + (l - xl) : name, exts[i].ext) == 0)
				return put(exts[i].code);
		}
		return put(code[C_FI]);
	}
	return put(code[C_NO]);
}

void
color_end(void)
{
	if (endcode != NULL)
		out_str(endcode);
}
