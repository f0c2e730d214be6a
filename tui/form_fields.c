/* form_fields.c - a form's fields (form_int.h): made from what the
 * records hold or empty for an assignment, the assignment they describe
 * and its review, and the rows the fields, findings and notes take. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "form_int.h"

#include "edit.h"
#include "review_log.h"
#include "rules.h"

#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

/* A field at position pos (m->n: the end), value as loaded. */
int form_insert_field(struct form *m, int pos, const char *label, const char *set,
                        int req_field, const char *value)
{
    if (m->n == m->cap) {
        int cap = m->cap ? 2 * m->cap : 16;
        struct field *nf = realloc(m->f, (size_t)cap * sizeof *nf);
        if (!nf)
            return -1;
        m->f = nf;
        m->cap = cap;
    }
    struct field f = {label, set ? set : label, req_field, 0, NULL, strdup(value ? value : ""),
                      strdup(value ? value : "")};
    if (!f.value || !f.initial) {
        free(f.value);
        free(f.initial);
        return -1;
    }
    memmove(&m->f[pos + 1], &m->f[pos], (size_t)(m->n - pos) * sizeof *m->f);
    m->f[pos] = f;
    m->n++;
    return 0;
}

int form_add_field(struct form *m, const char *label, int req_field, const char *value)
{
    return form_insert_field(m, m->n, label, NULL, req_field, value);
}

void form_free_fields(struct field *f, int n)
{
    for (int i = 0; i < n; i++) {
        free(f[i].value);
        free(f[i].initial);
        free(f[i].own);
    }
    free(f);
}

const char *form_value(struct form *m, const char *label)
{
    for (int i = 0; i < m->n; i++)
        if (!strcmp(m->f[i].label, label))
            return m->f[i].value;
    return "";
}

int form_changed(const struct field *f)
{
    return strcmp(f->value, f->initial) != 0;
}

/* ---- the edit form's fields: every value of the service, or read-only ---- */

/* modify's fields in the form's order; contact and note are lists: one
 * field per item, then an empty "add ..." field. */
const char *const form_modify_sets[] = {"description", "contact", "reference", "note",
                                          "unauthorized", NULL};

int form_list_set(const char *set)
{
    return !strcmp(set, "contact") || !strcmp(set, "note");
}

/* The items of field set in r (malloc'd copies; *exact 0 when the text
 * form would not give them back as stored). */
static int items_of(const struct pr_record *r, const char *set, struct tui_lines *it, int *exact)
{
    *exact = 1;
    *it = (struct tui_lines){NULL, 0, 0};
    if (!strcmp(set, "description") || !strcmp(set, "unauthorized")) {
        const char *v = !strcmp(set, "description") ? r->description : r->unauthorized;
        tui_lines_add(it, v ? v : "");
    } else if (!strcmp(set, "reference")) {
        char *refs = pr_edit_references_text(r, exact);
        if (!refs)
            return -1;
        tui_lines_add(it, refs);
        free(refs);
    } else if (!strcmp(set, "note")) {
        for (size_t i = 0; i < r->n_notes; i++)
            tui_lines_add(it, r->notes[i].text ? r->notes[i].text : "");
    } else {
        const char **ids = malloc((r->n_xrefs + 1) * sizeof *ids);
        if (!ids)
            return -1;
        size_t n = pr_record_contacts(r, ids, r->n_xrefs + 1);
        for (size_t i = 0; i < n; i++)
            tui_lines_add(it, ids[i]);
        free(ids);
    }
    return 0;
}

static int same_items(const struct tui_lines *a, const struct tui_lines *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]))
            return 0;
    return 1;
}

/* A read-only line "  995/udp   a; b" for a record of the service whose
 * values of set differ from the first record's (the fields above). */
static int add_record_line(struct form *m, const char *set, const struct pr_record *r,
                           const struct tui_lines *it)
{
    size_t len = 16;
    for (size_t i = 0; i < it->n; i++)
        len += strlen(it->v[i]) + 2;
    char *buf = malloc(len), label[LABEL_W + 16];
    if (!buf)
        return -1;
    snprintf(label, sizeof label, "  %s%s%s", r->number ? r->number : "no port",
             r->protocol ? "/" : "", r->protocol ? r->protocol : "");
    int o = 0;
    for (size_t i = 0; i < it->n; i++)
        o += snprintf(buf + o, len - (size_t)o, "%s%s", i ? "; " : "", it->v[i]);
    if (!o)
        snprintf(buf, len, "(none)");
    int rc = form_add_field(m, set, -1, buf);
    free(buf);
    if (rc)
        return rc;
    struct field *f = &m->f[m->n - 1];
    f->set = set;
    f->readonly = RO_DIFFERS;
    if (!(f->own = strdup(label)))
        return -1;
    f->label = f->own;
    return 0;
}

