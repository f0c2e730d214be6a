/* reply.c - the reply letter to a requester (reply.h).  A paragraph per
 * warn or reject finding, from the finding's records (holders by name,
 * port and assignee), in words a reader of RFC 6335 knows: the registry,
 * System, User and Dynamic Ports, transports, assignees.  Each claim names
 * the RFC section behind it ("RFC 6335, Section 8.1"); the URLs stand in a
 * list of references after the signature.  The closing says what to do
 * next, and how, from what the paragraphs asked.  Never a command, never a
 * request field's name or syntax. */
#include "reply.h"

#include "edit.h"
#include "rules_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The ranges as a letter says them, in RFC 6335's words: "0 to 1023",
 * "1024 to 49151", "49152 to 65535". */
#define SYSTEM_RANGE "0 to " PR_PORT_STR(PR_PORT_SYSTEM_MAX)
#define USER_RANGE PR_PORT_STR(PR_PORT_USER_MIN) " to " PR_PORT_STR(PR_PORT_USER_MAX)
#define DYNAMIC_RANGE PR_PORT_STR(PR_PORT_DYNAMIC_MIN) " to " PR_PORT_STR(PR_PORT_MAX)

/* ---- the letter ------------------------------------------------------------- */

/* The letter and its paragraph are memory streams (open_memstream): no
 * buffer of our own to grow; a failed write shows in ferror at the end. */
static void adds(FILE *f, const char *s)
{
    fputs(s, f);
}

/* What a paragraph asks of the requester; the closing follows from it. */
enum {
    ASK_INFO = 1,   /* information the request lacks */
    ASK_ANSWER = 2, /* a question, or something to confirm */
    ASK_CHANGE = 4  /* a change to the request: another port, name... */
};

#define MAX_REFS 32

/* Glue between words that stay on one line ("RFC 6335", "Section 8.1"):
 * the paragraph holds it, the letter gets a space. */
#define NBSP "\x1f"

struct letter {
    pr_store *s;
    const struct pr_request *req;
    const struct pr_findings *f; /* the review: items [from, to) */
    size_t from, to;
    FILE *out;        /* the letter, wrapped (a memory stream on out_buf) */
    char *out_buf;
    size_t out_len;
    FILE *para;       /* the paragraph being written, one line */
    char *para_buf;
    size_t para_len;
    int paragraphs;   /* finding paragraphs written */
    unsigned asks;    /* ASK_* of the paragraphs */
    int answers;      /* paragraphs that asked a question */
    int said_iesg, said_dnssd; /* spelled out once, then short */
    char *refs[MAX_REFS]; /* the URLs cited, for the references */
    size_t n_refs;
    int nomem;
};

/* Columns a UTF-8 string takes (one per character). */
static size_t columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Cuts a UTF-8 sequence that a fixed buffer's end split (snprintf counts
 * bytes), so that no half character reaches a letter. */
static void utf8_trim(char *s)
{
    size_t n = strlen(s), k = n, cont = 0;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && cont < 3)
        k--, cont++;
    if (k == 0 || (unsigned char)s[k - 1] < 0xC0)
        return; /* ASCII last, or continuation bytes without a lead */
    unsigned char lead = (unsigned char)s[k - 1];
    size_t want = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    if (cont < want)
        s[k - 1] = 0;
}

/* text (len bytes, one line) word-wrapped at PR_REPLY_WIDTH onto out: the
 * first line starts with first, the next ones with rest (a hanging
 * indent).  A word longer than a line stands on a line of its own. */
static void wrap(FILE *out, const char *text, size_t len, const char *first, const char *rest)
{
    const char *p = text;
    size_t col = 0, left = len;
    int line_start = 1;
    adds(out, first);
    col = columns(first, strlen(first));
    size_t indent = columns(rest, strlen(rest));
    while (left) {
        while (left && *p == ' ')
            p++, left--;
        size_t n = 0;
        while (n < left && p[n] != ' ')
            n++;
        if (!n)
            break;
        size_t w = columns(p, n);
        if (!line_start && col + 1 + w > PR_REPLY_WIDTH) {
            fputc('\n', out);
            adds(out, rest);
            col = indent;
            line_start = 1;
        }
        if (!line_start) {
            fputc(' ', out);
            col++;
        }
        for (size_t i = 0; i < n; i++)
            fputc(p[i] == NBSP[0] ? ' ' : p[i], out);
        col += w;
        line_start = 0;
        p += n;
        left -= n;
    }
    fputc('\n', out);
}

/* The paragraph, word-wrapped, and a blank line after; the paragraph
 * stream starts again empty. */
static void para_end(struct letter *L)
{
    fflush(L->para);
    if (L->para_len) {
        wrap(L->out, L->para_buf, L->para_len, "", "");
        fputc('\n', L->out);
    }
    rewind(L->para);
    fflush(L->para);
}

static void asks(struct letter *L, unsigned what)
{
    L->asks |= what;
    L->answers += (what & ASK_ANSWER) != 0;
}

/* ---- transports and ports ------------------------------------------------------ */

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

static int first_port(const struct pr_request *req)
{
    return req->port_kind == PR_PORT_NUMBERS && req->n_ports ? req->ports[0].lo : -1;
}

/* "port 5353" / "ports 5088 and 5089" / "ports 1234 and 2000 to 2010" */
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

/* What the request asks for as IANA would register it: 'the service name
 * "acme" with port 7 for TCP', '... with a User Port (1024 to 49151) for
 * TCP, the number to be chosen by IANA', '... for TCP, without a port
 * number'. */
