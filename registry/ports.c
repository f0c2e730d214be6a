/* ports.c - the port space per transport: which ports are assigned,
 * reserved or unassigned, and which unassigned ports are nearest. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PORT_MAP_SQL \
    "SELECT port_lo, port_hi, name, description, id FROM record " \
    "WHERE port_lo IS NOT NULL AND (protocol = ?1 OR (protocol IS NULL " \
    "AND (?1 IS NULL OR ?1 IN ('tcp', 'udp'))) OR (?1 IS NULL AND " \
    "protocol IN ('tcp', 'udp', 'sctp', 'dccp')))"

/* The map of ports [a, b] only (the rest of map untouched): the records
 * overlapping it, from the port indexes. */
static int port_map_range(pr_store *s, const char *proto, int a, int b, unsigned char *map,
                          pr_error *err)
{
    sqlite3_stmt *q = NULL;
    int rc = 0, whole = a == 0 && b == PR_PORT_MAX;
    memset(map + a, PR_PORT_UNASSIGNED, (size_t)(b - a + 1));
    if (sqlite3_prepare_v2(s->db,
                           whole ? PORT_MAP_SQL
                                 : PORT_MAP_SQL " AND " PR_SQL_PORTS_OVERLAP("?2", "?3"),
                           -1, &q, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read the port space");
    pr_bind_text(q, 1, proto);
    if (!whole) {
        sqlite3_bind_int(q, 2, a);
        sqlite3_bind_int(q, 3, b);
    }
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
        for (int port = lo < a ? a : lo; port <= hi && port <= b; port++)
            if (map[port] < c)
                map[port] = c;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read the port space");
    sqlite3_finalize(q);
    return rc;
}

int pr_store_port_map(pr_store *s, const char *proto, unsigned char *map, pr_error *err)
{
    return port_map_range(s, proto, 0, PR_PORT_MAX, map, err);
}

int pr_store_nearest_unassigned(pr_store *s, int port, const char *proto, int *below,
                                int *above, pr_error *err)
{
    unsigned char *map = malloc(PR_PORT_COUNT);
    int rc;
    *below = *above = -1;
    if (!map)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    /* The map of a window around port, widened until both answers are in
     * it (a look-up reads the records near the port, not the registry). */
    for (int w = 256;; w *= 4) {
        int a = port - w < 0 ? 0 : port - w, b = port + w > PR_PORT_MAX ? PR_PORT_MAX : port + w;
        if ((rc = port_map_range(s, proto ? proto : "tcp", a, b, map, err)))
            break;
        *below = *above = -1;
        /* Dynamic ports are never assigned: do not offer them. */
        for (int p = port - 1; p >= a && *below < 0; p--)
            if (map[p] == PR_PORT_UNASSIGNED && pr_port_range(p) != PR_RANGE_DYNAMIC)
                *below = p;
        for (int p = port + 1; p < PR_PORT_DYNAMIC_MIN && p <= b && *above < 0; p++)
            if (map[p] == PR_PORT_UNASSIGNED)
                *above = p;
        if ((*below >= 0 || a == 0) && (*above >= 0 || b >= PR_PORT_USER_MAX))
            break;
    }
    free(map);
    return rc;
}
