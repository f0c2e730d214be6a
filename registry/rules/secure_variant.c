/* secure_variant.c - secure-variant: a second assignment only to run an
 * existing service under TLS/SSL/DTLS or another security layer.
 *
 * RFC 6335 §9 says separate secure and insecure assignments are to be
 * avoided and §7.2 that there is no IETF consensus on when a separate
 * secure port is right; RFC 7605 §7.4 asks for a justification of each
 * port.  So this is a warning asking for that justification, never a
 * reject.
 *
 * The base is found by meaning, not by spelling only (docs/rules.md), in
 * two levels; the first level that finds a usable base wins, and within a
 * level the base whose description shares most words with the variant's
 * (and then the same assignee) wins:
 *   1. names: the variant's name less a security affix (Xs, X-tls, Xssl,
 *      secure-X, encrypted-X, sX, ...), infix (ftps-data -> ftp-data,
 *      snmptls-trap -> snmptrap, ice-slocation -> ice-location) or with a
 *      swapped transport word (opcua-tls -> opcua-tcp, hncp-dtls-port ->
 *      hncp-udp-port, xnm-ssl -> xnm-clear-text, pcsync-https ->
 *      pcsync-http), confirmed by the text: the variant's description
 *      speaks of security or mirrors the base's (RTSPS / RTSP), and the
 *      two are about the same thing (a description word in common, an
 *      acronym of the other's words - DNS / Domain Name Server -, a mirror,
 *      or the same assignee);
 *   2. descriptions: the variant's description less its security words is
 *      the base's ("PKIX TimeStamp over TLS" / "PKIX TimeStamp", "Secure
 *      Radius Service" / "RADIUS"); one word alone only when the names
 *      share their first three letters or the assignee is the same; or a
 *      word of the description ("IIOP Name Service over TLS") names a
 *      registered service the variant's name carries (nsiiops / iiop).
 * A request's Related-Service, with security language, comes first.  The
 * base must have a port and must not itself look secure.  Bare "s" and
 * "s" prefixes are weak: they need the description's own security words
 * (afs, sds, pdps, amcs are no variants).
 *
 * The finding names the base's existing secure variants (ldap-tls while
 * ldaps holds 636) and, for protocols whose clients find servers through
 * DNS (smtp by MX; XMPP and SIP by SRV), the third way: publish the TLS
 * requirement in DNS or over HTTPS instead of a second port (DANE TLSA,
 * RFC 6698 and RFC 7672; MTA-STS, RFC 8461). */
#include "rules_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char suggestion[] =
    "run TLS by default on the base service's port, upgrade in band (STARTTLS style), or "
    "use TLS with ALPN on one port; if a separate port is still needed, ask for the "
    "per-port justification RFC 7605 §7.4 wants";

/* ---- words ---------------------------------------------------------------- */

#define MAX_WORDS 24
typedef char word_t[32];

static int in_list(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(w, list[i]))
            return 1;
    return 0;
}

/* The content words of text, lower-cased, each once, in order: no filler,
 * no transport names, no security words ("https" becomes "http").
 * *secure tells whether a security word was there. */
static size_t content_words(const char *text, word_t *out, size_t max, int *secure)
{
    static const char *const filler[] = {
        "the", "an", "of", "for", "over", "using", "use", "via", "with", "and", "to", "in",
        "on", "by", "is", "as", "port", "ports", "protocol", "service", "services", "tcp",
        "udp", "sctp", "dccp", NULL};
    static const char *const security[] = {"tls", "ssl", "dtls", "sec", "starttls", "sockets",
                                           "encripted", NULL};
    size_t n = 0;
    if (secure)
        *secure = 0;
    for (const char *p = text ? text : ""; *p;) {
        word_t w;
        size_t k = 0;
        while (*p && !isalnum((unsigned char)*p))
            p++;
        while (isalnum((unsigned char)*p)) {
            if (k + 1 < sizeof w)
                w[k++] = (char)tolower((unsigned char)*p);
            p++;
        }
        w[k] = 0;
        if (k < 2 || in_list(w, filler))
            continue;
        if (in_list(w, security) || !strncmp(w, "secure", 6) || !strncmp(w, "encrypt", 7)) {
            if (secure)
                *secure = 1;
            continue;
        }
        if (!strcmp(w, "https")) {
            if (secure)
                *secure = 1;
            w[4] = 0;
        }
        int seen = 0;
        for (size_t i = 0; i < n && !seen; i++)
            seen = !strcmp(out[i], w);
        if (!seen && n < max)
            memcpy(out[n++], w, k + 1);
    }
    return n;
}

