#!/usr/bin/env bats
# The bash and zsh completions (made by tools/mkcomplete.awk from each tool's --help and
# tools/NAME/complete), loaded the way the shells load them and asked for the completions
# of partial command lines.

load helper

BASH_COMPLETION=/usr/share/bash-completion/bash_completion

# The generated completion of a tool for a shell: in the build tree, or where
# `make install` put it beside KANRI_BIN.
completion_file() { # bash|zsh TOOL
	local f
	if [ "$1" = bash ]; then
		for f in "$KANRI_BIN/completion/bash/$2" "$KANRI_BIN/../share/bash-completion/completions/$2"; do
			[ -f "$f" ] && { echo "$f"; return 0; }
		done
	else
		for f in "$KANRI_BIN/completion/zsh/_$2" "$KANRI_BIN/../share/zsh/site-functions/_$2"; do
			[ -f "$f" ] && { echo "$f"; return 0; }
		done
	fi
	echo "no $1 completion for $2 under $KANRI_BIN" >&2
	return 1
}

need_bash_completion() {
	[ -f "$BASH_COMPLETION" ] && return 0
	if [ "${KANRI_REQUIRE_PEERS:-0}" = 1 ]; then
		echo "bash-completion is not installed but KANRI_REQUIRE_PEERS=1" >&2
		return 1
	fi
	skip "bash-completion is not installed ($BASH_COMPLETION)"
}

