/* cmd_review.c - portreg review: run every rule on the allocation requests
 * of one or more request files (docs/request-format.md) and print the
 * findings and a verdict per request, or JSON. */
#include "cmd.h"

#include "rules.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static int json;

static const struct cli_option options[] = {
    CLI_OPT_BOOL(0, "json", &json, "print {\"requests\": [...]} as JSON"),
    CLI_OPT_END
};

const struct cli_spec cmd_review_spec = {
    "portreg review [--json] FILE...",
    "Review allocation requests (docs/request-format.md) against the\n"
    "registry: every rule of docs/rules.md runs on every request.  Each\n"
    "finding has a rule id, a severity (reject, warn, info), the records\n"
    "involved, the RFC section and what to suggest; each request gets a\n"
    "verdict: reject, concerns or clean.\n"
    "Exit status: 0 no warn or reject finding, 1 the worst is warn, 3 a\n"
    "request must be rejected, 2 on errors (bad request file: FILE:LINE).",
    options, "FILE...", NULL,
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void warn_cb(const char *file, long line, const char *msg, void *ud)
{
    (void)ud;
    cli_warnf("%s:%ld: %s", file, line, msg);
}

static void print_text(const struct pr_request *req, const struct pr_findings *f, size_t from,
                       size_t to)
{
    printf("%s:%ld: %s: %s\n", req->file ? req->file : "-", req->line, pr_request_name(req),
           pr_findings_verdict(f, from, to));
    for (size_t i = from; i < to; i++) {
        const struct pr_finding *x = &f->items[i];
        printf("  %-6s %s: %s\n", pr_severity_name(x->severity), x->rule, x->message);
        printf("         see %s\n", x->reference);
        if (x->suggestion)
            printf("         suggest: %s\n", x->suggestion);
    }
}

int cmd_review(struct cli *c, int argc, char **argv)
{
    struct pr_request_list reqs = {0};
    struct pr_findings f;
    int rc = EXIT_ERROR, worst = -1;
    pr_error err = {0};

    pr_findings_init(&f);
    if (argc < 2) {
        cli_errorf("review: which request file? (see 'portreg review --help')");
        goto out;
    }
    /* Parse everything first: a bad file means no review at all. */
    for (int i = 1; i < argc; i++)
        if (pr_request_parse_file(argv[i], &reqs, warn_cb, NULL, &err)) {
            cli_error(&err);
            goto out;
        }
    if (json)
        fputs("{\"requests\": [", stdout);
    for (size_t i = 0; i < reqs.n; i++) {
        size_t from = f.n;
        double t0 = now_ms();
        int failed = pr_review(c->store, &reqs.items[i], &f, &err);
        /* PORTREG_TIMING=1: in-process time per request on stderr (for
         * bench/bench_rules.sh; not part of the output contract) */
        if (getenv("PORTREG_TIMING"))
            cli_notef("review: %s in %.2f ms", pr_request_name(&reqs.items[i]), now_ms() - t0);
        if (failed) {
            if (json)
                fputs("]}\n", stdout);
            cli_error(&err);
            goto out;
        }
        int w = pr_findings_worst(&f, from, f.n);
        worst = w > worst ? w : worst;
        if (!json) {
            if (i)
                putchar('\n');
            print_text(&reqs.items[i], &f, from, f.n);
            continue;
        }
        fputs(i ? ",\n  " : "\n  ", stdout);
        fputs("{\"service\": ", stdout);
        pr_json_string(stdout, reqs.items[i].field[PR_REQ_SERVICE_NAME]);
        fputs(", \"verdict\": ", stdout);
        pr_json_string(stdout, pr_findings_verdict(&f, from, f.n));
        fputs(", \"findings\": [", stdout);
        for (size_t k = from; k < f.n; k++) {
            fputs(k > from ? ",\n    " : "\n    ", stdout);
            pr_json_finding(stdout, &f.items[k], 0);
        }
        fputs(f.n > from ? "\n  ]}" : "]}", stdout);
    }
    if (json)
        fputs(reqs.n ? "\n]}\n" : "]}\n", stdout);
    rc = worst == PR_SEV_REJECT ? EXIT_REJECT : worst == PR_SEV_WARN ? EXIT_NOMATCH : EXIT_OK;
out:
    pr_findings_release(&f);
    pr_request_list_release(&reqs);
    return rc;
}
