# update.awk: bring wpver-data.tsv up to date from WordPress.org's release API, for the
# maintainer. POSIX awk (mawk, busybox awk, gawk); the JSON documents are saved beforehand
# with any HTTP client:
#
#   awk -v date=YYYY-MM-DD -f tools/wpver/update.awk tools/wpver/wpver-data.tsv \
#       stable-check.json version-check.json > new.tsv
#
# stable-check.json is https://api.wordpress.org/core/stable-check/1.0/: one object whose
# keys are every WordPress release and whose values are "latest", "outdated" or "insecure".
# version-check.json is https://api.wordpress.org/core/version-check/1.7/: an object whose
# "offers" array holds one object per offered release, with "version", "php_version" and
# "mysql_version" strings. Both are listed on codex.wordpress.org/WordPress.org_API
# ("Version Stability" and "Version Check").
#
# The branch records get the newest release of each branch (dated `date`: the API carries
# no release dates) and new branches are added (released `date`, minimum PHP and MySQL from
# their offer); the date record becomes `date`. Everything else, the php records (the
# handbook's PHP support table and the hosting policy, which the API does not carry) and
# the comments, is kept as it is. What changed is said on standard error. Any doubt (a
# document of another shape, a branch missing, a release older than the data's, a new
# branch without an offer) is an error: exit 1 and no output.

function fail(msg) {
	printf "update.awk: %s\n", msg > "/dev/stderr"
	failed = 1
	exit 1
}

function note(msg) {
	printf "update.awk: %s\n", msg > "/dev/stderr"
}

function is_release(s) {
	return s ~ /^[0-9]+\.[0-9]+(\.[0-9]+)?$/
}

function branch_of(v,    p) {
	split(v, p, ".")
	return p[1] "." p[2]
}

# Compare two versions x.y[.z], a missing part counting as 0: -1, 0 or 1.
function vcmp(a, b,    pa, pb, i, na, nb) {
	na = split(a, pa, ".")
	nb = split(b, pb, ".")
	for (i = 1; i <= 3; i++) {
		if (i > na)
			pa[i] = 0
		if (i > nb)
			pb[i] = 0
		if (pa[i] + 0 < pb[i] + 0)
			return -1
		if (pa[i] + 0 > pb[i] + 0)
			return 1
	}
	return 0
}

# --- A JSON reader: parse_value(path) stores each string, number and literal of the
# document in VAL[path], the kind of each value in KIND[path] (object, array, string,
# literal), and the keys of an object / the length of an array in KEY[path, i], NKEY[path].
# Paths join keys and array indexes with SUBSEP.

function jfail(msg) {
	fail(DOC ": " msg (POS > LEN ? " at the end" : " at byte " POS))
}

function skip_ws() {
	while (POS <= LEN && index(" \t\r\n", substr(TEXT, POS, 1)) > 0)
		POS++
}

