/* history_undo.c - undo: a change reverted as a new change, each row it
 * touched put back as it was before, refused when later changes touched
 * the same rows (unless forced) or the change predates the last import. */
#include "history_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Put record state `json` (NULL: absent) back for record id_text (w names
 * the history row). */
static int restore_record(struct pr_change_txn *ch, struct pr_rowloc *w, const char *id_text,
                          const char *json, pr_error *err)
{
    long id;
    struct pr_record cur, want;
    if (pr_parse_long(id_text, 1, LONG_MAX, &id))
        return pr_row_bad(w, err, "target_id '%.30s' is not a record id", id_text);
    int rc = pr_store_get_record(ch->s, id, &cur, err);
    int exists = rc == 0;
    if (rc && rc != PR_ENOTFOUND)
        return rc;
    w->column = "before";
    if (!json) {
        rc = exists ? pr_change_delete_record(ch, id, err) : 0;
    } else if (!(rc = pr_history_record_from_json(w, json, &want, err))) {
        want.id = id;
        rc = exists ? pr_change_update_record(ch, &want, err)
                    : pr_change_insert_record(ch, &want, err);
        pr_record_release(&want);
    }
    if (exists)
        pr_record_release(&cur);
    return rc;
}

static int restore_person(struct pr_change_txn *ch, struct pr_rowloc *w, const char *id,
                          const char *json, int force, pr_error *err)
{
    struct pr_person cur, want;
    int rc = pr_store_get_person(ch->s, id, &cur, err);
    int exists = rc == 0;
    if (rc && rc != PR_ENOTFOUND)
        return rc;
    w->column = "before";
    if (!json && !exists) {
        rc = 0;
    } else if (!json) {
        /* A person added by the change may be named by a later one. */
        int dberr = 0;
        long long used = pr_sql_scalar(ch->s,
                                       "SELECT count(*) FROM xref WHERE type = 'person' AND "
                                       "data = ?1", 0, &dberr, "s", id);
        if (dberr)
            rc = pr_store_dberr(ch->s, err, "cannot read xrefs");
        else if (used && !force)
            rc = pr_error_field(err, PR_EREFUSED, "force",
                                "person '%s' is still named by %lld record%s; undo those "
                                "changes first, or force the undo (which keeps the person)", id,
                                used, used == 1 ? "" : "s");
        else
            rc = used ? 0 : pr_change_delete_person(ch, id, err);
    } else if (!(rc = pr_history_person_from_json(w, json, &want, err))) {
        rc = exists ? pr_change_update_person(ch, &want, err)
                    : pr_change_insert_person(ch, &want, err);
        pr_person_release(&want);
    }
    if (exists)
        pr_person_release(&cur);
    return rc;
}

/* Which change to undo: id, or when id <= 0 the latest change before
 * change `self` (the undo being made) that is neither an undo nor undone.
 * Review decisions (review_log.c) change nothing: they are never undone. */
static int undo_target(pr_store *s, long long self, long long *id, pr_error *err)
{
    int dberr = 0;
    if (*id <= 0) {
        *id = pr_sql_scalar(s, "SELECT max(h.id) FROM history h WHERE h.undoes IS NULL AND "
                            "h.command <> 'review' AND "
                            "h.id < ?1 AND " UNDONE_BY("h") " IS NULL", -1, &dberr, "l", self);
        if (dberr)
            return pr_store_dberr(s, err, "cannot read history");
        if (*id < 0)
            return pr_error_set(err, PR_ENOTFOUND, "nothing to undo");
    }
    if (*id >= self)
        return pr_error_set(err, PR_ENOTFOUND, "no change %lld", *id);
    long long found = pr_sql_scalar(s, "SELECT id FROM history WHERE id=?1 AND command <> 'review'",
                                    -1, &dberr, "l", *id);
    if (dberr)
        return pr_store_dberr(s, err, "cannot read history");
    if (found < 0)
        return pr_error_set(err, PR_ENOTFOUND, "no change %lld", *id);
    return 0;
}

/* May change id be undone now (self: the undo being made)?  Not when it
 * predates the last import, was undone already, or (unless force) later
 * changes touched the same rows. */