/* Words of a shared by b. */
static size_t shared(const word_t *a, size_t na, const word_t *b, size_t nb)
{
    size_t k = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (!strcmp(a[i], b[j])) {
                k++;
                break;
            }
    return k;
}

/* The words of a service: its description's and its name's parts. */
static size_t svc_words(const struct pr_svc *b, word_t *out, size_t max)
{
    size_t n = content_words(b->desc, out, max, NULL);
    word_t more[8];
    size_t m = content_words(b->name, more, 8, NULL);
    for (size_t i = 0; i < m && n < max; i++)
        if (!shared(&more[i], 1, out, n))
            memcpy(out[n++], more[i], sizeof more[i]);
    return n;
}

/* ---- the variant and its candidate bases ---------------------------------- */

/* What is judged: a request or an assigned service. */
struct variant {
    const char *name, *desc, *security;
    const struct pr_request *req; /* review: the request (its assignee); else NULL */
    const struct pr_svc *svc;     /* audit: the service itself; else NULL */
    word_t words[MAX_WORDS];      /* content words of desc */
    int n_words;                  /* -1 until offer needs them */
    int secure_text;              /* desc speaks of security */
};

struct best {
    const struct pr_svc *b;
    int level;       /* 1 names, 2 descriptions */
    int score;       /* description words in common */
    int same;        /* same assignee: 1, 0, -1 not asked yet */
    const char *why;
};

static int usable_base(const struct pr_svc *b, const char *name)
{
    /* a base secured by SSH (netconf-ch-ssh) is no plain twin either */
    return b && b->has_port && strcasecmp(b->name, name) && !pr_text_secure(b->desc) &&
           !pr_text_secure(b->name) && !pr_text_has_word(b->desc, "ssh", 0) && !b->historic;
}

/* Is word (2-6 letters) the initials of consecutive words of text ("dns",
 * "Domain Name Server")? */
static int acronym_of(const char *word, const char *text)
{
    char initials[64];
    size_t n = 0, wn = strlen(word);
    if (wn < 2 || wn > 6)
        return 0;
    for (const char *p = text ? text : ""; *p && n + 1 < sizeof initials;) {
        while (*p && !isalpha((unsigned char)*p))
            p++;
        if (*p)
            initials[n++] = (char)tolower((unsigned char)*p);
        while (isalnum((unsigned char)*p))
            p++;
    }
    initials[n] = 0;
    for (size_t i = 0; i + wn <= n; i++)
        if (!strncasecmp(initials + i, word, wn))
            return 1;
    return 0;
}

/* Is w the words x[0..n) run together? */
static int run_together(const char *w, const word_t *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(x[i]);
        if (strncmp(w, x[i], k))
            return 0;
        w += k;
    }
    return !*w;
}

/* Is a word of one list two or three consecutive words of the other run
 * together ("SNMPTRAP" / "SNMP-Trap")? */
static int glued(const word_t *a, size_t na, const word_t *b, size_t nb)
{
    for (int pass = 0; pass < 2; pass++) {
        const word_t *x = pass ? b : a, *y = pass ? a : b;
        size_t nx = pass ? nb : na, ny = pass ? na : nb;
        for (size_t i = 0; i + 1 < nx; i++)
            for (size_t j = 0; j < ny; j++)
                if (run_together(y[j], x + i, 2) ||
                    (i + 2 < nx && run_together(y[j], x + i, 3)))
                    return 1;
    }
    return 0;
}

