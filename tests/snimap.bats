#!/usr/bin/env bats
# snimap: domain lists to Postfix/Dovecot SNI configuration, and the certificate checks.
# setup_file builds a throwaway CA and certificates with openssl (tests/fixtures/snimap/mkpki.sh).

load helper

setup_file() {
	command -v openssl >/dev/null || return 0
	PKI="$BATS_FILE_TMPDIR/pki"
	export PKI
	bash "$FIXTURES/snimap/mkpki.sh" "$PKI" >/dev/null 2>&1
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

teardown() {
	user_tmpdir_cleanup
	postfix_stop
	dovecot_stop
}

need_pki() {
	require_cmd openssl
	[ -f "$PKI/self.pem" ] || { echo "mkpki.sh failed" >&2; return 1; }
}

# --- input and names -------------------------------------------------------------

@test "a bare domain uses certbot's live directory, key first" {
	run --separate-stderr snimap <<<"example.com"
	[ "$status" -eq 0 ]
	[ "$output" = "example.com /etc/letsencrypt/live/example.com/privkey.pem, /etc/letsencrypt/live/example.com/fullchain.pem" ]
	[ -z "$stderr" ]
}

@test "an explicit line gives the certificate and key" {
	run --separate-stderr snimap <<<"mail.example.com /etc/ssl/mail.crt /etc/ssl/private/mail.key"
	[ "$status" -eq 0 ]
	[ "$output" = "mail.example.com /etc/ssl/private/mail.key, /etc/ssl/mail.crt" ]
}

@test "comments, blank lines, CRLF and a last line without newline" {
	printf '# domains\n\n  a.example   # first\r\n\tb.example /c/b.pem /k/b.key # x\nc.example' >list
	run --separate-stderr snimap -r /le list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "a.example /le/a.example/privkey.pem, /le/a.example/fullchain.pem" ]
	[ "${lines[1]}" = "b.example /k/b.key, /c/b.pem" ]
	[ "${lines[2]}" = "c.example /le/c.example/privkey.pem, /le/c.example/fullchain.pem" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "a byte order mark at the start of the list is skipped" {
	printf '\xef\xbb\xbfa.example /c /k\n\xef\xbb\xbfb.example /c /k\n' >list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: list:2: invalid character U+FEFF in name" ]
	printf '\xef\xbb\xbfa.example /c /k\n' >list
	run --separate-stderr snimap list
	[ "$status" -eq 0 ]
	[ "$output" = "a.example /k, /c" ]
}

@test "empty input prints nothing and succeeds" {
	run --separate-stderr snimap </dev/null
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "output keeps input order over several files and -" {
	printf 'z.example\n' >one
	printf 'a.example\n' >two
	run --separate-stderr snimap -r /r one - two <<<"m.example"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | cut -d' ' -f1 | tr '\n' ' ')" = "z.example m.example a.example " ]
}

@test "names are lowercased and lose their trailing dot" {
	run --separate-stderr snimap -r /r <<<"MAIL.Example.COM."
	[ "$status" -eq 0 ]
	[ "$output" = "mail.example.com /r/mail.example.com/privkey.pem, /r/mail.example.com/fullchain.pem" ]
}

@test "IDN names become A-labels (RFC 3492 punycode)" {
	printf '%s\n' 'bücher.example' 'Bücher.example' 'münchen.de /c /k' '日本語。jp /c /k' \
		'*.例え.テスト /c /k' 'пример.рф /c /k' 'ПРИМЕР.РФ /c /k' 'ελληνικά.gr /c /k' >list
	run --separate-stderr snimap -r /r list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "xn--bcher-kva.example /r/xn--bcher-kva.example/privkey.pem, /r/xn--bcher-kva.example/fullchain.pem" ]
	[ "${lines[1]}" = "xn--mnchen-3ya.de /k, /c" ]
	[ "${lines[2]}" = "xn--wgv71a119e.jp /k, /c" ]
	[ "${lines[3]}" = ".xn--r8jz45g.xn--zckzah /k, /c" ]
	[ "${lines[4]}" = "xn--e1afmkfd.xn--p1ai /k, /c" ]
	[ "${lines[5]}" = "xn--hxargifdar.gr /k, /c" ]
	[ "${#lines[@]}" -eq 6 ]
	[ "${stderr_lines[0]}" = "snimap: list:2: duplicate of xn--bcher-kva.example on list:1, ignored" ]
	[ "${stderr_lines[1]}" = "snimap: list:7: duplicate of xn--e1afmkfd.xn--p1ai on list:6, ignored" ]
}

@test "A-labels given in ASCII must be valid punycode of a lowercase U-label" {
	printf '%s\n' 'XN--Bcher-KVA.example /c /k' 'xn--wgv71a119e.jp /c /k' 'xn--zz.example /c /k' \
		'xn--a.example /c /k' 'xn--99999999999999.example /c /k' 'xn--tca.example /c /k' >list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	# xn--tca is U+00D9, a capital: no encoder of a lowercase name makes it
	[ "$stderr" = "snimap: list:3: xn--zz is not a valid A-label
snimap: list:4: xn--a is not a valid A-label
snimap: list:5: xn--99999999999999 is not a valid A-label
snimap: list:6: xn--tca is not a valid A-label" ]
	head -n 2 list >good
	run --separate-stderr snimap good
	[ "$status" -eq 0 ]
	[ "$output" = "xn--bcher-kva.example /k, /c
xn--wgv71a119e.jp /k, /c" ]
}

@test "invalid UTF-8 in a name is rejected" {
	for bad in '\xff.example' 'b\xc3.example' '\xc0\xaf.example' '\xed\xa0\x80.example' '\xf4\x90\x80\x80.example'; do
		printf "$bad\\n" >list
		run --separate-stderr snimap -r /r list
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "snimap: list:1: invalid UTF-8 in name" ] || { echo "$bad: $stderr"; false; }
	done
}

@test "names that are not LDH host names are rejected with the line named" {
	printf '%s\n' 'ok.example' 'under_score.example' 'a..example' '-lead.example' 'trail-.example' \
		'ab--cd.example' 'x.*.example' '*' 'a*.example' '.' 'sp​ace.example' 'a/b' >list
	run --separate-stderr snimap -r /r list
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "snimap: list:2: invalid character '_' in name" ]
	[ "${stderr_lines[1]}" = "snimap: list:3: empty label in name" ]
	[ "${stderr_lines[2]}" = "snimap: list:4: label starts or ends with a hyphen" ]
	[ "${stderr_lines[3]}" = "snimap: list:5: label starts or ends with a hyphen" ]
	[ "${stderr_lines[4]}" = 'snimap: list:6: label has "--" in its third and fourth place' ]
	[ "${stderr_lines[5]}" = "snimap: list:7: '*' is allowed only as the whole first label" ]
	[ "${stderr_lines[6]}" = "snimap: list:8: '*' is allowed only as the whole first label" ]
	[ "${stderr_lines[7]}" = "snimap: list:9: '*' is allowed only as the whole first label" ]
	[ "${stderr_lines[8]}" = "snimap: list:10: empty name" ]
	[ "${stderr_lines[9]}" = "snimap: list:11: invalid character U+200B in name" ]
	[ "${stderr_lines[10]}" = "snimap: list:12: invalid character '/' in name" ]
	[ "${#stderr_lines[@]}" -eq 11 ]
}

@test "labels up to 63 and names up to 253 characters, not one more" {
	l63=$(printf 'a%.0s' $(seq 63))
	run --separate-stderr snimap -r /r <<<"$l63.example"
	[ "$status" -eq 0 ]
	run --separate-stderr snimap -r /r <<<"${l63}b.example"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: standard input:1: label longer than 63 characters" ]
	name="$l63.$l63.$l63.$(printf 'c%.0s' $(seq 61))"
	[ "${#name}" -eq 253 ]
	run --separate-stderr snimap -C /c -K /k <<<"$name"
	[ "$status" -eq 0 ]
	[ "$output" = "$name /k, /c" ]
	run --separate-stderr snimap -C /c -K /k <<<"${name}d."
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: standard input:1: name longer than 253 characters" ]
	# an IDN label whose A-label passes 63
	run --separate-stderr snimap -C /c -K /k <<<"東京都千代田区丸の内一丁目九番.jp"
	[ "$output" = "xn--u9j130gda1tug1rnmy3pkqescy45zvq8a0vaw3oz02j.jp /k, /c" ]
	run --separate-stderr snimap -C /c -K /k <<<"東京都千代田区丸の内一丁目九番二号グラントウキョウサウスタワー.jp"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: standard input:1: label longer than 63 characters" ]
}

@test "a line with two fields or more than three is rejected" {
	printf 'a.example /c\nb.example /c /k /x\n' >list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "snimap: list:1: expected DOMAIN or DOMAIN CERTFILE KEYFILE" ]
	[ "${stderr_lines[1]}" = "snimap: list:2: expected DOMAIN or DOMAIN CERTFILE KEYFILE" ]
}

@test "relative paths are rejected" {
	run --separate-stderr snimap <<<"a.example cert.pem /k"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: standard input:1: certificate path: not an absolute path" ]
	run --separate-stderr snimap <<<"a.example /c ./k"
	[ "$stderr" = "snimap: standard input:1: key path: not an absolute path" ]
}

@test "every forbidden path character is rejected in every format, nothing printed" {
	for c in ',' '#' '$' '%' '"' "'" '\' '{' '}' '<' ';'; do
		for f in postfix dovecot dovecot24; do
			printf 'ok.example /c /k\nevil.example /etc/x%sy /k\n' "$c" >list
			run --separate-stderr snimap -f "$f" list
			[ "$status" -eq 2 ] || { echo "$c $f: $status"; false; }
			[ -z "$output" ] || { echo "$c $f: $output"; false; }
			if [ "$c" = '#' ]; then
				# "/etc/x#y" stays one word: "#" starts a comment only at a word's start
				[ "$stderr" = "snimap: list:2: certificate path: forbidden character '#' in path" ]
			else
				[ "$stderr" = "snimap: list:2: certificate path: forbidden character '$c' in path" ] ||
					{ echo "$c: $stderr"; false; }
			fi
			printf 'evil.example /c /k%s\n' "$c" >list
			run --separate-stderr snimap -f "$f" list
			[ "$status" -eq 2 ]
			[ -z "$output" ]
			[ "$stderr" = "snimap: list:1: key path: forbidden character '$c' in path" ]
		done
	done
}

