/* cmd_compare.c - portreg compare: a services(5) file (e.g. /etc/services)
 * against the registry, like diff: exit 0 when they agree, 1 when they
 * differ, 2 on error. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

static int json, missing;

static const struct cli_option options[] = {
    CLI_OPT_BOOL(0, "json", &json,
                 "print {\"unregistered\": [...], \"mismatched\": [...], \"missing\": [...]}"),
    CLI_OPT_BOOL('m', "missing", &missing, "also list registry assignments the file lacks"),
    CLI_OPT_END
};

const struct cli_spec cmd_compare_spec = {
    "portreg compare [--json] [--missing] FILE",
    "Compare a services(5) file such as /etc/services with the registry.\n"
    "unregistered: lines whose name and port/transport the registry does not\n"
    "have; mismatched: a name the registry has on another port, or a port the\n"
    "registry gives another name (aliases count as names); missing (with\n"
    "--missing): registry assignments absent from the file.  Exit status 0\n"
    "when they agree, 1 when they differ, 2 on error.",
    options, "FILE", NULL,
};

struct out {
    int json;
    int kind;  /* section being printed */
    long n;    /* items printed in this section */
};

static const char *const kind_names[] = {"unregistered", "mismatched", "missing"};

static const char *why_text(const struct pr_compare_item *it)
{
    switch (it->why) {
    case PR_WHY_RESERVED: return "the port is reserved";
    case PR_WHY_TRANSPORT: return "the registry assigns no such transport";
    case PR_WHY_OTHER_TRANSPORT: return "the registry has the name only on";
    default: return "neither the name nor the port is assigned";
    }
}

static void json_item(const struct pr_compare_item *it)
{
    fputs("{\"name\":", stdout);
    pr_json_string(stdout, it->name);
    printf(",\"protocol\":");
    pr_json_string(stdout, it->protocol);
    if (it->port_hi > it->port)
        printf(",\"port\":\"%d-%d\"", it->port, it->port_hi);
    else
        printf(",\"port\":\"%d\"", it->port);
    if (it->kind != PR_COMPARE_MISSING)
        printf(",\"line\":%ld", it->line);
    if (it->kind == PR_COMPARE_UNREGISTERED) {
        static const char *const whys[] = {"unassigned", "reserved", "unknown-transport",
                                           "other-transport"};
        printf(",\"reason\":\"%s\"", whys[it->why]);
        if (it->why == PR_WHY_OTHER_TRANSPORT) {
            fputs(",\"registry_ports\":", stdout);
            pr_json_string(stdout, it->registry_ports);
        }
    }
    if (it->kind == PR_COMPARE_MISMATCHED) {
        fputs(",\"registry_ports\":", stdout);
        pr_json_string(stdout, it->registry_ports);
        fputs(",\"registry_names\":", stdout);
        pr_json_string(stdout, it->registry_names);
    }
    putchar('}');
}

static void text_item(const struct pr_compare_item *it)
{
    char where[32];
    if (it->port_hi > it->port)
        snprintf(where, sizeof where, "%d-%d/%s", it->port, it->port_hi, it->protocol);
    else
        snprintf(where, sizeof where, "%d/%s", it->port, it->protocol);
    if (it->kind == PR_COMPARE_MISSING) {
        printf("  %-24s %s\n", it->name, where);
        return;
    }
    printf("  %-24s %-14s", it->name, where);
    switch (it->kind) {
    case PR_COMPARE_UNREGISTERED:
        printf(" line %ld: %s", it->line, why_text(it));
        if (it->why == PR_WHY_OTHER_TRANSPORT)
            printf(" %s", it->registry_ports);
        break;
    case PR_COMPARE_MISMATCHED:
        printf(" line %ld:", it->line);
        if (it->registry_names)
            printf(" the registry gives %d/%s to %s", it->port, it->protocol, it->registry_names);
        if (it->registry_names && it->registry_ports)
            putchar(';');
        if (it->registry_ports)
            printf(" the registry has %s on %s/%s", it->name, it->registry_ports, it->protocol);
        break;
    default:
        break;
    }
    putchar('\n');
}

