#!/usr/bin/env bats
# ctree: the options of tree 2.3.1 (issue 15). Expected outputs were made with tree
# 2.3.1 (tests/fixtures/ctree/v231/mkexpected.sh), which CI does not have; where ctree
# departs from it on purpose (man/ctree.1, DIFFERENCES FROM TREE), the reference is
# ls, getfattr or Python's os.getxattr.

load helper

V231="$FIXTURES/ctree/v231"

setup() {
	T="$BATS_TEST_TMPDIR"
	cd "$T" || return 1
	export TZ=UTC LC_ALL=C
}

# The labelled tree of mkinput.sh in $T/in, or a skip naming what is missing.
labelled_tree() {
	require_cmd setfattr
	require_cmd setfacl
	[ "$(id -u)" -eq 0 ] || skip "security.selinux can be set by root only"
	sh "$V231/mkinput.sh" "$T/in" && return 0
	[ $? -eq 3 ] && skip "this file system carries no security.selinux or ACL"
	return 1
}

@test "--selinux and --acl print what tree 2.3.1 prints" {
	labelled_tree
	local name loc args n=0
	while read -r name loc args; do
		case $name in '#'*|'') continue ;; esac
		# shellcheck disable=SC2086
		LC_ALL=$loc ctree $args in >"$T/$name.out"
		diff -u "$V231/$name.out" "$T/$name.out" || { echo "case $name: $args"; return 1; }
		n=$((n + 1))
	done <"$V231/cases"
	[ "$n" -ge 7 ]
}

@test "--hyperlink, --authority, --scheme, --condense, --compress, --opt-toggle, --gitfile, --fflinks, --fromtabfile print what tree 2.3.1 prints" {
	require_cmd python3
	local name loc args n=0 base op
	sh "$V231/mkinput.sh" "$T/in" plain
	base=$(cd in && pwd -P)
	set -f
	while read -r name loc args; do
		case $name in '#'*|'') continue ;; esac
		case " $args " in *" --fromfile "*) op=in.lst ;; *" --fromtabfile "*) op=in.tab ;; *) op=in ;; esac
		# shellcheck disable=SC2086
		LC_ALL=$loc ctree $args $op >"$T/$name.raw"
		out=$(cat "$T/$name.raw"; echo x)
		printf '%s' "${out%x}" | sed "s|$base|@BASE@|g" >"$T/$name.out"
		diff -u "$V231/$name.out" "$T/$name.out" || { echo "case $name: $args"; return 1; }
		case " $args " in
		*" -J "*) python3 -m json.tool "$T/$name.raw" >/dev/null ;;
		*" -X "*) python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$T/$name.raw" ;;
		esac
		n=$((n + 1))
	done <"$V231/cases-plain"
	[ "$n" -ge 31 ]
}

@test "--hyperlink percent-encodes bytes above 0x7f and % as Python's quote does" {
	require_cmd python3
	mkdir -p d
	touch "d/$(printf 'caf\303\251')" d/100%25 "d/$(printf 'bad\377')" "d/$(printf 'n\nl')"
	base=$(cd d && pwd -P)
	ctree --hyperlink --authority=h -i --noreport d >out
	LC_ALL=C sed -n 's/^\x1b]8;;\([^\x1b]*\)\x1b.*/\1/p' out >urls
	python3 -c '
import os, sys, urllib.parse
q = lambda b: urllib.parse.quote(b, safe="/ \"<>\\^`{|}")
base = os.fsencode(sys.argv[1])
print("file://h:%s/" % q(base))
for n in sorted(os.listdir(base)):
    print("file://h:%s/%s" % (q(base), q(n)))
' "$base" >want
	diff -u want urls
	grep -Fqx "file://h:$base/caf%C3%A9" urls
	grep -Fqx "file://h:$base/100%2525" urls
	grep -Fqx "file://h:$base/bad%FF" urls
	grep -Fqx "file://h:$base/n%0Al" urls
}

