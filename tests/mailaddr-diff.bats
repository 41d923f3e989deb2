#!/usr/bin/env bats
# mailaddr against other parsers on the same header values: Python's email.utils with
# strict parsing, Go's net/mail and mblaze's maddr, on tests/fixtures/mailaddr/
# diff-values.txt and on generated values (fixed seed). A disagreement passes only when
# its value shows a kind that the man page's COMPATIBILITY section explains
# (tests/mailaddr-diff.py lists them); MAILADDR_DIFF_COUNT=100000 makes a long run.

load helper

SEED=1
COUNT=${MAILADDR_DIFF_COUNT:-2000}

# A python3 whose email.utils.getaddresses has strict parsing (3.13, and the security
# releases 3.12.6 and 3.11.10 and Debian's 3.11.2-6+deb12u3 onwards), else nothing.
strict_python() {
	local py
	for py in python3 /usr/bin/python3; do
		command -v "$py" >/dev/null 2>&1 || continue
		"$py" -c 'import email.utils; email.utils.getaddresses(["a@b"], strict=True)' \
		    2>/dev/null && { command -v "$py"; return 0; }
	done
	return 1
}

# Run the comparison with one peer: diff PEER-NAME PYTHON GO MADDR
diff_with() {
	local driver_py
	driver_py=$(command -v python3 || command -v /usr/bin/python3)
	mkdir -p "$BATS_TEST_TMPDIR/work"
	run "$driver_py" "$KANRI_ROOT/tests/mailaddr-diff.py" "$BATS_TEST_TMPDIR/work" \
	    "$FIXTURES/mailaddr/diff-values.txt" "$SEED" "$COUNT" "$KANRI_BIN/mailaddr" "$@"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"agreeing: "* ]]
}

@test "differential: Python's email.utils (strict) disagrees only where COMPATIBILITY says" {
	command -v python3 >/dev/null || require_cmd python3
	py=$(strict_python) || skip "python3 with strict email.utils.getaddresses is not installed"
	diff_with "$py" - -
}

@test "differential: Go's net/mail disagrees only where COMPATIBILITY says" {
	require_cmd go
	command -v python3 >/dev/null || require_cmd python3
	export GOCACHE="$BATS_TMPDIR/mailaddr-gocache" GOPATH="$BATS_TMPDIR/mailaddr-gopath"
	GOFLAGS=-mod=mod go build -o "$BATS_TMPDIR/mailaddr-peer-go" "$KANRI_ROOT/tests/mailaddr-peer.go"
	diff_with - "$BATS_TMPDIR/mailaddr-peer-go" -
}

@test "differential: mblaze's maddr disagrees only where COMPATIBILITY says" {
	require_cmd maddr
	command -v python3 >/dev/null || require_cmd python3
	diff_with - - "$(command -v maddr)"
}

@test "the kinds of disagreement allowed are the ones the man page lists, with an RFC section" {
	command -v python3 >/dev/null || require_cmd python3
	allowed=$(cd "$KANRI_ROOT/tests" && python3 -c 'import importlib.util as u
s = u.spec_from_file_location("d", "mailaddr-diff.py"); m = u.module_from_spec(s)
s.loader.exec_module(m); print("\n".join(sorted(m.KINDS)))')
	listed=$(sed -n '/^\.Sh COMPATIBILITY/,/^\.Sh /p' "$KANRI_ROOT/man/mailaddr.1" |
	    sed -n 's/^\.It Li \([a-z-]*\).*/\1/p' | sort)
	[ -n "$allowed" ]
	[ "$allowed" = "$listed" ] || { printf 'allowed:\n%s\nlisted:\n%s\n' "$allowed" "$listed"; false; }
	# each item names the RFC whose syntax it departs from
	run awk '/^\.Sh COMPATIBILITY/ { on = 1; next } on && /^\.Sh / { on = 0 }
	    on && /^\.It Li/ { if (kind != "" && !rfc) print kind; kind = $3; rfc = 0; next }
	    on && /^\.El/ { if (kind != "" && !rfc) print kind; kind = "" }
	    on && /RFC [0-9]/ { rfc = 1 }' "$KANRI_ROOT/man/mailaddr.1"
	[ "$status" -eq 0 ]
	[ -z "$output" ] || { echo "no RFC named for: $output"; false; }
}