static void add_asked(FILE *t, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    if (name && *name)
        fprintf(t, "the service name \"%s\"", name);
    else
        adds(t, "a service name");
    if (pr_request_wants_port(req)) {
        adds(t, " with ");
        if (req->port_kind == PR_PORT_NUMBERS)
            add_asked_ports(t, req);
        else if (req->port_kind == PR_PORT_SYSTEM)
            adds(t, "one of the System Ports (" SYSTEM_RANGE ")");
        else
            adds(t, "a User Port (" USER_RANGE ")");
    }
    if (req->transports) {
        adds(t, " for ");
        add_transports(t, req->transports);
    }
    if (!pr_request_wants_port(req))
        adds(t, ", without a port number");
    else if (req->port_kind != PR_PORT_NUMBERS)
        adds(t, ", the number to be chosen by IANA");
}

/* ---- people ------------------------------------------------------------------ */

/* A person as a letter names them: "VESvault Corp (VESvault_Corp)" and
 * "Jon_Postel" become "VESvault Corp" and "Jon Postel"; "IESG" becomes
 * "the IESG" (add_who spells it out the first time). */
static void person_words(const char *label, const char *id, char *buf, size_t len)
{
    snprintf(buf, len, "%s", label && *label ? label : id ? id : "");
    utf8_trim(buf);
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

/* "the Internet Engineering Steering Group (IESG)" the first time, then
 * "the IESG". */
static void add_iesg(struct letter *L)
{
    adds(L->para, L->said_iesg++ ? "the IESG" : "the Internet Engineering Steering Group (IESG)");
}

static void add_who(struct letter *L, const char *who)
{
    if (!strcmp(who, "the IESG"))
        add_iesg(L);
    else
        adds(L->para, who);
}

/* "DNS-Based Service Discovery (DNS-SD)" the first time, then "DNS-SD". */
static void add_dnssd(struct letter *L)
{
    adds(L->para, L->said_dnssd++ ? "DNS-SD" : "DNS-Based Service Discovery (DNS-SD)");
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

/* ---- what the registry says of a service ---------------------------------------- */

/* A service name's description, its port numbers and their transports;
 * found 0 when it is not there (or s is NULL). */
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
    if (!f->found && r->description) {
        snprintf(f->description, sizeof f->description, "%s", r->description);
        utf8_trim(f->description);
    }
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

/* Does a description say more than its name ("SNMP" for snmp, "SNMP-TLS"
 * for snmptls do not), in few enough words to stand in parentheses?
 * Letters and digits compared, case ignored. */
static int description_adds(const char *name, const char *description)
{
    const char *a = name ? name : "", *b = description ? description : "";
    if (!*b || strlen(b) > 60)
        return 0;
    for (;;) {
        while (*a && !isalnum((unsigned char)*a))
            a++;
        while (*b && !isalnum((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return *a || *b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 1;
        a++, b++;
    }
}

/* '"snmp" (port 161 for TCP and UDP)', '"ldap" (Lightweight Directory
 * Access Protocol, port 389 for TCP and UDP)' from the store: the
 * description as a gloss when it says more than the name. */
static void add_service(struct letter *L, const char *name)
{
    struct service_facts f;
    fprintf(L->para, "\"%s\"", name);
    if (!service_facts(L, name, &f))
        return;
    int gloss = description_adds(name, f.description);
    if (!gloss && !f.number[0]) {
        adds(L->para, " (a service name without a port)");
        return;
    }
    adds(L->para, " (");
    if (gloss)
        fprintf(L->para, "%s%s", f.description, f.number[0] ? ", " : "");
    if (f.number[0]) {
        add_number(L->para, f.number, f.tp);
        if (f.more_numbers)
            adds(L->para, " and others");
    }
    adds(L->para, ")");
}

static int same(const char *a, const char *b)
{
    return !strcasecmp(a ? a : "", b ? b : "");
}

/* Is the port skip ("6001") inside the range number ("6000-6063")? */
static int in_range(const char *number, const char *skip)
{
    long lo, hi, port;
    char *end;
    if (!skip || !*skip || !strchr(number, '-'))
        return 0;
    lo = strtol(number, &end, 10);
    if (*end != '-')
        return 0;
    hi = strtol(end + 1, &end, 10);
    port = strtol(skip, NULL, 10);
    return !*end && lo <= port && port <= hi;
}

/* The records of a finding as the registry lists them: each service with
 * its description (when it says more than the name), then each of its
 * numbers with the transports and the assignee: '"https" (http protocol
 * over TLS/SSL) with port 443 for TCP, UDP and SCTP, whose assignee is the
 * IESG, and also without a port number, whose assignee is Tim
 * Berners-Lee'.  A number equal to skip (the port the requester asked for,
 * named already) is not repeated; a range holding it is "as part of". */
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
            if (service_facts(L, r->service, &f) && description_adds(r->service, f.description))
                fprintf(L->para, " (%s)", f.description);
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
                adds(L->para, in_range(q->number, skip) ? " as part of " : " with ");
                add_number(L->para, q->number, tp);
            } else {
                adds(L->para, parts > 1 ? " also without a port number" : " without a port number");
            }
            char who[200];
            person_words(q->assignee_name, q->assignee, who, sizeof who);
            if (who[0]) {
                adds(L->para, ", whose assignee is ");
                add_who(L, who);
            }
        }
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

/* ---- citations ------------------------------------------------------------------- */

/* An rfc-editor.org URL's RFC number and section ("" for the whole RFC). */
static long url_rfc(const char *url, const char **section)
{
    const char *p = strstr(url, "/rfc/rfc"), *sec = strstr(url, "#section-");
    *section = sec ? sec + 9 : "";
    return p ? strtol(p + 8, NULL, 10) : 0;
}

static void ref_add(struct letter *L, const char *url)
{
    for (size_t i = 0; i < L->n_refs; i++)
        if (!strcmp(L->refs[i], url))
            return;
    if (L->n_refs == MAX_REFS)
        return;
    if (!(L->refs[L->n_refs] = strdup(url)))
        L->nomem = 1;
    else
        L->n_refs++;
}

/* "RFC 6335, Sections 7.2 and 9; RFC 7605, Section 7.4" for URLs (sections
 * of one RFC together), each kept for the references. */
static void cite_urls(struct letter *L, char *const *urls, size_t n)
{
    long last = -1;
    size_t in_group = 0;
    for (size_t i = 0; i < n; i++) {
        const char *sec;
        long rfc = url_rfc(urls[i], &sec);
        size_t rest = 0; /* sections left in this RFC's group, for "and" */
        for (size_t k = i + 1; k < n; k++) {
            const char *s2;
            if (url_rfc(urls[k], &s2) != rfc)
                break;
            rest++;
        }
        if (rfc != last) {
            if (last >= 0)
                adds(L->para, "; ");
            fprintf(L->para, "RFC" NBSP "%ld", rfc);
            if (*sec)
                fprintf(L->para, ", Section%s%s", rest ? "s" : "", rest ? " " : NBSP);
            in_group = 0;
            last = rfc;
        }
        if (*sec)
            fprintf(L->para, "%s%s", in_group == 0 ? "" : rest ? ", " : " and ", sec);
        ref_add(L, urls[i]);
        in_group++;
    }
}

struct url_list {
    char *urls[16];
    size_t n;
    int nomem;
};

static void on_url(const char *url, void *ud)
{
    struct url_list *u = ud;
    if (u->n < sizeof u->urls / sizeof *u->urls && !(u->urls[u->n++] = strdup(url)))
        u->n--, u->nomem = 1;
}

/* reference as RFC 6335 and its rules write it ("RFC 6335 §8.1, §8.5;
 * RFC 6763"), in words. */
static void cite(struct letter *L, const char *reference)
{
    struct url_list u = {.n = 0};
    pr_reference_links(reference, on_url, &u);
    L->nomem |= u.nomem;
    cite_urls(L, u.urls, u.n);
    for (size_t i = 0; i < u.n; i++)
        free(u.urls[i]);
}

/* " (RFC 6335, Section 8.1)" */
static void cite_paren(struct letter *L, const char *reference)
{
    adds(L->para, " (");
    cite(L, reference);
    adds(L->para, ")");
}

/* The sections a finding cites, " (...)", or nothing. */
static void cite_finding(struct letter *L, const struct pr_finding *x)
{
    if (!x->n_links)
        return;
    adds(L->para, " (");
    cite_urls(L, x->links, x->n_links);
    adds(L->para, ")");
}

static int cites(const struct pr_finding *x, const char *what)
{
    for (size_t i = 0; i < x->n_links; i++)
        if (strstr(x->links[i], what))
            return 1;
    return 0;
}

/* "8.1.2" before "8.10", "9" after "8.6". */
static int section_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        a += *a == '.';
        b += *b == '.';
        if (!*a || !*b)
            return (*a != 0) - (*b != 0);
    }
    return 0;
}

static int ref_cmp(const void *pa, const void *pb)
{
    const char *a = *(char *const *)pa, *b = *(char *const *)pb, *sa, *sb;
    long ra = url_rfc(a, &sa), rb = url_rfc(b, &sb);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return section_cmp(sa, sb);
}

/* Titles of the RFCs cited whole (a section needs none). */
static const char *rfc_title(long rfc)
{
    static const struct { long rfc; const char *title; } titles[] = {
        {4291, "IP Version 6 Addressing Architecture"},
        {5595, "The Datagram Congestion Control Protocol (DCCP) Service Codes"},
        {6698, "The DNS-Based Authentication of Named Entities (DANE) Transport Layer "
               "Security (TLS) Protocol: TLSA"},
        {6762, "Multicast DNS"},
        {6763, "DNS-Based Service Discovery"},
        {7301, "Transport Layer Security (TLS) Application-Layer Protocol Negotiation "
               "Extension"},
        {7672, "SMTP Security via Opportunistic DNS-Based Authentication of Named Entities "
               "(DANE) Transport Layer Security (TLS)"},
        {8085, "UDP Usage Guidelines"},
        {8314, "Cleartext Considered Obsolete: Use of Transport Layer Security (TLS) for "
               "Email Submission and Access"},
        {8461, "SMTP MTA Strict Transport Security (MTA-STS)"},
        {8766, "Discovery Proxy for Multicast DNS-Based Service Discovery"},
    };
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        if (titles[i].rfc == rfc)
            return titles[i].title;
    return NULL;
}

/* After the signature: each RFC section cited, in order, with its URL on a
 * line of its own. */
static void references(struct letter *L)
{
    if (!L->n_refs)
        return;
    qsort(L->refs, L->n_refs, sizeof *L->refs, ref_cmp);
    adds(L->out, "\nReferences:\n");
    for (size_t i = 0; i < L->n_refs; i++) {
        const char *sec, *title;
        char item[400];
        long rfc = url_rfc(L->refs[i], &sec);
        if (*sec)
            snprintf(item, sizeof item, "RFC %ld, Section %s", rfc, sec);
        else if ((title = rfc_title(rfc)))
            snprintf(item, sizeof item, "RFC %ld, %s", rfc, title);
        else
            snprintf(item, sizeof item, "RFC %ld", rfc);
        wrap(L->out, item, strlen(item), "- ", "  ");
        fprintf(L->out, "  %s\n", L->refs[i]);
    }
}

/* ---- free ports -------------------------------------------------------------------- */

static int on_unassigned(const struct pr_record *r, void *ud)
{
    const char *d = r->description ? r->description : "";
    while (isspace((unsigned char)*d))
        d++;
    if (r->name && *r->name)
        *(int *)ud = 0;
    else if (strncasecmp(d, "unassigned", 10) || d[10 + strspn(d + 10, " \t\n")])
        *(int *)ud = 0;
    return 0;
}

/* Is port Unassigned and nothing more: not "Unassigned (Returned ...)"
 * nor "Unassigned (FRP-Released 12/7/00)", a port given back once, that
 * IANA gives out again only when it must (RFC 6335 §8.3)? */
static int plainly_unassigned(struct letter *L, int port)
{
    struct pr_query q;
    int plain = 1;
    pr_query_init(&q);
    q.port_lo = q.port_hi = port;
    if (pr_search(L->s, &q, on_unassigned, &plain, NULL) < 0)
        return 0;
    return plain;
}

/* " Unassigned ports near 5353, free for every transport protocol, include
 * 5351, 5352 and 5354." or nothing: free for every transport, as IANA
 * keeps a number's TCP and UDP with one assignee (RFC 6335 §8.1), and
 * neither Reserved nor assigned for any.  Near a System Port, only when
 * the request is on the IETF path (no port-system finding says
 * otherwise): others are offered User Ports by IANA's choice. */
static void add_free_near(struct letter *L, int port)
{
    int ports[3];
    long n = 0;
    if (!L->s)
        return;
    if (port <= PR_PORT_SYSTEM_MAX)
        for (size_t i = L->from; i < L->to && i < L->f->n; i++)
            if (!strcmp(L->f->items[i].rule, "port-system") &&
                L->f->items[i].severity >= PR_SEV_WARN)
                return;
    int cand[12];
    long m = pr_ports_free(L->s, NULL, port <= PR_PORT_SYSTEM_MAX ? PR_RANGE_SYSTEM : PR_RANGE_USER, port, cand,
                           sizeof cand / sizeof *cand, NULL);
    for (long i = 0; i < m && n < 3; i++)
        if (plainly_unassigned(L, cand[i]))
            ports[n++] = cand[i];
    if (n <= 0)
        return;
    for (long i = 1; i < n; i++) /* nearest first, told in order */
        for (long k = i; k > 0 && ports[k] < ports[k - 1]; k--) {
            int t = ports[k];
            ports[k] = ports[k - 1];
            ports[k - 1] = t;
        }
    fprintf(L->para, " Unassigned ports near %d, free for every transport protocol, include ",
            port);
    for (long i = 0; i < n; i++)
        fprintf(L->para, "%s%d", i == 0 ? "" : i == n - 1 ? " and " : ", ", ports[i]);
    adds(L->para, ".");
}

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
    adds(L->para, " Every request must give this information");
    cite_finding(L, x);
    adds(L->para, ". Please send it to us.");
    asks(L, ASK_INFO);
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
    cite_finding(L, x);
    adds(L->para, ". Please choose a name that follows these rules");
    fixed_name(name ? name : "", fix, sizeof fix);
    if (fix[0])
        fprintf(L->para, ", for example \"%s\"", fix);
    adds(L->para, ".");
    asks(L, ASK_CHANGE);
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
    adds(L->para, " A service name is registered once, for one service");
    cite_paren(L, "RFC 6335 §5");
    adds(L->para, ".");
    if (likely) {
        adds(L->para, " That registration may well be yours, as its contact shares your "
                      "organisation's mail domain. If it is, please confirm this, and we will "
                      "treat your request as a change to that registration");
        cite_paren(L, "RFC 6335 §8.6");
        adds(L->para, ".");
        asks(L, ASK_ANSWER);
        return;
    }
    adds(L->para, " Please choose another name. If your request is about that same service, "
                  "its assignee can ask IANA to change the registration, or to transfer it "
                  "to you");
    cite_paren(L, "RFC 6335 §8.5, §8.6");
    adds(L->para, ".");
    asks(L, ASK_CHANGE);
}

