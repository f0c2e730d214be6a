#!/bin/bash
# Drive `portreg tui` through tmux for one case, tests/tui/<case>.keys: a
# script of one command per line ('#' starts a comment; "@data/",
# "@shared/" and "@tmp/" expand like in tests/cli, "@tui/" to tests/tui/,
# "@portreg" to the binary):
#   portreg ARGS...      run the CLI first (e.g. import @data/sample.xml)
#   start [VAR=VALUE...] [-- ARGS...]
#                        start `portreg tui ARGS` in a private tmux server, 80x24,
#                        in tests/tui/ (so request files are data/...)
#   term ARGS...         run `portreg ARGS` in the tmux terminal instead (80x24)
#   sh COMMAND           run a shell command (same environment), which must succeed
#   readonly FILE        make FILE read-only, for root too (chattr +i when root)
#   modes                the terminal's modes (stty -a) after portreg exited are
#                        the ones it started with
#   title-lacks TEXT     the pane's title (set by an OSC escape) does not hold TEXT
#   keys KEY...          tmux send-keys, one key name per word (Enter, C-u)
#   type TEXT            send TEXT literally
#   paste FILE           paste FILE's text (one tmux paste: keys faster than redraws)
#   wait TEXT            poll the screen until TEXT shows (20 s timeout)
#   gone TEXT            poll the screen until TEXT is no longer shown
#   resize COLS ROWS     resize the window
#   screen               compare the screen with <case>.screen
#   colors yes|no        the screen does / does not use colour (SGR 3x/38)
#   exit STATUS          wait until portreg exits, compare its exit status
#   grep FILE TEXT       FILE contains TEXT
#   cli-has TEXT|ARGS... `portreg ARGS` prints TEXT
# Every case gets TERM=xterm-256color, LANG=C.UTF-8, TZ=UTC and its own
# database.  PORTREG_UPDATE_GOLDEN=1 rewrites <case>.screen.  Exit 77 when
# tmux is missing or a case needs ../shared/data that is absent.
set -u
bin=$1 keys=$2 data=$3 shared=$4
case_dir=$(cd "$(dirname "$keys")" && pwd) name=$(basename "$keys" .keys)
command -v tmux >/dev/null || { echo "skipped: tmux not installed"; exit 77; }
if grep -q '@shared/' "$keys" && [ ! -d "$shared/iana" ]; then
    echo "skipped: $shared/iana not found"; exit 77
