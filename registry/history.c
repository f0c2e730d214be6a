/* history.c - the change log behind every edit: opening and committing a
 * change, logging each touched row whole (JSON, read back with SQLite's JSON
 * functions), listing changes with field-level differences, and undo.
 */
#include "clean_text.h"
#include "history_int.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- snapshots ---------------------------------------------------------- */

static void json_key(FILE *f, const char *k, const char *v, int comma)
{
    if (comma)
        putc(',', f);
    pr_json_string(f, k);
    putc(':', f);
    pr_json_string(f, v);
}

/* The whole record as JSON (malloc'd; NULL when out of memory). */
static char *record_json(const struct pr_record *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fprintf(f, "{\"id\":%lld,\"seq\":%lld", r->id, r->seq);
    json_key(f, "name", r->name, 1);
    json_key(f, "protocol", r->protocol, 1);
    json_key(f, "number", r->number, 1);
    if (r->port_lo >= 0)
        fprintf(f, ",\"port_lo\":%d,\"port_hi\":%d", r->port_lo, r->port_hi);
    else
        fputs(",\"port_lo\":null,\"port_hi\":null", f);
    json_key(f, "description", r->description, 1);
    json_key(f, "description_xml", r->description_xml, 1);
    json_key(f, "unauthorized", r->unauthorized, 1);
    json_key(f, "unauthorized_xml", r->unauthorized_xml, 1);
    json_key(f, "sc", r->sc, 1);
    json_key(f, "date", r->date, 1);
    json_key(f, "updated", r->updated, 1);
    json_key(f, "layout", r->layout, 1);
    json_key(f, "raw", r->raw, 1);
    fprintf(f, ",\"line\":%ld,\"xrefs\":[", r->line);
    for (size_t i = 0; i < r->n_xrefs; i++) {
        fprintf(f, "%s{\"role\":%d", i ? "," : "", r->xrefs[i].role);
        json_key(f, "type", r->xrefs[i].type, 1);
        json_key(f, "data", r->xrefs[i].data, 1);
        json_key(f, "text", r->xrefs[i].text, 1);
        putc('}', f);
    }
    fputs("],\"notes\":[", f);
    for (size_t i = 0; i < r->n_notes; i++) {
        putc(i ? ',' : '{', f);
        if (i)
            putc('{', f);
        json_key(f, "text", r->notes[i].text, 0);
        json_key(f, "xml", r->notes[i].xml, 1);
        putc('}', f);
    }
    fputs("]}", f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static char *person_json(const struct pr_person *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    putc('{', f);
    json_key(f, "id", p->id, 0);
    fprintf(f, ",\"seq\":%lld", p->seq);
    json_key(f, "name", p->name, 1);
    json_key(f, "org", p->org, 1);
    json_key(f, "uri", p->uri, 1);
    json_key(f, "updated", p->updated, 1);
    json_key(f, "raw", p->raw, 1);
    fprintf(f, ",\"line\":%ld}", p->line);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Is json (a history_change before/after) a JSON object whose arrays
 * (xrefs, notes) are arrays of objects? */
static int json_shape(struct pr_rowloc *w, const char *json, int record, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(w->s->db,
                           "SELECT json_valid(?1) AND json_type(?1) = 'object', "
                           "CASE WHEN ?2 THEN json_type(?1, '$.xrefs') = 'array' "
                           "  AND json_type(?1, '$.notes') = 'array' "
                           "  AND NOT EXISTS (SELECT 1 FROM json_each(?1, '$.xrefs') "
                           "    WHERE type <> 'object') "
                           "  AND NOT EXISTS (SELECT 1 FROM json_each(?1, '$.notes') "
                           "    WHERE type <> 'object') ELSE 1 END",
                           -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(w->s, err, "cannot read history");
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, record);
    int step = sqlite3_step(st);
    /* Malformed JSON makes the json_type calls fail, not answer 0. */
    if (step != SQLITE_ROW || !sqlite3_column_int(st, 0))
        rc = pr_row_bad(w, err, "not a JSON object");
    else if (!sqlite3_column_int(st, 1))
        rc = pr_row_bad(w, err, "xrefs and notes are not arrays of objects");
    sqlite3_finalize(st);
    return rc;
}

static int record_from_json(struct pr_rowloc *w, const char *json, struct pr_record *r,
                            pr_error *err)
{
    static const char *const paths[] = {
        "$.id", "$.seq", "$.name", "$.protocol", "$.number", "$.port_lo", "$.port_hi",
        "$.description", "$.description_xml", "$.unauthorized", "$.unauthorized_xml", "$.sc",
        "$.date", "$.updated", "$.layout", "$.raw", "$.line"};
    pr_store *s = w->s;
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    pr_record_init(r);
    if ((rc = json_shape(w, json, 1, err)))
        return rc;
    char sql[1024] = "SELECT ";
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        strcat(sql, i ? ",json_extract(?1,'" : "json_extract(?1,'");
        strcat(sql, paths[i]);
        strcat(sql, "')");
    }
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read history");
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = pr_store_dberr(s, err, "cannot read history");
        goto out;
    }
    if ((rc = pr_row_record(w, st, r, err)))
        goto out;
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT json_extract(value,'$.role'),json_extract(value,'$.type'),"
                           "json_extract(value,'$.data'),json_extract(value,'$.text') "
                           "FROM json_each(?1,'$.xrefs') ORDER BY key", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = pr_store_dberr(s, err, "cannot read history");
        goto out;
    }
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = pr_row_xref(w, st, r, err);
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read history");
    sqlite3_finalize(st);
    st = NULL;
    if (rc)
        goto out;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT json_extract(value,'$.text'),json_extract(value,'$.xml') "
                           "FROM json_each(?1,'$.notes') ORDER BY key", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = pr_store_dberr(s, err, "cannot read history");
        goto out;
    }
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = pr_row_note(w, st, r, err);
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read history");
out:
    sqlite3_finalize(st);
    if (rc)
        pr_record_release(r);
    return rc;
}

