/* cmd_person.c - portreg person add|modify: the people that assignments
 * name. */
#include "cmd.h"
#include "edit_cli.h"

#include <string.h>

static const struct cli_opt opts[] = {
    {"name", 0, "NAME", "full name"},
    {"org", 0, "ORG", "organization"},
    {"uri", 0, "URI", "mailto:a@b (stored as IANA writes it, a&b) or a web address"},
    {NULL, 0, NULL, NULL},
};

int cmd_person(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    const char *verb = NULL, *id = NULL, *name = NULL, *org = NULL, *uri = NULL;
    int o;
    cli_parser_init(&p, "person", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: name = p.value; break;
        case 1: org = p.value; break;
        case 2: uri = p.value; break;
        case CLI_POS:
            if (!verb)
                verb = p.value;
            else if (!id)
                id = p.value;
            else {
                cli_errorf("person: unexpected argument '%s'", p.value);
                return EXIT_ERROR;
            }
            break;
        case CLI_HELP:
            cli_usage(stdout, "portreg person add ID [--name NAME] [--org ORG] --uri URI\n"
                              "       portreg person modify ID [--name NAME] [--org ORG] [--uri URI]",
                      "Add or change a person (one recorded change).  IDs follow IANA's\n"
                      "style, First_Last.  'assign --assignee \"Name <mail>\"' adds people too.",
                      opts);
            return EXIT_OK;
        default:
            return EXIT_ERROR;
        }
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
    int rc = !strcmp(verb, "add") ? pr_edit_person_add(c->store, id, name, org, uri, &res, &err)
                                  : pr_edit_person_modify(c->store, id, name, org, uri, &res, &err);
    return cli_edit_finish(rc, &err, &res);
}
