/* test_edit_modify.c - what modify does with lists and references
 * (registry/edit.c): "notes="/"references=" as their singular, several
 * note= items in order, contact= items kept, resolved ("Name <mail>" adds
 * the person) and named twice once, the same values again recording
 * nothing; pr_edit_references_text, the references as modify takes them. */
#include "check_store.h"
#include "edit.h"

static pr_store *s;

#define SETS(...) ((const char *const[]){__VA_ARGS__}), \
                  sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

static long long history_count(void)
{
    char *v = check_sql_text(s, "SELECT count(*) FROM history");
    long long n = v ? atoll(v) : -1;
    free(v);
    return n;
}

#define CHECK_SQL(sql, want)                                                            \
    do {                                                                                \
        char *v_ = check_sql_text(s, sql);                                              \
        CHECK_STR(v_ ? v_ : "(none)", want);                                            \
        free(v_);                                                                       \
    } while (0)

#define XREFS(name, proto)                                                              \
    "SELECT group_concat(x.role || ':' || x.type || ':' || coalesce(x.data, '') || ':' || " \
    "coalesce(x.text, ''), ' ') FROM record r JOIN xref x ON x.record_id = r.id "       \
    "WHERE r.name = '" name "' AND r.protocol = '" proto "' ORDER BY x.pos"

int main(void)
{
    char *db;
    struct pr_edit_result res;
    pr_error err = {0};
    s = check_store(PR_TESTDATA "/sample.xml", &db);

    /* The references a record has, again: nothing recorded. */
    CHECK_SQL(XREFS("discard", "sctp"), "0:person:Randall_Stewart: 0:rfc:rfc9260:");
    CHECK_INT(pr_edit_modify(s, "discard", "sctp", SETS("references=RFC9260"), &res, &err), 0);
    CHECK(res.unchanged);
    CHECK_STR(res.summary, "'discard' on sctp already has that reference");
    CHECK_INT(history_count(), 0);

    /* New references: the person stays, the list is replaced. */
    CHECK_INT(pr_edit_modify(s, "discard", "sctp",
                             SETS("references=RFC 9260, https://x.example/a?b=1&c=2"), &res,
                             &err), 0);
    CHECK(!res.unchanged);
    CHECK_STR(res.summary, "modify discard/sctp: reference (1 record)");
    CHECK_SQL(XREFS("discard", "sctp"),
              "0:person:Randall_Stewart: 0:rfc:rfc9260: 0:uri:https://x.example/a?b=1&c=2:");

    /* Notes in the order given; empty items left out. */
    CHECK_INT(pr_edit_modify(s, "echo", "tcp", SETS("notes=first", "notes=", "note=second & <x>"),
                             &res, &err), 0);
    CHECK_STR(res.summary, "modify echo/tcp: note (1 record)");
    CHECK_SQL("SELECT group_concat(n.text, '|') FROM record r JOIN note n ON n.record_id = r.id "
              "WHERE r.name = 'echo' AND r.protocol = 'tcp'", "first|second & <x>");
    CHECK_INT(pr_edit_modify(s, "echo", "tcp", SETS("note=first", "note=second & <x>"), &res,
                             &err), 0);
    CHECK(res.unchanged);

    /* Contacts: a known id kept, "Name <mail>" a new person, one named
     * twice once; the person the record named for both roles becomes its
     * assignee. */
    long long before = history_count();
    CHECK_INT(pr_edit_modify(s, "echo", "udp",
                             SETS("contact=Jon_Postel", "contact=Jane Doe <jane@example.com>",
                                  "contact=Jon_Postel"), &res, &err), 0);
    CHECK_STR(res.summary, "modify echo/udp: contact (1 record)");
    CHECK_INT(history_count(), before + 1);
    CHECK_SQL(XREFS("echo", "udp"), "1:person:Jon_Postel: 0:person:Jon_Postel: 0:person:Jane_Doe:");
    CHECK_SQL("SELECT uri FROM person WHERE id = 'Jane_Doe'", "mailto:jane&example.com");
    CHECK_INT(pr_edit_modify(s, "echo", "udp", SETS("contact=Jon_Postel", "contact=Jane_Doe"),
                             &res, &err), 0);
    CHECK(res.unchanged);
    /* No contact left: refused, nothing changed. */
    before = history_count();
    CHECK_INT(pr_edit_modify(s, "echo", "udp", SETS("contact="), &res, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "the contact is required") != NULL);
    CHECK_INT(history_count(), before);
    /* An unauthorized use the record does not have, cleared: no change. */
    CHECK_INT(pr_edit_modify(s, "echo", "udp", SETS("unauthorized="), &res, &err), 0);
    CHECK(res.unchanged);

    /* The references as modify takes them back; exact unless the record
     * holds an xref reference= would drop (here a note number). */
    struct pr_record r;
    int exact = -1;
    pr_record_init(&r);
    pr_record_add_xref(&r, PR_ROLE_ASSIGNEE, "person", "Ann", NULL);
    pr_record_add_xref(&r, PR_ROLE_REF, "person", "Bob", NULL);
    pr_record_add_xref(&r, PR_ROLE_REF, "rfc", "rfc4340", NULL);
    pr_record_add_xref(&r, PR_ROLE_REF, "draft", "draft-x-y", NULL);
    pr_record_add_xref(&r, PR_ROLE_REF, "text", NULL, "ITU-T X.1");
    char *t = pr_edit_references_text(&r, &exact);
    CHECK_STR(t, "RFC4340, draft-x-y, ITU-T X.1");
    CHECK_INT(exact, 1);
    free(t);
    pr_record_add_xref(&r, PR_ROLE_REF, "note", "1", NULL);
    t = pr_edit_references_text(&r, &exact);
    CHECK_STR(t, "RFC4340, draft-x-y, ITU-T X.1");
    CHECK_INT(exact, 0);
    free(t);
    pr_record_release(&r);

    pr_store_free(s);
    check_rmdb(db);
    return check_status();
}
