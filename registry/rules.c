/* rules.c - the rules engine: the rule table, findings, review of a request
 * and audit of the registry, and the helpers rules share (services,
 * port lookups, text tests).
 *
 * Adding a rule: registry/rules/<id>.c defines
 *   const struct pr_rule pr_rule_<id> = {.id, .rfc, .summary, .severity,
 *                                        .check, .audit};
 * declare it below and add one row to rules[] (the order is the order of
 * findings); describe it in docs/rules.md with a sample request in
 * docs/examples/<id>.req; unit-test a hit and a near miss in
 * tests/unit/test_rules.c.
 */
#include "rules_int.h"
#include "store_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const struct pr_rule pr_rule_missing_field, pr_rule_name_syntax, pr_rule_name_taken,
    pr_rule_name_similar, pr_rule_port_dynamic, pr_rule_port_reserved, pr_rule_port_taken,
    pr_rule_port_system, pr_rule_multiple_ports, pr_rule_secure_variant,
    pr_rule_insecure_variant, pr_rule_discovery_port, pr_rule_ipv4_broadcast,
    pr_rule_version_variant, pr_rule_transport_unjustified, pr_rule_dccp_service_code,
    pr_rule_security_unstated, pr_rule_port_in_use, pr_rule_own_registration,
    pr_rule_run_conflict;

static const struct pr_rule *const rules[] = {
    &pr_rule_missing_field,
    &pr_rule_name_syntax,
    &pr_rule_own_registration,
    &pr_rule_name_taken,
    &pr_rule_name_similar,
    &pr_rule_port_dynamic,
    &pr_rule_port_reserved,
    &pr_rule_port_taken,
    &pr_rule_run_conflict,
    &pr_rule_port_system,
    &pr_rule_multiple_ports,
    &pr_rule_secure_variant,
    &pr_rule_insecure_variant,
    &pr_rule_discovery_port,
    &pr_rule_ipv4_broadcast,
    &pr_rule_version_variant,
    &pr_rule_transport_unjustified,
    &pr_rule_dccp_service_code,
    &pr_rule_security_unstated,
    &pr_rule_port_in_use,
};

size_t pr_rules_count(void)
{
    return sizeof rules / sizeof *rules;
}

const struct pr_rule *pr_rule_at(size_t i)
{
    return i < pr_rules_count() ? rules[i] : NULL;
}

const struct pr_rule *pr_rule_find(const char *id)
{
    for (size_t i = 0; i < pr_rules_count(); i++)
        if (!strcmp(rules[i]->id, id))
            return rules[i];
    return NULL;
}

/* ---- findings ---------------------------------------------------------- */

const char *pr_severity_name(int sev)
{
    switch (sev) {
    case PR_SEV_REJECT: return "reject";
    case PR_SEV_WARN: return "warn";
    default: return "info";
    }
}

void pr_findings_init(struct pr_findings *f)
{
    memset(f, 0, sizeof *f);
}

static void record_release(struct pr_finding_record *r)
{
    free(r->service);
    free(r->number);
    free(r->protocol);
    free(r->state);
    free(r->assignee);
    free(r->assignee_name);
    free(r->contact);
    free(r->contact_name);
    free(r->contact_mail);
    free(r->relation);
}

static void finding_release(struct pr_finding *x)
{
    free(x->service);
    free(x->message);
    free(x->reference);
    free(x->suggestion);
    for (size_t i = 0; i < x->n_related; i++)
        free(x->related[i]);
    free(x->related);
    for (size_t i = 0; i < x->n_records; i++)
        record_release(&x->records[i]);
    free(x->records);
    for (size_t i = 0; i < x->n_links; i++)
        free(x->links[i]);
    free(x->links);
}

void pr_findings_release(struct pr_findings *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        finding_release(&f->items[i]);
    free(f->items);
    pr_findings_init(f);
}

void pr_findings_remove(struct pr_findings *f, size_t i)
{
    if (i >= f->n)
        return;
    finding_release(&f->items[i]);
    memmove(&f->items[i], &f->items[i + 1], (f->n - i - 1) * sizeof *f->items);
    f->n--;
}

