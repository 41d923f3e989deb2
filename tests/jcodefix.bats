#!/usr/bin/env bats
# jcodefix: rewrites what modern Perl rejects in old CGI libraries, and nothing else.

load helper

FX="$FIXTURES/jcodefix"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

teardown() {
	user_tmpdir_cleanup
}

# Print "name|got|want" for each check line a fixture prints.
checks() {
	sed -n 's/^\(.*\) got=\[\(.*\)\] want=\[\(.*\)\]$/\1|\2|\3/p'
}

@test "a filter: unless defined %x becomes unless %x on stdout" {
	run --separate-stderr jcodefix <<<'&init unless defined %z2h_euc;'
	[ "$status" -eq 0 ]
	[ "$output" = '&init unless %z2h_euc;' ]
	[ -z "$stderr" ]
}

@test "one file operand is read and written to stdout" {
	printf 'print 1 if defined(@a);\n' >a.pl
	run jcodefix a.pl
	[ "$status" -eq 0 ]
	[ "$output" = 'print 1 if (@a);' ]
	[ "$(cat a.pl)" = 'print 1 if defined(@a);' ]
}

@test "every fatal spelling is rewritten exactly as expected" {
	jcodefix "$FX/spellings.pl" >out.pl
	cmp out.pl "$FX/spellings.expected"
}

@test "spellings: perl -c fails before and passes after" {
	require_cmd perl
	run perl -c "$FX/spellings.pl"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Can't use 'defined(%hash)'"* ]]
	jcodefix "$FX/spellings.pl" >out.pl
	run perl -c out.pl
	[ "$status" -eq 0 ]
}

@test "spellings: every fixed condition computes what defined meant" {
	require_cmd perl
	jcodefix "$FX/spellings.pl" >out.pl
	perl out.pl >results
	checks <results >pairs
	[ "$(wc -l <pairs)" -ge 98 ]
	run awk -F'|' '$2 != $3' pairs
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# Both states were exercised: some checks are true, some false.
	grep -q '|T|T$' pairs
	grep -q '|F|F$' pairs
	grep -q '^assign|1|1$' pairs
	grep -q '^assign||$' pairs
}

@test "look-alikes, strings, regexes, here-documents, formats, POD and __END__ are untouched" {
	jcodefix "$FX/lookalikes.pl" >out.pl
	cmp out.pl "$FX/lookalikes.pl"
}

@test "the look-alike fixture is valid Perl" {
	require_cmd perl
	run perl -c "$FX/lookalikes.pl"
	[ "$status" -eq 0 ]
}

@test "a jcode.pl-like library gets exactly its three fixes" {
	run --separate-stderr jcodefix -v "$FX/jcodelike.pl"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >out.pl
	cmp out.pl "$FX/jcodelike.expected"
	[ "${stderr_lines[0]}" = "jcodefix: $FX/jcodelike.pl:35: do f( -> &f(" ]
	[ "${stderr_lines[1]}" = "jcodefix: $FX/jcodelike.pl:53: defined %z2h_euc -> %z2h_euc" ]
	[ "${stderr_lines[2]}" = "jcodefix: $FX/jcodelike.pl:69: do convf( -> &convf(" ]
	[ "${#stderr_lines[@]}" -eq 3 ]
}

@test "the fixed jcode.pl-like library compiles and runs on this perl" {
	require_cmd perl
	run perl -c "$FX/jcodelike.pl"
	[ "$status" -ne 0 ]
	jcodefix "$FX/jcodelike.pl" >kanalib.pl
	run perl -e 'require "./kanalib.pl"; $s = "ab"; &kanalib::z2h_euc(*s);
		print scalar(keys %kanalib::z2h_euc), " $kanalib::rcsid\n";
		$t = "a#b"; &kanalib::convf(*t, "upper"); print "$t\n";'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '3 Id: kanalib.pl,v 1.7 1998/05/04 12:00:00 nobody Exp ' ]
	[ "${lines[1]}" = 'A[HASH>B' ]
}

@test "Shift_JIS, CRLF, a BOM and a CRLF here-document terminator pass through" {
	jcodefix "$FX/encodings.pl" >out.pl
	cmp out.pl "$FX/encodings.expected"
}

