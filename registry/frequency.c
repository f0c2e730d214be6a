/* frequency.c - the usage frequency layer: how often each port/transport is
 * seen open in the wild (nmap-services), kept in its own table so that it
 * never touches registry records or their export. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

int pr_store_frequency_clear(pr_store *s, pr_error *err)
{
    return pr_store_exec(s, "DELETE FROM frequency", err);
}

int pr_store_frequency_insert(pr_store *s, const struct pr_frequency *f, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    /* A port listed twice keeps its higher frequency. */
    if ((rc = pr_store_prepare(s, &st,
                               "INSERT INTO frequency(port, protocol, name, frequency, comment) "
                               "VALUES(?, ?, ?, ?, ?) ON CONFLICT(port, protocol) DO UPDATE SET "
                               "name = excluded.name, frequency = excluded.frequency, "
                               "comment = excluded.comment "
                               "WHERE excluded.frequency > frequency.frequency", err)))
        return rc;
    sqlite3_bind_int(st, 1, f->port);
    pr_bind_text(st, 2, f->protocol);
    pr_bind_text(st, 3, f->name);
    sqlite3_bind_double(st, 4, f->frequency);
    pr_bind_text(st, 5, f->comment);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot store a frequency");
    sqlite3_finalize(st);
    return rc;
}

long pr_store_frequency_count(pr_store *s, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    long n = pr_store_prepare(s, &st, "SELECT count(*) FROM frequency", err);
    if (n)
        return n;
    n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0)
                                       : pr_store_dberr(s, err, "cannot count frequencies");
    sqlite3_finalize(st);
    return n;
}

/* Prepare sql, whose parameters are protocol, first and last port. */
static int prepare_ports(pr_store *s, sqlite3_stmt **st, const char *sql, const char *proto,
                         int lo, int hi, pr_error *err)
{
    int rc = pr_store_prepare(s, st, sql, err);
    if (rc)
        return rc;
    pr_bind_text(*st, 1, proto);
    sqlite3_bind_int(*st, 2, lo);
    sqlite3_bind_int(*st, 3, hi);
    return 0;
}

int pr_store_frequency_get(pr_store *s, int lo, int hi, const char *proto, double *freq,
                           char *name, size_t name_len, int *port, pr_error *err)
{
    int rc;
    if ((rc = prepare_ports(s, &s->get_freq,
                            "SELECT frequency, name, port FROM frequency "
                            "WHERE protocol = ? AND port BETWEEN ? AND ? "
                            "ORDER BY frequency DESC, port LIMIT 1", proto, lo, hi, err)))
        return rc;
    sqlite3_stmt *st = s->get_freq;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        struct pr_rowloc w = PR_ROWLOC(s, "frequency");
        int t = sqlite3_column_type(st, 0);
        double f = sqlite3_column_double(st, 0);
        PR_ROW_AT(&w, PR_ROW_NUM_KEY, sqlite3_column_int64(st, 2), 0, proto);
        if ((rc = pr_row_text(&w, st, 1, "name", 1, err)))
            goto out;
        if ((t != SQLITE_FLOAT && t != SQLITE_INTEGER) || !(f >= 0 && f <= 1)) {
            rc = pr_row_bad(&w, err, "frequency is not a number from 0 to 1");
            goto out;
        }
        *freq = f;
        const unsigned char *nm = sqlite3_column_text(st, 1);
        if (name && name_len)
            snprintf(name, name_len, "%s", nm ? (const char *)nm : "");
        if (port)
            *port = sqlite3_column_int(st, 2);
        rc = 1;
    } else if (step == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = pr_store_dberr(s, err, "cannot read frequencies");
    }
out:
    sqlite3_reset(st);
    return rc;
}

int pr_store_frequency_span(pr_store *s, int lo, int hi, const char *proto,
                            struct pr_frequency_span *sp, pr_error *err)
{
    int rc;
    memset(sp, 0, sizeof *sp);
    if ((rc = prepare_ports(s, &s->get_freq_span,
                            "SELECT count(*), min(frequency), max(frequency) FROM frequency "
                            "WHERE protocol = ? AND port BETWEEN ? AND ?", proto, lo, hi, err)))
        return rc;
    sqlite3_stmt *st = s->get_freq_span;
    if (sqlite3_step(st) == SQLITE_ROW) {
        sp->ports = sqlite3_column_int(st, 0);
        sp->min = sqlite3_column_double(st, 1);
        sp->max = sqlite3_column_double(st, 2);
        rc = sp->ports > 0;
    } else {
        rc = pr_store_dberr(s, err, "cannot read frequencies");
    }
    sqlite3_reset(st);
    return rc;
}

int pr_frequency_json(pr_store *s, const struct pr_record *r, int port, char *buf, size_t len,
                      pr_error *err)
{
    double freq;
    int rc = 0, range = r->port_lo >= 0 && r->port_hi > r->port_lo;
    if (port < r->port_lo || port > r->port_hi)
        port = range ? -1 : r->port_lo;
    if (port >= 0 && r->protocol)
        rc = pr_store_frequency_get(s, port, port, r->protocol, &freq, NULL, 0, NULL, err);
    if (rc < 0)
        return rc;
    int n = rc > 0 ? snprintf(buf, len, ",\"frequency\":%.6f", freq)
                   : snprintf(buf, len, ",\"frequency\":null");
    if (!range || n < 0 || (size_t)n >= len)
        return 0;
    struct pr_frequency_span sp = {0};
    if (r->protocol && (rc = pr_store_frequency_span(s, r->port_lo, r->port_hi, r->protocol,
                                                     &sp, err)) < 0)
        return rc;
    if (sp.ports)
        snprintf(buf + n, len - (size_t)n,
                 ",\"frequency_range\":{\"min\":%.6f,\"max\":%.6f,\"ports\":%d}", sp.min,
                 sp.max, sp.ports);
    else
        snprintf(buf + n, len - (size_t)n, ",\"frequency_range\":null");
    return 0;
}
