/* reply.c - the reply letter to a requester (reply.h).  A paragraph per
 * warn or reject finding, from the finding's records (holders by name,
 * port and assignee) and links (the RFC sections it cites), in words a
 * reader of RFC 6335 knows: the registry, ports, transports, assignees.
 * Never a command, never a request field's name or syntax. */
#include "reply.h"

#include "edit.h"
#include "rules_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The User Ports as a letter says them: "1024 to 49151". */
#define USER_RANGE PR_PORT_STR(PR_PORT_USER_MIN) " to " PR_PORT_STR(PR_PORT_USER_MAX)

/* ---- the letter ------------------------------------------------------------- */

/* The letter and its paragraph are memory streams (open_memstream): no
 * buffer of our own to grow; a failed write shows in ferror at the end. */
static void adds(FILE *f, const char *s)
{
    fputs(s, f);
}

struct letter {
    pr_store *s;
    const struct pr_request *req;
    FILE *out;        /* the letter, wrapped (a memory stream on out_buf) */
    char *out_buf;
    size_t out_len;
    FILE *para;       /* the paragraph being written, one line */
    char *para_buf;
    size_t para_len;
    int paragraphs;   /* finding paragraphs written */
};

/* Columns a UTF-8 string takes (one per character). */
static size_t columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* The paragraph, word-wrapped at PR_REPLY_WIDTH, and a blank line after;
 * the paragraph stream starts again empty. */
static void para_end(struct letter *L)
{
    fflush(L->para);
    const char *p = L->para_buf ? L->para_buf : "";
    size_t col = 0, left = L->para_len;
    while (left) {
        while (left && *p == ' ')
            p++, left--;
        size_t n = 0;
        while (n < left && p[n] != ' ')
            n++;
        if (!n)
            break;
        size_t w = columns(p, n);
        if (col && col + 1 + w > PR_REPLY_WIDTH) {
            fputc('\n', L->out);
            col = 0;
        }
        if (col) {
            fputc(' ', L->out);
            col++;
        }
        fwrite(p, 1, n, L->out);
        col += w;
        p += n;
        left -= n;
    }
    if (col)
        fputs("\n\n", L->out);
    rewind(L->para);
    fflush(L->para);
}

/* "TCP", "TCP and UDP", "TCP, UDP and SCTP" for PR_TP_* bits. */
static void add_transports(FILE *t, unsigned tp)
{
    static const char *const up[4] = {"TCP", "UDP", "SCTP", "DCCP"};
    int n = 0, k = 0;
    for (int i = 0; i < 4; i++)
        n += (tp >> i) & 1;
    for (int i = 0; i < 4; i++)
        if ((tp >> i) & 1) {
            adds(t, k == 0 ? "" : k == n - 1 ? " and " : ", ");
            adds(t, up[i]);
            k++;
        }
}

static unsigned tp_of(const char *protocol)
{
    for (int i = 0; i < 4; i++)
        if (protocol && !strcasecmp(protocol, pr_tp_names[i]))
            return 1u << i;
    return 0;
}

/* "port 443 for TCP, UDP and SCTP" / "ports 6000 to 6063 for TCP" for one
 * number and the transports of its records. */
static void add_number(FILE *t, const char *number, unsigned tp)
{
    const char *dash = strchr(number, '-');
    if (dash)
        fprintf(t, "ports %.*s to %s", (int)(dash - number), number, dash + 1);
    else
        fprintf(t, "port %s", number);
    if (tp && tp != 0xf) {
        adds(t, " for ");
        add_transports(t, tp);
    }
}

/* A person as a letter names them: "VESvault Corp (VESvault_Corp)" and
 * "Jon_Postel" become "VESvault Corp" and "Jon Postel". */
static void person_words(const char *label, const char *id, char *buf, size_t len)
{
    snprintf(buf, len, "%s", label && *label ? label : id ? id : "");
    size_t n = strlen(buf), in = id ? strlen(id) : 0;
    if (in && n > in + 3 && buf[n - 1] == ')' && !strncmp(buf + n - in - 1, id, in) &&
        !strncmp(buf + n - in - 3, " (", 2))
        buf[n - in - 3] = 0;
    if (!strchr(buf, ' '))
        for (char *p = buf; *p; p++)
            if (*p == '_')
                *p = ' ';
    if (!strcmp(buf, "IESG") || !strcmp(buf, "IETF"))
        snprintf(buf, len, "the %s", !strcmp(buf, "IESG") ? "IESG" : "IETF");
}

