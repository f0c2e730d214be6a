/* check_out.c - printing what a services file answers (pr_check_item):
 * the "shadowed", "long lines" and "unreadable" sections that compare and
 * export --check share, as text or as JSON members. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *keep(struct cli_check *c, const char *s)
{
    char *d;
    if (!s || c->oom)
        return s;
    if (pr_grow(&c->strs, &c->cap_strs, c->n_strs, sizeof *c->strs, 256) || !(d = strdup(s))) {
        c->oom = 1;
        return s;
    }
    return c->strs[c->n_strs++] = d;
}

int cli_check_collect(const struct pr_check_item *it, void *ud)
{
    struct cli_check *c = ud;
    if (pr_grow(&c->v, &c->cap, c->n, sizeof *c->v, 256)) {
        c->oom = 1;
        return 1;
    }
    struct pr_check_item *k = &c->v[c->n++];
    *k = *it;
    k->name = keep(c, it->name);
    k->protocol = keep(c, it->protocol);
    k->by_name = keep(c, it->by_name);
    return c->oom;
}

void cli_check_release(struct cli_check *c)
{
    for (size_t i = 0; i < c->n_strs; i++)
        free(c->strs[i]);
    free(c->strs);
    free(c->v);
    memset(c, 0, sizeof *c);
}

static const char *const section[] = {"shadowed", "long lines", "unreadable"};
static const char *const json_key[] = {"shadowed", "long_lines", "unreadable"};

static int section_of(int kind)
{
    return kind == PR_CHECK_LONG_LINE ? 1 : kind == PR_CHECK_UNREADABLE ? 2 : 0;
}

int cli_check_print_text(const struct cli_check *c, int width, int blank_first)
{
    int printed = 0;
    for (int sec = 0; sec < 3; sec++) {
        int head = 0;
        for (size_t i = 0; i < c->n; i++) {
            const struct pr_check_item *it = &c->v[i];
            char where[48];
            if (section_of(it->kind) != sec)
                continue;
            if (!head) {
                printf("%s%s:\n", blank_first || printed ? "\n" : "", section[sec]);
                head = printed = 1;
            }
            snprintf(where, sizeof where, "%d/%s", it->port, it->protocol);
            printf("  %-24s %-14s", it->name, where);
            if (it->line)
                printf(" line %ld:", it->line);
            switch (it->kind) {
            case PR_CHECK_SHADOWED_NAME:
            case PR_CHECK_SHADOWED_PORT:
                printf(" by %s the answer is line %ld (%s %d/%s)%s\n",
                       it->kind == PR_CHECK_SHADOWED_NAME ? "name" : "port", it->by_line,
                       it->by_name, it->by_port, it->protocol,
                       it->unreachable ? "; no lookup reaches this line" : "");
                break;
            case PR_CHECK_LONG_LINE:
                printf(" %zu bytes, more than %d\n", it->bytes, width);
                break;
            default:
                printf(it->line ? " blanks in the name: glibc skips the line\n"
                                : " left out: blanks in the name\n");
                break;
            }
        }
    }
    return printed;
}

void cli_check_print_json(const struct cli_check *c)
{
    for (int sec = 0; sec < 3; sec++) {
        size_t n = 0;
        printf(",\n \"%s\": [", json_key[sec]);
        for (size_t i = 0; i < c->n; i++) {
            const struct pr_check_item *it = &c->v[i];
            if (section_of(it->kind) != sec)
                continue;
            fputs(n++ ? ",\n  {\"name\":" : "\n  {\"name\":", stdout);
            pr_json_string(stdout, it->name);
            fputs(",\"protocol\":", stdout);
            pr_json_string(stdout, it->protocol);
            printf(",\"port\":\"%d\"", it->port);
            if (it->line)
                printf(",\"line\":%ld", it->line);
            else
                fputs(",\"line\":null", stdout);
            if (sec == 0) {
                printf(",\"lookup\":\"%s\",\"answered_by\":{\"line\":%ld,\"name\":",
                       it->kind == PR_CHECK_SHADOWED_NAME ? "name" : "port", it->by_line);
                pr_json_string(stdout, it->by_name);
                printf(",\"port\":\"%d\"},\"unreachable\":%s", it->by_port,
                       it->unreachable ? "true" : "false");
            } else if (sec == 1) {
                printf(",\"bytes\":%zu", it->bytes);
            }
            putchar('}');
        }
        fputs(n ? "\n ]" : "]", stdout);
    }
}

void cli_check_summary(const struct pr_check_counts *k, int width)
{
    printf("%ld shadowed name%s, %ld shadowed port%s", k->shadowed_names,
           k->shadowed_names == 1 ? "" : "s", k->shadowed_ports, k->shadowed_ports == 1 ? "" : "s");
    if (width > 0)
        printf(", %ld line%s over %d bytes", k->long_lines, k->long_lines == 1 ? "" : "s", width);
    printf(", %ld unreadable name%s", k->unreadable, k->unreadable == 1 ? "" : "s");
}
