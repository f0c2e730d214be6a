/* services_write.c - the registry as a services(5) file, as distributions
 * build /etc/services:
 *   name<TAB>port/proto<TAB>aliases<TAB># description
 * Names are lowercased; only assigned records with a port are written
 * (no Unassigned or Reserved rows, no name-only records, no names with
 * white space, which services(5) cannot hold; a record without a
 * transport as tcp and udp); one line per
 * name/port/transport and no duplicate lines.  A record whose note says it
 * "is a duplicate of the "X" service" becomes an alias on X's line for the
 * same port and transport (www, www-http -> http); an old name that IANA
 * replaced "as a replacement for "X"" becomes an alias of the new one
 * (whois++ -> whoispp).  A range is written as
 * its first port with the range in the comment, or one line per port with
 * expand_ranges.  The header names the registry's date.
 *
 * Local files (--local) then put their lines where glibc's first match
 * makes them the answer (apply_local), and --width cuts comments.  The
 * whole file is built in memory before the first byte is written, so a bad
 * local file writes nothing. */
#include "importers.h"
#include "services_int.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct svc {
    char *name;    /* lowercased */
    char *proto;
    int lo, hi;
    char *desc;    /* folded to one line */
    char *alias_of;/* lowercased name this record duplicates, or NULL */
    char *replaces;/* lowercased old name this record replaces, or NULL */
    char *aliases; /* space separated, or NULL */
    size_t order;
    int dropped;
};

/* A record left out because services(5) cannot hold its name. */
struct skipped {
    char *name, *proto;
    int port;
};

struct svc_list {
    struct svc *v;
    size_t n, cap;
    const struct pr_export_opts *o;
    struct skipped *skip;
    size_t n_skip, cap_skip;
};

