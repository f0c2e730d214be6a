/* fuzz_search.c - fuzz harness for search query handling (registry/search.c):
 * pr_query_guess, the name glob, the FTS5 query built from words, the
 * assignee and reference matching, over the sample registry in an
 * in-memory database.
 *
 * Input: lines.  Line 1 is a free-form query (what `portreg search QUERY`
 * gets); lines 2-7 fill --name, --text, --assignee, --reference,
 * --protocol and --port of a second query.  The first byte's low bit sets
 * include_unassigned.
 *
 * Invariants: no query is an SQL error (user text never reaches SQL or
 * FTS5 syntax); a guessed port query only returns records overlapping the
 * port range (and protocol); a guessed name query only returns records
 * whose name matches it, case-insensitively, as a glob with * and ?. */
#define _GNU_SOURCE /* strndup is POSIX; fnmatch */
#include "fuzz.h"
#include "importers.h"

#include <ctype.h>
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

struct expect {
    const struct pr_query *q;
    enum pr_guess guess;
    char *lower_name;
};

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

static int on_result(const struct pr_record *r, void *ud)
{
    struct expect *e = ud;
    const struct pr_query *q = e->q;
    if (e->guess == PR_GUESS_PORT) {
        FUZZ_ASSERT(r->port_lo >= 0 && r->port_lo <= q->port_hi && r->port_hi >= q->port_lo);
        if (q->protocol)
            FUZZ_ASSERT(r->protocol && !strcmp(r->protocol, q->protocol));
    } else if (e->guess == PR_GUESS_NAME) {
        FUZZ_ASSERT(r->name != NULL);
        if (strpbrk(q->name, "*?")) {
            char *n = strdup(r->name);
            FUZZ_ASSERT(n != NULL);
            lower(n);
            FUZZ_ASSERT(fnmatch(e->lower_name, n, 0) == 0);
            free(n);
        } else {
            FUZZ_ASSERT(!strcasecmp(r->name, q->name));
        }
    }
    return 0;
}

static void check_rc(long n, const struct pr_query *q, const pr_error *err)
{
    if (n >= 0)
        return;
    /* The only refusal a query may get: words with nothing to search. */
    if (!(n == PR_EINVAL && q->text))
        fprintf(stderr, "fuzz_search: unexpected error %ld: %s\n", n, err->msg);
    FUZZ_ASSERT(n == PR_EINVAL && q->text);
}

static char *field(const char **p, const char *end)
{
    if (*p >= end)
        return NULL;
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    const char *e = nl ? nl : end;
    char *s = strndup(*p, (size_t)(e - *p));
    FUZZ_ASSERT(s != NULL);
    *p = nl ? nl + 1 : end;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    char *f[7] = {0};
    pr_error err = {0};
    for (int i = 0; i < 7; i++)
        f[i] = field(&p, end);
    int all = size > 0 && (data[0] & 1);

    if (f[0]) {
        struct pr_query q;
        char *buf = malloc(strlen(f[0]) + 1);
        FUZZ_ASSERT(buf != NULL);
        pr_query_init(&q);
        q.include_unassigned = all;
        struct expect e = {.q = &q, .guess = pr_query_guess(&q, f[0], buf)};
        if (e.guess == PR_GUESS_NAME) {
            FUZZ_ASSERT((e.lower_name = strdup(q.name)) != NULL);
            lower(e.lower_name);
        }
        check_rc(pr_search(fuzz_sample_store(), &q, on_result, &e, &err), &q, &err);
        free(e.lower_name);
        free(buf);
        if (!strpbrk(f[0], "*?["))
            FUZZ_ASSERT(pr_search_name(fuzz_sample_store(), f[0], NULL, NULL, &err) >= 0);
        else
            FUZZ_ASSERT(pr_search_name(fuzz_sample_store(), f[0], NULL, NULL, &err) == PR_EINVAL);
    }
    if (f[1] || f[2] || f[3] || f[4] || f[5] || f[6]) {
        struct pr_query q;
        pr_query_init(&q);
        q.include_unassigned = all;
        q.name = f[1] && *f[1] ? f[1] : NULL;
        q.text = f[2] && *f[2] ? f[2] : NULL;
        q.assignee = f[3] && *f[3] ? f[3] : NULL;
        q.reference = f[4] && *f[4] ? f[4] : NULL;
        q.protocol = f[5] && *f[5] ? f[5] : NULL;
        int lo, hi;
        if (f[6] && !pr_parse_port_range(f[6], &lo, &hi)) {
            q.port_lo = lo;
            q.port_hi = hi;
        }
        q.limit = 50;
        check_rc(pr_search(fuzz_sample_store(), &q, NULL, NULL, &err), &q, &err);
    }
    for (int i = 0; i < 7; i++)
        free(f[i]);
    return 0;
}
