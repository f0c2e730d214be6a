/* test_csv_read.c - IANA CSV reader on tests/data/sample.csv and the broken
 * CSV samples; format sniffing of every fixture. */
#include "check.h"

#include <fcntl.h>
#include "importers.h"

struct got {
    struct pr_record recs[32];
    size_t n;
    char *people[32];
    size_t n_people;
    long long last_seq;
    int seq_ok;
};

static int on_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    struct got *g = k->ud;
    (void)err;
    if (g->n < 32 && !pr_record_copy(&g->recs[g->n], r))
        g->n++;
    g->seq_ok &= r->seq > g->last_seq;
    g->last_seq = r->seq;
    return 0;
}

static int on_person(struct pr_sink *k, const struct pr_person *p, pr_error *err)
{
    struct got *g = k->ud;
    (void)err;
    if (g->n_people < 32)
        g->people[g->n_people++] = strdup(p->id);
    g->seq_ok &= p->seq > g->last_seq && p->raw == NULL;
    g->last_seq = p->seq;
    return 0;
}

static const struct pr_record *find(struct got *g, const char *name, const char *proto)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->recs[i].name && !strcmp(g->recs[i].name, name) &&
            (!proto || (g->recs[i].protocol && !strcmp(g->recs[i].protocol, proto))))
            return &g->recs[i];
    return NULL;
}

static void release(struct got *g)
{
    for (size_t i = 0; i < g->n; i++)
        pr_record_release(&g->recs[i]);
    for (size_t i = 0; i < g->n_people; i++)
        free(g->people[i]);
}

static void test_sample(void)
{
    struct got g = {.seq_ok = 1};
    struct pr_sink sink = {.ud = &g, .record = on_record, .person = on_person};
    pr_error err = {0};
    CHECK_INT(pr_csv_read(PR_TESTDATA "/sample.csv", &sink, &err), 0);
    CHECK_INT(g.n, 13);
    CHECK_INT(g.n_people, 10);
    CHECK(g.seq_ok);
    CHECK_STR(g.people[0], "Ann_Example"); /* IANA's order: by id, ignoring case */
    CHECK_STR(g.people[9], "Stephen_Gildea");

    /* CRLF line ends do not leak into fields. */
    const struct pr_record *r = find(&g, "echo", "udp");
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(r->description, "Echo");
        CHECK_STR(r->number, "7");
        CHECK_INT(r->port_lo, 7);
        CHECK_STR(r->layout, "npxd#");
        CHECK(r->raw == NULL);
        CHECK_INT(r->line, 4);
    }
    /* A multi-line quoted field with doubled quotes. */
    r = find(&g, "whois++", "tcp");
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(r->line, 8);
        CHECK_INT(r->n_notes, 1);
        if (r->n_notes)
            CHECK_STR(r->notes[0].text, "This entry is an alias to \"whoispp\".\n"
                                        "This entry is now historic, not usable for use with many\n"
                                        "common service discovery mechanisms.");
    }
    r = find(&g, "exp1", NULL);
    CHECK(r != NULL);
    if (r) {
        CHECK_INT(r->line, 11); /* the row after the three-line one */
        CHECK_STR(r->layout, "npAxxd#xx");
        CHECK_INT(r->n_xrefs, 5);
        if (r->n_xrefs == 5) {
            CHECK_INT(r->xrefs[0].role, PR_ROLE_ASSIGNEE);
            CHECK_STR(r->xrefs[0].data, "IESG");
            CHECK_INT(r->xrefs[1].role, PR_ROLE_REF);
            CHECK_STR(r->xrefs[1].data, "IETF_Chair");
            CHECK_STR(r->xrefs[2].type, "note");
            CHECK_STR(r->xrefs[2].data, "1");
            CHECK_STR(r->xrefs[3].type, "rfc");
            CHECK_STR(r->xrefs[3].data, "rfc4727");
            CHECK_STR(r->xrefs[4].data, "rfc6335");
        }
        CHECK_STR(r->date, "2009-02-02");
    }
    r = find(&g, "http", "tcp");
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(r->updated, "2021-10-01");
        if (r->n_notes)
            CHECK_STR(r->notes[0].xml, "Defined TXT keys: u=&lt;username&gt; p=&lt;password&gt; "
                                       "path=&lt;path to document&gt;");
    }
    r = find(&g, "finger", "tcp");
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(r->unauthorized, "Unauthorized use by some mail users (see [RFC4146] for details)");
        CHECK_STR(r->layout, "npxd#u");
    }
    r = find(&g, "discard", "dccp");
    CHECK(r != NULL);
    if (r)
        CHECK_STR(r->sc, "1145656131");
    r = find(&g, "dns-push-tls", "tcp");
    CHECK(r != NULL);
    if (r) {
        CHECK(r->number == NULL);
        CHECK_INT(r->port_lo, -1);
        CHECK_INT(r->n_xrefs, 3);
        if (r->n_xrefs == 3) {
            CHECK_STR(r->xrefs[2].data, "rfc8765");
            CHECK_STR(r->xrefs[2].text, "RFC8765, Section 6.1");
        }
    }
    r = find(&g, "pon-ictp", "tcp");
    CHECK(r && r->n_xrefs == 4);
    if (r && r->n_xrefs == 4) {
        CHECK_STR(r->xrefs[1].type, "uri");
        CHECK_STR(r->xrefs[2].type, "draft");
        CHECK_STR(r->xrefs[3].type, "text");
        CHECK_STR(r->xrefs[3].text, "ITU-T X.510 / ISO/IEC 9584-11");
    }
    r = find(&g, "quote\"d", "udp");
    CHECK(r != NULL);
    if (r) {
        CHECK_STR(r->description, "A \"quoted\", comma, field");
        const char *ids[4];
        CHECK_INT(pr_record_assignees(r, ids, 4), 2);
        CHECK_INT(pr_record_contacts(r, ids, 4), 1);
        CHECK_STR(ids[0], "Bob_Example");
    }
    /* Name-less rows: Reserved and an Unassigned range. */
    CHECK(g.n >= 10 && g.recs[0].name == NULL);
    CHECK_INT(pr_record_state(&g.recs[0]), PR_STATE_RESERVED);
    CHECK_INT(pr_record_state(&g.recs[8]), PR_STATE_UNASSIGNED);
    CHECK_INT(g.recs[8].port_hi, 4001);
    release(&g);
}

