/* test_diff.c - diff completeness: a change to one field of one record (or
 * person) of the sample registry is reported as exactly that field, with
 * its before and after, and nothing else; every field diff.h lists,
 * including the service code and a field that appears or disappears.  A
 * change to the pairing key (port, transport, person id) is one removal
 * and one addition, as diff.h says. */
#include "check.h"
#include "diff.h"
#include "importers.h"

static struct pr_snapshot base;

static void load(struct pr_snapshot *s)
{
    struct pr_sink sink;
    pr_error err = {0};
    pr_snapshot_init(s);
    pr_snapshot_sink(s, &sink);
    if (pr_iana_xml_read(PR_TESTDATA "/sample.xml", &sink, &err)) {
        fprintf(stderr, "sample.xml: %s\n", err.msg);
        exit(1);
    }
}

static struct pr_record *find(struct pr_snapshot *s, const char *name, const char *proto)
{
    for (size_t i = 0; i < s->n_records; i++) {
        struct pr_record *r = &s->records[i];
        if (r->name && !strcmp(r->name, name) && r->protocol && !strcmp(r->protocol, proto))
            return r;
    }
    fprintf(stderr, "no record %s/%s in sample.xml\n", name, proto);
    exit(1);
}

static struct pr_person *person(struct pr_snapshot *s, const char *id)
{
    for (size_t i = 0; i < s->n_people; i++)
        if (!strcmp(s->people[i].id, id))
            return &s->people[i];
    fprintf(stderr, "no person %s in sample.xml\n", id);
    exit(1);
}

static void set(char **slot, const char *v)
{
    free(*slot);
    *slot = v ? strdup(v) : NULL;
}

/* The xref of r with this role and type (the first). */
static struct pr_xref *xref(struct pr_record *r, int role, const char *type)
{
    for (size_t i = 0; i < r->n_xrefs; i++)
        if (r->xrefs[i].role == role && !strcmp(r->xrefs[i].type, type))
            return &r->xrefs[i];
    fprintf(stderr, "%s has no %s xref in role %d\n", r->name, type, role);
    exit(1);
}

static const char *show(const char *s)
{
    return s ? s : "(absent)";
}

/* Diff base against b: exactly one changed record, with exactly the field
 * named, from before to after; nothing added, removed or changed else. */
static void expect_field(int line, struct pr_snapshot *b, const char *field, const char *before,
                         const char *after)
{
    struct pr_diff d;
    pr_error err = {0};
    check_count++;
    if (pr_diff_compute(&d, &base, b, &err)) {
        check_failures++;
        fprintf(stderr, "line %d: diff failed: %s\n", line, err.msg);
        return;
    }
    int ok = d.n_changed == 1 && d.n_added == 0 && d.n_removed == 0 && !d.n_people_added &&
             !d.n_people_removed && !d.n_people_changed && !d.n_header &&
             d.changed[0].n_fields == 1 && !strcmp(d.changed[0].fields[0].field, field) &&
             !strcmp(show(d.changed[0].fields[0].before), show(before)) &&
             !strcmp(show(d.changed[0].fields[0].after), show(after));
    if (!ok) {
        check_failures++;
        fprintf(stderr, "line %d: want only %s '%s' -> '%s'; got %zu changed, %zu added, "
                "%zu removed, %zu people changed:", line, field, show(before), show(after),
                d.n_changed, d.n_added, d.n_removed, d.n_people_changed);
        for (size_t i = 0; i < d.n_changed; i++)
            for (size_t k = 0; k < d.changed[i].n_fields; k++)
                fprintf(stderr, " %s '%s' -> '%s';", d.changed[i].fields[k].field,
                        show(d.changed[i].fields[k].before), show(d.changed[i].fields[k].after));
        fputc('\n', stderr);
    }
    pr_diff_release(&d);
}

