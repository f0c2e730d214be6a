/* review_log.c - decisions on reviewed requests (review_log.h): the
 * decision table, keyed by the request's fingerprint, beside the history. */
#include "review_log.h"
#include "strbuf.h"

#include "history_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Insert the decision row (inside the caller's transaction). */
static int insert_decision(pr_store *s, const struct pr_request *req, const char *action,
                           long long change_id, const char *at, const char *author,
                           const char *reason, pr_error *err)
{
    char fp[65];
    pr_request_fingerprint(req, fp);
    return pr_sql_run(s, err, "cannot record the decision",
                      "INSERT INTO decision(fingerprint, action, change_id, service, file, "
                      "line, at, author, reason) VALUES(?,?,?,?,?,?,?,?,?)", "sslsslsss", fp,
                      action, change_id, req->field[PR_REQ_SERVICE_NAME], req->file,
                      (long long)req->line, at, author, reason && *reason ? reason : NULL);
}

int pr_review_log_approval(struct pr_change_txn *ch, const struct pr_request *req, pr_error *err)
{
    return insert_decision(ch->s, req, "approve", ch->id, ch->at, pr_store_author(ch->s),
                           ch->reason, err);
}

int pr_review_log(pr_store *s, const struct pr_request *req, const char *decision,
                  const char *reason, long long *id, pr_error *err)
{
    char at[PR_TIME_LEN];
    struct pr_strbuf summary = PR_STRBUF_INIT;
    const char *author = pr_store_author(s);
    long long hid = 0;
    int rc;

    if (!decision || strcmp(decision, "reject"))
        return pr_error_set(err, PR_EINVAL, "an approval is recorded by the assignment it makes");
    if (!reason || !*reason)
        return pr_error_set(err, PR_EINVAL, "a rejection needs a reason");
    /* stored and shown as an edit's text is (pr_change_clean_text) */
    if ((rc = pr_change_clean_text("reason", reason, err)))
        return rc;
    if (req->n_problems)
        return pr_error_set(err, PR_EINVAL, "a %s request cannot be decided on; fix it first",
                            pr_request_problem_verdict(req));
    pr_store_now(s, at);
    pr_strbuf_addf(&summary, "%s %s", decision, pr_request_name(req));
    if (req->file)
        pr_strbuf_addf(&summary, " (%s:%ld)", req->file, req->line);
    pr_strbuf_addf(&summary, ": %s", reason);
    if (summary.oom) {
        pr_strbuf_release(&summary);
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    }
    if ((rc = pr_store_begin(s, err))) {
        pr_strbuf_release(&summary);
        return rc;
    }
    if ((rc = pr_sql_run(s, err, "cannot record the decision",
                         "INSERT INTO history(at, author, command, summary, reason) "
                         "VALUES(?, ?, 'review', ?, ?)", "ssss", at, author, summary.buf, reason)))
        goto out;
    hid = sqlite3_last_insert_rowid(s->db);
    if ((rc = insert_decision(s, req, "reject", hid, at, author, reason, err)))
        goto out;
    if (id)
        *id = hid;
    rc = pr_store_finish(s, err);
out:
    pr_strbuf_release(&summary);
    if (rc)
        pr_store_rollback(s);
    return rc;
}

/* Is change id undone?  The latest undo of it counts, unless that was
 * undone (as history.c's UNDONE_BY). */
#define UNDONE_BY_ID                                                                        \
    "(SELECT max(u.id) FROM history u WHERE u.undoes = d.change_id AND NOT EXISTS "         \
    "(SELECT 1 FROM history r WHERE r.undoes = u.id))"

