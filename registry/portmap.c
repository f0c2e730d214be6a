/* portmap.c - the port space 0-65535 as a density map: the strongest claim
 * on each port (assigned > reserved > unassigned, over every transport) and
 * per-block counts of those claims. */
#include "browse.h"
#include "store_int.h"

#include <string.h>

int pr_portmap_claims(pr_store *s, unsigned char *claim, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;

    memset(claim, PR_CLAIM_NONE, 65536);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT port_lo, port_hi, name, description FROM record "
                           "WHERE port_lo IS NOT NULL", -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read ports");
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_record r;
        pr_record_init(&r);
        r.name = (char *)sqlite3_column_text(st, 2);
        r.description = (char *)sqlite3_column_text(st, 3);
        unsigned char c;
        switch (pr_record_state(&r)) {
        case PR_STATE_UNASSIGNED: c = PR_CLAIM_UNASSIGNED; break;
        case PR_STATE_RESERVED: c = PR_CLAIM_RESERVED; break;
        default: c = PR_CLAIM_ASSIGNED; break;
        }
        int lo = sqlite3_column_int(st, 0), hi = sqlite3_column_int(st, 1);
        if (lo < 0 || hi > 65535)
            continue;
        for (int port = lo; port <= hi; port++)
            if (claim[port] < c)
                claim[port] = c;
    }
    if (step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read ports");
    sqlite3_finalize(st);
    return rc;
}

void pr_portmap_blocks(const unsigned char *claim, int block_size, struct pr_portmap_block *out)
{
    int n = 65536 / block_size;
    for (int b = 0; b < n; b++) {
        struct pr_portmap_block *k = &out[b];
        memset(k, 0, sizeof *k);
        k->lo = b * block_size;
        k->hi = k->lo + block_size - 1;
        for (int port = k->lo; port <= k->hi; port++) {
            switch (claim[port]) {
            case PR_CLAIM_ASSIGNED: k->assigned++; break;
            case PR_CLAIM_RESERVED: k->reserved++; break;
            default: k->unassigned++; break;
            }
        }
    }
}
