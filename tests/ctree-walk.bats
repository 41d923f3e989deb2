#!/usr/bin/env bats
# ctree's directory walk: depth, descriptors, memory, read errors and permissions,
# against Debian's tree 2.1.0 where it is installed and against exact output always.

load helper

setup() {
	T="$BATS_TEST_TMPDIR"
	cd "$T" || return 1
}

teardown() {
	user_tmpdir_cleanup
}

# same ARGS...: tree and ctree print the same bytes and exit the same way (C locale).
same() {
	local rc=0
	LC_ALL=C TZ=UTC tree "$@" >"$T/tree.out" 2>&1 || rc=$?
	echo "status $rc" >>"$T/tree.out"
	rc=0
	LC_ALL=C TZ=UTC ctree "$@" >"$T/ctree.out" 2>&1 || rc=$?
	echo "status $rc" >>"$T/ctree.out"
	diff -u "$T/tree.out" "$T/ctree.out" || { echo "differs: $*"; return 1; }
}

# same_as_user ARGS...: the same, both run as nobody.
same_as_user() {
	local rc=0
	LC_ALL=C TZ=UTC as_user tree "$@" >"$T/tree.out" 2>&1 || rc=$?
	echo "status $rc" >>"$T/tree.out"
	rc=0
	LC_ALL=C TZ=UTC as_user ctree "$@" >"$T/ctree.out" 2>&1 || rc=$?
	echo "status $rc" >>"$T/ctree.out"
	diff -u "$T/tree.out" "$T/ctree.out" || { echo "differs as nobody: $*"; return 1; }
}

# chain DIR N: DIR/d/d/.../d, N levels, made without a path longer than one name.
chain() {
	require_cmd perl
	perl -e 'mkdir $ARGV[0] or die; chdir $ARGV[0] or die;
		for (1 .. $ARGV[1]) { mkdir "d" or die "mkdir: $!"; chdir "d" or die }
		open(F, ">", "leaf") or die; close F' "$1" "$2"
}

@test "--du, --prune and --matchdirs match tree on a tree 1,000 levels deep" {
	chain deep 1000
	# tree's own paths stay under PATH_MAX at this depth
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		for o in --du --prune "--matchdirs -P leaf" "--prune -P nothing"; do
			# shellcheck disable=SC2086
			same --charset=ascii $o deep || return 1
		done
	fi
	run ctree --charset=ascii -i --prune deep
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1003 ]     # bats leaves out the empty line
	[ "${lines[1000]}" = "d" ]
	[ "${lines[1001]}" = "leaf" ]
	[ "${lines[1002]}" = "1001 directories, 1 file" ]
}