@test "EUC-JP, a NUL byte and a last line without newline pass through" {
	jcodefix "$FX/euc.pl" >out.pl
	cmp out.pl "$FX/euc.expected"
}

@test "the Shift_JIS fixture runs after the fix" {
	require_cmd perl
	jcodefix "$FX/encodings.pl" >out.pl
	run perl out.pl
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'ok\n6')" ]
}

@test "every fixture perl rejected compiles once jcodefix has fixed it" {
	require_cmd perl
	for f in spellings jcodelike encodings euc; do
		run perl -c "$FX/$f.pl"
		[ "$status" -ne 0 ] || { echo "$f.pl compiles before the fix"; false; }
		jcodefix "$FX/$f.pl" >"$f.fixed"
		cmp "$f.fixed" "$FX/$f.expected"
		run perl -c "$f.fixed"
		[ "$status" -eq 0 ] || { echo "$f: $output"; false; }
	done
}

@test "a second run changes nothing" {
	for f in spellings jcodelike encodings euc; do
		jcodefix "$FX/$f.pl" >once
		jcodefix once >twice
		cmp once twice
		run jcodefix --check once
		[ "$status" -eq 0 ]
	done
}

@test "empty input gives empty output" {
	run jcodefix </dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "do NAME(ARGS) becomes &NAME(ARGS); do BLOCK, do FILE and builtins stay" {
	printf '%s\n' 'do convf(*s, $o);' 'do  jcode::init ($x);' '$x = do { 1 };' \
		'do $file;' "do 'x.pl';" 'do uc($x);' '$o->do(1);' >in.pl
	run jcodefix in.pl
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '&convf(*s, $o);' ]
	[ "${lines[1]}" = '&jcode::init ($x);' ]
	[ "${lines[2]}" = '$x = do { 1 };' ]
	[ "${lines[3]}" = 'do $file;' ]
	[ "${lines[4]}" = "do 'x.pl';" ]
	[ "${lines[5]}" = 'do uc($x);' ]
	[ "${lines[6]}" = '$o->do(1);' ]
}

@test "--inc makes require and do of a bare *.pl or *.cgi file name load ./file" {
	printf '%s\n' "require 'jcode.pl';" 'require "setup.cgi";' "do 'conf.pl';" \
		"require('mimew.pl');" "require './ok.pl';" 'require "/abs.pl";' \
		'require "$dir/x.pl";' 'require Foo::Bar;' "require '../up.pl';" \
		'require "lib/cgi-lib.pl";' 'require "overload.pm";' 'require "syscall.ph";' \
		"require '.pl';" >in.pl
	touch jcode.pl setup.cgi conf.pl mimew.pl
	run jcodefix --inc in.pl
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "require './jcode.pl';" ]
	[ "${lines[1]}" = 'require "./setup.cgi";' ]
	[ "${lines[2]}" = "do './conf.pl';" ]
	[ "${lines[3]}" = "require('./mimew.pl');" ]
	tail -n +5 in.pl >rest
	cmp <(printf '%s\n' "${lines[@]:4}") rest
	run jcodefix in.pl
	cmp <(printf '%s\n' "$output") in.pl
}

@test "--inc fixes a script perl can no longer run" {
	require_cmd perl
	mkdir site && cd site
	printf '1;\n' >lib.pl
	printf "require 'lib.pl';\nprint \"loaded\\\\n\";\n" >main.pl
	run perl main.pl
	[ "$status" -ne 0 ]
	[[ "$output" == *"Can't locate lib.pl"* ]]
	jcodefix --inc -i main.pl
	run perl main.pl
	[ "$status" -eq 0 ]
	[ "$output" = loaded ]
}

