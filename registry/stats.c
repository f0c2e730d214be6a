/* stats.c - registry statistics: records, people, names, and how many ports
 * are assigned / reserved / unassigned per range and transport. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

const char *const pr_stats_protocols[4] = {"tcp", "udp", "sctp", "dccp"};

static long count(pr_store *s, const char *sql, int *rc, pr_error *err)
{
    long long n = 0;
    if (!*rc)
        *rc = pr_sql_int(s, err, "cannot compute statistics", &n, 0, sql, "");
    return (long)n;
}

/* Meta key into dst ("" when absent); an error is not "absent". */
static int copy_meta(pr_store *s, const char *key, char *dst, size_t len, pr_error *err)
{
    char *v = NULL;
    dst[0] = 0;
    int rc = pr_store_meta_get(s, key, &v, err);
    if (rc == 0 && v)
        snprintf(dst, len, "%s", v);
    free(v);
    return rc == PR_ENOTFOUND ? 0 : rc;
}

/* Each port of each transport counts once, by the strongest claim on it
 * (pr_store_port_map). */
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
    if ((rc = copy_meta(s, "updated", st->updated, sizeof st->updated, err)) ||
        (rc = copy_meta(s, "title", st->title, sizeof st->title, err)))
        return rc;

    unsigned char *map = malloc(PR_PORT_COUNT);
    if (!map)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    for (int p = 0; p < 4 && !rc; p++) {
        if ((rc = pr_store_port_map(s, pr_stats_protocols[p], map, err)))
            break;
        for (int port = 0; port < PR_PORT_COUNT; port++) {
            struct pr_stats_cell *cell = &st->ports[pr_port_range(port) - 1][p];
            switch (map[port]) {
            case PR_PORT_ASSIGNED: cell->assigned++; break;
            case PR_PORT_RESERVED: cell->reserved++; break;
            default: cell->unassigned++; break;
            }
        }
    }
    free(map);
    return rc;
}
