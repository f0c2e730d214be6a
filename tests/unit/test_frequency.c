/* test_frequency.c - the nmap-services layer: imported beside the registry
 * without touching its records, meta or export bytes; lookups by port,
 * range and transport; replaced as a whole; a broken file changes nothing. */
#include "check.h"
#include "importers.h"

struct digest {
    unsigned long long h;
    long n;
};

/* FNV-1a over every record's raw bytes and fields: what export reads. */
static void mix(struct digest *d, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : "\x01"); *p; p++)
        d->h = (d->h ^ *p) * 1099511628211ULL;
}

static int digest_cb(const struct pr_record *r, void *ud)
{
    struct digest *d = ud;
    d->n++;
    mix(d, r->raw);
    mix(d, r->name);
    mix(d, r->description);
    mix(d, r->layout);
    return 0;
}

static struct digest digest(pr_store *s)
{
    struct digest d = {14695981039346656037ULL, 0};
    CHECK_INT(pr_store_each_record(s, digest_cb, &d, NULL), 0);
    return d;
}

static char *meta(pr_store *s, const char *key)
{
    char *v = NULL;
    if (pr_store_meta_get(s, key, &v, NULL))
        return NULL;
    return v;
}

int main(void)
{
    char *path = check_tmpdb();
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    double f = 0;
    char name[64];
    int port = 0;

    long long now;
    CHECK_INT(pr_store_open(&s, path, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_time_parse("2026-01-15T12:00:00Z", &now), 0);
    CHECK_INT(pr_store_set_clock(s, now, &err), 0);
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/sample.xml", NULL, 0, &res, &err), 0);
    CHECK_INT(pr_store_frequency_count(s, NULL), 0);
    struct digest before = digest(s);
    char *src_before = meta(s, "source");

    CHECK_INT(pr_time_parse("2026-02-01T00:00:00Z", &now), 0);
    CHECK_INT(pr_store_set_clock(s, now, &err), 0);
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/nmap-services.sample", NULL, 0, &res, &err), 0);
    CHECK(res.sniffed && res.importer == &pr_importer_nmap_services);
    CHECK_INT(res.frequencies, 7);
    CHECK_INT(res.records, 0);
    CHECK_INT(pr_store_frequency_count(s, NULL), 7);

    /* The registry, its export bytes and its meta stay as they were. */
    struct digest after = digest(s);
    CHECK_INT(after.n, before.n);
    CHECK(after.h == before.h);
    char *src_after = meta(s, "source"), *at = meta(s, "imported_at"),
         *layer_at = meta(s, "local.nmap-services.imported_at");
    CHECK_STR(src_after, src_before);
    CHECK_STR(at, "2026-01-15T12:00:00Z");
    CHECK_STR(layer_at, "2026-02-01T00:00:00Z");
    free(src_before);
    free(src_after);
    free(at);
    free(layer_at);

    /* Lookups: exact port, a range's most frequent port, a near miss. */
    CHECK_INT(pr_store_frequency_get(s, 80, 80, "tcp", &f, name, sizeof name, &port, NULL), 1);
    CHECK(f > 0.484142 && f < 0.484144);
    CHECK_STR(name, "http");
    CHECK_INT(pr_store_frequency_get(s, 6000, 6063, "tcp", &f, name, sizeof name, &port, NULL), 1);
    CHECK_INT(port, 6001);
    CHECK_STR(name, "X11:1");
    CHECK_INT(pr_store_frequency_get(s, 6000, 6063, "udp", &f, NULL, 0, NULL, NULL), 0);
    CHECK_INT(pr_store_frequency_get(s, 81, 81, "tcp", &f, NULL, 0, NULL, NULL), 0);

    struct pr_record r;
    char json[160];
    pr_record_init(&r);
    r.protocol = (char *)"tcp";
    r.port_lo = r.port_hi = 443;
    CHECK_INT(pr_frequency_json(s, &r, -1, json, sizeof json, NULL), 0);
    CHECK_STR(json, ",\"frequency\":0.208669");
    CHECK_INT(pr_frequency_json(s, &r, 80, json, sizeof json, NULL), 0); /* not its port */
    CHECK_STR(json, ",\"frequency\":0.208669");
    r.port_lo = r.port_hi = 444;
    CHECK_INT(pr_frequency_json(s, &r, -1, json, sizeof json, NULL), 0);
    CHECK_STR(json, ",\"frequency\":null");
    r.port_lo = r.port_hi = -1; /* name-only record */
    CHECK_INT(pr_frequency_json(s, &r, 443, json, sizeof json, NULL), 0);
    CHECK_STR(json, ",\"frequency\":null");
    /* A range: the port asked, never the range's maximum; the span beside. */
    r.port_lo = 6000;
    r.port_hi = 6063;
    CHECK_INT(pr_frequency_json(s, &r, 6001, json, sizeof json, NULL), 0);
    CHECK_STR(json, ",\"frequency\":0.011741,\"frequency_range\":{\"min\":0.011741,"
                    "\"max\":0.011741,\"ports\":1}");
    CHECK_INT(pr_frequency_json(s, &r, 6010, json, sizeof json, NULL), 0);
    CHECK_STR(json, ",\"frequency\":null,\"frequency_range\":{\"min\":0.011741,"
                    "\"max\":0.011741,\"ports\":1}");
    CHECK_INT(pr_frequency_json(s, &r, -1, json, sizeof json, NULL), 0);
    CHECK_STR(json, ",\"frequency\":null,\"frequency_range\":{\"min\":0.011741,"
                    "\"max\":0.011741,\"ports\":1}");
    r.protocol = (char *)"udp";
    CHECK_INT(pr_frequency_json(s, &r, -1, json, sizeof json, NULL), 0);
    CHECK_STR(json, ",\"frequency\":null,\"frequency_range\":null");
    struct pr_frequency_span sp;
    CHECK_INT(pr_store_frequency_span(s, 1, 9999, "udp", &sp, NULL), 1);
    CHECK_INT(sp.ports, 3);
    CHECK(sp.min == 0 && sp.max > 0.024678 && sp.max < 0.02468);
    CHECK_INT(pr_store_frequency_span(s, 8, 79, "udp", &sp, NULL), 0);
    CHECK_INT(sp.ports, 0);

    /* Importing again replaces the layer, it does not add to it. */
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/nmap-services.sample", "nmap", 0, &res, &err), 0);
    CHECK_INT(pr_store_frequency_count(s, NULL), 7);
    /* A broken file changes nothing. */
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/broken/nmap-bad-frequency.nmap", "nmap-services",
                             0, &res, &err), PR_EPARSE);
    CHECK_INT(err.line, 2);
    CHECK_INT(pr_store_frequency_count(s, NULL), 7);
    CHECK(digest(s).h == before.h);

    /* A new registry release keeps the layer (keyed by port, not record). */
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/sample.csv", NULL, PR_IMPORT_REPLACE | PR_IMPORT_FORCE, &res, &err), 0);
    CHECK_INT(pr_store_frequency_count(s, NULL), 7);
    char *kept = meta(s, "local.nmap-services.source");
    CHECK_STR(kept, PR_TESTDATA "/nmap-services.sample");
    free(kept);

    pr_store_free(s);
    check_rmdb(path);
    return check_status();
}
