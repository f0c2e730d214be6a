/* port_reserved.c - port-reserved: the number is Reserved for a requested
 * transport; RFC 6335 §6: Reserved values are not available for regular
 * assignment. */
#include "rules_int.h"

#include <stdio.h>
#include <string.h>

struct seen {
    const struct pr_request *req;
    char list[256];
    int n;
};

static int on_record(struct pr_rule_ctx *c, const struct pr_port_rec *p, void *ud)
{
    struct seen *s = ud;
    (void)c;
    if ((p->name && *p->name) || !pr_text_has_word(p->description, "reserved", 0) ||
        !(pr_tp_bit(p->protocol) & s->req->transports))
        return 0;
    size_t ol = strlen(s->list);
    char num[32];
    if (p->lo == p->hi)
        snprintf(num, sizeof num, "%d", p->lo);
    else
        snprintf(num, sizeof num, "%d-%d", p->lo, p->hi);
    snprintf(s->list + ol, sizeof s->list - ol, "%s%s/%s", s->n++ ? ", " : "", num,
             p->protocol ? p->protocol : "any");
    return 0;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    struct seen s = {.req = req};
    for (size_t i = 0; i < req->n_ports; i++) {
        int rc = pr_ctx_each_port(c, req->ports[i].lo, req->ports[i].hi, on_record, &s);
        if (rc)
            return rc;
    }
    if (!s.n)
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                        "ask for another port, or 'Port: any'; Reserved values are not "
                        "available for regular assignment",
                        "the registry marks %s Reserved", s.list);
}

const struct pr_rule pr_rule_port_reserved = {
    .id = "port-reserved",
    .rfc = "RFC 6335 §6",
    .summary = "the port is Reserved for a requested transport",
    .severity = PR_SEV_REJECT,
    .check = check,
    .audit = NULL,
};
