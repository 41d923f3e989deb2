#!/usr/bin/env bats
# mailaddr: addresses from messages, mboxes, header values and text.

load helper

# Compare $output with the expected text given on stdin.
same_as() {
	local want
	want=$(cat)
	if [ "$output" != "$want" ]; then
		printf 'got:\n%s\nwant:\n%s\n' "$output" "$want"
		return 1
	fi
}

# --- RFC 5322 Appendix A -------------------------------------------------------

@test "RFC 5322 A.1.1: a simple message gives From and To, not Message-ID or the body" {
	run mailaddr <<'EOF'
From: John Doe <jdoe@machine.example>
To: Mary Smith <mary@example.net>
Subject: Saying Hello
Date: Fri, 21 Nov 1997 09:55:06 -0600
Message-ID: <1234@local.machine.example>

This is a message just to say hello.
So, "Hello". Write to body@example.com.
EOF
	[ "$status" -eq 0 ]
	same_as <<'EOF'
jdoe@machine.example
mary@example.net
EOF
}

@test "RFC 5322 A.1.2: different types of mailboxes, with -n" {
	run mailaddr -n <<'EOF'
From: "Joe Q. Public" <john.q.public@example.com>
To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>
Cc: <boss@nil.test>, "Giant; \"Big\" Box" <sysservices@example.net>
Date: Tue, 1 Jul 2003 10:52:37 +0200
Message-ID: <5678.21-Nov-1997@example.com>

Hi everyone.
EOF
	[ "$status" -eq 0 ]
	same_as <<'EOF'
"Joe Q. Public" <john.q.public@example.com>
Mary Smith <mary@x.test>
jdoe@example.org
Who? <one@y.test>
boss@nil.test
"Giant; \"Big\" Box" <sysservices@example.net>
EOF
}

@test "RFC 5322 A.1.3: group addresses give their members, an empty group nothing" {
	run mailaddr -f '%h %a' <<'EOF'
From: Pete <pete@silly.example>
To: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;
Cc: Undisclosed recipients:;
Date: Thu, 13 Feb 1969 23:32:54 -0330

Testing.
EOF
	same_as <<'EOF'
From pete@silly.example
To c@a.test
To joe@where.test
To jdoe@one.test
EOF
}

@test "RFC 5322 A.2: a colon in a quoted display name is no group" {
	run mailaddr -n -H reply-to <<'EOF'
From: Mary Smith <mary@example.net>
To: John Doe <jdoe@machine.example>
Reply-To: "Mary Smith: Personal Account" <smith@home.example>
Subject: Re: Saying Hello

This is a reply to your hello.
EOF
	same_as <<<'"Mary Smith: Personal Account" <smith@home.example>'
}

@test "RFC 5322 A.4: Resent- fields are read by default" {
	run mailaddr -f '%h %a' <<'EOF'
Resent-From: Mary Smith <mary@example.net>
Resent-To: Jane Brown <j-brown@other.example>
Resent-Date: Mon, 24 Nov 1997 14:22:01 -0800
From: John Doe <jdoe@machine.example>
To: Mary Smith <mary@example.net>

This is a message just to say hello.
EOF
	same_as <<'EOF'
Resent-From mary@example.net
Resent-To j-brown@other.example
From jdoe@machine.example
To mary@example.net
EOF
}