static void expect_error(const char *file, long line, const char *msg_part)
{
    struct got g = {.seq_ok = 1};
    struct pr_sink sink = {.ud = &g, .record = on_record, .person = on_person};
    pr_error err = {0};
    char path[512];
    snprintf(path, sizeof path, "%s/broken/%s", PR_TESTDATA, file);
    CHECK_INT(pr_csv_read(path, &sink, &err), PR_EPARSE);
    CHECK_STR(err.file, path);
    CHECK_INT(err.line, line);
    if (!strstr(err.msg, msg_part))
        fprintf(stderr, "%s: message '%s' lacks '%s'\n", file, err.msg, msg_part);
    CHECK(strstr(err.msg, msg_part) != NULL);
    release(&g);
}

static void test_broken(void)
{
    /* The quote opens on line 3; the file ends on line 5. */
    expect_error("unterminated.csv", 3, "unterminated quoted field");
    expect_error("short-row.csv", 3, "row has 5 fields; the header has 12");
    expect_error("csv-bad-port.csv", 3, "invalid port number '70000'");
    expect_error("csv-header.csv", 1, "not IANA's CSV");
}

/* Odd but valid rows: an unclosed '[' (once a hang), CRLF inside quotes,
 * a header without rows. */
static void test_odd(void)
{
    char path[] = "/tmp/portreg-csv-XXXXXX";
    int fd = mkstemp(path);
    static const char text[] =
        "Service Name,Port Number,Transport Protocol,Reference,Description\n"
        "discard,9,dccp,[RFC4340][,\"two\r\nlines\"\n"
        "echo,7,tcp,x [y,\n";
    CHECK(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(fd);
    struct got g = {.seq_ok = 1};
    struct pr_sink sink = {.ud = &g, .record = on_record, .person = on_person};
    CHECK_INT(pr_csv_read(path, &sink, NULL), 0);
    CHECK_INT(g.n, 2);
    CHECK_INT(g.n_people, 0);
    if (g.n == 2) {
        CHECK_INT(g.recs[0].n_xrefs, 2);
        if (g.recs[0].n_xrefs == 2) {
            CHECK_STR(g.recs[0].xrefs[0].data, "rfc4340");
            CHECK_STR(g.recs[0].xrefs[1].text, "[");
        }
        CHECK_STR(g.recs[0].description, "two\nlines");
        CHECK_INT(g.recs[1].line, 4); /* the quoted line break counts */
        CHECK_INT(g.recs[1].n_xrefs, 2);
        if (g.recs[1].n_xrefs == 2)
            CHECK_STR(g.recs[1].xrefs[1].text, "[y");
    }
    release(&g);
    /* A header alone: no records, no people. */
    fd = open(path, O_WRONLY | O_TRUNC);
    size_t hlen = (size_t)(strchr(text, '\n') - text) + 1;
    CHECK(fd >= 0 && write(fd, text, hlen) == (ssize_t)hlen);
    close(fd);
    struct got h = {.seq_ok = 1};
    sink.ud = &h;
    CHECK_INT(pr_csv_read(path, &sink, NULL), 0);
    CHECK_INT(h.n + h.n_people, 0);
    unlink(path);
}

/* Assignee and contact lists of different lengths or orders: every person
 * of each list comes back in its role, none dropped, none added. */
static void test_people_lists(void)
{
    static const struct { const char *assignee, *contact, *want_a, *want_c; } rows[] = {
        {"[Ann_A]", "[Ann_A][Bob_B]", "Ann_A", "Ann_A Bob_B"},
        {"[Ann_A][Bob_B]", "[Ann_A]", "Ann_A Bob_B", "Ann_A"},
        {"[Ann_A][Bob_B]", "[Bob_B][Ann_A]", "Ann_A Bob_B", "Bob_B Ann_A"},
        {"[Ann_A][Bob_B]", "[Ann_A][Bob_B]", "Ann_A Bob_B", "Ann_A Bob_B"},
        {"", "[Bob_B]", "Bob_B", "Bob_B"},
        {"[Ann_A]", "[Bob_B][Cy_C][Di_D]", "Ann_A", "Bob_B Cy_C Di_D"},
    };
    char path[] = "/tmp/portreg-csv-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("Service Name,Port Number,Transport Protocol,Description,Assignee,Contact\n", f);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        fprintf(f, "svc%zu,%zu,tcp,d,%s,%s\n", i, 5000 + i, rows[i].assignee, rows[i].contact);
    fclose(f);
    struct got g = {.seq_ok = 1};
    struct pr_sink sink = {.ud = &g, .record = on_record, .person = on_person};
    pr_error err = {0};
    CHECK_INT(pr_csv_read(path, &sink, &err), 0);
    CHECK_INT(g.n, sizeof rows / sizeof *rows);
    CHECK_INT(g.n_people, 4);
    for (size_t i = 0; i < g.n && i < sizeof rows / sizeof *rows; i++) {
        const char *ids[8];
        char got_a[128] = "", got_c[128] = "";
        size_t na = pr_record_assignees(&g.recs[i], ids, 8);
        for (size_t k = 0; k < na; k++)
            snprintf(got_a + strlen(got_a), sizeof got_a - strlen(got_a), "%s%s", k ? " " : "",
                     ids[k]);
        size_t nc = pr_record_contacts(&g.recs[i], ids, 8);
        for (size_t k = 0; k < nc; k++)
            snprintf(got_c + strlen(got_c), sizeof got_c - strlen(got_c), "%s%s", k ? " " : "",
                     ids[k]);
        CHECK_STR(got_a, rows[i].want_a);
        CHECK_STR(got_c, rows[i].want_c);
    }
    release(&g);
    unlink(path);
}

static void test_sniff(void)
{
    static const struct { const char *file, *format; } cases[] = {
        {"sample.xml", "iana-xml"},
        {"sample.csv", "csv"},
        {"services.sample", "services"},
        {"nmap-services.sample", "nmap-services"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct pr_importer *im = NULL;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", PR_TESTDATA, cases[i].file);
        CHECK_INT(pr_importer_sniff(path, &im, NULL), 0);
        CHECK_STR(im ? im->name : NULL, cases[i].format);
    }
    const struct pr_importer *im = NULL;
    pr_error err = {0};
    CHECK_INT(pr_importer_sniff(PR_TESTDATA "/broken/csv-header.csv", &im, &err), PR_EPARSE);
    CHECK(strstr(err.msg, "unknown format") != NULL);
    CHECK(pr_importer_find("nmap") == &pr_importer_nmap_services);
    CHECK(pr_importer_find("csv") == &pr_importer_csv);
    CHECK(pr_importer_find("tsv") == NULL);
}

int main(void)
{
    test_sample();
    test_broken();
    test_odd();
    test_people_lists();
    test_sniff();
    return check_status();
}
