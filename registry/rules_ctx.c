/* rules_ctx.c - what rules read: the registry as services (all records of
 * one name merged), look-ups by name, port, prefix and description words,
 * and the facts of a request (who holds what it asks for).  The check
 * context (rules_int.h) is released here when a review or audit ends. */
#include "rules_int.h"
#include "store_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void pr_svc_list_release(struct pr_svc_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].desc);
        free(l->items[i].notes);
        free(l->items[i].assignees);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

unsigned pr_tp_bit(const char *protocol)
{
    if (!protocol || !*protocol)
        return PR_TP_TCP | PR_TP_UDP | PR_TP_SCTP | PR_TP_DCCP;
    for (int i = 0; i < 4; i++)
        if (!strcmp(protocol, pr_tp_names[i]))
            return 1u << i;
    return 0;
}

/* Append " / add" to *s unless s already holds it (NULL-safe). */
static int join_distinct(char **s, const char *add, const char *sep)
{
    if (!add || !*add)
        return 0;
    if (*s) {
        /* descriptions repeat per transport; keep each once */
        const char *p = *s;
        size_t n = strlen(add), sn = strlen(sep);
        while ((p = strstr(p, add))) {
            /* a whole item: at the start, or after a separator (which
             * needs sn bytes before p: a match inside the first item has
             * none) */
            if ((p == *s || ((size_t)(p - *s) >= sn && !strncmp(p - sn, sep, sn))) &&
                (p[n] == 0 || !strncmp(p + n, sep, sn)))
                return 0;
            p++;
        }
    }
    size_t ol = *s ? strlen(*s) : 0;
    char *j = realloc(*s, ol + strlen(sep) + strlen(add) + 1);
    if (!j)
        return PR_ENOMEM;
    if (ol)
        strcpy(j + ol, sep);
    else
        j[0] = 0;
    strcat(j, add);
    *s = j;
    return 0;
}

/* One record of a service into the service (merge). */
static int svc_add(struct pr_svc *v, sqlite3_stmt *st)
{
    const char *proto = (const char *)sqlite3_column_text(st, 1);
    const char *number = (const char *)sqlite3_column_text(st, 2);
    const char *desc = (const char *)sqlite3_column_text(st, 3);
    const char *notes = (const char *)sqlite3_column_text(st, 4);
    /* A description's later paragraphs are IANA's remarks ("IANA assigned
     * this well-formed service name as a replacement for ..."), not the
     * service's: keep the first. */
    char *first = desc ? strdup(desc) : NULL;
    if (desc && !first)
        return PR_ENOMEM;
    char *blank = first ? strstr(first, "\n\n") : NULL;
    if (blank)
        *blank = 0;
    int rc = join_distinct(&v->desc, first, " / ") || join_distinct(&v->notes, notes, "\n");
    free(first);
    if (rc)
        return PR_ENOMEM;
    if (number && *number) {
        v->has_port = 1;
        v->transports |= pr_tp_bit(proto);
        /* numbers[] lists distinct numbers as far as it has room */
        int seen = 0;
        size_t n = strlen(number);
        for (const char *p = v->numbers; (p = strstr(p, number)); p++)
            if ((p == v->numbers || p[-1] == ' ') && (p[n] == 0 || p[n] == ','))
                seen = 1;
        if (!seen) {
            v->n_numbers++;
            size_t ol = strlen(v->numbers);
            if (ol + n + 3 < sizeof v->numbers)
                snprintf(v->numbers + ol, sizeof v->numbers - ol, "%s%s", ol ? ", " : "",
                         number);
        }
    }
    if (sqlite3_column_int(st, 5))
        v->has_assignee = 1;
    if (notes && pr_text_has_word(notes, "historic", 0))
        v->historic = 1;
    return 0;
}

/* The assignee test follows pr_record_assignees: persons inside
 * <assignee>, or plain person xrefs when the record has no <assignee>. */
#define ASSIGNEE_XREF                                                                  \
    "x.type = 'person' AND (x.role = 1 OR (x.role = 0 AND "                               \
    "instr(coalesce(record.layout, ''), 'A') = 0))"
#define SVC_COLUMNS                                                                     \
    "SELECT name, protocol, number, description, notes, "                              \
    "  EXISTS(SELECT 1 FROM xref x WHERE x.record_id = record.id AND " ASSIGNEE_XREF ")" \
    " FROM record "
