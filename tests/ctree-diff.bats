#!/usr/bin/env bats
# ctree-diff: ctree against tree 2.1.0 on seeded hostile trees and option sets
# (tests/fixtures/ctree/gen.py), live and against outputs tree printed when they were recorded.

load helper

GEN="$FIXTURES/ctree/gen.py"
RECORDED="$FIXTURES/ctree/diff"

# The seed and the number of cases of the fixed run: those the outputs were recorded for.
fixed_run() {
	read -r SEED RUNS <"$RECORDED/SEED"
}

@test "the fixed-seed cases print what tree prints, as root and as nobody" {
	require_cmd python3
	require_cmd tree
	fixed_run
	run python3 "$GEN" run --ctree "$KANRI_BIN/ctree" --seed "$SEED" --runs "$RUNS"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "random -P and -I patterns select what tree selects" {
	require_cmd python3
	require_cmd tree
	run python3 "$GEN" patterns --ctree "$KANRI_BIN/ctree" --seed 1 --runs 120
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "the fixed-seed cases print what tree printed when they were recorded" {
	require_cmd python3
	if [ ! -f "$RECORDED/SEED" ]; then
		require_cmd tree
		skip "no recorded outputs in $RECORDED"
	fi
	# owners and device nodes of the recorded trees need root
	[ "$(id -u)" -eq 0 ] || skip "rebuilding the recorded trees needs root"
	run python3 "$GEN" check --ctree "$KANRI_BIN/ctree" --fixtures "$RECORDED"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "a pattern of many stars beside a long name does not hang -P, -I or --gitignore" {
	local long pat
	cd "$BATS_TEST_TMPDIR" || return 1
	long=$(printf 'a%.0s' {1..200})
	pat='*a*a*a*a*a*a*a*a*a*b'
	mkdir d
	touch "d/$long" d/aaaaaaaaab d/ab
	printf '%s\n**a**a**a**a**a**a**a**a**a**c\nx/*a*a*a*a*a*a*a*a*a*a*b\n' "$pat" >d/.gitignore
	run timeout 10 ctree --noreport --charset=ascii --gitignore d
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\n|-- %s\n`-- ab' "$long")" ]
	run timeout 10 ctree --noreport --charset=ascii -P "$pat" d
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\n`-- aaaaaaaaab')" ]
	run timeout 10 ctree --noreport --charset=ascii -I "**a**a**a**a**a**a**a**a**c|$pat" d
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\n|-- %s\n`-- ab' "$long")" ]
	run timeout 10 ctree --noreport --charset=ascii -P "$pat" --ignore-case --matchdirs --prune d
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'd\n`-- aaaaaaaaab')" ]
}

@test "--gitignore reads .gitignore files as tree 2.1.0 does" {
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir -p g/n g/m 'g/[ab]/x' g/build g/sub/build
	touch 'g/[ab]/x/y' g/n/z 'g/n/a b' g/n/Y g/n/k g/m/k g/m/l g/readme g/a.c \
		g/sub/build/o g/build/o g/keep.c
	# a pattern with a '/' is matched against the path, the directory's own path in front
	# (its '[ab]' is a bracket there); '!' wins wherever it is; backslashes are dropped,
	# so '\*' is a wildcard; a trailing space goes; a line is read in 4095-byte pieces;
	# 'build/' matches only beside its .gitignore; a CR stays part of the pattern
	printf 'x/y\n' >'g/[ab]/.gitignore'
	printf '%s\n' '!z' 'a\ b' '\*' 'Y ' >g/n/.gitignore
	{ printf 'k'; printf 'x%.0s' $(seq 4094); printf 'l\n'; } >g/m/.gitignore
	printf 'build/\nREADME\n*.c\r\n' >g/.gitignore
	run ctree -a --gitignore --charset=ascii --noreport g
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat <<-'EOF'
		g
		|-- .gitignore
		|-- [ab]
		|   |-- .gitignore
		|   `-- x
		|       `-- y
		|-- a.c
		|-- keep.c
		|-- m
		|   |-- .gitignore
		|   `-- k
		|-- n
		|   `-- z
		|-- readme
		`-- sub
		    `-- build
		        `-- o
		EOF
	)" ]
	# --ignore-case applies to .gitignore patterns too
	run ctree -a --gitignore --ignore-case --charset=ascii --noreport g
	[ "$status" -eq 0 ]
	[[ "$output" != *readme* ]]
	[[ "$output" == *keep.c* ]]
}

@test "-P brackets compare bytes as signed chars and an unclosed [ matches, as in tree" {
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir d
	touch d/a d/ab d/b "d/$(printf 'x\351')" "d/$(printf '\351')"
	# tree's chars are signed: \377 is -1, so [\377-a] is -1..97: a, not b nor \351 (-23)
	run env LC_ALL=C ctree --noreport --charset=ascii -P "$(printf '[\377-a]')" d
	[ "$output" = "$(printf 'd\n`-- a')" ]
	run env LC_ALL=C ctree --noreport --charset=ascii -P "$(printf '*[\200-\377]')" d
	[ "$output" = "$(printf 'd\n|-- x\\351\n`-- \\351')" ]
	# a syntax error counts as a match for -P, also at the end of the name
	run env LC_ALL=C ctree --noreport --charset=ascii -P 'a[' d
	[ "$output" = "$(printf 'd\n|-- a\n`-- ab')" ]
	run env LC_ALL=C ctree --noreport --charset=ascii -P 'a[|b' d
	[ "$output" = "$(printf 'd\n|-- a\n|-- ab\n`-- b')" ]
}
