/* history_list.c - reading the change log: changes with their rows'
 * field-level differences (pr_history_each), and the field comparisons
 * edits and the lost-update check share. */
#include "history_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    char *ja = pr_history_record_json(&x), *jb = pr_history_record_json(&y);
    int same = !ja || !jb ? PR_ENOMEM : !strcmp(ja, jb);
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
        if (before && (w->column = "before", rc = pr_history_record_from_json(w, before, &b, err)))
            goto rec_out;
        if (after && (w->column = "after", rc = pr_history_record_from_json(w, after, &a, err)))
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
        if (before && (w->column = "before", rc = pr_history_person_from_json(w, before, &b, err)))
            goto per_out;
        if (after && (w->column = "after", rc = pr_history_person_from_json(w, after, &a, err)))
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
    if (dberr || sqlite3_prepare_v2(s->db, v1 ? sql_v1 : sql, -1, &st, NULL) != SQLITE_OK)
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
        if (!c.at || !c.author || !c.command ||
            (!c.summary && sqlite3_column_type(st, 4) != SQLITE_NULL) ||
            (!c.reason && sqlite3_column_type(st, 7) != SQLITE_NULL))
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
