#!/usr/bin/env bats
# README.md's "Many servers" recipes, run by ansible-core as written, against an inventory
# of local "hosts" (ansible_connection=local), each with its own root standing for its
# /usr/local/bin, /var/www and /opt. What Ansible collects, one line per host, must be what
# the same command prints run directly on that host's files.

load helper

setup() {
	require_cmd ansible
	FLEET="$BATS_TEST_TMPDIR/fleet"
	mkdir -p "$FLEET"
	cd "$FLEET" || return 1
	export ANSIBLE_HOME="$FLEET/.ansible" ANSIBLE_LOCAL_TEMP="$FLEET/.ansible/tmp" \
		ANSIBLE_REMOTE_TEMP="$FLEET/.ansible/tmp" ANSIBLE_NOCOLOR=1 ANSIBLE_CONFIG="$FLEET/ansible.cfg" \
		ANSIBLE_PYTHON_INTERPRETER=auto_silent ANSIBLE_DEPRECATION_WARNINGS=0
	: >ansible.cfg
	# web1: old CGI that breaks and three PHPs; web2: clean, one PHP; web3: no PHP at all
	local h
	for h in web1 web2 web3; do
		mkdir -p "$h/usr/local/bin" "$h/var/www/htdocs" "$h/opt"
		echo '<p>hello</p>' >"$h/var/www/htdocs/index.html"
	done
	cp -R "$FIXTURES/readme/jcodefix-site/cgi-bin" web1/var/www/
	cp -R "$FIXTURES/readme/pipelines-opt/." web1/opt/
	mkdir -p web2/opt/plesk/php/8.3/bin
	cp "$FIXTURES/readme/pipelines-opt/plesk/php/8.3/bin/php" web2/opt/plesk/php/8.3/bin/
	for h in web1 web2 web3; do
		echo "$h ansible_connection=local root=$FLEET/$h kanri_bin=$FLEET/$h/usr/local/bin"
	done >hosts.ini
}

# The sh blocks of README.md's fleet section, one file each (N.sh), with the paths of a
# real host turned into each test host's: /usr/local/bin, /var/www and /opt under its root,
# the binaries under test for build-static/, no `make static` and no -b (no sudo here).
fleet_blocks() {
	awk -v dir="$FLEET" '
		/<!-- BEGIN fleet -->/ { on = 1 } /<!-- END fleet -->/ { on = 0 }
		on && /^```sh/ { n++; inb = 1; next } inb && /^```/ { inb = 0; next }
		inb { print > (dir "/" n ".sh") }
	' "$KANRI_ROOT/README.md"
	sed -i -e '/^make static$/d' -e 's/ -b / /' -e "s|build-static/|$KANRI_BIN/|g" \
		-e 's|/usr/local/bin|{{ kanri_bin }}|g' -e 's|/var/www|{{ root }}/var/www|g' \
		-e 's| /opt/| {{ root }}/opt/|g' "$FLEET"/[0-9].sh
}

# The line Ansible printed for HOST, from the -o output in FILE.
host_line() { # FILE HOST
	grep "^$2 | " "$1"
}

@test "fleet: the README's copy puts every binary on every host" {
	fleet_blocks
	[ -f 1.sh ] && [ -f 2.sh ]
	grep -q 'ansible all -i hosts.ini' 1.sh
	run bash 1.sh
	[ "$status" -eq 0 ]
	local h t
	for h in web1 web2 web3; do
		for t in $(kanri_tools); do
			cmp "$KANRI_BIN/$t" "$h/usr/local/bin/$t"
			[ -x "$h/usr/local/bin/$t" ]
		done
	done
}

@test "fleet: the README's checks, one line per host, as each host's own run" {
	fleet_blocks
	local h t cmd want rc i=0
	for h in web1 web2 web3; do
		for t in $(kanri_tools); do cp "$KANRI_BIN/$t" "$h/usr/local/bin/"; done
	done
	# each ansible line of the checks block, run by Ansible and on each host directly
	while IFS= read -r line; do
		i=$((i + 1))
		bash -c "$line" >"ansible.$i" 2>"ansible.$i.err" || true
		[ "$(grep -c ' | ' "ansible.$i")" -eq 3 ] || { cat "ansible.$i" "ansible.$i.err"; return 1; }
		cmd=$(sed -n "s/.* -a '\(.*\)'$/\1/p" <<<"$line")
		[ -n "$cmd" ]
		for h in web1 web2 web3; do
			rc=0
			want=$(cd "$h" && bash -c "$(sed -e "s|{{ kanri_bin }}|$FLEET/$h/usr/local/bin|g" \
				-e "s|{{ root }}|$FLEET/$h|g" <<<"$cmd")" 2>/dev/null) || rc=$?
			# rc 0: "host | CHANGED | rc=0 | (stdout) a\nb"; else "host | FAILED! => {JSON}"
			want=${want//$'\n'/\\n}
			if [ "$rc" -eq 0 ]; then
				host_line "ansible.$i" "$h" | grep -qF -- "| CHANGED | rc=0 | (stdout) $want"
			else
				want=${want//$'\t'/\\t}
				host_line "ansible.$i" "$h" | grep -F -- '"rc": '"$rc," | grep -qF -- '"stdout": "'"$want"'"'
			fi || { echo "$h: want rc=$rc $want"; cat "ansible.$i"; return 1; }
		done
	done < <(grep '^ansible ' 2.sh)
	[ "$i" -eq 2 ]
	# what the recipes are for: web1 has two files to fix, the others none
	[[ "$(host_line ansible.1 web1)" == *"rc=0 | (stdout) $FLEET/web1/var/www/cgi-bin/bbs.cgi\\n$FLEET/web1/var/www/cgi-bin/jcode.pl"* ]]
	[[ "$(host_line ansible.1 web2)" == *'"rc": 1,'* ]]
	[[ "$(host_line ansible.2 web2)" == *"rc=0 | (stdout) $FLEET/web2/opt/plesk/php/8.3/bin/php"$'\t'"https://wordpress.org/wordpress-6.4.10.tar.gz"* ]]
	[[ "$(host_line ansible.2 web3)" == *'"rc": 1,'* ]]
}
