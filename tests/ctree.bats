#!/usr/bin/env bats
# ctree: byte-identical to Debian's tree 2.1.0 on generated trees, plus what tree gets wrong.

load helper
load ctree-compare

setup() {
	T="$BATS_TEST_TMPDIR"
	cd "$T" || return 1
	sh "$FIXTURES/ctree/mktree.sh" g >/dev/null
}

teardown() {
	user_tmpdir_cleanup
}

@test "default listing is byte-identical to tree in C and C.UTF-8" {
	require_cmd tree
	compare_all <<-'EOF'
		g
		g/src g/docs
		g/src/main.c
		g/srclink
		g/dangling
		g/pipe
		g/empty
		g/empty g/src
		g/
	EOF
}

@test "listing options -a -d -l -f -x -L --noreport --filelimit match tree" {
	require_cmd tree
	compare_all <<-'EOF'
		-a g
		-d g
		-f g
		-f g/
		-x g
		-L 1 g
		-L 2 g
		--noreport g
		--filelimit 5 g
		--filelimit=3 g/src
		-d -L 1 g
		-a -d -f g
	EOF
}

@test "-o writes the listing to a file" {
	require_cmd tree
	tree -o "$T/t1" g
	ctree -o "$T/t2" g
	cmp "$T/t1" "$T/t2"
	run ctree -o "$T/nodir/x" g
	[ "$status" -eq 2 ]
	[[ "$output" == "ctree: $T/nodir/x: No such file or directory" ]]
}

