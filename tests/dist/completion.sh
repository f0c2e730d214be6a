#!/bin/bash
# Shell completion, driven the way each shell drives it: bash through the
# completion function (COMP_WORDS/COMP_CWORD), zsh through a real
# interactive zsh on a pseudo-terminal (zpty) pressing Tab, fish through
# `complete -C`.  The scripts are what `portreg completion SHELL` prints,
# and the build's copies (BUILD/completions, installed) are the same.
# zsh and fish are optional: their part is skipped when absent.
set -u
bin=$(realpath "$1") src=$2 build=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# zsh and fish keep history and data under $HOME: a scratch one.
export HOME=$tmp/home XDG_DATA_HOME=$tmp/home/.local/share XDG_CONFIG_HOME=$tmp/home/.config
mkdir -p "$HOME"
fails=0
ok()  { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

for sh in bash zsh fish; do
    "$bin" completion $sh >"$tmp/$sh" || bad "portreg completion $sh failed"
done
cmp -s "$tmp/bash" "$build/completions/portreg.bash" && cmp -s "$tmp/zsh" "$build/completions/_portreg" \
    && cmp -s "$tmp/fish" "$build/completions/portreg.fish" \
    && ok "the build's scripts are portreg completion's" || bad "$build/completions differ from 'portreg completion' (rebuild?)"
"$bin" completion tcsh >/dev/null 2>"$tmp/err"; [ $? = 2 ] && grep -q "unknown shell 'tcsh'" "$tmp/err" \
    && ok "unknown shell refused" || bad "completion tcsh: $(cat "$tmp/err")"

# A scratch folder with files to complete.
mkdir -p "$tmp/w/reqs" && touch "$tmp/w/reqs/a.req" "$tmp/w/reqs/b.req" "$tmp/w/sample.xml"
cd "$tmp/w" || exit 2
# The rule ids audit takes, and the formats, from the tables (--help).
rules=$("$bin" audit --help | awk '/^  [a-z-]+  +[a-z]/ && !/--/ { print $1 }' | sort | tr '\n' ' ')
[ -n "$rules" ] || bad "no rule ids in 'audit --help'"

# expect SHELL 'LINE' 'SORTED WORDS': completing LINE offers exactly WORDS.
expect() {
    local got
    got=$(sort -u | grep -v '^$' | tr '\n' ' ')
    [ "$got" = "$3" ] && ok "$1: '$2' -> $3" || bad "$1: '$2' offers '$got', expected '$3'"
}

# ---- bash ----
bash_complete() { # words...; the last one is completed
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
             COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _portreg; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$tmp/bash" "$@"
}
out=$(bash -c 'source "$1"; complete -p portreg' _ "$tmp/bash")
[ "$out" = "complete -F _portreg portreg" ] && ok "complete -p portreg: $out" || bad "complete -p: '$out'"
bash_complete portreg au | expect bash "portreg au" "audit "
bash_complete portreg audit --rule '' | expect bash "portreg audit --rule " "$rules"
bash_complete portreg audit -r '' | expect bash "portreg audit -r " "$rules"
bash_complete portreg --db x.db se | expect bash "portreg --db x.db se" "search "
bash_complete portreg search 443 --db x.db --li | expect bash "portreg search 443 --db x.db --li" "--limit "
bash_complete portreg export --format '' | expect bash "portreg export --format " "csv json services xml "
bash_complete portreg export --format = c | expect bash "portreg export --format=c" "csv "
bash_complete portreg import -f ia | expect bash "portreg import -f ia" "iana-csv iana-xml "
bash_complete portreg search -P u | expect bash "portreg search -P u" "udp "
bash_complete portreg assign --port '' | expect bash "portreg assign --port " "any none "
bash_complete portreg review reqs/ | expect bash "portreg review reqs/" "reqs/a.req reqs/b.req "
bash_complete portreg review reqs/a.req reqs/b | expect bash "portreg review reqs/a.req reqs/b" "reqs/b.req "
bash_complete portreg import sam | expect bash "portreg import sam" "sample.xml "
bash_complete portreg --db sam | expect bash "portreg --db sam" "sample.xml "
bash_complete portreg export -o sam | expect bash "portreg export -o sam" "sample.xml "
bash_complete portreg export --all '' | expect bash "portreg export --all " "reqs "
bash_complete portreg search sam | expect bash "portreg search sam (not a file)" ""
bash_complete portreg person '' | expect bash "portreg person " "add modify "
bash_complete portreg completion '' | expect bash "portreg completion " "bash fish zsh "
bash_complete portreg help rev | expect bash "portreg help rev" "review revoke "
bash_complete portreg diff @ | expect bash "portreg diff @" "@db "
bash_complete portreg stats --js | expect bash "portreg stats --js" "--json "
bash_complete portreg -- | expect bash "portreg --" "--db --help --version "
# Every option of every command completes (the table is the source), and
# every command; one bash runs them all.
"$bin" --list-options | cut -f1,2 >"$tmp/opts"
"$bin" --list-commands | cut -f1 >"$tmp/cmds"
bash -c '
    source "$1"
    try() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _portreg
            printf "%s\n" "${COMPREPLY[@]}" | grep -qx -- "${!#}"; }
    while IFS=$'"'"'\t'"'"' read -r cmd long; do
        [ "$cmd" = portreg ] && cmd=
        try portreg $cmd "$long" || echo "option: portreg $cmd $long"
    done <"$2"
    while read -r cmd; do
        COMP_WORDS=(portreg "${cmd:0:3}"); COMP_CWORD=1; COMPREPLY=(); _portreg
        printf "%s\n" "${COMPREPLY[@]}" | grep -qx -- "$cmd" || echo "command: $cmd"
    done <"$3"