@test "--scheme without a colon gets ://, and the authority is this host's name" {
	require_cmd python3
	mkdir -p d
	touch d/f
	base=$(cd d && pwd -P)
	run ctree --hyperlink --scheme=sftp -i --noreport d
	[ "$status" -eq 0 ]
	host=$(python3 -c 'import socket; print(socket.gethostname())')
	[ "${lines[1]}" = "$(printf '\033]8;;sftp://%s:%s/f\033\\f\033]8;;\033\\' "$host" "$base")" ]
}

@test "--hyperlink leaves -J and -X and a missing argument alone" {
	mkdir -p d
	touch d/f
	[ "$(ctree --hyperlink -J d)" = "$(ctree -J d)" ]
	[ "$(ctree --hyperlink -X d)" = "$(ctree -X d)" ]
	run ctree --hyperlink --noreport nonexistent
	[ "$status" -eq 2 ]
	[ "$output" = "nonexistent  [error opening dir]" ]
}

@test "-A, -S and --metafirst print what tree 2.1.0 prints" {
	load ctree-compare
	require_cmd tree
	sh "$V231/mkinput.sh" "$T/in" plain
	compare_all <<-'EOF'
		-A in
		-A -L 2 -p in
		-A -i in
		-S in
		-S -X -I new* in
		-S --charset=UTF-8 in
		--metafirst -p -s in
		--metafirst -A -D in
		--metafirst -i -p in
	EOF
}

@test "--compress takes a number, or it is a usage error" {
	run --separate-stderr ctree --compress x .
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "ctree: --compress: x: invalid" ]
	run --separate-stderr ctree --compress=2x .
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "ctree: --compress: 2x: invalid" ]
}

