/* edit_cli.c - helpers of the editing subcommands. */
#include "edit_cli.h"

int cli_edit_finish(int rc, const pr_error *err, const struct pr_edit_result *res)
{
    if (rc) {
        cli_error(err);
        return EXIT_ERROR;
    }
    printf("change %lld: %s\n", res->change_id, res->summary);
    return EXIT_OK;
}
