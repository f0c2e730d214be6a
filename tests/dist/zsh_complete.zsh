# zsh_complete.zsh FPATH_DIR OUT_DIR LINE...: in one interactive zsh (on a
# pseudo-terminal) whose completion system has FPATH_DIR first in $fpath,
# type each LINE and Tab; the matches the completion offers for LINE number
# N go to OUT_DIR/N, which ends with "<done>".
zmodload zsh/zpty || exit 2
fdir=$1 out=$2
shift 2
zpty z zsh -f -i
zpty -w z "fpath=(${(q)fdir} \$fpath); autoload -U compinit; compinit -u -D; bindkey '^I' complete-word"
# compadd wrapper: record the matches in $__out, then add them as usual.
zpty -w z 'compadd () {
  [[ ${@[1,-1]} == *-(O|A|D)\ * ]] && { builtin compadd "$@"; return $? }
  typeset -a __hits
  builtin compadd -A __hits "$@"
  (( $#__hits == 0 )) && return 1
  print -rl -- $__hits >> $__out
  builtin compadd "$@"
}'
# Wait for the shell to be ready: keys typed ahead of that are lost.
zpty -w z "print -r -- '<rea''dy>'"
zpty -r -m z line '*<ready>*' || exit 2
n=0
for l in "$@"; do
  n=$((n + 1))
  : >$out/$n
  zpty -w z "__out=${(q)out}/$n"
  zpty -w -n z "$l"$'\t'
  zpty -w -n z $'\C-u'
  zpty -w z "print -r -- '<done>' >> \$__out"
done
for i in {1..300}; do
  grep -q '^<done>$' $out/$n 2>/dev/null && break
  sleep 0.1
done
zpty -d z
grep -q '^<done>$' $out/$n
