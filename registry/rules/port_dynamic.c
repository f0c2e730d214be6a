/* port_dynamic.c - port-dynamic: a port in the Dynamic range, which IANA
 * never assigns (RFC 6335 §6, §8.1.2). */
#include "rules_int.h"

/* "49152-65535", from port_range.h */
#define DYNAMIC_SPAN PR_PORT_STR(PR_PORT_DYNAMIC_MIN) "-" PR_PORT_STR(PR_PORT_MAX)

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    for (size_t i = 0; i < req->n_ports; i++) {
        const struct pr_port_span *p = &req->ports[i];
        if (p->hi < PR_PORT_DYNAMIC_MIN)
            continue;
        char num[32];
        if (p->lo == p->hi)
            snprintf(num, sizeof num, "%d", p->lo);
        else
            snprintf(num, sizeof num, "%d-%d", p->lo, p->hi);
        return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                            "ask for 'Port: any' (a user port of IANA's choice) or use a "
                            "dynamic port found at run time, e.g. through DNS-SD",
                            "port %s lies in the Dynamic Ports range " DYNAMIC_SPAN ", which is "
                            "never assigned", num);
    }
    return 0;
}

const struct pr_rule pr_rule_port_dynamic = {
    .id = "port-dynamic",
    .rfc = "RFC 6335 §6, §8.1.2",
    .summary = "the port is in the Dynamic range " DYNAMIC_SPAN,
    .severity = PR_SEV_REJECT,
    .check = check,
    .audit = NULL,
};
