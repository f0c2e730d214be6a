/* test_edit_refuse.c - every refusal of the edit procedures (modify,
 * de-assign, revoke, reserve) with the message and field a user sees, and
 * the database exactly as it was after each: no record, no history entry
 * changed. */
#include "check_store.h"
#include "edit.h"


static pr_store *s;

static char *text(const char *sql)
{
    return check_sql_text(s, sql);
}

/* Everything an edit could touch, as one string. */
static char *snapshot(void)
{
    return text("SELECT (SELECT count(*) FROM history) || ';' || (SELECT group_concat("
                "coalesce(name,'') || '/' || coalesce(protocol,'') || '/' || coalesce(number,'') "
                "|| '/' || coalesce(description,'') || '/' || coalesce(updated,'') || '/' || "
                "coalesce(raw,''), '|') FROM record) || ';' || (SELECT group_concat(id || "
                "coalesce(name,'') || coalesce(uri,''), '|') FROM person)");
}

/* rc is what the edit returned; want_rc, a part of its message and the
 * field it names (NULL: none) are what it should be; the database must be
 * as it was. */
static void refused(int rc, const pr_error *err, int want_rc, const char *msg,
                    const char *field, const char *before, int at)
{
    char *after = snapshot();
    if (rc != want_rc || !strstr(err->msg, msg))
        fprintf(stderr, "case at line %d: rc %d '%s' (want %d, '%s')\n", at, rc, err->msg,
                want_rc, msg);
    CHECK_INT(rc, want_rc);
    CHECK(strstr(err->msg, msg) != NULL);
    CHECK_STR(err->field, field ? field : "");
    CHECK(after && before && !strcmp(after, before));
    free(after);
}

#define REFUSED(call, want_rc, msg, field)                                              \
    do {                                                                                \
        pr_error err_ = {0};                                                            \
        pr_error *err = &err_;                                                          \
        struct pr_edit_result res_;                                                     \
        struct pr_edit_result *res = &res_;                                             \
        (void)res;                                                                      \
        int rc_ = (call);                                                               \
        refused(rc_, err, want_rc, msg, field, before, __LINE__);                       \
    } while (0)

#define SETS(...) ((const char *const[]){__VA_ARGS__}), \
                  sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

static void test_modify(const char *before)
{
    REFUSED(pr_edit_modify(s, "echo", NULL, NULL, 0, res, err), PR_EINVAL,
            "nothing to change: no field given", NULL);
    REFUSED(pr_edit_modify(s, "echo", NULL, SETS("description"), res, err), PR_EINVAL,
            "'description' is not FIELD=VALUE", NULL);
    REFUSED(pr_edit_modify(s, "echo", NULL, SETS("note=n", "assignee=Jon_Postel"), res, err),
            PR_EREFUSED, "the assignee of 'echo' is never changed in place", NULL);
    static const char *const fixed[] = {"name", "protocol", "port", "number"};
    for (size_t i = 0; i < 4; i++) {
        char set[32], want[80];
        snprintf(set, sizeof set, "%s=1", fixed[i]);
        snprintf(want, sizeof want, "the %s of 'echo' is not changed in place", fixed[i]);
        REFUSED(pr_edit_modify(s, "echo", NULL, SETS(set), res, err), PR_EREFUSED, want, NULL);
    }
    REFUSED(pr_edit_modify(s, "echo", NULL, SETS("colour=red"), res, err), PR_EINVAL,
            "unknown field 'colour' (expected description, contact, note, reference or "
            "unauthorized)", NULL);
    REFUSED(pr_edit_modify(s, "echo", NULL, SETS("description="), res, err), PR_EINVAL,
            "description may not be empty", "description");
    REFUSED(pr_edit_modify(s, "echo", NULL, SETS("description=a\x1b" "[2Jb"), res, err), PR_EINVAL,
            "description: control character U+001B", "description");
    REFUSED(pr_edit_modify(s, "echo", NULL, SETS("unauthorized=a\xe2\x80\xae" "b"), res, err),
            PR_EINVAL, "unauthorized: invisible format character U+202E", "unauthorized");
    REFUSED(pr_edit_modify(s, "echo", "tcpx", SETS("note=n"), res, err), PR_EINVAL,
            "tcpx", "protocol");
    REFUSED(pr_edit_modify(s, "nosuch", NULL, SETS("note=n"), res, err), PR_ENOTFOUND,
            "no service 'nosuch'", NULL);
    REFUSED(pr_edit_modify(s, "echo", "sctp", SETS("note=n"), res, err), PR_ENOTFOUND,
            "no service 'echo' on sctp", NULL);

    /* The same values again change nothing and record nothing. */
    struct pr_edit_result res;
    pr_error err = {0};
    CHECK_INT(pr_edit_modify(s, "echo", "udp", SETS("description=Echo"), &res, &err), 0);
    CHECK(res.unchanged);
    CHECK_STR(res.summary, "'echo' on udp already has that description");
    char *after = snapshot();
    CHECK_STR(after, before);
    free(after);
}

