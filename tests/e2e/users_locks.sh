#!/bin/bash
# Two processes (issue #14 item 11, docs/security.md): an edit that finds
# the database locked past the busy timeout names the database and the
# process that holds it.  (Two users: tests/e2e/other_user.sh.)
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
. "$(dirname "$0")/lib/locked.sh"
command -v sqlite3 >/dev/null || { echo "skipped: no sqlite3"; exit 77; }

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

finish
