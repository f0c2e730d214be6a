/* test_review_log.c - review decisions in the history (review_log.c): the
 * entry is listed, the registry, its date and the edit count stay, undo
 * passes over it, a reason is required; the latest decision on a request
 * is found again by its name, file and line. */
#include "check.h"
#include "edit.h"
#include "importers.h"
#include "review_log.h"

static int find_summary(const struct pr_history_change *c, void *ud)
{
    const char **want = ud;
    if (c->summary && strstr(c->summary, *want) && !strcmp(c->command, "review"))
        *want = NULL;
    return 0;
}

int main(void)
{
    char *path = check_tmpdb();
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    struct pr_request req;
    struct pr_edit_result er;
    struct pr_history_filter f;
    char *before = NULL, *after = NULL;
    long long id = 0;

    long long now;
    CHECK_INT(pr_store_open(&s, path, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_time_parse("2026-01-15T12:00:00Z", &now), 0);
    CHECK_INT(pr_store_set_clock(s, now, &err), 0);
    CHECK_INT(pr_store_set_author(s, "tester", &err), 0);
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/sample.xml", NULL, 0, &res, &err), 0);
    CHECK_INT(pr_store_meta_get(s, "updated", &before, &err), 0);

    pr_request_init(&req);
    CHECK_INT(pr_request_set(&req, PR_REQ_SERVICE_NAME, "acme-sync", &err), 0);
    CHECK_INT(pr_review_log(s, &req, "reject", "", &id, &err), PR_EINVAL);
    CHECK_INT(pr_review_log(s, &req, "reject", "port 5353 is taken", &id, &err), 0);
    CHECK(id > 0);

    const char *want = "reject acme-sync: port 5353 is taken";
    pr_history_filter_init(&f);
    CHECK(pr_history_each(s, &f, find_summary, &want, &err) >= 1);
    CHECK(want == NULL);
    CHECK_INT(pr_history_edits_since_import(s, &err), 0);
    CHECK_INT(pr_store_meta_get(s, "updated", &after, &err), 0);
    CHECK_STR(after, before);
    /* nothing changed, so nothing to undo; the decision itself is no change */
    CHECK_INT(pr_history_undo(s, 0, 0, &er, &err), PR_ENOTFOUND);
    CHECK_INT(pr_history_undo(s, id, 0, &er, &err), PR_ENOTFOUND);

    /* found again: the latest decision on this request, not on others */
    struct pr_review_decision d;
    struct pr_request other;
    CHECK_INT(pr_review_log_find(s, &req, &d, &err), 1);
    CHECK_STR(d.decision, "reject");
    CHECK_STR(d.author, "tester");
    CHECK_STR(d.at, "2026-01-15T12:00:00Z");
    CHECK_STR(d.reason, "port 5353 is taken");
    CHECK_INT(d.id, id);
    pr_request_init(&other);
    CHECK_INT(pr_request_set(&other, PR_REQ_SERVICE_NAME, "acme", &err), 0);
    CHECK_INT(pr_review_log_find(s, &other, &d, &err), 0);
    other.file = strdup("queue.req");
    other.line = 12;
    CHECK_INT(pr_review_log(s, &other, "approve", "change 9", NULL, &err), 0);
    CHECK_INT(pr_review_log_find(s, &other, &d, &err), 1);
    CHECK_STR(d.decision, "approve");
    CHECK_STR(d.reason, "change 9");
    other.line = 13; /* another request of the file */
    CHECK_INT(pr_review_log_find(s, &other, &d, &err), 0);
    CHECK_INT(pr_review_log_find(s, &req, &d, &err), 1);
    CHECK_STR(d.decision, "reject");
    pr_request_release(&other);

    pr_request_release(&req);
    free(before);
    free(after);
    pr_store_free(s);
    check_rmdb(path);
    return check_status();
}