/* Is the record held by the IESG or the IETF (an IETF protocol's)? */
static int ietf_held(const struct pr_finding_record *r)
{
    return (r->assignee && (!strcmp(r->assignee, "IESG") || !strcmp(r->assignee, "IETF"))) ||
           (r->assignee_name && (!strncmp(r->assignee_name, "IESG", 4) ||
                                 !strncmp(r->assignee_name, "IETF", 4)));
}

/* The name a request gives for a person ("Jane Doe <jane@example.org>",
 * "Jane_Doe", several separated by commas: the first), "" when none. */
static void request_person(const char *spec, char *buf, size_t len)
{
    char first[256];
    buf[0] = 0;
    if (!spec)
        return;
    snprintf(first, sizeof first, "%.*s", (int)strcspn(spec, ","), spec);
    char *lt = strchr(first, '<');
    if (lt)
        *lt = 0;
    else if (strchr(first, '@'))
        return; /* an address alone */
    char *b = first, *e = first + strlen(first);
    while (*b == ' ' || *b == '"')
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '"'))
        *--e = 0;
    person_words(b, NULL, buf, len);
}

/* What the store says of service name: its description, its port numbers
 * and their transports.  0 when it is not there (or s is NULL). */
struct service_facts {
    char description[200];
    char number[24];
    unsigned tp;
    int more_numbers;
    int found;
};

static int on_service(const struct pr_record *r, void *ud)
{
    struct service_facts *f = ud;
    if (!f->found && r->description)
        snprintf(f->description, sizeof f->description, "%s", r->description);
    f->found = 1;
    if (!r->number)
        return 0;
    if (!f->number[0])
        snprintf(f->number, sizeof f->number, "%s", r->number);
    if (!strcmp(f->number, r->number))
        f->tp |= r->protocol ? tp_of(r->protocol) : 0xf;
    else
        f->more_numbers = 1;
    return 0;
}