/* Do two word lists name the same thing by an acronym of the other's
 * words? */
static int acronyms(const word_t *a, size_t na, const char *a_text, const word_t *b, size_t nb,
                    const char *b_text)
{
    for (size_t i = 0; i < na; i++)
        if (acronym_of(a[i], b_text))
            return 1;
    for (size_t i = 0; i < nb; i++)
        if (acronym_of(b[i], a_text))
            return 1;
    return 0;
}

/* Add the people of ids ("a b c") to p; 1 when one of them is in also. */
static int add_ids(struct pr_rule_ctx *c, const char *ids, const char *also,
                   struct pr_party *p)
{
    pr_error local = {0};
    for (const char *s = ids; *s;) {
        size_t n = strcspn(s, " ");
        char id[128];
        snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), s);
        if (also) {
            for (const char *t = also; *t;) {
                size_t k = strcspn(t, " ");
                if (k == n && !strncmp(t, s, n))
                    return 1;
                t += k + (t[k] == ' ');
            }
        }
        pr_party_add_person(c->store, id, p, &local);
        s += n + (s[n] == ' ');
    }
    return 0;
}

/* Is the base's assignee the variant's (request: its Assignee)? */
static int same_assignee(struct pr_rule_ctx *c, const struct variant *v, const struct pr_svc *b)
{
    struct pr_party x, y;
    const char *bids = pr_ctx_assignees(c, b);
    if (!*bids)
        return 0;
    pr_party_init(&x);
    pr_party_init(&y);
    if (v->svc) {
        const char *vids = pr_ctx_assignees(c, v->svc);
        if (!*vids || add_ids(c, vids, bids, &x))
            return *vids != 0;
    } else {
        const struct pr_facts *f = v->req ? pr_ctx_facts(c, v->req) : NULL;
        if (!f)
            return 0;
        x = f->requester;
    }
    add_ids(c, bids, NULL, &y);
    return pr_party_match(&x, &y) == PR_PARTY_SAME;
}

/* Offer b as the base at level with a reason; keeps the best: the lower
 * level, then the more description words in common, then the same
 * assignee.  The costlier tests run only when the cheaper ones leave the
 * question open. */
static void offer(struct pr_rule_ctx *c, struct variant *v, const struct pr_svc *b, int level,
                  int weak, const char *why, struct best *best)
{
    word_t bw[MAX_WORDS];
    if (!usable_base(b, v->name) || (best->b && best->level < level))
        return;
    int mirror = pr_text_secure_mirror(v->desc, b->desc);
    /* the text says security (or mirrors the base: RTSPS / RTSP; with an
     * explicit affix a request's Security answer counts) */
    if (!(v->secure_text || (level == 1 && (mirror || (!weak && pr_text_secure(v->security))))))
        return;
    if (v->n_words < 0)
        v->n_words = (int)content_words(v->desc, v->words, MAX_WORDS, NULL);
    size_t nb = svc_words(b, bw, MAX_WORDS);
    int common = (int)shared(v->words, (size_t)v->n_words, bw, nb), same = -1;
    /* names: the two are about the same thing */
    if (level == 1 && !common && !mirror && b->desc && v->desc &&
        !pr_text_has_word(v->desc, b->name, 0) &&
        !acronyms(v->words, (size_t)v->n_words, v->desc, bw, nb, b->desc) &&
        !glued(v->words, (size_t)v->n_words, bw, nb) && !(same = same_assignee(c, v, b)))
        return;
    if (best->b && level == best->level && common == best->score) {
        /* a tie: the same assignee decides */
        if (same < 0)
            same = same_assignee(c, v, b);
        if (best->same < 0)
            best->same = same_assignee(c, v, best->b);
        if (same <= best->same)
            return;
    } else if (best->b && level == best->level && common < best->score) {
        return;
    }
    best->b = b;
    best->level = level;
    best->score = common;
    best->same = same;
    best->why = why;
}

