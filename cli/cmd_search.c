/* cmd_search.c - portreg search: find assignments; an aligned table with the
 * transports of one service on one port merged, or JSON records. */
#include "cmd.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct pr_query q = {.port_lo = -1, .port_hi = -1};
static int json;

static int port_cb(const struct cli_option *o, const char *cmd, const char *arg)
{
    struct pr_query *pq = o->value;
    if (pr_parse_port_range(arg, &pq->port_lo, &pq->port_hi)) {
        cli_errorf("%s: invalid port '%s' (expected N or N-M within 0-" PR_PORT_STR(PR_PORT_MAX) ")", cmd, arg);
        return -1;
    }
    return 0;
}

static int protocol_cb(const struct cli_option *o, const char *cmd, const char *arg)
{
    if (!pr_protocol_valid(arg)) {
        cli_errorf("%s: unknown protocol '%s' (expected tcp, udp, sctp or dccp)", cmd, arg);
        return -1;
    }
    *(const char **)o->value = arg;
    return 0;
}

static const struct cli_option options[] = {
    CLI_OPT_CALLBACK('p', "port", &q, "N[-M]", port_cb,
                     "port or range; a range record containing it matches"),
    CLI_OPT_STRING('n', "name", &q.name, "PATTERN",
                   "service name, case-insensitive; glob with * and ?"),
    CLI_OPT_STRING('t', "text", &q.text, "WORDS",
                   "words of names, descriptions and notes (prefix matching),\n"
                   "best matches first"),
    CLI_OPT_STRING('a', "assignee", &q.assignee, "TEXT",
                   "person id, name or org, as assignee or contact"),
    CLI_OPT_STRING('r', "reference", &q.reference, "REF",
                   "reference, e.g. rfc6335 or a draft name"),
    CLI_OPT_CALLBACK_CHOICE('P', "protocol", &q.protocol, "PROTO", protocol_cb,
                            cli_values_transport,
                            "transport: tcp, udp, sctp or dccp"),
    CLI_OPT_BOOL(0, "all", &q.include_unassigned,
                 "include Unassigned rows in name and word searches"),
    CLI_OPT_LONG(0, "limit", &q.limit, "N", 1, LONG_MAX,
                 "stop after N records (with --text: the N best)"),
    CLI_OPT_BOOL(0, "json", &json, "print a JSON array of records"),
    CLI_OPT_END
};

const struct cli_spec cmd_search_spec = {
    "portreg search [OPTIONS] [QUERY]",
    "Find registry records.  Options combine (all must match).  A bare QUERY\n"
    "is guessed: digits (443, 6000-6063, 53/udp) search ports, a service name\n"
    "(or glob) searches names, anything else searches words.  Word searches\n"
    "list the best matches first: names, then descriptions, then notes; notes\n"
    "IANA repeats on many records (\"This entry is now historic...\") count\n"
    "least.  --protocol keeps records without a transport (they hold the port\n"
    "for every one).  A name that matches nothing suggests the nearest\n"
    "registered names on stderr.  --json prints an array of records whatever\n"
    "matched ([] when nothing did).  Exit status: 0 when something matched, 1\n"
    "when nothing did, 2 on error.",
    options, "[QUERY]", NULL,
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
    int port;             /* the one port asked, or -1 */
    int failed;
    pr_error ferr;
};

static int collect_cb(const struct pr_record *r, void *ud)
{
    struct collect *c = ud;
    c->count++;
    if (c->json) {
        char extra[160];
        fputs(c->count > 1 ? ",\n  " : "[\n  ", stdout);
        if (c->freq_store && pr_frequency_json(c->freq_store, r, c->port, extra, sizeof extra,
                                               &c->ferr)) {
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

#define NAME_SHOWN_MAX 64 /* pr_search_suggest's names are no longer */

/* Nothing matched the name asked: "did you mean" on stderr; the JSON is
 * the empty array any search without a match prints (one shape for every
 * result).  EXIT_NOMATCH, or EXIT_ERROR. */
static int suggest(pr_store *s, const char *name, int as_json)
{
    char *near[5];
    pr_error err = {0};
    long n = pr_search_suggest(s, name, near, sizeof near / sizeof *near, &err);
    if (as_json)
        fputs("[]\n", stdout);
    if (n < 0) {
        cli_error(&err);
        return EXIT_ERROR;
    }
    if (n) {
        /* Names from the database: through the gate with the message. */
        char list[5 * (NAME_SHOWN_MAX + 8)] = "";
        size_t used = 0;
        for (long i = 0; i < n && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s'%.*s'",
                                     !i ? "" : i == n - 1 ? " or " : ", ", NAME_SHOWN_MAX,
                                     near[i]);
        cli_notef("no service named '%s'; did you mean %s?", name, list);
    }
    for (long i = 0; i < n; i++)
        free(near[i]);
    return EXIT_NOMATCH;
}

int cmd_search(struct cli *c, int argc, char **argv)
{
    struct collect col = {.json = json};
    char *guess_buf = NULL;
    const char *bare = argc > 1 ? argv[1] : NULL;
    int rc = EXIT_ERROR;
    enum pr_guess guess = PR_GUESS_TEXT;
    pr_error err = {0};

    if (argc > 2) {
        cli_errorf("search: one query at a time; quote words: portreg search 'multicast dns'");
        goto out;
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
        col.port = q.port_lo >= 0 && q.port_lo == q.port_hi ? q.port_lo : -1;
    }
    /* The name asked, for "did you mean" when nothing matches it. */
    const char *asked = q.name && !strpbrk(q.name, "*?") ? q.name : NULL;
    long n = pr_search(c->store, &q, collect_cb, &col, &err);
    if (n == 0 && bare && guess == PR_GUESS_NAME && !strpbrk(bare, "*?")) {
        /* Not a service name after all: try the words. */
        q.name = NULL;
        q.text = guess_buf;
        n = pr_search(c->store, &q, collect_cb, &col, &err);
    }
    if (n < 0) {
        if (col.count)
            fputs("\n]\n", stdout);
        cli_error(&err);
        goto out;
    }
    if (n == 0 && asked) {
        rc = suggest(c->store, asked, col.json);
        goto out;
    }
    if (col.json)
        fputs(col.count ? "\n]\n" : "[]\n", stdout);
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
