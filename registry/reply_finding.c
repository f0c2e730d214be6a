/* reply_finding.c - a reply letter's paragraph per finding (reply_int.h):
 * a writer per rule that needs its own words, a table for the rules whose
 * paragraph is one shape, the rule's summary for any other. */
#include "reply_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char ask_other_port[] =
    " Please ask for another port, or leave the choice of the number to IANA.";

/* ---- one paragraph per rule --------------------------------------------------- */

static void missing_field(struct letter *L, const struct pr_finding *x)
{
    static const struct { int field; const char *words; } need[] = {
        {PR_REQ_SERVICE_NAME, "the service name you are asking for"},
        {PR_REQ_TRANSPORT, "the transport protocols the service uses (TCP, UDP, SCTP or DCCP)"},
        {PR_REQ_DESCRIPTION, "a short description of the service"},
        {PR_REQ_ASSIGNEE, "who the assignment is for (the assignee)"},
        {PR_REQ_CONTACT, "whom we can contact about it"},
        {PR_REQ_JUSTIFICATION, "why your service needs an assigned port, rather than one of "
                               "the Dynamic Ports or a service name without a port"},
    };
    const char *missing[8];
    size_t n = 0;
    for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
        const char *v = L->req->field[need[i].field];
        /* as the rule asks: a name alone needs neither */
        if ((need[i].field == PR_REQ_JUSTIFICATION || need[i].field == PR_REQ_TRANSPORT) &&
            !pr_request_wants_port(L->req))
            continue;
        if (!v || !*v)
            missing[n++] = need[i].words;
    }
    adds(L->para, "Your request does not tell us ");
    for (size_t i = 0; i < n; i++)
        fprintf(L->para, "%s%s", i == 0 ? "" : i + 1 < n ? "; " : n > 2 ? "; or " : " or ",
                missing[i]);
    adds(L->para, n ? "." : "everything a request needs.");
    adds(L->para, " Every request must give this information");
    pr_reply_cite_finding(L, x);
    adds(L->para, ". Please send it to us.");
    pr_reply_asks(L, ASK_INFO);
}

/* A name close to name that follows RFC 6335 §5.1, or "" when none. */
static void fixed_name(const char *name, char *buf, size_t len)
{
    size_t o = 0;
    for (const char *p = name; *p && o + 1 < len && o < 15; p++) {
        char c = *p;
        if (c == '_' || c == '.' || c == ' ')
            c = '-';
        if (!(isalnum((unsigned char)c) && (unsigned char)c < 0x80) && c != '-')
            continue;
        if (c == '-' && (o == 0 || buf[o - 1] == '-'))
            continue;
        buf[o++] = (char)tolower((unsigned char)c);
    }
    while (o && buf[o - 1] == '-')
        o--;
    buf[o] = 0;
    if (pr_name_syntax_problem(buf) || !strcasecmp(buf, name))
        buf[0] = 0;
}

static void name_syntax(struct letter *L, const struct pr_finding *x)
{
    const char *name = L->req->field[PR_REQ_SERVICE_NAME];
    const char *why = name ? pr_name_syntax_problem(name) : NULL;
    char fix[32];
    fprintf(L->para, "The name \"%s\" cannot be registered as it is", name ? name : "");
    if (why)
        fprintf(L->para, ": it %s", why);
    adds(L->para, ". A service name has 1 to 15 characters, only letters, digits and "
                  "hyphens, at least one letter, and no hyphen at its start, at its end or "
                  "next to another hyphen");
    pr_reply_cite_finding(L, x);
    adds(L->para, ". Please choose a name that follows these rules");
    fixed_name(name ? name : "", fix, sizeof fix);
    if (fix[0])
        fprintf(L->para, ", for example \"%s\"", fix);
    adds(L->para, ".");
    pr_reply_asks(L, ASK_CHANGE);
}