/* Two statements, not one with "?1 IS NULL OR": the OR would keep SQLite
 * from using the record_name index for one name (a scan per lookup). */
static const char svc_sql_one[] =
    SVC_COLUMNS "WHERE name = ?1 COLLATE NOCASE ORDER BY seq";
static const char svc_sql_all[] =
    SVC_COLUMNS "WHERE name > '' ORDER BY name COLLATE NOCASE, seq";

/* Run the prepared svc_sql for name and append to out. */
static int svc_run(pr_store *s, sqlite3_stmt *st, const char *name, struct pr_svc_list *out,
                   pr_error *err)
{
    int rc = 0, step;
    if (name)
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    struct pr_svc *cur = NULL;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *n = (const char *)sqlite3_column_text(st, 0);
        if (!cur || strcasecmp(cur->name, n)) {
            if (pr_grow(&out->items, &out->cap, out->n, sizeof *out->items, 64)) {
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
                break;
            }
            cur = &out->items[out->n++];
            memset(cur, 0, sizeof *cur);
            if (!(cur->name = strdup(n))) {
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
                break;
            }
        }
        if (svc_add(cur, st)) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            break;
        }
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read records");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

int pr_svc_load(pr_store *s, const char *name, struct pr_svc_list *out, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(pr_store_db(s), name ? svc_sql_one : svc_sql_all, -1, &st, NULL) !=
        SQLITE_OK)
        return pr_store_dberr(s, err, "cannot prepare query");
    int rc = svc_run(s, st, name, out, err);
    sqlite3_finalize(st);
    return rc;
}

static int svc_cmp(const void *key, const void *item)
{
    return strcasecmp(key, ((const struct pr_svc *)item)->name);
}

const struct pr_svc *pr_ctx_service(struct pr_rule_ctx *c, const char *name)
{
    if (!name || !*name)
        return NULL;
    if (c->audit)
        return bsearch(name, c->all.items, c->all.n, sizeof *c->all.items, svc_cmp);
    for (size_t i = 0; i < c->n_cache; i++)
        if (!strcasecmp(c->cache[i].items ? c->cache[i].items[0].name : "", name))
            return &c->cache[i].items[0];
    struct pr_svc_list l = {0};
    if (!c->svc_st && sqlite3_prepare_v2(pr_store_db(c->store), svc_sql_one, -1, &c->svc_st,
                                         NULL) != SQLITE_OK) {
        pr_store_dberr(c->store, c->err, "cannot prepare query");
        return NULL;
    }
    if (svc_run(c->store, c->svc_st, name, &l, c->err)) {
        pr_svc_list_release(&l);
        return NULL;
    }
    if (!l.n)
        return NULL;
    struct pr_svc_list *nc = realloc(c->cache, (c->n_cache + 1) * sizeof *nc);
    if (!nc) {
        pr_svc_list_release(&l);
        pr_error_set(c->err, PR_ENOMEM, "out of memory");
        return NULL;
    }
    c->cache = nc;
    c->cache[c->n_cache] = l;
    return &c->cache[c->n_cache++].items[0];
}

const char *pr_ctx_assignees(struct pr_rule_ctx *c, const struct pr_svc *v)
{
    struct pr_svc *w = (struct pr_svc *)v; /* the lazily filled cache of v */
    int step;
    if (w->assignees)
        return w->assignees;
    if (!v->has_assignee)
        return "";
    if (!c->assignee_st &&
        sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT DISTINCT x.data FROM record JOIN xref x ON x.record_id = "
                           "record.id WHERE record.name = ?1 COLLATE NOCASE AND x.data > '' "
                           "AND " ASSIGNEE_XREF " ORDER BY record.seq, x.pos",
                           -1, &c->assignee_st, NULL) != SQLITE_OK) {
        pr_store_dberr(c->store, c->err, "cannot prepare query");
        return "";
    }
    sqlite3_bind_text(c->assignee_st, 1, v->name, -1, SQLITE_STATIC);
    while ((step = sqlite3_step(c->assignee_st)) == SQLITE_ROW)
        if (join_distinct(&w->assignees, (const char *)sqlite3_column_text(c->assignee_st, 0),
                          " ")) {
            pr_error_set(c->err, PR_ENOMEM, "out of memory");
            break;
        }
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        pr_store_dberr(c->store, c->err, "cannot read assignees");
    sqlite3_reset(c->assignee_st);
    return w->assignees ? w->assignees : "";
}

