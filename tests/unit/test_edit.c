/* test_edit.c - the RFC 6335 §8 procedures (registry/edit.c) and the
 * history with undo (registry/history.c) on the sample registry. */
#include "check.h"
#include "edit.h"
#include "importers.h"

#include <sqlite3.h>

static pr_store *s;

static long long count(const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(pr_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *text(const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(pr_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

#define CHECK_TEXT(sql, want)                                                            \
    do {                                                                                 \
        char *t_ = text(sql);                                                            \
        CHECK_STR(t_, want);                                                             \
        free(t_);                                                                        \
    } while (0)

/* Numbered records must stay in port order, transports tcp<udp<sctp<dccp,
 * seqs distinct: the contract the XML writer relies on. */
struct order { int last_port, last_rank, bad; long long last_seq; char last_name[32]; };
static int order_cb(const struct pr_record *r, void *ud)
{
    struct order *o = ud;
    if (r->seq == o->last_seq)
        o->bad++;
    o->last_seq = r->seq;
    if (r->port_lo < 0)
        return 0;
    int rank = !r->protocol ? 0 : !strcmp(r->protocol, "tcp") ? 1 : !strcmp(r->protocol, "udp") ? 2
             : !strcmp(r->protocol, "sctp") ? 3 : 4;
    /* IANA: by number, then name, then transport */
    const char *nm = r->name ? r->name : "";
    if (r->port_lo < o->last_port ||
        (r->port_lo == o->last_port && !strcmp(nm, o->last_name) && rank < o->last_rank)) {
        fprintf(stderr, "out of order: %s %s/%s after port %d\n", r->name ? r->name : "",
                r->number, r->protocol ? r->protocol : "", o->last_port);
        o->bad++;
    }
    o->last_port = r->port_lo;
    o->last_rank = rank;
    snprintf(o->last_name, sizeof o->last_name, "%s", nm);
    return 0;
}

static int in_order(void)
{
    struct order o = {-1, -1, 0, -1, ""};
    pr_store_each_record(s, order_cb, &o, NULL);
    return o.bad == 0;
}

/* A review that found nothing, for the procedures' own checks. */
static const struct pr_findings no_findings;

static void assign_one(struct pr_assign *a, const char *name, const char *proto, int port)
{
    pr_assign_init(a);
    a->name = name;
    a->protocols = proto;
    a->port = port;
    a->description = "Test service";
    a->assignee = "Jane Doe <jane@example.com>";
    a->justification = "clients behind firewalls need a fixed port";
    a->security = "TLS 1.3";
    a->review = &no_findings; /* the procedures' own checks; the review is tested below */
}

int main(void)
{
    char *db = check_tmpdb();
    pr_error err = {0};
    struct pr_import_result ir;
    struct pr_edit_result res;
    struct pr_assign a;
    long long now;
    CHECK(pr_store_open(&s, db, PR_STORE_CREATE, &err) == 0);
    CHECK_INT(pr_time_parse("2026-01-15T12:00:00Z", &now), 0);
    CHECK_INT(pr_store_set_clock(s, now, &err), 0);
    CHECK_INT(pr_store_set_author(s, "tester", &err), 0);
    CHECK(pr_import_file(s, PR_TESTDATA "/sample.xml", NULL, 0, &ir, &err) == 0);
    CHECK_INT(pr_history_edits_since_import(s, &err), 0);
    char *raw_range = text("SELECT raw FROM record WHERE number='49002-49149'");
    CHECK(raw_range != NULL);

    /* The rules engine reviews first: a reject stops the assignment unless
     * forced with a reason; nothing is written. */
    assign_one(&a, "myproto", "tcp", -1);
    a.review = NULL;
    a.justification = NULL;
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EREFUSED);
    CHECK(res.rejected);
    CHECK(strstr(err.msg, "missing-field") != NULL);
    a.force = 1;
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EINVAL);
    struct pr_findings fs;
    pr_findings_init(&fs);
    a.force = 0;
    a.name = "http";
    a.justification = "needed";
    CHECK_INT(pr_edit_review_assign(s, &a, &fs, &err), PR_EREFUSED);
    int taken = 0;
    for (size_t i = 0; i < fs.n; i++)
        taken |= !strcmp(fs.items[i].rule, "name-taken");
    CHECK(taken);
    /* The caller's findings are judged, not run again: their reject
     * refuses, and an empty review lets the procedure's own check speak. */
    a.review = &fs;
    memset(&res, 0, sizeof res);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EREFUSED);
    CHECK(res.rejected);
    CHECK(strstr(err.msg, "name-taken") != NULL);
    a.review = &no_findings;
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EEXIST);
    a.review = NULL;
    pr_findings_release(&fs);
    CHECK_INT(count("SELECT count(*) FROM history"), 0);

    /* §8.1: --port any, tcp only: udp becomes Reserved for the assignee. */
    assign_one(&a, "myproto", "tcp", -1);
    a.review = NULL; /* passes the review */
    a.reference = "RFC9999";
    a.note = "Defined TXT keys: None";
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), 0);
    CHECK_INT(res.port, 1025);
    CHECK_INT(res.change_id, 1);
    CHECK_STR(res.summary, "assign myproto 1025/tcp; reserved 1025/udp");
    CHECK_TEXT("SELECT layout||'|'||date||'|'||(raw IS NULL) FROM record WHERE name='myproto'",
               "npAxdx#N|2026-01-15|1");
    CHECK_TEXT("SELECT group_concat(role||type||coalesce(data,''), ' ') FROM xref JOIN record "
               "ON record.id = record_id WHERE name='myproto'",
               "1personJane_Doe 0personJane_Doe 0rfcrfc9999");
    CHECK_TEXT("SELECT description||'|'||layout FROM record WHERE port_lo=1025 AND protocol='udp'",
               "Reserved|pxd#");
    CHECK_TEXT("SELECT uri||'|'||(raw IS NULL) FROM person WHERE id='Jane_Doe'",
               "mailto:jane&example.com|1");
    CHECK_TEXT("SELECT value FROM meta WHERE key='updated'", "2026-01-15");
    CHECK_INT(pr_history_edits_since_import(s, &err), 1);
    CHECK(in_order());

    /* The same person is reused by address; refusals change nothing. */
    long long before = count("SELECT count(*) FROM history");
    assign_one(&a, "myproto", "udp", -1);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EEXIST);
    assign_one(&a, "other", "tcp", 80);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EEXIST);
    CHECK(strstr(err.msg, "port 80/tcp is already assigned to 'http'") != NULL);
    assign_one(&a, "other", "tcp", 50000);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EREFUSED);
    assign_one(&a, "bad--name", "tcp", -1);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EINVAL);
    assign_one(&a, "other", "tcp,quic", -1);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EINVAL);
    assign_one(&a, "other", "udp", 143); /* Reserved, not for Jane */
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EREFUSED);
    CHECK(strstr(err.msg, "§8.3") != NULL);
    /* the library's own bounds, whatever the front end let through */
    assign_one(&a, "other", "tcp", 65536);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EINVAL);
    CHECK_STR(err.msg, "invalid port 65536");
    assign_one(&a, "other-", "tcp", -1);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "may not begin or end with a hyphen") != NULL);
    assign_one(&a, "other", "tcp", -1);
    a.force = 1;
    a.reason = ""; /* an empty reason is none */
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EINVAL);
    CHECK_STR(err.field, "reason");
    CHECK_INT(count("SELECT count(*) FROM history"), before);
    CHECK_INT(count("SELECT count(*) FROM person WHERE id LIKE 'Jane_Doe%'"), 1);

    /* The reserved udp is the assignee's: adding it to the service works. */
    assign_one(&a, "myproto", "udp", 1025);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), 0);
    CHECK_INT(count("SELECT count(*) FROM record WHERE port_lo=1025"), 2);
    CHECK_INT(count("SELECT count(*) FROM record WHERE name='myproto'"), 2);

    /* A service name alone (no port, e.g. for DNS-SD). */
    assign_one(&a, "myname", NULL, PR_ASSIGN_NO_PORT);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), 0);
    CHECK_STR(res.summary, "assign myname (service name only)");
    CHECK_TEXT("SELECT layout||'|'||date FROM record WHERE name='myname' AND port_lo IS NULL",
               "nAxd|2026-01-15");
    CHECK(count("SELECT seq FROM record WHERE name='myname'") >
          count("SELECT max(seq) FROM record WHERE port_lo IS NOT NULL"));
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EEXIST);
    CHECK_INT(pr_history_undo(s, 0, 0, &res, &err), 0);

    /* Splitting an imported Unassigned range, and undo restoring its bytes. */
    assign_one(&a, "rangetest", "tcp", 49100);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), 0);
    long long split_change = res.change_id;
    CHECK_TEXT("SELECT group_concat(number, ' ') FROM (SELECT number FROM record WHERE "
               "port_lo BETWEEN 49002 AND 49149 ORDER BY seq)",
               "49002-49099 49100 49100 49101-49149");
    CHECK(in_order());
    CHECK_INT(pr_history_undo(s, split_change, 0, &res, &err), 0);
    char want_summary[64];
    snprintf(want_summary, sizeof want_summary, "undo change %lld", split_change);
    CHECK_STR(res.summary, want_summary);
    char *raw_back = text("SELECT raw FROM record WHERE number='49002-49149'");
    CHECK_STR(raw_back, raw_range);
    free(raw_back);
    CHECK_INT(count("SELECT count(*) FROM record WHERE port_lo BETWEEN 49002 AND 49149"), 1);
    CHECK_INT(pr_history_undo(s, split_change, 0, &res, &err), PR_EREFUSED); /* already */

    /* §8.6: the assignee is never edited in place; other fields are. */
    const char *bad[] = {"assignee=Bob Roe <bob@example.org>"};
    CHECK_INT(pr_edit_modify(s, "myproto", NULL, bad, 1, &res, &err), PR_EREFUSED);
    CHECK(strstr(err.msg, "§8.5") != NULL && strstr(err.msg, "de-assigns") != NULL);
    CHECK(strstr(err.msg, "portreg") == NULL);
    const char *unknown[] = {"colour=blue"};
    CHECK_INT(pr_edit_modify(s, "myproto", NULL, unknown, 1, &res, &err), PR_EINVAL);
    CHECK_INT(pr_edit_modify(s, "nosuch", NULL, (const char *[]){"note=x"}, 1, &res, &err),
              PR_ENOTFOUND);
    const char *sets[] = {"description=Better <protocol> & co", "contact=Bob Roe <bob@example.org>",
                          "reference=RFC1, draft-foo-bar", "note="};
    CHECK_INT(pr_edit_modify(s, "myproto", "tcp", sets, 4, &res, &err), 0);
    long long modify_change = res.change_id;
    CHECK_TEXT("SELECT description_xml||'|'||updated||'|'||layout FROM record WHERE "
               "name='myproto' AND protocol='tcp'",
               "Better &lt;protocol&gt; &amp; co|2026-01-15|npAxdxx#");
    CHECK_TEXT("SELECT group_concat(role||coalesce(data,''), ' ') FROM xref JOIN record ON "
               "record.id = record_id WHERE name='myproto' AND protocol='tcp'",
               "1Jane_Doe 0Bob_Roe 0rfc1 0draft-foo-bar");

    /* A change of one field alone is a change (unauthorized use here). */
    CHECK_INT(pr_edit_modify(s, "myproto", "tcp", (const char *[]){"unauthorized=Used by X"}, 1,
                             &res, &err), 0);
    CHECK_TEXT("SELECT unauthorized FROM record WHERE name='myproto' AND protocol='tcp'",
               "Used by X");
    CHECK_INT(pr_edit_modify(s, "myproto", "tcp", (const char *[]){"unauthorized="}, 1, &res,
                             &err), 0);

    /* A record naming one person for both roles keeps its assignee. */
    CHECK_INT(pr_edit_modify(s, "echo", "tcp", (const char *[]){"contact=Bob_Roe"}, 1, &res,
                             &err), 0);
    CHECK_TEXT("SELECT group_concat(role||coalesce(data,''), ' ') FROM xref JOIN record ON "
               "record.id = record_id WHERE name='echo' AND protocol='tcp'",
               "1Jon_Postel 0Bob_Roe");

    /* §8.2 de-assignment: Reserved, a note as IANA writes it, the name stays. */
    CHECK_INT(pr_edit_deassign(s, "myproto", NULL, "no longer used", &res, &err), 0);
    long long deassign_change = res.change_id;
    CHECK_TEXT("SELECT group_concat(coalesce(name,'-')||'|'||description||'|'||n.text||'|'||"
               "layout, ' ') FROM record JOIN note n ON n.record_id = record.id WHERE port_lo=1025",
               "|Reserved|De-Assigned on 2026-01-15.|npd#N |Reserved|De-Assigned on 2026-01-15.|npd#N");
    CHECK_TEXT("SELECT description||'|'||layout FROM record WHERE name='myproto' AND port_lo IS NULL",
               "Better <protocol> & co|nAxdxx");
    CHECK(in_order());
    CHECK_INT(pr_edit_deassign(s, "myproto", NULL, "again", &res, &err), PR_EREFUSED);
    /* §8.2 needs the reason: recorded with the change */
    CHECK_INT(pr_edit_deassign(s, "myproto", NULL, NULL, &res, &err), PR_EINVAL);
    CHECK_STR(err.field, "reason");
    CHECK_INT(pr_edit_deassign(s, "myproto", NULL, "", &res, &err), PR_EINVAL);
    CHECK_TEXT("SELECT reason FROM history WHERE id = (SELECT max(id) FROM history WHERE "
               "command = 'deassign')", "no longer used");

    /* undo refuses when a later change touched the same rows; --force. */
    CHECK_INT(pr_history_undo(s, modify_change, 0, &res, &err), PR_EREFUSED);
    CHECK(strstr(err.msg, "later") != NULL);
    CHECK_INT(pr_history_undo(s, 0, 0, &res, &err), 0); /* the latest: deassign */
    CHECK_INT(count("SELECT count(*) FROM record WHERE name='myproto'"), 2);
    CHECK_INT(count("SELECT count(*) FROM record WHERE name='myproto' AND port_lo IS NULL"), 0);
    CHECK_INT(pr_history_undo(s, deassign_change, 0, &res, &err), PR_EREFUSED);
    CHECK_INT(pr_history_undo(s, 1, 0, &res, &err), PR_EREFUSED);
    CHECK_INT(pr_history_undo(s, 1, 1, &res, &err), 0);

    CHECK_INT(count("SELECT count(*) FROM record WHERE port_lo=1025 AND name='myproto' AND protocol='tcp'"), 0);
    CHECK_INT(pr_history_undo(s, 999, 0, &res, &err), PR_ENOTFOUND);

    /* §8.4 revocation preconditions. */
    CHECK_INT(pr_edit_revoke(s, "sslp", NULL, NULL, "IESG", &res, &err), PR_EREFUSED);
    CHECK_INT(pr_edit_revoke(s, "sslp", NULL, "unused", NULL, &res, &err), PR_EREFUSED);
    CHECK_INT(pr_edit_revoke(s, "sslp", "udp", "unused", "IESG 2026-01-10", &res, &err), 0);
    CHECK_TEXT("SELECT group_concat(n.text) FROM record JOIN note n ON n.record_id = record.id "
               "WHERE port_lo=1750 AND protocol='udp'", "Revoked on 2026-01-15.");
    CHECK_INT(count("SELECT count(*) FROM record WHERE name='sslp'"), 1); /* tcp stays */

    /* §8.3 reuse takes the Reserved port. */
    assign_one(&a, "newsslp", "udp", 1750);
    a.reuse = 1;
    a.reason = "expert approved";
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), PR_EREFUSED); /* tcp still sslp's */
    CHECK(strstr(err.msg, "another assignee") != NULL);

    /* reserve and free */
    long n;
    int ports[8];
    n = pr_ports_free(s, NULL, PR_RANGE_USER, -1, ports, 3, &err);
    CHECK_INT(n, 3);
    CHECK_INT(ports[0], 1025);
    CHECK_INT(pr_edit_reserve(s, 1025, "tcp", "testing", &res, &err), 0);
    CHECK_INT(pr_edit_reserve(s, 1025, "tcp", "again", &res, &err), PR_EEXIST);
    CHECK_INT(pr_edit_reserve(s, 1026, "tcp", NULL, &res, &err), PR_EINVAL);
    n = pr_ports_free(s, NULL, PR_RANGE_USER, -1, ports, 1, &err);
    CHECK_INT(ports[0], 1026);
    n = pr_ports_free(s, "udp", PR_RANGE_USER, -1, ports, 1, &err);
    CHECK_INT(ports[0], 1025);
    n = pr_ports_free(s, NULL, PR_RANGE_USER, 1750, ports, 3, &err);
    CHECK_INT(n, 3);
    CHECK_INT(ports[0], 1749);
    CHECK_INT(ports[1], 1751);
    CHECK(pr_ports_free(s, NULL, PR_RANGE_DYNAMIC, -1, ports, 1, &err) < 0);

    /* people */
    CHECK_INT(pr_edit_person_add(s, "Ann_Lee", "Ann Lee", NULL, "ann@example.net", &res, &err), 0);
    CHECK_TEXT("SELECT uri FROM person WHERE id='Ann_Lee'", "mailto:ann&example.net");
    CHECK_INT(pr_edit_person_add(s, "Ann_Lee", "Ann Lee", NULL, "x@y", &res, &err), PR_EEXIST);
    CHECK_INT(pr_edit_person_add(s, "Ann Lee", NULL, NULL, "x@y", &res, &err), PR_EINVAL);
    CHECK_INT(pr_edit_person_modify(s, "Jon_Postel", NULL, "USC/ISI", NULL, &res, &err), 0);
    CHECK_TEXT("SELECT org||'|'||(raw IS NULL)||'|'||updated FROM person WHERE id='Jon_Postel'",
               "USC/ISI|1|2026-01-15");
    CHECK(count("SELECT seq FROM person WHERE id='Ann_Lee'") >
          count("SELECT seq FROM person WHERE id='Andrew_Andrews'"));
    char pid[64];
    pr_person_id_from_name("Dr. Charles E. Campb", pid, sizeof pid);
    CHECK_STR(pid, "Dr_Charles_E_Campb");

    /* Many neighbours in one gap: seqs are respaced, order holds. */
    for (int i = 0; i < 30; i++) {
        char name[16];
        snprintf(name, sizeof name, "bulk%d", i);
        assign_one(&a, name, "tcp", -1);
        CHECK_INT(pr_edit_assign(s, &a, &res, &err), 0);
    }
    CHECK(in_order());
    CHECK_INT(count("SELECT count(*) FROM (SELECT seq FROM record UNION ALL SELECT seq FROM "
                    "person UNION ALL SELECT seq FROM docitem) GROUP BY seq HAVING count(*) > 1"),
              -1);

    /* history */
    struct pr_history_filter f;
    pr_history_filter_init(&f);
    long total = pr_history_each(s, &f, NULL, NULL, &err);
    CHECK_INT(total, count("SELECT count(*) FROM history"));
    f.name = "MYPROTO";
    CHECK_INT(pr_history_each(s, &f, NULL, NULL, &err), 8); /* two set unauthorized use */
    pr_history_filter_init(&f);
    f.port = 49120;
    CHECK_INT(pr_history_each(s, &f, NULL, NULL, &err), 2);
    f.port = -1;
    f.since = "2027-01-01";
    CHECK_INT(pr_history_each(s, &f, NULL, NULL, &err), 0);
    CHECK_INT(pr_history_edits_since_import(s, &err), total);

    /* A person added by a change and named by a later one is kept. */
    assign_one(&a, "pone", "tcp", -1);
    a.assignee = "Pat One <pat@one.example>";
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), 0);
    long long added = res.change_id;
    assign_one(&a, "ptwo", "tcp", -1);
    a.assignee = "Pat_One";
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), 0);
    CHECK_INT(pr_history_undo(s, added, 0, &res, &err), PR_EREFUSED);
    CHECK(strstr(err.msg, "person 'Pat_One' is still named") != NULL);
    CHECK_INT(pr_history_undo(s, added, 1, &res, &err), 0);
    CHECK_INT(count("SELECT count(*) FROM person WHERE id='Pat_One'"), 1);
    CHECK_INT(count("SELECT count(*) FROM record WHERE name='pone'"), 0);
    CHECK_INT(count("SELECT count(*) FROM record WHERE name='ptwo'"), 1);

    /* import --replace starts over: no local edits */
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/sample.xml", NULL, PR_IMPORT_REPLACE | PR_IMPORT_FORCE, &ir, &err), 0);
    CHECK_INT(pr_history_edits_since_import(s, &err), 0);
    CHECK_INT(pr_history_undo(s, 0, 0, &res, &err), PR_EREFUSED); /* before the import */
    CHECK(strstr(err.msg, "before the registry was last imported") != NULL);
    assign_one(&a, "after", "tcp", -1);
    CHECK_INT(pr_edit_assign(s, &a, &res, &err), 0);
    CHECK_INT(pr_history_undo(s, 0, 0, &res, &err), 0);
    CHECK_INT(count("SELECT count(*) FROM record WHERE name='after'"), 0);

    /* Messages name fields, never command-line options or commands; the
     * field is there for the front end to point at its own control. */
    static const struct { const char *field; } want[] = {{"name"}, {"description"},
        {"protocol"}, {"reason"}, {"uri"}, {"approved_by"}, {"reason"}, {"assignee"}};
    int rcs[8];
    pr_error errs[8];
    memset(errs, 0, sizeof errs);
    assign_one(&a, NULL, "tcp", -1);
    rcs[0] = pr_edit_assign(s, &a, &res, &errs[0]);
    assign_one(&a, "nodesc", "tcp", -1);
    a.description = NULL;
    rcs[1] = pr_edit_assign(s, &a, &res, &errs[1]);
    assign_one(&a, "noproto", NULL, -1);
    rcs[2] = pr_edit_assign(s, &a, &res, &errs[2]);
    rcs[3] = pr_edit_reserve(s, 4000, "tcp", NULL, &res, &errs[3]);
    rcs[4] = pr_edit_person_add(s, "No_Uri", "No Uri", NULL, NULL, &res, &errs[4]);
    rcs[5] = pr_edit_revoke(s, "echo", NULL, "abused", NULL, &res, &errs[5]);
    rcs[6] = pr_edit_deassign(s, "echo", NULL, NULL, &res, &errs[6]);
    assign_one(&a, "noassign", "tcp", -1);
    a.assignee = NULL;
    rcs[7] = pr_edit_assign(s, &a, &res, &errs[7]);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        CHECK(rcs[i] < 0);
        CHECK_STR(errs[i].field, want[i].field);
        CHECK(strstr(errs[i].msg, "--") == NULL && strstr(errs[i].msg, "portreg") == NULL);
    }

    free(raw_range);
    pr_store_free(s);
    check_rmdb(db);
    return check_status();
}
