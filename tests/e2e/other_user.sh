#!/bin/bash
# Two users (issue #14 item 10, docs/security.md): a read-only command run
# by another user must leave the owner able to write: no -wal or -shm of
# that user's is left beside the database; when one was left (an older
# portreg, the sqlite3 shell), the owner's edit names the file and its
# owner.  The users are made with setpriv, so this runs as root only
# (skipped otherwise, exit 77).
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
. "$(dirname "$0")/lib/locked.sh"
command -v sqlite3 >/dev/null || { echo "skipped: no sqlite3"; exit 77; }
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
    echo "skipped: needs root and setpriv to run commands as other users"
    exit 77
fi

# ---- item 10: another user's read leaves the owner able to write -----------
# (GCOV_PREFIX: in a make coverage tree, their counters go to a scratch
# folder instead of a complaint on stderr, as in faults.sh)
mkdir -m 1777 "$tmp/gcov"
owner=(setpriv --reuid=4242 --regid=4242 --clear-groups env PORTREG_USER=owner GCOV_PREFIX="$tmp/gcov")
other=(setpriv --reuid=nobody --regid=nogroup --clear-groups env GCOV_PREFIX="$tmp/gcov")
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
