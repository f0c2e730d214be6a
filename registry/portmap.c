/* portmap.c - the port space 0-65535 as a density map: the strongest claim
 * on each port over every transport (from pr_store_port_map) and per-block
 * counts of those claims. */
#include "browse.h"

#include <stdlib.h>
#include <string.h>

int pr_portmap_claims(pr_store *s, unsigned char *claim, pr_error *err)
{
    static const char *const protos[] = {"tcp", "udp", "sctp", "dccp"};
    unsigned char *one = malloc(65536);
    int rc = 0;
    if (!one)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    memset(claim, PR_PORT_UNASSIGNED, 65536);
    for (size_t i = 0; i < sizeof protos / sizeof *protos && !rc; i++) {
        if ((rc = pr_store_port_map(s, protos[i], one, err)))
            break;
        for (int port = 0; port < 65536; port++)
            if (one[port] > claim[port])
                claim[port] = one[port];
    }
    free(one);
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
            case PR_PORT_ASSIGNED: k->assigned++; break;
            case PR_PORT_RESERVED: k->reserved++; break;
            default: k->unassigned++; break;
            }
        }
    }
}
