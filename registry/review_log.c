/* review_log.c - record decisions on reviewed requests in the history
 * table: an entry without changed rows, so undo and the edit count ignore
 * it while `portreg history` lists it. */
#include "review_log.h"

#include "edit.h"
#include "store_int.h"

#include <stdio.h>

int pr_review_log(pr_store *s, const struct pr_request *req, const char *decision,
                  const char *reason, long long *id, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    char at[PR_TIME_LEN], summary[1024];
    int rc;

    if (!reason || !*reason)
        return pr_error_set(err, PR_EINVAL, "a %s needs a reason", decision);
    pr_store_now(s, at);
    if (req->file)
        snprintf(summary, sizeof summary, "%s %s (%s:%ld): %s", decision, pr_request_name(req),
                 req->file, req->line, reason);
    else
        snprintf(summary, sizeof summary, "%s %s: %s", decision, pr_request_name(req), reason);
    if ((rc = pr_store_begin(s, err)))
        return rc;
    if (sqlite3_prepare_v2(pr_store_db(s),
                           "INSERT INTO history(at, author, command, summary) "
                           "VALUES(?, ?, 'review', ?)", -1, &st, NULL) != SQLITE_OK) {
        rc = pr_store_dberr(s, err, "cannot record the decision");
        goto out;
    }
    sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pr_store_author(s), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, summary, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = pr_store_dberr(s, err, "cannot record the decision");
        goto out;
    }
    if (id)
        *id = sqlite3_last_insert_rowid(pr_store_db(s));
    rc = pr_store_commit(s, err);
out:
    sqlite3_finalize(st);
    if (rc)
        pr_store_rollback(s);
    return rc;
}
