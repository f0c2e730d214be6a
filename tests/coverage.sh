#!/bin/bash
# coverage.sh BUILD: gcovr's summary of an instrumented tree (make coverage)
# after ctest ran in it: lines and branches for the library (registry/ +
# importers/ together), then cli/, then tui/, and the files of each area
# with the most branches not taken.  BUILD/coverage/ keeps the JSON and an
# HTML report per file.  Branches gcovr cannot tell from source lines
# (-O0 is used, so few) are all counted; HACKING.md says which are not
# worth a test.
set -euo pipefail
build=${1:?usage: coverage.sh BUILD}
src=$(cd "$(dirname "$0")/.." && pwd)
command -v gcovr >/dev/null || { echo "coverage: gcovr not found (Debian: gcovr; make deps)"; exit 2; }
out=$build/coverage
rm -rf "$out"; mkdir -p "$out"
cd "$src"
# Notes (.gcno) of objects the build no longer makes (a source moved to
# another target leaves its old object behind: tui/ went from portreg to
# portreg_tui) would be merged with the new ones, and gcovr fails: dropped.
find "$build" -name '*.gcno' -path '*/CMakeFiles/*.dir/*' | while read -r g; do
    dir=${g%%.dir/*}.dir rel=${g#"$build"/}
    grep -qF -- "${rel%.gcno}.o:" "$dir/build.make" 2>/dev/null || rm -f "$g" "${g%.gcno}.gcda"
done
# One pass over the .gcda files; the summaries below read its JSON.
gcovr --root "$src" --object-directory "$build" --json "$out/all.json" \
      --exclude-unreachable-branches --filter 'registry/' --filter 'importers/' \
      --filter 'cli/' --filter 'tui/' -j "$(nproc)"
summary() {
    local title=$1; shift
    local filters=()
    for f in "$@"; do filters+=(--filter "$f"); done
    echo "== $title"
    gcovr --root "$src" --add-tracefile "$out/all.json" "${filters[@]}" \
          --json-summary "$out/$title.summary.json" --print-summary >/dev/null
    python3 - "$out/$title.summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print("  lines    %6.1f%% (%d of %d)" % (s["line_percent"], s["line_covered"], s["line_total"]))
print("  branches %6.1f%% (%d of %d)" % (s["branch_percent"], s["branch_covered"], s["branch_total"]))
worst = sorted(s["files"], key=lambda f: f["branch_covered"] - f["branch_total"])[:5]
print("  most branches not taken: " + ", ".join(
    "%s %d" % (f["filename"], f["branch_total"] - f["branch_covered"]) for f in worst))
PY
}
summary library 'registry/' 'importers/'
summary cli 'cli/'
summary tui 'tui/'
gcovr --root "$src" --add-tracefile "$out/all.json" --html-details "$out/index.html" >/dev/null
echo "coverage: per-file report in $out/index.html"
