/* test_browse.c - display rows, search-as-you-type filtering and the port
 * map (registry/browse.c, portmap.c) on the sample registry, and the row
 * count and speed-relevant shape on the real one when present. */
#include "browse.h"
#include "check.h"
#include "importers.h"

static pr_store *open_imported(const char *xml, char **path)
{
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    *path = check_tmpdb();
    if (pr_store_open(&s, *path, PR_STORE_CREATE, &err) ||
        pr_import_file(s, xml, NULL, 0, &res, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        pr_store_free(s);
        return NULL;
    }
    return s;
}

static long find_row(const pr_rows *rs, const char *name, const char *number)
{
    struct pr_row r;
    for (size_t i = 0; i < pr_rows_count(rs); i++) {
        pr_rows_get(rs, i, &r);
        if (!strcmp(r.name, name) && !strcmp(r.number, number))
            return (long)i;
    }
    return -1;
}

static int selected(const struct pr_rowsel *sel, long row)
{
    for (size_t i = 0; i < sel->n; i++)
        if ((long)sel->idx[i] == row)
            return 1;
    return 0;
}

struct rows_of {
    const pr_rows *rs;
    long last, n;
};

static int count_row(long long id, void *ud)
{
    struct rows_of *o = ud;
    long row = pr_rows_find(o->rs, id);
    if (row != o->last)
        o->n++;
    o->last = row;
    return 0;
}

/* What the user types selects the rows pr_search finds for q (in memory
 * matching agrees with SQL). */
static void check_like_search(pr_store *s, const pr_rows *rs, const char *typed,
                              const struct pr_query *q)
{
    struct pr_rowsel sel = {0};
    struct rows_of o = {rs, -1, 0};
    pr_error err = {0};
    CHECK(pr_search_ids(s, q, count_row, &o, &err) >= 0);
    CHECK_INT(pr_rows_filter(s, rs, typed, &sel, &err), o.n);
    CHECK_INT(sel.fallback, 0);
    pr_rowsel_release(&sel);
}

/* A port query, as pr_query_guess reads it. */
static void check_port_like_search(pr_store *s, const pr_rows *rs, const char *query)
{
    struct pr_query q;
    char buf[64];
    pr_query_init(&q);
    CHECK_INT(pr_query_guess(&q, query, buf), PR_GUESS_PORT);
    check_like_search(s, rs, query, &q);
}

/* A name prefix is the glob "prefix*". */
static void check_prefix_like_search(pr_store *s, const pr_rows *rs, const char *prefix)
{
    struct pr_query q;
    char glob[64];
    snprintf(glob, sizeof glob, "%s*", prefix);
    pr_query_init(&q);
    q.name = glob;
    check_like_search(s, rs, prefix, &q);
}

static int count_records(const struct pr_record *r, void *ud)
{
    (void)r;
    ++*(long *)ud;
    return 0;
}

static void test_rows(pr_store *s)
{
    pr_rows *rs = NULL;
    pr_error err = {0};
    struct pr_row r;
    long records = 0;

    CHECK_INT(pr_rows_load(s, &rs, &err), 0);
    CHECK_INT(pr_store_each_record(s, count_records, &records, &err), 0);
    CHECK_INT(pr_rows_records(rs), records);
    CHECK(pr_rows_count(rs) < (size_t)records); /* transports were merged */

    /* Every record is in exactly the row pr_rows_find names. */
    size_t total = 0;
    for (size_t i = 0; i < pr_rows_count(rs); i++) {
        pr_rows_get(rs, i, &r);
        total += r.n_ids;
        for (size_t k = 0; k < r.n_ids; k++)
            CHECK_INT(pr_rows_find(rs, r.ids[k]), (long)i);
        CHECK(!strchr(r.description, '\n'));
    }
    CHECK_INT(total, records);
    CHECK_INT(pr_rows_find(rs, -5), -1);

    long https = find_row(rs, "https", "443");
    CHECK(https >= 0);
    pr_rows_get(rs, (size_t)https, &r);
    CHECK_STR(r.protocols, "tcp,udp,sctp");
    CHECK_INT(r.n_ids, 3);
    CHECK_INT(r.port_lo, 443);
    CHECK_INT(r.state, PR_STATE_ASSIGNED);
    long only = find_row(rs, "https", "");
    CHECK(only >= 0 && only != https);
    pr_rows_get(rs, (size_t)only, &r);
    CHECK_INT(r.port_lo, -1);
    long x11 = find_row(rs, "x11", "6000-6063");
    CHECK(x11 >= 0);
    pr_rows_get(rs, (size_t)x11, &r);
    CHECK_INT(r.port_hi, 6063);
    long dyn = find_row(rs, "", "49152-65535");
    CHECK(dyn >= 0);
    pr_rows_get(rs, (size_t)dyn, &r);
    CHECK_INT(r.state, PR_STATE_UNASSIGNED);
    CHECK_STR(r.protocols, "");

    /* Filtering, as `portreg search QUERY` understands the query. */
    struct pr_rowsel sel = {0};
    CHECK(pr_rows_filter(s, rs, "443", &sel, &err) >= 1);
    CHECK_INT(sel.how, PR_GUESS_PORT);
    CHECK(selected(&sel, https));
    for (size_t i = 0; i < sel.n; i++) {
        pr_rows_get(rs, sel.idx[i], &r);
        CHECK(r.port_lo <= 443 && r.port_hi >= 443);
        CHECK(i == 0 || sel.idx[i] > sel.idx[i - 1]);
    }
    CHECK(pr_rows_filter(s, rs, "6010", &sel, &err) >= 1);
    CHECK(selected(&sel, x11));
    CHECK(pr_rows_filter(s, rs, "60000", &sel, &err) >= 1);
    CHECK(selected(&sel, dyn));
    CHECK(pr_rows_filter(s, rs, "443/sctp", &sel, &err) == 1);
    CHECK(selected(&sel, https));

    CHECK(pr_rows_filter(s, rs, "htt", &sel, &err) >= 3);
    CHECK_INT(sel.how, PR_GUESS_NAME);
    CHECK_INT(sel.fallback, 0);
    CHECK(selected(&sel, https) && selected(&sel, only) && selected(&sel, find_row(rs, "http", "80")));
    for (size_t i = 0; i < sel.n; i++) {
        pr_rows_get(rs, sel.idx[i], &r);
        CHECK(!strncmp(r.name, "htt", 3));
    }
    check_prefix_like_search(s, rs, "htt");
    check_port_like_search(s, rs, "0-65535");
    check_port_like_search(s, rs, "443/udp");
    check_port_like_search(s, rs, "143/udp");
    check_port_like_search(s, rs, "1000-6010");
    check_prefix_like_search(s, rs, "S");
    CHECK(pr_rows_filter(s, rs, "HTTPS", &sel, &err) >= 2);
    CHECK(selected(&sel, https));

    CHECK(pr_rows_filter(s, rs, "multicast dns", &sel, &err) >= 1);
    CHECK_INT(sel.how, PR_GUESS_TEXT);
    CHECK(selected(&sel, find_row(rs, "mdns", "5353")));
    /* A name nobody has: the words are searched instead. */
    CHECK(pr_rows_filter(s, rs, "multicas", &sel, &err) >= 1);
    CHECK_INT(sel.fallback, 1);
    CHECK(selected(&sel, find_row(rs, "mdns", "5353")));
    CHECK_INT(pr_rows_filter(s, rs, "zzqxv", &sel, &err), 0);

    CHECK_INT(pr_rows_filter(s, rs, "53/xyz", &sel, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "unknown protocol 'xyz'") != NULL);
    CHECK_INT(pr_rows_filter(s, rs, "!!!", &sel, &err), PR_EINVAL);
    pr_rowsel_release(&sel);
    pr_rows_free(rs);
}

static void test_portmap(pr_store *s)
{
    static unsigned char claim[65536];
    static struct pr_portmap_block blocks[1024];
    pr_error err = {0};

    CHECK_INT(pr_portmap_claims(s, claim, &err), 0);
    CHECK_INT(claim[80], PR_PORT_ASSIGNED);
    CHECK_INT(claim[143], PR_PORT_ASSIGNED);  /* reserved on udp, imap on tcp */
    CHECK_INT(claim[0], PR_PORT_RESERVED);
    CHECK_INT(claim[4], PR_PORT_UNASSIGNED);
    CHECK_INT(claim[60000], PR_PORT_UNASSIGNED);
    CHECK_INT(claim[1024], PR_PORT_RESERVED);
    CHECK_INT(claim[1], PR_PORT_UNASSIGNED);  /* not in the sample */

    pr_portmap_blocks(claim, 64, blocks);
    CHECK_INT(blocks[0].lo, 0);
    CHECK_INT(blocks[1023].hi, 65535);
    long assigned = 0;
    for (int b = 0; b < 1024; b++) {
        CHECK_INT(blocks[b].assigned + blocks[b].reserved + blocks[b].unassigned, 64);
        assigned += blocks[b].assigned;
    }
    long want = 0;
    for (int p = 0; p < 65536; p++)
        want += claim[p] == PR_PORT_ASSIGNED;
    CHECK_INT(assigned, want);
    /* the strongest claim of any transport, exactly */
    static unsigned char tp[4][65536];
    static const char *const protos[4] = {"tcp", "udp", "sctp", "dccp"};
    for (int i = 0; i < 4; i++)
        CHECK_INT(pr_store_port_map(s, protos[i], tp[i], &err), 0);
    for (int p = 0; p < 65536; p++) {
        unsigned char m = 0;
        for (int i = 0; i < 4; i++)
            m = tp[i][p] > m ? tp[i][p] : m;
        if (claim[p] != m) {
            CHECK(!"claim is not the strongest of the transports'");
            break;
        }
    }
    CHECK(blocks[1].assigned >= 1); /* 80 */
    CHECK_INT(blocks[1023].assigned, 0);
    pr_portmap_blocks(claim, 65536, blocks);
    CHECK_INT(blocks[0].assigned, want);
}

static void test_real(void)
{
    char buf[1024], *path;
    const char *xml = check_shared("iana/service-names-port-numbers-2024-03-18.xml", buf, sizeof buf);
    if (!xml)
        return;
    pr_store *s = open_imported(xml, &path);
    pr_rows *rs = NULL;
    pr_error err = {0};
    struct pr_rowsel sel = {0};
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_INT(pr_rows_load(s, &rs, &err), 0);
    CHECK_INT(pr_rows_records(rs), 14444);
    CHECK(pr_rows_filter(s, rs, "6010", &sel, &err) >= 1);
    struct pr_row r;
    pr_rows_get(rs, sel.idx[0], &r);
    CHECK_STR(r.name, "x11");
    CHECK_STR(r.protocols, "tcp,udp");
    CHECK(pr_rows_filter(s, rs, "s", &sel, &err) > 500);
    check_prefix_like_search(s, rs, "s");
    check_prefix_like_search(s, rs, "mult");
    check_port_like_search(s, rs, "0-65535");
    check_port_like_search(s, rs, "6000-6100/tcp");
    check_port_like_search(s, rs, "5353/sctp");
    pr_rowsel_release(&sel);
    pr_rows_free(rs);
    pr_store_free(s);
    check_rmdb(path);
}

int main(void)
{
    char *path;
    pr_store *s = open_imported(PR_TESTDATA "/sample.xml", &path);
    CHECK(s != NULL);
    if (s) {
        test_rows(s);
        test_portmap(s);
    }
    pr_store_free(s);
    check_rmdb(path);
    test_real();
    return check_status();
}
