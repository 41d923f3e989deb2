#!/usr/bin/env bats
# tools/wpver/update.awk, the maintainer's updater of wpver-data.tsv, on documents of the
# shape of WordPress.org's API (codex.wordpress.org/WordPress.org_API: "Version Stability"
# is core/stable-check/1.0, "Version Check" is core/version-check/1.7). The fixtures in
# tests/fixtures/wpver/api are such documents for a day after the data's: 4.7.36, 6.8.9,
# 6.9.8, 7.0.5 and 7.1.3 released, and a new branch 7.2 (minimum PHP 7.4, MySQL 5.5.5).

load helper

setup() {
	UPDATE="$KANRI_ROOT/tools/wpver/update.awk"
	DATA="$KANRI_ROOT/tools/wpver/wpver-data.tsv"
	API="$FIXTURES/wpver/api"
	cd "$BATS_TEST_TMPDIR" || return 1
}

update() { # DATE DATA STABLE VERSION
	awk -v date="$1" -f "$UPDATE" "$2" "$3" "$4"
}

@test "update.awk: newer releases dated the day of the documents, a new branch added, the rest kept" {
	run --separate-stderr update 2026-12-01 "$DATA" "$API/stable-check.json" "$API/version-check.json"
	[ "$status" -eq 0 ]
	# the data file as it was, with exactly these records changed and one added
	sed -e 's/^date\t.*/date\t2026-12-01/' \
	    -e 's/^\(branch\t4\.7\t.*\t\)4\.7\.35\t.*/\14.7.36\t2026-12-01/' \
	    -e 's/^\(branch\t6\.8\t.*\t\)6\.8\.8\t.*/\16.8.9\t2026-12-01/' \
	    -e 's/^\(branch\t6\.9\t.*\t\)6\.9\.7\t.*/\16.9.8\t2026-12-01/' \
	    -e 's/^\(branch\t7\.0\t.*\t\)7\.0\.4\t.*/\17.0.5\t2026-12-01/' \
	    -e 's/^\(branch\t7\.1\t.*\t\)7\.1\.0\t.*/\17.1.3\t2026-12-01/' \
	    -e 's/^branch\t7\.1\t.*/&\nbranch\t7.2\t2026-12-01\t7.4\t5.5.5\t7.2.0\t2026-12-01/' \
	    "$DATA" >want
	diff -u want <(printf '%s\n' "$output")
	[ "$stderr" = "update.awk: 3.7: 3.7.41 is marked insecure by WordPress.org
update.awk: 3.8: 3.8.41 is marked insecure by WordPress.org
update.awk: 3.9: 3.9.40 is marked insecure by WordPress.org
update.awk: 4.0: 4.0.38 is marked insecure by WordPress.org
update.awk: 4.7: 4.7.35 -> 4.7.36
update.awk: 6.8: 6.8.8 -> 6.8.9
update.awk: 6.9: 6.9.7 -> 6.9.8
update.awk: 7.0: 7.0.4 -> 7.0.5
update.awk: 7.1: 7.1.0 -> 7.1.3
update.awk: 7.2: new branch, 7.2.0 (minimum PHP 7.4, MySQL 5.5.5)" ]
	# the php records, the policy and the comments are the old file's
	diff <(grep -v '^branch\|^date' "$DATA") <(printf '%s\n' "$output" | grep -v '^branch\|^date')
}

@test "update.awk: the result builds and wpver answers from it" {
	update 2026-12-01 "$DATA" "$API/stable-check.json" "$API/version-check.json" >new.tsv 2>/dev/null
	awk -f "$KANRI_ROOT/tools/wpver/mkdata.awk" new.tsv >/dev/null
	run wpver --data new.tsv -p newest 8.5 7.2.23
	[ "$output" = $'7.2.0\n6.5.10' ]
	run wpver --data new.tsv -u 8.4
	[ "$output" = https://wordpress.org/wordpress-6.8.9.tar.gz ]
	SOURCE_DATE_EPOCH=$(date -u -d 2026-12-31 +%s) run --separate-stderr wpver --data new.tsv -v -r 7.2
	[ "$output" = $'min_php\t7.4\nsupported\t7.4 8.0 8.1 8.2 8.3 8.4 8.5\nbeta\t-' ]
	[ "$stderr" = "wpver: data (new.tsv): dated 2026-12-01, 30 days old" ]
	# run again on its own output: nothing changes but the date
	run --separate-stderr update 2026-12-02 new.tsv "$API/stable-check.json" "$API/version-check.json"
	[ "$status" -eq 0 ]
	[ "$output" = "$(sed 's/^date\t.*/date\t2026-12-02/' new.tsv)" ]
	[[ "$stderr" != *'->'* && "$stderr" != *'new branch'* ]]
}

@test "update.awk: JSON escapes, blanks and key order of any serializer" {
	# the same documents pretty-printed, with CRLF, blanks around ':' and a "\u" escape
	awk '{ gsub(/,"/, ",\n  \""); gsub(/\{/, "{\n  "); print }' "$API/version-check.json" |
		sed 's/"locale":"en_US"/"locale":"en\\u005fUS"/' >vc.json
	grep -v '"7.2"' "$API/stable-check.json" | sed '$d' >sc.json
	printf '\t"7.2" :\t"latest"\r\n}\r\n' >>sc.json
	run --separate-stderr update 2026-12-01 "$DATA" sc.json vc.json
	[ "$status" -eq 0 ]
	[ "$output" = "$(update 2026-12-01 "$DATA" "$API/stable-check.json" "$API/version-check.json" 2>/dev/null)" ]
}

# An error: exit 1, a message last on standard error, and nothing on standard output.
fails_with() { # MESSAGE DATE DATA STABLE VERSION
	local msg=$1
	shift
	run --separate-stderr update "$@"
	[ "$status" -eq 1 ] || { echo "status $status"; return 1; }
	[ -z "$output" ] || { echo "output: $output"; return 1; }
	[ "${stderr_lines[${#stderr_lines[@]} - 1]}" = "update.awk: $msg" ] ||
		{ echo "stderr: $stderr"; return 1; }
}

@test "update.awk: a missing date, a wrong document or a truncated one is an error, no output" {
	fails_with "give the day the documents were saved: -v date=YYYY-MM-DD" \
		'' "$DATA" "$API/stable-check.json" "$API/version-check.json"
	fails_with "give the day the documents were saved: -v date=YYYY-MM-DD" \
		12/01/2026 "$DATA" "$API/stable-check.json" "$API/version-check.json"
	run --separate-stderr awk -v date=2026-12-01 -f "$UPDATE" "$DATA" "$API/stable-check.json"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "update.awk: usage: awk -v date=YYYY-MM-DD -f update.awk wpver-data.tsv stable-check.json version-check.json" ]
	fails_with "$API/version-check.json: offers: not latest, outdated or insecure" \
		2026-12-01 "$DATA" "$API/version-check.json" "$API/stable-check.json"
	head -c 5000 "$API/version-check.json" >cut.json
	fails_with "cut.json: string not closed at the end" \
		2026-12-01 "$DATA" "$API/stable-check.json" cut.json
	printf '{"offers":[{"version":"7.2"}]}' >nophp.json
	fails_with "nophp.json: offer 7.2: no \"php_version\" or \"mysql_version\"" \
		2026-12-01 "$DATA" "$API/stable-check.json" nophp.json
	printf '{"offers":{}}' >noarray.json
	fails_with "noarray.json: not a version-check document (no \"offers\" array)" \
		2026-12-01 "$DATA" "$API/stable-check.json" noarray.json
	printf '{"6.8.8":"outdated","6.8.9":"latest"} x' >trail.json
	fails_with "trail.json: text after the document at byte 39" \
		2026-12-01 "$DATA" trail.json "$API/version-check.json"
	: >empty.json
	fails_with "empty.json: empty or unreadable" \
		2026-12-01 "$DATA" "$API/stable-check.json" empty.json
	cp "$API/stable-check.json" notdata.tsv
	fails_with "notdata.tsv: not a wpver data file (one date record, branch records)" \
		2026-12-01 notdata.tsv "$API/stable-check.json" "$API/version-check.json"
}

@test "update.awk: facts that do not fit the data are errors, never guessed" {
	# a new branch that version-check does not offer: its minimum PHP is unknown
	sed 's/"current":"7\.2","version":"7\.2"/"current":"7.1.3","version":"7.1.3"/g' \
		"$API/version-check.json" >no72.json
	fails_with "7.2: new branch without an offer in the version-check document: its minimum PHP is unknown" \
		2026-12-01 "$DATA" "$API/stable-check.json" no72.json
	# a branch of the data missing from stable-check (a truncated or filtered document)
	grep -v '"5\.5' "$API/stable-check.json" >no55.json
	fails_with "branch 5.5 of the data is not in the stable-check document" \
		2026-12-01 "$DATA" no55.json "$API/version-check.json"
	# an older document than the data
	grep -v '"6\.8\.[89]"' "$API/stable-check.json" >old.json
	fails_with "6.8: newest release 6.8.7 is older than the data's 6.8.8" \
		2026-12-01 "$DATA" old.json "$API/version-check.json"
	# "latest" must be one release, and the newest
	sed 's/"7\.1\.3":"outdated"/"7.1.3":"latest"/' "$API/stable-check.json" >two.json
	fails_with "two.json: 2 releases are \"latest\", not one" \
		2026-12-01 "$DATA" two.json "$API/version-check.json"
	sed -e 's/"7\.1\.3":"outdated"/"7.1.3":"latest"/' -e 's/"7\.2":"latest"/"7.2":"outdated"/' \
		"$API/stable-check.json" >notnewest.json
	fails_with "notnewest.json: \"latest\" 7.1.3 is not the newest release" \
		2026-12-01 "$DATA" notnewest.json "$API/version-check.json"
	# a minimum PHP that differs from the data's is said, and the data's kept
	sed 's/"version":"6\.8\.9","php_version":"7\.2\.24"/"version":"6.8.9","php_version":"7.4"/' \
		"$API/version-check.json" >php.json
	run --separate-stderr update 2026-12-01 "$DATA" "$API/stable-check.json" php.json
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"update.awk: 6.8: version-check gives minimum PHP 7.4, the data 7.2.24 (kept)"* ]]
	[[ "$output" == *$'\nbranch\t6.8\t2025-04-15\t7.2.24\t5.5.5\t6.8.9\t2026-12-01\n'* ]]
}
