/* cmd_tui.c - portreg tui: the terminal user interface (tui/). */
#include "cmd.h"
#ifdef PORTREG_HAVE_TUI
#include "tui.h"
#endif

#include <stdlib.h>

static int review;

static const struct cli_option options[] = {
    CLI_OPT_BOOL('r', "review", &review, "open the review queue on the request files given"),
    CLI_OPT_END
};

const struct cli_spec cmd_tui_spec = {
    "portreg tui [--review FILE...]",
    "Browse the registry in the terminal: the list of every record, '/' to\n"
    "search as you type (ports, service names, words, as 'portreg search'),\n"
    "Enter for a record's details, 'm' for the port map, '?' for every key,\n"
    "Esc to go back, 'q' to quit; 'e' edits a service, 'a' assigns one, 'd'\n"
    "de-assigns one (RFC 6335 §8).  In a form typing edits the selected\n"
    "field, F2 or Ctrl-S shows the changes and saves them after 'y', Esc\n"
    "cancels; each save is one recorded change, refused when another process\n"
    "changed the service since the form opened.  The screens follow other\n"
    "processes' changes.  --review opens the review queue on allocation\n"
    "requests (docs/request-format.md) to approve, reject or skip; decisions\n"
    "are recorded and shown again.  NO_COLOR turns colours off.\n"
    "PORTREG_TUI_TIMING=FILE appends the time from each key to the redrawn\n"
    "screen to FILE.",
    options, "[FILE...]", NULL,
};

int cmd_tui(struct cli *c, int argc, char **argv)
{
    const char **files = (const char **)argv + 1;
    size_t n_files = (size_t)argc - 1;

    if (n_files && !review) {
        cli_errorf("tui: unexpected argument '%s' (see 'portreg tui --help')", argv[1]);
        return EXIT_ERROR;
    }
    if (review && !n_files) {
        cli_errorf("tui: --review needs request files (see 'portreg tui --help')");
        return EXIT_ERROR;
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
        return EXIT_ERROR;
    }
    return EXIT_OK;
#else
    (void)c;
    (void)files;
    cli_errorf("tui: this portreg was built without ncursesw");
    return EXIT_ERROR;
#endif
}