function parse_string(    out, c, e) {
	out = ""
	POS++	# the opening quote
	for (;;) {
		if (POS > LEN)
			jfail("string not closed")
		if (match(substr(TEXT, POS), /^[^"\\]+/)) {
			out = out substr(TEXT, POS, RLENGTH)
			POS += RLENGTH
			continue
		}
		c = substr(TEXT, POS, 1)
		POS++
		if (c == "\"")
			return out
		e = substr(TEXT, POS, 1)
		POS++
		if (e == "n")
			out = out "\n"
		else if (e == "t")
			out = out "\t"
		else if (e == "r" || e == "b" || e == "f")
			out = out " "
		else if (e == "\"" || e == "\\" || e == "/")
			out = out e
		else if (e == "u" && substr(TEXT, POS, 4) ~ /^[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]$/) {
			out = out "?"	# no version or URL holds one
			POS += 4
		} else
			jfail("bad escape \\" e)
	}
}

function child(path, key) {
	return path SUBSEP key
}

function parse_value(path,    c, n, key) {
	skip_ws()
	c = substr(TEXT, POS, 1)
	if (c == "{") {
		KIND[path] = "object"
		n = 0
		POS++
		skip_ws()
		if (substr(TEXT, POS, 1) == "}") {
			POS++
			NKEY[path] = 0
			return
		}
		for (;;) {
			skip_ws()
			if (substr(TEXT, POS, 1) != "\"")
				jfail("object key expected")
			key = parse_string()
			skip_ws()
			if (substr(TEXT, POS, 1) != ":")
				jfail("':' expected")
			POS++
			KEY[path, ++n] = key
			parse_value(child(path, key))
			skip_ws()
			c = substr(TEXT, POS, 1)
			POS++
			if (c == "}")
				break
			if (c != ",")
				jfail("',' or '}' expected")
		}
		NKEY[path] = n
	} else if (c == "[") {
		KIND[path] = "array"
		n = 0
		POS++
		skip_ws()
		if (substr(TEXT, POS, 1) == "]") {
			POS++
			NKEY[path] = 0
			return
		}
		for (;;) {
			parse_value(child(path, ++n))
			skip_ws()
			c = substr(TEXT, POS, 1)
			POS++
			if (c == "]")
				break
			if (c != ",")
				jfail("',' or ']' expected")
		}
		NKEY[path] = n
	} else if (c == "\"") {
		KIND[path] = "string"
		VAL[path] = parse_string()
	} else if (match(substr(TEXT, POS), /^(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false|null)/)) {
		KIND[path] = "literal"
		VAL[path] = substr(TEXT, POS, RLENGTH)
		POS += RLENGTH
	} else if (POS > LEN)
		jfail("document ends early")
	else
		jfail("unexpected '" c "'")
}

function parse_document(name, text, root) {
	DOC = name
	TEXT = text
	LEN = length(text)
	POS = 1
	parse_value(root)
	skip_ws()
	if (POS <= LEN)
		jfail("text after the document")
}

# --- The documents.

# stable-check: NEWEST[branch] = newest release of each branch; LATEST = the one "latest".
function read_stable_check(root,    i, v, st, b, nlatest, newest) {
	if (KIND[root] != "object")
		fail(DOCNAME[root] ": not a stable-check document (an object of releases)")
	nlatest = 0
	for (i = 1; i <= NKEY[root]; i++) {
		v = KEY[root, i]
		st = VAL[child(root, v)]
		if (KIND[child(root, v)] != "string" ||
		    (st != "latest" && st != "outdated" && st != "insecure"))
			fail(DOCNAME[root] ": " v ": not latest, outdated or insecure")
		if (st == "latest") {
			LATEST = v
			nlatest++
		}
		if (!is_release(v))
			continue	# 0.71-gold, 1.0-platinum
		b = branch_of(v)
		if (v == b)
			v = b ".0"	# the data writes x.y.0 as wpver prints it
		if (!(b in NEWEST) || vcmp(v, NEWEST[b]) > 0) {
			NEWEST[b] = v
			STATUS[b] = st
		}
		if (newest == "" || vcmp(v, newest) > 0)
			newest = v
	}
	if (nlatest != 1)
		fail(DOCNAME[root] ": " nlatest " releases are \"latest\", not one")
	if (vcmp(LATEST, newest) != 0)
		fail(DOCNAME[root] ": \"latest\" " LATEST " is not the newest release")
}

# version-check: OFFER_PHP[branch], OFFER_MYSQL[branch] from each offer.
function read_version_check(root,    offers, i, o, v, b) {
	offers = child(root, "offers")
	if (KIND[root] != "object" || KIND[offers] != "array")
		fail(DOCNAME[root] ": not a version-check document (no \"offers\" array)")
	for (i = 1; i <= NKEY[offers]; i++) {
		o = child(offers, i)
		v = VAL[child(o, "version")]
		if (KIND[o] != "object" || !is_release(v))
			fail(DOCNAME[root] ": offer " i ": no \"version\" x.y or x.y.z")
		if (!is_release(VAL[child(o, "php_version")]) ||
		    !is_release(VAL[child(o, "mysql_version")]))
			fail(DOCNAME[root] ": offer " v ": no \"php_version\" or \"mysql_version\"")
		b = branch_of(v)
		OFFER_PHP[b] = VAL[child(o, "php_version")]
		OFFER_MYSQL[b] = VAL[child(o, "mysql_version")]
	}
}

# --- The data file.

function update_branch(i,    f, b) {
	split(LINE[i], f, "\t")
	b = f[2]
	if (!(b in NEWEST))
		fail("branch " b " of the data is not in the stable-check document")
	if (STATUS[b] == "insecure")
		note(b ": " NEWEST[b] " is marked insecure by WordPress.org")
	if (b in OFFER_PHP && vcmp(OFFER_PHP[b], f[4]) != 0)
		note(b ": version-check gives minimum PHP " OFFER_PHP[b] ", the data " f[4] " (kept)")
	if (vcmp(NEWEST[b], f[6]) < 0)
		fail(b ": newest release " NEWEST[b] " is older than the data's " f[6])
	if (vcmp(NEWEST[b], f[6]) == 0)
		return
	note(b ": " f[6] " -> " NEWEST[b])
	LINE[i] = "branch\t" b "\t" f[3] "\t" f[4] "\t" f[5] "\t" NEWEST[b] "\t" date
}

# New branches after the data's newest one, oldest first, as branch records.
function new_branches(last,    b, n, list, i, j, t, out) {
	n = 0
	for (b in NEWEST)
		if (vcmp(b, last) > 0)
			list[++n] = b
	for (i = 2; i <= n; i++)	# insertion sort: a handful of branches
		for (j = i; j > 1 && vcmp(list[j - 1], list[j]) > 0; j--) {
			t = list[j]
			list[j] = list[j - 1]
			list[j - 1] = t
		}
	out = ""
	for (i = 1; i <= n; i++) {
		b = list[i]
		if (!(b in OFFER_PHP))
			fail(b ": new branch without an offer in the version-check document: its minimum PHP is unknown")
		note(b ": new branch, " NEWEST[b] " (minimum PHP " OFFER_PHP[b] ", MySQL " OFFER_MYSQL[b] ")")
		out = out "\nbranch\t" b "\t" date "\t" OFFER_PHP[b] "\t" OFFER_MYSQL[b] "\t" NEWEST[b] "\t" date
	}
	return out
}

BEGIN {
	if (date !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/)
		fail("give the day the documents were saved: -v date=YYYY-MM-DD")
	if (ARGC != 4)
		fail("usage: awk -v date=YYYY-MM-DD -f update.awk wpver-data.tsv stable-check.json version-check.json")
}

FILENAME == ARGV[1] {
	LINE[++NLINE] = $0
	next
}

{ DOCTEXT[FILENAME] = DOCTEXT[FILENAME] $0 "\n" }

END {
	if (failed)
		exit 1
	if (NLINE == 0)
		fail(ARGV[1] ": empty or unreadable")
	for (d = 2; d <= 3; d++) {
		DOCNAME[d] = ARGV[d]
		if (!(ARGV[d] in DOCTEXT))
			fail(ARGV[d] ": empty or unreadable")
		parse_document(ARGV[d], DOCTEXT[ARGV[d]], d)
	}
	read_stable_check(2)
	read_version_check(3)
	lastline = 0
	ndate = 0
	for (i = 1; i <= NLINE; i++) {
		if (LINE[i] ~ /^branch\t/) {
			update_branch(i)
			lastline = i
			split(LINE[i], f, "\t")
			last = f[2]
		} else if (LINE[i] ~ /^date\t/) {
			LINE[i] = "date\t" date
			ndate++
		}
	}
	if (lastline == 0 || ndate != 1)
		fail(ARGV[1] ": not a wpver data file (one date record, branch records)")
	LINE[lastline] = LINE[lastline] new_branches(last)
	for (i = 1; i <= NLINE; i++)
		print LINE[i]
}
