/* ctree.h: what the parts of ctree share: options, the entry record, output and matching. */
#ifndef CTREE_H
#define CTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

enum sortkey { SORT_NAME, SORT_VERSION, SORT_SIZE, SORT_MTIME, SORT_CTIME, SORT_NONE };
enum topsort { TOP_NONE, TOP_DIRS, TOP_FILES };
enum format { FMT_TEXT, FMT_JSON, FMT_XML, FMT_SED, FMT_HTML };

struct options {
	bool a, d, l, f, x, noreport, p, u, g, s, h, si, du, D, F, Q, q, N;
	bool inodes, device, noindent, color, ignorecase, matchdirs, prune;
	bool gitignore, fromfile, nul, reverse, ctime, fflinks, tabfile;
	long level;             /* deepest level listed, -1: no limit */
	long filelimit;         /* 0: none */
	const char *timefmt;
	enum sortkey sort;
	enum topsort top;
	enum format format;
	char **ppat, **ipat;    /* -P and -I patterns */
	size_t nppat, nipat;
	bool need_stat;         /* some output or sort needs lstat(2) of every entry */
	bool mb;                /* multibyte locale (MB_CUR_MAX > 1) */
	bool coll_bytes;        /* LC_COLLATE orders by bytes: strcmp is strcoll */
	/* tree 2.3.1 options */
	bool selinux;           /* --selinux: each entry's security.selinux label */
	bool acl;               /* --acl: a + after the permissions of entries with an ACL */
	bool hyperlink;         /* --hyperlink: names as OSC 8 links */
	const char *scheme;     /* --scheme, default file:// */
	const char *authority;  /* --authority, default the host name */
	bool condense;          /* --condense: chains of lone directories on one line */
	bool compress;          /* --compress given: tree 2.3.1's lines and indents */
	int clvl;               /* --compress: 0 (widest) to 2 (narrowest) */
	bool nospace;           /* --compress below 0: no space after each level */
	bool ansi;              /* -A: lines in the VT100 graphics set */
	bool metafirst;         /* --metafirst: the [...] block before the lines */
	bool info;              /* --info, --infofile: comments from .info files */
	bool R;                 /* -R: with -L and -H, a page for each directory at the limit */
	/* HTML output (tree -H) */
	const char *html_base;  /* -H's baseHREF, without its leading '-' */
	bool html_offset;       /* -H -baseHREF: hrefs leave out the directory argument */
	bool html_nolinks;      /* --nolinks */
	const char *html_title; /* -T, NULL: tree's "Directory Tree" */
	const char *html_intro, *html_outro;   /* --hintro, --houtro files */
};
extern struct options opt;

/* The part of lstat(2) an entry keeps, read as st->st_ino, st_dev, st_uid, st_gid,
 * st_mtime and st_ctime: a directory of a million entries holds a million of these. */
typedef struct {
	dev_t st_dev;
	ino_t st_ino;
	uid_t st_uid;
	gid_t st_gid;
#ifdef st_mtime                 /* POSIX.1-2008 libcs: st_mtime is st_mtim.tv_sec */
	struct timespec st_mtim, st_ctim;
#else
	time_t st_mtime, st_ctime;
#endif
} estat;

/* What tree shows in brackets after an entry; walk.c makes the text where it prints it. */
enum emark { MARK_NONE, MARK_OPEN_ERROR, MARK_RECURSIVE, MARK_FILELIMIT };

/* What an entry needs beyond its name and type: allocated only for symlinks, for
 * directories that -l, -x or a tree in memory need, and when an option needs stat(2). */
struct einfo {
	estat st;               /* lstat(2), valid if the entry's have_st is set */
	char *link;             /* symlink target, NULL if not a symlink */
	struct entry *child;    /* trees in memory: the sorted contents */
	size_t nchild;          /* their count; under MARK_FILELIMIT, the entries found */
	off_t size;             /* st_size, or the subtree's total under --du */
	dev_t dev;              /* device and inode of what the entry names (after links) */
	ino_t ino;
	mode_t lmode;           /* a symlink's target mode, 0 if dangling */
	enum emark mark;
	/* tree 2.3.1 options */
	const char *context;    /* --selinux: the label, interned; NULL: none read */
	size_t condensed;       /* --condense: directories joined into this entry's name */
	const struct note *note; /* --info: the comment of a .info file, NULL: none */
};

