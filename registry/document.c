/* document.c - the stored registry walked as one document (document.h):
 * records, people and docitems merged by seq, and which people are in use. */
#include "document.h"
#include "store_int.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define UNREFERENCED_KEY "import.unreferenced_people"

/* A sorted set of strings (owned). */
struct idset {
    char **v;
    size_t n, cap;
};

static int idset_add(struct idset *s, const char *id, size_t len)
{
    if (pr_grow(&s->v, &s->cap, s->n, sizeof *s->v, 256))
        return PR_ENOMEM;
    if (!(s->v[s->n] = strndup(id, len)))
        return PR_ENOMEM;
    s->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void idset_sort(struct idset *s)
{
    if (s->n)
        qsort(s->v, s->n, sizeof *s->v, cmp_str);
}

static int idset_has(const struct idset *s, const char *id)
{
    return s->n && bsearch(&id, s->v, s->n, sizeof *s->v, cmp_str) != NULL;
}

static void idset_free(struct idset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Value of attribute name in the tag [p, end), unescaped, into out
 * (emptied first).  1 when the tag has it, else 0. */
static int tag_attr(const char *p, const char *end, const char *name, struct pr_strbuf *out)
{
    size_t n = strlen(name);
    pr_strbuf_setlen(out, 0);
    for (; p + n + 2 < end; p++) {
        if (p[-1] != ' ' || strncmp(p, name, n) || p[n] != '=' || p[n + 1] != '"')
            continue;
        const char *v = p + n + 2, *q = memchr(v, '"', (size_t)(end - v));
        pr_strbuf_add_xml_unescaped(out, v, (size_t)((q ? q : end) - v));
        return 1;
    }
    return 0;
}

typedef int (*add_id_fn)(void *set, const char *id, size_t len);

/* People named by <xref type="person" data="..."/> inside inner XML. */
static int scan_inline(void *set, add_id_fn add, const char *xml)
{
    struct pr_strbuf type = PR_STRBUF_INIT, data = PR_STRBUF_INIT;
    int rc = 0;
    for (const char *p = xml; !rc && (p = strstr(p, "<xref ")); p++) {
        const char *end = strchr(p, '>');
        if (!end)
            break;
        if (tag_attr(p + 5, end, "type", &type) && !strcmp(pr_strbuf_str(&type), "person") &&
            tag_attr(p + 5, end, "data", &data) && add(set, pr_strbuf_str(&data), data.len))
            rc = PR_ENOMEM;
    }
    if (type.oom || data.oom)
        rc = PR_ENOMEM;
    pr_strbuf_release(&type);
    pr_strbuf_release(&data);
    return rc;
}

static int idset_add_fn(void *set, const char *id, size_t len)
{
    return idset_add(set, id, len);
}

/* ---- people references gathered while a registry streams in ----------- */

/* A set of the distinct person ids records refer to: open addressing over
 * owned strings, so that it grows with the people, not the references. */
struct pr_people_refs {
    char **slot; /* NULL: empty */
    size_t n, n_slots;
};

static size_t refs_hash(const char *id, size_t len)
{
    size_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)id[i]) * 1099511628211ULL;
    return h;
}

/* The slot of id: where it is, or the empty one where it would go. */
static size_t refs_slot(const struct pr_people_refs *r, const char *id, size_t len)
{
    size_t h = refs_hash(id, len) & (r->n_slots - 1);
    while (r->slot[h] && (strncmp(r->slot[h], id, len) || r->slot[h][len]))
        h = (h + 1) & (r->n_slots - 1);
    return h;
}

static int refs_add(void *set, const char *id, size_t len)
{
    struct pr_people_refs *r = set;
    if (2 * (r->n + 1) > r->n_slots) {
        struct pr_people_refs g = {.n = r->n, .n_slots = r->n_slots ? r->n_slots * 2 : 1024};
        if (!(g.slot = calloc(g.n_slots, sizeof *g.slot)))
            return PR_ENOMEM;
        for (size_t i = 0; i < r->n_slots; i++)
            if (r->slot[i])
                g.slot[refs_slot(&g, r->slot[i], strlen(r->slot[i]))] = r->slot[i];
        free(r->slot);
        *r = g;
    }
    size_t h = refs_slot(r, id, len);
    if (r->slot[h])
        return 0;
    if (!(r->slot[h] = strndup(id, len)))
        return PR_ENOMEM;
    r->n++;
    return 0;
}

