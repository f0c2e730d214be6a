/* test_db_boundary.c - values read back from a crafted database (issue #14
 * item 4) at the API, for the readers the CLI mutation test cannot drive
 * (the TUI's row list and port map) and for what ASan found in its long
 * run: each bad row is PR_ESCHEMA naming table and row, never a crash. */
#include <sqlite3.h>

#include "browse.h"
#include "check.h"
#include "importers.h"
#include "registry.h"
#include "rules.h"

static pr_store *store;
static char *path;

/* A fresh copy of the sample, with sql applied. */
static void fresh(const char *sql)
{
    pr_error err = {0};
    struct pr_import_result res;
    pr_store_free(store);
    store = NULL;
    check_rmdb(path);
    path = check_tmpdb();
    if (pr_store_open(&store, path, PR_STORE_CREATE, &err) ||
        pr_import_file(store, PR_TESTDATA "/sample.xml", NULL, 0, &res, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        exit(1);
    }
    char *emsg = NULL;
    if (sql && sqlite3_exec(pr_store_db(store), sql, NULL, NULL, &emsg) != SQLITE_OK) {
        fprintf(stderr, "setup: %s: %s\n", sql, emsg);
        exit(1);
    }
}

static void test_browse(void)
{
    pr_error err = {0};
    pr_rows *rows = NULL;
    unsigned char *claim = malloc(65536);
    CHECK(claim != NULL);

    fresh("UPDATE record SET port_lo = -100000 WHERE name = 'imap'");
    CHECK_INT(pr_rows_load(store, &rows, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "table 'record', row 19: port_lo is -100000, outside 0-65535") != NULL);
    CHECK_INT(pr_portmap_claims(store, claim, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "table 'record', row 19: port_lo") != NULL);

    fresh("UPDATE record SET port_hi = 2147483648 WHERE name = 'mdns'");
    CHECK_INT(pr_portmap_claims(store, claim, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "port_hi is 2147483648") != NULL);

    fresh("UPDATE record SET port_lo = port_hi + 1 WHERE name = 'x11'");
    CHECK_INT(pr_rows_load(store, &rows, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "port_lo 6064 above port_hi 6063") != NULL);

    fresh("UPDATE record SET name = X'ff00' WHERE name = 'imap'");
    CHECK_INT(pr_rows_load(store, &rows, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "name is a blob, not text") != NULL);

    fresh(NULL);
    CHECK_INT(pr_rows_load(store, &rows, &err), 0);
    CHECK_INT(pr_portmap_claims(store, claim, &err), 0);
    pr_rows_free(rows);
    free(claim);
}

/* audit joined a service's descriptions with a look-back before the start
 * of the buffer when one description ended another that came first (ASan:
 * heap-buffer-overflow in join_distinct, found by the long mutation run
 * with the records' order reversed). */
static void test_audit_join(void)
{
    pr_error err = {0};
    struct pr_findings f;
    fresh("UPDATE record SET description = 'xEcho' WHERE name = 'echo' AND protocol = 'tcp';"
          "UPDATE record SET description = 'Echo' WHERE name = 'echo' AND protocol = 'udp'");
    pr_findings_init(&f);
    CHECK_INT(pr_audit(store, NULL, &f, &err), 0);
    pr_findings_release(&f);
}

static void test_meta_count(void)
{
    pr_error err = {0};
    long v = -1;
    fresh("INSERT INTO meta VALUES('n', '12abc'), ('big', '99999999999999999999'), "
          "('neg', '-5'), ('ok', '42'), ('null', NULL)");
    CHECK_INT(pr_store_meta_get_count(store, "n", &v, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "table 'meta', row 'n': value '12abc' is not a count") != NULL);
    CHECK_INT(pr_store_meta_get_count(store, "big", &v, &err), PR_ESCHEMA);
    CHECK_INT(pr_store_meta_get_count(store, "neg", &v, &err), PR_ESCHEMA);
    CHECK_INT(pr_store_meta_get_count(store, "null", &v, &err), PR_ESCHEMA);
    CHECK(strstr(err.msg, "row 'null': value is NULL, not text") != NULL);
    CHECK_INT(pr_store_meta_get_count(store, "ok", &v, &err), 0);
    CHECK_INT(v, 42);
    CHECK_INT(pr_store_meta_get_count(store, "absent", &v, &err), PR_ENOTFOUND);
    CHECK_INT(v, 0);
}

int main(void)
{
    path = check_tmpdb();
    test_browse();
    test_audit_join();
    test_meta_count();
    pr_store_free(store);
    check_rmdb(path);
    return check_status();
}
