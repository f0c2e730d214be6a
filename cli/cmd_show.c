/* cmd_show.c - portreg show: everything about a service name or a port,
 * with people resolved, references, notes and dates; for a port also its
 * range, its state and the nearest unassigned ports.  On a terminal long
 * values wrap at spaces under their first line (a hanging indent); into a
 * pipe each field stays one line. */
#include "cmd.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int json;

static const struct cli_option options[] = {
    CLI_OPT_BOOL(0, "json", &json, "print a JSON array of the records"),
    CLI_OPT_END
};

const struct cli_spec cmd_show_spec = {
    "portreg show NAME | PORT[/PROTO]",
    "Everything about a service name (all its records) or a port: people\n"
    "resolved to name, org and e-mail, references, notes, dates; for a port\n"
    "also its range (system, user, dynamic), its state and the nearest\n"
    "unassigned ports.  Exit status 1 when there is no such service or port.",
    options, "NAME | PORT[/PROTO]", NULL,
};

struct recs {
    struct pr_record *v;
    size_t n, cap;
    int oom;
};

static int collect_cb(const struct pr_record *r, void *ud)
{
    struct recs *rs = ud;
    if (pr_grow(&rs->v, &rs->cap, rs->n, sizeof *rs->v, 16)) {
        rs->oom = 1;
        return 1;
    }
    if (pr_record_copy(&rs->v[rs->n], r)) {
        rs->oom = 1;
        return 1;
    }
    rs->n++;
    return 0;
}

/* Columns of the terminal stdout is, or 0 (a pipe: a field is one line). */
static int term_width;

#define VALUE_COL 16 /* "  description   " */

/* Columns of n bytes of UTF-8 (one a character). */
static int columns(const char *p, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)p[i] & 0xc0) != 0x80;
    return w;
}

/* "  LABEL         VALUE", the value folded to one line; on a terminal
 * wrapped at spaces to the width, its further lines under its first. */
static void field(const char *label, const char *value)
{
    if (!value || !*value)
        return;
    char *v = cli_fold(value);
    const char *s = v ? v : value;
    int room = term_width - VALUE_COL - 1; /* the last column stays free */
    printf("  %-13s ", label);
    if (room < 20) {
        printf("%s\n", s);
        free(v);
        return;
    }
    while (*s) {
        size_t k = pr_text_line(s, room, columns);
        printf("%.*s\n", (int)k, s);
        s += k;
        while (*s == ' ')
            s++;
        if (*s)
            printf("%*s", VALUE_COL, "");
    }
    free(v);
}

/* "Stephen_Gildea (Stephen Gildea) <x@example.com>" (malloc'd); IANA
 * writes & for @ in mailto. */