/* Close the current JSON section (if any) and open the next. */
static void json_next_section(struct out *o)
{
    if (o->kind < 0)
        fputs("{", stdout);
    else
        fputs(o->n ? "\n ],\n " : "],\n ", stdout);
    printf("\"%s\": [", kind_names[++o->kind]);
    o->n = 0;
}

static int item_cb(const struct pr_compare_item *it, void *ud)
{
    struct out *o = ud;
    if (o->json) {
        /* Sections come in order: close the ones before this kind. */
        while (o->kind < it->kind)
            json_next_section(o);
        fputs(o->n ? ",\n  " : "\n  ", stdout);
        json_item(it);
    } else {
        if (o->kind != it->kind) {
            printf("%s%s:\n", o->kind >= 0 ? "\n" : "", kind_names[it->kind]);
            o->kind = it->kind;
        }
        text_item(it);
    }
    o->n++;
    return 0;
}

/* Sections of the file's lines are interleaved (file order), so text and
 * JSON output collect them per kind first. */
struct item_list {
    struct pr_compare_item *v;
    char **strs; /* copies of the strings items point to */
    size_t n, cap, n_strs, cap_strs;
    int oom;
};

static const char *keep(struct item_list *l, const char *s)
{
    if (!s || l->oom)
        return s;
    if (pr_grow(&l->strs, &l->cap_strs, l->n_strs, sizeof *l->strs, 256)) {
        l->oom = 1;
        return s;
    }
    char *d = strdup(s);
    if (!d) {
        l->oom = 1;
        return s;
    }
    return l->strs[l->n_strs++] = d;
}

static int collect_cb(const struct pr_compare_item *it, void *ud)
{
    struct item_list *l = ud;
    if (pr_grow(&l->v, &l->cap, l->n, sizeof *l->v, 256)) {
        l->oom = 1;
        return 1;
    }
    struct pr_compare_item *c = &l->v[l->n++];
    *c = *it;
    c->entry = NULL;
    c->record = NULL;
    c->name = keep(l, it->name);
    c->protocol = keep(l, it->protocol);
    c->registry_ports = keep(l, it->registry_ports);
    c->registry_names = keep(l, it->registry_names);
    return l->oom;
}

int cmd_compare(struct cli *c, int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : NULL;
    int flags = missing ? PR_COMPARE_WITH_MISSING : 0, rc = EXIT_ERROR;
    struct item_list items = {0};
    struct pr_compare_counts counts;
    pr_error err = {0};

    if (argc > 2) {
        cli_errorf("compare: one file at a time");
        return EXIT_ERROR;
    }
    if (!file) {
        cli_errorf("compare: which services file? (see 'portreg compare --help')");
        return EXIT_ERROR;
    }
    if (pr_compare_services(c->store, file, flags, collect_cb, &items, &counts, &err)) {
        if (items.oom)
            cli_errorf("compare: out of memory");
        else
            cli_error(&err);
        goto out;
    }
    struct out out = {.json = json, .kind = -1};
    for (int kind = PR_COMPARE_UNREGISTERED; kind <= PR_COMPARE_MISSING; kind++)
        for (size_t i = 0; i < items.n; i++)
            if (items.v[i].kind == kind)
                item_cb(&items.v[i], &out);
    if (json) {
        /* Every section is printed, empty ones too. */
        while (out.kind < PR_COMPARE_MISSING)
            json_next_section(&out);
        fputs(out.n ? "\n ]}\n" : "]}\n", stdout);
    } else {
        if (items.n)
            putchar('\n');
        printf("%ld line%s, %ld unregistered, %ld mismatched", counts.agree,
               counts.agree == 1 ? " agrees" : "s agree", counts.unregistered, counts.mismatched);
        if (flags & PR_COMPARE_WITH_MISSING)
            printf(", %ld missing", counts.missing);
        putchar('\n');
    }
    rc = items.n ? EXIT_NOMATCH : EXIT_OK;
out:
    for (size_t i = 0; i < items.n_strs; i++)
        free(items.strs[i]);
    free(items.strs);
    free(items.v);
    return rc;
}