static void name_taken(struct letter *L, const struct pr_finding *x)
{
    const char *name = L->req->field[PR_REQ_SERVICE_NAME];
    const char *held = x->n_related ? x->related[0] : name;
    int likely = pr_reply_has_relation(x, "likely-own") && !pr_reply_has_relation(x, "other") &&
                 !pr_reply_has_relation(x, "unknown");
    adds(L->para, "The registry already holds the service name ");
    if (x->n_records)
        pr_reply_add_records(L, x, NULL);
    else
        pr_reply_add_service(L, held);
    adds(L->para, ".");
    if (name && held && strcmp(name, held))
        fprintf(L->para, " Service names are compared without regard to case, so \"%s\" is the "
                         "same name.", name);
    adds(L->para, " A service name is registered once, for one service");
    pr_reply_cite_paren(L, "RFC 6335 §5");
    adds(L->para, ".");
    if (likely) {
        adds(L->para, " That registration may well be yours, as its contact shares your "
                      "organisation's mail domain. If it is, please confirm this, and we will "
                      "treat your request as a change to that registration");
        pr_reply_cite_paren(L, "RFC 6335 §8.6");
        adds(L->para, ".");
        pr_reply_asks(L, ASK_ANSWER);
        return;
    }
    adds(L->para, " Please choose another name. If your request is about that same service, "
                  "its assignee can ask IANA to change the registration, or to transfer it "
                  "to you");
    pr_reply_cite_paren(L, "RFC 6335 §8.5, §8.6");
    adds(L->para, ".");
    pr_reply_asks(L, ASK_CHANGE);
}

static void port_taken(struct letter *L, const struct pr_finding *x)
{
    char asked[24] = "";
    int likely = pr_reply_has_relation(x, "likely-own") && !pr_reply_has_relation(x, "other") &&
                 !pr_reply_has_relation(x, "unknown");
    int port = pr_reply_first_port(L->req);
    if (port >= 0)
        snprintf(asked, sizeof asked, "%d", port);
    adds(L->para, "You asked for ");
    pr_reply_add_asked_ports(L->para, L->req);
    adds(L->para, " for ");
    pr_reply_add_transports(L->para, L->req->transports);
    adds(L->para, ", but the registry already assigns it to ");
    if (x->n_records)
        pr_reply_add_records(L, x, asked);
    else
        for (size_t i = 0; i < x->n_related; i++)
            fprintf(L->para, "%s\"%s\"", i ? " and " : "", x->related[i]);
    adds(L->para, ".");
    if (likely) {
        adds(L->para, " That assignment may well be yours, as its contact shares your "
                      "organisation's mail domain. If it is, please confirm this, and we will "
                      "treat your request as a change to it");
        pr_reply_cite_paren(L, "RFC 6335 §8.6");
        adds(L->para, ".");
        pr_reply_asks(L, ASK_ANSWER);
        return;
    }
    adds(L->para, " A port number is assigned to one service per transport protocol: once "
                  "assigned for a transport, it is not assigned to a second service on that "
                  "transport");
    pr_reply_cite_paren(L, "RFC 6335 §8.1");
    adds(L->para, ".");
    adds(L->para, ask_other_port);
    if (port >= 0)
        pr_reply_add_free_near(L, port);
    pr_reply_asks(L, ASK_CHANGE);
}

static void port_reserved(struct letter *L, const struct pr_finding *x)
{
    int port = pr_reply_first_port(L->req);
    int likely = pr_reply_has_relation(x, "likely-own");
    adds(L->para, "You asked for ");
    pr_reply_add_asked_ports(L->para, L->req);
    adds(L->para, " for ");
    pr_reply_add_transports(L->para, L->req->transports);
    adds(L->para, ", which the registry holds as Reserved");
    if (likely)
        adds(L->para, ", apparently for an assignment of your organisation");
    adds(L->para, ". Reserved port numbers are not available for regular assignment");
    if (pr_reply_cites(x, "section-8.3"))
        adds(L->para, ", and a port that was de-assigned is given out again only in "
                      "exceptional cases");
    pr_reply_cite_finding(L, x);
    adds(L->para, ".");
    if (likely) {
        adds(L->para, " If the reservation is yours, please confirm this, and we will treat "
                      "your request as a change to your assignment.");
        pr_reply_asks(L, ASK_ANSWER);
        return;
    }
    adds(L->para, ask_other_port);
    if (port >= 0)
        pr_reply_add_free_near(L, port);
    pr_reply_asks(L, ASK_CHANGE);
}