static int undo_allowed(pr_store *s, long long self, long long id, int force, pr_error *err)
{
    int dberr = 0;
    /* Changes from before the last import speak of another registry's rows. */
    long edits = pr_history_edits_since_import(s, err);
    if (edits < 0)
        return (int)edits;
    long long first = edits == 0 ? self
                      : pr_sql_scalar(s, "SELECT id FROM history WHERE id < ?1 AND "
                                         "command <> 'review' ORDER BY id DESC "
                                         "LIMIT 1 OFFSET ?2", self, &dberr, "ll",
                                      self, (long long)(edits - 1));
    if (dberr)
        return pr_store_dberr(s, err, "cannot read history");
    if (id < first)
        return pr_error_set(err, PR_EREFUSED,
                            "change %lld was made before the registry was last imported; it "
                            "cannot be undone", id);
    long long by = pr_sql_scalar(s, "SELECT " UNDONE_BY("h") " FROM history h WHERE h.id=?1",
                                 -1, &dberr, "l", id);
    if (dberr)
        return pr_store_dberr(s, err, "cannot read history");
    if (by > 0)
        return pr_error_set(err, PR_EREFUSED, "change %lld was already undone by change %lld",
                            id, by);
    /* Later changes to the same rows would be lost: refuse unless forced. */
    long long later = pr_sql_scalar(s,
                               "SELECT min(l.change_id) FROM history_change c "
                               "JOIN history_change l ON l.target = c.target "
                               "AND l.target_id = c.target_id AND l.change_id > c.change_id "
                               "JOIN history hl ON hl.id = l.change_id "
                               "WHERE c.change_id = ?1 AND c.target <> 'meta' "
                               /* a later change that was undone, and its undo, cancel out */
                               "AND " UNDONE_BY("hl") " IS NULL "
                               "AND coalesce(hl.undoes, 0) <= ?1", -1, &dberr, "l", id);
    if (dberr)
        return pr_store_dberr(s, err, "cannot read history");
    if (later > 0 && later < self && !force)
        return pr_error_field(err, PR_EREFUSED, "force",
                              "change %lld touched rows that change %lld changed later; "
                              "undo %lld first, or force the undo", id, later, later);
    return 0;
}

/* Put back every record and person change id touched, last first, as
 * part of change ch. */
static int undo_rows(struct pr_change_txn *ch, long long id, int force, pr_error *err)
{
    pr_store *s = ch->s;
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT target,target_id,before,pos FROM history_change "
                           "WHERE change_id=? AND target IS NOT 'meta' ORDER BY pos DESC", -1,
                           &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read history");
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_rowloc w = PR_ROWLOC(s, "history_change");
        PR_ROW_AT(&w, PR_ROW_PAIR, id, sqlite3_column_int64(st, 3), NULL);
        if ((rc = pr_row_text(&w, st, 0, "target", 0, err)) ||
            (rc = pr_row_text(&w, st, 1, "target_id", 0, err)) ||
            (rc = pr_row_text(&w, st, 2, "before", 1, err)))
            goto out;
        char *target = pr_col_strdup(st, 0), *tid = pr_col_strdup(st, 1),
             *before = pr_col_strdup(st, 2);
        if (!target || !tid || (!before && sqlite3_column_type(st, 2) != SQLITE_NULL))
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        else if (!strcmp(target, "record"))
            rc = restore_record(ch, &w, tid, before, err);
        else if (!strcmp(target, "person"))
            rc = restore_person(ch, &w, tid, before, force, err);
        else
            rc = pr_row_bad(&w, err, "target '%.20s' is not record, person or meta", target);
        free(target);
        free(tid);
        free(before);
        if (rc)
            goto out;
    }
    rc = rc == SQLITE_DONE ? 0 : pr_store_dberr(s, err, "cannot read history");
out:
    sqlite3_finalize(st);
    return rc;
}

int pr_history_undo(pr_store *s, long long id, int force, struct pr_edit_result *res,
                    pr_error *err)
{
    struct pr_change_txn ch;
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if ((rc = pr_change_begin(s, &ch, "undo", err)))
        return rc;
    if ((rc = undo_target(s, ch.id, &id, err)) ||
        (rc = undo_allowed(s, ch.id, id, force, err)) ||
        (rc = undo_rows(&ch, id, force, err))) {
        pr_change_abort(&ch);
        return rc;
    }
    snprintf(res->summary, sizeof res->summary, "undo change %lld", id);
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, id, err);
}
