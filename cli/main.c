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

/* Sorted by name. */
static const struct command commands[] = {
    {"assign", cmd_assign, CMD_DB_WRITE, "assign a service name and port (RFC 6335 §8.1)", &cmd_assign_spec},
    {"audit", cmd_audit, CMD_DB_READ, "run the registry-level rules over every existing assignment", &cmd_audit_spec},
    {"completion", cmd_completion, CMD_NO_DB, "print the shell completion script for bash, zsh or fish", &cmd_completion_spec},
    {"compare", cmd_compare, CMD_DB_READ, "check a services file (/etc/services) against the registry", &cmd_compare_spec},
    {"deassign", cmd_deassign, CMD_DB_WRITE, "de-assign a service's ports (RFC 6335 §8.2)", &cmd_deassign_spec},
    {"diff", cmd_diff, CMD_NO_DB, "what changed between two registry releases (or @db)", &cmd_diff_spec},
    {"export", cmd_export, CMD_DB_READ | CMD_DATA_OUT, "write the registry as IANA XML, CSV, services(5) or JSON", &cmd_export_spec},
    {"free", cmd_free, CMD_DB_READ, "list unassigned ports", &cmd_free_spec},
    {"history", cmd_history, CMD_DB_READ | CMD_NO_REGISTRY, "every recorded change, with before and after", &cmd_history_spec},
    {"import", cmd_import, CMD_DB_CREATE, "load IANA's registry (XML, CSV), a services file or nmap-services", &cmd_import_spec},
    {"modify", cmd_modify, CMD_DB_WRITE, "change an assignment's details (RFC 6335 §8.6)", &cmd_modify_spec},
    {"person", cmd_person, CMD_DB_WRITE, "add or change a person", &cmd_person_spec},
    {"reserve", cmd_reserve, CMD_DB_WRITE, "mark an unassigned port Reserved", &cmd_reserve_spec},
    {"reuse", cmd_assign, CMD_DB_WRITE, "give a de-assigned port to a new service (RFC 6335 §8.3)", &cmd_reuse_spec},
    {"review", cmd_review, CMD_DB_READ, "review allocation requests against RFC 6335 / RFC 7605 rules", &cmd_review_spec},
    {"revoke", cmd_deassign, CMD_DB_WRITE, "revoke an assignment (RFC 6335 §8.4)", &cmd_revoke_spec},
    {"search", cmd_search, CMD_DB_READ, "find assignments by port, name, words, assignee, reference", &cmd_search_spec},
    {"show", cmd_show, CMD_DB_READ, "everything about a service name or a port", &cmd_show_spec},
    {"stats", cmd_stats, CMD_DB_READ, "counts of records, people and ports per range", &cmd_stats_spec},
    {"tui", cmd_tui, CMD_DB_WRITE | CMD_SCREEN, "browse, search, edit and review in the terminal", &cmd_tui_spec},
    {"undo", cmd_undo, CMD_DB_WRITE, "revert a recorded change", &cmd_undo_spec},
    {"update", cmd_update, CMD_DB_CREATE, "download IANA's registry and replace it when it changed", &cmd_update_spec},
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

/* Options before the command.  --db is also taken after it (db_option):
 * no command has an option of that name. */
static const char *db;
static int show_version, list_options, list_commands;

#define DB_HELP "the database (default: $PORTREG_DB, else\n" \
                "$XDG_DATA_HOME/portreg/registry.db, else\n" \
                "~/.local/share/portreg/registry.db)"

static const struct cli_option db_option[] = {
    CLI_OPT_STRING(0, "db", &db, "PATH", DB_HELP),
    CLI_OPT_END
};

static const struct cli_option global_options[] = {
    CLI_OPT_STRING(0, "db", &db, "PATH", DB_HELP ";\nalso after the command"),
    CLI_OPT_BOOL('V', "version", &show_version, "print the version"),
    CLI_OPT_END
};

/* Not in --help: for shell completion and man-page checks (HACKING.md). */
static const struct cli_option internal_options[] = {
    CLI_OPT_BOOL(0, "list-options", &list_options, "every command's options, tab-separated"),
    CLI_OPT_BOOL(0, "list-commands", &list_commands, "every command, tab-separated"),
    CLI_OPT_END
};

static void list_commands_more(FILE *f)
{
    fputs("\ncommands:\n", f);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

static const struct cli_spec global_spec = {
    "portreg [--db PATH] COMMAND [ARGS]",
    "Search, review, edit and publish IANA's Service Name and Transport\n"
    "Protocol Port Number Registry (RFC 6335).",
    global_options, "COMMAND [ARGS]", list_commands_more,
};

static void usage(FILE *f)
{
    cli_help(f, &global_spec);
    fputs("'portreg COMMAND --help' shows a command's options.\n"
          "\n"
          "exit status: 0 ok; 1 no match, differences or concerns; 2 error;\n"
          "3 review found a request to reject.\n", f);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* portreg --list-options: "COMMAND TAB --LONG TAB ARG TAB -S TAB HELP" for
 * the global options (as command "portreg") and every command's, then
 * --db under each command. */
static void print_option_list(void)
{
    cli_list_options(stdout, "portreg", global_options);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        cli_list_options(stdout, commands[i].name, commands[i].spec->options);
        cli_list_options(stdout, commands[i].name, db_option);
    }
}

/* portreg --list-commands: "COMMAND TAB OPERANDS TAB SUMMARY". */
static void print_command_list(void)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        printf("%s\t%s\t%s\n", commands[i].name,
               commands[i].spec->operands ? commands[i].spec->operands : "",
               commands[i].summary);
}

/* The global options, up to the command: the index of the command word,
 * or -1 with *rc set when there is nothing more to do. */
static int global_args(int argc, char **argv, int *rc)
{
    int i = cli_parse(NULL, &global_spec, internal_options, argc, argv,
                      CLI_PARSE_STOP_AT_OPERAND);
    *rc = EXIT_OK;
    if (i == CLI_PARSE_HELP) {
        usage(stdout);
        return -1;
    }
    if (i == CLI_PARSE_ERR) {
        *rc = EXIT_ERROR;
        return -1;
    }
    if (show_version) {
        printf("portreg %s\n", pr_version());
        return -1;
    }
    if (list_options || list_commands) {
        if (i < argc) {
            cli_errorf("unexpected argument '%s'", argv[i]);
            *rc = EXIT_ERROR;
        } else if (list_options) {
            print_option_list();
        } else {
            print_command_list();
        }
        return -1;
    }
    if (i >= argc) {
        usage(stderr);
        *rc = EXIT_ERROR;
        return -1;
    }
    return i;
}

const struct command *cli_commands(size_t *n)
{
    *n = N_COMMANDS;
    return commands;
}

const struct cli_option *cli_global_options(void)
{
    return global_options;
}

const struct cli_option *cli_db_option(void)
{
    return db_option;
}

/* portreg help [COMMAND] */
static int help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return EXIT_OK;
    }
    const struct command *cmd = find_command(argv[1]);
    if (!cmd) {
        cli_errorf("unknown command '%s' (see 'portreg --help')", argv[1]);
        return EXIT_ERROR;
    }
    cli_help(stdout, cmd->spec);
    return EXIT_OK;
}