static void port_system(struct letter *L, const struct pr_finding *x)
{
    adds(L->para, "You asked for ");
    if (L->req->port_kind == PR_PORT_NUMBERS) {
        pr_reply_add_asked_ports(L->para, L->req);
        adds(L->para, ", ");
    }
    adds(L->para, "one of the System Ports (" SYSTEM_RANGE);
    if (pr_reply_cites(x, "section-6")) {
        adds(L->para, "; ");
        pr_reply_cite(L, "RFC 6335 §6");
    }
    adds(L->para, "). System Ports are assigned only to protocols that an IETF document "
                  "specifies or that ");
    pr_reply_add_iesg(L);
    adds(L->para, " approves, through the IETF Review and IESG Approval procedures");
    pr_reply_cite_paren(L, "RFC 6335 §8.1.2");
    adds(L->para, ", not through an expert review like this one.");
    if (x->severity == PR_SEV_WARN)
        adds(L->para, " Your request says the port has one of these, but names no IETF "
                      "document; please tell us which document or approval it is.");
    else
        adds(L->para, " Your request names no IETF document or IESG approval behind the "
                      "port. If your protocol is being specified in an IETF document, please "
                      "tell us which one, as the assignment then rests on that document.");
    adds(L->para, " Otherwise, please ask for one of the User Ports (" USER_RANGE ") instead, "
                  "or leave the choice of the number to IANA. A User Port is assigned "
                  "through expert review: we will review that request as we reviewed this "
                  "one, and it still needs a justification of why your service needs an "
                  "assigned port at all.");
    pr_reply_asks(L, ASK_ANSWER | ASK_CHANGE);
}

/* Rules whose paragraph is one shape: a lead naming what was asked or
 * the registry's service, what the RFCs ask, the citations in
 * parentheses (the letter's own reference when set, else the finding's),
 * what to ask for instead. */
enum lead { LEAD_NONE, LEAD_PORTS, LEAD_SERVICE };
static const struct simple {
    const char *rule;
    enum lead lead;
    const char *what;  /* after the lead, up to the citations */
    const char *ref;   /* NULL: the finding's */
    const char *ask;   /* after the citations */
    unsigned asks;
} simple[] = {
    {"port-dynamic", LEAD_PORTS,
     ", one of the Dynamic Ports (" DYNAMIC_RANGE "). Dynamic Ports are never assigned: they are "
     "left for any application to use as it needs",
     NULL,
     "Please ask for one of the User Ports (" USER_RANGE "), or leave the choice of the number "
     "to IANA.",
     ASK_CHANGE},
    {"multiple-ports", LEAD_PORTS,
     " for one service. Port numbers are a scarce resource, and a service gets one port",
     NULL,
     "Please carry all of the service's functions over one port, or tell us why each further "
     "port is needed.",
     ASK_CHANGE | ASK_ANSWER},
    {"insecure-variant", LEAD_SERVICE,
     ", and the service you describe looks like a copy of it without the security. A port "
     "for an insecure form of a secure service is discouraged",
     NULL,
     "Please consider offering your service on that port, with its security negotiated "
     "within the protocol, or tell us why it needs a port of its own without security.",
     ASK_CHANGE | ASK_ANSWER},
    {"ipv4-broadcast", LEAD_NONE,
     "Your service relies on broadcast, which only IPv4 has: IPv6 has no broadcast "
     "addresses, and multicast takes their place",
     "RFC 4291 §2",
     "Please consider using a multicast group instead, which works over both IPv4 and IPv6, "
     "or tell us why your service needs broadcast.",
     ASK_CHANGE | ASK_ANSWER},
    {"version-variant", LEAD_SERVICE,
     ", and your service looks like a new version of it. One port serves all versions of a "
     "service: a new version does not get a new port",
     NULL,
     "Please consider telling the versions apart within the protocol on the existing port, "
     "for example with a version field or by negotiation, or tell us why they cannot share "
     "it.",
     ASK_CHANGE | ASK_ANSWER},
    {"dccp-service-code", LEAD_NONE,
     "You asked for DCCP but did not give the DCCP service code your service will use; a "
     "DCCP registration includes one",
     NULL,
     "Please send us the service code.",
     ASK_INFO},
};

