/* port_in_use.c - port-in-use: the requested port is seen open in the wild
 * (the nmap-services frequency layer, registry/frequency.c) under another
 * name than the request's.  Information for the reviewer: traffic already
 * on the port will meet the new service.  Silent without the layer. */
#include "rules_int.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    struct pr_strbuf list = PR_STRBUF_INIT;
    const char *rel[8];
    char names[8][64];
    size_t n_rel = 0;

    if (req->port_kind != PR_PORT_NUMBERS)
        return 0;
    for (size_t i = 0; i < req->n_ports; i++) {
        for (int t = 0; t < 4; t++) {
            if (!(req->transports & (1u << t)))
                continue;
            double f;
            char name[64];
            int port;
            int rc = pr_store_frequency_get(c->store, req->ports[i].lo, req->ports[i].hi,
                                            pr_tp_names[t], &f, name, sizeof name, &port,
                                            c->err);
            if (rc < 0) {
                pr_strbuf_release(&list);
                return rc;
            }
            if (rc == 0 || f <= 0 || !strcasecmp(name, pr_request_name(req)))
                continue;
            pr_strbuf_addf(&list, "%s%d/%s as '%s' on %.2f%% of hosts", list.len ? ", " : "",
                           port, pr_tp_names[t], name, f * 100);
            int seen = 0;
            for (size_t k = 0; k < n_rel; k++)
                seen |= !strcmp(names[k], name);
            if (!seen && n_rel < 8) {
                snprintf(names[n_rel], sizeof names[0], "%s", name);
                rel[n_rel] = names[n_rel];
                n_rel++;
            }
        }
    }
    if (!list.len && !list.oom)
        return 0;
    int rc = list.oom ? pr_error_set(c->err, PR_ENOMEM, "out of memory")
             : pr_rule_emit(c, -1, pr_request_name(req), NULL, rel, n_rel,
                            "expect traffic of the other use on the port; a port nmap rarely "
                            "sees open avoids the clash",
                            "the port is observed in use by something else: %s (nmap-services)",
                            pr_strbuf_str(&list));
    pr_strbuf_release(&list);
    return rc;
}

const struct pr_rule pr_rule_port_in_use = {
    .id = "port-in-use",
    .rfc = "RFC 6335 §8.1.1",
    .summary = "the port is observed in use by something else (nmap-services)",
    .severity = PR_SEV_INFO,
    .check = check,
    .audit = NULL,
};
