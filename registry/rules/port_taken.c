/* port_taken.c - port-taken: the number is assigned already for a
 * requested transport; related = the holders. */
#include "rules_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_HOLDERS 8

struct seen {
    const struct pr_request *req;
    char names[MAX_HOLDERS][64];
    char list[512];
    size_t n;
};

static int on_record(struct pr_rule_ctx *c, const struct pr_port_rec *p, void *ud)
{
    struct seen *s = ud;
    (void)c;
    if (!p->name || !*p->name || !(pr_tp_bit(p->protocol) & s->req->transports))
        return 0;
    char num[32];
    if (p->lo == p->hi)
        snprintf(num, sizeof num, "%d", p->lo);
    else
        snprintf(num, sizeof num, "%d-%d", p->lo, p->hi);
    size_t ol = strlen(s->list);
    snprintf(s->list + ol, sizeof s->list - ol, "%s%s %s/%s", ol ? ", " : "", p->name, num,
             p->protocol ? p->protocol : "any");
    for (size_t i = 0; i < s->n; i++)
        if (!strcasecmp(s->names[i], p->name))
            return 0;
    if (s->n < MAX_HOLDERS)
        snprintf(s->names[s->n++], sizeof s->names[0], "%s", p->name);
    return 0;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    struct seen s = {.req = req};
    const char *rel[MAX_HOLDERS];
    for (size_t i = 0; i < req->n_ports; i++) {
        int rc = pr_ctx_each_port(c, req->ports[i].lo, req->ports[i].hi, on_record, &s);
        if (rc)
            return rc;
    }
    if (!s.n)
        return 0;
    for (size_t i = 0; i < s.n; i++)
        rel[i] = s.names[i];
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, rel, s.n,
                        "ask for 'Port: any' or a port 'portreg search --port' shows "
                        "unassigned for every requested transport",
                        "the port is assigned already: %s", s.list);
}

const struct pr_rule pr_rule_port_taken = {
    .id = "port-taken",
    .rfc = "RFC 6335 §7.2, §8.1.1",
    .summary = "the port is assigned already for a requested transport",
    .severity = PR_SEV_REJECT,
    .check = check,
    .audit = NULL,
};