@test "control characters, NUL and DEL in paths and names are rejected" {
	for c in '\001' '\033' '\177' '\v' '\f' '\000'; do
		printf "evil.example /etc/a${c}b /k\\n" >list
		run --separate-stderr snimap -f dovecot list
		[ "$status" -eq 2 ] || { echo "$c"; false; }
		[ -z "$output" ]
		[[ "$stderr" == "snimap: list:1: certificate path: control character \\x"* ]] || { echo "$c: $stderr"; false; }
		printf "ev${c}il.example /c /k\\n" >list
		run --separate-stderr snimap list
		[ "$status" -eq 2 ]
		[[ "$stderr" == "snimap: list:1: invalid character \\x"* ]] || { echo "$c: $stderr"; false; }
	done
}

@test "a path that is not UTF-8 or holds a C1 control is rejected in every format, nothing written" {
	# Latin-1, a lone continuation byte, a cut sequence, an overlong '/', a surrogate,
	# a code point above U+10FFFF: postmap drops each such line with a mere warning
	for c in '\374 fc' '\200 80' '\342\202 e2' '\300\257 c0' '\355\240\200 ed' '\364\220\200\200 f4'; do
		b=${c% *}
		want="\\x${c#* }"
		for f in postfix dovecot dovecot24; do
			printf "ok.example /c /k\\nevil.example /etc/b${b}r.pem /k\\n" >list
			run --separate-stderr snimap -f "$f" list
			[ "$status" -eq 2 ] || { echo "$b $f: $status"; false; }
			[ -z "$output" ]
			[ "$stderr" = "snimap: list:2: certificate path: invalid UTF-8 $want in path" ] ||
				{ echo "$b: $stderr"; false; }
			printf "evil.example /c /k${b}\\n" >list
			run --separate-stderr snimap -f "$f" list
			[ "$status" -eq 2 ]
			[ "$stderr" = "snimap: list:1: key path: invalid UTF-8 $want in path" ]
		done
	done
	printf 'evil.example /etc/a\302\205b /k\n' >list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: list:1: certificate path: control character U+0085 in path" ]
	# templates and --root build paths from the same rule
	run --separate-stderr snimap --cert "$(printf '/etc/\374/%%d.pem')" --key /k/%d <<<a.example
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: standard input:1: certificate path: invalid UTF-8 \\xfc in path" ]
	run --separate-stderr snimap -r "$(printf '/le/\374')" <<<a.example
	[ "$stderr" = "snimap: standard input:1: certificate path: invalid UTF-8 \\xfc in path" ]
	run --separate-stderr snimap -f main.cf -m "$(printf '/etc/postfix/\374')"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: --map /etc/postfix/$(printf '\374'): invalid UTF-8 \\xfc in path" ]
	# UTF-8 itself is fine
	run --separate-stderr snimap <<<"b.example /etc/ssl/bücher.pem /etc/ssl/bücher.key"
	[ "$status" -eq 0 ]
	[ "$output" = "b.example /etc/ssl/bücher.key, /etc/ssl/bücher.pem" ]
	need_pki
	good_list
	printf 'evil.example %s /etc/b\374r.key\n' "$PKI/ec.full" >>list
	run --separate-stderr snimap -w "$PWD/sni_maps" list
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: list:3: key path: invalid UTF-8 \\xfc in path" ]
	[ ! -e sni_maps ]
}

@test "postmap keeps every line snimap writes: seeded paths of hostile bytes" {
	require_cmd postmap
	postmap_config
	# paths of letters and raw bytes 0x80-0xff, with valid sequences mixed in; each line
	# is given to snimap alone, then what snimap wrote and what it refused for its
	# encoding both go to postmap, which must keep the first and drop the second
	LC_ALL=C awk 'BEGIN {
		srand(20261202)
		split("c3 a9|e3 81 82|f0 9f 98 80|ed 9f bf|ef bf bd|c2 a0|e2 80 8b", seq, "|")
		for (n = 1; n <= 300; n++) {
			p = "/etc/ssl/"
			len = 1 + int(rand() * 12)
			for (i = 0; i < len; i++) {
				r = rand()
				if (r < 0.5)
					p = p sprintf("%c", 97 + int(rand() * 26))
				else if (r < 0.75) {
					k = split(seq[1 + int(rand() * 7)], b, " ")
					for (j = 1; j <= k; j++)
						p = p sprintf("%c", index("0123456789abcdef", substr(b[j], 1, 1)) * 16 + index("0123456789abcdef", substr(b[j], 2, 1)) - 17)
				} else
					p = p sprintf("%c", 128 + int(rand() * 128))
			}
			printf "h%d.example %s.pem /etc/ssl/k.key\n", n, p
		}
	}' >lines
	[ "$(wc -l <lines)" -eq 300 ]
	: >kept
	: >refused
	while IFS= read -r line; do
		if snimap <<<"$line" >>kept 2>err; then
			:
		else
			grep -q 'invalid UTF-8' err || { cat err; false; }
			printf '%s\n' "$line" >>refused
		fi
	done <lines
	nk=$(wc -l <kept)
	nr=$(wc -l <refused)
	echo "kept $nk, refused $nr"
	[ "$nk" -gt 20 ] && [ "$nr" -gt 20 ]
	run --separate-stderr postmap "hash:$PWD/kept"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ] || { echo "$stderr" | head -5; false; }
	[ "$(postmap -s "hash:$PWD/kept" | wc -l)" -eq "$nk" ]
	run --separate-stderr postmap "hash:$PWD/refused"
	[ "$(grep -c 'non-UTF-8 input' <<<"$stderr")" -eq "$nr" ]
}

@test "postmap and doveconf keep every entry snimap writes: seeded names and paths" {
	require_cmd postmap
	require_cmd doveconf
	need_pki
	postmap_config
	# names of ASCII, Latin, Cyrillic, CJK and full-width letters, dots of three kinds,
	# a wildcard now and then; UTF-8 paths; each line given to snimap alone
	LC_ALL=C awk 'BEGIN {
		srand(20261203)
		n = split("a|b|z|0|9|-|A|Q|.|.|.|c3 a9|c3 9c|c3 bc|d0 b4|d0 94|e4 be 8b|e3 80 82|ef bc 8e|ef bd a1|e2 80 8b|c2 a0|5f|2a", tok, "|")
		for (i = 1; i <= n; i++) {
			if (length(tok[i]) <= 1) { ch[i] = tok[i]; continue }
			k = split(tok[i], b, " ")
			ch[i] = ""
			for (j = 1; j <= k; j++)
				ch[i] = ch[i] sprintf("%c", index("0123456789abcdef", substr(b[j], 1, 1)) * 16 + index("0123456789abcdef", substr(b[j], 2, 1)) - 17)
		}
		# letters 1-8, 12-17 and 25 (a hyphen between letters); dots 9-11, 18-20;
		# hostile: ZWSP, NBSP, "_", "*" (21-24)
		split("1 2 3 4 5 6 7 8 12 13 14 15 16 17", letter, " ")
		for (l = 1; l <= 300; l++) {
			name = rand() < 0.15 ? "*." : ""
			labels = 1 + int(rand() * 3)
			for (k = 0; k < labels; k++) {
				if (k > 0)
					name = name ch[rand() < 0.7 ? 9 : 18 + int(rand() * 3)]
				len = 1 + int(rand() * 8)
				for (i = 0; i < len; i++) {
					if (i > 0 && i < len - 1 && rand() < 0.1)
						name = name "-"
					else if (rand() < 0.03)
						name = name ch[21 + int(rand() * 4)]
					else
						name = name ch[letter[1 + int(rand() * 14)]]
				}
			}
			name = name (rand() < 0.8 ? ".example" : "")
			path = "/etc/ssl/" ch[1 + int(rand() * 11)] ch[12 + int(rand() * 10)] ".pem"
			printf "%s %s /etc/ssl/k%d.key\n", name, path, l
		}
	}' >lines
	[ "$(wc -l <lines)" -eq 300 ]
	: >kept
	while IFS= read -r line; do
		snimap <<<"$line" >>kept 2>/dev/null || true
	done <lines
	# a name may come twice: postmap keeps the first, as snimap would have said
	sort -u -k1,1 kept >map
	nk=$(wc -l <map)
	echo "$nk distinct names kept of 300"
	[ "$nk" -gt 50 ]
	run --separate-stderr postmap "hash:$PWD/map"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ] || { echo "$stderr" | head -5; false; }
	while read -r key value; do
		[ "$(postmap -q "$key" "hash:$PWD/map")" = "$value" ] || { echo "postmap lost $key"; false; }
	done <map
	# the same entries as Dovecot blocks: doveconf reads one local_name per name
	awk '{ sub(/^\./, "*.", $1); print $1, $3, $2 }' map | tr -d , >dlist
	run --separate-stderr snimap -f dovecot dlist
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >sni.conf
	cat >dovecot.conf <<EOF2
ssl = required
ssl_cert = <$PKI/rsa.full
ssl_key = <$PKI/rsa.key
!include $PWD/sni.conf
EOF2
	run --separate-stderr doveconf -n -c dovecot.conf
	[ "$status" -eq 0 ] || { echo "$stderr" | head -5; false; }
	[ "$(grep -c '^local_name ' <<<"$output")" -eq "$nk" ]
}

@test "a malicious list cannot add a Dovecot directive or a Postfix entry" {
	cat >list <<'EOF'
good.example /c/g.pem /k/g.key
evil.example {
evil.example /c/x.pem /k/x.key}ssl_key=</etc/shadow
evil.example /c/x.pem</etc/shadow /k
evil.example{ /c /k
evil.example /c/x.pem,/etc/shadow /k
EOF
	run --separate-stderr snimap -f dovecot list
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 5 ]
	run --separate-stderr snimap -f postfix list
	[ "$status" -eq 2 ]
	[ -z "$output" ]
}

@test "templates, --root and the map path are checked too" {
	run --separate-stderr snimap -C '/etc/%d;x' -K /k <<<"a.example"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: standard input:1: certificate path: forbidden character ';' in path" ]
	run --separate-stderr snimap -r '/etc/{x}' <<<"a.example"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: standard input:1: certificate path: forbidden character '{' in path" ]
	run --separate-stderr snimap -C 'rel/%d' -K /k <<<"a.example"
	[ "$stderr" = "snimap: standard input:1: certificate path: not an absolute path" ]
	run --separate-stderr snimap -f main.cf -m '/etc/postfix/sni $x'
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: --map /etc/postfix/sni \$x: blank in path" ]
}

@test "wildcards: Postfix parent-domain form, Dovecot keeps *." {
	run --separate-stderr snimap -r /r <<<"*.Example.com"
	[ "$status" -eq 0 ]
	[ "$output" = ".example.com /r/example.com/privkey.pem, /r/example.com/fullchain.pem" ]
	run --separate-stderr snimap -f dovecot -r /r <<<"*.example.com"
	[ "${lines[0]}" = "local_name *.example.com {" ]
}

# --- layouts -----------------------------------------------------------------------

