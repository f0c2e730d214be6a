/* cmd_assign.c - portreg assign / portreg reuse: RFC 6335 §8.1 assignment
 * (and §8.3 reuse of a de-assigned port) from options or a request file,
 * after the rules engine's review. */
#include "cmd.h"
#include "edit_cli.h"

#include <stdlib.h>
#include <string.h>

/* Options given on the command line override the request file's. */
static struct pr_assign opt;
static const char *request, *port;
static enum pr_range range = PR_RANGE_USER;
static int force;

static const struct cli_option options[] = {
    CLI_OPT_STRING('n', "name", &opt.name, "NAME", "service name"),
    CLI_OPT_CHOICE('p', "protocol", &opt.protocols, "P[,P...]", cli_values_transport,
                   "transport protocols (tcp, udp, sctp, dccp)"),
    CLI_OPT_STRING(0, "port", &port, "N|any|none",
                   "port number, 'any' for the lowest free one (default), 'none' for a service name alone"),
    CLI_OPT_STRING('d', "description", &opt.description, "TEXT", "description"),
    CLI_OPT_STRING(0, "assignee", &opt.assignee, "\"Name <mail>\"",
                   "assignee: a new or known person, or a person id"),
    CLI_OPT_STRING(0, "contact", &opt.contact, "\"Name <mail>\"",
                   "contact (default: the assignee)"),
    CLI_OPT_STRING(0, "reference", &opt.reference, "REF",
                   "RFC1234, draft-..., a URI or text; comma-separated"),
    CLI_OPT_STRING(0, "note", &opt.note, "TEXT", "assignment note"),
    CLI_OPT_STRING(0, "justification", &opt.justification, "TEXT",
                   "why a dynamic port or a name alone does not serve (for the review)"),
    CLI_OPT_STRING(0, "security", &opt.security, "TEXT",
                   "how the service is secured (for the review)"),
    CLI_OPT_STRING(0, "service-code", &opt.sc, "N", "DCCP service code (RFC 5595)"),
    CLI_OPT_CALLBACK(0, "range", &range, "user|system", cli_opt_range,
                     "where --port any looks (default: user)"),
    CLI_OPT_STRING(0, "from-request", &request, "FILE",
                   "read the request from FILE (docs/request-format.md)"),
    CLI_OPT_BOOL(0, "force", &force,
                 "assign despite reject findings of the review (needs --reason)"),
    CLI_OPT_STRING(0, "reason", &opt.reason, "TEXT", "why (recorded in the history)"),
    CLI_OPT_DRY_RUN,
    CLI_OPT_END
};

const struct cli_spec cmd_assign_spec = {
    "portreg assign --name NAME --protocol P[,P] [--port N|any|none]\n"
    "                      --description TEXT --assignee \"Name <mail>\" [OPTIONS]\n"
    "       portreg assign --from-request FILE [OPTIONS]",
    "Assign a service name and port number (RFC 6335 §8.1) in one recorded\n"
    "change.  --port any takes the lowest port free for every transport.\n"
    "The other transport of tcp/udp at that number becomes Reserved for the\n"
    "same assignee.  Unassigned ranges are split around the port; new\n"
    "records are dated today (UTC, or $PORTREG_NOW).  The rules engine\n"
    "reviews the request first (as 'portreg review' does): its findings go\n"
    "to stderr, and a reject stops the assignment (exit 3) unless\n"
    "--force --reason TEXT.",
    options, NULL, NULL,
};

const struct cli_spec cmd_reuse_spec = {
    "portreg reuse --port N --name NAME --protocol P --description TEXT\n"
    "                     --assignee \"Name <mail>\" --reason TEXT [OPTIONS]",
    "Give a Reserved (de-assigned) port to a new service (RFC 6335 §8.3), in\n"
    "one recorded change.  Reuse needs the expert's reason; the review runs\n"
    "first, as for assign.",
    options, NULL, NULL,
};

static void warn_cb(const char *file, long line, const char *msg, void *ud)
{
    (void)ud;
    cli_warnf("%s:%ld: %s", file, line, msg);
}

/* Every problem of a request file that could not be read, as review
 * lists them (err when it had none of its own). */
