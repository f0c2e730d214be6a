/* rows.c - reading rows of the database with every value checked: a
 * database file is untrusted input (it may be copied from anywhere, or
 * crafted).  Ports are 0-65535 with lo <= hi, columns hold the type the
 * schema says, NULL only where a NULL means something, protocols and
 * layout codes are known ones.  A bad row is an error naming the database,
 * the table and the row (PR_ESCHEMA), never a crash further on. */
#include "store_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int pr_row_bad(const struct pr_rowloc *w, pr_error *err, const char *fmt, ...)
{
    char msg[200], id[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    switch (w->how) {
    case PR_ROW_PAIR: snprintf(id, sizeof id, "%lld/%lld", w->n1, w->n2); break;
    case PR_ROW_KEY: snprintf(id, sizeof id, "'%.60s'", w->key ? w->key : "?"); break;
    case PR_ROW_NUM_KEY: snprintf(id, sizeof id, "%lld/%.40s", w->n1, w->key ? w->key : "?"); break;
    default: snprintf(id, sizeof id, "%lld", w->n1); break;
    }
    return pr_error_at(err, PR_ESCHEMA, w->s ? w->s->path : "", 0, 0,
                       "damaged database: table '%s', row %s: %s%s%s", w->table, id,
                       w->column ? w->column : "", w->column ? ": " : "", msg);
}

int pr_row_text(const struct pr_rowloc *w, sqlite3_stmt *st, int i, const char *name,
                int nullable, pr_error *err)
{
    int t = sqlite3_column_type(st, i);
    if (t == SQLITE_TEXT || (t == SQLITE_NULL && nullable))
        return 0;
    return pr_row_bad(w, err, "%s is %s, not text", name,
                      t == SQLITE_NULL ? "NULL" : t == SQLITE_BLOB ? "a blob"
                      : t == SQLITE_INTEGER ? "an integer" : "a real number");
}

int pr_row_int(const struct pr_rowloc *w, sqlite3_stmt *st, int i, const char *name, int nullable,
               long long lo, long long hi, long long *v, pr_error *err)
{
    int t = sqlite3_column_type(st, i);
    if (t == SQLITE_NULL && nullable)
        return 0;
    if (t != SQLITE_INTEGER)
        return pr_row_bad(w, err, "%s is %s, not an integer", name,
                          t == SQLITE_NULL ? "NULL" : t == SQLITE_BLOB ? "a blob"
                          : t == SQLITE_TEXT ? "text" : "a real number");
    long long x = sqlite3_column_int64(st, i);
    if (x < lo || x > hi)
        return pr_row_bad(w, err, "%s is %lld, outside %lld-%lld", name, x, lo, hi);
    if (v)
        *v = x;
    return 0;
}

int pr_row_ports(const struct pr_rowloc *w, sqlite3_stmt *st, int i, int *lo, int *hi,
                 pr_error *err)
{
    long long a = -1, b = -1;
    int rc;
    if ((rc = pr_row_int(w, st, i, "port_lo", 1, 0, PR_PORT_MAX, &a, err)) ||
        (rc = pr_row_int(w, st, i + 1, "port_hi", 1, 0, PR_PORT_MAX, &b, err)))
        return rc;
    if ((a < 0) != (b < 0))
        return pr_row_bad(w, err, "%s is NULL but %s is not", a < 0 ? "port_lo" : "port_hi",
                          a < 0 ? "port_hi" : "port_lo");
    if (a > b)
        return pr_row_bad(w, err, "port_lo %lld above port_hi %lld", a, b);
    *lo = (int)a;
    *hi = (int)b;
    return 0;
}

/* Copy text column i, or NULL (the column was checked). */
static int dup_col(sqlite3_stmt *st, int i, char **out)
{
    *out = pr_col_strdup(st, i);
    return sqlite3_column_type(st, i) != SQLITE_NULL && !*out ? PR_ENOMEM : 0;
}

#define LL_MAX 9223372036854775807LL
#define LL_MIN (-LL_MAX - 1)

int pr_row_record(struct pr_rowloc *w, sqlite3_stmt *st, struct pr_record *r, pr_error *err)
{
    static const char *const text_cols[] = {
        [2] = "name", [3] = "protocol", [4] = "number", [7] = "description",
        [8] = "description_xml", [9] = "unauthorized", [10] = "unauthorized_xml", [11] = "sc",
        [12] = "date", [13] = "updated", [14] = "layout", [15] = "raw"};
    long long id = 0, seq = 0, lo = -1, hi = -1, line = 0;
    int rc;
    pr_record_init(r);
    if (w->how == PR_ROW_AUTO)
        w->n1 = sqlite3_column_int64(st, 0);
    int plo, phi;
    if ((rc = pr_row_int(w, st, 0, "id", 0, LL_MIN, LL_MAX, &id, err)) ||
        (rc = pr_row_int(w, st, 1, "seq", 0, LL_MIN, LL_MAX, &seq, err)) ||
        (rc = pr_row_ports(w, st, 5, &plo, &phi, err)) ||
        (rc = pr_row_int(w, st, 16, "line", 1, LL_MIN, LL_MAX, &line, err)))
        return rc;
    lo = plo;
    hi = phi;
    for (int i = 2; i <= 15; i++)
        if (text_cols[i] && (rc = pr_row_text(w, st, i, text_cols[i], 1, err)))
            return rc;
    const char *proto = (const char *)sqlite3_column_text(st, 3);
    const char *number = (const char *)sqlite3_column_text(st, 4);
    const char *layout = (const char *)sqlite3_column_text(st, 14);
    int nlo, nhi;
    if (!number != (lo < 0))
        return pr_row_bad(w, err, "number is %s but the ports are %s", number ? "set" : "NULL",
                          lo < 0 ? "NULL" : "set");
    if (number && (pr_parse_port_range(number, &nlo, &nhi) || nlo != lo || nhi != hi))
        return pr_row_bad(w, err, "number '%.40s' does not match ports %lld-%lld", number, lo,
                          hi);
    if (proto && !pr_protocol_valid(proto))
        return pr_row_bad(w, err, "protocol '%.20s' is not tcp, udp, sctp or dccp", proto);
    if (layout && layout[strspn(layout, "npACd#xNus")])
        return pr_row_bad(w, err, "layout '%.40s' holds an unknown code", layout);
    r->id = id;
    r->seq = seq;
    r->port_lo = (int)lo;
    r->port_hi = (int)hi;
    r->line = (long)line;
    if (dup_col(st, 2, &r->name) || dup_col(st, 3, &r->protocol) || dup_col(st, 4, &r->number) ||
        dup_col(st, 7, &r->description) || dup_col(st, 8, &r->description_xml) ||
        dup_col(st, 9, &r->unauthorized) || dup_col(st, 10, &r->unauthorized_xml) ||
        dup_col(st, 11, &r->sc) || dup_col(st, 12, &r->date) || dup_col(st, 13, &r->updated) ||
        dup_col(st, 14, &r->layout) || dup_col(st, 15, &r->raw)) {
        pr_record_release(r);
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    }
    return 0;
}

int pr_row_xref(const struct pr_rowloc *w, sqlite3_stmt *st, struct pr_record *r, pr_error *err)
{
    long long role = 0; /* set when pr_row_int returns 0 (GCC -O2 cannot see it) */
    int rc;
    if ((rc = pr_row_int(w, st, 0, "role", 0, PR_ROLE_REF, PR_ROLE_CONTACT, &role, err)) ||
        (rc = pr_row_text(w, st, 1, "type", 0, err)) ||
        (rc = pr_row_text(w, st, 2, "data", 1, err)) ||
        (rc = pr_row_text(w, st, 3, "text", 1, err)))
        return rc;
    if (pr_record_add_xref(r, (int)role, (const char *)sqlite3_column_text(st, 1),
                           (const char *)sqlite3_column_text(st, 2),
                           (const char *)sqlite3_column_text(st, 3)))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return 0;
}

int pr_row_note(const struct pr_rowloc *w, sqlite3_stmt *st, struct pr_record *r, pr_error *err)
{
    int rc;
    if ((rc = pr_row_text(w, st, 0, "text", 0, err)) ||
        (rc = pr_row_text(w, st, 1, "xml", 0, err)))
        return rc;
    if (pr_record_add_note(r, (const char *)sqlite3_column_text(st, 0),
                           (const char *)sqlite3_column_text(st, 1)))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return 0;
}

int pr_row_person(struct pr_rowloc *w, sqlite3_stmt *st, struct pr_person *p, pr_error *err)
{
    static const char *const text_cols[] = {[2] = "name", [3] = "org", [4] = "uri",
                                            [5] = "updated", [6] = "raw"};
    long long seq = 0, line = 0;
    int rc;
    pr_person_init(p);
    if (w->how == PR_ROW_AUTO)
        PR_ROW_AT(w, PR_ROW_KEY, 0, 0,
                  sqlite3_column_type(st, 0) == SQLITE_TEXT
                      ? (const char *)sqlite3_column_text(st, 0) : NULL);
    if ((rc = pr_row_text(w, st, 0, "id", 0, err)) ||
        (rc = pr_row_int(w, st, 1, "seq", 0, LL_MIN, LL_MAX, &seq, err)) ||
        (rc = pr_row_int(w, st, 7, "line", 1, LL_MIN, LL_MAX, &line, err)))
        return rc;
    for (int i = 2; i <= 6; i++)
        if ((rc = pr_row_text(w, st, i, text_cols[i], 1, err)))
            return rc;
    p->seq = seq;
    p->line = (long)line;
    if (dup_col(st, 0, &p->id) || dup_col(st, 2, &p->name) || dup_col(st, 3, &p->org) ||
        dup_col(st, 4, &p->uri) || dup_col(st, 5, &p->updated) || dup_col(st, 6, &p->raw)) {
        pr_person_release(p);
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    }
    return 0;
}
