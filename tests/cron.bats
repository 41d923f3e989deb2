#!/usr/bin/env bats
# Every cron recipe of README.md and the man pages runs as cron runs it: /bin/sh -c with
# nothing in the environment but PATH=/usr/bin:/bin, HOME, LOGNAME and SHELL, and a
# healthy system makes it print nothing (cron mails any output). A recipe is a line of
# crontab or /etc/cron.d form (five time fields or @daily and the like, a user name in
# the cron.d form) in README.md or in a man page as mandoc renders it; NAME=value lines
# right before it are its environment, and % in its command is what cron makes of it.
#
# What the test changes, and only that:
# - /usr/local/bin/TOOL, where `make install` puts a kanri tool, is the build's
#   $KANRI_BIN/TOOL;
# - /etc/... is a sandbox copy of the files the recipe names: a domain list of test
#   certificates (tests/fixtures/snimap/mkpki.sh), and empty Postfix and Dovecot
#   configuration directories to write into;
# - a command that reloads a server (postfix, doveadm, systemctl, service) is a stub
#   that records its call, after the test checked that cron's PATH finds the real one
#   (by name) or that it exists (by absolute path).
# A recipe that names any other file outside /usr/bin and /bin fails the test rather
# than run against this machine.
# Postmap is the real one, found by snimap as cron leaves it to: its own PATH search,
# then Postfix's command_directory.

load helper

CRON_PATH=/usr/bin:/bin

setup_file() {
	command -v openssl >/dev/null || return 0
	PKI="$BATS_FILE_TMPDIR/pki"
	export PKI
	bash "$FIXTURES/snimap/mkpki.sh" "$PKI" >/dev/null 2>&1
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	RECIPES="$BATS_TEST_TMPDIR/recipes"
	mkdir -p "$RECIPES"
}

# Print each recipe of a text as ENV \037 LINE (ENV: the NAME=value lines before it,
# joined by \001), reading the text on standard input.
recipe_lines() {
	awk '
		function reset() { env = "" }
		{ sub(/^[ \t]+/, ""); sub(/[ \t]+$/, "") }
		/^[A-Za-z_][A-Za-z0-9_]*=/ { env = env (env == "" ? "" : "\001") $0; next }
		/^@(reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)[ \t]/ ||
		/^[0-9*\/,-]+[ \t]+[0-9*\/,-]+[ \t]+[0-9*\/,-]+[ \t]+[0-9A-Za-z*\/,-]+[ \t]+[0-9A-Za-z*\/,-]+[ \t]+[^ \t]/ {
			print env "\037" $0; next
		}
		{ reset() }
	'
}

# Write every recipe of README.md (its fenced blocks) and of man/*.1 into $RECIPES/N.*:
# N.src (where it is), N.env, N.line.
extract_recipes() {
	local n=0 src envs line
	{
		awk '/^```/ { inblock = !inblock; print ""; next } inblock { print; next } { print "" }' \
			"$KANRI_ROOT/README.md" | recipe_lines | sed 's/^/README.md\x1f/'
		for m in "$KANRI_ROOT"/man/*.1; do
			mandoc -Tascii "$m" | col -bx | recipe_lines | sed "s|^|man/${m##*/}\x1f|"
		done
	} >"$RECIPES/all"
	while IFS=$'\037' read -r src envs line; do
		n=$((n + 1))
		printf '%s\n' "$src" >"$RECIPES/$n.src"
		printf '%s' "$envs" | tr '\001' '\n' >"$RECIPES/$n.env"
		printf '%s\n' "$line" >"$RECIPES/$n.line"
	done <"$RECIPES/all"
	echo "$n" >"$RECIPES/count"
}

