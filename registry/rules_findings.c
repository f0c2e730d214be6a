/* rules_findings.c - what rules report: findings (severity, verdict,
 * JSON), the links of a reference, and the emitter rules append with. */
#include "rules_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