static char *person_text(pr_store *s, const char *id)
{
    struct pr_person p;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fprintf(f, "%s", id);
    if (pr_store_get_person(s, id, &p, NULL) == 0) {
        const char *label = p.name ? p.name : p.org;
        /* "Stephen_Gildea (Stephen Gildea)" says nothing twice. */
        char *spaced = strdup(id);
        for (char *u = spaced; u && *u; u++)
            if (*u == '_')
                *u = ' ';
        if (label && spaced && !strcmp(label, spaced) && !(p.name && p.org))
            label = NULL;
        free(spaced);
        if (label && strcmp(label, id))
            fprintf(f, " (%s%s%s)", label, p.name && p.org ? ", " : "",
                    p.name && p.org ? p.org : "");
        else if (p.name && p.org)
            fprintf(f, " (%s)", p.org);
        if (p.uri) {
            char *uri = strdup(p.uri);
            if (uri) {
                char *amp = strchr(uri, '&');
                if (!strncmp(uri, "mailto:", 7) && amp)
                    *amp = '@';
                fprintf(f, " <%s>", !strncmp(uri, "mailto:", 7) ? uri + 7 : uri);
                free(uri);
            }
        }
        pr_person_release(&p);
    }
    if (fclose(f)) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void person_field(pr_store *s, const char *label, const char *id)
{
    char *text = person_text(s, id);
    field(label, text ? text : id);
    free(text);
}

/* Same record but for the protocol? Then one block serves both. */
static int same_but_protocol(const struct pr_record *a, const struct pr_record *b)
{
#define EQ(f) ((!a->f && !b->f) || (a->f && b->f && !strcmp(a->f, b->f)))
    if (!EQ(name) || !EQ(number) || !EQ(description) || !EQ(unauthorized) || !EQ(date) ||
        !EQ(updated) || !EQ(sc) || a->n_xrefs != b->n_xrefs || a->n_notes != b->n_notes)
        return 0;
#undef EQ
    for (size_t i = 0; i < a->n_xrefs; i++) {
        const struct pr_xref *x = &a->xrefs[i], *y = &b->xrefs[i];
        if (x->role != y->role || strcmp(x->type, y->type) ||
            strcmp(x->data ? x->data : "", y->data ? y->data : "") ||
            strcmp(x->text ? x->text : "", y->text ? y->text : ""))
            return 0;
    }
    for (size_t i = 0; i < a->n_notes; i++)
        if (strcmp(a->notes[i].text, b->notes[i].text))
            return 0;
    return 1;
}

/* "seen open     tcp 20.87%, udp 1.08% (share of hosts, nmap-services)"
 * when a frequency layer is loaded: the figure of the port asked (or of the
 * record's only port) and, for a range, the span of its ports:
 * "tcp 0.0076% on 6010 (0.0076%–1.17% across 6000-6063)". */
static void print_frequency(pr_store *s, const struct pr_record *r, const char *protos,
                            int asked)
{
    char list[64], *save = NULL;
    int first = 1, range = r->port_hi > r->port_lo;
    if (r->port_lo < 0 || !protos || !*protos)
        return;
    if (asked < r->port_lo || asked > r->port_hi)
        asked = range ? -1 : r->port_lo;
    snprintf(list, sizeof list, "%s", protos);
    for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        double f = 0;
        char name[64], a[32], b[32];
        struct pr_frequency_span sp = {0};
        int seen = asked >= 0 && pr_store_frequency_get(s, asked, asked, p, &f, name,
                                                        sizeof name, NULL, NULL) > 0;
        if (range && pr_store_frequency_span(s, r->port_lo, r->port_hi, p, &sp, NULL) < 0)
            sp.ports = 0;
        if (!seen && !sp.ports)
            continue;
        printf(first ? "  %-13s " : ", ", "seen open");
        first = 0;
        printf("%s ", p);
        if (seen) {
            printf("%s", cli_percent(f, a, sizeof a));
            if (range)
                printf(" on %d", asked);
            if (r->name && strcasecmp(name, r->name))
                printf(" ('%s')", name);
        } else if (asked >= 0) {
            printf("none on %d", asked);
        }
        if (sp.ports) {
            fputs(asked >= 0 ? " (" : "", stdout);
            printf("%s", cli_percent(sp.min, a, sizeof a));
            if (sp.max > sp.min)
                printf("–%s", cli_percent(sp.max, b, sizeof b));
            int span = r->port_hi - r->port_lo + 1;
            if (sp.ports < span)
                printf(" on %d of the %d ports %d-%d", sp.ports, span, r->port_lo, r->port_hi);
            else
                printf(" across %d-%d", r->port_lo, r->port_hi);
            fputs(asked >= 0 ? ")" : "", stdout);
        }
    }
    if (!first)
        printf(" (share of hosts, nmap-services)\n");
}

