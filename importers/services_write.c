/* services_write.c - the registry as a services(5) file, as distributions
 * build /etc/services:
 *   name<TAB>port/proto<TAB>aliases<TAB># description
 * Names are lowercased; only assigned records with a port are written
 * (no Unassigned or Reserved rows, no name-only records, no names with
 * white space, which services(5) cannot hold); one line per
 * name/port/transport and no duplicate lines.  A record whose note says it
 * "is a duplicate of the "X" service" becomes an alias on X's line for the
 * same port and transport (www, www-http -> http); an old name that IANA
 * replaced "as a replacement for "X"" becomes an alias of the new one
 * (whois++ -> whoispp).  A range is written as
 * its first port with the range in the comment, or one line per port with
 * expand_ranges.  The header names the registry's date. */
#include "importers.h"

#include <ctype.h>
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

struct svc_list {
    struct svc *v;
    size_t n, cap;
    const struct pr_export_opts *o;
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

static int collect(const struct pr_record *r, void *ud)
{
    struct svc_list *l = ud;
    if (!r->name || !*r->name || !r->protocol || r->port_lo < 0 ||
        pr_record_state(r) != PR_STATE_ASSIGNED || !proto_wanted(l->o, r->protocol))
        return 0;
    /* A name services(5) cannot hold ("Apple Remote Desktop (Net
     * Assistant)" is one of IANA's) is left out. */
    if (strpbrk(r->name, " \t\r\n#"))
        return 0;
    if (pr_grow(&l->v, &l->cap, l->n, sizeof *l->v, 1024))
        return PR_ENOMEM;
    struct svc *s = &l->v[l->n];
    memset(s, 0, sizeof *s);
    s->name = lower_dup(r->name);
    s->proto = strdup(r->protocol);
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
    char *n = realloc(s->aliases, a + strlen(alias) + 2);
    if (!n)
        return PR_ENOMEM;
    if (a)
        n[a++] = ' ';
    strcpy(n + a, alias);
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

/* name<TAB>port/proto<TAB>aliases<TAB># comment, tab-aligned like netbase. */
static void put_line(FILE *f, const struct svc *s, int port, const char *range)
{
    char pp[32];
    int w = (int)strlen(s->name);
    fputs(s->name, f);
    do {
        putc('\t', f);
        w = (w / 8 + 1) * 8;
    } while (w < 16);
    w = snprintf(pp, sizeof pp, "%d/%s", port, s->proto);
    fputs(pp, f);
    if (!s->aliases && !*s->desc && !range) {
        putc('\n', f);
        return;
    }
    w += 16;
    do {
        putc('\t', f);
        w = (w / 8 + 1) * 8;
    } while (w < 32);
    if (s->aliases) {
        fputs(s->aliases, f);
        w += (int)strlen(s->aliases);
    }
    if (*s->desc || range) {
        do {
            putc('\t', f);
            w = (w / 8 + 1) * 8;
        } while (w < 48);
        fputs("# ", f);
        fputs(s->desc, f);
        if (range)
            fprintf(f, "%s(ports %s)", *s->desc ? " " : "", range);
    }
    putc('\n', f);
}

int pr_services_write(pr_store *s, FILE *f, const struct pr_export_opts *o, pr_error *err)
{
    struct svc_list l = {.o = o};
    char *updated = NULL, *title = NULL;
    int rc;

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
    if ((rc = pr_store_each_record(s, collect, &l, err))) {
        if (rc == PR_ENOMEM)
            pr_error_set(err, rc, "out of memory");
        goto out;
    }
    if ((rc = resolve(&l))) {
        pr_error_set(err, rc, "out of memory");
        goto out;
    }
    pr_store_meta_get(s, "updated", &updated, NULL);
    pr_store_meta_get(s, "title", &title, NULL);
    fprintf(f, "# Network services, Internet style\n"
               "#\n"
               "# Generated by portreg from IANA's %s,\n"
               "# updated %s.  Assigned ports only; names lowercased; one line per\n"
               "# service, port and transport%s.\n\n",
            title ? title : "Service Name and Transport Protocol Port Number Registry",
            updated ? updated : "(unknown)", o->protocols ? " (selected transports)" : "");
    for (size_t i = 0; i < l.n; i++) {
        struct svc *v = &l.v[i];
        if (v->dropped)
            continue;
        if (v->lo == v->hi) {
            put_line(f, v, v->lo, NULL);
        } else if (o->expand_ranges) {
            for (int p = v->lo; p <= v->hi; p++)
                put_line(f, v, p, NULL);
        } else {
            char range[32];
            snprintf(range, sizeof range, "%d-%d", v->lo, v->hi);
            put_line(f, v, v->lo, range);
        }
    }
    if (ferror(f))
        rc = pr_error_set(err, PR_EIO, "cannot write: write error");
out:
    for (size_t i = 0; i < l.n; i++) {
        free(l.v[i].name);
        free(l.v[i].proto);
        free(l.v[i].desc);
        free(l.v[i].alias_of);
        free(l.v[i].replaces);
        free(l.v[i].aliases);
    }
    free(l.v);
    free(updated);
    free(title);
    return rc;
}