static int person_from_json(struct pr_rowloc *w, const char *json, struct pr_person *p,
                            pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pr_person_init(p);
    if ((rc = json_shape(w, json, 0, err)))
        return rc;
    if (sqlite3_prepare_v2(w->s->db,
                           "SELECT json_extract(?1,'$.id'),json_extract(?1,'$.seq'),"
                           "json_extract(?1,'$.name'),json_extract(?1,'$.org'),"
                           "json_extract(?1,'$.uri'),json_extract(?1,'$.updated'),"
                           "json_extract(?1,'$.raw'),json_extract(?1,'$.line')", -1, &st,
                           NULL) != SQLITE_OK)
        return pr_store_dberr(w->s, err, "cannot read history");
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = pr_row_person(w, st, p, err);
    else
        rc = pr_store_dberr(w->s, err, "cannot read history");
    sqlite3_finalize(st);
    return rc;
}

/* ---- a change in progress --------------------------------------------------- */

int pr_change_begin(pr_store *s, struct pr_change *ch, const char *command, pr_error *err)
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
static int log_row(struct pr_change *ch, const char *target, const char *target_id,
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

static int log_record(struct pr_change *ch, long long id, const struct pr_record *before,
                      const struct pr_record *after, pr_error *err)
{
    char *b = before ? record_json(before) : NULL, *a = after ? record_json(after) : NULL;
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
static int clean_field(const char *field, const char *v, pr_error *err)
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
    return pr_error_field(err, PR_EINVAL, field, "%s: control character U+%04X (text must be "
                          "plain UTF-8)", field, cp);
}

static int clean_record(const struct pr_record *r, pr_error *err)
{
    int rc;
    if ((rc = clean_field("name", r->name, err)) ||
        (rc = clean_field("protocol", r->protocol, err)) ||
        (rc = clean_field("number", r->number, err)) ||
        (rc = clean_field("description", r->description, err)) ||
        (rc = clean_field("description", r->description_xml, err)) ||
        (rc = clean_field("unauthorized", r->unauthorized, err)) ||
        (rc = clean_field("unauthorized", r->unauthorized_xml, err)) ||
        (rc = clean_field("service code", r->sc, err)) ||
        (rc = clean_field("date", r->date, err)) ||
        (rc = clean_field("updated", r->updated, err)) ||
        (rc = clean_field("layout", r->layout, err)) ||
        (rc = clean_field("record", r->raw, err)))
        return rc;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        const char *what = x->type && !strcmp(x->type, "person") ? "person" : "reference";
        if ((rc = clean_field(what, x->type, err)) || (rc = clean_field(what, x->data, err)) ||
            (rc = clean_field(what, x->text, err)))
            return rc;
    }
    for (size_t i = 0; i < r->n_notes; i++)
        if ((rc = clean_field("note", r->notes[i].text, err)) ||
            (rc = clean_field("note", r->notes[i].xml, err)))
            return rc;
    return 0;
}