static void simple_rule(struct letter *L, const struct simple *r, const struct pr_finding *x)
{
    if (r->lead == LEAD_PORTS) {
        adds(L->para, "You asked for ");
        pr_reply_add_asked_ports(L->para, L->req);
    } else if (r->lead == LEAD_SERVICE) {
        adds(L->para, "The registry already holds the service ");
        pr_reply_add_service(L, x->n_related ? x->related[0] : "");
    }
    adds(L->para, r->what);
    if (r->ref)
        pr_reply_cite_paren(L, r->ref);
    else
        pr_reply_cite_finding(L, x);
    fprintf(L->para, ". %s", r->ask);
    pr_reply_asks(L, r->asks);
}

/* Is name one of the names a name-similar finding of this review found
 * close to the requested one? */
static int similar_name(struct letter *L, const char *name)
{
    for (size_t i = L->from; i < L->to && i < L->f->n; i++) {
        const struct pr_finding *y = &L->f->items[i];
        if (strcmp(y->rule, "name-similar"))
            continue;
        for (size_t k = 0; k < y->n_related; k++)
            if (!strcasecmp(y->related[k], name))
                return 1;
    }
    return 0;
}

/* What secure-variant's point rests on (the rule's citations, without the
 * RFCs of the ways out, cited where they are named). */
static const char secure_refs[] = "RFC 6335 §7.2, §9; RFC 7605 §7.4";

/* Mail protocols with STARTTLS of their own. */
static int mail_base(const char *name)
{
    static const char *const mail[] = {"smtp", "submission", "imap", "pop3", NULL};
    for (size_t i = 0; mail[i]; i++)
        if (!strcasecmp(name, mail[i]))
            return 1;
    return 0;
}

/* '"smtps" with port 465 for TCP and "ssmtp"': the secure variants the
 * registry holds (related[1..] of a secure-variant finding). */
static void add_siblings(struct letter *L, const struct pr_finding *x, size_t n_sib)
{
    for (size_t i = 0; i < n_sib; i++) {
        struct service_facts f;
        const char *sib = x->related[1 + i];
        adds(L->para, i == 0 ? "" : i + 1 == n_sib ? " and " : ", ");
        fprintf(L->para, "\"%s\"", sib);
        if (pr_reply_service_facts(L, sib, &f) && f.number[0]) {
            adds(L->para, " with ");
            pr_reply_add_number(L->para, f.number, f.tp);
        }
    }
}

/* The one secure variant on a requested transport, or NULL when none or
 * several are. */
static const char *sibling_on_transport(struct letter *L, const struct pr_finding *x,
                                        size_t n_sib)
{
    const char *use = NULL;
    int on_tp = 0;
    for (size_t i = 0; i < n_sib; i++) {
        struct service_facts f;
        if (pr_reply_service_facts(L, x->related[1 + i], &f) && (f.tp & L->req->transports)) {
            use = on_tp++ ? NULL : x->related[1 + i];
        }
    }
    return use;
}

/* The secure variants registered already: use one of them, or say how
 * the protocol differs (and pick a more distinct name when it is close to
 * one of theirs). */
static void secure_registered(struct letter *L, const struct pr_finding *x, const char *base,
                              size_t n_sib)
{
    const char *name = L->req->field[PR_REQ_SERVICE_NAME];
    adds(L->para, " That combination is already registered: ");
    add_siblings(L, x, n_sib);
    const char *use = sibling_on_transport(L, x, n_sib);
    fprintf(L->para, " %s \"%s\" over a security layer.", n_sib > 1 ? "run" : "runs", base);
    if (use && n_sib > 1)
        fprintf(L->para, " Please use \"%s\", or tell us how your protocol differs from it.",
                use);
    else
        fprintf(L->para, " Please use %s, or tell us how your protocol differs from %s.",
                n_sib > 1 ? "one of those registrations" : "that registration",
                n_sib > 1 ? "them" : "it");
    for (size_t i = 0; i < n_sib && name; i++)
        if (similar_name(L, x->related[1 + i])) {
            fprintf(L->para, " The name you ask for, \"%s\", is also nearly the same as "
                             "\"%s\": two names so close would easily be confused",
                    name, x->related[1 + i]);
            pr_reply_cite_paren(L, "RFC 6335 §5");
            adds(L->para, ", so a different protocol would need a more distinct name.");
            break;
        }
    adds(L->para, " A further port for another secure form of the same service is to be "
                  "avoided");
    pr_reply_cite_paren(L, secure_refs);
    adds(L->para, ".");
}

