#!/bin/bash
# export --all DIR (issue 17 item 3): the release set -- the same bytes
# twice, SHA256SUMS that sha256sum -c accepts, SOURCE_DATE_EPOCH as every
# file's time, each file what the single-format export writes, a set
# replaced as a whole; refused targets (a symbolic link, a folder of other
# files, a file, "."), bad input and signals leave the target as it was and
# no temporary folder behind.  On the real registry when ../shared/data is
# there, else on tests/data/lookups.xml.
set -u
bin=$1 data=$2 shared=$3
command -v sha256sum >/dev/null || { echo "skipped: sha256sum not found"; exit 77; }
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER PORTREG_NOW
unset SOURCE_DATE_EPOCH PORTREG_TEST_EXPORT_DELAY_MS
leftovers() { find "$tmp" -maxdepth 2 -name '.*.*' | grep . ; }
names="SHA256SUMS service-names-port-numbers.csv service-names-port-numbers.json service-names-port-numbers.xml services"

xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -r "$xml" ] || xml=$data/lookups.xml
"$bin" import "$xml" >/dev/null 2>&1 || { echo "FAIL: import $xml"; exit 1; }
echo "registry: $xml"

"$bin" export --all "$tmp/a" && "$bin" export --all "$tmp/b" || bad "export --all"
[ "$(cd "$tmp/a" && echo *)" = "$names" ] && ok "the set: $names" || bad "files: $(ls "$tmp/a")"
diff -r "$tmp/a" "$tmp/b" >/dev/null && ok "two runs: identical bytes" || bad "two runs differ"
(cd "$tmp/a" && sha256sum --quiet -c SHA256SUMS) && ok "sha256sum -c SHA256SUMS passes" || bad "sha256sum -c"
[ "$(wc -l <"$tmp/a/SHA256SUMS")" = 4 ] && ok "SHA256SUMS covers the four files" || bad "SHA256SUMS lines"
"$bin" export -o "$tmp/one.xml"; "$bin" export -f csv -o "$tmp/one.csv"
"$bin" export -f json -o "$tmp/one.json"; "$bin" export -f services -o "$tmp/one.services"
cmp -s "$tmp/one.xml" "$tmp/a/service-names-port-numbers.xml" && cmp -s "$tmp/one.csv" "$tmp/a/service-names-port-numbers.csv" &&
    cmp -s "$tmp/one.json" "$tmp/a/service-names-port-numbers.json" && cmp -s "$tmp/one.services" "$tmp/a/services" \
    && ok "each file is what export --format writes" || bad "set files differ from single exports"
[ "$xml" = "$data/lookups.xml" ] || cmp -s "$xml" "$tmp/a/service-names-port-numbers.xml" \
    && ok "the XML is the imported file byte for byte" || bad "XML round trip"

