/* search.c - queries over the store: by port (ranges included), name (exact
 * or glob), words (FTS5, prefix matching), assignee, reference, transport.
 * Every value goes through a bound parameter. */
#include "browse.h"
#include "store_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void pr_query_init(struct pr_query *q)
{
    memset(q, 0, sizeof *q);
    q->port_lo = q->port_hi = -1;
}

static int is_name_char(int c)
{
    return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '+' || c == '*' || c == '?';
}

enum pr_guess pr_query_guess(struct pr_query *q, const char *s, char *buf)
{
    strcpy(buf, s);
    char *slash = strchr(buf, '/');
    int lo, hi;
    if (slash) {
        *slash = 0;
        if (!pr_parse_port_range(buf, &lo, &hi)) {
            q->port_lo = lo;
            q->port_hi = hi;
            q->protocol = slash + 1;
            return PR_GUESS_PORT;
        }
        *slash = '/';
    } else if (!pr_parse_port_range(buf, &lo, &hi)) {
        q->port_lo = lo;
        q->port_hi = hi;
        return PR_GUESS_PORT;
    }
    int name = *buf != 0, letter = 0;
    for (const char *p = buf; *p; p++) {
        name &= is_name_char((unsigned char)*p);
        letter |= isalpha((unsigned char)*p) || *p == '*' || *p == '?';
    }
    if (name && letter && strlen(buf) <= 64) {
        q->name = buf;
        return PR_GUESS_NAME;
    }
    q->text = buf;
    return PR_GUESS_TEXT;
}

struct sqlbuf {
    char *p;
    size_t len, cap;
    int oom;
};

static void sb_add(struct sqlbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 512;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

/* Name glob: lower-cased, '[' escaped for SQLite's GLOB. */
static char *glob_pattern(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++) {
        if (*s == '[') {
            memcpy(o, "[[]", 3);
            o += 3;
        } else {
            *o++ = (char)tolower((unsigned char)*s);
        }
    }
    *o = 0;
    return out;
}

/* Each word is a prefix query: thousands of them take seconds. */
#define MAX_WORDS 64

/* Words -> FTS5 query on description and notes: each word a quoted prefix
 * term, all required.  NULL when there is no word or more than MAX_WORDS
 * (*nwords tells which). */
