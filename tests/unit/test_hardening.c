/* test_hardening.c - the library's limits on hostile input (docs/security.md),
 * checked at the API: the registry reader's size, line and file-type
 * limits, that it leaves libxml2's global entity loader as it found it, the
 * store's refusals (newer schema, another program's database), the clean
 * text check and the request parser's limits. */
#include "check.h"
#include "clean_text.h"
#include "importers.h"
#include "rules.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "xml_dl.h"

static char dir[] = "/tmp/portreg-hardening-XXXXXX";
static char path[512];

static const char *tmpfile_path(const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_file(const char *p, const char *text)
{
    FILE *f = fopen(p, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static int count_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    (void)err;
    long *n = k->ud;
    (*n)++;
    CHECK(r->line > 0);
    return 0;
}

static int read_file(const char *p, pr_error *err, long *records)
{
    struct pr_sink sink = {.ud = records, .record = count_record};
    memset(err, 0, sizeof *err);
    *records = 0;
    return pr_iana_xml_read(p, &sink, err);
}

static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<registry xmlns=\"http://www.iana.org/assignments\">\n";

/* Errors after line 65535 name the right line (libxml2 needs BIG_LINES). */
static void test_big_lines(void)
{
    const char *p = tmpfile_path("lines.xml");
    FILE *f = fopen(p, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(head, f);
    for (int i = 0; i < 70000; i++)
        fputs("<record><name>a</name></record>\n", f); /* lines 3..70002 */
    fputs("<record>\n<protocol>tpc</protocol></record>\n</registry>\n", f); /* 70003 */
    fclose(f);
    pr_error err;
    long n;
    CHECK_INT(read_file(p, &err, &n), PR_EPARSE);
    CHECK_INT(err.line, 70003);
    CHECK_INT(n, 70000);
    CHECK(strstr(err.msg, "unknown protocol 'tpc'") != NULL);
    unlink(p);
}

static void test_file_too_large(void)
{
    const char *p = tmpfile_path("sparse.xml");
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    CHECK(write(fd, head, sizeof head - 1) == (ssize_t)(sizeof head - 1));
    CHECK(ftruncate(fd, (64L << 20) + 1) == 0); /* sparse: no disk used */
    close(fd);
    pr_error err;
    long n;
    CHECK_INT(read_file(p, &err, &n), PR_EPARSE);
    CHECK(strstr(err.msg, "file too large") != NULL);
    CHECK_STR(err.file, p);
    unlink(p);
}

static void test_not_regular(void)
{
    pr_error err;
    long n;
    CHECK_INT(read_file(dir, &err, &n), PR_EIO);
    CHECK(strstr(err.msg, "not a regular file") != NULL);
    /* A FIFO with no writer: refused at once, not waited on. */
    const char *p = tmpfile_path("fifo");
    CHECK(mkfifo(p, 0600) == 0);
    CHECK_INT(read_file(p, &err, &n), PR_EIO);
    CHECK(strstr(err.msg, "not a regular file") != NULL);
    unlink(p);
}

static xmlParserInputPtr my_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

/* The reader swaps libxml2's global loader only while it parses. */
static void test_loader_restored(void)
{
    pr_error lerr = {0};
    CHECK_INT(pr_xml_load(&lerr), 0); /* libxml2 is loaded on first use */
    xmlExternalEntityLoader old = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(my_loader);
    const char *p = tmpfile_path("ok.xml");
    write_file(p, "<?xml version=\"1.0\"?>\n<registry xmlns=\"http://www.iana.org/assignments\">"
                  "<record><name>a</name><protocol>tcp</protocol><number>1</number></record>"
                  "</registry>\n");
    pr_error err;
    long n;
    CHECK_INT(read_file(p, &err, &n), 0);
    CHECK_INT(n, 1);
    CHECK(xmlGetExternalEntityLoader() == my_loader);
    write_file(p, "<registry xmlns=\"http://www.iana.org/assignments\"><record>");
    CHECK_INT(read_file(p, &err, &n), PR_EPARSE);
    CHECK(xmlGetExternalEntityLoader() == my_loader);
    xmlSetExternalEntityLoader(old);
    unlink(p);
}

/* Messages are one line, whatever libxml2 says. */
static void test_one_line_messages(void)
{
    const char *p = tmpfile_path("bad.xml");
    write_file(p, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                  "<registry xmlns=\"http://www.iana.org/assignments\">"
                  "<record><name>caf\xe9</name></record></registry>\n");
    pr_error err;
    long n;
    CHECK_INT(read_file(p, &err, &n), PR_EPARSE);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(strstr(err.msg, "invalid UTF-8") != NULL);
    CHECK_INT(err.line, 2);
    unlink(p);
}

static void set_user_version(const char *db, int v, const char *extra_sql)
{
    sqlite3 *h = NULL;
    char sql[128];
    CHECK(sqlite3_open(db, &h) == SQLITE_OK);
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v);
    CHECK(sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK);
    if (extra_sql)
        CHECK(sqlite3_exec(h, extra_sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(h);
}

static void test_store_refusals(void)
{
    pr_store *s = NULL;
    pr_error err = {0};
    char *db = check_tmpdb();
    set_user_version(db, PR_SCHEMA_VERSION + 1, NULL);
    CHECK_INT(pr_store_open(&s, db, 0, &err), PR_ESCHEMA);
    CHECK(s == NULL);
    CHECK_INT(pr_store_open(&s, db, PR_STORE_READONLY, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "newer than this portreg supports") != NULL);
    check_rmdb(db);

    db = check_tmpdb();
    set_user_version(db, 0, "CREATE TABLE theirs(x)");
    memset(&err, 0, sizeof err);
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "another program") != NULL);
    CHECK_STR(err.file, db);
    check_rmdb(db);
}

static size_t bad_at(const char *s, unsigned *cp, int *invalid)
{
    return pr_clean_text_bad(s, strlen(s), cp, invalid);
}

static void test_clean_text(void)
{
    unsigned cp = 0;
    int inv = 0;
    const char *ok = "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\ttab\r\n";
    CHECK_INT(bad_at(ok, &cp, &inv), strlen(ok));
    CHECK_INT(bad_at("ab\x1b[2J", &cp, &inv), 2);
    CHECK_INT(cp, 0x1b);
    CHECK_INT(inv, 0);
    CHECK_INT(bad_at("a\x7f", &cp, &inv), 1);
    CHECK_INT(cp, 0x7f);
    CHECK_INT(bad_at("a\xc2\x9b", &cp, &inv), 1); /* C1 CSI */
    CHECK_INT(cp, 0x9b);
    CHECK_INT(inv, 0);
    CHECK_INT(bad_at("a\xc2\xa0", &cp, &inv), 3); /* NBSP is text */
    CHECK_INT(bad_at("x\xc0\xaf", &cp, &inv), 1); /* overlong '/' */
    CHECK_INT(inv, 1);
    CHECK_INT(bad_at("x\xe0\x80\xaf", &cp, &inv), 1); /* overlong, 3 bytes */
    CHECK_INT(bad_at("x\xed\xa0\x80", &cp, &inv), 1); /* surrogate */
    CHECK_INT(bad_at("x\xf4\x90\x80\x80", &cp, &inv), 1); /* past U+10FFFF */
    CHECK_INT(bad_at("x\xe2\x80", &cp, &inv), 1); /* cut short */
    CHECK_INT(inv, 1);
    CHECK_INT(cp, 0xe2);
    /* Every position of a long line (the check reads whole words where
     * it can): each control, DEL and a C1 control found where it is, and
     * tabs, line feeds and the printable range passed. */
    static const unsigned char bad[] = {0x00, 0x01, 0x08, 0x0b, 0x1b, 0x1f, 0x7f};
    char line[64];
    for (size_t at = 0; at < 40; at++) {
        for (size_t b = 0; b <= sizeof bad; b++) {
            for (size_t i = 0; i < sizeof line - 1; i++)
                line[i] = (char)(i % 9 == 4 ? '\t' : i % 13 == 7 ? '\n' : ' ' + (i * 7) % 95);
            line[sizeof line - 1] = 0;
            size_t want = at;
            if (b == sizeof bad) {
                line[at] = '\xc2'; /* U+0085, C1 */
                line[at + 1] = '\x85';
            } else {
                line[at] = (char)bad[b];
            }
            CHECK_INT(pr_clean_text_bad(line, sizeof line - 1, &cp, &inv), want);
        }
        memset(line, 'a', sizeof line - 1);
        CHECK_INT(pr_clean_text_bad(line, at, &cp, &inv), at);
    }
}

/* Request files: controls and bad UTF-8 refused with line and column,
 * millions of continuation lines read in linear time, 1000 requests at most. */
static void test_request_limits(void)
{
    struct pr_request_list l = {0};
    pr_error err = {0};
    static const char esc[] = "Service-Name: a\x1b]0;x\x07\nTransport: tcp\n";
    CHECK_INT(pr_request_parse_buf("r.req", esc, sizeof esc - 1, &l, NULL, NULL, &err), PR_EPARSE);
    CHECK_INT(err.line, 1);
    CHECK_INT(err.column, 16);
    CHECK(strstr(err.msg, "control character U+001B") != NULL);
    pr_request_list_release(&l);

    /* Trailing blanks on the field's line, then continuation lines (the
     * fuzzer's heap overflow when lengths were tracked from the line). */
    static const char cont[] = "Service-Name: foo\nTransport: tcp, \n udp\n sctp\n"
                               "Notes: hello \n more\n .\n end\n";
    CHECK_INT(pr_request_parse_buf("r.req", cont, sizeof cont - 1, &l, NULL, NULL, &err), 0);
    if (l.n == 1) {
        CHECK_STR(l.items[0].field[PR_REQ_TRANSPORT], "tcp,\nudp\nsctp");
        CHECK_INT(l.items[0].transports, PR_TP_TCP | PR_TP_UDP | PR_TP_SCTP);
        CHECK_STR(l.items[0].field[PR_REQ_NOTES], "hello\nmore\n\nend");
    }
    pr_request_list_release(&l);

    size_t lines = 1 << 20, len = 0;
    char *big = malloc(64 + lines * 3);
    CHECK(big != NULL);
    if (!big)
        return;
    len += (size_t)sprintf(big, "Service-Name: foo\nNotes: a\n");
    for (size_t i = 0; i < lines; i++) {
        memcpy(big + len, " .\n", 3);
        len += 3;
    }
    CHECK_INT(pr_request_parse_buf("r.req", big, len, &l, NULL, NULL, &err), 0);
    CHECK_INT(l.n, 1);
    if (l.n)
        CHECK_INT(strlen(l.items[0].field[PR_REQ_NOTES]), 1 + lines);
    pr_request_list_release(&l);

    len = 0;
    for (int i = 0; i < 1001; i++)
        len += (size_t)sprintf(big + len, "Service-Name: s%d\n\n", i);
    CHECK_INT(pr_request_parse_buf("r.req", big, len, &l, NULL, NULL, &err), PR_EPARSE);
    CHECK(strstr(err.msg, "too many requests") != NULL);
    CHECK_INT(err.line, 2001);
    /* the 1001st holds the problem, the rest is not read */
    CHECK_INT(l.n, 1001);
    if (l.n == 1001) {
        CHECK_INT(l.items[1000].n_problems, 1);
        CHECK_STR(pr_request_problem_verdict(&l.items[1000]), "malformed");
        CHECK_INT(l.items[999].n_problems, 0);
    }
    pr_request_list_release(&l);
    free(big);
}

/* Messages quote input: they stay one line without control characters. */
static void test_error_one_line(void)
{
    pr_error err = {0};
    pr_error_at(&err, PR_EPARSE, "a\nb.xml", 3, 0, "invalid port number '%s'",
                "3\n  x\x1b[2J\xc2\x9b\x7f\xc2\xa0");
    /* Line ends and tabs become spaces, other controls U+FFFD (the gate). */
    CHECK_STR(err.msg, "invalid port number '3   x\xef\xbf\xbd[2J\xef\xbf\xbd\xef\xbf\xbd\xc2\xa0'");
    CHECK_STR(err.file, "a b.xml");
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_big_lines();
    test_file_too_large();
    test_not_regular();
    test_loader_restored();
    test_one_line_messages();
    test_store_refusals();
    test_clean_text();
    test_request_limits();
    test_error_one_line();
    rmdir(dir);
    return check_status();
}