int pr_ctx_failed(const struct pr_rule_ctx *c)
{
    return c->err && c->err->code != 0;
}

int pr_ctx_each_name(struct pr_rule_ctx *c, pr_name_fn fn, void *ud)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    char last[256] = "";
    if (c->audit) {
        /* the whole registry is in memory already */
        for (size_t i = 0; i < c->all.n && !rc; i++)
            rc = fn(c->all.items[i].name, ud);
        return rc;
    }
    /* The covering index record_name gives the names in order: no record
     * is read and nothing is copied. */
    if (sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT name FROM record WHERE name > '' ORDER BY name COLLATE NOCASE",
                           -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(c->store, c->err, "cannot prepare query");
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        size_t n = strlen(v);
        if (n >= sizeof last || !strcasecmp(last, v))
            continue; /* duplicates (one row per transport) come together */
        memcpy(last, v, n + 1);
        if ((rc = fn(v, ud)))
            break;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(c->store, c->err, "cannot read names");
    sqlite3_finalize(st);
    return rc;
}

/* Names found by pr_ctx_each_near_name (owned copies). */
struct near_names {
    char **v;
    size_t n, cap;
    int oom;
};

static void near_add(struct near_names *s, const char *name)
{
    if (s->oom || pr_grow(&s->v, &s->cap, s->n, sizeof *s->v, 16) || !(s->v[s->n] = strdup(name)))
        s->oom = 1;
    else
        s->n++;
}

static int cmp_nocase(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

size_t pr_name_skeleton(const char *s, char *buf, size_t len)
{
    size_t k = 0;
    for (; *s && k + 1 < len; s++)
        if (*s != '-' && !isdigit((unsigned char)*s))
            buf[k++] = (char)tolower((unsigned char)*s);
    buf[k] = 0;
    return k;
}

/* s as a JSON string into b (printable ASCII needs only " and \ escaped). */
static void json_add(struct near_names *b, char **js, size_t *len, size_t *cap, const char *s,
                     size_t n)
{
    if (b->oom || pr_grow(js, cap, *len + 2 * n + 4, 1, 4096)) {
        b->oom = 1;
        return;
    }
    char *o = *js + *len;
    *o++ = *len > 1 ? ',' : ' ';
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\')
            *o++ = '\\';
        *o++ = s[i];
    }
    *o++ = '"';
    *len = (size_t)(o - *js);
}

/* Every string one edit (delete, substitute, insert) of a printable ASCII
 * character away from name (n bytes, n + 2 <= 80), as a JSON array into
 * *js (malloc'd, *jlen bytes); b->oom set when out of memory. */
static void near_edits_json(const char *name, size_t n, struct near_names *b, char **js,
                            size_t *jlen)
{
    /* Printable ASCII less the upper-case letters (the look-up ignores
     * case): RFC 6335's letters, digits and hyphen, and what IANA's legacy
     * names hold besides ("z39.50", "udt_os", "sql*net", "printer/ip"...). */
    char alphabet[96], v[80];
    size_t na = 0, jcap = 0;
    for (int ch = ' '; ch <= '~'; ch++)
        if (!(ch >= 'A' && ch <= 'Z'))
            alphabet[na++] = (char)ch;
    alphabet[na] = 0;
    *jlen = 1;
    if (pr_grow(js, &jcap, 1, 1, 4096)) {
        b->oom = 1;
        return;
    }
    (*js)[0] = '[';
    for (size_t i = 0; i <= n; i++) {
        for (int op = 0; op < 3; op++) {      /* delete, substitute, insert */
            if (op < 2 && i == n)
                continue;
            for (const char *a = op ? alphabet : "x"; *a; a++) {
                size_t k = i;
                memcpy(v, name, i);
                if (op)
                    v[k++] = *a;
                size_t rest = op == 2 ? i : i + 1;
                memcpy(v + k, name + rest, n - rest);
                k += n - rest;
                json_add(b, js, jlen, &jcap, v, k);
            }
        }
    }
    if (!b->oom && pr_grow(js, &jcap, *jlen + 2, 1, 4096))
        b->oom = 1;
    if (!b->oom) {
        (*js)[(*jlen)++] = ']';
        (*js)[*jlen] = 0;
    }
}