int pr_findings_worst(const struct pr_findings *f, size_t from, size_t to)
{
    int worst = -1;
    for (size_t i = from; i < to && i < f->n; i++)
        if (f->items[i].severity > worst)
            worst = f->items[i].severity;
    return worst;
}

const char *pr_findings_verdict(const struct pr_findings *f, size_t from, size_t to)
{
    int w = pr_findings_worst(f, from, to);
    return w == PR_SEV_REJECT ? "reject" : w == PR_SEV_WARN ? "concerns" : "clean";
}

void pr_json_finding(FILE *f, const struct pr_finding *x, int with_service)
{
    fputs("{", f);
    if (with_service) {
        fputs("\"service\": ", f);
        pr_json_string(f, x->service);
        fputs(", ", f);
    }
    fputs("\"rule\": ", f);
    pr_json_string(f, x->rule);
    fputs(", \"severity\": ", f);
    pr_json_string(f, pr_severity_name(x->severity));
    fputs(", \"message\": ", f);
    pr_json_string(f, x->message);
    fputs(", \"reference\": ", f);
    pr_json_string(f, x->reference);
    fputs(", \"suggestion\": ", f);
    pr_json_string(f, x->suggestion);
    fputs(", \"related\": [", f);
    for (size_t i = 0; i < x->n_related; i++) {
        if (i)
            fputs(", ", f);
        pr_json_string(f, x->related[i]);
    }
    fputs("], \"records\": [", f);
    for (size_t i = 0; i < x->n_records; i++) {
        const struct pr_finding_record *r = &x->records[i];
        const char *keys[] = {"service", "port", "protocol", "state", "assignee",
                              "assignee_name", "contact", "contact_name", "contact_mail",
                              "relation"};
        const char *vals[] = {r->service, r->number, r->protocol, r->state, r->assignee,
                              r->assignee_name, r->contact, r->contact_name, r->contact_mail,
                              r->relation};
        fputs(i ? ", {" : "{", f);
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            fprintf(f, "%s\"%s\": ", k ? ", " : "", keys[k]);
            pr_json_string(f, vals[k]);
        }
        fputs("}", f);
    }
    fputs("], \"links\": [", f);
    for (size_t i = 0; i < x->n_links; i++) {
        if (i)
            fputs(", ", f);
        pr_json_string(f, x->links[i]);
    }
    fputs("]", f);
    fputs("}", f);
}

void pr_reference_links(const char *reference, void (*fn)(const char *url, void *ud), void *ud)
{
    /* "RFC 6335 §8.5, §8.6; RFC 7605 §7.4": an RFC number, then the
     * sections that follow it up to the next RFC */
    long rfc = 0;
    char url[128];
    for (const char *p = reference ? reference : ""; *p;) {
        if (!strncasecmp(p, "rfc", 3) && (p == reference || !isalnum((unsigned char)p[-1]))) {
            const char *q = p + 3;
            while (*q == ' ' || *q == '-')
                q++;
            if (isdigit((unsigned char)*q)) {
                rfc = strtol(q, (char **)&q, 10);
                /* the RFC itself unless a section follows */
                const char *r = q;
                while (*r == ' ')
                    r++;
                if (strncmp(r, "\xc2\xa7", 2)) {
                    snprintf(url, sizeof url, "https://www.rfc-editor.org/rfc/rfc%ld", rfc);
                    fn(url, ud);
                }
                p = q;
                continue;
            }
        }
        if (!strncmp(p, "\xc2\xa7", 2) && rfc) {
            const char *q = p + 2;
            size_t n = 0;
            while (isdigit((unsigned char)q[n]) || (q[n] == '.' && isdigit((unsigned char)q[n + 1])))
                n++;
            if (n) {
                snprintf(url, sizeof url, "https://www.rfc-editor.org/rfc/rfc%ld#section-%.*s",
                         rfc, (int)n, q);
                fn(url, ud);
            }
            p = q + n;
            continue;
        }
        p++;
    }
}

