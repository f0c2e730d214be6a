/* cmd_export.c - portreg export: the registry as IANA's XML (byte for byte
 * when unchanged), IANA's CSV, a services(5) file or JSON; to stdout or,
 * atomically, to a file. */
#include "cmd.h"
#include "edit_cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *format, *out, *all;
static struct pr_export_opts eo;
static struct cli_strings local;
static int check, width = -1;

static const char *format_values(size_t i)
{
    const struct pr_exporter *const *ex = pr_exporters();
    for (; *ex && i; ex++, i--)
        ;
    return *ex ? (*ex)->name : NULL;
}

static const struct cli_option options[] = {
    CLI_OPT_CHOICE('f', "format", &format, "FORMAT", format_values,
                   "xml (default), csv, services or json"),
    CLI_OPT_STRING(0, "all", &all, "DIR",
                   "write every format and SHA256SUMS into the folder DIR,\n"
                   "as one set (a new folder renamed into place)"),
    CLI_OPT_STRING('o', "output", &out, "FILE",
                   "write FILE atomically instead of stdout ('-': stdout)"),
    CLI_OPT_CHOICE(0, "protocols", &eo.protocols, "LIST", cli_values_transport,
                   "services: only these transports, e.g. tcp,udp"),
    CLI_OPT_BOOL(0, "expand-ranges", &eo.expand_ranges, "services: one line per port of a range"),
    CLI_OPT_STRING_LIST(0, "local", &local, "FILE",
                        "services: local lines (services(5)) placed so that glibc\n"
                        "answers with them; repeatable, a later file wins"),
    CLI_OPT_INT(0, "width", &width, "N", 0, 65535,
                "services: cut comments so no line is longer than N bytes\n"
                "(127 fits musl); with --check: the width checked"),
    CLI_OPT_BOOL(0, "check", &check,
                 "services: report what glibc would never answer (shadowed\n"
                 "names and ports), long lines and names left out; exit 1\n"
                 "when any (the report replaces the file on stdout)"),
    CLI_OPT_END
};

const struct cli_spec cmd_export_spec = {
    "portreg export [--format FORMAT] [-o FILE]\n"
    "       portreg export --format services [--local FILE]... [--width N] [--check] [-o FILE]\n"
    "       portreg export --all DIR [--local FILE]... [--width N]",
    "Write the registry out.  xml is IANA's format: a registry imported and\n"
    "not changed comes out byte for byte; edited and new records are written\n"
    "in IANA's layout.  csv has IANA's columns; services is a services(5)\n"
    "file (assigned ports, lowercase names, aliases, no duplicates); json\n"
    "holds the registry header, records (as search --json) and people.\n"
    "With -o the file is replaced atomically: on failure it is left as it was.\n"
    "services takes local policy: --local FILE lines (entries IANA lacks, the\n"
    "name preferred on a port) go before every registry line with their port\n"
    "and transport or one of their names, so that getservbyport and\n"
    "getservbyname answer with them (docs/formats.md).  --all DIR writes\n"
    "service-names-port-numbers.xml, .csv and .json, services and SHA256SUMS;\n"
    "two runs give the same bytes, and with SOURCE_DATE_EPOCH set the files'\n"
    "times are that date.  DIR may exist when it is empty or holds a set.",
    options, NULL, NULL,
};

/* --check: what glibc and musl would make of the services export. */
static int check_export(pr_store *s)
{
    struct cli_check items = {0};
    struct pr_check_counts counts;
    pr_error err = {0};
    int w = width >= 0 ? width : PR_CHECK_WIDTH;
    int rc = pr_services_check_export(s, &eo, w, cli_check_collect, &items, &counts, &err);
    if (rc) {
        if (items.oom)
            cli_errorf("export: out of memory");
        else
            cli_error_opts(&err, options);
        cli_check_release(&items);
        return EXIT_ERROR;
    }
    if (cli_check_print_text(&items, w, 0))
        putchar('\n');
    printf("%ld lines: ", counts.lines);
    cli_check_summary(&counts, w);
    putchar('\n');
    cli_check_release(&items);
    return counts.shadowed_names || counts.shadowed_ports || counts.long_lines ||
                   counts.unreadable
               ? EXIT_NOMATCH
               : EXIT_OK;
}

static int export_all(struct cli *c)
{
    pr_error err = {0};
    /* A signal midway: main's handler removes the temporary folder
     * (pr_temp_cleanup). */
    int rc = pr_export_all(c->store, all, &eo, &err);
    if (rc) {
        cli_error_opts(&err, options);
        return EXIT_ERROR;
    }
    return EXIT_OK;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
    const struct pr_exporter *ex;
    pr_error err = {0};

    if (argc > 1) {
        cli_errorf("export: unexpected argument '%s' (use -o FILE)", argv[1]);
        return EXIT_ERROR;
    }
    if (all && (format || out || check)) {
        cli_errorf("export: --all writes every format into its folder; it takes no --format, "
                   "-o or --check");
        return EXIT_ERROR;
    }
    if (all && !*all) {
        cli_errorf("export: --all needs a folder");
        return EXIT_ERROR;
    }
    if (!(ex = pr_exporter_find(all ? "services" : format ? format : "xml"))) {
        cli_errorf("export: unknown format '%s' (expected xml, csv, services or json)", format);
        return EXIT_ERROR;
    }
    if ((eo.protocols || eo.expand_ranges || local.n || width >= 0 || check) &&
        strcmp(ex->name, "services")) {
        cli_errorf("export: --protocols, --expand-ranges, --local, --width and --check apply to "
                   "--format services");
        return EXIT_ERROR;
    }
    eo.local = local.v;
    eo.n_local = local.n;
    eo.width = width > 0 ? width : 0;
    if (c->env && c->env->has_source_date) {
        eo.use_source_date = 1;
        eo.source_date_epoch = c->env->source_date_epoch;
    }
    /* A database without a registry was refused at open (the command
     * needs one). */
    eo.test_delay_ms = c->env ? c->env->export_delay_ms : 0;
    if (all)
        return export_all(c);
    int to_file = out && strcmp(out, "-");
    if (check && !to_file)
        return check_export(c->store);
    int rc = to_file ? pr_export_file(c->store, ex, &eo, out, &err)
                     : ex->write(c->store, stdout, &eo, &err);
    if (rc) {
        /* A failing stdout is reported once, by main. */
        if (to_file || rc != PR_EIO || !ferror(stdout))
            cli_error_opts(&err, options);
        return EXIT_ERROR;
    }
    return check ? check_export(c->store) : EXIT_OK;
}
