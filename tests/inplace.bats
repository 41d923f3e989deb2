#!/usr/bin/env bats
# In-place writes and the process rules of CONVENTIONS.md that every tool shares
# (tools/lib): the file replaced is the file read, another writer's change is never
# overwritten, attributes survive, closed descriptors and signals leave nothing behind.

load helper

FX="$FIXTURES/inplace"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

teardown() {
	user_tmpdir_cleanup
}

# No temporary of ours is left anywhere under the current directory.
no_temporaries() {
	local left
	left=$(find . -name '.kanri.*')
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

# Start on-open.pl on FILE with ACTION ARG and return once its lease is held.
hold_lease() {
	mkfifo ready
	perl "$FX/on-open.pl" "$@" 3>&- &
	LEASE_PID=$!
	read -r _ <ready
	rm -f ready
}

@test "a file swapped for a symlink while it is opened is not written through (named operand)" {
	require_cmd perl
	printf 'root:secret\n' >shadow
	printf 'print 1 if defined %%x;\n' >victim.pl
	hold_lease victim.pl ready symlink "$PWD/shadow"
	run --separate-stderr jcodefix -i victim.pl
	wait "$LEASE_PID"
	[ "$status" -eq 2 ]
	[ "$stderr" = "jcodefix: victim.pl: is a symbolic link" ]
	[ "$(cat shadow)" = 'root:secret' ]
	[ -L victim.pl ]
	no_temporaries
}

@test "a file swapped for a symlink during jcodefix -r -i is not written through" {
	require_cmd perl
	mkdir -p outside docroot/cgi-bin
	printf 'root:secret\n' >outside/shadow
	printf 'print 1 if defined %%x;\n' >docroot/cgi-bin/a.pl
	printf 'print 1 if defined %%y;\n' >docroot/cgi-bin/b.pl
	hold_lease docroot/cgi-bin/b.pl ready symlink "$PWD/outside/shadow"
	run --separate-stderr jcodefix -r -i docroot
	wait "$LEASE_PID"
	[ "$status" -eq 2 ]
	[ "$stderr" = "jcodefix: docroot/cgi-bin/b.pl: is a symbolic link" ]
	[ "$(cat outside/shadow)" = 'root:secret' ]
	[ "$(cat docroot/cgi-bin/a.pl)" = 'print 1 if %x;' ]
	no_temporaries
}

@test "a planted symlink in a tree is never followed by -r, to a file or a directory" {
	mkdir -p outside docroot
	printf 'print 1 if defined %%x;\n' >outside/lib.pl
	ln -s ../outside/lib.pl docroot/jcode.pl
	ln -s ../outside docroot/lib
	run --separate-stderr jcodefix -r -i docroot
	[ "$status" -eq 0 ]
	[ "$(cat outside/lib.pl)" = 'print 1 if defined %x;' ]
	[ -L docroot/jcode.pl ]
}

# start_blocked_edit FILE: jcodefix -v -i FILE with its -v lines going into a FIFO that
# is read only up to the first line, so it is held mid-edit (read begun, temporary open)
# until finish_blocked_edit; no sleeps decide the order.
start_blocked_edit() {
	mkfifo err
	# A shell without job control starts background commands with SIGINT ignored.
	perl -e '$SIG{INT} = $SIG{QUIT} = "DEFAULT"; exec @ARGV or die' \
	    jcodefix -v -i"${BACKUP:-}" "$1" 2>err &
	EDIT_PID=$!
	exec 4<err
	read -r _ <&4
	[ -n "$(find . -name '.kanri.*')" ]
}

# finish_blocked_edit: the rest of the edit's stderr, without its -v lines, into
# edit.err; the edit's exit status in EDIT_STATUS.
finish_blocked_edit() {
	EDIT_STATUS=0
	grep -v ' -> ' <&4 >edit.err || true
	wait "$EDIT_PID" || EDIT_STATUS=$?
	exec 4<&-
	rm -f err
}

many_fixes() {
	local i
	for i in $(seq 1 20000); do printf 'print 1 if defined %%x;\n'; done
}

@test "a file swapped for a symlink after it was read is not written through" {
	printf 'root:secret\n' >shadow
	many_fixes >victim.pl
	start_blocked_edit victim.pl
	mv victim.pl moved.pl
	ln -s "$PWD/shadow" victim.pl
	finish_blocked_edit
	[ "$EDIT_STATUS" -eq 2 ]
	[ "$(cat edit.err)" = "jcodefix: victim.pl: changed while being edited" ]
	[ "$(cat shadow)" = 'root:secret' ]
	[ -L victim.pl ]
	no_temporaries
}

@test "a file replaced by another writer while it is edited is left to that writer" {
	many_fixes >f.pl
	BACKUP=.orig start_blocked_edit f.pl
	printf 'print 2;\n' >f.new
	mv f.new f.pl
	finish_blocked_edit
	[ "$EDIT_STATUS" -eq 2 ]
	[ "$(cat edit.err)" = "jcodefix: f.pl: changed while being edited" ]
	[ "$(cat f.pl)" = 'print 2;' ]
	[ ! -e f.pl.orig ]
	no_temporaries
}

@test "a file written in place by another writer while it is edited is left to that writer" {
	many_fixes >f.pl
	start_blocked_edit f.pl
	printf 'print 3;\n' >>f.pl
	finish_blocked_edit
	[ "$EDIT_STATUS" -eq 2 ]
	[ "$(cat edit.err)" = "jcodefix: f.pl: changed while being edited" ]
	[ "$(tail -n 1 f.pl)" = 'print 3;' ]
	no_temporaries
}

@test "a file opened while another writer replaces it: the newer file is the one edited" {
	require_cmd perl
	printf 'print 1 if defined %%x;\n' >f.pl
	hold_lease f.pl ready replace 'print 2 if defined %y;
'
	run --separate-stderr jcodefix -i.orig f.pl
	wait "$LEASE_PID"
	[ "$status" -eq 0 ]
	[ "$(cat f.pl)" = 'print 2 if %y;' ]
	[ "$(cat f.pl.orig)" = 'print 2 if defined %y;' ]
	no_temporaries
}

@test "two overlapping jcodefix -r -i.orig runs keep every original in FILE.orig" {
	mkdir site
	for i in $(seq 1 150); do
		printf 'my $n = %d;\nprint $n if defined %%h%d;\n' "$i" "$i" >"site/f$i.pl"
	done
	jcodefix -r -i.orig site &
	a=$!
	jcodefix -r -i.orig site 2>err2 || true
	wait "$a" || true
	for i in $(seq 1 150); do
		[ "$(cat "site/f$i.pl.orig")" = "$(printf 'my $n = %d;\nprint $n if defined %%h%d;' "$i" "$i")" ] ||
			{ echo "f$i.pl.orig lost its original"; return 1; }
		[ "$(cat "site/f$i.pl")" = "$(printf 'my $n = %d;\nprint $n if %%h%d;' "$i" "$i")" ]
	done
	no_temporaries
}

@test "ACLs and user, trusted extended attributes survive jcodefix -i and snimap -f main.cf --write" {
	require_cmd setfacl
	require_cmd setfattr
	printf 'print 1 if defined %%x;\n' >f.pl
	printf 'myhostname = mx.example\n' >main.cf
	for f in f.pl main.cf; do
		chmod 0640 "$f"
		setfacl -m u:nobody:rw,g:nogroup:r "$f"
		setfattr -n user.kanri -v one "$f"
		setfattr -n trusted.kanri -v two "$f"
		getfattr -d -m - -e hex "$f" >"$f.before"
		stat -c '%a %U %G' "$f" >>"$f.before"
	done
	run --separate-stderr jcodefix -i f.pl
	[ "$status" -eq 0 ]
	[ "$(cat f.pl)" = 'print 1 if %x;' ]
	run --separate-stderr snimap -f main.cf -t lmdb -m /etc/postfix/sni -w main.cf
	[ "$status" -eq 0 ]
	grep -q '^tls_server_sni_maps = lmdb:/etc/postfix/sni$' main.cf
	for f in f.pl main.cf; do
		getfattr -d -m - -e hex "$f" >"$f.after"
		stat -c '%a %U %G' "$f" >>"$f.after"
		diff "$f.before" "$f.after"
	done
}

@test "a directory's default ACL does not creep onto an edited file that had none" {
	require_cmd setfacl
	mkdir d
	printf 'print 1 if defined %%x;\n' >d/f.pl
	chmod 0644 d/f.pl
	setfacl -d -m u:nobody:rwx d
	jcodefix -i d/f.pl
	[ "$(cat d/f.pl)" = 'print 1 if %x;' ]
	[ -z "$(getfattr -m - --absolute-names d/f.pl 2>/dev/null | grep posix_acl)" ]
	[ "$(stat -c %a d/f.pl)" = 644 ]
}

@test "a file whose owner cannot be kept is not replaced" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to make a file another user can edit"
	user_tmpdir
	printf 'print 1 if defined %%x;\n' >"$USER_TMP/f.pl"
	chmod 0666 "$USER_TMP/f.pl"
	run --separate-stderr as_user "$KANRI_BIN/jcodefix" -i "$USER_TMP/f.pl"
	[ "$status" -eq 2 ]
	[ "$stderr" = "jcodefix: $USER_TMP/f.pl: cannot keep owner and group: Operation not permitted" ]
	[ "$(stat -c %U "$USER_TMP/f.pl")" = root ]
	[ "$(cat "$USER_TMP/f.pl")" = 'print 1 if defined %x;' ]
	[ -z "$(find "$USER_TMP" -name '.kanri.*')" ]
}