@test "RFC 5322 A.5: comments and white space everywhere" {
	run mailaddr -n <<'EOF'
From: Pete(A nice \) chap) <pete(his account)@silly.test(his host)>
To:A Group(Some people)
     :Chris Jones <c@(Chris's host.)public.example>,
         joe@example.org,
  John <jdoe@one.test> (my dear friend); (the end of the group)
Cc:(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;
Date: Thu,
      13
        Feb
          1969
      23:32
               -0330 (Newfoundland Time)

Testing.
EOF
	same_as <<'EOF'
Pete <pete@silly.test>
Chris Jones <c@public.example>
joe@example.org
John <jdoe@one.test>
EOF
}

@test "RFC 5322 A.6.1: obsolete routes, empty list elements, spaces in a domain" {
	run mailaddr <<'EOF'
From: Joe Q. Public <john.q.public@example.com>
To: Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example
Date: Tue, 1 Jul 2003 10:52:37 +0200

Hi everyone.
EOF
	same_as <<'EOF'
john.q.public@example.com
mary@example.net
jdoe@test.example
EOF
}

@test "RFC 5322 A.6.3: space before the colon and a blank continuation line" {
	run mailaddr <<'EOF'
From  : John Doe <jdoe@machine(comment).  example>
To    : Mary Smith
  
          <mary@example.net>
Subject     : Saying Hello

This is a message just to say hello.
EOF
	same_as <<'EOF'
jdoe@machine.example
mary@example.net
EOF
}

# --- what is and is not an address ---------------------------------------------

@test "an address in a comment is never taken for the real one" {
	run mailaddr <<<' Real <real@x.example> (spoof <evil@bad.example>)'
	same_as <<<'real@x.example'
	run mailaddr <<<'real@x.example (spoof <evil@bad.example>)'
	same_as <<<'real@x.example'
}

@test "display names may hold @, commas and angle brackets" {
	run mailaddr -n <<'EOF'
I-am@office.work <a@b.example>
"a@b.example, <c@d.example>" <real@x.example>
"Doe, John" <john@example.com>, Doe, Jane <jane@example.com>
EOF
	same_as <<'EOF'
"I-am@office.work" <a@b.example>
"a@b.example, <c@d.example>" <real@x.example>
"Doe, John" <john@example.com>
Jane <jane@example.com>
EOF
}

@test "quoted local parts, domain literals and obs-route are kept as written" {
	run mailaddr <<'EOF'
"john doe"@example.com, "a@b"@example.org
x@[192.0.2.1], <y@[IPv6:2001:db8::1]>
<@r1.example,@r2.example:user@host.example>
EOF
	same_as <<'EOF'
"john doe"@example.com
"a@b"@example.org
x@[192.0.2.1]
y@[IPv6:2001:db8::1]
user@host.example
EOF
}

@test "Return-Path: <> is no address and exits 1" {
	run mailaddr -H return-path <<'EOF'
Return-Path: <>
From: MAILER-DAEMON@example.com

bounce
EOF
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

@test "UTF-8 and other 8-bit addresses are kept whole" {
	run mailaddr <<<'From: Jörg <jörg@bücher.example>, 山田 <山田@例え.jp>'
	same_as <<'EOF'
jörg@bücher.example
山田@例え.jp
EOF
	run mailaddr <<<$'To: j\xf6rg@b\xfccher.example'
	[ "$output" = $'j\xf6rg@b\xfccher.example' ]
}

@test "Japanese carrier local parts with double or trailing dots pass unless --strict" {
	run mailaddr <<<'taro..yamada@docomo.ne.jp, hanako.@ezweb.ne.jp, .lead@x.example, ok.one@x.example'
	same_as <<'EOF'
taro..yamada@docomo.ne.jp
hanako.@ezweb.ne.jp
ok.one@x.example
EOF
	run mailaddr --strict <<<'taro..yamada@docomo.ne.jp, hanako.@ezweb.ne.jp, ok.one@x.example'
	same_as <<<'ok.one@x.example'
}

@test "malformed addresses are left out, the rest of the list is kept" {
	run mailaddr <<'EOF'
a@b@c.example, good1@x.example
bad@, @bad.example, bad@x..example, bad@x.example., good2@x.example
<no-domain>, plain words, good3@x.example
EOF
	same_as <<'EOF'
good1@x.example
good2@x.example
good3@x.example
EOF
}

# --- one mailbox, one spelling ------------------------------------------------------

@test "a quoted local part is printed unquoted when it is a dot-atom once unquoted" {
	run mailaddr -l <<'EOF'
"foo"@example.org
"test"."test"@example.org
"\a"@example.org
"john".doe@example.org
"日本"@example.jp
EOF
	[ "$status" -eq 0 ]
	same_as <<'EOF'
foo@example.org
test.test@example.org
a@example.org
john.doe@example.org
日本@example.jp
EOF
}

@test "a local part that needs quotes is one quoted string with only the needed escapes" {
	run mailaddr -l <<'EOF'
"test\ test"@example.org
"a"." b"@example.org
"a\"b\\c"@example.org
""@example.org
".lead"@example.org
"a@b"@example.org
EOF
	same_as <<'EOF'
"test test"@example.org
"a. b"@example.org
"a\"b\\c"@example.org
""@example.org
".lead"@example.org
"a@b"@example.org
EOF
}

@test "a domain literal is printed without its folding whitespace, and one left empty is no address" {
	run mailaddr -l <<<'a@[ 192.0.2.1 ], b@[ ], c@[]'
	[ "$status" -eq 0 ]
	[ "$output" = 'a@[192.0.2.1]' ]
}

@test "Japanese carrier dots: unquoted as written, quoted under --strict" {
	run mailaddr -l <<<'"taro..yamada"@docomo.ne.jp, "hanako."@ezweb.ne.jp'
	same_as <<'EOF'
taro..yamada@docomo.ne.jp
hanako.@ezweb.ne.jp
EOF
	run mailaddr -l --strict <<<'"taro..yamada"@docomo.ne.jp, "hanako."@ezweb.ne.jp'
	same_as <<'EOF'
"taro..yamada"@docomo.ne.jp
"hanako."@ezweb.ne.jp
EOF
}

@test "-u, -c and %l see one mailbox in its quoted and unquoted spellings" {
	run mailaddr -u <<<'foo@example.org, "foo"@example.org, "f\oo"@example.org'
	[ "$output" = 'foo@example.org' ]
	run mailaddr -c -u <<<'"a b"@x.example, "a\ b"@x.example, "a"." b"@x.example'
	[ "$output" = 2 ]
	run mailaddr -f '%l' <<<'"j\ d"@x.example'
	[ "$output" = '"j d"' ]
}

@test "--same agrees with the printed spelling" {
	run mailaddr --same from,return-path <<<$'Return-Path: <"a\\ b"@example.com>\nFrom: "a b"@example.com\n\n'
	[ "$status" -eq 0 ]
	run mailaddr --same from,return-path <<<$'Return-Path: <"a b"@example.com>\nFrom: a.b@example.com\n\n'
	[ "$status" -eq 1 ]
}

@test "a quoted string glued to an atom without a dot is no address" {
	run mailaddr -l <<'EOF'
"test"test@iana.org
just"not"right@example.com
test"test"@example.com
"a""b"@example.com
Name <"x"y@example.com>
EOF
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	run mailaddr -l <<<'ok@example.com, "test"test@iana.org, "a".b@example.com'
	same_as <<'EOF'
ok@example.com
a.b@example.com
EOF
}

@test "a display name that a reader would change is printed quoted, with -n and %n (a tab is a space)" {
	run mailaddr -n <<'EOF'
To: "First   Last" <foo@bar.com>, "Tab	Name" <t@bar.com>, "Doe, J." <d@bar.com>
To: Plain Name <p@bar.com>, "Quoted Plain" <q@bar.com>, "a\"b" <ab@bar.com>
EOF
	same_as <<'EOF'
"First   Last" <foo@bar.com>
Tab Name <t@bar.com>
"Doe, J." <d@bar.com>
Plain Name <p@bar.com>
Quoted Plain <q@bar.com>
"a\"b" <ab@bar.com>
EOF
	run mailaddr -f '%n|%a' <<<'To: "First   Last" <foo@bar.com>, Plain <p@bar.com>'
	same_as <<'EOF'
"First   Last"|foo@bar.com
Plain|p@bar.com
EOF
}

@test "the output of mailaddr -n read by mailaddr -n is the same" {
	cat >"$BATS_TEST_TMPDIR/in" <<'EOF'
To: "First   Last" <foo@bar.com>, "a\\b" <"x y"@bar.com>, =?UTF-8?B?RG9lLCBKb2huIDxldmlsQGJhZC5leGFtcGxlPg==?= <real@x.example>
To: "\"Q\"" <"q"@bar.com>, x@y.example (A  comment), "  pad  " <pad@bar.com>, "日本  語" <j@bar.com>
To: =?UTF-8?Q?a=09b?= <tab@bar.com>, (c) "(p)" <p@bar.com>, "a.b" <"a.b"@bar.com>
To: =?UTF-8?Q?=3D=3Futf-8=3Fq=3Fx=3F=3D?= <w@bar.com>
EOF
	run mailaddr -n "$BATS_TEST_TMPDIR/in"
	[ "$status" -eq 0 ]
	first=$output
	[ "${#lines[@]}" -eq 11 ]
	# a name whose text spells an encoded word is not decoded twice: its "=?" is one
	[ "${lines[10]}" = '=?UTF-8?Q?=3D?=?utf-8?q?x?= <w@bar.com>' ]
	run mailaddr -n -l <<<"$first"
	[ "$output" = "$first" ]
}

# --- header values, messages and mboxes -------------------------------------------

@test "a header value per line, with or without a field name (echo \"\$MATCH\")" {
	run mailaddr <<<' "Taro" <taro@example.jp>'
	same_as <<<'taro@example.jp'
	run mailaddr <<<'Return-Path: <bounce@lists.example.org>'
	same_as <<<'bounce@lists.example.org'
	run mailaddr -f '%i:%h:%a' <<'EOF'
a@x.example, b@x.example
Delivered-To: c@x.example
EOF
	same_as <<'EOF'
1::a@x.example
1::b@x.example
2:Delivered-To:c@x.example
EOF
}

@test "-l reads lines even when the input looks like a message" {
	run mailaddr <<'EOF'
Delivered-To: a@x.example
X-Original-To: b@x.example
EOF
	[ "$status" -eq 1 ]
	run mailaddr -l <<'EOF'
Delivered-To: a@x.example
X-Original-To: b@x.example
EOF
	[ "$status" -eq 0 ]
	same_as <<'EOF'
a@x.example
b@x.example
EOF
}

@test "-m reads a message even when the input looks like header values" {
	run mailaddr -m <<<'Subject: lunch at noon@cafe.example'
	[ "$status" -eq 1 ]
	run mailaddr <<<'Subject: lunch at noon@cafe.example'
	same_as <<<'noon@cafe.example'
}

@test "every instance of a field is read, folded fields unfolded" {
	run mailaddr -n <<'EOF'
To: first@x.example
Subject: x
To: "Folded
 Name" <second@x.example>,
	third@x.example
Cc: =?UTF-8?Q?a?=
 =?UTF-8?Q?b?= <fourth@x.example>

body
EOF
	same_as <<'EOF'
first@x.example
Folded Name <second@x.example>
third@x.example
ab <fourth@x.example>
EOF
}

@test "CRLF messages" {
	run mailaddr -n < <(printf 'From: "A B" <a@x.example>\r\nTo: c@x.example,\r\n d@x.example\r\n\r\nTo: body@x.example\r\n')
	same_as <<'EOF'
A B <a@x.example>
c@x.example
d@x.example
EOF
}

@test "an mbox is split at From lines; >From and body text are skipped" {
	printf '%s\n' 'From a@x Mon Jan  1 00:00:00 2024' 'From: one@x.example' 'To: two@x.example' '' \
	    'To: not-a-header@x.example' '>From here' 'From b@x Mon Jan  1 00:00:01 2024' \
	    'From: three@x.example' 'From c@x Mon Jan  1 00:00:02 2024' 'To: four@x.example' '' \
	    'body' >"$BATS_TEST_TMPDIR/mbox"
	run mailaddr -f '%i %h %a' "$BATS_TEST_TMPDIR/mbox"
	[ "$status" -eq 0 ]
	same_as <<'EOF'
1 From one@x.example
1 To two@x.example
2 From three@x.example
3 To four@x.example
EOF
}

@test "a body line starting with From but holding no time does not split the mbox" {
	run mailaddr --mbox -f '%i %a' <<'EOF'
From a@x Mon Jan  1 00:00:00 2024
From: one@x.example

From now on, write to me.
To: not-a-header@x.example
From b@x Mon Jan  1 00:00:01 2024
From: two@x.example

EOF
	same_as <<'EOF'
1 one@x.example
2 two@x.example
EOF
}

@test "message files of a maildir: %i is the file name" {
	mkdir "$BATS_TEST_TMPDIR/cur"
	cd "$BATS_TEST_TMPDIR/cur"
	printf 'From: a@x.example\nTo: b@x.example\n\nTo: c@x.example\n' >1.eml
	printf 'Return-Path: <d@x.example>\nFrom: e@x.example\n\n' >2.eml
	run mailaddr -f '%i %a' 1.eml 2.eml
	same_as <<'EOF'
1.eml a@x.example
1.eml b@x.example
2.eml e@x.example
EOF
	run mailaddr -f '%i %a' - <1.eml
	same_as <<'EOF'
- a@x.example
- b@x.example
EOF
}

@test "-H chooses the fields, case-insensitively" {
	msg=$'Return-Path: <rp@x.example>\nDelivered-To: dt@x.example\nX-Original-To: xo@x.example\nFrom: f@x.example\n\nbody\n'
	run mailaddr -H RETURN-PATH <<<"$msg"
	same_as <<<'rp@x.example'
	run mailaddr --header='delivered-to, X-Original-To' <<<"$msg"
	same_as <<'EOF'
dt@x.example
xo@x.example
EOF
	run --separate-stderr mailaddr -H 'to,,cc' <<<"$msg"
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[0]}" == "mailaddr: -H: empty header name in 'to,,cc'" ]]
	run --separate-stderr mailaddr -H 'to:' <<<"$msg"
	[ "$status" -eq 2 ]
	[[ "${stderr_lines[0]}" == "mailaddr: -H: invalid header name 'to:'" ]]
}

@test "<mailto:...> in angle brackets (List-Post, web forms) gives the address, not the query" {
	msg=$'List-Post: <mailto:list@lists.example?subject=help%20me>\nFrom: "Form" <MAILTO:form@web.example>\nTo: <http://x.example/u?e=no@x.example>\n\nbody\n'
	run mailaddr -H list-post,from,to <<<"$msg"
	[ "$status" -eq 0 ]
	same_as <<'EOF'
list@lists.example
form@web.example
EOF
	run mailaddr -l <<<'<mailto:a@?x>, <mailto:b@x.?y>, <mailto :c@x.example>'
	[ "$status" -eq 1 ]
}

# --- RFC 2047 ----------------------------------------------------------------------

@test "encoded names are decoded: UTF-8, ISO-8859-1, Windows-1252, Q with underscores" {
	run mailaddr -n <<'EOF'
=?UTF-8?B?5bGx55Sw5aSq6YOO?= <yamada@example.jp>
=?iso-8859-1?q?J=F6rg_M=FCller?= <jm@example.de>
=?windows-1252?Q?=80uro?= <euro@example.com>
"=?utf-8?q?In_quotes?=" <q@example.com>
EOF
	same_as <<'EOF'
山田太郎 <yamada@example.jp>
Jörg Müller <jm@example.de>
€uro <euro@example.com>
In quotes <q@example.com>
EOF
}

@test "Japanese charsets decode through iconv: ISO-2022-JP, Shift_JIS, EUC-JP" {
	run mailaddr -f '%n' <<'EOF'
=?ISO-2022-JP?B?GyRCOzNFREJATzobKEI=?= <a@example.jp>
=?Shift_JIS?B?jlKTY5G+mFk=?= <b@example.jp>
=?EUC-JP?B?u7PFxMLAz7o=?= <c@example.jp>
EOF
	same_as <<'EOF'
山田太郎
山田太郎
山田太郎
EOF
}

@test "Japanese names in Microsoft's supersets decode: NEC row 13, IBM kanji, half-width kana" {
	run mailaddr -n <<'EOF'
From: =?ISO-2022-JP?B?GyRCLWo7M0VEGyhC?= <a@example.jp>
To: =?iso-2022-jp?B?GyhJNkA2RRsoQg==?= <b@example.jp>, =?shift_jis?B?h0CU1A==?= <c@example.jp>
Cc: =?Shift_JIS?B?+/yLtA==?= <d@example.jp>, =?EUC-JP?B?req7s8XE?= <e@example.jp>
Bcc: =?iso-2022-jp?B?GyQoTy1qOzNFRBsoQg==?= <f@example.jp>

EOF
	same_as <<'EOF'
㈱山田 <a@example.jp>
ｶﾀｶﾅ <b@example.jp>
①番 <c@example.jp>
髙橋 <d@example.jp>
㈱山田 <e@example.jp>
=?iso-2022-jp?B?GyQoTy1qOzNFRBsoQg==?= <f@example.jp>
EOF
}

@test "Latin-1, GB2312, EUC-KR and Big5 names in the supersets they are written in; no C1 controls" {
	run mailaddr -n <<'EOF'
From: =?iso-8859-1?Q?=93Hi=94_=80_Ren=E9?= <a@example.com>
To: =?gb2312?B?gUA=?= <b@example.cn>, =?euc-kr?B?gUE=?= <c@example.kr>
Cc: =?utf-8?q?x=C2=9By?= <d@example.com>, =?iso-8859-1?q?a=81b?= <e@example.com>
Bcc: =?big5?B?h0A=?= <f@example.hk>

EOF
	same_as <<'EOF'
“Hi” € René <a@example.com>
丂 <b@example.cn>
갂 <c@example.kr>
x y <d@example.com>
a b <e@example.com>
䏰 <f@example.hk>
EOF
}

@test "adjacent encoded words join, even with a character split between them" {
	run mailaddr -f '%n' <<'EOF'
=?UTF-8?B?5bGx5w==?= =?UTF-8?B?lLDlpKrpg44=?= <a@example.jp>
=?UTF-8?Q?a?= =?UTF-8?Q?b?= c =?UTF-8?Q?d?= <b@example.jp>
EOF
	same_as <<'EOF'
山田太郎
ab c d
EOF
}

@test "words that cannot be decoded stay as they were" {
	run mailaddr -f '%n' <<'EOF'
=?x-unknown?B?5bGx?= <a@example.jp>
=?UTF-8?B?!!!?= <b@example.jp>
=?UTF-8?Q?=FF=FE?= <c@example.jp>
=?ISO-2022-JP?B?GyRC/w==?= <d@example.jp>
=?UTF-8?B?5bGx?= =?bogus?Q?x?= <e@example.jp>
EOF
	same_as <<'EOF'
=?x-unknown?B?5bGx?=
=?UTF-8?B?!!!?=
=?UTF-8?Q?=FF=FE?=
=?ISO-2022-JP?B?GyRC/w==?=
山 =?bogus?Q?x?=
EOF
}

@test "raw ISO-2022-JP names (old Japanese mail) neither break the list nor stay raw" {
	# 山田太郎 is ESC $ B ;3EDB@O: ESC ( B: a ';', an '@', a ':' and a '('
	msg=$'From: \e$B;3EDB@O:\e(B <taro@example.jp>, \e$B!J3t!K\e(B Sales <sales@example.jp>\n\n'
	run mailaddr <<<"$msg"
	same_as <<'EOF'
taro@example.jp
sales@example.jp
EOF
	run mailaddr -n <<<"$msg"
	same_as <<'EOF'
山田太郎 <taro@example.jp>
（株） Sales <sales@example.jp>
EOF
	run mailaddr -n < <(printf 'From: \e$B;3\e(B <a@example.jp>, \e$B%%\e(B <b@example.jp>\n\n')
	same_as <<'EOF'
山 <a@example.jp>
"$B% (B" <b@example.jp>
EOF
}

@test "raw ISO-2022-JP in quoted names and comments: its quote, backslash and parenthesis bytes are text" {
	# あ is ESC $ B $ " ESC ( B, ボ is $ \, え is $ (, ぉ is $ )
	msg=$'From: "\e$B$5$"\e(B" <a@example.jp>, c@example.jp\nTo: "\e$B%\\%V\e(B" <b@example.jp>\nCc: x@example.jp (\e$B$($(\e(B), (\e$B$)\e(B) <z@example.jp>\n\n'
	run mailaddr -n <<<"$msg"
	[ "$status" -eq 0 ]
	same_as <<'EOF'
さあ <a@example.jp>
c@example.jp
ボブ <b@example.jp>
ええ <x@example.jp>
ぉ <z@example.jp>
EOF
}

@test "raw Shift_JIS in a quoted name: a '\\' second byte at its end does not hide the field" {
	# 表 is 0x95 0x5c in Shift_JIS: "表" read by the book never ends
	run mailaddr -f '%a %n' < <(printf 'From: "\x95\x5c" <a@example.jp>, c@example.jp\nTo: "a\\" <x@example.jp>, "b" <y@example.jp>\n\n')
	[ "$status" -eq 0 ]
	same_as < <(printf 'a@example.jp "\x95\x5c\x5c"\nc@example.jp \n')
}

@test "an encoded comma or angle bracket never splits or forges an address" {
	run mailaddr -n <<<'=?UTF-8?B?RG9lLCBKb2huIDxldmlsQGJhZC5leGFtcGxlPg==?= <real@x.example>'
	same_as <<<'"Doe, John <evil@bad.example>" <real@x.example>'
	run mailaddr <<<'=?UTF-8?B?RG9lLCBKb2huIDxldmlsQGJhZC5leGFtcGxlPg==?= <real@x.example>'
	same_as <<<'real@x.example'
}

# --- output options ----------------------------------------------------------------

@test "-d prints domains lowercased" {
	run mailaddr -d <<<'A <a@Mail.Example.COM>, b@[IPv6:2001:DB8::1]'
	same_as <<'EOF'
mail.example.com
[ipv6:2001:db8::1]
EOF
}

@test "-f expands every conversion and escape" {
	run mailaddr -f '%a|%n|%l|%d|%h|%i|%%|\t|\\' <<<'To: "Ann" <Ann.Lee@Example.COM>'
	[ "$output" = $'Ann.Lee@Example.COM|Ann|Ann.Lee|example.com|To|1|%|\t|\\' ]
	run --separate-stderr mailaddr -f '%a %z' </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "mailaddr: -f: unknown conversion '%z' in format" ]
	run --separate-stderr mailaddr -f 'x%' </dev/null
	[ "$status" -eq 2 ]
}

