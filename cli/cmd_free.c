/* cmd_free.c - portreg free: unassigned ports, lowest first or nearest to
 * a given one. */
#include "cmd.h"
#include "edit.h"

#include <stdlib.h>
#include <string.h>

static const char *protocol;
static enum pr_range range = PR_RANGE_USER;
static int near = -1;
static long count = 10;

static const struct cli_option options[] = {
    CLI_OPT_CHOICE('p', "protocol", &protocol, "P", cli_values_transport,
                   "free for this transport only (default: for every transport)"),
    CLI_OPT_CALLBACK(0, "near", &near, "N", cli_opt_port, "nearest to port N"),
    CLI_OPT_LONG('n', "count", &count, "K", 1, PR_PORT_COUNT, "how many (default 10)"),
    CLI_OPT_CALLBACK(0, "range", &range, "user|system", cli_opt_range,
                     "which range (default: user)"),
    CLI_OPT_END
};

const struct cli_spec cmd_free_spec = {
    "portreg free [--protocol P] [--near N] [--count K] [--range user|system]",
    "List unassigned ports, one per line: lowest first, or nearest to N.\n"
    "A port is free when no record of the transport (or of every transport,\n"
    "without --protocol) holds it as assigned or Reserved.  Exit 1 when\n"
    "none is free.",
    options, NULL, NULL,
};

int cmd_free(struct cli *c, int argc, char **argv)
{
    if (argc > 1) {
        cli_errorf("free: unexpected argument '%s' (see 'portreg free --help')", argv[1]);
        return EXIT_ERROR;
    }
    int *ports = malloc((size_t)count * sizeof *ports);
    if (!ports)
        return EXIT_ERROR;
    pr_error err = {0};
    long n = pr_ports_free(c->store, protocol, range, near, ports, (size_t)count, &err);
    if (n < 0) {
        cli_error(&err);
        free(ports);
        return EXIT_ERROR;
    }
    for (long i = 0; i < n; i++)
        printf("%d\n", ports[i]);
    free(ports);
    return n ? EXIT_OK : EXIT_NOMATCH;
}