@test "--du, --prune and --matchdirs list 4,000 levels" {
	chain deep 4000
	for o in --du --prune "--matchdirs -P leaf"; do
		# shellcheck disable=SC2086
		run ctree -i --noreport $o deep
		[ "$status" -eq 0 ] || { echo "$o: status $status"; return 1; }
		[ "${#lines[@]}" -eq 4002 ] || { echo "$o: ${#lines[@]} lines"; return 1; }
		[[ "${lines[4001]}" == *leaf ]] || { echo "$o: ${lines[4001]}"; return 1; }
	done
	run ctree -i --prune -P nothing deep
	[ "$status" -eq 0 ]
	[ "$output" = "deep

0 directories, 0 files" ]
}

@test "--fromfile draws a path of 60,000 components" {
	require_cmd perl
	perl -e 'print "d/" x 60000, "leaf\n", "d/x\n"' >list
	run ctree -i --fromfile list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 60004 ]
	[ "${lines[0]}" = "list" ]
	[ "${lines[1]}" = "d" ]
	[ "${lines[2]}" = "d" ]
	[ "${lines[60001]}" = "leaf" ]
	[ "${lines[60002]}" = "x" ]
	[ "${lines[60003]}" = "60001 directories, 2 files" ]
	# the list is a directory that ends up empty: counted, as tree counts an empty list
	run ctree -i --fromfile --prune -P nothing list
	[ "$status" -eq 0 ]
	[ "$output" = "list

1 directory, 0 files" ]
}

# with_fds N CMD...: run CMD with only descriptors 0, 1 and 2 open and at most N.
with_fds() {
	local n=$1 fd
	shift
	(
		for fd in $(ls "/proc/$BASHPID/fd"); do
			[ "$fd" -le 2 ] || eval "exec $fd>&-"
		done
		ulimit -n "$n"
		exec "$@"
	)
}

@test "with 16 or 5 descriptors --du, --prune and --matchdirs still list every sibling" {
	mkdir -p t/a/b1/c t/a/b2/c t/a/b3/c
	touch t/a/b1/c/f t/a/b2/c/f t/a/b3/c/f
	cat >want <<-'EOF'
		t
		`-- a
		    |-- b1
		    |   `-- c
		    |       `-- f
		    |-- b2
		    |   `-- c
		    |       `-- f
		    `-- b3
		        `-- c
		            `-- f

		8 directories, 3 files
	EOF
	# 5: standard input, output and error, and two at a time for the walk
	for n in 16 5; do
		for o in "" --prune "--matchdirs -P f" --du -l; do
			# shellcheck disable=SC2086
			with_fds $n ctree --charset=ascii $o t >got
			if [ "$o" = --du ]; then
				sed 's/^\([|` -]*\)\[ *[0-9]*\]  /\1/; s/^ *[0-9]* bytes used in //' got >got.nosize
				mv got.nosize got
			fi
			diff -u want got || { echo "ulimit -n $n, option $o"; return 1; }
		done
	done
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		for o in "" --du --prune "--matchdirs -P f" "-l --du"; do
			# shellcheck disable=SC2086
			(ulimit -n 16 && same --charset=ascii $o t) || return 1
			(
				same() {
					local rc=0
					LC_ALL=C tree "$@" >"$T/tree.out" 2>&1 || rc=$?
					echo "status $rc" >>"$T/tree.out"
					rc=0
					LC_ALL=C with_fds 5 ctree "$@" >"$T/ctree.out" 2>&1 || rc=$?
					echo "status $rc" >>"$T/ctree.out"
					diff -u "$T/tree.out" "$T/ctree.out"
				}
				same --charset=ascii $o t
			) || { echo "ulimit -n 5: $o"; return 1; }
		done
	fi
}

@test "a 2,000-level tree is listed in 20 MB of address space" {
	[ -z "${KANRI_SANITIZED:-}" ] || skip "ulimit -v and the sanitizers' shadow memory do not mix"
	chain deep 2000
	for o in "" --du --prune "--matchdirs -P leaf" -pugsD; do
		# shellcheck disable=SC2086
		run bash -c "ulimit -v 20000; ctree -i $o deep | tail -n 1"
		[ "$status" -eq 0 ] || { echo "$o: status $status"; return 1; }
		[[ "$output" == *"2001 directories, 1 file" ]] || { echo "$o: $output"; return 1; }
	done
}

# peak_kb CMD...: the peak resident set of CMD in KiB, read from /proc while CMD waits to
# write its listing into a full pipe, when the whole directory has been read and sorted.
peak_kb() {
	local pid hwm=
	mkfifo "$T/pipe"
	"$@" >"$T/pipe" &
	pid=$!
	exec 3<"$T/pipe"
	while kill -0 "$pid" 2>/dev/null; do
		if [[ "$(cat "/proc/$pid/wchan" 2>/dev/null)" == *pipe_write* ]]; then
			hwm=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$pid/status")
			break
		fi
		sleep 0.05
	done
	cat <&3 >/dev/null
	exec 3<&-
	wait "$pid"
	rm -f "$T/pipe"
	echo "$hwm"
}

@test "-pugsD on a directory of 20,000 entries needs less memory than tree" {
	[ -z "${KANRI_SANITIZED:-}" ] || skip "the sanitizers change the memory figures"
	require_cmd python3
	require_cmd tree
	python3 -c 'import os
os.mkdir("flat")
for i in range(20000):
    open("flat/file%d" % i, "w").close()'
	c=$(peak_kb ctree -pugsD flat)
	t=$(peak_kb tree -pugsD flat)
	echo "ctree $c KiB, tree $t KiB"
	[ -n "$c" ] && [ -n "$t" ]
	[ "$c" -lt "$t" ]
}

# readdir_fail DIRNAME CMD...: run CMD with readdir(3) failing (EIO) in directories
# called DIRNAME, through tests/fixtures/ctree/readdir-fail.c.
readdir_fail() {
	local name=$1
	shift
	command -v cc >/dev/null || skip "no C compiler for the readdir shim"
	ldd "$KANRI_BIN/ctree" >/dev/null 2>&1 || skip "a static ctree takes no LD_PRELOAD"
	[ -f "$T/readdir-fail.so" ] ||
	    cc -shared -fPIC -o "$T/readdir-fail.so" "$FIXTURES/ctree/readdir-fail.c" -ldl
	READDIR_FAIL=$name LD_PRELOAD="$T/readdir-fail.so" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@"
}

@test "a directory that fails while it is read is marked, exit 2" {
	mkdir -p t/bad/sub t/ok
	touch t/bad/a t/bad/b t/ok/x
	for o in "" --du --prune "-J" "-s"; do
		# shellcheck disable=SC2086
		run --separate-stderr readdir_fail bad ctree --charset=ascii --noreport $o t
		[ "$status" -eq 2 ] || { echo "$o: status $status"; return 1; }
		[ -z "$stderr" ]
		case $o in
		-J) [[ "$output" == *'"name":"bad","error":"error opening dir"}'* ]] ;;
		"") [ "$output" = 't
|-- bad  [error opening dir]
`-- ok
    `-- x' ] ;;
		--prune) [ "$output" = 't
`-- ok
    `-- x' ] ;;
		*) [[ "${lines[1]}" == *"]  bad  [error opening dir]" ]] ;;
		esac || { echo "$o: $output"; return 1; }
	done
	run readdir_fail t ctree --charset=ascii t
	[ "$status" -eq 2 ]
	[ "$output" = "t  [error opening dir]

0 directories, 1 file" ]
}