@test "-n quotes names that need it and prints bare addresses bare" {
	run mailaddr -n <<<'a@x.example (Comment Name), "Smith, J." <b@x.example>, "Plain" <c@x.example>'
	same_as <<'EOF'
Comment Name <a@x.example>
"Smith, J." <b@x.example>
Plain <c@x.example>
EOF
}

@test "-0 ends records with NUL" {
	run bash -c 'printf "a@x.example, b@x.example\n" | mailaddr -0 | tr "\0\n" "|N"'
	[ "$output" = "a@x.example|b@x.example|" ]
}

@test "-1 and --last pick per message and per line" {
	msg=$'From: f@x.example\nTo: t1@x.example, t2@x.example\nCc: c@x.example\n\nbody\n'
	run mailaddr -1 <<<"$msg"
	same_as <<<'f@x.example'
	run mailaddr --last <<<"$msg"
	same_as <<<'c@x.example'
	run mailaddr --last -H to <<<"$msg"
	same_as <<<'t2@x.example'
	run mailaddr --first <<'EOF'
a@x.example, b@x.example
c@x.example, d@x.example
EOF
	same_as <<'EOF'
a@x.example
c@x.example
EOF
	run mailaddr --last <<<' Someone <x@y.example> (spoof <evil@bad.example>), last@y.example'
	same_as <<<'last@y.example'
}

