/* run_conflict.c - run-conflict: two requests reviewed together (one
 * `review` run, one TUI queue) ask for the same service name or the same
 * port and transport: whichever is granted first takes it from the other.
 * The later request gets the finding, naming the earlier one's FILE:LINE.
 * Not a conflict: the same applicant asking for the same name on the same
 * number in two stanzas, one transport each. */
#include "rules_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_EARLIER 8

/* Do a and b ask for a common port on a common transport? "7123/udp" into
 * buf when they do. */
static int same_port(const struct pr_request *a, const struct pr_request *b, char *buf,
                     size_t len)
{
    unsigned tp = a->transports & b->transports;
    if (!tp || a->port_kind != PR_PORT_NUMBERS || b->port_kind != PR_PORT_NUMBERS)
        return 0;
    for (size_t i = 0; i < a->n_ports; i++)
        for (size_t j = 0; j < b->n_ports; j++) {
            int lo = a->ports[i].lo > b->ports[j].lo ? a->ports[i].lo : b->ports[j].lo;
            int hi = a->ports[i].hi < b->ports[j].hi ? a->ports[i].hi : b->ports[j].hi;
            if (lo > hi)
                continue;
            int t = 0;
            while (!(tp & (1u << t)))
                t++;
            snprintf(buf, len, "port %d/%s", lo, pr_tp_names[t]);
            return 1;
        }
    return 0;
}

/* Same name, same assignee, same numbers, other transports: one service
 * asked in two stanzas. */
static int complementary(struct pr_rule_ctx *c, const struct pr_request *a,
                         const struct pr_request *b)
{
    struct pr_party x, y;
    pr_error local = {0};
    if (a->transports & b->transports || a->n_ports != b->n_ports ||
        a->port_kind != b->port_kind)
        return 0;
    for (size_t i = 0; i < a->n_ports; i++)
        if (a->ports[i].lo != b->ports[i].lo || a->ports[i].hi != b->ports[i].hi)
            return 0;
    pr_party_init(&x);
    pr_party_init(&y);
    if (pr_party_from_spec(c->store, a->field[PR_REQ_ASSIGNEE], &x, &local) ||
        pr_party_from_spec(c->store, b->field[PR_REQ_ASSIGNEE], &y, &local))
        return 0;
    return pr_party_match(&x, &y) == PR_PARTY_SAME;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    const char *rel[MAX_EARLIER];
    char list[1024] = "";
    size_t n = 0, o = 0;
    for (size_t i = 0; i < c->n_run && n < MAX_EARLIER; i++) {
        const struct pr_request *e = &c->run[i];
        const char *en = e->field[PR_REQ_SERVICE_NAME];
        if (e->n_problems)
            continue; /* malformed: never reviewed, never granted */
        char what[64] = "";
        int named = name && *name && en && !strcasecmp(name, en);
        if (named && complementary(c, e, req))
            continue;
        if (!same_port(e, req, what, sizeof what) && !named)
            continue;
        if (named)
            snprintf(what + strlen(what), sizeof what - strlen(what), "%sthe name '%s'",
                     *what ? " and " : "", en);
        o += (size_t)snprintf(list + o, o < sizeof list ? sizeof list - o : 0,
                              "%s%s:%ld ('%s': %s)", o ? "; " : "", e->file ? e->file : "-",
                              e->line, pr_request_name(e), what);
        rel[n++] = pr_request_name(e);
    }
    if (!n)
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, rel, n,
                        "decide which request goes first; the other needs another name or "
                        "port",
                        "an earlier request of this run asks for the same: %s", list);
}

const struct pr_rule pr_rule_run_conflict = {
    .id = "run-conflict",
    .rfc = "RFC 6335 §5, §8.1",
    .summary = "two requests of one run ask for the same name or port",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