@test "--matchdirs: a directory matching -P lists all its files, as tree does" {
	mkdir -p r/sub.c/deep r/other
	touch r/sub.c/x.c r/sub.c/y.txt r/sub.c/deep/a.c r/sub.c/deep/b.txt r/other/o.c r/other/o.txt
	run ctree --charset=ascii --matchdirs -P '*.c' r
	[ "$status" -eq 0 ]
	[ "$output" = 'r
|-- other
|   `-- o.c
`-- sub.c
    |-- deep
    |   `-- a.c
    |-- x.c
    `-- y.txt

4 directories, 4 files' ]
	printf '%s\n' sub.c/x.c sub.c/y.txt other/o.c other/o.txt >list
	run ctree --charset=ascii --fromfile -P '*.c' list
	[ "$status" -eq 0 ]
	[ "$output" = 'list
|-- other
|   `-- o.c
`-- sub.c
    `-- x.c

3 directories, 2 files' ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		same --matchdirs -P '*.c' r
		same --matchdirs --prune -P '*.c' r
		same --matchdirs -P 'sub.c' r
		same --matchdirs -f -P '*.c' r
		same --fromfile -P '*.c' list
	fi
}

@test "--du counts an empty directory's and a file argument's own size" {
	mkdir e
	printf 12345 >f
	esize=$(stat -c %s e)
	run ctree --du f
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "           5 bytes used in 0 directories, 1 file" ]
	run ctree --du e f missing
	[ "$status" -eq 2 ]
	[ "${lines[3]}" = "        $((esize + 5)) bytes used in 0 directories, 1 file" ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		same --du e
		same --du f e
		same --du e f missing
		same --du -h e f
		same --du --prune e
	fi
}

@test "-l marks a link to a directory on the path at the -L limit too, as tree 2.1.0" {
	mkdir l
	ln -s . l/self
	run ctree -l -L 1 l
	[ "$status" -eq 0 ]
	[ "$output" = "l
└── self -> .  [recursive, not followed]

2 directories, 0 files" ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		same -l -L 1 l
		same -l -L 1 --du l
		same -l -L 2 l
	fi
}

@test "as nobody, a directory that can be read but not searched lists as empty" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to make a directory nobody cannot search"
	user_tmpdir
	mkdir -p "$USER_TMP/t/ns/subd" "$USER_TMP/t/ok"
	touch "$USER_TMP/t/ns/f" "$USER_TMP/t/ns/subd/y" "$USER_TMP/t/ok/x"
	chmod 744 "$USER_TMP/t/ns"
	cd "$USER_TMP"
	for o in "" -p -s --du --prune "-d" "-a -pugsD"; do
		# shellcheck disable=SC2086
		run as_user ctree --charset=ascii --noreport $o t
		[ "$status" -eq 0 ] || { echo "$o: status $status"; return 1; }
		case $o in
		--prune) want='t
`-- ok
    `-- x' ;;
		-d) want='t
|-- ns
`-- ok' ;;
		"") want='t
|-- ns
`-- ok
    `-- x' ;;
		*) want= ;;
		esac
		if [ -n "$want" ]; then
			[ "$output" = "$want" ] || { echo "$o: $output"; return 1; }
		else
			[ "${#lines[@]}" -eq 4 ] && [[ "${lines[1]}" == *"]  ns" ]] ||
			    { echo "$o: $output"; return 1; }
		fi
	done
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		for o in "" -p -s --du --prune -d -F "-a -pugsD"; do
			# shellcheck disable=SC2086
			same_as_user $o t || return 1
		done
	fi
}