static int service_facts(struct letter *L, const char *name, struct service_facts *f)
{
    memset(f, 0, sizeof *f);
    if (L->s && name)
        pr_search_name(L->s, name, on_service, f, NULL);
    /* one line: a description may hold line breaks */
    for (char *p = f->description; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    return f->found;
}

/* '"snmp" (port 161 for TCP and UDP: SNMP)' from the store. */
static void add_service(struct letter *L, const char *name)
{
    struct service_facts f;
    fprintf(L->para, "\"%s\"", name);
    if (!service_facts(L, name, &f))
        return;
    if (f.number[0]) {
        adds(L->para, " (");
        add_number(L->para, f.number, f.tp);
        if (f.more_numbers)
            adds(L->para, " and others");
        if (f.description[0])
            fprintf(L->para, ", \"%s\"", f.description);
        adds(L->para, ")");
    } else if (f.description[0]) {
        fprintf(L->para, " (\"%s\", a service name without a port)", f.description);
    }
}

static int same(const char *a, const char *b)
{
    return !strcasecmp(a ? a : "", b ? b : "");
}

/* The records of a finding as the registry lists them: each service with
 * its description, then each of its numbers with the transports and the
 * assignee: '"https" ("http protocol over TLS/SSL") with port 443 for TCP,
 * UDP and SCTP, whose assignee is the IESG, and as a service name alone,
 * whose assignee is Tim Berners-Lee'.  A number equal to skip (the port
 * the requester asked for, named already) is not repeated. */
static void add_records(struct letter *L, const struct pr_finding *x, const char *skip)
{
    size_t services = 0, done = 0;
    for (size_t i = 0; i < x->n_records; i++) {
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = same(x->records[k].service, x->records[i].service);
        services += !seen;
    }
    for (size_t i = 0; i < x->n_records; i++) {
        const struct pr_finding_record *r = &x->records[i];
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = same(x->records[k].service, r->service);
        if (seen)
            continue;
        if (done)
            adds(L->para, done + 1 < services ? "; " : "; and ");
        done++;
        struct service_facts f;
        if (r->service) {
            fprintf(L->para, "\"%s\"", r->service);
            if (service_facts(L, r->service, &f) && f.description[0])
                fprintf(L->para, " (\"%s\")", f.description);
        } else {
            adds(L->para, "a reserved entry");
        }
        /* each of its numbers once, with its transports and assignee */
        size_t parts = 0;
        for (size_t k = i; k < x->n_records; k++) {
            const struct pr_finding_record *q = &x->records[k];
            int first = same(q->service, r->service);
            for (size_t j = i; j < k && first; j++)
                first = !(same(x->records[j].service, q->service) &&
                          !strcmp(x->records[j].number ? x->records[j].number : "",
                                  q->number ? q->number : ""));
            if (!first)
                continue;
            unsigned tp = 0;
            for (size_t j = k; j < x->n_records; j++)
                if (same(x->records[j].service, q->service) &&
                    !strcmp(x->records[j].number ? x->records[j].number : "",
                            q->number ? q->number : ""))
                    tp |= x->records[j].protocol ? tp_of(x->records[j].protocol) : 0xf;
            if (parts++)
                adds(L->para, ", and");
            if (q->number && skip && !strcmp(q->number, skip)) {
                adds(L->para, parts > 1 ? " on it" : "");
            } else if (q->number) {
                adds(L->para, " with ");
                add_number(L->para, q->number, tp);
            } else {
                adds(L->para, " as a service name alone");
            }
            char who[200];
            person_words(q->assignee_name, q->assignee, who, sizeof who);
            if (who[0])
                fprintf(L->para, ", whose assignee is %s", who);
        }
    }
}

/* "See RFC 6335, section 8.1.1 <URL>." from the finding's links: sections
 * of one RFC together. */
static void add_citations(struct letter *L, const struct pr_finding *x)
{
    long last = -1;
    size_t in_group = 0;
    if (!x->n_links)
        return;
    adds(L->para, " See ");
    for (size_t i = 0; i < x->n_links; i++) {
        const char *u = x->links[i], *p = strstr(u, "/rfc/rfc");
        long rfc = p ? strtol(p + 8, NULL, 10) : 0;
        const char *sec = strstr(u, "#section-");
        /* sections left in this RFC's group, for "and" */
        size_t rest = 0;
        for (size_t k = i + 1; k < x->n_links; k++) {
            const char *q = strstr(x->links[k], "/rfc/rfc");
            if (!q || strtol(q + 8, NULL, 10) != rfc)
                break;
            rest++;
        }
        if (rfc != last) {
            if (last >= 0)
                adds(L->para, "; ");
            fprintf(L->para, "RFC %ld", rfc);
            if (sec)
                fprintf(L->para, ", section%s", rest ? "s" : "");
            in_group = 0;
            last = rfc;
        }
        if (sec)
            fprintf(L->para, "%s%s", in_group == 0 ? " " : rest ? ", " : " and ", sec + 9);
        fprintf(L->para, " <%s>", u);
        in_group++;
    }
    adds(L->para, ".");
}

static int cites(const struct pr_finding *x, const char *what)
{
    for (size_t i = 0; i < x->n_links; i++)
        if (strstr(x->links[i], what))
            return 1;
    return 0;
}

/* " Unassigned ports near it include 5351, 5352 and 5354." or nothing:
 * free for every transport, as IANA keeps a number's TCP and UDP with one
 * assignee (RFC 6335 §8.1). */
static void add_free_near(struct letter *L, int port)
{
    int ports[3];
    long n = 0;
    if (!L->s)
        return;
    n = pr_ports_free(L->s, NULL, port <= PR_PORT_SYSTEM_MAX ? PR_RANGE_SYSTEM : PR_RANGE_USER, port, ports, 3,
                      NULL);
    if (n <= 0)
        return;
    for (long i = 1; i < n; i++) /* nearest first, told in order */
        for (long k = i; k > 0 && ports[k] < ports[k - 1]; k--) {
            int t = ports[k];
            ports[k] = ports[k - 1];
            ports[k - 1] = t;
        }
    adds(L->para, " Unassigned ports near it include ");
    for (long i = 0; i < n; i++)
        fprintf(L->para, "%s%d", i == 0 ? "" : i == n - 1 ? " and " : ", ", ports[i]);
    adds(L->para, ".");
}

static int first_port(const struct pr_request *req)
{
    return req->port_kind == PR_PORT_NUMBERS && req->n_ports ? req->ports[0].lo : -1;
}

/* "port 5353" / "ports 5088 to 5089" / "ports 1234 and 2000 to 2001" */
static void add_asked_ports(FILE *t, const struct pr_request *req)
{
    int count = 0;
    for (size_t i = 0; i < req->n_ports; i++)
        count += req->ports[i].hi - req->ports[i].lo + 1;
    adds(t, count == 1 ? "port " : "ports ");
    for (size_t i = 0; i < req->n_ports; i++) {
        adds(t, i == 0 ? "" : i + 1 == req->n_ports ? " and " : ", ");
        if (req->ports[i].lo == req->ports[i].hi)
            fprintf(t, "%d", req->ports[i].lo);
        else
            fprintf(t, "%d %s %d", req->ports[i].lo,
                 req->ports[i].hi == req->ports[i].lo + 1 ? "and" : "to", req->ports[i].hi);
    }
}

/* The worst relation of the finding's records to the requester. */
static int has_relation(const struct pr_finding *x, const char *rel)
{
    for (size_t i = 0; i < x->n_records; i++)
        if (x->records[i].relation && !strcmp(x->records[i].relation, rel))
            return 1;
    return 0;
}

/* The holder's contact as a letter names them: "Stuart Cheshire
 * <cheshire@apple.com>", or "". */
static void holder_contact(const struct pr_finding *x, char *buf, size_t len)
{
    buf[0] = 0;
    for (size_t i = 0; i < x->n_records && !buf[0]; i++) {
        const struct pr_finding_record *r = &x->records[i];
        char who[200];
        if (!r->relation || strcmp(r->relation, "other"))
            continue;
        person_words(r->contact_name ? r->contact_name : r->assignee_name,
                     r->contact ? r->contact : r->assignee, who, sizeof who);
        if (who[0] && r->contact_mail)
            snprintf(buf, len, "%s <%s>", who, r->contact_mail);
        else
            snprintf(buf, len, "%s", who);
    }
}

/* ---- one paragraph per rule --------------------------------------------------- */

static void missing_field(struct letter *L, const struct pr_finding *x)
{
    static const struct { int field; const char *words; } need[] = {
        {PR_REQ_SERVICE_NAME, "the service name you are asking for"},
        {PR_REQ_TRANSPORT, "the transport protocols the service uses (TCP, UDP, SCTP or DCCP)"},
        {PR_REQ_DESCRIPTION, "a short description of the service"},
        {PR_REQ_ASSIGNEE, "who the assignment is for (the assignee)"},
        {PR_REQ_CONTACT, "whom we can contact about it"},
        {PR_REQ_JUSTIFICATION, "why a port from the dynamic range, or a service name without a "
                               "port, would not serve"},
    };
    const char *missing[8];
    size_t n = 0;
    for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
        const char *v = L->req->field[need[i].field];
        if (need[i].field == PR_REQ_JUSTIFICATION && !pr_request_wants_port(L->req))
            continue;
        if (!v || !*v)
            missing[n++] = need[i].words;
    }
    adds(L->para, "Your request does not tell us ");
    for (size_t i = 0; i < n; i++)
        fprintf(L->para, "%s%s", i == 0 ? "" : i + 1 < n ? "; " : n > 2 ? "; or " : " or ",
             missing[i]);
    adds(L->para, n ? "." : "everything a request needs.");
    adds(L->para, " RFC 6335 lists the information every request must give.");
    add_citations(L, x);
    adds(L->para, n > 1 ? " Please send us this information." : " Please send it to us.");
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
                  "next to another hyphen.");
    add_citations(L, x);
    adds(L->para, " Please choose a name that follows these rules");
    fixed_name(name ? name : "", fix, sizeof fix);
    if (fix[0])
        fprintf(L->para, ", for example \"%s\"", fix);
    adds(L->para, ".");
}

