/* cmd_search.c - portreg search: find assignments; an aligned table with the
 * transports of one service on one port merged, or JSON records. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct cli_opt opts[] = {
    {"port", 'p', "N[-M]", "port or range; a range record containing it matches"},
    {"name", 'n', "PATTERN", "service name, case-insensitive; glob with * and ?"},
    {"text", 't', "WORDS", "words of descriptions and notes (prefix matching)"},
    {"assignee", 'a', "TEXT", "person id, name or org, as assignee or contact"},
    {"reference", 'r', "REF", "reference, e.g. rfc6335 or a draft name"},
    {"protocol", 'P', "PROTO", "transport: tcp, udp, sctp or dccp"},
    {"all", 0, NULL, "include Unassigned rows in name and word searches"},
    {"limit", 0, "N", "stop after N records"},
    {"json", 0, NULL, "print a JSON array of records"},
    {NULL, 0, NULL, NULL},
};

struct row {
    char *name, *number, *desc;
    char protos[32];
};

struct collect {
    struct row *rows;
    size_t n, cap;
    int json, oom;
    long count;
    pr_store *freq_store; /* set when a frequency layer is loaded */
    int failed;
    pr_error ferr;
};

static int collect_cb(const struct pr_record *r, void *ud)
{
    struct collect *c = ud;
    c->count++;
    if (c->json) {
        char extra[64];
        fputs(c->count > 1 ? ",\n  " : "\n  ", stdout);
        if (c->freq_store && pr_frequency_json(c->freq_store, r, extra, sizeof extra, &c->ferr)) {
            c->failed = 1;
            return 1;
        }
        pr_json_record_extra(stdout, r, c->freq_store ? extra : NULL);
        return 0;
    }
    const char *name = r->name ? r->name : "";
    const char *num = r->number ? r->number : "";
    const char *proto = r->protocol ? r->protocol : "";
    for (size_t i = 0; i < c->n; i++) {
        struct row *w = &c->rows[i];
        if (!strcasecmp(w->name, name) && !strcmp(w->number, num) && *name) {
            if (*proto && strlen(w->protos) + strlen(proto) + 2 < sizeof w->protos) {
                if (w->protos[0])
                    strcat(w->protos, ",");
                strcat(w->protos, proto);
            }
            return 0;
        }
    }
    if (pr_grow(&c->rows, &c->cap, c->n, sizeof *c->rows, 64)) {
        c->oom = 1;
        return 1;
    }
    struct row *w = &c->rows[c->n++];
    w->name = strdup(*name ? name : "-");
    w->number = strdup(*num ? num : "-");
    w->desc = cli_fold(r->description);
    snprintf(w->protos, sizeof w->protos, "%s", *proto ? proto : "-");
    if (!w->name || !w->number || !w->desc)
        c->oom = 1;
    return c->oom;
}

static void print_table(struct collect *c)
{
    int wn = 4, wp = 4, wt = 5;
    for (size_t i = 0; i < c->n; i++) {
        int a = cli_utf8_width(c->rows[i].name), b = (int)strlen(c->rows[i].number),
            t = (int)strlen(c->rows[i].protos);
        wn = a > wn ? a : wn;
        wp = b > wp ? b : wp;
        wt = t > wt ? t : wt;
    }
    int width = cli_width();
    int rest = width ? width - wn - wp - wt - 6 : 0;
    if (width && rest < 20)
        rest = 20;
    printf("%-*s  %-*s  %-*s  %s\n", wn, "NAME", wp, "PORT", wt, "PROTO", "DESCRIPTION");
    for (size_t i = 0; i < c->n; i++) {
        struct row *w = &c->rows[i];
        printf("%s%*s  %-*s  %-*s  ", w->name, wn - cli_utf8_width(w->name), "", wp, w->number,
               wt, w->protos);
        cli_put_trunc(stdout, w->desc, rest);
        putchar('\n');
    }
}

static void free_rows(struct collect *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->rows[i].name);
        free(c->rows[i].number);
        free(c->rows[i].desc);
    }
    free(c->rows);
}

int cmd_search(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    struct pr_query q;
    struct collect col = {0};
    char *guess_buf = NULL;
    const char *bare = NULL;
    int o, rc = EXIT_ERROR;
    enum pr_guess guess = PR_GUESS_TEXT;
    pr_error err = {0};

    pr_query_init(&q);
    cli_parser_init(&p, "search", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0:
            if (pr_parse_port_range(p.value, &q.port_lo, &q.port_hi)) {
                cli_errorf("search: invalid port '%s' (expected N or N-M within 0-65535)", p.value);
                goto out;
            }
            break;
        case 1: q.name = p.value; break;
        case 2: q.text = p.value; break;
        case 3: q.assignee = p.value; break;
        case 4: q.reference = p.value; break;
        case 5:
            if (!pr_protocol_valid(p.value)) {
                cli_errorf("search: unknown protocol '%s' (expected tcp, udp, sctp or dccp)", p.value);
                goto out;
            }
            q.protocol = p.value;
            break;
        case 6: q.include_unassigned = 1; break;
        case 7: q.limit = atol(p.value); break;
        case 8: col.json = 1; break;
        case CLI_POS:
            if (bare) {
                cli_errorf("search: one query at a time; quote words: portreg search 'multicast dns'");
                goto out;
            }
            bare = p.value;
            break;
        case CLI_HELP:
            cli_usage(stdout, "portreg search [OPTIONS] [QUERY]",
                      "Find registry records.  Options combine (all must match).  A bare QUERY\n"
                      "is guessed: digits (443, 6000-6063, 53/udp) search ports, a service name\n"
                      "(or glob) searches names, anything else searches descriptions and notes.\n"
                      "Exit status: 0 when something matched, 1 when nothing did, 2 on error.",
                      opts);
            rc = EXIT_OK;
            goto out;
        default:
            goto out;
        }
    }
    if (bare) {
        if (!(guess_buf = malloc(strlen(bare) + 1)))
            goto out;
        guess = pr_query_guess(&q, bare, guess_buf);
        if (q.protocol && !pr_protocol_valid(q.protocol)) {
            cli_errorf("search: unknown protocol '%s' (expected tcp, udp, sctp or dccp)", q.protocol);
            goto out;
        }
    }
    if (q.port_lo < 0 && !q.name && !q.text && !q.assignee && !q.reference && !q.protocol) {
        cli_errorf("search: what to search for? (see 'portreg search --help')");
        goto out;
    }
    if (col.json) {
        long nf = pr_store_frequency_count(c->store, &err);
        if (nf < 0) {
            cli_error(&err);
            goto out;
        }
        if (nf > 0)
            col.freq_store = c->store;
        fputs("[", stdout);
    }
    long n = pr_search(c->store, &q, collect_cb, &col, &err);
    if (n == 0 && bare && guess == PR_GUESS_NAME && !strpbrk(bare, "*?")) {
        /* Not a service name after all: try the words. */
        q.name = NULL;
        q.text = guess_buf;
        n = pr_search(c->store, &q, collect_cb, &col, &err);
    }
    if (col.json)
        fputs(col.count ? "\n]\n" : "]\n", stdout);
    if (n < 0) {
        cli_error(&err);
        goto out;
    }
    if (col.oom) {
        cli_errorf("search: out of memory");
        goto out;
    }
    if (col.failed) {
        cli_error(&col.ferr);
        goto out;
    }
    if (!col.json && col.n)
        print_table(&col);
    rc = n > 0 ? EXIT_OK : EXIT_NOMATCH;
out:
    free_rows(&col);
    free(guess_buf);
    return rc;
}