static char *lower_dup(const char *s)
{
    char *d = strdup(s);
    for (char *p = d; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

static int proto_wanted(const struct pr_export_opts *o, const char *proto)
{
    if (!o->protocols)
        return 1;
    size_t n = strlen(proto);
    for (const char *p = o->protocols; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && !strncmp(p, proto, n))
            return 1;
        p += len + (comma != NULL);
    }
    return 0;
}

/* The X of 'This is a duplicate of the "X" service' (or of 'IANA assigned
 * this well-formed service name as a replacement for "X"' with the other
 * marker), lowercased; NULL when no note or description says so. */
static char *quoted_after(const struct pr_record *r, const char *marker)
{
    size_t ml = strlen(marker);
    for (size_t i = 0; i <= r->n_notes; i++) {
        const char *t = i < r->n_notes ? r->notes[i].text : r->description;
        const char *p = t ? strstr(t, marker) : NULL, *q;
        if (p && (q = strchr(p += ml, '"')) && q > p) {
            char *name = strndup(p, (size_t)(q - p));
            char *low = name ? lower_dup(name) : NULL;
            free(name);
            return low;
        }
    }
    return NULL;
}

static int collect_proto(const struct pr_record *r, const char *proto, struct svc_list *l)
{
    if (!proto_wanted(l->o, proto))
        return 0;
    /* A name services(5) cannot hold ("Apple Remote Desktop (Net
     * Assistant)" is one of IANA's) is left out, and said so by --check. */
    if (strpbrk(r->name, " \t\r\n#")) {
        if (pr_grow(&l->skip, &l->cap_skip, l->n_skip, sizeof *l->skip, 8))
            return PR_ENOMEM;
        struct skipped *k = &l->skip[l->n_skip++];
        k->name = strdup(r->name);
        k->proto = strdup(proto);
        k->port = r->port_lo;
        return !k->name || !k->proto ? PR_ENOMEM : 0;
    }
    if (pr_grow(&l->v, &l->cap, l->n, sizeof *l->v, 1024))
        return PR_ENOMEM;
    struct svc *s = &l->v[l->n];
    memset(s, 0, sizeof *s);
    s->name = lower_dup(r->name);
    s->proto = strdup(proto);
    s->desc = pr_text_fold(r->description);
    /* The alias says what "IANA assigned this well-formed service name as
     * a replacement for ..." says; the comment keeps what comes before. */
    char *cut = s->desc ? strstr(s->desc, "IANA assigned this well-formed service name") : NULL;
    if (cut) {
        while (cut > s->desc && cut[-1] == ' ')
            cut--;
        *cut = 0;
    }
    s->alias_of = quoted_after(r, "is a duplicate of the \"");
    s->replaces = quoted_after(r, "as a replacement for \"");
    s->lo = r->port_lo;
    s->hi = r->port_hi;
    s->order = l->n++;
    if (!s->name || !s->proto || !s->desc)
        return PR_ENOMEM;
    return 0;
}

/* A record without a transport is one of the registry's oldest (flex-lm
 * 27000-27009, boe-cms 6400, ...): IANA's port list gave those numbers
 * for TCP and UDP alike, and services(5) needs a transport on each line,
 * so it is written for tcp and for udp (as search and compare count it
 * for every transport). */
static int collect(const struct pr_record *r, void *ud)
{
    struct svc_list *l = ud;
    static const char *const both[] = {"tcp", "udp"};
    int rc = 0;
    if (!r->name || !*r->name || r->port_lo < 0 || pr_record_state(r) != PR_STATE_ASSIGNED)
        return 0;
    if (r->protocol)
        return collect_proto(r, r->protocol, l);
    for (size_t i = 0; i < 2 && !rc; i++)
        rc = collect_proto(r, both[i], l);
    return rc;
}

static int cmp_key(const void *a, const void *b)
{
    const struct svc *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (!c)
        c = (x->lo > y->lo) - (x->lo < y->lo);
    if (!c)
        c = strcmp(x->proto, y->proto);
    if (!c)
        c = (x->order > y->order) - (x->order < y->order);
    return c;
}

static int cmp_order(const void *a, const void *b)
{
    const struct svc *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

static struct svc *find_line(struct svc_list *l, const char *name, int port, const char *proto)
{
    /* l->v is sorted by key here; the first match is the earliest. */
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(l->v[mid].name, name);
        if (!c) c = (l->v[mid].lo > port) - (l->v[mid].lo < port);
        if (!c) c = strcmp(l->v[mid].proto, proto);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < l->n; lo++) {
        struct svc *s = &l->v[lo];
        if (strcmp(s->name, name) || s->lo != port || strcmp(s->proto, proto))
            return NULL;
        if (!s->dropped && !s->alias_of)
            return s;
    }
    return NULL;
}

static int add_alias(struct svc *s, const char *alias)
{
    size_t a = s->aliases ? strlen(s->aliases) : 0;
    if (s->aliases) {
        /* No alias twice. */
        for (const char *p = s->aliases; (p = strstr(p, alias)); p++)
            if ((p == s->aliases || p[-1] == ' ') && (!p[strlen(alias)] || p[strlen(alias)] == ' '))
                return 0;
    }
    struct pr_strbuf sb = PR_STRBUF_INIT;
    pr_strbuf_add(&sb, s->aliases ? s->aliases : "", a);
    if (a)
        pr_strbuf_addch(&sb, ' ');
    pr_strbuf_adds(&sb, alias);
    char *n = pr_strbuf_detach(&sb);
    if (!n)
        return PR_ENOMEM;
    free(s->aliases);
    s->aliases = n;
    return 0;
}

/* Drop duplicate lines, fold records that duplicate another into aliases. */
static int resolve(struct svc_list *l)
{
    if (!l->n)
        return 0;
    qsort(l->v, l->n, sizeof *l->v, cmp_key);
    for (size_t i = 1; i < l->n; i++) {
        struct svc *a = &l->v[i - 1], *b = &l->v[i];
        if (!strcmp(a->name, b->name) && a->lo == b->lo && a->hi == b->hi &&
            !strcmp(a->proto, b->proto))
            b->dropped = 1;
    }
    for (size_t i = 0; i < l->n; i++) {
        struct svc *s = &l->v[i];
        if (s->dropped || !s->alias_of)
            continue;
        struct svc *primary = find_line(l, s->alias_of, s->lo, s->proto);
        if (!primary || primary == s)
            continue;
        if (add_alias(primary, s->name))
            return PR_ENOMEM;
        s->dropped = 1;
    }
    /* An old name a well-formed one replaced becomes its alias
     * (whois++ -> alias of whoispp). */
    for (size_t i = 0; i < l->n; i++) {
        struct svc *s = &l->v[i];
        if (s->dropped || !s->replaces || !strcmp(s->replaces, s->name))
            continue;
        struct svc *old = find_line(l, s->replaces, s->lo, s->proto);
        if (!old || old == s)
            continue;
        if (add_alias(s, old->name))
            return PR_ENOMEM;
        old->dropped = 1;
    }
    qsort(l->v, l->n, sizeof *l->v, cmp_order);
    return 0;
}


/* ---- the lines of the file ------------------------------------------------ */

struct oline {
    char *name, *proto;
    int port;
    char **aliases;
    size_t n_aliases, cap_aliases;
    char *comment;  /* NULL: none */
    int gone;       /* while a local file is applied: replaced by one of its lines */
};

struct olist {
    struct oline *v;
    size_t n, cap;
};

static void oline_release(struct oline *l)
{
    free(l->name);
    free(l->proto);
    for (size_t i = 0; i < l->n_aliases; i++)
        free(l->aliases[i]);
    free(l->aliases);
    free(l->comment);
    memset(l, 0, sizeof *l);
}

static void olist_release(struct olist *ol)
{
    for (size_t i = 0; i < ol->n; i++)
        oline_release(&ol->v[i]);
    free(ol->v);
    memset(ol, 0, sizeof *ol);
}

/* Add alias a to l unless l already carries that name.  0 or PR_ENOMEM. */
static int oline_alias(struct oline *l, const char *a)
{
    if (!strcmp(l->name, a))
        return 0;
    for (size_t i = 0; i < l->n_aliases; i++)
        if (!strcmp(l->aliases[i], a))
            return 0;
    char *d = strdup(a);
    if (!d || pr_grow(&l->aliases, &l->cap_aliases, l->n_aliases, sizeof *l->aliases, 4)) {
        free(d);
        return PR_ENOMEM;
    }
    l->aliases[l->n_aliases++] = d;
    return 0;
}

static int olist_push(struct olist *ol, struct oline *l)
{
    if (pr_grow(&ol->v, &ol->cap, ol->n, sizeof *ol->v, 1024))
        return PR_ENOMEM;
    ol->v[ol->n++] = *l; /* taken */
    memset(l, 0, sizeof *l);
    return 0;
}

/* The registry's lines: one per record, or per port of a range with
 * expand_ranges. */
static int registry_lines(const struct svc_list *sl, int expand, struct olist *out)
{
    for (size_t i = 0; i < sl->n; i++) {
        const struct svc *v = &sl->v[i];
        if (v->dropped)
            continue;
        int last = expand ? v->hi : v->lo;
        for (int port = v->lo; port <= last; port++) {
            struct oline l = {.port = port};
            struct pr_strbuf c = PR_STRBUF_INIT;
            pr_strbuf_adds(&c, v->desc);
            if (v->hi > v->lo && !expand)
                pr_strbuf_addf(&c, "%s(ports %d-%d)", *v->desc ? " " : "", v->lo, v->hi);
            l.name = strdup(v->name);
            l.proto = strdup(v->proto);
            l.comment = c.len ? pr_strbuf_detach(&c) : NULL;
            int bad = !l.name || !l.proto || c.oom || (c.len && !l.comment);
            pr_strbuf_release(&c);
            for (const char *a = v->aliases; a && *a && !bad;) {
                size_t n = strcspn(a, " ");
                char *one = strndup(a, n);
                bad = !one || oline_alias(&l, one);
                free(one);
                a += n + (a[n] == ' ');
            }
            if (bad || olist_push(out, &l)) {
                oline_release(&l);
                return PR_ENOMEM;
            }
        }
    }
    return 0;
}

/* ---- local files ------------------------------------------------------------
 * Each local line goes before the first line it competes with, so that
 * glibc's first match answers with it: a line with its port/transport, or
 * with one of its names (name or alias) on its transport.  A line it
 * competes with nowhere goes before the first line of a higher port.  The
 * file's own order survives among its lines that compete with each other
 * (a later one never moves above an earlier one it competes with). */

struct local {
    struct oline l;
    size_t pos;  /* goes before base line pos (base->n: at the end) */
    size_t idx;  /* order in its file */
};

struct local_list {
    struct local *v;
    size_t n, cap;
    const char *path;
    const struct pr_export_opts *o;
};

static int local_cb(const struct pr_service_entry *e, void *ud, pr_error *err)
{
    struct local_list *ll = ud;
    if (e->unreadable)
        return pr_error_at(err, PR_EPARSE, ll->path, e->line, 0,
                           "service name '%s' has blanks (services(5) names cannot)", e->name);
    if (!pr_protocol_valid(e->protocol))
        return pr_error_at(err, PR_EPARSE, ll->path, e->line, 0,
                           "unknown transport '%s' (expected tcp, udp, sctp or dccp)",
                           e->protocol);
    if (!proto_wanted(ll->o, e->protocol))
        return 0;
    if (pr_grow(&ll->v, &ll->cap, ll->n, sizeof *ll->v, 64))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    struct local *lo = &ll->v[ll->n];
    memset(lo, 0, sizeof *lo);
    lo->idx = ll->n;
    lo->l.port = e->port;
    int bad = !(lo->l.name = strdup(e->name)) || !(lo->l.proto = strdup(e->protocol)) ||
              (e->comment && !(lo->l.comment = strdup(e->comment)));
    for (size_t i = 0; i < e->n_aliases && !bad; i++)
        bad = oline_alias(&lo->l, e->aliases[i]) != 0;
    ll->n++; /* released with the list, even half made */
    return bad ? pr_error_set(err, PR_ENOMEM, "out of memory") : 0;
}

/* Append l's keys (its names, then its port) with index idx. */
static int keys_add(struct svc_key **k, size_t *n, size_t *cap, const struct oline *l, size_t idx)
{
    for (size_t a = 0; a <= l->n_aliases; a++) {
        if (pr_grow(k, cap, *n, sizeof **k, 1024))
            return PR_ENOMEM;
        (*k)[(*n)++] = (struct svc_key){a ? l->aliases[a - 1] : l->name, l->proto, 0, idx};
    }
    if (pr_grow(k, cap, *n, sizeof **k, 1024))
        return PR_ENOMEM;
    (*k)[(*n)++] = (struct svc_key){NULL, l->proto, l->port, idx};
    return 0;
}

/* The first (lowest idx) key equal to want in sorted k, or NULL. */
static const struct svc_key *key_first(const struct svc_key *k, size_t n, const struct svc_key *want)
{
    struct svc_key w = *want;
    w.idx = 0;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (svc_key_cmp(&k[mid], &w) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n) {
        w.idx = k[lo].idx;
        if (!svc_key_cmp(&k[lo], &w))
            return &k[lo];
    }
    return NULL;
}

static int local_order(const void *a, const void *b)
{
    const struct local *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int key_by_idx_desc(const void *a, const void *b)
{
    const struct svc_key *x = a, *y = b;
    return (x->idx < y->idx) - (x->idx > y->idx);
}

/* Apply the local file path to base (replaced by the result). */
/* A base line of l's port and transport named with one of l's names
 * (nfs 2049/tcp; kerberos-iv 750/udp for kerberos4 750/udp kerberos-iv)
 * would be its copy or answer nothing: it moves into l, its aliases (and,
 * when l has none, its comment) with it.  bk: the base's keys, sorted.
 * 0 or -1 (out of memory). */
static int absorb_copies(struct olist *base, const struct svc_key *bk, size_t nbk,
                         struct oline *l)
{
    struct svc_key want = {NULL, l->proto, l->port, 0};
    const struct svc_key *k = key_first(bk, nbk, &want);
    for (; k && k < bk + nbk && !k->name && k->port == l->port && !strcmp(k->protocol, l->proto);
         k++) {
        struct oline *b = &base->v[k->idx];
        int named = !strcmp(b->name, l->name);
        for (size_t a = 0; a < l->n_aliases && !named; a++)
            named = !strcmp(b->name, l->aliases[a]);
        if (b->gone || !named)
            continue;
        b->gone = 1;
        if (oline_alias(l, b->name))
            return -1;
        for (size_t a = 0; a < b->n_aliases; a++)
            if (oline_alias(l, b->aliases[a]))
                return -1;
        if (!l->comment && b->comment) {
            l->comment = b->comment;
            b->comment = NULL;
        }
    }
    return 0;
}

/* Where l goes in the base: before the first line it competes with (one of
 * its names, or its port and transport), else by port. */
static size_t local_position(const struct olist *base, const struct svc_key *bk, size_t nbk,
                             const struct oline *l)
{
    size_t pos = SIZE_MAX;
    const struct svc_key *k;
    for (size_t a = 0; a <= l->n_aliases + 1; a++) {
        struct svc_key w = {a <= l->n_aliases ? (a ? l->aliases[a - 1] : l->name) : NULL,
                         l->proto, l->port, 0};
        if ((k = key_first(bk, nbk, &w)) && k->idx < pos)
            pos = k->idx;
    }
    if (pos == SIZE_MAX)
        for (pos = 0; pos < base->n && base->v[pos].port <= l->port; pos++)
            ;
    return pos;
}

/* The file's order among its competing lines: from the last line up, each
 * goes no lower than any later line it competes with.  0 or -1. */
static int keep_file_order(struct local_list *ll)
{
    struct svc_key *lk = NULL;
    size_t nlk = 0, clk = 0, *group = NULL, *group_min = NULL;
    int rc = -1;
    for (size_t i = 0; i < ll->n; i++)
        if (keys_add(&lk, &nlk, &clk, &ll->v[i].l, i))
            goto out;
    rc = 0;
    if (!nlk)
        goto out;
    qsort(lk, nlk, sizeof *lk, svc_key_cmp);
    rc = -1;
    if (!(group = malloc(nlk * sizeof *group)) || !(group_min = malloc(nlk * sizeof *group_min)))
        goto out;
    rc = 0;
    /* Number the distinct keys; carry the number in .port of a copy
     * sorted by line (the key itself is no longer needed). */
    size_t g = 0;
    for (size_t i = 0; i < nlk; i++) {
        struct svc_key a = lk[i], b = i ? lk[i - 1] : lk[i];
        a.idx = b.idx = 0;
        if (i && svc_key_cmp(&a, &b))
            g++;
        group_min[g] = SIZE_MAX;
        group[i] = g;
    }
    for (size_t i = 0; i < nlk; i++) {
        lk[i].name = NULL;
        lk[i].port = (int)group[i];
    }
    qsort(lk, nlk, sizeof *lk, key_by_idx_desc);
    for (size_t i = 0; i < nlk;) {
        size_t j = i, idx = lk[i].idx, pos = ll->v[idx].pos;
        for (; j < nlk && lk[j].idx == idx; j++)
            if (group_min[lk[j].port] < pos)
                pos = group_min[lk[j].port];
        for (size_t m = i; m < j; m++)
            if (pos < group_min[lk[m].port])
                group_min[lk[m].port] = pos;
        ll->v[idx].pos = pos;
        i = j;
    }
out:
    free(lk);
    free(group);
    free(group_min);
    return rc;
}

/* The base's remaining lines with the local ones placed before them, into
 * out.  0 or -1. */
static int merge_local(const struct olist *base, struct local_list *ll, struct olist *out)
{
    size_t j = 0;
    if (ll->n)
        qsort(ll->v, ll->n, sizeof *ll->v, local_order);
    for (size_t b = 0; b <= base->n; b++) {
        for (; j < ll->n && ll->v[j].pos == b; j++)
            if (olist_push(out, &ll->v[j].l))
                return -1;
        if (b < base->n && !base->v[b].gone && olist_push(out, &base->v[b]))
            return -1;
    }
    return 0;
}

static int apply_local(struct olist *base, const char *path, const struct pr_export_opts *o,
                       pr_error *err)
{
    struct local_list ll = {.path = path, .o = o};
    struct svc_key *bk = NULL;
    size_t nbk = 0, cbk = 0;
    struct olist out = {0};
    int rc;

    if ((rc = pr_services_each(path, local_cb, &ll, err)))
        goto out;
    /* The base's keys, to find what each local line competes with. */
    for (size_t i = 0; i < base->n; i++)
        if (keys_add(&bk, &nbk, &cbk, &base->v[i], i))
            goto nomem;
    if (nbk)
        qsort(bk, nbk, sizeof *bk, svc_key_cmp);
    for (size_t i = 0; i < ll.n; i++) {
        if (absorb_copies(base, bk, nbk, &ll.v[i].l))
            goto nomem;
        ll.v[i].pos = local_position(base, bk, nbk, &ll.v[i].l);
    }
    if (keep_file_order(&ll) || merge_local(base, &ll, &out))
        goto nomem;
    olist_release(base);
    *base = out;
    memset(&out, 0, sizeof out);
    goto out;
nomem:
    rc = pr_error_set(err, PR_ENOMEM, "out of memory");
out:
    for (size_t i = 0; i < ll.n; i++)
        oline_release(&ll.v[i].l);
    free(ll.v);
    free(bk);
    olist_release(&out);
    return rc;
}

/* ---- writing ----------------------------------------------------------------- */

/* Tabs up to the next stop at or after column min (8 wide), from *col. */
static void tab_to(struct pr_strbuf *sb, size_t *col, size_t min)
{
    do {
        pr_strbuf_addch(sb, '\t');
        *col = (*col / 8 + 1) * 8;
    } while (*col < min);
}

/* name<TAB>port/proto<TAB>aliases<TAB># comment, tab-aligned like netbase;
 * without a comment when comment is NULL. */
static void put_fields(struct pr_strbuf *sb, const struct oline *l, const char *comment)
{
    size_t col = strlen(l->name), before;
    pr_strbuf_adds(sb, l->name);
    tab_to(sb, &col, 16);
    before = sb->len;
    pr_strbuf_addf(sb, "%d/%s", l->port, l->proto);
    col += sb->len - before;
    if (!l->n_aliases && !comment)
        return;
    tab_to(sb, &col, 32);
    before = sb->len;
    for (size_t i = 0; i < l->n_aliases; i++) {
        if (i)
            pr_strbuf_addch(sb, ' ');
        pr_strbuf_adds(sb, l->aliases[i]);
    }
    col += sb->len - before;
    if (comment) {
        tab_to(sb, &col, 48);
        pr_strbuf_adds(sb, "# ");
        pr_strbuf_adds(sb, comment);
    }
}

/* l as one line without its line break into sb (reset first).  With width
 * > 0 the comment is cut at a word (with "...") or left out so that the
 * line has at most width bytes; PR_EINVAL when it cannot fit even so. */
static int format_line(struct pr_strbuf *sb, const struct oline *l, int width)
{
    pr_strbuf_setlen(sb, 0);
    put_fields(sb, l, l->comment);
    if (width <= 0 || sb->len <= (size_t)width || !l->comment)
        return sb->oom ? PR_ENOMEM : width > 0 && sb->len > (size_t)width ? PR_EINVAL : 0;
    size_t full = sb->len, clen = strlen(l->comment);
    size_t prefix = full - clen; /* through "# " */
    if (prefix + 4 <= (size_t)width) {
        size_t room = (size_t)width - prefix - 3, cut = room;
        const char *c = l->comment;
        /* at a character, then at a word when one ends in the room */
        while (cut > 0 && ((unsigned char)c[cut] & 0xC0) == 0x80)
            cut--;
        size_t word = cut;
        while (word > 0 && c[word] != ' ')
            word--;
        if (word > 0)
            cut = word;
        while (cut > 0 && c[cut - 1] == ' ')
            cut--;
        if (cut > 0) {
            pr_strbuf_setlen(sb, prefix + cut);
            pr_strbuf_adds(sb, "...");
            return sb->oom ? PR_ENOMEM : 0;
        }
    }
    pr_strbuf_setlen(sb, 0);
    put_fields(sb, l, NULL);
    return sb->oom ? PR_ENOMEM : sb->len > (size_t)width ? PR_EINVAL : 0;
}

/* Append the comment lines of text to out, each "# ..." line longer than
 * width bytes wrapped at words (a word longer than a line is cut at a
 * character); width 0 keeps them as they are. */
static void wrap_comments(struct pr_strbuf *out, const char *text, int width)
{
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        if (width <= 0 || len <= (size_t)width || width < 8) {
            pr_strbuf_add(out, p, len);
            pr_strbuf_addch(out, '\n');
        } else {
            const char *w = p + 1, *end = p + len; /* the words after '#' */
            size_t room = (size_t)width - 2;
            while (w < end) {
                while (w < end && *w == ' ')
                    w++;
                if (w >= end)
                    break;
                size_t n = (size_t)(end - w) < room ? (size_t)(end - w) : room;
                if (w + n < end) {
                    size_t cut = n;
                    while (cut > 0 && w[cut] != ' ')
                        cut--;
                    if (cut > 0)
                        n = cut;
                    else /* one long word: at a character */
                        while (n > 1 && ((unsigned char)w[n] & 0xC0) == 0x80)
                            n--;
                }
                pr_strbuf_adds(out, "# ");
                pr_strbuf_add(out, w, n);
                while (out->len && out->buf[out->len - 1] == ' ')
                    pr_strbuf_setlen(out, out->len - 1);
                pr_strbuf_addch(out, '\n');
                w += n;
            }
        }
        p += len + (p[len] == '\n');
    }
}

/* The whole file, built: header, lines, the records left out. */
struct built {
    struct svc_list sl;
    struct olist lines;
    struct pr_strbuf header;
};

static void built_release(struct built *b)
{
    for (size_t i = 0; i < b->sl.n; i++) {
        free(b->sl.v[i].name);
        free(b->sl.v[i].proto);
        free(b->sl.v[i].desc);
        free(b->sl.v[i].alias_of);
        free(b->sl.v[i].replaces);
        free(b->sl.v[i].aliases);
    }
    free(b->sl.v);
    for (size_t i = 0; i < b->sl.n_skip; i++) {
        free(b->sl.skip[i].name);
        free(b->sl.skip[i].proto);
    }
    free(b->sl.skip);
    olist_release(&b->lines);
    pr_strbuf_release(&b->header);
}

static int build(pr_store *s, const struct pr_export_opts *o, struct built *b, pr_error *err)
{
    char *updated = NULL, *title = NULL;
    int rc;

    memset(b, 0, sizeof *b);
    b->sl.o = o;
    if (o->width > 0 && o->width < 32)
        return pr_error_field(err, PR_EINVAL, "width", "width %d is too narrow; at least 32",
                              o->width);
    if (o->protocols)
        for (const char *p = o->protocols; *p;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            char one[16];
            snprintf(one, sizeof one, "%.*s", (int)(len < 15 ? len : 15), p);
            if (len >= sizeof one || !pr_protocol_valid(one))
                return pr_error_set(err, PR_EINVAL,
                                    "unknown protocol '%.*s' (expected tcp, udp, sctp or dccp)",
                                    (int)len, p);
            p += len + (comma != NULL);
        }
    if ((rc = pr_store_each_record(s, collect, &b->sl, err))) {
        if (rc == PR_ENOMEM)
            pr_error_set(err, rc, "out of memory");
        goto out;
    }
    if ((rc = resolve(&b->sl)) || (rc = registry_lines(&b->sl, o->expand_ranges, &b->lines))) {
        pr_error_set(err, rc, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < o->n_local; i++)
        if ((rc = apply_local(&b->lines, o->local[i], o, err)))
            goto out;
    /* absent: said so below; an error is not "absent" */
    if ((rc = pr_store_meta_get(s, "updated", &updated, err)) == PR_ENOTFOUND)
        rc = 0;
    if (!rc && (rc = pr_store_meta_get(s, "title", &title, err)) == PR_ENOTFOUND)
        rc = 0;
    if (rc)
        goto out;
    struct pr_strbuf h = PR_STRBUF_INIT;
    pr_strbuf_addf(&h,
                   "# Network services, Internet style\n"
                   "#\n"
                   "# Generated by portreg from IANA's %s,\n"
                   "# updated %s.  Assigned ports only; names lowercased; one line per\n"
                   "# service, port and transport%s.\n",
                   title ? title : "Service Name and Transport Protocol Port Number Registry",
                   updated ? updated : "(unknown)", o->protocols ? " (selected transports)" : "");
    if (o->n_local)
        pr_strbuf_adds(&h, "# Lines of these local files come before the registry's\n"
                           "# lines for their names and ports:\n");
    for (size_t i = 0; i < o->n_local; i++) {
        const char *base = strrchr(o->local[i], '/') ? strrchr(o->local[i], '/') + 1 : o->local[i];
        pr_strbuf_addf(&h, "#   %.100s\n", base);
    }
    wrap_comments(&b->header, pr_strbuf_str(&h), o->width);
    pr_strbuf_addch(&b->header, '\n');
    if (b->header.oom || h.oom)
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
    pr_strbuf_release(&h);
out:
    free(updated);
    free(title);
    return rc;
}

/* The error for a line that cannot fit the width. */
static int too_wide(const struct oline *l, size_t bytes, int width, pr_error *err)
{
    return pr_error_field(err, PR_EINVAL, "width",
                          "the line of '%s' %d/%s is %zu bytes without its comment, more than "
                          "the width %d", l->name, l->port, l->proto, bytes, width);
}

int pr_services_write(pr_store *s, FILE *f, const struct pr_export_opts *o, pr_error *err)
{
    struct built b;
    struct pr_strbuf line = PR_STRBUF_INIT;
    int rc = build(s, o, &b, err);
    if (rc)
        goto out;
    /* Every line is formatted before any is written: a width error
     * leaves stdout empty, as -o leaves the file. */
    for (size_t i = 0; i < b.lines.n && o->width > 0; i++)
        if ((rc = format_line(&line, &b.lines.v[i], o->width))) {
            rc = rc == PR_ENOMEM ? pr_error_set(err, rc, "out of memory")
                                 : too_wide(&b.lines.v[i], line.len, o->width, err);
            goto out;
        }
    fputs(pr_strbuf_str(&b.header), f);
    for (size_t i = 0; i < b.lines.n; i++) {
        if ((rc = format_line(&line, &b.lines.v[i], o->width))) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            goto out;
        }
        fputs(pr_strbuf_str(&line), f);
        putc('\n', f);
    }
    if (ferror(f))
        rc = pr_error_set(err, PR_EIO, "cannot write: write error");
out:
    pr_strbuf_release(&line);
    built_release(&b);
    return rc;
}

int pr_services_check_export(pr_store *s, const struct pr_export_opts *o, int width,
                             pr_check_cb cb, void *ud, struct pr_check_counts *counts,
                             pr_error *err)
{
    struct built b;
    struct pr_strbuf line = PR_STRBUF_INIT;
    struct svc_check_line *cl = NULL;
    long first = 1;
    int rc;

    memset(counts, 0, sizeof *counts);
    if ((rc = build(s, o, &b, err)))
        goto out;
    size_t n = b.sl.n_skip + b.lines.n;
    if (n && !(cl = calloc(n, sizeof *cl))) {
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < b.sl.n_skip; i++)
        cl[i] = (struct svc_check_line){.name = b.sl.skip[i].name, .protocol = b.sl.skip[i].proto,
                                        .port = b.sl.skip[i].port, .unreadable = 1};
    for (const char *p = pr_strbuf_str(&b.header); *p; p++)
        first += *p == '\n';
    for (size_t i = 0; i < b.lines.n; i++) {
        const struct oline *l = &b.lines.v[i];
        if ((rc = format_line(&line, l, o->width))) {
            rc = rc == PR_ENOMEM ? pr_error_set(err, rc, "out of memory")
                                 : too_wide(l, line.len, o->width, err);
            goto out;
        }
        cl[b.sl.n_skip + i] = (struct svc_check_line){
            .name = l->name, .protocol = l->proto, .port = l->port,
            .aliases = (const char *const *)l->aliases, .n_aliases = l->n_aliases,
            .line = first + (long)i, .bytes = line.len};
    }
    rc = svc_check_run(cl, n, width, cb, ud, counts, err);
    counts->lines -= (long)b.sl.n_skip; /* those are not in the file */
out:
    free(cl);
    pr_strbuf_release(&line);
    built_release(&b);
    return rc;
}
