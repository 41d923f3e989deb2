#!/usr/bin/env bats
# snimap: host names to A-labels by UTS 46 nontransitional processing, compared with
# Python's idna package and libidn2's idn2 (tests/fixtures/snimap/idna-compare.py).

load helper

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# The A-label snimap gives NAME, or its message.
alabel() {
	printf '%s /c /k\n' "$1" >list
	snimap list 2>&1 | sed 's/ \/k, \/c$//'
}

@test "IDN: capitals of every script are lowercased as UTS 46 does (İ keeps its dot, Greek tonos)" {
	# the expected A-labels are what Python's idna 3.3 and 3.13 and idn2 2.3.3 give
	[ "$(alabel 'İstanbul.example')" = "xn--istanbul-o0e.example" ]
	[ "$(alabel 'ıstanbul.example')" = "xn--stanbul-qfb.example" ]
	[ "$(alabel 'ΆΈΉΊΌΎΏ.gr')" = "xn--hxacde9lgh.gr" ]
	[ "$(alabel 'ΣΊΣΥΦΟΣ.gr')" = "xn--kxa6akbbkh.gr" ]
	[ "$(alabel 'βόλος.com')" = "xn--nxasmm1c.com" ]
	[ "$(alabel 'ЁЛКА.рф')" = "xn--80atc1g.xn--p1ai" ]
	[ "$(alabel 'FASS.de')" = "fass.de" ]
}

@test "IDN: nontransitional: ß, ς and joiners in their context are kept" {
	[ "$(alabel 'faß.de')" = "xn--fa-hia.de" ]
	[ "$(alabel 'ς.gr')" = "xn--3xa.gr" ]
	[ "$(alabel 'نامه‌ای.ir')" = "xn--mgba3gch31f060k.ir" ]
	[ "$(alabel 'क्‍ष.in')" = "xn--11b2ezcw70k.in" ]
	[ "$(alabel 'l·l.cat')" = "xn--ll-0ea.cat" ]
}

@test "IDN: full-width, compatibility forms and combining sequences are mapped and composed" {
	[ "$(alabel 'Ａｂｃ.ｅｘａｍｐｌｅ')" = "abc.example" ]
	[ "$(alabel 'münchen。de')" = "xn--mnchen-3ya.de" ]
	[ "$(alabel 'ｅ́.com')" = "xn--9ca.com" ]
	[ "$(alabel 'ﬁ.com')" = "fi.com" ]
	[ "$(alabel 'Ⅸ.example')" = "ix.example" ]
	[ "$(alabel 'ⓐ.example')" = "a.example" ]
	[ "$(alabel '가.kr')" = "xn--o39a.kr" ]
	[ "$(alabel 'XN--Bcher-KVA.example')" = "xn--bcher-kva.example" ]
	[ "$(alabel 'שלום.example')" = "xn--9dbne9b.example" ]
}

@test "IDN: what UTS 46 and IDNA2008 refuse is refused with the reason" {
	[ "$(alabel '😀.com')" = "snimap: list:1: U+1F600 is not allowed in host names (IDNA2008, RFC 5892 14.0.0)" ]
	[ "$(alabel 'a⒈com')" = "snimap: list:1: U+2488 is not allowed in host names (UTS 46 14.0.0)" ]
	[ "$(alabel '㈱.jp')" = "snimap: list:1: U+3231 is not allowed in host names (UTS 46 14.0.0, STD3 rules)" ]
	[ "$(alabel 'a‌b.example')" = "snimap: list:1: U+200C is not allowed where it stands (RFC 5892 CONTEXTJ)" ]
	[ "$(alabel 'x·y.cat')" = "snimap: list:1: U+00B7 is not allowed where it stands (RFC 5892 CONTEXTO)" ]
	[ "$(alabel 'ab--ü.de')" = 'snimap: list:1: label has "--" in its third and fourth place' ]
	[ "$(alabel $'\u0301a.de')" = "snimap: list:1: label starts with the combining mark U+0301" ]
	[ "$(alabel '-ü.de')" = "snimap: list:1: label starts or ends with a hyphen" ]
	[ "$(alabel 'ابc.com')" = "snimap: list:1: label 1 of a right-to-left name breaks rule 2 of RFC 5893 section 2" ]
	[ "$(alabel 'xn--tca.example')" = "snimap: list:1: xn--tca is not a valid A-label" ]
}