static int clean_person(const struct pr_person *p, pr_error *err)
{
    int rc;
    if ((rc = clean_field("person id", p->id, err)) || (rc = clean_field("name", p->name, err)) ||
        (rc = clean_field("org", p->org, err)) || (rc = clean_field("uri", p->uri, err)) ||
        (rc = clean_field("updated", p->updated, err)) ||
        (rc = clean_field("person", p->raw, err)))
        return rc;
    return 0;
}

int pr_change_insert_record(struct pr_change *ch, struct pr_record *r, pr_error *err)
{
    int rc = clean_record(r, err);
    if (rc)
        return rc;
    rc = pr_store_insert_record(ch->s, r, err);
    return rc ? rc : log_record(ch, r->id, NULL, r, err);
}

int pr_change_update_record(struct pr_change *ch, const struct pr_record *r, pr_error *err)
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

int pr_change_delete_record(struct pr_change *ch, long long id, pr_error *err)
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

static int log_person(struct pr_change *ch, const char *id, const struct pr_person *before,
                      const struct pr_person *after, pr_error *err)
{
    char *b = before ? person_json(before) : NULL, *a = after ? person_json(after) : NULL;
    int rc;
    if ((before && !b) || (after && !a))
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
    else
        rc = log_row(ch, "person", id, b, a, err);
    free(b);
    free(a);
    return rc;
}

int pr_change_insert_person(struct pr_change *ch, const struct pr_person *p, pr_error *err)
{
    int rc = clean_person(p, err);
    if (rc)
        return rc;
    rc = pr_store_insert_person(ch->s, p, err);
    return rc ? rc : log_person(ch, p->id, NULL, p, err);
}

int pr_change_update_person(struct pr_change *ch, const struct pr_person *p, pr_error *err)
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

static int delete_person(struct pr_change *ch, const char *id, pr_error *err)
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

int pr_change_set_meta(struct pr_change *ch, const char *key, const char *value, pr_error *err)
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

int pr_change_commit(struct pr_change *ch, const char *summary, long long undoes,
                     pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    char buf[32];
    if ((rc = clean_field("reason", summary, err)) ||
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

void pr_change_abort(struct pr_change *ch)
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

/* Run sql (binding ints/text per fmt: 'i' int, 's' text, 'l' int64) and
 * return the first column of the first row, or dflt when none/NULL. */
long long pr_sql_scalar(pr_store *s, const char *sql, long long dflt, int *dberr, const char *fmt,
                        ...)
{
    sqlite3_stmt *st = NULL;
    va_list ap;
    long long v = dflt;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        *dberr = 1;
        return dflt;
    }
    va_start(ap, fmt);
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] == 'i')
            sqlite3_bind_int(st, i + 1, va_arg(ap, int));
        else if (fmt[i] == 'l')
            sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
        else
            pr_bind_text(st, i + 1, va_arg(ap, const char *));
    }
    va_end(ap);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_ROW && step != SQLITE_DONE)
        *dberr = 1;
    sqlite3_finalize(st);
    return v;
}

/* ---- listing ---------------------------------------------------------------- */

void pr_history_filter_init(struct pr_history_filter *f)
{
    memset(f, 0, sizeof *f);
    f->port = -1;
}

