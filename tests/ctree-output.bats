#!/usr/bin/env bats
# ctree: output formats and options against tree 2.1.0 (issue 11): -J/-X layout and
# escaping, sizes, long --timefmt dates, the --du report, colors and the environment,
# option groups and numbers. Each test checks exact output without tree, then
# compares with tree where it is installed.

load helper
load ctree-compare

setup() {
	T="$BATS_TEST_TMPDIR"
	cd "$T" || return 1
	sh "$FIXTURES/ctree/mktree.sh" g >/dev/null
	# s: a small tree with fixed sizes and times
	mkdir -p s/d/e
	printf 12345 >s/d/f
	head -c 5000 /dev/zero >s/z
	: >s/a
	ln -s d s/l
	find s -exec touch -h -d '2024-01-02 03:04:05' {} +
	export TZ=UTC LC_ALL=C
}

teardown() {
	user_tmpdir_cleanup
}

@test "-J -i prints tree's JSON on one line" {
	run ctree -J -i s
	[ "$status" -eq 0 ]
	[ "$output" = '[{"type":"directory","name":"s","contents":[{"type":"file","name":"a"},{"type":"directory","name":"d","contents":[{"type":"directory","name":"e"},{"type":"file","name":"f"}]},{"type":"link","name":"l","target":"d"},{"type":"file","name":"z"}]},{"type":"report","directories":4,"files":3}]' ]
	run ctree -J -i -d --noreport s s/d
	[ "$output" = '[{"type":"directory","name":"s","contents":[{"type":"directory","name":"d","contents":[{"type":"directory","name":"e"}]},{"type":"link","name":"l","target":"d"}]},{"type":"directory","name":"s/d","contents":[{"type":"directory","name":"e"}]}]' ]
	# without -i, the last argument still ends its line before the report
	run ctree -J -d s/d
	[ "$output" = '[
  {"type":"directory","name":"s/d","contents":[
    {"type":"directory","name":"e"}
  ]}
,
  {"type":"report","directories":2}
]' ]
	printf 'a/b\nc\n' >lst
	run ctree --fromfile -J -i lst
	[ "$output" = '[{"type":"file","name":"lst","contents":[{"type":"directory","name":"a","contents":[{"type":"file","name":"b"}]},{"type":"file","name":"c"}]},{"type":"report","directories":2,"files":2}]' ]
	require_cmd tree
	compare_all <<-'EOF'
		--fromfile -J -i lst
		--fromfile -J lst lst
		-J -i g/src
		-J -i -d g/src
		-J -i --noreport g/docs
		-J -i -s -p g/src
		-J -i g/src g/docs
		-J -i g/empty
		-J -i --du g/src
		-J -i -L 1 g/src
		-J g/src g/docs
		-J --noreport g/empty
	EOF
}

