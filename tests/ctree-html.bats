#!/usr/bin/env bats
# ctree -H (issue 15, item 4): HTML pages compared byte for byte with the pages tree
# 2.3.1 made on the same tree (tests/fixtures/ctree/html, made by its regen.sh; only
# the credits are ctree's), and pages for hostile names checked with Python's parser.

load helper

setup() {
	T="$BATS_TEST_TMPDIR"
	H="$FIXTURES/ctree/html"
	sh "$H/mktree.sh" "$T/w" >/dev/null
}

# The owner's or group's name as -u and -g print it in HTML: padded to 8 with &nbsp;.
padded() {
	local s=$1 n=${#1}
	while [ "$n" -lt 8 ]; do
		s="$s&nbsp;"
		n=$((n + 1))
	done
	printf '%s' "$s"
}

# page NAME...: for each case of fixtures/ctree/html/cases, ctree's page (and exit
# status) is tree 2.3.1's, with ctree's version and the names of whoever runs this.
page() {
	local name loc args line a st version u g
	version=$(ctree --version | sed 's/^ctree (kanri) //')
	u=$(padded "$(id -un 2>/dev/null || id -u)")
	g=$(padded "$(id -gn 2>/dev/null || id -g)")
	require_cmd python3
	for name; do
		line=$(grep "^$name " "$H/cases")
		read -r _ loc args <<<"$line"
		# shellcheck disable=SC2086
		set -- $args
		for a; do
			shift
			set -- "$@" "${a//%20/ }"
		done
		st=0
		(cd "$T/w" && LC_ALL=$loc TZ=UTC ctree "$@") >"$T/out" 2>/dev/null || st=$?
		echo "status $st" >>"$T/out"
		VERSION=$version U=$u G=$g python3 -c '
import os, sys
s = open(sys.argv[1], "rb").read()
for k, v in (("@VERSION@", "VERSION"), ("@USER@", "U"), ("@GROUP@", "G")):
    s = s.replace(k.encode(), os.environb[v.encode()])
open(sys.argv[2], "wb").write(s)' "$H/$name.html" "$T/expected"
		diff -u "$T/expected" "$T/out" || { echo "case $name differs"; return 1; }
	done
}

# The pages with sizes were made where a directory is 4096 bytes (ext4).
require_4096_dirs() {
	local sizes
	sizes=$(find "$T/w/t" -type d -printf '%s\n' | sort -u)
	[ "$sizes" = 4096 ] || skip "directories here are $sizes bytes, the pages' are 4096"
}

@test "-H: links under baseHREF, tree 2.3.1's page; 00Tree.html is not listed" {
	page base dot
	run ctree -H . "$T/w/t"
	[[ "$output" != *00Tree.html* ]]
	run ctree "$T/w/t"
	[[ "$output" == *00Tree.html* ]]
}

@test "-H -baseHREF: hrefs without the directory argument (tree 2.2.1)" {
	page offset offset-slash offset-noslash fullpath-offset fromfile-offset
}

@test "-T: the page's title and heading" {
	page title
}

@test "--nolinks: names without href, with or without -C" {
	page nolinks class-nolinks
}

@test "--hintro and --houtro: the files' bytes in place of the page's start and end" {
	page hintro
}

@test "-H draws the lines of the locale's or --charset's charset" {
	page ascii latin1 sjis big5 koi8
}

@test "-H with -a, -d, -L" {
	page all dirs level
}

@test "-H with -p, -u, -g, -D, --timefmt" {
	page perms user group usergroup inodes-off date timefmt
}

@test "-H with -s, -h, --si, --du: tree 2.3.1's rounding and --du total" {
	require_4096_dirs
	page size human si du du-bytes
}

@test "-H -C: a class on each link, no color codes" {
	page class
	run env CLICOLOR_FORCE=1 TERM=xterm ctree -H . -C "$T/w/t"
	[[ "$output" != *$'\033'* ]]
	run env CLICOLOR_FORCE=1 TERM=xterm ctree -H . "$T/w/t"
	[[ "$output" != *'class="DIR"'* ]]
}

@test "-H with -f, -l, -i, --noreport, --dirsfirst, --filelimit, -P --prune" {
	page fullpath follow noindent noreport dirsfirst filelimit pattern
}

@test "-H with several directories, and a missing one (exit 2)" {
	page roots missing
}

@test "-H --fromfile" {
	page fromfile
	cd "$T/w"
	run ctree -H . --fromfile <list
	[ "$status" -eq 0 ]
	# tree 2.3.1's href for standard input's "." is baseHREF "." then "." and "/"
	[[ "$output" == *'	<a href="../">.</a><br>'* ]]
	[[ "$output" == *'	└──&nbsp;<a href="../z/">z</a><br>'* ]]
}

@test "-o writes the page to a file" {
	run ctree -H . -o "$T/p.html" "$T/w/t"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	grep -q '^<!DOCTYPE html>$' "$T/p.html"
	grep -q '^</html>$' "$T/p.html"
}

@test "--hintro or --houtro that cannot be read: a message, exit 2, no page" {
	run --separate-stderr ctree -H . --hintro "$T/none" "$T/w/t"
	[ "$status" -eq 2 ]
	[ "$stderr" = "ctree: $T/none: No such file or directory" ]
	[ -z "$output" ]
	run --separate-stderr ctree -H . --houtro "$T/none" -o "$T/p.html" "$T/w/t"
	[ "$status" -eq 2 ]
	[ "$stderr" = "ctree: $T/none: No such file or directory" ]
	[ ! -e "$T/p.html" ]
	run --separate-stderr ctree -H . --houtro "$T" "$T/w/t"
	[ "$status" -eq 2 ]
	[ "$stderr" = "ctree: $T: Is a directory" ]
}

@test "-H and -T without their argument are usage errors" {
	run --separate-stderr ctree -H
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[0]}" == *"requires an argument"* ]]
	run --separate-stderr ctree -H . -T
	[ "$status" -eq 2 ]
}

