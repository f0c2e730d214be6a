/* rules.c - the rules engine: the rule table, and the review of a request
 * and the audit of the registry that run it.  What rules share lives apart
 * and never calls back here: findings and the emitter (rules_findings.c),
 * the registry as services and the request's facts (rules_ctx.c), text
 * helpers (rules_text.c).
 *
 * Adding a rule: registry/rules/<id>.c defines
 *   const struct pr_rule pr_rule_<id> = {.id, .rfc, .summary, .severity,
 *                                        .check, .audit};
 * declare it below and add one row to rules[] (the order is the order of
 * findings); describe it in docs/rules.md with a sample request in
 * docs/examples/<id>.req; unit-test a hit and a near miss in
 * tests/unit/test_rules.c.
 */
#include "rules_int.h"

#include <string.h>

extern const struct pr_rule pr_rule_missing_field, pr_rule_name_syntax, pr_rule_name_taken,
    pr_rule_name_similar, pr_rule_port_dynamic, pr_rule_port_reserved, pr_rule_port_taken,
    pr_rule_port_system, pr_rule_multiple_ports, pr_rule_secure_variant,
    pr_rule_insecure_variant, pr_rule_discovery_port, pr_rule_ipv4_broadcast,
    pr_rule_version_variant, pr_rule_transport_unjustified, pr_rule_dccp_service_code,
    pr_rule_security_unstated, pr_rule_port_in_use, pr_rule_own_registration,
    pr_rule_run_conflict;

static const struct pr_rule *const rules[] = {
    &pr_rule_missing_field,
    &pr_rule_name_syntax,
    &pr_rule_own_registration,
    &pr_rule_name_taken,
    &pr_rule_name_similar,
    &pr_rule_port_dynamic,
    &pr_rule_port_reserved,
    &pr_rule_port_taken,
    &pr_rule_run_conflict,
    &pr_rule_port_system,
    &pr_rule_multiple_ports,
    &pr_rule_secure_variant,
    &pr_rule_insecure_variant,
    &pr_rule_discovery_port,
    &pr_rule_ipv4_broadcast,
    &pr_rule_version_variant,
    &pr_rule_transport_unjustified,
    &pr_rule_dccp_service_code,
    &pr_rule_security_unstated,
    &pr_rule_port_in_use,
};

size_t pr_rules_count(void)
{
    return sizeof rules / sizeof *rules;
}

const struct pr_rule *pr_rule_at(size_t i)
{
    return i < pr_rules_count() ? rules[i] : NULL;
}

const struct pr_rule *pr_rule_find(const char *id)
{
    for (size_t i = 0; i < pr_rules_count(); i++)
        if (!strcmp(rules[i]->id, id))
            return rules[i];
    return NULL;
}

/* ---- review and audit -------------------------------------------------- */

int pr_review(pr_store *s, const struct pr_request *req, struct pr_findings *out,
              pr_error *err)
{
    return pr_review_run(s, req, 0, out, err);
}

int pr_review_run(pr_store *s, const struct pr_request *reqs, size_t at,
                  struct pr_findings *out, pr_error *err)
{
    pr_error local = {0};
    const struct pr_request *req = &reqs[at];
    struct pr_rule_ctx c = {.store = s, .out = out, .err = err ? err : &local,
                            .run = at ? reqs : NULL, .n_run = at};
    int rc = 0;
    c.err->code = 0;
    for (size_t i = 0; i < pr_rules_count() && !rc; i++) {
        c.rule = rules[i];
        if (rules[i]->check)
            rc = rules[i]->check(&c, req);
        if (!rc && pr_ctx_failed(&c))
            rc = c.err->code;
    }
    pr_ctx_release(&c);
    return rc;
}

int pr_audit(pr_store *s, const char *rule_id, struct pr_findings *out, pr_error *err)
{
    pr_error local = {0};
    struct pr_rule_ctx c = {.store = s, .out = out, .err = err ? err : &local, .audit = 1};
    const struct pr_rule *only = NULL;
    int rc = 0;
    c.err->code = 0;
    if (rule_id) {
        if (!(only = pr_rule_find(rule_id)))
            return pr_error_set(err, PR_ENOTFOUND, "unknown rule '%s'", rule_id);
        if (!only->audit)
            return pr_error_set(err, PR_EINVAL,
                                "rule '%s' applies to requests only (see docs/rules.md)",
                                rule_id);
    }
    if ((rc = pr_svc_load(s, NULL, &c.all, c.err)))
        goto out;
    for (size_t i = 0; i < pr_rules_count() && !rc; i++) {
        if (!rules[i]->audit || (only && only != rules[i]))
            continue;
        c.rule = rules[i];
        rc = rules[i]->audit(&c);
        if (!rc && pr_ctx_failed(&c))
            rc = c.err->code;
    }
out:
    pr_ctx_release(&c);
    return rc;
}
