/* test_services_read.c - services(5) and nmap-services readers on the
 * fixtures in tests/data and their broken samples. */
#include "check.h"
#include "importers.h"

struct entries {
    char lines[16][160];
    size_t n;
};

static int on_entry(const struct pr_service_entry *e, void *ud, pr_error *err)
{
    struct entries *es = ud;
    (void)err;
    if (es->n < 16) {
        char *b = es->lines[es->n++];
        snprintf(b, 160, "%ld %s %d/%s", e->line, e->name, e->port, e->protocol);
        for (size_t i = 0; i < e->n_aliases; i++)
            snprintf(b + strlen(b), 160 - strlen(b), " +%s", e->aliases[i]);
        if (e->comment)
            snprintf(b + strlen(b), 160 - strlen(b), " #%s", e->comment);
    }
    return 0;
}

static void test_each(void)
{
    struct entries es = {0};
    CHECK_INT(pr_services_each(PR_TESTDATA "/services.sample", on_entry, &es, NULL), 0);
    CHECK_INT(es.n, 12);
    CHECK_STR(es.lines[0], "3 echo 7/tcp");
    CHECK_STR(es.lines[2], "5 discard 9/tcp +sink +null");
    CHECK_STR(es.lines[3], "6 http 80/tcp +www #WorldWideWeb HTTP");
    CHECK_STR(es.lines[10], "13 rtmp 1/ddp #Routing Table Maintenance Protocol");

    pr_error err = {0};
    es.n = 0;
    const char *bad = PR_TESTDATA "/broken/services-no-port.services";
    CHECK_INT(pr_services_each(bad, on_entry, &es, &err), PR_EPARSE);
    CHECK_INT(err.line, 3);
    CHECK_STR(err.file, bad);
    CHECK(strstr(err.msg, "'discard' has no port/protocol") != NULL);
}

struct recs {
    long n, with_note, with_desc;
    char http_note[64];
};

static int on_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    struct recs *rs = k->ud;
    (void)err;
    rs->n++;
    rs->with_note += r->n_notes > 0;
    rs->with_desc += r->description != NULL;
    if (!strcmp(r->name, "http") && r->n_notes)
        snprintf(rs->http_note, sizeof rs->http_note, "%s|%s|%s", r->notes[0].text,
                 r->layout, r->description);
    CHECK(pr_protocol_valid(r->protocol));
    return 0;
}

static void test_records(void)
{
    struct recs rs = {0};
    struct pr_sink sink = {.ud = &rs, .record = on_record};
    CHECK_INT(pr_services_read(PR_TESTDATA "/services.sample", &sink, NULL), 0);
    CHECK_INT(rs.n, 11); /* the ddp line is not an IANA transport */
    CHECK_INT(rs.with_note, 4);
    CHECK_INT(rs.with_desc, 7); /* comments; the ddp line had the eighth */
    CHECK_STR(rs.http_note, "aliases: www|npd#N|WorldWideWeb HTTP");
}

struct freqs {
    long n;
    double http;
    char x11[64];
};

static int on_frequency(struct pr_sink *k, const struct pr_frequency *f, pr_error *err)
{
    struct freqs *fs = k->ud;
    (void)err;
    fs->n++;
    if (f->port == 80 && !strcmp(f->protocol, "tcp"))
        fs->http = f->frequency;
    if (f->port == 6001)
        snprintf(fs->x11, sizeof fs->x11, "%s %s %.6f %s", f->name, f->protocol, f->frequency,
                 f->comment ? f->comment : "-");
    return 0;
}

static void test_nmap(void)
{
    struct freqs fs = {0};
    struct pr_sink sink = {.ud = &fs, .frequency = on_frequency};
    pr_error err = {0};
    CHECK_INT(pr_nmap_services_read(PR_TESTDATA "/nmap-services.sample", &sink, &err), 0);
    CHECK_INT(fs.n, 7);
    CHECK(fs.http > 0.484142 && fs.http < 0.484144);
    CHECK_STR(fs.x11, "X11:1 tcp 0.011741 -");

    fs.n = 0;
    const char *bad = PR_TESTDATA "/broken/nmap-bad-frequency.nmap";
    CHECK_INT(pr_nmap_services_read(bad, &sink, &err), PR_EPARSE);
    CHECK_INT(err.line, 2);
    CHECK(strstr(err.msg, "invalid frequency 'lots'") != NULL);
}

/* The real nmap-services, when nmap-common is installed: every line that is
 * not a comment is one observation. */
static void test_real_nmap(void)
{
    const char *path = "/usr/share/nmap/nmap-services";
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "note: %s absent (Debian package nmap-common); real-file check skipped\n",
                path);
        return;
    }
    long want = 0;
    char line[1024];
    while (fgets(line, sizeof line, f))
        want += line[0] != '#' && line[0] != '\n';
    fclose(f);
    struct freqs fs = {0};
    struct pr_sink sink = {.ud = &fs, .frequency = on_frequency};
    CHECK_INT(pr_nmap_services_read(path, &sink, NULL), 0);
    CHECK_INT(fs.n, want);
    CHECK(fs.http > 0.1);
}

int main(void)
{
    test_each();
    test_records();
    test_nmap();
    test_real_nmap();
    return check_status();
}
