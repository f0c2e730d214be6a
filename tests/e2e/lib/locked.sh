# locked.sh - sourced by e2e scripts that need a writer to hold a database.
# locked DB [PREFIX...]: until a writer holds DB's write lock (60 s at
# most); the probe runs as PREFIX says (the database's owner: a probe of
# another user's would leave a -wal of its own).
locked() {
    local db=$1; shift
    for _ in $(seq 1200); do
        "$@" sqlite3 -cmd ".timeout 0" "$db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || return 0
        sleep 0.05
    done
    return 1
}
