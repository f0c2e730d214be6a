/* test_edit_base.c - lost updates (edit_base.c): an edit made matching what
 * an editor loaded writes nothing once another handle changed the service,
 * and says who, when and which fields; PRAGMA data_version tells one handle
 * of another's commits; a removed database refuses writes. */
#include "check.h"
#include "edit.h"
#include "importers.h"

#include <sqlite3.h>

static long long scalar(pr_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(pr_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int main(void)
{
    char *path = check_tmpdb();
    pr_store *a = NULL, *b = NULL;
    pr_edit_base *base = NULL;
    pr_error err = {0};
    struct pr_import_result ir;
    struct pr_edit_result res;
    struct pr_edit_conflict c;
    const struct pr_record *recs;
    long long va = 0, va2 = 0;

    long long now;
    CHECK_INT(pr_time_parse("2026-01-15T12:00:00Z", &now), 0);
    CHECK_INT(pr_store_open(&a, path, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_store_set_clock(a, now, &err), 0);
    CHECK_INT(pr_store_set_author(a, "tester", &err), 0);
    CHECK_INT(pr_import_file(a, PR_TESTDATA "/sample.xml", NULL, 0, &ir, &err), 0);
    CHECK_INT(pr_store_open(&b, path, 0, &err), 0);
    CHECK_INT(pr_store_set_clock(b, now, &err), 0);
    CHECK_INT(pr_store_set_author(b, "other", &err), 0);

    /* the editor in a loads pop3s (tcp and udp) */
    CHECK_INT(pr_edit_base_load(a, "POP3S", NULL, &base, &err), 0);
    CHECK_INT(pr_edit_base_records(base, &recs), 2);
    CHECK_STR(pr_edit_base_name(base), "pop3s");
    CHECK_INT(pr_edit_base_check(a, base, &c, &err), 0);
    pr_edit_base *none = NULL;
    CHECK_INT(pr_edit_base_load(a, "no-such", NULL, &none, &err), PR_ENOTFOUND);
    CHECK(none == NULL);

    /* data_version: a's own commits leave it, b's change it */
    CHECK_INT(pr_store_data_version(a, &va, &err), 0);
    const char *own[] = {"note=first"};
    CHECK_INT(pr_edit_modify_matching(a, base, own, 1, &c, &res, &err), 0);
    CHECK_INT(pr_store_data_version(a, &va2, &err), 0);
    CHECK_INT(va2, va);
    pr_edit_base_free(base);
    CHECK_INT(pr_edit_base_load(a, "pop3s", NULL, &base, &err), 0);

    /* b changes the description meanwhile */
    const char *cli[] = {"description=changed by b"};
    CHECK_INT(pr_edit_modify(b, "pop3s", NULL, cli, 1, &res, &err), 0);
    long long other = res.change_id;
    CHECK_INT(pr_store_data_version(a, &va2, &err), 0);
    CHECK(va2 != va);

    /* a's save matching what it loaded: nothing written, the conflict told */
    long long changes = scalar(a, "SELECT count(*) FROM history");
    const char *mine[] = {"note=second"};
    memset(&c, 0, sizeof c);
    CHECK_INT(pr_edit_modify_matching(a, base, mine, 1, &c, &res, &err), PR_ECONFLICT);
    CHECK_INT(c.change_id, other);
    CHECK_STR(c.author, "other");
    CHECK_STR(c.at, "2026-01-15T12:00:00Z");
    CHECK_STR(c.fields, "description");
    CHECK(strstr(c.summary, "modify pop3s: description") != NULL);
    CHECK(strstr(err.msg, "'pop3s' was changed by other at 2026-01-15T12:00:00Z") != NULL);
    CHECK_INT(scalar(a, "SELECT count(*) FROM history"), changes);
    CHECK_INT(scalar(a, "SELECT count(*) FROM note WHERE text = 'second'"), 0);
    CHECK_INT(pr_edit_deassign_matching(a, base, "gone", &c, &res, &err), PR_ECONFLICT);
    CHECK_INT(scalar(a, "SELECT count(*) FROM history"), changes);

    /* reloaded, the same save goes through */
    pr_edit_base_free(base);
    CHECK_INT(pr_edit_base_load(a, "pop3s", NULL, &base, &err), 0);
    CHECK_INT(pr_edit_modify_matching(a, base, mine, 1, &c, &res, &err), 0);
    CHECK_INT(scalar(a, "SELECT count(*) FROM note WHERE text = 'second'"), 2);

    /* one transport: the other's change to udp is no conflict for tcp */
    pr_edit_base_free(base);
    CHECK_INT(pr_edit_base_load(a, "pop3s", "tcp", &base, &err), 0);
    const char *udp[] = {"note=udp only"};
    CHECK_INT(pr_edit_modify(b, "pop3s", "udp", udp, 1, &res, &err), 0);
    CHECK_INT(pr_edit_base_check(a, base, &c, &err), 0);
    /* de-assigned by b: records removed from the service */
    CHECK_INT(pr_edit_deassign(b, "pop3s", NULL, "test", &res, &err), 0);
    CHECK_INT(pr_edit_base_check(a, base, &c, &err), PR_ECONFLICT);
    CHECK_STR(c.fields, "1 record removed");
    CHECK_INT(c.change_id, res.change_id);
    pr_edit_base_free(base);
    base = NULL;

    /* the file removed under the handle: writes are refused, not lost */
    CHECK_INT(pr_store_check(a, &err), 0);
    char moved[64];
    snprintf(moved, sizeof moved, "%s.moved", path);
    CHECK_INT(rename(path, moved), 0);
    CHECK_INT(pr_store_check(a, &err), PR_ENOTFOUND);
    CHECK(strstr(err.msg, "was removed or replaced since it was opened") != NULL);
    CHECK_INT(pr_edit_modify(a, "imap", NULL, mine, 1, &res, &err), PR_ENOTFOUND);
    CHECK_INT(rename(moved, path), 0);
    CHECK_INT(pr_store_check(a, &err), 0);

    pr_edit_base_free(base);
    pr_store_free(a);
    pr_store_free(b);
    check_rmdb(path);
    return check_status();
}
