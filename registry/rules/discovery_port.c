/* discovery_port.c - discovery-port: a port whose purpose is to find peers
 * or devices.  RFC 7605 §7.1, §7.2, §7.6 prefer DNS-SD (RFC 6763) over mDNS
 * (RFC 6762) with a service name and no port.  Not raised for "Port: none":
 * that is the recommended path. */
#include "rules_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char suggestion[] =
    "register a service name without a port ('Port: none') and find peers with DNS-SD "
    "(RFC 6763) over Multicast DNS (RFC 6762)";

/* Does the name say discovery ("foo-disc", "ws-discovery")? */
static int name_discovery(const char *name)
{
    for (const char *p = name; p && *p;) {
        const char *start = p;
        while (*p && *p != '-')
            p++;
        size_t n = (size_t)(p - start);
        if ((n == 4 && !strncasecmp(start, "disc", 4)) ||
            (n >= 8 && !strncasecmp(start, "discover", 8)))
            return 1;
        if (*p)
            p++;
    }
    return 0;
}

/* Well-known discovery protocols whose registry descriptions are terse. */
static int known_discovery(const char *name)
{
    static const char *const known[] = {"mdns", "llmnr", "ssdp", "svrloc", "ws-discovery",
                                        NULL};
    for (size_t i = 0; known[i]; i++)
        if (!strcasecmp(name, known[i]))
            return 1;
    return 0;
}

static int yes(const char *v)
{
    return v && (tolower((unsigned char)v[0]) == 'y' || !strncasecmp(v, "true", 4));
}

/* Multicast field says it uses multicast or broadcast (not "no"/"none"). */
static int uses_group(const struct pr_request *req)
{
    const char *m = req->field[PR_REQ_MULTICAST];
    if (pr_text_has_word(m, "multicast", 0) || pr_text_has_word(m, "broadcast", 0) ||
        pr_text_has_word(m, "anycast", 0))
        return !pr_text_has_word(m, "no", 0) || yes(m);
    return pr_text_has_word(req->field[PR_REQ_DESCRIPTION], "multicast", 0) ||
           pr_text_has_word(req->field[PR_REQ_DESCRIPTION], "broadcast", 0);
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    if (!pr_request_wants_port(req))
        return 0;
    int disc = yes(req->field[PR_REQ_DISCOVERY]);
    if (!disc) {
        int words = pr_text_discovery(req->field[PR_REQ_DESCRIPTION]) ||
                    pr_text_discovery(req->field[PR_REQ_DISCOVERY]) ||
                    pr_text_discovery(req->field[PR_REQ_NOTES]) || name_discovery(name);
        disc = words && uses_group(req);
    }
    if (!disc)
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0, suggestion,
                        "a port is asked for a service whose purpose is to find peers or "
                        "devices; DNS-SD does that with a service name and no port");
}

static int audit(struct pr_rule_ctx *c)
{
    for (size_t i = 0; i < c->all.n; i++) {
        const struct pr_svc *v = &c->all.items[i];
        if (!v->has_port || v->historic)
            continue;
        if (!name_discovery(v->name) && !known_discovery(v->name) &&
            !pr_text_discovery(v->desc))
            continue;
        const char *rel[] = {v->name};
        int rc = pr_rule_emit(c, -1, v->name, NULL, rel, 1, suggestion,
                              "'%s' holds port %s for discovery (%s)", v->name, v->numbers,
                              v->desc ? v->desc : "");
        if (rc)
            return rc;
    }
    return 0;
}

const struct pr_rule pr_rule_discovery_port = {
    .id = "discovery-port",
    .rfc = "RFC 7605 §7.1, §7.2, §7.6; RFC 6763; RFC 6762",
    .summary = "a port only to find peers or devices (use DNS-SD)",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = audit,
};
