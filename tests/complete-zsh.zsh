# complete-zsh.zsh: what an interactive zsh offers for command lines:
# zsh -f complete-zsh.zsh FPATH-DIR LINE... starts zsh on a pseudo-terminal with compinit
# and the completions of FPATH-DIR, and for each LINE types it and a tab, prints the screen
# text that follows (the completed line, or the listing of the choices) with escape
# sequences removed, after a line `=== LINE`, and clears the line.
setopt extendedglob
zmodload zsh/zpty || exit 2
dir=$1
shift
zpty z zsh -f -i
# only the completion functions of zsh itself (fewer to load), and a key that shows a
# marker after the completion's output, so that the read knows where it ends
zpty -w z "PS1='%% '; fpath=(${(q)dir} \${(M)fpath:#*/Completion(|/Base|/Unix|/Zsh)});" \
	"autoload -U compinit; compinit -u -D; LISTMAX=100000; unsetopt zle_bracketed_paste;" \
	"setopt nobeep; _kanri_mark() { zle -M COMPLETION''-END }; zle -N _kanri_mark;" \
	"bindkey '^Xm' _kanri_mark; echo RE''ADY"
zpty -r z out '*READY*' || exit 2
for line; do
	# the marker key only once the output after the tab has stopped for a second: zle
	# skips the listing while keys are pending, and a loaded machine may be slow to list
	zpty -w -n z "$line"$'\t'
	out= quiet=0 got=0 polls=0
	while (( quiet < 5 && polls < 300 )); do
		sleep 0.2
		(( polls++ ))
		chunk=
		if zpty -r -t z chunk; then
			out+=$chunk got=1 quiet=0
		elif (( got )); then
			(( quiet++ ))
		fi
	done
	zpty -w -n z $'\C-Xm'
	rest=
	zpty -r z rest '*COMPLETION-END*' || exit 2
	out+=$rest
	out=${out//$'\e'\[[0-9;?]#[a-zA-Z]/}
	print -r -- "=== $line"
	print -r -- ${${out//$'\r'/$'\n'}%COMPLETION-END*}
	zpty -w -n z $'\C-e\C-u'
done
zpty -d z