@test "-u prints each record once and -c counts" {
	run mailaddr -u <<<'a@x.example, b@x.example, a@x.example, A@x.example'
	same_as <<'EOF'
a@x.example
b@x.example
A@x.example
EOF
	run mailaddr -u -d <<<'a@x.example, b@X.example'
	same_as <<<'x.example'
	run mailaddr -c <<<'a@x.example, b@x.example, a@x.example'
	[ "$status" -eq 0 ]
	[ "$output" = 3 ]
	run mailaddr -c -u <<<'a@x.example, b@x.example, a@x.example'
	[ "$output" = 2 ]
	run mailaddr -c <<<'no address here'
	[ "$status" -eq 1 ]
	[ "$output" = 0 ]
}

@test "-d, -f and -n exclude each other, as do -l, -m and -t" {
	run --separate-stderr mailaddr -d -n </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "mailaddr: -d, -f and -n exclude each other" ]
	[[ "$stderr" == *"usage: mailaddr "* ]]
	run --separate-stderr mailaddr -l -t </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "mailaddr: -l, -m and -t exclude each other" ]
}

# --- --same and --same-domain ----------------------------------------------------------

@test "--same compares the last From and Return-Path (domain case-insensitive)" {
	run mailaddr --same from,return-path <<<$'Return-Path: <taro@Example.JP>\nFrom: Taro <taro@example.jp>\n\nx'
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run mailaddr --same from,return-path <<<$'Return-Path: <Taro@example.jp>\nFrom: taro@example.jp\n\nx'
	[ "$status" -eq 1 ]
	run mailaddr --same from,return-path <<<$'Return-Path: <>\nFrom: taro@example.jp\n\nx'
	[ "$status" -eq 1 ]
	run mailaddr --same=from,reply-to <<<$'From: a@x.example\nReply-To: a@x.example\nFrom: b@x.example\n\nx'
	[ "$status" -eq 1 ]
}

