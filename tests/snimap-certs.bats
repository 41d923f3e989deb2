#!/usr/bin/env bats
# snimap --check on what a server or a client refuses: key types Postfix and Dovecot do
# not serve, keys of another type than their certificate, dates openssl calls "Bad time
# value", CN string types and wildcards over a top-level label. Every key and certificate
# is made by openssl in the test; every expectation about dates, host names and key
# loading is asked of openssl itself.

load helper

setup_file() {
	command -v openssl >/dev/null || return 0
	K="$BATS_FILE_TMPDIR/keys"
	export K
	mkdir -p "$K"
	(
		cd "$K" || exit 1
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key
		openssl ec -in ec.key -out ec-sec1.key
		openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key
		openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out pss.key
		openssl genpkey -genparam -algorithm DSA -pkeyopt pbits:2048 -pkeyopt qbits:256 \
			-out dsa-params.pem
		openssl genpkey -paramfile dsa-params.pem -out dsa.key
		openssl genpkey -algorithm SM2 -out sm2.key
	) >/dev/null 2>&1
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	require_cmd openssl
	[ -s "$K/dsa.key" ] || { echo "key generation failed" >&2; return 1; }
}

# selfsigned KEY CN [SAN]: cert.pem, valid from now for 30 days
selfsigned() {
	openssl req -x509 -new -key "$1" -subj "/CN=$2" -days 30 \
		${3:+-addext "subjectAltName=$3"} -out cert.pem 2>/dev/null
	# a second later, the days left are 29 whenever the test runs
	sleep 1
}

# --- key types --------------------------------------------------------------------------

@test "a DSA key and certificate fail: Postfix and Dovecot do not serve DSA" {
	selfsigned "$K/dsa.key" dsa.example
	openssl pkey -in "$K/dsa.key" -traditional -out dsa-trad.key
	# openssl itself takes both forms as the same key
	openssl x509 -in cert.pem -noout -pubkey >pub1
	openssl pkey -in dsa-trad.key -pubout >pub2
	cmp pub1 pub2
	for k in "$K/dsa.key" "$PWD/dsa-trad.key"; do
		run --separate-stderr snimap -c <<<"dsa.example $PWD/cert.pem $k"
		[ "$status" -eq 1 ]
		[ "$output" = "dsa.example: failed: DSA key and certificate, which Postfix and Dovecot do not serve, 29 days left" ]
	done
	head -1 dsa-trad.key | grep -qx -- '-----BEGIN DSA PRIVATE KEY-----'
	# nothing written for a server to abort on
	run --separate-stderr snimap -w "$PWD/sni_maps" <<<"dsa.example $PWD/cert.pem $PWD/dsa-trad.key"
	[ "$status" -eq 1 ]
	[ "${stderr_lines[1]}" = "snimap: $PWD/sni_maps: not written: a check failed" ]
	[ ! -e sni_maps ]
}

@test "an SM2 key and certificate fail: not a type Postfix and Dovecot serve" {
	selfsigned "$K/sm2.key" sm2.example
	[ -s cert.pem ] || skip "this openssl does not sign with SM2"
	run --separate-stderr snimap -c <<<"sm2.example $PWD/cert.pem $K/sm2.key"
	[ "$status" -eq 1 ]
	[ "$output" = "sm2.example: failed: SM2 key and certificate, which Postfix and Dovecot do not serve, 29 days left" ]
}

@test "a key of another type than the certificate's is a mismatch, never unverifiable" {
	selfsigned "$K/rsa.key" rsa.example
	run --separate-stderr snimap -c <<<"rsa.example $PWD/cert.pem $K/dsa.key"
	[ "$status" -eq 1 ]
	[ "$output" = "rsa.example: failed: key does not match the certificate (DSA key, RSA certificate), 29 days left" ]
	# a DSA certificate with an EC key saved without its public part: the types differ,
	# which is all there is to say
	selfsigned "$K/dsa.key" dsa.example
	openssl ec -in "$K/ec.key" -no_public -out ec-nopub.key 2>/dev/null
	run --separate-stderr snimap -c <<<"dsa.example $PWD/cert.pem $PWD/ec-nopub.key"
	[ "$status" -eq 1 ]
	[ "$output" = "dsa.example: failed: key does not match the certificate (EC key, DSA certificate), 29 days left" ]
	selfsigned "$K/sm2.key" sm2.example
	if [ -s cert.pem ]; then
		run --separate-stderr snimap -c <<<"sm2.example $PWD/cert.pem $K/ec.key"
		[ "$status" -eq 1 ]
		[ "$output" = "sm2.example: failed: key does not match the certificate (EC key, SM2 certificate), 29 days left" ]
	fi
}

