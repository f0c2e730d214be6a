/* cmd_review.c - portreg review: run every rule on the allocation requests
 * of one or more request files (docs/request-format.md) or standard input,
 * and print per request its findings, its verdict and the decision taken
 * on it before, or JSON; record a rejection (--reject). */
#include "cmd.h"

#include "edit.h"
#include "reply.h"
#include "review_log.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static int json, dry_run, reply;
static const char *reject, *reason;

static const struct cli_option options[] = {
    CLI_OPT_BOOL(0, "json", &json, "print {\"requests\": [...]} as JSON"),
    CLI_OPT_BOOL(0, "reply", &reply, "print a reply letter to each requester, to send as it\n"
                                   "is (with --json: \"reply\" in each request)"),
    CLI_OPT_STRING(0, "reject", &reject, "FILE[:LINE]",
                   "record the rejection of that request (the one at or\n"
                   "before LINE when FILE holds several); needs --reason"),
    CLI_OPT_STRING(0, "reason", &reason, "TEXT", "why the request is rejected (with --reject)"),
    CLI_OPT_BOOL(0, "dry-run", &dry_run, "with --reject: show what would be recorded, record nothing"),
    CLI_OPT_END
};

const struct cli_spec cmd_review_spec = {
    "portreg review [--json] [--reply] FILE...\n"
    "       portreg review --reject FILE[:LINE] --reason TEXT [--dry-run]",
    "Review allocation requests (docs/request-format.md) against the\n"
    "registry: every rule of docs/rules.md runs on every request.  FILE '-'\n"
    "reads standard input.  Each finding has a rule id, a severity (reject,\n"
    "warn, info), the records involved, the RFC section and what to suggest;\n"
    "each request gets a verdict: reject, concerns or clean.  A request that\n"
    "cannot be read is listed with the verdict malformed (every problem, as\n"
    "FILE:LINE) or unreadable, and the others are still reviewed.  A\n"
    "decision taken before on a request with the same content (approved by\n"
    "'portreg assign --from-request', rejected by --reject, or in the TUI)\n"
    "is shown, and an approved request is not judged against its own\n"
    "assignment.  --reply writes a letter to each requester instead: what\n"
    "the registry holds, what the RFCs ask (with their rfc-editor.org\n"
    "addresses) and what to ask for instead, wrapped at 72 columns.\n"
    "Exit status: 0 no warn or reject finding, 1 the worst is warn, 3 a\n"
    "request must be rejected, 2 when a request was malformed or unreadable\n"
    "or on errors.",
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

/* Append the requests of FILE ('-': standard input) to reqs.  Problems
 * stay with their request; only running out of memory is fatal. */
static int read_requests(const char *path, struct pr_request_list *reqs)
{
    pr_error err = {0};
    int rc = strcmp(path, "-")
                 ? pr_request_parse_file(path, reqs, warn_cb, NULL, &err)
                 : pr_request_parse_stream(stdin, "-", reqs, warn_cb, NULL, &err);
    if (rc == PR_ENOMEM) {
        cli_error(&err);
        return -1;
    }
    return 0;
}

/* "FILE:LINE: " of a problem (line 0: "FILE: ") into buf. */
static const char *problem_place(const struct pr_request *req, const struct pr_request_problem *p,
                                 char *buf, size_t len)
{
    const char *file = req->file ? req->file : "-";
    if (p->line > 0 && p->column > 0)
        snprintf(buf, len, "%s:%ld:%ld", file, p->line, p->column);
    else if (p->line > 0)
        snprintf(buf, len, "%s:%ld", file, p->line);
    else
        snprintf(buf, len, "%s", file);
    return buf;
}

/* The request's place and name as its entry starts: "FILE:LINE: NAME". */
static void print_head(const struct pr_request *req, const char *verdict)
{
    if (req->line > 0)
        printf("%s:%ld: %s: %s\n", req->file ? req->file : "-", req->line, pr_request_name(req),
               verdict);
    else
        printf("%s: %s\n", req->file ? req->file : "-", verdict);
}

static void print_text(const struct pr_request *req, const struct pr_findings *f, size_t from,
                       size_t to, const struct pr_review_decision *d)
{
    char buf[1024];
    const char *bad = pr_request_problem_verdict(req);
    print_head(req, bad ? bad : pr_findings_verdict(f, from, to));
    for (size_t i = 0; i < req->n_problems; i++) {
        const struct pr_request_problem *p = &req->problems[i];
        printf("  error  %s: %s\n", problem_place(req, p, buf, sizeof buf), p->msg);
    }
    if (d)
        printf("  decided: %s\n", pr_review_decision_text(d, buf, sizeof buf));
    for (size_t i = from; i < to; i++) {
        const struct pr_finding *x = &f->items[i];
        printf("  %-6s %s: %s\n", pr_severity_name(x->severity), x->rule, x->message);
        printf("         see %s\n", x->reference);
        if (x->suggestion)
            printf("         suggest: %s\n", x->suggestion);
    }
}

/* --reply: the letter (a header "==> FILE:LINE: NAME: VERDICT <==" before
 * each when there are several requests, as head(1) does with files). */
static void print_reply(const struct pr_request *req, const char *verdict, const char *letter,
                        int many, int first)
{
    if (many)
        printf("%s==> %s:%ld: %s: %s <==\n", first ? "" : "\n", req->file ? req->file : "-",
               req->line, pr_request_name(req), verdict);
    if (letter)
        fputs(letter, stdout);
    else if (many)
        puts("(no reply: the request cannot be read; its problems are on standard error)");
}

static void print_json(const struct pr_request *req, const struct pr_findings *f, size_t from,
                       size_t to, const struct pr_review_decision *d, const char *letter,
                       int first)
{
    const char *bad = pr_request_problem_verdict(req);
    fputs(first ? "\n  " : ",\n  ", stdout);
    fputs("{\"file\": ", stdout);
    pr_json_string(stdout, req->file ? req->file : "-");
    printf(", \"line\": %ld, \"service\": ", req->line);
    pr_json_string(stdout, req->field[PR_REQ_SERVICE_NAME]);
    fputs(", \"verdict\": ", stdout);
    pr_json_string(stdout, bad ? bad : pr_findings_verdict(f, from, to));
    fputs(", \"problems\": [", stdout);
    for (size_t i = 0; i < req->n_problems; i++) {
        const struct pr_request_problem *p = &req->problems[i];
        printf("%s{\"line\": %ld, \"column\": %ld, \"message\": ", i ? ", " : "", p->line,
               p->column);
        pr_json_string(stdout, p->msg);
        putchar('}');
    }
    fputs("], \"decision\": ", stdout);
    if (d) {
        fputs("{\"action\": ", stdout);
        pr_json_string(stdout, !strcmp(d->decision, "approve") ? "approved"
                               : !strcmp(d->decision, "reject") ? "rejected" : d->decision);
        printf(", \"change\": %lld, \"by\": ", d->change_id);
        pr_json_string(stdout, d->author);
        fputs(", \"at\": ", stdout);
        pr_json_string(stdout, d->at);
        fputs(", \"reason\": ", stdout);
        pr_json_string(stdout, d->reason[0] ? d->reason : NULL);
        if (d->undone_by)
            printf(", \"undone_by\": %lld", d->undone_by);
        else
            fputs(", \"undone_by\": null", stdout);
        printf(", \"holds\": %s", pr_review_decision_holds(d) ? "true" : "false");
        putchar('}');
    } else {
        fputs("null", stdout);
    }
    if (reply) {
        fputs(", \"reply\": ", stdout);
        pr_json_string(stdout, letter);
    }
    fputs(", \"findings\": [", stdout);
    for (size_t k = from; k < to; k++) {
        fputs(k > from ? ",\n    " : "\n    ", stdout);
        pr_json_finding(stdout, &f->items[k], 0);
    }
    fputs(to > from ? "\n  ]}" : "]}", stdout);
}

/* One line on stderr per request that cannot be reviewed: its first
 * problem, FILE:LINE first; with all (--reply, whose letter has no room for
 * them) one line per problem. */
static void report_problem(const struct pr_request *req, int all)
{
    char place[400];
    const struct pr_request_problem *p = &req->problems[0];
    if (all) {
        for (size_t i = 0; i < req->n_problems; i++)
            cli_errorf("%s: %s", problem_place(req, &req->problems[i], place, sizeof place),
                       req->problems[i].msg);
    } else if (req->n_problems > PR_REQUEST_MAX_PROBLEMS)
        cli_errorf("%s: %s (and more than %d more problems)",
                   problem_place(req, p, place, sizeof place), p->msg,
                   PR_REQUEST_MAX_PROBLEMS - 1);
    else if (req->n_problems > 1)
        cli_errorf("%s: %s (and %zu more problem%s)", problem_place(req, p, place, sizeof place),
                   p->msg, req->n_problems - 1, req->n_problems > 2 ? "s" : "");
    else
        cli_errorf("%s: %s", problem_place(req, p, place, sizeof place), p->msg);
}

/* --reject FILE[:LINE]: split at the last colon when what follows is a
 * line number and FILE alone is not an existing file. */
static int split_target(const char *spec, char *file, size_t len, long *line)
{
    struct stat sb;
    const char *colon = strrchr(spec, ':');
    long n;
    *line = 0;
    if (colon && colon > spec && stat(spec, &sb) != 0 &&
        !pr_parse_long(colon + 1, 1, 1000000000L, &n)) {
        *line = n;
        snprintf(file, len, "%.*s", (int)(colon - spec), spec);
    } else {
        snprintf(file, len, "%s", spec);
    }
    return 0;
}

/* A rejection changes no row: the rehearsal has nothing to show. */
static int no_rows(const struct pr_history_change *ch, void *ud)
{
    (void)ch;
    (void)ud;
    return 0;
}

static int cmd_reject(struct cli *c, int argc)
{
    struct pr_request_list reqs = {0};
    const struct pr_request *req = NULL;
    char file[4096];
    long line;
    int rc = EXIT_ERROR;
    pr_error err = {0};

    if (argc > 1) {
        cli_errorf("review: --reject takes one request (FILE[:LINE]), no other files");
        return EXIT_ERROR;
    }
    if (!reason || !*reason) {
        cli_errorf("review: a rejection needs a reason (--reason TEXT)");
        return EXIT_ERROR;
    }
    /* the review itself opens the database read-only */
    if (cli_store_writable(c))
        return EXIT_ERROR;
    split_target(reject, file, sizeof file, &line);
    if (read_requests(file, &reqs))
        goto out;
    for (size_t i = 0; i < reqs.n; i++)
        if (!line || reqs.items[i].line <= line)
            req = &reqs.items[i];
    if (reqs.n && reqs.items[0].n_problems && !reqs.items[0].line) {
        report_problem(&reqs.items[0], 0); /* the file itself */
        goto out;
    }
    if (!req) {
        cli_errorf("review: %s: no request starts at or before line %ld", file, line);
        goto out;
    }
    if (!line && reqs.n > 1) {
        cli_errorf("review: %s holds %zu requests; say which one: %s:LINE (lines %ld, %ld%s)",
                   file, reqs.n, file, reqs.items[0].line, reqs.items[1].line,
                   reqs.n > 2 ? ", ..." : "");
        goto out;
    }
    if (req->n_problems) {
        report_problem(req, 0);
        cli_errorf("review: %s:%ld: a %s request cannot be rejected; fix it first", file,
                   req->line, pr_request_problem_verdict(req));
        goto out;
    }
    long long id = 0;
    if (dry_run)
        pr_edit_dry_run(c->store, no_rows, NULL);
    if (pr_review_log(c->store, req, "reject", reason, &id, &err)) {
        cli_error(&err);
        goto out;
    }
    if (dry_run)
        printf("dry run: would record change %lld: reject %s (%s:%ld): %s\n", id,
               pr_request_name(req), req->file, req->line, reason);
    else
        printf("change %lld: reject %s (%s:%ld): %s\n", id, pr_request_name(req), req->file,
               req->line, reason);
    rc = EXIT_OK;
out:
    pr_request_list_release(&reqs);
    return rc;
}

int cmd_review(struct cli *c, int argc, char **argv)
{
    struct pr_request_list reqs = {0};
    struct pr_findings f;
    int rc = EXIT_ERROR, worst = -1, bad = 0;
    pr_error err = {0};

    if (reject)
        return cmd_reject(c, argc);
    if (reason || dry_run) {
        cli_errorf("review: --%s is for --reject", reason ? "reason" : "dry-run");
        return EXIT_ERROR;
    }
    pr_findings_init(&f);
    if (argc < 2) {
        cli_errorf("review: which request file? (see 'portreg review --help')");
        goto out;
    }
    /* Every file is read first; one that cannot be read is an entry of its
     * own and the others are reviewed. */
    for (int i = 1; i < argc; i++)
        if (read_requests(argv[i], &reqs))
            goto out;
    if (json)
        fputs("{\"requests\": [", stdout);
    for (size_t i = 0; i < reqs.n; i++) {
        const struct pr_request *req = &reqs.items[i];
        struct pr_review_decision d;
        size_t from = f.n;
        int found = 0;
        if (req->n_problems) {
            bad = 1;
            report_problem(req, reply && !json);
        } else {
            double t0 = now_ms();
            /* the earlier requests of the run: run-conflict */
            int failed = pr_review_run(c->store, reqs.items, i, &f, &err);
            /* PORTREG_TIMING=1: in-process time per request on stderr (for
             * bench/bench_rules.sh; not part of the output contract) */
            if (getenv("PORTREG_TIMING"))
                cli_notef("review: %s in %.2f ms", pr_request_name(req), now_ms() - t0);
            if (!failed && (found = pr_review_log_find(c->store, req, &d, &err)) > 0)
                failed = pr_review_log_drop_own(c->store, &d, &f, from, &err);
            if (failed || found < 0) {
                if (json)
                    fputs("]}\n", stdout);
                cli_error(&err);
                goto out;
            }
            int w = pr_findings_worst(&f, from, f.n);
            worst = w > worst ? w : worst;
        }
        char *letter = NULL;
        if (reply && !req->n_problems &&
            !(letter = pr_reply_letter(c->store, req, &f, from, f.n, found > 0 ? &d : NULL))) {
            cli_errorf("out of memory");
            goto out;
        }
        const char *bad_verdict = pr_request_problem_verdict(req);
        if (json) {
            print_json(req, &f, from, f.n, found > 0 ? &d : NULL, letter, i == 0);
        } else if (reply) {
            print_reply(req, bad_verdict ? bad_verdict : pr_findings_verdict(&f, from, f.n),
                        letter, reqs.n > 1, i == 0);
        } else {
            if (i)
                putchar('\n');
            print_text(req, &f, from, f.n, found > 0 ? &d : NULL);
        }
        free(letter);
    }
    if (json)
        fputs(reqs.n ? "\n]}\n" : "]}\n", stdout);
    rc = bad ? EXIT_ERROR
         : worst == PR_SEV_REJECT ? EXIT_REJECT : worst == PR_SEV_WARN ? EXIT_NOMATCH : EXIT_OK;
out:
    pr_findings_release(&f);
    pr_request_list_release(&reqs);
    return rc;
}
