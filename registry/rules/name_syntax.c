/* name_syntax.c - name-syntax: the service name breaks RFC 6335 §5.1; in
 * audit, registered names that break it and are not marked historic. */
#include "rules_int.h"

static const char suggestion[] =
    "1-15 ASCII letters, digits and hyphens, at least one letter, no hyphen at either "
    "end and no two in a row, e.g. 'foo-bar2'";

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    const char *why;
    if (!name || !*name || !(why = pr_name_syntax_problem(name)))
        return 0;
    return pr_rule_emit(c, -1, name, NULL, NULL, 0, suggestion,
                        "service name '%s' %s (RFC 6335 §5.1)", name, why);
}

static int audit(struct pr_rule_ctx *c)
{
    for (size_t i = 0; i < c->all.n; i++) {
        const struct pr_svc *v = &c->all.items[i];
        const char *why = pr_name_syntax_problem(v->name);
        if (!why || v->historic)
            continue;
        const char *rel[] = {v->name};
        int rc = pr_rule_emit(c, PR_SEV_WARN, v->name, NULL, rel, 1,
                              "register a well-formed alias and mark this name historic, as "
                              "IANA did for 'whois++' -> 'whoispp'",
                              "registered name '%s' %s and is not marked historic", v->name,
                              why);
        if (rc)
            return rc;
    }
    return 0;
}

const struct pr_rule pr_rule_name_syntax = {
    .id = "name-syntax",
    .rfc = "RFC 6335 §5.1",
    .summary = "the service name breaks RFC 6335's syntax",
    .severity = PR_SEV_REJECT,
    .check = check,
    .audit = audit,
};
