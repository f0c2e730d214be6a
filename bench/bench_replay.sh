#!/bin/bash
# bench_replay.sh - the grant replay: every service IANA granted between
# consecutive releases of ../shared/data/iana, reviewed as a request against
# the older release (bench/replay.c, docs/rules.md "The grant replay").
# Prints the verdicts per rule, every reject with its explanation, and
# discovery-port on the *-disc grants.
set -u
replay=$(dirname "$PORTREG")/portreg-replay
d=$SHARED/iana/service-names-port-numbers
"$replay" "$d-2015-05-04.xml" "$d-2016-06-02.xml" "$d-2024-03-05.xml" "$d-2024-03-18.xml"
