/* ports.c - the port space per transport: which ports are assigned,
 * reserved or unassigned, and which unassigned ports are nearest. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pr_store_port_map(pr_store *s, const char *proto, unsigned char *map, pr_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = 0;
    memset(map, PR_PORT_UNASSIGNED, PR_PORT_COUNT);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT port_lo, port_hi, name, description, id FROM record "
                           "WHERE port_lo IS NOT NULL AND (protocol = ?1 OR (protocol IS NULL "
                           "AND (?1 IS NULL OR ?1 IN ('tcp', 'udp'))) OR (?1 IS NULL AND "
                           "protocol IN ('tcp', 'udp', 'sctp', 'dccp')))", -1, &q,
                           NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read the port space");
    pr_bind_text(q, 1, proto);
    int step;
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        struct pr_rowloc w = PR_ROWLOC(s, "record");
        int lo, hi;
        PR_ROW_AT(&w, PR_ROW_NUM, sqlite3_column_int64(q, 4), 0, NULL);
        if ((rc = pr_row_ports(&w, q, 0, &lo, &hi, err)) ||
            (rc = pr_row_text(&w, q, 2, "name", 1, err)) ||
            (rc = pr_row_text(&w, q, 3, "description", 1, err)))
            break;
        struct pr_record r;
        pr_record_init(&r);
        r.name = (char *)sqlite3_column_text(q, 2);
        r.description = (char *)sqlite3_column_text(q, 3);
        enum pr_state st = pr_record_state(&r);
        unsigned char c = st == PR_STATE_ASSIGNED ? PR_PORT_ASSIGNED
                        : st == PR_STATE_RESERVED ? PR_PORT_RESERVED : PR_PORT_UNASSIGNED;
        for (int port = lo; port <= hi; port++)
            if (map[port] < c)
                map[port] = c;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read the port space");
    sqlite3_finalize(q);
    return rc;
}

int pr_store_nearest_unassigned(pr_store *s, int port, const char *proto, int *below,
                                int *above, pr_error *err)
{
    unsigned char *map = malloc(PR_PORT_COUNT);
    int rc;
    *below = *above = -1;
    if (!map)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    if (!(rc = pr_store_port_map(s, proto ? proto : "tcp", map, err))) {
        /* Dynamic ports are never assigned: do not offer them. */
        for (int p = port - 1; p >= 0 && *below < 0; p--)
            if (map[p] == PR_PORT_UNASSIGNED && pr_port_range(p) != PR_RANGE_DYNAMIC)
                *below = p;
        for (int p = port + 1; p < PR_PORT_DYNAMIC_MIN && *above < 0; p++)
            if (map[p] == PR_PORT_UNASSIGNED)
                *above = p;
    }
    free(map);
    return rc;
}