/* The stored names among the JSON array js (jlen bytes), into found. */
static int near_by_edit(struct pr_rule_ctx *c, const char *js, size_t jlen,
                        struct near_names *found)
{
    sqlite3_stmt *eq = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT DISTINCT r.name FROM json_each(?1) AS j JOIN record AS r "
                           "ON r.name = j.value COLLATE NOCASE", -1, &eq, NULL) != SQLITE_OK)
        return pr_store_dberr(c->store, c->err, "cannot prepare query");
    sqlite3_bind_text(eq, 1, js, (int)jlen, SQLITE_STATIC);
    while ((step = sqlite3_step(eq)) == SQLITE_ROW)
        near_add(found, (const char *)sqlite3_column_text(eq, 0));
    if (step != SQLITE_DONE)
        rc = pr_store_dberr(c->store, c->err, "cannot read names");
    sqlite3_finalize(eq);
    return rc;
}

/* The stored names with name's skeleton, into found.  Such a name starts
 * with a hyphen or a digit (which the skeleton drops), or with the
 * skeleton's first letter and then its second, a hyphen or a digit: five
 * ranges of index record_name, a few hundredths of the names. */
static int near_by_skeleton(struct pr_rule_ctx *c, const char *name, struct near_names *found)
{
    sqlite3_stmt *sk = NULL;
    char skel[80];
    int rc = 0, step;
    size_t k = pr_name_skeleton(name, skel, sizeof skel);
    if (!k)
        return 0;
    if (sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT name FROM record WHERE name >= ?1 COLLATE NOCASE "
                           "AND name < ?2 COLLATE NOCASE", -1, &sk, NULL) != SQLITE_OK)
        return pr_store_dberr(c->store, c->err, "cannot prepare query");
    char r2[3][2][3] = {{{skel[0], skel[1]}, {skel[0], (char)(skel[1] + 1)}},
                        {{skel[0], '-'}, {skel[0], '.'}},
                        {{skel[0], '0'}, {skel[0], ':'}}};
    if (k == 1) { /* one letter: every name that starts with it */
        r2[0][0][1] = 0;
        r2[0][1][0] = (char)(skel[0] + 1);
        r2[0][1][1] = 0;
    }
    const char *ranges[5][2] = {{"-", "."}, {"0", ":"}, {r2[0][0], r2[0][1]},
                                {r2[1][0], r2[1][1]}, {r2[2][0], r2[2][1]}};
    for (int r = 0; r < 5 && !rc; r++) {
        sqlite3_reset(sk);
        sqlite3_bind_text(sk, 1, ranges[r][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(sk, 2, ranges[r][1], -1, SQLITE_STATIC);
        while ((step = sqlite3_step(sk)) == SQLITE_ROW) {
            const char *e = (const char *)sqlite3_column_text(sk, 0);
            char ek[80];
            if (e && strlen(e) < sizeof ek && pr_name_skeleton(e, ek, sizeof ek) == k &&
                !strcmp(ek, skel))
                near_add(found, e);
        }
        if (step != SQLITE_DONE)
            rc = pr_store_dberr(c->store, c->err, "cannot read names");
    }
    sqlite3_finalize(sk);
    return rc;
}

int pr_ctx_each_near_name(struct pr_rule_ctx *c, const char *name, pr_name_fn fn, void *ud)
{
    struct near_names found = {0};
    size_t n = strlen(name), jlen = 0;
    char *js = NULL;
    int rc = 0;
    if (n + 2 > 80)
        return 0;
    for (const char *p = name; *p; p++)
        if (*p < ' ' || *p > '~')
            return pr_ctx_each_name(c, fn, ud); /* not a name of the alphabet: read them all */
    /* Every string one edit away (a 15-letter name: ~2,100), as one JSON
     * array looked up in index record_name: the same work at any size of
     * registry; then the names of the same skeleton (a b c ...). */
    near_edits_json(name, n, &found, &js, &jlen);
    if (found.oom)
        rc = pr_error_set(c->err, PR_ENOMEM, "out of memory");
    if (!rc && !(rc = near_by_edit(c, js, jlen, &found)))
        rc = near_by_skeleton(c, name, &found);
    if (!rc && found.oom)
        rc = pr_error_set(c->err, PR_ENOMEM, "out of memory");
    if (!rc && found.n)
        qsort(found.v, found.n, sizeof *found.v, cmp_nocase);
    for (size_t i = 0; !rc && i < found.n; i++)
        if (!i || strcasecmp(found.v[i - 1], found.v[i]))
            rc = fn(found.v[i], ud);
    for (size_t i = 0; i < found.n; i++)
        free(found.v[i]);
    free(found.v);
    free(js);
    return rc;
}

static int ix_cmp(const void *p, const void *q)
{
    return strcmp(((const struct desc_ix *)p)->word, ((const struct desc_ix *)q)->word);
}

/* audit: every description's words, lower-cased, as " w1 w2 ... "
 * (desc_words[i]) and as a sorted (word, service) index. */
static int build_desc_index(struct pr_rule_ctx *c)
{
    size_t cap = 0;
    if (!(c->desc_words = calloc(c->all.n + 1, sizeof *c->desc_words)))
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    for (size_t i = 0; i < c->all.n; i++) {
        const char *d = c->all.items[i].desc ? c->all.items[i].desc : "";
        char *w = malloc(strlen(d) + 3), *o = w;
        if (!w)
            return pr_error_set(c->err, PR_ENOMEM, "out of memory");
        *o++ = ' ';
        for (const char *p = d; *p; p++) {
            if (isalnum((unsigned char)*p))
                *o++ = (char)tolower((unsigned char)*p);
            else if (o[-1] != ' ')
                *o++ = ' ';
        }
        if (o[-1] != ' ')
            *o++ = ' ';
        *o = 0;
        c->desc_words[i] = w;
        /* the index points into a second copy, cut into words */
        char *cut = strdup(w);
        if (!cut)
            return pr_error_set(c->err, PR_ENOMEM, "out of memory");
        for (char *t = strtok(cut, " "); t; t = strtok(NULL, " ")) {
            if (pr_grow(&c->desc_ix, &cap, c->n_desc_ix, sizeof *c->desc_ix, 1024)) {
                free(cut);
                return pr_error_set(c->err, PR_ENOMEM, "out of memory");
            }
            c->desc_ix[c->n_desc_ix].word = t;
            c->desc_ix[c->n_desc_ix++].idx = i;
        }
        /* kept until ctx_release: desc_ix points into it */
        if (pr_grow(&c->desc_cuts, &c->cap_cuts, c->n_cuts, sizeof *c->desc_cuts, 1024)) {
            free(cut);
            return pr_error_set(c->err, PR_ENOMEM, "out of memory");
        }
        c->desc_cuts[c->n_cuts++] = cut;
    }
    qsort(c->desc_ix, c->n_desc_ix, sizeof *c->desc_ix, ix_cmp);
    return 0;
}

int pr_ctx_each_desc(struct pr_rule_ctx *c, const char (*words)[32], size_t n, pr_name_fn fn,
                     void *ud)
{
    int rc = 0, step;
    if (!n)
        return 0;
    if (c->audit) {
        /* an index of the descriptions' words, built on the first call:
         * (word, service) pairs sorted by word */
        if (!c->desc_ix && (rc = build_desc_index(c)))
            return rc;
        char pats[8][40];
        if (n > 8)
            n = 8;
        for (size_t k = 0; k < n; k++)
            snprintf(pats[k], sizeof pats[k], " %s ", words[k]);
        struct desc_ix key = {.word = words[0]}, *hit;
        hit = bsearch(&key, c->desc_ix, c->n_desc_ix, sizeof key, ix_cmp);
        while (hit && hit > c->desc_ix && !strcmp(hit[-1].word, words[0]))
            hit--;
        for (; hit && hit < c->desc_ix + c->n_desc_ix && !strcmp(hit->word, words[0]) && !rc;
             hit++) {
            size_t k = 1;
            while (k < n && strstr(c->desc_words[hit->idx], pats[k]))
                k++;
            if (k == n)
                rc = fn(c->all.items[hit->idx].name, ud);
        }
        return rc;
    }
    /* the full-text index: every word in the description column */
    char q[512];
    size_t o = 0;
    for (size_t k = 0; k < n && o < sizeof q; k++)
        o += (size_t)snprintf(q + o, sizeof q - o, "%sdescription:\"%s\"", k ? " AND " : "",
                              words[k]);
    if (o >= sizeof q)
        return 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT DISTINCT r.name FROM record r WHERE r.name > '' AND r.id IN "
                           "(SELECT rowid FROM record_fts WHERE record_fts MATCH ?1) "
                           "ORDER BY r.name COLLATE NOCASE",
                           -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(c->store, c->err, "cannot prepare query");
    sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn((const char *)sqlite3_column_text(st, 0), ud);
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(c->store, c->err, "cannot read descriptions");
    sqlite3_finalize(st);
    return rc;
}

static void facts_free(struct pr_facts *f)
{
    if (!f)
        return;
    free(f->names);
    free(f->ports);
    free(f);
}

/* At most this many records a request touches are looked at closely: a
 * request for 1024-49151 touches thousands, and the findings name at most
 * eight (the rest changes no verdict: any one held by someone else
 * rejects). */
#define MAX_HELD 64

/* Append the holder of each record of v[] (not Unassigned rows; each row
 * once) to *out. */
static int add_held(struct pr_rule_ctx *c, struct pr_facts *f, const struct pr_record *v,
                    size_t n, struct pr_held **out, size_t *n_out, size_t *cap)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc && *n_out < MAX_HELD; i++) {
        int seen = 0;
        if (pr_record_state(&v[i]) == PR_STATE_UNASSIGNED)
            continue;
        for (size_t k = 0; k < *n_out; k++)
            seen |= (*out)[k].id == v[i].id;
        if (seen)
            continue;
        if (pr_grow(out, cap, *n_out, sizeof **out, 4))
            return pr_error_set(c->err, PR_ENOMEM, "out of memory");
        if (!(rc = pr_held_fill(c->store, &v[i], &f->requester, &f->contact, &(*out)[*n_out],
                                c->err)))
            (*n_out)++;
    }
    return rc;
}