int pr_review_log_find(pr_store *s, const struct pr_request *req, struct pr_review_decision *out,
                       pr_error *err)
{
    sqlite3_stmt *st = NULL;
    char fp[65];
    int rc = 0, step;

    pr_request_fingerprint(req, fp);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT d.id, d.action, d.change_id, " UNDONE_BY_ID ", d.at, d.author, "
                           "d.reason, NOT EXISTS (SELECT 1 FROM history h WHERE h.id = "
                           "d.change_id) FROM decision d WHERE d.fingerprint = ?1 "
                           "ORDER BY d.id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
        /* a schema 1 database read where it cannot be migrated: no
         * decision was ever recorded in it */
        if (strstr(sqlite3_errmsg(s->db), "no such table"))
            return 0;
        return pr_store_dberr(s, err, "cannot read the review decisions");
    }
    sqlite3_bind_text(st, 1, fp, -1, SQLITE_STATIC);
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        /* a crafted database is refused, not trusted (rows.c) */
        struct pr_rowloc w = PR_ROWLOC(s, "decision");
        const char *v;
        memset(out, 0, sizeof *out);
        PR_ROW_AT(&w, PR_ROW_NUM, sqlite3_column_int64(st, 0), 0, NULL);
        if ((rc = pr_row_int(&w, st, 0, "id", 0, 1, INT64_MAX, &out->id, err)) ||
            (rc = pr_row_text(&w, st, 1, "action", 0, err)) ||
            (rc = pr_row_int(&w, st, 2, "change_id", 0, 1, INT64_MAX, &out->change_id, err)) ||
            (rc = pr_row_text(&w, st, 4, "at", 0, err)) ||
            (rc = pr_row_text(&w, st, 5, "author", 0, err)) ||
            (rc = pr_row_text(&w, st, 6, "reason", 1, err)))
            goto out;
        v = (const char *)sqlite3_column_text(st, 1);
        if (strcmp(v, "approve") && strcmp(v, "reject")) {
            rc = pr_row_bad(&w, err, "unknown action '%s'", v);
            goto out;
        }
        snprintf(out->decision, sizeof out->decision, "%s", v);
        out->undone_by = sqlite3_column_int64(st, 3);
        out->missing = !strcmp(v, "approve") && sqlite3_column_int(st, 7);
        snprintf(out->at, sizeof out->at, "%s", (const char *)sqlite3_column_text(st, 4));
        snprintf(out->author, sizeof out->author, "%s",
                 (const char *)sqlite3_column_text(st, 5));
        v = (const char *)sqlite3_column_text(st, 6);
        snprintf(out->reason, sizeof out->reason, "%s", v ? v : "");
        memcpy(out->fingerprint, fp, sizeof fp);
        rc = 1;
    } else if (step != SQLITE_DONE) {
        rc = pr_store_dberr(s, err, "cannot read the review decisions");
    }
out:
    sqlite3_finalize(st);
    return rc;
}

/* Is name one of the names the approval's change wrote? */
static int own_name(sqlite3_stmt *st, const char *name, int *dberr)
{
    int found = 0, step;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if ((step = sqlite3_step(st)) == SQLITE_ROW)
        found = 1;
    else if (step != SQLITE_DONE)
        *dberr = 1;
    return found;
}

int pr_review_log_drop_own(pr_store *s, const struct pr_review_decision *d,
                           struct pr_findings *f, size_t from, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int dberr = 0;
    if (strcmp(d->decision, "approve") || !pr_review_decision_holds(d))
        return 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT 1 FROM history_change WHERE change_id = ?1 AND "
                           "target = 'record' AND after IS NOT NULL AND "
                           "json_extract(after, '$.name') = ?2 COLLATE NOCASE LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read the history");
    sqlite3_bind_int64(st, 1, d->change_id);
    for (size_t i = from; i < f->n && !dberr;) {
        const struct pr_finding *x = &f->items[i];
        int own = x->n_related > 0;
        for (size_t k = 0; own && k < x->n_related; k++)
            own = own_name(st, x->related[k], &dberr);
        if (own && !dberr)
            pr_findings_remove(f, i);
        else
            i++;
    }
    sqlite3_finalize(st);
    return dberr ? pr_store_dberr(s, err, "cannot read the history") : 0;
}

int pr_review_decision_holds(const struct pr_review_decision *d)
{
    return strcmp(d->decision, "approve") || (!d->undone_by && !d->missing);
}

const char *pr_review_decision_text(const struct pr_review_decision *d, char *buf, size_t len)
{
    int approve = !strcmp(d->decision, "approve"), n;
    const char *day = d->at, *time = strlen(d->at) > 11 ? d->at + 11 : "";
    if (approve && d->missing)
        n = snprintf(buf, len, "approval not applied: change %lld is not in the history "
                               "(approved by %s, %.10s %.5s)",
                     d->change_id, d->author, day, time);
    else if (approve && d->undone_by)
        n = snprintf(buf, len, "approval undone by change %lld (approved in change %lld by %s, "
                               "%.10s %.5s)",
                     d->undone_by, d->change_id, d->author, day, time);
    else
        n = snprintf(buf, len, "%s in change %lld by %s, %.10s %.5s",
                     approve ? "approved" : !strcmp(d->decision, "reject") ? "rejected"
                                                                          : d->decision,
                     d->change_id, d->author, day, time);
    if (n > 0 && (size_t)n < len && d->reason[0])
        snprintf(buf + n, len - (size_t)n, ": %s", d->reason);
    return buf;
}
