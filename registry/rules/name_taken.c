/* name_taken.c - name-taken: the requested name exists already (compared
 * case-insensitively, historic aliases included); in audit, one name
 * assigned to several port numbers. */
#include "rules_int.h"

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    const struct pr_svc *v = pr_ctx_service(c, name);
    if (!v)
        return 0;
    const char *rel[] = {v->name};
    return pr_rule_emit(c, -1, name, NULL, rel, 1,
                        "choose another name; if this is the same service, ask for a change "
                        "of the existing registration instead (RFC 6335 §8.5)",
                        "service name '%s' is already registered as '%s' (%s%s: %s)%s", name,
                        v->name, v->has_port ? "port " : "name only",
                        v->has_port ? v->numbers : "", v->desc ? v->desc : "",
                        v->historic ? "; it is a historic name, still reserved" : "");
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
