#!/usr/bin/env bats
# The contract every tool keeps (CONVENTIONS.md): --help, --version, usage errors,
# write errors, a man page that documents every option --help lists.

load helper

setup() {
	TOOLS=$(kanri_tools)
	[ -n "$TOOLS" ] || skip "no tool is built"
}

@test "--help prints a usage line on stdout and exits 0" {
	for t in $TOOLS; do
		run --separate-stderr "$t" --help
		[ "$status" -eq 0 ] || { echo "$t: status $status"; false; }
		[[ "$output" == *"usage: $t "* ]] || { echo "$t: $output"; false; }
		[ -z "$stderr" ]
		# ctree keeps tree's -h (human-readable sizes): it is a drop-in for tree.
		[ "$t" = ctree ] && continue
		run --separate-stderr "$t" -h
		[ "$status" -eq 0 ] || { echo "$t -h: status $status"; false; }
		[[ "$output" == *"usage: $t "* ]] || { echo "$t -h: $output"; false; }
	done
}

@test "--version prints 'tool (kanri) VERSION' and exits 0" {
	version=$(sed -n 's/^VERSION = //p' "$KANRI_ROOT/Makefile")
	for t in $TOOLS; do
		run --separate-stderr "$t" --version
		[ "$status" -eq 0 ]
		[ "$output" = "$t (kanri) $version" ] || { echo "$t: $output"; false; }
	done
}

@test "an unknown option is one message and the usage line on stderr, exit 2" {
	for t in $TOOLS; do
		run --separate-stderr "$t" --no-such-option
		[ "$status" -eq 2 ] || { echo "$t: status $status"; false; }
		[ -z "$output" ]
		[[ "${stderr_lines[0]}" == "$t: "* ]] || { echo "$t: $stderr"; false; }
		[[ "$stderr" == *"usage: $t "* ]] || { echo "$t: $stderr"; false; }
	done
}

@test "writing --help to a full disk is an error, exit 2" {
	[ -w /dev/full ] || skip "no /dev/full"
	for t in $TOOLS; do
		run --separate-stderr "$t" --help
		run --separate-stderr bash -c "$t --help >/dev/full"
		[ "$status" -eq 2 ] || { echo "$t: status $status"; false; }
		[[ "$stderr" == "$t: write error: No space left on device" ]] || { echo "$t: $stderr"; false; }
	done
}

@test "every tool has a man page and every long option in --help is in it" {
	require_cmd mandoc
	for t in $TOOLS; do
		[ -f "$KANRI_ROOT/man/$t.1" ] || { echo "no man/$t.1"; false; }
		page=$(MANWIDTH=200 mandoc -Tascii "$KANRI_ROOT/man/$t.1" | col -b)
		opts=$("$t" --help | grep -oE -- '--[a-z0-9][a-z0-9.-]*' | sort -u)
		for o in $opts; do
			[[ "$page" == *"$o"* ]] || { echo "$t: $o is in --help, not in man/$t.1"; false; }
		done
		opts=$(printf '%s\n' "$page" | grep -oE -- '(^|[ [(])--[a-z0-9][a-z0-9.-]*' | grep -oE -- '--[a-z0-9][a-z0-9.-]*' | sort -u)
		help=$("$t" --help)
		for o in $opts; do
			[[ "$help" == *"$o"* ]] || { echo "$t: $o is in man/$t.1, not in --help"; false; }
		done
	done
}

@test "every man page is mandoc -Tlint clean" {
	require_cmd mandoc
	for t in $TOOLS; do
		run mandoc -Tlint -Wwarning "$KANRI_ROOT/man/$t.1"
		[ "$status" -eq 0 ] || { echo "$output"; false; }
	done
}

# How each tool is made to read standard input, with and without "-" where it takes it.
stdin_forms() {
	cat <<'FORMS'
ctree --fromfile
ctree --fromfile=-
mailaddr
mailaddr -
jcodefix
jcodefix -
snimap
snimap -
wpver
wpver -
FORMS
}

@test "every tool names standard input 'standard input': standard input that is a directory" {
	forms=$(stdin_forms)
	for t in $TOOLS; do
		grep -q "^$t\( \|$\)" <<<"$forms" || { echo "$t: no form in stdin_forms"; false; }
	done
	while read -r t args; do
		[ -x "$KANRI_BIN/$t" ] || continue
		# shellcheck disable=SC2086
		run --separate-stderr "$t" $args </
		[ "$status" -eq 2 ] || { echo "$t $args: status $status"; false; }
		[ "$stderr" = "$t: standard input: Is a directory" ] || { echo "$t $args: $stderr"; false; }
	done <<<"$forms"
}

@test "every tool's usage text names the options of its man page SYNOPSIS, and no other" {
	require_cmd python3
	for t in $TOOLS; do
		"$t" --help >"$BATS_TEST_TMPDIR/help"
		run python3 "$KANRI_ROOT/tests/contract.py" usage "$t" "$BATS_TEST_TMPDIR/help" \
		    "$KANRI_ROOT/man/$t.1"
		[ "$status" -eq 0 ] || { echo "$output"; false; }
	done
}

@test "every option in a man page's option list is used in some test file" {
	require_cmd python3
	for t in $TOOLS; do
		run python3 "$KANRI_ROOT/tests/contract.py" tested "$t" "$KANRI_ROOT/man/$t.1" \
		    "$KANRI_ROOT/tests"
		[ "$status" -eq 0 ] || { echo "$output"; false; }
	done
}