# The command of a recipe line: without its time fields, and without the user of the
# cron.d form (a sixth field that names a user).
recipe_command() {
	local line=$1 rest user
	if [[ $line == @* ]]; then
		rest=${line#* }
	else
		rest=$(printf '%s\n' "$line" | sed -E 's/^([^ \t]+[ \t]+){5}//')
	fi
	rest=${rest#"${rest%%[![:space:]]*}"}
	user=${rest%%[[:space:]]*}
	if getent passwd "$user" >/dev/null 2>&1; then
		rest=${rest#"$user"}
		rest=${rest#"${rest%%[![:space:]]*}"}
		printf '%s\n%s\n' "$user" "$rest"
	else
		printf '%s\n%s\n' "$(id -un)" "$rest"
	fi
}

# Cron ends the command at the first % not escaped by \, and gives the rest, each %
# a newline, on standard input. Prints the command; writes the input to $1.
cron_percent() {
	local stdin_file=$1 cmd=$2
	printf '%s' "$cmd" | awk -v inf="$stdin_file" '
		{ s = s (NR > 1 ? "\n" : "") $0 }
		END {
			out = ""; i = 1; n = length(s)
			while (i <= n) {
				c = substr(s, i, 1)
				if (c == "\\" && substr(s, i + 1, 1) == "%") { out = out "%"; i += 2; continue }
				if (c == "%") break
				out = out c; i++
			}
			printf "%s", out
			rest = i <= n ? substr(s, i + 1) : ""
			gsub(/%/, "\n", rest)
			printf "%s", rest > inf
		}'
}

# The sandbox the recipes' /etc names point into, with a domain list: good certificates,
# or with one that expired (broken).
make_sandbox() {
	SANDBOX="$BATS_TEST_TMPDIR/sandbox-$1"
	rm -rf "$SANDBOX"
	mkdir -p "$SANDBOX/etc/snimap" "$SANDBOX/etc/postfix" "$SANDBOX/etc/dovecot/conf.d" \
		"$SANDBOX/stubs"
	{
		echo "example.net $PKI/ec.full $PKI/ec.key"
		echo "*.example.org $PKI/wild.full $PKI/ec.key"
		[ "$1" = healthy ] || echo "old.example.com $PKI/expired.full $PKI/ec.key"
	} >"$SANDBOX/etc/snimap/domains"
	: >"$SANDBOX/reloads"
	for s in postfix doveadm systemctl service; do
		printf '#!/bin/sh\necho "%s $*" >>"%s/reloads"\n' "$s" "$SANDBOX" >"$SANDBOX/stubs/$s"
		chmod +x "$SANDBOX/stubs/$s"
	done
}

# The command with the test's substitutions (see the top of this file); the stubs it
# put in are listed in $SANDBOX/stubbed. Fails when cron would not find a reload command.
substitute() {
	local cmd=$1 t word base
	for t in $(kanri_tools); do
		cmd=$(printf '%s' "$cmd" | sed -E "s#(^|[[:space:];&|(])/usr/local/bin/$t([[:space:];&|)]|\$)#\\1$KANRI_BIN/$t\\2#g")
	done
	cmd=$(printf '%s' "$cmd" | sed -E "s#(^|[[:space:]=<>:])/etc/#\\1$SANDBOX/etc/#g")
	: >"$SANDBOX/stubbed"
	while read -r word; do
		base=${word##*/}
		case $base in
		postfix | doveadm | systemctl | service) ;;
		*) continue ;;
		esac
		if [[ $word == /* ]]; then
			[ -x "$word" ] || { echo "the recipe runs $word, which does not exist here"; return 1; }
		else
			env -i PATH=$CRON_PATH sh -c "command -v $word" >/dev/null ||
				{ echo "the recipe runs $word, which PATH=$CRON_PATH does not find"; return 1; }
		fi
		echo "$base" >>"$SANDBOX/stubbed"
		cmd=$(printf '%s' "$cmd" | sed -E "s#(^|&&|\\|\\||;|\\||\\()([[:space:]]*)$word([[:space:]]|\$)#\\1\\2$SANDBOX/stubs/$base\\3#g")
	done < <(printf '%s\n' "$cmd" | grep -oE '(^|&&|\|\||;|\||\()[[:space:]]*[^[:space:];&|()]+' |
		sed -E 's/^(&&|\|\||;|\||\()?[[:space:]]*//')
	# a recipe that names a file outside the sandbox would change this machine
	while read -r word; do
		case $word in
		"$SANDBOX"/* | "$KANRI_BIN"/* | /dev/null | /usr/bin/* | /bin/*) ;;
		*)
			echo "the recipe names $word, outside the sandbox: give tests/cron.bats a copy of it"
			return 1
			;;
		esac
	done < <(printf '%s\n' "$cmd" | grep -oE "(^|[[:space:]=<>:'\"])/[^[:space:];&|()'\"]*" |
		sed -E "s/^[[:space:]=<>:'\"]//")
	printf '%s\n' "$cmd"
}

# Run recipe N as cron would in a sandbox (healthy or broken); output in $RUN_OUT,
# exit status in $RUN_STATUS.
run_recipe() {
	local n=$1 state=$2 user cmd home envs=()
	make_sandbox "$state"
	{ read -r user; IFS= read -r cmd; } < <(recipe_command "$(cat "$RECIPES/$n.line")")
	[ -n "$cmd" ] || { echo "recipe $n: no command in: $(cat "$RECIPES/$n.line")"; return 1; }
	cmd=$(cron_percent "$SANDBOX/stdin" "$cmd")
	cmd=$(substitute "$cmd") || { echo "$cmd"; return 1; }
	home=$(getent passwd "$user" | cut -d: -f6)
	while IFS= read -r e; do
		[ -n "$e" ] && envs+=("$e")
	done <"$RECIPES/$n.env"
	echo "# $(cat "$RECIPES/$n.src"), $state: $cmd"
	RUN_STATUS=0
	RUN_OUT=$(cd "$home" 2>/dev/null || cd /; env -i PATH=$CRON_PATH HOME="$home" LOGNAME="$user" \
		SHELL=/bin/sh "${envs[@]}" /bin/sh -c "$cmd" <"$SANDBOX/stdin" 2>&1) || RUN_STATUS=$?
}

# A command of Postfix or Dovecot, which may live in an sbin directory that the test's
# own PATH lacks.
require_server_cmd() {
	[ -x "/usr/sbin/$1" ] || [ -x "/usr/local/sbin/$1" ] || require_cmd "$1"
}

need_peers() {
	require_cmd openssl
	[ -f "$PKI/ec.full" ] || { echo "mkpki.sh failed" >&2; return 1; }
	require_cmd mandoc
	require_server_cmd postmap
	require_server_cmd postfix
	require_server_cmd doveadm
}

@test "README.md and the man pages have cron recipes, each found in both" {
	require_cmd mandoc
	extract_recipes
	cat "$RECIPES/all"
	[ "$(cat "$RECIPES/count")" -ge 4 ]
	grep -q $'^README.md\037' "$RECIPES/all"
	grep -q $'^man/snimap.1\037' "$RECIPES/all"
	# every recipe has a command after its time fields
	for n in $(seq 1 "$(cat "$RECIPES/count")"); do
		[ -n "$(recipe_command "$(cat "$RECIPES/$n.line")" | sed -n 2p)" ]
	done
	# the test reads recipes as cron does: the user field of the cron.d form, and %
	[ "$(recipe_command '@daily root /bin/true x' | tr '\n' '|')" = 'root|/bin/true x|' ]
	[ "$(recipe_command '*/5 1-3 * jan mon-fri /bin/echo a' | sed -n 2p)" = '/bin/echo a' ]
	[ "$(cron_percent in 'date +\%F >x%a%b')" = 'date +%F >x' ]
	[ "$(cat in)" = "a
b" ]
}

@test "every cron recipe runs under cron's PATH and prints nothing on a healthy system" {
	need_peers
	extract_recipes
	local n failed=0 s
	for n in $(seq 1 "$(cat "$RECIPES/count")"); do
		run_recipe "$n" healthy || { failed=1; continue; }
		if [ -n "$RUN_OUT" ]; then
			echo "exit $RUN_STATUS, cron would mail:"
			echo "$RUN_OUT"
			failed=1
		fi
		while read -r s; do
			grep -q "^$s " "$SANDBOX/reloads" || { echo "$s was never reached"; failed=1; }
		done <"$SANDBOX/stubbed"
	done
	[ "$failed" -eq 0 ]
}

@test "the recipes that rebuild the maps leave what Postfix and Dovecot read" {
	need_peers
	extract_recipes
	local n built=0
	for n in $(seq 1 "$(cat "$RECIPES/count")"); do
		grep -q -- ' -p ' "$RECIPES/$n.line" || continue
		run_recipe "$n" healthy
		[ -z "$RUN_OUT" ]
		# the indexed map postmap -F built holds the certificates
		"$(command -v postmap || echo /usr/sbin/postmap)" -Fq example.net \
			"hash:$SANDBOX/etc/postfix/sni_maps" | grep -q .
		grep -q '^local_name example.net {$' "$SANDBOX/etc/dovecot/conf.d/10-sni.conf"
		built=$((built + 1))
	done
	[ "$built" -ge 2 ]
}

@test "every cron recipe mails something when a certificate has expired" {
	need_peers
	extract_recipes
	local n failed=0
	for n in $(seq 1 "$(cat "$RECIPES/count")"); do
		run_recipe "$n" broken || { failed=1; continue; }
		[ -n "$RUN_OUT" ] || { echo "nothing to mail"; failed=1; }
		[ ! -s "$SANDBOX/reloads" ] || { echo "reloaded after a failure"; failed=1; }
	done
	[ "$failed" -eq 0 ]
}