@test "\$*, assignment to \$[ and %h->{k} are reported, not changed" {
	printf '%s\n' '$* = 1;' '$[ = 1;' 'print $h{a} if %h->{a};' 'print @a->[0];' \
		'if ($[ == 0) { }' 'print "$* %h->{a}";' >in.pl
	run --separate-stderr jcodefix in.pl
	[ "$status" -eq 0 ]
	cmp <(printf '%s\n' "$output") in.pl
	[ "${stderr_lines[0]}" = 'jcodefix: in.pl:1: warning: $* is fatal since Perl 5.30 (use the /m and /s modifiers)' ]
	[ "${stderr_lines[1]}" = 'jcodefix: in.pl:2: warning: assigning non-zero to $[ is fatal since Perl 5.30 (index from 0)' ]
	[ "${stderr_lines[2]}" = 'jcodefix: in.pl:3: warning: %h->{...} is fatal since Perl 5.22 (write $h{...})' ]
	[ "${stderr_lines[3]}" = 'jcodefix: in.pl:4: warning: @a->[...] is fatal since Perl 5.22 (write $a[...])' ]
	[ "${stderr_lines[4]}" = 'jcodefix: in.pl:6: warning: $* in a string or regex is fatal since Perl 5.30 (write \$* for the two characters)' ]
	[ "${#stderr_lines[@]}" -eq 5 ]
}

@test "-i edits in place, keeps the mode and writes nothing else" {
	printf 'print 1 unless defined %%x;\n' >a.pl
	chmod 0750 a.pl
	run jcodefix -i a.pl
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(cat a.pl)" = 'print 1 unless %x;' ]
	[ "$(stat -c %a a.pl)" = 750 ]
	[ "$(ls -A)" = a.pl ]
}

@test "-i.bak and --in-place=.orig keep the original" {
	printf 'print 1 unless defined %%x;\n' >a.pl
	cp a.pl b.pl
	jcodefix -i.bak a.pl
	jcodefix --in-place=.orig b.pl
	[ "$(cat a.pl.bak)" = 'print 1 unless defined %x;' ]
	[ "$(cat b.pl.orig)" = 'print 1 unless defined %x;' ]
	[ "$(cat a.pl)" = 'print 1 unless %x;' ]
	[ "$(cat b.pl)" = 'print 1 unless %x;' ]
}

@test "-i does not rewrite a file that needs no change" {
	printf 'print 1 unless %%x;\n' >a.pl
	touch -d '2001-02-03 04:05:06' a.pl
	run jcodefix -i.bak a.pl
	[ "$status" -eq 0 ]
	[ "$(stat -c %Y a.pl)" = "$(date -d '2001-02-03 04:05:06' +%s)" ]
	[ ! -e a.pl.bak ]
}

@test "-i edits the file a symbolic link points to" {
	mkdir real
	printf 'print 1 if defined @x;\n' >real/jcode.pl
	ln -s real/jcode.pl link.pl
	jcodefix -i link.pl
	[ -L link.pl ]
	[ "$(cat real/jcode.pl)" = 'print 1 if @x;' ]
}

@test "-i in a directory it cannot write leaves the file alone, exit 2" {
	user_tmpdir
	mkdir "$USER_TMP/ro"
	printf 'print 1 if defined @x;\n' >"$USER_TMP/ro/a.pl"
	chmod 0555 "$USER_TMP/ro"
	chmod 0666 "$USER_TMP/ro/a.pl"
	run --separate-stderr as_user jcodefix -i "$USER_TMP/ro/a.pl"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "jcodefix: $USER_TMP/ro/a.pl: cannot create temporary file: Permission denied" ]]
	[ "$(cat "$USER_TMP/ro/a.pl")" = 'print 1 if defined @x;' ]
}

@test "-i needs files, and -i, -n and -l exclude each other" {
	run --separate-stderr jcodefix -i
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'jcodefix: -i needs files to edit' ]
	run --separate-stderr jcodefix -i -n a.pl
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = 'jcodefix: -i, -n and -l/--check exclude each other' ]
	run --separate-stderr jcodefix -n --check a.pl
	[ "$status" -eq 2 ]
}

