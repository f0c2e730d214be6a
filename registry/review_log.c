/* review_log.c - record decisions on reviewed requests in the history
 * table: an entry without changed rows, so undo and the edit count ignore
 * it while `portreg history` lists it; and find them again by the request
 * (its name, file and line) when a queue is reopened. */
#include "review_log.h"

#include "edit.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

/* What names the request in the entry's summary: "NAME (FILE:LINE)". */
static void request_key(const struct pr_request *req, char *buf, size_t len)
{
    if (req->file)
        snprintf(buf, len, "%s (%s:%ld)", pr_request_name(req), req->file, req->line);
    else
        snprintf(buf, len, "%s", pr_request_name(req));
}

int pr_review_log(pr_store *s, const struct pr_request *req, const char *decision,
                  const char *reason, long long *id, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    char at[PR_TIME_LEN], key[600], summary[1200];
    int rc;

    if (!reason || !*reason)
        return pr_error_set(err, PR_EINVAL, "a %s needs a reason", decision);
    pr_store_now(s, at);
    request_key(req, key, sizeof key);
    snprintf(summary, sizeof summary, "%s %s: %s", decision, key, reason);
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

int pr_review_log_find(pr_store *s, const struct pr_request *req, struct pr_review_decision *out,
                       pr_error *err)
{
    sqlite3_stmt *st = NULL;
    char key[600];
    int rc = 0, step;
    size_t klen;

    request_key(req, key, sizeof key);
    klen = strlen(key);
    /* "DECISION KEY: REASON"; the decision is one word */
    if (sqlite3_prepare_v2(pr_store_db(s),
                           "SELECT id, at, author, summary FROM history WHERE command = 'review' "
                           "AND instr(summary, ' ' || ?1 || ': ') > 0 ORDER BY id DESC", -1, &st,
                           NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read the review decisions");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *sum = (const char *)sqlite3_column_text(st, 3);
        const char *sp = sum ? strchr(sum, ' ') : NULL;
        if (!sp || sp - sum >= (long)sizeof out->decision || strncmp(sp + 1, key, klen) ||
            strncmp(sp + 1 + klen, ": ", 2))
            continue;
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        snprintf(out->decision, sizeof out->decision, "%.*s", (int)(sp - sum), sum);
        snprintf(out->at, sizeof out->at, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(out->author, sizeof out->author, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(out->reason, sizeof out->reason, "%s", sp + 1 + klen + 2);
        rc = 1;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read the review decisions");
    sqlite3_finalize(st);
    return rc;
}
