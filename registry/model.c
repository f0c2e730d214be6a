/* model.c - struct pr_record / pr_person lifetimes and the classification
 * rules of RFC 6335 (port ranges, assignment state). */
#include "registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void pr_record_init(struct pr_record *r)
{
    memset(r, 0, sizeof *r);
    r->port_lo = r->port_hi = -1;
}

static void xref_release(struct pr_xref *x)
{
    free(x->type);
    free(x->data);
    free(x->text);
}

void pr_record_release(struct pr_record *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->protocol);
    free(r->number);
    free(r->description);
    free(r->description_xml);
    free(r->unauthorized);
    free(r->unauthorized_xml);
    free(r->sc);
    free(r->date);
    free(r->updated);
    free(r->layout);
    free(r->raw);
    for (size_t i = 0; i < r->n_xrefs; i++)
        xref_release(&r->xrefs[i]);
    free(r->xrefs);
    for (size_t i = 0; i < r->n_notes; i++) {
        free(r->notes[i].text);
        free(r->notes[i].xml);
    }
    free(r->notes);
    pr_record_init(r);
}

int pr_record_add_xref(struct pr_record *r, int role, const char *type,
                       const char *data, const char *text)
{
    if (pr_grow(&r->xrefs, &r->cap_xrefs, r->n_xrefs, sizeof *r->xrefs, 4))
        return PR_ENOMEM;
    struct pr_xref *x = &r->xrefs[r->n_xrefs];
    x->role = role;
    x->type = dup_or_null(type ? type : "");
    x->data = dup_or_null(data);
    x->text = dup_or_null(text);
    if (!x->type || (data && !x->data) || (text && !x->text)) {
        xref_release(x);
        return PR_ENOMEM;
    }
    r->n_xrefs++;
    return 0;
}

int pr_record_add_note(struct pr_record *r, const char *text, const char *xml)
{
    if (pr_grow(&r->notes, &r->cap_notes, r->n_notes, sizeof *r->notes, 2))
        return PR_ENOMEM;
    struct pr_note *nn = r->notes;
    nn[r->n_notes].text = dup_or_null(text ? text : "");
    nn[r->n_notes].xml = dup_or_null(xml ? xml : "");
    if (!nn[r->n_notes].text || !nn[r->n_notes].xml) {
        free(nn[r->n_notes].text);
        free(nn[r->n_notes].xml);
        return PR_ENOMEM;
    }
    r->n_notes++;
    return 0;
}

int pr_record_copy(struct pr_record *dst, const struct pr_record *src)
{
    pr_record_init(dst);
    dst->id = src->id;
    dst->seq = src->seq;
    dst->port_lo = src->port_lo;
    dst->port_hi = src->port_hi;
    dst->line = src->line;
#define COPY(f) do { if (src->f && !(dst->f = strdup(src->f))) goto nomem; } while (0)
    COPY(name); COPY(protocol); COPY(number); COPY(description);
    COPY(description_xml); COPY(unauthorized); COPY(unauthorized_xml);
    COPY(sc); COPY(date); COPY(updated); COPY(layout); COPY(raw);
#undef COPY
    for (size_t i = 0; i < src->n_xrefs; i++)
        if (pr_record_add_xref(dst, src->xrefs[i].role, src->xrefs[i].type,
                               src->xrefs[i].data, src->xrefs[i].text))
            goto nomem;
    for (size_t i = 0; i < src->n_notes; i++)
        if (pr_record_add_note(dst, src->notes[i].text, src->notes[i].xml))
            goto nomem;
    return 0;
nomem:
    pr_record_release(dst);
    return PR_ENOMEM;
}

void pr_person_init(struct pr_person *p)
{
    memset(p, 0, sizeof *p);
}

void pr_person_release(struct pr_person *p)
{
    if (!p)
        return;
    free(p->id);
    free(p->name);
    free(p->org);
    free(p->uri);
    free(p->updated);
    free(p->raw);
    pr_person_init(p);
}

void pr_docitem_release(struct pr_docitem *d)
{
    if (!d)
        return;
    free(d->kind);
    free(d->attr);
    free(d->text);
    free(d->raw);
    memset(d, 0, sizeof *d);
}

enum pr_range pr_port_range(int port)
{
    if (port < 0 || port > PR_PORT_MAX)
        return PR_RANGE_NONE;
    if (port <= PR_PORT_SYSTEM_MAX)
        return PR_RANGE_SYSTEM;
    if (port <= PR_PORT_USER_MAX)
        return PR_RANGE_USER;
    return PR_RANGE_DYNAMIC;
}

const char *pr_range_name(enum pr_range r)
{
    switch (r) {
    case PR_RANGE_SYSTEM: return "system";
    case PR_RANGE_USER: return "user";
    case PR_RANGE_DYNAMIC: return "dynamic";
    default: return NULL;
    }
}

const char *pr_range_span(enum pr_range r)
{
    switch (r) {
    case PR_RANGE_SYSTEM: return "0-" PR_PORT_STR(PR_PORT_SYSTEM_MAX);
    case PR_RANGE_USER: return PR_PORT_STR(PR_PORT_USER_MIN) "-" PR_PORT_STR(PR_PORT_USER_MAX);
    case PR_RANGE_DYNAMIC: return PR_PORT_STR(PR_PORT_DYNAMIC_MIN) "-" PR_PORT_STR(PR_PORT_MAX);
    default: return NULL;
    }
}

/* Does s, trimmed, start with word (case-insensitive)? */
static int starts_word(const char *s, const char *word)
{
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    return strncasecmp(s, word, strlen(word)) == 0;
}

enum pr_state pr_record_state(const struct pr_record *r)
{
    if (r->name && r->name[0])
        return PR_STATE_ASSIGNED;
    if (starts_word(r->description, "unassigned") || starts_word(r->description, "(unassigned"))
        return PR_STATE_UNASSIGNED;
    if (starts_word(r->description, "reserved") || starts_word(r->description, "iana reserved"))
        return PR_STATE_RESERVED;
    return PR_STATE_ASSIGNED;
}

const char *pr_state_name(enum pr_state s)
{
    switch (s) {
    case PR_STATE_RESERVED: return "reserved";
    case PR_STATE_UNASSIGNED: return "unassigned";
    default: return "assigned";
    }
}

int pr_protocol_valid(const char *p)
{
    return p && (!strcmp(p, "tcp") || !strcmp(p, "udp") || !strcmp(p, "sctp") ||
                 !strcmp(p, "dccp"));
}

static size_t persons_with_role(const struct pr_record *r, int role,
                                const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if (x->role == role && x->type && !strcmp(x->type, "person") && x->data) {
            if (n < max)
                out[n] = x->data;
            n++;
        }
    }
    return n < max ? n : max;
}

size_t pr_record_assignees(const struct pr_record *r, const char **out, size_t max)
{
    size_t n = persons_with_role(r, PR_ROLE_ASSIGNEE, out, max);
    if (n == 0 && (!r->layout || !strchr(r->layout, 'A')))
        n = persons_with_role(r, PR_ROLE_REF, out, max);
    return n;
}

size_t pr_record_contacts(const struct pr_record *r, const char **out, size_t max)
{
    size_t n = persons_with_role(r, PR_ROLE_CONTACT, out, max);
    if (n == 0)
        n = persons_with_role(r, PR_ROLE_REF, out, max);
    return n;
}