@test "-n prints a unified diff that patch -p0 applies" {
	mkdir cgi
	cp "$FX/jcodelike.pl" cgi/jcode.pl
	cp "$FX/encodings.pl" cgi/sjis.cgi
	run --separate-stderr jcodefix -n cgi/jcode.pl cgi/sjis.cgi
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '--- cgi/jcode.pl' ]
	[ "${lines[1]}" = '+++ cgi/jcode.pl' ]
	[ "${lines[2]}" = '@@ -32,7 +32,7 @@' ]
	[ "${lines[6]}" = '-    do f(*s, $opt);' ]
	[ "${lines[7]}" = '+    &f(*s, $opt);' ]
	cmp cgi/jcode.pl "$FX/jcodelike.pl"
	printf '%s\n' "$output" >fix.patch
	patch -s -p0 <fix.patch
	cmp cgi/jcode.pl "$FX/jcodelike.expected"
	cmp cgi/sjis.cgi "$FX/encodings.expected"
}

@test "-n marks a changed last line without newline" {
	printf 'a;\nb;\nprint 1 if defined %%x;' >a.pl
	run jcodefix -n a.pl
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' '--- a.pl' '+++ a.pl' '@@ -1,3 +1,3 @@' ' a;' ' b;' \
		'-print 1 if defined %x;' '\ No newline at end of file' '+print 1 if %x;' \
		'\ No newline at end of file')" ]
	printf '%s\n' "$output" | patch -s -p0
	[ "$(cat a.pl)" = "$(printf 'a;\nb;\nprint 1 if %%x;')" ]
}

@test "-n prints nothing for a file that needs nothing" {
	printf 'print 1;\n' >a.pl
	run jcodefix -n a.pl
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "-l lists the files that need changes; exit 1 when none does" {
	printf 'print 1 if defined %%x;\n' >bad.pl
	printf 'print 1;\n' >good.pl
	run jcodefix -l good.pl bad.pl
	[ "$status" -eq 0 ]
	[ "$output" = bad.pl ]
	run jcodefix --list good.pl
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "--check exits 1 when a file needs changes, 0 when none does, prints nothing" {
	printf 'print 1 if defined %%x;\n' >bad.pl
	printf 'print 1;\n' >good.pl
	run jcodefix --check good.pl bad.pl
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	run jcodefix --check good.pl
	[ "$status" -eq 0 ]
	run jcodefix -l --check good.pl bad.pl
	[ "$status" -eq 1 ]
	[ "$output" = bad.pl ]
}

@test "-r takes *.pl *.pm *.cgi and perl scripts, in name order" {
	mkdir -p root/cgi-bin/sub root/htdocs
	for f in root/a.pl root/cgi-bin/b.cgi root/cgi-bin/sub/c.pm root/cgi-bin/script \
		root/htdocs/index.html root/cgi-bin/sh-script root/cgi-bin/b.cgi.bak; do
		printf 'print 1 if defined %%x;\n' >"$f"
	done
	printf '#!/usr/local/bin/perl -w\nprint 1 if defined @x;\n' >root/cgi-bin/script
	printf '#!/bin/sh\nprint 1 if defined @x;\n' >root/cgi-bin/sh-script
	run jcodefix -r -l root
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' root/a.pl root/cgi-bin/b.cgi root/cgi-bin/script \
		root/cgi-bin/sub/c.pm)" ]
	run jcodefix -r root/htdocs
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "a directory without -r is an error, the other files are still done" {
	mkdir d
	printf 'print 1 if defined %%x;\n' >a.pl
	run --separate-stderr jcodefix d a.pl
	[ "$status" -eq 2 ]
	[ "$stderr" = 'jcodefix: d: Is a directory (use -r)' ]
	[ "$output" = 'print 1 if %x;' ]
}

@test "a missing file is reported, exit 2, the others are still done" {
	printf 'print 1 if defined %%x;\n' >a.pl
	run --separate-stderr jcodefix -l missing.pl a.pl
	[ "$status" -eq 2 ]
	[ "$stderr" = 'jcodefix: missing.pl: No such file or directory' ]
	[ "$output" = a.pl ]
}

@test "-v reports each change with its line" {
	printf 'a;\nprint 1\n  unless defined\n  (%%x);\n$v = defined @y;\n' >a.pl
	run --separate-stderr jcodefix -v a.pl
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = 'jcodefix: a.pl:3: defined (%x) -> (%x)' ]
	[ "${stderr_lines[1]}" = 'jcodefix: a.pl:5: defined @y -> !!@y' ]
}

@test "- reads standard input among files" {
	printf 'print 1 if defined %%x;\n' >a.pl
	run jcodefix a.pl - <<<'print 2 if defined @y;'
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'print 1 if %%x;\nprint 2 if @y;')" ]
}

@test "messages name standard input 'standard input'" {
	run --separate-stderr jcodefix -v - <<<'print 2 if defined @y;'
	[ "$status" -eq 0 ]
	[ "$stderr" = 'jcodefix: standard input:1: defined @y -> @y' ]
	run --separate-stderr jcodefix -i - </dev/null
	[ "$status" -eq 2 ]
	[ "$stderr" = 'jcodefix: standard input: cannot be edited in place' ]
	run --separate-stderr jcodefix -n - </
	[ "$status" -eq 2 ]
	[ "$stderr" = 'jcodefix: standard input: Is a directory' ]
}

@test "writing to a full disk is an error, exit 2" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c "jcodefix '$FX/spellings.pl' >/dev/full"
	[ "$status" -eq 2 ]
	[ "$stderr" = 'jcodefix: write error: No space left on device' ]
}