fi
tmp=$(mktemp -d) || exit 2
starts=0 sock=pr-$name-$$-0
T() { tmux -L "$sock" -f "$case_dir/empty.conf" "$@"; }
immutable=()
cleanup() {
    T kill-server 2>/dev/null
    [ ${#immutable[@]} -gt 0 ] && chattr -i "${immutable[@]}" 2>/dev/null
    chmod -R u+w "$tmp" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
export PORTREG_DB=$tmp/registry.db TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 \
       PORTREG_NOW=2026-01-15T12:00:00Z PORTREG_USER=tester
unset NO_COLOR XDG_DATA_HOME PORTREG_TUI_TIMING
expand() { local a=${1//@data\//$data/}; a=${a//@shared\//$shared/}; a=${a//@tmp\//$tmp/}; a=${a//@tui\//$case_dir/}; a=${a//@portreg/$bin}; printf '%s' "$a"; }
fail() { echo "tui.$name:$lineno: $*"; echo "--- screen:"; T capture-pane -p 2>/dev/null; exit 1; }
screen() { T capture-pane -p "$@" 2>/dev/null; }
poll() { # poll CONDITION-FUNCTION ARG: true within 20 s (a loaded machine is slow)
    local end=$((SECONDS + 20))
    while :; do
        "$@" && return 0
        [ $SECONDS -ge $end ] && return 1
        sleep 0.05
    done
}
shows() { screen | grep -qF -- "$1"; }
not_shows() { ! screen | grep -qF -- "$1"; }
exited() { [ -s "$tmp/rc" ]; }
same_screen() { screen >"$tmp/screen"; cmp -s "$case_dir/$name.screen" "$tmp/screen"; }

lineno=0
while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    [[ -z $line || $line == \#* ]] && continue
    cmd=${line%% *} arg=${line#* }
    [ "$arg" = "$line" ] && arg=
    case $cmd in
    portreg)
        read -r -a words <<< "$arg"; argv=()
        for w in "${words[@]}"; do argv+=("$(expand "$w")"); done
        "$bin" "${argv[@]}" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "portreg $arg failed"; } ;;
    start|term)
        read -r -a words <<< "$(expand "$arg")"
        envs=() targs=() seen=0
        [ "$cmd" = term ] && seen=1
        for w in "${words[@]}"; do
            if [ "$w" = -- ]; then seen=1; elif [ $seen = 1 ]; then targs+=("$w"); else envs+=("$w"); fi
        done
        [ "$cmd" = start ] && targs=(tui "${targs[@]}")
        # a second start: a new terminal, on a server of its own (the old
        # one may take a moment to go)
        T kill-server 2>/dev/null; rm -f "$tmp/rc"; starts=$((starts + 1)); sock=pr-$name-$$-$starts
        printf '%q ' env TERM=xterm-256color "${envs[@]}" "$bin" "${targs[@]}" >"$tmp/cmd"
        # After portreg exits the pane stays, with its last screen, and the
        # terminal's modes are noted (stty -a) before and after.  The shell
        # waits rather than exits: tmux scrolls a dead pane by a line (the
        # remain-on-exit notice), which would lose the first line of output.
        T start-server \; set-option -g remain-on-exit on \; \
          new-session -d -x 80 -y 24 -c "$case_dir" "trap : INT; stty -a >$tmp/stty.before; $(cat "$tmp/cmd"); echo \$? >$tmp/rc.tmp; stty -a >$tmp/stty.after; mv $tmp/rc.tmp $tmp/rc; exec sleep 3600" ||
            fail "cannot start tmux" ;;
    sh)
        (cd "$case_dir" && bash -c "$(expand "$arg")") >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "sh $arg failed"; } ;;
    readonly)
        f=$(expand "$arg")
        chmod a-w "$f" || fail "chmod $f"
        if [ "$(id -u)" = 0 ]; then
            chattr +i "$f" 2>/dev/null || { echo "skipped: root cannot make '$f' read-only (chattr)"; exit 77; }
            immutable+=("$f")
        fi ;;
    title-lacks)
        t=$(T display-message -p '#{pane_title}')
        case $t in *"$arg"*) fail "the pane's title is '$t'" ;; esac ;;
    modes)
        poll exited || fail "portreg did not exit"
        diff -u "$tmp/stty.before" "$tmp/stty.after" || fail "terminal modes not restored" ;;
    keys)
        read -r -a words <<< "$arg"
        T send-keys "${words[@]}" || fail "send-keys $arg" ;;
    type) T send-keys -l -- "$arg" || fail "send-keys -l $arg" ;;
    paste) { T load-buffer -b paste "$(expand "$arg")" && T paste-buffer -d -b paste; } || fail "paste $arg" ;;
    wait) poll shows "$arg" || fail "timed out waiting for '$arg'" ;;
    gone) poll not_shows "$arg" || fail "timed out waiting for '$arg' to go" ;;
    resize)
        read -r c r <<< "$arg"
        T resize-window -x "$c" -y "$r" || fail "resize $arg" ;;
    screen)
        # polled too: the terminal may be between two updates
        if [ "${PORTREG_UPDATE_GOLDEN:-}" = 1 ]; then
            screen >"$case_dir/$name.screen"
        elif ! poll same_screen; then
            diff -u "$case_dir/$name.screen" "$tmp/screen"; fail "screen differs from $name.screen"
        fi ;;
    colors)
        n=$(screen -e | grep -cE $'\e\\[([0-9;]*;)?(3[0-7]|38;5;[0-9]+|4[0-7])(;[0-9]+)*m')
        case $arg in
        yes) [ "$n" -gt 0 ] || fail "no colour on the screen" ;;
        no) [ "$n" -eq 0 ] || fail "colour on the screen ($n lines)" ;;
        esac ;;
    exit)
        poll exited || fail "portreg did not exit"
        [ "$(cat "$tmp/rc")" = "$arg" ] || fail "exit status $(cat "$tmp/rc"), want $arg" ;;
    grep)
        f=$(expand "${arg%% *}") text=${arg#* }
        grep -qF -- "$text" "$f" || { cat "$f"; fail "'$text' not in $f"; } ;;
    cli-has)
        text=${arg%%|*} rest=${arg#*|}
        read -r -a words <<< "$rest"
        "$bin" "${words[@]}" >"$tmp/out" 2>&1 </dev/null
        grep -qF -- "$text" "$tmp/out" || { cat "$tmp/out"; fail "'portreg $rest' does not print '$text'"; } ;;
    *) fail "unknown command '$cmd'" ;;
    esac
done < "$keys"
echo "tui.$name: ok"