@test "-X -i prints tree's XML: a line break only after a start tag whose children follow" {
	run ctree -X -i s
	[ "$status" -eq 0 ]
	[ "$output" = '<?xml version="1.0"?><tree><directory name="s">
<file name="a"></file><directory name="d">
<directory name="e"></directory><file name="f"></file></directory><link name="l" target="d"></link><file name="z"></file></directory><report><directories>4</directories><files>3</files></report></tree>' ]
	# an argument's start tag always ends its line; its end tag follows
	run ctree -X -i --filelimit 1 s/d
	[ "$output" = '<?xml version="1.0"?><tree><directory name="s/d"><error>2 entries exceeds filelimit, not opening dir</error>
</directory><report><directories>1</directories><files>0</files></report></tree>' ]
	require_cmd tree
	printf 'a/b\nc\n' >lst
	compare_all <<-'EOF'
		--fromfile -X -i lst lst
		-X -i g/src
		-X -i -d g
		-X -i --noreport g/docs
		-X -i -s -p -D g/src
		-X -i g/src g/docs
		-X -i g/empty
		-X -i --du g/src
		-X -i --filelimit 2 g
		-X -i -L 1 g/src
	EOF
}

@test "-X -l: a link not followed keeps its end tag on its line" {
	mkdir -p lp/a
	ln -s .. lp/a/up
	ln -s . lp/self
	run ctree -X -l lp
	[ "$status" -eq 0 ]
	[ "$output" = '<?xml version="1.0"?>
<tree>
  <directory name="lp">
    <directory name="a">
      <link name="up" target=".."><error>recursive, not followed</error></link>
    </directory>
    <link name="self" target="."><error>recursive, not followed</error></link>
  </directory>
  <report>
    <directories>4</directories>
    <files>0</files>
  </report>
</tree>' ]
	require_cmd tree
	compare_all <<-'EOF'
		-X -l lp
		-X -l -i lp
		-X -l -p lp
	EOF
}

@test "-J -h and --si print sizes as tree's strings; -X and the report keep bytes" {
	run ctree -J -h --noreport s
	[ "$status" -eq 0 ]
	[[ "$output" == *'{"type":"file","name":"a","size":"0"}'* ]]
	[[ "$output" == *'{"type":"file","name":"f","size":"5"}'* ]]
	[[ "$output" == *'{"type":"file","name":"z","size":"4.9K"}'* ]]
	run ctree -J --si --noreport s
	[[ "$output" == *'{"type":"file","name":"z","size":"5.0k"}'* ]]
	run ctree -J -s --noreport s
	[[ "$output" == *'{"type":"file","name":"z","size":5000}'* ]]
	run ctree -X -h --noreport s
	[[ "$output" == *'<file name="z" size="5000"></file>'* ]]
	run ctree -J -h --du s
	[[ "$output" =~ \{\"type\":\"report\",\"size\":[0-9]+, ]]
	require_cmd tree
	compare_all <<-'EOF'
		-J -h g/src g/docs
		-J --si g/src
		-J -h --du g/src
		-J --si --du -i g/docs
		-X -h g/src
		-X --si --du g/docs
	EOF
}

@test "--timefmt output past 254 bytes is cut where glibc's strftime stops, as tree prints it" {
	local x240 f
	x240=$(printf 'x%.0s' $(seq 240))
	# a piece that does not fit is left out whole
	run ctree -D --noreport --timefmt "${x240}xxxxxxxxxxx%Y" s/d/f
	[ "$output" = "[${x240}xxxxxxxxxxx]  s/d/f  [error opening dir]" ]
	run ctree -D --noreport --timefmt "${x240}xxxxxxxxxxab%Y" s/d/f
	[ "$output" = "[${x240}xxxxxxxxxxab]  s/d/f  [error opening dir]" ]
	# a number padded with spaces: the spaces are a piece of their own, as is %z's sign
	run ctree -D --noreport --timefmt "${x240}xxxxxxxxxx%_5d" s/d/f
	[ "$output" = "[${x240}xxxxxxxxxx    ]  s/d/f  [error opening dir]" ]
	run ctree -D --noreport --timefmt "${x240}xxxxxxxxxx%z" s/d/f
	[ "$output" = "[${x240}xxxxxxxxxx+]  s/d/f  [error opening dir]" ]
	# a conversion cut short by the end of the format is copied as it is
	run ctree -D --noreport --timefmt "${x240}xxxx%0000000000" s/d/f
	[ "$output" = "[${x240}xxxx]  s/d/f  [error opening dir]" ]
	run ctree -D --noreport --timefmt "${x240}xxxx%00000000" s/d/f
	[ "$output" = "[${x240}xxxx%00000000]  s/d/f  [error opening dir]" ]
	# %D ends with a NUL (a nested strftime); past the cut, earlier dates show through
	touch -d '2023-05-06 07:08:09' s/d s/d/e
	run ctree -D --noreport --timefmt "${x240}%D%B%Y" s/d
	[ "$output" = "[${x240}05/06/23May]  s/d
|-- [${x240}05/06/23May]  e
\`-- [${x240}01/02/24]  f" ]
	run ctree -D --noreport --timefmt "${x240}%B%j%j%j%j" s/d
	[ "$output" = "[${x240}May126126126]  s/d
|-- [${x240}May126126126]  e
\`-- [${x240}January002002]  f" ]
	touch -d '2024-01-02 03:04:05' s/d
	run ctree -D --noreport --timefmt "${x240}%B%j%j%j%j" s/d
	[ "$output" = "[${x240}January002002]  s/d
|-- [${x240}May1261261262]  e
\`-- [${x240}January002002]  f" ]
	require_cmd tree
	for f in "%Y" "%_10Y" "%010Y" "%B" "%c" "%D" "%%" "%_3d" "%_20s" "%e" "%-e" "%_z" \
	    "%10z" "%Ey" "%q" "%" "%5" "%0000000000" "%B%j%j%j" "%D%B%Y"; do
		for n in 244 250 252 253; do
			same C -D --timefmt "$(printf 'x%.0s' $(seq $n))$f" s || return 1
		done
	done
	for f in "%_5d" "%c" "%B%j%j%j"; do
		same C -J -D --timefmt "$(printf 'x%.0s' $(seq 250))$f" s || return 1
		same C -X -D --timefmt "$(printf 'x%.0s' $(seq 250))$f" s || return 1
	done
}

@test "-X writes ' and other punctuation as tree does: only & < > \" become entities" {
	mkdir p
	touch "p/it's" 'p/a&b' 'p/<x>' 'p/q"q' 'p/b\s' "p/$(printf 't\tb')" "p/$(printf 'd\177l')"
	run ctree -X --noreport p
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' '<?xml version="1.0"?>' '<tree>' '  <directory name="p">' \
	    '    <file name="&lt;x&gt;"></file>' '    <file name="a&amp;b"></file>' \
	    '    <file name="b\\s"></file>' "    <file name=\"d$(printf '\177')l\"></file>" \
	    "    <file name=\"it's\"></file>" '    <file name="q&quot;q"></file>' \
	    '    <file name="t&#9;b"></file>' '  </directory>' '</tree>')" ]
	require_cmd tree
	mkdir asc
	# every ASCII punctuation character; XML 1.0 keeps them all (\ is documented)
	for c in ' ' '!' '"' '#' '$' '%' '&' "'" '(' ')' '*' '+' ',' '-' '.' ':' ';' '<' '=' \
	    '>' '?' '@' '[' ']' '^' '_' '`' '{' '|' '}' '~' "$(printf '\177')"; do
		touch "asc/a${c}z"
	done
	compare_all <<-'EOF'
		-X asc
		-X -i asc
		-J asc
	EOF
	# JSON: control bytes as tree escapes them
	for c in 01 02 07 10 11 12 13 14 15 33 37; do
		touch "asc/c$(printf "\\$c")z"
	done
	compare_all <<-'EOF'
		-J asc
		-J -i asc
	EOF
}

@test "-X with a --charset other than UTF-8 writes its bytes as they are, as tree does" {
	mkdir nb
	touch "nb/$(printf '\240nbsp')"
	run ctree -X --noreport --charset=ISO-8859-1 nb
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' '<?xml version="1.0" encoding="ISO-8859-1"?>' '<tree>' \
	    '  <directory name="nb">' "    <file name=\"$(printf '\240')nbsp\"></file>" \
	    '  </directory>' '</tree>')" ]
	# no charset declared: the document is UTF-8, which cannot carry the byte
	run ctree -X --noreport nb
	[[ "$output" == *'<file name="\240nbsp"></file>'* ]]
	require_cmd tree
	compare_all <<-'EOF'
		-X --charset=ISO-8859-1 nb
		-X --charset=IBM850 -i nb
		-X --charset=Shift_JIS nb
	EOF
}

@test "--du: empty directories and file arguments count in the report" {
	mkdir emp
	printf 12345 >f5
	local e
	e=$(stat -c %s emp)
	run ctree --du emp
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "$(printf ' %11d bytes used in 0 directories, 0 files' "$e")" ]
	run ctree --du f5 emp
	[ "${lines[-1]}" = "$(printf ' %11d bytes used in 0 directories, 1 file' $((e + 5)))" ]
	run ctree -J --du f5 emp
	[[ "$output" == *"{\"type\":\"report\",\"size\":$((e + 5)),\"directories\":0,\"files\":1}"* ]]
	run ctree -X --du emp
	[[ "$output" == *"<size>$e</size>"* ]]
	require_cmd tree
	compare_all <<-'EOF'
		--du emp
		--du -h emp
		--du --si emp f5
		--du f5 emp g/src
		-X --du emp f5
		-J -i --du emp
	EOF
}

@test "colors follow TERM, NO_COLOR, CLICOLOR and CLICOLOR_FORCE as in tree" {
	local esc
	esc=$(printf '\033')
	# no TERM: no colors, even with -C
	run env -i PATH="$PATH" LC_ALL=C ctree -C s
	[[ "$output" != *"$esc"* ]]
	run env -i PATH="$PATH" LC_ALL=C TERM=dumb ctree -C s
	[[ "$output" == *"${esc}[01;34md${esc}[0m"* ]]
	# CLICOLOR_FORCE set to anything forces them, unless NO_COLOR or -n
	run env -i PATH="$PATH" LC_ALL=C TERM=dumb CLICOLOR_FORCE=0 ctree s
	[[ "$output" == *"${esc}[01;34md${esc}[0m"* ]]
	run env -i PATH="$PATH" LC_ALL=C TERM=dumb CLICOLOR_FORCE=1 NO_COLOR=1 ctree s
	[[ "$output" != *"$esc"* ]]
	run env -i PATH="$PATH" LC_ALL=C TERM=dumb CLICOLOR_FORCE=1 ctree -n s
	[[ "$output" != *"$esc"* ]]
	# -C wins over NO_COLOR; an empty NO_COLOR is no NO_COLOR
	run env -i PATH="$PATH" LC_ALL=C TERM=dumb NO_COLOR=1 ctree -C s
	[[ "$output" == *"${esc}[01;34md${esc}[0m"* ]]
	# LS_COLORS: empty values are ignored, ln=target colors a link as its target
	run env -i PATH="$PATH" LC_ALL=C TERM=dumb LS_COLORS='di=:fi=' ctree -C s
	[[ "$output" != *"$esc"* ]]
	run env -i PATH="$PATH" LC_ALL=C TERM=dumb LS_COLORS='di=35:ln=target' ctree -C s
	[[ "$output" == *"${esc}[35ml${esc}[0m -> ${esc}[35md${esc}[0m"* ]]
	# on a terminal: CLICOLOR alone brings tree's built-in table, NO_COLOR takes colors away
	if command -v script >/dev/null 2>&1; then
		run env -i PATH="$PATH" LC_ALL=C TERM=dumb CLICOLOR= script -qec "ctree s" /dev/null
		[[ "$output" == *"${esc}[01;34md${esc}[0m"* ]]
		run env -i PATH="$PATH" LC_ALL=C TERM=dumb CLICOLOR=1 NO_COLOR=1 script -qec "ctree s" /dev/null
		[[ "$output" != *"$esc"* ]]
		# -o writes no colors to its file unless forced
		run env -i PATH="$PATH" LC_ALL=C TERM=dumb CLICOLOR=1 script -qec "ctree -o out s" /dev/null
		! grep -q "$esc" out
	fi
	require_cmd tree
	local term nc cc cf ls o
	for term in unset dumb; do for nc in unset 1; do for cc in unset ""; do
	for cf in unset 0; do for ls in unset "" 'di=01;35:ln=target:*.c=33:or=31'; do
	for o in "" -C; do
		local envs=(-u TERM -u NO_COLOR -u CLICOLOR -u CLICOLOR_FORCE -u LS_COLORS -u TREE_COLORS)
		[ "$term" = unset ] || envs+=("TERM=$term")
		[ "$nc" = unset ] || envs+=("NO_COLOR=$nc")
		[ "$cc" = unset ] || envs+=("CLICOLOR=$cc")
		[ "$cf" = unset ] || envs+=("CLICOLOR_FORCE=$cf")
		[ "$ls" = unset ] || envs+=("LS_COLORS=$ls")
		# shellcheck disable=SC2086
		env "${envs[@]}" LC_ALL=C tree $o s g/src >"$T/tree.out" 2>&1
		# shellcheck disable=SC2086
		env "${envs[@]}" LC_ALL=C ctree $o s g/src >"$T/ctree.out" 2>&1
		cmp "$T/tree.out" "$T/ctree.out" || { echo "differs: ${envs[*]} $o"; return 1; }
	done; done; done; done; done; done
}

@test "option groups give each option its argument in turn, as tree reads them" {
	ctree -L 1 -P '*.c' g >want
	run ctree -LP 1 '*.c' g
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat want)" ]
	run ctree -aLP 1 '*.c' g
	[ "$output" = "$(ctree -a -L 1 -P '*.c' g)" ]
	run ctree -PI '*.h' lib g/src
	[ "$output" = "$(ctree -P '*.h' -I lib g/src)" ]
	run ctree -Lo 1 out g
	[ "$status" -eq 0 ]
	[ "$(cat out)" = "$(ctree -L 1 g)" ]
	# where the rest of a group is not all options, it is the argument, as getopt has it
	run ctree -L1 g
	[ "$output" = "$(ctree -L 1 g)" ]
	run ctree -P'*.c' g
	[ "$output" = "$(ctree -P '*.c' g)" ]
	# a value that looks like a group is a value
	run ctree -P -LP g
	[ "$output" = "$(ctree -P '-LP' g)" ]
	run ctree --timefmt -LP -L 1 g/src
	[ "${lines[1]}" = "|-- [-LP]  lib" ]
	require_cmd tree
	compare_all <<-'EOF'
		-LP 1 *.c g
		-aLd 1 g
		-PI *.h lib g/src
		-LL 1 2 g
		-LPI 2 *.h b* g
		-sLP 1 *.c g
		--timefmt -LP -L 1 g/src
		-P -LP g
		-- -a
	EOF
}

@test "--fromfile: a missing list is marked in the listing, an unreadable one on stderr" {
	run --separate-stderr ctree --fromfile nolist
	[ "$status" -eq 2 ]
	[ "$output" = 'nolist  [error opening dir]

0 directories, 0 files' ]
	[ "$stderr" = "" ]
	run --separate-stderr ctree --fromfile s
	[ "$status" -eq 2 ]
	[ "$stderr" = "ctree: s: Is a directory" ]
	require_cmd tree
	same C --fromfile nolist
	same C --fromfile nolist s/d/f
}

@test "-L reads 0x and 0 numbers as tree does; malformed numbers are usage errors" {
	run ctree -L 0x1 g/src
	[ "$status" -eq 0 ]
	[ "$output" = "$(ctree -L 1 g/src)" ]
	run ctree -L 010 g
	[ "$output" = "$(ctree -L 8 g)" ]
	run --separate-stderr ctree -L 2x g
	[ "$status" -eq 2 ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "ctree: -L: 2x: invalid" ]
	[[ "${stderr_lines[1]}" == "usage: ctree "* ]]
	run --separate-stderr ctree -L 0 g
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "ctree: -L: 0: too small" ]
	run --separate-stderr ctree -L 0x7fffffffffffffffff g
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "ctree: -L: 0x7fffffffffffffffff: too large" ]
	run --separate-stderr ctree --filelimit 2x g
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "ctree: --filelimit: 2x: invalid" ]
	run --separate-stderr ctree -LP 1
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "ctree: -L: P: invalid" ]
	require_cmd tree
	compare_all <<-'EOF'
		-L 0x2 g
		-L 010 g
		-L 0X1 g
		-L +2 g
		--filelimit 010 g
	EOF
}

@test "-J and -X print an argument's own inode and device, and a link's own inode" {
	local ino dev lino
	ino=$(stat -c %i s)
	dev=$(stat -c %d s)
	lino=$(stat -c %i s/l)
	run ctree -J --inodes --device -L 1 s
	[ "$status" -eq 0 ]
	[[ "$output" == *"{\"type\":\"directory\",\"name\":\"s\",\"inode\":$ino,\"dev\":$dev,"* ]]
	[[ "$output" == *"{\"type\":\"link\",\"name\":\"l\",\"target\":\"d\",\"inode\":$lino,\"dev\":$dev}"* ]]
	run ctree -X --inodes -L 1 s
	[[ "$output" == *"<directory name=\"s\" inode=\"$ino\">"* ]]
	[[ "$output" == *"<link name=\"l\" target=\"d\" inode=\"$lino\"></link>"* ]]
	# the same numbers as the text listing, where tree agrees
	run ctree --inodes -L 1 s
	[[ "$output" == *"[$(printf '%7d' "$lino")]  l -> d"* ]]
	require_cmd tree
	same C --inodes --device -L 1 s
}