# The completions bash offers for a command line whose last word is being typed, one a
# line, sorted: the words split as readline splits them ('=' is a word of its own).
bash_complete() { # LINE
	local tool=${1%% *} file
	file=$(completion_file bash "$tool") || return 1
	bash --norc --noprofile -c '
		source "$1" 2>/dev/null
		source "$2"
		COMP_LINE=$3
		COMP_POINT=${#COMP_LINE}
		COMP_WORDS=()
		for w in $COMP_LINE; do
			while [[ $w == *=* ]]; do
				[ -n "${w%%=*}" ] && COMP_WORDS+=("${w%%=*}")
				COMP_WORDS+=("=")
				w=${w#*=}
			done
			[ -n "$w" ] && COMP_WORDS+=("$w")
		done
		[[ $COMP_LINE == *" " || $COMP_LINE == *"=" ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		fn=$(complete -p "${COMP_WORDS[0]}" | sed -n "s/.*-F \([^ ]*\).*/\1/p")
		"$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}" | sort
	' bash "$BASH_COMPLETION" "$file" "$1"
}

# The long options a tool's --help shows: the first --word of each option line.
help_long_options() {
	"$1" --help | sed -n 's/^ *\(-[^-], \)\{0,1\}\(--[A-Za-z0-9][-A-Za-z0-9]*\).*/\2/p' | sort -u
}

@test "bash: every long option in each tool's --help is offered" {
	need_bash_completion
	local t o offered n=0
	for t in $(kanri_tools); do
		offered=$(bash_complete "$t --" | sed 's/=$//')
		for o in $(help_long_options "$t"); do
			n=$((n + 1))
			grep -qxF -- "$o" <<<"$offered" || { echo "$t: $o not offered"; return 1; }
		done
	done
	[ "$n" -gt 40 ]
}

@test "bash: an option's closed set of arguments, after a blank or '='" {
	need_bash_completion
	run bash_complete "ctree --sort="
	[ "$output" = $'ctime\nmtime\nname\nnone\nsize\nversion' ]
	run bash_complete "ctree -a --sort m"
	[ "$output" = mtime ]
	run bash_complete "ctree --charset=U"
	[ "$output" = UTF-8 ]
	run bash_complete "snimap -f dove"
	[ "$output" = $'dovecot\ndovecot24' ]
	run bash_complete "snimap --layout "
	[ "$output" = $'acme.sh\ncertbot\ndehydrated' ]
	run bash_complete "snimap --map-type=l"
	[ "$output" = lmdb ]
	run bash_complete "snimap -t "
	[ "$output" = $'cdb\nhash\nlmdb' ]
	run bash_complete "wpver -p "
	[ "$output" = $'conservative\nnewest\nsupported' ]
	run bash_complete "wpver --locale=de"
	[ "$output" = $'de_DE\nde_DE_formal' ]
	run bash_complete "mailaddr -H from,re"
	[ "$output" = $'from,reply-to\nfrom,resent-bcc\nfrom,resent-cc\nfrom,resent-from\nfrom,resent-reply-to\nfrom,resent-sender\nfrom,resent-to\nfrom,return-path' ]
	run bash_complete "mailaddr --same-domain=from,ret"
	[ "$output" = from,return-path ]
	# a free argument offers nothing, not file names
	run bash_complete "ctree -L "
	[ -z "$output" ]
}

@test "every value a completion offers is accepted by the tool" {
	local t o v set
	cd "$BATS_TEST_TMPDIR"
	for v in name version size mtime ctime none; do ctree --sort="$v" -L 1 . >/dev/null; done
	for v in $(sed -n 's/^--charset\t//p' "$KANRI_ROOT/tools/ctree/complete"); do
		ctree --charset="$v" -L 1 . >/dev/null
	done
	for v in $(sed -n 's/^--policy\t//p' "$KANRI_ROOT/tools/wpver/complete"); do wpver -p "$v" 7.4 >/dev/null; done
	for v in $(sed -n 's/^--locale\t//p' "$KANRI_ROOT/tools/wpver/complete"); do wpver --locale "$v" 7.4 >/dev/null; done
	for v in $(sed -n 's/^--format\t//p' "$KANRI_ROOT/tools/snimap/complete"); do echo example.com | snimap -f "$v" >/dev/null; done
	for v in $(sed -n 's/^--layout\t//p' "$KANRI_ROOT/tools/snimap/complete"); do echo example.com | snimap -l "$v" >/dev/null; done
	for v in $(sed -n 's/^--map-type\t//p' "$KANRI_ROOT/tools/snimap/complete"); do snimap -f main.cf -t "$v" </dev/null >/dev/null; done
	set=$(sed -n 's/^--header,\t//p' "$KANRI_ROOT/tools/mailaddr/complete" | tr ' ' ,)
	mailaddr -H "$set" </dev/null >/dev/null || [ $? -eq 1 ]
	# and a value outside a set is refused, so that the sets mean something
	run ctree --sort=bogus .
	[ "$status" -eq 2 ]
	run wpver -p bogus 7.4
	[ "$status" -eq 2 ]
}

@test "bash: operands and path arguments complete files or directories" {
	need_bash_completion
	cd "$BATS_TEST_TMPDIR"
	mkdir -p dir1 dir2
	touch file1 dir1/f
	run bash_complete "ctree "
	[ "$output" = $'dir1\ndir2' ]
	run bash_complete "ctree -o "
	[ "$output" = $'dir1\ndir2\nfile1' ]
	run bash_complete "ctree --fromfile=fi"
	[ "$output" = file1 ]
	run bash_complete "jcodefix -r "
	[ "$output" = $'dir1\ndir2\nfile1' ]
	run bash_complete "snimap --root "
	[ "$output" = $'dir1\ndir2' ]
	run bash_complete "snimap -w fi"
	[ "$output" = file1 ]
	run bash_complete "wpver --data=fi"
	[ "$output" = file1 ]
	# wpver's operands are PHP versions, not files
	run bash_complete "wpver "
	[ -z "$output" ]
}

need_zsh() {
	command -v zsh >/dev/null 2>&1 && zsh -f -c 'zmodload zsh/zpty' 2>/dev/null && return 0
	require_cmd zsh
	skip "zsh has no zsh/zpty module"
}

# Ask an interactive zsh (tests/complete-zsh.zsh) for the completions of each LINE, with
# the tools' completions in fpath; ZSH_OUT holds its screen text, section LINE by line.
zsh_ask() {
	local t dir="$BATS_TEST_TMPDIR/zsh-fpath"
	mkdir -p "$dir"
	for t in $(kanri_tools); do
		cp "$(completion_file zsh "$t")" "$dir/" || return 1
	done
	ZSH_OUT="$BATS_TEST_TMPDIR/zsh.out"
	timeout 120 zsh -f "$KANRI_ROOT/tests/complete-zsh.zsh" "$dir" "$@" >"$ZSH_OUT"
}

# What zsh showed for LINE: the words of its listing of choices, one a line, sorted (the
# section's lines less the typed line before and the line redrawn after), or, when it
# inserted a unique completion, the line as completed.
zsh_words() { # LINE
	awk -v want="=== $1" '$0 == want { on = 1; next } /^=== / { on = 0 } on && NF && !/^#  *$/' "$ZSH_OUT" |
		awk '{ l[++n] = $0 } END { if (n < 3) { sub(/.*\010/, "", l[n]); print l[n] }
			else for (i = 2; i < n; i++) print l[i] }' |
		tr -s ' \t' '\n\n' | grep -v '^$' | LC_ALL=C sort -u
}

@test "zsh: every long option in each tool's --help is offered" {
	need_zsh
	local t o lines=()
	for t in $(kanri_tools); do lines+=("$t --"); done
	zsh_ask "${lines[@]}"
	for t in $(kanri_tools); do
		for o in $(help_long_options "$t"); do
			zsh_words "$t --" | grep -qxF -- "$o" || { echo "$t: $o not offered"; cat "$ZSH_OUT"; return 1; }
		done
	done
}

@test "zsh: closed sets, option names and paths" {
	need_zsh
	mkdir -p "$BATS_TEST_TMPDIR/paths"
	cd "$BATS_TEST_TMPDIR/paths"
	mkdir -p alpha beta
	touch file1
	zsh_ask "ctree --sort=" "snimap -f " "snimap --map-type=" "wpver -p " "wpver --locale=de_DE" \
		"mailaddr -H from,re" "ctree " "ctree -o " "snimap -r " "ctree --charset=EUC" "wpver --pol"
	run zsh_words "ctree --sort="
	[ "$output" = $'ctime\nmtime\nname\nnone\nsize\nversion' ]
	run zsh_words "snimap -f "
	[ "$output" = $'dovecot\ndovecot24\nmain.cf\npostfix' ]
	run zsh_words "snimap --map-type="
	[ "$output" = $'cdb\nhash\nlmdb' ]
	run zsh_words "wpver -p "
	[ "$output" = $'conservative\nnewest\nsupported' ]
	run zsh_words "wpver --locale=de_DE"
	[ "$output" = $'de_DE\nde_DE_formal' ]
	run zsh_words "mailaddr -H from,re"
	[ "$output" = $'reply-to\nresent-bcc\nresent-cc\nresent-from\nresent-reply-to\nresent-sender\nresent-to\nreturn-path' ]
	run zsh_words "ctree "
	[ "$output" = $'alpha/\nbeta/' ]
	run zsh_words "ctree -o "
	[ "$output" = $'alpha/\nbeta/\nfile1' ]
	run zsh_words "snimap -r "
	[ "$output" = $'alpha/\nbeta/' ]
	# a common prefix is inserted; the option name with its description
	run zsh_words "ctree --charset=EUC"
	[ "$output" = $'--charset=EUC-\nctree' ]
	run zsh_words "wpver --pol"
	grep -qx -- --policy <<<"$output"
	grep -qx -- conservative <<<"$output"
}
