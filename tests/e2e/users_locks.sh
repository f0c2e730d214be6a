#!/bin/bash
# Two users, two processes (issue #14 items 10 and 11, docs/security.md).
# A read-only command run by another user (setpriv, so only as root) must
# leave the owner able to write: no -wal or -shm of that user's is left
# beside the database; when one was left (an older portreg, the sqlite3
# shell), the owner's edit names the file and its owner.  An edit that
# finds the database locked past the busy timeout names the database and
# the process that holds it.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
command -v sqlite3 >/dev/null || { echo "skipped: no sqlite3"; exit 77; }

# locked DB [PREFIX...]: until a writer holds DB's write lock (10 s at
# most); the probe runs as PREFIX says (the database's owner: a probe of
# another user's would leave a -wal of its own).
locked() {
    local db=$1; shift
    for _ in $(seq 200); do
        "$@" sqlite3 -cmd ".timeout 0" "$db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || return 0
        sleep 0.05
    done
    return 1
}

# ---- item 11: the busy message -------------------------------------------
"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
# A change that holds the write lock for 20 s (killed once seen).
PORTREG_TEST_COMMIT_DELAY_MS=20000 "$bin" modify imap --set "description=IMAP4" \
    >/dev/null 2>&1 & holder=$!
locked "$PORTREG_DB" || bad "the first change did not take the lock"
expect "an edit while another portreg writes" 2 \
    "database '$PORTREG_DB' is locked: process $holder \(portreg\) is writing to it; try again" -- \
    env PORTREG_TEST_BUSY_MS=300 "$bin" modify mdns --set "description=mDNS"
expect "a read meanwhile is not blocked" 0 "imap" -- "$bin" show imap
kill "$holder"; wait "$holder" 2>/dev/null

# ---- item 10: another user's read leaves the owner able to write -----------
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
    echo "note: not root (or no setpriv): the other-user checks are skipped"
    finish
    exit
fi
owner=(setpriv --reuid=4242 --regid=4242 --clear-groups env PORTREG_USER=owner)
other=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
shared=$tmp/shared
mkdir -m 0777 "$shared"
chmod 0755 "$tmp"
db=$shared/r.db
expect "owner imports" 0 '' -- "${owner[@]}" "$bin" --db "$db" import "$data/sample.xml"
expect "another user reads" 0 'records' -- "${other[@]}" "$bin" --db "$db" stats
left=$(find "$shared" -user nobody | tr '\n' ' ')
[ -z "$left" ] && ok "no file of the other user is left" || bad "left by the other user: $left"
expect "owner edits afterwards" 0 '' -- "${owner[@]}" "$bin" --db "$db" modify imap --set "description=IMAP4"
for cmd in "search imap" "show 143" "history" "export --format csv" "review $data/../../docs/examples/clean.req"; do
    # shellcheck disable=SC2086
    "${other[@]}" "$bin" --db "$db" $cmd >/dev/null 2>&1
done
left=$(find "$shared" -user nobody | tr '\n' ' ')
[ -z "$left" ] && ok "other reading commands leave nothing either" || bad "left: $left"
expect "owner edits again" 0 '' -- "${owner[@]}" "$bin" --db "$db" modify imap --set "description=IMAP"

# The owner holds the database open (a change in progress): the other user
# reads through the owner's -wal and -shm, read-only, and leaves them be.
"${owner[@]}" env PORTREG_TEST_COMMIT_DELAY_MS=3000 "$bin" --db "$db" modify mdns \
    --set "description=mDNS" >/dev/null 2>"$tmp/holder.err" & holder=$!
locked "$db" "${owner[@]}" || { bad "the owner's change did not take the lock"; cat "$tmp/holder.err"; }
expect "another user reads while the owner writes" 0 'mdns' -- "${other[@]}" "$bin" --db "$db" show mdns
wait "$holder" && ok "the owner's change went through" || bad "the owner's change failed"
left=$(find "$shared" -user nobody | tr '\n' ' ')
[ -z "$left" ] && ok "nothing of the other user's left" || bad "left: $left"
expect "owner edits after that" 0 '' -- "${owner[@]}" "$bin" --db "$db" modify mdns --set "description=MDNS"

# What an older portreg left (here the sqlite3 shell, as the other user):
# the owner is told which file is in the way and whose it is.
"${other[@]}" sqlite3 "$db" "SELECT count(*) FROM record" >/dev/null 2>&1
if [ -n "$(find "$shared" -user nobody)" ]; then
    expect "owner edits past another user's -wal" 2 \
        "cannot write to database '$db': '$db-(wal|shm)' belongs to user 'nobody' \(uid [0-9]+\)" -- \
        "${owner[@]}" "$bin" --db "$db" modify mdns --set "description=mDNS"
else
    echo "note: sqlite3 left no file of the other user; that check is skipped"
fi

finish