#define MAX_BASES 40

struct cand {
    char name[64];
    int weak;  /* derived by a bare "s" */
};

static void add_cand(struct cand *out, size_t *n, const char *name, size_t len, int weak)
{
    if (len < 2 || len >= sizeof out->name || *n >= MAX_BASES || name[0] == '-' ||
        name[len - 1] == '-')
        return;
    for (size_t i = 0; i < *n; i++)
        if (strlen(out[i].name) == len && !strncasecmp(out[i].name, name, len))
            return;
    memcpy(out[*n].name, name, len);
    out[*n].name[len] = 0;
    out[*n].weak = weak;
    (*n)++;
}

/* name with part i (of the hyphen-separated parts) replaced by rep (NULL:
 * dropped), into buf; joined without the hyphens around it when glue. */
static size_t replace_part(const char *name, size_t i, const char *rep, int glue, char *buf,
                           size_t len)
{
    size_t o = 0, k = 0;
    for (const char *p = name; o < len;) {
        size_t n = strcspn(p, "-");
        const char *part = p;
        size_t pn = n;
        if (k == i) {
            part = rep ? rep : "";
            pn = rep ? strlen(rep) : 0;
        }
        if (pn && o && !(glue && (k == i || k == i + 1)) && o < len)
            buf[o++] = '-';
        if (o + pn >= len)
            return 0;
        memcpy(buf + o, part, pn);
        o += pn;
        if (!p[n])
            break;
        p += n + 1;
        k++;
    }
    buf[o < len ? o : len - 1] = 0;
    return strlen(buf);
}

/* Candidate base names of a variant's name, strongest first. */
static size_t name_bases(const char *raw, struct cand *out)
{
    static const struct { const char *affix; int weak; } suffixes[] = {
        {"-tls", 0}, {"-dtls", 0}, {"-ssl", 0}, {"-sec", 0}, {"-secure", 0}, {"-s", 0},
        {"tls", 0},  {"dtls", 0},  {"ssl", 0},  {"sec", 0},  {"secure", 0},  {"s", 1}};
    static const struct { const char *affix; int weak; } prefixes[] = {
        {"secure-", 0}, {"encrypted-", 0}, {"s", 1}};
    /* a security part and what the plain service calls it instead */
    static const char *const secure_parts[] = {"tls", "dtls", "ssl", "sec", "secure", "s",
                                               NULL};
    static const char *const plain_parts[] = {"tcp", "udp", "clear", "clear-text",
                                              "cleartext", "plain", "nonsecure", "insecure",
                                              NULL};
    size_t n = 0, len = strlen(raw);
    char buf[80], name[64];
    if (len >= sizeof name)
        return 0;
    /* historic aliases write '_' for '-' (rmonitor_secure) */
    for (size_t i = 0; i <= len; i++)
        name[i] = raw[i] == '_' ? '-' : raw[i];
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        size_t sn = strlen(suffixes[i].affix);
        if (len > sn + 1 && !strcasecmp(name + len - sn, suffixes[i].affix))
            add_cand(out, &n, name, len - sn, suffixes[i].weak);
    }
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t pn = strlen(prefixes[i].affix);
        if (len > pn + 1 && !strncasecmp(name, prefixes[i].affix, pn) && name[pn] != '-')
            add_cand(out, &n, name + pn, len - pn, prefixes[i].weak);
    }
    /* the hyphen-separated parts */
    size_t parts = 1;
    for (const char *p = name; *p; p++)
        parts += *p == '-';
    if (parts < 2)
        return n;
    const char *p = name;
    for (size_t i = 0; i < parts; i++) {
        size_t pn = strcspn(p, "-");
        char part[64];
        snprintf(part, sizeof part, "%.*s", (int)(pn < sizeof part ? pn : sizeof part - 1), p);
        int is_secure = in_list(part, secure_parts) || !strcasecmp(part, "https");
        for (int glue = 0; glue < 2; glue++) {
            size_t k;
            if (is_secure) {
                /* drop it: asf-secure-rmcp -> asf-rmcp, ms-s-sideshow -> ms-sideshow */
                if ((k = replace_part(name, i, NULL, glue, buf, sizeof buf)))
                    add_cand(out, &n, buf, k, !strcasecmp(part, "s"));
            }
            for (size_t s = 0; s < sizeof secure_parts / sizeof *secure_parts - 1; s++) {
                /* a security suffix on the part: ftps-data -> ftp-data,
                 * snmptls-trap -> snmptrap, https-wmap -> http-wmap */
                size_t sn = strlen(secure_parts[s]);
                char stem[64];
                if (pn <= sn + 1 || strcasecmp(part + pn - sn, secure_parts[s]))
                    continue;
                snprintf(stem, sizeof stem, "%.*s", (int)(pn - sn), part);
                if ((k = replace_part(name, i, stem, glue, buf, sizeof buf)))
                    add_cand(out, &n, buf, k, !strcmp(secure_parts[s], "s"));
            }
            if (pn > 3 && (part[0] == 's' || part[0] == 'S') && !glue &&
                (k = replace_part(name, i, part + 1, 0, buf, sizeof buf)))
                add_cand(out, &n, buf, k, 1); /* ice-slocation -> ice-location */
        }
        if (is_secure) {
            /* swap it: opcua-tls -> opcua-tcp, xnm-ssl -> xnm-clear-text */
            const char *const *plain = plain_parts;
            static const char *const http[] = {"http", NULL};
            if (!strcasecmp(part, "https"))
                plain = http;
            for (size_t s = 0; plain[s]; s++) {
                size_t k = replace_part(name, i, plain[s], 0, buf, sizeof buf);
                if (k)
                    add_cand(out, &n, buf, k, 0);
            }
        }
        p += pn + (p[pn] == '-');
    }
    return n;
}

