/* reply_registry.c - what the registry says, in a reply letter's words
 * (reply_int.h): a service with its description and ports, a finding's
 * records with their assignees, free ports near the one asked for. */
#include "reply_int.h"

#include "edit.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

/* ---- what the registry says of a service ---------------------------------------- */


static int on_service(const struct pr_record *r, void *ud)
{
    struct service_facts *f = ud;
    if (!f->found && r->description) {
        snprintf(f->description, sizeof f->description, "%s", r->description);
        pr_reply_utf8_trim(f->description);
    }
    f->found = 1;
    if (!r->number)
        return 0;
    if (!f->number[0])
        snprintf(f->number, sizeof f->number, "%s", r->number);
    if (!strcmp(f->number, r->number))
        f->tp |= r->protocol ? pr_reply_tp_of(r->protocol) : 0xf;
    else
        f->more_numbers = 1;
    return 0;
}

int pr_reply_service_facts(struct letter *L, const char *name, struct service_facts *f)
{
    memset(f, 0, sizeof *f);
    pr_error err = {0};
    if (L->s && name)
        L->nomem |= pr_search_name(L->s, name, on_service, f, &err) == PR_ENOMEM;
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
void pr_reply_add_service(struct letter *L, const char *name)
{
    struct service_facts f;
    fprintf(L->para, "\"%s\"", name);
    if (!pr_reply_service_facts(L, name, &f))
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
        pr_reply_add_number(L->para, f.number, f.tp);
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

/* Do records a and b name the same service and number? */
static int same_number(const struct pr_finding_record *a, const struct pr_finding_record *b)
{
    return same(a->service, b->service) &&
           !strcmp(a->number ? a->number : "", b->number ? b->number : "");
}

/* Each number of the service of record i once, with its transports and
 * assignee: ' with port 443 for TCP, UDP and SCTP, whose assignee is the
 * IESG, and also without a port number, ...' (skip as add_records). */
static void add_numbers(struct letter *L, const struct pr_finding *x, size_t i, const char *skip)
{
    const struct pr_finding_record *r = &x->records[i];
    size_t parts = 0;
    for (size_t k = i; k < x->n_records; k++) {
        const struct pr_finding_record *q = &x->records[k];
        int first = same(q->service, r->service);
        for (size_t j = i; j < k && first; j++)
            first = !same_number(&x->records[j], q);
        if (!first)
            continue;
        unsigned tp = 0;
        for (size_t j = k; j < x->n_records; j++)
            if (same_number(&x->records[j], q))
                tp |= x->records[j].protocol ? pr_reply_tp_of(x->records[j].protocol) : 0xf;
        if (parts++)
            adds(L->para, ", and");
        if (q->number && skip && !strcmp(q->number, skip)) {
            adds(L->para, parts > 1 ? " on it" : "");
        } else if (q->number) {
            adds(L->para, in_range(q->number, skip) ? " as part of " : " with ");
            pr_reply_add_number(L->para, q->number, tp);
        } else {
            adds(L->para, parts > 1 ? " also without a port number" : " without a port number");
        }
        char who[200];
        pr_reply_person_words(q->assignee_name, q->assignee, who, sizeof who);
        if (who[0]) {
            adds(L->para, ", whose assignee is ");
            pr_reply_add_who(L, who);
        }
    }
}

/* The records of a finding as the registry lists them: each service with
 * its description (when it says more than the name), then each of its
 * numbers with the transports and the assignee: '"https" (http protocol
 * over TLS/SSL) with port 443 for TCP, UDP and SCTP, whose assignee is the
 * IESG, and also without a port number, whose assignee is Tim
 * Berners-Lee'.  A number equal to skip (the port the requester asked for,
 * named already) is not repeated; a range holding it is "as part of". */
void pr_reply_add_records(struct letter *L, const struct pr_finding *x, const char *skip)
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
            if (pr_reply_service_facts(L, r->service, &f) &&
                description_adds(r->service, f.description))
                fprintf(L->para, " (%s)", f.description);
        } else {
            adds(L->para, "a reserved entry");
        }
        add_numbers(L, x, i, skip);
    }
}

/* The worst relation of the finding's records to the requester. */
int pr_reply_has_relation(const struct pr_finding *x, const char *rel)
{
    for (size_t i = 0; i < x->n_records; i++)
        if (x->records[i].relation && !strcmp(x->records[i].relation, rel))
            return 1;
    return 0;
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
    pr_error err = {0};
    long rc = pr_search(L->s, &q, on_unassigned, &plain, &err);
    L->nomem |= rc == PR_ENOMEM;
    return rc < 0 ? 0 : plain;
}

/* " Unassigned ports near 5353, free for every transport protocol, include
 * 5351, 5352 and 5354." or nothing: free for every transport, as IANA
 * keeps a number's TCP and UDP with one assignee (RFC 6335 §8.1), and
 * neither Reserved nor assigned for any.  Near a System Port, only when
 * the request is on the IETF path (no port-system finding says
 * otherwise): others are offered User Ports by IANA's choice. */
void pr_reply_add_free_near(struct letter *L, int port)
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
    pr_error err = {0};
    long m = pr_ports_free(L->s, NULL, port <= PR_PORT_SYSTEM_MAX ? PR_RANGE_SYSTEM : PR_RANGE_USER, port, cand,
                           sizeof cand / sizeof *cand, &err);
    L->nomem |= m == PR_ENOMEM;
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
