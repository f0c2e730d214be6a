# need TOOL...: sourced by test scripts.  Skips the test (exit 77, the
# ctest SKIP_RETURN_CODE) with a message when a test-only tool is missing:
# they never fail the build.  `make deps` installs them (Debian).
need() {
    local t pkg
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 && continue
        case $t in
        xmllint) pkg=libxml2-utils ;;
        *) pkg=$t ;;
        esac
        echo "skipped: $t not found (a test-only tool; Debian package $pkg, 'make deps' installs it)"
        exit 77
    done
}

# pyenv's python3 is a shell script that starts about a hundred processes
# before the interpreter; a test that calls python3 often spends most of
# its time there.  When python3 is such a shim, the directory of the
# interpreter it chooses goes first on PATH (its other programs have shims
# already, so nothing new is found; and $! of `python3 ... &` stays the
# interpreter's).  A PATH without python3 (the CI run with test tools
# hidden) is left alone.
if [[ $(command -v python3 2>/dev/null) == */shims/python3 ]] &&
   pr_py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -x "$pr_py" ]; then
    PATH=${pr_py%/*}:$PATH
fi
unset pr_py
