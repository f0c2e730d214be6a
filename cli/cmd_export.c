/* cmd_export.c - portreg export: the registry as IANA's XML (byte for byte
 * when unchanged), IANA's CSV, a services(5) file or JSON; to stdout or,
 * atomically, to a file. */
#include "cmd.h"

#include <string.h>

static const char *format = "xml", *out;
static struct pr_export_opts eo;

static const struct cli_option options[] = {
    CLI_OPT_STRING('f', "format", &format, "FORMAT", "xml (default), csv, services or json"),
    CLI_OPT_STRING('o', "output", &out, "FILE",
                   "write FILE atomically instead of stdout ('-': stdout)"),
    CLI_OPT_STRING(0, "protocols", &eo.protocols, "LIST",
                   "services: only these transports, e.g. tcp,udp"),
    CLI_OPT_BOOL(0, "expand-ranges", &eo.expand_ranges, "services: one line per port of a range"),
    CLI_OPT_END
};

const struct cli_spec cmd_export_spec = {
    "portreg export [--format FORMAT] [-o FILE]",
    "Write the registry out.  xml is IANA's format: a registry imported and\n"
    "not changed comes out byte for byte; edited and new records are written\n"
    "in IANA's layout.  csv has IANA's columns; services is a services(5)\n"
    "file (assigned ports, lowercase names, aliases, no duplicates); json\n"
    "holds the registry header, records (as search --json) and people.\n"
    "With -o the file is replaced atomically: on failure it is left as it was.",
    options, NULL, NULL,
};

int cmd_export(struct cli *c, int argc, char **argv)
{
    const struct pr_exporter *ex;
    pr_error err = {0};

    if (argc > 1) {
        cli_errorf("export: unexpected argument '%s' (use -o FILE)", argv[1]);
        return EXIT_ERROR;
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
    eo.test_delay_ms = c->env->export_delay_ms;
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