static void test_withdraw(const char *before)
{
    REFUSED(pr_edit_deassign(s, "echo", NULL, "", res, err), PR_EINVAL,
            "de-assigning 'echo' needs a reason", "reason");
    REFUSED(pr_edit_deassign(s, "echo", NULL, NULL, res, err), PR_EINVAL,
            "de-assigning 'echo' needs a reason", "reason");
    REFUSED(pr_edit_deassign(s, "echo", "tcpx", "r", res, err), PR_EINVAL, "tcpx", "protocol");
    REFUSED(pr_edit_deassign(s, "nosuch", NULL, "r", res, err), PR_ENOTFOUND,
            "no service 'nosuch'", NULL);
    REFUSED(pr_edit_deassign(s, "echo", "sctp", "r", res, err), PR_EREFUSED,
            "'echo' has no port on sctp to deassign", NULL);
    REFUSED(pr_edit_deassign(s, "argus", NULL, "r", res, err), PR_EREFUSED,
            "'argus' has no port to deassign", NULL);
    REFUSED(pr_edit_revoke(s, "echo", NULL, "", "IESG", res, err), PR_EREFUSED,
            "revoking 'echo' needs a reason: RFC 6335 §8.4", "reason");
    REFUSED(pr_edit_revoke(s, "echo", NULL, "unused", "", res, err), PR_EREFUSED,
            "revoking 'echo' needs the IESG's approval", "approved_by");
    REFUSED(pr_edit_revoke(s, "echo", NULL, "unused", NULL, res, err), PR_EREFUSED,
            "revoking 'echo' needs the IESG's approval", "approved_by");
    REFUSED(pr_edit_revoke(s, "echo", NULL, "unused", "IESG\x07", res, err), PR_EINVAL,
            "approved_by: control character U+0007", "approved_by");
    REFUSED(pr_edit_revoke(s, "echo", NULL, "unused\x7f", "IESG", res, err), PR_EINVAL,
            "reason: control character U+007F", "reason");
}

static void test_reserve(const char *before)
{
    REFUSED(pr_edit_reserve(s, -1, "tcp", "r", res, err), PR_EINVAL, "invalid port -1", NULL);
    REFUSED(pr_edit_reserve(s, 65536, "tcp", "r", res, err), PR_EINVAL, "invalid port 65536",
            NULL);
    REFUSED(pr_edit_reserve(s, 65535, "tcp", "r", res, err), PR_EREFUSED,
            "port 65535 is in the dynamic range", NULL);
    REFUSED(pr_edit_reserve(s, 49152, "udp", "r", res, err), PR_EREFUSED,
            "port 49152 is in the dynamic range", NULL);
    REFUSED(pr_edit_reserve(s, 49151, "udp", "r", res, err), PR_EEXIST,
            "port 49151/udp is not unassigned (reserved)", NULL);
    REFUSED(pr_edit_reserve(s, 7, "tcp", "r", res, err), PR_EEXIST,
            "port 7/tcp is not unassigned (assigned: echo)", NULL);
    REFUSED(pr_edit_reserve(s, 4, "tcp", "", res, err), PR_EINVAL,
            "a reservation needs a reason", "reason");
    REFUSED(pr_edit_reserve(s, 4, "tcp", NULL, res, err), PR_EINVAL,
            "a reservation needs a reason", "reason");
    REFUSED(pr_edit_reserve(s, 4, "ip", "r", res, err), PR_EINVAL, "ip", "protocol");
    REFUSED(pr_edit_reserve(s, 4, "tcp", "r\xc2\x9b", res, err), PR_EINVAL,
            "reason: control character U+009B", "reason");
}

