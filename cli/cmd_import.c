/* cmd_import.c - portreg import: load a registry file into the database. */
#include "cmd.h"

#include <string.h>

static const struct cli_opt opts[] = {
    {"format", 'f', "FORMAT", "iana-xml (xml), csv, services or nmap-services; default: "
                              "guessed from the content"},
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
                      "Load a file into the database, in one transaction: on any error the\n"
                      "database is left as it was.  IANA's registry XML or CSV, or a\n"
                      "services(5) file (best in a database of its own: --db), becomes the\n"
                      "registry; a database that already holds one is only replaced with\n"
                      "--replace.  nmap-services adds usage frequencies per port/transport\n"
                      "beside the registry (search --json and show then report them) and\n"
                      "replaces only an earlier nmap-services import.  Without --format the\n"
                      "format is guessed from the content and the guess is reported.", opts);
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
        cli_notef("%s: format guessed as %s", file, res.importer->name);
    if (res.importer->is_registry)
        printf("imported %ld records and %ld people from %s into %s\n", res.records,
               res.people, file, c->db_path);
    else
        printf("imported %ld port frequencies from %s into %s (the registry is unchanged)\n",
               res.frequencies, file, c->db_path);
    return EXIT_OK;
}
