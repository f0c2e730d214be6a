/* cmd_stats.c - portreg stats: how big the registry is and how full each
 * port range is, per transport. */
#include "cmd.h"

static int json;

static const struct cli_option options[] = {
    CLI_OPT_BOOL(0, "json", &json, "print the statistics as a JSON object"),
    CLI_OPT_END
};

const struct cli_spec cmd_stats_spec = {
    "portreg stats [--json]",
    "Counts of records, people and service names, and of assigned, reserved\n"
    "and unassigned ports per range (system, user, dynamic) and transport.",
    options, NULL, NULL,
};

static const char *const range_names[3] = {"system", "user", "dynamic"};

static void print_json(const struct pr_stats *st)
{
    printf("{\"title\":");
    pr_json_string(stdout, st->title[0] ? st->title : NULL);
    printf(",\"updated\":");
    pr_json_string(stdout, st->updated[0] ? st->updated : NULL);
    printf(",\"records\":%ld,\"people\":%ld,\"service_names\":%ld,\"name_only_records\":%ld,"
           "\"xrefs\":%ld,\"notes\":%ld,\"ports\":{",
           st->records, st->people, st->names, st->name_only, st->xrefs, st->notes);
    for (int r = 0; r < 3; r++) {
        printf("%s\"%s\":{", r ? "," : "", range_names[r]);
        for (int p = 0; p < 4; p++) {
            const struct pr_stats_cell *c = &st->ports[r][p];
            printf("%s\"%s\":{\"assigned\":%ld,\"reserved\":%ld,\"unassigned\":%ld}", p ? "," : "",
                   pr_stats_protocols[p], c->assigned, c->reserved, c->unassigned);
        }
        putchar('}');
    }
    printf("}}\n");
}

int cmd_stats(struct cli *c, int argc, char **argv)
{
    if (argc > 1) {
        cli_errorf("stats: unexpected argument '%s'", argv[1]);
        return EXIT_ERROR;
    }
    struct pr_stats st;
    pr_error err = {0};
    if (pr_stats_compute(c->store, &st, &err)) {
        cli_error(&err);
        return EXIT_ERROR;
    }
    if (json) {
        print_json(&st);
        return EXIT_OK;
    }
    printf("%s\n", st.title[0] ? st.title : "(untitled registry)");
    printf("updated        %s\n", st.updated[0] ? st.updated : "-");
    printf("records        %ld (%ld service name only)\n", st.records, st.name_only);
    printf("service names  %ld\n", st.names);
    printf("people         %ld\n", st.people);
    printf("references     %ld xrefs, %ld notes\n\n", st.xrefs, st.notes);
    printf("%-8s %-5s %9s %9s %11s\n", "RANGE", "PROTO", "ASSIGNED", "RESERVED", "UNASSIGNED");
    for (int r = 0; r < 3; r++)
        for (int t = 0; t < 4; t++) {
            const struct pr_stats_cell *cell = &st.ports[r][t];
            printf("%-8s %-5s %9ld %9ld %11ld\n", t ? "" : range_names[r], pr_stats_protocols[t],
                   cell->assigned, cell->reserved, cell->unassigned);
        }
    return EXIT_OK;
}