static void name_taken(struct letter *L, const struct pr_finding *x)
{
    const char *name = L->req->field[PR_REQ_SERVICE_NAME];
    const char *held = x->n_related ? x->related[0] : name;
    int likely = has_relation(x, "likely-own") && !has_relation(x, "other") &&
                 !has_relation(x, "unknown");
    adds(L->para, "The registry already holds the service name ");
    if (x->n_records)
        add_records(L, x, NULL);
    else
        add_service(L, held);
    adds(L->para, ".");
    if (name && held && strcmp(name, held))
        fprintf(L->para, " Service names are compared without regard to case, so \"%s\" is the "
                         "same name.", name);
    adds(L->para, " A service name is registered once, for one service.");
    add_citations(L, x);
    if (likely) {
        adds(L->para, " That registration may well be yours, as its contact shares your "
                      "organisation's mail domain. If it is, please confirm this, and we will "
                      "treat your request as a change to that registration.");
        return;
    }
    adds(L->para, " Please choose another name. If your request is about that same service, "
                  "its assignee can ask for the registration to be changed, or give the name "
                  "up so that it can be assigned to you.");
}

static void port_taken(struct letter *L, const struct pr_finding *x)
{
    char contact[300], asked[24] = "";
    int likely = has_relation(x, "likely-own") && !has_relation(x, "other") &&
                 !has_relation(x, "unknown");
    int other = has_relation(x, "other"), ietf = 0;
    int port = first_port(L->req);
    for (size_t i = 0; i < x->n_records; i++)
        ietf |= ietf_held(&x->records[i]);
    if (port >= 0)
        snprintf(asked, sizeof asked, "%d", port);
    adds(L->para, "You asked for ");
    add_asked_ports(L->para, L->req);
    adds(L->para, " for ");
    add_transports(L->para, L->req->transports);
    adds(L->para, ", and the registry already assigns it to ");
    if (x->n_records)
        add_records(L, x, asked);
    else
        for (size_t i = 0; i < x->n_related; i++)
            fprintf(L->para, "%s\"%s\"", i ? " and " : "", x->related[i]);
    adds(L->para, ".");
    if (likely) {
        adds(L->para, " That assignment may well be yours, as its contact shares your "
                      "organisation's mail domain. If it is, please confirm this, and we will "
                      "treat your request as a change to it.");
        add_citations(L, x);
        return;
    }
    adds(L->para, " A port number is assigned to one service, and an assigned port changes "
                  "hands only if its assignee gives it up.");
    add_citations(L, x);
    holder_contact(x, contact, sizeof contact);
    if (other && !ietf && contact[0])
        fprintf(L->para, " If you need this port in particular, please first ask its contact, "
                         "%s.", contact);
    adds(L->para, other && !ietf && contact[0] ? " Otherwise, please" : " Please");
    adds(L->para, " ask for another port, or leave the choice of port to IANA.");
    if (port >= 0)
        add_free_near(L, port);
}

