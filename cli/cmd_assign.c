/* cmd_assign.c - portreg assign / portreg reuse: RFC 6335 §8.1 assignment
 * (and §8.3 reuse of a de-assigned port) from options or a request file. */
#include "cmd.h"
#include "edit_cli.h"

#include <stdlib.h>
#include <string.h>

static const struct cli_opt opts[] = {
    {"name", 'n', "NAME", "service name"},
    {"protocol", 'p', "P[,P...]", "transport protocols (tcp, udp, sctp, dccp)"},
    {"port", 0, "N|any", "port number, or 'any' for the lowest free one (default: any)"},
    {"description", 'd', "TEXT", "description"},
    {"assignee", 0, "\"Name <mail>\"", "assignee: a new or known person, or a person id"},
    {"contact", 0, "\"Name <mail>\"", "contact (default: the assignee)"},
    {"reference", 0, "REF", "RFC1234, draft-..., a URI or text; comma-separated"},
    {"note", 0, "TEXT", "assignment note"},
    {"range", 0, "user|system", "where --port any looks (default: user)"},
    {"from-request", 0, "FILE", "read the request from FILE (docs/requests.md)"},
    {"force", 0, NULL, "go on despite reject findings of the review (needs --reason)"},
    {"reason", 0, "TEXT", "why (recorded in the history)"},
    {NULL, 0, NULL, NULL},
};

int cmd_assign(struct cli *c, int argc, char **argv)
{
    int reuse = !strcmp(argv[0], "reuse");
    const char *cmd = reuse ? "reuse" : "assign";
    struct cli_parser p;
    struct pr_assign a;
    const char *request = NULL, *port = NULL, *range = NULL;
    int force = 0, o;
    char *storage = NULL;
    pr_assign_init(&a);
    struct pr_assign opt = a;
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
        case 8: range = p.value; break;
        case 9: request = p.value; break;
        case 10: force = 1; break;
        case 11: opt.reason = p.value; break;
        case CLI_HELP:
            if (reuse)
                cli_usage(stdout, "portreg reuse --port N --name NAME --protocol P --description TEXT\n"
                                  "                     --assignee \"Name <mail>\" --reason TEXT [OPTIONS]",
                          "Give a Reserved (de-assigned) port to a new service (RFC 6335 §8.3), in\n"
                          "one recorded change.  Reuse needs the expert's reason; other transports\n"
                          "of the number stay as they are or become Reserved for the assignee.",
                          opts);
            else
                cli_usage(stdout, "portreg assign --name NAME --protocol P[,P] [--port N|any]\n"
                                  "                      --description TEXT --assignee \"Name <mail>\" [OPTIONS]\n"
                                  "       portreg assign --from-request FILE [OPTIONS]",
                          "Assign a service name and port number (RFC 6335 §8.1) in one recorded\n"
                          "change.  --port any takes the lowest port free for every transport.\n"
                          "The other transport of tcp/udp at that number becomes Reserved for the\n"
                          "same assignee.  Unassigned ranges are split around the port; new\n"
                          "records are dated today (UTC, or $PORTREG_NOW).  The review runs first\n"
                          "when the rules engine is built in; a reject stops the assignment\n"
                          "(exit 3) unless --force --reason TEXT.", opts);
            return EXIT_OK;
        case CLI_POS:
            cli_errorf("%s: unexpected argument '%s' (see 'portreg %s --help')", cmd, p.value, cmd);
            return EXIT_ERROR;
        default:
            return EXIT_ERROR;
        }
    }
    pr_error err = {0};
    if (request) {
        if (pr_assign_read_request(request, &a, &storage, &err)) {
            cli_error(&err);
            return EXIT_ERROR;
        }
    }
    /* Options given on the command line override the request file. */
#define OVR(f) if (opt.f) a.f = opt.f
    OVR(name); OVR(protocols); OVR(description); OVR(assignee); OVR(contact);
    OVR(reference); OVR(note); OVR(reason);
#undef OVR
    int rc = EXIT_ERROR;
    if (port && strcmp(port, "any") && cli_parse_port(cmd, port, &a.port))
        goto out;
    if (port && !strcmp(port, "any"))
        a.port = -1;
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
    a.force = force;
    struct pr_edit_result res;
    rc = cli_edit_finish(pr_edit_assign(c->store, &a, &res, &err), &err, &res);
    if (rc && res.rejected)
        rc = EXIT_REJECT;
out:
    free(storage);
    return rc;
}
