/* test_settings.c - store settings instead of the environment: RFC 3339
 * times (pr_time_parse, pr_time_format), the clock, the author and the
 * commit delay, as a change records them. */
#include "check.h"
#include "edit.h"
#include "importers.h"
#include "registry.h"

#include <time.h>

static void test_time_parse(void)
{
    static const struct {
        const char *in, *utc;
    } good[] = {
        {"2026-01-15T12:00:00Z", "2026-01-15T12:00:00Z"},
        {"2026-01-15t12:00:00z", "2026-01-15T12:00:00Z"},
        {"2026-01-15", "2026-01-15T00:00:00Z"},
        {"2026-01-01T01:00:00+01:00", "2026-01-01T00:00:00Z"},
        {"2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"},
        {"2025-12-31T23:30:00-05:30", "2026-01-01T05:00:00Z"},
        {"2026-01-15T12:00:00.999Z", "2026-01-15T12:00:00Z"},
        {"2024-02-29T23:59:59-00:00", "2024-02-29T23:59:59Z"},
        {"2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"},
        {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
        {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        long long t = -5;
        char buf[PR_TIME_LEN];
        CHECK_INT(pr_time_parse(good[i].in, &t), 0);
        pr_time_format(t, buf);
        CHECK_STR(buf, good[i].utc);
    }
    long long t = 0;
    CHECK_INT(pr_time_parse("2026-01-15T12:00:00Z", &t), 0);
    CHECK_INT(t, 1768478400); /* date -ud 2026-01-15T12:00:00Z +%s */
    static const char *const bad[] = {
        "", "yesterday", "2026-13-45T99:99:99Z", "2026-13-01", "2026-00-10", "2026-02-29",
        "1900-02-29", "2026-04-31", "2026-01-32", "2026-01-15T24:00:00Z",
        "2026-01-15T12:60:00Z", "2026-01-15T12:00:60Z", "2026-01-15T12:00:00",
        "2026-01-15T12:00Z", "2026-01-15 12:00:00Z", "2026-1-15", "26-01-15",
        "2026-01-15T12:00:00+1:00", "2026-01-15T12:00:00+01", "2026-01-15T12:00:00+24:00",
        "2026-01-15T12:00:00.Z", "2026-01-15T12:00:00Zjunk", "2026-01-15x",
        "1969-12-31T23:59:59Z", "1970-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01",
        "+2026-01-15", " 2026-01-15",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (pr_time_parse(bad[i], &t) != PR_EINVAL)
            fprintf(stderr, "accepted '%s'\n", bad[i]);
        CHECK_INT(pr_time_parse(bad[i], &t), PR_EINVAL);
    }
    CHECK_INT(pr_time_parse(NULL, &t), PR_EINVAL);
}

static void test_author_check(void)
{
    char s[PR_AUTHOR_MAX + 2];
    pr_error err = {0};
    memset(s, 'a', sizeof s);
    s[PR_AUTHOR_MAX] = 0;
    CHECK_INT(pr_author_check(s, NULL), 0);
    s[PR_AUTHOR_MAX] = 'a';
    s[PR_AUTHOR_MAX + 1] = 0;
    CHECK_INT(pr_author_check(s, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "128 bytes long, more than 127") != NULL);
    CHECK_INT(pr_author_check("Jörg Müller", NULL), 0);
    CHECK_INT(pr_author_check("", NULL), PR_EINVAL);
    CHECK_INT(pr_author_check(NULL, NULL), PR_EINVAL);
    CHECK_INT(pr_author_check("a\033[31mb", &err), PR_EINVAL);
    CHECK(strstr(err.msg, "control character at byte 2") != NULL);
    CHECK_INT(pr_author_check("a\tb", &err), PR_EINVAL);
    CHECK(strstr(err.msg, "control character at byte 2") != NULL);
    CHECK_INT(pr_author_check("a\nb", NULL), PR_EINVAL);
    CHECK_INT(pr_author_check("a\xc2\x9b" "b", NULL), PR_EINVAL); /* C1 CSI */
    CHECK_INT(pr_author_check("J\xf6rg", &err), PR_EINVAL);        /* Latin-1 */
    CHECK(strstr(err.msg, "invalid UTF-8 at byte 2") != NULL);
}

struct seen {
    char author[256], at[64];
};

static int last_change(const struct pr_history_change *c, void *ud)
{
    struct seen *w = ud;
    snprintf(w->author, sizeof w->author, "%s", c->author);
    snprintf(w->at, sizeof w->at, "%s", c->at);
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_store_settings(void)
{
    char *db = check_tmpdb();
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result ir;
    struct pr_edit_result res;
    struct pr_history_filter f;
    struct seen w;
    char buf[PR_TIME_LEN], want[PR_TIME_LEN];
    long long t;

    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE, &err), 0);
    /* defaults: the clock and the login name */
    time_t before = time(NULL);
    pr_store_now(s, buf);
    CHECK(pr_time_parse(buf, &t) == 0 && t >= before && t <= time(NULL));
    CHECK(pr_store_author(s)[0] != 0);

    CHECK_INT(pr_time_parse("2026-01-01T01:00:00+01:00", &t), 0);
    CHECK_INT(pr_store_set_clock(s, t, &err), 0);
    pr_store_now(s, buf);
    CHECK_STR(buf, "2026-01-01T00:00:00Z");
    CHECK_INT(pr_store_set_clock(s, -2, &err), PR_EINVAL);
    CHECK_INT(pr_store_set_clock(s, 253402300800LL, &err), PR_EINVAL);
    pr_store_now(s, buf);
    CHECK_STR(buf, "2026-01-01T00:00:00Z"); /* a refused setting changes nothing */

    CHECK_INT(pr_store_set_author(s, "tester", &err), 0);
    CHECK_INT(pr_store_set_author(s, "bad\001", &err), PR_EINVAL);
    CHECK_STR(pr_store_author(s), "tester");

    /* An import and a change are stamped with them. */
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/sample.xml", NULL, 0, &ir, &err), 0);
    char *imported = NULL;
    CHECK_INT(pr_store_meta_get(s, "imported_at", &imported, &err), 0);
    CHECK_STR(imported, "2026-01-01T00:00:00Z");
    free(imported);
    pr_store_set_commit_delay_ms(s, 120);
    double t0 = now_ms();
    CHECK_INT(pr_edit_person_add(s, "Jo_Test", "Jo Test", NULL, "mailto:jo@example.org", &res,
                                 &err), 0);
    CHECK(now_ms() - t0 >= 120); /* the hook held the commit */
    pr_store_set_commit_delay_ms(s, 0);
    pr_history_filter_init(&f);
    f.id = res.change_id;
    CHECK_INT(pr_history_each(s, &f, last_change, &w, &err), 1);
    CHECK_STR(w.author, "tester");
    CHECK_STR(w.at, "2026-01-01T00:00:00Z");

    /* Back to the system clock and the login name. */
    CHECK_INT(pr_store_set_clock(s, PR_CLOCK_SYSTEM, &err), 0);
    CHECK_INT(pr_store_set_author(s, NULL, &err), 0);
    before = time(NULL);
    CHECK_INT(pr_edit_person_add(s, "Al_Test", "Al Test", NULL, "mailto:al@example.org", &res,
                                 &err), 0);
    f.id = res.change_id;
    CHECK_INT(pr_history_each(s, &f, last_change, &w, &err), 1);
    CHECK(strcmp(w.author, "tester") != 0 && w.author[0]);
    pr_time_format((long long)before, want);
    CHECK(strcmp(w.at, want) >= 0);
    pr_store_free(s);
    check_rmdb(db);
}

int main(void)
{
    test_time_parse();
    test_author_check();
    test_store_settings();
    return check_status();
}
