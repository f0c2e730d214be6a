/* suggest.c - "did you mean": the registered service names nearest to a
 * name that matched nothing, by a weighted edit distance (as git's help.c
 * weighs a mistyped command: a letter left out or two letters swapped cost
 * less than a wrong or an extra letter) and by prefix. */
#include "store_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Longest name compared; service names have at most 15 characters. */
#define SUGGEST_MAX_LEN 64

/* Costs of the edits from what was typed to a registered name: a doubled
 * letter typed once ("htp" for http) or twice too often ("imapp") costs
 * least, then a letter left out or two swapped, then a wrong or an extra
 * letter. */
enum { W_ADD_REPEAT = 1, W_DEL_REPEAT = 2, W_ADD = 2, W_SWAP = 2, W_SUB = 4, W_DEL = 4 };

struct cand {
    char *name;
    int dist;   /* weighted edits; a prefix match counts as limit + 1 */
};

/* Weighted optimal string alignment distance from a (typed) to b (a
 * registered name), both lowercase and at most SUGGEST_MAX_LEN bytes, or
 * limit + 1 once it must exceed limit. */
static int osa_distance(const char *a, size_t la, const char *b, size_t lb, int limit)
{
    int d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];
    if ((la > lb ? la - lb : lb - la) > (size_t)limit)
        return limit + 1;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i * W_DEL;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j * W_ADD;
    for (size_t i = 1; i <= la; i++) {
        int row_min = limit + 1;
        for (size_t j = 1; j <= lb; j++) {
            int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1] ? W_SUB : 0);
            int del = i > 1 && a[i - 1] == a[i - 2] ? W_DEL_REPEAT : W_DEL;
            int add = j > 1 && b[j - 1] == b[j - 2] ? W_ADD_REPEAT : W_ADD;
            if (d[i - 1][j] + del < v)
                v = d[i - 1][j] + del;
            if (d[i][j - 1] + add < v)
                v = d[i][j - 1] + add;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + W_SWAP < v)
                v = d[i - 2][j - 2] + W_SWAP;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > limit)
            return limit + 1;
    }
    return d[la][lb] > limit ? limit + 1 : d[la][lb];
}

static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->dist != y->dist)
        return x->dist - y->dist;
    size_t lx = strlen(x->name), ly = strlen(y->name);
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return strcmp(x->name, y->name);
}

long pr_search_suggest(pr_store *s, const char *name, char **out, size_t max, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    struct cand *c = NULL;
    size_t n = 0, cap = 0, len = strlen(name);
    char query[SUGGEST_MAX_LEN + 1];
    long rc = 0;
    int step;

    if (!len || len > SUGGEST_MAX_LEN || !max)
        return 0;
    for (size_t i = 0; i <= len; i++)
        query[i] = (char)tolower((unsigned char)name[i]);
    /* A wrong letter per three typed, at least one, at most three:
     * "postgress" is 6 from "postgresql" (an extra s, q and l left out),
     * "htp" 1 from "http" and 4 from "ftp". */
    int limit = (int)(len * W_SUB / 3);
    limit = limit < W_SUB ? W_SUB : limit > 3 * W_SUB ? 3 * W_SUB : limit;
    if ((rc = pr_sql_open(s, &st, err, "cannot read service names",
                          "SELECT DISTINCT lower(name) FROM record WHERE coalesce(name, '') <> ''",
                          "")))
        goto out;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *cn = (const char *)sqlite3_column_text(st, 0);
        size_t cl = cn ? strlen(cn) : 0;
        if (!cl || cl > SUGGEST_MAX_LEN)
            continue;
        int d = osa_distance(query, len, cn, cl, limit);
        /* "postgres" -> "postgresql": a prefix of three letters or more. */
        if (d > limit && (len < 3 || cl <= len || strncmp(cn, query, len)))
            continue;
        if (!d)
            continue; /* the name itself (it matched nothing as typed?) */
        if (pr_grow(&c, &cap, n, sizeof *c, 32) || !(c[n].name = strdup(cn))) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            goto out;
        }
        c[n++].dist = d;
    }
    if (step != SQLITE_DONE) {
        rc = pr_store_dberr(s, err, "cannot read service names");
        goto out;
    }
    if (n)
        qsort(c, n, sizeof *c, cand_cmp);
    /* Only the nearest: "htp" suggests http, not ftp and the other xtp. */
    for (size_t i = 0; i < n && (size_t)rc < max && c[i].dist == c[0].dist; i++) {
        out[rc++] = c[i].name;
        c[i].name = NULL;
    }
out:
    for (size_t i = 0; i < n; i++)
        free(c[i].name);
    free(c);
    sqlite3_finalize(st);
    return rc;
}
