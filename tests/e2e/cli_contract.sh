#!/bin/bash
# The command-line contract for every command and option the binary lists
# (--list-commands, --list-options), so that a new one is covered without
# a line here:
# - `CMD --help`, `CMD -h` and `portreg help CMD` print the usage on stdout
#   and exit 0;
# - an unknown option, an abbreviated one (--js for --json: never taken for
#   the option it starts), a command's option before the command, a flag
#   given a value and a missing value: exit 2 and one line naming the
#   option and where the usage is;
# - output that cannot be written (stdout on /dev/full) is an error: exit 2,
#   "cannot write output", for every command (one invocation per command in
#   the table below; a command without a row fails the test).
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
"$bin" --list-commands >"$tmp/commands" && "$bin" --list-options >"$tmp/options" ||
    { echo "cannot list commands and options"; exit 2; }
opts=$(cut -f1,2 --output-delimiter=' ' "$tmp/options") # "COMMAND --LONG" lines

# says NAME WANT-RC MESSAGE -- command: the exit status, MESSAGE the whole
# of stderr (one line), nothing on stdout.  like: the same with a regular
# expression.  (Builtins only: this runs a few hundred times.)
err=
run_one() {
    "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    err=; IFS= read -r -d '' err <"$tmp/err"; err=${err%$'\n'}
}
verdict() { # NAME WANT-RC MATCHED
    if [ "$rc" != "$2" ]; then
        bad "$1: exit $rc, want $2: $err"
    elif [ "$3" != 1 ] || [[ $err == *$'\n'* ]]; then
        bad "$1: stderr: $err"
    elif [ -s "$tmp/out" ]; then
        bad "$1: printed on stdout"
    else
        return 0
    fi
    return 1
}
says() {
    local name=$1 want=$2 msg=$3; shift 4
    run_one "$@"
    verdict "$name" "$want" "$([ "$err" = "$msg" ] && echo 1)"
}
like() {
    local name=$1 want=$2 re=$3; shift 4
    run_one "$@"
    verdict "$name" "$want" "$([[ $err =~ ^$re$ ]] && echo 1)"
}

# ---- help ------------------------------------------------------------------
ncmd=0
while IFS=$'\t' read -r cmd _ _; do
    ncmd=$((ncmd + 1))
    for how in "$cmd --help" "$cmd -h" "help $cmd" "$cmd x --help"; do
        # shellcheck disable=SC2086
        "$bin" $how >"$tmp/out" 2>"$tmp/err"; rc=$?
        IFS= read -r first <"$tmp/out"
        if [ "$rc" != 0 ] || [ -s "$tmp/err" ] || [[ $first != "usage: portreg $cmd"* ]]; then
            bad "portreg $how: exit $rc, stdout '$first'"
        fi
    done
    says "$cmd --help >/dev/full" 2 "portreg: cannot write output" -- \
        sh -c 'exec "$@" >/dev/full' _ "$bin" "$cmd" --help
    says "$cmd --no-such-option" 2 \
        "portreg: $cmd: unknown option '--no-such-option' (see 'portreg $cmd --help')" -- \
        "$bin" "$cmd" --no-such-option
    says "$cmd -%" 2 "portreg: $cmd: unknown option '-%' (see 'portreg $cmd --help')" -- \
        "$bin" "$cmd" -%
done <"$tmp/commands"
[ "$ncmd" -ge 20 ] && ok "help and unknown options of $ncmd commands" || bad "only $ncmd commands listed"
says "unknown command" 2 "portreg: unknown command 'serch' (see 'portreg --help')" -- \
    "$bin" serch 443 && ok "unknown command"
"$bin" >/dev/null 2>"$tmp/err"; rc=$?
IFS= read -r first <"$tmp/err"
[ "$rc" = 2 ] && [[ $first == "usage: portreg "* ]] && ok "no command: the usage on stderr, exit 2" ||
    bad "no command: exit $rc, $first"