static void show_request_problems(const struct pr_request_list *reqs, const pr_error *err)
{
    size_t shown = 0;
    for (size_t i = 0; i < reqs->n; i++)
        for (size_t k = 0; k < reqs->items[i].n_problems; k++, shown++) {
            const struct pr_request_problem *p = &reqs->items[i].problems[k];
            pr_error e = {0};
            pr_error_at(&e, p->code, reqs->items[i].file, p->line, p->column, "%s", p->msg);
            cli_error(&e);
        }
    if (!shown)
        cli_error(err);
}

/* The command line over the request file into a: the options given, the
 * port (N, any, none), the range, reuse and force with the reason they
 * need.  0, or -1 after saying what is wrong. */
static int apply_options(struct pr_assign *a, const char *cmd, int reuse)
{
#define OVR(f) if (opt.f) a->f = opt.f
    OVR(name); OVR(protocols); OVR(description); OVR(assignee); OVR(contact);
    OVR(reference); OVR(note); OVR(justification); OVR(security); OVR(sc); OVR(reason);
#undef OVR
    if (port && !strcmp(port, "any"))
        a->port = -1;
    else if (port && !strcmp(port, "none"))
        a->port = PR_ASSIGN_NO_PORT;
    else if (port && cli_parse_port(cmd, port, &a->port))
        return -1;
    a->range = range;
    if (reuse) {
        a->reuse = 1;
        if (a->port < 0) {
            cli_errorf("reuse: which port? (--port N)");
            return -1;
        }
        if (!a->reason || !*a->reason) {
            cli_errorf("reuse: a reason is required (--reason): RFC 6335 §8.3 reuses a "
                       "de-assigned port only with the expert's approval");
            return -1;
        }
    }
    if (force && (!a->reason || !*a->reason)) {
        cli_errorf("%s: --force needs --reason TEXT", cmd);
        return -1;
    }
    a->force = force;
    return 0;
}

/* The review, as 'portreg review' prints it: concerns and rejects.
 * EXIT_OK to go on, else the exit status. */
static int review(struct cli *c, const struct pr_assign *a, const char *cmd,
                  struct pr_findings *findings)
{
    pr_error err = {0};
    int v = pr_edit_review_assign(c->store, a, findings, &err);
    for (size_t i = 0; i < findings->n; i++) {
        const struct pr_finding *x = &findings->items[i];
        if (x->severity >= PR_SEV_WARN)
            cli_notef("review: %s %s: %s (%s)", pr_severity_name(x->severity), x->rule,
                      x->message, x->reference);
    }
    if (v && v != PR_EREFUSED) {
        cli_error_opts(&err, options);
        return EXIT_ERROR;
    }
    if (v == PR_EREFUSED && !force) {
        cli_errorf("%s: the review rejects this request; fix it, or give --force --reason TEXT",
                   cmd);
        return EXIT_REJECT;
    }
    return EXIT_OK;
}

int cmd_assign(struct cli *c, int argc, char **argv)
{
    int reuse = !strcmp(argv[0], "reuse");
    const char *cmd = reuse ? "reuse" : "assign";
    struct pr_assign a;
    struct pr_request_list reqs = {0};
    struct pr_findings findings;
    int rc = EXIT_ERROR;
    pr_error err = {0};
    if (argc > 1) {
        cli_errorf("%s: unexpected argument '%s' (see 'portreg %s --help')", cmd, argv[1], cmd);
        return EXIT_ERROR;
    }
    pr_assign_init(&a);
    pr_findings_init(&findings);
    if (request && pr_assign_read_request(request, &a, &reqs, warn_cb, NULL, &err)) {
        show_request_problems(&reqs, &err);
        goto out;
    }
    if (apply_options(&a, cmd, reuse) || (rc = review(c, &a, cmd, &findings)) != EXIT_OK)
        goto out;
    a.review = &findings; /* judged again by pr_edit_assign, not re-run */
    struct pr_edit_result res;
    cli_edit_start(c);
    rc = cli_edit_finish(pr_edit_assign(c->store, &a, &res, &err), &err, &res, options);
out:
    pr_findings_release(&findings);
    pr_request_list_release(&reqs);
    return rc;
}