static void port_taken(struct letter *L, const struct pr_finding *x)
{
    char asked[24] = "";
    int likely = has_relation(x, "likely-own") && !has_relation(x, "other") &&
                 !has_relation(x, "unknown");
    int port = first_port(L->req);
    if (port >= 0)
        snprintf(asked, sizeof asked, "%d", port);
    adds(L->para, "You asked for ");
    add_asked_ports(L->para, L->req);
    adds(L->para, " for ");
    add_transports(L->para, L->req->transports);
    adds(L->para, ", but the registry already assigns it to ");
    if (x->n_records)
        add_records(L, x, asked);
    else
        for (size_t i = 0; i < x->n_related; i++)
            fprintf(L->para, "%s\"%s\"", i ? " and " : "", x->related[i]);
    adds(L->para, ".");
    if (likely) {
        adds(L->para, " That assignment may well be yours, as its contact shares your "
                      "organisation's mail domain. If it is, please confirm this, and we will "
                      "treat your request as a change to it");
        cite_paren(L, "RFC 6335 §8.6");
        adds(L->para, ".");
        asks(L, ASK_ANSWER);
        return;
    }
    adds(L->para, " A port number is assigned to one service per transport protocol: once "
                  "assigned for a transport, it is not assigned to a second service on that "
                  "transport");
    cite_paren(L, "RFC 6335 §8.1");
    adds(L->para, ".");
    adds(L->para, ask_other_port);
    if (port >= 0)
        add_free_near(L, port);
    asks(L, ASK_CHANGE);
}