static void port_reserved(struct letter *L, const struct pr_finding *x)
{
    int port = first_port(L->req);
    adds(L->para, "You asked for ");
    add_asked_ports(L->para, L->req);
    adds(L->para, " for ");
    add_transports(L->para, L->req->transports);
    adds(L->para, ", which the registry holds as reserved");
    if (has_relation(x, "likely-own"))
        adds(L->para, ", apparently for an assignment of your organisation");
    adds(L->para, ". Reserved port numbers are not available for regular assignment");
    if (cites(x, "section-8.3"))
        adds(L->para, ", and a port that was de-assigned is given out again only in "
                      "exceptional cases");
    adds(L->para, ".");
    add_citations(L, x);
    if (has_relation(x, "likely-own"))
        adds(L->para, " If the reservation is yours, please confirm this, and we will treat "
                      "your request as a change to your assignment.");
    else
        adds(L->para, " Please ask for another port, or leave the choice of port to IANA.");
    if (port >= 0 && !has_relation(x, "likely-own"))
        add_free_near(L, port);
}

static void port_system(struct letter *L, const struct pr_finding *x)
{
    adds(L->para, "You asked for ");
    add_asked_ports(L->para, L->req);
    adds(L->para, ", a system port (0 to " PR_PORT_STR(PR_PORT_SYSTEM_MAX) "). System ports are assigned only through IETF "
                  "Review or IESG Approval");
    if (x->severity == PR_SEV_WARN) {
        adds(L->para, ", and while your request says the port has one of these, it names no "
                      "IETF document.");
        add_citations(L, x);
        adds(L->para, " Please tell us which IETF document asks for the port; without one, "
                      "please ask for a port in the user range, " USER_RANGE ".");
        return;
    }
    adds(L->para, ", and your request names no IETF document behind it.");
    add_citations(L, x);
    adds(L->para, " Please ask for a port in the user range, " USER_RANGE ", or tell us which "
                  "IETF document asks for this port.");
}