@test "--layout certbot and dehydrated with --root" {
	run --separate-stderr snimap -l certbot -r /srv/le/ <<<"a.example"
	[ "$output" = "a.example /srv/le/a.example/privkey.pem, /srv/le/a.example/fullchain.pem" ]
	run --separate-stderr snimap --layout dehydrated <<<"a.example"
	[ "$output" = "a.example /var/lib/dehydrated/certs/a.example/privkey.pem, /var/lib/dehydrated/certs/a.example/fullchain.pem" ]
	run --separate-stderr snimap --layout dehydrated --root /d <<<"a.example"
	[ "$output" = "a.example /d/a.example/privkey.pem, /d/a.example/fullchain.pem" ]
}

@test "--layout acme.sh: NAME_ecc/ when it exists, else NAME/; default under HOME" {
	mkdir -p acme/ecc.example_ecc acme/rsa.example
	printf 'ecc.example\nrsa.example\n*.w.example\n' >list
	run --separate-stderr snimap -l acme.sh -r "$PWD/acme" list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "ecc.example $PWD/acme/ecc.example_ecc/ecc.example.key, $PWD/acme/ecc.example_ecc/fullchain.cer" ]
	[ "${lines[1]}" = "rsa.example $PWD/acme/rsa.example/rsa.example.key, $PWD/acme/rsa.example/fullchain.cer" ]
	[ "${lines[2]}" = ".w.example $PWD/acme/*.w.example/*.w.example.key, $PWD/acme/*.w.example/fullchain.cer" ]
	HOME=/home/ops run --separate-stderr snimap -l acme.sh <<<"a.example"
	[ "$output" = "a.example /home/ops/.acme.sh/a.example/a.example.key, /home/ops/.acme.sh/a.example/fullchain.cer" ]
	run --separate-stderr env -u HOME snimap -l acme.sh <<<"a.example"
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: HOME is not set: give --root" ]
}

@test "--cert and --key templates replace %d with the name" {
	run --separate-stderr snimap --cert /etc/ssl/%d/%d.crt --key /etc/ssl/private/%d.key <<<"bücher.example"
	[ "$status" -eq 0 ]
	[ "$output" = "xn--bcher-kva.example /etc/ssl/private/xn--bcher-kva.example.key, /etc/ssl/xn--bcher-kva.example/xn--bcher-kva.example.crt" ]
}

@test "template and layout usage errors" {
	run --separate-stderr snimap --cert /c/%d </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: --cert and --key go together" ]
	[[ "$stderr" == *"usage: snimap "* ]]
	run --separate-stderr snimap -C /c/%s -K /k </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: a template may hold %d and no other % sequence" ]
	run --separate-stderr snimap -C /c/%d -K /k -r /x </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: --cert and --key replace --layout, --root and --scan" ]
	run --separate-stderr snimap -l caddy </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: unknown layout: caddy" ]
}

# --- formats -------------------------------------------------------------------------

@test "-f dovecot writes one block per name, every setting on its own line" {
	run --separate-stderr snimap -f dovecot -r /le <<<$'a.example\nb.example /c/b.pem /k/b.key'
	[ "$status" -eq 0 ]
	[ "$output" = "local_name a.example {
  ssl_cert = </le/a.example/fullchain.pem
  ssl_key = </le/a.example/privkey.pem
}
local_name b.example {
  ssl_cert = </c/b.pem
  ssl_key = </k/b.key
}" ]
}

@test "-f dovecot24 uses the 2.4 settings with plain paths" {
	run --separate-stderr snimap --format dovecot24 <<<"b.example /c/b.pem /k/b.key"
	[ "$status" -eq 0 ]
	[ "$output" = "local_name b.example {
  ssl_server_cert_file = /c/b.pem
  ssl_server_key_file = /k/b.key
}" ]
}

@test "-f main.cf prints the setting that enables the map; --map-type and --map" {
	run --separate-stderr snimap -f main.cf
	[ "$status" -eq 0 ]
	[ "$output" = "tls_server_sni_maps = hash:/etc/postfix/sni_maps" ]
	run --separate-stderr snimap -f main.cf --map-type lmdb --map /etc/postfix/sni
	[ "$output" = "tls_server_sni_maps = lmdb:/etc/postfix/sni" ]
	run --separate-stderr snimap -f main.cf -t cdb
	[ "$output" = "tls_server_sni_maps = cdb:/etc/postfix/sni_maps" ]
	run --separate-stderr snimap -f main.cf -t btree
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: unknown map type: btree" ]
	run --separate-stderr snimap -f main.cf list
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: -f main.cf reads no domain list" ]
	run --separate-stderr snimap -f nginx
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: unknown format: nginx" ]
}

@test "duplicates: same files are dropped with a warning, other files are an error" {
	printf 'a.example /c /k\nb.example /c /k\nA.example. /c /k\n' >list
	run --separate-stderr snimap list
	[ "$status" -eq 0 ]
	[ "$output" = $'a.example /k, /c\nb.example /k, /c' ]
	[ "$stderr" = "snimap: list:3: duplicate of a.example on list:1, ignored" ]
	printf 'a.example /c /k\na.example /c2 /k\n' >list
	run --separate-stderr snimap -f dovecot list
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "snimap: list:2: a.example is already on list:1 with other files" ]
}

@test "an exact name and a wildcard with different certificates are warned about" {
	printf '*.example.com /w.pem /w.key\nmail.example.com /m.pem /m.key\nwww.example.com /w.pem /w.key\nexample.com /x /y\n' >list
	run --separate-stderr snimap list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$stderr" = "snimap: list:2: mail.example.com is also covered by *.example.com on list:1 with another certificate; Dovecot 2.3 uses whichever block comes first, 2.4 may differ" ]
	# the wildcard listed twice: still found
	printf '*.example.com /w.pem /w.key\n' >>list
	run --separate-stderr snimap list
	[ "$status" -eq 0 ]
	[ "${stderr_lines[1]}" = "snimap: list:2: mail.example.com is also covered by *.example.com on list:1 with another certificate; Dovecot 2.3 uses whichever block comes first, 2.4 may differ" ]
}

@test "unreadable and missing lists: error, other files still read, nothing printed" {
	user_tmpdir
	printf 'a.example /c /k\n' >"$USER_TMP/good"
	printf 'b.example /c /k\n' >"$USER_TMP/secret"
	chmod 0600 "$USER_TMP/secret"
	chmod 0644 "$USER_TMP/good"
	run --separate-stderr as_user "$KANRI_BIN/snimap" "$USER_TMP/nope" "$USER_TMP/secret" "$USER_TMP/good"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "snimap: $USER_TMP/nope: No such file or directory" ]
	[ "${stderr_lines[1]}" = "snimap: $USER_TMP/secret: Permission denied" ]
}

@test "a full disk is a write error" {
	run --separate-stderr bash -c 'echo a.example | snimap >/dev/full'
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: write error: No space left on device" ]
}

@test "bad --days is a usage error" {
	run --separate-stderr snimap -c --days -3 </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: --days -3: too small" ]
	run --separate-stderr snimap -c --days x </dev/null
	[ "${stderr_lines[0]}" = "snimap: --days x: invalid" ]
}

@test "a very long line is one error, not a crash" {
	head -c 65000 /dev/zero | tr '\0' a >list
	echo >>list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: list:1: label longer than 63 characters" ]
}

@test "a line of more than 65536 bytes is refused with its line number, nothing printed" {
	# 65536 bytes besides the newline is the limit, a comment of that length still passes
	{
		echo a.example.com
		printf '#%65535s\n' ''
		echo b.example.com
	} >list
	run --separate-stderr snimap list
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	{
		echo a.example.com
		printf '#%65536s\n' ''
		echo b.example.com
	} >list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "snimap: list:2: line too long (more than 65536 bytes)" ]
	need_pki
	good_list
	printf 'c.example.com %s %s\n#%70000s\n' "$PKI/ec.full" "$PKI/ec.key" '' >long
	run --separate-stderr snimap -w "$PWD/sni_maps" list long
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: long:2: line too long (more than 65536 bytes)" ]
	[ ! -e sni_maps ]
}

@test "an endless line stops at the limit instead of eating memory" {
	# an unbounded reader grows until it is killed or, under a limit, stops and reports
	# success: either way this test fails on such a reader
	run --separate-stderr timeout 20 "$KANRI_BIN/snimap" -c </dev/zero
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: standard input:1: line too long (more than 65536 bytes)" ]
	run --separate-stderr timeout 20 "$KANRI_BIN/snimap" -f dovecot /dev/zero
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: /dev/zero:1: line too long (more than 65536 bytes)" ]
}

@test "a list that cannot be read is an error: a directory, nothing written" {
	need_pki
	good_list
	mkdir dir
	run --separate-stderr snimap -w "$PWD/sni_maps" list dir
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: dir: Is a directory" ]
	[ ! -e sni_maps ]
}

@test "out of memory while reading a line is an error, never the end of the list" {
	[ -z "${KANRI_SANITIZED:-}" ] || skip "ulimit -v and AddressSanitizer's shadow memory"
	export GLIBC_TUNABLES=glibc.malloc.top_pad=0
	printf '%s\n' a.example.com '# short' b.example.com >short
	{
		echo a.example.com
		printf '#%60000s\n' ''
		echo b.example.com
	} >long
	snimap long >want
	[ "$(wc -l <want)" -eq 2 ]
	# at the limit the short list just fits in, the long line's buffer cannot grow:
	# glibc's getline returned -1 there without an error flag, and the list ended
	base=$(min_vmem short "$KANRI_BIN/snimap")
	oom=0 ok=0 named=0
	for kb in $(seq "$base" 2 $((base + 160))); do
		rc=0
		(ulimit -v "$kb" && exec "$KANRI_BIN/snimap" <long) >got 2>err || rc=$?
		if [ "$rc" -eq 0 ]; then
			cmp want got || { echo "ulimit -v $kb: exit 0 with $(wc -l <got) of 2 lines"; false; }
			ok=$((ok + 1))
		else
			[ "$rc" -eq 2 ] || { echo "ulimit -v $kb: exit $rc"; false; }
			[ ! -s got ]
			grep -qi '^snimap: .*\(out of memory\|Cannot allocate memory\)' err
			oom=$((oom + 1))
			# the reader's own failure names the input (strerror: glibc's, musl's)
			! grep -qx 'snimap: standard input: \(Cannot allocate memory\|Out of memory\)' err ||
				named=$((named + 1))
		fi
	done
	echo "from $base KiB: $oom out of memory ($named in the reader), $ok complete"
	[ "$oom" -gt 0 ] && [ "$named" -gt 0 ]
	[ "$ok" -gt 0 ]
}

# --- checks --------------------------------------------------------------------------

