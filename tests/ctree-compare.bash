# ctree-compare.bash: comparing ctree with tree, for the ctree test files.
# shellcheck shell=bash

# same LOCALE ARGS...: tree and ctree print the same bytes and exit the same way
# (run in $T, with TZ=UTC so that dates agree).
same() {
	local loc=$1
	shift
	local st
	LC_ALL=$loc TZ=UTC tree "$@" >"$T/tree.out" 2>&1 && st=0 || st=$?
	echo "status $st" >>"$T/tree.out"
	LC_ALL=$loc TZ=UTC ctree "$@" >"$T/ctree.out" 2>&1 && st=0 || st=$?
	echo "status $st" >>"$T/ctree.out"
	diff -u "$T/tree.out" "$T/ctree.out" || { echo "differs: LC_ALL=$loc $*"; return 1; }
}

# Every line of standard input is one option set; each runs in C and C.UTF-8.
compare_all() {
	local args loc
	while read -r args; do
		[ -n "$args" ] || continue
		for loc in C C.UTF-8; do
			# shellcheck disable=SC2086
			same "$loc" $args || return 1
		done
	done
}
