/* cmd_person.c - portreg person add|modify: the people that assignments
 * name. */
#include "cmd.h"
#include "edit_cli.h"

#include <string.h>

static const char *name, *org, *uri;

static const struct cli_option options[] = {
    CLI_OPT_STRING(0, "name", &name, "NAME", "full name"),
    CLI_OPT_STRING(0, "org", &org, "ORG", "organization"),
    CLI_OPT_STRING(0, "uri", &uri, "URI",
                   "mailto:a@b (stored as IANA writes it, a&b) or a web address"),
    CLI_OPT_DRY_RUN,
    CLI_OPT_END
};

const struct cli_spec cmd_person_spec = {
    "portreg person add ID [--name NAME] [--org ORG] --uri URI\n"
    "       portreg person modify ID [--name NAME] [--org ORG] [--uri URI]",
    "Add or change a person (one recorded change).  IDs follow IANA's\n"
    "style, First_Last.  'assign --assignee \"Name <mail>\"' adds people too.",
    options, "add|modify ID", NULL,
};

int cmd_person(struct cli *c, int argc, char **argv)
{
    const char *verb = argc > 1 ? argv[1] : NULL, *id = argc > 2 ? argv[2] : NULL;
    if (argc > 3) {
        cli_errorf("person: unexpected argument '%s'", argv[3]);
        return EXIT_ERROR;
    }
    if (!verb || (strcmp(verb, "add") && strcmp(verb, "modify"))) {
        cli_errorf("person: expected 'add' or 'modify' (see 'portreg person --help')");
        return EXIT_ERROR;
    }
    if (!id) {
        cli_errorf("person %s: which person id?", verb);
        return EXIT_ERROR;
    }
    pr_error err = {0};
    struct pr_edit_result res;
    cli_edit_start(c);
    int rc = !strcmp(verb, "add") ? pr_edit_person_add(c->store, id, name, org, uri, &res, &err)
                                  : pr_edit_person_modify(c->store, id, name, org, uri, &res, &err);
    return cli_edit_finish(rc, &err, &res, options);
}