@test "--write under a memory limit writes the whole map or nothing" {
	[ -z "${KANRI_SANITIZED:-}" ] || skip "ulimit -v and AddressSanitizer's shadow memory"
	need_pki
	export GLIBC_TUNABLES=glibc.malloc.top_pad=0
	good_list
	sed '1a # short' list >short
	sed '1a #'"$(printf '%60000s' '')" list >long
	snimap -w "$PWD/want" <long
	grep -q '^\.example\.org ' want
	# the issue's case: glibc's getline failed on the long comment, the list ended
	# there and the map lost every name after it, exit 0
	base=$(min_vmem short "$KANRI_BIN/snimap" -w "$PWD/probe")
	oom=0 ok=0
	for kb in $(seq "$base" 2 $((base + 160))); do
		rm -f map
		rc=0
		(ulimit -v "$kb" && exec "$KANRI_BIN/snimap" -w "$PWD/map" <long) >out 2>err || rc=$?
		if [ "$rc" -eq 0 ]; then
			cmp want map || { echo "ulimit -v $kb: exit 0 with $(grep -c example map) of 2 names"; false; }
			ok=$((ok + 1))
		else
			[ "$rc" -eq 2 ] || { echo "ulimit -v $kb: exit $rc"; false; }
			[ ! -e map ]
			oom=$((oom + 1))
		fi
	done
	echo "from $base KiB: $oom out of memory, $ok complete"
	[ "$oom" -gt 0 ]
	[ "$ok" -gt 0 ]
}

@test "--check: RSA keys in PKCS#8 and PKCS#1, every SAN name, days left" {
	need_pki
	cat >list <<EOF2
example.com $PKI/rsa.full $PKI/rsa.key
WWW.example.com $PKI/rsa.full $PKI/rsa-pkcs1.key
mail.example.com $PKI/rsa.full $PKI/rsa.key
EOF2
	left=$(( ($(date -u -d 2055-01-01 +%s) - $(date -u +%s)) / 86400 ))
	run --separate-stderr snimap -c list
	[ "$status" -eq 0 ]
	[ "$output" = "example.com: ok, $left days left
www.example.com: ok, $left days left
mail.example.com: ok, $left days left" ]
	[ -z "$stderr" ]
}

@test "--check: EC keys in PKCS#8, SEC1 and with a compressed point; IDN SAN" {
	need_pki
	cat >list <<EOF2
example.net $PKI/ec.full $PKI/ec.key
bücher.example.net $PKI/ec.full $PKI/ec-sec1.key
EOF2
	run --separate-stderr snimap --check list
	[ "$status" -eq 0 ]
	[ "$output" = "example.net: ok, 90 days left
xn--bcher-kva.example.net: ok, 90 days left" ]
	run --separate-stderr snimap -c <<<"example.net $PKI/ec.full $PKI/ec-compressed.key"
	[ "$status" -eq 0 ]
	[ "$output" = "example.net: ok, 90 days left" ]
}

@test "--check: a key that belongs to another certificate fails" {
	need_pki
	run --separate-stderr snimap -c <<<"example.com $PKI/rsa.full $PKI/other-rsa.key"
	[ "$status" -eq 1 ]
	[[ "$output" == "example.com: failed: key does not match the certificate, "*" days left" ]]
	# a key of another type says so
	for key in other-ec.key ec.key; do
		run --separate-stderr snimap -c <<<"example.com $PKI/rsa.full $PKI/$key"
		[ "$status" -eq 1 ]
		[[ "$output" == "example.com: failed: key does not match the certificate (EC key, RSA certificate), "*" days left" ]] || { echo "$key: $output"; false; }
	done
	run --separate-stderr snimap -c <<<"example.net $PKI/ec.full $PKI/other-ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: key does not match the certificate, 90 days left" ]
}

@test "--check: a name the certificate does not cover fails; one wildcard label only" {
	need_pki
	cat >list <<EOF2
a.example.org $PKI/wild.full $PKI/ec.key
*.example.org $PKI/wild.full $PKI/ec.key
example.org $PKI/wild.full $PKI/ec.key
a.b.example.org $PKI/wild.full $PKI/ec.key
other.example $PKI/ec.full $PKI/ec.key
EOF2
	run --separate-stderr snimap -c list
	[ "$status" -eq 1 ]
	[ "$output" = "a.example.org: ok, 90 days left
*.example.org: ok, 90 days left
example.org: ok, 90 days left
a.b.example.org: failed: certificate does not cover a.b.example.org, 90 days left
other.example: failed: certificate does not cover other.example, 90 days left" ]
}

@test "--check: the subject CN counts only when there is no SAN" {
	need_pki
	run --separate-stderr snimap -c <<<"cn.example.com $PKI/cn.full $PKI/ec.key"
	[ "$status" -eq 0 ]
	[ "$output" = "cn.example.com: ok, 90 days left" ]
	# rsa.pem's CN is example.com, but its SAN is what counts
	run --separate-stderr snimap -c <<<"example.net $PKI/ec.full $PKI/ec.key"
	[ "$status" -eq 0 ]
	run --separate-stderr snimap -c <<<"ex.example.net $PKI/ec.full $PKI/ec.key"
	[ "$status" -eq 1 ]
}

@test "--check: expired, not yet valid, and --days" {
	need_pki
	ago=$(( ($(date -u +%s) - $(date -u -d 2021-01-01 +%s)) / 86400 ))
	run --separate-stderr snimap -c <<<"old.example.com $PKI/expired.full $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "old.example.com: failed: expired $ago days ago" ]
	run --separate-stderr snimap -c <<<"new.example.com $PKI/future.full $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "new.example.com: failed: not valid before 2045-01-01" ]
	run --separate-stderr snimap -c <<<"soon.example.com $PKI/soon.full $PKI/ec.key"
	[ "$status" -eq 0 ]
	[ "$output" = "soon.example.com: ok, 5 days left" ]
	run --separate-stderr snimap -c --days 30 <<<"soon.example.com $PKI/soon.full $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "soon.example.com: failed: expires within 30 days, 5 days left" ]
	run --separate-stderr snimap -c -d 6 <<<"soon.example.com $PKI/soon.full $PKI/ec.key"
	[ "$status" -eq 1 ]
	run --separate-stderr snimap -c -d 5 <<<"soon.example.com $PKI/soon.full $PKI/ec.key"
	[ "$status" -eq 0 ]
}

@test "--check: encrypted keys and stray EC PARAMETERS fail" {
	need_pki
	for k in ec-enc8.key ec-enc1.key; do
		run --separate-stderr snimap -c <<<"example.net $PKI/ec.full $PKI/$k"
		[ "$status" -eq 1 ]
		[ "$output" = "example.net: failed: $PKI/$k: encrypted key, 90 days left" ]
	done
	run --separate-stderr snimap -c <<<"example.net $PKI/ec.full $PKI/ec-params.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PKI/ec-params.key: stray EC PARAMETERS block, 90 days left" ]
}

@test "--check: keys without a comparable public part are unverifiable, not ok" {
	need_pki
	run --separate-stderr snimap -c <<<"example.net $PKI/ec.full $PKI/ec-nopub.key"
	[ "$status" -eq 0 ]
	[ "$output" = "example.net: unverifiable: EC key without its public part, 90 days left" ]
	run --separate-stderr snimap -c <<<"ed.example.com $PKI/ed.full $PKI/ed.key"
	[ "$status" -eq 0 ]
	[ "$output" = "ed.example.com: unverifiable: Ed25519 key, 90 days left" ]
	# an RSA key is still compared with an EC certificate's type
	run --separate-stderr snimap -c <<<"ed.example.com $PKI/ed.full $PKI/rsa.key"
	[ "$status" -eq 1 ]
}

@test "--check: a leaf without its chain fails, a self-signed one does not" {
	need_pki
	run --separate-stderr snimap -c <<<"example.net $PKI/ec.pem $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PKI/ec.pem: leaf without its chain, 90 days left" ]
	run --separate-stderr snimap -c <<<"self.example.com $PKI/self.pem $PKI/ec.key"
	[ "$status" -eq 0 ]
	[ "$output" = "self.example.com: ok, 30 days left" ]
}

@test "--check: a chain in the wrong order fails" {
	need_pki
	cat "$PKI/ca.pem" "$PKI/ec.pem" >rev.pem
	run --separate-stderr snimap -c <<<"example.net $PWD/rev.pem $PKI/ec.key"
	[ "$status" -eq 1 ]
	[[ "$output" == "example.net: failed: $PWD/rev.pem: the certificate after the leaf is not its issuer; certificate does not cover example.net; "* ]]
	cat "$PKI/ec.pem" "$PKI/rsa.pem" >wrong.pem
	run --separate-stderr snimap -c <<<"example.net $PWD/wrong.pem $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PWD/wrong.pem: the certificate after the leaf is not its issuer, 90 days left" ]
}

@test "--check: missing, unreadable, non-regular and damaged files" {
	need_pki
	run --separate-stderr snimap -c <<<"example.net /nonexistent/c.pem /nonexistent/k.pem"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: /nonexistent/c.pem: No such file or directory; /nonexistent/k.pem: No such file or directory" ]
	run --separate-stderr snimap -c <<<"example.net $PKI $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PKI: not a regular file" ]
	sed 's/^M/!/' "$PKI/ec.full" >damaged.pem
	run --separate-stderr snimap -c <<<"example.net $PWD/damaged.pem $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PWD/damaged.pem: damaged PEM block" ]
	head -c 300 "$PKI/ec.full" >cut.pem
	run --separate-stderr snimap -c <<<"example.net $PWD/cut.pem $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PWD/cut.pem: damaged PEM block" ]
	printf 'hello\n' >empty.pem
	run --separate-stderr snimap -c <<<"example.net $PWD/empty.pem $PWD/empty.pem"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PWD/empty.pem: no certificate; $PWD/empty.pem: no private key" ]
	cat "$PKI/ec.key" "$PKI/rsa.key" >two.key
	run --separate-stderr snimap -c <<<"example.net $PKI/ec.full $PWD/two.key"
	[ "$output" = "example.net: failed: $PWD/two.key: more than one private key, 90 days left" ]
	user_tmpdir
	cp "$PKI/ec.full" "$PKI/ec.key" "$USER_TMP/"
	chmod 0600 "$USER_TMP/ec.key"
	chmod 0644 "$USER_TMP/ec.full"
	run --separate-stderr as_user "$KANRI_BIN/snimap" -c <<<"example.net $USER_TMP/ec.full $USER_TMP/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $USER_TMP/ec.key: Permission denied, 90 days left" ]
}

