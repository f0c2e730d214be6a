/* test_history_fields.c - what `history` names as changed between two
 * states of a record (pr_history_record_fields): each field alone, a field
 * that appears or goes, the date of the change named only when nothing
 * else changed, names collected over several records once each ("date"
 * inside "updated" is another name); and pr_history_record_same. */
#include "check.h"
#include "history_int.h"

static void base(struct pr_record *r)
{
    pr_record_init(r);
    r->name = strdup("svc");
    r->protocol = strdup("dccp");
    r->number = strdup("5000");
    r->description = strdup("Service");
    r->sc = strdup("1");
    r->date = strdup("2020-01-01");
    r->updated = strdup("2021-01-01");
    pr_record_add_xref(r, PR_ROLE_ASSIGNEE, "person", "Ann", NULL);
    pr_record_add_xref(r, PR_ROLE_CONTACT, "person", "Bob", NULL);
    pr_record_add_xref(r, PR_ROLE_REF, "rfc", "rfc1", NULL);
    pr_record_add_xref(r, PR_ROLE_REF, "text", NULL, "see the docs");
    pr_record_add_note(r, "note one", "note one");
}

static void set(char **slot, const char *v)
{
    free(*slot);
    *slot = v ? strdup(v) : NULL;
}

static void expect(void (*change)(struct pr_record *), const char *want, int at)
{
    struct pr_record a, b;
    char fields[128] = "";
    base(&a);
    base(&b);
    change(&b);
    pr_history_record_fields(&a, &b, fields, sizeof fields);
    if (strcmp(fields, want))
        fprintf(stderr, "case at line %d: '%s', want '%s'\n", at, fields, want);
    CHECK_STR(fields, want);
    CHECK_INT(pr_history_record_same(&a, &b), !*want);
    pr_record_release(&a);
    pr_record_release(&b);
}
#define EXPECT(fn, want) expect(fn, want, __LINE__)

static void ch_none(struct pr_record *r) { (void)r; }
static void ch_name(struct pr_record *r) { set(&r->name, "other"); }
static void ch_protocol(struct pr_record *r) { set(&r->protocol, "tcp"); }
static void ch_number(struct pr_record *r) { set(&r->number, "5001"); }
static void ch_desc_and_date(struct pr_record *r)
{
    set(&r->description, "New");
    set(&r->updated, "2026-01-15");
}
static void ch_updated(struct pr_record *r) { set(&r->updated, "2026-01-15"); }
static void ch_no_updated(struct pr_record *r) { set(&r->updated, NULL); }
static void ch_date(struct pr_record *r) { set(&r->date, "2020-02-02"); }
static void ch_sc(struct pr_record *r) { set(&r->sc, NULL); }
static void ch_unauth(struct pr_record *r) { set(&r->unauthorized, "someone"); }
static void ch_assignee(struct pr_record *r) { set(&r->xrefs[0].data, "Cy"); }
static void ch_contact(struct pr_record *r) { set(&r->xrefs[1].data, "Cy"); }
static void ch_ref_text(struct pr_record *r) { set(&r->xrefs[3].text, "see elsewhere"); }
static void ch_note(struct pr_record *r) { pr_record_add_note(r, "note two", "note two"); }

int main(void)
{
    EXPECT(ch_none, "");
    EXPECT(ch_name, "name");
    EXPECT(ch_protocol, "protocol");
    EXPECT(ch_number, "number");
    EXPECT(ch_desc_and_date, "description");
    EXPECT(ch_updated, "updated");
    EXPECT(ch_no_updated, "updated");
    EXPECT(ch_date, "date");
    EXPECT(ch_sc, "sc");
    EXPECT(ch_unauth, "unauthorized");
    EXPECT(ch_assignee, "assignee");
    EXPECT(ch_contact, "contact");
    EXPECT(ch_ref_text, "references");
    EXPECT(ch_note, "notes");

    /* Over several records of one change: each name once. */
    struct pr_record a, b, c;
    char fields[128] = "";
    base(&a);
    base(&b);
    base(&c);
    ch_updated(&b);
    ch_date(&c);
    ch_sc(&c);
    pr_history_record_fields(&a, &b, fields, sizeof fields);
    pr_history_record_fields(&a, &c, fields, sizeof fields);
    pr_history_record_fields(&a, &c, fields, sizeof fields);
    CHECK_STR(fields, "updated, sc, date");
    pr_record_release(&a);
    pr_record_release(&b);
    pr_record_release(&c);
    return check_status();
}