struct desc_walk {
    struct pr_rule_ctx *c;
    struct variant *v;
    struct best *best;
};

static int on_desc(const char *name, void *ud)
{
    struct desc_walk *w = ud;
    const struct pr_svc *b = pr_ctx_service(w->c, name);
    word_t bw[MAX_WORDS];
    if (!b || !b->desc)
        return pr_ctx_failed(w->c) ? w->c->err->code : 0;
    size_t nb = content_words(b->desc, bw, MAX_WORDS, NULL);
    /* the variant's description less its security words is the base's */
    if (nb != (size_t)w->v->n_words || shared(w->v->words, nb, bw, nb) != nb)
        return 0;
    if (nb == 1 && strncasecmp(b->name, w->v->name, 3) && !same_assignee(w->c, w->v, b))
        return 0;
    offer(w->c, w->v, b, 2, 0,
          "its description is the base's with a security layer added", w->best);
    return pr_ctx_failed(w->c) ? w->c->err->code : 0;
}

/* The existing service v is a secure variant of, or NULL. */
static const struct pr_svc *find_base(struct pr_rule_ctx *c, struct variant *v,
                                      const char **why)
{
    struct cand cands[MAX_BASES];
    struct best best = {0};
    int rc = 0;
    v->n_words = -1;
    v->secure_text = pr_text_secure(v->desc);
    size_t n = name_bases(v->name, cands);
    for (size_t i = 0; i < n && !pr_ctx_failed(c); i++) {
        const struct pr_svc *b = pr_ctx_service(c, cands[i].name);
        if (b)
            offer(c, v, b, 1, cands[i].weak,
                  "its name adds a security affix to the base's name and its text speaks of "
                  "security",
                  &best);
    }
    if (!best.b && !rc && v->secure_text && v->n_words < 0)
        v->n_words = (int)content_words(v->desc, v->words, MAX_WORDS, NULL);
    if (!best.b && !rc && v->secure_text && v->n_words > 0) {
        /* the base's description has the same words: look for the
         * rarest ones (the longest) */
        word_t q[4];
        size_t nq = 0;
        for (size_t len = 32; len > 1 && nq < 4; len--)
            for (size_t i = 0; i < (size_t)v->n_words && nq < 4; i++)
                if (strlen(v->words[i]) == len)
                    memcpy(q[nq++], v->words[i], sizeof q[0]);
        struct desc_walk w = {c, v, &best};
        rc = pr_ctx_each_desc(c, (const word_t *)q, nq, on_desc, &w);
    }
    /* "IIOP Name Service over TLS/SSL" for nsiiops: a registered service
     * the name carries, named up to three words before "over TLS|SSL|DTLS"
     * or right after a leading "Secure" */
    if (!best.b && !rc && v->secure_text) {
        char words[24][32];
        size_t n_w = 0;
        for (const char *p = v->desc ? v->desc : ""; *p && n_w < 24;) {
            size_t k = 0;
            while (*p && !isalnum((unsigned char)*p))
                p++;
            while (*p && (isalnum((unsigned char)*p) || *p == '-')) {
                if (k + 1 < sizeof words[0])
                    words[n_w][k++] = (char)tolower((unsigned char)*p);
                p++;
            }
            words[n_w][k] = 0;
            if (k)
                n_w++;
        }
        for (size_t i = 0; i < n_w && !best.b; i++) {
            int over = i == 1 && !strcmp(words[0], "secure");
            for (size_t j = i + 1; !over && j <= i + 3 && j + 1 < n_w; j++)
                over = !strcmp(words[j], "over") &&
                       (!strcmp(words[j + 1], "tls") || !strcmp(words[j + 1], "ssl") ||
                        !strcmp(words[j + 1], "dtls"));
            if (!over || strlen(words[i]) < 3 || !pr_text_contains(v->name, words[i]))
                continue;
            const struct pr_svc *b = pr_ctx_service(c, words[i]);
            if (b)
                offer(c, v, b, 2, 0,
                      "its description runs the base service over a security layer", &best);
        }
    }
    if (rc || pr_ctx_failed(c))
        return NULL;
    *why = best.why;
    return best.b;
}