struct links {
    struct pr_finding *x;
    size_t cap;
    int oom;
};

static void add_link(const char *url, void *ud)
{
    struct links *l = ud;
    struct pr_finding *x = l->x;
    for (size_t i = 0; i < x->n_links; i++)
        if (!strcmp(x->links[i], url))
            return;
    if (l->oom || pr_grow(&x->links, &l->cap, x->n_links, sizeof *x->links, 4) ||
        !(x->links[x->n_links] = strdup(url))) {
        l->oom = 1;
        return;
    }
    x->n_links++;
}

int pr_rule_emit(struct pr_rule_ctx *c, int severity, const char *service,
                 const char *reference, const char *const *related, size_t n_related,
                 const char *suggestion, const char *fmt, ...)
{
    struct pr_findings *f = c->out;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (pr_grow(&f->items, &f->cap, f->n, sizeof *f->items, 16))
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    struct pr_finding *x = &f->items[f->n];
    memset(x, 0, sizeof *x);
    x->rule = c->rule->id;
    x->severity = severity < 0 ? c->rule->severity : severity;
    x->service = strdup(service ? service : "");
    x->message = strdup(msg);
    x->reference = strdup(reference ? reference : c->rule->rfc);
    x->suggestion = suggestion ? strdup(suggestion) : NULL;
    int oom = !x->service || !x->message || !x->reference || (suggestion && !x->suggestion);
    if (n_related && !oom) {
        x->related = calloc(n_related, sizeof *x->related);
        oom = !x->related;
        for (size_t i = 0; i < n_related && !oom; i++, x->n_related++)
            oom = !(x->related[i] = strdup(related[i]));
    }
    if (!oom) {
        struct links l = {.x = x};
        pr_reference_links(x->reference, add_link, &l);
        oom = l.oom;
    }
    if (oom) {
        finding_release(x);
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    }
    f->n++;
    return 0;
}

static char *dup_nonempty(const char *s, int *oom)
{
    char *d = s && *s ? strdup(s) : NULL;
    if (s && *s && !d)
        *oom = 1;
    return d;
}

int pr_rule_attach(struct pr_rule_ctx *c, const struct pr_held *h)
{
    struct pr_findings *f = c->out;
    if (!f->n)
        return 0;
    struct pr_finding *x = &f->items[f->n - 1];
    struct pr_finding_record *nv = realloc(x->records, (x->n_records + 1) * sizeof *nv);
    if (!nv)
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    x->records = nv;
    struct pr_finding_record *r = &nv[x->n_records];
    int oom = 0;
    r->service = dup_nonempty(h->name, &oom);
    r->number = dup_nonempty(h->number, &oom);
    r->protocol = dup_nonempty(h->protocol, &oom);
    r->state = dup_nonempty(pr_state_name(h->state), &oom);
    r->assignee = dup_nonempty(h->assignee, &oom);
    r->assignee_name = dup_nonempty(h->assignee_label, &oom);
    r->contact = dup_nonempty(h->contact, &oom);
    r->contact_name = dup_nonempty(h->contact_label, &oom);
    r->contact_mail = dup_nonempty(h->contact_mail, &oom);
    r->relation = dup_nonempty(pr_relation_name(h->relation), &oom);
    x->n_records++;
    return oom ? pr_error_set(c->err, PR_ENOMEM, "out of memory") : 0;
}

/* ---- services ---------------------------------------------------------- */

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

