/* main.c - portreg's entry point: global options, the command table and the
 * dispatcher that opens the database for each command.
 *
 * Adding a subcommand: see cmd.h. */
#include "cmd.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    CMD_NO_DB = 0,
    CMD_DB_READ = 1,   /* needs an existing database, opened read-only */
    CMD_DB_CREATE = 2, /* creates the database if absent */
    CMD_DB_WRITE = 4,  /* needs an existing database, opened read-write */
    CMD_DATA_OUT = 8,  /* prints a data format: through the output gate only
                          when stdout is a terminal (a file gets the bytes) */
    CMD_SCREEN = 16,   /* draws the screen itself (the TUI gates its text) */
    CMD_NO_REGISTRY = 32 /* works on a database without a registry (history) */
};

struct command {
    const char *name;
    int (*fn)(struct cli *c, int argc, char **argv);
    int flags;
    const char *summary;
};

/* Sorted by name. */
static const struct command commands[] = {
    {"assign", cmd_assign, CMD_DB_WRITE, "assign a service name and port (RFC 6335 §8.1)"},
    {"audit", cmd_audit, CMD_DB_READ, "run the registry-level rules over every existing assignment"},
    {"compare", cmd_compare, CMD_DB_READ, "check a services file (/etc/services) against the registry"},
    {"deassign", cmd_deassign, CMD_DB_WRITE, "de-assign a service's ports (RFC 6335 §8.2)"},
    {"diff", cmd_diff, CMD_NO_DB, "what changed between two registry releases (or @db)"},
    {"export", cmd_export, CMD_DB_READ | CMD_DATA_OUT, "write the registry as IANA XML, CSV, services(5) or JSON"},
    {"free", cmd_free, CMD_DB_READ, "list unassigned ports"},
    {"history", cmd_history, CMD_DB_READ | CMD_NO_REGISTRY, "every recorded change, with before and after"},
    {"import", cmd_import, CMD_DB_CREATE, "load IANA's registry (XML, CSV), a services file or nmap-services"},
    {"modify", cmd_modify, CMD_DB_WRITE, "change an assignment's details (RFC 6335 §8.6)"},
    {"person", cmd_person, CMD_DB_WRITE, "add or change a person"},
    {"reserve", cmd_reserve, CMD_DB_WRITE, "mark an unassigned port Reserved"},
    {"reuse", cmd_assign, CMD_DB_WRITE, "give a de-assigned port to a new service (RFC 6335 §8.3)"},
    {"review", cmd_review, CMD_DB_READ, "review allocation requests against RFC 6335 / RFC 7605 rules"},
    {"revoke", cmd_deassign, CMD_DB_WRITE, "revoke an assignment (RFC 6335 §8.4)"},
    {"search", cmd_search, CMD_DB_READ, "find assignments by port, name, words, assignee, reference"},
    {"show", cmd_show, CMD_DB_READ, "everything about a service name or a port"},
    {"stats", cmd_stats, CMD_DB_READ, "counts of records, people and ports per range"},
    {"tui", cmd_tui, CMD_DB_WRITE | CMD_SCREEN, "browse, search, edit and review in the terminal"},
    {"undo", cmd_undo, CMD_DB_WRITE, "revert a recorded change"},
    {"update", cmd_update, CMD_DB_CREATE, "download IANA's registry and replace it when it changed"},
};

static void usage(FILE *f)
{
    fputs("usage: portreg [--db PATH] COMMAND [ARGS]\n"
          "\n"
          "Search, review, edit and publish IANA's Service Name and Transport\n"
          "Protocol Port Number Registry (RFC 6335).\n"
          "\n"
          "commands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "options:\n"
          "  --db PATH   the database (default: $PORTREG_DB, else\n"
          "              $XDG_DATA_HOME/portreg/registry.db, else\n"
          "              ~/.local/share/portreg/registry.db)\n"
          "  --version   print the version\n"
          "  -h, --help  show this help; 'portreg COMMAND --help' for a command\n"
          "\n"
          "exit status: 0 ok; 1 no match, differences or concerns; 2 error;\n"
          "3 review found a request to reject.\n", f);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    struct cli c = {.prog = "portreg"};
    const char *db = NULL;
    char *db_alloc = NULL;
    int i = 1, rc;

    /* Past a file size limit (ulimit -f) writes fail with EFBIG and the
     * command reports it and rolls back, instead of being killed midway. */
    signal(SIGXFSZ, SIG_IGN);

    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db")) {
            if (++i >= argc) {
                cli_errorf("option '--db' needs a value PATH");
                return EXIT_ERROR;
            }
            db = argv[i];
        } else if (!strncmp(a, "--db=", 5)) {
            db = a + 5;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--version")) {
            printf("portreg %s\n", pr_version());
            return EXIT_OK;
        } else {
            cli_errorf("unknown option '%s' (see 'portreg --help')", a);
            return EXIT_ERROR;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_ERROR;
    }
    const char *name = argv[i];
    if (!strcmp(name, "help")) {
        if (i + 1 >= argc) {
            usage(stdout);
            return EXIT_OK;
        }
        const struct command *cmd = find_command(argv[i + 1]);
        if (!cmd) {
            cli_errorf("unknown command '%s' (see 'portreg --help')", argv[i + 1]);
            return EXIT_ERROR;
        }
        char *hargv[] = {argv[i + 1], (char *)"--help", NULL};
        return cmd->fn(&c, 2, hargv);
    }
    const struct command *cmd = find_command(name);
    if (!cmd) {
        cli_errorf("unknown command '%s' (see 'portreg --help')", name);
        return EXIT_ERROR;
    }
    /* --help never needs the database. */
    int wants_help = 0;
    for (int j = i + 1; j < argc && strcmp(argv[j], "--"); j++)
        wants_help |= !strcmp(argv[j], "--help") || !strcmp(argv[j], "-h");
    if (!db)
        db = db_alloc = pr_store_default_path();
    c.db_path = db;
    /* Database text, file names and arguments reach the terminal only
     * through the gate (docs/security.md). */
    if (!(cmd->flags & CMD_SCREEN) && (!(cmd->flags & CMD_DATA_OUT) || isatty(STDOUT_FILENO)))
        cli_out_gate();
    if ((cmd->flags & (CMD_DB_READ | CMD_DB_CREATE | CMD_DB_WRITE)) && !wants_help) {
        pr_error err = {0};
        int oflags = cmd->flags & CMD_DB_CREATE ? PR_STORE_CREATE
                   : cmd->flags & CMD_DB_WRITE ? 0 : PR_STORE_READONLY;
        /* Reading an empty registry would answer "clean" and "free" for
         * every port. */
        if (!(cmd->flags & (CMD_DB_CREATE | CMD_NO_REGISTRY)))
            oflags |= PR_STORE_NEED_REGISTRY;
        if (pr_store_open(&c.store, db, oflags, &err)) {
            cli_error(&err);
            rc = EXIT_ERROR;
            goto out;
        }
    }
    rc = cmd->fn(&c, argc - i, argv + i);
out:
    /* A database exists once an import succeeded: a failed first import
     * or update leaves no file behind. */
    if (rc != EXIT_OK)
        pr_store_discard(c.store);
    else
        pr_store_free(c.store);
    free(db_alloc);
    if (cli_out_finish() != 0) {
        cli_errorf("cannot write output");
        return EXIT_ERROR;
    }
    return rc;
}
