/* cmd_audit.c - portreg audit: the registry-level rules over every existing
 * assignment (secure-variant pairs, discovery ports, names breaking RFC 6335
 * §5.1, assignments without assignee, names on several ports). */
#include "cmd.h"

#include "rules.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct cli_opt opts[] = {
    {"rule", 'r', "ID", "only this rule (see docs/rules.md)"},
    {"json", 0, NULL, "print {\"findings\": [...]} as JSON"},
    {NULL, 0, NULL, NULL},
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int cmd_audit(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    struct pr_findings f;
    const char *rule = NULL;
    int o, json = 0, rc = EXIT_ERROR;
    pr_error err = {0};

    pr_findings_init(&f);
    cli_parser_init(&p, "audit", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: rule = p.value; break;
        case 1: json = 1; break;
        case CLI_HELP: {
            cli_usage(stdout, "portreg audit [--rule ID] [--json]",
                      "Run the registry-level rules over every existing assignment and list\n"
                      "what they find, one line per finding.  Rules with an audit:", opts);
            for (size_t i = 0; i < pr_rules_count(); i++)
                if (pr_rule_at(i)->audit)
                    printf("  %-16s %s\n", pr_rule_at(i)->id, pr_rule_at(i)->summary);
            puts("Exit status: 0 nothing found, 1 findings, 2 on errors.");
            rc = EXIT_OK;
            goto out;
        }
        case CLI_POS:
            cli_errorf("audit: unexpected argument '%s' (see 'portreg audit --help')", p.value);
            goto out;
        default:
            goto out;
        }
    }
    /* PORTREG_TIMING=1 reports the in-process audit time on stderr (for
     * bench/bench_rules.sh; not part of the output contract). */
    double t0 = now_ms();
    if (pr_audit(c->store, rule, &f, &err)) {
        cli_errorf("audit: %s", err.msg);
        goto out;
    }
    double t1 = now_ms();
    if (getenv("PORTREG_TIMING"))
        fprintf(stderr, "portreg: audit: %zu findings in %.2f ms\n", f.n, t1 - t0);
    if (json) {
        fputs("{\"findings\": [", stdout);
        for (size_t i = 0; i < f.n; i++) {
            fputs(i ? ",\n  " : "\n  ", stdout);
            pr_json_finding(stdout, &f.items[i], 1);
        }
        fputs(f.n ? "\n]}\n" : "]}\n", stdout);
    } else {
        for (size_t i = 0; i < f.n; i++) {
            const struct pr_finding *x = &f.items[i];
            printf("%-6s %-15s %-15s %s\n", pr_severity_name(x->severity), x->rule, x->service,
                   x->message);
        }
        if (f.n)
            printf("%zu findings\n", f.n);
    }
    rc = f.n ? EXIT_NOMATCH : EXIT_OK;
out:
    pr_findings_release(&f);
    return rc;
}
