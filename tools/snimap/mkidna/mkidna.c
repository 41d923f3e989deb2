/* mkidna.c: writes snimap's UTS 46 and IDNA2008 tables (idna-table.h) from Unicode data files. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * mkidna [-n newer-uts46data.py -N newer-idnadata.py] [-a DerivedAge.txt -A AGE]
 *     uts46data.py idnadata.py UnicodeData.txt DerivedNormalizationProps.txt
 *   uts46data.py                  UTS 46 IDNA mapping table (Debian python3-idna)
 *   idnadata.py                   RFC 5892 classes, joining types, scripts (same package)
 *   UnicodeData.txt               combining classes, decompositions, categories, bidi classes
 *   DerivedNormalizationProps.txt Full_Composition_Exclusion
 *   -n, -N                        the same files of another version: a code point it
 *                                 maps otherwise or refuses is refused
 *   -a, -A                        refuse code points assigned after Unicode AGE (such as
 *                                 12.1, the IDNA2008 tables of libidn2 2.3)
 * Output on standard output: C tables for tools/snimap/idna.c.
 */

#define NCP 0x110000

/* ST_UNSTABLE: mapped otherwise, or refused, by the newer table. */
enum status {
	ST_VALID, ST_MAPPED, ST_DEVIATION, ST_IGNORED, ST_DISALLOWED, ST_STD3, ST_UNSTABLE,
	ST_TOO_NEW
};
/* ST_TOO_NEW: assigned after the age limit. */

struct row {
	uint32_t start;
	int status;
	size_t off, len;
};

static const char *prog = "mkidna";

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, why);
	exit(2);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("memory", strerror(errno));
	return p;
}

static FILE *
xopen(const char *path)
{
	FILE *f = fopen(path, "r");

	if (f == NULL)
		die(path, strerror(errno));
	return f;
}