@test "--same: a quoted local part equals the same one unquoted, no other" {
	run mailaddr --same from,return-path <<<$'Return-Path: <"john.doe"@example.com>\nFrom: John <john.doe@EXAMPLE.com>\n\n'
	[ "$status" -eq 0 ]
	run mailaddr --same from,return-path <<<$'Return-Path: <"jo\\hn"@example.com>\nFrom: john@example.com\n\n'
	[ "$status" -eq 0 ]
	run mailaddr --same from,return-path <<<$'Return-Path: <"john."@example.com>\nFrom: john@example.com\n\n'
	[ "$status" -eq 1 ]
	run mailaddr --same from,return-path <<<$'Return-Path: <John.Doe@example.com>\nFrom: john.doe@example.com\n\n'
	[ "$status" -eq 1 ]
}

@test "--same-domain accepts subdomains, not look-alikes" {
	run mailaddr --same-domain from,return-path <<<$'Return-Path: <bounce@mail.example.com>\nFrom: a@Example.com\n\n'
	[ "$status" -eq 0 ]
	run mailaddr --same-domain return-path,from <<<$'Return-Path: <bounce@example.com>\nFrom: a@news.example.com\n\n'
	[ "$status" -eq 0 ]
	run mailaddr --same-domain from,return-path <<<$'Return-Path: <bounce@badexample.com>\nFrom: a@example.com\n\n'
	[ "$status" -eq 1 ]
	run mailaddr --same-domain from,return-path <<<$'From: a@example.com\n\n'
	[ "$status" -eq 1 ]
}