@test "an RSA-PSS certificate with the same modulus as an rsaEncryption key: openssl and snimap refuse it" {
	selfsigned "$K/pss.key" pss.example
	openssl rsa -in "$K/pss.key" -traditional -out pss-trad.key 2>/dev/null
	sed 's/RSA-PSS PRIVATE KEY/RSA PRIVATE KEY/' pss-trad.key >as-rsa.key
	# the same n and e ...
	[ "$(openssl rsa -in as-rsa.key -noout -modulus)" = "$(openssl x509 -in cert.pem -noout -modulus)" ]
	# ... and still no server takes it
	run timeout 5 openssl s_server -accept 127.0.0.1:0 -cert cert.pem -key as-rsa.key -naccept 1
	[[ "$output" == *"Private key does not match the certificate public key"* ]]
	run --separate-stderr snimap -c <<<"pss.example $PWD/cert.pem $PWD/as-rsa.key"
	[ "$status" -eq 1 ]
	[ "$output" = "pss.example: failed: key does not match the certificate (RSA key, RSA-PSS certificate), 29 days left" ]
	# its own PKCS#8 key is fine
	run --separate-stderr snimap -c <<<"pss.example $PWD/cert.pem $K/pss.key"
	[ "$status" -eq 0 ]
	[ "$output" = "pss.example: ok, 29 days left" ]
}

@test "an RSA-PSS PRIVATE KEY block is a key that OpenSSL 3 does not load" {
	selfsigned "$K/pss.key" pss.example
	openssl rsa -in "$K/pss.key" -traditional -out pss-trad.key 2>/dev/null
	head -1 pss-trad.key | grep -qx -- '-----BEGIN RSA-PSS PRIVATE KEY-----'
	run openssl pkey -in pss-trad.key -noout
	[ "$status" -ne 0 ]
	run --separate-stderr snimap -c <<<"pss.example $PWD/cert.pem $PWD/pss-trad.key"
	[ "$status" -eq 1 ]
	[ "$output" = "pss.example: failed: $PWD/pss-trad.key: an RSA-PSS PRIVATE KEY block, which OpenSSL 3 does not load (openssl pkey writes it as PRIVATE KEY), 29 days left" ]
}

# --- names and dates, in certificates written with openssl asn1parse -genconf -------------

# gencert CNTYPE CN NB_TAG NB NA_TAG NA: c.pem, an unsigned certificate for $K/ec.key with
# the subject CN of that string type and the validity strings as given, tag 23 UTCTime or
# 24 GeneralizedTime (written as implicitly tagged octets, so that openssl's own checks
# on writing do not stop a bad date).
gencert() {
	local point
	point=$(openssl pkey -in "$K/ec.key" -pubout -outform DER | tail -c 65 | od -An -tx1 | tr -d ' \n')
	cat >g.cnf <<EOF
asn1=SEQUENCE:cert
[cert]
tbs=SEQUENCE:tbs
alg=SEQUENCE:sigalg
sig=FORMAT:HEX,BITSTRING:00
[sigalg]
oid=OID:ecdsa-with-SHA256
[tbs]
ver=EXPLICIT:0,INTEGER:2
serial=INTEGER:1
alg=SEQUENCE:sigalg
issuer=SEQUENCE:name
validity=SEQUENCE:validity
subject=SEQUENCE:name
spki=SEQUENCE:spki
[name]
rdn=SET:rdn
[rdn]
atv=SEQUENCE:cn
[cn]
oid=OID:commonName
val=$1:$2
[validity]
nb=IMPLICIT:$3U,OCTETSTRING:$4
na=IMPLICIT:$5U,OCTETSTRING:$6
[spki]
alg=SEQUENCE:ecalg
key=FORMAT:HEX,BITSTRING:$point
[ecalg]
oid=OID:id-ecPublicKey
curve=OID:prime256v1
EOF
	openssl asn1parse -genconf g.cnf -out c.der >/dev/null &&
		openssl x509 -inform DER -in c.der -out c.pem
}

