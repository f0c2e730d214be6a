#!/bin/bash
# Run the examples of one man page (docs/man/*.1, *.5) and compare what they
# print with what the page shows, as jq's tests/man.test does: the manual
# cannot drift from the program.
#
#   examples.sh PORTREG PAGE DATA_DIR EXAMPLES_DIR
#
# An example is an .EX/.EE block whose first line starts with "$ ".  Each
# "$ COMMAND" line runs with bash in a scratch folder holding
#   sample.xml sample-next.xml sample.csv   the sample registry (tests/data)
#   etc-services nmap-services              a services(5) file, nmap's
#   examples/*.req                          docs/examples (request files)
#   broken/                                 tests/data/broken (bad inputs)
# with PORTREG_DB=registry.db, PORTREG_NOW=2026-01-15T12:00:00Z,
# PORTREG_USER=jdoe, TZ=UTC, LC_ALL=C.UTF-8 and `portreg` on PATH; $? is
# the previous command's exit status.  Its stdout and stderr together must
# be the lines under it, up to the next "$ " line or .EE.  Before the first
# example the page's `.\" example-setup: COMMAND` lines run (quietly); a
# page without one gets `portreg import sample.xml`.
#
# The page is man(7) source: the expected text is unescaped (\- \e \& \(aq
# \(sc \[uXXXX] ...) before the comparison.  PORTREG_UPDATE_MAN=1 rewrites
# the page's outputs with what the commands print (escaped); review the diff.
set -u
bin=$1 page=$2 data=$3 examples=$4
name=$(basename "$page")
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
ws=$tmp/ws
mkdir -p "$ws/examples" "$tmp/bin"
cp "$data/sample.xml" "$data/sample-next.xml" "$data/sample.csv" "$ws/"
cp "$data/services.sample" "$ws/etc-services"
cp "$data/nmap-services.sample" "$ws/nmap-services"
cp "$examples"/*.req "$ws/examples/"
cp -r "$data/broken" "$ws/broken"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/bin/portreg"
export PATH="$tmp/bin:$PATH" PORTREG_DB=registry.db PORTREG_NOW=2026-01-15T12:00:00Z \
       PORTREG_USER=jdoe TZ=UTC LC_ALL=C.UTF-8 HOME=$ws
unset XDG_DATA_HOME NO_COLOR COLUMNS PORTREG_TUI_TIMING

# man(7) text -> plain text, and back.
unescape() {
    sed -e 's/^\\&//' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\(ga/`/g' \
        -e 's/\\(ti/~/g' -e 's/\\(ha/^/g' -e 's/\\(sc/§/g' -e 's/\\(em/—/g' -e 's/\\(mu/×/g' \
        -e 's/\\(->/→/g' -e 's/\\&//g' -e 's/\\e/\\/g' |
        perl -CS -pe 's/\\\[u([0-9A-F]{4,5})\]/chr(hex($1))/ge' 2>/dev/null
}
escape() {
    perl -CS -pe 's/\\/\\e/g; s/-/\\-/g; s/^([.\x27])/\\&$1/; s/\x{A7}/\\(sc/g;
                  s/([^\x00-\x7f])/sprintf("\\[u%04X]", ord($1))/ge'
}
command -v perl >/dev/null || { echo "skipped: perl not found (it unescapes man(7) text)"; exit 77; }

run_setup() {
    local setup
    setup=$(sed -n 's/^\.\\" example-setup: //p' "$page")
    [ -n "$setup" ] || setup="portreg import sample.xml"
    ( cd "$ws" && bash -c "$setup" ) >"$tmp/setup.out" 2>&1 \
        || { echo "$name: example setup failed: $setup"; cat "$tmp/setup.out"; exit 1; }
}

# Split the page into examples: $tmp/ex/N.cmd (the command), N.line (its
# line in the page), N.want (the expected output, unescaped).
mkdir "$tmp/ex"
awk -v dir="$tmp/ex" '
    /^\.EX/ { inex = 1; first = 1; next }
    /^\.EE/ { inex = 0; cur = ""; next }
    inex && first { first = 0; if ($0 !~ /^\$ /) { inex = 0; next } }
    inex && /^\$ / { n++; cur = dir "/" n; print substr($0, 3) > (cur ".cmd.raw");
                     print NR > (cur ".line"); printf "" > (cur ".want.raw"); next }
    inex && cur != "" { print > (cur ".want.raw") }
' "$page"
n=$(ls "$tmp/ex" | grep -c '\.cmd\.raw$')
if [ "$n" = 0 ]; then
    echo "$name: no examples"; exit 0
fi
run_setup
fails=0 rc=0 timeout=
command -v timeout >/dev/null && timeout="timeout 60"
for ((i = 1; i <= n; i++)); do
    unescape <"$tmp/ex/$i.cmd.raw" >"$tmp/ex/$i.cmd"
    unescape <"$tmp/ex/$i.want.raw" >"$tmp/ex/$i.want"
    cmd=$(cat "$tmp/ex/$i.cmd") line=$(cat "$tmp/ex/$i.line")
    # (timeout: an example that waits for a terminal or the network fails
    # instead of hanging the suite)
    ( cd "$ws" && $timeout bash -c "(exit $rc); $cmd" ) >"$tmp/ex/$i.got" 2>&1 </dev/null
    rc=$?
    if ! cmp -s "$tmp/ex/$i.want" "$tmp/ex/$i.got"; then
        [ "${PORTREG_UPDATE_MAN:-}" = 1 ] && continue
        echo "FAIL: $name:$line: \$ $cmd"
        diff -u --label "the page shows" --label "the command prints" "$tmp/ex/$i.want" "$tmp/ex/$i.got"
        fails=$((fails + 1))
    else
        echo "ok: $name:$line: \$ $cmd"
    fi
done

if [ "${PORTREG_UPDATE_MAN:-}" = 1 ]; then
    # Put each example's output (escaped) under its command line.
    for ((i = 1; i <= n; i++)); do escape <"$tmp/ex/$i.got" >"$tmp/ex/$i.new"; done
    awk -v dir="$tmp/ex" '
        function flush() { if (cur) { while ((getline l < (cur ".new")) > 0) print l; close(cur ".new") } cur = "" }
        /^\.EX/ { inex = 1; first = 1; print; next }
        /^\.EE/ { flush(); inex = 0; print; next }
        inex && first { first = 0; if ($0 !~ /^\$ /) { inex = 0; print; next } }
        inex && /^\$ / { flush(); n++; cur = dir "/" n; print; next }
        inex && cur != "" { next }
        { print }
    ' "$page" >"$tmp/page.new" && cat "$tmp/page.new" >"$page"
    echo "$name: outputs rewritten from $n examples; review the diff"
    exit 0
fi
if [ $fails -gt 0 ]; then
    echo "$name: $fails of $n examples print something else than the page shows: fix the page"
    echo "or the program (PORTREG_UPDATE_MAN=1 ctest -R 'man.examples.${name%.*}' rewrites the outputs)"
    exit 1
fi
echo "$name: $n examples ok"
