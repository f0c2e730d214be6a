/* test_number.c - the checked integer parsers: pr_parse_long, pr_parse_size,
 * pr_parse_port_range (and the services port/proto field that uses it). */
#include "check.h"
#include "registry.h"

#include <limits.h>

static void test_long(void)
{
    long v = 7;
    CHECK_INT(pr_parse_long("0", 0, 10, &v), 0);
    CHECK_INT(v, 0);
    CHECK_INT(pr_parse_long("0443", 0, 65535, &v), 0);
    CHECK_INT(v, 443);
    CHECK_INT(pr_parse_long("-5", -10, 10, &v), 0);
    CHECK_INT(v, -5);
    CHECK_INT(pr_parse_long("9223372036854775807", 0, LONG_MAX, &v), 0);
    CHECK_INT(v, LONG_MAX);
    CHECK_INT(pr_parse_long("-9223372036854775808", LONG_MIN, 0, &v), 0);
    CHECK(v == LONG_MIN);
    /* refused, *out untouched */
    v = 7;
    static const char *const bad[] = {
        "", " 1", "1 ", "+1", "1x", "x1", "0x10", "1e3", "1.0", "--1", "-",
        "9223372036854775808", "99999999999999999999", "-9223372036854775809",
        "18446744073709551616", "1\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (pr_parse_long(bad[i], LONG_MIN, LONG_MAX, &v) != PR_EINVAL)
            fprintf(stderr, "accepted '%s'\n", bad[i]);
        CHECK_INT(pr_parse_long(bad[i], LONG_MIN, LONG_MAX, &v), PR_EINVAL);
    }
    CHECK_INT(v, 7);
    CHECK_INT(pr_parse_long(NULL, 0, 1, &v), PR_EINVAL);
    /* the range */
    CHECK_INT(pr_parse_long("11", 0, 10, &v), PR_EINVAL);
    CHECK_INT(pr_parse_long("0", 1, 10, &v), PR_EINVAL);
    CHECK_INT(pr_parse_long("-3", 1, LONG_MAX, &v), PR_EINVAL);
    /* no sign at all when negatives are out of range: "-0" is no port */
    CHECK_INT(pr_parse_long("-0", 0, 65535, &v), PR_EINVAL);
    CHECK_INT(pr_parse_long("-0", -1, 1, &v), 0);
    CHECK_INT(v, 0);
    CHECK_INT(pr_parse_long("5", 0, 10, NULL), 0);
}

static void test_size(void)
{
    long long v = 7;
    CHECK_INT(pr_parse_size("65536", 1, LLONG_MAX, &v), 0);
    CHECK_INT(v, 65536);
    CHECK_INT(pr_parse_size("512K", 1, LLONG_MAX, &v), 0);
    CHECK_INT(v, 512 * 1024);
    CHECK_INT(pr_parse_size("64m", 1, LLONG_MAX, &v), 0);
    CHECK_INT(v, 64LL * 1024 * 1024);
    CHECK_INT(pr_parse_size("2G", 1, LLONG_MAX, &v), 0);
    CHECK_INT(v, 2LL * 1024 * 1024 * 1024);
    CHECK_INT(pr_parse_size("8796093022207M", 1, LLONG_MAX, &v), 0); /* LLONG_MAX >> 20 */
    CHECK_INT(v, 8796093022207LL << 20);
    v = 7;
    static const char *const bad[] = {
        "", "M", "-1", "+1", "1MB", "1 M", "1T", "0x10", "9999999999999M",
        "8796093022208M", "9223372036854775808", "8589934592G",
        "17592186044417M", /* 2^64 + 1M: wraps to 1M unchecked */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_INT(pr_parse_size(bad[i], 1, LLONG_MAX, &v), PR_EINVAL);
    CHECK_INT(v, 7);
    CHECK_INT(pr_parse_size("0", 1, LLONG_MAX, &v), PR_EINVAL);
    CHECK_INT(pr_parse_size("2K", 1, 2047, &v), PR_EINVAL);
}

static void test_port_range(void)
{
    int lo = -9, hi = -9;
    CHECK_INT(pr_parse_port_range("443", &lo, &hi), 0);
    CHECK(lo == 443 && hi == 443);
    CHECK_INT(pr_parse_port_range("6000-6063", &lo, &hi), 0);
    CHECK(lo == 6000 && hi == 6063);
    CHECK_INT(pr_parse_port_range("0-65535", &lo, &hi), 0);
    CHECK(lo == 0 && hi == 65535);
    static const char *const bad[] = {"", "-1", "65536", "1-", "-", "5-4", "1-2-3", "1 ", "+1",
                                      "1-+2", "99999999999999999999", "1--2", "1/tcp"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_INT(pr_parse_port_range(bad[i], &lo, &hi), PR_EINVAL);
    CHECK(lo == 0 && hi == 65535);
}

int main(void)
{
    test_long();
    test_size();
    test_port_range();
    return check_status();
}
