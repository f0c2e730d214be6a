/* cmd_tui.c - portreg tui: the terminal user interface (tui/). */
#include "cmd.h"
#ifdef PORTREG_HAVE_TUI
#include "tui.h"
#endif

#include <stdlib.h>

static const struct cli_opt opts[] = {
    {NULL, 0, NULL, NULL},
};

int cmd_tui(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    int o;

    cli_parser_init(&p, "tui", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case CLI_HELP:
            cli_usage(stdout, "portreg tui",
                      "Browse the registry in the terminal: the list of every record, '/' to\n"
                      "search as you type (ports, service names, words, as 'portreg search'),\n"
                      "Enter for a record's details, 'm' for the port map, '?' for every key,\n"
                      "Esc to go back, 'q' to quit.  NO_COLOR turns colours off.\n"
                      "PORTREG_TUI_TIMING=FILE appends the time from each key to the redrawn\n"
                      "screen to FILE.",
                      opts);
            return EXIT_OK;
        case CLI_POS:
            cli_errorf("tui: unexpected argument '%s' (see 'portreg tui --help')", p.value);
            return EXIT_ERROR;
        default:
            return EXIT_ERROR;
        }
    }
#ifdef PORTREG_HAVE_TUI
    struct tui_options to = {0};
    pr_error err = {0};
    to.timing_log = getenv("PORTREG_TUI_TIMING");
    if (to.timing_log && !*to.timing_log)
        to.timing_log = NULL;
    if (tui_run(c->store, &to, &err)) {
        cli_error(&err);
        return EXIT_ERROR;
    }
    return EXIT_OK;
#else
    (void)c;
    cli_errorf("tui: this portreg was built without ncursesw");
    return EXIT_ERROR;
#endif
}
