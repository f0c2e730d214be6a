/* multiple_ports.c - multiple-ports: more than one port, or a range, for
 * one service (RFC 6335 §7.2: one port per service). */
#include "rules_int.h"

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    int count = 0;
    for (size_t i = 0; i < req->n_ports; i++)
        count += req->ports[i].hi - req->ports[i].lo + 1;
    if (count < 2)
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                        "one port per service: multiplex the functions over one port, or "
                        "justify each additional port separately",
                        "%d ports are asked for one service (RFC 6335 §7.2 conserves ports: "
                        "one per service)", count);
}

const struct pr_rule pr_rule_multiple_ports = {
    .id = "multiple-ports",
    .rfc = "RFC 6335 §7.2; RFC 7605 §7.2",
    .summary = "more than one port, or a range, is asked",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