/* The same for one person's field. */
static void expect_person_field(int line, struct pr_snapshot *b, const char *id,
                                const char *field, const char *before, const char *after)
{
    struct pr_diff d;
    pr_error err = {0};
    check_count++;
    if (pr_diff_compute(&d, &base, b, &err)) {
        check_failures++;
        fprintf(stderr, "line %d: diff failed: %s\n", line, err.msg);
        return;
    }
    int ok = d.n_people_changed == 1 && !d.n_people_added && !d.n_people_removed &&
             !d.n_changed && !d.n_added && !d.n_removed &&
             !strcmp(base.people[d.people_changed[0].a].id, id) &&
             d.people_changed[0].n_fields == 1 &&
             !strcmp(d.people_changed[0].fields[0].field, field) &&
             !strcmp(show(d.people_changed[0].fields[0].before), show(before)) &&
             !strcmp(show(d.people_changed[0].fields[0].after), show(after));
    if (!ok) {
        check_failures++;
        fprintf(stderr, "line %d: want only person %s %s '%s' -> '%s'; got %zu people changed "
                "(%zu fields), %zu added, %zu removed, %zu records changed\n", line, id, field,
                show(before), show(after), d.n_people_changed,
                d.n_people_changed ? d.people_changed[0].n_fields : 0, d.n_people_added,
                d.n_people_removed, d.n_changed);
    }
    pr_diff_release(&d);
}

/* Diff base against b: n_removed records removed and n_added added, no
 * record changed. */
static void expect_moved(int line, struct pr_snapshot *b, size_t removed, size_t added,
                         size_t people_removed, size_t people_added)
{
    struct pr_diff d;
    pr_error err = {0};
    check_count++;
    if (pr_diff_compute(&d, &base, b, &err) || d.n_removed != removed || d.n_added != added ||
        d.n_changed || d.n_people_removed != people_removed ||
        d.n_people_added != people_added || d.n_people_changed) {
        check_failures++;
        fprintf(stderr, "line %d: want %zu removed, %zu added (people %zu, %zu); got %zu, %zu "
                "(people %zu, %zu), %zu changed, %zu people changed\n", line, removed, added,
                people_removed, people_added, d.n_removed, d.n_added, d.n_people_removed,
                d.n_people_added, d.n_changed, d.n_people_changed);
    }
    pr_diff_release(&d);
}

#define FIELD(b, f, before, after) expect_field(__LINE__, b, f, before, after)
#define PERSON(b, id, f, before, after) expect_person_field(__LINE__, b, id, f, before, after)