/* SIGINT, SIGTERM, SIGHUP, SIGQUIT: remove the temporary files and folders
 * the library is writing (an export's, an export --all's folder, an
 * update's download, a database a first import creates), then die of the
 * signal as before (the shell sees 130, 143).  The one handler for every
 * command but the TUI. */
static void on_signal(int sig)
{
    /* A change is saved only with its report (pr_temp_hold_commits): a
     * signal before it leaves the database as it was. */
    static const char before[] = "portreg: interrupted: the database is as it was\n";
    static const char after[] = "portreg: interrupted after the change reported above was saved\n";
    if (pr_temp_committed())
        (void)!write(STDERR_FILENO, after, sizeof after - 1);
    else
        (void)!write(STDERR_FILENO, before, sizeof before - 1);
    pr_temp_cleanup();
    raise(sig); /* SA_RESETHAND: the default action, once the handler returns */
}

static void catch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    pr_temp_hold_commits();
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        /* A signal ignored when we started (nohup, a background job of a
         * script) stays ignored. */
        struct sigaction old;
        if (sigaction(sigs[i], &sa, &old) == 0 && old.sa_handler == SIG_IGN)
            sigaction(sigs[i], &old, NULL);
    }
}

/* A database the open created is a temporary file until the command
 * succeeds (pr_store_discard removes it on failure). */