/* Join strings with sep into a malloc'd string; NULL when n == 0. */
static char *join(const char **v, size_t n, const char *sep)
{
    size_t len = 1;
    if (!n)
        return NULL;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + strlen(sep);
    char *out = malloc(len);
    if (!out)
        return NULL;
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, sep);
        strcat(out, v[i]);
    }
    return out;
}

/* The value of a displayed field of r (malloc'd, NULL when absent). */
static char *record_field(const struct pr_record *r, const char *field)
{
    const char *v[64];
    size_t n = 0;
    if (!strcmp(field, "name")) return r->name ? strdup(r->name) : NULL;
    if (!strcmp(field, "protocol")) return r->protocol ? strdup(r->protocol) : NULL;
    if (!strcmp(field, "number")) return r->number ? strdup(r->number) : NULL;
    if (!strcmp(field, "description")) return r->description ? strdup(r->description) : NULL;
    if (!strcmp(field, "unauthorized")) return r->unauthorized ? strdup(r->unauthorized) : NULL;
    if (!strcmp(field, "sc")) return r->sc ? strdup(r->sc) : NULL;
    if (!strcmp(field, "date")) return r->date ? strdup(r->date) : NULL;
    if (!strcmp(field, "updated")) return r->updated ? strdup(r->updated) : NULL;
    if (!strcmp(field, "assignee"))
        return join(v, pr_record_assignees(r, v, 64), ", ");
    if (!strcmp(field, "contact"))
        return join(v, pr_record_contacts(r, v, 64), ", ");
    if (!strcmp(field, "references")) {
        for (size_t i = 0; i < r->n_xrefs && n < 64; i++) {
            const struct pr_xref *x = &r->xrefs[i];
            if (x->role == PR_ROLE_REF && strcmp(x->type, "person"))
                v[n++] = x->data ? x->data : x->text ? x->text : "";
        }
        return join(v, n, ", ");
    }
    if (!strcmp(field, "notes")) {
        for (size_t i = 0; i < r->n_notes && n < 64; i++)
            v[n++] = r->notes[i].text;
        return join(v, n, "\n");
    }
    return NULL;
}

static const char *const record_fields[] = {
    "name", "protocol", "number", "description", "assignee", "contact", "references",
    "notes", "unauthorized", "sc", "date", "updated", NULL};
static const char *const person_fields[] = {"name", "org", "uri", "updated", NULL};

int pr_history_record_same(const struct pr_record *a, const struct pr_record *b)
{
    struct pr_record x = *a, y = *b; /* shallow: only read */
    x.seq = y.seq = 0;
    char *ja = record_json(&x), *jb = record_json(&y);
    int same = ja && jb && !strcmp(ja, jb);
    free(ja);
    free(jb);
    return same;
}

/* Add name to the ", "-separated list unless it is there already. */
static void list_add(char *list, size_t len, const char *name)
{
    size_t n = strlen(name), used = strlen(list);
    for (const char *p = list; (p = strstr(p, name)); p += n)
        if ((p == list || p[-2] == ',') && (p[n] == 0 || p[n] == ','))
            return;
    snprintf(list + used, len - used, "%s%s", used ? ", " : "", name);
}

void pr_history_record_fields(const struct pr_record *a, const struct pr_record *b, char *fields,
                              size_t len)
{
    int any = 0;
    for (int pass = 0; pass < 2 && !any; pass++)
        for (size_t i = 0; record_fields[i]; i++) {
            /* the date of the change comes with every change: named alone */
            if ((strcmp(record_fields[i], "updated") != 0) == pass)
                continue;
            char *va = record_field(a, record_fields[i]), *vb = record_field(b, record_fields[i]);
            if ((va || vb) && (!va || !vb || strcmp(va, vb))) {
                list_add(fields, len, record_fields[i]);
                any = 1;
            }
            free(va);
            free(vb);
        }
}

static char *person_field(const struct pr_person *p, const char *field)
{
    const char *v = !strcmp(field, "name") ? p->name : !strcmp(field, "org") ? p->org
                  : !strcmp(field, "uri") ? p->uri : p->updated;
    return v ? strdup(v) : NULL;
}

