/* secure_variant.c - secure-variant: a second assignment only to run an
 * existing service under TLS/SSL/DTLS or another security layer.
 *
 * RFC 6335 §9 says separate secure and insecure assignments are to be
 * avoided and §7.2 that there is no IETF consensus on when a separate
 * secure port is right; RFC 7605 §7.4 asks for a justification of each
 * port.  So this is a warning asking for that justification, never a
 * reject.  Detection (docs/rules.md): a name derived from an existing
 * service with a port by a security affix (Xs, X-s, X-tls, Xtls, X-ssl,
 * X-sec, Xsec, secure-X, X-secure, X-dtls, sX), confirmed by the text
 * (security words, or a word that mirrors the base's description with a
 * security suffix, RTSPS vs RTSP); or a description "X over TLS" (or
 * starting "Secure X") where the name carries X; or Related-Service plus security language.  The base must
 * not be secure itself.  "nss" (Network Security Service) is no secure
 * "ns": "security" is not a word of the list, and "sslp" derives from
 * nothing by these affixes. */
#include "rules_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char suggestion[] =
    "run TLS by default on the base service's port, upgrade in band (STARTTLS style), or "
    "use TLS with ALPN on one port; if a separate port is still needed, ask for the "
    "per-port justification RFC 7605 §7.4 wants";

static int usable_base(const struct pr_svc *b, const char *name)
{
    return b && b->has_port && strcasecmp(b->name, name) && !pr_text_secure(b->desc) &&
           !pr_text_secure(b->name);
}

static int ci_contains(const char *s, const char *needle)
{
    for (size_t n = strlen(needle); *s; s++)
        if (!strncasecmp(s, needle, n))
            return 1;
    return 0;
}

/* A base named in text as "X over TLS|SSL|DTLS" (up to two words between)
 * or "secure X". */
static const struct pr_svc *base_from_text(struct pr_rule_ctx *c, const char *name,
                                           const char *text)
{
    char words[24][32];
    size_t n = 0;
    for (const char *p = text ? text : ""; *p && n < 24;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        size_t k = 0;
        while (*p && (isalnum((unsigned char)*p) || *p == '-')) {
            if (k + 1 < sizeof words[0])
                words[n][k++] = (char)tolower((unsigned char)*p);
            p++;
        }
        words[n][k] = 0;
        if (k)
            n++;
    }
    for (size_t i = 0; i < n; i++) {
        const char *cand = NULL;
        if (i == 0 && !strcmp(words[i], "secure") && i + 1 < n)
            cand = words[i + 1];
        for (size_t j = i + 1; !cand && j <= i + 3 && j + 1 < n; j++)
            if (!strcmp(words[j], "over") &&
                (!strcmp(words[j + 1], "tls") || !strcmp(words[j + 1], "ssl") ||
                 !strcmp(words[j + 1], "dtls")))
                cand = words[i];
        /* the name must carry the base: "ftps-data" / "ftp", "radsec" /
         * "radius"; not "ssh" / "shell" ("Secure Shell") */
        if (!cand || strlen(cand) < 3 ||
            (!ci_contains(name, cand) && strncasecmp(name, cand, 3)))
            continue;
        const struct pr_svc *b = pr_ctx_service(c, cand);
        if (usable_base(b, name))
            return b;
    }
    return NULL;
}

/* The existing service name is a secure variant of, or NULL.  text is what
 * speaks for the service (description; the request's Security answer
 * counts only with an explicit affix such as -tls). */
static const struct pr_svc *find_base(struct pr_rule_ctx *c, const char *name, const char *desc,
                                      const char *security, const char **why)
{
    struct pr_base bases[16];
    size_t n = pr_secure_bases(name, bases, 16);
    for (size_t i = 0; i < n; i++) {
        const struct pr_svc *b = pr_ctx_service(c, bases[i].name);
        if (!usable_base(b, name))
            continue;
        int weak = !strcmp(bases[i].affix, "s") || !strcmp(bases[i].affix, "s-prefix");
        if (pr_text_secure(desc) || pr_text_secure_mirror(desc, b->desc) ||
            (!weak && pr_text_secure(security))) {
            *why = "its name adds a security affix to the base's name and its text speaks "
                   "of security";
            return b;
        }
    }
    const struct pr_svc *b = base_from_text(c, name, desc);
    if (b)
        *why = "its description runs the base service over a security layer";
    return b;
}

static int is_mail(const char *name)
{
    static const char *const mail[] = {"imap", "pop3", "submission", NULL};
    for (size_t i = 0; mail[i]; i++)
        if (!strcasecmp(name, mail[i]))
            return 1;
    return 0;
}

static int emit(struct pr_rule_ctx *c, const char *name, const struct pr_svc *b,
                const char *why)
{
    const char *rel[] = {b->name};
    int mail = is_mail(b->name);
    return pr_rule_emit(c, -1, name,
                        mail ? "RFC 6335 §7.2, §9; RFC 7605 §7.4; RFC 8314 §3"
                             : "RFC 6335 §7.2, §9; RFC 7605 §7.4",
                        rel, 1, suggestion,
                        "'%s' looks like a security variant of '%s' (port %s: %s): %s; "
                        "separate secure and insecure assignments are to be avoided%s",
                        name, b->name, b->numbers, b->desc ? b->desc : "", why,
                        mail ? " (RFC 8314 §3 does recommend implicit-TLS ports for mail "
                               "access and submission, so a justification may exist)"
                             : "");
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    const char *desc = req->field[PR_REQ_DESCRIPTION];
    const char *sec = req->field[PR_REQ_SECURITY];
    const char *related = req->field[PR_REQ_RELATED_SERVICE];
    const char *why = NULL;
    const struct pr_svc *b = NULL;
    if (!name || !*name)
        return 0;
    /* The Security answer describes any service's protection; only the
     * description says the service exists to add it. */
    if (related && *related && pr_text_secure(desc)) {
        b = pr_ctx_service(c, related);
        if (b && !usable_base(b, name))
            b = NULL;
        why = "it names the base as Related-Service and speaks of security";
    }
    if (!b)
        b = find_base(c, name, desc, sec, &why);
    if (!b)
        return pr_ctx_failed(c) ? c->err->code : 0;
    return emit(c, name, b, why);
}

static int audit(struct pr_rule_ctx *c)
{
    for (size_t i = 0; i < c->all.n; i++) {
        const struct pr_svc *v = &c->all.items[i];
        const char *why = NULL;
        if (!v->has_port)
            continue;
        const struct pr_svc *b = find_base(c, v->name, v->desc, NULL, &why);
        if (b) {
            int rc = emit(c, v->name, b, why);
            if (rc)
                return rc;
        }
    }
    return 0;
}

const struct pr_rule pr_rule_secure_variant = {
    .id = "secure-variant",
    .rfc = "RFC 6335 §7.2, §9; RFC 7605 §7.4",
    .summary = "a second assignment to run an existing service under TLS or similar",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = audit,
};