@test "a very long line and a long here-document are handled" {
	{
		printf 'my $s = "'
		head -c 3000000 /dev/zero | tr '\0' 'a'
		printf '"; print 1 if defined %%x;\nprint <<EOT;\n'
		for _ in $(seq 2000); do printf 'defined %%x "\n'; done
		printf 'EOT\nprint 2 if defined @y;\n'
	} >big.pl
	jcodefix big.pl >out.pl
	sed -e 's/^\(my .*\) if defined %x;$/\1 if %x;/' -e 's/^print 2 if defined @y;$/print 2 if @y;/' big.pl >want.pl
	cmp out.pl want.pl
}

@test "perl's own library, modern code full of traps, needs nothing and warns nothing" {
	require_cmd perl
	lib=$(perl -MConfig -e 'print $Config{privlib}')
	[ -d "$lib" ]
	run --separate-stderr jcodefix -r -l "$lib"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "-r follows no symbolic link; a link named as an operand is edited through" {
	mkdir -p tree/lib elsewhere
	printf 'print 1 if defined %%x;\n' >elsewhere/shared.pl
	printf 'print 1 if defined %%y;\n' >elsewhere/loop.pl
	ln -s ../../elsewhere/shared.pl tree/lib/jcode.pl
	ln -s ../elsewhere tree/linked-dir
	ln -s .. tree/lib/up
	run jcodefix -r -l tree
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	jcodefix -r -i tree
	[ "$(cat elsewhere/shared.pl)" = 'print 1 if defined %x;' ]
	jcodefix -i tree/lib/jcode.pl
	[ -L tree/lib/jcode.pl ]
	[ "$(cat elsewhere/shared.pl)" = 'print 1 if %x;' ]
	[ "$(cat elsewhere/loop.pl)" = 'print 1 if defined %y;' ]
}

@test "&'f *'g @'x %'h are old package names, not quotes: the code after them is fixed" {
	require_cmd perl
	cat >in.pl <<'EOF'
sub send_index { print "index\n" }
sub foo { 7 }
*'bar = \&foo;
@'list = (1, 2);
%'h = (a => 1);
$r = \&'foo;
do { &'send_index; } unless defined @ARGV;
&'foo; $msg = 'unless defined %x';
print "def\n" if defined &'foo; $m2 = 'unless defined %x';
print "$msg|$m2|", scalar(@main::list), "|", &$r, "|", &main::bar, "\n";
print "h\n" if defined %h;
EOF
	run perl -c in.pl
	[ "$status" -ne 0 ]
	run --separate-stderr jcodefix in.pl
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	printf '%s\n' "$output" >out.pl
	sed -e '7s/unless defined @ARGV/unless @ARGV/' -e '11s/if defined %h/if %h/' in.pl >want.pl
	cmp out.pl want.pl
	run perl -c out.pl
	[ "$status" -eq 0 ]
	run perl out.pl
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' index def 'unless defined %x|unless defined %x|2|7|7' h)" ]
}

@test "defined %'h, defined @'h and a sigil apart from its name are fixed" {
	require_cmd perl
	printf '%s\n' "%'h = (a => 1); @'a = (1);" 'print "1\n" unless defined %'"'"'h;' \
		'print "2\n" if defined @'"'"'a;' 'print "3\n" if defined % h;' \
		'print "4\n" if defined %' '  h;' '$n = defined @	a; print "5 $n\n";' >in.pl
	run perl -c in.pl
	[ "$status" -ne 0 ]
	for l in 2 3 4 5,6 7; do
		run perl -c -e "$(sed -n "${l}p" in.pl)"
		[ "$status" -ne 0 ] || { echo "line $l compiles"; false; }
	done
	jcodefix in.pl >out.pl
	printf '%s\n' "%'h = (a => 1); @'a = (1);" 'print "1\n" unless %'"'"'h;' \
		'print "2\n" if @'"'"'a;' 'print "3\n" if % h;' \
		'print "4\n" if %' '  h;' '$n = !!@	a; print "5 $n\n";' >want.pl
	cmp out.pl want.pl
	run perl out.pl
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '%s\n' 2 3 4 '5 1')" ]
	# A here-document body starts at the new line after "%": it is no name.
	printf '%s\n' '%h = (1, 1); print <<EOF, %' 'unless defined %x' EOF 'h;' >hd.pl
	jcodefix hd.pl >out.pl
	cmp out.pl hd.pl
	[ "$(perl hd.pl)" = "$(printf 'unless defined %%x\n11')" ]
}

# Run each line of in.pl alone with perl: "OK", or the first line of perl's error.
perl_each() {
	while IFS= read -r l; do
		if perl -e "$l" >/dev/null 2>err; then echo OK; else head -n 1 err; fi
	done <in.pl
}

@test "\$[: a warning exactly where perl 5.30+ dies, none for the value 0" {
	require_cmd perl
	printf '%s\n' '$[ = 0;' 'local $[ = 0;' 'local($[) = 0;' '($[) = 0x0;' \
		'local($[) = 1;' '($[) = 1;' '$[ = 1;' 'local $[ = 2;' '$x = 1; $[ = $x;' \
		'if ($[ == 0) { }' '$[ = 0 if 1;' '$[ = 1 unless 0;' >in.pl
	run perl_each
	nz='Assigning non-zero to $[ is no longer possible at -e line 1.'
	[ "$output" = "$(printf '%s\n' OK OK OK OK "$nz" "$nz" "$nz" "$nz" "$nz" OK OK "$nz")" ]
	run --separate-stderr jcodefix in.pl
	[ "$status" -eq 0 ]
	cmp <(printf '%s\n' "$output") in.pl
	w='warning: assigning non-zero to $[ is fatal since Perl 5.30 (index from 0)'
	[ "$stderr" = "$(printf 'jcodefix: in.pl:%s: %s\n' 5 "$w" 6 "$w" 7 "$w" 8 "$w" \
		9 'warning: assigning to $[ is fatal since Perl 5.30 unless the value is 0 (index from 0)' \
		12 "$w")" ]
}

@test "\$* in an interpolating string or regex is reported, as perl rejects it" {
	require_cmd perl
	printf '%s\n' '$x = "price $*";' 'print /a$*/;' 'print qq {a$*};' 's/x/$*/;' \
		'print "${*}";' 'print `echo $*`;' "print qq'\$*';" "\$y = 'a\$*';" \
		'print "$*{a} $$* \$*";' "print m'a\$*';" 'tr/a/$*/;' 'print qw($*);' \
		"print qx'\$*';" >in.pl
	run perl_each
	gone='$* is no longer supported as of Perl 5.30 at -e line 1.'
	[ "$output" = "$(printf '%s\n' "$gone" "$gone" "$gone" "$gone" "$gone" "$gone" "$gone" \
		OK OK OK OK OK OK)" ]
	run --separate-stderr jcodefix in.pl
	[ "$status" -eq 0 ]
	cmp <(printf '%s\n' "$output") in.pl
	w='warning: $* in a string or regex is fatal since Perl 5.30 (write \$* for the two characters)'
	[ "$stderr" = "$(for n in 1 2 3 4 5 6 7; do printf 'jcodefix: in.pl:%s: %s\n' "$n" "$w"; done)" ]
}

@test "do \$sub(LIST) becomes &\$sub(LIST), as perl 5.18 called it; perl -c passes after" {
	require_cmd perl
	printf '%s\n' 'sub hi { print "hi @_\n" } $f = \&hi; $r = \$f;' 'do $f(1);' \
		'do $main::f (2);' 'do $$r(3);' 'do ${f}(4);' 'do $f;' '$x = do $h{x}(1) if 0;' >in.pl
	run perl -c in.pl
	[ "$status" -ne 0 ]
	run --separate-stderr jcodefix -v in.pl
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = '&$f(1);' ]
	[ "${lines[2]}" = '&$main::f (2);' ]
	[ "${lines[3]}" = '&$$r(3);' ]
	[ "${lines[4]}" = '&${f}(4);' ]
	[ "${lines[5]}" = 'do $f;' ]
	[ "${lines[6]}" = '$x = do $h{x}(1) if 0;' ]
	[ "${stderr_lines[0]}" = 'jcodefix: in.pl:2: do $f( -> &$f(' ]
	[ "${#stderr_lines[@]}" -eq 4 ]
	printf '%s\n' "${lines[@]}" >out.pl
	run perl -c out.pl
	[ "$status" -eq 0 ]
	run perl -e 'do "./out.pl"; die $@ if $@'
	[ "$output" = "$(printf 'hi 1\nhi 2\nhi 3\nhi 4')" ]
}

