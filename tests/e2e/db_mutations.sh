#!/bin/bash
# A crafted database is untrusted input (issue #14 item 4, docs/security.md):
# every value read from it is checked where it is read.  Each mutation of
# tests/data/db-mutations.tsv (column values out of range, of the wrong
# type or NULL, broken JSON in history rows, dropped rows and tables) is
# applied to a copy of a database that holds a registry, people, edits and
# a usage layer, and then the read commands and export run on it: none may
# crash or trip a sanitizer (make test-asan runs this with ASan + UBSan),
# an error is one line, and a bad row is an error naming its table and row.
#
# In make test: the sample registry, every mutation, export --format json
# and history --json on each plus one more read command in turn (a few
# seconds of CPU; tests/e2e/lib/mutate.py makes the copies).  The long run,
# PORTREG_MUTATIONS=full: IANA's registry of 2024-03-18 (../shared/data),
# every read command on every listed mutation,
# then generated mutations (every column of every table set to each of 13
# hostile values, in its first row and in all rows) with export, history
# and three more commands each (docs/security.md has its figures).
# PORTREG_MUTATIONS=full-listed: the long run's first part alone (the
# listed mutations, every read command, IANA's registry).
set -u
bin=$1 data=$2 shared=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/check.sh"
. "$here/../need.sh"; need sqlite3 python3
list=$data/db-mutations.tsv
full=0
case ${PORTREG_MUTATIONS:-} in full|full-listed) full=1 ;; esac
src=$data/sample.xml
if [ "$full" = 1 ]; then
    src=$shared/iana/service-names-port-numbers-2024-03-18.xml
    [ -f "$src" ] || { echo "skipped: $src not found"; exit 77; }
fi

# ---- the database: a registry, people, edits (history), a usage layer -------
base=$tmp/base.db
{
    "$bin" --db "$base" import "$src" &&
    "$bin" --db "$base" modify imap --set "description=IMAP4" --set "note=a note" &&
    "$bin" --db "$base" assign --name acme-sync --protocol tcp,udp --port any \
        --description "Acme sync" --assignee "Jane Doe <jane@example.org>" \
        --justification "fixed port" --force --reason test &&
    "$bin" --db "$base" person add Jane_Roe --name "Jane Roe" --uri mailto:jr@example.org &&
    "$bin" --db "$base" deassign llmnr --reason gone &&
    "$bin" --db "$base" import --format nmap-services "$data/nmap-services.sample"
} >/dev/null 2>"$tmp/setup.err" || { echo "cannot prepare the database:"; cat "$tmp/setup.err"; exit 2; }
# A crafted file need not keep our NOT NULL constraints.
sqlite3 "$base" "PRAGMA writable_schema = ON;
  UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE type = 'table';" &&
    sqlite3 "$base" "PRAGMA integrity_check;" | grep -q '^ok$' ||
    { echo "cannot loosen the schema"; exit 2; }

req=$data/../../docs/examples/port-in-use.req
always=("export --format json" "history --json")
others=("stats" "show imap" "show 143" "show mdns" "search imap" "search --port 5353"
        "search --text mail" "search --assignee IESG" "search --json --port 1-1000"
        "free --count 5" "free --near 5353" "history" "audit" "review $req"
        "compare $data/services.sample" "export" "export --format csv"
        "export --format services" "diff @db $data/sample.xml")

n=0 crashes=0 listed=0 start=$(date +%s)
run_one() { # N EXPECT STATUS SQL LISTED
    local expect=$2 status=$3 sql=$4 db=$tmp/m/$1.db hit=0 cmd
    n=$1
    [ "$5" = 1 ] && listed=$((listed + 1))
    if [ "$status" != ok ]; then
        bad "mutation $n ($sql) $status"
        return
    fi
    local cmds=("${always[@]}")
    if [ "$full" = 1 ] && [ "$5" = 1 ]; then
        cmds+=("${others[@]}")
    elif [ "$full" = 1 ]; then
        # generated ones: three more commands in turn
        cmds+=("${others[$((n % ${#others[@]}))]}" "${others[$(((n * 7 + 3) % ${#others[@]}))]}"
               "${others[$(((n * 13 + 5) % ${#others[@]}))]}")
    else
        cmds+=("${others[$((n % ${#others[@]}))]}")
    fi
    for cmd in "${cmds[@]}"; do
        # shellcheck disable=SC2086
        timeout 60 "$bin" --db "$db" $cmd >"$tmp/out" 2>"$tmp/err"; local rc=$?
        if [ "$rc" -ge 124 ] || grep -q 'Sanitizer\|runtime error:' "$tmp/err"; then
            crashes=$((crashes + 1))
            bad "mutation $n ($sql): '$cmd' exit $rc:"; head -5 "$tmp/err"
        elif [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" != 1 ]; then
            bad "mutation $n ($sql): '$cmd': error not one line:"; head -3 "$tmp/err"
        fi
        [ "$expect" != - ] && [ "$rc" = 2 ] && grep -Eq -- "$expect" "$tmp/err" && hit=1
    done
    if [ "$expect" != - ] && [ "$hit" = 0 ]; then
        bad "mutation $n ($sql): no command said /$expect/; last: $(head -1 "$tmp/err")"
    fi
    rm -f "$db"
}

# The copies are made a batch at a time (IANA's registry is 8 MB a copy).
mode=listed
[ "${PORTREG_MUTATIONS:-}" = full ] && mode=all
total=$(python3 "$here/lib/mutate.py" "$base" "$list" "$tmp/m" $mode 1 0)
for ((first = 1; first <= total; first += 100)); do
    while IFS=$'\t' read -r num expect status sql islisted; do
        run_one "$num" "$expect" "$status" "$sql" "$islisted"
    done < <(python3 "$here/lib/mutate.py" "$base" "$list" "$tmp/m" $mode $first 100)
done
secs=$(( $(date +%s) - start ))
echo "$n mutations ($listed listed, $((n - listed)) generated), $crashes crashes, $fails failures, $secs s"
[ "$listed" -ge 100 ] || bad "only $listed mutations listed (at least 100)"
finish
