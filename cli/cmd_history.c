/* cmd_history.c - portreg history: every recorded change, with field-level
 * before/after (undo is cmd_undo.c). */
#include "cmd.h"
#include "edit_cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static struct pr_history_filter filter = {.port = -1};
static int json, oneline;
static long change;

static const struct cli_option hist_options[] = {
    CLI_OPT_LONG(0, "change", &change, "ID", 1, LONG_MAX,
                 "only change ID, in full (with its reason)"),
    CLI_OPT_STRING(0, "since", &filter.since, "DATE",
                   "changes at or after DATE (YYYY-MM-DD or an RFC 3339 time)"),
    CLI_OPT_LONG(0, "limit", &filter.limit, "N", 1, LONG_MAX, "only the newest N changes"),
    CLI_OPT_BOOL(0, "oneline", &oneline, "one line per change: id, date, author, summary"),
    CLI_OPT_BOOL(0, "json", &json, "print {\"changes\": [...]}"),
    CLI_OPT_END
};

const struct cli_spec cmd_history_spec = {
    "portreg history [NAME | PORT] [--since DATE] [--limit N] [--oneline | --json]\n"
    "       portreg history --change ID [--json]",
    "Every recorded change, oldest first: its id, UTC time, author\n"
    "($PORTREG_USER, else the login name), command, and each row it\n"
    "touched with field-level before -> after (+ added, - removed,\n"
    "~ changed).  NAME or PORT keeps the changes that touched it; a bare\n"
    "number is a port, as 'portreg search' reads it ('history 9' is port 9;\n"
    "'history --change 9' is change 9).\n"
    "Exit 1 when there is none.",
    hist_options, "[NAME | PORT]", NULL,
};

static int print_oneline(const struct pr_history_change *c, void *ud)
{
    (void)ud;
    printf("%lld  %.10s  %s  %s", c->id, c->at, c->author, c->summary ? c->summary : c->command);
    if (c->undone_by)
        printf("  [undone by change %lld]", c->undone_by);
    putchar('\n');
    return 0;
}

static int print_text(const struct pr_history_change *c, void *ud)
{
    int *first = ud;
    if (!*first)
        putchar('\n');
    *first = 0;
    cli_print_change(c, change != 0);
    return 0;
}

static int print_json(const struct pr_history_change *c, void *ud)
{
    static const char *const actions[] = {"added", "removed", "changed"};
    int *first = ud;
    printf("%s\n{\"id\":%lld,\"at\":", *first ? "" : ",", c->id);
    *first = 0;
    pr_json_string(stdout, c->at);
    fputs(",\"author\":", stdout);
    pr_json_string(stdout, c->author);
    fputs(",\"command\":", stdout);
    pr_json_string(stdout, c->command);
    fputs(",\"summary\":", stdout);
    pr_json_string(stdout, c->summary);
    fputs(",\"reason\":", stdout);
    pr_json_string(stdout, c->reason);
    if (c->undoes)
        printf(",\"undoes\":%lld", c->undoes);
    else
        fputs(",\"undoes\":null", stdout);
    if (c->undone_by)
        printf(",\"undone_by\":%lld", c->undone_by);
    else
        fputs(",\"undone_by\":null", stdout);
    fputs(",\"rows\":[", stdout);
    for (size_t i = 0; i < c->n_items; i++) {
        const struct pr_history_item *it = &c->items[i];
        fputs(i ? ",{\"target\":" : "{\"target\":", stdout);
        pr_json_string(stdout, it->target);
        fputs(",\"id\":", stdout);
        pr_json_string(stdout, it->target_id);
        fputs(",\"label\":", stdout);
        pr_json_string(stdout, it->label);
        fputs(",\"action\":", stdout);
        pr_json_string(stdout, actions[it->action == '+' ? 0 : it->action == '-' ? 1 : 2]);
        fputs(",\"fields\":[", stdout);
        for (size_t j = 0; j < it->n_fields; j++) {
            fputs(j ? ",{\"field\":" : "{\"field\":", stdout);
            pr_json_string(stdout, it->fields[j].field);
            fputs(",\"before\":", stdout);
            pr_json_string(stdout, it->fields[j].before);
            fputs(",\"after\":", stdout);
            pr_json_string(stdout, it->fields[j].after);
            putchar('}');
        }
        fputs("]}", stdout);
    }
    fputs("]}", stdout);
    return 0;
}

int cmd_history(struct cli *c, int argc, char **argv)
{
    struct pr_history_filter f = filter;
    if (argc > 2) {
        cli_errorf("history: one service name or port at a time");
        return EXIT_ERROR;
    }
    if (change && (argc > 1 || f.since || f.limit || oneline)) {
        cli_errorf("history: --change shows one change; it takes no NAME, PORT, --since, "
                   "--limit or --oneline");
        return EXIT_ERROR;
    }
    if (oneline && json) {
        cli_errorf("history: --oneline or --json, not both");
        return EXIT_ERROR;
    }
    f.id = change;
    if (argc == 2) {
        /* all digits: a port; names may start with one (3com-tsmux) */
        if (argv[1][strspn(argv[1], "0123456789")] == 0) {
            if (cli_parse_port("history", argv[1], &f.port))
                return EXIT_ERROR;
        } else {
            f.name = argv[1];
        }
    }
    /* The history's times are UTC text: --since as the same, so that
     * 2026-02-30 is refused and an offset counts. */
    char since[PR_TIME_LEN];
    long long t = 0;
    if (f.since) {
        if (pr_time_parse(f.since, &t)) {
            cli_errorf("history: invalid date '%s' (expected YYYY-MM-DD or an RFC 3339 time)",
                       f.since);
            return EXIT_ERROR;
        }
        pr_time_format(t, since);
        f.since = since;
    }
    pr_error err = {0};
    int first = 1;
    if (json)
        fputs("{\"changes\":[", stdout);
    long n = pr_history_each(c->store, &f, json ? print_json : oneline ? print_oneline
                                                                      : print_text,
                             &first, &err);
    if (json)
        fputs(n > 0 ? "\n]}\n" : "]}\n", stdout);
    if (n < 0) {
        cli_error(&err);
        return EXIT_ERROR;
    }
    if (!n && change) {
        cli_errorf("history: no change %ld", change);
        return EXIT_ERROR;
    }
    return n ? EXIT_OK : EXIT_NOMATCH;
}
