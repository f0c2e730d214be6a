/* security_unstated.c - security-unstated: a port is asked and the request
 * does not say how the service is secured (RFC 7605 §7.4). */
#include "rules_int.h"

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *s = req->field[PR_REQ_SECURITY];
    if (!pr_request_wants_port(req) || (s && *s))
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                        "add a Security field: how the service authenticates and protects "
                        "its traffic, on the same port",
                        "the request does not say how the service is secured");
}

const struct pr_rule pr_rule_security_unstated = {
    .id = "security-unstated",
    .rfc = "RFC 7605 §7.4",
    .summary = "no Security answer",
    .severity = PR_SEV_INFO,
    .check = check,
    .audit = NULL,
};
