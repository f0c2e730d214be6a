/* portmap.c - the port space 0-65535 as a density map: the strongest claim
 * on each port over every transport (from pr_store_port_map) and per-block
 * counts of those claims. */
#include "browse.h"

#include <string.h>

int pr_portmap_claims(pr_store *s, unsigned char *claim, pr_error *err)
{
    /* one pass over the records: a key in the TUI opens the map */
    return pr_store_port_map(s, NULL, claim, err);
}

void pr_portmap_blocks(const unsigned char *claim, int block_size, struct pr_portmap_block *out)
{
    int n = PR_PORT_COUNT / block_size;
    for (int b = 0; b < n; b++) {
        struct pr_portmap_block *k = &out[b];
        memset(k, 0, sizeof *k);
        k->lo = b * block_size;
        k->hi = k->lo + block_size - 1;
        for (int port = k->lo; port <= k->hi; port++) {
            switch (claim[port]) {
            case PR_PORT_ASSIGNED: k->assigned++; break;
            case PR_PORT_RESERVED: k->reserved++; break;
            default: k->unassigned++; break;
            }
        }
    }
}
