#!/bin/bash
# Paths that are not what they seem (issue #14 items 1, 3 and 9,
# docs/security.md): export -o onto the database, a device, a FIFO, a
# symbolic link; --db as "", :memory:, a URI, a FIFO, a folder, a device;
# input files that are FIFOs or devices; a first import or update that
# fails; a database without a registry.  Each is refused with one line
# (exit 2), nothing hangs (every command runs under a timeout), and
# nothing is replaced or left behind.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
cd "$tmp" || exit 2

same() { cmp -s "$1" "$2" && ok "$3" || bad "$3"; }

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
cp r.db saved.db
mkfifo fifo
# A FIFO (no writer: opening it to read would block) and a device.
mknod null c 1 3 2>/dev/null || ln -s /dev/null null

# ---- item 1: export -o writes regular files only, never the database -----
expect "export -o the database" 2 "r.db: the database itself" -- "$bin" export --format csv -o r.db
same r.db saved.db "export -o the database: database intact"
expect "export -o its path spelled otherwise" 2 "the database itself" -- \
    "$bin" export --format csv -o "$tmp/../$(basename "$tmp")/r.db"
ln r.db hardlink.db
expect "export -o a hard link to it" 2 "the database itself" -- "$bin" export -o hardlink.db
expect "export -o its -wal" 2 "write-ahead log" -- "$bin" export -o r.db-wal
expect "export -o its -shm" 2 "a file of the database" -- "$bin" export -o r.db-shm
same r.db saved.db "export -o its companions: database intact"
expect "export -o a character device" 2 "not a regular file" -- "$bin" export --format csv -o null
[ -c null ] || [ -L null ] && ok "the device is still a device" || bad "the device was replaced"
expect "export -o a FIFO" 2 "not a regular file" -- "$bin" export --format csv -o fifo
[ -p fifo ] && ok "the FIFO is still a FIFO" || bad "the FIFO was replaced"
expect "export -o /dev/stdout" 2 "symbolic link" -- "$bin" export --format csv -o /dev/stdout
echo keep >target.csv
ln -s target.csv link.csv
expect "export -o a symbolic link" 2 "symbolic link \(to 'target.csv'\)" -- "$bin" export -o link.csv
[ -L link.csv ] && [ "$(cat target.csv)" = keep ] && ok "the link and its target are intact" \
    || bad "the link or its target changed"
mkdir folder
expect "export -o a folder" 2 "a folder" -- "$bin" export -o folder
expect "export -o a new file" 0 '' -- "$bin" export --format csv -o new.csv
echo old >old.csv
expect "export -o an existing file" 0 '' -- "$bin" export --format csv -o old.csv
grep -q '^Service Name' old.csv && ok "the existing file was replaced" || bad "old.csv not replaced"
ls -a | grep -q '^\.\(new\|old\)\.csv\.' && bad "temporary file left behind" || ok "no temporary file left"

# ---- item 9: --db is a regular file or a new path --------------------------
expect "--db ''" 2 "empty database path" -- "$bin" --db '' stats
expect "--db :memory: import" 2 "':memory:' is not a database file" -- \
    "$bin" --db :memory: import "$data/sample.xml"
expect "--db file: URI" 2 "SQLite URI, not a path" -- "$bin" --db "file:u.db?mode=memory" import "$data/sample.xml"
ls | grep -q '^u\.db' && bad "a file of the URI was created" || ok "no file of the URI"
expect "--db ./file:name is a path" 0 '' -- "$bin" --db "./file:u.db" import "$data/sample.xml"
expect "--db FIFO" 2 "is not a regular file" -- "$bin" --db fifo stats
expect "--db FIFO import" 2 "is not a regular file" -- "$bin" --db fifo import "$data/sample.xml"
expect "--db folder" 2 "is a directory, not a database file" -- "$bin" --db folder stats
expect "--db device" 2 "is not a regular file" -- "$bin" --db /dev/null import "$data/sample.xml"
ls /dev/null-journal /dev/null-wal 2>/dev/null && bad "a journal was left in /dev" || ok "nothing left in /dev"
mkfifo r2.db-wal
cp saved.db r2.db
expect "--db with a FIFO as its -wal" 2 "r2.db-wal' is not a regular file" -- "$bin" --db r2.db stats

# ---- item 9: input files that are FIFOs or devices do not hang -------------
expect "import FIFO" 2 "fifo: not a regular file" -- "$bin" import --replace fifo
expect "import --format csv FIFO" 2 "fifo: not a regular file" -- "$bin" import --replace --format csv fifo
expect "import --format services FIFO" 2 "fifo: not a regular file" -- \
    "$bin" --db s.db import --format services fifo
expect "import --format nmap-services FIFO" 2 "fifo: not a regular file" -- \
    "$bin" import --format nmap-services fifo
expect "review FIFO" 2 "fifo: not a regular file" -- "$bin" review fifo
expect "review a device" 2 "not a regular file" -- "$bin" review /dev/zero
expect "compare FIFO" 2 "fifo: not a regular file" -- "$bin" compare fifo
expect "assign --from-request FIFO" 2 "fifo: not a regular file" -- "$bin" assign --from-request fifo
expect "diff FIFO" 2 "fifo: not a regular file" -- "$bin" diff fifo "$data/sample.xml"

# ---- item 3: a database exists only once an import succeeded ---------------
expect "failed first import" 2 "" -- "$bin" --db new/first.db import /etc/passwd
[ -e new/first.db ] && bad "failed first import left a database" || ok "failed first import left no database"
expect "failed first CSV import" 2 "" -- "$bin" --db first.db import --format csv "$data/sample.xml"
ls first.db* 2>/dev/null && bad "failed first CSV import left files" || ok "failed first CSV import left no file"
expect "failed first update" 2 "" -- "$bin" --db first.db update --url http://127.0.0.1:9/none.xml
ls first.db* 2>/dev/null && bad "failed first update left files" || ok "failed first update left no file"
expect "failed import into an existing database" 2 "" -- "$bin" import --replace /etc/passwd
same r.db saved.db "failed import: the existing database is kept"
# A database with no registry (a usage layer alone) answers nothing.
expect "nmap-services alone" 0 '' -- "$bin" --db layer.db import --format nmap-services "$data/nmap-services.sample"
for cmd in "stats" "free" "search http" "show 5353" "review $data/../../docs/examples/clean.req" \
           "audit" "export" "compare $data/services.sample" "modify mdns --set description=x"; do
    # shellcheck disable=SC2086
    expect "$cmd without a registry" 2 "holds no registry; run 'portreg import FILE' first" -- \
        "$bin" --db layer.db $cmd
done
expect "history without a registry (no changes: exit 1)" 1 '' -- "$bin" --db layer.db history

finish
