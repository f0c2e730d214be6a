#!/bin/bash
# Each editing procedure as the exported XML shows it (issue #5): the diff of
# `portreg export` before and after assign, modify, deassign, revoke,
# reserve, reuse and person edits is exactly what IANA would write; undoing
# them all gives back the imported file (but for the header's <updated>);
# an exported edited registry imports and exports again byte for byte.
# Skips (77) when this build has no 'export' command.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
"$bin" export --help >/dev/null 2>&1 || { echo "skipped: this portreg has no export command"; exit 77; }
n=0

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
"$bin" export -o "$tmp/0.xml" || { echo "FAIL: export"; exit 1; }
cmp -s "$tmp/0.xml" "$data/sample.xml" && ok "unchanged registry exports byte for byte" || bad "export differs"

# step WHAT -- portreg args...: run, export, compare the diff with the
# expected one on stdin.
step() {
    local what=$1; shift 2
    n=$((n+1))
    "$bin" "$@" >"$tmp/out" 2>&1 || { bad "$what: portreg $*: $(cat "$tmp/out")"; }
    "$bin" export -o "$tmp/$n.xml" || bad "$what: export"
    diff "$tmp/$((n-1)).xml" "$tmp/$n.xml" >"$tmp/got.diff"
    cat >"$tmp/want.diff"
    if diff -u "$tmp/want.diff" "$tmp/got.diff" >"$tmp/dd"; then ok "$what: exported XML as expected"
    else bad "$what: exported XML differs"; cat "$tmp/dd"; fi
}

step "assign" -- assign --name myproto --protocol tcp --description "My protocol & more" \
    --assignee "Jane Doe <jane@example.com>" --reference RFC9999 --note "Defined TXT keys: None" \
    --justification "clients behind firewalls need a fixed port" <<'EOF'
7c7
<   <updated>2024-03-18</updated>
---
>   <updated>2026-01-15</updated>
475a476,493
>   <record date="2026-01-15">
>     <name>myproto</name>
>     <protocol>tcp</protocol>
>     <assignee>
>       <xref type="person" data="Jane_Doe"/>
>     </assignee>
>     <xref type="person" data="Jane_Doe"/>
>     <description>My protocol &amp; more</description>
>     <xref type="rfc" data="rfc9999"/>
>     <number>1025</number>
>     <note>Defined TXT keys: None</note>
>   </record>
>   <record>
>     <protocol>udp</protocol>
>     <xref type="person" data="Jane_Doe"/>
>     <description>Reserved</description>
>     <number>1025</number>
>   </record>
867a886,890
>     </person>
>     <person id="Jane_Doe">
>       <name>Jane Doe</name>
>       <uri>mailto:jane&amp;example.com</uri>
>       <updated>2026-01-15</updated>
EOF

step "modify" -- modify myproto --set "description=My protocol, v2" \
    --set "contact=Bob Roe <bob@example.org>" --set "note=" <<'EOF'
476c476
<   <record date="2026-01-15">
---
>   <record date="2026-01-15" updated="2026-01-15">
482,483c482,483
<     <xref type="person" data="Jane_Doe"/>
<     <description>My protocol &amp; more</description>
---
>     <xref type="person" data="Bob_Roe"/>
>     <description>My protocol, v2</description>
486d485
<     <note>Defined TXT keys: None</note>
844a844,848
>     </person>
>     <person id="Bob_Roe">
>       <name>Bob Roe</name>
>       <uri>mailto:bob&amp;example.org</uri>
>       <updated>2026-01-15</updated>
EOF

step "deassign" -- deassign myproto --reason retired <<'EOF'
477c477
<     <name>myproto</name>
---
>     <name/>
479,484c479
<     <assignee>
<       <xref type="person" data="Jane_Doe"/>
<     </assignee>
<     <xref type="person" data="Bob_Roe"/>
<     <description>My protocol, v2</description>
<     <xref type="rfc" data="rfc9999"/>
---
>     <description>Reserved</description>
485a481
>     <note>De-Assigned on 2026-01-15.</note>
778a775,783
>   </record>
>   <record date="2026-01-15" updated="2026-01-15">
>     <name>myproto</name>
>     <assignee>
>       <xref type="person" data="Jane_Doe"/>
>     </assignee>
>     <xref type="person" data="Bob_Roe"/>
>     <description>My protocol, v2</description>
>     <xref type="rfc" data="rfc9999"/>
EOF

# An edited registry round-trips: import the export, export again.
PORTREG_DB=$tmp/rt.db "$bin" import "$tmp/$n.xml" >/dev/null 2>&1 && \
PORTREG_DB=$tmp/rt.db "$bin" export -o "$tmp/rt.xml" && cmp -s "$tmp/rt.xml" "$tmp/$n.xml" \
    && ok "edited export imports and exports again byte for byte" || bad "round trip"
if command -v xmllint >/dev/null; then
    xmllint --noout "$tmp/$n.xml" && ok "edited export is well-formed" || bad "xmllint"
fi

# Undo all three: the imported file again, but for the header's <updated>.
for i in 1 2 3; do "$bin" undo >/dev/null || bad "undo $i"; done
"$bin" export -o "$tmp/undone.xml"
n=$((n+1)); cp "$tmp/undone.xml" "$tmp/$n.xml"
diff "$data/sample.xml" "$tmp/undone.xml" >"$tmp/got.diff"
printf '7c7\n<   <updated>2024-03-18</updated>\n---\n>   <updated>2026-01-15</updated>\n' >"$tmp/want.diff"
cmp -s "$tmp/want.diff" "$tmp/got.diff" && ok "undo restores the imported bytes" \
    || { bad "undo left differences"; cat "$tmp/got.diff"; }

step "revoke" -- revoke sslp --protocol udp --reason unused --approved-by IESG <<'EOF'
483,484c483,484
<   <record>
<     <name>sslp</name>
---
>   <record updated="2026-01-15">
>     <name/>
486,487c486
<     <xref type="person" data="Dr_Charles_E_Campb"/>
<     <description>Simple Socket Library's PortMaster</description>
---
>     <description>Reserved</description>
488a488
>     <note>Revoked on 2026-01-15.</note>
EOF

step "reserve" -- reserve 1030 --protocol tcp --reason testing <<'EOF'
475a476,480
>   <record updated="2026-01-15">
>     <protocol>tcp</protocol>
>     <description>Reserved</description>
>     <number>1030</number>
>   </record>
EOF

step "reuse" -- reuse --port 1750 --protocol udp --name sslp2 --description "Socket library 2" \
    --assignee Dr_Charles_E_Campb --reason "expert approved" --justification needed <<'EOF'
488,489c488,489
<   <record updated="2026-01-15">
<     <name/>
---
>   <record date="2026-01-15">
>     <name>sslp2</name>
491c491,495
<     <description>Reserved</description>
---
>     <assignee>
>       <xref type="person" data="Dr_Charles_E_Campb"/>
>     </assignee>
>     <xref type="person" data="Dr_Charles_E_Campb"/>
>     <description>Socket library 2</description>
493d496
<     <note>Revoked on 2026-01-15.</note>
EOF

step "person modify" -- person modify Jon_Postel --org USC/ISI <<'EOF'
884a885
>       <org>USC/ISI</org>
885a887
>       <updated>2026-01-15</updated>
EOF

echo "$fails failed"
[ $fails = 0 ]