struct pr_people_refs *pr_people_refs_new(void)
{
    return calloc(1, sizeof(struct pr_people_refs));
}

void pr_people_refs_free(struct pr_people_refs *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_slots; i++)
        free(r->slot[i]);
    free(r->slot);
    free(r);
}

int pr_people_refs_record(struct pr_people_refs *r, const struct pr_record *rec)
{
    int rc = 0;
    for (size_t i = 0; i < rec->n_xrefs && !rc; i++) {
        const struct pr_xref *x = &rec->xrefs[i];
        if (x->type && x->data && !strcmp(x->type, "person"))
            rc = refs_add(r, x->data, strlen(x->data));
    }
    /* Inline references, as referenced_people_of finds them in SQL. */
    if (!rc && rec->description_xml && strstr(rec->description_xml, "person"))
        rc = scan_inline(r, refs_add, rec->description_xml);
    if (!rc && rec->unauthorized_xml && strstr(rec->unauthorized_xml, "person"))
        rc = scan_inline(r, refs_add, rec->unauthorized_xml);
    for (size_t i = 0; i < rec->n_notes && !rc; i++)
        if (rec->notes[i].xml && strstr(rec->notes[i].xml, "person"))
            rc = scan_inline(r, refs_add, rec->notes[i].xml);
    return rc;
}

/* Every person id some record refers to (an import gathers them as it
 * streams instead: pr_people_refs_record). */
static int referenced_people(pr_store *s, struct idset *set, pr_error *err)
{
    static const char *const sql[2] = {
        /* No DISTINCT: the set tolerates repeats, and sorting 13,000 rows
         * in SQLite cost more than the rest of this function. */
        "SELECT data FROM xref WHERE type='person' AND data IS NOT NULL",
        "SELECT description_xml || coalesce(unauthorized_xml, '') FROM record "
        "WHERE instr(description_xml, 'person') OR instr(unauthorized_xml, 'person') "
        "UNION ALL SELECT xml FROM note WHERE instr(xml, 'person')"};
    int rc = 0;
    for (int q = 0; q < 2 && !rc; q++) {
        sqlite3_stmt *st = NULL;
        int step;
        if (sqlite3_prepare_v2(s->db, sql[q], -1, &st, NULL) != SQLITE_OK)
            return pr_store_dberr(s, err, "cannot read references");
        while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(st, 0);
            if (t && (q == 0 ? idset_add(set, t, strlen(t)) : scan_inline(set, idset_add_fn, t)))
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        }
        if (!rc && step != SQLITE_DONE)
            rc = pr_store_dberr(s, err, "cannot read references");
        sqlite3_finalize(st);
    }
    idset_sort(set);
    return rc;
}

int pr_store_mark_unreferenced_people(pr_store *s, const struct pr_people_refs *refs,
                                      pr_error *err)
{
    struct { char *p; size_t len, cap; } out = {0};
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(s->db, "SELECT id FROM person ORDER BY seq", -1, &st, NULL) !=
        SQLITE_OK) {
        rc = pr_store_dberr(s, err, "cannot read people");
        goto out;
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (!id || (refs->n_slots && refs->slot[refs_slot(refs, id, strlen(id))]))
            continue;
        size_t n = strlen(id);
        if (out.len + n + 2 > out.cap) {
            size_t cap = (out.cap + n + 2) * 2;
            char *np = realloc(out.p, cap);
            if (!np) {
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
                goto out;
            }
            out.p = np;
            out.cap = cap;
        }
        if (out.len)
            out.p[out.len++] = '\n';
        memcpy(out.p + out.len, id, n + 1);
        out.len += n;
    }
    if (step != SQLITE_DONE) {
        rc = pr_store_dberr(s, err, "cannot read people");
        goto out;
    }
    rc = pr_store_meta_set(s, UNREFERENCED_KEY, out.p ? out.p : "", err);
out:
    sqlite3_finalize(st);
    free(out.p);
    return rc;
}

/* People kept although unreferenced: those the import recorded, or (for a
 * database imported before that was recorded: *all = 1) every unchanged one. */
static int kept_people(pr_store *s, struct idset *set, int *all, pr_error *err)
{
    char *v = NULL;
    int rc = pr_store_meta_get(s, UNREFERENCED_KEY, &v, err);
    *all = 0;
    if (rc == PR_ENOTFOUND) {
        *all = 1;
        return 0;
    }
    if (rc)
        return rc;
    for (const char *p = v; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n && idset_add(set, p, n)) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            break;
        }
        p += n + (nl != NULL);
    }
    free(v);
    idset_sort(set);
    return rc;
}

