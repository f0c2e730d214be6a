/* port_reserved.c - port-reserved: the number is Reserved for a requested
 * transport.  RFC 6335 §6: Reserved values are not available for regular
 * assignment.  Three kinds are told apart (holders.h): a row kept beside
 * an assignment for that assignee (the other half of a tcp/udp pair) -
 * the applicant's own is no finding here (own-registration), someone
 * else's is a reject naming them; a row left by a de-assignment or
 * revocation - only reuse gives it again (RFC 6335 §8.3); any other
 * Reserved row - a reject. */
#include "rules_int.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

#define MAX_ROWS 8

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const struct pr_facts *f = pr_ctx_facts(c, req);
    const struct pr_held *hit[MAX_ROWS];
    struct pr_strbuf list = PR_STRBUF_INIT;
    size_t n = 0;
    int reject = 0, deassigned = 0, beside = 0;
    if (!f)
        return c->err->code;
    for (size_t i = 0; i < f->n_ports && n < MAX_ROWS; i++) {
        const struct pr_held *h = &f->ports[i];
        if (h->state != PR_STATE_RESERVED || h->relation == PR_REL_OWN)
            continue;
        hit[n++] = h;
        char title[128], who[600];
        const char *why = h->deassigned ? " (de-assigned: reuse only, RFC 6335 §8.3)" : "";
        pr_strbuf_addf(&list, "%s%s%s%s", list.len ? "; " : "",
                       pr_held_title(h, title, sizeof title), why,
                       pr_held_who(h, who, sizeof who));
        reject |= h->relation != PR_REL_LIKELY;
        deassigned |= h->deassigned;
        beside |= h->beside[0] != 0;
    }
    if (!n)
        return 0;
    const char *suggestion =
        !reject ? "the row is kept for an assignment that looks like the applicant's (their "
                  "contact or their organisation's mail domain): confirm it, then treat the "
                  "request as a change of that registration (RFC 6335 §8.6)"
        : beside ? "the number is kept for the assignee of the assignment beside it: ask for "
                   "another port or 'Port: any', or have that assignee ask"
        : deassigned ? "ask for another port or 'Port: any'; a de-assigned port is given "
                       "again only by reuse (RFC 6335 §8.3)"
                     : "ask for another port, or 'Port: any'; Reserved values are not "
                       "available for regular assignment";
    int rc = list.oom ? pr_error_set(c->err, PR_ENOMEM, "out of memory")
                      : pr_rule_emit(c, reject ? PR_SEV_REJECT : PR_SEV_WARN,
                                     pr_request_name(req), deassigned ? "RFC 6335 §6, §8.3" : NULL,
                                     NULL, 0, suggestion,
                                     "the registry marks the port Reserved: %s",
                                     pr_strbuf_str(&list));
    pr_strbuf_release(&list);
    for (size_t i = 0; i < n && !rc; i++)
        rc = pr_rule_attach(c, hit[i]);
    return rc;
}

const struct pr_rule pr_rule_port_reserved = {
    .id = "port-reserved",
    .rfc = "RFC 6335 §6",
    .summary = "the port is Reserved for a requested transport",
    .severity = PR_SEV_REJECT,
    .check = check,
    .audit = NULL,
};
