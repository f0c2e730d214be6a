/* edit_cli.h - shared by the editing subcommands (assign, modify, deassign,
 * revoke, reuse, reserve, person, undo): --dry-run, reporting a
 * procedure's outcome, and printing a recorded change as history does. */
#ifndef PORTREG_EDIT_CLI_H
#define PORTREG_EDIT_CLI_H

#include "cli.h"
#include "edit.h"

/* --dry-run, in every editing command's option table. */
extern int cli_dry_run;
#define CLI_OPT_DRY_RUN \
    CLI_OPT_BOOL(0, "dry-run", &cli_dry_run, "show what would change (the port, the records\n" \
                 "written, the reservation); change nothing")

/* Before the procedure: with --dry-run, rehearse it (pr_edit_dry_run) and
 * print the change it would record. */
void cli_edit_start(struct cli *c);

/* rc from a pr_edit_* call: print "change N: summary", "nothing to change:
 * ..." (exit 1), the dry run's verdict, or the error (exit 2) with the
 * option for the field it names, from opts (--FIELD, else --set
 * FIELD=...).  Returns the exit status. */
int cli_edit_finish(int rc, const pr_error *err, const struct pr_edit_result *res,
                    const struct cli_option *opts);

/* A change as `portreg history` prints it: header, summary, (with_reason)
 * its reason, each row with its fields before -> after. */
void cli_print_change(const struct pr_history_change *c, int with_reason);

/* An error from the library with the option that sets its field (see
 * cli_edit_finish). */
void cli_error_opts(const pr_error *err, const struct cli_option *opts);

#endif
