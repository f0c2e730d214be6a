/* cmd.h - the subcommands.  Adding one:
 *  - cli/cmd_foo.c with int cmd_foo(struct cli *c, int argc, char **argv)
 *    and const struct cli_spec cmd_foo_spec: the usage line, the
 *    description, and a static option table binding each option to a
 *    static variable (cli.h: CLI_OPT_BOOL, CLI_OPT_STRING, CLI_OPT_INT...);
 *  - declare both here;
 *  - add {"foo", cmd_foo, CMD_..., "summary", &cmd_foo_spec} to the sorted
 *    table in cli/main.c.  The dispatcher parses the options into the
 *    variables (and prints --help) before it opens the database; cmd_foo
 *    gets only the operands: argv[0] is the command name, argv[1..argc-1]
 *    the positional arguments;
 *  - add good and bad tests/cli/foo-* cases;
 *  - write docs/man/portreg-foo.1 (every option under OPTIONS, examples
 *    that run: tests/man) and list it in docs/man/portreg.1.
 * `portreg --list-options` lists every command's options from the tables;
 * shell completion (cmd_completion.c) is generated from them. */
#ifndef PORTREG_CMD_H
#define PORTREG_CMD_H

#include "cli.h"

/* A row of the command table in main.c.  Commands sharing a function
 * (assign/reuse, deassign/revoke) have a spec each; argv[0] tells the
 * function which. */
struct command {
    const char *name;
    int (*fn)(struct cli *c, int argc, char **argv);
    int flags; /* which database the dispatcher opens (main.c) */
    const char *summary;
    const struct cli_spec *spec; /* synopsis, options and --help */
};
/* The command table, sorted by name (*n rows); the options taken before
 * the command; --db, taken after it too.  Shell completion walks them. */
const struct command *cli_commands(size_t *n);
const struct cli_option *cli_global_options(void);
const struct cli_option *cli_db_option(void);

int cmd_assign(struct cli *c, int argc, char **argv); /* also reuse */
int cmd_audit(struct cli *c, int argc, char **argv);
int cmd_compare(struct cli *c, int argc, char **argv);
int cmd_completion(struct cli *c, int argc, char **argv);
int cmd_deassign(struct cli *c, int argc, char **argv); /* also revoke */
int cmd_diff(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_free(struct cli *c, int argc, char **argv);
int cmd_history(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_modify(struct cli *c, int argc, char **argv);
int cmd_person(struct cli *c, int argc, char **argv);
int cmd_reserve(struct cli *c, int argc, char **argv);
int cmd_review(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_stats(struct cli *c, int argc, char **argv);
int cmd_tui(struct cli *c, int argc, char **argv);
int cmd_undo(struct cli *c, int argc, char **argv);
int cmd_update(struct cli *c, int argc, char **argv);

extern const struct cli_spec cmd_assign_spec, cmd_audit_spec, cmd_compare_spec, cmd_completion_spec,
    cmd_deassign_spec, cmd_diff_spec, cmd_export_spec, cmd_free_spec, cmd_history_spec,
    cmd_import_spec, cmd_modify_spec, cmd_person_spec, cmd_reserve_spec, cmd_reuse_spec,
    cmd_review_spec, cmd_revoke_spec, cmd_search_spec, cmd_show_spec, cmd_stats_spec,
    cmd_tui_spec, cmd_undo_spec, cmd_update_spec;

#endif
