#!/usr/bin/env bats
# tools/lib's shared pieces on their own, through tests/lib/klib-test.c: the growable
# buffer, the whole-file read, the sorted directory read and the name of standard input.

load helper

setup() {
	KT="$KANRI_BIN/klib-test"
	[ -x "$KT" ] || { echo "$KT not built (make $KT)"; false; }
	T=$(mktemp -d)
}

teardown() {
	rm -rf "$T"
	user_tmpdir_cleanup
}

@test "kbuf: every kind of append grows the buffer and keeps its contents" {
	for n in 0 1 2 17 1000 100000; do
		run --separate-stderr "$KT" buf "$n"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		expected=$(seq 0 $((n - 1)) | paste -sd' ')
		[ "$output" = "$expected" ] || { echo "n=$n"; false; }
	done
}

@test "kread_file: a regular file is read whole, NUL bytes and no final newline kept" {
	printf 'a\0b\nlast' >"$T/f"
	head -c 300000 /dev/urandom >"$T/big"
	"$KT" read "$T/f" >"$T/out"
	cmp "$T/f" "$T/out"
	"$KT" read "$T/big" >"$T/out"
	cmp "$T/big" "$T/out"
	: >"$T/empty"
	run --separate-stderr "$KT" read "$T/empty"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "kread_file: - is standard input, a pipe or a file" {
	head -c 100000 /dev/urandom >"$T/big"
	cat "$T/big" | "$KT" read - >"$T/out"
	cmp "$T/big" "$T/out"
	"$KT" read - <"$T/big" >"$T/out"
	cmp "$T/big" "$T/out"
}

@test "kread_file: standard input that is a directory is an error naming standard input" {
	run --separate-stderr "$KT" read - </
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "klib-test: standard input: Is a directory" ]
}

@test "kread_file: a directory, a FIFO, a symbolic link and a missing file are errors" {
	mkfifo "$T/fifo"
	ln -s /etc/hostname "$T/link"
	run --separate-stderr "$KT" read "$T"
	[ "$status" -eq 2 ]
	[ "$stderr" = "klib-test: $T: Is a directory" ]
	run --separate-stderr timeout 10 "$KT" read "$T/fifo"
	[ "$status" -eq 2 ]
	[ "$stderr" = "klib-test: $T/fifo: not a regular file" ]
	run --separate-stderr "$KT" read "$T/link"
	[ "$status" -eq 2 ]
	[ "$stderr" = "klib-test: $T/link: is a symbolic link" ]
	run --separate-stderr "$KT" read "$T/missing"
	[ "$status" -eq 2 ]
	[ "$stderr" = "klib-test: $T/missing: No such file or directory" ]
}

@test "kread_file: an unreadable file is an error" {
	user_tmpdir
	echo secret >"$USER_TMP/f"
	chmod 000 "$USER_TMP/f"
	run --separate-stderr as_user "$KT" read "$USER_TMP/f"
	[ "$status" -eq 2 ]
	[ "$stderr" = "klib-test: $USER_TMP/f: Permission denied" ]
}

@test "kread_file: more than the bound is refused, from a file or standard input" {
	printf '0123456789' >"$T/ten"
	run --separate-stderr "$KT" read "$T/ten" 10
	[ "$status" -eq 0 ]
	[ "$output" = 0123456789 ]
	run --separate-stderr "$KT" read "$T/ten" 9
	[ "$status" -eq 2 ]
	[ "$stderr" = "klib-test: $T/ten: File too large" ]
	head -c 20000 /dev/zero >"$T/z"
	run --separate-stderr bash -c 'cat "$1" | "$2" read - 19999' _ "$T/z" "$KT"
	[ "$status" -eq 2 ]
	[ "$stderr" = "klib-test: standard input: File too large" ]
}

@test "kdir_read: the entries sorted by bytes, without . and .., the descriptor reusable" {
	mkdir "$T/d" "$T/d/sub"
	for f in b a B .hidden 'z z' "$(printf '\351t\351')" 10 9; do : >"$T/d/$f"; done
	run --separate-stderr "$KT" dir "$T/d"
	[ "$status" -eq 0 ]
	# bash's read drops a name that is not UTF-8 in a UTF-8 locale
	expected=$(export LC_ALL=C; cd "$T/d" && ls -A | sort | while IFS= read -r f; do
		if [ -d "$f" ]; then echo "d $f"; else echo "- $f"; fi
	done; echo "again: 9")
	[ "$output" = "$expected" ]
	run --separate-stderr "$KT" dir "$T/d" nohidden
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 9 ]
	[[ "$output" != *hidden* ]]
	[ "${lines[8]}" = "again: 8" ]
}

@test "kdir_read: unsorted keeps readdir's order, the same entries" {
	mkdir "$T/d"
	for i in $(seq 1 300); do : >"$T/d/f$i"; done
	sorted=$("$KT" dir "$T/d")
	unsorted=$("$KT" dir "$T/d" unsorted)
	[ "$(LC_ALL=C sort <<<"$unsorted")" = "$(LC_ALL=C sort <<<"$sorted")" ]
	[ "$(head -n 300 <<<"$sorted")" = "$(cd "$T/d" && LC_ALL=C ls -A | sed 's/^/- /')" ]
}

@test "kdir_read: a descriptor that is not a directory is an error returned" {
	: >"$T/f"
	run --separate-stderr "$KT" dir "$T/f"
	[ "$status" -eq 2 ]
	[ "$output" = "again: 0" ]
	[ "${stderr_lines[0]}" = "klib-test: $T/f: Not a directory" ]
}

@test "kname: - is standard input, every other name as given" {
	run "$KT" name -
	[ "$output" = "standard input" ]
	run "$KT" name ./-
	[ "$output" = "./-" ]
	run "$KT" name "a b"
	[ "$output" = "a b" ]
}
