#!/bin/bash
# Review of the sample requests in docs/examples/: each <rule>.req must raise
# its rule (and clean.req nothing worse than info) against the sample
# registry and, when present, IANA's real registry.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 data=$2 shared=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# The requests are reviewed from a copy under a path holding "portreg", as
# in a fresh clone (.../portreg/docs/examples): findings that name a request
# file must not trip the "names no command" check below.
examples=$tmp/portreg/docs/examples
mkdir -p "$examples" && cp "$data/../../docs/examples/"*.req "$examples/"
fails=0
run() { # run DBNAME XML
    export PORTREG_DB=$tmp/$1.db
    "$bin" import "$2" >/dev/null 2>&1 || { echo "FAIL: import $2"; fails=$((fails+1)); return; }
    # port-in-use.req needs a usage layer (nmap-services).
    "$bin" import "$data/nmap-services.sample" >/dev/null 2>&1 || { echo "FAIL: import nmap-services"; fails=$((fails+1)); }
    : >"$tmp/$1.rcs"
    for req in "$examples"/*.req; do
        rule=$(basename "$req" .req)
        "$bin" review --json "$req" >"$tmp/$1.$rule.json" 2>"$tmp/$1.$rule.err"
        echo "$rule $?" >>"$tmp/$1.rcs"
    done
    # one python for every request's answer
    python3 - "$tmp" "$1" "$examples" >"$tmp/$1.verdicts" <<'PY'
import json, sys
tmp, db, examples = sys.argv[1:4]
def check(d, rule):
    for r in d["requests"]:
        assert set(r) == {"file", "line", "service", "verdict", "problems", "decision", "findings"}, r
        assert r["file"].endswith(".req") and r["line"] > 0 and r["problems"] == [], r
        assert r["decision"] is None, r
        assert r["verdict"] in ("reject", "concerns", "clean"), r
        for f in r["findings"]:
            assert set(f) == {"rule", "severity", "message", "reference", "suggestion", "related",
                              "records", "links"}, f
            assert f["severity"] in ("reject", "warn", "info") and f["reference"].startswith("RFC"), f
            assert isinstance(f["related"], list), f
            # findings reach the TUI too: they name no command or option.
            # A message may name a request file (run-conflict names the
            # other one); its path is the checkout's, which may well contain
            # "portreg" (a clone into .../portreg), so it is left out.
            for k in ("message", "suggestion"):
                text = (f[k] or "").replace(examples, "EXAMPLES").replace(tmp, "TMP")
                assert "portreg" not in text and " --" not in text, (k, f)
            assert f["links"] and all(u.startswith("https://www.rfc-editor.org/rfc/rfc") for u in f["links"]), f
            for x in f["records"]:
                assert set(x) == {"service", "port", "protocol", "state", "assignee", "assignee_name",
                                  "contact", "contact_name", "contact_mail", "relation"}, x
                assert x["relation"] in ("own", "likely-own", "other", "unknown"), x
    assert rule in [f["rule"] for r in d["requests"] for f in r["findings"]], "does not raise " + rule
for line in open("%s/%s.rcs" % (tmp, db)):
    rule, rc = line.split()
    out = "%s/%s.%s.json" % (tmp, db, rule)
    text = open(out).read()
    if rule == "clean":
        if rc == "0" and '"verdict": "clean"' in text:
            print("ok: %s: clean.req is clean" % db)
        else:
            print("FAIL: %s: clean.req: exit %s\n%s" % (db, rc, text))
        continue
    try:
        check(json.loads(text), rule)
        print("ok: %s: %s.req raises %s (exit %s)" % (db, rule, rule, rc))
    except (AssertionError, ValueError, KeyError) as e:
        print("FAIL: %s: %s.req: %s\n%s" % (db, rule, e, text))
    err = open("%s/%s.%s.err" % (tmp, db, rule)).read()
    if err:
        print("FAIL: %s: %s.req wrote to stderr\n%s" % (db, rule, err))
PY
    cat "$tmp/$1.verdicts"
    fails=$((fails + $(grep -c '^FAIL' "$tmp/$1.verdicts")))
    grep -q '^ok' "$tmp/$1.verdicts" || { echo "FAIL: $1: no verdict"; fails=$((fails+1)); }
}
run sample "$data/sample.xml"
# audit --json: the same finding objects plus "service"
"$bin" audit --json >"$tmp/audit.json"
python3 - "$tmp/audit.json" <<'PY' && echo "ok: audit --json shape" || { echo "FAIL: audit --json shape"; fails=$((fails+1)); }
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"findings"} and d["findings"]
for f in d["findings"]:
    assert set(f) == {"service", "rule", "severity", "message", "reference", "suggestion", "related",
                      "records", "links"}, f
PY
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
if [ -r "$xml" ]; then run real "$xml"; else echo "note: $xml not found, real registry part skipped"; fi
echo "$fails failed"
[ $fails = 0 ]
