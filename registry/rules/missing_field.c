/* missing_field.c - missing-field: a request lacks a field RFC 6335 §8.1.1
 * requires (Transport and Justification only when a port is asked); in
 * audit, an assignment that names no assignee. */
#include "rules_int.h"

#include <string.h>

/* "49152-65535", from port_range.h */
#define DYNAMIC_SPAN PR_PORT_STR(PR_PORT_DYNAMIC_MIN) "-" PR_PORT_STR(PR_PORT_MAX)

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    static const int required[] = {PR_REQ_SERVICE_NAME, PR_REQ_TRANSPORT, PR_REQ_DESCRIPTION,
                                   PR_REQ_ASSIGNEE, PR_REQ_CONTACT};
    char missing[256] = "";
    int n = 0;
    for (size_t i = 0; i < sizeof required / sizeof *required + 1; i++) {
        int f = i < sizeof required / sizeof *required ? required[i] : PR_REQ_JUSTIFICATION;
        /* a service name alone (DNS-SD) needs neither a justification nor
         * a transport: IANA lists such names without one (iffl) */
        if ((f == PR_REQ_JUSTIFICATION || f == PR_REQ_TRANSPORT) && !pr_request_wants_port(req))
            continue;
        const char *v = req->field[f];
        if (v && *v)
            continue;
        size_t ol = strlen(missing);
        snprintf(missing + ol, sizeof missing - ol, "%s%s", n++ ? ", " : "",
                 pr_req_field_names[f]);
    }
    if (!n)
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                        "add the missing field(s); Justification says why a dynamic port "
                        "(" DYNAMIC_SPAN ") or a service name alone does not serve",
                        "request lacks %s: %s", n > 1 ? "required fields" : "a required field",
                        missing);
}

static int audit(struct pr_rule_ctx *c)
{
    for (size_t i = 0; i < c->all.n; i++) {
        const struct pr_svc *v = &c->all.items[i];
        if (v->has_assignee || v->historic)
            continue;
        const char *rel[] = {v->name};
        int rc = pr_rule_emit(c, PR_SEV_INFO, v->name, "RFC 6335 §8.1.1, §8.6", rel, 1,
                              "ask the registrant (or IANA's records) for an assignee and a "
                              "contact",
                              "'%s'%s%s names no assignee", v->name,
                              v->has_port ? " on port " : "", v->has_port ? v->numbers : "");
        if (rc)
            return rc;
    }
    return 0;
}

const struct pr_rule pr_rule_missing_field = {
    .id = "missing-field",
    .rfc = "RFC 6335 §8.1.1",
    .summary = "a required field of the request is absent",
    .severity = PR_SEV_REJECT,
    .check = check,
    .audit = audit,
};