static void created_files(const char *path_db, int add)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char path[4200];
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        snprintf(path, sizeof path, "%s%s", path_db, suffixes[i]);
        if (add)
            pr_temp_add(path);
        else
            pr_temp_forget(path);
    }
}

static int run(const struct command *cmd, int argc, char **argv)
{
    struct cli c = {.prog = "portreg"};
    char *db_alloc = NULL;
    int rc = EXIT_ERROR;

    struct cli_env env;
    argc = cli_parse(cmd->name, cmd->spec, db_option, argc, argv, 0);
    if (argc == CLI_PARSE_HELP) {
        cli_help(stdout, cmd->spec);
        rc = EXIT_OK;
        goto out;
    }
    if (argc == CLI_PARSE_ERR || cli_env_read(&env))
        goto out;
    if (!db && !(db = db_alloc = cli_default_db_path())) {
        cli_errorf("out of memory");
        goto out;
    }
    c.db_path = db;
    c.env = &env;
    if (env.busy_ms >= 0)
        pr_store_set_busy_timeout((int)env.busy_ms);
    /* Database text, file names and arguments reach the terminal only
     * through the gate (docs/security.md). */
    if (!(cmd->flags & CMD_SCREEN) && (!(cmd->flags & CMD_DATA_OUT) || isatty(STDOUT_FILENO)))
        cli_out_gate();
    /* The TUI leaves signals to curses, which restores the terminal. */
    if (!(cmd->flags & CMD_SCREEN))
        catch_signals();
    if (cmd->flags != CMD_NO_DB) {
        pr_error err = {0};
        int oflags = cmd->flags & CMD_DB_CREATE ? PR_STORE_CREATE | PR_STORE_BUILD
                   : cmd->flags & CMD_DB_WRITE ? 0 : PR_STORE_READONLY;
        /* Reading an empty registry would answer "clean" and "free" for
         * every port. */
        if (!(cmd->flags & (CMD_DB_CREATE | CMD_NO_REGISTRY)))
            oflags |= PR_STORE_NEED_REGISTRY;
        /* Registered before the open creates it: a signal right then too
         * must not leave it. */
        int fresh = (cmd->flags & CMD_DB_CREATE) && access(db, F_OK) != 0;
        if (fresh)
            created_files(db, 1);
        if (pr_store_open(&c.store, db, oflags, &err)) {
            cli_error(&err);
            goto out;
        }
        /* Another process made it meanwhile, or it is built aside (the
         * store removes that file itself; a signal after it is put in
         * place must not remove it). */
        if (fresh && (!pr_store_created(c.store) || pr_store_building(c.store)))
            created_files(db, 0);
        if (cli_env_apply(&env, c.store))
            goto out;
    }
    rc = cmd->fn(&c, argc, argv);
    if (rc == EXIT_OK && pr_store_building(c.store)) {
        pr_error err = {0};
        if (pr_store_publish(c.store, &err)) {
            cli_error(&err);
            rc = EXIT_ERROR;
        }
    }
out:
    /* A database exists once an import succeeded: a failed first import
     * or update leaves no file behind. */
    if (rc != EXIT_OK)
        pr_store_discard(c.store);
    else
        pr_store_free(c.store);
    if (db)
        created_files(db, 0);
    cli_options_release(cmd->spec->options);
    free(db_alloc);
    return rc;
}

int main(int argc, char **argv)
{
    int i, rc;

    /* Past a file size limit (ulimit -f) writes fail with EFBIG and the
     * command reports it and rolls back, instead of being killed midway. */
    signal(SIGXFSZ, SIG_IGN);

    const struct command *cmd;
    if ((i = global_args(argc, argv, &rc)) < 0) {
        /* --help, --version, --list-*: printed, checked below */
    } else if (!strcmp(argv[i], "help")) {
        rc = help(argc - i, argv + i);
    } else if (!(cmd = find_command(argv[i]))) {
        cli_errorf("unknown command '%s' (see 'portreg --help')", argv[i]);
        return EXIT_ERROR;
    } else {
        rc = run(cmd, argc - i, argv + i);
    }
    /* Every answer is checked: a full disk or a closed file is an error. */
    int out_rc = cli_out_finish();
    /* The result is reported: a signal held since the COMMIT lands now. */
    pr_temp_commit_reported();
    if (out_rc != 0) {
        cli_errorf("cannot write output");
        return EXIT_ERROR;
    }
    return rc;
}