/* One of the three tables, walked in seq order. */
struct stream {
    sqlite3_stmt *st;
    int live; /* on a row */
};

static int stream_step(pr_store *s, struct stream *m, pr_error *err)
{
    int step = sqlite3_step(m->st);
    m->live = step == SQLITE_ROW;
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return pr_store_dberr(s, err, "cannot read the registry");
    return 0;
}

/* A row of the walk below: seq, id (records), key (docitem kind, person
 * id), raw, text, each of the type it must have. */
static int check_item(pr_store *s, int kind, sqlite3_stmt *st, pr_error *err)
{
    static const char *const tables[3] = {"docitem", "record", "person"};
    struct pr_rowloc w = PR_ROWLOC(s, tables[kind]);
    const long long any_lo = -9223372036854775807LL - 1, any_hi = 9223372036854775807LL;
    int rc;
    if (kind == PR_ITEM_PERSON)
        PR_ROW_AT(&w, PR_ROW_KEY, 0, 0, (const char *)sqlite3_column_text(st, 2));
    else
        PR_ROW_AT(&w, PR_ROW_NUM, sqlite3_column_int64(st, kind == PR_ITEM_RECORD ? 1 : 0), 0,
                  NULL);
    if ((rc = pr_row_int(&w, st, 0, "seq", 0, any_lo, any_hi, NULL, err)) ||
        (kind == PR_ITEM_RECORD && (rc = pr_row_int(&w, st, 1, "id", 0, any_lo, any_hi, NULL, err))) ||
        (kind != PR_ITEM_RECORD &&
         (rc = pr_row_text(&w, st, 2, kind == PR_ITEM_PERSON ? "id" : "kind", 0, err))) ||
        (rc = pr_row_text(&w, st, 3, "raw", kind != PR_ITEM_DOCITEM, err)) ||
        (rc = pr_row_text(&w, st, 4, "text", 1, err)))
        return rc;
    return 0;
}

int pr_store_each_item(pr_store *s, pr_item_cb cb, void *ud, pr_error *err)
{
    /* Three ordered walks merged: cheaper than one UNION sorted with the
     * raw bytes in tow.  At equal seq: docitems, records, people. */
    static const char *const sql[3] = {
        "SELECT seq, 0, kind, raw, text FROM docitem ORDER BY seq",
        "SELECT seq, id, NULL, raw, NULL FROM record ORDER BY seq, id",
        "SELECT seq, 0, id, raw, NULL FROM person ORDER BY seq, id"};
    struct idset used = {0}, kept = {0};
    struct stream m[3] = {{0}};
    int rc, keep_all = 0;
    if ((rc = referenced_people(s, &used, err)) || (rc = kept_people(s, &kept, &keep_all, err)))
        goto out;
    for (int k = 0; k < 3; k++) {
        if (sqlite3_prepare_v2(s->db, sql[k], -1, &m[k].st, NULL) != SQLITE_OK) {
            rc = pr_store_dberr(s, err, "cannot read the registry");
            goto out;
        }
        if ((rc = stream_step(s, &m[k], err)))
            goto out;
    }
    for (;;) {
        int k = -1;
        for (int j = 0; j < 3; j++)
            if (m[j].live && (k < 0 || sqlite3_column_int64(m[j].st, 0) <
                                           sqlite3_column_int64(m[k].st, 0)))
                k = j;
        if (k < 0)
            break;
        sqlite3_stmt *st = m[k].st;
        if ((rc = check_item(s, k, st, err)))
            goto out;
        struct pr_item it = {
            .kind = k,
            .seq = sqlite3_column_int64(st, 0),
            .id = sqlite3_column_int64(st, 1),
            .key = (const char *)sqlite3_column_text(st, 2),
            .raw = (const char *)sqlite3_column_text(st, 3),
            .raw_len = (size_t)sqlite3_column_bytes(st, 3),
            .text = (const char *)sqlite3_column_text(st, 4),
        };
        if (it.kind == PR_ITEM_PERSON && it.key)
            it.in_use = idset_has(&used, it.key) || idset_has(&kept, it.key) ||
                        (keep_all && it.raw);
        if ((rc = cb(&it, ud)) || (rc = stream_step(s, &m[k], err)))
            goto out;
    }
out:
    for (int k = 0; k < 3; k++)
        sqlite3_finalize(m[k].st);
    idset_free(&used);
    idset_free(&kept);
    return rc;
}
