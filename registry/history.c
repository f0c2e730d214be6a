/* history.c - the change log behind every edit: opening a change (one
 * transaction), logging each touched row whole, before and after (the
 * snapshots are history_snapshot.c's), committing or rehearsing it.  Listing
 * is history_list.c, undo history_undo.c. */
#include "clean_text.h"
#include "history_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- a change in progress --------------------------------------------------- */

int pr_change_begin(pr_store *s, struct pr_change_txn *ch, const char *command, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    memset(ch, 0, sizeof *ch);
    ch->s = s;
    pr_store_now(s, ch->at);
    memcpy(ch->date, ch->at, 10);
    ch->date[10] = 0;
    if ((rc = pr_store_begin(s, err)))
        return rc;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO history(at,author,command) VALUES(?,?,?)", -1,
                           &st, NULL) != SQLITE_OK) {
        rc = pr_store_dberr(s, err, "cannot record the change");
        goto out;
    }
    sqlite3_bind_text(st, 1, ch->at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, pr_store_author(s), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, command, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot record the change");
    else
        ch->id = sqlite3_last_insert_rowid(s->db);
out:
    sqlite3_finalize(st);
    if (rc)
        pr_store_rollback(s);
    return rc;
}

/* Append one history_change row; before/after are borrowed. */
static int log_row(struct pr_change_txn *ch, const char *target, const char *target_id,
                   const char *before, const char *after, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(ch->s->db,
                           "INSERT INTO history_change(change_id,pos,target,target_id,before,after)"
                           " VALUES(?,?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(ch->s, err, "cannot record the change");
    sqlite3_bind_int64(st, 1, ch->id);
    sqlite3_bind_int(st, 2, ch->pos++);
    sqlite3_bind_text(st, 3, target, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, target_id, -1, SQLITE_STATIC);
    pr_bind_text(st, 5, before);
    pr_bind_text(st, 6, after);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = pr_store_dberr(ch->s, err, "cannot record the change");
    sqlite3_finalize(st);
    return rc;
}

static int log_record(struct pr_change_txn *ch, long long id, const struct pr_record *before,
                      const struct pr_record *after, pr_error *err)
{
    char *b = before ? pr_history_record_json(before) : NULL;
    char *a = after ? pr_history_record_json(after) : NULL;
    char idbuf[32];
    int rc;
    if ((before && !b) || (after && !a))
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
    else {
        snprintf(idbuf, sizeof idbuf, "%lld", id);
        rc = log_row(ch, "record", idbuf, b, a, err);
    }
    free(b);
    free(a);
    return rc;
}

/* ---- edit input: text as clean as an import's ----------------------------------
 * What an edit stores comes from options, request files, the TUI and the
 * environment: control characters and malformed UTF-8 are refused, naming
 * the field, as the importers refuse them (else export would write a file
 * that import then refuses, and the text would reach terminals). */
int pr_change_clean_text(const char *field, const char *v, pr_error *err)
{
    unsigned cp;
    int invalid;
    if (!v)
        return 0;
    size_t n = strlen(v), at = pr_clean_text_bad(v, n, &cp, &invalid);
    if (at == n)
        return 0;
    /* field: the TUI's form selects the field a refused save names */
    if (invalid)
        return pr_error_field(err, PR_EINVAL, field, "%s: invalid UTF-8 (byte 0x%02X)", field,
                              cp);
    return pr_error_field(err, PR_EINVAL, field, "%s: %s U+%04X (text must be plain UTF-8)",
                          field, PR_BAD_CHAR_KIND(cp), cp);
}

static int clean_record(const struct pr_record *r, pr_error *err)
{
    int rc;
    if ((rc = pr_change_clean_text("name", r->name, err)) ||
        (rc = pr_change_clean_text("protocol", r->protocol, err)) ||
        (rc = pr_change_clean_text("number", r->number, err)) ||
        (rc = pr_change_clean_text("description", r->description, err)) ||
        (rc = pr_change_clean_text("description", r->description_xml, err)) ||
        (rc = pr_change_clean_text("unauthorized", r->unauthorized, err)) ||
        (rc = pr_change_clean_text("unauthorized", r->unauthorized_xml, err)) ||
        (rc = pr_change_clean_text("service code", r->sc, err)) ||
        (rc = pr_change_clean_text("date", r->date, err)) ||
        (rc = pr_change_clean_text("updated", r->updated, err)) ||
        (rc = pr_change_clean_text("layout", r->layout, err)) ||
        (rc = pr_change_clean_text("record", r->raw, err)))
        return rc;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        const char *what = x->type && !strcmp(x->type, "person") ? "person" : "reference";
        if ((rc = pr_change_clean_text(what, x->type, err)) || (rc = pr_change_clean_text(what, x->data, err)) ||
            (rc = pr_change_clean_text(what, x->text, err)))
            return rc;
    }
    for (size_t i = 0; i < r->n_notes; i++)
        if ((rc = pr_change_clean_text("note", r->notes[i].text, err)) ||
            (rc = pr_change_clean_text("note", r->notes[i].xml, err)))
            return rc;
    return 0;
}