/* A service found through DNS (SRV, or MX for mail) can publish that it
 * wants TLS there: DANE TLSA records, or MTA-STS for mail. */
static void secure_in_dns(struct letter *L, const struct pr_finding *x, const char *base)
{
    int mx = pr_reply_cites(x, "rfc7672");
    fprintf(L->para, " Since clients find \"%s\" servers through DNS (%s records), you could "
                     "also publish the requirement for TLS instead of asking for a second "
                     "port, %sin DNS with DANE TLSA records (",
            base, mx ? "MX" : "SRV", mx ? "either " : "");
    pr_reply_cite(L, mx ? "RFC 6698; RFC 7672" : "RFC 6698");
    adds(L->para, mx ? ") or over HTTPS with MTA-STS (" : ")");
    if (mx) {
        pr_reply_cite(L, "RFC 8461");
        adds(L->para, ")");
    }
    adds(L->para, ".");
}

/* No secure variant registered: what the RFCs ask, and the ways to
 * security without a second port (STARTTLS, ALPN, DANE), or the reason
 * RFC 8314 gives mail. */
static void secure_options(struct letter *L, const struct pr_finding *x, const char *base)
{
    adds(L->para, " A service should not get separate ports for a secure and an insecure "
                  "form, and every port a service gets needs a reason of its own");
    pr_reply_cite_paren(L, secure_refs);
    fprintf(L->para, ". Options to consider, where the protocol allows them: switching a "
                     "connection to TLS within the protocol, on the existing port of \"%s\", "
                     "as %s with the STARTTLS command; or, if your protocol needs TLS from the "
                     "start of every connection, sharing a port with other protocols that run "
                     "over TLS, the client naming the protocol it wants during the TLS "
                     "handshake through "
                     "Application-Layer Protocol Negotiation (ALPN, ",
            base, mail_base(base) ? "it already does" : "mail protocols do");
    pr_reply_cite(L, "RFC 7301");
    adds(L->para, ").");
    if (pr_reply_cites(x, "rfc6698"))
        secure_in_dns(L, x, base);
    if (pr_reply_cites(x, "rfc8314")) {
        adds(L->para, " For mail submission and access, ");
        pr_reply_cite(L, "RFC 8314 §3");
        adds(L->para, " does recommend ports where TLS starts at once, so such a reason may "
                      "well exist; please give it.");
    } else {
        adds(L->para, " If your service still needs a port of its own, please tell us why.");
    }
}

/* The base service (related[0]) and, when the registry has them, its
 * secure variants already registered (related[1..]): those first, as the
 * answer to the request; then what the RFCs ask and the options. */
static void secure_variant(struct letter *L, const struct pr_finding *x)
{
    const char *base = x->n_related ? x->related[0] : "";
    size_t n_sib = x->n_related > 1 ? x->n_related - 1 : 0;
    adds(L->para, "The service you describe looks like ");
    pr_reply_add_service(L, base);
    adds(L->para, " with security added.");
    if (n_sib)
        secure_registered(L, x, base, n_sib);
    else
        secure_options(L, x, base);
    pr_reply_asks(L, ASK_ANSWER | ASK_CHANGE);
}

/* "acme" for a discovery-style name ("acme-disc", "acme-discovery",
 * "acmedisc"), else "". */
static void protocol_name(const char *name, char *buf, size_t len)
{
    static const char *const tails[] = {"-discovery", "-discover", "-disc", "discovery",
                                        "discover", "disc", NULL};
    size_t n = name ? strlen(name) : 0;
    buf[0] = 0;
    for (size_t i = 0; tails[i]; i++) {
        size_t t = strlen(tails[i]);
        if (n > t && !strcasecmp(name + n - t, tails[i])) {
            snprintf(buf, len, "%.*s", (int)(n - t), name);
            break;
        }
    }
    size_t k = strlen(buf);
    while (k && buf[k - 1] == '-')
        buf[--k] = 0;
    if (buf[0] && pr_name_syntax_problem(buf))
        buf[0] = 0;
}