# -R: the pages of mkpages.sh's tree, each compared with tree 2.3.1's.
@test "-R -L 1: a page DIR/00Tree.html for each directory at the limit, and so on down, as tree 2.3.1 writes them" {
	local version p name n=0
	version=$(ctree --version | sed 's/^ctree (kanri) //')
	sh "$H/mkpages.sh" "$T/p"
	cd "$T/p"
	LC_ALL=C.UTF-8 ctree -H http://h/ -R -L 1 -l r >main.html
	sed "s/(kanri) @VERSION@/(kanri) $version/" "$H/pages-main.html" | diff -u - main.html
	while read -r p; do
		name=$(dirname "$p" | tr -c 'A-Za-z0-9\n' _)
		sed "s/(kanri) @VERSION@/(kanri) $version/" "$H/pages-$name.html" | diff -u - "$p"
		n=$((n + 1))
	done < <(find r -name 00Tree.html)
	[ "$n" -eq "$(find "$H" -name 'pages-r*.html' | wc -l)" ]
	[ "$n" -eq 5 ]
	# a second run replaces the pages and lists none of them
	LC_ALL=C.UTF-8 ctree -H http://h/ -R -L 1 -l r >main2.html
	cmp main.html main2.html
	sed "s/(kanri) @VERSION@/(kanri) $version/" "$H/pages-r_a_dir.html" | diff -u - "r/a dir/00Tree.html"
}

@test "-R: a link after a paged directory is the file's own (tree 2.3.1 adds /00Tree.html to it)" {
	cd "$T"
	export LC_ALL=C
	mkdir -p t/a t/b
	: >t/a/x
	: >t/m
	ctree -H http://h -R -L 1 t >paged.html
	ctree -H http://h -L 1 t >plain.html
	diff plain.html paged.html | grep '^[<>]' >changed || true
	printf '%s\n' '< 	|--&nbsp;<a href="http://ht/a/">a</a><br>' \
		'< 	|--&nbsp;<a href="http://ht/b/">b</a><br>' \
		'> 	|--&nbsp;<a href="http://ht/a/00Tree.html">a</a><br>' \
		'> 	|--&nbsp;<a href="http://ht/b/00Tree.html">b</a><br>' >want
	diff -u want changed
	grep -q 'href="http://ht/m">m<' paged.html
}