static int add_field(struct pr_history_item *it, const char *field, char *before, char *after)
{
    if ((!before && !after) || (before && after && !strcmp(before, after))) {
        free(before);
        free(after);
        return 0;
    }
    struct pr_history_field *nf = realloc(it->fields, (it->n_fields + 1) * sizeof *nf);
    if (!nf) {
        free(before);
        free(after);
        return PR_ENOMEM;
    }
    it->fields = nf;
    nf[it->n_fields].field = strdup(field);
    nf[it->n_fields].before = before;
    nf[it->n_fields].after = after;
    it->n_fields++;
    return 0;
}

static char *record_label(const struct pr_record *r)
{
    char buf[256];
    size_t n = 0;
    buf[0] = 0;
    if (r->name && *r->name)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", r->name);
    if (r->number)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%s%s", n ? " " : "", r->number,
                              r->protocol ? "/" : "", r->protocol ? r->protocol : "");
    if (!r->number)
        snprintf(buf + n, sizeof buf - n, " (name only)");
    else if (pr_record_state(r) != PR_STATE_ASSIGNED)
        snprintf(buf + n, sizeof buf - n, " (%s)", pr_state_name(pr_record_state(r)));
    return strdup(buf);
}

/* Fill it from a history_change row target,target_id,before,after,pos
 * (the values checked; w names the row). */
static int fill_item(struct pr_rowloc *w, sqlite3_stmt *st, struct pr_history_item *it,
                     pr_error *err)
{
    int rc = 0;
    if ((rc = pr_row_text(w, st, 0, "target", 0, err)) ||
        (rc = pr_row_text(w, st, 1, "target_id", 0, err)) ||
        (rc = pr_row_text(w, st, 2, "before", 1, err)) ||
        (rc = pr_row_text(w, st, 3, "after", 1, err)))
        return rc;
    const char *target = (const char *)sqlite3_column_text(st, 0);
    const char *before = (const char *)sqlite3_column_text(st, 2);
    const char *after = (const char *)sqlite3_column_text(st, 3);
    if (!(it->target = pr_col_strdup(st, 0)) || !(it->target_id = pr_col_strdup(st, 1)))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    it->action = !before ? '+' : !after ? '-' : '~';
    if (!strcmp(target, "record")) {
        struct pr_record b, a;
        pr_record_init(&b);
        pr_record_init(&a);
        if (before && (w->column = "before", rc = record_from_json(w, before, &b, err)))
            goto rec_out;
        if (after && (w->column = "after", rc = record_from_json(w, after, &a, err)))
            goto rec_out;
        it->label = record_label(before ? &b : &a);
        for (size_t i = 0; !rc && record_fields[i]; i++)
            rc = add_field(it, record_fields[i], before ? record_field(&b, record_fields[i]) : NULL,
                           after ? record_field(&a, record_fields[i]) : NULL);
    rec_out:
        pr_record_release(&b);
        pr_record_release(&a);
    } else if (!strcmp(target, "person")) {
        struct pr_person b, a;
        pr_person_init(&b);
        pr_person_init(&a);
        if (before && (w->column = "before", rc = person_from_json(w, before, &b, err)))
            goto per_out;
        if (after && (w->column = "after", rc = person_from_json(w, after, &a, err)))
            goto per_out;
        it->label = strdup(before ? b.id : a.id ? a.id : "");
        for (size_t i = 0; !rc && person_fields[i]; i++)
            rc = add_field(it, person_fields[i], before ? person_field(&b, person_fields[i]) : NULL,
                           after ? person_field(&a, person_fields[i]) : NULL);
    per_out:
        pr_person_release(&b);
        pr_person_release(&a);
    } else if (!strcmp(target, "meta")) {
        it->label = strdup(it->target_id);
        rc = add_field(it, "value", before ? strdup(before) : NULL, after ? strdup(after) : NULL);
    } else {
        return pr_row_bad(w, err, "target '%.20s' is not record, person or meta", target);
    }
    if (!rc && !it->label)
        rc = PR_ENOMEM;
    if (rc == PR_ENOMEM)
        pr_error_set(err, rc, "out of memory");
    return rc;
}

