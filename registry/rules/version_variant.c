/* version_variant.c - version-variant: a new port for a new version of an
 * existing service (X2, Xv3, X-v2, X-2, X-ng, or a Versioning answer
 * saying so).  RFC 6335 §7.2: one port for all versions. */
#include "rules_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Base of a versioned name, or 0 when the name carries no version. */
static int version_base(const char *name, char *base, size_t len)
{
    size_t n = strlen(name), k = n;
    if (n > 3 && !strcasecmp(name + n - 3, "-ng")) {
        k = n - 3;
    } else {
        while (k && isdigit((unsigned char)name[k - 1]))
            k--;
        if (k == n || k == 0)
            return 0;
        if (k > 1 && tolower((unsigned char)name[k - 1]) == 'v')
            k--;
        if (k > 1 && name[k - 1] == '-')
            k--;
    }
    if (k < 2 || k >= len)
        return 0;
    memcpy(base, name, k);
    base[k] = 0;
    return 1;
}

static int says_new_version(const char *v)
{
    static const char *const phrases[] = {"new version", "next version", "successor",
                                          "replaces", "version 2", "version 3", "v2", NULL};
    for (size_t i = 0; v && phrases[i]; i++)
        for (const char *p = v; *p; p++)
            if (!strncasecmp(p, phrases[i], strlen(phrases[i])))
                return 1;
    return 0;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    const char *related = req->field[PR_REQ_RELATED_SERVICE];
    char base[64];
    const struct pr_svc *b = NULL;
    if (!name || !*name || !pr_request_wants_port(req))
        return 0;
    if (related && *related && says_new_version(req->field[PR_REQ_VERSIONING]))
        b = pr_ctx_service(c, related);
    if (!b && version_base(name, base, sizeof base))
        b = pr_ctx_service(c, base);
    if (!b || !b->has_port || !strcasecmp(b->name, name))
        return pr_ctx_failed(c) ? c->err->code : 0;
    const char *rel[] = {b->name};
    return pr_rule_emit(c, -1, name, NULL, rel, 1,
                        "negotiate the version in band on the existing port (a version field "
                        "or ALPN) instead of a port per version",
                        "'%s' looks like a new version of '%s' (port %s: %s); one port serves "
                        "all versions of a service", name, b->name, b->numbers,
                        b->desc ? b->desc : "");
}

const struct pr_rule pr_rule_version_variant = {
    .id = "version-variant",
    .rfc = "RFC 6335 §7.2; RFC 7605 §7.5",
    .summary = "a new port for a new version of an existing service",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
