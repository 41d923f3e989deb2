#!/usr/bin/env bats
# wpver: the WordPress release for a PHP version, by policy, from real release data.

load helper

W="$FIXTURES/wpver"

# Check "input expected" pairs, one per line, against wpver with the given options.
expect_each() {
	local input want got bad=0
	while read -r input want; do
		[ -n "$input" ] || continue
		got=$(wpver "$@" "$input" 2>&1) || true
		if [ "$got" != "$want" ]; then
			echo "wpver $* $input: got '$got', want '$want'"
			bad=1
		fi
	done
	[ "$bad" -eq 0 ]
}

@test "conservative: every boundary of the hosting policy and its holes" {
	expect_each <<-'EOF2'
		5.2.4 5.1.24
		5.5.38 5.1.24
		5.6.0 5.1.24
		5.6.19 5.1.24
		5.6.20 5.5.20
		5.6.40 5.5.20
		7.0.0 5.6.19
		7.1.33 5.6.19
		7.2.23 5.6.19
		7.2.24 5.6.19
		7.3.33 5.6.19
		7.4.0 6.2.11
		7.4.33 6.2.11
		8.0 6.2.11
		8.1.30 6.2.11
		8.2 6.2.11
		8.3 6.4.10
		8.3.14 6.4.10
		8.4 6.8.8
		8.5 6.9.7
	EOF2
	run wpver -p conservative 8.4.1
	[ "$status" -eq 0 ]
	[ "$output" = 6.8.8 ]
}

@test "newest: the newest branch whose minimum PHP the version meets" {
	expect_each -p newest <<-'EOF2'
		5.2.4 5.1.24
		5.5.38 5.1.24
		5.6.19 5.1.24
		5.6.20 6.2.11
		7.0.0 6.5.10
		7.2.23 6.5.10
		7.2.24 6.9.7
		7.3.33 6.9.7
		7.4.0 7.1.0
		8.0 7.1.0
		8.5 7.1.0
	EOF2
}

@test "supported: the newest branch with full support that installs" {
	expect_each -p supported <<-'EOF2'
		5.5.38 5.1.24
		5.6.0 5.1.24
		5.6.19 5.1.24
		5.6.20 6.2.11
		7.0.0 6.5.10
		7.2.23 6.5.10
		7.2.24 6.9.7
		7.3.0 6.9.7
		7.4.0 7.1.0
		8.2 7.1.0
		8.5.1 7.1.0
	EOF2
}

@test "a missing patch level counts as 0: 5.6 is 5.6.0, 7.2 is 7.2.0" {
	run wpver 5.6 8
	[ "$status" -eq 0 ]
	[ "$output" = $'5.1.24\n6.2.11' ]
	run wpver -p newest 7.2
	[ "$output" = 6.5.10 ]
}

@test "a pre-release is older than its release, as in the installer" {
	run wpver 5.6.20RC1 5.6.20~rc1 5.6.20
	[ "$output" = $'5.1.24\n5.1.24\n5.5.20' ]
	run wpver -p newest 7.2.24-dev 7.2.24-1+deb10u1
	[ "$output" = $'6.5.10\n6.9.7' ]
	# WordPress 7.0 needs "7.4": version_compare() puts 7.4.0RC1 above it, 7.4RC1 below
	run wpver -p newest 7.4.0RC1 7.4RC1
	[ "$output" = $'7.1.0\n6.9.7' ]
}

@test "-v says why the policy's branch was replaced, on stderr" {
	run --separate-stderr wpver -v 5.6.19 8.3 8.1 7.4.33
	[ "$status" -eq 0 ]
	[ "$output" = $'5.1.24\n6.4.10\n6.2.11\n6.2.11' ]
	[ "${stderr_lines[0]}" = "wpver: 5.6.19: PHP 5.6.19: the hosting policy gives PHP 5.6 WordPress 5.5, which needs PHP 5.6.20; 5.1 is the newest older branch that installs on it and fully supports it" ]
	[ "${stderr_lines[1]}" = "wpver: 8.3: PHP 8.3.0: the hosting policy gives PHP 8.3 WordPress 6.2, which does not support it (full support from 6.4); 6.4 is the oldest newer branch that installs on it and fully supports it" ]
	[ "${stderr_lines[2]}" = "wpver: 8.1: PHP 8.1.0: the hosting policy gives PHP 8.1 WordPress 6.2, which has only beta support for it (full support from 6.3)" ]
	[ "${stderr_lines[3]}" = "wpver: 7.4.33: PHP 7.4.33: the hosting policy gives PHP 7.4 WordPress 6.2, which fully supports it" ]
}