static void change_release(struct pr_history_change *c)
{
    for (size_t i = 0; i < c->n_items; i++) {
        struct pr_history_item *it = &c->items[i];
        for (size_t j = 0; j < it->n_fields; j++) {
            free(it->fields[j].field);
            free(it->fields[j].before);
            free(it->fields[j].after);
        }
        free(it->fields);
        free(it->target);
        free(it->target_id);
        free(it->label);
    }
    free(c->items);
    free(c->at);
    free(c->author);
    free(c->command);
    free(c->summary);
    free(c->reason);
    memset(c, 0, sizeof *c);
}

static int load_items(pr_store *s, struct pr_history_change *c, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT target,target_id,before,after,pos FROM history_change "
                           "WHERE change_id=? ORDER BY pos", -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read history");
    sqlite3_bind_int64(st, 1, c->id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_rowloc w = PR_ROWLOC(s, "history_change");
        PR_ROW_AT(&w, PR_ROW_PAIR, c->id, sqlite3_column_int64(st, 4), NULL);
        struct pr_history_item *ni = realloc(c->items, (c->n_items + 1) * sizeof *ni);
        if (!ni) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            break;
        }
        c->items = ni;
        struct pr_history_item *it = &ni[c->n_items++];
        memset(it, 0, sizeof *it);
        if ((rc = fill_item(&w, st, it, err)))
            break;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read history");
    sqlite3_finalize(st);
    return rc;
}

/* Is change undone?  The latest undo of it counts, unless that was undone. */
#define UNDONE_BY(h)                                                                        \
    "(SELECT max(u.id) FROM history u WHERE u.undoes = " h ".id AND NOT EXISTS "            \
    "(SELECT 1 FROM history r WHERE r.undoes = u.id))"

/* json_extract of a column that may hold malformed JSON (a damaged
 * database): NULL then, and the row itself reports it when it is read. */
#define JX(col, path) "json_extract(iif(json_valid(" col "), " col ", NULL), '" path "')"

