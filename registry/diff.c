/* diff.c - snapshots of a registry in memory and the semantic diff of two
 * (diff.h).  Matching runs in three passes over records sorted by key:
 * first (port, transport, name), then what is left by (port, transport,
 * assignee), then by (port, transport); records of the same key pair in
 * document order. */
#include "diff.h"
#include "strbuf.h"
#include "document.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void pr_snapshot_init(struct pr_snapshot *s)
{
    memset(s, 0, sizeof *s);
}

void pr_snapshot_release(struct pr_snapshot *s)
{
    for (size_t i = 0; i < s->n_records; i++)
        pr_record_release(&s->records[i]);
    for (size_t i = 0; i < s->n_people; i++)
        pr_person_release(&s->people[i]);
    free(s->records);
    free(s->people);
    free(s->title);
    free(s->updated);
    pr_snapshot_init(s);
}

static int snap_add_record(struct pr_snapshot *s, const struct pr_record *r)
{
    if (pr_grow(&s->records, &s->cap_records, s->n_records, sizeof *s->records, 1024))
        return PR_ENOMEM;
    struct pr_record shallow = *r;
    shallow.raw = NULL; /* not needed to compare; saves a copy */
    if (pr_record_copy(&s->records[s->n_records], &shallow))
        return PR_ENOMEM;
    s->n_records++;
    return 0;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int snap_add_person(struct pr_snapshot *s, const struct pr_person *p)
{
    if (pr_grow(&s->people, &s->cap_people, s->n_people, sizeof *s->people, 1024))
        return PR_ENOMEM;
    struct pr_person *d = &s->people[s->n_people];
    pr_person_init(d);
    d->seq = p->seq;
    d->line = p->line;
    d->id = dup_or_null(p->id);
    d->name = dup_or_null(p->name);
    d->org = dup_or_null(p->org);
    d->uri = dup_or_null(p->uri);
    d->updated = dup_or_null(p->updated);
    s->n_people++;
    if (!d->id || (p->name && !d->name) || (p->org && !d->org) || (p->uri && !d->uri) ||
        (p->updated && !d->updated))
        return PR_ENOMEM;
    return 0;
}

static int sink_meta(struct pr_sink *k, const char *key, const char *value, pr_error *err)
{
    struct pr_snapshot *s = k->ud;
    char **slot = !strcmp(key, "title") ? &s->title : !strcmp(key, "updated") ? &s->updated : NULL;
    if (!slot)
        return 0;
    free(*slot);
    if (!(*slot = dup_or_null(value)) && value)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return 0;
}

static int sink_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    return snap_add_record(k->ud, r) ? pr_error_set(err, PR_ENOMEM, "out of memory") : 0;
}

static int sink_person(struct pr_sink *k, const struct pr_person *p, pr_error *err)
{
    return snap_add_person(k->ud, p) ? pr_error_set(err, PR_ENOMEM, "out of memory") : 0;
}

void pr_snapshot_sink(struct pr_snapshot *snap, struct pr_sink *sink)
{
    memset(sink, 0, sizeof *sink);
    sink->ud = snap;
    sink->meta = sink_meta;
    sink->record = sink_record;
    sink->person = sink_person;
}

static int load_record(const struct pr_record *r, void *ud)
{
    return snap_add_record(ud, r);
}

struct load_people {
    pr_store *store;
    struct pr_snapshot *snap;
    pr_error *err;
};

static int load_person(const struct pr_item *it, void *ud)
{
    struct load_people *l = ud;
    struct pr_person p;
    int rc;
    if (it->kind != PR_ITEM_PERSON || !it->in_use)
        return 0;
    if ((rc = pr_store_get_person(l->store, it->key, &p, l->err)))
        return rc;
    rc = snap_add_person(l->snap, &p);
    pr_person_release(&p);
    return rc ? pr_error_set(l->err, PR_ENOMEM, "out of memory") : 0;
}

int pr_snapshot_load(struct pr_snapshot *snap, pr_store *s, pr_error *err)
{
    struct load_people l = {.store = s, .snap = snap, .err = err};
    int rc = pr_store_each_record(s, load_record, snap, err);
    if (rc == PR_ENOMEM)
        return pr_error_set(err, rc, "out of memory");
    if (rc || (rc = pr_store_each_item(s, load_person, &l, err)))
        return rc;
    /* absent: none; an error is not "none" */
    if ((rc = pr_store_meta_get(s, "title", &snap->title, err)) == PR_ENOTFOUND)
        rc = 0;
    if (!rc && (rc = pr_store_meta_get(s, "updated", &snap->updated, err)) == PR_ENOTFOUND)
        rc = 0;
    return rc;
}