const struct pr_facts *pr_ctx_facts(struct pr_rule_ctx *c, const struct pr_request *req)
{
    struct pr_record *v = NULL;
    size_t n = 0, cap_names = 0, cap_ports = 0;
    int rc;
    if (c->facts)
        return c->facts;
    struct pr_facts *f = calloc(1, sizeof *f);
    if (!f) {
        pr_error_set(c->err, PR_ENOMEM, "out of memory");
        return NULL;
    }
    pr_party_init(&f->requester);
    pr_party_init(&f->contact);
    if ((rc = pr_party_from_spec(c->store, req->field[PR_REQ_ASSIGNEE], &f->requester,
                                 c->err)) ||
        (rc = pr_party_from_spec(c->store, req->field[PR_REQ_CONTACT], &f->contact, c->err)))
        goto fail;
    if ((rc = pr_records_named(c->store, req->field[PR_REQ_SERVICE_NAME], &v, &n, c->err)))
        goto fail;
    rc = add_held(c, f, v, n, &f->names, &f->n_names, &cap_names);
    pr_records_free(v, n);
    if (rc)
        goto fail;
    for (size_t i = 0; req->port_kind == PR_PORT_NUMBERS && i < req->n_ports; i++) {
        if ((rc = pr_records_at(c->store, req->ports[i].lo, req->ports[i].hi, req->transports,
                                &v, &n, c->err)))
            goto fail;
        rc = add_held(c, f, v, n, &f->ports, &f->n_ports, &cap_ports);
        pr_records_free(v, n);
        if (rc)
            goto fail;
    }
    c->facts = f;
    return f;
fail:
    facts_free(f);
    if (!pr_ctx_failed(c))
        pr_error_set(c->err, rc, "cannot review request");
    return NULL;
}

void pr_ctx_release(struct pr_rule_ctx *c)
{
    for (size_t i = 0; c->desc_words && i < c->all.n; i++)
        free(c->desc_words[i]);
    free(c->desc_words);
    for (size_t i = 0; i < c->n_cuts; i++)
        free(c->desc_cuts[i]);
    free(c->desc_cuts);
    free(c->desc_ix);
    pr_svc_list_release(&c->all);
    for (size_t i = 0; i < c->n_cache; i++)
        pr_svc_list_release(&c->cache[i]);
    free(c->cache);
    sqlite3_finalize(c->svc_st);
    sqlite3_finalize(c->assignee_st);
    facts_free(c->facts);
}