@test "-R: no -L or no -H, no pages; a symbolic link or FIFO in a page's place is refused, exit 2" {
	cd "$T"
	mkdir -p t/a
	ctree -H . -R t >/dev/null
	ctree -R -L 1 t >/dev/null
	[ ! -e t/a/00Tree.html ]
	printf 'secret\n' >victim
	ln -s ../../victim t/a/00Tree.html
	run --separate-stderr ctree -H . -R -L 1 t
	[ "$status" -eq 2 ]
	[[ "$stderr" == "ctree: t/a/00Tree.html: "* ]]
	[ "$(cat victim)" = secret ]
	[ -L t/a/00Tree.html ]
	rm t/a/00Tree.html
	mkfifo t/a/00Tree.html
	run --separate-stderr timeout 10 ctree -H . -R -L 1 t
	[ "$status" -eq 2 ]
	[ -p t/a/00Tree.html ]
	# a directory -l reaches through a link out of the tree gets no page
	rm t/a/00Tree.html
	mkdir -p outside
	ln -s ../outside t/out
	run --separate-stderr ctree -H . -R -L 1 -l t
	[ "$status" -eq 2 ]
	[ "$stderr" = "ctree: t/../outside: not under t: no 00Tree.html written there" ]
	[ ! -e outside/00Tree.html ]
	[ -f t/a/00Tree.html ]
	[[ "$output" == *'href=".t/out/">out</a>'* ]]
	rm t/out
	# a hard link to another file is replaced, not written through
	rm t/a/00Tree.html
	ln victim t/a/00Tree.html
	ctree -H . -R -L 1 t >/dev/null
	[ "$(cat victim)" = secret ]
	grep -q '<html>' t/a/00Tree.html
}

@test "-H to a full disk is an error, exit 2" {
	run --separate-stderr bash -c "ctree -H . '$T/w/t' >/dev/full"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "ctree: "* ]]
}

# check_page FILE LOCALE: FILE is a page made under LOCALE of the hostile tree h
# listed with -H - (hrefs /NAME): Python's html.parser finds only the page's own
# tags, every <a> closed, each name once with its href giving its bytes back and its
# text as the name; in a UTF-8 page nothing is invalid UTF-8; no control character.
check_page() {
	python3 - "$@" <<'EOF'
import html.parser, os, sys, urllib.parse
page = open(sys.argv[1], "rb").read()
utf8 = sys.argv[2] != "C"
names = sorted(os.listdir(os.fsencode(sys.argv[3])))
text = page.decode("utf-8") if utf8 else page.decode("latin-1")
for c in text:
    assert not ((ord(c) < 32 and c not in "\t\n\r\f") or ord(c) == 127), repr(c)

def shown(name):
    out = ""
    i = 0
    while i < len(name):
        b = name[i]
        if b >= 0x80 and utf8:
            for n in (4, 3, 2):
                try:
                    out += name[i:i + n].decode("utf-8")
                    i += n
                    break
                except UnicodeDecodeError:
                    pass
            else:
                out += "\\%03o" % b
                i += 1
            continue
        if (b < 32 and chr(b) not in "\t\n\r\f") or b == 127:
            out += "\\%03o" % b
        else:
            out += chr(b) if b < 0x80 else bytes([b]).decode("latin-1")
        i += 1
    return out

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.links, self.open, self.data = [], [], 0, None
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            assert self.open == 0
            self.open += 1
            self.href = dict(attrs).get("href")
            self.data = ""
    def handle_endtag(self, tag):
        if tag == "a":
            assert self.open == 1
            self.open -= 1
            self.links.append((self.href, self.data))
            self.data = None
    def handle_data(self, d):
        if self.data is not None:
            self.data += d

p = P()
p.feed(text)
p.close()
assert p.open == 0
assert set(p.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "p",
                       "a", "br", "hr"}, p.tags
root, links = p.links[0], p.links[1:]
assert root == ("/", "h"), root
assert len(links) == len(names), (links, names)
for (href, data), name in zip(links, names):
    assert urllib.parse.unquote_to_bytes(href) == b"/" + name, (href, name)
    assert data == shown(name), (data, name)
EOF
}