/* ---- fields ------------------------------------------------------------- */

static const char *const record_fields[] = {
    "name", "protocol", "port", "description", "assignee", "contact", "registered",
    "updated", "references", "notes", "unauthorized", "service_code"};
enum { N_RECORD_FIELDS = sizeof record_fields / sizeof *record_fields };

/* Several people as IANA's CSV lists them: [a][b]. */
static void sb_people(struct pr_strbuf *b, const char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pr_strbuf_addch(b, '[');
        pr_strbuf_adds(b, ids[i]);
        pr_strbuf_addch(b, ']');
    }
}

/* Field i of r as plain text; *out NULL when absent.  0 or PR_ENOMEM. */
static int record_field(const struct pr_record *r, int i, char **out)
{
    struct pr_strbuf b = PR_STRBUF_INIT;
    const char *ids[32];
    const char *direct = NULL;
    int composite = 0;
    switch (i) {
    case 0: direct = r->name; break;
    case 1: direct = r->protocol; break;
    case 2: direct = r->number; break;
    case 3: direct = r->description; break;
    case 4: sb_people(&b, ids, pr_record_assignees(r, ids, 32)); composite = 1; break;
    case 5: sb_people(&b, ids, pr_record_contacts(r, ids, 32)); composite = 1; break;
    case 6: direct = r->date; break;
    case 7: direct = r->updated; break;
    case 8:
        if (!(*out = pr_record_references(r)))
            return PR_ENOMEM;
        if (!**out) {
            free(*out);
            *out = NULL;
        }
        return 0;
    case 9:
        composite = 1;
        for (size_t k = 0; k < r->n_notes; k++) {
            if (k)
                pr_strbuf_addch(&b, '\n');
            pr_strbuf_adds(&b, r->notes[k].text);
        }
        break;
    case 10: direct = r->unauthorized; break;
    case 11: direct = r->sc; break;
    }
    *out = NULL;
    if (!composite) {
        if (direct && !(*out = strdup(direct)))
            return PR_ENOMEM;
        return 0;
    }
    if (b.oom) {
        pr_strbuf_release(&b);
        return PR_ENOMEM;
    }
    *out = b.buf ? pr_strbuf_detach(&b) : NULL; /* NULL when nothing was added: absent */
    return 0;
}

static int same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && !strcmp(x, y));
}

static int add_field(struct pr_field_change **v, size_t *n, const char *field, const char *before,
                     const char *after)
{
    struct pr_field_change *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return PR_ENOMEM;
    *v = nv;
    nv[*n].field = field;
    nv[*n].before = dup_or_null(before);
    nv[*n].after = dup_or_null(after);
    (*n)++;
    if ((before && !nv[*n - 1].before) || (after && !nv[*n - 1].after))
        return PR_ENOMEM;
    return 0;
}

static void free_fields(struct pr_field_change *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].before);
        free(v[i].after);
    }
    free(v);
}

static int compare_records(const struct pr_record *x, const struct pr_record *y,
                           struct pr_diff_change *c)
{
    int rc = 0;
    for (int i = 0; !rc && i < N_RECORD_FIELDS; i++) {
        char *a = NULL, *b = NULL;
        if (record_field(x, i, &a) || record_field(y, i, &b))
            rc = PR_ENOMEM;
        else if (!same(a, b))
            rc = add_field(&c->fields, &c->n_fields, record_fields[i], a, b);
        free(a);
        free(b);
    }
    return rc;
}

static int compare_people(const struct pr_person *x, const struct pr_person *y,
                          struct pr_diff_change *c)
{
    const char *names[] = {"name", "org", "uri", "updated"};
    const char *a[] = {x->name, x->org, x->uri, x->updated};
    const char *b[] = {y->name, y->org, y->uri, y->updated};
    for (int i = 0; i < 4; i++)
        if (!same(a[i], b[i]) && add_field(&c->fields, &c->n_fields, names[i], a[i], b[i]))
            return PR_ENOMEM;
    return 0;
}

/* ---- matching ----------------------------------------------------------- */

struct key {
    char *k;      /* identity key */
    size_t idx;   /* index in its snapshot */
    int side;     /* 0: a, 1: b */
};

