/* opt.c - the option parser shared by every command: options bound to
 * variables by a table (cli.h), typed values, --help and --list-options
 * printed from the same table. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Messages of a command start "CMD: "; global options have none. */
#define PREFIX(cmd) (cmd) ? (cmd) : "", (cmd) ? ": " : ""

static const struct cli_option *find_long(const struct cli_option *opts, const char *name,
                                          size_t len)
{
    for (; opts && opts->type != CLI_OPT_TYPE_END; opts++)
        if (strlen(opts->long_name) == len && !strncmp(opts->long_name, name, len))
            return opts;
    return NULL;
}

static const struct cli_option *find_short(const struct cli_option *opts, char c)
{
    for (; opts && opts->type != CLI_OPT_TYPE_END; opts++)
        if (opts->short_name && opts->short_name == c)
            return opts;
    return NULL;
}

static void bad_number(const char *cmd, const struct cli_option *o, const char *arg)
{
    cli_errorf("%s%sinvalid --%s '%s' (expected a number %ld-%ld)", PREFIX(cmd), o->long_name,
               arg, o->min, o->max);
}

/* Store arg (NULL for a flag) in the option's variable. */
static int apply(const char *cmd, const struct cli_option *o, const char *arg)
{
    long n;
    switch (o->type) {
    case CLI_OPT_TYPE_BOOL:
        *(int *)o->value = 1;
        return 0;
    case CLI_OPT_TYPE_STRING:
        *(const char **)o->value = arg;
        return 0;
    case CLI_OPT_TYPE_INT:
    case CLI_OPT_TYPE_LONG:
        if (pr_parse_long(arg, o->min, o->max, &n)) {
            bad_number(cmd, o, arg);
            return -1;
        }
        if (o->type == CLI_OPT_TYPE_INT)
            *(int *)o->value = (int)n;
        else
            *(long *)o->value = n;
        return 0;
    case CLI_OPT_TYPE_STRING_LIST: {
        struct cli_strings *l = o->value;
        if (pr_grow(&l->v, &l->cap, l->n, sizeof *l->v, 8)) {
            cli_errorf("%s%sout of memory", PREFIX(cmd));
            return -1;
        }
        l->v[l->n++] = arg;
        return 0;
    }
    case CLI_OPT_TYPE_CALLBACK:
        return o->cb(o, cmd, arg);
    default:
        return -1;
    }
}

static void unknown(const char *cmd, const char *a)
{
    if (cmd)
        cli_errorf("%s: unknown option '%s' (see 'portreg %s --help')", cmd, a, cmd);
    else
        cli_errorf("unknown option '%s' (see 'portreg --help')", a);
}

/* One option word argv[*i] (advanced past its value). */
static int one_option(const char *cmd, const struct cli_option *opts,
                      const struct cli_option *extra, int argc, char **argv, int *i)
{
    const char *a = argv[(*i)++], *inline_val = NULL;
    const struct cli_option *o;
    if (a[1] == '-') {
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        if (!(o = find_long(opts, a + 2, len)))
            o = find_long(extra, a + 2, len);
        if (eq)
            inline_val = eq + 1;
    } else {
        if (!(o = find_short(opts, a[1])))
            o = find_short(extra, a[1]);
        if (a[2]) /* -p443; a flag takes no letters after it */
            inline_val = a + 2;
        if (o && !o->arg && inline_val)
            o = NULL;
    }
    if (!o) {
        unknown(cmd, a);
        return -1;
    }
    if (!o->arg) {
        if (inline_val) {
            cli_errorf("%s%soption '--%s' takes no value", PREFIX(cmd), o->long_name);
            return -1;
        }
        return apply(cmd, o, NULL);
    }
    if (!inline_val) {
        if (*i >= argc) {
            cli_errorf("%s%soption '--%s' needs a value %s", PREFIX(cmd), o->long_name, o->arg);
            return -1;
        }
        inline_val = argv[(*i)++];
    }
    return apply(cmd, o, inline_val);
}