/* One directory entry, or one node of a tree held in memory: kept small, since a
 * directory of a million entries holds a million of these. */
struct entry {
	char *name;
	struct einfo *x;        /* NULL when the name and type are all that is known */
	mode_t mode;            /* type bits; all of st_mode when have_st */
	unsigned isdir : 1;     /* names a directory, after symlinks */
	unsigned orphan : 1;    /* a dangling symlink */
	unsigned have_st : 1;
	unsigned have_ino : 1;
	/* tree 2.3.1 options */
	unsigned has_acl : 1;   /* --acl: a POSIX access ACL is present */
};

static inline const char *e_link(const struct entry *e) { return e->x ? e->x->link : NULL; }
static inline off_t e_size(const struct entry *e) { return e->x ? e->x->size : 0; }
static inline mode_t e_lmode(const struct entry *e) { return e->x ? e->x->lmode : 0; }
static inline struct entry *e_child(const struct entry *e) { return e->x ? e->x->child : NULL; }
static inline dev_t e_dev(const struct entry *e) { return e->x ? e->x->dev : 0; }
static inline ino_t e_ino(const struct entry *e) { return e->x ? e->x->ino : 0; }
static inline time_t e_mtime(const struct entry *e) { return e->have_st ? e->x->st.st_mtime : 0; }
static inline time_t e_ctime(const struct entry *e) { return e->have_st ? e->x->st.st_ctime : 0; }

/* pattern.c: tree's wildcard matcher (* ? [...] \, | alternatives, ** for paths).
 * Returns 1 on a match, 0 on none, -1 on a malformed pattern. */
int pat_match(const char *name, const char *pat, bool isdir, bool icase);
/* Whether a name matches one of a -P/-I list (a malformed pattern matches). */
bool pat_any(char **pats, size_t n, const char *name, bool isdir);

/* gitignore.c: a stack of .gitignore files for the directories on the current path. */
/* Returns -1 after a message when a .gitignore could not be read to its end. */
int gi_push_dir(int dirfd, const char *dirpath);
void gi_pop_dir(void);
void gi_keep_dir(void);         /* end a directory without popping what it pushed */
bool gi_ignored(const char *relpath, const char *name, bool isdir);
void gi_clear(void);
void gi_add_file(const char *path);   /* --gitfile; errors end the program */

/* tree's stacks of pattern files (gitignore.c, info.c): a frame per directory, which
 * pushed a file or not; a pop removes the newest file left, whoever pushed it, and a
 * directory tree leaves in force drops its frame alone. */
struct tframes {
	bool *pushed;
	size_t n, cap;
};
void tframes_push(struct tframes *t, bool pushed);
bool tframes_pop(struct tframes *t);   /* true: the newest file is to be popped */
void tframes_keep(struct tframes *t);
void tframes_free(struct tframes *t);

/* tree's pattern files are read in fgets() pieces of at most this many bytes. */
#define TREE_PIECE_MAX 4095
void tree_trim(char *s, bool v231);    /* tree's trimming of each piece */

/* info.c: --info: the .info files of the directories on the current path, and
 * --infofile's; a stack kept as gitignore.c keeps its own (see there). */
struct note {
	char **line;            /* the comment's lines, without their tab */
	size_t n;               /* 0: a pattern that ended the file without a comment */
};
/* Push the .info of the directory open as dirfd (dirfd -1: dirpath names it), whose
 * path as tree builds it is dirpath; top: a directory argument, whose parents are
 * searched when it has none. Returns whether a file was pushed, -1 after a message
 * when one could not be read to its end. */
int info_push_dir(int dirfd, const char *dirpath, bool top);
void info_pop_dir(void);
void info_keep_dir(void);
/* Trees in memory refer to comments after their directory is done: keep them all. */
void info_retain(void);
/* The comment for an entry: path is its path, top whether its directory pushed a file. */
const struct note *info_check(const char *path, const char *name, bool top, bool isdir);
void info_add_file(const char *path);   /* --infofile; errors end the program */
void info_add_global(void);             /* tree's global_info, if there is one */
void info_clear(void);
const char *info_pattern(size_t k, const struct note **note);  /* for the fuzz harness */

