/* insecure_variant.c - insecure-variant: the request is a plain copy of an
 * existing secure service (the request "foo" while "foos" / "foo-tls"
 * exists): RFC 7605 §7.4 counter-indicates an insecure copy of a secure
 * service. */
#include "rules_int.h"

#include <stdio.h>

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    static const char *const suffixes[] = {"s", "-s", "-tls", "tls", "-ssl", "ssl", "-sec",
                                           "sec", "-dtls", "-secure", NULL};
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    if (!name || !*name || pr_text_secure(req->field[PR_REQ_DESCRIPTION]) ||
        pr_ctx_service(c, name))
        return pr_ctx_failed(c) ? c->err->code : 0;
    for (size_t i = 0; suffixes[i]; i++) {
        char cand[80];
        snprintf(cand, sizeof cand, "%s%s", name, suffixes[i]);
        const struct pr_svc *s = pr_ctx_service(c, cand);
        if (!s || !s->has_port || !pr_text_secure(s->desc))
            continue;
        const char *rel[] = {s->name};
        return pr_rule_emit(c, -1, name, NULL, rel, 1,
                            "offer the service on the secure service's port with security "
                            "negotiated in band, or explain why an insecure port is needed",
                            "'%s' would be an insecure copy of the secure service '%s' (port "
                            "%s: %s)", name, s->name, s->numbers, s->desc ? s->desc : "");
    }
    return pr_ctx_failed(c) ? c->err->code : 0;
}

const struct pr_rule pr_rule_insecure_variant = {
    .id = "insecure-variant",
    .rfc = "RFC 7605 §7.4; RFC 6335 §9",
    .summary = "an insecure copy of an existing secure service",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