static void print_record(pr_store *s, const struct pr_record *r, const char *protos, int asked)
{
    /* every person, however many the record names (16 on the stack) */
    const char *few[16], **ids = r->n_xrefs > 16 ? malloc(r->n_xrefs * sizeof *ids) : NULL;
    size_t max = ids ? r->n_xrefs : 16;
    if (!ids)
        ids = few;
    enum pr_state state = pr_record_state(r);
    printf("%s", r->name && *r->name ? r->name : "(no name)");
    if (r->number)
        printf("  %s/%s", r->number, protos && *protos ? protos : "-");
    else
        printf("  (service name only%s%s)", protos && *protos ? ", " : "", protos ? protos : "");
    if (r->port_lo >= 0)
        printf("  %s port%s, %s", pr_range_name(pr_port_range(r->port_lo)),
               r->port_hi > r->port_lo ? "s" : "", pr_state_name(state));
    putchar('\n');
    field("description", r->description);
    size_t n = pr_record_assignees(r, ids, max);
    for (size_t i = 0; i < n; i++)
        person_field(s, i ? "" : "assignee", ids[i]);
    n = pr_record_contacts(r, ids, max);
    for (size_t i = 0; i < n; i++)
        person_field(s, i ? "" : "contact", ids[i]);
    if (ids != few)
        free(ids);
    int first = 1;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if (!strcmp(x->type, "person"))
            continue;
        char buf[512];
        const char *v = x->data ? x->data : x->text ? x->text : "";
        if (!strcmp(x->type, "rfc") && !strncmp(v, "rfc", 3))
            snprintf(buf, sizeof buf, "RFC%s", v + 3);
        else if (!strcmp(x->type, "note"))
            snprintf(buf, sizeof buf, "footnote %s", v);
        else
            snprintf(buf, sizeof buf, "%s", v);
        field(first ? "references" : "", buf);
        first = 0;
    }
    print_frequency(s, r, protos, asked);
    field("registered", r->date);
    field("updated", r->updated);
    field("service code", r->sc);
    field("unauthorized", r->unauthorized);
    for (size_t i = 0; i < r->n_notes; i++)
        field(i ? "" : "notes", r->notes[i].text);
}

static void print_all(pr_store *s, struct recs *rs, int asked)
{
    struct pr_strbuf protos = PR_STRBUF_INIT;
    for (size_t i = 0; i < rs->n;) {
        size_t j = i;
        pr_strbuf_setlen(&protos, 0);
        for (; j < rs->n && (j == i || same_but_protocol(&rs->v[i], &rs->v[j])); j++) {
            if (rs->v[j].protocol) {
                if (protos.len)
                    pr_strbuf_addch(&protos, ',');
                pr_strbuf_adds(&protos, rs->v[j].protocol);
            }
        }
        if (i)
            putchar('\n');
        print_record(s, &rs->v[i], pr_strbuf_str(&protos), asked);
        i = j;
    }
    pr_strbuf_release(&protos);
}

/* WHAT as a query (buf holds its copy): a service name or one port, with
 * an optional protocol.  0, or -1 after saying why not. */
static int parse_what(const char *what, struct pr_query *q, char *buf, enum pr_guess *g)
{
    pr_query_init(q);
    *g = pr_query_guess(q, what, buf);
    if (*g == PR_GUESS_TEXT || (*g == PR_GUESS_NAME && strpbrk(what, "*?"))) {
        cli_errorf("show: '%s' is neither a service name nor a port", what);
        return -1;
    }
    if (*g == PR_GUESS_PORT && q->port_lo != q->port_hi) {
        cli_errorf("show: one port at a time; for a range use 'portreg search --port %s'", what);
        return -1;
    }
    if (q->protocol && !pr_protocol_valid(q->protocol)) {
        cli_errorf("show: unknown protocol '%s' (expected tcp, udp, sctp or dccp)", q->protocol);
        return -1;
    }
    q->include_unassigned = 1;
    return 0;
}

/* The records as a JSON array, with their usage frequency when nmap's
 * figures were imported (asked: the port asked for, or -1). */