@test "--acl marks an entry with both a label and an ACL, as ls does" {
	labelled_tree
	# tree 2.3.1 looks at the first attribute name only and misses this one
	setfacl -m u:nobody:r in/a.txt
	run ctree --acl --noreport in/a.txt in/lnk
	[ "$status" -eq 0 ]
	[ "$output" = "[-rw-r--r--+]  in/a.txt  [error opening dir]
[lrwxrwxrwx ]  in/lnk  [error opening dir]" ]
	[ "$(ls -ld in/a.txt | cut -c11)" = + ]
	[ "$(ls -ld in/lnk | cut -c11)" != + ]
}

@test "--acl alone prints the permissions" {
	labelled_tree
	run ctree --acl -L 1 --noreport in/one
	[ "$status" -eq 0 ]
	[ "$output" = "[drwxr-xr-x+]  in/one
\`-- [drwxr-xr-x ]  two" ]
}

@test "--selinux shows a symbolic link's own label, as getfattr -h does" {
	labelled_tree
	setfattr -h -n security.selinux -v system_u:object_r:lnk_t:s0 in/lnk
	run ctree --selinux -P lnk --prune --noreport in
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "\`-- [$(getfattr -h --only-values -n security.selinux in/lnk)]  lnk -> a.txt" ]
	[ "${lines[1]}" = "\`-- [system_u:object_r:lnk_t:s0]  lnk -> a.txt" ]
}

@test "--selinux prints a long label whole" {
	labelled_tree
	local long
	long=$(printf 'system_u:object_r:t:s0:c0.c%0600d' 1)
	setfattr -n security.selinux -v "$long" in/exe
	run ctree --selinux -p -P exe --prune --noreport in
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "\`-- [-rwxr-xr-x $long]  exe" ]
}

@test "--selinux reads labels beyond PATH_MAX and through links under -l" {
	require_cmd python3
	labelled_tree
	python3 -c '
import os
os.chdir("in")
for i in range(24):
    n = "%03d" % i + "d" * 200
    os.mkdir(n)
    os.chdir(n)
open("deep", "w").close()
os.setxattr("deep", "security.selinux", b"system_u:object_r:deep_t:s0\0")
'
	run ctree --selinux -i --noreport -P deep --prune in
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 26 ]
	[ "${lines[25]}" = "[system_u:object_r:deep_t:s0]  deep" ]
	mkdir -p x/sub
	touch x/sub/inner
	ln -s sub x/sublink
	setfattr -n security.selinux -v system_u:object_r:inner_t:s0 x/sub/inner
	run ctree --selinux -i -l --noreport x
	[ "$output" = "[]  x
[]  sub
[system_u:object_r:inner_t:s0]  inner
[]  sublink -> sub
[system_u:object_r:inner_t:s0]  inner" ]
}

@test "--selinux under --fromfile prints no label for the listed paths" {
	labelled_tree
	printf 'a\nb/c\n' >list
	setfattr -n security.selinux -v system_u:object_r:etc_t:s0 list
	run ctree --fromfile --selinux --noreport list
	[ "$status" -eq 0 ]
	[ "$output" = "[system_u:object_r:etc_t:s0]  list
|-- []  a
\`-- []  b
    \`-- []  c" ]
}

# check_structured FORMAT FILE: every entry's context and acl in ctree's JSON or XML
# output FILE are those Python reads from the file system (run in $T/in's parent).
check_structured() {
	python3 - "$1" "$2" <<'PY'
import json, os, sys, xml.dom.minidom
fmt, path = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()
def attrs(p):
    try:
        ctx = os.getxattr(p, 'security.selinux', follow_symlinks=False).split(b'\0')[0]
    except OSError:
        ctx = b''
    try:
        acl = len(os.getxattr(p, 'system.posix_acl_access', follow_symlinks=False)) > 0
    except OSError:
        acl = False
    return ctx.decode('utf-8', 'surrogateescape'), acl
seen = 0
def check(p, ctx, acl):
    global seen
    want = attrs(p)
    if (ctx, acl) != want:
        sys.exit('%r: %r, %r, expected %r' % (p, ctx, acl, want))
    seen += 1
if fmt == 'json':
    def walk(objs, d):
        for o in objs:
            if o['type'] == 'report':
                continue
            p = os.path.join(d, o['name']) if d else o['name']
            check(os.fsencode(p), o['context'], o['acl'])
            walk(o.get('contents', []), p)
    walk(json.loads(data.decode('utf-8', 'surrogateescape')), '')
else:
    doc = xml.dom.minidom.parseString(data)
    def walk(node, d):
        for c in node.childNodes:
            if c.nodeType != c.ELEMENT_NODE or not c.hasAttribute('name'):
                continue
            p = os.path.join(d, c.getAttribute('name')) if d else c.getAttribute('name')
            check(os.fsencode(p), c.getAttribute('context'), c.getAttribute('acl') == 'true')
            walk(c, p)
    walk(doc.documentElement, '')
if seen < 20:
    sys.exit('only %d entries' % seen)
PY
}

@test "-J --selinux --acl: valid JSON, each entry's context and acl as on disk" {
	labelled_tree
	require_cmd python3
	rm in/bad*             # JSON strings are UTF-8
	setfacl -m u:nobody:r in/a.txt
	LC_ALL=C.UTF-8 ctree -J --selinux --acl in >out.json
	python3 -m json.tool out.json >/dev/null
	check_structured json out.json
	ctree -J -i --selinux --acl in >out1.json
	python3 -m json.tool out1.json >/dev/null
	grep -F '{"type":"file","name":"a.txt","mode":"0644","prot":"-rw-r--r--","acl":true,"context":"system_u:object_r:httpd_sys_content_t:s0"}' out1.json
	grep -F '"name":"<a>&b","mode":"0644","prot":"-rw-r--r--","acl":false,"context":"odd:\"quoted\"<&>"}' out1.json
}

@test "-X --selinux --acl: well-formed XML, each entry's context and acl as on disk" {
	labelled_tree
	require_cmd python3
	rm in/bad*             # XML names are UTF-8
	setfacl -m u:nobody:r in/a.txt
	LC_ALL=C.UTF-8 ctree -X --selinux --acl in >out.xml
	check_structured xml out.xml
	grep -F '<file name="&lt;a&gt;&amp;b" mode="0644" prot="-rw-r--r--" acl="false" context="odd:&quot;quoted&quot;&lt;&amp;&gt;"></file>' out.xml
}

@test "--selinux and --acl make one lgetxattr call per entry each" {
	labelled_tree
	require_cmd strace
	local n
	n=$(ctree -a --noreport -i in | wc -l)
	export ASAN_OPTIONS=detect_leaks=0     # LeakSanitizer cannot run under ptrace
	strace -f -c -o trace.sel -e trace=lgetxattr ctree -a --selinux in >/dev/null
	strace -f -c -o trace.both -e trace=lgetxattr ctree -a --selinux --acl in >/dev/null
	strace -f -c -o trace.none -e trace=lgetxattr,getxattr,listxattr,llistxattr ctree -a -p in >/dev/null
	# n lines: one per entry and one for the argument
	[ "$(awk '$NF == "lgetxattr" { print $4 }' trace.sel)" -eq "$n" ]
	[ "$(awk '$NF == "lgetxattr" { print $4 }' trace.both)" -eq $((2 * n)) ]
	! grep -q xattr trace.none
}

@test "--opt-toggle: an option given again after it turns off what it turned on" {
	sh "$V231/mkinput.sh" "$T/in" plain
	ctree in >plain.out
	run ctree -a -p --noreport --opt-toggle --noreport -p -a in
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat plain.out)" ]
	run ctree --opt-toggle --opt-toggle -a -a in
	[ "$status" -eq 0 ]
	[ "$output" = "$(ctree -a in)" ]
}

@test "--gitfile: a file that cannot be read ends ctree with a message" {
	run ctree --gitfile missing .
	[ "$status" -eq 2 ]
	[ "$output" = "ctree: --gitfile: missing: No such file or directory" ]
	mkfifo fifo
	run ctree --gitfile fifo .
	[ "$status" -eq 2 ]
	[ "$output" = "ctree: --gitfile: fifo/.gitignore: Not a directory" ]
	mkdir d
	run ctree --gitfile d .
	[ "$status" -eq 2 ]
	[ "$output" = "ctree: --gitfile: d/.gitignore: No such file or directory" ]
}

@test "--fromtabfile: a line deeper than the one before allows is left out, with a message" {
	printf 'a\n\t\tdeep\n\tb\n' >list
	run ctree --fromtabfile list
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "ctree: list: line 2: deeper than the line before allows: left out" ]
	[ "${lines[1]}" = "list" ]
	[ "${lines[2]}" = '`-- a' ]
	[ "${lines[3]}" = '    `-- b' ]
	printf '\tx\n' | ctree --fromtabfile=- 2>err || true
	[ "$(cat err)" = "ctree: standard input: line 1: deeper than the line before allows: left out" ]
}

# --info, --infofile: the cases of cases-info, on the trees of mkinfo.sh.
@test "--info and --infofile print what tree 2.3.1 prints" {
	local name loc args n=0 version
	version=$(ctree --version | awk '{ print $NF; exit }')
	sh "$V231/mkinfo.sh" "$T/w"
	set -f
	while read -r name loc args; do
		case $name in '#'*|'') continue ;; esac
		# shellcheck disable=SC2086
		(cd "$T/w" && LC_ALL=$loc ctree $args) >"$T/$name.raw"
		case " $args " in
		*" --fromfile "*) awk -f "$V231/fromin.awk" "$T/$name.raw" ;;
		*" -H "*) sed "s/(kanri) $version/(kanri) @VERSION@/" "$T/$name.raw" ;;
		*) cat "$T/$name.raw" ;;
		esac >"$T/$name.out"
		diff -u "$V231/$name.out" "$T/$name.out" || { echo "case $name: $args"; return 1; }
		n=$((n + 1))
	done <"$V231/cases-info"
	[ "$n" -ge 27 ]
}

