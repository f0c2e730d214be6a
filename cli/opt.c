/* opt.c - the option parser shared by every subcommand, and --help output
 * generated from the same option table. */
#include "cli.h"

#include <string.h>

void cli_parser_init(struct cli_parser *p, const char *cmd, const struct cli_opt *opts,
                     int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->argc = argc;
    p->argv = argv;
    p->i = 1; /* argv[0] is the subcommand */
    p->opts = opts;
    p->cmd = cmd;
}

static int find_long(const struct cli_opt *opts, const char *name, size_t len)
{
    for (int i = 0; opts && opts[i].name; i++)
        if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
            return i;
    return -1;
}

static int find_short(const struct cli_opt *opts, char c)
{
    for (int i = 0; opts && opts[i].name; i++)
        if (opts[i].shrt == c)
            return i;
    return -1;
}

int cli_next(struct cli_parser *p)
{
    if (p->i >= p->argc)
        return CLI_END;
    char *a = p->argv[p->i++];
    p->value = NULL;
    if (p->no_more_opts || a[0] != '-' || !a[1]) {
        p->value = a;
        return CLI_POS;
    }
    if (!strcmp(a, "--")) {
        p->no_more_opts = 1;
        return cli_next(p);
    }
    if (!strcmp(a, "--help") || !strcmp(a, "-h"))
        return CLI_HELP;
    int idx;
    const char *inline_val = NULL;
    if (a[1] == '-') {
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        idx = find_long(p->opts, a + 2, len);
        if (eq)
            inline_val = eq + 1;
    } else {
        if (a[2]) {
            /* -p443 */
            inline_val = a + 2;
        }
        idx = find_short(p->opts, a[1]);
        if (idx >= 0 && !p->opts[idx].arg && inline_val)
            idx = -1;
    }
    if (idx < 0) {
        cli_errorf("%s: unknown option '%s' (see 'portreg %s --help')", p->cmd, a, p->cmd);
        return CLI_ERR;
    }
    if (p->opts[idx].arg) {
        if (inline_val) {
            p->value = inline_val;
        } else if (p->i < p->argc) {
            p->value = p->argv[p->i++];
        } else {
            cli_errorf("%s: option '--%s' needs a value %s", p->cmd, p->opts[idx].name,
                       p->opts[idx].arg);
            return CLI_ERR;
        }
    } else if (inline_val) {
        cli_errorf("%s: option '--%s' takes no value", p->cmd, p->opts[idx].name);
        return CLI_ERR;
    }
    return idx;
}

void cli_usage(FILE *f, const char *usage, const char *about, const struct cli_opt *opts)
{
    fprintf(f, "usage: %s\n\n%s\n", usage, about);
    if (!opts || !opts[0].name)
        return;
    fputs("\noptions:\n", f);
    for (int i = 0; opts[i].name; i++) {
        char left[64];
        if (opts[i].shrt)
            snprintf(left, sizeof left, "-%c, --%s%s%s", opts[i].shrt, opts[i].name,
                     opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", opts[i].name, opts[i].arg ? " " : "",
                     opts[i].arg ? opts[i].arg : "");
        fprintf(f, "  %-26s %s\n", left, opts[i].help);
    }
    fprintf(f, "  %-26s %s\n", "-h, --help", "show this help");
}
