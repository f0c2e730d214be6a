/* cmd_deassign.c - portreg deassign (RFC 6335 §8.2) and portreg revoke
 * (§8.4): the ports become Reserved, the name stays. */
#include "cmd.h"
#include "edit_cli.h"

#include <string.h>

static const char *protocol, *reason, *approved;

static const struct cli_option options[] = {
    CLI_OPT_CHOICE('p', "protocol", &protocol, "P", cli_values_transport, "only the record of this transport"),
    CLI_OPT_STRING(0, "reason", &reason, "TEXT", "why (required; recorded in the history)"),
    CLI_OPT_STRING(0, "approved-by", &approved, "WHO",
                   "revoke: who approved it (RFC 6335 §8.4: the IESG)"),
    CLI_OPT_DRY_RUN,
    CLI_OPT_END
};

const struct cli_spec cmd_deassign_spec = {
    "portreg deassign NAME [--protocol P] --reason TEXT",
    "De-assign a service's ports (RFC 6335 §8.2), in one recorded change\n"
    "with its reason (required, shown by 'portreg history').\n"
    "Each port record becomes Reserved (never Unassigned) with a note\n"
    "\"De-Assigned on DATE.\" as IANA writes it; the service name stays\n"
    "registered as a name-only record once no port is left.",
    options, "NAME", NULL,
};

const struct cli_spec cmd_revoke_spec = {
    "portreg revoke NAME [--protocol P] --reason TEXT --approved-by WHO",
    "Revoke an assignment (RFC 6335 §8.4), in one recorded change: like\n"
    "deassign, by IANA rather than the assignee, with the reason and the\n"
    "IESG's approval.  The ports become Reserved with a note \"Revoked on\n"
    "DATE.\"; the service name stays.",
    options, "NAME", NULL,
};

int cmd_deassign(struct cli *c, int argc, char **argv)
{
    int revoke = !strcmp(argv[0], "revoke");
    const char *cmd = revoke ? "revoke" : "deassign";
    const char *name = argc > 1 ? argv[1] : NULL;
    if (argc > 2) {
        cli_errorf("%s: one service at a time", cmd);
        return EXIT_ERROR;
    }
    if (!name) {
        cli_errorf("%s: which service? (see 'portreg %s --help')", cmd, cmd);
        return EXIT_ERROR;
    }
    if (!revoke && approved) {
        cli_errorf("deassign: --approved-by is for revoke");
        return EXIT_ERROR;
    }
    pr_error err = {0};
    struct pr_edit_result res;
    cli_edit_start(c);
    int rc = revoke ? pr_edit_revoke(c->store, name, protocol, reason, approved, &res, &err)
                    : pr_edit_deassign(c->store, name, protocol, reason, &res, &err);
    return cli_edit_finish(rc, &err, &res, options);
}
