/* settings.c - what a front end tells a store once it is open (libgit2's
 * git_repository_set_*): the clock changes are stamped with, their author,
 * and the commit-delay test hook; and RFC 3339 times, parsed and written.
 * The library never reads the environment: cli/settings.c turns PORTREG_NOW,
 * PORTREG_USER and PORTREG_TEST_COMMIT_DELAY_MS into these calls. */
#include "clean_text.h"
#include "store_int.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- RFC 3339 times ----------------------------------------------------- */

/* 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z: four-digit years. */
#define TIME_MAX 253402300799LL

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's
 * days_from_civil), and back. */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

/* n digits at *p within [lo, hi]; *p moves past them. */
static int field(const char **p, int n, int lo, int hi, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    if (v < lo || v > hi)
        return -1;
    *p += n;
    *out = v;
    return 0;
}

static int expect(const char **p, const char *one_of)
{
    if (!**p || !strchr(one_of, **p))
        return -1;
    (*p)++;
    return 0;
}

int pr_time_parse(const char *s, long long *t)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
    const char *p = s;
    if (!s || field(&p, 4, 0, 9999, &y) || expect(&p, "-") || field(&p, 2, 1, 12, &mo) ||
        expect(&p, "-") || field(&p, 2, 1, 31, &d) || d > days_in_month(y, mo))
        return PR_EINVAL;
    if (*p) {
        /* time-second 60 (a leap second) is refused: the clock has none */
        if (expect(&p, "Tt") || field(&p, 2, 0, 23, &h) || expect(&p, ":") ||
            field(&p, 2, 0, 59, &mi) || expect(&p, ":") || field(&p, 2, 0, 59, &sec))
            return PR_EINVAL;
        if (*p == '.') { /* time-secfrac: kept to the second */
            p++;
            if (*p < '0' || *p > '9')
                return PR_EINVAL;
            while (*p >= '0' && *p <= '9')
                p++;
        }
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            sign = *p++ == '-' ? -1 : 1;
            if (field(&p, 2, 0, 23, &oh) || expect(&p, ":") || field(&p, 2, 0, 59, &om))
                return PR_EINVAL;
        } else {
            return PR_EINVAL; /* RFC 3339 wants the offset */
        }
        if (*p)
            return PR_EINVAL;
    }
    long long v = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    v -= sign * (oh * 3600 + om * 60);
    if (v < 0 || v > TIME_MAX)
        return PR_EINVAL;
    if (t)
        *t = v;
    return 0;
}

void pr_time_format(long long t, char buf[PR_TIME_LEN])
{
    int y, m, d;
    long long days = t / 86400, rest = t % 86400;
    if (rest < 0) {
        rest += 86400;
        days--;
    }
    civil_from_days(days, &y, &m, &d);
    /* (the modulos tell the compiler the widths) */
    snprintf(buf, PR_TIME_LEN, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u, (unsigned)(rest / 3600) % 100u,
             (unsigned)(rest / 60 % 60), (unsigned)(rest % 60));
}

/* ---- the store's settings ----------------------------------------------- */

int pr_store_set_clock(pr_store *s, long long t, pr_error *err)
{
    if (t != PR_CLOCK_SYSTEM && (t < 0 || t > TIME_MAX))
        return pr_error_set(err, PR_EINVAL, "time %lld is outside 1970-9999", t);
    s->clock_set = t != PR_CLOCK_SYSTEM;
    s->clock = t;
    return 0;
}

void pr_store_now(const pr_store *s, char buf[PR_TIME_LEN])
{
    long long t = s->clock_set ? s->clock : (long long)time(NULL);
    pr_time_format(t, buf);
}

int pr_author_check(const char *a, pr_error *err)
{
    size_t n = a ? strlen(a) : 0, bad;
    unsigned cp;
    int invalid = 0;
    if (!n)
        return pr_error_set(err, PR_EINVAL, "the author is empty");
    if (n > PR_AUTHOR_MAX)
        return pr_error_set(err, PR_EINVAL, "the author is %zu bytes long, more than %d", n,
                            PR_AUTHOR_MAX);
    if ((bad = pr_clean_text_bad(a, n, &cp, &invalid)) == n) {
        bad = strcspn(a, "\t\n\r"); /* clean text, but not on one line */
        invalid = 0;
    }
    if (bad < n)
        return pr_error_set(err, PR_EINVAL, "the author has %s at byte %zu",
                            invalid ? "invalid UTF-8" : "a control character", bad + 1);
    return 0;
}

int pr_store_set_author(pr_store *s, const char *author, pr_error *err)
{
    int rc;
    if (!author) {
        s->author[0] = 0;
        return 0;
    }
    if ((rc = pr_author_check(author, err)))
        return rc;
    memcpy(s->author, author, strlen(author) + 1);
    return 0;
}

const char *pr_store_author(pr_store *s)
{
    if (!s->author[0]) {
        /* The login name of the user id, when the front end named nobody. */
        struct passwd *pw = getpwuid(geteuid());
        const char *name = pw && pw->pw_name ? pw->pw_name : NULL;
        if (!name || pr_author_check(name, NULL))
            name = "unknown";
        memcpy(s->author, name, strlen(name) + 1);
    }
    return s->author;
}

void pr_store_set_commit_delay_ms(pr_store *s, long ms)
{
    s->commit_delay_ms = ms > 0 ? ms : 0;
}

void pr_store_set_commit_signal(pr_store *s, int sig, int after)
{
    s->commit_signal = sig > 0 ? (after ? sig : -sig) : 0;
}

void pr_store_set_busy_wait(pr_store *s, int ms)
{
    if (s && s->db)
        sqlite3_busy_timeout(s->db, ms > 0 ? ms : 0);
}
