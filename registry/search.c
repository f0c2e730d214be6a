/* search.c - queries over the store: by port (ranges included), name (exact
 * or glob), words (FTS5, prefix matching), assignee, reference, transport.
 * Every value goes through a bound parameter. */
#include "browse.h"
#include "store_int.h"
#include "strbuf.h"

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

/* Words -> FTS5 query on the columns given ("{name description notes}"):
 * each word a quoted prefix term, all required.  NULL when there is no word
 * or more than MAX_WORDS (*nwords tells which). */
static char *fts_query(const char *s, const char *columns, int *nwords)
{
    struct pr_strbuf b = PR_STRBUF_INIT;
    int words = 0;
    pr_strbuf_adds(&b, columns);
    pr_strbuf_adds(&b, " : (");
    while (*s) {
        while (*s && !isalnum((unsigned char)*s) && !((unsigned char)*s & 0x80))
            s++;
        if (!*s)
            break;
        const char *w = s;
        while (*s && (isalnum((unsigned char)*s) || ((unsigned char)*s & 0x80)))
            s++;
        /* a prefix term of at most 255 bytes, cut at a character boundary */
        size_t n = (size_t)(s - w) < 255 ? (size_t)(s - w) : 255;
        while (n < (size_t)(s - w) && n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80)
            n--;
        pr_strbuf_adds(&b, words++ ? " \"" : "\"");
        pr_strbuf_add(&b, w, n);
        pr_strbuf_adds(&b, "\"*");
    }
    pr_strbuf_addch(&b, ')');
    *nwords = words;
    if (!words || words > MAX_WORDS) {
        pr_strbuf_release(&b);
        return NULL;
    }
    return pr_strbuf_detach(&b);
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

/* ---- ranking ------------------------------------------------------------
 * A text search lists the best matches first: FTS5's bm25 with a name
 * weighing RANK_NAME, a description RANK_DESCRIPTION and notes RANK_NOTES
 * (one index, external content: nothing is stored twice).  IANA repeats
 * some notes on hundreds of records ("This entry is an alias to "X". This
 * entry is now historic, not usable for use with many common service
 * discovery mechanisms."); a note whose text, quoted names aside, more than
 * PR_BOILERPLATE_RECORDS records share is boilerplate, and a record that
 * matches only through such notes comes after every other match. */
#define RANK_WEIGHTS "10.0, 5.0, 1.0" /* name, description, notes */
#define PR_BOILERPLATE_RECORDS 10

/* The boilerplate note texts (normalised by note_norm), sorted. */
struct boilerplate {
    char **v;
    size_t n, cap;
};

/* note text with quoted spans emptied ("X" -> "") and white space folded */
static char *note_norm(const char *t)
{
    char *out = malloc(strlen(t) + 1), *o = out;
    int quoted = 0, space = 0;
    if (!out)
        return NULL;
    for (; *t; t++) {
        if (*t == '"') {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if (isspace((unsigned char)*t)) {
            space = o > out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = 0;
        *o++ = *t;
    }
    *o = 0;
    return out;
}

struct note_key {
    char *norm;
    long long record;
};

static int note_key_cmp(const void *a, const void *b)
{
    const struct note_key *x = a, *y = b;
    int c = strcmp(x->norm, y->norm);
    return c ? c : (x->record > y->record) - (x->record < y->record);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void boilerplate_release(struct boilerplate *bp)
{
    for (size_t i = 0; i < bp->n; i++)
        free(bp->v[i]);
    free(bp->v);
    memset(bp, 0, sizeof *bp);
}

static int boilerplate_load(pr_store *s, struct boilerplate *bp, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    struct note_key *k = NULL;
    size_t n = 0, cap = 0;
    int rc = 0, step;

    memset(bp, 0, sizeof *bp);
    if (sqlite3_prepare_v2(s->db, "SELECT record_id, text FROM note", -1, &st, NULL) != SQLITE_OK) {
        rc = pr_store_dberr(s, err, "cannot read notes");
        goto out;
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 1);
        if (pr_grow(&k, &cap, n, sizeof *k, 256) || !(k[n].norm = note_norm(t ? t : ""))) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            goto out;
        }
        k[n++].record = sqlite3_column_int64(st, 0);
    }
    if (step != SQLITE_DONE) {
        rc = pr_store_dberr(s, err, "cannot read notes");
        goto out;
    }
    if (n)
        qsort(k, n, sizeof *k, note_key_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1, records = 1;
        for (; j < n && !strcmp(k[j].norm, k[i].norm); j++)
            records += k[j].record != k[j - 1].record;
        if (records > PR_BOILERPLATE_RECORDS && *k[i].norm) {
            if (pr_grow(&bp->v, &bp->cap, bp->n, sizeof *bp->v, 16)) {
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
                goto out;
            }
            bp->v[bp->n++] = k[i].norm; /* taken; sorted, as k is */
            k[i].norm = NULL;
        }
        i = j;
    }
out:
    for (size_t i = 0; i < n; i++)
        free(k[i].norm);
    free(k);
    sqlite3_finalize(st);
    if (rc)
        boilerplate_release(bp);
    return rc;
}

static int boilerplate_has(const struct boilerplate *bp, const char *note)
{
    char *norm = note_norm(note);
    int found = norm && bp->n && bsearch(&norm, bp->v, bp->n, sizeof *bp->v, str_cmp);
    free(norm);
    return found;
}

/* Does r hold notes, every one of them boilerplate? */
static int only_boilerplate_notes(const struct boilerplate *bp, const struct pr_record *r)
{
    if (!r->n_notes)
        return 0;
    for (size_t i = 0; i < r->n_notes; i++)
        if (!boilerplate_has(bp, r->notes[i].text))
            return 0;
    return 1;
}

/* The statement of *sql: kept prepared in one of the store's slots (which
 * then owns *sql, set to NULL; *slot its index), or prepared for this
 * search alone when the slot holding it is stepping (a search from a
 * callback of another).  NULL when SQLite refuses it. */
static sqlite3_stmt *search_prepare(pr_store *s, char **sql, int *slot)
{
    const size_t n = sizeof s->searches / sizeof *s->searches;
    sqlite3_stmt *st = NULL;
    *slot = -1;
    for (size_t i = 0; i < n; i++) {
        struct pr_cached_stmt *c = &s->searches[i];
        if (c->sql && !strcmp(c->sql, *sql)) {
            if (c->busy)
                break;
            c->busy = 1;
            *slot = (int)i;
            return c->st;
        }
    }
    if (sqlite3_prepare_v2(s->db, *sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    struct pr_cached_stmt *c = &s->searches[s->next_search % n];
    if (c->busy)
        return st;
    sqlite3_finalize(c->st);
    free(c->sql);
    c->st = st;
    c->sql = *sql;
    c->busy = 1;
    *sql = NULL;
    *slot = (int)(s->next_search++ % n);
    return st;
}

/* Done with st: reset for the next search (its bindings point into this
 * one's strings) or finalized. */
static void search_release(pr_store *s, sqlite3_stmt *st, int slot)
{
    if (!st)
        return;
    if (slot < 0) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    s->searches[slot].busy = 0;
}

/* One query, two ways to deliver its rows: whole records (cb) or only
 * their ids (idcb, for front ends that filter rows they already hold). */
/* One search: the query, where its matches go, the SQL and the strings
 * bound to it, and the ranked search's boilerplate-only matches, which
 * come after the others. */
struct search {
    const struct pr_query *q;
    pr_record_cb cb;
    int (*idcb)(long long id, void *ud);
    void *ud;
    int ranked;
    struct pr_strbuf sql;
    char *glob, *fts, *fts_main, *ref, *like;
    long long *later; /* ranked: ids of boilerplate-only matches */
    size_t n_later, cap_later;
    struct boilerplate bp;
    int bp_loaded;
    long n; /* matches handed over */
};

static void search_free(struct search *x)
{
    pr_strbuf_release(&x->sql);
    free(x->glob);
    free(x->fts);
    free(x->fts_main);
    free(x->ref);
    free(x->like);
    free(x->later);
    boilerplate_release(&x->bp);
}

/* The full-text queries of q->text: PR_EINVAL for none or too many words. */
static int text_queries(struct search *x, pr_error *err)
{
    int words;
    if ((x->fts = fts_query(x->q->text, "{name description notes}", &words)) &&
        (!x->ranked || (x->fts_main = fts_query(x->q->text, "{name description}", &words))))
        return 0;
    if (words > MAX_WORDS)
        return pr_error_set(err, PR_EINVAL, "too many words to search for (%d; at most %d)", words,
                            MAX_WORDS);
    if (words)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return pr_error_set(err, PR_EINVAL, "no words to search for in '%.100s'", x->q->text);
}

/* The SELECT for x->q into x->sql, and the strings its parameters take:
 * ?1/?2 port range, ?3 name, ?4/?9 full text, ?5/?6 assignee, ?7
 * reference, ?8 transport. */
static int build_sql(struct search *x, pr_error *err)
{
    const struct pr_query *q = x->q;
    struct pr_strbuf *sql = &x->sql;
    int rc;
    if (x->idcb)
        pr_strbuf_adds(sql, "SELECT record.id FROM record WHERE 1");
    else if (x->ranked)
        pr_strbuf_adds(sql, "SELECT " PR_RECORD_COLUMNS ", m.main FROM record JOIN"
                     " (SELECT rowid AS fid, bm25(record_fts, " RANK_WEIGHTS ") AS rank,"
                     " rowid IN (SELECT rowid FROM record_fts WHERE record_fts MATCH ?9) AS main"
                     " FROM record_fts WHERE record_fts MATCH ?4) AS m ON m.fid = record.id"
                     " WHERE 1");
    else
        pr_strbuf_adds(sql, "SELECT " PR_RECORD_COLUMNS " FROM record WHERE 1");
    if (q->port_lo >= 0)
        pr_strbuf_adds(sql, " AND " PR_SQL_PORTS_OVERLAP("?2", "?1"));
    if (q->name) {
        if (strpbrk(q->name, "*?")) {
            if (!(x->glob = glob_pattern(q->name)))
                return pr_error_set(err, PR_ENOMEM, "out of memory");
            pr_strbuf_adds(sql, " AND lower(name) GLOB ?3");
        } else {
            pr_strbuf_adds(sql, " AND name = ?3 COLLATE NOCASE");
        }
    }
    if (q->text) {
        if ((rc = text_queries(x, err)))
            return rc;
        if (!x->ranked)
            pr_strbuf_adds(sql, " AND id IN (SELECT rowid FROM record_fts WHERE record_fts MATCH ?4)");
    }
    if (q->assignee) {
        if (!(x->like = like_substring(q->assignee)))
            return pr_error_set(err, PR_ENOMEM, "out of memory");
        pr_strbuf_adds(sql, " AND id IN (SELECT x.record_id FROM xref x LEFT JOIN person p ON p.id = x.data"
                     " WHERE x.type = 'person' AND (x.data = ?5 COLLATE NOCASE"
                     " OR p.name LIKE ?6 ESCAPE '\\' OR p.org LIKE ?6 ESCAPE '\\'))");
    }
    if (q->reference) {
        if (!(x->ref = reference_key(q->reference)))
            return pr_error_set(err, PR_ENOMEM, "out of memory");
        pr_strbuf_adds(sql, " AND id IN (SELECT record_id FROM xref WHERE type <> 'person'"
                     " AND (data = ?7 COLLATE NOCASE OR text = ?7 COLLATE NOCASE)"
                     " UNION SELECT record_id FROM note WHERE instr(lower(xml), '\"' || ?7 || '\"')"
                     " UNION SELECT id FROM record WHERE instr(lower(description_xml), '\"' || ?7 || '\"'))");
    }
    /* A record without a transport (IANA's flex-lm, boe-*, unnamed ranges)
     * holds the port for every transport, as pr_store_port_map counts it. */
    if (q->protocol)
        pr_strbuf_adds(sql, " AND (protocol = ?8 OR coalesce(protocol, '') = '')");
    if (q->port_lo < 0 && !q->include_unassigned)
        pr_strbuf_adds(sql, " AND NOT (coalesce(name, '') = '' AND description LIKE 'unassigned%')");
    /* "+seq": sort the few matches rather than walk the whole table in
     * seq order (what the planner picks otherwise). */
    pr_strbuf_adds(sql, x->ranked ? " ORDER BY m.rank, +seq, id" : " ORDER BY +seq, id");
    return sql->oom ? pr_error_set(err, PR_ENOMEM, "out of memory") : 0;
}

static void bind_params(sqlite3_stmt *st, const struct search *x)
{
    const struct pr_query *q = x->q;
    if (q->port_lo >= 0) {
        sqlite3_bind_int(st, 1, q->port_hi);
        sqlite3_bind_int(st, 2, q->port_lo);
    }
    if (q->name)
        sqlite3_bind_text(st, 3, x->glob ? x->glob : q->name, -1, SQLITE_STATIC);
    if (x->fts)
        sqlite3_bind_text(st, 4, x->fts, -1, SQLITE_STATIC);
    if (x->fts_main)
        sqlite3_bind_text(st, 9, x->fts_main, -1, SQLITE_STATIC);
    if (q->assignee) {
        sqlite3_bind_text(st, 5, q->assignee, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, x->like, -1, SQLITE_STATIC);
    }
    if (x->ref)
        sqlite3_bind_text(st, 7, x->ref, -1, SQLITE_STATIC);
    if (q->protocol)
        sqlite3_bind_text(st, 8, q->protocol, -1, SQLITE_STATIC);
}

/* Hand one match over (r NULL: the id alone); 1 when the caller stops or
 * the limit is reached: the one place --limit is counted. */
static int hand_over(struct search *x, const struct pr_record *r, long long id)
{
    x->n++;
    int stop = r ? (x->cb ? x->cb(r, x->ud) : 0) : x->idcb(id, x->ud);
    return stop || (x->q->limit > 0 && x->n >= x->q->limit);
}

/* A ranked match found through its notes only, when they are boilerplate
 * ("Defined TXT keys: ..."): its id goes to x->later.  1 if so, 0 if not,
 * or a negative PR_E*. */
static int defer_boilerplate(pr_store *s, struct search *x, const struct pr_record *r,
                             pr_error *err)
{
    int rc;
    if (!x->bp_loaded && (rc = boilerplate_load(s, &x->bp, err)))
        return rc;
    x->bp_loaded = 1;
    if (!only_boilerplate_notes(&x->bp, r))
        return 0;
    if (pr_grow(&x->later, &x->cap_later, x->n_later, sizeof *x->later, 64))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    x->later[x->n_later++] = r->id;
    return 1;
}

/* Step through st's rows: 0 at the end, 1 when stopped, or a negative PR_E*. */
static int each_row(pr_store *s, struct search *x, sqlite3_stmt *st, pr_error *err)
{
    int step, rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_record r;
        if (x->idcb) {
            if (hand_over(x, NULL, sqlite3_column_int64(st, 0)))
                return 1;
            continue;
        }
        if ((rc = pr_store_load_record_row(s, st, &r, err)))
            return rc;
        /* Matched through its notes only: boilerplate ones wait. */
        rc = x->ranked && !sqlite3_column_int(st, 17) ? defer_boilerplate(s, x, &r, err) : 0;
        int stop = rc == 0 && hand_over(x, &r, r.id);
        pr_record_release(&r);
        if (rc < 0)
            return rc;
        if (stop)
            return 1;
    }
    return step == SQLITE_DONE ? 0 : pr_store_dberr(s, err, "search failed");
}

static long search_run(pr_store *s, const struct pr_query *q, pr_record_cb cb,
                       int (*idcb)(long long id, void *ud), void *ud, pr_error *err)
{
    struct search x = {.q = q, .cb = cb, .idcb = idcb, .ud = ud, .ranked = q->text && !idcb};
    sqlite3_stmt *st = NULL;
    int slot = -1, rc = build_sql(&x, err);
    if (!rc) {
        char *sql = pr_strbuf_detach(&x.sql); /* the statement cache may keep it */
        if (!sql || !(st = search_prepare(s, &sql, &slot)))
            rc = sql ? pr_store_dberr(s, err, "cannot prepare search")
                     : pr_error_set(err, PR_ENOMEM, "out of memory");
        free(sql);
    }
    if (!rc) {
        bind_params(st, &x);
        rc = each_row(s, &x, st, err);
    }
    search_release(s, st, slot);
    /* The boilerplate-only matches last, unless the search stopped. */
    for (size_t i = 0; !rc && i < x.n_later; i++) {
        struct pr_record r;
        if ((rc = pr_store_get_record(s, x.later[i], &r, err)))
            break;
        rc = hand_over(&x, &r, r.id);
        pr_record_release(&r);
    }
    search_free(&x);
    return rc < 0 ? rc : x.n;
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
