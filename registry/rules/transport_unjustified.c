/* transport_unjustified.c - transport-unjustified: UDP or DCCP without a
 * Congestion answer, or several transports without saying why each is
 * needed (RFC 6335 §7.2: only the transports the service uses). */
#include "rules_int.h"

#include <string.h>

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    char why[512] = "";
    const char *cong = req->field[PR_REQ_CONGESTION];
    if (!pr_request_wants_port(req))
        return 0;
    if ((req->transports & (PR_TP_UDP | PR_TP_DCCP)) && !(cong && *cong))
        snprintf(why, sizeof why, "%s is asked without a Congestion answer",
                 (req->transports & PR_TP_UDP) ? "UDP" : "DCCP");
    int count = 0;
    char unexplained[64] = "";
    for (int i = 0; i < 4; i++)
        if (req->transports & (1u << i)) {
            count++;
            if (!pr_text_has_word(req->field[PR_REQ_JUSTIFICATION], pr_tp_names[i], 0) &&
                !pr_text_has_word(req->field[PR_REQ_NOTES], pr_tp_names[i], 0)) {
                size_t ol = strlen(unexplained);
                snprintf(unexplained + ol, sizeof unexplained - ol, "%s%s", ol ? ", " : "",
                         pr_tp_names[i]);
            }
        }
    if (count > 1 && *unexplained) {
        size_t ol = strlen(why);
        snprintf(why + ol, sizeof why - ol, "%s%d transports are asked and the justification "
                 "does not say why %s %s needed", ol ? "; " : "", count, unexplained,
                 strchr(unexplained, ',') ? "are" : "is");
    }
    if (!*why)
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                        "ask only for the transports the service uses; for UDP describe the "
                        "congestion control (RFC 8085)", "%s", why);
}

const struct pr_rule pr_rule_transport_unjustified = {
    .id = "transport-unjustified",
    .rfc = "RFC 6335 §7.2; RFC 7605 §7.6",
    .summary = "a transport is asked without saying why or how it is congestion-controlled",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