@test "as nobody, --du, --prune and --matchdirs over an unreadable directory exit 2 like the plain walk" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to make a directory nobody cannot read"
	user_tmpdir
	mkdir -p "$USER_TMP/t/closed" "$USER_TMP/t/ok"
	touch "$USER_TMP/t/closed/z" "$USER_TMP/t/ok/x"
	chmod 700 "$USER_TMP/t/closed"
	cd "$USER_TMP"
	for o in "" --du --matchdirs "--matchdirs -P x"; do
		# shellcheck disable=SC2086
		run as_user ctree --charset=ascii $o t
		[ "$status" -eq 2 ] || { echo "$o: status $status"; return 1; }
		[[ "${lines[1]}" == *"closed  [error opening dir]" ]] || { echo "$o: $output"; return 1; }
	done
	# --prune drops the directory it could not read, as tree does, and still says so
	run as_user ctree --charset=ascii --prune t
	[ "$status" -eq 2 ]
	[ "$output" = 't
`-- ok
    `-- x

2 directories, 1 file' ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		# the listing is tree's; tree 2.1.0 exits 0 here, 2 without these options
		for o in --du --prune --matchdirs; do
			as_user tree $o t >"$T/tree.out" 2>&1 || true
			as_user ctree $o t >"$T/ctree.out" 2>&1 || true
			diff -u "$T/tree.out" "$T/ctree.out" || return 1
		done
		same_as_user t
	fi
}