@test "--check: a certificate or key file of more than 1 MiB is refused before it is read" {
	need_pki
	# text around PEM blocks is allowed: pad a good chain to exactly 1 MiB
	cp "$PKI/ec.full" big.pem
	printf '#%*s\n' $((1048576 - $(wc -c <big.pem) - 2)) '' >>big.pem
	[ "$(wc -c <big.pem)" -eq 1048576 ]
	run --separate-stderr snimap -c <<<"example.net $PWD/big.pem $PKI/ec.key"
	[ "$status" -eq 0 ]
	[ "$output" = "example.net: ok, 90 days left" ]
	echo >>big.pem
	run --separate-stderr snimap -c <<<"example.net $PWD/big.pem $PKI/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PWD/big.pem: larger than 1 MiB, not a certificate or key" ]
	# a sparse file of 64 GiB is refused by its size, not read
	truncate -s 64G huge.key
	run --separate-stderr timeout 20 "$KANRI_BIN/snimap" -c <<<"example.net $PKI/ec.full $PWD/huge.key"
	[ "$status" -eq 1 ]
	[ "$output" = "example.net: failed: $PWD/huge.key: larger than 1 MiB, not a certificate or key, 90 days left" ]
	need_pki
	good_list
	echo "example.com $PKI/ec.full $PWD/huge.key" >>list
	run --separate-stderr snimap -w "$PWD/sni_maps" list
	[ "$status" -eq 1 ]
	[ ! -e sni_maps ]
	mkdir -p scan/example.com
	cp big.pem scan/example.com/fullchain.pem
	cp "$PKI/ec.key" scan/example.com/privkey.pem
	run --separate-stderr snimap -s "$PWD/scan"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: $PWD/scan/example.com/fullchain.pem: larger than 1 MiB, not a certificate or key" ]
}

@test "--check follows symlinks the way certbot's live directory uses them" {
	need_pki
	mkdir -p le/archive/example.net le/live/example.net
	cp "$PKI/ec.full" le/archive/example.net/fullchain1.pem
	cp "$PKI/ec.key" le/archive/example.net/privkey1.pem
	ln -s ../../archive/example.net/fullchain1.pem le/live/example.net/fullchain.pem
	ln -s ../../archive/example.net/privkey1.pem le/live/example.net/privkey.pem
	run --separate-stderr snimap -c -r "$PWD/le/live" <<<"example.net"
	[ "$status" -eq 0 ]
	[ "$output" = "example.net: ok, 90 days left" ]
	ln -s nowhere le/live/example.net/dangling.pem
	run --separate-stderr snimap -c <<<"example.net $PWD/le/live/example.net/dangling.pem $PKI/ec.key"
	[ "$output" = "example.net: failed: $PWD/le/live/example.net/dangling.pem: No such file or directory" ]
}

# --- --write and --postmap ------------------------------------------------------------

# A list of two good entries.
good_list() {
	cat >list <<EOF2
example.net $PKI/ec.full $PKI/ec.key
*.example.org $PKI/wild.full $PKI/ec.key
EOF2
}

@test "--write creates a Postfix map between markers, mode 0600" {
	need_pki
	good_list
	run --separate-stderr snimap -w "$PWD/sni_maps" list
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(cat sni_maps)" = "# BEGIN snimap
example.net $PKI/ec.key, $PKI/ec.full
.example.org $PKI/ec.key, $PKI/wild.full
# END snimap" ]
	[ "$(stat -c %a sni_maps)" = 600 ]
}

@test "a file holding both the key and the chain is named once in the map" {
	need_pki
	cat "$PKI/ec.key" "$PKI/ec.full" >combined.pem
	run --separate-stderr snimap -c <<<"example.net $PWD/combined.pem $PWD/combined.pem"
	[ "$status" -eq 0 ]
	[ "$output" = "example.net: ok, 90 days left" ]
	run --separate-stderr snimap <<<"example.net $PWD/combined.pem $PWD/combined.pem"
	[ "$output" = "example.net $PWD/combined.pem" ]
}