static void port_reserved(struct letter *L, const struct pr_finding *x)
{
    int port = first_port(L->req);
    int likely = has_relation(x, "likely-own");
    adds(L->para, "You asked for ");
    add_asked_ports(L->para, L->req);
    adds(L->para, " for ");
    add_transports(L->para, L->req->transports);
    adds(L->para, ", which the registry holds as Reserved");
    if (likely)
        adds(L->para, ", apparently for an assignment of your organisation");
    adds(L->para, ". Reserved port numbers are not available for regular assignment");
    if (cites(x, "section-8.3"))
        adds(L->para, ", and a port that was de-assigned is given out again only in "
                      "exceptional cases");
    cite_finding(L, x);
    adds(L->para, ".");
    if (likely) {
        adds(L->para, " If the reservation is yours, please confirm this, and we will treat "
                      "your request as a change to your assignment.");
        asks(L, ASK_ANSWER);
        return;
    }
    adds(L->para, ask_other_port);
    if (port >= 0)
        add_free_near(L, port);
    asks(L, ASK_CHANGE);
}

static void port_system(struct letter *L, const struct pr_finding *x)
{
    adds(L->para, "You asked for ");
    add_asked_ports(L->para, L->req);
    adds(L->para, ", one of the System Ports (" SYSTEM_RANGE);
    if (cites(x, "section-6")) {
        adds(L->para, "; ");
        cite(L, "RFC 6335 §6");
    }
    adds(L->para, "). System Ports are assigned only to protocols that an IETF document "
                  "specifies or that ");
    add_iesg(L);
    adds(L->para, " approves, through the IETF Review and IESG Approval procedures");
    cite_paren(L, "RFC 6335 §8.1.2");
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
    asks(L, ASK_ANSWER | ASK_CHANGE);
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
        add_asked_ports(L->para, L->req);
    } else if (r->lead == LEAD_SERVICE) {
        adds(L->para, "The registry already holds the service ");
        add_service(L, x->n_related ? x->related[0] : "");
    }
    adds(L->para, r->what);
    if (r->ref)
        cite_paren(L, r->ref);
    else
        cite_finding(L, x);
    fprintf(L->para, ". %s", r->ask);
    asks(L, r->asks);
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