@test "--fromfile: -U keeps byte order, -x descends nowhere, as tree" {
	printf '%s\n' b/z a/y c B >list
	run ctree --charset=ascii -U --fromfile list
	[ "$status" -eq 0 ]
	[ "$output" = 'list
|-- B
|-- a
|   `-- y
|-- b
|   `-- z
`-- c

3 directories, 4 files' ]
	run ctree --charset=ascii -x --fromfile list
	[ "$status" -eq 0 ]
	[ "$output" = 'list
|-- B
|-- a
|-- b
`-- c

3 directories, 2 files' ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		same -U --fromfile list
		same -x --fromfile list
		same -x -U -r --fromfile list
	fi
}

@test "a directory argument over --filelimit with --du or --prune is shown as tree shows it" {
	mkdir -p t/a t/b t/c
	run ctree --filelimit 2 t
	[ "$status" -eq 0 ]
	[ "$output" = "t  [3 entries exceeds filelimit, not opening dir]

1 directory, 0 files" ]
	run ctree --prune --filelimit 2 t
	[ "$status" -eq 0 ]
	[ "$output" = "t  [error opening dir]

0 directories, 1 file" ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		same --filelimit 2 t
		same --du --filelimit 2 t
		same --prune --filelimit 2 t t
		same --matchdirs --filelimit 3 t
	fi
}

@test "--fromfile: a name's last mention gives its type; a directory filtered empty still opens in -J and -X" {
	printf '%s\n' a/x a b/c/d b/q.c z/ >list
	run ctree -J -P '*.c' --fromfile list
	[ "$status" -eq 0 ]
	[ "$output" = '[
  {"type":"file","name":"list","contents":[
    {"type":"file","name":"a","contents":[
    ]},
    {"type":"directory","name":"b","contents":[
      {"type":"directory","name":"c","contents":[
      ]},
      {"type":"file","name":"q.c"}
    ]},
    {"type":"directory","name":"z"}
  ]}
,
  {"type":"report","directories":5,"files":1}
]' ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		same -J --fromfile list
		same -X -P '*.c' --fromfile list
		same -X -P '*.c' -L 1 --fromfile list
		same -p -F --fromfile list
	fi
}

@test "--gitignore with --du or --prune: an empty directory's .gitignore stays in force, as in tree 2.1.0" {
	# g1 lists nothing, so tree never pops its '*': it hides all of g2
	mkdir -p g1 g2/d
	printf '*\n' >g1/.gitignore
	touch g2/x g2/d/y
	for o in --prune --matchdirs; do
		run ctree --charset=ascii --gitignore $o g1 g2
		[ "$status" -eq 0 ]
		[ "$output" = 'g1
g2

0 directories, 0 files' ] || { echo "$o: $output"; return 1; }
	done
	run ctree --charset=ascii --gitignore g1 g2
	[ "$status" -eq 0 ]
	[ "$output" = 'g1
g2
|-- d
|   `-- y
`-- x

2 directories, 2 files' ]
	mkdir -p g/a g/b g/c
	printf '*\n' >g/a/.gitignore
	touch g/b/x g/c/y
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		for o in "--du" "--prune" "--matchdirs" "-U --du" ""; do
			# shellcheck disable=SC2086
			same --gitignore $o g1 g2 || return 1
			# shellcheck disable=SC2086
			same --gitignore $o g || return 1
		done
	fi
}

@test "--gitignore with --du: a directory that can be searched, not read, leaves its .gitignore in force, as in tree" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as nobody"
	require_cmd setpriv
	user_tmpdir
	cd "$USER_TMP"
	# tree reads g/a/.gitignore (search permission is enough), then cannot list g/a and
	# never pops it: its 'x' hides g/b/x, listed after it
	mkdir -p g/a g/b
	printf 'x\n' >g/a/.gitignore
	touch g/a/y g/b/x g/b/z
	chmod 711 g/a
	run as_user ctree --charset=ascii --gitignore --du --noreport g/a g/b
	[[ "${lines[1]}" == *']  g/b' ]]
	[[ "${lines[2]}" == *'`-- [          0]  z' ]]
	[ "${#lines[@]}" -eq 3 ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		# the output: ctree's exit status is 2 (a directory could not be listed)
		for o in --du --prune "--du -s"; do
			# shellcheck disable=SC2086
			LC_ALL=C as_user tree --gitignore $o g/a g/b >tree.out || true
			# shellcheck disable=SC2086
			LC_ALL=C as_user ctree --gitignore $o g/a g/b >ctree.out || true
			diff -u tree.out ctree.out || { echo "differs: $o"; return 1; }
		done
	fi
}

@test "-l with --du, --prune or --matchdirs marks every link to a directory, as tree 2.1.0" {
	mkdir -p l/d
	printf 12 >l/d/x
	ln -s d l/ln
	run ctree --charset=ascii -l --prune l
	[ "$status" -eq 0 ]
	[ "$output" = 'l
|-- d
|   `-- x
`-- ln -> d  [recursive, not followed]

3 directories, 1 file' ]
	# the link's own size (1) and its target's content (2) still count under --du
	run ctree --charset=ascii -l --du l
	[ "$status" -eq 0 ]
	[[ "${lines[3]}" == "\`-- [          3]  ln -> d  [recursive, not followed]" ]]
	run ctree --charset=ascii -l l
	[ "$status" -eq 0 ]
	[ "${lines[4]}" = "    \`-- x" ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		for o in --du --prune --matchdirs "--du -L 1"; do
			# shellcheck disable=SC2086
			same -l $o l || return 1
		done
	fi
}

@test "names sort in byte order in the C locale, long shared prefixes and -r and --dirsfirst included" {
	require_cmd python3
	python3 -c 'import os, random
r = random.Random(7)
alpha = [b"a", b"b", b"A", b"-", b"_", b"0", b"1", b"9", b"\xff", b"\xc3\xa9", b" ", b"~", b"~~"]
os.mkdir(b"d")
for i in range(2000):
    n = b"".join(r.choice(alpha) for _ in range(r.randint(1, 8)))
    if r.random() < 0.1:
        n = b"p" * 90 + n
    p = b"d/" + n
    if not os.path.exists(p):
        (os.mkdir if r.random() < 0.3 else lambda q: open(q, "wb").close())(p)'
	LC_ALL=C ctree -i -N --noreport d | tail -n +2 >got
	(cd d && ls -A) | LC_ALL=C sort >want
	cmp want got
	LC_ALL=C ctree -i -N -r --noreport d | tail -n +2 >got
	LC_ALL=C sort -r want >want.r
	cmp want.r got
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		for o in "" -r --dirsfirst "--filesfirst -r" "-a -v"; do
			# shellcheck disable=SC2086
			same $o d || return 1
		done
	fi
}

@test "--fromfile with a list that does not exist shows it as tree does, exit 2" {
	run --separate-stderr ctree --fromfile nosuchlist
	[ "$status" -eq 2 ]
	[ "$output" = "nosuchlist  [error opening dir]

0 directories, 0 files" ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		run tree --fromfile nosuchlist
		[ "$status" -eq 2 ]
		[ "$output" = "nosuchlist  [error opening dir]

0 directories, 0 files" ]
	fi
}

@test "--fromfile with an empty list, or one whose paths are all left out, lists it as a directory, as tree does" {
	: >empty.lst
	run ctree --fromfile empty.lst
	[ "$status" -eq 0 ]
	[ "$output" = "empty.lst

1 directory, 0 files" ]
	printf 'a\n' >files.lst
	run ctree -d --fromfile files.lst
	[ "$output" = "files.lst

1 directory" ]
	if command -v tree >/dev/null || [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		require_cmd tree
		for o in "" -J -X -d "-J -i" --noreport; do
			# shellcheck disable=SC2086
			same $o --fromfile empty.lst || return 1
			# shellcheck disable=SC2086
			same $o -d --fromfile files.lst || return 1
		done
		same --fromfile empty.lst nosuchlist empty.lst
	fi
}