/* Rules whose paragraph is one shape: a lead naming what was asked or
 * the registry's service, what the RFCs ask, the citations, what to ask
 * for instead.  (also, when the finding cites rfc_also, adds that.) */
enum lead { LEAD_NONE, LEAD_PORTS, LEAD_SERVICE };
static const struct simple {
    const char *rule;
    enum lead lead;
    const char *what;  /* after the lead */
    const char *ask;   /* after the citations */
    const char *rfc_also, *also;
} simple[] = {
    {"port-dynamic", LEAD_PORTS,
     ", which lies in the dynamic range, " PR_PORT_STR(PR_PORT_DYNAMIC_MIN) " to "
     PR_PORT_STR(PR_PORT_MAX) ". Ports in that range are never "
     "assigned: they are left for any application to use as it needs.",
     "Please ask for a port in the user range, " USER_RANGE ", or leave the choice of port "
     "to IANA.", NULL, NULL},
    {"multiple-ports", LEAD_PORTS,
     " for one service. Port numbers are a scarce resource, and a service gets one port.",
     "Please carry all of the service's functions over one port, or tell us why each further "
     "port is needed.", NULL, NULL},
    {"secure-variant", LEAD_SERVICE,
     ", and the service you describe looks like that service with security added. A service "
     "should not get separate ports for a secure and an insecure form, and every port a "
     "service gets needs a reason of its own.",
     "Please consider adding the security to the existing service on the port it already "
     "has: for example by starting TLS within the protocol, as STARTTLS does, or by using TLS "
     "from the first byte and telling the protocols apart with ALPN. If your service still "
     "needs a separate port, please tell us why.",
     "rfc8314", "For mail access and submission, RFC 8314 does recommend ports with TLS from "
     "the first byte, so such a reason may well exist; please give it."},
    {"insecure-variant", LEAD_SERVICE,
     ", and the service you describe looks like a copy of it without the security. A port "
     "for an insecure form of a secure service is discouraged.",
     "Please consider offering your service on that port, with its security negotiated "
     "within the protocol, or tell us why it needs a port of its own without security.",
     NULL, NULL},
    {"discovery-port", LEAD_NONE,
     "Your service exists to find peers or devices on the network. That is best done with "
     "DNS-Based Service Discovery (RFC 6763) over Multicast DNS (RFC 6762), which needs a "
     "registered service name but no port number of its own.",
     "Please consider asking for the service name alone, without a port.", NULL, NULL},
    {"ipv4-broadcast", LEAD_NONE,
     "Your service relies on broadcast, which only IPv4 has: IPv6 has no broadcast.",
     "Please consider using a multicast group instead, which works over both IPv4 and IPv6.",
     NULL, NULL},
    {"version-variant", LEAD_SERVICE,
     ", and your service looks like a new version of it. One port serves all versions of a "
     "service: a new version does not get a new port.",
     "Please consider telling the versions apart within the protocol, for example with a "
     "version field or by negotiation, on the existing port.", NULL, NULL},
    {"dccp-service-code", LEAD_NONE,
     "You asked for DCCP but did not give the DCCP service code your service will use; a "
     "DCCP registration includes one.",
     "Please send us the service code.", NULL, NULL},
};

