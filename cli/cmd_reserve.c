/* cmd_reserve.c - portreg reserve: mark an unassigned port Reserved. */
#include "cmd.h"
#include "edit_cli.h"

static const char *protocol, *reason;

static const struct cli_option options[] = {
    CLI_OPT_CHOICE('p', "protocol", &protocol, "P", cli_values_transport, "transport (tcp, udp, sctp, dccp)"),
    CLI_OPT_STRING(0, "reason", &reason, "TEXT", "why (required; recorded in the history)"),
    CLI_OPT_DRY_RUN,
    CLI_OPT_END
};

const struct cli_spec cmd_reserve_spec = {
    "portreg reserve PORT --protocol P --reason TEXT",
    "Mark an unassigned port Reserved for a transport, in one recorded\n"
    "change (an Unassigned range is split around it).",
    options, "PORT", NULL,
};

int cmd_reserve(struct cli *c, int argc, char **argv)
{
    const char *port = argc > 1 ? argv[1] : NULL;
    int n;
    if (argc > 2) {
        cli_errorf("reserve: one port at a time");
        return EXIT_ERROR;
    }
    if (!port || !protocol) {
        cli_errorf("reserve: which port and protocol? (see 'portreg reserve --help')");
        return EXIT_ERROR;
    }
    if (cli_parse_port("reserve", port, &n))
        return EXIT_ERROR;
    pr_error err = {0};
    struct pr_edit_result res;
    cli_edit_start(c);
    return cli_edit_finish(pr_edit_reserve(c->store, n, protocol, reason, &res, &err), &err, &res,
                           options);
}
