/* services_compare.c - a services(5) file against the registry: which of
 * its lines the registry does not back (unregistered), which put a name on
 * another port or a port under another name than the registry does
 * (mismatched), which name one port of a registered range after the range
 * (netbase's x11-1 on 6001: in range), and which registry assignments the
 * file lacks (missing).  A name the registry has only on other transports
 * is said so (kerberos-iv: 750/udp). */
#include "importers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- what the registry says about one line ----------------------------- */

struct port_view {
    const struct pr_service_entry *e;
    int agree;          /* a record there carries the line's name or an alias */
    int named;          /* records there with a name */
    int reserved;       /* a "Reserved" record is there */
    char names[256];    /* names the registry gives the port, "a, b" */
    char range[128];    /* a named range record there: "x11 6000-6063" */
    int in_range;       /* the line names the port after it: x11-1 on 6001 */
};

static int names_match(const struct pr_service_entry *e, const char *name)
{
    if (!strcasecmp(e->name, name))
        return 1;
    for (size_t i = 0; i < e->n_aliases; i++)
        if (!strcasecmp(e->aliases[i], name))
            return 1;
    return 0;
}

static void list_add(char *buf, size_t len, const char *item)
{
    /* Each item once; a full buffer ends in "...". */
    size_t n = strlen(item), have = strlen(buf);
    for (const char *p = buf; (p = strstr(p, item)); p += n)
        if ((p == buf || p[-1] == ' ') && (p[n] == ',' || !p[n]))
            return;
    if (have + n + 6 >= len) {
        if (have + 4 < len && (have < 3 || strcmp(buf + have - 3, "...")))
            strcat(buf, have ? ", ..." : "...");
        return;
    }
    if (have)
        strcat(buf, ", ");
    strcat(buf, item);
}

static int port_cb(const struct pr_record *r, void *ud)
{
    struct port_view *v = ud;
    if (!r->name || !*r->name) {
        v->reserved |= pr_record_state(r) == PR_STATE_RESERVED;
        return 0;
    }
    if (names_match(v->e, r->name))
        v->agree = 1;
    if (r->port_hi > r->port_lo && !v->range[0]) {
        /* "x11-1" on 6001 of x11's 6000-6063 */
        size_t nl = strlen(r->name);
        const char *nm = v->e->name, *end;
        if (!strncasecmp(nm, r->name, nl) && nm[nl] == '-' && nm[nl + 1] &&
            strtol(nm + nl + 1, (char **)&end, 10) == v->e->port - r->port_lo && !*end &&
            nm[nl + 1] >= '0' && nm[nl + 1] <= '9')
            v->in_range = 1;
        snprintf(v->range, sizeof v->range, "%s %d-%d", r->name, r->port_lo, r->port_hi);
    }
    v->named++;
    list_add(v->names, sizeof v->names, r->name);
    return 0;
}

struct name_view {
    const char *protocol;
    int found;        /* the name has a port with this transport */
    char ports[256];  /* "80, 8080" */
    char others[256]; /* its ports with other transports: "80/sctp" */
};

static int name_cb(const struct pr_record *r, void *ud)
{
    struct name_view *v = ud;
    if (r->port_lo < 0 || !r->protocol)
        return 0;
    if (strcmp(r->protocol, v->protocol)) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s/%s", r->number, r->protocol);
        list_add(v->others, sizeof v->others, buf);
        return 0;
    }
    v->found = 1;
    list_add(v->ports, sizeof v->ports, r->number);
    return 0;
}

/* The names of a line looked up one by one: all collects until a name has
 * the line's transport (what mismatched and unregistered report), one
 * holds the name at hand. */
struct names_view {
    struct name_view *all;
    int all_open;
    struct name_view one;
};

static int names_cb(const struct pr_record *r, void *ud)
{
    struct names_view *v = ud;
    if (v->all_open)
        name_cb(r, v->all);
    return name_cb(r, &v->one);
}

/* ---- the file's entries, for "missing" --------------------------------- */

struct key {
    char *name; /* the line's name or an alias */
    char *protocol;
    int port;
};

struct cmp {
    pr_store *store;
    int flags;
    pr_compare_cb cb;
    void *ud;
    struct pr_compare_counts *counts;
    struct key *keys;
    size_t n_keys, cap_keys;
};

static int key_add(struct cmp *c, const char *name, const char *proto, int port)
{
    if (pr_grow(&c->keys, &c->cap_keys, c->n_keys, sizeof *c->keys, 512))
        return PR_ENOMEM;
    struct key *k = &c->keys[c->n_keys];
    k->name = strdup(name);
    k->protocol = strdup(proto);
    k->port = port;
    if (!k->name || !k->protocol) {
        free(k->name);
        free(k->protocol);
        return PR_ENOMEM;
    }
    c->n_keys++;
    return 0;
}

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int d = strcasecmp(x->name, y->name);
    if (!d)
        d = strcmp(x->protocol, y->protocol);
    return d ? d : (x->port > y->port) - (x->port < y->port);
}