static char *
xgetline(FILE *f, const char *path)
{
	static char *line;
	static size_t cap;
	ssize_t n;

	errno = 0;
	if ((n = getline(&line, &cap, f)) < 0) {
		if (ferror(f) || errno != 0)
			die(path, errno ? strerror(errno) : "read error");
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	return line;
}

/* One UTF-8 sequence of a trusted data file. */
static uint32_t
utf8_take(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = *p++;
	int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

	if (more)
		c &= 0x3f >> more;
	while (more-- > 0)
		c = (c << 6) | (*p++ & 0x3f);
	*s = p;
	return c;
}

/* The mapping table: status and replacement of every code point. */
static int cp_status[NCP];
static uint32_t *cp_map[NCP];
static unsigned char cp_maplen[NCP];

static void
read_uts46(const char *path, char *version)
{
	FILE *f = xopen(path);
	char *line, st;
	unsigned long start, prev = 0, c;
	uint32_t buf[32], *map = NULL;
	size_t n = 0;
	int status = ST_DISALLOWED, have = 0;

	while ((line = xgetline(f, path)) != NULL) {
		const unsigned char *q;

		if (sscanf(line, "__version__ = %*[\"']%15[0-9.]", version) == 1)
			continue;
		if (sscanf(line, " (0x%lX, %*[\"']%c", &start, &st) != 2)
			continue;
		if (have)
			for (c = prev; c < start; c++) {
				cp_status[c] = status;
				cp_map[c] = map;
				cp_maplen[c] = (unsigned char)n;
			}
		switch (st) {
		case 'V': status = ST_VALID; break;
		case 'M': status = ST_MAPPED; break;
		case 'D': status = ST_DEVIATION; break;
		case 'I': status = ST_IGNORED; break;
		case 'X': status = ST_DISALLOWED; break;
		case '3': status = ST_STD3; break;
		default: die(path, "unknown status");
		}
		n = 0;
		map = NULL;
		q = (const unsigned char *)strchr(line, ',');
		q = q != NULL ? (const unsigned char *)strchr((const char *)q + 1, ',') : NULL;
		if (q != NULL) {
			unsigned char quote;

			while (*q == ',' || *q == ' ')
				q++;
			for (quote = *q++; *q != quote && *q != '\0'; ) {
				if (n >= sizeof buf / sizeof buf[0])
					die(path, "mapping too long");
				if (*q == '\\')
					q++;
				buf[n++] = utf8_take(&q);
			}
			map = xrealloc(NULL, (n ? n : 1) * sizeof *map);
			memcpy(map, buf, n * sizeof *map);
		}
		prev = start;
		have = 1;
	}
	for (c = prev; have && c < NCP; c++) {
		cp_status[c] = status;
		cp_map[c] = map;
		cp_maplen[c] = (unsigned char)n;
	}
	if (!have || version[0] == '\0')
		die(path, "no UTS 46 data in it");
	fclose(f);
}

/* RFC 5892 classes and the properties its context rules read, from idnadata.py. */
enum { P_PVALID = 1, P_CONTEXTJ = 2, P_CONTEXTO = 4 };
static unsigned char cp_class[NCP];
static unsigned char cp_joining[NCP];   /* 'D', 'L', 'R', 'T', 'U', 'C' or 0 */
static unsigned char cp_script[NCP];    /* S_* below */
enum { S_GREEK = 1, S_HEBREW, S_HIRAGANA, S_KATAKANA, S_HAN };

static void
read_idnadata(const char *path, char *version)
{
	FILE *f = xopen(path);
	char *line, name[32], *p, *end;
	int section = 0, what = 0;
	unsigned long long r;
	unsigned long c, j;
	uint32_t lo, hi;

	while ((line = xgetline(f, path)) != NULL) {
		if (sscanf(line, "__version__ = %*[\"']%15[0-9.]", version) == 1)
			continue;
		if (strncmp(line, "scripts = {", 11) == 0) { section = 1; continue; }
		if (strncmp(line, "joining_types = {", 17) == 0) { section = 2; continue; }
		if (strncmp(line, "codepoint_classes = {", 21) == 0) { section = 3; continue; }
		if (strcmp(line, "}") == 0) { section = 0; continue; }
		if (section == 0)
			continue;
		if (section == 2) {
			if (sscanf(line, " 0x%lx: %lu,", &c, &j) == 2 && c < NCP)
				cp_joining[c] = (unsigned char)j;
			continue;
		}
		if (sscanf(line, " %*[\"']%31[A-Za-z]%*[\"']: (", name) == 1) {
			if (section == 1)
				what = strcmp(name, "Greek") == 0 ? S_GREEK :
				    strcmp(name, "Hebrew") == 0 ? S_HEBREW :
				    strcmp(name, "Hiragana") == 0 ? S_HIRAGANA :
				    strcmp(name, "Katakana") == 0 ? S_KATAKANA :
				    strcmp(name, "Han") == 0 ? S_HAN : 0;
			else
				what = strcmp(name, "PVALID") == 0 ? P_PVALID :
				    strcmp(name, "CONTEXTJ") == 0 ? P_CONTEXTJ :
				    strcmp(name, "CONTEXTO") == 0 ? P_CONTEXTO : 0;
			line = strchr(line, '(') + 1;   /* a short list stands on the same line */
		}
		/* (start << 32 | end) pairs, end excluded */
		for (p = line; what != 0 && (p = strstr(p, "0x")) != NULL; p = end) {
			r = strtoull(p, &end, 16);
			lo = (uint32_t)(r >> 32);
			hi = (uint32_t)(r & 0xffffffffu);
			if (hi > NCP || lo >= hi)
				die(path, "bad range");
			for (c = lo; c < hi; c++) {
				if (section == 1)
					cp_script[c] = (unsigned char)what;
				else
					cp_class[c] |= (unsigned char)what;
			}
		}
	}
	if (version[0] == '\0')
		die(path, "no IDNA data in it");
	fclose(f);
}

/* From UnicodeData.txt. */
static unsigned char cp_ccc[NCP];
static unsigned char cp_mark[NCP];      /* General_Category M* */
static unsigned char cp_bidi[NCP];      /* B_* below, 0 for unassigned */
static uint32_t *cp_decomp[NCP];        /* canonical, one level */
static unsigned char cp_decomplen[NCP];
static unsigned char cp_noncomp[NCP];   /* Full_Composition_Exclusion */

static const char *const bidi_names[] = {
	"", "L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON",
	"LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", NULL
};

static int
bidi_index(const char *s, const char *path)
{
	int i;

	for (i = 1; bidi_names[i] != NULL; i++)
		if (strcmp(bidi_names[i], s) == 0)
			return i;
	die(path, "unknown bidi class");
	return 0;
}

static void
unicode_props(unsigned long c, const char *gc, const char *ccc, const char *bidi, const char *path)
{
	cp_ccc[c] = (unsigned char)atoi(ccc);
	cp_mark[c] = gc[0] == 'M';
	cp_bidi[c] = (unsigned char)bidi_index(bidi, path);
}

static void
read_unicodedata(const char *path)
{
	FILE *f = xopen(path);
	char *line, *fld[15], *p;
	unsigned long c, first = 0, k;
	int i;

	while ((line = xgetline(f, path)) != NULL) {
		for (i = 0, p = line; i < 15; i++) {
			fld[i] = p;
			if ((p = strchr(p, ';')) == NULL)
				break;
			*p++ = '\0';
		}
		if (i < 14)
			die(path, "short line");
		c = strtoul(fld[0], NULL, 16);
		if (c >= NCP)
			die(path, "code point out of range");
		if (strstr(fld[1], ", First>") != NULL) {
			first = c;
			continue;
		}
		if (strstr(fld[1], ", Last>") != NULL) {
			for (k = first; k <= c; k++)
				unicode_props(k, fld[2], fld[3], fld[4], path);
			continue;
		}
		unicode_props(c, fld[2], fld[3], fld[4], path);
		if (fld[5][0] != '\0' && fld[5][0] != '<') {
			uint32_t d[4] = { 0 };
			int n = 0;

			for (p = fld[5]; *p != '\0'; ) {
				if (n == 4)
					die(path, "decomposition longer than 4");
				d[n++] = (uint32_t)strtoul(p, &p, 16);
				while (*p == ' ')
					p++;
			}
			cp_decomp[c] = xrealloc(NULL, (size_t)n * sizeof *d);
			memcpy(cp_decomp[c], d, (size_t)n * sizeof *d);
			cp_decomplen[c] = (unsigned char)n;
		}
	}
	fclose(f);
}

static void
read_exclusions(const char *path, char *version)
{
	FILE *f = xopen(path);
	char *line, prop[64];
	unsigned long lo, hi;

	while ((line = xgetline(f, path)) != NULL) {
		if (sscanf(line, "# DerivedNormalizationProps-%15[0-9.]", version) == 1) {
			version[strlen(version) - 1] = '\0';   /* the dot before "txt" */
			continue;
		}
		if (sscanf(line, "%lx..%lx ; %63s", &lo, &hi, prop) == 3 ||
		    (sscanf(line, "%lx ; %63s", &lo, prop) == 2 && (hi = lo, 1))) {
			if (strcmp(prop, "Full_Composition_Exclusion") != 0 || hi >= NCP)
				continue;
			for (; lo <= hi; lo++)
				cp_noncomp[lo] = 1;
		}
	}
	fclose(f);
}

/* Full canonical decomposition of c into out; returns its length. */
static size_t
decompose_full(uint32_t c, uint32_t *out)
{
	size_t n = 0, i;

	if (cp_decomplen[c] == 0) {
		out[0] = c;
		return 1;
	}
	for (i = 0; i < cp_decomplen[c]; i++)
		n += decompose_full(cp_decomp[c][i], out + n);
	return n;
}

static void
out_ranges(const char *name, int (*has)(uint32_t))
{
	uint32_t c, lo;
	int n = 0;

	printf("static const struct idna_range %s[] = {\n", name);
	for (c = 0; c < NCP; c++) {
		if (!has(c))
			continue;
		for (lo = c; c + 1 < NCP && has(c + 1); c++)
			;
		printf("%s{0x%X,0x%X},", n % 4 == 0 ? "\t" : " ", (unsigned)lo, (unsigned)c);
		if (++n % 4 == 0)
			printf("\n");
	}
	printf("%s};\n\n", n % 4 ? "\n" : "");
}

static int is_pvalid(uint32_t c) { return cp_class[c] & P_PVALID; }
static int is_contextj(uint32_t c) { return cp_class[c] & P_CONTEXTJ; }
static int is_contexto(uint32_t c) { return cp_class[c] & P_CONTEXTO; }
static int is_mark(uint32_t c) { return cp_mark[c]; }

/* Properties that vary by value, as (start, value) rows: a value holds up to the next row.
 * With label_only, the value of a code point that cannot be in a checked label (not
 * ASCII, PVALID or CONTEXT) is whatever makes the table shortest. */
static void
out_steps(const char *name, const unsigned char *prop, int label_only)
{
	uint32_t c;
	unsigned char prev = 0;
	int n = 0;

	printf("static const struct idna_step %s[] = {\n", name);
	for (c = 0; c < NCP; c++) {
		if (c > 0 && (prop[c] == prev || (label_only && c >= 0x80 && cp_class[c] == 0)))
			continue;
		prev = prop[c];
		printf("%s{0x%X,%u},", n % 5 == 0 ? "\t" : " ", (unsigned)c, prop[c]);
		if (++n % 5 == 0)
			printf("\n");
	}
	printf("%s};\n\n", n % 5 ? "\n" : "");
}

static int
same_map(uint32_t a, uint32_t b)
{
	return cp_status[a] == cp_status[b] && cp_maplen[a] == cp_maplen[b] &&
	    (cp_maplen[a] == 0 || memcmp(cp_map[a], cp_map[b], cp_maplen[a] * sizeof(uint32_t)) == 0);
}

static void
out_mapping(void)
{
	uint32_t c, *pool = NULL;
	size_t npool = 0, i;
	int n = 0;

	/* The replacements (of mapped code points; others keep their own) in one pool. */
	printf("static const struct idna_map idna_map[] = {\n");
	for (c = 0; c < NCP; c++) {
		int st = cp_status[c];
		size_t off = 0, len = cp_maplen[c];

		if (c > 0 && same_map(c, c - 1))
			continue;
		if (st != ST_MAPPED)
			len = 0;
		if (len > 0) {
			pool = xrealloc(pool, (npool + len) * sizeof *pool);
			memcpy(pool + npool, cp_map[c], len * sizeof *pool);
			off = npool;
			npool += len;
		}
		if (off > 0xffff || len > 0xff)
			die("mapping", "table too large for its fields");
		printf("%s{0x%X,%d,%u,%u},", n % 4 == 0 ? "\t" : " ", (unsigned)c, st,
		    (unsigned)len, (unsigned)off);
		if (++n % 4 == 0)
			printf("\n");
	}
	printf("%s};\n\n", n % 4 ? "\n" : "");
	printf("static const uint32_t idna_map_pool[] = {\n");
	for (i = 0; i < npool; i++)
		printf("%s0x%X,%s", i % 8 == 0 ? "\t" : "", (unsigned)pool[i],
		    i % 8 == 7 || i + 1 == npool ? "\n" : " ");
	printf("};\n\n");
	free(pool);
}

static void
out_normalization(void)
{
	uint32_t c, buf[32], *pool = NULL;
	size_t npool = 0, len, i;
	int n = 0;

	printf("static const struct idna_decomp idna_decomp[] = {\n");
	for (c = 0; c < NCP; c++) {
		if (cp_decomplen[c] == 0)
			continue;
		len = decompose_full(c, buf);
		pool = xrealloc(pool, (npool + len) * sizeof *pool);
		memcpy(pool + npool, buf, len * sizeof *pool);
		printf("%s{0x%X,%u,%u},", n % 4 == 0 ? "\t" : " ", (unsigned)c, (unsigned)len,
		    (unsigned)npool);
		npool += len;
		if (++n % 4 == 0)
			printf("\n");
	}
	printf("%s};\n\n", n % 4 ? "\n" : "");
	printf("static const uint32_t idna_decomp_pool[] = {\n");
	for (i = 0; i < npool; i++)
		printf("%s0x%X,%s", i % 8 == 0 ? "\t" : "", (unsigned)pool[i],
		    i % 8 == 7 || i + 1 == npool ? "\n" : " ");
	printf("};\n\n");
	free(pool);

	/* Primary composites: a two-code-point canonical decomposition not excluded. The
	 * rows are sorted by (first, second), as c walks up and pairs are unique per c. */
	{
		struct pair { uint32_t a, b, c; } *pairs = NULL;
		size_t np = 0, j;

		for (c = 0; c < NCP; c++) {
			if (cp_decomplen[c] != 2 || cp_noncomp[c])
				continue;
			pairs = xrealloc(pairs, (np + 1) * sizeof *pairs);
			pairs[np].a = cp_decomp[c][0];
			pairs[np].b = cp_decomp[c][1];
			pairs[np].c = c;
			np++;
		}
		for (i = 1; i < np; i++)
			for (j = i; j > 0 && (pairs[j - 1].a > pairs[j].a ||
			    (pairs[j - 1].a == pairs[j].a && pairs[j - 1].b > pairs[j].b)); j--) {
				struct pair t = pairs[j];

				pairs[j] = pairs[j - 1];
				pairs[j - 1] = t;
			}
		printf("static const struct idna_pair idna_compose[] = {\n");
		for (i = 0; i < np; i++)
			printf("%s{0x%X,0x%X,0x%X},%s", i % 3 == 0 ? "\t" : "", (unsigned)pairs[i].a,
			    (unsigned)pairs[i].b, (unsigned)pairs[i].c,
			    i % 3 == 2 || i + 1 == np ? "\n" : " ");
		printf("};\n\n");
		free(pairs);
	}
}

/* What a code point becomes under snimap's rules: -1 for refused, else the length of
 * the code points it stands for (in *out). */
static int
effect(uint32_t c, const uint32_t **out)
{
	static uint32_t self;

	switch (cp_status[c]) {
	case ST_VALID:
	case ST_DEVIATION:
		self = c;
		*out = &self;
		return 1;
	case ST_MAPPED:
		*out = cp_map[c];
		return cp_maplen[c];
	case ST_IGNORED:
		*out = NULL;
		return 0;
	default:
		return -1;
	}
}

/* Refuse every code point that a newer table maps otherwise or refuses, and drop the
 * RFC 5892 classes the newer data does not give: the peers that snimap must agree with
 * use tables of different Unicode versions. Returns the number of code points refused. */
static unsigned long
intersect_newer(const char *uts46, const char *idnadata, char *v1, char *v2)
{
	static int st[NCP];
	static uint32_t *map[NCP];
	static unsigned char len[NCP], cls[NCP], join[NCP], scr[NCP];
	const uint32_t *a, *b;
	unsigned long c, refused = 0;
	int na, nb;

	memcpy(st, cp_status, sizeof st);
	memcpy(map, cp_map, sizeof map);
	memcpy(len, cp_maplen, sizeof len);
	read_uts46(uts46, v1);
	for (c = 0x80; c < NCP; c++) {
		nb = effect((uint32_t)c, &b);
		cp_status[c] = st[c];
		cp_map[c] = map[c];
		cp_maplen[c] = len[c];
		if (st[c] == ST_DISALLOWED || st[c] == ST_STD3)
			continue;
		na = effect((uint32_t)c, &a);
		if (na != nb || (na > 0 && memcmp(a, b, (size_t)na * sizeof *a) != 0)) {
			cp_status[c] = ST_UNSTABLE;
			refused++;
		}
	}
	for (c = 0; c < 0x80; c++) {
		cp_status[c] = st[c];
		cp_map[c] = map[c];
		cp_maplen[c] = len[c];
	}
	memcpy(cls, cp_class, sizeof cls);
	memcpy(join, cp_joining, sizeof join);
	memcpy(scr, cp_script, sizeof scr);
	memset(cp_class, 0, sizeof cp_class);
	read_idnadata(idnadata, v2);
	for (c = 0; c < NCP; c++)
		cp_class[c] &= cls[c];
	memcpy(cp_joining, join, sizeof join);
	memcpy(cp_script, scr, sizeof scr);
	return refused;
}

/* Refuse the code points DerivedAge.txt says were assigned after Unicode limit
 * ("12.1"). Returns how many. */
static unsigned long
refuse_newer(const char *path, const char *limit)
{
	FILE *f = xopen(path);
	char *line;
	unsigned long lo, hi, n = 0;
	unsigned major, minor, lmajor, lminor;

	if (sscanf(limit, "%u.%u", &lmajor, &lminor) != 2)
		die(limit, "not an age such as 12.1");
	while ((line = xgetline(f, path)) != NULL) {
		if (sscanf(line, "%lx..%lx ; %u.%u", &lo, &hi, &major, &minor) != 4 &&
		    (sscanf(line, "%lx ; %u.%u", &lo, &major, &minor) != 3 || (hi = lo, 0)))
			continue;
		if (major < lmajor || (major == lmajor && minor <= lminor) || hi >= NCP)
			continue;
		for (; lo <= hi; lo++) {
			if (lo >= 0x80 && cp_status[lo] != ST_DISALLOWED && cp_status[lo] != ST_STD3) {
				cp_status[lo] = ST_TOO_NEW;
				n++;
			}
		}
	}
	fclose(f);
	return n;
}

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-n newer-uts46data.py -N newer-idnadata.py] "
	    "[-a DerivedAge.txt -A AGE]\n"
	    "    uts46data.py idnadata.py UnicodeData.txt DerivedNormalizationProps.txt\n", prog);
	exit(2);
}