@test "--same-domain: a bare top-level domain is nobody's parent domain" {
	run mailaddr --same-domain from,return-path <<<$'Return-Path: <spoof@com>\nFrom: ceo@bank.example.com\n\n'
	[ "$status" -eq 1 ]
	run mailaddr --same-domain from,return-path <<<$'Return-Path: <bounce@bank.example.com>\nFrom: ceo@COM\n\n'
	[ "$status" -eq 1 ]
	run mailaddr --same-domain from,return-path <<<$'Return-Path: <root@localhost>\nFrom: root@localhost\n\n'
	[ "$status" -eq 0 ]
}

@test "--same reads only the first message: a From line in its body changes nothing" {
	run mailaddr --same-domain from,return-path <<'EOF'
From bounce@example.com Mon Jan  1 00:00:00 2024
Return-Path: <bounce@example.com>
From: a@example.com

From the desk of someone.
From: x@evil.example
EOF
	[ "$status" -eq 0 ]
}

@test "--same needs two header names" {
	run --separate-stderr mailaddr --same from </dev/null
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "mailaddr: --same needs two header names, as in from,return-path" ]
	run --separate-stderr mailaddr --same-domain a,b --same c,d </dev/null
	[ "$status" -eq 2 ]
}

# --- free text -------------------------------------------------------------------------