static void simple_rule(struct letter *L, const struct simple *r, const struct pr_finding *x)
{
    if (r->lead == LEAD_PORTS) {
        adds(L->para, "You asked for ");
        add_asked_ports(L->para, L->req);
    } else if (r->lead == LEAD_SERVICE) {
        adds(L->para, "The registry already holds ");
        add_service(L, x->n_related ? x->related[0] : "");
    }
    adds(L->para, r->what);
    add_citations(L, x);
    fprintf(L->para, " %s", r->ask);
    if (r->rfc_also && cites(x, r->rfc_also))
        fprintf(L->para, " %s", r->also);
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
        add_transports(L->para, req->transports & (PR_TP_UDP | PR_TP_DCCP));
        adds(L->para, ", but your request does not say how the service avoids congesting the "
                      "network; RFC 8085 <https://www.rfc-editor.org/rfc/rfc8085> describes "
                      "what a service over UDP needs to do.");
        asked_cong = 1;
    }
    if (count > 1 && unexplained) {
        if (asked_cong) {
            fprintf(L->para, " Your request also does not say why the service needs %s ",
                 count > 2 ? "all of" : "both");
        } else {
            adds(L->para, "You asked for ");
            add_transports(L->para, req->transports);
            adds(L->para, " without saying why the service needs ");
            adds(L->para, count > 2 ? "all of them" : "both");
        }
        if (asked_cong)
            add_transports(L->para, req->transports);
        adds(L->para, ". Only the transport protocols a service uses are assigned.");
    }
    add_citations(L, x);
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
        fprintf(L->para, "the same service name, \"%s\". A service name", name);
    } else {
        adds(L->para, "the same ");
        add_asked_ports(L->para, L->req);
        adds(L->para, " for ");
        add_transports(L->para, L->req->transports);
        adds(L->para, ". A port number");
    }
    adds(L->para, " goes to one service only, so only one of the two requests can have it.");
    add_citations(L, x);
    fprintf(L->para, " If you can use another %s, please tell us which", same_name ? "name" : "port");
    adds(L->para, same_name ? "." : ", or leave the choice of port to IANA.");
}

/* Any other rule: its summary, the citations. */
static void other_rule(struct letter *L, const struct pr_finding *x)
{
    const struct pr_rule *r = pr_rule_find(x->rule);
    fprintf(L->para, "Our review raises a point about your request: %s.",
         r ? r->summary : x->message);
    add_citations(L, x);
    adds(L->para, " Please tell us how you would like to address it.");
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
    {"transport-unjustified", transport_unjustified},
    {"run-conflict", run_conflict},
};

/* ---- opening and closing ------------------------------------------------------- */

static void opening(struct letter *L)
{
    const struct pr_request *req = L->req;
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    char who[200];
    request_person(req->field[PR_REQ_CONTACT], who, sizeof who);
    if (!who[0])
        request_person(req->field[PR_REQ_ASSIGNEE], who, sizeof who);
    fprintf(L->out, "Dear %s,\n\n", who[0] ? who : "applicant");
    if (name && *name)
        fprintf(L->para, "Thank you for your request for the service name \"%s\"", name);
    else
        adds(L->para, "Thank you for your request for a service name");
    if (pr_request_wants_port(req)) {
        adds(L->para, " and ");
        if (req->port_kind == PR_PORT_NUMBERS)
            add_asked_ports(L->para, req);
        else if (req->port_kind == PR_PORT_SYSTEM)
            adds(L->para, "a system port (0 to " PR_PORT_STR(PR_PORT_SYSTEM_MAX) ")");
        else
            adds(L->para, "a user port (" USER_RANGE ")");
    }
    if (req->transports) {
        adds(L->para, " for ");
        add_transports(L->para, req->transports);
    }
    if (!pr_request_wants_port(req))
        adds(L->para, ", without a port number");
    else if (req->port_kind != PR_PORT_NUMBERS)
        adds(L->para, ", the port to be chosen by IANA");
    adds(L->para, ".");
    para_end(L);
}

struct assigned {
    const char *name;
    FILE *t;
    int n;
};

/* The records an approval's change added or changed under the requested
 * name: "port 7777 for TCP". */