static int cmp_key(const void *p, const void *q)
{
    const struct key *x = p, *y = q;
    int c = strcmp(x->k, y->k);
    if (!c)
        c = x->side - y->side;
    if (!c)
        c = (x->idx > y->idx) - (x->idx < y->idx);
    return c;
}

/* How a pass pairs records: port and transport, plus */
enum {
    KEY_NAME,     /* the name: the same service, whatever else changed */
    KEY_ASSIGNEE, /* the assignees: a rename by the holder */
    KEY_PORT      /* nothing more: the port's record changed hands or state
                     (a de-assignment, a Reserved row taken) */
};

/* Identity of r: port \x1f transport [\x1f assignees] [\x1f lowercased
 * name], by mode.  A record without a port is known by its name alone. */
static char *record_key(const struct pr_record *r, int mode)
{
    struct pr_strbuf b = PR_STRBUF_INIT;
    const char *ids[32];
    pr_strbuf_adds(&b, r->number ? r->number : "");
    pr_strbuf_addch(&b, '\x1f');
    pr_strbuf_adds(&b, r->protocol ? r->protocol : "");
    pr_strbuf_addch(&b, '\x1f');
    if (mode == KEY_ASSIGNEE)
        sb_people(&b, ids, pr_record_assignees(r, ids, 32));
    if (mode == KEY_NAME || !r->number) {
        pr_strbuf_addch(&b, '\x1f');
        size_t at = b.len;
        pr_strbuf_adds(&b, r->name ? r->name : "");
        for (size_t i = at; !b.oom && i < b.len; i++)
            if (b.buf[i] >= 'A' && b.buf[i] <= 'Z')
                b.buf[i] = (char)(b.buf[i] - 'A' + 'a');
    }
    return pr_strbuf_detach(&b);
}

/* One matching pass over the records not yet matched (match[] = -1). */
static int match_pass(const struct pr_snapshot *a, const struct pr_snapshot *b, long *ma,
                      long *mb, int mode)
{
    size_t n = 0, cap = a->n_records + b->n_records;
    struct key *keys = calloc(cap ? cap : 1, sizeof *keys);
    int rc = 0;
    if (!keys)
        return PR_ENOMEM;
    for (int side = 0; side < 2 && !rc; side++) {
        const struct pr_snapshot *s = side ? b : a;
        long *m = side ? mb : ma;
        for (size_t i = 0; i < s->n_records; i++) {
            if (m[i] >= 0)
                continue;
            if (!(keys[n].k = record_key(&s->records[i], mode))) {
                rc = PR_ENOMEM;
                break;
            }
            keys[n].idx = i;
            keys[n++].side = side;
        }
    }
    if (!rc) {
        qsort(keys, n, sizeof *keys, cmp_key);
        /* Within a run of equal keys: a's come first, then b's; pair them
         * in order. */
        for (size_t i = 0; i < n;) {
            size_t j = i, split;
            while (j < n && !strcmp(keys[j].k, keys[i].k))
                j++;
            for (split = i; split < j && keys[split].side == 0; split++)
                ;
            for (size_t x = i, y = split; x < split && y < j; x++, y++) {
                ma[keys[x].idx] = (long)keys[y].idx;
                mb[keys[y].idx] = (long)keys[x].idx;
            }
            i = j;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i].k);
    free(keys);
    return rc;
}

static int push_index(size_t **v, size_t *n, size_t idx)
{
    size_t *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return PR_ENOMEM;
    nv[(*n)++] = idx;
    *v = nv;
    return 0;
}

static int push_change(struct pr_diff_change **v, size_t *n, struct pr_diff_change *c)
{
    struct pr_diff_change *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return PR_ENOMEM;
    nv[(*n)++] = *c;
    *v = nv;
    return 0;
}

static int cmp_person_ptr(const void *p, const void *q)
{
    return strcmp((*(const struct pr_person *const *)p)->id,
                  (*(const struct pr_person *const *)q)->id);
}