static int clean_person(const struct pr_person *p, pr_error *err)
{
    int rc;
    if ((rc = pr_change_clean_text("person id", p->id, err)) || (rc = pr_change_clean_text("name", p->name, err)) ||
        (rc = pr_change_clean_text("org", p->org, err)) || (rc = pr_change_clean_text("uri", p->uri, err)) ||
        (rc = pr_change_clean_text("updated", p->updated, err)) ||
        (rc = pr_change_clean_text("person", p->raw, err)))
        return rc;
    return 0;
}

int pr_change_insert_record(struct pr_change_txn *ch, struct pr_record *r, pr_error *err)
{
    int rc = clean_record(r, err);
    if (rc)
        return rc;
    rc = pr_store_insert_record(ch->s, r, err);
    return rc ? rc : log_record(ch, r->id, NULL, r, err);
}

int pr_change_update_record(struct pr_change_txn *ch, const struct pr_record *r, pr_error *err)
{
    struct pr_record before;
    int rc = clean_record(r, err);
    if (rc)
        return rc;
    rc = pr_store_get_record(ch->s, r->id, &before, err);
    if (rc)
        return rc;
    if (!(rc = pr_store_update_record(ch->s, r, err)))
        rc = log_record(ch, r->id, &before, r, err);
    pr_record_release(&before);
    return rc;
}

int pr_change_delete_record(struct pr_change_txn *ch, long long id, pr_error *err)
{
    struct pr_record before;
    int rc = pr_store_get_record(ch->s, id, &before, err);
    if (rc)
        return rc;
    if (!(rc = pr_store_delete_record(ch->s, id, err)))
        rc = log_record(ch, id, &before, NULL, err);
    pr_record_release(&before);
    return rc;
}

static int log_person(struct pr_change_txn *ch, const char *id, const struct pr_person *before,
                      const struct pr_person *after, pr_error *err)
{
    char *b = before ? pr_history_person_json(before) : NULL;
    char *a = after ? pr_history_person_json(after) : NULL;
    int rc;
    if ((before && !b) || (after && !a))
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
    else
        rc = log_row(ch, "person", id, b, a, err);
    free(b);
    free(a);
    return rc;
}

int pr_change_insert_person(struct pr_change_txn *ch, const struct pr_person *p, pr_error *err)
{
    int rc = clean_person(p, err);
    if (rc)
        return rc;
    rc = pr_store_insert_person(ch->s, p, err);
    return rc ? rc : log_person(ch, p->id, NULL, p, err);
}

int pr_change_update_person(struct pr_change_txn *ch, const struct pr_person *p, pr_error *err)
{
    struct pr_person before;
    int rc = clean_person(p, err);
    if (rc)
        return rc;
    rc = pr_store_get_person(ch->s, p->id, &before, err);
    if (rc)
        return rc;
    if (!(rc = pr_store_update_person(ch->s, p, err)))
        rc = log_person(ch, p->id, &before, p, err);
    pr_person_release(&before);
    return rc;
}

