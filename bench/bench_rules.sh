#!/bin/bash
# bench_rules.sh - the rules engine on IANA's real registry.
#  1. whole-registry audit, in process (PORTREG_TIMING=1 makes 'portreg
#     audit' report the time pr_audit takes, without start-up and output);
#     target <= 100 ms.
#  2. one review, whole process (start-up, open, parse, every rule, exit)
#     against 'getent services 443' as the reference; target <= 10 ms.
set -u
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export PORTREG_DB=$tmp/r.db
"$PORTREG" import "$SHARED/iana/service-names-port-numbers-2024-03-18.xml" >/dev/null 2>&1
here=$(cd "$(dirname "$0")/.." && pwd)
req=$here/docs/examples/secure-variant.req
times=()
for ((i = 0; i < BENCH_RUNS; i++)); do
    t=$(PORTREG_TIMING=1 "$PORTREG" audit 2>&1 >/dev/null | sed -n 's/.* in \([0-9.]*\) ms/\1/p')
    times+=("$t")
done
audit_ms=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
audit_whole=$(median_ms "$PORTREG" audit)
review_ms=$(median_ms "$PORTREG" review "$req")
ref_ms=$(median_ms getent services 443)
printf '%-40s %9.2f ms in process (target <= 100 ms) %s\n' "audit, whole registry" "$audit_ms" \
    "$(awk -v a="$audit_ms" 'BEGIN {print (a <= 100 ? "ok" : "OVER")}')"
printf '%-40s %9.2f ms whole process\n' "audit, whole registry" "$audit_whole"
printf '%-40s %9.2f ms whole process (target <= 10 ms) %s\n' "review, one request" "$review_ms" \
    "$(awk -v a="$review_ms" 'BEGIN {print (a <= 10 ? "ok" : "OVER")}')"
ratio "review vs getent services 443" "$review_ms" "$ref_ms" 10
