/* test_review_log.c - review decisions (review_log.c): a rejection's entry
 * is listed, the registry, its date and the edit count stay, undo passes
 * over it, a reason is required; decisions are found again by the request's
 * content (fingerprint), an approval is recorded by the assignment, and an
 * approved request reviewed again is not judged against its own records. */
#include "check.h"
#include <sqlite3.h>
#include "edit.h"
#include "importers.h"
#include "review_log.h"
#include "sha256.h"

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

    /* SHA-256 itself (FIPS 180-4 test vectors) */
    struct pr_sha256 h;
    char fp[65], fp2[65];
    pr_sha256_init(&h);
    pr_sha256_add(&h, "abc", 3);
    pr_sha256_hex(&h, fp);
    CHECK_STR(fp, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    pr_sha256_init(&h);
    char thousand[1000];
    memset(thousand, 'a', sizeof thousand);
    for (int i = 0; i < 1000; i++) /* a million 'a' */
        pr_sha256_add(&h, thousand, sizeof thousand);
    pr_sha256_hex(&h, fp);
    CHECK_STR(fp, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

    /* the same content reflowed, from another file, has the same
     * fingerprint; other content not */
    pr_request_fingerprint(&req, fp);
    CHECK_INT(strlen(fp), 64);
    struct pr_request other;
    pr_request_init(&other);
    CHECK_INT(pr_request_set(&other, PR_REQ_SERVICE_NAME, "  acme-sync ", &err), 0);
    other.file = strdup("elsewhere.req");
    other.line = 40;
    pr_request_fingerprint(&other, fp2);
    CHECK_STR(fp2, fp);
    CHECK_INT(pr_request_set(&other, PR_REQ_DESCRIPTION, "two  words\n here", &err), 0);
    pr_request_fingerprint(&other, fp2);
    CHECK(strcmp(fp2, fp) != 0);
    CHECK_INT(pr_request_set(&req, PR_REQ_DESCRIPTION, "two words here", &err), 0);
    pr_request_fingerprint(&req, fp);
    CHECK_STR(fp2, fp);
    CHECK_INT(pr_request_set(&req, PR_REQ_DESCRIPTION, "", &err), 0);
    CHECK_INT(pr_request_set(&other, PR_REQ_DESCRIPTION, "", &err), 0);

    /* found again from another file: the latest decision */
    struct pr_review_decision d;
    CHECK_INT(pr_review_log_find(s, &other, &d, &err), 1);
    CHECK_STR(d.decision, "reject");
    CHECK_INT(d.change_id, id);
    CHECK_STR(d.author, "tester");
    CHECK_STR(d.reason, "port 5353 is taken");
    char text[300];
    CHECK_STR(pr_review_decision_text(&d, text, sizeof text),
              "rejected in change 1 by tester, 2026-01-15 12:00: port 5353 is taken");
    CHECK_INT(pr_review_log(s, &req, "approve", "change 9", NULL, &err), PR_EINVAL);

    /* an approval is the assignment's: the same request reviewed again
     * finds it and drops what it raises against its own records */
    struct pr_request_list l = {0};
    static const char r[] = "Service-Name: acme-sync\nTransport: tcp\nPort: 7777\n"
                            "Description: Acme file synchronisation\n"
                            "Assignee: Jane Doe <jane@example.org>\n"
                            "Contact: Jane Doe <jane@example.org>\n"
                            "Justification: a fixed port\nSecurity: TLS\n";
    CHECK_INT(pr_request_parse_buf("r.req", r, sizeof r - 1, &l, NULL, NULL, &err), 0);
    struct pr_assign a;
    struct pr_request_list dummy = {0};
    pr_assign_init(&a);
    a.request = &l.items[0];
    a.name = "acme-sync";
    a.protocols = "tcp";
    a.port = 7777;
    a.description = "Acme file synchronisation";
    a.assignee = "Jane Doe <jane@example.org>";
    a.justification = "a fixed port";
    a.security = "TLS";
    CHECK_INT(pr_edit_assign(s, &a, &er, &err), 0);
    CHECK_INT(pr_review_log_find(s, &l.items[0], &d, &err), 1);
    CHECK_STR(d.decision, "approve");
    CHECK_INT(d.change_id, er.change_id);
    CHECK_INT(d.undone_by, 0);
    struct pr_findings found;
    pr_findings_init(&found);
    CHECK_INT(pr_review(s, &l.items[0], &found, &err), 0);
    size_t raised = found.n;
    CHECK(raised > 0); /* its own name and port, seen as taken */
    CHECK_INT(pr_review_log_drop_own(s, &d, &found, 0, &err), 0);
    CHECK_INT(found.n, 0);
    pr_findings_release(&found);
    /* a rejection is no approval: nothing dropped */
    pr_findings_init(&found);
    CHECK_INT(pr_review(s, &l.items[0], &found, &err), 0);
    struct pr_review_decision rej = d;
    snprintf(rej.decision, sizeof rej.decision, "reject");
    CHECK_INT(pr_review_log_drop_own(s, &rej, &found, 0, &err), 0);
    CHECK_INT(found.n, raised);
    pr_findings_release(&found);
    /* undone: the approval says so */
    CHECK_INT(pr_history_undo(s, er.change_id, 0, &er, &err), 0);
    CHECK_INT(pr_review_log_find(s, &l.items[0], &d, &err), 1);
    CHECK_INT(d.undone_by, er.change_id);
    CHECK_INT(pr_review_decision_holds(&d), 0);
    snprintf(text, sizeof text, "approval undone by change %lld (approved in change %lld by tester",
             er.change_id, d.change_id);
    {
        char got[300];
        pr_review_decision_text(&d, got, sizeof got);
        CHECK(!strncmp(got, text, strlen(text)));
    }
    /* an undone approval drops nothing: its records are gone */
    pr_findings_init(&found);
    CHECK_INT(pr_review(s, &l.items[0], &found, &err), 0);
    raised = found.n;
    CHECK_INT(pr_review_log_drop_own(s, &d, &found, 0, &err), 0);
    CHECK_INT(found.n, raised);
    pr_findings_release(&found);
    /* dangling: the approval's change is not in the history.  The schema's
     * foreign key keeps that from happening through portreg (undo keeps the
     * change and is the case above); a database changed by other means, as
     * sqlite3(1) with foreign keys off, can hold it: not applied, not a
     * decision that holds */
    CHECK_INT(sqlite3_exec(pr_store_db(s), "PRAGMA foreign_keys = OFF; UPDATE decision SET "
                           "change_id = 999 WHERE action = 'approve'; PRAGMA foreign_keys = ON",
                           NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(pr_review_log_find(s, &l.items[0], &d, &err), 1);
    CHECK_INT(d.missing, 1);
    CHECK_INT(d.undone_by, 0);
    CHECK_INT(pr_review_decision_holds(&d), 0);
    CHECK_STR(pr_review_decision_text(&d, text, sizeof text),
              "approval not applied: change 999 is not in the history (approved by tester, "
              "2026-01-15 12:00)");
    /* a rejection holds */
    CHECK_INT(pr_review_log_find(s, &other, &rej, &err), 1);
    CHECK_INT(pr_review_decision_holds(&rej), 1);
    CHECK_INT(rej.missing, 0);
    pr_request_list_release(&l);
    pr_request_list_release(&dummy);
    pr_request_release(&other);

    pr_request_release(&req);
    free(before);
    free(after);
    pr_store_free(s);
    check_rmdb(path);
    return check_status();
}
