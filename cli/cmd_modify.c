/* cmd_modify.c - portreg modify: RFC 6335 §8.6 maintenance of an
 * assignment's description, contact, notes, references and unauthorized
 * uses; the assignee is never edited in place (§8.5). */
#include "cmd.h"
#include "edit_cli.h"

static const char *protocol;
static struct cli_strings sets;

static const struct cli_option options[] = {
    CLI_OPT_CHOICE('p', "protocol", &protocol, "P", cli_values_transport, "only the record of this transport"),
    CLI_OPT_STRING_LIST('s', "set", &sets, "FIELD=VALUE",
                        "description, contact, note, reference or unauthorized (repeatable)"),
    CLI_OPT_DRY_RUN,
    CLI_OPT_END
};

const struct cli_spec cmd_modify_spec = {
    "portreg modify NAME [--protocol P] --set FIELD=VALUE...",
    "Change an assignment's details (RFC 6335 §8.6) in one recorded change:\n"
    "description, contact (\"Name <mail>\" or a person id), note, reference\n"
    "(comma-separated; empty removes them), unauthorized.  contact and note\n"
    "are lists: each --set contact=... (note=...) is one item and together\n"
    "they replace the contacts (notes), so give every one to keep; a single\n"
    "empty note= removes the notes.  Every record of the service (or of --protocol)\n"
    "whose value differs changes and gets updated = today.  When every\n"
    "record has the values already nothing is recorded (\"nothing to\n"
    "change\", exit 1).  The assignee is never changed in place (RFC 6335\n"
    "§8.5): de-assign, then request a new assignment.",
    options, "NAME", NULL,
};

int cmd_modify(struct cli *c, int argc, char **argv)
{
    if (argc > 2) {
        cli_errorf("modify: one service at a time");
        return EXIT_ERROR;
    }
    if (argc < 2) {
        cli_errorf("modify: which service? (see 'portreg modify --help')");
        return EXIT_ERROR;
    }
    if (!sets.n) {
        cli_errorf("modify: what to change? (--set FIELD=VALUE)");
        return EXIT_ERROR;
    }
    pr_error err = {0};
    struct pr_edit_result res;
    cli_edit_start(c);
    return cli_edit_finish(pr_edit_modify(c->store, argv[1], protocol, sets.v, sets.n, &res, &err),
                           &err, &res, options);
}