@test "IDN: no guess where the peers' Unicode versions differ, nor for invisible characters" {
	# ẞ is ss in UTS 46 14.0 (python3-idna 3.3, libidn2) and ß in 17.0 (idna 3.13)
	[ "$(alabel 'ẞ.de')" = "snimap: list:1: U+1E9E is refused: UTS 46 14.0.0 and 17.0.0 treat it differently" ]
	# U+08BE is Unicode 13.0, unassigned for libidn2 2.3's IDNA2008 tables
	[ "$(alabel 'aࢾ.com')" = "snimap: list:1: U+08BE is refused: it is newer than Unicode 12.1, the IDNA2008 tables of libidn2" ]
	# UTS 46 drops U+00AD; in a list it is a paste accident, refused
	[ "$(alabel 'a­b.de')" = "snimap: list:1: invalid character U+00AD in name" ]
	# RFC 5893 holds for every label of a right-to-left name (the peers check it per label)
	[ "$(alabel '1a.שלום')" = "snimap: list:1: label 1 of a right-to-left name breaks rule 1 of RFC 5893 section 2" ]
}

# The peers this comparison asks: every python3 with the idna package, and idn2.
idna_pythons() {
	local py seen=
	for py in python3 /usr/bin/python3; do
		command -v "$py" >/dev/null 2>&1 || continue
		v=$("$py" -c 'import idna; print(idna.__version__)' 2>/dev/null) || continue
		case " $seen " in *" $v "*) continue ;; esac
		seen="$seen $v"
		echo "$py"
	done
}

@test "IDN: generated names (seed 1): every A-label snimap gives is the one Python's idna and idn2 give" {
	require_cmd idn2
	pys=$(idna_pythons)
	if [ -z "$pys" ]; then
		[ "${KANRI_REQUIRE_PEERS:-0}" != 1 ] || { echo "no python3 with idna (python3-idna)" >&2; false; }
		skip "Python's idna package is not installed (python3-idna)"
	fi
	for py in $pys; do
		run "$py" "$FIXTURES/snimap/idna-compare.py" --snimap "$KANRI_BIN/snimap" \
			--idn2 "$(command -v idn2)" --seed 1 --runs 400
		echo "$output"
		[ "$status" -eq 0 ]
		[[ "${lines[0]}" == "400 names, seed 1, peers: python idna "*", idn2; snimap accepted "*"; 0 mismatches" ]]
		# snimap must not refuse its way to agreement: most of what the peers take, it takes
		accepted=$(sed -n 's/.*snimap accepted \([0-9]*\), .*/\1/p' <<<"${lines[0]}")
		refused=$(sed -n 's/.*refused \([0-9]*\) that every peer.*/\1/p' <<<"${lines[0]}")
		[ "$accepted" -ge 60 ]
		[ "$refused" -le $((accepted / 10)) ]
	done
}

@test "IDN: the committed tables are what tools/snimap/mkidna makes of the data files" {
	py=/usr/lib/python3/dist-packages/idna ucd=/usr/share/unicode
	newer=$(python3 -c 'import idna, os; print(os.path.dirname(idna.__file__))' 2>/dev/null) || true
	for f in "$py/uts46data.py" "$ucd/UnicodeData.txt" "$ucd/DerivedAge.txt" "$newer/uts46data.py"; do
		[ -r "$f" ] || skip "$f is not installed (python3-idna, unicode-data, idna from PyPI)"
	done
	# the table names the versions it was made from; other versions make another table
	want=$(sed -n 's/^#define IDNA_UTS46_NEWER "\(.*\)"/\1/p' "$KANRI_ROOT/tools/snimap/idna-table.h")
	have=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$newer/uts46data.py")
	[ "$want" = "$have" ] || skip "the newer idna here is $have, the table was made with $want"
	cc -std=c11 -D_DEFAULT_SOURCE -O1 -o mkidna "$KANRI_ROOT/tools/snimap/mkidna/mkidna.c"
	./mkidna -n "$newer/uts46data.py" -N "$newer/idnadata.py" -a "$ucd/DerivedAge.txt" -A 12.1 \
		"$py/uts46data.py" "$py/idnadata.py" "$ucd/UnicodeData.txt" \
		"$ucd/DerivedNormalizationProps.txt" >table.h
	diff table.h "$KANRI_ROOT/tools/snimap/idna-table.h"
}

@test "IDN: mkidna refuses a data file that is not one" {
	cc -std=c11 -D_DEFAULT_SOURCE -O1 -o mkidna "$KANRI_ROOT/tools/snimap/mkidna/mkidna.c"
	: >empty
	run --separate-stderr ./mkidna empty empty empty empty
	[ "$status" -eq 2 ]
	[ "$stderr" = "mkidna: empty: no UTS 46 data in it" ]
	run --separate-stderr ./mkidna nothing empty empty empty
	[ "$status" -eq 2 ]
	[ "$stderr" = "mkidna: nothing: No such file or directory" ]
	run --separate-stderr ./mkidna
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "usage: mkidna [-n newer-uts46data.py -N newer-idnadata.py] [-a DerivedAge.txt -A AGE]" ]
}
