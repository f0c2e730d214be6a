/* cmd_import.c - portreg import: load a registry file into the database. */
#include "cmd.h"
#include "edit_cli.h"

#include <string.h>

static const char *format;
static int replace, force;

/* The --format names: each reader's name and short alias. */
static const char *format_values(size_t i)
{
    for (const struct pr_importer *const *im = pr_importers(); *im; im++) {
        if (i-- == 0)
            return (*im)->name;
        if ((*im)->alias && i-- == 0)
            return (*im)->alias;
    }
    return NULL;
}

static const struct cli_option options[] = {
    CLI_OPT_CHOICE('f', "format", &format, "FORMAT", format_values,
                   "iana-xml (xml), csv, services or nmap-services; default: "
                   "guessed from the content"),
    CLI_OPT_BOOL(0, "replace", &replace, "swap the registry already in the database for this one"),
    CLI_OPT_BOOL(0, "force", &force, "with --replace: even over local edits, or with fewer than "
                 "half as many records"),
    CLI_OPT_END
};

const struct cli_spec cmd_import_spec = {
    "portreg import [--format FORMAT] [--replace [--force]] FILE",
    "Load a file into the database, in one transaction: on any error the\n"
    "database is left as it was.  IANA's registry XML or CSV, or a\n"
    "services(5) file (best in a database of its own: --db), becomes the\n"
    "registry; a database that already holds one is only replaced with\n"
    "--replace, which refuses to drop local edits (undo cannot bring them\n"
    "back) or to put a file with fewer than half as many records in its\n"
    "place unless --force.  IANA's XML must be the port registry (id\n"
    "service-names-port-numbers).  nmap-services adds usage frequencies\n"
    "per port/transport beside the registry (search --json and show then\n"
    "report them) and replaces only an earlier nmap-services import.\n"
    "Without --format the format is guessed from the content and the\n"
    "guess is reported.",
    options, "FILE", NULL,
};

int cmd_import(struct cli *c, int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : NULL;
    int flags = (replace ? PR_IMPORT_REPLACE : 0) | (force ? PR_IMPORT_FORCE : 0);
    if (argc > 2) {
        cli_errorf("import: one file at a time");
        return EXIT_ERROR;
    }
    if (!file) {
        cli_errorf("import: which file? (see 'portreg import --help')");
        return EXIT_ERROR;
    }
    struct pr_import_result res;
    pr_error err = {0};
    if (pr_import_file(c->store, file, format, flags, &res, &err)) {
        cli_error_opts(&err, options);
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