@test "--write replaces only the block between the markers" {
	need_pki
	good_list
	printf 'before.example /a /b\n# BEGIN snimap\nold.example /x /y\n# END snimap\nafter.example /c /d\n' >sni_maps
	chmod 0644 sni_maps
	run --separate-stderr snimap --write sni_maps list
	[ "$status" -eq 0 ]
	[ "$(cat sni_maps)" = "before.example /a /b
# BEGIN snimap
example.net $PKI/ec.key, $PKI/ec.full
.example.org $PKI/ec.key, $PKI/wild.full
# END snimap
after.example /c /d" ]
	[ "$(stat -c %a sni_maps)" = 600 ]
}

@test "--write appends the block to a file without markers, and keeps its mode for Dovecot" {
	need_pki
	good_list
	printf 'ssl = required' >sni.conf
	chmod 0640 sni.conf
	run --separate-stderr snimap -f dovecot -w sni.conf list
	[ "$status" -eq 0 ]
	[ "$(head -n 3 sni.conf)" = "ssl = required
# BEGIN snimap
local_name example.net {" ]
	[ "$(tail -n 1 sni.conf)" = "# END snimap" ]
	[ "$(stat -c %a sni.conf)" = 640 ]
	rm sni.conf
	run --separate-stderr snimap -f dovecot -w sni.conf list
	[ "$(stat -c %a sni.conf)" = 644 ]
}

@test "--write leaves an unchanged file alone" {
	need_pki
	good_list
	snimap -w sni_maps list
	touch -d '2001-01-01 00:00:00' sni_maps
	run --separate-stderr snimap -w sni_maps list
	[ "$status" -eq 0 ]
	[ "$(stat -c %Y sni_maps)" = "$(date -d '2001-01-01 00:00:00' +%s)" ]
}

@test "--write edits the file a symlink points to" {
	need_pki
	good_list
	mkdir real
	printf 'keep\n' >real/sni_maps
	ln -s real/sni_maps link
	run --separate-stderr snimap -w link list
	[ "$status" -eq 0 ]
	[ -L link ]
	[ "$(head -n 1 real/sni_maps)" = "keep" ]
	[ "$(sed -n 2p real/sni_maps)" = "# BEGIN snimap" ]
}

@test "--write writes nothing when a check fails" {
	need_pki
	good_list
	echo "old.example.com $PKI/expired.full $PKI/ec.key" >>list
	printf 'untouched\n' >sni_maps
	run --separate-stderr snimap -w sni_maps list
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "${stderr_lines[0]}" == "snimap: old.example.com: failed: expired "*" days ago" ]]
	[ "${stderr_lines[1]}" = "snimap: sni_maps: not written: a check failed" ]
	[ "$(cat sni_maps)" = "untouched" ]
	run --separate-stderr snimap -w new_map list
	[ "$status" -eq 1 ]
	[ ! -e new_map ]
	[ -z "$(ls -A . | grep kanri)" ]
}

@test "--write with --check prints the check lines, then writes" {
	need_pki
	good_list
	run --separate-stderr snimap -c -w sni_maps list
	[ "$status" -eq 0 ]
	[ "$output" = "example.net: ok, 90 days left
*.example.org: ok, 90 days left" ]
	[ -s sni_maps ]
}

@test "--write writes nothing when a line is rejected" {
	need_pki
	good_list
	echo 'evil.example /etc/x;y /k' >>list
	printf 'untouched\n' >sni_maps
	run --separate-stderr snimap -w sni_maps list
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: list:3: certificate path: forbidden character ';' in path" ]
	[ "$(cat sni_maps)" = "untouched" ]
}

@test "--write refuses unmatched markers" {
	need_pki
	good_list
	for body in '# BEGIN snimap\nx\n' 'x\n# END snimap\n' '# END snimap\n# BEGIN snimap\n' \
		'# BEGIN snimap\n# END snimap\n# BEGIN snimap\n# END snimap\n'; do
		printf "$body" >sni_maps
		cp sni_maps before
		run --separate-stderr snimap -w sni_maps list
		[ "$status" -eq 2 ]
		[ "$stderr" = 'snimap: sni_maps: unmatched "# BEGIN snimap" and "# END snimap" lines' ]
		cmp sni_maps before
	done
}

@test "--write into a directory that cannot be written is an error" {
	need_pki
	user_tmpdir
	cp "$PKI/ec.full" "$PKI/ec.key" "$USER_TMP/"
	echo "example.net $USER_TMP/ec.full $USER_TMP/ec.key" >"$USER_TMP/list"
	mkdir "$USER_TMP/ro"
	chmod 0555 "$USER_TMP/ro"
	chmod 0644 "$USER_TMP/list" "$USER_TMP/ec.full" "$USER_TMP/ec.key"
	run --separate-stderr as_user "$KANRI_BIN/snimap" -w "$USER_TMP/ro/sni_maps" "$USER_TMP/list"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: $USER_TMP/ro/sni_maps: cannot create temporary file: Permission denied" ]
	[ ! -e "$USER_TMP/ro/sni_maps" ]
}

@test "-f main.cf --write puts the setting into main.cf" {
	printf 'myhostname = mx.example\n' >main.cf
	run --separate-stderr snimap -f main.cf -t lmdb -m /etc/postfix/sni -w main.cf
	[ "$status" -eq 0 ]
	[ "$(cat main.cf)" = "myhostname = mx.example
# BEGIN snimap
tls_server_sni_maps = lmdb:/etc/postfix/sni
# END snimap" ]
}

# A postmap that records its arguments and prints or fails on request.
fake_postmap() {
	mkdir -p fakebin
	cat >fakebin/postmap <<EOF2
#!/bin/sh
printf '%s\n' "\$@" >"$PWD/postmap.args"
[ -n "\${FAKE_SAY:-}" ] && echo "\$FAKE_SAY" >&2
exit \${FAKE_EXIT:-0}
EOF2
	chmod +x fakebin/postmap
}

@test "--postmap runs postmap -F TYPE:FILE after writing" {
	need_pki
	good_list
	fake_postmap
	PATH="$PWD/fakebin:$PATH" run --separate-stderr snimap -w sni_maps -t cdb --postmap list
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(cat postmap.args)" = "-F
cdb:sni_maps" ]
	# an unchanged map is still rebuilt: postmap -F copies the certificates in
	rm postmap.args
	PATH="$PWD/fakebin:$PATH" run --separate-stderr snimap -w sni_maps -p list
	[ "$status" -eq 0 ]
	[ "$(cat postmap.args)" = "-F
hash:sni_maps" ]
}

@test "--postmap: a warning from postmap is a failure" {
	need_pki
	good_list
	fake_postmap
	FAKE_SAY="postmap: warning: sni_maps, line 2: skipping this entry" PATH="$PWD/fakebin:$PATH" \
		run --separate-stderr snimap -w sni_maps -p list
	[ "$status" -eq 2 ]
	[ "$stderr" = "postmap: warning: sni_maps, line 2: skipping this entry
snimap: postmap -F hash:sni_maps: warnings are failures" ]
	FAKE_EXIT=1 PATH="$PWD/fakebin:$PATH" run --separate-stderr snimap -w sni_maps -p list
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: postmap -F hash:sni_maps: exit status 1" ]
}

@test "--postmap: without postmap in PATH, the command_directory of main.cf in MAIL_CONFIG" {
	need_pki
	good_list
	fake_postmap
	mkdir -p pfx
	printf '# command_directory = /nowhere\ncommand_directory = /usr/sbin\n' >pfx/main.cf
	printf 'mail_owner = postfix\ncommand_directory=%s\n  # a continuation\n' "$PWD/fakebin" >>pfx/main.cf
	# cron's PATH
	run --separate-stderr env -i PATH=/usr/bin:/bin MAIL_CONFIG="$PWD/pfx" \
		"$KANRI_BIN/snimap" -w sni_maps -t cdb -p list
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[ -z "$stderr" ]
	[ "$(cat postmap.args)" = "-F
cdb:sni_maps" ]
	rm postmap.args
	mkdir -p bin2
	sed "s|postmap.args|postmap2.args|" fakebin/postmap >bin2/postmap
	chmod +x bin2/postmap
	# a relative PATH directory is no place a root job takes a program from
	run --separate-stderr env -i PATH=/usr/bin:/bin:bin2 MAIL_CONFIG="$PWD/pfx" \
		"$KANRI_BIN/snimap" -w sni_maps -p list
	[ "$status" -eq 0 ]
	[ -f postmap.args ] && [ ! -e postmap2.args ]
	# an absolute PATH directory comes first
	rm postmap.args
	run --separate-stderr env -i PATH="$PWD/bin2:/usr/bin:/bin" MAIL_CONFIG="$PWD/pfx" \
		"$KANRI_BIN/snimap" -w sni_maps -p list
	[ "$status" -eq 0 ]
	[ -f postmap2.args ] && [ ! -e postmap.args ]
	# an unreadable main.cf is an error before anything is written
	user_tmpdir
	mkdir "$USER_TMP/pfx"
	cp list "$USER_TMP/"
	cp pfx/main.cf "$USER_TMP/pfx/main.cf"
	chmod 0600 "$USER_TMP/pfx/main.cf"
	chmod 0644 "$USER_TMP/list"
	run --separate-stderr as_user env -i PATH=/usr/bin:/bin MAIL_CONFIG="$USER_TMP/pfx" \
		"$KANRI_BIN/snimap" -w "$USER_TMP/sni_maps" -p "$USER_TMP/list"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: $USER_TMP/pfx/main.cf: Permission denied" ]
	[ ! -e "$USER_TMP/sni_maps" ]
}

@test "--postmap: no postmap anywhere is an error before the map is written" {
	need_pki
	good_list
	# hide /usr/sbin and /usr/local/sbin in a mount namespace of this command only
	unshare -m true 2>/dev/null || skip "no mount namespace (unshare -m) here"
	mkdir -p empty pfx
	echo "command_directory = $PWD/empty" >pfx/main.cf
	run --separate-stderr unshare -m sh -c '
		mount --bind "$1" /usr/sbin && { [ ! -d /usr/local/sbin ] || mount --bind "$1" /usr/local/sbin; } &&
		exec env -i PATH=/usr/bin:/bin MAIL_CONFIG="$2" "$3" -w sni_maps -p list' sh \
		"$PWD/empty" "$PWD/pfx" "$KANRI_BIN/snimap"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: postmap: not in PATH, main.cf's command_directory, /usr/sbin or /usr/local/sbin" ]
	[ ! -e sni_maps ]
}

@test "--postmap: usage errors" {
	need_pki
	good_list
	run --separate-stderr snimap -p list
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: --postmap needs --write" ]
	run --separate-stderr snimap -f dovecot -w x -p list
	[ "${stderr_lines[0]}" = "snimap: --postmap needs -f postfix" ]
}

# --- --scan ----------------------------------------------------------------------------

@test "--scan takes the names from every certificate under a certbot tree" {
	need_pki
	mkdir -p live/example.com live/example.org live/empty
	echo "certbot README" >live/README
	cp "$PKI/rsa.full" live/example.com/fullchain.pem
	cp "$PKI/rsa.key" live/example.com/privkey.pem
	cp "$PKI/wild.full" live/example.org/fullchain.pem
	cp "$PKI/ec.key" live/example.org/privkey.pem
	run --separate-stderr snimap --scan "$PWD/live"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	L=$PWD/live
	[ "$output" = "example.com $L/example.com/privkey.pem, $L/example.com/fullchain.pem
www.example.com $L/example.com/privkey.pem, $L/example.com/fullchain.pem
mail.example.com $L/example.com/privkey.pem, $L/example.com/fullchain.pem
.example.org $L/example.org/privkey.pem, $L/example.org/fullchain.pem
example.org $L/example.org/privkey.pem, $L/example.org/fullchain.pem" ]
	run --separate-stderr snimap -c -s "$PWD/live"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	# a relative directory still gives absolute paths
	run --separate-stderr snimap -s live/
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "example.com $L/example.com/privkey.pem, $L/example.com/fullchain.pem" ]
}

@test "--scan: of two certificates for one name the later-expiring one wins" {
	need_pki
	mkdir -p live/a live/b
	cp "$PKI/rsa.full" live/a/fullchain.pem
	cp "$PKI/rsa.key" live/a/privkey.pem
	# b, scanned after a, holds mail.example.com too, but expires long before a's (an RSA
	# key as a's: of two key types both chains would be served)
	openssl req -x509 -new -key "$PKI/other-rsa.key" -subj /CN=mail.example.com -days 10 \
		-addext subjectAltName=DNS:mail.example.com,DNS:b.example.com -out live/b/fullchain.pem 2>/dev/null
	cp "$PKI/other-rsa.key" live/b/privkey.pem
	run --separate-stderr snimap -s "$PWD/live"
	[ "$status" -eq 0 ]
	A=$PWD/live/a B=$PWD/live/b
	[ "$output" = "example.com $A/privkey.pem, $A/fullchain.pem
www.example.com $A/privkey.pem, $A/fullchain.pem
mail.example.com $A/privkey.pem, $A/fullchain.pem
b.example.com $B/privkey.pem, $B/fullchain.pem" ]
	[ "$stderr" = "snimap: $B/fullchain.pem: mail.example.com is also in $A/fullchain.pem, which expires later: using that one" ]
}

@test "--scan: same name in two certificates is reported with the one used" {
	need_pki
	mkdir -p live/example.com live/example.com-0001
	cp "$PKI/expired.full" live/example.com/fullchain.pem
	cp "$PKI/ec.key" live/example.com/privkey.pem
	openssl req -x509 -new -key "$PKI/ec.key" -subj /CN=old.example.com -days 10 \
		-addext subjectAltName=DNS:old.example.com -out live/example.com-0001/fullchain.pem 2>/dev/null
	cp "$PKI/ec.key" live/example.com-0001/privkey.pem
	run --separate-stderr snimap -s "$PWD/live"
	[ "$status" -eq 0 ]
	[ "$output" = "old.example.com $PWD/live/example.com-0001/privkey.pem, $PWD/live/example.com-0001/fullchain.pem" ]
	[ "$stderr" = "snimap: $PWD/live/example.com/fullchain.pem: old.example.com is also in $PWD/live/example.com-0001/fullchain.pem, which expires later: using that one" ]
}

@test "--scan with --layout acme.sh reads NAME.key beside fullchain.cer" {
	need_pki
	mkdir -p acme/example.net_ecc acme/ca
	cp "$PKI/ec.full" acme/example.net_ecc/fullchain.cer
	cp "$PKI/ec.key" acme/example.net_ecc/example.net.key
	run --separate-stderr snimap -l acme.sh -s "$PWD/acme"
	[ "$status" -eq 0 ]
	[ "$output" = "example.net $PWD/acme/example.net_ecc/example.net.key, $PWD/acme/example.net_ecc/fullchain.cer
xn--bcher-kva.example.net $PWD/acme/example.net_ecc/example.net.key, $PWD/acme/example.net_ecc/fullchain.cer" ]
}

@test "--scan errors: no directory, damaged certificate, operands" {
	need_pki
	run --separate-stderr snimap -s "$PWD/none"
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: $PWD/none: No such file or directory" ]
	mkdir -p live/x
	echo garbage >live/x/fullchain.pem
	run --separate-stderr snimap -s "$PWD/live"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "snimap: $PWD/live/x/fullchain.pem: no certificate" ]
	run --separate-stderr snimap -s "$PWD/live" list
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "snimap: --scan takes no domain list" ]
}

# --- real peers ------------------------------------------------------------------------

# postmap reads main.cf; give it a minimal one of its own rather than the system's.
postmap_config() {
	mkdir -p "$BATS_TEST_TMPDIR/postmap-etc"
	echo 'compatibility_level = 3.6' >"$BATS_TEST_TMPDIR/postmap-etc/main.cf"
	MAIL_CONFIG=$BATS_TEST_TMPDIR/postmap-etc
	export MAIL_CONFIG
}

@test "postmap -F accepts the map and postmap -Fq returns each name's key and chain" {
	need_pki
	require_cmd postmap
	postmap_config
	good_list
	echo "example.com $PKI/rsa.full $PKI/rsa-pkcs1.key" >>list
	run --separate-stderr snimap -w "$PWD/sni_maps" --postmap list
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ -s sni_maps.db ]
	postmap -Fq example.net "hash:$PWD/sni_maps" | grep -v '^$' >got
	cat "$PKI/ec.key" "$PKI/ec.full" | grep -v '^$' >want
	diff want got
	postmap -Fq .example.org "hash:$PWD/sni_maps" | grep -v '^$' >got
	cat "$PKI/ec.key" "$PKI/wild.full" | grep -v '^$' >want
	diff want got
	postmap -Fq example.com "hash:$PWD/sni_maps" | grep -v '^$' >got
	cat "$PKI/rsa-pkcs1.key" "$PKI/rsa.full" | grep -v '^$' >want
	diff want got
	run postmap -Fq www.example.com "hash:$PWD/sni_maps"
	[ "$status" -eq 1 ]
}

@test "doveconf -n accepts the Dovecot output" {
	need_pki
	require_cmd doveconf
	good_list
	snimap -f dovecot -w "$PWD/sni.conf" list
	cat >dovecot.conf <<EOF2
ssl = required
ssl_cert = <$PKI/rsa.full
ssl_key = <$PKI/rsa.key
!include $PWD/sni.conf
EOF2
	run --separate-stderr doveconf -n -c dovecot.conf
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[[ "$output" == *"local_name example.net {
  ssl_cert = <$PKI/ec.full"* ]]
	[[ "$output" == *"local_name *.example.org {
  ssl_cert = <$PKI/wild.full"* ]]
	run --separate-stderr doveconf -P -c dovecot.conf local_name
	[ "$status" -eq 0 ]
	# a UTF-8 path (snimap refuses every other encoding) reaches Dovecot as it is
	cp "$PKI/rsa.full" bücher.pem
	cp "$PKI/rsa.key" bücher.key
	echo "mail.example.com $PWD/bücher.pem $PWD/bücher.key" >>list
	snimap -f dovecot -w "$PWD/sni.conf" list
	run --separate-stderr doveconf -n -c dovecot.conf
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[[ "$output" == *"local_name mail.example.com {
  ssl_cert = <$PWD/bücher.pem"* ]]
	# the block a hand-written one-liner breaks is what snimap never writes
	printf 'local_name x.example { ssl_cert = <%s }\n' "$PKI/ec.full" >sni.conf
	run --separate-stderr doveconf -n -c dovecot.conf
	[ "$status" -ne 0 ]
}

# --- end to end: a real Postfix smtpd with the generated map ------------------------------

# stop_server PIDFILE COMMAND...: ask a server this test started to stop, kill its master
# if it is still there.
stop_server() {
	local pidfile=$1 pid
	shift
	timeout 20 "$@" >/dev/null 2>&1
	pid=$(tr -dc 0-9 <"$pidfile" 2>/dev/null)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -9 "$pid" 2>/dev/null
	fi
	return 0
}

# Stop the Postfix this test started, whatever state it is in.
postfix_stop() {
	[ -n "${PFX:-}" ] && [ -d "$PFX" ] || return 0
	stop_server "$PFX/spool/pid/master.pid" postfix -c "$PFX/etc" stop
	rm -rf "$PFX"
	PFX=
	return 0
}

# served_by PROTO [NAME]: the SHA-256 fingerprint of the certificate the server on $PORT
# presents after STARTTLS PROTO for SNI name NAME (none: no SNI); SIGALGS, when set, is
# all the client offers as signature algorithms.
served_by() {
	timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -starttls "$1" ${2:+-servername "$2"} \
		${SIGALGS:+-sigalgs "$SIGALGS"} </dev/null 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256 2>/dev/null
}

served() {
	served_by smtp "$@"
}

fingerprint() {
	openssl x509 -in "$1" -noout -fingerprint -sha256
}

# A Postfix configuration in $PFX/etc with an smtpd on 127.0.0.1:$PORT, STARTTLS with
# $PKI/self.pem when no SNI entry matches; the test writes the map and main.cf's line.
postfix_setup() {
	need_pki
	require_cmd postfix
	[ "$(id -u)" -eq 0 ] || skip "starting a Postfix master needs root"
	postmap_config
	PFX=$(mktemp -d /tmp/snimap-pfx.XXXXXX)
	chmod 0755 "$PFX"
	mkdir -p "$PFX/etc" "$PFX/spool" "$PFX/data" "$PFX/certs"
	chown postfix "$PFX/data"
	# an unprivileged port nobody listens on
	PORT=
	for p in $(shuf -i 20000-60000 -n 20); do
		if ! timeout 1 bash -c "echo >/dev/tcp/127.0.0.1/$p" 2>/dev/null; then
			PORT=$p
			break
		fi
	done
	[ -n "$PORT" ]
	cat >"$PFX/etc/main.cf" <<EOF2
compatibility_level = 3.6
queue_directory = $PFX/spool
data_directory = $PFX/data
meta_directory = /etc/postfix
myhostname = mx.test.example
mydestination =
local_recipient_maps =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
maillog_file_prefixes = $PFX
maillog_file = $PFX/maillog
smtpd_tls_security_level = may
smtpd_tls_chain_files = $PKI/ec.key, $PKI/self.pem
EOF2
	cat >"$PFX/etc/master.cf" <<EOF2
127.0.0.1:$PORT inet n - n - - smtpd
tlsmgr unix - - n 1000? 1 tlsmgr
proxymap unix - - n - - proxymap
postlog unix-dgram n - n - 1 postlogd
EOF2
}

@test "a real Postfix smtpd serves each name's certificate from the generated map" {
	postfix_setup
	cp "$PKI/ec.full" "$PFX/certs/net.pem"
	cp "$PKI/ec.key" "$PFX/certs/net.key"
	cat >"$PFX/domains" <<EOF2
example.net $PFX/certs/net.pem $PFX/certs/net.key
example.com $PKI/rsa.full $PKI/rsa.key
mail.example.com $PKI/rsa.full $PKI/rsa.key
*.example.org $PKI/wild.full $PKI/ec.key
EOF2
	run --separate-stderr snimap -w "$PFX/sni_maps" --postmap "$PFX/domains"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	snimap -f main.cf -m "$PFX/sni_maps" -w "$PFX/etc/main.cf"
	grep -qx "tls_server_sni_maps = hash:$PFX/sni_maps" "$PFX/etc/main.cf"
	timeout 30 postfix -c "$PFX/etc" start >/dev/null 2>&1 || { cat "$PFX/maillog"; false; }

	[ "$(served example.net)" = "$(fingerprint "$PKI/ec.pem")" ]
	[ "$(served example.com)" = "$(fingerprint "$PKI/rsa.pem")" ]
	[ "$(served MAIL.example.com)" = "$(fingerprint "$PKI/rsa.pem")" ]
	[ "$(served sub.example.org)" = "$(fingerprint "$PKI/wild.pem")" ]
	[ "$(served unknown.example)" = "$(fingerprint "$PKI/self.pem")" ]
	[ "$(served)" = "$(fingerprint "$PKI/self.pem")" ]

	# renewal: new certificate at the same path, map source unchanged, map rebuilt
	(
		cd "$PKI" &&
		openssl req -new -key ec.key -subj /CN=example.net -out "$PFX/renew.csr" &&
		openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -notext -in "$PFX/renew.csr" \
			-out "$PFX/renew.pem" -extfile ec.ext -extensions ext -days 60
	) >/dev/null 2>&1
	cat "$PFX/renew.pem" "$PKI/ca.pem" >"$PFX/certs/net.pem"
	new=$(fingerprint "$PFX/renew.pem")
	[ "$new" != "$(fingerprint "$PKI/ec.pem")" ]
	[ "$(served example.net)" != "$new" ]
	run --separate-stderr snimap -w "$PFX/sni_maps" --postmap "$PFX/domains"
	[ "$status" -eq 0 ]
	# smtpd notices the rebuilt table after a session; give it a few connections
	got=
	for i in 1 2 3 4 5; do
		got=$(served example.net)
		[ "$got" = "$new" ] && break
		sleep 1
	done
	[ "$got" = "$new" ]
	[ "$(served example.com)" = "$(fingerprint "$PKI/rsa.pem")" ]
}

# --- end to end: a real Dovecot imap-login with the generated local_name blocks -----------

dovecot_stop() {
	[ -n "${DOV:-}" ] && [ -d "$DOV" ] || return 0
	stop_server "$DOV/run/master.pid" doveadm -c "$DOV/dovecot.conf" stop
	rm -rf "$DOV"
	DOV=
	return 0
}

served_imap() {
	served_by imap "$@"
}

# A Dovecot configuration in $DOV that includes $DOV/sni.conf, listening on $PORT.
dovecot_setup() {
	DOV=$(mktemp -d /tmp/snimap-dovecot.XXXXXX)
	chmod 0755 "$DOV"
	PORT=
	for p in $(shuf -i 20000-60000 -n 20); do
		if ! timeout 1 bash -c "echo >/dev/tcp/127.0.0.1/$p" 2>/dev/null; then
			PORT=$p
			break
		fi
	done
	[ -n "$PORT" ] || return 1
	cat >"$DOV/dovecot.conf" <<EOF2
base_dir = $DOV/run
state_dir = $DOV/state
log_path = $DOV/log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$PKI/self.pem
ssl_key = <$PKI/ec.key
passdb {
  driver = static
  args = password=x
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$DOV/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
!include $DOV/sni.conf
EOF2
}

need_dovecot() {
	need_pki
	require_cmd dovecot
	# imap-login comes with Debian's dovecot-imapd, which .ci/run does not install
	[ -x /usr/lib/dovecot/imap-login ] || skip "dovecot-imapd is not installed"
	[ "$(id -u)" -eq 0 ] || skip "starting a Dovecot master needs root"
}

@test "a real Dovecot serves each name's certificate from the generated blocks" {
	need_dovecot
	dovecot_setup
	cat >"$DOV/domains" <<EOF2
example.net $PKI/ec.full $PKI/ec.key
*.example.org $PKI/wild.full $PKI/ec.key
a.example.org $PKI/ec.full $PKI/ec.key
EOF2
	run --separate-stderr snimap -f dovecot -w "$DOV/sni.conf" "$DOV/domains"
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"a.example.org: failed: certificate does not cover a.example.org"* ]]
	[ ! -e "$DOV/sni.conf" ]
	sed -i '$d' "$DOV/domains"
	run --separate-stderr snimap -f dovecot -w "$DOV/sni.conf" "$DOV/domains"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	timeout 30 dovecot -c "$DOV/dovecot.conf" || { cat "$DOV/log"; false; }

	[ "$(served_imap example.net)" = "$(fingerprint "$PKI/ec.pem")" ]
	[ "$(served_imap sub.example.org)" = "$(fingerprint "$PKI/wild.pem")" ]
	[ "$(served_imap unknown.example)" = "$(fingerprint "$PKI/self.pem")" ]
	[ "$(served_imap)" = "$(fingerprint "$PKI/self.pem")" ]
}

@test "Dovecot 2.3 takes the first matching block: the overlap warning is real" {
	need_dovecot
	dovecot_setup
	# a certificate for mail.example.org alone, and the wildcard listed first
	openssl req -x509 -new -key "$PKI/ec.key" -subj /CN=mail.example.org -days 10 \
		-addext subjectAltName=DNS:mail.example.org -out "$DOV/mail.pem" 2>/dev/null
	printf '*.example.org %s %s\nmail.example.org %s %s\n' "$PKI/wild.full" "$PKI/ec.key" \
		"$DOV/mail.pem" "$PKI/ec.key" >"$DOV/domains"
	run --separate-stderr snimap -f dovecot -w "$DOV/sni.conf" "$DOV/domains"
	[ "$status" -eq 0 ]
	[ "$stderr" = "snimap: $DOV/domains:2: mail.example.org is also covered by *.example.org on $DOV/domains:1 with another certificate; Dovecot 2.3 uses whichever block comes first, 2.4 may differ" ]
	timeout 30 dovecot -c "$DOV/dovecot.conf" || { cat "$DOV/log"; false; }
	[ "$(served_imap mail.example.org)" = "$(fingerprint "$PKI/wild.pem")" ]
	timeout 20 doveadm -c "$DOV/dovecot.conf" stop
	# listed the other way round, the exact name wins
	printf 'mail.example.org %s %s\n*.example.org %s %s\n' "$DOV/mail.pem" "$PKI/ec.key" \
		"$PKI/wild.full" "$PKI/ec.key" >"$DOV/domains"
	snimap -f dovecot -w "$DOV/sni.conf" "$DOV/domains" 2>/dev/null
	timeout 30 dovecot -c "$DOV/dovecot.conf" || { cat "$DOV/log"; false; }
	[ "$(served_imap mail.example.org)" = "$(fingerprint "$DOV/mail.pem")" ]
}

# --- two chains of different key types for one name -------------------------------------

dual_list() {
	cat >list <<EOF2
dual.example $PKI/dual-ec.full $PKI/ec.key
example.net $PKI/ec.full $PKI/ec.key
www.dual.example $PKI/dual-ec.full $PKI/ec.key
dual.example $PKI/dual-rsa.full $PKI/rsa.key
www.dual.example $PKI/dual-rsa.full $PKI/rsa.key
EOF2
}

@test "an RSA and an ECDSA chain for one name: one Postfix entry with both pairs, one Dovecot block with the alternate pair" {
	need_pki
	dual_list
	run --separate-stderr snimap list
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = "dual.example $PKI/rsa.key, $PKI/dual-rsa.full, $PKI/ec.key, $PKI/dual-ec.full
example.net $PKI/ec.key, $PKI/ec.full
www.dual.example $PKI/rsa.key, $PKI/dual-rsa.full, $PKI/ec.key, $PKI/dual-ec.full" ]
	run --separate-stderr snimap -f dovecot list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "local_name dual.example {" ]
	[ "${lines[1]}" = "  ssl_cert = <$PKI/dual-rsa.full" ]
	[ "${lines[2]}" = "  ssl_key = <$PKI/rsa.key" ]
	[ "${lines[3]}" = "  ssl_alt_cert = <$PKI/dual-ec.full" ]
	[ "${lines[4]}" = "  ssl_alt_key = <$PKI/ec.key" ]
	[ "${lines[5]}" = "}" ]
	run --separate-stderr snimap -f dovecot24 list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "local_name dual.example {" ]
	[ "${lines[1]}" = "  ssl_server_cert_file = $PKI/dual-rsa.full" ]
	[ "${lines[2]}" = "  ssl_server_key_file = $PKI/rsa.key" ]
	[ "${lines[3]}" = "  ssl_server_alt_cert_file = $PKI/dual-ec.full" ]
	[ "${lines[4]}" = "  ssl_server_alt_key_file = $PKI/ec.key" ]
	[ "${lines[5]}" = "}" ]
}

@test "doveconf and postmap take the dual-chain output" {
	need_pki
	require_cmd doveconf
	require_cmd postmap
	dual_list
	snimap -f dovecot -w "$PWD/sni.conf" list
	printf 'ssl = required\nssl_cert = <%s\nssl_key = <%s\n!include %s\n' \
		"$PKI/rsa.full" "$PKI/rsa.key" "$PWD/sni.conf" >dovecot.conf
	run --separate-stderr doveconf -n -c dovecot.conf
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[[ "$output" == *"local_name dual.example {
  ssl_alt_cert = <$PKI/dual-ec.full"* ]]
	postmap_config
	run --separate-stderr snimap -w "$PWD/sni_maps" --postmap list
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	postmap -Fq dual.example "hash:$PWD/sni_maps" | grep -v '^$' >got
	cat "$PKI/rsa.key" "$PKI/dual-rsa.full" "$PKI/ec.key" "$PKI/dual-ec.full" | grep -v '^$' >want
	diff want got
}

@test "--check checks each chain of a dual name, on a line of its own" {
	need_pki
	cat >list <<EOF2
dual.example $PKI/dual-ec.full $PKI/other-ec.key
dual.example $PKI/dual-rsa.full $PKI/rsa.key
EOF2
	run --separate-stderr snimap -c list
	[ "$status" -eq 1 ]
	[ "$output" = "dual.example (RSA): ok, 90 days left
dual.example (EC): failed: key does not match the certificate, 90 days left" ]
	run --separate-stderr snimap -w "$PWD/sni_maps" list
	[ "$status" -eq 1 ]
	[ "$stderr" = "snimap: dual.example (EC): failed: key does not match the certificate, 90 days left
snimap: $PWD/sni_maps: not written: a check failed" ]
	[ ! -e sni_maps ]
}

@test "two chains of one key type for a name, or a third chain, are still errors" {
	need_pki
	printf 'dual.example %s %s\ndual.example %s %s\n' "$PKI/dual-rsa.full" "$PKI/rsa.key" \
		"$PKI/dual-rsa-old.full" "$PKI/rsa.key" >list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "snimap: list:2: dual.example is already on list:1 with other files" ]
	printf 'dual.example %s %s\n' "$PKI/dual-ec.full" "$PKI/ec.key" >>list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	# the EC chain would be the second one; the second RSA one is the error
	[ "$stderr" = "snimap: list:2: dual.example is already on list:1 with other files" ]
	# RSA, EC, then Ed25519
	printf 'dual.example %s %s\ndual.example %s %s\ndual.example %s %s\n' \
		"$PKI/dual-rsa.full" "$PKI/rsa.key" "$PKI/dual-ec.full" "$PKI/ec.key" \
		"$PKI/ed.full" "$PKI/ed.key" >list
	run --separate-stderr snimap list
	[ "$status" -eq 2 ]
	[ "$stderr" = "snimap: list:3: dual.example has two chains already on list:1: a third is more than Dovecot serves" ]
}

@test "--scan serves the newest chain of each key type for a name" {
	need_pki
	mkdir -p live/dual.example live/dual.example-0001 live/dual.example-0002
	cp "$PKI/dual-rsa-old.full" live/dual.example/fullchain.pem
	cp "$PKI/rsa.key" live/dual.example/privkey.pem
	cp "$PKI/dual-ec.full" live/dual.example-0001/fullchain.pem
	cp "$PKI/ec.key" live/dual.example-0001/privkey.pem
	cp "$PKI/dual-rsa.full" live/dual.example-0002/fullchain.pem
	cp "$PKI/rsa.key" live/dual.example-0002/privkey.pem
	L=$PWD/live
	run --separate-stderr snimap -s live
	[ "$status" -eq 0 ]
	[ "$output" = "dual.example $L/dual.example-0002/privkey.pem, $L/dual.example-0002/fullchain.pem, $L/dual.example-0001/privkey.pem, $L/dual.example-0001/fullchain.pem
www.dual.example $L/dual.example-0002/privkey.pem, $L/dual.example-0002/fullchain.pem, $L/dual.example-0001/privkey.pem, $L/dual.example-0001/fullchain.pem" ]
	[ "$stderr" = "snimap: $L/dual.example/fullchain.pem: dual.example is also in $L/dual.example-0002/fullchain.pem, which expires later: using that one
snimap: $L/dual.example/fullchain.pem: www.dual.example is also in $L/dual.example-0002/fullchain.pem, which expires later: using that one" ]
	run --separate-stderr snimap -s live -c
	[ "$status" -eq 0 ]
	[ "$output" = "dual.example (RSA): ok, 90 days left
dual.example (EC): ok, 90 days left
www.dual.example (RSA): ok, 90 days left
www.dual.example (EC): ok, 90 days left" ]
}

# The fingerprints of the certificate served to a client that offers only ECDSA and to
# one that offers only RSA signature algorithms, after STARTTLS PROTO for NAME.
served_ecdsa() {
	SIGALGS="ECDSA+SHA256:ECDSA+SHA384" served_by "$@"
}

served_rsa() {
	SIGALGS="RSA-PSS+SHA256:RSA+SHA256" served_by "$@"
}

@test "a real Postfix serves the ECDSA chain to an ECDSA-only client and the RSA chain to an RSA-only one" {
	postfix_setup
	dual_list
	run --separate-stderr snimap -w "$PFX/sni_maps" --postmap list
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	snimap -f main.cf -m "$PFX/sni_maps" -w "$PFX/etc/main.cf"
	timeout 30 postfix -c "$PFX/etc" start >/dev/null 2>&1 || { cat "$PFX/maillog"; false; }
	ec=$(fingerprint "$PKI/dual-ec.pem")
	rsa=$(fingerprint "$PKI/dual-rsa.pem")
	[ "$(served_ecdsa smtp dual.example)" = "$ec" ]
	[ "$(served_rsa smtp dual.example)" = "$rsa" ]
	[ "$(served_ecdsa smtp www.dual.example)" = "$ec" ]
	[ "$(served_rsa smtp www.dual.example)" = "$rsa" ]
	# with one chain only, an RSA-only client gets nothing, so the above is the map's doing
	[ -z "$(served_rsa smtp example.net)" ]
}

@test "a real Dovecot serves the ECDSA chain to an ECDSA-only client and the RSA chain to an RSA-only one" {
	need_dovecot
	dovecot_setup
	dual_list
	run --separate-stderr snimap -f dovecot -w "$DOV/sni.conf" list
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	timeout 30 dovecot -c "$DOV/dovecot.conf" || { cat "$DOV/log"; false; }
	ec=$(fingerprint "$PKI/dual-ec.pem")
	rsa=$(fingerprint "$PKI/dual-rsa.pem")
	[ "$(served_ecdsa imap dual.example)" = "$ec" ]
	[ "$(served_rsa imap dual.example)" = "$rsa" ]
	[ "$(served_ecdsa imap www.dual.example)" = "$ec" ]
	[ "$(served_rsa imap www.dual.example)" = "$rsa" ]
	[ -z "$(served_rsa imap example.net)" ]
}

@test "--scan: a third key type for a name is ignored with a warning" {
	need_pki
	mkdir -p live/a live/b live/c
	cp "$PKI/dual-rsa.full" live/a/fullchain.pem
	cp "$PKI/rsa.key" live/a/privkey.pem
	cp "$PKI/dual-ec.full" live/b/fullchain.pem
	cp "$PKI/ec.key" live/b/privkey.pem
	openssl req -x509 -new -key "$PKI/ed.key" -subj /CN=dual.example -days 10 \
		-addext subjectAltName=DNS:dual.example -out live/c/fullchain.pem 2>/dev/null
	cp "$PKI/ed.key" live/c/privkey.pem
	L=$PWD/live
	run --separate-stderr snimap -s live
	[ "$status" -eq 0 ]
	[ "$output" = "dual.example $L/a/privkey.pem, $L/a/fullchain.pem, $L/b/privkey.pem, $L/b/fullchain.pem
www.dual.example $L/a/privkey.pem, $L/a/fullchain.pem, $L/b/privkey.pem, $L/b/fullchain.pem" ]
	[ "$stderr" = "snimap: $L/c/fullchain.pem: dual.example has RSA and EC chains already (in $L/a/fullchain.pem and $L/b/fullchain.pem): this Ed25519 one is ignored" ]
}