@test "@\$r->[0], @{\$r}->[0], %\$r->{k}, %{\$r}->{k} are reported with their line; --check exits 1" {
	printf '%s\n' 'print @{$r}->[0];' 'print @$r->[0], %$r->{k};' 'print %{$r}->{k};' \
		'print @{$self->{list}} -> [1];' 'print ${$r}[0], $$r{k}, @$r, %$r, $r->@*;' \
		'print "@{$r}->[0]";' >in.pl
	run --separate-stderr jcodefix in.pl
	[ "$status" -eq 0 ]
	cmp <(printf '%s\n' "$output") in.pl
	[ "${stderr_lines[0]}" = 'jcodefix: in.pl:1: warning: @{$r}->[...] is fatal since Perl 5.22 (write ${$r}[...])' ]
	[ "${stderr_lines[1]}" = 'jcodefix: in.pl:2: warning: @$r->[...] is fatal since Perl 5.22 (write $$r[...])' ]
	[ "${stderr_lines[2]}" = 'jcodefix: in.pl:2: warning: %$r->{...} is fatal since Perl 5.22 (write $$r{...})' ]
	[ "${stderr_lines[3]}" = 'jcodefix: in.pl:3: warning: %{$r}->{...} is fatal since Perl 5.22 (write ${$r}{...})' ]
	[ "${stderr_lines[4]}" = 'jcodefix: in.pl:4: warning: @{$self->{list}}->[...] is fatal since Perl 5.22 (write ${$self->{list}}[...])' ]
	[ "${#stderr_lines[@]}" -eq 5 ]
	if command -v perl >/dev/null; then
		for n in 1 2 3 4; do
			run perl -c <(sed -n "${n}p" in.pl)
			[[ "$output" == *"Can't use "*" as a reference"* ]]
		done
	fi
	run --separate-stderr jcodefix --check in.pl
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 5 ]
	printf 'print %%h->{k};\n' >old.pl
	printf 'print 1;\n' >good.pl
	run jcodefix --check good.pl old.pl
	[ "$status" -eq 1 ]
	run jcodefix --check good.pl
	[ "$status" -eq 0 ]
}