/* ---- the finding ------------------------------------------------------------ */

static int is_mail(const char *name)
{
    static const char *const mail[] = {"imap", "pop3", "submission", NULL};
    for (size_t i = 0; mail[i]; i++)
        if (!strcasecmp(name, mail[i]))
            return 1;
    return 0;
}

/* Clients find servers of these through DNS: MX for smtp, SRV for the rest. */
static const char *found_in_dns(const char *name)
{
    static const char *const srv[] = {"xmpp-client", "xmpp-server", "sip", NULL};
    if (!strcasecmp(name, "smtp"))
        return "MX";
    for (size_t i = 0; srv[i]; i++)
        if (!strcasecmp(name, srv[i]))
            return "SRV";
    return NULL;
}

/* Existing secure variants of base b other than name (ldaps for ldap):
 * "'ldaps' (port 636)" list into buf and their names into sib[]. */
static size_t siblings(struct pr_rule_ctx *c, const struct pr_svc *b, const char *name,
                       char *buf, size_t len, const char *sib[3])
{
    static const char *const suffixes[] = {"s", "-s", "-tls", "tls", "-ssl", "ssl", "-sec",
                                           "sec", "-dtls", "dtls", "-secure", "secure", NULL};
    static const char *const prefixes[] = {"secure-", "s", NULL};
    size_t n = 0, o = 0;
    buf[0] = 0;
    for (size_t k = 0; k < 2; k++) {
        const char *const *affixes = k ? prefixes : suffixes;
        for (size_t i = 0; affixes[i] && n < 3; i++) {
            char cand[80];
            if (k)
                snprintf(cand, sizeof cand, "%s%s", affixes[i], b->name);
            else
                snprintf(cand, sizeof cand, "%s%s", b->name, affixes[i]);
            const struct pr_svc *s = pr_ctx_service(c, cand);
            if (!s || !s->has_port || !strcasecmp(s->name, name) ||
                !(pr_text_secure(s->desc) || pr_text_secure_mirror(s->desc, b->desc)))
                continue;
            int dup = 0;
            for (size_t j = 0; j < n; j++)
                dup |= !strcasecmp(sib[j], s->name);
            if (dup)
                continue;
            sib[n++] = s->name;
            if (o < len)
                o += (size_t)snprintf(buf + o, len - o, "%s'%s' (port %s)", o ? ", " : "",
                                      s->name, s->numbers);
        }
    }
    return n;
}

