/* port_taken.c - port-taken: the number is assigned already for a
 * requested transport.  The finding names each holder (service,
 * port/transport, assignee, contact) and the path that fits: the holder is
 * the applicant's own -> no finding here (own-registration, RFC 6335
 * §8.6); the holder looks like the applicant's (their contact, their
 * organisation's mail domain) -> a warning to confirm; someone else -> a
 * reject: the port is assigned (§8.1), so one of the nearest free ports;
 * a transfer (§8.5, with the holder's consent) only for that same service;
 * a record that names nobody -> the nearest free ports.  related = the
 * holders. */
#include "edit.h"
#include "rules_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_HOLDERS 8

/* " Free near 7123 for tcp,udp: 7124, 7130, 7131." into buf ("" when none). */
static int free_near(struct pr_rule_ctx *c, const struct pr_request *req, char *buf,
                     size_t len)
{
    int port = req->ports[0].lo, ports[3];
    const char *proto = NULL;
    int count = 0;
    for (int t = 0; t < 4; t++)
        if (req->transports & (1u << t)) {
            proto = pr_tp_names[t];
            count++;
        }
    pr_error local = {0};
    long n = pr_ports_free(c->store, count == 1 ? proto : NULL,
                           port < PR_PORT_USER_MIN ? PR_RANGE_SYSTEM : PR_RANGE_USER, port, ports, 3,
                           &local);
    buf[0] = 0;
    if (n < 0)
        return n == PR_ENOMEM ? pr_error_set(c->err, PR_ENOMEM, "out of memory") : 0;
    size_t o = 0;
    for (long i = 0; i < n && o < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "%s%d", i ? ", " : "", ports[i]);
    return 0;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const struct pr_facts *f = pr_ctx_facts(c, req);
    const struct pr_held *hit[MAX_HOLDERS];
    const char *rel[MAX_HOLDERS];
    char list[1024] = "", near[64] = "", consent[400] = "";
    size_t n = 0, n_rel = 0, o = 0;
    int worst = PR_SEV_INFO, likely = 0, other = 0, unknown = 0;
    if (!f)
        return c->err->code;
    for (size_t i = 0; i < f->n_ports && n < MAX_HOLDERS; i++) {
        const struct pr_held *h = &f->ports[i];
        if (h->state != PR_STATE_ASSIGNED || h->relation == PR_REL_OWN)
            continue;
        hit[n++] = h;
        likely += h->relation == PR_REL_LIKELY;
        other += h->relation == PR_REL_OTHER;
        unknown += h->relation == PR_REL_UNKNOWN;
        char title[128], who[600];
        o += (size_t)snprintf(list + o, o < sizeof list ? sizeof list - o : 0, "%s%s%s",
                              o ? "; " : "", pr_held_title(h, title, sizeof title),
                              pr_held_who(h, who, sizeof who));
        int seen = 0;
        for (size_t k = 0; k < n_rel; k++)
            seen |= !strcasecmp(rel[k], h->name);
        if (!seen)
            rel[n_rel++] = h->name;
        if (h->relation == PR_REL_OTHER && !consent[0])
            snprintf(consent, sizeof consent, "%s%s%s%s",
                     h->contact_label[0] ? h->contact_label : h->assignee_label,
                     h->contact_mail[0] ? " <" : "", h->contact_mail,
                     h->contact_mail[0] ? ">" : "");
    }
    if (!n)
        return 0;
    worst = other || unknown ? PR_SEV_REJECT : PR_SEV_WARN;
    int rc = free_near(c, req, near, sizeof near);
    if (rc)
        return rc;
    char suggestion[1024];
    size_t so = 0;
    suggestion[0] = 0;
    if (likely && !other && !unknown)
        so += (size_t)snprintf(suggestion, sizeof suggestion,
                               "the holder looks like the applicant (their contact or their "
                               "organisation's mail domain): confirm it, then change that "
                               "registration (modification, RFC 6335 §8.6) or have it "
                               "transferred (§8.5)");
    if ((other || unknown) && so < sizeof suggestion)
        so += (size_t)snprintf(suggestion + so, sizeof suggestion - so, "%s%s%s",
                               so ? "; or " : "",
                               near[0] ? "ask for a free port near it: " : "ask for 'Port: any'",
                               near);
    if (other && so < sizeof suggestion)
        snprintf(suggestion + so, sizeof suggestion - so,
                 "; only if the request is for that same service, a transfer with the "
                 "holder's consent (RFC 6335 §8.5)%s%s",
                 consent[0] ? ": ask " : "", consent);
    if ((rc = pr_rule_emit(c, worst, pr_request_name(req),
                           other ? "RFC 6335 §8.1, §8.5" : likely ? "RFC 6335 §8.5, §8.6" : NULL, rel,
                           n_rel, suggestion, "the port is assigned already: %s", list)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++)
        rc = pr_rule_attach(c, hit[i]);
    return rc;
}

const struct pr_rule pr_rule_port_taken = {
    .id = "port-taken",
    .rfc = "RFC 6335 §8.1, §8.5",
    .summary = "the port is assigned already for a requested transport",
    .severity = PR_SEV_REJECT,
    .check = check,
    .audit = NULL,
};
