#!/bin/bash
# Two editors at once (issue #5): two processes each run 50 'assign --port
# any' against one database.  None may fail (no "database is locked"), no
# change may be lost, and no two assignments may get the same port.
set -u
. "$(dirname "$0")/../need.sh"; need sqlite3
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }

editor() { # editor PREFIX
    local p=$1 i rc=0
    for i in $(seq 0 49); do
        PORTREG_USER=editor-$p "$bin" assign --name "$p$i" --protocol tcp --port any \
            --description "Concurrent $p $i" --assignee "Editor ${p^^} <$p@example.com>" \
            --justification "concurrency test" --security none \
            >>"$tmp/$p.out" 2>>"$tmp/$p.err" || rc=1
    done
    return $rc
}
editor ca & pa=$!
editor cb & pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
[ $ra = 0 ] && [ $rb = 0 ] && ok "100 assigns exited 0" || { bad "an assign failed"; cat "$tmp"/c?.err; }
grep -qi 'locked\|busy' "$tmp"/c?.err && bad "'database is locked' seen" || ok "no lock errors"

q() { sqlite3 "$PORTREG_DB" "$1"; }
[ "$(q "select count(*) from record where name like 'ca%' or name like 'cb%'")" = 100 ] \
    && ok "100 records" || bad "records: $(q "select count(*) from record where name like 'c_%'")"
[ "$(q "select count(distinct port_lo) from record where name like 'ca%' or name like 'cb%'")" = 100 ] \
    && ok "100 distinct ports" || bad "ports not distinct"
[ "$(q "select count(*) from history where command='assign'")" = 100 ] \
    && ok "100 changes in the history" || bad "history: $(q "select count(*) from history")"
[ "$(q "select count(distinct author) from history")" = 2 ] && ok "two authors" || bad "authors"
# Each port: the tcp assignment and the udp reserved for the same assignee.
[ "$(q "select count(*) from record where protocol='udp' and description='Reserved' and port_lo in
        (select port_lo from record where name like 'ca%' or name like 'cb%')")" = 100 ] \
    && ok "100 udp reservations" || bad "udp reservations"
[ "$(q 'pragma integrity_check')" = ok ] && ok "integrity_check" || bad "integrity_check"
# Document order still holds (ports ascending among numbered records).
[ "$(q "select count(*) from (select port_lo, lag(port_lo) over (order by seq) prev from record
        where port_lo is not null) where port_lo < prev")" = 0 ] && ok "records in port order" \
    || bad "records out of order"
echo "$fails failed"
[ $fails = 0 ]