# ---- every option: abbreviated, misplaced, flag with a value, no value ------
# (fields may be empty: awk, not read, splits them)
nopt=0
while IFS=$'\t' read -r cmd long arg short; do
    [ "$arg" = - ] && arg=
    [ "$short" = - ] && short=
    [ "$cmd" = portreg ] && continue
    [ "$long" = --db ] && continue # taken before or after the command
    nopt=$((nopt + 1))
    # Its name less the last letter, and its first two letters, when they
    # are not options themselves.
    name=${long#--}
    for pre in "--${name:0:${#name}-1}" "--${name:0:2}"; do
        [[ $'\n'$opts$'\n' == *$'\n'"$cmd $pre"$'\n'* ]] && continue
        says "$cmd $pre (for $long)" 2 \
            "portreg: $cmd: unknown option '$pre' (see 'portreg $cmd --help')" -- \
            "$bin" "$cmd" "$pre" x || break
    done
    # Before the command it is no global option.
    [[ $'\n'$opts$'\n' == *$'\n'"portreg $long"$'\n'* ]] ||
        says "$long before $cmd" 2 "portreg: unknown option '$long' (see 'portreg --help')" -- \
            "$bin" "$long" "$cmd"
    if [ -z "$arg" ]; then
        says "$cmd $long=x" 2 "portreg: $cmd: option '$long' takes no value" -- \
            "$bin" "$cmd" "$long=x"
    else
        says "$cmd $long (no value)" 2 "portreg: $cmd: option '$long' needs a value $arg" -- \
            "$bin" "$cmd" "$long"
        [ -n "$short" ] &&
            says "$cmd $short (no value)" 2 "portreg: $cmd: option '$long' needs a value $arg" -- \
                "$bin" "$cmd" "$short"
    fi
    # A number is checked before anything runs.  (Not --service-code: RFC
    # 4340 §8.1.2 writes DCCP service codes as SC:ACME or SC=x... too.)
    if { [ "$arg" = N ] || [ "$arg" = K ] || [ "$arg" = SECONDS ]; } && [ "$long" != --service-code ]; then
        like "$cmd $long abc" 2 "portreg: $cmd: invalid .*'abc' \(expected a number [0-9]+-[0-9]+\)" -- \
            "$bin" "$cmd" "$long" abc
    fi
done < <(awk -F'\t' '{ for (i = 3; i <= 4; i++) if ($i == "") $i = "-"; print $1 "\t" $2 "\t" $3 "\t" $4 }' "$tmp/options")
[ "$nopt" -ge 90 ] && ok "abbreviations, misplaced options and values of $nopt options" ||
    bad "only $nopt options listed"
says "global option abbreviated" 2 "portreg: unknown option '--vers' (see 'portreg --help')" -- \
    "$bin" --vers && ok "--vers is not --version"
says "--db without a value" 2 "portreg: option '--db' needs a value PATH" -- "$bin" --db &&
    ok "--db needs a value"

# ---- write errors: one invocation per command, stdout on /dev/full ----------
cp "$PORTREG_DB" "$tmp/base.db"
req=$data/../../docs/examples
cat >"$tmp/write.tsv" <<EOF
assign	assign --name full-disk --protocol tcp --port any --description d --assignee Jon_Postel --force --reason r --dry-run
audit	audit
completion	completion bash
compare	compare $data/services.sample
deassign	deassign echo --reason r --dry-run
diff	diff @db $data/sample-next.xml
export	export --format json
free	free --count 3
history	history
import	import --replace --force $data/sample.xml
modify	modify echo --set description=x --dry-run
person	person add Full_Disk --name "Full Disk" --uri mailto:f@d.example --dry-run
reserve	reserve 4000 --protocol tcp --reason r --dry-run
reuse	reuse --name full-disk --protocol tcp --port 5355 --description d --assignee Jon_Postel --justification j --force --reason r --dry-run
review	review $req/port-in-use.req
revoke	revoke echo --reason r --approved-by IESG --dry-run
search	search 443
show	show http
stats	stats
tui	-
undo	undo --dry-run
update	-
EOF
# history and undo need a change, reuse a de-assigned port
"$bin" modify http --protocol tcp --set note=history >/dev/null 2>&1
"$bin" deassign llmnr --reason gone >/dev/null 2>&1
cp "$PORTREG_DB" "$tmp/base.db"
while IFS=$'\t' read -r cmd args; do
    grep -q "^$cmd	" "$tmp/write.tsv" || bad "no write-error case for command '$cmd' in $0"
done <"$tmp/commands"
while IFS=$'\t' read -r cmd args; do
    # (the TUI draws on the terminal, not stdout; update downloads:
    # e2e/update_http.sh)
    [ "$args" = - ] && continue
    cp "$tmp/base.db" "$PORTREG_DB"; rm -f "$PORTREG_DB-wal" "$PORTREG_DB-shm"
    eval "set -- $args"
    timeout 20 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ "$rc" != 0 ] && [ "$rc" != 1 ] && [ "$rc" != 3 ]; then
        bad "$cmd: '$args' fails before its output is tested (exit $rc): $(head -2 "$tmp/err")"
        continue
    fi
    [ -s "$tmp/out" ] || { bad "$cmd: '$args' prints nothing on stdout"; continue; }
    cp "$tmp/base.db" "$PORTREG_DB"; rm -f "$PORTREG_DB-wal" "$PORTREG_DB-shm"
    # shellcheck disable=SC2016
    timeout 20 sh -c 'exec "$@" >/dev/full' _ "$bin" "$@" 2>"$tmp/err"; rc=$?
    if [ "$rc" != 2 ] || ! tail -1 "$tmp/err" | grep -q '^portreg: cannot write output$'; then
        bad "$cmd >/dev/full: exit $rc, stderr: $(tail -2 "$tmp/err" | tr '\n' '|')"
    else
        ok "$cmd >/dev/full: exit 2, cannot write output"
    fi
done <"$tmp/write.tsv"
for how in --version --list-commands --list-options --help help; do
    says "$how >/dev/full" 2 "portreg: cannot write output" -- \
        sh -c 'exec "$@" >/dev/full' _ "$bin" $how && ok "portreg $how >/dev/full: exit 2"
done
finish