static void test_person(const char *before)
{
    REFUSED(pr_edit_person_add(s, "", "N", NULL, "mailto:n@x", res, err), PR_EINVAL,
            "a person id is required", NULL);
    REFUSED(pr_edit_person_add(s, NULL, "N", NULL, "mailto:n@x", res, err), PR_EINVAL,
            "a person id is required", NULL);
    static const char *const bad_ids[] = {"Jo Doe", "Jo\tDoe", "Jo\"Doe", "Jo<Doe", "Jo>Doe",
                                          "Jo&Doe"};
    for (size_t i = 0; i < sizeof bad_ids / sizeof *bad_ids; i++)
        REFUSED(pr_edit_person_add(s, bad_ids[i], "N", NULL, "mailto:n@x", res, err), PR_EINVAL,
                "may not hold spaces, quotes, '<', '>' or '&' (IANA writes First_Last)", NULL);
    REFUSED(pr_edit_person_add(s, "Jo_Doe", "N", NULL, "", res, err), PR_EINVAL,
            "person 'Jo_Doe' needs a URI (mailto: or http)", "uri");
    REFUSED(pr_edit_person_add(s, "Jo_Doe", "N", NULL, NULL, res, err), PR_EINVAL,
            "person 'Jo_Doe' needs a URI", "uri");
    REFUSED(pr_edit_person_add(s, "Jon_Postel", "Jon", NULL, "a@b", res, err), PR_EEXIST,
            "person 'Jon_Postel' already exists (change it instead of adding it)", NULL);
    REFUSED(pr_edit_person_modify(s, "Jon_Postel", NULL, NULL, NULL, res, err), PR_EINVAL,
            "nothing to change: no name, organization or URI given", NULL);
    REFUSED(pr_edit_person_modify(s, "No_Body", "N", NULL, NULL, res, err), PR_ENOTFOUND,
            "No_Body", NULL);
    REFUSED(pr_edit_person_modify(s, "Jon_Postel", "Jon\x1b", NULL, NULL, res, err), PR_EINVAL,
            "name: control character U+001B", "name");

    /* His own details again: nothing recorded. */
    char *name = text("SELECT name FROM person WHERE id='Jon_Postel'");
    char *uri = text("SELECT uri FROM person WHERE id='Jon_Postel'");
    struct pr_edit_result res;
    pr_error err = {0};
    CHECK(name && uri);
    CHECK_INT(pr_edit_person_modify(s, "Jon_Postel", name, NULL, uri, &res, &err), 0);
    CHECK(res.unchanged);
    CHECK_STR(res.summary, "person 'Jon_Postel' already has those details");
    free(name);
    free(uri);

    /* Ids made from names: words joined by '_', non-ASCII kept, cut to fit. */
    static const struct { const char *name; size_t len; const char *id; } ids[] = {
        {"Jane Q. Doe", 64, "Jane_Q_Doe"}, {" -Jane- ", 64, "Jane"},
        {"Zo\xc3\xab \xc3\x84rm", 64, "Zo\xc3\xab_\xc3\x84rm"}, {"Jane Doe", 5, "Jane"},
        {"Jane Doe", 7, "Jane_D"}, {"", 8, ""},
    };
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        char out[64] = "unchanged";
        pr_person_id_from_name(ids[i].name, out, ids[i].len);
        CHECK_STR(out, ids[i].id);
    }
    char out[4] = "abc";
    pr_person_id_from_name("Jane", out, 0);
    CHECK_STR(out, "abc");
}