/* The base service (related[0]) and, when the registry has them, its
 * secure variants already registered (related[1..]): those first, as the
 * answer to the request; then what the RFCs ask and the options. */
static void secure_variant(struct letter *L, const struct pr_finding *x)
{
    const char *base = x->n_related ? x->related[0] : "";
    const char *name = L->req->field[PR_REQ_SERVICE_NAME];
    size_t n_sib = x->n_related > 1 ? x->n_related - 1 : 0;
    adds(L->para, "The service you describe looks like ");
    add_service(L, base);
    adds(L->para, " with security added.");
    if (n_sib) {
        adds(L->para, " That combination is already registered: ");
        for (size_t i = 0; i < n_sib; i++) {
            struct service_facts f;
            const char *sib = x->related[1 + i];
            adds(L->para, i == 0 ? "" : i + 1 == n_sib ? " and " : ", ");
            fprintf(L->para, "\"%s\"", sib);
            if (service_facts(L, sib, &f) && f.number[0]) {
                adds(L->para, " with ");
                add_number(L->para, f.number, f.tp);
            }
        }
        /* the one on a requested transport, when one is */
        const char *use = NULL;
        int on_tp = 0;
        for (size_t i = 0; i < n_sib; i++) {
            struct service_facts f;
            if (service_facts(L, x->related[1 + i], &f) && (f.tp & L->req->transports)) {
                use = on_tp++ ? NULL : x->related[1 + i];
            }
        }
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
                cite_paren(L, "RFC 6335 §5");
                adds(L->para, ", so a different protocol would need a more distinct name.");
                break;
            }
        adds(L->para, " A further port for another secure form of the same service is to be "
                      "avoided");
        cite_paren(L, secure_refs);
        adds(L->para, ".");
        asks(L, ASK_ANSWER | ASK_CHANGE);
        return;
    }
    adds(L->para, " A service should not get separate ports for a secure and an insecure "
                  "form, and every port a service gets needs a reason of its own");
    cite_paren(L, secure_refs);
    fprintf(L->para, ". Options to consider, where the protocol allows them: switching a "
                     "connection to TLS within the protocol, on the existing port of \"%s\", "
                     "as %s with the STARTTLS command; or, if your protocol needs TLS from the "
                     "start of every connection, sharing a port with other protocols that run "
                     "over TLS, the client naming the protocol it wants during the TLS "
                     "handshake through "
                     "Application-Layer Protocol Negotiation (ALPN, ",
            base, mail_base(base) ? "it already does" : "mail protocols do");
    cite(L, "RFC 7301");
    adds(L->para, ").");
    if (cites(x, "rfc6698")) {
        int mx = cites(x, "rfc7672");
        fprintf(L->para, " Since clients find \"%s\" servers through DNS (%s records), you could "
                         "also publish the requirement for TLS instead of asking for a second "
                         "port, %sin DNS with DANE TLSA records (",
                base, mx ? "MX" : "SRV", mx ? "either " : "");
        cite(L, mx ? "RFC 6698; RFC 7672" : "RFC 6698");
        adds(L->para, mx ? ") or over HTTPS with MTA-STS (" : ")");
        if (mx) {
            cite(L, "RFC 8461");
            adds(L->para, ")");
        }
        adds(L->para, ".");
    }
    if (cites(x, "rfc8314")) {
        adds(L->para, " For mail submission and access, ");
        cite(L, "RFC 8314 §3");
        adds(L->para, " does recommend ports where TLS starts at once, so such a reason may "
                      "well exist; please give it.");
    } else {
        adds(L->para, " If your service still needs a port of its own, please tell us why.");
    }
    asks(L, ASK_ANSWER | ASK_CHANGE);
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
    add_dnssd(L);
    adds(L->para, " does that with a registered service name and no port number of its own: "
                  "devices announce the service under its name, and the announcement carries "
                  "the port they use");
    cite_paren(L, "RFC 6763");
    adds(L->para, ". An assigned port is then not needed");
    if (cites(x, "rfc7605#section-7.1"))
        cite_paren(L, "RFC 7605 §7.1");
    adds(L->para, ".");
    protocol_name(name, proto, sizeof proto);
    if (proto[0]) {
        fprintf(L->para, " With DNS-SD, the service name names the protocol your devices "
                         "speak, not the discovery step: a name such as \"%s\" rather than "
                         "\"%s\"",
                proto, name);
        if (service_facts(L, proto, &f))
            fprintf(L->para, " (\"%s\" is registered already: if that is your protocol, its "
                             "registration serves)",
                    proto);
        fprintf(L->para, ", found under the service type \"_%s._%s\".", proto,
                req->transports == PR_TP_TCP ? "tcp" : "udp");
    }
    para_end(L);
    adds(L->para, "Multicast DNS (mDNS, ");
    cite(L, "RFC 6762");
    adds(L->para, ") carries DNS-SD on the local link only; to find devices across routers, "
                  "DNS-SD also works over unicast DNS, or through a Discovery Proxy (");
    cite(L, "RFC 8766");
    adds(L->para, ").");
    if (multicast_group(req->field[PR_REQ_MULTICAST], group, sizeof group))
        fprintf(L->para, " Your request names a multicast group of its own, %s; mDNS brings "
                         "its own (224.0.0.251 and ff02::fb, port 5353), so none is needed.",
                group);
    adds(L->para, " Please consider asking for the service name alone, without a port, or "
                  "tell us why DNS-SD would not serve your devices.");
    asks(L, ASK_CHANGE | ASK_ANSWER);
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
                      "network; ");
        cite(L, "RFC 8085");
        adds(L->para, " describes what a service over UDP needs to do.");
        asked_cong = 1;
        asks(L, ASK_ANSWER);
    }
    if (count > 1 && unexplained) {
        if (asked_cong) {
            fprintf(L->para, " Your request also does not say why the service needs %s ",
                    count > 2 ? "all of" : "both");
            add_transports(L->para, req->transports);
        } else {
            adds(L->para, "You asked for ");
            add_transports(L->para, req->transports);
            adds(L->para, " without saying why the service needs ");
            adds(L->para, count > 2 ? "all of them" : "both");
        }
        adds(L->para, ". Only the transport protocols a service uses are assigned");
        cite_finding(L, x);
        adds(L->para, ".");
        asks(L, ASK_ANSWER | ASK_CHANGE);
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
        add_asked_ports(L->para, L->req);
        adds(L->para, " for ");
        add_transports(L->para, L->req->transports);
        adds(L->para, ". A port number goes to one service per transport protocol");
    }
    adds(L->para, ", so only one of the two requests can have it");
    cite_paren(L, same_name ? "RFC 6335 §5" : "RFC 6335 §8.1");
    fprintf(L->para, ". If you can use another %s, please ask for it%s.",
            same_name ? "name" : "port",
            same_name ? "" : ", or leave the choice of the number to IANA");
    asks(L, ASK_CHANGE);
}