int
main(int argc, char **argv)
{
	char uts46v[16] = "", idnav[16] = "", ucdv[16] = "";
	uint32_t c;

	char newv[16] = "", newidnav[16] = "";
	const char *newer = NULL, *newer_idna = NULL, *age = NULL, *age_limit = NULL;
	unsigned long unstable = 0, too_new = 0;
	int ch;

	while ((ch = getopt(argc, argv, "n:N:a:A:")) != -1) {
		switch (ch) {
		case 'n': newer = optarg; break;
		case 'N': newer_idna = optarg; break;
		case 'a': age = optarg; break;
		case 'A': age_limit = optarg; break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 4 || !newer != !newer_idna || !age != !age_limit)
		usage();
	read_uts46(argv[0], uts46v);
	read_idnadata(argv[1], idnav);
	read_unicodedata(argv[2]);
	read_exclusions(argv[3], ucdv);
	if (newer != NULL)
		unstable = intersect_newer(newer, newer_idna, newv, newidnav);
	if (age != NULL)
		too_new = refuse_newer(age, age_limit);
	/* a code point the mapping table does not know is no code point here */
	for (c = 0; c < NCP; c++)
		if (cp_status[c] == ST_DISALLOWED || cp_status[c] >= ST_UNSTABLE)
			cp_class[c] = 0;

	printf("/* idna-table.h: generated by tools/snimap/mkidna/mkidna.c; do not edit.\n"
	    " * UTS 46 mapping table %s and RFC 5892 classes %s (Debian python3-idna's\n"
	    " * uts46data.py and idnadata.py); normalization, categories and bidi classes from\n"
	    " * Unicode %s's UnicodeData.txt and DerivedNormalizationProps.txt (Debian\n"
	    " * unicode-data). */\n\n",
	    uts46v, idnav, ucdv);
	if (newer != NULL)
		printf("/* Refused as their mapping or status differs in UTS 46 %s (and RFC 5892\n"
		    " * classes narrowed to those of %s), another version a peer may use: %lu\n"
		    " * code points. */\n", newv, newidnav, unstable);
	if (age != NULL)
		printf("/* Refused as assigned after Unicode %s: %lu code points. */\n", age_limit,
		    too_new);
	printf("#define IDNA_UTS46_VERSION \"%s\"\n#define IDNA_IDNA2008_VERSION \"%s\"\n",
	    uts46v, idnav);
	printf("#define IDNA_UTS46_NEWER \"%s\"\n", newer != NULL ? newv : "");
	printf("#define IDNA_AGE_LIMIT \"%s\"\n\n", age != NULL ? age_limit : "");
	out_mapping();
	out_ranges("idna_pvalid", is_pvalid);
	out_ranges("idna_contextj", is_contextj);
	out_ranges("idna_contexto", is_contexto);
	out_ranges("idna_mark", is_mark);
	out_steps("idna_ccc", cp_ccc, 0);
	out_steps("idna_bidi", cp_bidi, 1);
	out_steps("idna_joining", cp_joining, 1);
	out_steps("idna_script", cp_script, 1);
	out_normalization();
	if (ucdv[0] == '\0')
		die(argv[3], "no version line in it");
	if (fflush(stdout) != 0 || ferror(stdout))
		die("standard output", strerror(errno));
	return 0;
}