@test "-P and -I with | alternatives, --ignore-case, --matchdirs, --prune match tree" {
	require_cmd tree
	compare_all <<-'EOF'
		-P *.h g
		-P *.h|*.c g
		-P [a-b]* g
		-P [^a-z]* g
		-P ?.txt g
		-I src|docs g
		-I *.[ch] g
		-P *.H --ignore-case g
		-I SRC --ignore-case g
		-P lib --matchdirs g
		-P *.h --prune g
		-P lib --matchdirs --prune g
		--prune g
		-P lib/*.h g
	EOF
}

@test "file information options match tree" {
	require_cmd tree
	compare_all <<-'EOF'
		-p g
		-u -g g
		-s g
		-h g
		--si g
		--du g
		--du -h g
		-D g
		-D --timefmt=%Y-%m-%d g
		--timefmt %H g
		-F g
		--inodes --device g
		-p -u -g -s -D -F g
		-i g
		-i -f -s g
	EOF
}

@test "-h and --si round sizes at the unit boundaries as tree does" {
	mkdir sz
	for n in 1023 1024 1075 1076 10188 10189 10239 10240 9949 9950 999999 1000000 \
	    10433331 10485759 10485760 1073741823 1073741824; do
		truncate -s "$n" "sz/f$n"
	done
	run ctree -h --noreport sz
	[[ "$output" == *" [9.9K]  f10188"* ]]
	[[ "$output" == *" [10.0K]  f10189"* ]]
	[[ "$output" == *" [ 10K]  f10240"* ]]
	[[ "$output" == *" [10.0M]  f10485759"* ]]
	require_cmd tree
	compare_all <<-'EOF'
		-h --noreport sz
		--si --noreport sz
		--du -h sz
		--du --si sz
	EOF
}

@test "names with control bytes, spaces, newlines and invalid UTF-8 are escaped like tree" {
	require_cmd tree
	compare_all <<-'EOF'
		-q g
		-N g
		-Q g
		-Q -N g
		-q -Q g
		-f -Q g
	EOF
}

@test "sort options match tree" {
	require_cmd tree
	compare_all <<-'EOF'
		-v g/v
		-t g
		-c g
		-r g
		-r -t g
		-U -a g/v
		--dirsfirst g
		--filesfirst g
		--dirsfirst -r g
		--sort=size g
		--sort size -r g
		--sort=version g/v
		--sort=mtime g
		--sort=ctime g
		--sort=name g
	EOF
}

@test "graphics options -i -n -C and --charset match tree" {
	require_cmd tree
	compare_all <<-'EOF'
		-n g
		-i g
		--charset=ascii g
		--charset=UTF-8 g
		--charset IBM437 g
		--charset=cp850 g
		--charset=Shift_JIS g
		--charset=EUC-JP g
		--charset=koi8-r g
		--charset=nonsense g
	EOF
	TREE_CHARSET=IBM437 same C g
	LS_COLORS='di=01;34:ln=01;36:ex=01;32:*.h=33:or=31' same C -C g
	same C -C g
}

@test "LC_COLLATE decides the order, as for tree" {
	require_cmd tree
	mkdir o
	touch o/a o/B o/_c o/é o/Z1 o/z2
	same C o
	same C.UTF-8 o
}

@test "-J and -X match tree where its output is valid" {
	require_cmd tree
	compare_all <<-'EOF'
		-J g/src g/docs
		-X g/src g/docs
		-J -p -s -u -g -D g/src
		-X -p -s -u -g -D g/src
		-J -d g/src
		-X -d g/src
		-J --noreport g/src
		-X --noreport g/src
		-J --du g/src
		-J g/empty
	EOF
}

@test "-J output is valid JSON with bad names, several roots, empty and unreadable ones" {
	require_cmd python3
	mkdir -p u/closed
	chmod 000 u/closed
	run as_user ctree -J -a g g/empty nosuch u
	[ "$status" -eq 2 ]
	printf '%s\n' "$output" | python3 -c '
import json, os, sys
d = json.load(sys.stdin)
names = [e["name"] for e in d[0]["contents"]]
assert os.fsencode("bad\udcffutf8") == b"bad\xffutf8"
assert "bad\udcffutf8" in names, names
assert "new\nline" in names and "tab\tname" in names and "ctl\x01x" in names
assert d[2]["error"] == "error opening dir"
assert d[-1]["type"] == "report"
'
	chmod 755 u/closed
}

@test "-X output is well-formed XML with bad names" {
	require_cmd python3
	run ctree -X -a g nosuch
	[ "$status" -eq 2 ]
	printf '%s\n' "$output" | python3 -c '
import sys, xml.dom.minidom
doc = xml.dom.minidom.parseString(sys.stdin.buffer.read())
names = [f.getAttribute("name") for f in doc.getElementsByTagName("file")]
assert "bad\\377utf8" in names, names
assert "ctl\\001x" in names and "back\\\\slash" in names and "new\nline" in names
'
}

@test "a symlink loop under -l is marked; a link to a listed directory is followed" {
	mkdir -p lp/d
	ln -s .. lp/d/up
	ln -s d lp/again
	run ctree -l --charset=ascii lp
	[ "$status" -eq 0 ]
	[ "$output" = "lp
|-- again -> d
|   \`-- up -> ..  [recursive, not followed]
\`-- d
    \`-- up -> ..  [recursive, not followed]

5 directories, 0 files" ]
}

@test "--gitignore hides ignored entries and .git itself" {
	run ctree --gitignore -a --noreport --charset=ascii g
	[ "$status" -eq 0 ]
	[[ "$output" != *".git"$'\n'* ]]
	[[ "$output" != *"build"* ]]
	[[ "$output" == *".gitignore"* ]]
	[[ "$output" == *"src"* ]]
	require_cmd tree
	same C --gitignore g
}

@test "an unreadable directory gets tree's marker and exit status 2" {
	user_tmpdir
	mkdir -p "$USER_TMP/r/s" "$USER_TMP/top"
	touch "$USER_TMP/r/s/f" "$USER_TMP/r/g"
	chmod 000 "$USER_TMP/r/s" "$USER_TMP/top"
	run as_user ctree --charset=ascii "$USER_TMP/r"
	[ "$status" -eq 2 ]
	[ "${lines[1]}" = "|-- g" ]
	[ "${lines[2]}" = "\`-- s  [error opening dir]" ]
	[ "${lines[3]}" = "2 directories, 1 file" ]
	run as_user ctree "$USER_TMP/top"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "$USER_TMP/top  [error opening dir]" ]
}

@test "a missing argument is marked, counted as nothing, exit 2; the others are listed" {
	run ctree --charset=ascii g/empty nosuch g/src/lib/deep
	[ "$status" -eq 2 ]
	[ "$output" = "g/empty
nosuch  [error opening dir]
g/src/lib/deep
\`-- er
    \`-- x.txt

2 directories, 1 file" ]
}

@test "FIFO, socket, device node and dangling link are listed, never opened" {
	mkdir sp
	mkfifo sp/fifo
	ln -s nowhere sp/dangling
	python3 -c 'import socket; s = socket.socket(socket.AF_UNIX); s.bind("sp/sock")' 2>/dev/null || true
	[ "$(id -u)" -ne 0 ] || mknod sp/null c 1 3
	run timeout 10 ctree -F --charset=ascii sp
	[ "$status" -eq 0 ]
	[[ "$output" == *"fifo|"* ]]
	[[ "$output" == *"dangling -> nowhere"* ]]
	[ ! -S sp/sock ] || [[ "$output" == *"sock="* ]]
	require_cmd tree
	same C -F sp
	same C -p sp
}

@test "names with every byte 1-255 are listed like tree lists them" {
	mkdir bytes
	for i in $(seq 1 255); do
		[ "$i" -eq 47 ] && continue
		name=$(printf "\\$(printf %03o "$i")x")
		touch "bytes/$name" 2>/dev/null || true
	done
	run ctree --noreport bytes
	[ "$status" -eq 0 ]
	require_cmd tree
	same C bytes
	same C.UTF-8 bytes
	same C -q bytes
	same C.UTF-8 -q bytes
	same C.UTF-8 -N -Q bytes
}

@test "10,000 levels of nesting are listed without a descriptor or stack limit" {
	mkdir deep
	require_cmd python3
	python3 -c 'import os
os.chdir("deep")
for _ in range(10000):
    os.mkdir("d")
    os.chdir("d")
open("leaf", "w").close()'
	run ctree --charset=ascii -i deep
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 10003 ]
	[ "${lines[10001]}" = "leaf" ]
	[ "${lines[10002]}" = "10001 directories, 1 file" ]
}

@test "a deep tree with branches at every level is listed right with few descriptors" {
	require_cmd python3
	python3 -c 'import os
os.mkdir("dw")
os.chdir("dw")
for _ in range(300):
    os.mkdir("a")
    os.mkdir("z")
    open("z/f", "w").close()
    os.chdir("a")
open("leaf", "w").close()'
	run bash -c 'ulimit -n 16; ctree --charset=ascii dw | tail -n 1'
	[ "$status" -eq 0 ]
	[ "$output" = "601 directories, 301 files" ]
	require_cmd tree
	same C dw
	(ulimit -n 16 && same C.UTF-8 dw)
}

@test "20,000 entries in one directory, listed in order" {
	mkdir flat
	(cd flat && seq -w 1 20000 | xargs touch)
	run ctree --noreport -i flat
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 20001 ]
	[ "${lines[1]}" = "00001" ]
	[ "${lines[20000]}" = "20000" ]
}

@test "writing to a full disk is an error, a closed pipe is not" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c 'ctree g >/dev/full'
	[ "$status" -eq 2 ]
	[ "$stderr" = "ctree: write error: No space left on device" ]
	mkdir many
	(cd many && seq 1 30000 | xargs touch)
	run bash -c 'set -o pipefail; ctree many | head -1'
	[ "$output" = "many" ]
	[ "$status" -eq 0 ] || [ "$status" -eq 141 ]
}

@test "--fromfile draws a list of paths like tree, from a file or stdin" {
	printf 'a/b/c\na/d\nx/y/\nz\n/abs/p\na//e\n' >list
	require_cmd tree
	same C --fromfile list
	same C.UTF-8 --fromfile list
	same C --fromfile -J list
	same C --fromfile -d list
	same C --fromfile -P 'c|z' list
	same C --fromfile -p -s -F list
	same C --fromfile -f -r list
	same C --fromfile -X -p list
	same C --fromfile --dirsfirst -i list
	run ctree --charset=ascii --fromfile <list
	[ "${lines[0]}" = "." ]
	run ctree --charset=ascii --fromfile - <list
	[ "${lines[0]}" = "." ]
	[ "${lines[1]}" = "|-- a" ]
}

@test "--fromfile skips comments, drops ./ and reads NUL-terminated paths with -0" {
	printf '# a comment\n./x/y\n./z\n' | ctree --charset=ascii --fromfile >out
	[ "$(cat out)" = ".
|-- x
|   \`-- y
\`-- z

2 directories, 2 files" ]
	(cd g && find . -print0) | ctree --fromfile -0 -a --noreport >nul.out
	(cd g && ctree -a --noreport .) >walk.out
	sed 1d nul.out >nul.body
	sed 1d walk.out | sed 's/ -> .*//' >walk.body
	diff walk.body nul.body
}

