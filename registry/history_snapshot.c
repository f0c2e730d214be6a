/* history_snapshot.c - a row's whole state as the history stores it: a
 * record or person written as JSON, and read back (checked) with SQLite's
 * JSON functions. */
#include "history_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_key(FILE *f, const char *k, const char *v, int comma)
{
    if (comma)
        putc(',', f);
    pr_json_string(f, k);
    putc(':', f);
    pr_json_string(f, v);
}

/* The whole record as JSON (malloc'd; NULL when out of memory). */
char *pr_history_record_json(const struct pr_record *r)
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

char *pr_history_person_json(const struct pr_person *p)
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
                           /* not json_valid: out of memory, it answers 0 */
                           "SELECT json_type(?1) = 'object', "
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
    /* Malformed JSON makes the json_type calls fail, not answer 0; so
     * does a lack of memory, which says nothing of the row. */
    if (step != SQLITE_ROW && (sqlite3_errcode(w->s->db) & 0xff) == SQLITE_NOMEM)
        rc = pr_store_dberr(w->s, err, "cannot read history");
    else if (step != SQLITE_ROW || !sqlite3_column_int(st, 0))
        rc = pr_row_bad(w, err, "not a JSON object");
    else if (!sqlite3_column_int(st, 1))
        rc = pr_row_bad(w, err, "xrefs and notes are not arrays of objects");
    sqlite3_finalize(st);
    return rc;
}

int pr_history_record_from_json(struct pr_rowloc *w, const char *json, struct pr_record *r,
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

int pr_history_person_from_json(struct pr_rowloc *w, const char *json, struct pr_person *p,
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