@test "--inc leaves a require its file's own @INC finds, reports one with no file beside it" {
	require_cmd perl
	mkdir -p site/lib site/cgi
	printf 'print "main\\n"; 1;\n' >site/lib/mhamain.pl
	printf 'print "beside\\n"; 1;\n' >site/cgi/util.pl
	printf '%s\n' "unshift(@INC, 'lib');" "require 'mhamain.pl';" >site/unshift.pl
	printf '%s\n' "use lib qw(lib);" "require 'mhamain.pl';" >site/uselib.pl
	printf '%s\n' "use lib \"\$ENV{HOME}/lib\";" "require 'mhamain.pl';" >site/unknown.pl
	printf '%s\n' "require 'util.pl';" "require 'nowhere.pl';" >site/cgi/bbs.cgi
	cp -R site before
	run --separate-stderr jcodefix -r -v -i --inc site
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = "jcodefix: site/cgi/bbs.cgi:1: 'util.pl' -> './util.pl'" ]
	[ "${stderr_lines[1]}" = "jcodefix: site/cgi/bbs.cgi:2: warning: require nowhere.pl left as is: no such file beside this one (perl 5.26 and later do not look in .)" ]
	[ "${stderr_lines[2]}" = "jcodefix: site/unknown.pl:2: warning: require mhamain.pl left as is: line 1 changes @INC in a way jcodefix cannot follow" ]
	[ "${#stderr_lines[@]}" -eq 3 ]
	cmp site/unshift.pl before/unshift.pl
	cmp site/uselib.pl before/uselib.pl
	cmp site/unknown.pl before/unknown.pl
	[ "$(sed -n 1p site/cgi/bbs.cgi)" = "require './util.pl';" ]
	cd site
	for f in unshift.pl uselib.pl; do
		run perl "$f"
		[ "$status" -eq 0 ]
		[ "$output" = main ]
	done
	cd cgi
	run perl -c bbs.cgi
	[ "$status" -eq 0 ]
	run perl -e 'require "./util.pl"'
	[ "$output" = beside ]
	cd ../..
	run jcodefix -r --check --inc site
	[ "$status" -eq 1 ]
}