@test "--fromfile sorts a directory of many paths in any input order" {
	seq 1 5000 | sort -R | sed 's/^/d\//' >many.list
	run ctree --fromfile --noreport -i many.list
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "d" ]
	[ "${lines[2]}" = "1" ]
	[ "${lines[3]}" = "10" ]
	[ "${#lines[@]}" -eq 5002 ]
	run ctree --fromfile nosuch.list
	[ "$status" -eq 2 ]
	[[ "$output" == "nosuch.list  [error opening dir]"* ]]
}

@test "--style=sed prints what the find|sort|sed one-liner prints where it orders correctly" {
	mkdir s s/d s/d/e
	touch s/b s/d/f s/d/e/g s/c
	(cd s && pwd && find . | sort | sed '1d;s/^\.//;s/\/\([^/]*\)$/|--\1/;s/\/[^/|]*/| /g') >expected
	(cd s && ctree --style=sed) >got
	diff expected got
	run ctree --style=sed g
	[ "${lines[0]}" = "$T/g" ]
	[[ "$output" == *$'\n|--a-b\n|--a.txt\n'* ]]
	[[ "$output" == *$'|--x|y'* ]]
}

@test "usage errors exit 2 with a message" {
	run ctree -L 0 g
	[ "$status" -eq 2 ]
	[[ "$output" == "ctree: -L: 0: too small"* ]]
	run ctree --sort=bogus g
	[ "$status" -eq 2 ]
	run ctree --style=awk g
	[ "$status" -eq 2 ]
	run ctree --filelimit x g
	[ "$status" -eq 2 ]
}
