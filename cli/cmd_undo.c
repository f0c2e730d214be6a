/* cmd_undo.c - portreg undo: revert a recorded change as a new change
 * (pr_history_undo). */
#include "cmd.h"
#include "edit_cli.h"

#include <limits.h>

static int force;

static const struct cli_option undo_options[] = {
    CLI_OPT_BOOL(0, "force", &force, "undo even when later changes touched the same rows"),
    CLI_OPT_DRY_RUN,
    CLI_OPT_END
};

const struct cli_spec cmd_undo_spec = {
    "portreg undo [CHANGE-ID] [--force]",
    "Revert a change (default: the latest one not undone) as a new recorded\n"
    "change.  Refuses when a later change touched the same records or\n"
    "people, unless --force.",
    undo_options, "[CHANGE-ID]", NULL,
};

int cmd_undo(struct cli *c, int argc, char **argv)
{
    long id = 0;
    for (int i = 1; i < argc; i++) {
        if (pr_parse_long(argv[i], 1, LONG_MAX, &id)) {
            cli_errorf("undo: invalid change id '%s' (expected a number 1-%ld)", argv[i],
                       LONG_MAX);
            return EXIT_ERROR;
        }
    }
    pr_error err = {0};
    struct pr_edit_result res;
    cli_edit_start(c);
    return cli_edit_finish(pr_history_undo(c->store, id, force, &res, &err), &err, &res,
                           undo_options);
}