@test "--info: -J and -X stay valid, -H escaped, whatever bytes a .info holds" {
	require_cmd python3
	mkdir -p d
	touch d/a "d/$(printf 'n\nl')"
	printf 'a|*l\n\tbad \377 byte, ESC \033]0;x\007 BEL, DEL \177, <&>"\n\t\\\\ and tab\there\n' >d/.info
	ctree --info -J d >j
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d[0]["contents"][0]["info"])' j >info
	grep -q 'bad \\udcff byte' j
	grep -q 'ESC' info
	ctree --info -X d >x
	python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' x
	grep -q 'info="bad \\377 byte, ESC \\033\]0;x\\007 BEL' x
	# tree-html.bats parses such a page with html5lib
	LC_ALL=C.UTF-8 ctree --info -H . d >h
	grep -q 'title="bad \\377 byte, ESC \\033\]0;x\\007 BEL, DEL \\177, &lt;&amp;&gt;&quot;' h
}

@test "--info: a comment's control characters print as ? (tab aside) unless -N" {
	mkdir -p d
	touch d/a
	printf 'a\n\tESC \033]0;pwned\007 here\tand DEL \177.\n' >d/.info
	ctree --info --noreport d >out
	printf 'd\n`-- a\n     [ ESC ?]0;pwned? here\tand DEL ?.\n' >want
	diff -u want out
	ctree --info --noreport -N d >out
	printf 'd\n`-- a\n     [ ESC \033]0;pwned\007 here\tand DEL \177.\n' >want
	diff -u want out
}