static int emit(struct pr_rule_ctx *c, const char *name, const struct pr_svc *b,
                const char *why)
{
    const char *rel[4] = {b->name};
    const char *sib[3];
    char sibs[256], ref[160], sugg[1400], more[600] = "";
    size_t n_sib = siblings(c, b, name, sibs, sizeof sibs, sib);
    int mail = is_mail(b->name);
    const char *dns = found_in_dns(b->name);
    if (pr_ctx_failed(c))
        return c->err->code;
    for (size_t i = 0; i < n_sib; i++)
        rel[1 + i] = sib[i];
    snprintf(ref, sizeof ref, "RFC 6335 §7.2, §9; RFC 7605 §7.4%s%s",
             mail ? "; RFC 8314 §3" : "",
             !dns ? "" : !strcmp(dns, "MX") ? "; RFC 6698; RFC 7672; RFC 8461" : "; RFC 6698");
    size_t o = 0;
    if (n_sib)
        o += (size_t)snprintf(sugg, sizeof sugg,
                              "%s already %s '%s' over a security layer: use %s, or upgrade "
                              "in band on '%s' (port %s); ",
                              sibs, n_sib > 1 ? "run" : "runs", b->name,
                              n_sib > 1 ? "one of them" : "it", b->name, b->numbers);
    if (o < sizeof sugg)
        o += (size_t)snprintf(sugg + o, sizeof sugg - o, "%s", suggestion);
    if (dns && o < sizeof sugg)
        snprintf(sugg + o, sizeof sugg - o,
                 "; or, since clients find %s servers through DNS (%s records), publish the "
                 "TLS requirement in DNS or over HTTPS instead of asking for a second port: "
                 "DANE TLSA (RFC 6698%s)%s",
                 b->name, dns, !strcmp(dns, "MX") ? ", for SMTP RFC 7672" : "",
                 !strcmp(dns, "MX") ? " or MTA-STS (RFC 8461)" : "");
    if (n_sib)
        snprintf(more, sizeof more, "; %s already %s it", sibs, n_sib > 1 ? "run" : "runs");
    return pr_rule_emit(c, -1, name, ref, rel, 1 + n_sib, sugg,
                        "'%s' looks like a security variant of '%s' (port %s: %s): %s; "
                        "separate secure and insecure assignments are to be avoided%s%s",
                        name, b->name, b->numbers, b->desc ? b->desc : "", why, more,
                        mail ? " (RFC 8314 §3 does recommend implicit-TLS ports for mail "
                               "access and submission, so a justification may exist)"
                             : "");
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    const char *desc = req->field[PR_REQ_DESCRIPTION];
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
    if (!b) {
        struct variant v = {.name = name, .desc = desc,
                            .security = req->field[PR_REQ_SECURITY], .req = req};
        b = find_base(c, &v, &why);
    }
    if (!b)
        return pr_ctx_failed(c) ? c->err->code : 0;
    return emit(c, name, b, why);
}

static int audit(struct pr_rule_ctx *c)
{
    for (size_t i = 0; i < c->all.n; i++) {
        const struct pr_svc *s = &c->all.items[i];
        const char *why = NULL;
        if (!s->has_port)
            continue;
        struct variant v = {.name = s->name, .desc = s->desc, .svc = s};
        const struct pr_svc *b = find_base(c, &v, &why);
        if (pr_ctx_failed(c))
            return c->err->code;
        if (b) {
            int rc = emit(c, s->name, b, why);
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
