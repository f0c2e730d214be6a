/* test_request.c - the request file's corners that applicants' files do
 * reach (docs/request-format.md): CRLF line ends, continuation lines of
 * Transport and Port, every way to combine Port values, field names that
 * are not names, text a terminal must not see (NUL, controls, a lone CR,
 * bidi overrides, bad UTF-8) with its column, a flood of problems, of
 * requests, of bytes, an empty file, a stream that cannot be read.
 * test_rules.c holds the parser's main cases. */
#include "check.h"
#include "request.h"

#include <fcntl.h>

static struct pr_request_list l;
static pr_error err;

/* Parse text; the return code (err and l hold the rest). */
static int parse(const char *text, size_t len)
{
    pr_request_list_release(&l);
    pr_error_clear(&err);
    return pr_request_parse_buf("t.req", text, len, &l, NULL, NULL, &err);
}
#define PARSE(s) parse((s), sizeof(s) - 1)

/* PARSE_BAD(text, line, column, message): refused at that place. */
#define PARSE_BAD(s, ln, col, msg) parse_bad(__LINE__, (s), sizeof(s) - 1, (ln), (col), (msg))
static void parse_bad(int at, const char *s, size_t len, long line, long col, const char *msg)
{
    int rc = parse(s, len);
    check_count++;
    if (rc != PR_EPARSE || err.line != line || err.column != col || !strstr(err.msg, msg)) {
        check_failures++;
        fprintf(stderr, "%s:%d: rc %d at %ld:%ld \"%s\"; want line %ld:%ld \"%s\"\n", __FILE__,
                at, rc, err.line, err.column, err.msg, line, col, msg);
    }
}

static void test_line_ends_and_continuations(void)
{
    /* CRLF files (from Windows mail clients) read as LF files */
    CHECK_INT(PARSE("Service-Name: acme\r\nTransport: tcp\r\n udp\r\nPort: 1234,\r\n"
                    "  2000-2001\r\nDescription: one\r\n two\r\n\r\nService-Name: b\r\n"),
              0);
    CHECK_INT(l.n, 2);
    if (l.n == 2) {
        CHECK_STR(l.items[0].field[PR_REQ_SERVICE_NAME], "acme");
        /* Transport and Port continue onto the next lines, parsed as a whole */
        CHECK_INT(l.items[0].transports, PR_TP_TCP | PR_TP_UDP);
        CHECK_STR(l.items[0].field[PR_REQ_TRANSPORT], "tcp\nudp");
        CHECK_INT(l.items[0].n_ports, 2);
        CHECK_INT(l.items[0].ports[1].lo, 2000);
        CHECK_INT(l.items[0].ports[1].hi, 2001);
        CHECK_STR(l.items[0].field[PR_REQ_DESCRIPTION], "one\ntwo");
        CHECK_INT(l.items[1].line, 9);
    }
    /* a continued Port is checked as a whole */
    PARSE_BAD("Service-Name: a\nPort: 1234\n any\n", 3, 0, "'any' cannot be combined");
    /* continuation of an unknown field, or of a bad line, is skipped */
    CHECK_INT(PARSE("Service-Name: a\nX-Comment: one\n two\nNotes: n\n"), 0);
    CHECK_STR(l.items[0].field[PR_REQ_NOTES], "n");
    /* an empty file, and one of blank lines and comments only */
    PARSE_BAD("", 1, 0, "no request in file");
    PARSE_BAD("\n\n# nothing\n", 3, 0, "no request in file");
    /* a value that starts on the line below its field (deb822), Port too;
     * a Port whose value never comes is refused at its line */
    CHECK_INT(PARSE("Service-Name: a\nDescription:\n  Line one\n  line two\nTransport:\n tcp\n"
                    "Port:\n  1234,\n  2000\n"), 0);
    CHECK_STR(l.items[0].field[PR_REQ_DESCRIPTION], "Line one\nline two");
    CHECK_INT(l.items[0].transports, PR_TP_TCP);
    CHECK_INT(l.items[0].n_ports, 2);
    CHECK_INT(l.items[0].ports[1].lo, 2000);
    PARSE_BAD("Service-Name: a\nPort:\nTransport: tcp\n", 2, 0, "Port: empty value");
    PARSE_BAD("Service-Name: a\nPort:\n\nService-Name: b\nPort: 7\n", 2, 0,
              "Port: empty value");
    CHECK_INT(l.n, 2);
    CHECK_INT(l.items[1].n_problems, 0);
    PARSE_BAD("Service-Name: a\nPort:\n .\n", 3, 0, "Port: empty value");
    /* the last line needs no line feed */
    CHECK_INT(PARSE("Service-Name: a\nPort: 7"), 0);
    CHECK_INT(l.items[0].ports[0].lo, 7);
}

