#!/usr/bin/env bats
# Every example in README.md works: each "$ command" line of a ```console block is run in
# a copy of tests/fixtures/readme (after its setup-*.sh hooks) and must print exactly the
# lines that follow it, stdout and stderr together.

load helper

setup() {
	SANDBOX="$BATS_TEST_TMPDIR/readme"
	mkdir -p "$SANDBOX"
	if [ -d "$FIXTURES/readme" ]; then
		cp -R "$FIXTURES/readme/." "$SANDBOX/"
	fi
	cd "$SANDBOX" || return 1
	for hook in setup-*.sh; do
		[ -f "$hook" ] || continue
		bash "$hook" >/dev/null || { echo "$hook failed" >&2; return 1; }
	done
	EXAMPLES="$BATS_TEST_TMPDIR/examples"
	mkdir -p "$EXAMPLES"
	# One N.cmd and N.out per command; a line ending in \ continues on the next one.
	awk -v dir="$EXAMPLES" '
		/^```console[ \t]*$/ { inblock = 1; next }
		/^```/ { inblock = 0; cont = 0; next }
		!inblock { next }
		cont { print >> (dir "/" n ".cmd"); cont = /\\$/; next }
		/^\$ / { n++; sub(/^\$ /, ""); print > (dir "/" n ".cmd");
			printf "" > (dir "/" n ".out"); cont = /\\$/; next }
		n { print >> (dir "/" n ".out") }
	' "$KANRI_ROOT/README.md"
}

@test "README.md has console examples" {
	run ls "$EXAMPLES"
	[ -n "$output" ]
}

@test "every README.md console example prints what README.md shows" {
	local failed=0 n
	local count
	count=$(find "$EXAMPLES" -name '*.cmd' | wc -l)
	for i in $(seq 1 "$count"); do
		n="$EXAMPLES/$i"
		cmd="$n.cmd"
		LC_ALL=C.UTF-8 TZ=UTC bash "$cmd" >"$n.got" 2>&1 </dev/null || true
		if ! diff -u "$n.out" "$n.got" >"$n.diff"; then
			echo "README example failed: $(cat "$cmd")"
			cat "$n.diff"
			failed=1
		fi
	done
	[ "$failed" -eq 0 ]
}
