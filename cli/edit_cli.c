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

int cli_parse_port(const char *cmd, const char *s, int *port)
{
    int lo, hi;
    if (pr_parse_port_range(s, &lo, &hi) || lo != hi) {
        cli_errorf("%s: invalid port '%s' (expected a number 0-65535)", cmd, s);
        return -1;
    }
    *port = lo;
    return 0;
}
