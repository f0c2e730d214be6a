/* number.c - the one checked integer parser: every integer read from a
 * command line, an environment variable, a file or the database goes
 * through pr_parse_long, pr_parse_size or pr_parse_port_range. */
#include "registry.h"

#include <limits.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Decimal digits at *p into *v, at most limit; *p moves past them.
 * -1 when there is no digit or the value passes limit. */
static int digits(const char **p, unsigned long long limit, unsigned long long *v)
{
    const char *s = *p;
    unsigned long long n = 0;
    if (!is_digit(*s))
        return -1;
    for (; is_digit(*s); s++) {
        unsigned d = (unsigned)(*s - '0');
        if (n > (limit - d) / 10)
            return -1;
        n = n * 10 + d;
    }
    *p = s;
    *v = n;
    return 0;
}

int pr_parse_long(const char *s, long min, long max, long *out)
{
    unsigned long long v;
    int neg;
    long r;
    if (!s)
        return PR_EINVAL;
    neg = *s == '-' && min < 0; /* "-0" is no port */
    s += neg;
    if (digits(&s, neg ? (unsigned long long)LONG_MAX + 1 : (unsigned long long)LONG_MAX, &v) ||
        *s)
        return PR_EINVAL;
    if (!neg)
        r = (long)v;
    else if (v == (unsigned long long)LONG_MAX + 1)
        r = LONG_MIN;
    else
        r = -(long)v;
    if (r < min || r > max)
        return PR_EINVAL;
    if (out)
        *out = r;
    return 0;
}

int pr_parse_size(const char *s, long long min, long long max, long long *out)
{
    unsigned long long v, unit = 1;
    if (!s || digits(&s, LLONG_MAX, &v))
        return PR_EINVAL;
    switch (*s) {
    case 'K': case 'k': unit = 1024ULL; s++; break;
    case 'M': case 'm': unit = 1024ULL * 1024; s++; break;
    case 'G': case 'g': unit = 1024ULL * 1024 * 1024; s++; break;
    default: break;
    }
    if (*s || v > (unsigned long long)LLONG_MAX / unit)
        return PR_EINVAL;
    v *= unit;
    if ((long long)v < min || (long long)v > max)
        return PR_EINVAL;
    if (out)
        *out = (long long)v;
    return 0;
}

/* A port at *p (digits only), moving *p past it. */
static int port_at(const char **p, int *out)
{
    unsigned long long v;
    if (digits(p, PR_PORT_MAX, &v))
        return -1;
    *out = (int)v;
    return 0;
}

int pr_parse_port_range(const char *s, int *lo, int *hi)
{
    int a, b;
    if (!s || port_at(&s, &a))
        return PR_EINVAL;
    b = a;
    if (*s == '-') {
        s++;
        if (port_at(&s, &b) || b < a)
            return PR_EINVAL;
    }
    if (*s)
        return PR_EINVAL;
    *lo = a;
    *hi = b;
    return 0;
}