/* A multicast group the text names ("239.255.0.1", "ff05::c"), into buf. */
static int multicast_group(const char *text, char *buf, size_t len)
{
    for (const char *p = text ? text : ""; *p; p++) {
        if (p != text && (isalnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == ':'))
            continue;
        int a, b, c, d, used = 0;
        if (sscanf(p, "%3d.%3d.%3d.%3d%n", &a, &b, &c, &d, &used) == 4 && a >= 224 &&
            a <= 239 && b <= 255 && c <= 255 && d <= 255) {
            snprintf(buf, len, "%d.%d.%d.%d", a, b, c, d);
            return 1;
        }
        if ((p[0] == 'f' || p[0] == 'F') && (p[1] == 'f' || p[1] == 'F') &&
            isxdigit((unsigned char)p[2]) && isxdigit((unsigned char)p[3]) && p[4] == ':') {
            size_t n = strspn(p, "0123456789abcdefABCDEF:");
            snprintf(buf, len, "%.*s", (int)n, p);
            return 1;
        }
    }
    return 0;
}

static void discovery_port(struct letter *L, const struct pr_finding *x)
{
    const struct pr_request *req = L->req;
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    char proto[32], group[64];
    struct service_facts f;
    adds(L->para, "Your service exists to find peers or devices on the network. ");
    pr_reply_add_dnssd(L);
    adds(L->para, " does that with a registered service name and no port number of its own: "
                  "devices announce the service under its name, and the announcement carries "
                  "the port they use");
    pr_reply_cite_paren(L, "RFC 6763");
    adds(L->para, ". An assigned port is then not needed");
    if (pr_reply_cites(x, "rfc7605#section-7.1"))
        pr_reply_cite_paren(L, "RFC 7605 §7.1");
    adds(L->para, ".");
    protocol_name(name, proto, sizeof proto);
    if (proto[0]) {
        fprintf(L->para, " With DNS-SD, the service name names the protocol your devices "
                         "speak, not the discovery step: a name such as \"%s\" rather than "
                         "\"%s\"",
                proto, name);
        if (pr_reply_service_facts(L, proto, &f))
            fprintf(L->para, " (\"%s\" is registered already: if that is your protocol, its "
                             "registration serves)",
                    proto);
        fprintf(L->para, ", found under the service type \"_%s._%s\".", proto,
                req->transports == PR_TP_TCP ? "tcp" : "udp");
    }
    pr_reply_para_end(L);
    adds(L->para, "Multicast DNS (mDNS, ");
    pr_reply_cite(L, "RFC 6762");
    adds(L->para, ") carries DNS-SD on the local link only; to find devices across routers, "
                  "DNS-SD also works over unicast DNS, or through a Discovery Proxy (");
    pr_reply_cite(L, "RFC 8766");
    adds(L->para, ").");
    if (multicast_group(req->field[PR_REQ_MULTICAST], group, sizeof group))
        fprintf(L->para, " Your request names a multicast group of its own, %s; mDNS brings "
                         "its own (224.0.0.251 and ff02::fb, port 5353), so none is needed.",
                group);
    adds(L->para, " Please consider asking for the service name alone, without a port, or "
                  "tell us why DNS-SD would not serve your devices.");
    pr_reply_asks(L, ASK_CHANGE | ASK_ANSWER);
}

