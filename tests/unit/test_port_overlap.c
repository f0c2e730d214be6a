/* test_port_overlap.c - port searches find every record whose ports overlap
 * the port or range asked, across the split the look-up makes between
 * narrow records (at most 64 ports, found from index record_port) and wide
 * ones (index record_wide): each answer is checked against a count made
 * here from the list of records. */
#include "check.h"
#include "importers.h"

#include <stdio.h>

static const struct {
    const char *name;
    int lo, hi;
} recs[] = {
    {"single", 5000, 5000},   {"span63", 1000, 1062},  {"span64", 2000, 2063},
    {"span65", 3000, 3064},   {"wide", 4000, 9000},    {"edge0", 0, 0},
    {"top", 65535, 65535},    {"near-top", 65400, 65535}, {"low-wide", 1, 200},
};
#define N_RECS (sizeof recs / sizeof *recs)

static int count_cb(const struct pr_record *r, void *ud)
{
    (void)r;
    ++*(int *)ud;
    return 0;
}

static int expected(int lo, int hi)
{
    int n = 0;
    for (size_t i = 0; i < N_RECS; i++)
        n += recs[i].lo <= hi && recs[i].hi >= lo;
    return n;
}

int main(void)
{
    char csv[] = "/tmp/portreg-overlap-XXXXXX", *db = NULL;
    int fd = mkstemp(csv);
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    if (fd < 0)
        return 1;
    close(fd);
    setenv("PORTREG_NOW", "2026-01-15T12:00:00Z", 1);
    FILE *f = fopen(csv, "w");
    fputs("Service Name,Port Number,Transport Protocol,Description\n", f);
    for (size_t i = 0; i < N_RECS; i++) {
        if (recs[i].lo == recs[i].hi)
            fprintf(f, "%s,%d,tcp,%s\n", recs[i].name, recs[i].lo, recs[i].name);
        else
            fprintf(f, "%s,%d-%d,tcp,%s\n", recs[i].name, recs[i].lo, recs[i].hi, recs[i].name);
    }
    fclose(f);
    db = check_tmpdb();
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_import_file(s, csv, "csv", 0, &res, &err), 0);

    /* Every record's ends and the ports just outside them, and ranges
     * that start or end there. */
    for (size_t i = 0; i < N_RECS; i++) {
        int probes[] = {recs[i].lo - 1, recs[i].lo, recs[i].hi, recs[i].hi + 1,
                        recs[i].lo - 64, recs[i].hi + 64};
        for (size_t j = 0; j < sizeof probes / sizeof *probes; j++) {
            int p = probes[j];
            if (p < 0 || p > 65535)
                continue;
            for (int width = 0; width <= 70; width += 35) {
                int hi = p + width > 65535 ? 65535 : p + width, n = 0;
                struct pr_query q;
                pr_query_init(&q);
                q.port_lo = p;
                q.port_hi = hi;
                CHECK(pr_search(s, &q, count_cb, &n, &err) >= 0);
                if (n != expected(p, hi))
                    fprintf(stderr, "ports %d-%d: %d records, expected %d\n", p, hi, n,
                            expected(p, hi));
                CHECK_INT(n, expected(p, hi));
            }
        }
    }
    pr_store_free(s);
    unlink(csv);
    check_rmdb(db);
    return check_status();
}
