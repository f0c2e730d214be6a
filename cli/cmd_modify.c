/* cmd_modify.c - portreg modify: RFC 6335 §8.6 maintenance of an
 * assignment's description, contact, notes, references and unauthorized
 * uses; the assignee is never edited in place (§8.5). */
#include "cmd.h"
#include "edit_cli.h"

#include <stdlib.h>

static const struct cli_opt opts[] = {
    {"protocol", 'p', "P", "only the record of this transport"},
    {"set", 's', "FIELD=VALUE", "description, contact, note, reference or unauthorized (repeatable)"},
    {NULL, 0, NULL, NULL},
};

int cmd_modify(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    const char *name = NULL, *protocol = NULL;
    const char **sets = calloc((size_t)argc, sizeof *sets);
    size_t n = 0;
    int o, rc = EXIT_ERROR;
    if (!sets)
        return EXIT_ERROR;
    cli_parser_init(&p, "modify", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: protocol = p.value; break;
        case 1: sets[n++] = p.value; break;
        case CLI_POS:
            if (name) {
                cli_errorf("modify: one service at a time");
                goto out;
            }
            name = p.value;
            break;
        case CLI_HELP:
            cli_usage(stdout, "portreg modify NAME [--protocol P] --set FIELD=VALUE...",
                      "Change an assignment's details (RFC 6335 §8.6) in one recorded change:\n"
                      "description, contact (\"Name <mail>\" or a person id), note (replaces the\n"
                      "notes; empty removes them), reference (comma-separated; empty removes\n"
                      "them), unauthorized.  Every record of the service (or of --protocol)\n"
                      "changes and gets updated = today.  The assignee is never changed in\n"
                      "place (RFC 6335 §8.5): de-assign, then request a new assignment.", opts);
            rc = EXIT_OK;
            goto out;
        default:
            goto out;
        }
    }
    if (!name) {
        cli_errorf("modify: which service? (see 'portreg modify --help')");
        goto out;
    }
    pr_error err = {0};
    struct pr_edit_result res;
    rc = cli_edit_finish(pr_edit_modify(c->store, name, protocol, sets, n, &res, &err), &err, &res);
out:
    free(sets);
    return rc;
}