/* Any other rule: its summary, the citations. */
static void other_rule(struct letter *L, const struct pr_finding *x)
{
    const struct pr_rule *r = pr_rule_find(x->rule);
    fprintf(L->para, "Our review raises a point about your request: %s",
            r ? r->summary : x->message);
    cite_finding(L, x);
    adds(L->para, ". Please tell us how you would like to address it.");
    asks(L, ASK_ANSWER);
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

/* ---- opening and closing ------------------------------------------------------- */

static void opening(struct letter *L)
{
    const struct pr_request *req = L->req;
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    char who[200];
    request_person(req->field[PR_REQ_CONTACT], who, sizeof who);
    if (!who[0])
        request_person(req->field[PR_REQ_ASSIGNEE], who, sizeof who);
    char dear[256];
    int n = snprintf(dear, sizeof dear, "Dear %s,", who[0] ? who : "applicant");
    wrap(L->out, dear, n < 0 ? 0 : (size_t)n < sizeof dear ? (size_t)n : sizeof dear - 1, "", "");
    fputc('\n', L->out);
    if (name && *name)
        fprintf(L->para, "Thank you for your request for the service name \"%s\"", name);
    else
        adds(L->para, "Thank you for your request for a service name");
    if (pr_request_wants_port(req)) {
        adds(L->para, " and ");
        if (req->port_kind == PR_PORT_NUMBERS)
            add_asked_ports(L->para, req);
        else if (req->port_kind == PR_PORT_SYSTEM)
            adds(L->para, "one of the System Ports (" SYSTEM_RANGE ")");
        else
            adds(L->para, "a User Port (" USER_RANGE ")");
    }
    if (req->transports) {
        adds(L->para, " for ");
        add_transports(L->para, req->transports);
    }
    if (!pr_request_wants_port(req))
        adds(L->para, ", without a port number");
    else if (req->port_kind != PR_PORT_NUMBERS)
        adds(L->para, ", the number to be chosen by IANA");
    adds(L->para, ". We have reviewed it for IANA against the Service Name and Transport "
                  "Protocol Port Number Registry.");
    para_end(L);
}

/* Could the service name alone, without a port, be registered as the
 * request stands otherwise?  Only for a request that asks for a port and
 * a name no other request of the run asks for: the same request with no
 * port is reviewed again, and nothing of warn or reject may remain. */
static int name_alone_free(struct letter *L)
{
    const struct pr_request *req = L->req;
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    struct pr_request r;
    struct pr_findings f;
    pr_error err = {0};
    int ok = 0;
    if (!L->s || !pr_request_wants_port(req) || !name || !*name)
        return 0;
    for (size_t i = L->from; i < L->to && i < L->f->n; i++) {
        const struct pr_finding *x = &L->f->items[i];
        if (strcmp(x->rule, "run-conflict"))
            continue;
        for (size_t k = 0; k < x->n_related; k++)
            if (!strcasecmp(x->related[k], name))
                return 0;
    }
    pr_request_init(&r);
    pr_findings_init(&f);
    int rc = 0;
    for (int k = 0; k < PR_REQ_NFIELDS && !rc; k++)
        if (req->field[k] && k != PR_REQ_PORT)
            rc = pr_request_set(&r, k, req->field[k], &err);
    if (!rc)
        rc = pr_request_set(&r, PR_REQ_PORT, "none", &err);
    if (!rc)
        rc = pr_review(L->s, &r, &f, &err);
    if (!rc)
        ok = pr_findings_worst(&f, 0, f.n) < PR_SEV_WARN;
    L->nomem |= rc == PR_ENOMEM;
    pr_findings_release(&f);
    pr_request_release(&r);
    return ok;
}

/* "Please reply to this message with your answer, or with a revised
 * request, and we will THEN." from what the paragraphs asked. */
static void next_step(struct letter *L, int name_alone, const char *then)
{
    const char *items[2];
    size_t n = 0;
    if (L->asks & ASK_INFO)
        items[n++] = "the information asked for above";
    if (L->asks & ASK_ANSWER)
        items[n++] = L->answers > 1 ? "your answers" : "your answer";
    adds(L->para, " Please reply to this message with "); /* wrap() drops a leading space */
    for (size_t i = 0; i < n; i++)
        fprintf(L->para, "%s%s", i ? " and " : "", items[i]);
    if (L->asks & ASK_CHANGE || !n)
        adds(L->para, n ? ", or with a revised request" : "a revised request");
    if (name_alone)
        adds(L->para, " (or just tell us that the name alone will do)");
    fprintf(L->para, ", and we will %s.", then);
}

/* A refusal: whether the name alone could be registered instead. */
static void name_alone_offer(struct letter *L, int name_alone)
{
    if (!name_alone)
        return;
    fprintf(L->para, " The service name \"%s\" itself is available, though: if your service can "
                     "do without an assigned port, for example because clients learn the port "
                     "through ",
            L->req->field[PR_REQ_SERVICE_NAME]);
    add_dnssd(L);
    adds(L->para, ", the name alone can be registered.");
}

/* Does the request say its service is found with DNS-SD? */
static int uses_dnssd(const struct pr_request *req)
{
    static const int fields[] = {PR_REQ_DESCRIPTION, PR_REQ_JUSTIFICATION, PR_REQ_NOTES,
                                 PR_REQ_DISCOVERY, PR_REQ_REFERENCE};
    static const char *const words[] = {"DNS-SD", "DNSSD", "mDNS", "Bonjour",
                                        "DNS-Based Service Discovery", NULL};
    const char *keys = req->field[PR_REQ_DEFINED_TXT_KEYS];
    if (keys && *keys)
        return 1;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        for (size_t k = 0; words[k]; k++)
            if (pr_text_contains(req->field[fields[i]], words[k]))
                return 1;
    return 0;
}

/* The own-registration finding of the review: the request amends the
 * requester's registration. */
static const struct pr_finding *own_registration(struct letter *L)
{
    for (size_t i = L->from; i < L->to && i < L->f->n; i++)
        if (!strcmp(L->f->items[i].rule, "own-registration"))
            return &L->f->items[i];
    return NULL;
}

/* What IANA will register, what happens next, and what the assignee keeps
 * current afterwards. */
static void approval(struct letter *L)
{
    const struct pr_request *req = L->req;
    const struct pr_finding *own = own_registration(L);
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    const char *held = NULL;
    int pending = 0; /* a System Port whose IETF approval is still to come */
    for (size_t i = 0; own && i < own->n_records && !held; i++)
        held = own->records[i].service;
    for (size_t i = L->from; i < L->to && i < L->f->n; i++)
        pending |= !strcmp(L->f->items[i].rule, "port-system") &&
                   strstr(L->f->items[i].message, "on record") != NULL;
    if (held) {
        adds(L->para, "We approve your request. It adds ");
        if (req->port_kind == PR_PORT_NUMBERS) {
            add_asked_ports(L->para, req);
            adds(L->para, " for ");
            add_transports(L->para, req->transports);
            adds(L->para, " ");
        }
        adds(L->para, "to a registration you already hold, the service ");
        add_service(L, held);
        adds(L->para, ", so we will ask IANA to update that registration, rather than make a "
                      "new one");
        cite_paren(L, "RFC 6335 §8.6");
        adds(L->para, ". IANA will confirm to you when that is done.");
    } else if (pending) {
        adds(L->para, "We approve your request. As it asks for one of the System Ports, IANA "
                      "makes the assignment once your document has been approved, through IETF "
                      "Review or by ");
        add_iesg(L);
        adds(L->para, ", as ");
        cite(L, "RFC 6335 §8.1.2");
        adds(L->para, " requires. It will then register ");
        add_asked(L->para, req);
        adds(L->para, ", and confirm to you when the registration is made");
    } else {
        adds(L->para, "We approve your request, and we will ask IANA to register ");
        add_asked(L->para, req);
        adds(L->para, ". IANA will confirm to you when the registration is made");
    }
    if (!held)
        adds(L->para, pr_request_wants_port(req) && req->port_kind != PR_PORT_NUMBERS
                          ? ", with the port number it chose."
                          : ".");
    if (!pr_request_wants_port(req) && name && *name && uses_dnssd(req)) {
        adds(L->para, " Clients will then find your service through ");
        add_dnssd(L);
        fprintf(L->para, " under the service type \"_%s._%s\"", name,
                req->transports == PR_TP_TCP || !req->transports ? "tcp" : "udp");
        if (req->transports & PR_TP_TCP && req->transports != PR_TP_TCP)
            fprintf(L->para, " (\"_%s._tcp\" over TCP)", name);
        cite_paren(L, "RFC 6763 §7");
        adds(L->para, ".");
    }
    para_end(L);
}

/* After an assignment: the assignee keeps the registration current. */
static void upkeep(struct letter *L, int made)
{
    adds(L->para, made ? "Please keep the registration current: tell IANA when "
                       : "Once the registration is made, please keep it current: tell IANA when ");
    adds(L->para, "your contact details or the reference to your specification change, and "
                  "ask IANA for any other change to it");
    cite_paren(L, "RFC 6335 §8.6");
    adds(L->para, ".");
}

struct assigned {
    const char *name;
    FILE *t;
    int n;
};

/* The records an approval's change added or changed under the requested
 * name: "port 7777 for TCP", "a service name without a port for TCP". */
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
        if (!name || strcasecmp(name, a->name))
            continue;
        if (number && *number)
            fprintf(a->t, "%sport %s", a->n++ ? " and " : "", number);
        else
            fprintf(a->t, "%sas a service name without a port", a->n++ ? " and " : "");
        if (proto) {
            adds(a->t, " for ");
            add_transports(a->t, tp_of(proto));
        }
    }
    return 0;
}