static int print_json(pr_store *s, const struct recs *rs, int asked)
{
    pr_error err = {0};
    long nf = pr_store_frequency_count(s, &err);
    if (nf < 0) {
        cli_error(&err);
        return EXIT_ERROR;
    }
    fputs("[", stdout);
    for (size_t i = 0; i < rs->n; i++) {
        char extra[160];
        fputs(i ? ",\n  " : "\n  ", stdout);
        if (nf > 0 && pr_frequency_json(s, &rs->v[i], asked, extra, sizeof extra, &err)) {
            cli_error(&err);
            return EXIT_ERROR;
        }
        pr_json_record_extra(stdout, &rs->v[i], nf > 0 ? extra : NULL);
    }
    fputs(rs->n ? "\n]\n" : "]\n", stdout);
    return rs->n ? EXIT_OK : EXIT_NOMATCH;
}

/* "port 8080: user port (1024-49151, ...)" and the nearest unassigned
 * ports of each transport asked (tcp and udp when none).  0 or -1. */
static int print_port_header(pr_store *s, int port, const char *protocol)
{
    pr_error err = {0};
    const char *span = pr_range_span(pr_port_range(port));
    printf("port %d: %s port", port, pr_range_name(pr_port_range(port)));
    switch (pr_port_range(port)) {
    case PR_RANGE_SYSTEM: printf(" (%s, IETF Review or IESG Approval)\n", span); break;
    case PR_RANGE_USER: printf(" (%s, IETF Review, IESG Approval or Expert Review)\n", span); break;
    default: printf(" (%s, never assigned)\n", span); break;
    }
    const char *protos[2] = {protocol ? protocol : "tcp", protocol ? NULL : "udp"};
    for (int i = 0; i < 2 && protos[i]; i++) {
        int below, above;
        if (pr_store_nearest_unassigned(s, port, protos[i], &below, &above, &err)) {
            cli_error(&err);
            return -1;
        }
        printf("nearest unassigned %s: ", protos[i]);
        if (below >= 0) printf("%d below", below);
        if (below >= 0 && above >= 0) printf(", ");
        if (above >= 0) printf("%d above", above);
        if (below < 0 && above < 0) printf("none");
        putchar('\n');
    }
    return 0;
}

int cmd_show(struct cli *c, int argc, char **argv)
{
    struct recs rs = {0};
    const char *what = argc > 1 ? argv[1] : NULL;
    int rc = EXIT_ERROR;
    pr_error err = {0};
    char *buf = NULL;
    struct pr_query q;
    enum pr_guess g;

    if (argc > 2) {
        cli_errorf("show: one service or port at a time");
        return EXIT_ERROR;
    }
    if (!what) {
        cli_errorf("show: which service or port? (see 'portreg show --help')");
        return EXIT_ERROR;
    }
    if (!(buf = malloc(strlen(what) + 1)) || parse_what(what, &q, buf, &g))
        goto out;
    int asked = g == PR_GUESS_PORT ? q.port_lo : -1;
    if (pr_search(c->store, &q, collect_cb, &rs, &err) < 0) {
        cli_error(&err);
        goto out;
    }
    if (rs.oom) {
        cli_errorf("show: out of memory");
        goto out;
    }
    if (json) {
        rc = print_json(c->store, &rs, asked);
        goto out;
    }
    if (g == PR_GUESS_PORT) {
        if (print_port_header(c->store, q.port_lo, q.protocol))
            goto out;
        if (rs.n)
            putchar('\n');
    } else if (!rs.n) {
        cli_errorf("show: no service named '%s'", what);
        rc = EXIT_NOMATCH;
        goto out;
    }
    term_width = cli_width();
    print_all(c->store, &rs, asked);
    rc = rs.n ? EXIT_OK : EXIT_NOMATCH;
out:
    for (size_t i = 0; i < rs.n; i++)
        pr_record_release(&rs.v[i]);
    free(rs.v);
    free(buf);
    return rc;
}