static char *fts_query(const char *s, int *nwords)
{
    struct sqlbuf b = {0};
    int words = 0;
    sb_add(&b, "{description notes} : (");
    while (*s) {
        while (*s && !isalnum((unsigned char)*s) && !((unsigned char)*s & 0x80))
            s++;
        if (!*s)
            break;
        const char *w = s;
        while (*s && (isalnum((unsigned char)*s) || ((unsigned char)*s & 0x80)))
            s++;
        char word[256];
        size_t n = (size_t)(s - w) < sizeof word - 1 ? (size_t)(s - w) : sizeof word - 1;
        /* cut a long word at a character boundary, not inside UTF-8 */
        while (n < (size_t)(s - w) && n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80)
            n--;
        memcpy(word, w, n);
        word[n] = 0;
        sb_add(&b, words++ ? " \"" : "\"");
        sb_add(&b, word);
        sb_add(&b, "\"*");
    }
    sb_add(&b, ")");
    *nwords = words;
    if (!words || words > MAX_WORDS || b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* LIKE pattern for "contains s": %s% with LIKE's own % and _ (and the
 * escape character) taken literally. */
static char *like_substring(const char *s)
{
    char *out = malloc(2 * strlen(s) + 3), *o = out;
    if (!out)
        return NULL;
    *o++ = '%';
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    *o++ = '%';
    *o = 0;
    return out;
}

/* "RFC 6335" -> "rfc6335"; other references lower-cased as given. */
static char *reference_key(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            *o++ = (char)tolower((unsigned char)*s);
    *o = 0;
    return out;
}

/* One query, two ways to deliver its rows: whole records (cb) or only
 * their ids (idcb, for front ends that filter rows they already hold). */
static long search_run(pr_store *s, const struct pr_query *q, pr_record_cb cb,
                       int (*idcb)(long long id, void *ud), void *ud, pr_error *err)
{
    struct sqlbuf sql = {0};
    sqlite3_stmt *st = NULL;
    char *glob = NULL, *fts = NULL, *ref = NULL, *like = NULL;
    long n = 0;
    int rc = 0, idx = 0, step;

    sb_add(&sql, idcb ? "SELECT record.id FROM record WHERE 1"
                      : "SELECT " PR_RECORD_COLUMNS " FROM record WHERE 1");
    if (q->port_lo >= 0)
        sb_add(&sql, " AND port_lo <= ?1 AND port_hi >= ?2");
    if (q->name) {
        if (strpbrk(q->name, "*?")) {
            if (!(glob = glob_pattern(q->name)))
                goto nomem;
            sb_add(&sql, " AND lower(name) GLOB ?3");
        } else {
            sb_add(&sql, " AND name = ?3 COLLATE NOCASE");
        }
    }
    if (q->text) {
        int words;
        if (!(fts = fts_query(q->text, &words))) {
            if (words > MAX_WORDS)
                rc = pr_error_set(err, PR_EINVAL, "too many words to search for (%d; at most %d)",
                                  words, MAX_WORDS);
            else if (words)
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            else
                rc = pr_error_set(err, PR_EINVAL, "no words to search for in '%.100s'", q->text);
            goto out;
        }
        sb_add(&sql, " AND id IN (SELECT rowid FROM record_fts WHERE record_fts MATCH ?4)");
    }
    if (q->assignee) {
        if (!(like = like_substring(q->assignee)))
            goto nomem;
        sb_add(&sql, " AND id IN (SELECT x.record_id FROM xref x LEFT JOIN person p ON p.id = x.data"
                     " WHERE x.type = 'person' AND (x.data = ?5 COLLATE NOCASE"
                     " OR p.name LIKE ?6 ESCAPE '\\' OR p.org LIKE ?6 ESCAPE '\\'))");
    }
    if (q->reference) {
        if (!(ref = reference_key(q->reference)))
            goto nomem;
        sb_add(&sql, " AND id IN (SELECT record_id FROM xref WHERE type <> 'person'"
                     " AND (data = ?7 COLLATE NOCASE OR text = ?7 COLLATE NOCASE)"
                     " UNION SELECT record_id FROM note WHERE instr(lower(xml), '\"' || ?7 || '\"')"
                     " UNION SELECT id FROM record WHERE instr(lower(description_xml), '\"' || ?7 || '\"'))");
    }
    if (q->protocol)
        sb_add(&sql, " AND protocol = ?8");
    if (q->port_lo < 0 && !q->include_unassigned)
        sb_add(&sql, " AND NOT (coalesce(name, '') = '' AND description LIKE 'unassigned%')");
    /* "+seq": sort the few matches rather than walk the whole table in
     * seq order (what the planner picks otherwise). */
    sb_add(&sql, " ORDER BY +seq, id");
    if (sql.oom)
        goto nomem;
    if (sqlite3_prepare_v2(s->db, sql.p, -1, &st, NULL) != SQLITE_OK) {
        rc = pr_store_dberr(s, err, "cannot prepare search");
        goto out;
    }
    if (q->port_lo >= 0) {
        sqlite3_bind_int(st, 1, q->port_hi);
        sqlite3_bind_int(st, 2, q->port_lo);
    }
    if (q->name)
        sqlite3_bind_text(st, 3, glob ? glob : q->name, -1, SQLITE_STATIC);
    if (fts)
        sqlite3_bind_text(st, 4, fts, -1, SQLITE_STATIC);
    if (q->assignee) {
        sqlite3_bind_text(st, 5, q->assignee, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, like, -1, SQLITE_STATIC);
    }
    if (ref)
        sqlite3_bind_text(st, 7, ref, -1, SQLITE_STATIC);
    if (q->protocol)
        sqlite3_bind_text(st, 8, q->protocol, -1, SQLITE_STATIC);
    (void)idx;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_record r;
        if (idcb) {
            n++;
            if (idcb(sqlite3_column_int64(st, 0), ud) || (q->limit > 0 && n >= q->limit))
                goto out;
            continue;
        }
        if ((rc = pr_store_load_record_row(s, st, &r, err)))
            goto out;
        n++;
        int stop = cb ? cb(&r, ud) : 0;
        pr_record_release(&r);
        if (stop || (q->limit > 0 && n >= q->limit))
            goto out;
    }
    if (step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "search failed");
    goto out;
nomem:
    rc = pr_error_set(err, PR_ENOMEM, "out of memory");
out:
    sqlite3_finalize(st);
    free(sql.p);
    free(glob);
    free(fts);
    free(ref);
    free(like);
    return rc ? rc : n;
}

long pr_search(pr_store *s, const struct pr_query *q, pr_record_cb cb, void *ud, pr_error *err)
{
    return search_run(s, q, cb, NULL, ud, err);
}

long pr_search_ids(pr_store *s, const struct pr_query *q, int (*cb)(long long id, void *ud),
                   void *ud, pr_error *err)
{
    return search_run(s, q, NULL, cb, ud, err);
}

long pr_search_name(pr_store *s, const char *name, pr_record_cb cb, void *ud, pr_error *err)
{
    struct pr_query q;
    pr_query_init(&q);
    q.name = name;
    q.include_unassigned = 1;
    if (strpbrk(name, "*?["))
        return pr_error_set(err, PR_EINVAL, "invalid service name '%s'", name);
    return pr_search(s, &q, cb, ud, err);
}