@test "a CN in a BMPString or UniversalString is read, as openssl reads it" {
	for t in BMPSTRING UNIVERSALSTRING UTF8STRING PRINTABLESTRING; do
		gencert "$t" cn.example 23 200101000000Z 24 20991231235959Z
		openssl asn1parse -in c.pem | grep -qi "prim: $t"
		run openssl x509 -in c.pem -noout -checkhost cn.example
		[ "$output" = "Hostname cn.example does match certificate" ]
		run --separate-stderr snimap -c <<<"cn.example $PWD/c.pem $K/ec.key"
		[ "$status" -eq 0 ]
		[[ "$output" == "cn.example: ok, "*" days left" ]]
		run --separate-stderr snimap -c <<<"other.example $PWD/c.pem $K/ec.key"
		[ "$status" -eq 1 ]
		[[ "$output" == "other.example: failed: certificate does not cover other.example, "* ]]
	done
}

@test "validity dates: snimap reads what openssl reads, and refuses its \"Bad time value\"" {
	local na tag val end want now
	# tag and notAfter string; notBefore is always a plain UTCTime in the past
	for na in "23 300230000000Z" "23 300431120000Z" "23 290229120000Z" "23 300101120060Z" \
		"23 300101120000+1300" "23 300101120000+0060" "23 300101120000.5Z" "23 3001011200" \
		"23 300101120000" "23 30010112Z" "23 3001011200Z" "23 300101120000+0130" \
		"23 300101120000-1200" "23 280229120000Z" "24 20300101120000.Z" "24 203001011200Z" \
		"24 20300101120000.5Z" "24 20300101120000.123+0100" "24 20300101120000+0000" \
		"24 20300101120000" "24 20280229235959Z" "24 2030010112Z" "24 20301301120000Z" \
		"24 20300101240000Z" "24 20300101120000.5" "24 20300101120000,5Z"; do
		read -r tag val <<<"$na"
		gencert UTF8 t.example 23 200101000000Z "$tag" "$val"
		end=$(openssl x509 -in c.pem -noout -enddate)
		run --separate-stderr snimap -c <<<"t.example $PWD/c.pem $K/ec-sec1.key"
		if [ "$end" = "notAfter=Bad time value" ]; then
			want="t.example: failed: $PWD/c.pem: a date in the certificate that openssl refuses (\"Bad time value\")"
			[ "$status" -eq 1 ] || { echo "$val: $output"; false; }
		else
			now=$(date +%s)
			want="t.example: ok, $((($(date -u -d "${end#notAfter=}" +%s) - now) / 86400)) days left"
			[ "$status" -eq 0 ] || { echo "$val ($end): $output"; false; }
		fi
		[ "$output" = "$want" ] || { echo "$val ($end): $output"; false; }
	done
	# a notBefore openssl refuses is refused too
	gencert UTF8 t.example 23 200230000000Z 23 300101120000Z
	[ "$(openssl x509 -in c.pem -noout -startdate)" = "notBefore=Bad time value" ]
	run --separate-stderr snimap -c <<<"t.example $PWD/c.pem $K/ec-sec1.key"
	[ "$status" -eq 1 ]
}

@test "--scan names the certificate with a bad date and writes nothing" {
	mkdir -p live/t.example
	gencert UTF8 t.example 23 200101000000Z 23 300230000000Z
	cp c.pem live/t.example/fullchain.pem
	cp "$K/ec.key" live/t.example/privkey.pem
	run --separate-stderr snimap -s live
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "snimap: $PWD/live/t.example/fullchain.pem: a date in the certificate that openssl refuses (\"Bad time value\")" ]
}

@test "a wildcard directly over a top-level label covers nothing, as openssl -checkhost says" {
	local name
	selfsigned "$K/ec.key" w.example "DNS:*.com,DNS:*.example.com,DNS:*.,DNS:*"
	for name in example.com a.com b.example.com com; do
		run --separate-stderr snimap -c <<<"$name $PWD/cert.pem $K/ec.key"
		if [ "$(openssl x509 -in cert.pem -noout -checkhost "$name")" = "Hostname $name does match certificate" ]; then
			[ "$status" -eq 0 ]
			[ "$output" = "$name: ok, 29 days left" ]
		else
			[ "$status" -eq 1 ]
			[ "$output" = "$name: failed: certificate does not cover $name, 29 days left" ]
		fi
	done
	# the covered one, so that the loop above cannot pass on failures alone
	run --separate-stderr snimap -c <<<"b.example.com $PWD/cert.pem $K/ec.key"
	[ "$status" -eq 0 ]
	# the wildcard entry itself is no name for a map either
	run --separate-stderr snimap -c <<<"*.com $PWD/cert.pem $K/ec.key"
	[ "$status" -eq 1 ]
	[ "$output" = "*.com: failed: certificate does not cover *.com, 29 days left" ]
}
