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
    pr_rule_security_unstated, pr_rule_port_in_use;

static const struct pr_rule *const rules[] = {
    &pr_rule_missing_field,
    &pr_rule_name_syntax,
    &pr_rule_name_taken,
    &pr_rule_name_similar,
    &pr_rule_port_dynamic,
    &pr_rule_port_reserved,
    &pr_rule_port_taken,
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

static void finding_release(struct pr_finding *x)
{
    free(x->service);
    free(x->message);
    free(x->reference);
    free(x->suggestion);
    for (size_t i = 0; i < x->n_related; i++)
        free(x->related[i]);
    free(x->related);
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
    fputs("]}", f);
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
    if (oom) {
        finding_release(x);
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    }
    f->n++;
    return 0;
}

/* ---- services ---------------------------------------------------------- */

void pr_svc_list_release(struct pr_svc_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].desc);
        free(l->items[i].notes);
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
    if (join_distinct(&v->desc, desc, " / ") || join_distinct(&v->notes, notes, "\n"))
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
#define SVC_COLUMNS                                                                     \
    "SELECT name, protocol, number, description, notes, "                              \
    "  EXISTS(SELECT 1 FROM xref x WHERE x.record_id = record.id AND x.type = 'person' " \
    "         AND (x.role = 1 OR (x.role = 0 AND instr(coalesce(record.layout, ''), 'A') = 0)))" \
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

int pr_ctx_each_port(struct pr_rule_ctx *c, int lo, int hi, pr_port_fn fn, void *ud)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(pr_store_db(c->store),
                           "SELECT name, protocol, port_lo, port_hi, description, id FROM record "
                           "WHERE port_lo <= ?2 AND port_hi >= ?1 ORDER BY port_lo, seq",
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

static int any_word(const char *text, const char *const *words, int prefix)
{
    for (size_t i = 0; words[i]; i++)
        if (pr_text_has_word(text, words[i], prefix))
            return 1;
    return 0;
}

int pr_text_secure(const char *text)
{
    /* "encripted" is in the registry (caspssl); "sec" stands alone in a
     * few descriptions ("OMA Roaming Location SEC"). */
    static const char *const words[] = {
        "tls", "ssl", "dtls", "secure", "secured", "securely", "encrypted", "encryption",
        "encripted", "https", "sec", "starttls", NULL};
    return any_word(text, words, 0);
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
static int ci_contains(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = text; p && *p; p++)
        if (!strncasecmp(p, needle, n))
            return 1;
    return 0;
}

int pr_text_discovery(const char *text)
{
    /* whole words for "discover": "for discovering DOTS servers" (SRV
     * lookup in a longer description) is not a discovery service */
    static const char *const words[] = {"discover", "discovery", "discoveries", NULL};
    static const char *const prefixes[] = {"autodiscover", "announc", "beacon", NULL};
    if (any_word(text, words, 0) || any_word(text, prefixes, 1))
        return 1;
    return ci_contains(text, "service location") || ci_contains(text, "device location");
}

size_t pr_secure_bases(const char *name, struct pr_base *out, size_t max)
{
    /* strongest first: explicit security words, then the bare "s" */
    static const char *const suffixes[] = {"-tls", "-dtls", "-ssl", "-sec", "-secure", "-s",
                                           "tls", "dtls", "ssl", "sec", "s", NULL};
    static const char *const prefixes[] = {"secure-", "s", NULL};
    size_t n = strlen(name), k = 0;
    for (size_t i = 0; suffixes[i] && k < max; i++) {
        size_t sn = strlen(suffixes[i]);
        if (n >= sn + 2 && n - sn < sizeof out->name &&
            !strcasecmp(name + n - sn, suffixes[i]) && name[n - sn - 1] != '-') {
            memcpy(out[k].name, name, n - sn);
            out[k].name[n - sn] = 0;
            out[k++].affix = suffixes[i];
        }
    }
    for (size_t i = 0; prefixes[i] && k < max; i++) {
        size_t pn = strlen(prefixes[i]);
        if (n >= pn + 2 && n - pn < sizeof out->name && !strncasecmp(name, prefixes[i], pn) &&
            name[pn] != '-') {
            snprintf(out[k].name, sizeof out[k].name, "%s", name + pn);
            out[k++].affix = i == 0 ? "secure-" : "s-prefix";
        }
    }
    return k;
}

/* ---- review and audit -------------------------------------------------- */

static void ctx_release(struct pr_rule_ctx *c)
{
    pr_svc_list_release(&c->all);
    for (size_t i = 0; i < c->n_cache; i++)
        pr_svc_list_release(&c->cache[i]);
    free(c->cache);
    sqlite3_finalize(c->svc_st);
}

int pr_review(pr_store *s, const struct pr_request *req, struct pr_findings *out,
              pr_error *err)
{
    pr_error local = {0};
    struct pr_rule_ctx c = {.store = s, .out = out, .err = err ? err : &local};
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
