/* test_import.c - the IANA XML reader and the store on the sample registry:
 * counts, fields, roles, mixed content, byte-exact raw spans, and the error
 * paths (file:line, database unchanged). */
#include "check.h"
#include "importers.h"

#include <sqlite3.h>

static char path[512];

static const char *data(const char *rel)
{
    snprintf(path, sizeof path, "%s/%s", PR_TESTDATA, rel);
    return path;
}

struct find { const char *name, *proto; struct pr_record rec; int found; };

static int find_cb(const struct pr_record *r, void *ud)
{
    struct find *f = ud;
    if (!f->found && r->name && !strcmp(r->name, f->name) && r->protocol &&
        !strcmp(r->protocol, f->proto)) {
        f->found = 1;
        pr_record_copy(&f->rec, r);
    }
    return 0;
}

static void find_record(pr_store *s, const char *name, const char *proto, struct find *f)
{
    memset(f, 0, sizeof *f);
    f->name = name;
    f->proto = proto;
    pr_store_each_record(s, find_cb, f, NULL);
}

/* Concatenated raw bytes of every item in seq order == the file. */
static void check_byte_exact(pr_store *s, const char *file)
{
    sqlite3_stmt *st = NULL;
    FILE *f = fopen(file, "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *want = malloc((size_t)len + 1);
    CHECK(fread(want, 1, (size_t)len, f) == (size_t)len);
    fclose(f);
    CHECK(sqlite3_prepare_v2(pr_store_db(s),
                             "SELECT raw FROM (SELECT seq, raw FROM record UNION ALL "
                             "SELECT seq, raw FROM docitem UNION ALL SELECT seq, raw FROM person) "
                             "ORDER BY seq", -1, &st, NULL) == SQLITE_OK);
    long off = 0;
    int same = 1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int n = sqlite3_column_bytes(st, 0);
        const void *p = sqlite3_column_blob(st, 0);
        if (off + n > len || memcmp(want + off, p, (size_t)n)) {
            same = 0;
            break;
        }
        off += n;
    }
    CHECK(same);
    CHECK_INT(off, len);
    sqlite3_finalize(st);
    free(want);
}