@test "--info: a .info that is a symbolic link is not read; a FIFO or directory is no file" {
	mkdir -p d e f
	touch d/a e/a f/a
	printf 'a\n\tsecret line\n' >secret
	ln -s ../secret d/.info
	ctree --info --noreport d >out
	printf 'd\n`-- a\n' >want
	diff -u want out
	# tree would block on the FIFO; both count as found, so the parents are not read
	mkfifo e/.info
	mkdir f/.info
	printf 'a\n\tfrom the parent\n' >.info
	timeout 10 ctree --info --noreport e f >out
	printf 'e\n`-- a\nf\n`-- a\n' >want
	diff -u want out
	rm e/.info
	ctree --info --noreport e >out
	printf 'e\n`-- a\n     [ from the parent\n' >want
	diff -u want out
}

@test "--infofile: a file, or a directory's .info; what cannot be read is exit 2 and a message" {
	mkdir -p d
	touch d/a
	# its patterns match names only as part of a path: its own ("list/a") or the entry's
	printf 'a\n\tby name\nd/a\n\tby path\n' >list
	ctree --infofile list --noreport d >out
	printf 'd\n`-- a\n     [ by path\n' >want
	diff -u want out
	run ctree --infofile missing d
	[ "$status" -eq 2 ]
	[ "$output" = "ctree: --infofile: missing: No such file or directory" ]
	run ctree --infofile d d
	[ "$status" -eq 2 ]
	[ "$output" = "ctree: --infofile: d/.info: No such file or directory" ]
	run ctree --infofile
	[ "$status" -eq 2 ]
	[[ "$output" == *"usage: ctree"* ]]
}

@test "--info: a .info of one endless line of NULs costs no memory" {
	[ -z "${KANRI_SANITIZED:-}" ] || skip "ulimit -v and the sanitizers' shadow memory do not mix"
	mkdir -p d
	touch d/a
	{ printf 'a\n\tx'; head -c 64000000 /dev/zero; printf '\n'; } >d/.info
	(ulimit -v 60000 && ctree --info --noreport d >out)
	printf 'd\n`-- a\n     [ x\n' >want
	diff -u want out
}

@test "--info: 200 levels, each with a .info, streaming and in memory" {
	local p=deep i
	for i in $(seq 200); do
		mkdir -p "$p"
		printf 'x\n\tlevel %s\n' "$i" >"$p/.info"
		p="$p/x"
	done
	ctree --info --noreport deep >out
	[ "$(grep -c 'level' out)" -eq 199 ]
	sed -n '3p' out | grep -q '\[ level 1$'
	ctree --info --du --noreport deep >out2
	[ "$(grep -c 'level' out2)" -eq 199 ]
}