/* The fields of the edit form from m->base: every value the records hold.
 * A field edits the first record's value (each contact and note its own
 * field, then an empty one to add one); a save sets it on every record.
 * So each other record whose value differs shows it below, read-only,
 * where the save question names it again; and references that their text
 * would not give back as stored are read-only. */
int form_modify_fields(struct form *m)
{
    const struct pr_record *r;
    size_t nr = pr_edit_base_records(m->base, &r);
    int rc = 0;
    for (size_t k = 0; form_modify_sets[k] && !rc; k++) {
        const char *set = form_modify_sets[k];
        struct tui_lines first, other;
        int exact, ex;
        if (items_of(&r[0], set, &first, &exact))
            return -1;
        for (size_t i = 0; i < first.n && !rc; i++)
            if (!(rc = form_add_field(m, set, -1, first.v[i])) && !exact)
                m->f[m->n - 1].readonly = RO_INEXACT;
        if (!rc && form_list_set(set))
            rc = form_insert_field(m, m->n, !strcmp(set, "note") ? "add note" : "add contact", set,
                              -1, "");
        for (size_t i = 1; i < nr && !rc; i++) {
            if ((rc = items_of(&r[i], set, &other, &ex)) == 0 &&
                (!same_items(&first, &other) || !ex))
                rc = add_record_line(m, set, &r[i], &other);
            tui_lines_clear(&other);
        }
        tui_lines_clear(&first);
    }
    return rc;
}

static const char *opt_value(struct form *m, const char *label)
{
    const char *v = form_value(m, label);
    return *v ? v : NULL;
}

/* The assignment the assign form describes; 0, or -1 with m->problem set. */
int form_fill_assign(struct form *m, struct pr_assign *a)
{
    const char *port = form_value(m, "port");
    pr_assign_init(a);
    if (!strcmp(port, "system"))
        a->range = PR_RANGE_SYSTEM;
    else if (!strcmp(port, "none"))
        a->port = PR_ASSIGN_NO_PORT;
    else if (strcmp(port, "any") && (pr_parse_port_range(port, &a->port, &a->port) || !*port)) {
        snprintf(m->problem, sizeof m->problem,
                 "port: '%.500s' is not a number, 'any', 'system' or 'none'", port);
        return -1;
    }
    a->name = form_value(m, "name");
    a->protocols = form_value(m, "transport");
    a->description = form_value(m, "description");
    a->assignee = form_value(m, "assignee");
    a->contact = opt_value(m, "contact");
    a->reference = opt_value(m, "reference");
    a->justification = opt_value(m, "justification");
    a->security = opt_value(m, "security");
    a->note = opt_value(m, "note");
    a->reason = opt_value(m, "reason");
    return 0;
}

void form_wrap_findings(struct tui_view *v, int width)
{
    struct form *m = F(v);
    tui_lines_clear(&m->flines);
    if (m->problem[0])
        tui_lines_wrap(&m->flines, m->problem, width - 4, 2);
    else
        tui_findings_lines(&m->flines, &m->findings, width - 4);
}

/* Run the rules engine on the assignment the form describes, as assign
 * will (pr_edit_review_assign). */
void form_review(struct tui_view *v)
{
    struct form *m = F(v);
    struct pr_assign a;
    pr_error err = {0};
    pr_findings_release(&m->findings);
    pr_findings_init(&m->findings);
    m->problem[0] = 0;
    if (m->kind != TUI_FORM_ASSIGN)
        return;
    if (form_fill_assign(m, &a)) {
        form_wrap_findings(v, COLS);
        return;
    }
    int rc = pr_edit_review_assign(v->t->store, &a, &m->findings, &err);
    if (rc && rc != PR_EREFUSED)
        snprintf(m->problem, sizeof m->problem, "%s", err.msg);
    form_wrap_findings(v, COLS);
}

/* ---- the rows of the form ---- */

int form_asking(struct tui_view *v)
{
    return F(v)->asking && v->t->confirm[0] && v->t->confirm_ud == v;
}

/* The lines under the fields: the changes while the save question is
 * open, or the conflict met. */
int form_showing_notes(struct tui_view *v)
{
    return form_asking(v) || F(v)->conflicted || F(v)->failed;
}

long form_rows(struct tui_view *v)
{
    struct form *m = F(v);
    long n = 1 + m->n; /* title, fields */
    if (m->kind == TUI_FORM_ASSIGN)
        n += 2 + (long)m->flines.n;
    if (form_showing_notes(v))
        n += 1 + (long)m->notes.n;
    return n;
}

/* Scroll a form taller than the screen to the lines under its fields
 * (the changes asked about, the conflict, why a save failed). */
void form_show_notes(struct tui_view *v)
{
    long rows = form_rows(v), h = tui_body_height();
    if (rows > v->cur + h)
        v->cur = rows - h;
}