@test "-t finds addresses in text without trailing dots or cut UTF-8" {
	run mailaddr -t <<'EOF'
Write to <john@example.com>, or mailto:jane@example.org?subject=hi.
Jörg is at jörg@bücher.example. Sentence end: bob@example.net.
連絡先はtaro@example.jpまでお願いします。
postfix/smtp[123]: to=<user@dest.example>, relay=mx.dest.example[192.0.2.1]:25, status=sent
'quoted@example.com' a@b@c.example
EOF
	[ "$status" -eq 0 ]
	same_as <<'EOF'
john@example.com
jane@example.org
jörg@bücher.example
bob@example.net
taro@example.jp
user@dest.example
quoted@example.com
a@b
EOF
}

@test "-t: Japanese text in EUC-JP, Shift_JIS or ISO-2022-JP stays out, Latin-1 cuts nothing" {
	run mailaddr -t < <(printf '\xa4\xcftaro@example.jp\xa4\xde\xa4\xc7\n\x82\xcdjiro@example.jp\x82\xdc\n\x1b$B$O\x1b(Bsabu@example.jp\x1b$B$^\x1b(B\nj\xf6rg@b\xfccher.example\n')
	same_as <<'EOF'
taro@example.jp
jiro@example.jp
sabu@example.jp
EOF
}

@test "-t: --first and --last are per line, %i is the line number" {
	run mailaddr -t --last -f '%i %a' <<'EOF'
a@x.example b@x.example
nothing

c@x.example d@x.example e@x.example
EOF
	same_as <<'EOF'
1 b@x.example
4 e@x.example
EOF
	# b@ starts the second 1 MiB read: a line of its own all the same
	{ echo a@x.example; for _ in $(seq 10485); do printf '%099d\n' 0; done
	  printf '%063d\n' 0; echo b@x.example; } >"$BATS_TEST_TMPDIR/text"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/text")" -eq $((1048576 + 12)) ]
	run mailaddr -t --last -f '%i %a' "$BATS_TEST_TMPDIR/text"
	same_as <<'EOF'
1 a@x.example
10488 b@x.example
EOF
	run mailaddr -t <<<'no addresses @ all here, user@ or @host'
	[ "$status" -eq 1 ]
	[ -z "$output" ]
}

# --- bad input -------------------------------------------------------------------------