int cli_parse(const char *cmd, const struct cli_spec *spec, const struct cli_option *extra,
              int argc, char **argv, int flags)
{
    const struct cli_option *opts = spec ? spec->options : NULL;
    int i = 1, out = 1, no_more = 0;
    while (i < argc) {
        char *a = argv[i];
        if (no_more || a[0] != '-' || !a[1]) {
            if (flags & CLI_PARSE_STOP_AT_OPERAND)
                return i;
            argv[out++] = a;
            i++;
            continue;
        }
        if (!strcmp(a, "--")) {
            no_more = 1;
            i++;
            if (flags & CLI_PARSE_STOP_AT_OPERAND)
                return i;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            return CLI_PARSE_HELP;
        if (one_option(cmd, opts, extra, argc, argv, &i))
            return CLI_PARSE_ERR;
    }
    if (flags & CLI_PARSE_STOP_AT_OPERAND)
        return i;
    argv[out] = NULL;
    return out;
}

/* "  -p, --port N[-M]           help", continuation lines under the help. */
static void help_line(FILE *f, const struct cli_option *o)
{
    char left[64];
    const char *h = o->help, *nl;
    snprintf(left, sizeof left, "%c%c%c --%s%s%s", o->short_name ? '-' : ' ',
             o->short_name ? o->short_name : ' ', o->short_name ? ',' : ' ', o->long_name,
             o->arg ? " " : "", o->arg ? o->arg : "");
    fprintf(f, "  %-26s ", left);
    while ((nl = strchr(h, '\n'))) {
        fprintf(f, "%.*s\n  %-26s ", (int)(nl - h), h, "");
        h = nl + 1;
    }
    fprintf(f, "%s\n", h);
}

void cli_help(FILE *f, const struct cli_spec *spec)
{
    fprintf(f, "usage: %s\n\n%s\n", spec->usage, spec->about);
    if (spec->more_help)
        spec->more_help(f);
    fputs("\noptions:\n", f);
    for (const struct cli_option *o = spec->options; o && o->type != CLI_OPT_TYPE_END; o++)
        help_line(f, o);
    fprintf(f, "  %-26s %s\n", "-h, --help", "show this help");
}

void cli_options_release(const struct cli_option *opts)
{
    for (; opts && opts->type != CLI_OPT_TYPE_END; opts++)
        if (opts->type == CLI_OPT_TYPE_STRING_LIST) {
            struct cli_strings *l = opts->value;
            free(l->v);
            memset(l, 0, sizeof *l);
        }
}

void cli_list_options(FILE *f, const char *cmd, const struct cli_option *opts)
{
    for (; opts && opts->type != CLI_OPT_TYPE_END; opts++) {
        const char *nl = strchr(opts->help, '\n');
        int hl = nl ? (int)(nl - opts->help) : (int)strlen(opts->help);
        fprintf(f, "%s\t--%s\t%s\t", cmd, opts->long_name, opts->arg ? opts->arg : "");
        if (opts->short_name)
            fprintf(f, "-%c", opts->short_name);
        fprintf(f, "\t%.*s\n", hl, opts->help);
    }
}

int cli_parse_port(const char *cmd, const char *s, int *port)
{
    int lo, hi;
    if (pr_parse_port_range(s, &lo, &hi) || lo != hi) {
        cli_errorf("%s: invalid port '%s' (expected a number 0-" PR_PORT_STR(PR_PORT_MAX) ")", cmd, s);
        return -1;
    }
    *port = lo;
    return 0;
}

int cli_opt_port(const struct cli_option *opt, const char *cmd, const char *arg)
{
    return cli_parse_port(cmd, arg, opt->value);
}

int cli_opt_range(const struct cli_option *opt, const char *cmd, const char *arg)
{
    enum pr_range *r = opt->value;
    if (!strcmp(arg, "user")) {
        *r = PR_RANGE_USER;
    } else if (!strcmp(arg, "system")) {
        *r = PR_RANGE_SYSTEM;
    } else {
        cli_errorf("%s: invalid range '%s' (expected user or system)", cmd, arg);
        return -1;
    }
    return 0;
}

const char *cli_values_transport(size_t i)
{
    size_t n = sizeof pr_stats_protocols / sizeof *pr_stats_protocols;
    return i < n ? pr_stats_protocols[i] : NULL;
}
