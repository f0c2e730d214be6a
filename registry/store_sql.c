/* store_sql.c - the small SQL steps every reader and writer of the store
 * shares and that need nothing else of it: NULL-able text bound,
 * parameters bound by a format, a column copied, one value of a query.
 * (The one-shot statements that report errors, pr_sql_open/run/int, are
 * store.c's.) */
#include "store_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *pr_col_strdup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

int pr_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

void pr_sql_bindv(sqlite3_stmt *st, const char *fmt, va_list ap)
{
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] == 'i')
            sqlite3_bind_int(st, i + 1, va_arg(ap, int));
        else if (fmt[i] == 'l')
            sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
        else
            pr_bind_text(st, i + 1, va_arg(ap, const char *));
    }
}

/* Run sql (binding ints/text per fmt: 'i' int, 's' text, 'l' int64) and
 * return the first column of the first row, or dflt when none/NULL. */
long long pr_sql_scalar(pr_store *s, const char *sql, long long dflt, int *dberr, const char *fmt,
                        ...)
{
    sqlite3_stmt *st = NULL;
    va_list ap;
    long long v = dflt;
    /* After an error, run nothing: the error stays SQLite's last for the
     * caller's message (a statement run after it would say "not an
     * error"). */
    if (*dberr)
        return dflt;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        *dberr = 1;
        return dflt;
    }
    va_start(ap, fmt);
    pr_sql_bindv(st, fmt, ap);
    va_end(ap);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    else if (step != SQLITE_ROW && step != SQLITE_DONE)
        *dberr = 1;
    sqlite3_finalize(st);
    return v;
}