# SOURCE_DATE_EPOCH: the times of the files and of the folder.
SOURCE_DATE_EPOCH=1710720000 "$bin" export --all "$tmp/a" || bad "export --all with SOURCE_DATE_EPOCH"
times=$(stat -c %Y "$tmp/a" "$tmp"/a/* | sort -u)
[ "$times" = 1710720000 ] && ok "SOURCE_DATE_EPOCH: every time is 1710720000" || bad "times: $times"
diff -r "$tmp/a" "$tmp/b" >/dev/null && ok "... and the same bytes" || bad "SOURCE_DATE_EPOCH changed bytes"
SOURCE_DATE_EPOCH=1710720000 "$bin" export -f services -o "$tmp/one.services"
[ "$(stat -c %Y "$tmp/one.services")" = 1710720000 ] && ok "export -o honours SOURCE_DATE_EPOCH" || bad "-o time"
SOURCE_DATE_EPOCH=yesterday "$bin" export --all "$tmp/c" 2>"$tmp/err"; rc=$?
[ $rc = 2 ] && grep -q "invalid SOURCE_DATE_EPOCH 'yesterday'" "$tmp/err" && [ ! -e "$tmp/c" ] \
    && ok "a bad SOURCE_DATE_EPOCH is an error" || bad "bad SOURCE_DATE_EPOCH (exit $rc)"

# Services options shape the set's services file.
printf 'nfs\t2049/tcp\n' >"$tmp/local"
"$bin" export --all "$tmp/loc" --local "$tmp/local" --width 127 || bad "--all --local --width"
"$bin" export -f services --local "$tmp/local" --width 127 -o "$tmp/loc.services"
cmp -s "$tmp/loc.services" "$tmp/loc/services" && (cd "$tmp/loc" && sha256sum --quiet -c SHA256SUMS) \
    && ok "--local and --width reach the set's services file" || bad "--all --local"

# Replacing a set: as a whole, keeping the folder's mode.
chmod 750 "$tmp/a"
echo stale >"$tmp/a/services"
"$bin" export --all "$tmp/a" && [ "$(stat -c %a "$tmp/a")" = 750 ] && diff -r "$tmp/a" "$tmp/b" >/dev/null \
    && ok "an old set is replaced (mode 750 kept)" || bad "replace a set"
mkdir "$tmp/empty" && "$bin" export --all "$tmp/empty" && (cd "$tmp/empty" && sha256sum --quiet -c SHA256SUMS) \
    && ok "an empty folder takes a set" || bad "empty folder"
[ -z "$(leftovers)" ] && ok "no temporary folder left" || bad "left: $(leftovers)"

# Refused targets: nothing changes.
refuse() { # refuse WHAT MESSAGE -- args...
    local what=$1 msg=$2; shift 3
    "$bin" export "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    [ $rc = 2 ] && grep -q -- "$msg" "$tmp/err" && ok "refused: $what" || { bad "$what (exit $rc)"; cat "$tmp/err"; }
}
ln -s a "$tmp/link"
mkdir "$tmp/home" && echo keep >"$tmp/home/notes.txt"
sum_before=$(cd "$tmp" && find a home -type f | sort | xargs cat | sha256sum)
refuse "a symbolic link" "a symbolic link (to 'a')" -- --all "$tmp/link"
refuse "a folder of other files" "holds 'notes.txt', which a set of exports does not write" -- --all "$tmp/home"
refuse "a file" "not a folder" -- --all "$tmp/one.xml"
refuse "." "give the folder by its name" -- --all .
refuse "a missing parent" "cannot create a temporary folder" -- --all "$tmp/no/such"
refuse "--all with --format" "it takes no --format" -- --all "$tmp/x" --format csv
printf 'nfs\t2049/tcp\nbad\t99999/tcp\n' >"$tmp/badlocal"
refuse "a bad local file" "badlocal:2: port '99999' out of range" -- --all "$tmp/a" --local "$tmp/badlocal"
cp "$tmp/one.xml" "$tmp/keep.services"
refuse "-o with a bad local file" "badlocal:2: port '99999' out of range" -- -f services --local "$tmp/badlocal" -o "$tmp/keep.services"
cmp -s "$tmp/one.xml" "$tmp/keep.services" && [ ! -s "$tmp/out" ] && ok "... the -o file as it was, nothing on stdout" \
    || bad "a bad local file changed the -o file"
[ "$(cd "$tmp" && find a home -type f | sort | xargs cat | sha256sum)" = "$sum_before" ] && [ -L "$tmp/link" ] \
    && [ ! -e "$tmp/x" ] && ok "refusals changed nothing" || bad "a refusal changed something"
[ -z "$(leftovers)" ] && ok "no temporary folder left" || bad "left: $(leftovers)"

# Signals: the temporary folder goes, the old set stays; an ignored signal
# (nohup) stays ignored.
for sig in INT TERM; do
    # (a script's background job ignores SIGINT; env gives it back)
    PORTREG_TEST_EXPORT_DELAY_MS=600000 env --default-signal=INT "$bin" export --all "$tmp/a" &
    pid=$!
    for _ in $(seq 600); do [ -n "$(leftovers)" ] && break; sleep 0.1; done
    [ -n "$(leftovers)" ] || bad "SIG$sig: no temporary folder seen"
    kill -$sig $pid; wait $pid; rc=$?
    [ -z "$(leftovers)" ] && diff -r "$tmp/a" "$tmp/b" >/dev/null && [ $rc -gt 128 ] \
        && ok "SIG$sig midway: temporary folder removed, old set intact (exit $rc)" || bad "SIG$sig: exit $rc, left $(leftovers)"
done

PORTREG_TEST_EXPORT_DELAY_MS=300 "$bin" export --all "$tmp/a" &
pid=$!
for _ in $(seq 100); do [ -n "$(leftovers)" ] && break; sleep 0.05; done
kill -INT $pid; wait $pid; rc=$?
[ $rc = 0 ] && [ -z "$(leftovers)" ] && diff -r "$tmp/a" "$tmp/b" >/dev/null \
    && ok "an ignored SIGINT stays ignored: the set is written (exit 0)" || bad "ignored SIGINT: exit $rc"

echo "$fails failed"
[ $fails = 0 ]