static void test_port_values(void)
{
    static const struct { const char *port; const char *msg; } bad[] = {
        {"none 1234", "'1234' cannot be combined with 'none'"},
        {"system 1234", "'1234' cannot be combined with 'system'"},
        {"any, any", "'any' cannot be combined with other values"},
        {"1234 none", "'none' cannot be combined with other values"},
        {"", "empty value"},
        {",", "empty value"},
        {"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "more than 16 values"},
        {"1234567890123456789012345678901234567890123456789012345678901234",
         "value too long '12345678901234567890...'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[256];
        int n = snprintf(text, sizeof text, "Service-Name: a\nPort: %s\n", bad[i].port);
        int rc = parse(text, (size_t)n);
        check_count++;
        if (rc != PR_EPARSE || err.line != 2 || !strstr(err.msg, bad[i].msg)) {
            check_failures++;
            fprintf(stderr, "%s:%d: Port: %s: \"%s\"; want \"%s\"\n", __FILE__, __LINE__,
                    bad[i].port, err.msg, bad[i].msg);
        }
    }
    /* sixteen values is the most; words in any case */
    CHECK_INT(PARSE("Service-Name: a\nPort: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"), 0);
    CHECK_INT(l.items[0].n_ports, 16);
    CHECK_INT(PARSE("Service-Name: a\nPort: SYSTEM\nTransport: UDP,TCP\n"), 0);
    CHECK_INT(l.items[0].port_kind, PR_PORT_SYSTEM);
    CHECK_INT(l.items[0].transports, PR_TP_TCP | PR_TP_UDP);
    PARSE_BAD("Service-Name: a\nTransport: tcpudptcpudptcpudptcpudptcpudptcpudptcpudptcpudptcp"
              "udptcpudptcpudp\n", 2, 0, "value too long");

    /* pr_request_set, as assign and the TUI build requests */
    struct pr_request r;
    pr_request_init(&r);
    CHECK_INT(pr_request_set(&r, PR_REQ_NFIELDS, "x", &err), PR_EINVAL);
    CHECK_INT(pr_request_set(&r, -1, "x", &err), PR_EINVAL);
    CHECK_INT(pr_request_set(&r, PR_REQ_PORT, NULL, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "empty value") != NULL);
    CHECK_INT(pr_request_set(&r, PR_REQ_PORT, "any", &err), 0);
    CHECK_INT(r.port_kind, PR_PORT_ANY);
    CHECK(pr_request_wants_port(&r));
    CHECK_INT(pr_request_set(&r, PR_REQ_PORT, "none", &err), 0);
    CHECK(!pr_request_wants_port(&r));
    CHECK_STR(pr_request_name(&r), "(unnamed)");
    CHECK_INT(pr_request_set(&r, PR_REQ_SERVICE_NAME, "acme", &err), 0);
    CHECK_STR(pr_request_name(&r), "acme");
    pr_request_release(&r);
}

static void test_field_names(void)
{
    PARSE_BAD("Service Name: a\n", 1, 0, "expected 'Field: value'");
    PARSE_BAD(": a\n", 1, 0, "expected 'Field: value'");
    PARSE_BAD("Service-Name: a\nPort=1234\n", 2, 0, "expected 'Field: value'");
    PARSE_BAD("Service-Name: a\nDescription; x: y\n", 2, 0, "expected 'Field: value'");
    /* letters, digits, hyphens and underscores make a (perhaps unknown) name */
    CHECK_INT(PARSE("Service-Name: a\nX_Extra-2: y\n"), 0);
    /* a value may hold colons */
    CHECK_INT(PARSE("Service-Name: a\nReference: https://example.org:8443/x\n"), 0);
    CHECK_STR(l.items[0].field[PR_REQ_REFERENCE], "https://example.org:8443/x");
    /* an empty value is a value: given twice is still twice */
    PARSE_BAD("Service-Name: a\nNotes:\nNotes: b\n", 3, 0, "given twice");
}

/* Text that must never reach a reviewer's terminal, with its column. */
static void test_text(void)
{
    PARSE_BAD("Service-Name: a\nNotes: x\0y\n", 2, 0, "NUL byte in request file");
    PARSE_BAD("Service-Name: a\nNotes: ab\x1b[31m\n", 2, 10, "control character U+001B");
    PARSE_BAD("Service-Name: a\nNotes: ab\x7f\n", 2, 10, "control character U+007F");
    PARSE_BAD("Service-Name: a\nNotes: \xc2\x9b" "31m\n", 2, 8, "control character U+009B");
    PARSE_BAD("Service-Name: a\nNotes: abc\rdef\n", 2, 11, "control character U+000D");
    PARSE_BAD("Service-Name: a\nNotes: a\xe2\x80\xae" "cba\n", 2, 9,
              "invisible format character U+202E");
    PARSE_BAD("Service-Name: a\nNotes: a\xe2\x81\xa6x\n", 2, 9,
              "invisible format character U+2066");
    PARSE_BAD("Service-Name: a\nNotes: ab\xff\n", 2, 10, "invalid UTF-8 (byte 0xFF)");
    PARSE_BAD("Service-Name: a\nNotes: ab\xc3\n", 2, 10, "invalid UTF-8 (byte 0xC3)");
    PARSE_BAD("Service-Name: a\nNotes: \xe0\x80\xaf\n", 2, 8, "invalid UTF-8"); /* overlong */
    /* every invisible format character docs/request-format.md lists, and
     * their neighbours that are text */
    static const struct { const char *ch; int bad; } fmt[] = {
        {"\xd8\x9c", 1}, {"\xe2\x80\x8b", 1}, {"\xe2\x80\x8e", 1}, {"\xe2\x80\x8f", 1},
        {"\xe2\x80\xaa", 1}, {"\xe2\x81\xa0", 1}, {"\xe2\x81\xa4", 1}, {"\xe2\x81\xa9", 1},
        {"\xe2\x80\x8c", 0}, {"\xe2\x80\xa9", 0}, {"\xe2\x80\xaf", 0}, {"\xe2\x81\xa5", 0},
        {"\xe2\x81\xaa", 0}, {"\xd8\x9b", 0},
    };
    for (size_t i = 0; i < sizeof fmt / sizeof *fmt; i++) {
        char text[64];
        int n = snprintf(text, sizeof text, "Service-Name: a\nNotes: x%sy\n", fmt[i].ch);
        int rc = parse(text, (size_t)n);
        check_count++;
        if ((rc != 0) != fmt[i].bad ||
            (fmt[i].bad && (err.column != 9 || !strstr(err.msg, "invisible format character")))) {
            check_failures++;
            fprintf(stderr, "%s:%d: format character %zu: rc %d \"%s\"\n", __FILE__, __LINE__, i,
                    rc, err.msg);
        }
    }
    /* tabs, a CR at the end, the joiners some scripts need: clean */
    CHECK_INT(PARSE("Service-Name: a\nNotes: a\tb \xe0\xa4\x95\xe2\x80\x8d\xe0\xa4\xb7\r\n"), 0);
    CHECK_STR(l.items[0].field[PR_REQ_NOTES], "a\tb \xe0\xa4\x95\xe2\x80\x8d\xe0\xa4\xb7");
}

/* A binary file is not listed line by line; a flood of stanzas stops. */
static void test_floods(void)
{
    static char buf[64 * 1024];
    size_t n = 0;
    n += (size_t)snprintf(buf, sizeof buf, "Service-Name: a\n");
    for (int i = 0; i < 30; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "\x01 line %d\n", i);
    CHECK_INT(parse(buf, n), PR_EPARSE);
    CHECK_INT(err.line, 2);
    CHECK_INT(l.n, 1);
    if (l.n == 1) {
        CHECK_INT(l.items[0].n_problems, PR_REQUEST_MAX_PROBLEMS + 1);
        CHECK_STR(l.items[0].problems[PR_REQUEST_MAX_PROBLEMS].msg,
                  "more problems follow; they are not listed");
        CHECK_INT(l.items[0].problems[PR_REQUEST_MAX_PROBLEMS - 1].line,
                  PR_REQUEST_MAX_PROBLEMS + 1);
    }
    /* 1,000 requests in one run, then one more that says why the rest
     * was not read */
    n = 0;
    for (int i = 0; i < 1001; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "Service-Name: s%d\n\n", i);
    CHECK_INT(parse(buf, n), PR_EPARSE);
    CHECK_INT(l.n, 1001);
    CHECK_INT(err.line, 2001);
    CHECK(strstr(err.msg, "too many requests (at most 1000 in one run") != NULL);
    if (l.n == 1001) {
        CHECK_INT(l.items[999].n_problems, 0);
        CHECK_INT(l.items[1000].n_problems, 1);
        CHECK(l.items[1000].field[PR_REQ_SERVICE_NAME] == NULL);
    }
    n = 0;
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "Service-Name: s%d\n\n", i);
    CHECK_INT(parse(buf, n), 0);
    CHECK_INT(l.n, 1000);
}

/* Streams: one that cannot be read is a request of its own, unreadable;
 * more than 64 MiB is refused without parsing it. */
static void test_streams(void)
{
    FILE *f = fopen(PR_TESTDATA, "r"); /* a directory: fread fails (EISDIR) */
    pr_request_list_release(&l);
    if (f) {
        CHECK_INT(pr_request_parse_stream(f, "dir.req", &l, NULL, NULL, &err), PR_EIO);
        CHECK_INT(l.n, 1);
        if (l.n == 1) {
            CHECK_STR(pr_request_problem_verdict(&l.items[0]), "unreadable");
            CHECK(strstr(l.items[0].problems[0].msg, "cannot read: ") != NULL);
        }
        fclose(f);
    }
    pr_request_list_release(&l);
    f = fopen("/dev/zero", "r");
    if (f) {
        CHECK_INT(pr_request_parse_stream(f, "zero.req", &l, NULL, NULL, &err), PR_EIO);
        CHECK_INT(l.n, 1);
        if (l.n == 1)
            CHECK_STR(l.items[0].problems[0].msg,
                      "file too large (a request file is at most 64 MiB)");
        fclose(f);
    }
    pr_request_list_release(&l);
}

int main(void)
{
    test_line_ends_and_continuations();
    test_port_values();
    test_field_names();
    test_text();
    test_floods();
    test_streams();
    pr_request_list_release(&l);
    return check_status();
}