static int on_assigned(const struct pr_history_change *c, void *ud)
{
    struct assigned *a = ud;
    for (size_t i = 0; i < c->n_items; i++) {
        const struct pr_history_item *it = &c->items[i];
        const char *name = NULL, *number = NULL, *proto = NULL;
        if (strcmp(it->target, "record") || it->action == '-')
            continue;
        for (size_t k = 0; k < it->n_fields; k++) {
            const struct pr_history_field *f = &it->fields[k];
            if (!strcmp(f->field, "name"))
                name = f->after;
            else if (!strcmp(f->field, "number"))
                number = f->after;
            else if (!strcmp(f->field, "protocol"))
                proto = f->after;
        }
        if (!name || strcasecmp(name, a->name) || !number)
            continue;
        fprintf(a->t, "%sport %s", a->n++ ? " and " : "", number);
        if (proto) {
            adds(a->t, " for ");
            add_transports(a->t, tp_of(proto));
        }
    }
    return 0;
}

static void closing(struct letter *L, const struct pr_findings *f, size_t from, size_t to,
                    const struct pr_review_decision *d)
{
    const char *verdict = pr_findings_verdict(f, from, to);
    if (d && !strcmp(d->decision, "approve") && !d->undone_by) {
        char *where = NULL;
        size_t where_len = 0;
        struct assigned a = {L->req->field[PR_REQ_SERVICE_NAME], open_memstream(&where, &where_len),
                             0};
        adds(L->para, "We have approved your request, and IANA has made the assignment.");
        if (L->s && a.name && a.t) {
            struct pr_history_filter hf;
            pr_history_filter_init(&hf);
            hf.id = d->change_id;
            pr_history_each(L->s, &hf, on_assigned, &a, NULL);
        }
        if (a.t && fclose(a.t) == 0 && a.n && where)
            fprintf(L->para, " The registry now lists \"%s\" on %s.", a.name, where);
        free(where);
    } else if (d && !strcmp(d->decision, "reject")) {
        if (L->paragraphs)
            adds(L->para, "For the reasons above, we have declined your request. You are "
                          "welcome to send a new request that addresses them.");
        else
            fprintf(L->para, "We have declined your request: %s.", d->reason);
    } else if (!strcmp(verdict, "reject")) {
        adds(L->para, "As it stands, we cannot approve your request. You are welcome to send "
                      "a revised request that addresses the points above.");
    } else if (!strcmp(verdict, "concerns")) {
        adds(L->para, "Once you have answered the points above, we will continue the review "
                      "of your request.");
    } else {
        adds(L->para, "We see nothing in your request that stands in the way of the "
                      "assignment, and we will ask IANA to make it.");
    }
    para_end(L);
    adds(L->out, "Kind regards,\nThe port expert reviewers\n");
}

char *pr_reply_letter(pr_store *s, const struct pr_request *req, const struct pr_findings *f,
                      size_t from, size_t to, const struct pr_review_decision *d)
{
    struct letter L = {.s = s, .req = req};
    int failed;
    if (req->n_problems)
        return NULL;
    if (!(L.out = open_memstream(&L.out_buf, &L.out_len)) ||
        !(L.para = open_memstream(&L.para_buf, &L.para_len))) {
        if (L.out)
            fclose(L.out);
        free(L.out_buf);
        return NULL;
    }
    opening(&L);
    int approved = d && !strcmp(d->decision, "approve") && !d->undone_by;
    for (size_t i = from; i < to && i < f->n && !approved; i++) {
        const struct pr_finding *x = &f->items[i];
        size_t w = 0;
        if (x->severity < PR_SEV_WARN)
            continue;
        size_t k = 0;
        while (w < sizeof writers / sizeof *writers && strcmp(writers[w].rule, x->rule))
            w++;
        while (k < sizeof simple / sizeof *simple && strcmp(simple[k].rule, x->rule))
            k++;
        if (w < sizeof writers / sizeof *writers)
            writers[w].write(&L, x);
        else if (k < sizeof simple / sizeof *simple)
            simple_rule(&L, &simple[k], x);
        else
            other_rule(&L, x);
        para_end(&L);
        L.paragraphs++;
    }
    closing(&L, f, from, to, d);
    failed = ferror(L.para) | ferror(L.out);
    failed |= fclose(L.para) != 0;
    failed |= fclose(L.out) != 0;
    free(L.para_buf);
    if (failed) {
        free(L.out_buf);
        return NULL;
    }
    return L.out_buf;
}
