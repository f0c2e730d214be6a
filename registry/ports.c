/* ports.c - questions about the port space: which ports near a given one
 * are unassigned. */
#include "store_int.h"

int pr_store_nearest_unassigned(pr_store *s, int port, const char *proto, int *below,
                                int *above, pr_error *err)
{
    static const char *const sql[2] = {
        /* below: the highest unassigned port < port */
        "SELECT min(port_hi, ?1 - 1) FROM record WHERE port_lo < ?1 "
        "AND (protocol = ?2 OR protocol IS NULL) AND coalesce(name,'') = '' "
        "AND description LIKE 'unassigned%' "
        "AND NOT EXISTS (SELECT 1 FROM record o WHERE o.port_lo <= min(record.port_hi, ?1 - 1) "
        "  AND o.port_hi >= min(record.port_hi, ?1 - 1) AND (o.protocol = ?2 OR o.protocol IS NULL) "
        "  AND NOT (coalesce(o.name,'') = '' AND o.description LIKE 'unassigned%')) "
        "ORDER BY port_hi DESC LIMIT 1",
        /* above: the lowest unassigned port > port */
        "SELECT max(port_lo, ?1 + 1) FROM record WHERE port_hi > ?1 "
        "AND (protocol = ?2 OR protocol IS NULL) AND coalesce(name,'') = '' "
        "AND description LIKE 'unassigned%' "
        "AND NOT EXISTS (SELECT 1 FROM record o WHERE o.port_lo <= max(record.port_lo, ?1 + 1) "
        "  AND o.port_hi >= max(record.port_lo, ?1 + 1) AND (o.protocol = ?2 OR o.protocol IS NULL) "
        "  AND NOT (coalesce(o.name,'') = '' AND o.description LIKE 'unassigned%')) "
        "ORDER BY port_lo LIMIT 1",
    };
    int *out[2] = {below, above};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        *out[i] = -1;
        if (sqlite3_prepare_v2(s->db, sql[i], -1, &st, NULL) != SQLITE_OK)
            return pr_store_dberr(s, err, "cannot prepare query");
        sqlite3_bind_int(st, 1, port);
        sqlite3_bind_text(st, 2, proto ? proto : "tcp", -1, SQLITE_STATIC);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            *out[i] = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            return pr_store_dberr(s, err, "cannot query ports");
    }
    return 0;
}
