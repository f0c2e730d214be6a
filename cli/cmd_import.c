/* cmd_import.c - portreg import: load a registry file into the database. */
#include "cmd.h"

#include <string.h>

static const struct cli_opt opts[] = {
    {"format", 'f', "FORMAT", "input format (xml); default: guessed from the content"},
    {"replace", 0, NULL, "swap the registry already in the database for this one"},
    {NULL, 0, NULL, NULL},
};

int cmd_import(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    const char *format = NULL, *file = NULL;
    int flags = 0, o;
    cli_parser_init(&p, "import", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: format = p.value; break;
        case 1: flags |= PR_IMPORT_REPLACE; break;
        case CLI_POS:
            if (file) {
                cli_errorf("import: one file at a time");
                return EXIT_ERROR;
            }
            file = p.value;
            break;
        case CLI_HELP:
            cli_usage(stdout, "portreg import [--format FORMAT] [--replace] FILE",
                      "Load IANA's service-names-port-numbers.xml into the database, in one\n"
                      "transaction: on any error the database is left as it was.  A database\n"
                      "that already holds a registry is only replaced with --replace.", opts);
            return EXIT_OK;
        default:
            return EXIT_ERROR;
        }
    }
    if (!file) {
        cli_errorf("import: which file? (see 'portreg import --help')");
        return EXIT_ERROR;
    }
    struct pr_import_result res;
    pr_error err = {0};
    if (pr_import_file(c->store, file, format, flags, &res, &err)) {
        cli_error(&err);
        return EXIT_ERROR;
    }
    if (res.sniffed)
        fprintf(stderr, "portreg: %s: format guessed as %s\n", file, res.importer->name);
    printf("imported %ld records and %ld people from %s into %s\n", res.records, res.people,
           file, c->db_path);
    return EXIT_OK;
}