/* sort.c */
void sort_entries(struct entry *e, size_t n);
int version_cmp(const char *a, const char *b);

/* out.c: buffered output on one descriptor, names escaped the way tree does. */
int out_open(int fd);                  /* returns the descriptor written before */
void out_bytes(const char *s, size_t n);
void out_str(const char *s);
void out_char(char c);
void out_flush(void);
void out_name(const char *s);          /* tree's printit: -q, -N, -Q, locale */
void out_json_str(const char *s);      /* a JSON string with its quotes */
void out_xml_str(const char *s);       /* XML attribute or text content */
size_t utf8_len(const unsigned char *s); /* a valid UTF-8 sequence's length, or 0 */
void set_charset(const char *cs);
extern const char *charset_name;        /* as given, NULL if none */
extern const char *ld_vert, *ld_blank, *ld_tee, *ld_corner;
void set_compress(const char *cs);     /* --compress: tree 2.3.1's lines for cs */
char *concat(const char *a, const char *b);    /* a new string, a then b */
void set_ansi(void);                   /* -A: VT100 lines, without --compress */
extern const char *ld_open, *ld_close; /* -A: around the lines of an entry */
const char *ld_note_mark(size_t line, size_t lines);   /* --info: before a comment line */
void out_json_chars(const char *s);    /* out_json_str without the quotes */
void out_xml_note(const char *s);      /* a comment in an attribute: \ and tab as they are */

/* color.c: LS_COLORS for -C. tty: the listing goes to a terminal. */
bool color_setup(bool force, bool nocolor, bool tty);
bool color_link_as_target(void);       /* ln=target: a link's name in its target's color */
bool color_start(mode_t mode, const char *name, bool orphan, bool islink);
void color_end(void);

/* arena.c: names and entry records live in blocks that never move. The walk's
 * allocations for a directory sit above its parent's, so leaving a directory gives its
 * memory back at once (arena_mark, arena_release); --fromfile keeps a whole list's.
 * A zeroed arena is empty. */
struct block;
struct arena {
	struct block *top;
	struct block *spare;    /* one block kept back, so a walk that goes up and down a
	                         * block boundary does not call malloc each time */
	size_t next_cap;
};

struct amark {
	struct block *top;
	size_t used;
};

void *arena_alloc(struct arena *a, size_t n, size_t align);
char *arena_strdup(struct arena *a, const char *s, size_t n);
struct amark arena_mark(const struct arena *a);
void arena_release(struct arena *a, struct amark m);
void arena_free(struct arena *a);

/* pathlist.c: --fromfile: build a tree from a list of paths. */
struct pathtree {
	void *ps;               /* the nodes and their index while paths are added */
	struct entry *top;      /* after pathtree_finish: the top level, sorted */
	size_t ntop;
	size_t nentries;
	struct arena store;     /* the names and the sorted levels */
};
/* Add one path (len bytes, not NUL-terminated) to the tree. Comment lines (#) and
 * empty lines are skipped; "." components and empty components are dropped. */
void pathtree_add(struct pathtree *t, const char *path, size_t len);
/* --fromtabfile: one line, its depth in leading tabs; false: an orphaned line. */
bool pathtree_add_tabbed(struct pathtree *t, const char *line, size_t len);
/* Sort every level and apply -a, -d, -P, -I, --prune, --matchdirs. */
void pathtree_finish(struct pathtree *t);
void pathtree_free(struct pathtree *t);
/* info.c: --info's comments for the tree, as tree reads --fromfile's .info files. */
void info_pathtree(struct pathtree *t);

/* xattr.c: --selinux and --acl, one lgetxattr(2) each per entry. dfd < 0: name is
 * a path; otherwise name is in the directory open as dfd, whose path is dirpath. */
void xattr_fill(int dfd, const char *dirpath, const char *name, struct entry *e,
    struct einfo *x);
const char *e_context(const struct entry *e);   /* "" when none */

/* hyperlink.c: --hyperlink. hyper_root for each argument, hyper_dir before the
 * entries of a directory are listed, then hyper_open(name) ... hyper_close(). */
void hyper_setup(void);
void hyper_root(const char *arg);
void hyper_dir(const char *path);
void hyper_open(const char *name);
void hyper_close(void);

#endif
