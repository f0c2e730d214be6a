/* cmd_tui.c - portreg tui: the terminal user interface (tui/). */
#include "cmd.h"
#ifdef PORTREG_HAVE_TUI
#include "tui.h"
#endif

#include <stdlib.h>

static const struct cli_opt opts[] = {
    {"review", 'r', NULL, "open the review queue on the request files given"},
    {NULL, 0, NULL, NULL},
};

int cmd_tui(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t n_files = 0;
    int o, review = 0, rc = EXIT_ERROR;

    if (!files) {
        cli_errorf("tui: out of memory");
        return EXIT_ERROR;
    }
    cli_parser_init(&p, "tui", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0:
            review = 1;
            break;
        case CLI_HELP:
            cli_usage(stdout, "portreg tui [--review FILE...]",
                      "Browse the registry in the terminal: the list of every record, '/' to\n"
                      "search as you type (ports, service names, words, as 'portreg search'),\n"
                      "Enter for a record's details, 'm' for the port map, '?' for every key,\n"
                      "Esc to go back, 'q' to quit; 'e' edits a service, 'a' assigns one, 'd'\n"
                      "de-assigns one (RFC 6335 §8), each save one recorded change.  --review\n"
                      "opens the review queue on allocation requests (docs/request-format.md)\n"
                      "to approve, reject or skip.  NO_COLOR turns colours off.\n"
                      "PORTREG_TUI_TIMING=FILE appends the time from each key to the redrawn\n"
                      "screen to FILE.",
                      opts);
            rc = EXIT_OK;
            goto out;
        case CLI_POS:
            if (!review) {
                cli_errorf("tui: unexpected argument '%s' (see 'portreg tui --help')", p.value);
                goto out;
            }
            files[n_files++] = p.value;
            break;
        default:
            goto out;
        }
    }
    if (review && !n_files) {
        cli_errorf("tui: --review needs request files (see 'portreg tui --help')");
        goto out;
    }
#ifdef PORTREG_HAVE_TUI
    struct tui_options to = {0};
    pr_error err = {0};
    to.timing_log = getenv("PORTREG_TUI_TIMING");
    to.review_files = files;
    to.n_review = n_files;
    if (to.timing_log && !*to.timing_log)
        to.timing_log = NULL;
    if (tui_run(c->store, &to, &err)) {
        cli_error(&err);
        goto out;
    }
    rc = EXIT_OK;
#else
    (void)c;
    cli_errorf("tui: this portreg was built without ncursesw");
#endif
out:
    free((void *)files);
    return rc;
}