@test "-v explains newest and supported answers" {
	export SOURCE_DATE_EPOCH=$(date -u -d 2026-12-02 +%s)
	run --separate-stderr wpver -v -p newest 7.2.23
	[ "$stderr" = "wpver: 7.2.23: PHP 7.2.23: 6.5 is the newest branch it can install (minimum PHP 7.0.0); 6.6 needs PHP 7.2.24
wpver: data (built in): dated 2026-08-19, 105 days old" ]
	run --separate-stderr wpver --verbose --policy=supported 8.2
	[ "$output" = 7.1.0 ]
	[ "$stderr" = "wpver: 8.2: PHP 8.2.0: 7.1 is the newest branch that fully supports it
wpver: data (built in): dated 2026-08-19, 105 days old" ]
}

@test "no -v, no stderr on success" {
	run --separate-stderr wpver 8.3 5.6.0
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}

@test "PHP too old, newer than the data, or nonexistent: message, exit 1, next line goes on" {
	run --separate-stderr wpver 5.2.3 7.4 9.0 6.0 8.6 4
	[ "$status" -eq 1 ]
	[ "$output" = 6.2.11 ]
	[ "${stderr_lines[0]}" = "wpver: 5.2.3: PHP 5.2.3: no WordPress in the data (2026-08-19) runs on it (3.7 needs PHP 5.2.4)" ]
	[ "${stderr_lines[1]}" = "wpver: 9.0: PHP 9.0 is newer than the data (2026-08-19) knows (up to PHP 8.5); see --data" ]
	[ "${stderr_lines[2]}" = "wpver: 6.0: PHP 6.0 is not in the PHP support table of the data (2026-08-19)" ]
	[ "${stderr_lines[3]}" = "wpver: 8.6: PHP 8.6 is newer than the data (2026-08-19) knows (up to PHP 8.5); see --data" ]
	[ "${stderr_lines[4]}" = "wpver: 4: PHP 4.0.0: no WordPress in the data (2026-08-19) runs on it (3.7 needs PHP 5.2.4)" ]
	for p in newest supported; do
		run wpver -p "$p" 9.0
		[ "$status" -eq 1 ]
		run wpver -p "$p" 6.4
		[ "$status" -eq 1 ]
	done
}

@test "input forms: versions, PHP_VERSION suffixes, PHP_VERSION_ID" {
	expect_each -b <<-'EOF2'
		7.4 6.2
		7.4.33 6.2
		8 6.2
		7 5.6
		8.1.2-1ubuntu2.14 6.2
		7.4.33-1+deb11u5 6.2
		8.2.0~RC6 6.2
		8.5.0RC1 6.9
		8.4.0-dev 6.8
		70433 6.2
		50620 5.5
		80300 6.4
		 7.4.33  6.2
	EOF2
}

@test "input forms: package and path names" {
	expect_each -b <<-'EOF2'
		php74 6.2
		rh-php73 5.6
		ea-php81 6.2
		php8.2 6.2
		php83 6.4
		alt-php56 5.1
		lsphp74 6.2
		php7.4-fpm 6.2
		php-fpm8.4 6.8
		php@8.3 6.4
		php74-php-fpm 6.2
		/opt/remi/php74/root/usr/bin/php 6.2
		/opt/plesk/php/8.2/bin/php 6.2
		/opt/cpanel/ea-php83/root/usr/bin/php 6.4
		/etc/php/8.3/fpm/php.ini 6.4
		/usr/bin/php7.3 5.6
		/opt/php-8.1/bin/php 6.2
		/usr/local/Cellar/php/8.3.6/bin/php 6.4
		/usr/local/opt/php@8.4/bin/php 6.8
		/usr/local/lsws/lsphp74/bin/lsphp 6.2
		/opt/alt/php56/usr/bin/php 5.1
	EOF2
}

@test "php -v output: the first line is the version, the lines after it are skipped" {
	run --separate-stderr wpver <"$W/php-v-7.4.txt"
	[ "$status" -eq 0 ]
	[ "$output" = 6.2.11 ]
	[ -z "$stderr" ]
	run --separate-stderr wpver -H <"$W/php-v-8.1-crlf.txt"
	[ "$status" -eq 0 ]
	[ "$output" = $'PHP 8.1.2-1ubuntu2.14 (cli) (built: Aug 18 2023 11:41:11) (NTS)\t6.2.11' ]
	[ -z "$stderr" ]
	run --separate-stderr wpver -p newest <"$W/php-v-5.6.txt"
	[ "$output" = 6.2.11 ]
	[ -z "$stderr" ]
}

@test "php -v of several hosts in a row: one answer per host" {
	run --separate-stderr bash -c 'cat "$1/php-v-7.4.txt" "$1/php-v-5.6.txt" "$1/php-v-8.1-crlf.txt" | wpver -b' _ "$W"
	[ "$status" -eq 0 ]
	[ "$output" = $'6.2\n5.5\n6.2' ]
	[ -z "$stderr" ]
}

@test "Copyright and Zend Engine lines not after php -v are no PHP version" {
	run --separate-stderr wpver <<-'EOF2'
		7.4
		Zend Engine v3.4.0, Copyright (c) Zend Technologies
		Copyright (c) The PHP Group
		8.3
	EOF2
	[ "$status" -eq 2 ]
	[ "$output" = $'6.2.11\n6.4.10' ]
	[ "${stderr_lines[0]}" = "wpver: standard input:2: not a PHP version: Zend Engine v3.4.0, Copyright (c) Zend Technologies" ]
	[ "${stderr_lines[1]}" = "wpver: standard input:3: not a PHP version: Copyright (c) The PHP Group" ]
}

@test "PHP's own startup warnings before php -v's line are skipped, and said with -v" {
	run --separate-stderr wpver <<-'EOF2'
		PHP Warning:  Module "mbstring" is already loaded in Unknown on line 0
		Deprecated: Directive 'track_errors' is deprecated in Unknown on line 0
		PHP 7.4.33 (cli) (built: Nov  8 2022 11:33:53) ( NTS )
		Copyright (c) The PHP Group
	EOF2
	[ "$status" -eq 0 ]
	[ "$output" = 6.2.11 ]
	[ -z "$stderr" ]
	run --separate-stderr wpver -v <<<'PHP Startup: Unable to load dynamic library'
	[ "$status" -eq 1 ]
	[ "${stderr_lines[0]}" = "wpver: standard input:1: PHP's own message, skipped" ]
	[ "${stderr_lines[1]}" = "wpver: standard input: no PHP version in the input" ]
}

@test "input with no PHP version at all (ssh or php failed) exits 1 with a message" {
	run --separate-stderr wpver </dev/null
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "wpver: standard input: no PHP version in the input" ]
	run --separate-stderr bash -c 'printf "\n\n" | wpver -u'
	[ "$status" -eq 1 ]
	[ "$stderr" = "wpver: standard input: no PHP version in the input" ]
	run --separate-stderr bash -c 'printf "PHP Fatal error:  Out of memory\n" | wpver -u'
	[ "$status" -eq 1 ]
}

@test "unparseable lines: a message naming the line, exit 2 at the end, others answered" {
	run --separate-stderr wpver <<-'EOF2'
		PHP Warning is no version
		8.2

		/usr/bin/php
		7.4.33.1
		74
		php
		8.1 x
		1234
	EOF2
	[ "$status" -eq 2 ]
	[ "$output" = 6.2.11 ]
	[ "${stderr_lines[0]}" = "wpver: standard input:1: not a PHP version: PHP Warning is no version" ]
	[ "${stderr_lines[1]}" = "wpver: standard input:4: not a PHP version: /usr/bin/php" ]
	[ "${stderr_lines[2]}" = "wpver: standard input:5: not a PHP version: 7.4.33.1" ]
	[ "${stderr_lines[3]}" = "wpver: standard input:6: not a PHP version: 74" ]
	[ "${stderr_lines[4]}" = "wpver: standard input:7: not a PHP version: php" ]
	[ "${stderr_lines[5]}" = "wpver: standard input:8: not a PHP version: 8.1 x" ]
	[ "${stderr_lines[6]}" = "wpver: standard input:9: not a PHP version: 1234" ]
	[ "${#stderr_lines[@]}" -eq 7 ]
}

@test "an unparseable argument is named; exit 2 beats exit 1" {
	run --separate-stderr wpver 'x y' 9.0 7.4
	[ "$status" -eq 2 ]
	[ "$output" = 6.2.11 ]
	[ "${stderr_lines[0]}" = "wpver: x y: not a PHP version" ]
}

@test "an operand - reads standard input in its place" {
	run bash -c 'printf "8.3\nphp74\n" | wpver -b 5.6.0 - 8.5'
	[ "$status" -eq 0 ]
	[ "$output" = $'5.1\n6.4\n6.2\n6.9' ]
}

@test "blank lines, no trailing newline" {
	run bash -c "printf '\n  \n8.3' | wpver"
	[ "$status" -eq 0 ]
	[ "$output" = 6.4.10 ]
}

@test "NUL bytes, control bytes, invalid UTF-8 and very long lines are refused, not crashed on" {
	run --separate-stderr bash -c "printf '7.4\0x\n\001\377\n8.3\n' | wpver"
	[ "$status" -eq 2 ]
	[ "$output" = 6.4.10 ]
	[ "${stderr_lines[0]}" = 'wpver: standard input:1: not a PHP version: 7.4\x00x' ]
	[ "${stderr_lines[1]}" = $'wpver: standard input:2: not a PHP version: \\x01\377' ]
	run --separate-stderr bash -c "{ head -c 60000 /dev/zero | tr '\0' 7; echo; echo 8.5; } | wpver"
	[ "$status" -eq 2 ]
	[ "$output" = 6.9.7 ]
	[ "$stderr" = "wpver: standard input:1: not a PHP version: $(printf '7%.0s' $(seq 77))..." ]
	run wpver 99999.1 7.99999999
	[ "$status" -eq 2 ]
}

@test "a line of more than 65536 bytes ends the input with an error, after the answers before it" {
	cd "$BATS_TEST_TMPDIR" || return 1
	# a PHP startup warning that names long paths still passes: 65536 bytes is the limit
	{
		echo 7.4
		printf 'PHP Warning:  %65522s\n' ''
		echo 'PHP 8.3.4 (cli) (built: Mar 16 2024 08:40:08) (NTS)'
	} >input
	[ "$(head -n 2 input | tail -n 1 | tr -d '\n' | wc -c)" -eq 65536 ]
	run --separate-stderr wpver <input
	[ "$status" -eq 0 ]
	[ "$output" = "6.2.11
6.4.10" ]
	{
		echo 7.4
		printf 'PHP Warning:  %65523s\n' ''
		echo 'PHP 8.3.4 (cli) (built: Mar 16 2024 08:40:08) (NTS)'
	} >input
	run --separate-stderr wpver <input
	[ "$status" -eq 2 ]
	[ "$output" = 6.2.11 ]
	[ "$stderr" = "wpver: standard input:2: line too long (more than 65536 bytes)" ]
	run --separate-stderr wpver - 8.3 <input
	[ "$status" -eq 2 ]
	[ "$output" = "6.2.11
6.4.10" ]
}

@test "standard input that cannot be read is an error, not an empty input" {
	run --separate-stderr wpver 8.3 - <"$BATS_TEST_TMPDIR"
	[ "$status" -eq 2 ]
	[ "$output" = 6.4.10 ]
	[ "$stderr" = "wpver: standard input: Is a directory" ]
}

@test "an endless line stops at the limit instead of eating memory" {
	run --separate-stderr timeout 20 "$KANRI_BIN/wpver" </dev/zero
	[ "$status" -eq 2 ]
	[ "$stderr" = "wpver: standard input:1: line too long (more than 65536 bytes)" ]
}

@test "out of memory while reading a line is an error, never the end of the input" {
	cd "$BATS_TEST_TMPDIR" || return 1
	[ -z "${KANRI_SANITIZED:-}" ] || skip "ulimit -v and AddressSanitizer's shadow memory"
	export GLIBC_TUNABLES=glibc.malloc.top_pad=0
	# php -v on a host whose PHP warns at startup about a module with a long path
	printf '%s\n' 7.4 'PHP Warning:  short' 'PHP 8.3.4 (cli) (NTS)' >short
	{
		echo 7.4
		printf 'PHP Warning:  %60000s\n' ''
		echo 'PHP 8.3.4 (cli) (NTS)'
	} >long
	wpver <long >want
	[ "$(wc -l <want)" -eq 2 ]
	# at the limit the short input just fits in, the long line's buffer cannot grow:
	# glibc's getline returned -1 there without an error flag, and the input ended
	base=$(min_vmem short "$KANRI_BIN/wpver")
	oom=0 ok=0 named=0
	for kb in $(seq "$base" 2 $((base + 160))); do
		rc=0
		(ulimit -v "$kb" && exec "$KANRI_BIN/wpver" <long) >got 2>err || rc=$?
		if [ "$rc" -eq 0 ]; then
			cmp want got || { echo "ulimit -v $kb: exit 0 with $(wc -l <got) of 2 answers"; false; }
			ok=$((ok + 1))
		else
			[ "$rc" -eq 2 ] || { echo "ulimit -v $kb: exit $rc"; false; }
			grep -qi '^wpver: .*\(out of memory\|Cannot allocate memory\)' err
			oom=$((oom + 1))
			# the reader's own failure names the input (strerror: glibc's, musl's)
			! grep -qx 'wpver: standard input: \(Cannot allocate memory\|Out of memory\)' err ||
				named=$((named + 1))
		fi
	done
	echo "from $base KiB: $oom out of memory ($named in the reader), $ok complete"
	[ "$oom" -gt 0 ] && [ "$named" -gt 0 ]
	[ "$ok" -gt 0 ]
}

@test "-b prints the branch, default the exact release" {
	run wpver -b 8.3 5.6.19
	[ "$output" = $'6.4\n5.1' ]
	run wpver --branch 7.4
	[ "$output" = 6.2 ]
}

@test "-u, --zip, --locale: download URLs; an x.y.0 release is wordpress-x.y" {
	run wpver -u 7.4 8.5
	[ "$output" = $'https://wordpress.org/wordpress-6.2.11.tar.gz\nhttps://wordpress.org/wordpress-6.9.7.tar.gz' ]
	run wpver --url -p newest 8.5
	[ "$output" = https://wordpress.org/wordpress-7.1.tar.gz ]
	run wpver --zip 7.4
	[ "$output" = https://wordpress.org/wordpress-6.2.11.zip ]
	run wpver --locale ja 7.4
	[ "$output" = https://ja.wordpress.org/wordpress-6.2.11-ja.tar.gz ]
	run wpver --locale de_DE --zip 8.3
	[ "$output" = https://de.wordpress.org/wordpress-6.4.10-de_DE.zip ]
	run wpver --locale pt_BR 8.3
	[ "$output" = https://br.wordpress.org/wordpress-6.4.10-pt_BR.tar.gz ]
	run wpver --locale en_US 8.3
	[ "$output" = https://wordpress.org/wordpress-6.4.10.tar.gz ]
	run wpver --locale de_DE_formal -p newest 8.3
	[ "$output" = https://de.wordpress.org/wordpress-7.1-de_DE_formal.tar.gz ]
}

@test "--locale refuses what is no locale, -b refuses URL options: usage errors" {
	for bad in 'ja/../x' '' J de_de 'ja?x' de_DE_ 'de_DE_x y'; do
		run --separate-stderr wpver --locale "$bad" 7.4
		[ "$status" -eq 2 ] || { echo "$bad"; false; }
		[ -z "$output" ]
		[ "${stderr_lines[0]}" = "wpver: --locale: not a WordPress locale (ja, de_DE, de_DE_formal): $bad" ]
		[[ "$stderr" == *"usage: wpver "* ]]
	done
	run --separate-stderr wpver -b -u 7.4
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "wpver: -b cannot be combined with -u, --zip or --locale" ]
}

@test "-p with an unknown policy is a usage error" {
	run --separate-stderr wpver -p latest 7.4
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "wpver: -p: unknown policy: latest (conservative, newest, supported)" ]
}

@test "-H prefixes the input and a tab" {
	run wpver -H -u ' php74 ' 8.3
	[ "$output" = $'php74\thttps://wordpress.org/wordpress-6.2.11.tar.gz\n8.3\thttps://wordpress.org/wordpress-6.4.10.tar.gz' ]
	run wpver --with-input -b 70433
	[ "$output" = $'70433\t6.2' ]
}

@test "--json: one object per input, strings escaped, bytes that are not UTF-8 replaced" {
	export SOURCE_DATE_EPOCH=$(date -u -d 2026-12-02 +%s)
	run wpver --json 7.4.33 8.2.0RC6
	[ "${lines[0]}" = '{"input":"7.4.33","php":"7.4.33","prerelease":false,"policy":"conservative","branch":"6.2","release":"6.2.11","support":"full","url":"https://wordpress.org/wordpress-6.2.11.tar.gz","data_date":"2026-08-19","data_age_days":105}' ]
	[ "${lines[1]}" = '{"input":"8.2.0RC6","php":"8.2.0","prerelease":true,"policy":"conservative","branch":"6.2","release":"6.2.11","support":"beta","url":"https://wordpress.org/wordpress-6.2.11.tar.gz","data_date":"2026-08-19","data_age_days":105}' ]
	run wpver --json -p newest --zip $'PHP 8.3.1 (cli) "a\\b"\t\xff\xc3\xa9'
	[ "$output" = '{"input":"PHP 8.3.1 (cli) \"a\\b\"\u0009\ufffdé","php":"8.3.1","prerelease":false,"policy":"newest","branch":"7.1","release":"7.1.0","support":"full","url":"https://wordpress.org/wordpress-7.1.zip","data_date":"2026-08-19","data_age_days":105}' ]
}

@test "-r: minimum PHP and the PHP versions that support a branch" {
	run wpver -r 6.2
	[ "$status" -eq 0 ]
	[ "$output" = $'min_php\t5.6.20\nsupported\t5.6.20 7.0 7.1 7.2 7.3 7.4\nbeta\t8.0 8.1 8.2' ]
	run wpver --requires 6.6.2
	[ "$output" = $'min_php\t7.2.24\nsupported\t7.2.24 7.3 7.4 8.0 8.1 8.2 8.3\nbeta\t-' ]
	run wpver --requires=7.1.2
	[ "$output" = $'min_php\t7.4\nsupported\t7.4 8.0 8.1 8.2 8.3 8.4 8.5\nbeta\t-' ]
	SOURCE_DATE_EPOCH=$(date -u -d 2026-08-19 +%s) run wpver -r 3.7 --json
	[ "$output" = '{"wordpress":"3.7","release":"3.7.41","min_php":"5.2.4","supported":["5.2.4","5.3","5.4","5.5"],"beta":[],"data_date":"2026-08-19","data_age_days":0}' ]
}

@test "-r: an unknown branch is exit 1, a malformed one a usage error" {
	run --separate-stderr wpver -r 7.2
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "wpver: 7.2: WordPress 7.2 is not in the data (2026-08-19), which knows 3.7 to 7.1" ]
	for bad in 6 6.x 6.2-beta php62 ''; do
		run --separate-stderr wpver -r "$bad"
		[ "$status" -eq 2 ] || { echo "$bad"; false; }
		[ "${stderr_lines[0]}" = "wpver: -r: not a WordPress version (x.y or x.y.z): $bad" ]
	done
	run --separate-stderr wpver -r 6.2 7.4
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "wpver: -r takes no PHP versions" ]
}

@test "--list prints the built-in table and its date in the data file format" {
	run wpver --list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "# wpver data: built in" ]
	[ "${lines[1]}" = $'date\t2026-08-19' ]
	[[ "$output" == *$'\nbranch\t6.2\t2023-03-29\t5.6.20\t5.0\t6.2.11\t2026-08-12\n'* ]]
	[[ "$output" == *$'\nphp\t8.4\t6.8\t-\t6.7\t6.7\t6.2\n'* ]]
	[ "$(grep -c '^branch' <<<"$output")" -eq 35 ]
	[ "$(grep -c '^php' <<<"$output")" -eq 16 ]
}

@test "the built-in table is the data file: the awk and C readers agree" {
	a=$(wpver --list | sed 1d)
	b=$(wpver --data "$KANRI_ROOT/tools/wpver/wpver-data.tsv" --list | sed 1d)
	[ "$a" = "$b" ]
	wpver --list >"$BATS_TEST_TMPDIR/round.tsv"
	c=$(wpver --data "$BATS_TEST_TMPDIR/round.tsv" --list | sed 1d)
	[ "$a" = "$c" ]
}

@test "--data replaces the built-in table with a newer file" {
	run wpver --data "$W/newer.tsv" 7.4 8.3 8.6 7.3
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = 6.8.9 ]
	[ "${lines[1]}" = 6.9.8 ]
	[ "${lines[2]}" = 7.2.0 ]
	run --separate-stderr wpver --data "$W/newer.tsv" -v -u 8.6 9.0 7.3
	[ "$output" = https://wordpress.org/wordpress-7.2.tar.gz ]
	[ "${stderr_lines[0]}" = "wpver: 8.6: PHP 8.6.0: the hosting policy gives PHP 8.6 WordPress 6.9, which does not support it (full support from 7.2); 7.2 is the oldest newer branch that installs on it and fully supports it" ]
	[ "${stderr_lines[1]}" = "wpver: 9.0: PHP 9.0 is newer than the data (2027-01-15) knows (up to PHP 8.6); see --data" ]
	[ "${stderr_lines[2]}" = "wpver: 7.3: PHP 7.3 is not in the PHP support table of the data (2027-01-15)" ]
	run wpver --data "$W/newer.tsv" --list
	[ "${lines[0]}" = "# wpver data: $W/newer.tsv" ]
	[ "${lines[1]}" = $'date\t2027-01-15' ]
	run wpver --data "$W/newer.tsv" -r 7.1
	[ "$output" = $'min_php\t7.4\nsupported\t7.4 8.0 8.1 8.2 8.3 8.4 8.5\nbeta\t8.6' ]
}

@test "a data file where no branch fits: exit 1 and why" {
	printf 'date\t2027-01-01\nbranch\t7.0\t2026-05-20\t7.4\t5.5.5\t7.0.5\t2026-12-01\nbranch\t7.1\t2026-08-19\t8.6\t5.5.5\t7.1.3\t2026-12-01\nphp\t8.5\t7.1\t-\t-\t-\t7.0\n' >"$BATS_TEST_TMPDIR/odd.tsv"
	run --separate-stderr wpver --data "$BATS_TEST_TMPDIR/odd.tsv" 8.5 8.5.1
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "wpver: 8.5: PHP 8.5.0: the hosting policy gives PHP 8.5 WordPress 7.0, which does not support it (full support from 7.1); no newer branch installs on it and fully supports it" ]
	run --separate-stderr wpver --data "$BATS_TEST_TMPDIR/odd.tsv" -p supported 8.5
	[ "$status" -eq 1 ]
	[ "$stderr" = "wpver: 8.5: PHP 8.5.0: no WordPress branch installs on it and fully supports it" ]
	run wpver --data "$BATS_TEST_TMPDIR/odd.tsv" -p newest 8.5
	[ "$output" = 7.0.5 ]
}

@test "WPVER_DATA replaces the built-in table; --data wins over it" {
	WPVER_DATA="$W/newer.tsv" run wpver -p newest 8.5
	[ "$output" = 7.2.0 ]
	WPVER_DATA=/nonexistent run wpver --data "$W/newer.tsv" 8.1
	[ "$output" = 6.9.8 ]
	WPVER_DATA= run wpver 8.1
	[ "$output" = 6.2.11 ]
}

@test "a malformed data file is an error with its line, exit 2" {
	d="$BATS_TEST_TMPDIR"
	check() {
		printf '%b' "$1" >"$d/bad.tsv"
		run --separate-stderr wpver --data "$d/bad.tsv" 7.4
		[ "$status" -eq 2 ] || { echo "status $status for $1"; return 1; }
		[ -z "$output" ]
		[ "$stderr" = "wpver: $d/bad.tsv$2" ] || { echo "$stderr"; return 1; }
	}
	good=$(sed 1d "$W/newer.tsv")
	check "$good\nphp\t8.7\t7.3\t-\t-\t-\t6.9\n" ":16: names a branch that has no branch record"
	check "$good\nphp\t8.5\t7.2\t-\t-\t-\t6.9\n" ":16: php records must be in ascending order"
	check "date\t2027-01-15\ndate\t2027-01-16\n" ":2: second date record"
	check "date\t27-01-15\n" ":1: not a date (YYYY-MM-DD)"
	check "# x\nbranch\t6.8\t2025-04-15\t7.2.24\t5.5.5\t6.9.9\t2026-12-01\n" ":2: LATEST is not a release of BRANCH"
	check "branch\t6.8\t2025-04-15\t7.2.24\t5.5.5\t6.8.9\n" ":1: branch record needs 6 fields"
	check "branch\t6.8.1\t2025-04-15\t7.2.24\t5.5.5\t6.8.9\t2026-12-01\n" ":1: BRANCH is not x.y"
	check "release\t6.8\n" ":1: unknown record (not date, branch or php)"
	check "php\t8.0\t6.8\t6.7\t-\t-\t6.9\n" ":1: a range ends before it starts"
	check "php\t8.0\t6.8\t-\t6.7\t-\t6.9\n" ":1: BETA_FROM and BETA_TO must both be given or both be -"
	check "date\t2027-01-15\n7.4\0\n" ": holds a NUL byte"
	check "# nothing\n" ": needs a date record, branch records and php records"
	check "" ": needs a date record, branch records and php records"
}

@test "a missing or unreadable data file is an error, exit 2" {
	run --separate-stderr wpver --data /nonexistent/wpver.tsv 7.4
	[ "$status" -eq 2 ]
	[ "$stderr" = "wpver: /nonexistent/wpver.tsv: No such file or directory" ]
	user_tmpdir
	cp "$W/newer.tsv" "$USER_TMP/locked.tsv"
	chmod 000 "$USER_TMP/locked.tsv"
	run --separate-stderr as_user "$KANRI_BIN/wpver" --data "$USER_TMP/locked.tsv" 7.4
	user_tmpdir_cleanup
	[ "$status" -eq 2 ]
	[ "$stderr" = "wpver: $USER_TMP/locked.tsv: Permission denied" ]
	run --separate-stderr wpver --data "$W" 7.4
	[ "$status" -eq 2 ]
	[ "$stderr" = "wpver: $W: Is a directory" ]
}

@test "a data file larger than 1 MiB is refused before it takes memory" {
	cd "$BATS_TEST_TMPDIR" || return 1
	run --separate-stderr timeout 20 "$KANRI_BIN/wpver" --data /dev/zero 7.4
	[ "$status" -eq 2 ]
	[ "$stderr" = "wpver: /dev/zero: larger than 1 MiB, not a wpver data file" ]
	# a valid file padded with comments: 1 MiB passes, one byte more does not
	cp "$W/newer.tsv" big.tsv
	printf '#%*s\n' $((1048576 - $(wc -c <big.tsv) - 2)) '' >>big.tsv
	[ "$(wc -c <big.tsv)" -eq 1048576 ]
	run --separate-stderr wpver --data big.tsv 7.4
	[ "$status" -eq 0 ]
	echo >>big.tsv
	run --separate-stderr wpver --data big.tsv 7.4
	[ "$status" -eq 2 ]
	[ "$stderr" = "wpver: big.tsv: larger than 1 MiB, not a wpver data file" ]
}

@test "mkdata.awk builds the C tables and rejects a broken data file" {
	run awk -f "$KANRI_ROOT/tools/wpver/mkdata.awk" "$KANRI_ROOT/tools/wpver/wpver-data.tsv"
	[ "$status" -eq 0 ]
	[[ "$output" == *'#define WPVER_DATA_DATE "2026-08-19"'* ]]
	[[ "$output" == *'{ {6, 2, 0, 2}, "2023-03-29", {5, 6, 20, 3}, "5.0", {6, 2, 11, 3}, "2026-08-12" },'* ]]
	printf 'date\t2027-01-15\nbranch\t6.8\tsoon\t7.2.24\t5.5.5\t6.8.9\t2026-12-01\n' >"$BATS_TEST_TMPDIR/bad.tsv"
	run awk -f "$KANRI_ROOT/tools/wpver/mkdata.awk" "$BATS_TEST_TMPDIR/bad.tsv"
	[ "$status" -ne 0 ]
	[[ "$output" == *"$BATS_TEST_TMPDIR/bad.tsv:2: not a date: soon"* ]]
}

@test "--list and -r take no PHP versions; --list with -r is a usage error" {
	run --separate-stderr wpver --list 7.4
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "wpver: --list takes no PHP versions" ]
	run --separate-stderr wpver --list -r 6.2
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "wpver: --list cannot be combined with -r" ]
}

@test "the man page shows the data date and the policy table as wpver answers it" {
	require_cmd mandoc
	page=$(mandoc -Tascii -O width=200 "$KANRI_ROOT/man/wpver.1" | col -bx)
	date=$(wpver --list | sed -n 's/^date\t//p')
	[[ "$page" == *"as of $date"* ]]
	# every row of the table: its first PHP version gets the three answers shown
	rows=$(printf '%s\n' "$page" | grep -E '^ +[0-9][0-9.+-]* +([0-9.]+( \(beta\))?|none) +([0-9.]+|none) +([0-9.]+|none)$')
	[ "$(wc -l <<<"$rows")" -eq 13 ]
	while read -r php c n s; do
		[ "$c" = "(beta)" ] && read -r c n s <<<"$n $s"
		php=${php%%-*}
		php=${php%+}
		for pair in "conservative $c" "newest $n" "supported $s"; do
			set -- $pair
			got=$(wpver -p "$1" "$php" 2>/dev/null) || got=none
			[ "$got" = "$2" ] || { echo "$php $1: table $2, wpver $got"; false; }
		done
	done <<<"$(sed 's/ (beta)//' <<<"$rows")"
}

@test "output to a full disk is an error, exit 2" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c 'wpver 7.4 >/dev/full'
	[ "$status" -eq 2 ]
	[ "$stderr" = "wpver: write error: No space left on device" ]
	run --separate-stderr bash -c 'wpver --list >/dev/full'
	[ "$status" -eq 2 ]
}

@test "a closed pipe ends wpver quietly" {
	run --separate-stderr bash -c 'yes 7.4 | head -n 100000 | wpver | head -n 1'
	[ "$output" = 6.2.11 ]
	[ -z "$stderr" ]
}

@test "-v and --json say how old the data is, against the clock or SOURCE_DATE_EPOCH" {
	local t want data
	data=$(date -u -d 2026-08-19 +%s)
	for t in 2026-08-19 2026-08-20 2026-12-02 2028-03-01 2101-03-01; do
		want=$(( ($(date -u -d "$t 13:45" +%s) - data) / 86400 ))
		SOURCE_DATE_EPOCH=$(date -u -d "$t 13:45" +%s) run --separate-stderr wpver -v 7.4
		[ "$status" -eq 0 ]
		[ "${stderr_lines[1]}" = "wpver: data (built in): dated 2026-08-19, $want day$([ "$want" -eq 1 ] || echo s) old" ]
		SOURCE_DATE_EPOCH=$(date -u -d "$t" +%s) run wpver --json 7.4
		[[ "$output" == *',"data_date":"2026-08-19","data_age_days":'"$want}" ]]
	done
	# data dated after today: a clock or a file that is wrong
	SOURCE_DATE_EPOCH=$(date -u -d 2026-08-18 +%s) run --separate-stderr wpver -v 7.4
	[ "${stderr_lines[1]}" = "wpver: data (built in): dated 2026-08-19, 1 day after today" ]
	# without SOURCE_DATE_EPOCH, the clock (a run across midnight gives one day more)
	want=$(( $(date -u +%s) / 86400 - data / 86400 ))
	run wpver -r 6.2 --json
	[[ "$output" == *',"data_age_days":'"$want}" || "$output" == *',"data_age_days":'"$((want + 1))}" ]]
	# the date of a --data file
	wpver --list | sed 's/^date\t.*/date\t2024-02-28/' >"$BATS_TEST_TMPDIR/old.tsv"
	SOURCE_DATE_EPOCH=$(date -u -d 2024-03-01 +%s) run --separate-stderr \
		wpver --data "$BATS_TEST_TMPDIR/old.tsv" -v -r 6.2
	[ "$stderr" = "wpver: data ($BATS_TEST_TMPDIR/old.tsv): dated 2024-02-28, 2 days old" ]
	# the calendar: leap days, centuries, January and February
	for t in 1970-01-01 1999-12-31 2000-02-29 2000-03-01 2024-01-31 2100-02-28 2100-03-01; do
		wpver --list | sed "s/^date\t.*/date\t$t/" >"$BATS_TEST_TMPDIR/d.tsv"
		want=$(( ($(date -u -d 2101-01-01 +%s) - $(date -u -d "$t" +%s)) / 86400 ))
		SOURCE_DATE_EPOCH=$(date -u -d 2101-01-01 +%s) run wpver --data "$BATS_TEST_TMPDIR/d.tsv" --json 7.4
		[[ "$output" == *',"data_date":"'"$t"'","data_age_days":'"$want}" ]]
	done
	SOURCE_DATE_EPOCH=1.5 run --separate-stderr wpver -v 7.4
	[ "$status" -eq 2 ]
	[ "$stderr" = "wpver: SOURCE_DATE_EPOCH: not a number of seconds since 1970: 1.5" ]
	SOURCE_DATE_EPOCH=-5 run --separate-stderr wpver --json 7.4
	[ "$status" -eq 2 ]
	# only -v and --json read it
	SOURCE_DATE_EPOCH=x run wpver 7.4
	[ "$output" = 6.2.11 ]
}
