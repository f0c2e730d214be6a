/* port_system.c - port-system: a System Port (0-1023) is assigned only by
 * IETF Review or IESG Approval (RFC 6335 §6, §8.1.2): a warning with such a
 * reference, a reject without one. */
#include "rules_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Does the text name an IETF Review or IESG Approval path (the phrases, an
 * RFC, or an IETF working-group draft)? */
static int ietf_path(const char *t)
{
    if (!t)
        return 0;
    for (const char *p = t; *p; p++) {
        if (!strncasecmp(p, "ietf review", 11) || !strncasecmp(p, "iesg approval", 13) ||
            !strncasecmp(p, "draft-ietf-", 11))
            return 1;
        if (!strncasecmp(p, "rfc", 3) && (p == t || !isalnum((unsigned char)p[-1]))) {
            const char *q = p + 3;
            while (*q == ' ')
                q++;
            if (isdigit((unsigned char)*q))
                return 1;
        }
    }
    return 0;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    int system = req->port_kind == PR_PORT_SYSTEM;
    for (size_t i = 0; i < req->n_ports; i++)
        system |= req->ports[i].lo <= 1023;
    if (!system)
        return 0;
    int ok = ietf_path(req->field[PR_REQ_REFERENCE]) ||
             ietf_path(req->field[PR_REQ_JUSTIFICATION]);
    if (ok)
        return pr_rule_emit(c, PR_SEV_WARN, pr_request_name(req), NULL, NULL, 0,
                            "confirm the IETF Review or IESG Approval before assigning; "
                            "otherwise offer a user port",
                            "a System Port (0-1023) is asked; the reference names an IETF "
                            "path, which System Ports require");
    return pr_rule_emit(c, PR_SEV_REJECT, pr_request_name(req), NULL, NULL, 0,
                        "ask for a user port ('Port: any'), or come back with an IETF Review "
                        "or IESG Approval document",
                        "a System Port (0-1023) is asked without an IETF Review or IESG "
                        "Approval reference");
}

const struct pr_rule pr_rule_port_system = {
    .id = "port-system",
    .rfc = "RFC 6335 §6, §8.1.2",
    .summary = "a System Port is asked (IETF Review or IESG Approval only)",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
