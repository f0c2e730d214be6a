#!/bin/bash
# Every range and length bound on both sides, through every command and
# reader that holds it (issue 19 item 1): service names of 15 and 16
# characters (RFC 6335 §5.1); ports 0, 1, 1023, 1024, 49151, 49152, 65535
# and 65536 (RFC 6335 §6: System 0-1023, User 1024-49151, Dynamic
# 49152-65535) through review, assign, free, search and show, and the XML,
# CSV, services(5), nmap-services and request readers.  One table row per
# case: the exit status wanted, a regular expression the output (stdout and
# stderr) must match ('!' first: must not match; empty: no check), the
# command.  On the
# sample registry, where 1023 and 49150 are unassigned, 0, 1024 and 49151
# Reserved (0 for Jon_Postel), 49152-65535 an Unassigned range.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }

# row WANT-RC PATTERN [ARG...]: WANT-RC may be alternatives (0|1); a
# failure (exit 2) must be one line of stderr.
n=0
row() {
    local want=$1 pat=$2 rc neg=0; shift 2
    n=$((n + 1))
    [[ $pat == '!'* ]] && { neg=1; pat=${pat#!}; }
    timeout 60 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    cat "$tmp/out" "$tmp/err" >"$tmp/both"
    if ! [[ $rc =~ ^($want)$ ]]; then
        bad "row $n: portreg $*: exit $rc, want $want"; head -4 "$tmp/both"
    elif [ "$rc" = 2 ] && [ "$(grep -vc '^portreg: review: ' "$tmp/err")" != 1 ]; then
        bad "row $n: portreg $*: exit 2 without a one-line error"; head -4 "$tmp/err"
    elif [ "$neg" = 0 ] && [ -n "$pat" ] && ! grep -Eq -- "$pat" "$tmp/both"; then
        bad "row $n: portreg $*: no /$pat/ in:"; head -6 "$tmp/both"
    elif [ "$neg" = 1 ] && grep -Eq -- "$pat" "$tmp/both"; then
        bad "row $n: portreg $*: /$pat/ in:"; grep -E -- "$pat" "$tmp/both" | head -3
    else
        ok "row $n: $* -> $rc"
    fi
}

# A complete request (nothing for a rule to object to but what is asked).
req() { # NAME PORT [TRANSPORT]
    local f=$tmp/req$((++nreq)).req
    printf 'Service-Name: %s\nTransport: %s\nPort: %s\nDescription: Acme file synchronisation\nAssignee: Jane Doe <jane@example.org>\nContact: Jane Doe <jane@example.org>\nReference: https://example.org/spec\nSecurity: TLS 1.3\nJustification: clients behind firewalls need a fixed port\n' \
        "$1" "${3:-tcp}" "$2" >"$f"
    echo "$f"
}
nreq=0
name15=abcdefghijklmno name16=abcdefghijklmnop
as=(--description d --assignee "Jane Doe <jane@example.org>" --force --reason r --dry-run)

# ---- service names: 1-15 characters ------------------------------------------
row 0    '!name-syntax'                           review "$(req "$name15" none)"
row 3    "name-syntax: service name '$name16' is longer than 15 characters" \
                                                  review "$(req "$name16" none)"
row 0    '!name-syntax'                           review "$(req a none)"
row 0    "assign $name15 1025/tcp"                assign --name "$name15" --protocol tcp --port any "${as[@]}"
row 2    "^portreg: service name '$name16' is longer than 15 characters \(RFC 6335 §5.1\) \(--name\)$" \
                                                  assign --name "$name16" --protocol tcp --port any "${as[@]}"
row 2    "^portreg: service name '$name16' is longer than 15 characters" \
                                                  reuse --name "$name16" --protocol tcp --port 1024 "${as[@]}"
row 2    'a service name is required'             assign --name "" --protocol tcp --port any "${as[@]}"
row 0    "assign $name15 \(service name only\)"   assign --name "$name15" --port none "${as[@]}"

# ---- ports in review: System 0-1023, User 1024-49151, Dynamic 49152-65535 ----
row 3    'reject port-system:'                    review "$(req x-y 0)"
row 3    'reject port-system:'                    review "$(req x-y 1)"
row 3    'reject port-system:'                    review "$(req x-y 1023)"
row 3    '!port-system|port-dynamic'              review "$(req x-y 1024)"
row 0    '!port-system|port-dynamic|port-reserved' review "$(req x-y 1025)"
row 0    '!port-dynamic'                          review "$(req x-y 49150)"
row 3    '!port-dynamic'                          review "$(req x-y 49151)"
row 3    'reject port-dynamic:.*port 49152 '      review "$(req x-y 49152)"
row 3    'reject port-dynamic:.*port 65535 '      review "$(req x-y 65535)"
row 3    'reject port-dynamic:.*port 49151-49152 ' review "$(req x-y 49151-49152)"
row 3    'reject port-system:'                    review "$(req x-y 1023-1024)"
row 2    "req[0-9]+.req:3: Port: invalid port '65536'" review "$(req x-y 65536)"
row 2    "req[0-9]+.req:3: Port: invalid port '65535-65536'" review "$(req x-y 65535-65536)"
for t in udp sctp dccp; do
    row 3 'reject port-system:'                   review "$(req x-y 1023 $t)"
    row 3 'reject port-dynamic:'                  review "$(req x-y 49152 $t)"
done

# ---- ports in assign (--force: past the review's rejects) ---------------------
row 0    'assign x-y 1/tcp'                       assign --name x-y --protocol tcp --port 1 "${as[@]}"
row 0    'assign x-y 1023/tcp'                    assign --name x-y --protocol tcp --port 1023 "${as[@]}"
row 2    '^portreg: port 1024/tcp is Reserved'    assign --name x-y --protocol tcp --port 1024 "${as[@]}"
row 0    'assign x-y 49150/tcp'                   assign --name x-y --protocol tcp --port 49150 "${as[@]}"
row 2    '^portreg: port 49151/tcp is Reserved'   assign --name x-y --protocol tcp --port 49151 "${as[@]}"
row 2    '^portreg: port 49152 is in the dynamic range' assign --name x-y --protocol tcp --port 49152 "${as[@]}"
row 2    '^portreg: port 65535 is in the dynamic range' assign --name x-y --protocol tcp --port 65535 "${as[@]}"
row 2    "^portreg: assign: invalid port '65536' \(expected a number 0-65535\)$" \
                                                  assign --name x-y --protocol tcp --port 65536 "${as[@]}"
row 2    "^portreg: assign: invalid port '-1'"    assign --name x-y --protocol tcp --port=-1 "${as[@]}"
row 2    '^portreg: port 0/tcp is Reserved'       assign --name x-y --protocol tcp --port 0 "${as[@]}"
row 0    'assign x-y 1/tcp'                       assign --name x-y --protocol tcp --port any --range system \
                                                      --description d --assignee "Jane Doe <jane@example.org>" \
                                                      --force --reason r --dry-run

# ---- free: the range's last port, per transport -----------------------------
for t in tcp udp sctp dccp; do
    row 0 '^1023$'                                free --range system --near 1023 --protocol "$t" --count 1
    row 0 '^1023$'                                free --range system --near 1024 --protocol "$t" --count 1
done
for t in tcp udp; do  # 1024 is Reserved for tcp and udp only
    row 0 '^1025$'                                free --near 1024 --protocol "$t" --count 1
done
for t in sctp dccp; do
    row 0 '^1024$'                                free --near 1024 --protocol "$t" --count 1
done
row 0    '^1$'                                    free --range system --near 0 --count 1
row 0    '^1$'                                    free --range system --count 1
row 0    '^49150$'                                free --near 49151 --count 1
row 0    '^49150$'                                free --near 65535 --count 1
row 0    '!^(0|1024|49151|4915[2-9]|49[2-9][0-9][0-9]|[5-6][0-9]{4})$' free --count 65536
row 0    '!^(0|102[4-9]|[1-9][0-9]{4})$'          free --range system --count 65536
row 2    "^portreg: free: invalid port '65536' \(expected a number 0-65535\)$" free --near 65536
row 2    "^portreg: free: invalid --count '0'"    free --count 0
row 2    "^portreg: free: invalid --count '65537'" free --count 65537

# ---- search and show --------------------------------------------------------
row 0    '^-  +0  +tcp  +Reserved'                search --port 0
row 0    '49152-65535 '                           search --port 65535
row 0    '1024 +tcp'                              search --port 1023-1024
row 1    ''                                       search --port 1023
row 2    "^portreg: search: invalid port '65536'" search --port 65536
row 2    "^portreg: search: invalid port '65535-65536'" search --port 65535-65536
row 2    "^portreg: search: invalid port '1024-1023'" search --port 1024-1023
row 0    '^port 0: system port \(0-1023'          show 0
row 1    '^port 1023: system port \(0-1023'       show 1023
row 0    '^port 1024: user port \(1024-49151'     show 1024
row 0    '^port 49151: user port \(1024-49151'    show 49151
row 0    '^port 49152: dynamic port \(49152-65535' show 49152
row 0    '^port 65535: dynamic port \(49152-65535' show 65535/udp
row 2    "'65536' is neither a service name nor a port" show 65536
row 1    "no service named '$name15'"             show "$name15"

# ---- readers: 65535 is a port, 65536 is not --------------------------------
sed 's#<number>49151</number>#<number>65535</number>#' "$data/sample.xml" >"$tmp/65535.xml"
sed 's#<number>49151</number>#<number>65536</number>#' "$data/sample.xml" >"$tmp/65536.xml"
sed 's#<number>49151</number>#<number>0-65535</number>#' "$data/sample.xml" >"$tmp/full.xml"
line=$(grep -n '<number>65536</number>' "$tmp/65536.xml" | cut -d: -f1)
row 0    '^imported 90 records'                   --db "$tmp/x.db" import --replace "$tmp/65535.xml"
row 0    '^imported 90 records'                   --db "$tmp/x.db" import --replace "$tmp/full.xml"
row 2    "65536.xml:($((line - 2))|$line): invalid port number '65536' \(expected N or N-M within 0-65535\)" \
                                                  --db "$tmp/x.db" import --replace "$tmp/65536.xml"
for p in 0 65535; do
    printf 'Service Name,Port Number,Transport Protocol,Description\nedge,%s,tcp,d\n' $p >"$tmp/$p.csv"
    printf 'edge %s/tcp\n' $p >"$tmp/$p.services"
    printf 'edge\t%s/tcp\t0.001\n' $p >"$tmp/$p.nmap"
    row 0 '^imported 1 records'                   --db "$tmp/x.db" import --replace --force "$tmp/$p.csv"
    row 0 '^imported 1 records'                   --db "$tmp/s.db" import --replace --format services "$tmp/$p.services"
    row 0 '^imported 1 port frequencies'          --db "$tmp/x.db" import --format nmap-services "$tmp/$p.nmap"
done
printf 'Service Name,Port Number,Transport Protocol,Description\nedge,65535,tcp,d\nedge,65536,tcp,d\n' >"$tmp/65536.csv"
printf 'edge 65535/tcp\nedge 65536/tcp\n' >"$tmp/65536.services"
printf 'edge\t65535/tcp\t0.001\nedge\t65536/tcp\t0.001\n' >"$tmp/65536.nmap"
row 2    "65536.csv:3: invalid port number '65536'" --db "$tmp/x.db" import --replace "$tmp/65536.csv"
row 2    "65536.services:2: port '65536' out of range \(0-65535\)" \
                                                  --db "$tmp/s.db" import --replace --format services "$tmp/65536.services"
row 2    "65536.services:2: port '65536' out of range" compare "$tmp/65536.services"
row 2    "65536.nmap:2: invalid port/protocol '65536/tcp'" \
                                                  --db "$tmp/x.db" import --format nmap-services "$tmp/65536.nmap"
row 0    'NAME +PORT'                             search --port 49151
finish