@test "closed standard descriptors never carry output into the edited file" {
	printf '$[ = 1;\nprint 1 if defined %%x;\n' >f.pl
	run bash -c 'jcodefix -i f.pl <&- 2>&-'
	[ "$status" -eq 0 ]
	[ "$(cat f.pl)" = '$[ = 1;
print 1 if %x;' ]
	no_temporaries
}

@test "every tool runs with descriptors 0, 1 and 2 closed" {
	for t in $(kanri_tools); do
		run bash -c "\"$t\" --version <&- >&- 2>&-"
		[ "$status" -eq 0 ] || { echo "$t: exit $status"; return 1; }
	done
}

@test "SIGINT, SIGTERM and SIGHUP during an edit remove the temporary and kill as the signal" {
	require_cmd perl
	many_fixes >big.orig
	for sig in INT TERM HUP; do
		cp big.orig big.pl
		start_blocked_edit big.pl
		kill -s "$sig" "$EDIT_PID"
		finish_blocked_edit
		[ "$EDIT_STATUS" -eq $((128 + $(kill -l "$sig"))) ] ||
			{ echo "$sig: exit $EDIT_STATUS"; return 1; }
		cmp big.pl big.orig
		no_temporaries
	done
}

@test "ctree --fromfile: running out of memory is an error, not the end of the list" {
	[ -z "${KANRI_SANITIZED:-}" ] || skip "ulimit -v and the sanitizers' shadow memory do not mix"
	run --separate-stderr bash -c '{ echo a/b; head -c 200000000 /dev/zero | tr "\0" x; echo; echo c/d; } |
	    (ulimit -v 100000; ctree --fromfile)'
	[ "$status" -eq 2 ]
	[ "$stderr" = "ctree: standard input: Cannot allocate memory" ]
}

@test "ctree --gitignore: a .gitignore that cannot be read to its end is an error; a FIFO is not read" {
	[ -z "${KANRI_SANITIZED:-}" ] || skip "ulimit -v and the sanitizers' shadow memory do not mix"
	mkdir -p d/sub
	touch d/a d/sub/b
	{ echo a; head -c 200000000 /dev/zero | tr '\0' x; echo; } >d/sub/.gitignore
	run --separate-stderr bash -c '(ulimit -v 100000; exec ctree --gitignore --noreport d)'
	[ "$status" -eq 2 ]
	[ "$stderr" = "ctree: d/sub/.gitignore: Cannot allocate memory" ]
	rm d/sub/.gitignore
	mkfifo d/sub/.gitignore
	run --separate-stderr timeout 10 ctree --gitignore --noreport d
	[ "$status" -eq 0 ]
	[ "$output" = "d
├── a
└── sub
    └── b" ]
}
