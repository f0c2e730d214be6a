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