int main(void)
{
    struct pr_snapshot b;
    struct pr_diff d;
    pr_error err = {0};
    load(&base);

    /* The same registry twice: nothing. */
    load(&b);
    CHECK_INT(pr_diff_compute(&d, &base, &b, &err), 0);
    CHECK(pr_diff_is_empty(&d));
    pr_diff_release(&d);
    pr_snapshot_release(&b);

    /* Every record field on http/tcp (assignee IESG in an <assignee>
     * block, contact IETF_Chair, rfc9110, a note, updated="2021-10-01"),
     * one at a time. */
#define EACH(stmt)                                                            \
    do {                                                                      \
        load(&b);                                                             \
        struct pr_record *r = find(&b, "http", "tcp");                        \
        (void)r;                                                              \
        stmt;                                                                 \
        pr_snapshot_release(&b);                                              \
    } while (0)
    EACH((set(&r->name, "hypertext"), FIELD(&b, "name", "http", "hypertext")));
    EACH((set(&r->description, "World Wide Web HTTP/1.1"),
          FIELD(&b, "description", "World Wide Web HTTP", "World Wide Web HTTP/1.1")));
    EACH((set(&r->description, NULL), FIELD(&b, "description", "World Wide Web HTTP", NULL)));
    EACH((set(&xref(r, PR_ROLE_ASSIGNEE, "person")->data, "IAB"),
          FIELD(&b, "assignee", "[IESG]", "[IAB]")));
    EACH((set(&xref(r, PR_ROLE_REF, "person")->data, "Jon_Postel"),
          FIELD(&b, "contact", "[IETF_Chair]", "[Jon_Postel]")));
    EACH((set(&r->date, "1995-01-01"), FIELD(&b, "registered", NULL, "1995-01-01")));
    EACH((set(&r->updated, "2026-01-15"), FIELD(&b, "updated", "2021-10-01", "2026-01-15")));
    EACH((set(&r->updated, NULL), FIELD(&b, "updated", "2021-10-01", NULL)));
    EACH((set(&xref(r, PR_ROLE_REF, "rfc")->data, "rfc9111"),
          FIELD(&b, "references", "[RFC9110]", "[RFC9111]")));
    EACH((set(&r->notes[0].text, "Defined TXT keys: u=<user>"),
          FIELD(&b, "notes",
                "Defined TXT keys: u=<username> p=<password> path=<path to document>",
                "Defined TXT keys: u=<user>")));
    EACH((set(&r->unauthorized, "Known Unauthorized Use on port 80"),
          FIELD(&b, "unauthorized", NULL, "Known Unauthorized Use on port 80")));
    EACH((set(&r->sc, "1213486160"), FIELD(&b, "service_code", NULL, "1213486160")));
#undef EACH

    /* A service code that changes (DCCP discard) and one that goes. */
    load(&b);
    set(&find(&b, "discard", "dccp")->sc, "1145656132");
    FIELD(&b, "service_code", "1145656131", "1145656132");
    pr_snapshot_release(&b);
    load(&b);
    set(&find(&b, "discard", "dccp")->sc, NULL);
    FIELD(&b, "service_code", "1145656131", NULL);
    pr_snapshot_release(&b);
    /* Unauthorized use that changes. */
    load(&b);
    for (size_t i = 0; i < b.n_records; i++)
        if (b.records[i].unauthorized && strstr(b.records[i].unauthorized, "port 796")) {
            set(&b.records[i].unauthorized, "Unauthorized Use Known on ports 796 and 797");
            break;
        }
    FIELD(&b, "unauthorized", "Unauthorized Use Known on port 796",
          "Unauthorized Use Known on ports 796 and 797");
    pr_snapshot_release(&b);

    /* Port and transport are the record's identity: a change is a removal
     * and an addition (and so is a protocol-less record's name). */
    load(&b);
    {
        struct pr_record *r = find(&b, "http", "tcp");
        set(&r->number, "8080");
        r->port_lo = r->port_hi = 8080;
    }
    expect_moved(__LINE__, &b, 1, 1, 0, 0);
    pr_snapshot_release(&b);
    load(&b);
    set(&find(&b, "http", "tcp")->protocol, "sctp");
    expect_moved(__LINE__, &b, 1, 1, 0, 0);
    pr_snapshot_release(&b);

    /* Every person field on Jon_Postel, one at a time; an id that changes
     * is another person. */
#define EACHP(stmt)                                                           \
    do {                                                                      \
        load(&b);                                                             \
        struct pr_person *p = person(&b, "Jon_Postel");                       \
        stmt;                                                                 \
        pr_snapshot_release(&b);                                              \
    } while (0)
    const struct pr_person *jp = person(&base, "Jon_Postel");
    char *name = strdup(jp->name), *org = jp->org ? strdup(jp->org) : NULL,
         *uri = strdup(jp->uri), *upd = jp->updated ? strdup(jp->updated) : NULL;
    EACHP((set(&p->name, "Jonathan B. Postel"),
           PERSON(&b, "Jon_Postel", "name", name, "Jonathan B. Postel")));
    EACHP((set(&p->org, "ISI"), PERSON(&b, "Jon_Postel", "org", org, "ISI")));
    EACHP((set(&p->uri, "mailto:jbp@isi.edu"),
           PERSON(&b, "Jon_Postel", "uri", uri, "mailto:jbp@isi.edu")));
    EACHP((set(&p->uri, "mailto:postel@isi.edu\nhttps://www.postel.org/"),
           PERSON(&b, "Jon_Postel", "uri", uri, "mailto:postel@isi.edu\nhttps://www.postel.org/")));
    EACHP((set(&p->updated, "2026-01-15"), PERSON(&b, "Jon_Postel", "updated", upd, "2026-01-15")));
    EACHP((set(&p->id, "Jon_Postel_2"), expect_moved(__LINE__, &b, 0, 0, 1, 1)));
#undef EACHP
    free(name);
    free(org);
    free(uri);
    free(upd);

    /* The header: title and updated. */
    load(&b);
    set(&b.updated, "2026-01-15");
    CHECK_INT(pr_diff_compute(&d, &base, &b, &err), 0);
    CHECK_INT(d.n_header, 1);
    CHECK(d.n_header == 1 && !strcmp(d.header[0].field, "updated") &&
          !strcmp(show(d.header[0].before), "2024-03-18") &&
          !strcmp(show(d.header[0].after), "2026-01-15"));
    CHECK_INT(d.n_changed + d.n_added + d.n_removed, 0);
    pr_diff_release(&d);
    pr_snapshot_release(&b);
    load(&b);
    set(&b.title, "Port Numbers");
    CHECK_INT(pr_diff_compute(&d, &base, &b, &err), 0);
    CHECK(d.n_header == 1 && !strcmp(d.header[0].field, "title"));
    pr_diff_release(&d);
    pr_snapshot_release(&b);

    pr_snapshot_release(&base);
    return check_status();
}