@test "NUL bytes separate words and do not stop the parse" {
	run mailaddr < <(printf 'From: a@x.example\0b@x.example\nTo: c@\0x.example, d@x.example\n\n')
	same_as <<'EOF'
a@x.example
b@x.example
d@x.example
EOF
	run mailaddr -t < <(printf 'x\0y@x.example z\0\0w@x.example\n')
	same_as <<'EOF'
y@x.example
w@x.example
EOF
}

@test "invalid UTF-8 passes through as bytes" {
	run mailaddr -n < <(printf 'From: \xff\xfe <\xe9t\xe9@x.example>\n\n')
	[ "$output" = $'\xff\xfe <\xe9t\xe9@x.example>' ]
}

@test "unbalanced quotes, brackets and parentheses invent nothing" {
	run mailaddr <<'EOF'
To: ok1@x.example, "unclosed <evil@bad.example>, evil2@bad.example
To: ok2@x.example (unclosed <evil@bad.example>
To: ok3@x.example, x@[192.0.2.1, <ok4@x.example
To: <ok5@x.example, ok6@x.example>
To: stray) ok7@x.example>
EOF
	same_as <<'EOF'
ok1@x.example
ok2@x.example
ok3@x.example
ok4@x.example
ok5@x.example
ok6@x.example
ok7@x.example
EOF
}

@test "a header line without a colon is skipped, a message without a blank line read" {
	run mailaddr -m <<'EOF'
From: a@x.example
this line has no colon b@x.example
To: c@x.example
EOF
	same_as <<'EOF'
a@x.example
c@x.example
EOF
}

@test "an empty file finds nothing, exit 1" {
	: >"$BATS_TEST_TMPDIR/empty"
	run --separate-stderr mailaddr "$BATS_TEST_TMPDIR/empty"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	run mailaddr -t </dev/null
	[ "$status" -eq 1 ]
}

@test "a missing file among good ones: reported, the others read, exit 2" {
	cd "$BATS_TEST_TMPDIR"
	printf 'From: a@x.example\n\n' >1.eml
	printf 'From: b@x.example\n\n' >3.eml
	run --separate-stderr mailaddr 1.eml 2.eml 3.eml
	[ "$status" -eq 2 ]
	same_as <<'EOF'
a@x.example
b@x.example
EOF
	[ "$stderr" = "mailaddr: 2.eml: No such file or directory" ]
	run --separate-stderr mailaddr "$BATS_TEST_TMPDIR"
	[ "$status" -eq 2 ]
	[ "$stderr" = "mailaddr: $BATS_TEST_TMPDIR: Is a directory" ]
}

@test "an unreadable file is an error, exit 2" {
	user_tmpdir
	printf 'From: a@x.example\n\n' >"$USER_TMP/secret.eml"
	chmod 000 "$USER_TMP/secret.eml"
	run --separate-stderr as_user "$KANRI_BIN/mailaddr" "$USER_TMP/secret.eml"
	user_tmpdir_cleanup
	[ "$status" -eq 2 ]
	[ "$stderr" = "mailaddr: $USER_TMP/secret.eml: Permission denied" ]
}

@test "a write error is reported, exit 2" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr bash -c 'echo "a@x.example" | mailaddr >/dev/full'
	[ "$status" -eq 2 ]
	[ "$stderr" = "mailaddr: write error: No space left on device" ]
}

@test "10,000 nested comments, a 4 MB header line and 100,000 addresses in one To:" {
	cd "$BATS_TEST_TMPDIR"
	{ printf 'To: a@x.example '; printf '(%.0s' $(seq 10000); printf ')%.0s' $(seq 10000)
	  printf ', b@x.example\n\n'; } >nested.eml
	run mailaddr nested.eml
	same_as <<'EOF'
a@x.example
b@x.example
EOF
	run mailaddr -f '%n' nested.eml
	[ "${#output}" -eq $((2 * 9999 + 2)) ]
	{ printf 'To: "'; head -c 4000000 /dev/zero | tr '\0' 'x'; printf '" <long@x.example>\n\n'; } >long.eml
	run mailaddr -n long.eml
	[ "${#output}" -eq 4000017 ]
	[[ "$output" == xxx*'x <long@x.example>' ]]
	{ printf 'To: '; seq -f 'u%g@example.com,' 100000 | tr -d '\n'; printf '\n'; } >many.eml
	run mailaddr -c -u -m many.eml
	[ "$output" = 100000 ]
}

@test "a message on a pipe is read to its end: the writer gets no SIGPIPE" {
	run bash -c 'set -o pipefail; { printf "From: a@x.example\n\n"; head -c 3000000 /dev/zero; } | mailaddr'
	[ "$status" -eq 0 ]
	[ "$output" = a@x.example ]
	run bash -c 'set -o pipefail; { printf "From: a@x.example\nReturn-Path: <a@x.example>\n\n"
	    head -c 3000000 /dev/zero; } | mailaddr --same from,return-path'
	[ "$status" -eq 0 ]
}

@test "a closed pipe ends mailaddr quietly" {
	run --separate-stderr bash -c 'yes "a@x.example, b@x.example" | head -n 100000 | mailaddr | head -n 1'
	[ "$output" = a@x.example ]
	[ -z "$stderr" ]
}