int pr_ctx_each_near_name(struct pr_rule_ctx *c, const char *name, pr_name_fn fn, void *ud)
{
    /* Printable ASCII less the upper-case letters (the look-up ignores
     * case): RFC 6335's letters, digits and hyphen, and what IANA's legacy
     * names hold besides ("z39.50", "udt_os", "sql*net", "printer/ip"...). */
    char alphabet[96];
    size_t na = 0;
    for (int ch = ' '; ch <= '~'; ch++)
        if (!(ch >= 'A' && ch <= 'Z'))
            alphabet[na++] = (char)ch;
    alphabet[na] = 0;
    struct near_names found = {0};
    sqlite3_stmt *eq = NULL, *sk = NULL;
    size_t n = strlen(name), jlen = 1, jcap = 0;
    char v[80], skel[80], *js = NULL;
    int rc = 0, step;
    if (n + 2 > sizeof v)
        return 0;
    for (const char *p = name; *p; p++)
        if (*p < ' ' || *p > '~')
            return pr_ctx_each_name(c, fn, ud); /* not a name of the alphabet: read them all */
    /* Every string one edit away (a 15-letter name: ~2,100), as one JSON
     * array looked up in index record_name: the same work at any size of
     * registry. */
    if (pr_grow(&js, &jcap, 1, 1, 4096))
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    js[0] = '[';
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
                json_add(&found, &js, &jlen, &jcap, v, k);
            }
        }
    }
    if (!found.oom && pr_grow(&js, &jcap, jlen + 2, 1, 4096))
        found.oom = 1;
    if (found.oom) {
        free(js);
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    }
    js[jlen++] = ']';
    js[jlen] = 0;
    if (sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT DISTINCT r.name FROM json_each(?1) AS j JOIN record AS r "
                           "ON r.name = j.value COLLATE NOCASE", -1, &eq, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT name FROM record WHERE name >= ?1 COLLATE NOCASE "
                           "AND name < ?2 COLLATE NOCASE", -1, &sk, NULL) != SQLITE_OK) {
        rc = pr_store_dberr(c->store, c->err, "cannot prepare query");
        goto out;
    }
    sqlite3_bind_text(eq, 1, js, (int)jlen, SQLITE_STATIC);
    while ((step = sqlite3_step(eq)) == SQLITE_ROW)
        near_add(&found, (const char *)sqlite3_column_text(eq, 0));
    if (step != SQLITE_DONE)
        rc = pr_store_dberr(c->store, c->err, "cannot read names");
    /* The same skeleton (a b c ...): such a name starts with a hyphen or a
     * digit (which the skeleton drops), or with "a" and then "b", a hyphen
     * or a digit: five ranges of index record_name, a few hundredths of
     * the names. */
    size_t k = pr_name_skeleton(name, skel, sizeof skel);
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
    for (int r = 0; r < 5 && !rc && k; r++) {
        sqlite3_reset(sk);
        sqlite3_bind_text(sk, 1, ranges[r][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(sk, 2, ranges[r][1], -1, SQLITE_STATIC);
        while ((step = sqlite3_step(sk)) == SQLITE_ROW) {
            const char *e = (const char *)sqlite3_column_text(sk, 0);
            char ek[80];
            if (e && strlen(e) < sizeof ek && pr_name_skeleton(e, ek, sizeof ek) == k &&
                !strcmp(ek, skel))
                near_add(&found, e);
        }
        if (step != SQLITE_DONE)
            rc = pr_store_dberr(c->store, c->err, "cannot read names");
    }
    if (!rc && found.oom)
        rc = pr_error_set(c->err, PR_ENOMEM, "out of memory");
    if (!rc && found.n)
        qsort(found.v, found.n, sizeof *found.v, cmp_nocase);
    for (size_t i = 0; !rc && i < found.n; i++)
        if (!i || strcasecmp(found.v[i - 1], found.v[i]))
            rc = fn(found.v[i], ud);
out:
    for (size_t i = 0; i < found.n; i++)
        free(found.v[i]);
    free(found.v);
    free(js);
    sqlite3_finalize(eq);
    sqlite3_finalize(sk);
    return rc;
}

int pr_ctx_each_port(struct pr_rule_ctx *c, int lo, int hi, pr_port_fn fn, void *ud)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT name, protocol, port_lo, port_hi, description, id FROM record "
                           "WHERE " PR_SQL_PORTS_OVERLAP("?1", "?2") " ORDER BY port_lo, seq",
                           -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(c->store, c->err, "cannot prepare query");
    sqlite3_bind_int(st, 1, lo);
    sqlite3_bind_int(st, 2, hi);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_rowloc w = PR_ROWLOC(c->store, "record");
        int plo, phi;
        PR_ROW_AT(&w, PR_ROW_NUM, sqlite3_column_int64(st, 5), 0, NULL);
        if ((rc = pr_row_ports(&w, st, 2, &plo, &phi, c->err)) ||
            (rc = pr_row_text(&w, st, 0, "name", 1, c->err)) ||
            (rc = pr_row_text(&w, st, 1, "protocol", 1, c->err)) ||
            (rc = pr_row_text(&w, st, 4, "description", 1, c->err)))
            break;
        struct pr_port_rec p = {
            .name = (const char *)sqlite3_column_text(st, 0),
            .protocol = (const char *)sqlite3_column_text(st, 1),
            .lo = plo,
            .hi = phi,
            .description = (const char *)sqlite3_column_text(st, 4),
        };
        if ((rc = fn(c, &p, ud)))
            break;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(c->store, c->err, "cannot read records");
    sqlite3_finalize(st);
    return rc;
}

