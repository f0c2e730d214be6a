/* cmd_audit.c - portreg audit: the registry-level rules over every existing
 * assignment (secure-variant pairs, discovery ports, names breaking RFC 6335
 * §5.1, assignments without assignee, names on several ports). */
#include "cmd.h"

#include "rules.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *rule;
static int json;

/* The ids of the rules that audit (--rule's values). */
static const char *rule_values(size_t i)
{
    for (size_t k = 0; k < pr_rules_count(); k++)
        if (pr_rule_at(k)->audit && i-- == 0)
            return pr_rule_at(k)->id;
    return NULL;
}

static const struct cli_option options[] = {
    CLI_OPT_CHOICE('r', "rule", &rule, "ID", rule_values, "only this rule (see docs/rules.md)"),
    CLI_OPT_BOOL(0, "json", &json, "print {\"findings\": [...]} as JSON"),
    CLI_OPT_END
};

static void more_help(FILE *f)
{
    for (size_t i = 0; i < pr_rules_count(); i++)
        if (pr_rule_at(i)->audit)
            fprintf(f, "  %-16s %s\n", pr_rule_at(i)->id, pr_rule_at(i)->summary);
    fputs("Exit status: 0 nothing found, 1 findings, 2 on errors.\n", f);
}

const struct cli_spec cmd_audit_spec = {
    "portreg audit [--rule ID] [--json]",
    "Run the registry-level rules over every existing assignment and list\n"
    "what they find, one line per finding.  Rules with an audit:",
    options, NULL, more_help,
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int cmd_audit(struct cli *c, int argc, char **argv)
{
    struct pr_findings f;
    int rc = EXIT_ERROR;
    pr_error err = {0};

    pr_findings_init(&f);
    if (argc > 1) {
        cli_errorf("audit: unexpected argument '%s' (see 'portreg audit --help')", argv[1]);
        goto out;
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
