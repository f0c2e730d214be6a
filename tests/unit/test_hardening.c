/* test_hardening.c - the library's limits on hostile input (docs/security.md),
 * checked at the API: the registry reader's size, line and file-type
 * limits, that it leaves libxml2's global entity loader as it found it, and
 * the store's refusals (newer schema, another program's database, a
 * read-only database opened for reading). */
#include "check.h"
#include "importers.h"

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
    rmdir(dir);
    return check_status();
}
