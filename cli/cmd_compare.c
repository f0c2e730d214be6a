/* cmd_compare.c - portreg compare: a services(5) file (e.g. /etc/services)
 * against the registry, and what glibc answers from it (shadowed names and
 * ports, long lines, unreadable names), like diff: exit 0 when all is well,
 * 1 when something is reported, 2 on error. */
#include "cmd.h"
#include "edit_cli.h"

#include <stdlib.h>
#include <string.h>

static int json, missing, width = PR_CHECK_WIDTH;

static const struct cli_option options[] = {
    CLI_OPT_BOOL(0, "json", &json,
                 "print {\"unregistered\": [...], \"mismatched\": [...], \"in_range\":\n"
                 "[...], \"missing\": [...], \"shadowed\": [...], \"long_lines\": [...],\n"
                 "\"unreadable\": [...]}"),
    CLI_OPT_BOOL('m', "missing", &missing, "also list registry assignments the file lacks"),
    CLI_OPT_INT(0, "width", &width, "N", 0, 65535,
                "report lines longer than N bytes (default 127: musl reads\n"
                "longer lines in pieces; 0: no check)"),
    CLI_OPT_END
};

const struct cli_spec cmd_compare_spec = {
    "portreg compare [--json] [--missing] [--width N] FILE",
    "Compare a services(5) file such as /etc/services with the registry.\n"
    "unregistered: lines whose name and port/transport the registry does not\n"
    "have; mismatched: a name the registry has on another port, or a port the\n"
    "registry gives another name (aliases count as names; a name the registry\n"
    "has only with other transports is named); inside a range: netbase's x11-1\n"
    "on 6001 of x11's 6000-6063; missing (with --missing): registry\n"
    "assignments absent from the file.  Then what glibc answers, reading the\n"
    "file top down and returning the first match: shadowed: a name (for its\n"
    "transport) or a port/transport an earlier line answers for; long lines:\n"
    "over --width bytes; unreadable: names with blanks, whose lines glibc\n"
    "skips.  Exit status 0 when nothing is reported (lines inside a range\n"
    "are not differences), 1 otherwise, 2 on error.",
    options, "FILE", NULL,
};

/* By enum pr_compare_kind; sections print in the order of section_order. */
static const char *const kind_names[] = {"unregistered", "mismatched", "missing", "in_range"};
static const char *const kind_titles[] = {"unregistered", "mismatched", "missing",
                                          "inside a range"};
static const int section_order[] = {PR_COMPARE_UNREGISTERED, PR_COMPARE_MISMATCHED,
                                    PR_COMPARE_IN_RANGE, PR_COMPARE_MISSING};
#define N_SECTIONS 4

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
    if (it->kind == PR_COMPARE_IN_RANGE) {
        fputs(",\"range\":", stdout);
        pr_json_string(stdout, it->registry_names);
    }
    if (it->kind == PR_COMPARE_MISMATCHED || it->kind == PR_COMPARE_IN_RANGE) {
        fputs(",\"other_transports\":", stdout);
        pr_json_string(stdout, it->other_transports);
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
    case PR_COMPARE_IN_RANGE: {
        /* "x11 6000-6063": x11's range */
        const char *sp = strchr(it->registry_names, ' ');
        printf(" line %ld: inside %.*s's range %s", it->line,
               sp ? (int)(sp - it->registry_names) : 0, it->registry_names, sp ? sp + 1 : "");
        break;
    }
    default:
        break;
    }
    /* "kerberos-iv: 750/udp; kdc: 88/udp" -> "; the registry has
     * kerberos-iv only on 750/udp, kdc only on 88/udp" */
    for (const char *p = it->other_transports; p && *p;) {
        const char *colon = strstr(p, ": "), *end = strstr(p, "; ");
        if (!colon || (end && end < colon))
            break;
        size_t tail = end ? (size_t)(end - colon - 2) : strlen(colon + 2);
        printf("%s%.*s only on %.*s", p == it->other_transports ? "; the registry has " : ", ",
               (int)(colon - p), p, (int)tail, colon + 2);
        p = end ? end + 2 : colon + 2 + tail;
    }
    putchar('\n');
}

/* One section of items of one kind, text or JSON (every JSON section is
 * printed, the empty ones too). */
static void print_section(const struct pr_compare_item *v, size_t n, int kind, int as_json,
                          int *printed)
{
    long k = 0;
    if (as_json)
        printf("%s\"%s\": [", *printed ? ",\n " : "{", kind_names[kind]);
    for (size_t i = 0; i < n; i++) {
        if (v[i].kind != kind)
            continue;
        if (as_json) {
            fputs(k ? ",\n  " : "\n  ", stdout);
            json_item(&v[i]);
        } else {
            if (!k)
                printf("%s%s:\n", *printed ? "\n" : "", kind_titles[kind]);
            text_item(&v[i]);
        }
        k++;
    }
    if (as_json)
        fputs(k ? "\n ]" : "]", stdout);
    if (as_json || k)
        *printed = 1;
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
    c->other_transports = keep(l, it->other_transports);
    return l->oom;
}

int cmd_compare(struct cli *c, int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : NULL;
    int flags = missing ? PR_COMPARE_WITH_MISSING : 0, rc = EXIT_ERROR;
    struct item_list items = {0};
    struct pr_compare_counts counts;
    struct cli_check check = {0};
    struct pr_check_counts check_counts;
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
            cli_error_opts(&err, options);
        goto out;
    }
    if (pr_services_check_file(file, width, cli_check_collect, &check, &check_counts, &err)) {
        if (check.oom)
            cli_errorf("compare: out of memory");
        else
            cli_error_opts(&err, options);
        goto out;
    }
    int printed = 0;
    for (int k = 0; k < N_SECTIONS; k++)
        print_section(items.v, items.n, section_order[k], json, &printed);
    if (json) {
        cli_check_print_json(&check);
        fputs("}\n", stdout);
    } else {
        printed |= cli_check_print_text(&check, width, printed);
        if (printed)
            putchar('\n');
        printf("%ld line%s, %ld unregistered, %ld mismatched", counts.agree,
               counts.agree == 1 ? " agrees" : "s agree", counts.unregistered, counts.mismatched);
        if (counts.in_range)
            printf(", %ld inside a range", counts.in_range);
        if (flags & PR_COMPARE_WITH_MISSING)
            printf(", %ld missing", counts.missing);
        fputs("; ", stdout);
        cli_check_summary(&check_counts, width);
        putchar('\n');
    }
    rc = (size_t)counts.in_range < items.n || check.n ? EXIT_NOMATCH : EXIT_OK;
out:
    for (size_t i = 0; i < items.n_strs; i++)
        free(items.strs[i]);
    free(items.strs);
    free(items.v);
    cli_check_release(&check);
    return rc;
}