/* An assignment's own checks, before any review. */
static void test_assign(const char *before)
{
    static const struct pr_findings none;
    struct pr_assign a;
    pr_assign_init(&a);
    a.name = "newsvc";
    a.protocols = "tcp";
    a.port = 5000;
    a.description = "New service";
    a.assignee = "Jane Doe <jane@example.com>";
    a.review = &none;
    static const struct { int port; int rc; const char *msg; } ports[] = {
        {65536, PR_EINVAL, "invalid port 65536"}, {-3, PR_EINVAL, "invalid port -3"},
        {49152, PR_EREFUSED, "port 49152 is in the dynamic range"},
        {65535, PR_EREFUSED, "port 65535 is in the dynamic range"},
    };
    for (size_t i = 0; i < sizeof ports / sizeof *ports; i++) {
        a.port = ports[i].port;
        REFUSED(pr_edit_assign(s, &a, res, err), ports[i].rc, ports[i].msg, NULL);
    }
    a.port = 5000;
    a.description = "";
    REFUSED(pr_edit_assign(s, &a, res, err), PR_EINVAL, "a description is required",
            "description");
    a.description = "New service";
    a.force = 1;
    REFUSED(pr_edit_assign(s, &a, res, err), PR_EINVAL, "overriding the review needs a reason",
            "reason");
    a.force = 0;
    static const struct { const char *spec; int rc; const char *msg; } people[] = {
        {"", PR_EINVAL, "the assignee is required (\"Name <mail>\" or a person id)"},
        {"Jane <jane>", PR_EINVAL, "assignee 'Jane <jane>' is not \"Name <mail>\""},
        {"Jane <jane@x", PR_EINVAL, "is not \"Name <mail>\""},
        {"Jane <jane@x> and co", PR_EINVAL, "is not \"Name <mail>\""},
        {"No_Body", PR_ENOTFOUND, "unknown person 'No_Body' for the assignee (give \"Name "
                                  "<mail>\" to add one)"},
    };
    for (size_t i = 0; i < sizeof people / sizeof *people; i++) {
        a.assignee = people[i].spec;
        REFUSED(pr_edit_assign(s, &a, res, err), people[i].rc, people[i].msg, "assignee");
    }
    a.assignee = "Jon_Postel";
    a.contact = "Jane <jane@x> and co";
    REFUSED(pr_edit_assign(s, &a, res, err), PR_EINVAL,
            "contact 'Jane <jane@x> and co' is not \"Name <mail>\"", "contact");
    a.contact = NULL;

    /* Ports and names others hold (Jane is not Jon Postel). */
    a.assignee = "Jane Doe <jane@example.com>";
    static const struct { const char *name, *protos; int port; int rc; const char *msg; } held[] = {
        {"newsvc", "tcp", 7, PR_EEXIST, "port 7/tcp is already assigned to 'echo'"},
        {"newsvc", "udp", 0, PR_EREFUSED, "port 0/udp is Reserved for good (RFC 6335 §6); it is "
                                          "never assigned, not even with --force"},
        {"newsvc", "udp", 143, PR_EREFUSED, "port 143/udp is Reserved; a de-assigned port is "
                                            "given again only by reuse (RFC 6335 §8.3)"},
        {"newsvc", "udp", 49151, PR_EREFUSED, "port 49151/udp is Reserved for good"},
        {"newsvc", "tcp", 6080, PR_EREFUSED, "port 6080/udp is assigned to 'gue' of another "
                                             "assignee; RFC 6335 §8.1 keeps a number's "
                                             "transports with one assignee"},
        {"echo", "tcp", 5000, PR_EEXIST, "service name 'echo' is already assigned (7/tcp)"},
        {"echo", "", PR_ASSIGN_NO_PORT, PR_EEXIST, "service name 'echo' is already assigned"},
        {"argus", "tcp", 5000, PR_EEXIST, "service name 'argus' is already registered to another "
                                          "assignee"},
        {"argus", "", PR_ASSIGN_NO_PORT, PR_EEXIST, "service name 'argus' is already registered"},
    };
    for (size_t i = 0; i < sizeof held / sizeof *held; i++) {
        a.name = held[i].name;
        a.protocols = held[i].protos;
        a.port = held[i].port;
        REFUSED(pr_edit_assign(s, &a, res, err), held[i].rc, held[i].msg, NULL);
    }
}

int main(void)
{
    char *db;
    s = check_store(PR_TESTDATA "/sample.xml", &db);
    char *before = snapshot();
    CHECK(before != NULL && strlen(before) > 1000);
    test_modify(before);
    test_withdraw(before);
    test_reserve(before);
    test_person(before);
    test_assign(before);
    free(before);
    pr_store_free(s);
    check_rmdb(db);
    return check_status();
}
