/* stats.c - registry statistics: records, people, names, and how many ports
 * are assigned / reserved / unassigned per range and transport. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

const char *const pr_stats_protocols[4] = {"tcp", "udp", "sctp", "dccp"};

static long count(pr_store *s, const char *sql, int *rc, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    long n = 0;
    if (*rc)
        return 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        *rc = pr_store_dberr(s, err, "cannot compute statistics");
    else
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void copy_meta(pr_store *s, const char *key, char *dst, size_t len)
{
    char *v = NULL;
    dst[0] = 0;
    if (pr_store_meta_get(s, key, &v, NULL) == 0 && v)
        snprintf(dst, len, "%s", v);
    free(v);
}

/* Each port of each transport counts once, by the strongest claim on it:
 * assigned > reserved > unassigned.  A record without a protocol applies to
 * tcp and udp, as IANA's "Unassigned" ranges do. */
int pr_stats_compute(pr_store *s, struct pr_stats *st, pr_error *err)
{
    int rc = 0;
    memset(st, 0, sizeof *st);
    st->records = count(s, "SELECT count(*) FROM record", &rc, err);
    st->people = count(s, "SELECT count(*) FROM person", &rc, err);
    st->names = count(s, "SELECT count(DISTINCT lower(name)) FROM record WHERE coalesce(name,'')<>''",
                      &rc, err);
    st->name_only = count(s, "SELECT count(*) FROM record WHERE number IS NULL", &rc, err);
    st->xrefs = count(s, "SELECT count(*) FROM xref", &rc, err);
    st->notes = count(s, "SELECT count(*) FROM note", &rc, err);
    if (rc)
        return rc;
    copy_meta(s, "updated", st->updated, sizeof st->updated);
    copy_meta(s, "title", st->title, sizeof st->title);

    /* claim[p][port]: 0 none, 1 unassigned, 2 reserved, 3 assigned */
    unsigned char (*claim)[65536] = calloc(4, sizeof *claim);
    sqlite3_stmt *q = NULL;
    if (!claim)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    if (sqlite3_prepare_v2(s->db,
                           "SELECT protocol, port_lo, port_hi, name, description FROM record "
                           "WHERE port_lo IS NOT NULL", -1, &q, NULL) != SQLITE_OK) {
        free(claim);
        return pr_store_dberr(s, err, "cannot compute statistics");
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        struct pr_record r;
        pr_record_init(&r);
        r.name = (char *)sqlite3_column_text(q, 3);
        r.description = (char *)sqlite3_column_text(q, 4);
        int c = 3 - (int)pr_record_state(&r); /* assigned 3, reserved 2, unassigned 1 */
        const char *proto = (const char *)sqlite3_column_text(q, 0);
        int lo = sqlite3_column_int(q, 1), hi = sqlite3_column_int(q, 2);
        for (int p = 0; p < 4; p++) {
            if (proto ? strcmp(proto, pr_stats_protocols[p]) : p > 1)
                continue;
            for (int port = lo; port <= hi; port++)
                if (claim[p][port] < c)
                    claim[p][port] = (unsigned char)c;
        }
    }
    sqlite3_finalize(q);
    for (int p = 0; p < 4; p++)
        for (int port = 0; port < 65536; port++) {
            int r = pr_port_range(port) - 1;
            struct pr_stats_cell *cell = &st->ports[r][p];
            switch (claim[p][port]) {
            case 3: cell->assigned++; break;
            case 2: cell->reserved++; break;
            default: cell->unassigned++; break;
            }
        }
    free(claim);
    return 0;
}