static const struct pr_person **sorted_people(const struct pr_snapshot *s)
{
    const struct pr_person **v = malloc((s->n_people ? s->n_people : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < s->n_people; i++)
        v[i] = &s->people[i];
    qsort(v, s->n_people, sizeof *v, cmp_person_ptr);
    return v;
}

static int diff_people(struct pr_diff *d)
{
    const struct pr_snapshot *a = d->a, *b = d->b;
    const struct pr_person **pa = sorted_people(a), **pb = sorted_people(b);
    long *in_a = calloc(b->n_people ? b->n_people : 1, sizeof *in_a);
    int rc = 0;
    if (!pa || !pb || !in_a) {
        rc = PR_ENOMEM;
        goto out;
    }
    /* Walk both sorted lists; remember for each b person whether a had it. */
    size_t i = 0, j = 0;
    while (!rc && (i < a->n_people || j < b->n_people)) {
        int c = i >= a->n_people ? 1 : j >= b->n_people ? -1 : strcmp(pa[i]->id, pb[j]->id);
        if (c < 0) {
            rc = push_index(&d->people_removed, &d->n_people_removed,
                            (size_t)(pa[i++] - a->people));
        } else if (c > 0) {
            j++;
        } else {
            in_a[pb[j] - b->people] = (long)(pa[i] - a->people) + 1;
            i++, j++;
        }
    }
    /* Added and changed people in b's order. */
    for (size_t k = 0; !rc && k < b->n_people; k++) {
        if (!in_a[k]) {
            rc = push_index(&d->people_added, &d->n_people_added, k);
            continue;
        }
        struct pr_diff_change c = {.a = (size_t)(in_a[k] - 1), .b = k};
        if ((rc = compare_people(&a->people[c.a], &b->people[k], &c))) {
            free_fields(c.fields, c.n_fields);
            break;
        }
        if (c.n_fields && (rc = push_change(&d->people_changed, &d->n_people_changed, &c)))
            free_fields(c.fields, c.n_fields);
        else if (!c.n_fields)
            free(c.fields);
    }
    /* Removed people in a's order. */
    if (!rc && d->n_people_removed > 1) {
        size_t *v = d->people_removed, n = d->n_people_removed;
        for (size_t x = 1; x < n; x++)
            for (size_t y = x; y > 0 && v[y - 1] > v[y]; y--) {
                size_t t = v[y];
                v[y] = v[y - 1];
                v[y - 1] = t;
            }
    }
out:
    free(pa);
    free(pb);
    free(in_a);
    return rc;
}

int pr_diff_compute(struct pr_diff *d, const struct pr_snapshot *a, const struct pr_snapshot *b,
                    pr_error *err)
{
    long *ma = NULL, *mb = NULL;
    int rc = 0;
    memset(d, 0, sizeof *d);
    d->a = a;
    d->b = b;
    ma = malloc((a->n_records ? a->n_records : 1) * sizeof *ma);
    mb = malloc((b->n_records ? b->n_records : 1) * sizeof *mb);
    if (!ma || !mb) {
        rc = PR_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < a->n_records; i++)
        ma[i] = -1;
    for (size_t i = 0; i < b->n_records; i++)
        mb[i] = -1;
    if ((rc = match_pass(a, b, ma, mb, KEY_NAME)) ||
        (rc = match_pass(a, b, ma, mb, KEY_ASSIGNEE)) ||
        (rc = match_pass(a, b, ma, mb, KEY_PORT)))
        goto out;
    for (size_t i = 0; !rc && i < a->n_records; i++)
        if (ma[i] < 0)
            rc = push_index(&d->removed, &d->n_removed, i);
    for (size_t i = 0; !rc && i < b->n_records; i++) {
        if (mb[i] < 0) {
            rc = push_index(&d->added, &d->n_added, i);
            continue;
        }
        struct pr_diff_change c = {.a = (size_t)mb[i], .b = i};
        if ((rc = compare_records(&a->records[c.a], &b->records[i], &c))) {
            free_fields(c.fields, c.n_fields);
            break;
        }
        if (c.n_fields && (rc = push_change(&d->changed, &d->n_changed, &c)))
            free_fields(c.fields, c.n_fields);
        else if (!c.n_fields)
            free(c.fields);
    }
    if (!rc)
        rc = diff_people(d);
    if (!rc && !same(a->title, b->title))
        rc = add_field(&d->header, &d->n_header, "title", a->title, b->title);
    if (!rc && !same(a->updated, b->updated))
        rc = add_field(&d->header, &d->n_header, "updated", a->updated, b->updated);
out:
    free(ma);
    free(mb);
    if (rc) {
        pr_diff_release(d);
        return pr_error_set(err, rc, "out of memory");
    }
    return 0;
}

void pr_diff_release(struct pr_diff *d)
{
    for (size_t i = 0; i < d->n_changed; i++)
        free_fields(d->changed[i].fields, d->changed[i].n_fields);
    for (size_t i = 0; i < d->n_people_changed; i++)
        free_fields(d->people_changed[i].fields, d->people_changed[i].n_fields);
    free(d->changed);
    free(d->people_changed);
    free(d->added);
    free(d->removed);
    free(d->people_added);
    free(d->people_removed);
    free_fields(d->header, d->n_header);
    memset(d, 0, sizeof *d);
}

int pr_diff_is_empty(const struct pr_diff *d)
{
    return !d->n_added && !d->n_removed && !d->n_changed && !d->n_people_added &&
           !d->n_people_removed && !d->n_people_changed && !d->n_header;
}

/* ---- JSON --------------------------------------------------------------- */

void pr_json_person(FILE *f, const struct pr_person *p)
{
    fputs("{\"id\":", f);
    pr_json_string(f, p->id);
    fputs(",\"name\":", f);
    pr_json_string(f, p->name);
    fputs(",\"org\":", f);
    pr_json_string(f, p->org);
    fputs(",\"uri\":[", f);
    /* Several URIs are kept one per line. */
    for (const char *u = p->uri; u;) {
        const char *nl = strchr(u, '\n');
        if (u != p->uri)
            putc(',', f);
        pr_json_string_n(f, u, nl ? (size_t)(nl - u) : strlen(u));
        u = nl ? nl + 1 : NULL;
    }
    fputs("],\"updated\":", f);
    pr_json_string(f, p->updated);
    putc('}', f);
}

static void json_fields(FILE *f, const struct pr_field_change *v, size_t n)
{
    putc('{', f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            putc(',', f);
        pr_json_string(f, v[i].field);
        fputs(":{\"before\":", f);
        pr_json_string(f, v[i].before);
        fputs(",\"after\":", f);
        pr_json_string(f, v[i].after);
        putc('}', f);
    }
    putc('}', f);
}

static void json_records(FILE *f, const struct pr_snapshot *s, const size_t *v, size_t n)
{
    putc('[', f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        pr_json_record(f, &s->records[v[i]]);
    }
    fputs(n ? "\n  ]" : "]", f);
}

static void json_people(FILE *f, const struct pr_snapshot *s, const size_t *v, size_t n)
{
    putc('[', f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n      " : "\n      ", f);
        pr_json_person(f, &s->people[v[i]]);
    }
    fputs(n ? "\n    ]" : "]", f);
}

void pr_diff_json(FILE *f, const struct pr_diff *d)
{
    fputs("{\n  \"registry\": ", f);
    json_fields(f, d->header, d->n_header);
    fputs(",\n  \"added\": ", f);
    json_records(f, d->b, d->added, d->n_added);
    fputs(",\n  \"removed\": ", f);
    json_records(f, d->a, d->removed, d->n_removed);
    fputs(",\n  \"changed\": [", f);
    for (size_t i = 0; i < d->n_changed; i++) {
        const struct pr_diff_change *c = &d->changed[i];
        fputs(i ? ",\n    {\"before\": " : "\n    {\"before\": ", f);
        pr_json_record(f, &d->a->records[c->a]);
        fputs(",\n     \"after\": ", f);
        pr_json_record(f, &d->b->records[c->b]);
        fputs(",\n     \"fields\": ", f);
        json_fields(f, c->fields, c->n_fields);
        putc('}', f);
    }
    fputs(d->n_changed ? "\n  ],\n  \"people\": {\n    \"added\": " : "],\n  \"people\": {\n    \"added\": ", f);
    json_people(f, d->b, d->people_added, d->n_people_added);
    fputs(",\n    \"removed\": ", f);
    json_people(f, d->a, d->people_removed, d->n_people_removed);
    fputs(",\n    \"changed\": [", f);
    for (size_t i = 0; i < d->n_people_changed; i++) {
        const struct pr_diff_change *c = &d->people_changed[i];
        fputs(i ? ",\n      {\"id\": " : "\n      {\"id\": ", f);
        pr_json_string(f, d->b->people[c->b].id);
        fputs(", \"fields\": ", f);
        json_fields(f, c->fields, c->n_fields);
        putc('}', f);
    }
    fputs(d->n_people_changed ? "\n    ]\n  }\n}\n" : "]\n  }\n}\n", f);
}
