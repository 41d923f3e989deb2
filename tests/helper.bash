# helper.bash: what every kanri test file loads: the binaries under test and temp dirs.
# shellcheck shell=bash

bats_require_minimum_version 1.5.0

# KANRI_BIN names the directory holding the binaries under test (normal, sanitizer,
# static or installed build); it defaults to the tree's own build.
KANRI_ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
export KANRI_ROOT
KANRI_BIN=${KANRI_BIN:-$KANRI_ROOT/build}
export KANRI_BIN
PATH="$KANRI_BIN:$PATH"
export PATH
FIXTURES="$KANRI_ROOT/tests/fixtures"
export FIXTURES

# The tools whose binaries exist, one per line.
kanri_tools() {
	local f
	for f in "$KANRI_ROOT"/tools/*/; do
		f=${f%/}
		f=${f##*/}
		[ "$f" = lib ] && continue
		[ -x "$KANRI_BIN/$f" ] && echo "$f"
	done
	return 0
}

# Fail the test unless the named command exists; for peers the tests compare with
# (tree, perl, postmap, doveconf), which .ci/run installs.
# Under .ci/run (KANRI_REQUIRE_PEERS=1) a missing peer is a failure, not a skip, except
# one that .ci/without-peers hid on purpose (listed in KANRI_HIDDEN_PEERS).
require_cmd() {
	command -v "$1" >/dev/null 2>&1 && return 0
	case " ${KANRI_HIDDEN_PEERS:-} " in
	*" $1 "*) skip "$1 is hidden from PATH by .ci/without-peers" ;;
	esac
	if [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		echo "$1 is not installed but KANRI_REQUIRE_PEERS=1" >&2
		return 1
	fi
	skip "$1 is not installed (.ci/run installs it)"
}

# Run a command as an unprivileged user, so permission tests mean something under
# root (CI runs as root). Files it touches must be in user_tmpdir.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

# A directory the unprivileged user of as_user can use; removed by bats' teardown
# only if the test removes it, so tests call user_tmpdir_cleanup in teardown.
user_tmpdir() {
	USER_TMP=$(mktemp -d /tmp/kanri-test.XXXXXX)
	chmod 0777 "$USER_TMP"
	export USER_TMP
}

user_tmpdir_cleanup() {
	if [ -n "${USER_TMP:-}" ] && [ -d "$USER_TMP" ]; then
		chmod -R u+rwx "$USER_TMP" 2>/dev/null
		rm -rf "$USER_TMP"
	fi
	return 0
}

# The smallest `ulimit -v` in KiB (to 2 KiB) under which a command succeeds, reading
# the file INPUT on standard input: min_vmem INPUT COMMAND...
# glibc grows its heap 128 KiB beyond each request, which would hide a 64 KiB line in
# the first growth; without that padding the heap grows by what is asked, so the
# line's buffer is what a limit stops.
min_vmem() {
	local input=$1 lo=16 hi=1048576 mid
	shift
	(ulimit -v $hi && exec "$@" <"$input") >/dev/null 2>&1 || return 1
	while [ $((hi - lo)) -gt 2 ]; do
		mid=$(((lo + hi) / 2))
		if (ulimit -v $mid && exec "$@" <"$input") >/dev/null 2>&1; then
			hi=$mid
		else
			lo=$mid
		fi
	done
	echo "$hi"
}
