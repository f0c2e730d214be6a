/* ipv4_broadcast.c - ipv4-broadcast: the service relies on broadcast,
 * which IPv6 does not have; multicast serves both. */
#include "rules_int.h"

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *m = req->field[PR_REQ_MULTICAST];
    const char *d = req->field[PR_REQ_DESCRIPTION];
    int bcast = pr_text_has_word(m, "broadcast", 0) || pr_text_has_word(d, "broadcast", 0);
    if (!bcast || pr_text_has_word(m, "multicast", 0) || pr_text_has_word(m, "no", 0))
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                        "use a multicast group (IPv4 and IPv6) instead of IPv4 broadcast",
                        "the service uses broadcast, which only IPv4 has");
}

const struct pr_rule pr_rule_ipv4_broadcast = {
    .id = "ipv4-broadcast",
    .rfc = "RFC 6335 §8.1.1; RFC 7605 §7.2",
    .summary = "broadcast instead of multicast",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