static void closing(struct letter *L, const struct pr_review_decision *d)
{
    const char *verdict = pr_findings_verdict(L->f, L->from, L->to);
    if (d && !strcmp(d->decision, "approve") && pr_review_decision_holds(d)) {
        char *where = NULL;
        size_t where_len = 0;
        struct assigned a = {L->req->field[PR_REQ_SERVICE_NAME],
                             open_memstream(&where, &where_len), 0};
        adds(L->para, "We have approved your request, and IANA has made the assignment.");
        if (L->s && a.name && a.t) {
            struct pr_history_filter hf;
            pr_history_filter_init(&hf);
            hf.id = d->change_id;
            pr_history_each(L->s, &hf, on_assigned, &a, NULL);
        }
        if (a.t && fclose(a.t) == 0 && a.n && where)
            fprintf(L->para, " The registry now lists \"%s\" %s%s.", a.name,
                    !strncmp(where, "port", 4) ? "on " : "", where);
        free(where);
        para_end(L);
        upkeep(L, 1);
        adds(L->para, " There is no need to reply to this message.");
    } else if (d && !strcmp(d->decision, "reject")) {
        int alone = name_alone_free(L);
        if (L->paragraphs)
            adds(L->para, "For the reasons above, we have declined your request.");
        else
            fprintf(L->para, "We have declined your request: %s.", d->reason);
        name_alone_offer(L, alone);
        if (!L->paragraphs)
            asks(L, ASK_CHANGE);
        next_step(L, alone, "review it as a new request");
    } else if (!strcmp(verdict, "reject")) {
        int alone = name_alone_free(L);
        adds(L->para, "As it stands, we cannot approve your request.");
        name_alone_offer(L, alone);
        next_step(L, alone, "review your request again");
    } else if (!strcmp(verdict, "concerns")) {
        next_step(L, 0, "then continue the review of your request");
    } else {
        approval(L);
        upkeep(L, own_registration(L) != NULL);
        adds(L->para, " There is no need to reply to this message.");
    }
    para_end(L);
    adds(L->out, "Kind regards,\nThe port expert reviewers\n");
    references(L);
}

char *pr_reply_letter(pr_store *s, const struct pr_request *req, const struct pr_findings *f,
                      size_t from, size_t to, const struct pr_review_decision *d)
{
    struct letter L = {.s = s, .req = req, .f = f, .from = from, .to = to};
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
    int approved = d && !strcmp(d->decision, "approve") && pr_review_decision_holds(d);
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
    closing(&L, d);
    failed = ferror(L.para) | ferror(L.out) | L.nomem;
    failed |= fclose(L.para) != 0;
    failed |= fclose(L.out) != 0;
    free(L.para_buf);
    for (size_t i = 0; i < L.n_refs; i++)
        free(L.refs[i]);
    if (failed) {
        free(L.out_buf);
        return NULL;
    }
    return L.out_buf;
}