static void transport_unjustified(struct letter *L, const struct pr_finding *x)
{
    const struct pr_request *req = L->req;
    const char *cong = req->field[PR_REQ_CONGESTION];
    unsigned unexplained = 0;
    int count = 0, asked_cong = 0;
    for (int i = 0; i < 4; i++)
        if (req->transports & (1u << i)) {
            count++;
            if (!pr_text_has_word(req->field[PR_REQ_JUSTIFICATION], pr_tp_names[i], 0) &&
                !pr_text_has_word(req->field[PR_REQ_NOTES], pr_tp_names[i], 0))
                unexplained |= 1u << i;
        }
    if ((req->transports & (PR_TP_UDP | PR_TP_DCCP)) && !(cong && *cong)) {
        adds(L->para, "You asked for ");
        pr_reply_add_transports(L->para, req->transports & (PR_TP_UDP | PR_TP_DCCP));
        adds(L->para, ", but your request does not say how the service avoids congesting the "
                      "network; ");
        pr_reply_cite(L, "RFC 8085");
        adds(L->para, " describes what a service over UDP needs to do.");
        asked_cong = 1;
        pr_reply_asks(L, ASK_ANSWER);
    }
    if (count > 1 && unexplained) {
        if (asked_cong) {
            fprintf(L->para, " Your request also does not say why the service needs %s ",
                    count > 2 ? "all of" : "both");
            pr_reply_add_transports(L->para, req->transports);
        } else {
            adds(L->para, "You asked for ");
            pr_reply_add_transports(L->para, req->transports);
            adds(L->para, " without saying why the service needs ");
            adds(L->para, count > 2 ? "all of them" : "both");
        }
        adds(L->para, ". Only the transport protocols a service uses are assigned");
        pr_reply_cite_finding(L, x);
        adds(L->para, ".");
        pr_reply_asks(L, ASK_ANSWER | ASK_CHANGE);
    }
    adds(L->para, " Please tell us");
    if (asked_cong)
        adds(L->para, " how your service controls congestion");
    if (asked_cong && count > 1 && unexplained)
        adds(L->para, " and");
    if (count > 1 && unexplained)
        adds(L->para, " why it needs each transport protocol, or ask only for those it uses");
    adds(L->para, ".");
}

/* Another request of the same run wants the same: the other applicant's
 * request stays unnamed (it is theirs to tell). */
static void run_conflict(struct letter *L, const struct pr_finding *x)
{
    const char *name = L->req->field[PR_REQ_SERVICE_NAME];
    int same_name = 0;
    for (size_t i = 0; i < x->n_related; i++)
        same_name |= name && !strcasecmp(x->related[i], name);
    adds(L->para, "Another request we are reviewing at the same time asks for ");
    if (same_name) {
        fprintf(L->para, "the same service name, \"%s\". A service name goes to one service "
                         "only",
                name);
    } else {
        adds(L->para, "the same ");
        pr_reply_add_asked_ports(L->para, L->req);
        adds(L->para, " for ");
        pr_reply_add_transports(L->para, L->req->transports);
        adds(L->para, ". A port number goes to one service per transport protocol");
    }
    adds(L->para, ", so only one of the two requests can have it");
    pr_reply_cite_paren(L, same_name ? "RFC 6335 §5" : "RFC 6335 §8.1");
    fprintf(L->para, ". If you can use another %s, please ask for it%s.",
            same_name ? "name" : "port",
            same_name ? "" : ", or leave the choice of the number to IANA");
    pr_reply_asks(L, ASK_CHANGE);
}

/* Any other rule: its summary, the citations. */
static void other_rule(struct letter *L, const struct pr_finding *x)
{
    const struct pr_rule *r = pr_rule_find(x->rule);
    fprintf(L->para, "Our review raises a point about your request: %s",
            r ? r->summary : x->message);
    pr_reply_cite_finding(L, x);
    adds(L->para, ". Please tell us how you would like to address it.");
    pr_reply_asks(L, ASK_ANSWER);
}

static const struct {
    const char *rule;
    void (*write)(struct letter *L, const struct pr_finding *x);
} writers[] = {
    {"missing-field", missing_field},
    {"name-syntax", name_syntax},
    {"name-taken", name_taken},
    {"port-reserved", port_reserved},
    {"port-taken", port_taken},
    {"port-system", port_system},
    {"secure-variant", secure_variant},
    {"discovery-port", discovery_port},
    {"transport-unjustified", transport_unjustified},
    {"run-conflict", run_conflict},
};

void pr_reply_finding(struct letter *L, const struct pr_finding *x)
{
    size_t w = 0, k = 0;
    while (w < sizeof writers / sizeof *writers && strcmp(writers[w].rule, x->rule))
        w++;
    while (k < sizeof simple / sizeof *simple && strcmp(simple[k].rule, x->rule))
        k++;
    if (w < sizeof writers / sizeof *writers)
        writers[w].write(L, x);
    else if (k < sizeof simple / sizeof *simple)
        simple_rule(L, &simple[k], x);
    else
        other_rule(L, x);
}
