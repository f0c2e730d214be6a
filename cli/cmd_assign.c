/* cmd_assign.c - portreg assign / portreg reuse: RFC 6335 §8.1 assignment
 * (and §8.3 reuse of a de-assigned port) from options or a request file,
 * after the rules engine's review. */
#include "cmd.h"
#include "edit_cli.h"

#include <stdlib.h>
#include <string.h>

static const struct cli_opt opts[] = {
    {"name", 'n', "NAME", "service name"},
    {"protocol", 'p', "P[,P...]", "transport protocols (tcp, udp, sctp, dccp)"},
    {"port", 0, "N|any|none", "port number, 'any' for the lowest free one (default), 'none' for a service name alone"},
    {"description", 'd', "TEXT", "description"},
    {"assignee", 0, "\"Name <mail>\"", "assignee: a new or known person, or a person id"},
    {"contact", 0, "\"Name <mail>\"", "contact (default: the assignee)"},
    {"reference", 0, "REF", "RFC1234, draft-..., a URI or text; comma-separated"},
    {"note", 0, "TEXT", "assignment note"},
    {"justification", 0, "TEXT", "why a dynamic port or a name alone does not serve (for the review)"},
    {"security", 0, "TEXT", "how the service is secured (for the review)"},
    {"service-code", 0, "N", "DCCP service code (RFC 5595)"},
    {"range", 0, "user|system", "where --port any looks (default: user)"},
    {"from-request", 0, "FILE", "read the request from FILE (docs/request-format.md)"},
    {"force", 0, NULL, "assign despite reject findings of the review (needs --reason)"},
    {"reason", 0, "TEXT", "why (recorded in the history)"},
    {NULL, 0, NULL, NULL},
};

static void warn_cb(const char *file, long line, const char *msg, void *ud)
{
    (void)ud;
    cli_warnf("%s:%ld: %s", file, line, msg);
}

static void usage(int reuse)
{
    if (reuse)
        cli_usage(stdout, "portreg reuse --port N --name NAME --protocol P --description TEXT\n"
                          "                     --assignee \"Name <mail>\" --reason TEXT [OPTIONS]",
                  "Give a Reserved (de-assigned) port to a new service (RFC 6335 §8.3), in\n"
                  "one recorded change.  Reuse needs the expert's reason; the review runs\n"
                  "first, as for assign.", opts);
    else
        cli_usage(stdout, "portreg assign --name NAME --protocol P[,P] [--port N|any|none]\n"
                          "                      --description TEXT --assignee \"Name <mail>\" [OPTIONS]\n"
                          "       portreg assign --from-request FILE [OPTIONS]",
                  "Assign a service name and port number (RFC 6335 §8.1) in one recorded\n"
                  "change.  --port any takes the lowest port free for every transport.\n"
                  "The other transport of tcp/udp at that number becomes Reserved for the\n"
                  "same assignee.  Unassigned ranges are split around the port; new\n"
                  "records are dated today (UTC, or $PORTREG_NOW).  The rules engine\n"
                  "reviews the request first (as 'portreg review' does): its findings go\n"
                  "to stderr, and a reject stops the assignment (exit 3) unless\n"
                  "--force --reason TEXT.", opts);
}

int cmd_assign(struct cli *c, int argc, char **argv)
{
    int reuse = !strcmp(argv[0], "reuse");
    const char *cmd = reuse ? "reuse" : "assign";
    struct cli_parser p;
    struct pr_assign a, opt;
    struct pr_request_list reqs = {0};
    struct pr_findings findings;
    const char *request = NULL, *port = NULL, *range = NULL;
    int force = 0, o, rc = EXIT_ERROR;
    pr_error err = {0};
    pr_assign_init(&a);
    pr_assign_init(&opt);
    pr_findings_init(&findings);
    cli_parser_init(&p, cmd, opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: opt.name = p.value; break;
        case 1: opt.protocols = p.value; break;
        case 2: port = p.value; break;
        case 3: opt.description = p.value; break;
        case 4: opt.assignee = p.value; break;
        case 5: opt.contact = p.value; break;
        case 6: opt.reference = p.value; break;
        case 7: opt.note = p.value; break;
        case 8: opt.justification = p.value; break;
        case 9: opt.security = p.value; break;
        case 10: opt.sc = p.value; break;
        case 11: range = p.value; break;
        case 12: request = p.value; break;
        case 13: force = 1; break;
        case 14: opt.reason = p.value; break;
        case CLI_HELP:
            usage(reuse);
            return EXIT_OK;
        case CLI_POS:
            cli_errorf("%s: unexpected argument '%s' (see 'portreg %s --help')", cmd, p.value, cmd);
            return EXIT_ERROR;
        default:
            return EXIT_ERROR;
        }
    }
    if (request && pr_assign_read_request(request, &a, &reqs, warn_cb, NULL, &err)) {
        cli_error(&err);
        goto out;
    }
    /* Options given on the command line override the request file. */
#define OVR(f) if (opt.f) a.f = opt.f
    OVR(name); OVR(protocols); OVR(description); OVR(assignee); OVR(contact);
    OVR(reference); OVR(note); OVR(justification); OVR(security); OVR(sc); OVR(reason);
#undef OVR
    if (port && !strcmp(port, "any"))
        a.port = -1;
    else if (port && !strcmp(port, "none"))
        a.port = PR_ASSIGN_NO_PORT;
    else if (port && cli_parse_port(cmd, port, &a.port))
        goto out;
    if (range) {
        if (!strcmp(range, "user")) a.range = PR_RANGE_USER;
        else if (!strcmp(range, "system")) a.range = PR_RANGE_SYSTEM;
        else {
            cli_errorf("%s: invalid range '%s' (expected user or system)", cmd, range);
            goto out;
        }
    }
    if (reuse) {
        a.reuse = 1;
        if (a.port < 0) {
            cli_errorf("reuse: which port? (--port N)");
            goto out;
        }
        if (!a.reason || !*a.reason) {
            cli_errorf("reuse: a reason is required (--reason): RFC 6335 §8.3 reuses a "
                       "de-assigned port only with the expert's approval");
            goto out;
        }
    }
    if (force && (!a.reason || !*a.reason)) {
        cli_errorf("%s: --force needs --reason TEXT", cmd);
        goto out;
    }
    a.force = force;
    /* The review, as 'portreg review' prints it: concerns and rejects. */
    int v = pr_edit_review_assign(c->store, &a, &findings, &err);
    for (size_t i = 0; i < findings.n; i++) {
        const struct pr_finding *x = &findings.items[i];
        if (x->severity >= PR_SEV_WARN)
            cli_notef("review: %s %s: %s (%s)", pr_severity_name(x->severity), x->rule,
                      x->message, x->reference);
    }
    if (v && v != PR_EREFUSED) {
        cli_error(&err);
        goto out;
    }
    if (v == PR_EREFUSED && !force) {
        cli_errorf("%s: the review rejects this request; fix it, or give --force --reason TEXT",
                   cmd);
        rc = EXIT_REJECT;
        goto out;
    }
    a.reviewed = 1;
    struct pr_edit_result res;
    rc = cli_edit_finish(pr_edit_assign(c->store, &a, &res, &err), &err, &res);
out:
    pr_findings_release(&findings);
    pr_request_list_release(&reqs);
    return rc;
}
