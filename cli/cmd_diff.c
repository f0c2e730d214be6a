/* cmd_diff.c - portreg diff A B: what changed between two registries (XML
 * files, or @db for the database), as a changelog or JSON.  Exit status as
 * diff(1): 0 same, 1 different, 2 trouble. */
#include "cmd.h"
#include "diff.h"

#include <stdlib.h>
#include <string.h>

static int json;

static const struct cli_option options[] = {
    CLI_OPT_BOOL(0, "json", &json,
                 "print {\"added\", \"removed\", \"changed\", \"people\", \"registry\"}"),
    CLI_OPT_END
};

const struct cli_spec cmd_diff_spec = {
    "portreg diff [--json] A B",
    "What changed from registry A to registry B: records added, removed and\n"
    "changed (field by field), people added, removed and changed.  A and B are\n"
    "IANA registry XML files, or @db for the database.  A record is known by\n"
    "its port, transport and assignee, so a renamed service is one changed\n"
    "record.  Exit status: 0 same, 1 different, 2 error.",
    options, "FILE|@db FILE|@db", NULL,
};

/* Fill snap from an XML file, or from the database for "@db". */
static int load(struct cli *c, const char *what, struct pr_snapshot *snap)
{
    pr_error err = {0};
    int rc;
    if (!strcmp(what, "@db")) {
        pr_store *s = NULL;
        if (!(rc = pr_store_open(&s, c->db_path, PR_STORE_READONLY, &err)))
            rc = pr_snapshot_load(snap, s, &err);
        pr_store_free(s);
    } else {
        struct pr_sink sink;
        pr_snapshot_sink(snap, &sink);
        rc = pr_iana_xml_read(what, &sink, &err);
    }
    if (rc)
        cli_error(&err);
    return rc;
}

/* "name port/proto" of a record, for headings. */
static void put_title(const struct pr_record *r)
{
    printf("%s", r->name && *r->name ? r->name : "(no name)");
    if (r->number)
        printf(" %s/%s", r->number, r->protocol ? r->protocol : "-");
}

/* A value on one line: white space folded, absent as "-". */
static void put_value(const char *v)
{
    char *folded = v ? cli_fold(v) : NULL;
    fputs(folded ? (*folded ? folded : "\"\"") : "-", stdout);
    free(folded);
}

static void put_fields(const struct pr_field_change *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *a = v[i].before ? cli_fold(v[i].before) : NULL;
        char *b = v[i].after ? cli_fold(v[i].after) : NULL;
        int wa = a ? cli_utf8_width(a) : 1, wb = b ? cli_utf8_width(b) : 1;
        printf("      %-13s ", v[i].field);
        put_value(v[i].before);
        /* Short values on one line; long ones one under the other. */
        if (wa + wb <= 56)
            fputs(" -> ", stdout);
        else
            printf("\n      %-13s -> ", "");
        put_value(v[i].after);
        putchar('\n');
        free(a);
        free(b);
    }
}

static void put_record_line(const char *mark, const struct pr_record *r)
{
    printf("%s ", mark);
    put_title(r);
    fputs("  ", stdout);
    put_value(r->description);
    putchar('\n');
}

static void put_people(const char *what, const char *mark, const struct pr_snapshot *s,
                       const size_t *v, size_t n)
{
    if (n)
        printf("\n%s people (%zu)\n", what, n);
    for (size_t i = 0; i < n; i++) {
        const struct pr_person *p = &s->people[v[i]];
        printf("%s %s  ", mark, p->id);
        put_value(p->name ? p->name : p->org);
        putchar('\n');
    }
}

static void print_text(const struct pr_diff *d, const char *name_a, const char *name_b)
{
    printf("--- %s (updated %s)\n+++ %s (updated %s)\n", name_a,
           d->a->updated ? d->a->updated : "unknown", name_b,
           d->b->updated ? d->b->updated : "unknown");
    if (d->n_header) {
        puts("\nregistry");
        put_fields(d->header, d->n_header);
    }
    if (d->n_changed)
        printf("\nchanged records (%zu)\n", d->n_changed);
    for (size_t i = 0; i < d->n_changed; i++) {
        const struct pr_diff_change *c = &d->changed[i];
        const struct pr_record *a = &d->a->records[c->a], *b = &d->b->records[c->b];
        fputs("  ~ ", stdout);
        put_title(b);
        if (!a->name != !b->name || (a->name && b->name && strcmp(a->name, b->name)))
            printf(" (was %s)", a->name && *a->name ? a->name : "unnamed");
        putchar('\n');
        put_fields(c->fields, c->n_fields);
    }
    if (d->n_added)
        printf("\nadded records (%zu)\n", d->n_added);
    for (size_t i = 0; i < d->n_added; i++)
        put_record_line("  +", &d->b->records[d->added[i]]);
    if (d->n_removed)
        printf("\nremoved records (%zu)\n", d->n_removed);
    for (size_t i = 0; i < d->n_removed; i++)
        put_record_line("  -", &d->a->records[d->removed[i]]);
    if (d->n_people_changed)
        printf("\nchanged people (%zu)\n", d->n_people_changed);
    for (size_t i = 0; i < d->n_people_changed; i++) {
        const struct pr_diff_change *c = &d->people_changed[i];
        printf("  ~ %s\n", d->b->people[c->b].id);
        put_fields(c->fields, c->n_fields);
    }
    put_people("added", "  +", d->b, d->people_added, d->n_people_added);
    put_people("removed", "  -", d->a, d->people_removed, d->n_people_removed);
    printf("\n%zu records changed, %zu added, %zu removed; "
           "%zu people changed, %zu added, %zu removed\n",
           d->n_changed, d->n_added, d->n_removed, d->n_people_changed, d->n_people_added,
           d->n_people_removed);
}

int cmd_diff(struct cli *c, int argc, char **argv)
{
    struct pr_snapshot a, b;
    struct pr_diff d;
    int rc = EXIT_ERROR;
    pr_error err = {0};

    if (argc > 3) {
        cli_errorf("diff: two registries to compare, not more (see 'portreg diff --help')");
        return EXIT_ERROR;
    }
    if (argc != 3) {
        cli_errorf("diff: two registries to compare: portreg diff A B (a file or @db)");
        return EXIT_ERROR;
    }
    const char *paths[2] = {argv[1], argv[2]};
    pr_snapshot_init(&a);
    pr_snapshot_init(&b);
    memset(&d, 0, sizeof d);
    if (load(c, paths[0], &a) || load(c, paths[1], &b))
        goto out;
    if (pr_diff_compute(&d, &a, &b, &err)) {
        cli_error(&err);
        goto out;
    }
    if (json)
        pr_diff_json(stdout, &d);
    else if (!pr_diff_is_empty(&d))
        print_text(&d, paths[0], paths[1]);
    rc = pr_diff_is_empty(&d) ? EXIT_OK : EXIT_NOMATCH;
out:
    pr_diff_release(&d);
    pr_snapshot_release(&a);
    pr_snapshot_release(&b);
    return rc;
}