int pr_change_delete_person(struct pr_change_txn *ch, const char *id, pr_error *err)
{
    struct pr_person before;
    sqlite3_stmt *st = NULL;
    int rc = pr_store_get_person(ch->s, id, &before, err);
    if (rc)
        return rc;
    if (sqlite3_prepare_v2(ch->s->db, "DELETE FROM person WHERE id=?", -1, &st, NULL) !=
        SQLITE_OK) {
        rc = pr_store_dberr(ch->s, err, "cannot prepare delete");
        goto out;
    }
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = pr_store_dberr(ch->s, err, "cannot delete person");
    else
        rc = log_person(ch, id, &before, NULL, err);
out:
    sqlite3_finalize(st);
    pr_person_release(&before);
    return rc;
}

int pr_change_set_meta(struct pr_change_txn *ch, const char *key, const char *value, pr_error *err)
{
    char *old = NULL;
    int rc = pr_store_meta_get(ch->s, key, &old, err);
    if (rc && rc != PR_ENOTFOUND)
        return rc;
    if (old && value && !strcmp(old, value)) {
        free(old);
        return 0;
    }
    if (!(rc = pr_store_meta_set(ch->s, key, value, err)))
        rc = log_row(ch, "meta", key, old, value, err);
    free(old);
    return rc;
}

/* meta key counting the changes since the last import; the importer's
 * pr_store_clear_registry drops it with the rest of the registry's meta. */
#define EDITS_KEY "edits_since_import"

int pr_change_commit(struct pr_change_txn *ch, const char *summary, long long undoes,
                     pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    char buf[32];
    if ((rc = pr_change_clean_text("reason", ch->reason, err)) ||
        (rc = pr_change_clean_text("reason", summary, err)) ||
        (rc = pr_change_set_meta(ch, "updated", ch->date, err)))
        goto fail;
    long edits = pr_history_edits_since_import(ch->s, err);
    if (edits < 0) {
        rc = (int)edits;
        goto fail;
    }
    snprintf(buf, sizeof buf, "%ld", edits + 1);
    if ((rc = pr_store_meta_set(ch->s, EDITS_KEY, buf, err)))
        goto fail;
    if (sqlite3_prepare_v2(ch->s->db, "UPDATE history SET summary=?, undoes=?, reason=? WHERE id=?",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = pr_store_dberr(ch->s, err, "cannot record the change");
        goto fail;
    }
    sqlite3_bind_text(st, 1, summary, -1, SQLITE_STATIC);
    if (undoes > 0)
        sqlite3_bind_int64(st, 2, undoes);
    else
        sqlite3_bind_null(st, 2);
    pr_bind_text(st, 3, ch->reason && *ch->reason ? ch->reason : NULL);
    sqlite3_bind_int64(st, 4, ch->id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = pr_store_dberr(ch->s, err, "cannot record the change");
        goto fail;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (ch->s->dry_run) {
        /* A rehearsal: show the change as the history would, then leave
         * the database as it was. */
        struct pr_history_filter f;
        pr_history_filter_init(&f);
        f.id = ch->id;
        long shown = pr_history_each(ch->s, &f, ch->s->dry_run, ch->s->dry_ud, err);
        pr_change_abort(ch);
        return shown < 0 ? (int)shown : 0;
    }
    /* Test hook (tests/e2e/crash_safety.sh): hold the finished but
     * uncommitted change so that a kill -9 surely lands inside it. */
    if (ch->s->commit_delay_ms > 0) {
        struct timespec ts = {ch->s->commit_delay_ms / 1000,
                              ch->s->commit_delay_ms % 1000 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if ((rc = pr_store_commit(ch->s, err)))
        goto fail;
    return 0;
fail:
    sqlite3_finalize(st);
    pr_change_abort(ch);
    return rc;
}

void pr_change_abort(struct pr_change_txn *ch)
{
    if (ch && ch->s)
        pr_store_rollback(ch->s);
}

int pr_store_finish(pr_store *s, pr_error *err)
{
    if (!s->dry_run)
        return pr_store_commit(s, err);
    pr_store_rollback(s);
    return 0;
}

void pr_edit_dry_run(pr_store *s, pr_history_cb cb, void *ud)
{
    s->dry_run = cb;
    s->dry_ud = ud;
}

long pr_history_edits_since_import(pr_store *s, pr_error *err)
{
    long v;
    int rc = pr_store_meta_get_count(s, EDITS_KEY, &v, err);
    if (rc == PR_ENOTFOUND)
        return 0;
    return rc ? rc : v;
}