@test "a subscript after a subscript leaves an operator expected: \$a[0]{n} / 2 is a division" {
	printf '%s\n' '$y = $a[0]{n} / 2; if (defined(@x)) { print "/" }' \
		'$z = $r->{a}{b} / 2; print 1 unless defined %h; # /' \
		'$w = $a[0][1] / 2; $v = defined @x;' >in.pl
	run jcodefix in.pl
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '$y = $a[0]{n} / 2; if ((@x)) { print "/" }' ]
	[ "${lines[1]}" = '$z = $r->{a}{b} / 2; print 1 unless %h; # /' ]
	[ "${lines[2]}" = '$w = $a[0][1] / 2; $v = !!@x;' ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "-l over a tree answers as the full lexer does: constructs cut by the quick scan's pieces, comments, POD" {
	mkdir t
	{ head -c 262140 /dev/zero | tr '\0' ' '; printf 'defined %%x;\n'; } >t/cut.pl
	printf 'print 1 if defined\n# a comment\n%%h;\n' >t/comment.pl
	printf '$x = @{$r}\n  ->[0];\n' >t/arrow.pl
	printf 'do $f(1);\n' >t/dosub.pl
	printf 'print "$*";\n' >t/star.pl
	printf '$[ =\0 1;\n' >t/nul.pl
	printf '$z = "a string\n# that ends on a line starting with #" unless defined(@l);\n' >t/hashline.pl
	printf '# defined %%x in a comment is nothing\nprint $r->{a}->[0], @$r;\ndo $file;\n' >t/clean.pl
	run --separate-stderr jcodefix -r -l t
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 't/comment.pl\nt/cut.pl\nt/dosub.pl\nt/hashline.pl')" ]
	[ "${stderr_lines[0]}" = 'jcodefix: t/arrow.pl:1: warning: @{$r}->[...] is fatal since Perl 5.22 (write ${$r}[...])' ]
	[ "${stderr_lines[1]}" = 'jcodefix: t/nul.pl:1: warning: assigning to $[ is fatal since Perl 5.30 unless the value is 0 (index from 0)' ]
	[ "${#stderr_lines[@]}" -eq 3 ]
	run jcodefix -r --check t/clean.pl
	[ "$status" -eq 0 ]
}
