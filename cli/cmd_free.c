/* cmd_free.c - portreg free: unassigned ports, lowest first or nearest to
 * a given one. */
#include "cmd.h"
#include "edit_cli.h"

#include <stdlib.h>
#include <string.h>

static const struct cli_opt opts[] = {
    {"protocol", 'p', "P", "free for this transport only (default: for every transport)"},
    {"near", 0, "N", "nearest to port N"},
    {"count", 'n', "K", "how many (default 10)"},
    {"range", 0, "user|system", "which range (default: user)"},
    {NULL, 0, NULL, NULL},
};

int cmd_free(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    const char *protocol = NULL;
    enum pr_range range = PR_RANGE_USER;
    int near = -1, o;
    long count = 10;
    cli_parser_init(&p, "free", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: protocol = p.value; break;
        case 1:
            if (cli_parse_port("free", p.value, &near))
                return EXIT_ERROR;
            break;
        case 2: {
            char *end;
            count = strtol(p.value, &end, 10);
            if (*end || count < 1 || count > 65536) {
                cli_errorf("free: invalid count '%s' (expected 1-65536)", p.value);
                return EXIT_ERROR;
            }
            break;
        }
        case 3:
            if (!strcmp(p.value, "user")) range = PR_RANGE_USER;
            else if (!strcmp(p.value, "system")) range = PR_RANGE_SYSTEM;
            else {
                cli_errorf("free: invalid range '%s' (expected user or system)", p.value);
                return EXIT_ERROR;
            }
            break;
        case CLI_HELP:
            cli_usage(stdout, "portreg free [--protocol P] [--near N] [--count K] [--range user|system]",
                      "List unassigned ports, one per line: lowest first, or nearest to N.\n"
                      "A port is free when no record of the transport (or of every transport,\n"
                      "without --protocol) holds it as assigned or Reserved.  Exit 1 when\n"
                      "none is free.", opts);
            return EXIT_OK;
        case CLI_POS:
            cli_errorf("free: unexpected argument '%s' (see 'portreg free --help')", p.value);
            return EXIT_ERROR;
        default:
            return EXIT_ERROR;
        }
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
