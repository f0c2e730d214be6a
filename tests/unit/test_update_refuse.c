/* test_update_refuse.c - what pr_update refuses before any byte crosses
 * the network, each with its message and the database unchanged: no URL,
 * a temporary folder that is not there, local edits without force, and
 * validators in a crafted database that would smuggle request headers
 * (a line break, a control character, an over-long value). */
#include "check_store.h"
#include "edit.h"

static pr_store *s;

static void refused(const struct pr_update_opts *o, int want_rc, const char *msg, const char *field,
                    int at)
{
    struct pr_update_result res;
    pr_error err = {0};
    long before = pr_store_record_count(s, NULL);
    int rc = pr_update(s, o, &res, &err);
    if (rc != want_rc || !strstr(err.msg, msg))
        fprintf(stderr, "case at line %d: rc %d '%s'\n", at, rc, err.msg);
    CHECK_INT(rc, want_rc);
    CHECK(strstr(err.msg, msg) != NULL);
    CHECK_STR(err.field, field ? field : "");
    CHECK_INT(pr_store_record_count(s, NULL), before);
}
#define REFUSED(o, rc, msg, field) refused(o, rc, msg, field, __LINE__)

int main(void)
{
    char *db;
    pr_error err = {0};
    s = check_store(PR_TESTDATA "/sample.xml", &db);

    struct pr_update_opts o;
    pr_update_opts_init(&o);
    o.url = "";
    REFUSED(&o, PR_EINVAL, "no URL to update from", NULL);
    o.url = NULL;
    REFUSED(&o, PR_EINVAL, "no URL to update from", NULL);
    /* Nothing listens on port 1: never reached in these cases. */
    o.url = "http://127.0.0.1:1/registry.xml";
    o.tmpdir = "/nonexistent/portreg";
    REFUSED(&o, PR_EIO, "cannot create a temporary file in /nonexistent/portreg: No such file",
            NULL);
    o.tmpdir = NULL;

    static const struct { const char *key, *value; } crafted[] = {
        {"update.etag", "\"abc\"\r\nX-Evil: 1"},
        {"update.last_modified", "Mon, 01 Jan 2024\x01"},
        {"update.etag", "\"\xc3\xa9\""},
        {"update.etag", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""},
    };
    for (size_t i = 0; i < sizeof crafted / sizeof *crafted; i++) {
        char want[120];
        CHECK_INT(pr_store_meta_set(s, crafted[i].key, crafted[i].value, &err), 0);
        snprintf(want, sizeof want, "damaged database: table 'meta', row '%s': value is not an "
                 "HTTP header value", crafted[i].key);
        REFUSED(&o, PR_ESCHEMA, want, NULL);
        CHECK_INT(pr_store_meta_set(s, crafted[i].key, "\"ok\"", &err), 0);
    }

    /* A local edit since the import: only force replaces it. */
    struct pr_edit_result er;
    CHECK_INT(pr_edit_reserve(s, 4, "tcp", "test", &er, &err), 0);
    REFUSED(&o, PR_EREFUSED, "the database has 1 local change since its last import; forcing "
                             "the update replaces it", "force");
    CHECK_INT(pr_edit_reserve(s, 4, "udp", "test", &er, &err), 0);
    REFUSED(&o, PR_EREFUSED, "has 2 local changes since its last import; forcing the update "
                             "replaces them", "force");
    pr_store_free(s);
    check_rmdb(db);
    return check_status();
}
