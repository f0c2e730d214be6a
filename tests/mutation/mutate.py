#!/usr/bin/env python3
"""mutate.py - can the tests fail?  Puts small realistic bugs into the code
one at a time (tests/mutation/mutants.tsv: a flipped comparison, a bound off
by one, a dropped condition, a skipped escape, a wrong exit status), builds
each incrementally and runs the tests named for it; a mutant is caught when
a test fails.  A mutant the named tests miss is run against the whole suite
before it counts as a survivor (and the report says which test caught it,
so that its line can name it).

The mutants are applied to a copy of the working tree (tracked and untracked
files, as git lists them) in WORK/src, built in WORK/build: the tree you
edit is never changed, so no mutant can be committed.  The copy is
refreshed at the start of each run (only files that differ are copied, so
the build stays incremental).

Usage: tests/mutation/mutate.py [--work DIR] [--jobs N] [--full | --quick] [--list]
                                [--fresh] [--shared DIR] [--min PERCENT] [ID-or-PREFIX...]
  --full   run the whole suite for every mutant (not only the named tests)
  --quick  only the named tests: a mutant they miss counts as a survivor
           without the whole suite's second look (a lower bound, and
           minutes faster per survivor on a busy machine)
  --list   print the mutants and whether each still applies, run nothing
The summary goes to stdout and WORK/results.tsv (id, outcome, tests that
failed; written as the run goes).  Exit 0 when at least --min percent
(default 85) were caught.

A mutant that a test caught in the previous run (WORK/results.tsv) runs
that test first: when it fails again the mutant is caught in seconds,
without the named tests (ctest runs the longest tests first, so they cost
a minute on a busy machine).  Only a mutant that test misses goes on to
its named tests.  --fresh ignores the previous results.

mutants.tsv: one mutant per line, tab-separated:
  ID  FILE  TESTS  OLD  NEW  [WHAT]
TESTS is a ctest -R regular expression; OLD must occur exactly once in FILE
(else the mutant is reported stale: the code moved, update the line); in
OLD and NEW, \\t, \\n and \\\\ stand for a tab, a line break and a
backslash.  '#' starts a comment line.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
# What the whole suite means here: the dist tests build packages and
# install trees (minutes, and they test no logic a mutant changes).
FULL_EXCLUDE = r"^dist\."


def unescape(s):
    """\\t, \\n and \\\\ to a tab, a line break and a backslash."""
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in "tn\\":
            out.append({"t": "\t", "n": "\n", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def load(path):
    mutants = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 5:
                sys.exit("%s:%d: want ID FILE TESTS OLD NEW [WHAT], tab-separated" % (path, n))
            mid, file, tests, old, new = cols[:5]
            what = cols[5] if len(cols) > 5 else ""
            mutants.append(dict(id=mid, file=file, tests=tests, old=unescape(old),
                                new=unescape(new), what=what, line=n))
    ids = [m["id"] for m in mutants]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        sys.exit("%s: duplicate ids: %s" % (path, ", ".join(sorted(dup))))
    return mutants


def previous_lines(path):
    try:
        with open(path) as f:
            return [(line.split("\t", 1)[0], line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def load_previous(path):
    """{id: ctest -R of the tests that caught it} from a previous results.tsv."""
    out = {}
    for mid, line in previous_lines(path):
        cols = line.rstrip("\n").split("\t")
        if len(cols) >= 4 and cols[1].startswith("caught") and cols[3] and "(" not in cols[3]:
            out[mid] = "^(%s)$" % "|".join(re.escape(t) for t in cols[3].split())
    return out


def tracked_files():
    out = subprocess.check_output(["git", "-C", SRC, "ls-files", "-z", "-co", "--exclude-standard"])
    return [p for p in out.decode().split("\0") if p and os.path.isfile(os.path.join(SRC, p))]


def sync(work):
    """Make WORK/src equal the working tree; touch what changed."""
    dst_root = os.path.join(work, "src")
    files = tracked_files()
    keep = set(files)
    changed = 0
    for rel in files:
        s, d = os.path.join(SRC, rel), os.path.join(dst_root, rel)
        try:
            with open(s, "rb") as a, open(d, "rb") as b:
                if a.read() == b.read():
                    continue
        except FileNotFoundError:
            pass
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copyfile(s, d)
        shutil.copymode(s, d)
        os.utime(d)  # newer than any object built from an older copy
        changed += 1
    for dirpath, dirnames, filenames in os.walk(dst_root):
        for fn in filenames:
            rel = os.path.relpath(os.path.join(dirpath, fn), dst_root)
            if rel not in keep:
                os.unlink(os.path.join(dirpath, fn))
    return changed


def run(cmd, cwd, timeout=None, env=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, env=env)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return 124, (e.stdout or b"").decode(errors="replace")


def configure(work, shared):
    build = os.path.join(work, "build")
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
        rc, out = run(["cmake", "-S", os.path.join(work, "src"), "-B", build,
                       "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                       "-DPR_SHARED_DATA=" + os.path.abspath(shared)],
                      cwd=work)
        if rc:
            sys.exit("cmake failed:\n" + out)
    return build


def build(build_dir, jobs):
    return run(["cmake", "--build", build_dir, "-j", str(jobs)], cwd=build_dir, timeout=900)


def ctest(build_dir, jobs, regex, exclude=None):
    cmd = ["ctest", "-j", str(jobs), "--timeout", "180", "--stop-on-failure"]
    if regex:
        cmd += ["-R", regex]
    if exclude:
        cmd += ["-E", exclude]
    rc, out = run(cmd, cwd=build_dir, timeout=1800)
    failed = re.findall(r"^\s*\d+ - (\S+) \((?:Failed|Timeout|SEGFAULT|Subprocess aborted|"
                        r"Exception|Child aborted|Not Run)[^)]*\)", out, re.M)
    none = "No tests were found" in out
    return rc, failed, none, out


def judge(m, bdir, a, again):
    """Outcome and failed tests of the built mutant m: the tests that caught
    it last time (again), then its named tests, then (unless --quick) the
    whole suite."""
    if again and not a.full:
        rc, failed, none, _ = ctest(bdir, a.jobs, again, FULL_EXCLUDE)
        if rc and not none:
            named = all(re.search(m["tests"], t) for t in failed)
            return "caught" if named else "caught-elsewhere", " ".join(failed) or "(ctest failed)"
    rc, failed, none, _ = ctest(bdir, a.jobs, None if a.full else m["tests"], FULL_EXCLUDE)
    if none:
        return "stale", "no test matches /%s/" % m["tests"]
    if rc:
        return "caught", " ".join(failed) or "(ctest failed)"
    if a.full or a.quick:
        return "survived", ""
    rc, failed, none, _ = ctest(bdir, a.jobs, None, FULL_EXCLUDE)
    if rc:
        return "caught-elsewhere", " ".join(failed)
    return "survived", ""


def main():
    ap = argparse.ArgumentParser(description="mutation check of the test suite")
    ap.add_argument("--work", default=os.path.join(SRC, "build-mut"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--fresh", action="store_true",
                    help="do not try the tests that caught a mutant last time first")
    ap.add_argument("--min", type=float, default=85.0)
    ap.add_argument("--mutants", default=os.path.join(HERE, "mutants.tsv"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(SRC), "shared", "data"),
                    help="the shared data folder (default: ../shared/data)")
    ap.add_argument("ids", nargs="*")
    a = ap.parse_args()

    mutants = load(a.mutants)
    if a.ids:
        mutants = [m for m in mutants if any(m["id"] == i or m["id"].startswith(i) for i in a.ids)]
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    print("mutate: syncing %s -> %s/src (%d files changed)" % (SRC, work, sync(work)), flush=True)

    def applies(m):
        path = os.path.join(work, "src", m["file"])
        if not os.path.isfile(path):
            return None, "no such file"
        text = open(path, encoding="utf-8").read()
        n = text.count(m["old"])
        return text, None if n == 1 else ("OLD found %d times" % n)

    if a.list:
        for m in mutants:
            _, why = applies(m)
            print("%-28s %-34s %s" % (m["id"], m["file"], why or m["what"]))
        return 0

    previous = {} if a.fresh else load_previous(os.path.join(work, "results.tsv"))
    bdir = configure(work, a.shared)
    rc, out = build(bdir, a.jobs)
    if rc:
        sys.exit("the unmutated tree does not build:\n" + out[-3000:])
    regex = "|".join("(%s)" % m["tests"] for m in mutants)
    rc, failed, none, out = ctest(bdir, a.jobs, None if a.full else regex, FULL_EXCLUDE)
    if rc:
        sys.exit("the unmutated tree fails its tests (%s); fix that first" % ", ".join(failed))

    results = []
    part = os.path.join(work, "results.tsv.part")
    open(part, "w").close()
    t0 = time.time()
    for k, m in enumerate(mutants, 1):
        path = os.path.join(work, "src", m["file"])
        text, why = applies(m)
        t1 = time.time()
        outcome, tests = None, ""
        if why:
            outcome, tests = "stale", why
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(m["old"], m["new"]))
            try:
                rc, out = build(bdir, a.jobs)
                if rc:
                    outcome, tests = "nobuild", (re.findall(r"error: .*", out) or ["?"])[0][:100]
                else:
                    outcome, tests = judge(m, bdir, a, previous.get(m["id"]))
            finally:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                os.utime(path)
        results.append((m, outcome, tests))
        with open(part, "a") as f:
            f.write("%s\t%s\t%s\t%s\n" % (m["id"], outcome, m["file"], tests))
        print("[%d/%d] %-28s %-16s %5.0fs %s" % (k, len(mutants), m["id"], outcome,
                                                 time.time() - t1, tests), flush=True)
    # The restored files rebuild once more, so the next run starts clean.
    build(bdir, a.jobs)

    # A run of some mutants keeps the other lines of the previous results.
    ran = {m["id"] for m, _, _ in results}
    with open(part, "a") as f:
        for mid, line in previous_lines(os.path.join(work, "results.tsv")):
            if mid not in ran:
                f.write(line)
    os.replace(part, os.path.join(work, "results.tsv"))
    valid = [r for r in results if r[1] not in ("stale", "nobuild")]
    caught = [r for r in valid if r[1].startswith("caught")]
    pct = 100.0 * len(caught) / len(valid) if valid else 0.0
    print("\nmutate: %d mutants, %d caught (%.1f%%), %d survived, %d stale, %d did not build; "
          "%.0f s" % (len(results), len(caught), pct, len(valid) - len(caught),
                      sum(r[1] == "stale" for r in results), sum(r[1] == "nobuild" for r in results),
                      time.time() - t0))
    for m, outcome, tests in results:
        if outcome == "survived":
            print("  survived: %s (%s:%d) %s" % (m["id"], m["file"], m["line"], m["what"]))
        elif outcome in ("stale", "nobuild"):
            print("  %s: %s (mutants.tsv:%d) %s" % (outcome, m["id"], m["line"], tests))
        elif outcome == "caught-elsewhere":
            print("  caught outside its tests: %s by %s" % (m["id"], tests))
    return 0 if pct >= a.min else 1


if __name__ == "__main__":
    sys.exit(main())
