/* cmd_reserve.c - portreg reserve: mark an unassigned port Reserved. */
#include "cmd.h"
#include "edit_cli.h"

static const struct cli_opt opts[] = {
    {"protocol", 'p', "P", "transport (tcp, udp, sctp, dccp)"},
    {"reason", 0, "TEXT", "why (required; recorded in the history)"},
    {NULL, 0, NULL, NULL},
};

int cmd_reserve(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    const char *port = NULL, *protocol = NULL, *reason = NULL;
    int o, n;
    cli_parser_init(&p, "reserve", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: protocol = p.value; break;
        case 1: reason = p.value; break;
        case CLI_POS:
            if (port) {
                cli_errorf("reserve: one port at a time");
                return EXIT_ERROR;
            }
            port = p.value;
            break;
        case CLI_HELP:
            cli_usage(stdout, "portreg reserve PORT --protocol P --reason TEXT",
                      "Mark an unassigned port Reserved for a transport, in one recorded\n"
                      "change (an Unassigned range is split around it).", opts);
            return EXIT_OK;
        default:
            return EXIT_ERROR;
        }
    }
    if (!port || !protocol) {
        cli_errorf("reserve: which port and protocol? (see 'portreg reserve --help')");
        return EXIT_ERROR;
    }
    if (cli_parse_port("reserve", port, &n))
        return EXIT_ERROR;
    pr_error err = {0};
    struct pr_edit_result res;
    return cli_edit_finish(pr_edit_reserve(c->store, n, protocol, reason, &res, &err), &err, &res);
}