long pr_history_each(pr_store *s, const struct pr_history_filter *f, pr_history_cb cb,
                     void *ud, pr_error *err)
{
    /* The newest ?5 matches (all when ?5 is 0 or less), oldest first.  A
     * schema 1 database read where it could not be migrated has no
     * history.reason: NULL stands in. */
#define HISTORY_SQL(reason) \
        "SELECT * FROM (SELECT h.id,h.at,h.author,h.command,h.summary,h.undoes," \
        UNDONE_BY("h") "," reason " " \
        "FROM history h WHERE (?1 = 0 OR h.id = ?1) AND (?2 IS NULL OR h.at >= ?2) " \
        "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM history_change c WHERE c.change_id = h.id " \
        "  AND c.target = 'record' AND (" JX("c.before", "$.name") " = ?3 COLLATE NOCASE " \
        "  OR " JX("c.after", "$.name") " = ?3 COLLATE NOCASE))) " \
        "AND (?4 < 0 OR EXISTS (SELECT 1 FROM history_change c WHERE c.change_id = h.id " \
        "  AND c.target = 'record' AND ((" JX("c.before", "$.port_lo") " <= ?4 " \
        "  AND " JX("c.before", "$.port_hi") " >= ?4) OR (" JX("c.after", "$.port_lo") " " \
        "  <= ?4 AND " JX("c.after", "$.port_hi") " >= ?4)))) " \
        "ORDER BY h.id DESC LIMIT ?5) ORDER BY id"
    static const char sql[] = HISTORY_SQL("h.reason"), sql_v1[] = HISTORY_SQL("NULL");
#undef HISTORY_SQL
    int dberr = 0, v1 = !pr_sql_scalar(s, "SELECT count(*) FROM pragma_table_info('history') "
                                          "WHERE name = 'reason'", 0, &dberr, "");
    sqlite3_stmt *st = NULL;
    long count = 0;
    int rc = 0, step;
    if (sqlite3_prepare_v2(s->db, v1 ? sql_v1 : sql, -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read history");
    sqlite3_bind_int64(st, 1, f->id);
    pr_bind_text(st, 2, f->since);
    pr_bind_text(st, 3, f->name);
    sqlite3_bind_int(st, 4, f->port);
    sqlite3_bind_int64(st, 5, f->limit > 0 ? f->limit : -1);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_history_change c;
        struct pr_rowloc w = PR_ROWLOC(s, "history");
        memset(&c, 0, sizeof c);
        PR_ROW_AT(&w, PR_ROW_NUM, sqlite3_column_int64(st, 0), 0, NULL);
        if ((rc = pr_row_int(&w, st, 0, "id", 0, 1, INT64_MAX, &c.id, err)) ||
            (rc = pr_row_text(&w, st, 1, "at", 0, err)) ||
            (rc = pr_row_text(&w, st, 2, "author", 0, err)) ||
            (rc = pr_row_text(&w, st, 3, "command", 0, err)) ||
            (rc = pr_row_text(&w, st, 4, "summary", 1, err)) ||
            (rc = pr_row_int(&w, st, 5, "undoes", 1, 1, INT64_MAX, &c.undoes, err)) ||
            (rc = pr_row_text(&w, st, 7, "reason", 1, err)))
            break;
        c.at = pr_col_strdup(st, 1);
        c.author = pr_col_strdup(st, 2);
        c.command = pr_col_strdup(st, 3);
        c.summary = pr_col_strdup(st, 4);
        c.undone_by = sqlite3_column_int64(st, 6);
        c.reason = pr_col_strdup(st, 7);
        count++;
        if (!c.at || !c.author || !c.command)
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        else if (!(rc = load_items(s, &c, err)) && cb)
            rc = cb(&c, ud);
        change_release(&c);
        if (rc)
            break;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read history");
    sqlite3_finalize(st);
    return rc ? rc : count;
}

/* ---- undo --------------------------------------------------------------------- */

/* Put record state `json` (NULL: absent) back for record id_text (w names
 * the history row). */
static int restore_record(struct pr_change *ch, struct pr_rowloc *w, const char *id_text,
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
    } else if (!(rc = record_from_json(w, json, &want, err))) {
        want.id = id;
        rc = exists ? pr_change_update_record(ch, &want, err)
                    : pr_change_insert_record(ch, &want, err);
        pr_record_release(&want);
    }
    if (exists)
        pr_record_release(&cur);
    return rc;
}

static int restore_person(struct pr_change *ch, struct pr_rowloc *w, const char *id,
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
            rc = used ? 0 : delete_person(ch, id, err);
    } else if (!(rc = person_from_json(w, json, &want, err))) {
        rc = exists ? pr_change_update_person(ch, &want, err)
                    : pr_change_insert_person(ch, &want, err);
        pr_person_release(&want);
    }
    if (exists)
        pr_person_release(&cur);
    return rc;
}

