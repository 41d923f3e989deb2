#!/usr/bin/env bats
# mailaddr: the procmail recipes of man/mailaddr.1 and README.md, each fed the one
# message procmail hands a command, whose body holds unescaped "From " lines that
# forge a second message: the body must never give an address.

load helper

# One message as Postfix's local(8) hands it to procmail: a From_ line first, and the
# body's "From " lines not escaped (only mailbox delivery adds '>').
forged_message() {
	cat <<'EOF'
From sender@good.example Mon Jan  1 09:00:00 2024
Return-Path: <sender@good.example>
From: Good Sender <sender@good.example>
Reply-To: other@elsewhere.example
To: me@example.jp
Subject: hello

Hello.
From evil@bad.example Mon Jan  1 09:00:00 2024
Return-Path: <boss@bad.example>
From: Boss <boss@bad.example>
Reply-To: boss@bad.example
Sender: boss@bad.example

From boss@bad.example Mon Jan  1 09:00:01 2024
From: boss@bad.example

EOF
}

# The same message with a body that forges nothing.
plain_message() {
	forged_message | sed '/^$/q'
	echo 'Hello.'
}

# Every procmail recipe line of the man page's literal blocks and of README.md that
# runs mailaddr: conditions ("* ! ? mailaddr ..."), actions ("| mailaddr ..."),
# backquoted commands ("FROM=`mailaddr ...`"), including those written in prose.
recipe_lines() {
	{
		sed -n '/^\.Bd -literal/,/^\.Ed/p' "$KANRI_ROOT/man/mailaddr.1"
		cat "$KANRI_ROOT/README.md"
	} | grep -v '^\$ ' | grep -E '(\? +|^\| *|`|\| )mailaddr( |`)' |
	    grep -oE '\$MATCH" \| mailaddr[^`>}]*|(\? +|^\| *|`)mailaddr [^`>}]*' |
	    sed -E 's/ +$//' | sort -u
}

# Run one recipe line ("`mailaddr ARGS", "? mailaddr ARGS", ...) on message $1 as
# procmail would: the MATCH recipe gets procmail's match of "^From:\/.*" (from the
# header), the others the whole message on standard input. Prints "status: output".
run_recipe() {
	local line=$1 msg=$2 args out status=0
	args=${line#*mailaddr}
	if [[ $line == '$MATCH'* ]]; then
		local MATCH
		MATCH=$(sed -n '/^$/q; s/^From:\(.*\)/\1/p' "$msg" | head -n 1)
		# shellcheck disable=SC2086 # the recipe's words, as procmail splits them
		out=$(echo "$MATCH" | mailaddr $args) || status=$?
	else
		# shellcheck disable=SC2086
		out=$(mailaddr $args <"$msg") || status=$?
	fi
	printf '%s: %s\n' "$status" "$out"
}

@test "the recipes found in the man page and README are the ones this file knows" {
	run recipe_lines
	[ "$status" -eq 0 ]
	want=$(printf '%s\n' '$MATCH" | mailaddr' '$MATCH" | mailaddr --last' '? mailaddr --same from,reply-to' \
	    '? mailaddr --same-domain from,return-path' '`mailaddr --last -H from' \
	    '`mailaddr --last -d -H from' '| mailaddr -1 -H from' | sort -u)
	[ "$output" = "$want" ] || { printf 'found:\n%s\nknown:\n%s\n' "$output" "$want"; false; }
}

@test "every recipe gives the same answer whatever the message body forges" {
	forged_message >"$BATS_TEST_TMPDIR/forged"
	plain_message >"$BATS_TEST_TMPDIR/plain"
	n=0
	while IFS= read -r line; do
		forged=$(run_recipe "$line" "$BATS_TEST_TMPDIR/forged")
		plain=$(run_recipe "$line" "$BATS_TEST_TMPDIR/plain")
		echo "$line -> $forged"
		[ "$forged" = "$plain" ]
		[[ $forged != *bad.example* ]]
		n=$((n + 1))
	done < <(recipe_lines)
	[ "$n" -eq 7 ]
}

@test "the recipes' answers on the forged message" {
	forged_message >"$BATS_TEST_TMPDIR/forged"
	[ "$(run_recipe '`mailaddr --last -H from' "$BATS_TEST_TMPDIR/forged")" = '0: sender@good.example' ]
	[ "$(run_recipe '`mailaddr --last -d -H from' "$BATS_TEST_TMPDIR/forged")" = '0: good.example' ]
	[ "$(run_recipe '| mailaddr -1 -H from' "$BATS_TEST_TMPDIR/forged")" = '0: sender@good.example' ]
	[ "$(run_recipe '$MATCH" | mailaddr --last' "$BATS_TEST_TMPDIR/forged")" = '0: sender@good.example' ]
	[ "$(run_recipe '? mailaddr --same-domain from,return-path' "$BATS_TEST_TMPDIR/forged")" = '0: ' ]
	[ "$(run_recipe '? mailaddr --same from,reply-to' "$BATS_TEST_TMPDIR/forged")" = '1: ' ]
}

@test "standard input is one message: %i is -, --last and -1 see its header only" {
	forged_message >"$BATS_TEST_TMPDIR/forged"
	run mailaddr -f '%i %h %a' <"$BATS_TEST_TMPDIR/forged"
	[ "$status" -eq 0 ]
	[ "$output" = $'- From sender@good.example\n- Reply-To other@elsewhere.example\n- To me@example.jp' ]
	run mailaddr -m --last <"$BATS_TEST_TMPDIR/forged"
	[ "$output" = 'me@example.jp' ]
}

@test "--mbox reads standard input as an mbox; a file is an mbox without it" {
	forged_message >"$BATS_TEST_TMPDIR/forged"
	run mailaddr --mbox -f '%i %a' -H from <"$BATS_TEST_TMPDIR/forged"
	[ "$status" -eq 0 ]
	[ "$output" = $'1 sender@good.example\n2 boss@bad.example\n3 boss@bad.example' ]
	run mailaddr -f '%i %a' -H from "$BATS_TEST_TMPDIR/forged"
	[ "$output" = $'1 sender@good.example\n2 boss@bad.example\n3 boss@bad.example' ]
	run mailaddr -f '%i %a' -H from - <"$BATS_TEST_TMPDIR/forged"
	[ "$output" = '- sender@good.example' ]
}

@test "one message on a pipe is still read to its end: the writer gets no SIGPIPE" {
	forged_message >"$BATS_TEST_TMPDIR/forged"
	run bash -c 'set -o pipefail; { cat "$1"; head -c 3000000 /dev/zero | tr "\0" x; } | mailaddr -1 -H from' \
	    _ "$BATS_TEST_TMPDIR/forged"
	[ "$status" -eq 0 ]
	[ "$output" = 'sender@good.example' ]
}