int pr_ctx_each_prefix(struct pr_rule_ctx *c, const char *prefix, pr_name_fn fn, void *ud)
{
    size_t n = strlen(prefix);
    int rc = 0, step;
    if (c->audit) {
        for (size_t i = 0; i < c->all.n && !rc; i++)
            if (!strncasecmp(c->all.items[i].name, prefix, n))
                rc = fn(c->all.items[i].name, ud);
        return rc;
    }
    sqlite3_stmt *st = NULL;
    char like[160];
    size_t o = 0;
    /* LIKE 'prefix%' with the wildcards of the prefix escaped */
    for (const char *p = prefix; *p && o + 3 < sizeof like; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            like[o++] = '\\';
        like[o++] = *p;
    }
    like[o++] = '%';
    like[o] = 0;
    if (sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT DISTINCT name FROM record WHERE name LIKE ?1 ESCAPE '\\' "
                           "ORDER BY name COLLATE NOCASE",
                           -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(c->store, c->err, "cannot prepare query");
    sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn((const char *)sqlite3_column_text(st, 0), ud);
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(c->store, c->err, "cannot read names");
    sqlite3_finalize(st);
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

/* ---- text helpers ------------------------------------------------------ */

const char *pr_name_syntax_problem(const char *name)
{
    size_t n = strlen(name);
    int letter = 0;
    if (n == 0)
        return "is empty";
    if (n > 15)
        return "is longer than 15 characters";
    for (const char *p = name; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isalpha(ch) && ch < 0x80)
            letter = 1;
        else if (!(isdigit(ch) && ch < 0x80) && ch != '-')
            return "holds a character other than ASCII letters, digits and hyphens";
        if (ch == '-' && p[1] == '-')
            return "has two hyphens in a row";
    }
    if (name[0] == '-' || name[n - 1] == '-')
        return "begins or ends with a hyphen";
    if (!letter)
        return "has no letter";
    return NULL;
}

int pr_text_has_word(const char *text, const char *word, int prefix)
{
    size_t wn = strlen(word);
    if (!text)
        return 0;
    for (const char *p = text; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        if (n && (prefix ? n >= wn : n == wn) && !strncasecmp(start, word, wn))
            return 1;
    }
    return 0;
}

int pr_text_any_word(const char *text, const char *const *words, const char *const *prefixes)
{
    /* one pass over the words of text, each compared with both lists */
    for (const char *p = text ? text : ""; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        if (!n)
            continue;
        int first = tolower((unsigned char)*start);
        for (size_t i = 0; words && words[i]; i++)
            if (words[i][0] == first && strlen(words[i]) == n && !strncasecmp(start, words[i], n))
                return 1;
        for (size_t i = 0; prefixes && prefixes[i]; i++) {
            size_t k = strlen(prefixes[i]);
            if (prefixes[i][0] == first && n >= k && !strncasecmp(start, prefixes[i], k))
                return 1;
        }
    }
    return 0;
}

int pr_text_secure(const char *text)
{
    /* "encripted" is in the registry (caspssl); "sec" stands alone in a
     * few descriptions ("OMA Roaming Location SEC"). */
    static const char *const words[] = {"tls", "ssl", "dtls", "encripted", "https", "sec",
                                        "starttls", NULL};
    /* prefixes: secure, secured, SecureStorage (not "security"), encrypted,
     * encryption */
    static const char *const prefixes[] = {"secure", "encrypt", NULL};
    /* "Oracle OMS non-secure" says the opposite */
    static const char *const negations[] = {"non-secure", "nonsecure", "non secure",
                                            "insecure", "unsecure", "not secure",
                                            "unencrypted", "non-encrypted", NULL};
    if (!pr_text_any_word(text, words, prefixes))
        return 0;
    for (size_t i = 0; negations[i]; i++)
        if (pr_text_contains(text, negations[i]))
            return 0;
    return 1;
}

int pr_text_secure_mirror(const char *text, const char *base_text)
{
    static const char *const suffixes[] = {"s", "sec", "ssl", "tls", NULL};
    if (!text || !base_text)
        return 0;
    for (const char *p = text; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        for (size_t i = 0; n && suffixes[i]; i++) {
            size_t sn = strlen(suffixes[i]);
            if (n < sn + 3 || strncasecmp(start + n - sn, suffixes[i], sn))
                continue;
            char stem[64];
            if (n - sn >= sizeof stem)
                continue;
            memcpy(stem, start, n - sn);
            stem[n - sn] = 0;
            /* the stem is a word of the base's description and the whole
             * word is not (XPCS vs XPC, not "Services" vs "Services") */
            char whole[80];
            snprintf(whole, sizeof whole, "%.*s", (int)n, start);
            if (pr_text_has_word(base_text, stem, 0) && !pr_text_has_word(base_text, whole, 0))
                return 1;
        }
    }
    return 0;
}

/* Case-insensitive substring test (strcasestr is not POSIX). */
int pr_text_contains(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = text; p && *p; p++)
        if (!strncasecmp(p, needle, n))
            return 1;
    return 0;
}

