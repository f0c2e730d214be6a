/* browse.c - the registry as compact display rows for interactive front
 * ends, and filtering them with `portreg search`'s query language.
 *
 * The 14,444 records of the 2024 registry make 9,152 rows; a row is a few
 * integers and offsets into one text arena (under 0.6 MB of names, ports and
 * descriptions), so the whole registry costs about 1 MB. */
#include "browse.h"
#include "store_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct row {
    uint32_t name, number, protocols, description; /* offsets into text */
    uint32_t first_id, n_ids;                      /* slice of ids[] */
    int32_t port_lo, port_hi;
    int32_t state;
};

struct id_row {
    long long id;
    uint32_t row;
};

struct pr_rows {
    struct row *rows;
    size_t n, cap;
    long long *ids;
    size_t n_ids, cap_ids;
    char *text;
    size_t text_len, text_cap;
    struct id_row *by_id; /* sorted by id */
};

/* Append s (folded: runs of white space become one space, trimmed) to the
 * arena; returns its offset or UINT32_MAX when out of memory. */
static uint32_t add_text(struct pr_rows *rs, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (pr_grow(&rs->text, &rs->text_cap, rs->text_len + len, 1, 256))
        return UINT32_MAX;
    uint32_t off = (uint32_t)rs->text_len;
    char *o = rs->text + rs->text_len;
    int space = 0;
    for (; s && *s; s++) {
        if (isspace((unsigned char)*s)) {
            space = o > rs->text + off;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = 0;
        *o++ = *s;
    }
    *o++ = 0;
    rs->text_len = (size_t)(o - rs->text);
    return off;
}

static int add_protocol(struct pr_rows *rs, struct row *w, const char *proto)
{
    /* The row's protocols are the last string of the arena while the row
     * is being built: extend them in place. */
    size_t len = strlen(proto);
    if (pr_grow(&rs->text, &rs->text_cap, rs->text_len + len + 1, 1, 256))
        return -1;
    char *end = rs->text + rs->text_len - 1; /* at the NUL */
    if (end > rs->text + w->protocols)
        *end++ = ',';
    memcpy(end, proto, len + 1);
    rs->text_len = (size_t)(end - rs->text) + len + 1;
    return 0;
}

/* Does a (folded, in the arena) equal b once folded? */
static int same_text(const char *a, const char *b)
{
    if (!b)
        return !*a;
    while (isspace((unsigned char)*b))
        b++;
    while (*b) {
        if (isspace((unsigned char)*b)) {
            while (isspace((unsigned char)*b))
                b++;
            if (*b && *a++ != ' ')
                return 0;
            continue;
        }
        if (*a++ != *b++)
            return 0;
    }
    return *a == 0;
}

static int cmp_id_row(const void *a, const void *b)
{
    const struct id_row *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* One record row of the query in pr_rows_load into rs: one more transport
 * of the row before when it is the same service on the same port, else a
 * new row.  0, or a negative PR_E* (a crafted row is refused, rows.c). */
static int load_row(pr_store *s, struct pr_rows *rs, sqlite3_stmt *st, pr_error *err)
{
    struct pr_rowloc wl = PR_ROWLOC(s, "record");
    int lo, hi, rc;
    PR_ROW_AT(&wl, PR_ROW_NUM, sqlite3_column_int64(st, 0), 0, NULL);
    if ((rc = pr_row_ports(&wl, st, 3, &lo, &hi, err)) ||
        (rc = pr_row_text(&wl, st, 1, "name", 1, err)) ||
        (rc = pr_row_text(&wl, st, 2, "number", 1, err)) ||
        (rc = pr_row_text(&wl, st, 5, "protocol", 1, err)) ||
        (rc = pr_row_text(&wl, st, 6, "description", 1, err)))
        return rc;
    const char *name = (const char *)sqlite3_column_text(st, 1);
    const char *number = (const char *)sqlite3_column_text(st, 2);
    const char *proto = (const char *)sqlite3_column_text(st, 5);
    struct row *last = rs->n ? &rs->rows[rs->n - 1] : NULL;
    if (pr_grow(&rs->ids, &rs->cap_ids, rs->n_ids, sizeof *rs->ids, 256))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    rs->ids[rs->n_ids++] = sqlite3_column_int64(st, 0);
    /* Same service on the same port as the row before: one more
     * transport of that row (its protocols end the arena). */
    if (last && !strcasecmp(rs->text + last->name, name ? name : "") &&
        !strcmp(rs->text + last->number, number ? number : "") &&
        ((name && *name) ||
         (number && same_text(rs->text + last->description,
                              (const char *)sqlite3_column_text(st, 6))))) {
        last->n_ids++;
        if (proto && add_protocol(rs, last, proto))
            return pr_error_set(err, PR_ENOMEM, "out of memory");
        return 0;
    }
    if (pr_grow(&rs->rows, &rs->cap, rs->n, sizeof *rs->rows, 256))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    struct row *w = &rs->rows[rs->n++];
    struct pr_record r;
    pr_record_init(&r);
    r.name = (char *)name;
    r.description = (char *)sqlite3_column_text(st, 6);
    w->state = (int32_t)pr_record_state(&r);
    w->first_id = (uint32_t)(rs->n_ids - 1);
    w->n_ids = 1;
    w->port_lo = lo;
    w->port_hi = hi;
    /* description before protocols: protocols must end the arena */
    if ((w->name = add_text(rs, name)) == UINT32_MAX ||
        (w->number = add_text(rs, number)) == UINT32_MAX ||
        (w->description = add_text(rs, r.description)) == UINT32_MAX ||
        (w->protocols = add_text(rs, proto)) == UINT32_MAX)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return 0;
}

/* rs->by_id: every record id with its row, sorted by id.  0 or PR_ENOMEM. */
static int index_ids(struct pr_rows *rs, pr_error *err)
{
    if (!rs->n_ids)
        return 0;
    if (!(rs->by_id = malloc(rs->n_ids * sizeof *rs->by_id)))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    for (size_t i = 0; i < rs->n; i++)
        for (uint32_t k = 0; k < rs->rows[i].n_ids; k++) {
            uint32_t j = rs->rows[i].first_id + k;
            rs->by_id[j].id = rs->ids[j];
            rs->by_id[j].row = (uint32_t)i;
        }
    qsort(rs->by_id, rs->n_ids, sizeof *rs->by_id, cmp_id_row);
    return 0;
}

int pr_rows_load(pr_store *s, pr_rows **out, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    struct pr_rows *rs = calloc(1, sizeof *rs);
    int rc = 0, step;

    *out = NULL;
    if (!rs)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    if ((rc = pr_sql_open(s, &st, err, "cannot read the registry",
                          "SELECT id, name, number, port_lo, port_hi, protocol, description "
                          "FROM record ORDER BY seq, id", "")))
        goto out;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = load_row(s, rs, st, err)))
            goto out;
    if (step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read the registry");
    else
        rc = index_ids(rs, err);
out:
    sqlite3_finalize(st);
    if (rc)
        pr_rows_free(rs);
    else
        *out = rs;
    return rc;
}

void pr_rows_free(pr_rows *rs)
{
    if (!rs)
        return;
    free(rs->rows);
    free(rs->ids);
    free(rs->text);
    free(rs->by_id);
    free(rs);
}

size_t pr_rows_count(const pr_rows *rs)
{
    return rs ? rs->n : 0;
}

size_t pr_rows_records(const pr_rows *rs)
{
    return rs ? rs->n_ids : 0;
}

void pr_rows_get(const pr_rows *rs, size_t i, struct pr_row *row)
{
    const struct row *w = &rs->rows[i];
    row->name = rs->text + w->name;
    row->number = rs->text + w->number;
    row->protocols = rs->text + w->protocols;
    row->description = rs->text + w->description;
    row->port_lo = w->port_lo;
    row->port_hi = w->port_hi;
    row->state = w->state;
    row->n_ids = w->n_ids;
    row->ids = rs->ids + w->first_id;
}

long pr_rows_find(const pr_rows *rs, long long id)
{
    struct id_row key = {.id = id};
    const struct id_row *hit =
        rs && rs->n_ids ? bsearch(&key, rs->by_id, rs->n_ids, sizeof key, cmp_id_row) : NULL;
    return hit ? (long)hit->row : -1;
}

void pr_rowsel_release(struct pr_rowsel *sel)
{
    free(sel->idx);
    memset(sel, 0, sizeof *sel);
}

static int add_row(struct pr_rowsel *sel, size_t i)
{
    if (pr_grow(&sel->idx, &sel->cap, sel->n, sizeof *sel->idx, 256))
        return -1;
    sel->idx[sel->n++] = (unsigned)i;
    return 0;
}

struct select {
    const pr_rows *rs;
    struct pr_rowsel *sel;
    int oom;
};

static int select_id(long long id, void *ud)
{
    struct select *x = ud;
    long row = pr_rows_find(x->rs, id);
    struct pr_rowsel *sel = x->sel;
    /* ids come in registry order, so a row's records are adjacent */
    if (row < 0 || (sel->n && sel->idx[sel->n - 1] == (unsigned)row))
        return 0;
    if (add_row(sel, (size_t)row)) {
        x->oom = 1;
        return 1;
    }
    return 0;
}

/* Is word one of the comma-separated words of list? */
static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, word, n))
            return 1;
        p += len + (end ? 1 : 0);
    }
    return 0;
}