static long count_rows(pr_store *s, const char *table)
{
    char sql[128];
    sqlite3_stmt *st = NULL;
    long n = -1;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    if (sqlite3_prepare_v2(pr_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_sample(pr_store *s)
{
    struct pr_import_result res;
    pr_error err = {0};
    CHECK_INT(pr_import_file(s, data("sample.xml"), NULL, 0, &res, &err), 0);
    CHECK_INT(res.records, 90);
    CHECK_INT(res.people, 28);
    CHECK(res.sniffed);
    CHECK_STR(res.importer->name, "iana-xml");
    check_byte_exact(s, data("sample.xml"));

    char *v = NULL;
    CHECK_INT(pr_store_meta_get(s, "updated", &v, NULL), 0);
    CHECK_STR(v, "2024-03-18");
    free(v);

    struct find f;
    find_record(s, "http", "tcp", &f);
    CHECK(f.found);
    const char *ids[4];
    CHECK_INT(pr_record_assignees(&f.rec, ids, 4), 1);
    CHECK_STR(ids[0], "IESG");
    CHECK_INT(pr_record_contacts(&f.rec, ids, 4), 1);
    CHECK_STR(ids[0], "IETF_Chair");
    CHECK_STR(f.rec.updated, "2021-10-01");
    CHECK_STR(f.rec.number, "80");
    CHECK_INT(f.rec.port_lo, 80);
    CHECK(f.rec.n_notes == 1 && strstr(f.rec.notes[0].text, "u=<username>"));
    CHECK(f.rec.n_notes == 1 && strstr(f.rec.notes[0].xml, "u=&lt;username&gt;"));
    CHECK(f.rec.layout && strchr(f.rec.layout, 'A'));
    CHECK(f.rec.raw && !strncmp(f.rec.raw, "\n  <record updated=\"2021-10-01\">", 32));
    CHECK_INT(pr_record_state(&f.rec), PR_STATE_ASSIGNED);
    pr_record_release(&f.rec);

    /* Plain person xref: assignee and contact at once. */
    find_record(s, "echo", "tcp", &f);
    CHECK(f.found);
    CHECK_INT(pr_record_assignees(&f.rec, ids, 4), 1);
    CHECK_INT(pr_record_contacts(&f.rec, ids, 4), 1);
    pr_record_release(&f.rec);

    /* Mixed content: <br/> and an empty description. */
    find_record(s, "mdbs-daemon", "tcp", &f);
    CHECK(f.found);
    CHECK(f.rec.description && f.rec.description[0] == '\n');
    CHECK(f.rec.description_xml && !strncmp(f.rec.description_xml, "<br/><br/>", 10));
    pr_record_release(&f.rec);
    find_record(s, "mdbs_daemon", "tcp", &f);
    CHECK(f.found);
    CHECK_STR(f.rec.description, "");
    pr_record_release(&f.rec);

    /* Inline xref in a note, DCCP service code, ranges. */
    find_record(s, "radsec", "tcp", &f);
    CHECK(f.found && f.rec.n_notes == 1 && strstr(f.rec.notes[0].text, "[RFC6614]"));
    CHECK(f.rec.n_notes == 1 && strstr(f.rec.notes[0].xml, "<xref type=\"rfc\" data=\"rfc6614\"/>"));
    pr_record_release(&f.rec);
    find_record(s, "discard", "dccp", &f);
    CHECK(f.found);
    CHECK_STR(f.rec.sc, "1145656131");
    pr_record_release(&f.rec);
    find_record(s, "x11", "udp", &f);
    CHECK(f.found);
    CHECK_INT(f.rec.port_lo, 6000);
    CHECK_INT(f.rec.port_hi, 6063);
    CHECK(f.rec.unauthorized != NULL);
    pr_record_release(&f.rec);

    /* Name-only records keep no number. */
    find_record(s, "https", "tcp", &f);
    CHECK(f.found);
    CHECK_STR(f.rec.number, "443");
    pr_record_release(&f.rec);
    CHECK_INT(count_rows(s, "record WHERE number IS NULL"), 7);
    CHECK_INT(count_rows(s, "docitem"), 11);

    /* People keep every field. */
    struct pr_person p;
    CHECK_INT(pr_store_get_person(s, "IESG", &p, NULL), 0);
    CHECK(p.uri && !strncmp(p.uri, "mailto:", 7));
    CHECK(p.raw && strstr(p.raw, "<person id=\"IESG\">"));
    pr_person_release(&p);
    CHECK_INT(pr_store_get_person(s, "Nobody_Here", &p, NULL), PR_ENOTFOUND);
}

static int count_cb(const struct pr_record *r, void *ud)
{
    (void)r;
    ++*(long *)ud;
    return 0;
}

static void test_search(pr_store *s)
{
    struct pr_query q;
    pr_error err = {0};
    long n = 0;

    pr_query_init(&q);
    q.port_lo = q.port_hi = 6010;
    CHECK_INT(pr_search(s, &q, NULL, NULL, &err), 2); /* x11 tcp + udp */

    pr_query_init(&q);
    q.port_lo = q.port_hi = 443;
    CHECK_INT(pr_search(s, &q, count_cb, &n, &err), 3);
    CHECK_INT(n, 3);

    pr_query_init(&q);
    q.name = "HTTPS"; /* case-insensitive, includes the name-only record */
    CHECK_INT(pr_search(s, &q, NULL, NULL, &err), 4);

    pr_query_init(&q);
    q.name = "ima*";
    CHECK_INT(pr_search(s, &q, NULL, NULL, &err), 2); /* imap, imaps */

    pr_query_init(&q);
    q.text = "multicast dns";
    CHECK(pr_search(s, &q, NULL, NULL, &err) >= 2);

    pr_query_init(&q);
    q.text = "multic"; /* prefix */
    CHECK(pr_search(s, &q, NULL, NULL, &err) >= 2);

    pr_query_init(&q);
    q.assignee = "IESG";
    q.port_lo = q.port_hi = 80;
    CHECK_INT(pr_search(s, &q, NULL, NULL, &err), 4); /* http, www × tcp/udp */

    pr_query_init(&q);
    q.reference = "RFC 9110";
    q.protocol = "udp";
    CHECK(pr_search(s, &q, NULL, NULL, &err) >= 2);

    pr_query_init(&q);
    q.text = "\"(*";
    CHECK(pr_search(s, &q, NULL, NULL, &err) <= 0); /* no words: an error, never a crash */

    char buf[64];
    pr_query_init(&q);
    CHECK_INT(pr_query_guess(&q, "53/udp", buf), PR_GUESS_PORT);
    CHECK_STR(q.protocol, "udp");
    pr_query_init(&q);
    CHECK_INT(pr_query_guess(&q, "x11", buf), PR_GUESS_NAME);
    pr_query_init(&q);
    CHECK_INT(pr_query_guess(&q, "multicast dns", buf), PR_GUESS_TEXT);

    struct pr_stats st;
    CHECK_INT(pr_stats_compute(s, &st, &err), 0);
    CHECK_INT(st.records, 90);
    CHECK_INT(st.people, 28);
    CHECK_INT(st.name_only, 7);
    CHECK_INT(st.ports[2][0].unassigned, 16384); /* 49152-65535 Unassigned */
}

static void expect_error(pr_store *s, const char *file, const char *fragment)
{
    struct pr_import_result res;
    pr_error err = {0};
    long before = count_rows(s, "record");
    int rc = pr_import_file(s, data(file), NULL, PR_IMPORT_REPLACE, &res, &err);
    CHECK(rc < 0);
    CHECK(strstr(err.file, file) != NULL);
    CHECK(err.line > 0);
    if (!strstr(err.msg, fragment))
        fprintf(stderr, "%s: message '%s' lacks '%s'\n", file, err.msg, fragment);
    CHECK(strstr(err.msg, fragment) != NULL);
    CHECK_INT(count_rows(s, "record"), before);
}

static void test_errors(pr_store *s)
{
    struct pr_import_result res;
    pr_error err = {0};
    CHECK_INT(pr_import_file(s, data("sample.xml"), "xml", 0, &res, &err), PR_EEXIST);
    /* the message names no option; the field tells a front end which */
    CHECK_STR(err.field, "replace");
    CHECK(strstr(err.msg, "--") == NULL);
    CHECK(strstr(err.msg, "must be asked for") != NULL);

    expect_error(s, "broken/bad-port.xml", "invalid port number '80a'");
    pr_error e2 = {0};
    pr_import_file(s, data("broken/bad-port.xml"), "xml", PR_IMPORT_REPLACE, &res, &e2);
    CHECK_INT(e2.line, 12);
    expect_error(s, "broken/bad-protocol.xml", "unknown protocol 'tpc'");
    expect_error(s, "broken/wrong-root.xml", "wrong root element 'html'");
    expect_error(s, "broken/truncated.xml", "malformed XML");
    expect_error(s, "broken/empty.xml", "empty file");
    expect_error(s, "broken/doctype.xml", "not allowed");
    CHECK_INT(count_rows(s, "person"), 28);
}

int main(void)
{
    char *db = check_tmpdb();
    pr_store *s = NULL;
    pr_error err = {0};
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE, &err), 0);
    if (!s)
        return check_status();
    test_sample(s);
    test_search(s);
    test_errors(s);
    pr_store_free(s);

    /* Reopen read-only: the schema check passes, counts persist. */
    CHECK_INT(pr_store_open(&s, db, PR_STORE_READONLY, &err), 0);
    CHECK_INT(count_rows(s, "record"), 90);
    pr_store_free(s);
    check_rmdb(db);
    return check_status();
}
