/* dccp_service_code.c - dccp-service-code: a DCCP port without a DCCP
 * service code (RFC 6335 §8.1.1 asks for it with DCCP requests). */
#include "rules_int.h"

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *sc = req->field[PR_REQ_SERVICE_CODE];
    if (!(req->transports & PR_TP_DCCP) || !pr_request_wants_port(req) || (sc && *sc))
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                        "add a Service-Code (RFC 5595) for the DCCP port",
                        "DCCP is asked without a DCCP service code");
}

const struct pr_rule pr_rule_dccp_service_code = {
    .id = "dccp-service-code",
    .rfc = "RFC 6335 §8.1.1; RFC 5595",
    .summary = "DCCP without a service code",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