static int entry_cb(const struct pr_service_entry *e, void *ud, pr_error *err)
{
    struct cmp *c = ud;
    struct pr_compare_item it = {.entry = e, .name = e->name, .protocol = e->protocol,
                                 .port = e->port, .port_hi = e->port, .line = e->line};
    int rc;

    if (e->unreadable)
        return 0; /* glibc reads nothing there: the check reports it */
    if (c->flags & PR_COMPARE_WITH_MISSING) {
        rc = key_add(c, e->name, e->protocol, e->port);
        for (size_t i = 0; i < e->n_aliases && !rc; i++)
            rc = key_add(c, e->aliases[i], e->protocol, e->port);
        if (rc)
            return pr_error_set(err, PR_ENOMEM, "out of memory");
    }
    if (!pr_protocol_valid(e->protocol)) {
        it.kind = PR_COMPARE_UNREGISTERED;
        it.why = PR_WHY_TRANSPORT;
        c->counts->unregistered++;
        return c->cb(&it, c->ud);
    }

    struct port_view pv = {.e = e};
    struct pr_query q;
    pr_query_init(&q);
    q.port_lo = q.port_hi = e->port;
    q.protocol = e->protocol;
    q.include_unassigned = 1;
    long n = pr_search(c->store, &q, port_cb, &pv, err);
    if (n < 0)
        return (int)n;
    if (pv.agree) {
        c->counts->agree++;
        return 0;
    }
    struct name_view nv = {.protocol = e->protocol};
    struct names_view v = {.all = &nv, .all_open = 1};
    char elsewhere[512] = ""; /* "kerberos-iv: 750/udp; ..." */
    for (size_t i = 0; i <= e->n_aliases; i++) {
        const char *nm = i ? e->aliases[i - 1] : e->name;
        if (strpbrk(nm, "*?["))
            continue;
        memset(&v.one, 0, sizeof v.one);
        v.one.protocol = e->protocol;
        if ((n = pr_search_name(c->store, nm, names_cb, &v, err)) < 0)
            return (int)n;
        v.all_open = !nv.found;
        /* A name the registry has only with other transports. */
        if (!v.one.found && v.one.others[0]) {
            size_t len = strlen(elsewhere);
            snprintf(elsewhere + len, sizeof elsewhere - len, "%s%s: %s", len ? "; " : "", nm,
                     v.one.others);
        }
    }
    it.other_transports = elsewhere[0] ? elsewhere : NULL;
    if (pv.in_range && !nv.found) {
        it.kind = PR_COMPARE_IN_RANGE;
        it.registry_names = pv.range;
        c->counts->in_range++;
    } else if (nv.found || pv.named) {
        it.kind = PR_COMPARE_MISMATCHED;
        it.registry_ports = nv.found ? nv.ports : NULL;
        it.registry_names = pv.named ? pv.names : NULL;
        c->counts->mismatched++;
    } else {
        it.kind = PR_COMPARE_UNREGISTERED;
        it.why = nv.others[0] ? PR_WHY_OTHER_TRANSPORT
                 : pv.reserved ? PR_WHY_RESERVED : PR_WHY_UNASSIGNED;
        it.registry_ports = nv.others[0] ? nv.others : NULL;
        it.other_transports = NULL; /* registry_ports says it */
        c->counts->unregistered++;
    }
    return c->cb(&it, c->ud);
}

/* A named registry assignment is missing when no line carries its name (or
 * alias) with its transport on a port within its range. */
static int missing_cb(const struct pr_record *r, void *ud)
{
    struct cmp *c = ud;
    if (!r->name || !*r->name || r->port_lo < 0 || !r->protocol)
        return 0;
    struct key k = {(char *)r->name, (char *)r->protocol, r->port_lo};
    size_t lo = 0, hi = c->n_keys;
    while (lo < hi) { /* first key >= (name, proto, port_lo) */
        size_t mid = (lo + hi) / 2;
        if (key_cmp(&c->keys[mid], &k) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < c->n_keys && !strcasecmp(c->keys[lo].name, r->name) &&
        !strcmp(c->keys[lo].protocol, r->protocol) && c->keys[lo].port <= r->port_hi)
        return 0;
    struct pr_compare_item it = {.kind = PR_COMPARE_MISSING, .name = r->name,
                                 .protocol = r->protocol, .port = r->port_lo,
                                 .port_hi = r->port_hi, .record = r};
    c->counts->missing++;
    return c->cb(&it, c->ud);
}

int pr_compare_services(pr_store *s, const char *path, int flags, pr_compare_cb cb, void *ud,
                        struct pr_compare_counts *counts, pr_error *err)
{
    struct cmp c = {.store = s, .flags = flags, .cb = cb, .ud = ud, .counts = counts};
    int rc;

    memset(counts, 0, sizeof *counts);
    rc = pr_store_has_registry(s, err);
    if (rc == 0)
        rc = pr_error_field(err, PR_ENOTFOUND, "registry", "the database holds no registry");
    if (rc < 0)
        goto out;
    if ((rc = pr_services_each(path, entry_cb, &c, err)))
        goto out;
    if (flags & PR_COMPARE_WITH_MISSING) {
        if (c.n_keys)
            qsort(c.keys, c.n_keys, sizeof *c.keys, key_cmp);
        rc = pr_store_each_record(s, missing_cb, &c, err);
    }
out:
    for (size_t i = 0; i < c.n_keys; i++) {
        free(c.keys[i].name);
        free(c.keys[i].protocol);
    }
    free(c.keys);
    return rc;
}