' _ "$tmp/bash" "$tmp/opts" "$tmp/cmds" >"$tmp/missed"
[ -s "$tmp/missed" ] && bad "bash does not complete: $(tr '\n' ';' <"$tmp/missed")" \
    || ok "bash: every option of --list-options and every command completes"

# ---- zsh: a real interactive zsh on a pty, Tab bound to complete-word ----
if command -v zsh >/dev/null; then
    mkdir -p "$tmp/zfunc" && cp "$tmp/zsh" "$tmp/zfunc/_portreg"
    zlines=('portreg au' 'portreg audit --rule ' 'portreg export --format=' 'portreg --db x.db se'
            'portreg review reqs/' 'portreg person ' 'portreg import -f ia')
    zwant=("audit " "$rules" "csv json services xml " "search " "a.req b.req " "add modify "
           "iana-csv iana-xml ")
    mkdir -p "$tmp/zout"
    timeout 60 zsh -f "$src/tests/dist/zsh_complete.zsh" "$tmp/zfunc" "$tmp/zout" "${zlines[@]}" \
        || bad "zsh: the pty driver failed ($?)"
    for i in "${!zlines[@]}"; do
        grep -v '^<done>$' "$tmp/zout/$((i + 1))" 2>/dev/null | expect zsh "${zlines[i]}" "${zwant[i]}"
    done
else
    echo "note: zsh not installed; its part skipped"
fi

# ---- fish ----
if command -v fish >/dev/null; then
    fish_complete() { fish --no-config -c "source '$tmp/fish'; complete -C '$1'" | cut -f1; }
    fish_complete 'portreg au' | expect fish "portreg au" "audit "
    fish_complete 'portreg audit --rule ' | expect fish "portreg audit --rule " "$rules"
    fish_complete 'portreg export --format ' | expect fish "portreg export --format " "csv json services xml "
    fish_complete 'portreg --db x.db se' | expect fish "portreg --db x.db se" "search "
    fish_complete 'portreg review reqs/' | expect fish "portreg review reqs/" "reqs/a.req reqs/b.req "
    fish_complete 'portreg person ' | expect fish "portreg person " "add modify "
    fish_complete 'portreg person add ' | expect fish "portreg person add " ""
else
    echo "note: fish not installed; its part skipped"
fi
exit $((fails > 0))
