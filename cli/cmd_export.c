/* cmd_export.c - portreg export: the registry as IANA's XML (byte for byte
 * when unchanged), IANA's CSV, a services(5) file or JSON; to stdout or,
 * atomically, to a file. */
#include "cmd.h"

#include <string.h>

static const struct cli_opt opts[] = {
    {"format", 'f', "FORMAT", "xml (default), csv, services or json"},
    {"output", 'o', "FILE", "write FILE atomically instead of stdout ('-': stdout)"},
    {"protocols", 0, "LIST", "services: only these transports, e.g. tcp,udp"},
    {"expand-ranges", 0, NULL, "services: one line per port of a range"},
    {NULL, 0, NULL, NULL},
};

int cmd_export(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    struct pr_export_opts eo = {0};
    const char *format = "xml", *out = NULL;
    const struct pr_exporter *ex;
    pr_error err = {0};
    int o;

    cli_parser_init(&p, "export", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: format = p.value; break;
        case 1: out = p.value; break;
        case 2: eo.protocols = p.value; break;
        case 3: eo.expand_ranges = 1; break;
        case CLI_POS:
            cli_errorf("export: unexpected argument '%s' (use -o FILE)", p.value);
            return EXIT_ERROR;
        case CLI_HELP:
            cli_usage(stdout, "portreg export [--format FORMAT] [-o FILE]",
                      "Write the registry out.  xml is IANA's format: a registry imported and\n"
                      "not changed comes out byte for byte; edited and new records are written\n"
                      "in IANA's layout.  csv has IANA's columns; services is a services(5)\n"
                      "file (assigned ports, lowercase names, aliases, no duplicates); json\n"
                      "holds the registry header, records (as search --json) and people.\n"
                      "With -o the file is replaced atomically: on failure it is left as it was.",
                      opts);
            return EXIT_OK;
        default:
            return EXIT_ERROR;
        }
    }
    if (!(ex = pr_exporter_find(format))) {
        cli_errorf("export: unknown format '%s' (expected xml, csv, services or json)", format);
        return EXIT_ERROR;
    }
    if ((eo.protocols || eo.expand_ranges) && strcmp(ex->name, "services")) {
        cli_errorf("export: --protocols and --expand-ranges apply to --format services");
        return EXIT_ERROR;
    }
    int has = pr_store_has_registry(c->store, &err);
    if (has <= 0) {
        if (has == 0)
            cli_errorf("export: the database holds no registry; run 'portreg import FILE' first");
        else
            cli_error(&err);
        return EXIT_ERROR;
    }
    int to_file = out && strcmp(out, "-");
    int rc = to_file ? pr_export_file(c->store, ex, &eo, out, &err)
                     : ex->write(c->store, stdout, &eo, &err);
    if (rc) {
        /* A failing stdout is reported once, by main. */
        if (to_file || rc != PR_EIO || !ferror(stdout))
            cli_error(&err);
        return EXIT_ERROR;
    }
    return EXIT_OK;
}