@test "-H: hostile names give a well-formed page whose links and texts name each file" {
	require_cmd python3
	mkdir "$T/h"
	cd "$T/h"
	for n in 'a<b>&c' "q\"uote" "apo'strophe" 'pc%20x' 'back\slash' 'sp ace' 'q?#x' \
		"$(printf 'nl\nx')" "$(printf 'tab\tx')" "$(printf 'ctl\001\033x')" \
		"$(printf 'del\177x')" "$(printf 'inv\303(\377')" "$(printf 'caf\303\251')" \
		"$(printf '\342\202\254uro')" '!$&()*+,:;=@[]' '-dash' '~tilde'; do
		: >"$n"
	done
	cd "$T"
	for loc in C.UTF-8 C; do
		LC_ALL=$loc ctree -H - --noreport h >"$T/page.html"
		run check_page "$T/page.html" "$loc" "$T/h"
		[ "$status" -eq 0 ] || { echo "$loc: $output"; false; }
	done
	# what tree 2.3.1 leaves broken: " % \ and bytes over 127 in hrefs
	LC_ALL=C.UTF-8 ctree -H - --noreport h >"$T/page.html"
	grep -qF '<a href="/q%22uote">q&quot;uote</a>' "$T/page.html"
	grep -qF '<a href="/pc%2520x">pc%20x</a>' "$T/page.html"
	grep -qF '<a href="/back%5Cslash">back\slash</a>' "$T/page.html"
	grep -qF '<a href="/caf%C3%A9">café</a>' "$T/page.html"
	grep -qF '<a href="/inv%C3%28%FF">inv\303(\377</a>' "$T/page.html"
	grep -qF '<a href="/ctl%01%1Bx">ctl\001\033x</a>' "$T/page.html"
}

@test "-H and -T strings are escaped like names" {
	run ctree -H 'http://x/?a=1&b="2"' -T 'Tom & <Jerry>' --noreport "$T/w/t/empty"
	[ "$status" -eq 0 ]
	[[ "$output" == *' <title>Tom &amp; &lt;Jerry&gt;</title>'* ]]
	[[ "$output" == *'	<h1>Tom &amp; &lt;Jerry&gt;</h1><p>'* ]]
	[[ "$output" == *'<a href="http://x/?a=1&amp;b=&quot;2&quot;'* ]]
}

# A python3 that has html5lib (Debian's python3-html5lib), or nothing.
html5_python() {
	local py
	for py in python3 /usr/bin/python3; do
		if "$py" -c 'import html5lib' 2>/dev/null; then
			echo "$py"
			return 0
		fi
	done
	return 1
}

@test "-H pages parse without an HTML5 parse error (html5lib), hostile names included" {
	local py
	py=$(html5_python) || skip "python3-html5lib is not installed (.ci/run installs it)"
	mkdir "$T/h"
	for n in 'a<b>&c' "q\"uote=x y" "apo'strophe" 'pc%20x' "$(printf 'nl\nx')" \
		"$(printf 'ctl\001\033x')" "$(printf 'del\177x')" "$(printf 'inv\303(\377')"; do
		: >"$T/h/$n"
	done
	# --info: a comment with the same bytes, in each link's title
	printf '*\n\ta<b>&c "q" \001\033x \177 \303(\377\n\tsecond line\n' >"$T/h/.info"
	cd "$T/w"
	for args in "-H . t" "-H -/x -p -s -u -g -D -C t" "-H . --fromfile list" \
		"-H . -T a<b>&c $T/h" "-H . --info $T/h"; do
		# shellcheck disable=SC2086
		LC_ALL=C.UTF-8 ctree $args >"$T/page.html"
		run "$py" -c '
import sys, html5lib
p = html5lib.HTMLParser()
p.parse(open(sys.argv[1], "rb").read(), transport_encoding="utf-8")
for e in p.errors:
    print(e)
sys.exit(1 if p.errors else 0)' "$T/page.html"
		[ "$status" -eq 0 ] || { echo "ctree $args: $output"; false; }
	done
}
