/* edit_cli.h - shared by the editing subcommands (assign, modify, deassign,
 * revoke, reuse, reserve, person, undo): report a procedure's outcome. */
#ifndef PORTREG_EDIT_CLI_H
#define PORTREG_EDIT_CLI_H

#include "cli.h"
#include "edit.h"

/* rc from a pr_edit_* call: print "change N: summary" or the error; return
 * the exit status. */
int cli_edit_finish(int rc, const pr_error *err, const struct pr_edit_result *res);

#endif