/* ---- review and audit -------------------------------------------------- */

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

static void ctx_release(struct pr_rule_ctx *c)
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

int pr_review(pr_store *s, const struct pr_request *req, struct pr_findings *out,
              pr_error *err)
{
    return pr_review_run(s, req, 0, out, err);
}

int pr_review_run(pr_store *s, const struct pr_request *reqs, size_t at,
                  struct pr_findings *out, pr_error *err)
{
    pr_error local = {0};
    const struct pr_request *req = &reqs[at];
    struct pr_rule_ctx c = {.store = s, .out = out, .err = err ? err : &local,
                            .run = at ? reqs : NULL, .n_run = at};
    int rc = 0;
    c.err->code = 0;
    for (size_t i = 0; i < pr_rules_count() && !rc; i++) {
        c.rule = rules[i];
        if (rules[i]->check)
            rc = rules[i]->check(&c, req);
        if (!rc && pr_ctx_failed(&c))
            rc = c.err->code;
    }
    ctx_release(&c);
    return rc;
}

int pr_audit(pr_store *s, const char *rule_id, struct pr_findings *out, pr_error *err)
{
    pr_error local = {0};
    struct pr_rule_ctx c = {.store = s, .out = out, .err = err ? err : &local, .audit = 1};
    const struct pr_rule *only = NULL;
    int rc = 0;
    c.err->code = 0;
    if (rule_id) {
        if (!(only = pr_rule_find(rule_id)))
            return pr_error_set(err, PR_ENOTFOUND, "unknown rule '%s'", rule_id);
        if (!only->audit)
            return pr_error_set(err, PR_EINVAL,
                                "rule '%s' applies to requests only (see docs/rules.md)",
                                rule_id);
    }
    if ((rc = pr_svc_load(s, NULL, &c.all, c.err)))
        goto out;
    for (size_t i = 0; i < pr_rules_count() && !rc; i++) {
        if (!rules[i]->audit || (only && only != rules[i]))
            continue;
        c.rule = rules[i];
        rc = rules[i]->audit(&c);
        if (!rc && pr_ctx_failed(&c))
            rc = c.err->code;
    }
out:
    ctx_release(&c);
    return rc;
}
