#!/bin/bash
# kill -9 during 'import --replace' and during edits (issue #5): the database
# must pass PRAGMA integrity_check and hold the old or the new state whole.
set -u
. "$(dirname "$0")/../need.sh"; need python3 sqlite3
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
export PORTREG_USER=crash
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
q() { sqlite3 -cmd '.timeout 10000' "$PORTREG_DB" "$1"; }

# A registry big enough that its import takes a while: the sample's header
# and people around 40000 synthetic records.
python3 - "$data/sample.xml" "$tmp/big.xml" <<'PY'
import sys
src = open(sys.argv[1]).read()
head = src[:src.index('  <record')]
tail = src[src.index('  <people>'):]
with open(sys.argv[2], 'w') as f:
    f.write(head)
    for i in range(40000):
        f.write('  <record>\n    <name>svc%d</name>\n    <protocol>%s</protocol>\n'
                '    <description>Synthetic %d</description>\n    <number>%d</number>\n'
                '  </record>\n' % (i // 2, 'tcp' if i % 2 == 0 else 'udp', i, 1 + i // 2))
    f.write(tail)
PY
# 0. kill -9 during a first import, which builds the database in a file of
#    its own and renames it into place whole (pr_store_publish): the path
#    holds nothing or the whole registry; the next import works and removes
#    the file the killed one left.
for delay in 0.1 0.3 0.6; do
    first=$tmp/first.db
    rm -f "$first" "$first"-*
    "$bin" --db "$first" import "$tmp/big.xml" >/dev/null 2>&1 &
    pid=$!
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    if [ ! -e "$first" ]; then
        "$bin" --db "$first" import "$tmp/big.xml" >/dev/null 2>&1 &&
            [ "$(sqlite3 "$first" 'select count(*) from record')" = 40000 ] &&
            ok "first import killed after ${delay}s: nothing in place, the next import works" ||
            bad "first import killed after ${delay}s: the next import failed"
        left=$(cd "$tmp" && ls -d first.db-build-* 2>/dev/null)
        [ -z "$left" ] && ok "the killed import's file removed by the next one" ||
            bad "the killed import's file left: $left"
        continue
    fi
    msg=$("$bin" --db "$first" stats 2>&1) && n=$(sqlite3 "$first" 'select count(*) from record')
    if [ $? = 0 ] && [ "${n:-}" = 40000 ]; then
        ok "first import killed after ${delay}s: it had finished"
    elif [[ $msg == *"holds no registry"* ]]; then
        ok "first import killed after ${delay}s: stats says '$msg'"
    else
        bad "first import killed after ${delay}s: stats says '$msg'"
    fi
    ic=$(sqlite3 "$first" 'pragma integrity_check')
    [ "$ic" = ok ] && ok "first import killed after ${delay}s: integrity_check ok" \
        || bad "first import killed after ${delay}s: integrity_check: $ic"
    "$bin" --db "$first" import "$tmp/big.xml" >/dev/null 2>&1 ||
        "$bin" --db "$first" import --replace "$tmp/big.xml" >/dev/null 2>&1 &&
        [ "$(sqlite3 "$first" 'select count(*) from record')" = 40000 ] &&
        ok "import after the kill" || bad "import after the kill"
done

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
old=$(q 'select count(*) from record')

# 1. kill -9 at several points of import --replace.
for delay in 0.05 0.2 0.4 0.7 1.0; do
    "$bin" import --replace "$tmp/big.xml" >/dev/null 2>&1 &
    pid=$!
    sleep $delay
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    ic=$(q 'pragma integrity_check')
    n=$(q 'select count(*) from record')
    [ "$ic" = ok ] && ok "import killed after ${delay}s: integrity_check ok" \
        || bad "import killed after ${delay}s: integrity_check: $ic"
    { [ "$n" = "$old" ] || [ "$n" = 40000 ]; } && ok "import killed after ${delay}s: $n records (whole)" \
        || bad "import killed after ${delay}s: $n records, neither $old nor 40000"
    # back to the old state for the next round
    "$bin" import --replace --force "$data/sample.xml" >/dev/null 2>&1 || bad "re-import"
done

# 2. kill -9 inside an edit's transaction, every row written but not yet
#    committed (a test hook holds it): the database keeps the old state.
for cmd in "assign --name held --protocol tcp --description Held --assignee Jon_Postel --justification x" \
           "modify sslp --set note=held" "deassign sslp --reason held" "undo"; do
    "$bin" assign --name "pre$RANDOM" --protocol tcp --description Pre --assignee Jon_Postel \
        --justification x >/dev/null 2>&1   # something for undo to revert
    before=$(q "select count(*), total(length(coalesce(raw,''))), (select count(*) from history),
                (select group_concat(coalesce(note.text,'')) from note) from record")
    read -r -a args <<<"$cmd"
    PORTREG_TEST_COMMIT_DELAY_MS=3000 "$bin" "${args[@]}" >/dev/null 2>&1 &
    pid=$!
    sleep 0.5
    kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
    after=$(q "select count(*), total(length(coalesce(raw,''))), (select count(*) from history),
               (select group_concat(coalesce(note.text,'')) from note) from record")
    ic=$(q 'pragma integrity_check')
    [ "$ic" = ok ] && [ "$before" = "$after" ] && ok "${args[0]} killed before its commit: old state, whole" \
        || bad "${args[0]} killed before its commit: integrity $ic, '$before' -> '$after'"
    "$bin" "${args[@]}" >/dev/null 2>&1 && ok "${args[0]} runs after the kill" || bad "${args[0]} after the kill"
done
"$bin" import --replace --force "$data/sample.xml" >/dev/null 2>&1

# 3. kill -9 in the middle of a stream of edits: every change is whole.
for delay in 0.1 0.25 0.5; do
    h0=$(q "select coalesce(max(id), 0) from history")
    # its own process group, so that one kill -9 takes the loop and its child
    setsid bash -c '
        bin=$1
        for i in $(seq 1 200); do
            "$bin" assign --name "k$RANDOM$i" --protocol tcp --port any --description "Crash $i" \
                --assignee "Crash Test <crash@example.com>" --justification "crash test" >/dev/null 2>&1
            last=$(sqlite3 -cmd ".timeout 10000" "$PORTREG_DB" \
                   "select name from record where name like '"'k%'"' order by id desc limit 1")
            "$bin" modify "$last" --set "note=edited $i" >/dev/null 2>&1
        done' edit-loop "$bin" &
    loop=$!
    sleep $delay
    kill -9 -- -$loop 2>/dev/null
    wait $loop 2>/dev/null
    sleep 0.1
    ic=$(q 'pragma integrity_check')
    [ "$ic" = ok ] && ok "edits killed after ${delay}s: integrity_check ok" || bad "integrity: $ic"
    a=$(q "select count(*) from history where command='assign' and id > $h0")
    r=$(q "select count(*) from record where name like 'k%' and port_lo is not null")
    u=$(q "select count(*) from record where protocol='udp' and description='Reserved' and port_lo in (select port_lo from record where name like 'k%')")
    m=$(q "select count(*) from history where command='modify' and id > $h0")
    nm=$(q "select count(*) from record where name like 'k%' and updated is not null")
    e=$(q "select value from meta where key='edits_since_import'")
    h=$(q "select count(*) from history where id > $h0")
    [ -n "$a" ] && [ "$a" = "$r" ] && [ "$a" = "$u" ] && ok "edits killed after ${delay}s: $a assigns, each whole" \
        || bad "assigns $a, records $r, reservations $u"
    [ -n "$m" ] && [ "$m" = "$nm" ] && ok "edits killed after ${delay}s: $m modifies, each whole" \
        || bad "modifies $m, modified records $nm"
    [ -n "$h" ] && [ "${e:-0}" = "$h" ] && ok "edit counter matches the history ($h)" || bad "edits_since_import $e, history $h"
    "$bin" assign --name "after${delay/./}" --protocol tcp --description x --justification x \
        --assignee "Crash Test <crash@example.com>" >/dev/null 2>&1 \
        && ok "database usable after the kill" || bad "assign after the kill failed"
    "$bin" import --replace --force "$data/sample.xml" >/dev/null 2>&1
done
echo "$fails failed"
[ $fails = 0 ]
