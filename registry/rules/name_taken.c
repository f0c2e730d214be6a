/* name_taken.c - name-taken: the requested name exists already (compared
 * case-insensitively, historic aliases included), held by someone else.
 * The applicant's own name is no finding here (own-registration, RFC 6335
 * §8.6); a name that looks like theirs (their contact, their
 * organisation's mail domain) is a warning to confirm.  In audit, one name
 * assigned to several port numbers. */
#include "rules_int.h"

#include <stdio.h>

#define MAX_RECS 8

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    if (!name || !*name)
        return 0;
    const struct pr_svc *v = pr_ctx_service(c, name);
    if (!v)
        return pr_ctx_failed(c) ? c->err->code : 0;
    const struct pr_facts *f = pr_ctx_facts(c, req);
    if (!f)
        return c->err->code;
    int own = 0, likely = 0, other = 0;
    char who[600] = "";
    for (size_t i = 0; i < f->n_names; i++) {
        const struct pr_held *h = &f->names[i];
        own += h->relation == PR_REL_OWN;
        likely += h->relation == PR_REL_LIKELY;
        other += h->relation == PR_REL_OTHER || h->relation == PR_REL_UNKNOWN;
        if (!who[0])
            pr_held_who(h, who, sizeof who);
    }
    if (own && !likely && !other)
        return 0; /* the applicant's own registration */
    const char *rel[] = {v->name};
    int rc = pr_rule_emit(
        c, other ? PR_SEV_REJECT : PR_SEV_WARN, name,
        other ? NULL : "RFC 6335 §5, §8.6", rel, 1,
        other ? "choose another name; if this is the same service, its assignee asks for a "
                "change of the existing registration (RFC 6335 §8.6), or for a transfer "
                "with the holder's consent (§8.5)"
              : "the name looks like the applicant's (their contact or their organisation's "
                "mail domain): confirm it, then treat the request as a change of that "
                "registration (RFC 6335 §8.6)",
        "service name '%s' is already registered as '%s' (%s%s: %s%s)%s", name, v->name,
        v->has_port ? "port " : "name only", v->has_port ? v->numbers : "",
        v->desc ? v->desc : "", who, v->historic ? "; it is a historic name, still reserved" : "");
    for (size_t i = 0; i < f->n_names && i < MAX_RECS && !rc; i++)
        rc = pr_rule_attach(c, &f->names[i]);
    return rc;
}

static int audit(struct pr_rule_ctx *c)
{
    for (size_t i = 0; i < c->all.n; i++) {
        const struct pr_svc *v = &c->all.items[i];
        if (v->n_numbers < 2)
            continue;
        const char *rel[] = {v->name};
        int rc = pr_rule_emit(c, PR_SEV_INFO, v->name, "RFC 6335 §5, §7.2", rel, 1,
                              "one service, one port: keep the port in use and ask the "
                              "assignee to release the others (RFC 6335 §8.2)",
                              "'%s' is assigned to %d port numbers: %s", v->name,
                              v->n_numbers, v->numbers);
        if (rc)
            return rc;
    }
    return 0;
}

const struct pr_rule pr_rule_name_taken = {
    .id = "name-taken",
    .rfc = "RFC 6335 §5",
    .summary = "the service name is registered already",
    .severity = PR_SEV_REJECT,
    .check = check,
    .audit = audit,
};