static long run(pr_store *s, struct select *x, const struct pr_query *q, pr_error *err)
{
    x->sel->n = 0;
    long n = pr_search_ids(s, q, select_id, x, err);
    if (n >= 0 && x->oom)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return n < 0 ? n : (long)x->sel->n;
}

long pr_rows_filter(pr_store *s, const pr_rows *rs, const char *query, struct pr_rowsel *sel,
                    pr_error *err)
{
    struct select x = {.rs = rs, .sel = sel};
    struct pr_query q;
    size_t len = strlen(query);
    char *buf = malloc(len + 1);
    long n;

    sel->n = 0;
    sel->fallback = 0;
    if (!buf)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    pr_query_init(&q);
    sel->how = pr_query_guess(&q, query, buf);
    if (q.protocol && !pr_protocol_valid(q.protocol)) {
        n = pr_error_set(err, PR_EINVAL, "unknown protocol '%s' (tcp, udp, sctp or dccp)",
                         q.protocol);
        goto out;
    }
    if (sel->how == PR_GUESS_PORT) {
        /* Rows hold their ports and transports: match in memory, as
         * pr_search would (overlapping ranges, any record's transport). */
        for (size_t i = 0; i < rs->n; i++) {
            const struct row *w = &rs->rows[i];
            if (w->port_lo < 0 || w->port_lo > q.port_hi || w->port_hi < q.port_lo ||
                (q.protocol && rs->text[w->protocols] &&
                 !has_word(rs->text + w->protocols, q.protocol)))
                continue;
            if (add_row(sel, i)) {
                n = pr_error_set(err, PR_ENOMEM, "out of memory");
                goto out;
            }
        }
        n = (long)sel->n;
        goto out;
    }
    if (sel->how == PR_GUESS_NAME && !strpbrk(buf, "*?")) {
        /* As you type, a name is the beginning of a name: the glob "buf*",
         * matched on the rows in memory (a scan of the record table costs
         * more than a key stroke may). */
        size_t blen = strlen(buf);
        for (size_t i = 0; i < rs->n; i++) {
            if (strncasecmp(rs->text + rs->rows[i].name, buf, blen))
                continue;
            if (add_row(sel, i)) {
                n = pr_error_set(err, PR_ENOMEM, "out of memory");
                goto out;
            }
        }
        if ((n = (long)sel->n) != 0)
            goto out;
        q.name = NULL;
        q.text = buf;
        sel->fallback = 1;
    }
    n = run(s, &x, &q, err);
out:
    free(buf);
    return n;
}
