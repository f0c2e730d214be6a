/* cmd.h - the subcommands.  Adding one: cli/cmd_foo.c with
 * int cmd_foo(struct cli *c, int argc, char **argv) and a static option
 * table that also prints --help; declare it here; add a row to the sorted
 * table in cli/main.c (flags make the dispatcher open the database); add
 * tests/cli/foo-* cases and a README tour entry. */
#ifndef PORTREG_CMD_H
#define PORTREG_CMD_H

#include "cli.h"

int cmd_assign(struct cli *c, int argc, char **argv); /* also reuse */
int cmd_audit(struct cli *c, int argc, char **argv);
int cmd_compare(struct cli *c, int argc, char **argv);
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

#endif
