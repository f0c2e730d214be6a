/* edit_cli.c - helpers of the editing subcommands (edit_cli.h). */
#include "edit_cli.h"

#include <string.h>

int cli_dry_run;

static void put_value(const char *v)
{
    if (!v) {
        fputs("-", stdout);
        return;
    }
    putchar('"');
    for (; *v; v++) {
        if (*v == '\n')
            fputs("\\n", stdout);
        else
            putchar(*v);
    }
    putchar('"');
}

void cli_print_change(const struct pr_history_change *c, int with_reason)
{
    printf("change %lld  %s  %s  %s\n", c->id, c->at, c->author, c->command);
    printf("  %s", c->summary ? c->summary : "");
    if (c->undone_by)
        printf("  [undone by change %lld]", c->undone_by);
    putchar('\n');
    if (with_reason && c->reason)
        printf("  reason: %s\n", c->reason);
    for (size_t i = 0; i < c->n_items; i++) {
        const struct pr_history_item *it = &c->items[i];
        printf("  %c %s %s%s\n", it->action, it->target, it->label,
               it->action == '~' && !it->n_fields ? " (moved)" : "");
        for (size_t j = 0; j < it->n_fields; j++) {
            const struct pr_history_field *f = &it->fields[j];
            printf("      %s: ", f->field);
            if (it->action == '~') {
                put_value(f->before);
                fputs(" -> ", stdout);
            }
            put_value(it->action == '-' ? f->before : f->after);
            putchar('\n');
        }
    }
}

static int show_rehearsal(const struct pr_history_change *c, void *ud)
{
    (void)ud;
    puts("dry run: nothing is written; the change would be:");
    cli_print_change(c, 1);
    return 0;
}

void cli_edit_start(struct cli *c)
{
    if (cli_dry_run)
        pr_edit_dry_run(c->store, show_rehearsal, NULL);
}

/* The option that gives field ("approved_by" -> --approved-by), or the
 * --set FIELD=VALUE of modify; "" when the command has none. */
static void field_hint(const char *field, const struct cli_option *opts, char *buf, size_t len)
{
    char want[40];
    size_t i;
    buf[0] = 0;
    for (i = 0; field[i] && i + 1 < sizeof want; i++)
        want[i] = field[i] == '_' ? '-' : field[i];
    want[i] = 0;
    for (const struct cli_option *o = opts; o && o->type != CLI_OPT_TYPE_END; o++)
        if (!strcmp(o->long_name, want)) {
            snprintf(buf, len, " (--%s)", want);
            return;
        }
    for (const struct cli_option *o = opts; o && o->type != CLI_OPT_TYPE_END; o++)
        if (!strcmp(o->long_name, "set")) {
            snprintf(buf, len, " (--set %s=...)", field);
            return;
        }
}

void cli_error_opts(const pr_error *err, const struct cli_option *opts)
{
    char hint[80] = "";
    if (err->field[0])
        field_hint(err->field, opts, hint, sizeof hint);
    if (!hint[0]) {
        cli_error(err);
        return;
    }
    char buf[1024];
    cli_errorf("%s%s", pr_error_format(err, buf, sizeof buf), hint);
}

int cli_edit_finish(int rc, const pr_error *err, const struct pr_edit_result *res,
                    const struct cli_option *opts)
{
    if (rc) {
        cli_error_opts(err, opts);
        return EXIT_ERROR;
    }
    if (res->unchanged) {
        printf("nothing to change: %s\n", res->summary);
        return EXIT_NOMATCH;
    }
    if (cli_dry_run)
        printf("dry run: change %lld not recorded: %s\n", res->change_id, res->summary);
    else
        printf("change %lld: %s\n", res->change_id, res->summary);
    return EXIT_OK;
}
