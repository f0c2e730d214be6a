#!/bin/bash
# What every edit must leave true (issue 19 item 3): search by port, by
# name and by words answers from the new values only (the full-text index
# follows each edit and each undo), and undo refuses each case it cannot
# do with its own message: a change already undone, one made before the
# last import, one whose rows someone else changed later, one that does not
# exist.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }

# hits SEARCH-ARGS...: the records found, "name/protocols" sorted, or "-"
hits() {
    local out
    out=$("$bin" search "$@" 2>/dev/null | awk 'NR > 1 { print $1 "/" $3 }' | sort | tr '\n' ' ')
    echo "${out:--}"
}
# finds WHAT WANT SEARCH-ARGS...
finds() {
    local what=$1 want=$2 got; shift 2
    got=$(hits "$@")
    [ "$got" = "$want " ] || [ "$got" = "$want" ] && ok "$what: $*" ||
        bad "$what: search $*: got '$got', want '$want'"
}
change() { # WHAT -- portreg args: an edit that must succeed
    local what=$1; shift 2
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" || bad "$what: portreg $*: $(tail -1 "$tmp/err")"
}

# ---- modify: old words no longer find the record, new ones do ----------------
finds "before" "http/tcp,udp www/tcp,udp" --text "world wide web"
finds "before: a note's words" "http/tcp,udp" --text username
change "modify" -- modify http --protocol tcp --set "description=Hypertext zebrafish transfer" \
    --set "note=Defined keys: quagga"
finds "old description words" "http/udp www/tcp,udp" --text "world wide web"
finds "new description words" "http/tcp" --text zebrafish
finds "prefix of a new word" "http/tcp" --text zebra
finds "old note words" "http/udp" --text username
finds "new note words" "http/tcp" --text quagga
finds "the name still" "http/tcp,udp" --name http
finds "the port still" "http/tcp,udp www/tcp,udp" --port 80

# ---- assign, deassign, revoke, reserve ----------------------------------------
change "assign" -- assign --name okapi-sync --protocol tcp --port 4000 --description "Okapi mirror" \
    --assignee "Jane Doe <jane@example.org>" --justification j --force --reason test
finds "assigned: by name" "okapi-sync/tcp" --name okapi-sync
finds "assigned: by port" "-/udp okapi-sync/tcp" --port 4000
finds "assigned: by words" "okapi-sync/tcp" --text okapi
finds "assigned: by assignee (and the Reserved udp)" "-/udp okapi-sync/tcp" --assignee "Jane Doe"
change "deassign" -- deassign llmnr --reason gone
# (RFC 6335 §8.2: the name stays registered, on a record without a port)
finds "de-assigned: by name, the name only" "llmnr/-" --name llmnr
finds "de-assigned: by words" "llmnr/-" --text llmnr
finds "de-assigned: the port is Reserved" "-/tcp -/udp" --port 5355
"$bin" show 5355 >"$tmp/out" 2>&1
grep -q 'reserved' "$tmp/out" && ! grep -q llmnr "$tmp/out" && ok "show 5355: reserved, no llmnr" ||
    bad "show 5355 after deassign: $(head -3 "$tmp/out")"
change "revoke" -- revoke echo --protocol udp --reason abused --approved-by IESG
finds "revoked: by name" "echo/tcp" --name echo
finds "revoked: by words" "echo/tcp" --text echo
change "person modify" -- person modify Jon_Postel --name "Jonathan Bruce Postel"
finds "renamed person: new name" "-/tcp -/udp discard/tcp,udp echo/tcp" --assignee "Bruce Postel"
finds "renamed person: old name" "-" --assignee "Jon Postel"

# ---- undo: the old values answer again ------------------------------------------
"$bin" history --oneline >"$tmp/hist"
modify_id=$(awk '/modify http/ {print $1; exit}' "$tmp/hist")
assign_id=$(awk '/assign okapi-sync/ {print $1; exit}' "$tmp/hist")
change "undo the assign" -- undo "$assign_id"
finds "undone assign: by name" "-" --name okapi-sync
finds "undone assign: by words" "-" --text okapi
finds "undone assign: by port" "-" --port 4000
change "undo the modify" -- undo "$modify_id"
finds "undone modify: old words" "http/tcp,udp www/tcp,udp" --text "world wide web"
finds "undone modify: new words" "-" --text zebrafish
finds "undone modify: note" "http/tcp,udp" --text username

# ---- undo refusals, each with its own message ------------------------------------
last=$("$bin" history --oneline | awk 'END {print $1}')
expect "undo of an undone change" 2 \
    "^portreg: change $modify_id was already undone by change $last\$" -- "$bin" undo "$modify_id"
expect "undo of an undo's target, forced" 2 \
    "^portreg: change $modify_id was already undone by change $last\$" -- "$bin" undo --force "$modify_id"
expect "undo of a change that does not exist" 2 "^portreg: no change 999\$" -- "$bin" undo 999
# Someone else changed the same rows later.
PORTREG_USER=alice change "alice's note" -- modify http --protocol tcp --set "note=alice"
alice=$("$bin" history --oneline | awk 'END {print $1}')
PORTREG_USER=bob change "bob's note" -- modify http --protocol tcp --set "note=bob"
bob=$((alice + 1))
PORTREG_USER=alice expect "undo of a change someone changed later" 2 \
    "^portreg: change $alice touched rows that change $bob changed later; undo $bob first, or force the undo \(--force\)\$" \
    -- "$bin" undo "$alice"
finds "the refused undo changed nothing" "http/tcp" --text bob
# Before the last import.
change "import again" -- import --replace --force "$data/sample.xml"
expect "undo of a change before the last import" 2 \
    "^portreg: change $bob was made before the registry was last imported; it cannot be undone\$" \
    -- "$bin" undo "$bob"
expect "undo with nothing since the import" 2 \
    "^portreg: change $bob was made before the registry was last imported; it cannot be undone\$" \
    -- "$bin" undo
finds "the import's values answer" "http/tcp,udp" --text username
finish