int pr_history_undo(pr_store *s, long long id, int force, struct pr_edit_result *res,
                    pr_error *err)
{
    struct pr_change ch;
    sqlite3_stmt *st = NULL;
    int rc, dberr = 0;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if ((rc = pr_change_begin(s, &ch, "undo", err)))
        return rc;
    if (id <= 0) {
        /* review decisions (review_log.c) change nothing: not undone */
        id = pr_sql_scalar(s, "SELECT max(h.id) FROM history h WHERE h.undoes IS NULL AND "
                           "h.command <> 'review' AND "
                           "h.id < ?1 AND " UNDONE_BY("h") " IS NULL", -1, &dberr, "l",
                           (long long)ch.id);
        if (dberr) {
            rc = pr_store_dberr(s, err, "cannot read history");
            goto fail;
        }
        if (id < 0) {
            rc = pr_error_set(err, PR_ENOTFOUND, "nothing to undo");
            goto fail;
        }
    }
    if (id >= ch.id ||
        pr_sql_scalar(s, "SELECT id FROM history WHERE id=?1 AND command <> 'review'", -1,
                      &dberr, "l", id) < 0) {
        rc = pr_error_set(err, PR_ENOTFOUND, "no change %lld", id);
        goto fail;
    }
    /* Changes from before the last import speak of another registry's rows. */
    long edits = pr_history_edits_since_import(s, err);
    if (edits < 0) {
        rc = (int)edits;
        goto fail;
    }
    long long first = edits == 0 ? ch.id
                      : pr_sql_scalar(s, "SELECT id FROM history WHERE id < ?1 AND "
                                         "command <> 'review' ORDER BY id DESC "
                                         "LIMIT 1 OFFSET ?2", ch.id, &dberr, "ll",
                                      (long long)ch.id, (long long)(edits - 1));
    if (id < first) {
        rc = pr_error_set(err, PR_EREFUSED,
                          "change %lld was made before the registry was last imported; it "
                          "cannot be undone", id);
        goto fail;
    }
    long long by = pr_sql_scalar(s, "SELECT " UNDONE_BY("h") " FROM history h WHERE h.id=?1",
                                 -1, &dberr, "l", id);
    if (by > 0) {
        rc = pr_error_set(err, PR_EREFUSED, "change %lld was already undone by change %lld",
                          id, by);
        goto fail;
    }
    /* Later changes to the same rows would be lost: refuse unless forced. */
    long long later = pr_sql_scalar(s,
                               "SELECT min(l.change_id) FROM history_change c "
                               "JOIN history_change l ON l.target = c.target "
                               "AND l.target_id = c.target_id AND l.change_id > c.change_id "
                               "JOIN history hl ON hl.id = l.change_id "
                               "WHERE c.change_id = ?1 AND c.target <> 'meta' "
                               /* a later change that was undone, and its undo, cancel out */
                               "AND " UNDONE_BY("hl") " IS NULL "
                               "AND coalesce(hl.undoes, 0) <= ?1", -1, &dberr, "l", (long long)id);
    if (later > 0 && later < ch.id && !force) {
        rc = pr_error_field(err, PR_EREFUSED, "force",
                            "change %lld touched rows that change %lld changed later; "
                            "undo %lld first, or force the undo", id, later, later);
        goto fail;
    }
    if (sqlite3_prepare_v2(s->db,
                           "SELECT target,target_id,before,pos FROM history_change "
                           "WHERE change_id=? AND target IS NOT 'meta' ORDER BY pos DESC", -1,
                           &st, NULL) != SQLITE_OK) {
        rc = pr_store_dberr(s, err, "cannot read history");
        goto fail;
    }
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_rowloc w = PR_ROWLOC(s, "history_change");
        PR_ROW_AT(&w, PR_ROW_PAIR, id, sqlite3_column_int64(st, 3), NULL);
        if ((rc = pr_row_text(&w, st, 0, "target", 0, err)) ||
            (rc = pr_row_text(&w, st, 1, "target_id", 0, err)) ||
            (rc = pr_row_text(&w, st, 2, "before", 1, err)))
            goto fail;
        char *target = pr_col_strdup(st, 0), *tid = pr_col_strdup(st, 1),
             *before = pr_col_strdup(st, 2);
        if (!target || !tid || (!before && sqlite3_column_type(st, 2) != SQLITE_NULL))
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        else if (!strcmp(target, "record"))
            rc = restore_record(&ch, &w, tid, before, err);
        else if (!strcmp(target, "person"))
            rc = restore_person(&ch, &w, tid, before, force, err);
        else
            rc = pr_row_bad(&w, err, "target '%.20s' is not record, person or meta", target);
        free(target);
        free(tid);
        free(before);
        if (rc)
            goto fail;
    }
    if (rc != SQLITE_DONE) {
        rc = pr_store_dberr(s, err, "cannot read history");
        goto fail;
    }
    sqlite3_finalize(st);
    st = NULL;
    snprintf(res->summary, sizeof res->summary, "undo change %lld", id);
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, id, err);
fail:
    sqlite3_finalize(st);
    pr_change_abort(&ch);
    return rc;
}
