/* view_form.c - the forms: edit a service (RFC 6335 §8.6,
 * pr_edit_modify_matching), assign a new one (§8.1, pr_edit_assign) with
 * the rules engine's findings shown as the fields change, de-assign one
 * (§8.2, pr_edit_deassign_matching), and reject a reviewed request with a
 * reason (pr_review_log).
 *
 * Printable keys are only ever text: typing on the selected field edits it
 * (from its end), Enter edits and keeps, Tab and the arrows move, F2 or
 * Ctrl-S shows the changes (before -> after) and asks y/n before saving,
 * Esc undoes a field's edit or leaves the form (asking when unsaved).
 * Values have no length limit, and only the fields the user changed are
 * saved.  A form remembers what it loaded (pr_edit_base): when another
 * process changed the service since, saving writes nothing and the form
 * shows who, when and which fields, and offers to reload. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include "edit.h"
#include "review_log.h"
#include "rules.h"

#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_W 14
#define PREVIEW_LINES 3 /* lines of a value in the save question */

struct field {
    const char *label;
    const char *set; /* MODIFY: modify's FIELD ("contact" for "add contact") */
    int req_field;   /* enum pr_req_field for the review, or -1 */
    int readonly;    /* MODIFY: RO_DIFFERS or RO_INEXACT: shown, never sent */
    char *own;       /* the label when made for the record ("  995/udp") */
    char *value;     /* owned, never NULL */
    char *initial;   /* as loaded: the field changed when they differ */
};

/* Why a field is shown read-only: no value the form does not show may be
 * lost by a save. */
enum { RO_DIFFERS = 1, RO_INEXACT = 2 };

struct form {
    int kind; /* enum tui_form_kind */
    char title[200];
    char service[128];
    struct field *f;
    int n, cap;
    int sel;     /* the selected field */
    int editing; /* its text is being edited in ed */
    struct tui_edit ed;
    pr_edit_base *base; /* MODIFY, DEASSIGN: what the form loaded */
    int conflicted;     /* another writer changed the service since */
    int failed;         /* the last save failed: notes say why */
    int asking;         /* the save question is open */
    struct tui_lines notes; /* below the fields: the changes asked about, or the conflict */
    struct pr_findings findings;
    struct tui_lines flines; /* the findings as lines for the width */
    char problem[600]; /* the request cannot be reviewed as it stands */
    struct tui_form_arg arg;
};

static struct form *F(struct tui_view *v)
{
    return v->priv;
}

/* A field at position pos (m->n: the end), value as loaded. */
static int insert_field(struct form *m, int pos, const char *label, const char *set,
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

static int add_field(struct form *m, const char *label, int req_field, const char *value)
{
    return insert_field(m, m->n, label, NULL, req_field, value);
}

static void free_fields(struct field *f, int n)
{
    for (int i = 0; i < n; i++) {
        free(f[i].value);
        free(f[i].initial);
        free(f[i].own);
    }
    free(f);
}

static const char *value_of(struct form *m, const char *label)
{
    for (int i = 0; i < m->n; i++)
        if (!strcmp(m->f[i].label, label))
            return m->f[i].value;
    return "";
}

static int changed(const struct field *f)
{
    return strcmp(f->value, f->initial) != 0;
}

/* ---- the edit form's fields: every value of the service, or read-only ---- */

/* modify's fields in the form's order; contact and note are lists: one
 * field per item, then an empty "add ..." field. */
static const char *const modify_sets[] = {"description", "contact", "reference", "note",
                                          "unauthorized", NULL};

static int list_set(const char *set)
{
    return !strcmp(set, "contact") || !strcmp(set, "note");
}

/* The items of field set in r (malloc'd copies; *exact 0 when the text
 * form would not give them back as stored). */
static int items_of(const struct pr_record *r, const char *set, struct tui_lines *it, int *exact)
{
    *exact = 1;
    it->v = NULL;
    it->n = 0;
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
    int rc = add_field(m, set, -1, buf);
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
static int modify_fields(struct form *m)
{
    const struct pr_record *r;
    size_t nr = pr_edit_base_records(m->base, &r);
    int rc = 0;
    for (size_t k = 0; modify_sets[k] && !rc; k++) {
        const char *set = modify_sets[k];
        struct tui_lines first, other;
        int exact, ex;
        if (items_of(&r[0], set, &first, &exact))
            return -1;
        for (size_t i = 0; i < first.n && !rc; i++)
            if (!(rc = add_field(m, set, -1, first.v[i])) && !exact)
                m->f[m->n - 1].readonly = RO_INEXACT;
        if (!rc && list_set(set))
            rc = insert_field(m, m->n, !strcmp(set, "note") ? "add note" : "add contact", set,
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
    const char *v = value_of(m, label);
    return *v ? v : NULL;
}

/* The assignment the assign form describes; 0, or -1 with m->problem set. */
static int fill_assign(struct form *m, struct pr_assign *a)
{
    const char *port = value_of(m, "port");
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
    a->name = value_of(m, "name");
    a->protocols = value_of(m, "transport");
    a->description = value_of(m, "description");
    a->assignee = value_of(m, "assignee");
    a->contact = opt_value(m, "contact");
    a->reference = opt_value(m, "reference");
    a->justification = opt_value(m, "justification");
    a->security = opt_value(m, "security");
    a->note = opt_value(m, "note");
    a->reason = opt_value(m, "reason");
    return 0;
}

static void wrap_findings(struct tui_view *v, int width)
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
static void review(struct tui_view *v)
{
    struct form *m = F(v);
    struct pr_assign a;
    pr_error err = {0};
    pr_findings_release(&m->findings);
    pr_findings_init(&m->findings);
    m->problem[0] = 0;
    if (m->kind != TUI_FORM_ASSIGN)
        return;
    if (fill_assign(m, &a)) {
        wrap_findings(v, COLS);
        return;
    }
    int rc = pr_edit_review_assign(v->t->store, &a, &m->findings, &err);
    if (rc && rc != PR_EREFUSED)
        snprintf(m->problem, sizeof m->problem, "%s", err.msg);
    wrap_findings(v, COLS);
}

static int form_open(struct tui_view *v, const void *argp)
{
    struct form *m = F(v);
    const struct tui_form_arg *arg = argp;
    pr_error err = {0};
    int rc = 0;

    /* one form at a time: saving one closes the views above the list */
    for (int i = 0; i < v->t->depth; i++)
        if (v->t->stack[i]->ops == &tui_view_form) {
            tui_message(v->t, "a form is open already: save it or leave it first");
            return -1;
        }
    m->arg = *arg;
    m->arg.row = NULL; /* the caller's: read here only */
    m->kind = arg->kind;
    pr_findings_init(&m->findings);
    if (arg->kind == TUI_FORM_MODIFY || arg->kind == TUI_FORM_DEASSIGN) {
        if (!arg->row || !*arg->row->name) {
            tui_message(v->t, "only a named service can be %s",
                        arg->kind == TUI_FORM_MODIFY ? "edited" : "de-assigned");
            return -1;
        }
        if (pr_edit_base_load(v->t->store, arg->row->name, NULL, &m->base, &err)) {
            tui_message(v->t, "cannot read '%s': %s", arg->row->name, err.msg);
            return -1;
        }
        snprintf(m->service, sizeof m->service, "%s", pr_edit_base_name(m->base));
    }
    switch (arg->kind) {
    case TUI_FORM_MODIFY:
        snprintf(m->title, sizeof m->title, "edit %s: every record of the service (RFC 6335 §8.6)",
                 m->service);
        rc = modify_fields(m);
        break;
    case TUI_FORM_ASSIGN:
        snprintf(m->title, sizeof m->title, "assign a service name and port (RFC 6335 §8.1)");
        rc = add_field(m, "name", PR_REQ_SERVICE_NAME, "") ||
             add_field(m, "transport", PR_REQ_TRANSPORT, "tcp") ||
             add_field(m, "port", PR_REQ_PORT, "any") ||
             add_field(m, "description", PR_REQ_DESCRIPTION, "") ||
             add_field(m, "assignee", PR_REQ_ASSIGNEE, "") ||
             add_field(m, "contact", PR_REQ_CONTACT, "") ||
             add_field(m, "reference", PR_REQ_REFERENCE, "") ||
             add_field(m, "justification", PR_REQ_JUSTIFICATION, "") ||
             add_field(m, "security", PR_REQ_SECURITY, "") ||
             add_field(m, "note", PR_REQ_NOTES, "") || add_field(m, "reason", -1, "");
        if (!rc)
            review(v);
        break;
    case TUI_FORM_DEASSIGN:
        snprintf(m->title, sizeof m->title,
                 "de-assign %s: its ports become Reserved (RFC 6335 §8.2)", m->service);
        rc = add_field(m, "reason", -1, "");
        break;
    case TUI_FORM_REJECT:
        snprintf(m->title, sizeof m->title, "reject the request for %s",
                 pr_request_name(arg->req));
        rc = add_field(m, "reason", -1, "");
        break;
    }
    if (rc) {
        tui_message(v->t, "out of memory");
        return -1;
    }
    return 0;
}

static int asking(struct tui_view *v)
{
    return F(v)->asking && v->t->confirm[0] && v->t->confirm_ud == v;
}

/* The lines under the fields: the changes while the save question is
 * open, or the conflict met. */
static int showing_notes(struct tui_view *v)
{
    return asking(v) || F(v)->conflicted || F(v)->failed;
}

static long form_rows(struct tui_view *v)
{
    struct form *m = F(v);
    long n = 1 + m->n; /* title, fields */
    if (m->kind == TUI_FORM_ASSIGN)
        n += 2 + (long)m->flines.n;
    if (showing_notes(v))
        n += 1 + (long)m->notes.n;
    return n;
}

static void draw_field(struct tui_view *v, int i, int y, int width)
{
    struct form *m = F(v);
    struct tui *t = v->t;
    struct field *f = &m->f[i];
    int sel = i == m->sel, x = LABEL_W + 5;
    attrset(sel ? tui_attr(t, TUI_S_SELECTED) : A_NORMAL);
    tui_put(y, 0, "", width, 1);
    tui_put(y, 1, sel ? ">" : " ", 1, 0);
    tui_put(y, 3, f->label, LABEL_W - 1, 0);
    tui_put(y, LABEL_W + 3, changed(f) || (sel && m->editing) ? "*" : " ", 1, 0);
    if (sel && m->editing) {
        attrset(A_NORMAL);
        t->cursor_y = y;
        t->cursor_x = tui_edit_draw(&m->ed, y, x, width - x - 1);
    } else {
        if (f->readonly) /* shown, not edited here */
            attrset(sel ? tui_attr(t, TUI_S_SELECTED) | A_DIM : tui_attr(t, TUI_S_DIM));
        tui_put_clip(y, x, f->value, width - x - 1);
    }
    attrset(A_NORMAL);
}

static void form_draw_row(struct tui_view *v, long row, int y, int width, int selected)
{
    struct form *m = F(v);
    const struct tui *t = v->t;
    (void)selected;
    if (row == 0) {
        attrset(tui_attr(t, TUI_S_LABEL));
        tui_put(y, 1, m->title, width - 2, 0);
        attrset(A_NORMAL);
        return;
    }
    long i = row - 1;
    if (i < m->n) {
        draw_field(v, (int)i, y, width);
        return;
    }
    i -= m->n;
    if (m->kind == TUI_FORM_ASSIGN) {
        if (i == 1) {
            char buf[128];
            snprintf(buf, sizeof buf, "review: %s",
                     m->problem[0] ? "incomplete"
                                   : pr_findings_verdict(&m->findings, 0, m->findings.n));
            attrset(A_BOLD);
            tui_put(y, 1, buf, width - 2, 0);
            attrset(A_NORMAL);
        }
        if (i >= 2 && i - 2 < (long)m->flines.n) {
            const char *line = m->flines.v[i - 2];
            attrset(tui_attr(t, !strncmp(line, "reject", 6) ? TUI_S_RESERVED
                                : !strncmp(line, "warn", 4) ? TUI_S_LABEL
                                : line[0] == ' ' ? TUI_S_DIM : TUI_S_NORMAL));
            tui_put(y, 3, line, width - 4, 0);
            attrset(A_NORMAL);
        }
        if (i < 2 + (long)m->flines.n)
            return;
        i -= 2 + (long)m->flines.n;
    }
    if (i >= 1 && i - 1 < (long)m->notes.n) {
        const char *line = m->notes.v[i - 1];
        attrset(line[0] != ' ' ? A_BOLD : A_NORMAL);
        tui_put(y, 1, line, width - 2, 0);
        attrset(A_NORMAL);
    }
}

static int form_dirty(struct tui_view *v)
{
    struct form *m = F(v);
    for (int i = 0; i < m->n; i++)
        if (changed(&m->f[i]))
            return 1;
    return m->editing && strcmp(tui_edit_text(&m->ed), m->f[m->sel].value);
}

static void form_status(struct tui_view *v, char *buf, size_t len)
{
    struct form *m = F(v);
    const char *state = form_dirty(v) ? "unsaved | " : "";
    if (m->conflicted)
        snprintf(buf, len, "changed elsewhere, Ctrl-R reloads | F2 saves, Esc cancels");
    else if (m->n && m->f[m->sel].readonly)
        snprintf(buf, len, "%sread-only: %s", state,
                 m->f[m->sel].readonly == RO_DIFFERS ? "this record's own value"
                                                     : "the CLI edits it");
    else if (m->editing)
        snprintf(buf, len, "%sediting: Enter keeps, Esc undoes, F2 saves", state);
    else
        snprintf(buf, len, "%sEnter or typing edits, F2 saves, Esc cancels", state);
}

/* ---- the save question and the conflict, as lines under the fields ---- */

/* "   MARK TEXT" wrapped under TEXT, at most PREVIEW_LINES lines, from
 * byte skip on ("…" then). */
static void preview(struct tui_lines *out, const char *mark, const char *text, size_t skip,
                    int width)
{
    struct tui_lines l = {NULL, 0};
    size_t n = strlen(mark) + strlen(text) + 64;
    int indent = 4 + tui_width(mark);
    char *line = malloc(n);
    if (!line)
        return;
    snprintf(line, n, "   %s %s%s", mark, skip ? "…" : "", *text ? text + skip : "(empty)");
    tui_lines_wrap(&l, line, width, indent);
    for (size_t i = 0; i < l.n && i < PREVIEW_LINES; i++)
        tui_lines_add(out, l.v[i]);
    if (l.n > PREVIEW_LINES) {
        snprintf(line, n, "%*s… (%zu more lines)", indent, "", l.n - PREVIEW_LINES);
        tui_lines_add(out, line);
    }
    free(line);
    tui_lines_clear(&l);
}

/* Where to start showing two long values so that their first difference
 * shows: a little before it, at a space. */
static size_t common_start(const char *a, const char *b)
{
    size_t p = 0;
    while (a[p] && a[p] == b[p])
        p++;
    if (p < 60)
        return 0;
    p -= 40;
    while (p > 0 && a[p - 1] != ' ')
        p--;
    return p;
}

/* The changed fields, before -> after; returns how many. */
static int changes_lines(struct tui_view *v)
{
    struct form *m = F(v);
    int n = 0, width = COLS - 3;
    char head[200];
    tui_lines_clear(&m->notes);
    for (int i = 0; i < m->n; i++) {
        struct field *f = &m->f[i];
        if (m->kind == TUI_FORM_MODIFY ? !changed(f) : !*f->value)
            continue;
        snprintf(head, sizeof head, "%s:", f->label);
        tui_lines_add(&m->notes, head);
        size_t skip = m->kind == TUI_FORM_MODIFY ? common_start(f->initial, f->value) : 0;
        if (m->kind == TUI_FORM_MODIFY)
            preview(&m->notes, " ", f->initial, skip, width);
        preview(&m->notes, m->kind == TUI_FORM_MODIFY ? "→" : " ", f->value, skip, width);
        n++;
    }
    /* the records' own values that the change replaces as well */
    for (int i = 0; i < m->n; i++) {
        const struct field *f = &m->f[i];
        int hit = 0;
        for (int j = 0; j < m->n && f->readonly == RO_DIFFERS && !hit; j++)
            hit = !m->f[j].readonly && !strcmp(m->f[j].set, f->set) && changed(&m->f[j]);
        if (!hit)
            continue;
        snprintf(head, sizeof head, "%s of %s, replaced too:", f->set, f->label + 2);
        tui_lines_add(&m->notes, head);
        preview(&m->notes, " ", f->value, 0, width);
    }
    return n;
}

static void conflict_lines(struct tui_view *v, const struct pr_edit_conflict *c)
{
    struct form *m = F(v);
    char buf[1200];
    tui_lines_clear(&m->notes);
    if (c->change_id)
        snprintf(buf, sizeof buf, "%s was changed by %s at %s since this form opened (change "
                 "%lld: %s)", m->service, c->author, c->at, c->change_id, c->summary);
    else
        snprintf(buf, sizeof buf, "%s was changed outside the history since this form opened",
                 m->service);
    tui_lines_wrap(&m->notes, buf, COLS - 3, 2);
    snprintf(buf, sizeof buf, "  changed: %s", c->fields);
    tui_lines_wrap(&m->notes, buf, COLS - 3, 11);
    tui_lines_wrap(&m->notes, "  Nothing was saved.  Ctrl-R reloads what is stored now and "
                   "keeps your edits (marked *).", COLS - 3, 2);
}

static void saved(struct tui *t, const struct pr_edit_result *res, const char *query)
{
    char msg[600], q[128];
    if (res->unchanged) /* "'imap' already has that description" */
        snprintf(msg, sizeof msg, "nothing to save: %s", res->summary);
    else
        snprintf(msg, sizeof msg, "saved: %s (change %lld)", res->summary, res->change_id);
    snprintf(q, sizeof q, "%s", query);
    tui_reload(t, q, 1); /* closes the form */
    tui_message(t, "%s", msg);
}

/* Another writer changed the service: say so, offer to reload. */
static void reload(struct tui *t, void *ud);
static void show_notes(struct tui_view *v);
static void conflict(struct tui_view *v, const struct pr_edit_conflict *c)
{
    struct form *m = F(v);
    m->conflicted = 1;
    conflict_lines(v, c);
    show_notes(v);
    tui_confirm(v->t, reload, v, "not saved: %s changed meanwhile; reload it, keeping your "
                "edits? (y/n)", m->service);
}

/* The k-th field labelled label (readonly ones too), or -1. */
static int nth_field(const struct form *m, const char *label, int k)
{
    for (int i = 0; i < m->n; i++)
        if (!strcmp(m->f[i].label, label) && !k--)
            return i;
    return -1;
}

/* What is stored now becomes what the form started from; the fields the
 * user changed keep their text (the k-th contact edited: the k-th contact
 * now, or a field of its own when there is none). */
static void reload(struct tui *t, void *ud)
{
    struct tui_view *v = ud;
    struct form *m = F(v);
    pr_edit_base *base = NULL;
    pr_error err = {0};
    if (!m->base)
        return;
    if (pr_edit_base_load(t->store, m->service, NULL, &base, &err)) {
        tui_message(t, "cannot reload %s: %s", m->service, err.msg);
        return;
    }
    pr_edit_base_free(m->base);
    m->base = base;
    m->conflicted = 0;
    tui_lines_clear(&m->notes);
    if (m->kind == TUI_FORM_MODIFY) {
        struct field *old = m->f;
        int n_old = m->n, lost = 0;
        m->f = NULL;
        m->n = m->cap = 0;
        if (modify_fields(m)) {
            free_fields(m->f, m->n);
            m->f = old;
            m->n = m->cap = n_old;
            tui_message(t, "out of memory: the form is as it was");
            return;
        }
        for (int i = 0; i < n_old; i++) {
            struct field *o = &old[i];
            if (!changed(o))
                continue;
            int k = 0;
            for (int j = 0; j < i; j++)
                k += !strcmp(old[j].label, o->label);
            int at = nth_field(m, o->label, k);
            if (at < 0 || m->f[at].readonly) {
                /* no such field now: one of its own, after its kind */
                int pos = m->n;
                for (int j = 0; j < m->n; j++)
                    if (!strcmp(m->f[j].set, o->set))
                        pos = j + 1;
                lost |= at >= 0;
                if (at >= 0 || insert_field(m, pos, o->label, o->set, -1, "")) {
                    lost = 1;
                    continue;
                }
                at = pos;
            }
            free(m->f[at].value);
            m->f[at].value = o->value;
            o->value = NULL;
        }
        free_fields(old, n_old);
        if (m->sel >= m->n)
            m->sel = m->n - 1;
        m->editing = 0;
        if (lost) {
            tui_message(t, "reloaded %s: some edits are on fields that now differ between the "
                        "records (read-only) and were dropped", m->service);
            return;
        }
    }
    tui_message(t, "reloaded %s as stored now; your edits are kept (marked *)", m->service);
}

static char *set_item(const char *set, const char *value)
{
    size_t len = strlen(set) + strlen(value) + 2;
    char *s = malloc(len);
    if (s)
        snprintf(s, len, "%s=%s", set, value);
    return s;
}

/* modify's FIELD=VALUE for field set when the user changed it: a list
 * (contact, note) whole, its empty items left out, so that the items not
 * edited stay; read-only fields never. */
static int add_sets(struct form *m, const char *set, char **sets, size_t *n, pr_error *err)
{
    int any = 0, items = 0;
    for (int i = 0; i < m->n; i++)
        any |= !m->f[i].readonly && !strcmp(m->f[i].set, set) && changed(&m->f[i]);
    if (!any)
        return 0;
    for (int i = 0; i < m->n; i++) {
        const struct field *f = &m->f[i];
        if (f->readonly || strcmp(f->set, set) || (list_set(set) && !*f->value))
            continue;
        if (!(sets[(*n)++] = set_item(set, f->value)))
            return pr_error_set(err, PR_ENOMEM, "out of memory");
        items++;
    }
    if (!items && !(sets[(*n)++] = set_item(set, ""))) /* note=: none */
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return 0;
}

/* The question was answered y: save. */
static void do_save(struct tui *t, void *ud)
{
    struct tui_view *v = ud;
    struct form *m = F(v);
    struct pr_edit_result res;
    struct pr_edit_conflict c;
    pr_error err = {0};
    int rc = 0;

    m->asking = 0;
    switch (m->kind) {
    case TUI_FORM_MODIFY: {
        char **sets = calloc((size_t)m->n + 8, sizeof *sets);
        size_t n = 0;
        if (!sets)
            rc = pr_error_set(&err, PR_ENOMEM, "out of memory");
        for (size_t k = 0; !rc && modify_sets[k]; k++)
            rc = add_sets(m, modify_sets[k], sets, &n, &err);
        if (!rc)
            rc = pr_edit_modify_matching(t->store, m->base, (const char *const *)sets, n, &c,
                                         &res, &err);
        for (size_t i = 0; i < n; i++)
            free(sets[i]);
        free(sets);
        break;
    }
    case TUI_FORM_ASSIGN: {
        struct pr_assign a;
        if (fill_assign(m, &a)) {
            tui_message(t, "not saved: %s", m->problem);
            return;
        }
        a.review = &m->findings; /* as shown: judged, not re-run */
        rc = pr_edit_assign(t->store, &a, &res, &err);
        break;
    }
    case TUI_FORM_DEASSIGN:
        rc = pr_edit_deassign_matching(t->store, m->base, value_of(m, "reason"), &c, &res, &err);
        break;
    case TUI_FORM_REJECT: {
        long long id;
        const struct pr_request *req = m->arg.req;
        char reason[200];
        snprintf(reason, sizeof reason, "%s", value_of(m, "reason"));
        if (pr_review_log(t->store, req, "reject", value_of(m, "reason"), &id, &err)) {
            tui_message(t, "not saved: %s", err.msg);
            return;
        }
        tui_pop(t); /* frees v and m */
        tui_message(t, "rejected %s: %s%s (change %lld)", pr_request_name(req), reason,
                    strlen(reason) == sizeof reason - 1 ? "…" : "", id);
        return;
    }
    }
    if (rc == PR_ECONFLICT) {
        conflict(v, &c);
    } else if (rc) {
        /* the field the message is about (pr_error.field) is selected;
         * the library's "protocol" is this form's "transport" */
        for (int i = 0; err.field[0] && i < m->n; i++)
            if (!strcmp(m->f[i].label, err.field) ||
                (!strcmp(err.field, "protocol") && !strcmp(m->f[i].label, "transport")))
                m->sel = i;
        /* the whole message, wrapped under the fields */
        char buf[sizeof err.msg + 16];
        snprintf(buf, sizeof buf, "not saved: %s", err.msg);
        tui_lines_clear(&m->notes);
        tui_lines_wrap(&m->notes, buf, COLS - 3, 2);
        tui_lines_wrap(&m->notes, "  Nothing was written; the form keeps your edits: F2 saves "
                       "again.", COLS - 3, 2);
        m->failed = 1;
        show_notes(v);
        tui_message(t, "%s", buf);
    } else
        saved(t, &res, m->kind == TUI_FORM_ASSIGN ? value_of(m, "name") : m->service);
}

/* F2, Ctrl-S: show what would be saved and ask. */
static void save(struct tui_view *v)
{
    struct form *m = F(v);
    struct tui *t = v->t;
    int n = changes_lines(v);
    m->conflicted = 0;
    switch (m->kind) {
    case TUI_FORM_MODIFY:
        if (!n) {
            tui_message(t, "nothing changed");
            return;
        }
        tui_confirm(t, do_save, v, "save %d change%s to every record of %s? (y/n)", n,
                    n == 1 ? "" : "s", m->service);
        break;
    case TUI_FORM_ASSIGN:
        review(v);
        if (m->problem[0]) {
            tui_message(t, "not saved: %s", m->problem);
            return;
        }
        if (pr_findings_worst(&m->findings, 0, m->findings.n) == PR_SEV_REJECT) {
            tui_message(t, "not saved: the review rejects this request (see the findings)");
            return;
        }
        tui_confirm(t, do_save, v, "assign %s as shown? (y/n)", value_of(m, "name"));
        break;
    case TUI_FORM_DEASSIGN:
        tui_confirm(t, do_save, v, "de-assign '%s' on every port? (y/n)", m->service);
        break;
    case TUI_FORM_REJECT:
        if (!*value_of(m, "reason")) {
            tui_message(t, "a rejection needs a reason");
            return;
        }
        tui_confirm(t, do_save, v, "reject %s with this reason? (y/n)",
                    pr_request_name(m->arg.req));
        break;
    }
    m->asking = 1;
}

/* ---- keys ---- */

static void start_editing(struct tui_view *v)
{
    struct form *m = F(v);
    const struct field *f = &m->f[m->sel];
    if (f->readonly == RO_DIFFERS)
        tui_message(v->t, "%s has its own %s: a change of the %s above replaces it too; "
                    "portreg modify %s --protocol P edits one record", f->label + 2, f->set,
                    f->set, m->service);
    else if (f->readonly)
        tui_message(v->t, "read-only: as text these references would not come back as "
                    "stored (portreg modify --set reference=... replaces them all)");
    else if (!tui_edit_set(&m->ed, f->value))
        m->editing = 1;
}

/* The text edited becomes the field's value. */
static int keep(struct tui_view *v)
{
    struct form *m = F(v);
    char *s = strdup(tui_edit_text(&m->ed));
    if (!s) {
        tui_message(v->t, "out of memory: the field is still being edited");
        return -1;
    }
    struct field *f = &m->f[m->sel];
    free(f->value);
    f->value = s;
    m->editing = 0;
    if (!strncmp(f->label, "add ", 4) && *s && m->kind == TUI_FORM_MODIFY) {
        /* "add contact" filled: a contact, and another "add contact" */
        const char *label = f->label;
        f->label = f->set;
        if (insert_field(m, m->sel + 1, label, f->set, -1, ""))
            tui_message(v->t, "out of memory: no further field to add one");
    }
    review(v);
    return 0;
}

static void move_sel(struct form *m, int by)
{
    m->sel += by;
    if (m->sel < 0)
        m->sel = 0;
    if (m->sel >= m->n)
        m->sel = m->n - 1;
}

/* Scroll so that the selected field shows (the title too when it can). */
static void show_sel(struct tui_view *v)
{
    struct form *m = F(v);
    long row = 1 + m->sel, h = tui_body_height();
    if (row < v->cur + 1)
        v->cur = row - 1;
    if (row >= v->cur + h)
        v->cur = row - h + 1;
}

static int form_key(struct tui_view *v, int key, enum tui_action a)
{
    struct form *m = F(v);
    m->asking = 0; /* a key after the question: answered */
    m->failed = 0;
    if (m->editing) {
        switch (tui_key_context("form", key)) {
        case TUI_A_OPEN:
            keep(v);
            break;
        case TUI_A_NEXT:
            if (!keep(v))
                move_sel(m, 1);
            break;
        case TUI_A_PREV:
            if (!keep(v))
                move_sel(m, -1);
            break;
        case TUI_A_SAVE:
            if (!keep(v))
                save(v);
            break;
        case TUI_A_RELOAD:
            if (!keep(v))
                reload(v->t, v);
            break;
        case TUI_A_BACK:
            m->editing = 0; /* the field as it was */
            break;
        default:
            /* text, or an editing key; F1, Ctrl-L: the global keymap */
            if (tui_edit_key(&m->ed, key) == TUI_EDIT_NONE && !tui_edit_printable(key))
                return TUI_IGNORED;
            break;
        }
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (tui_edit_printable(key) || tui_key_context("edit", key) != TUI_A_NONE) {
        /* typing on a field edits it: never a command */
        start_editing(v);
        if (m->editing)
            tui_edit_key(&m->ed, key);
        return TUI_HANDLED | TUI_REDRAW;
    }
    switch (a) {
    case TUI_A_OPEN:
        start_editing(v);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_SAVE:
        save(v);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_RELOAD:
        if (m->base)
            reload(v->t, v);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_NEXT:
        move_sel(m, 1);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_PREV:
        move_sel(m, -1);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_HOME: case TUI_A_END: case TUI_A_PGUP: case TUI_A_PGDN:
        return TUI_HANDLED;
    default:
        return TUI_IGNORED; /* Esc, F1, Ctrl-L: the global keymap */
    }
}

/* Scroll a form taller than the screen to the lines under its fields
 * (the changes asked about, the conflict, why a save failed). */
static void show_notes(struct tui_view *v)
{
    long rows = form_rows(v), h = tui_body_height();
    if (rows > v->cur + h)
        v->cur = rows - h;
}

static int form_handle(struct tui_view *v, int key, enum tui_action a)
{
    int r = form_key(v, key, a);
    if (v->t->stack[v->t->depth - 1] != v) /* closed */
        return r;
    show_sel(v);
    if (showing_notes(v))
        show_notes(v);
    return r;
}

static void form_resize(struct tui_view *v, int width)
{
    struct form *m = F(v);
    if (m->kind == TUI_FORM_ASSIGN)
        wrap_findings(v, width);
    if (asking(v))
        changes_lines(v);
}

/* Another process changed the registry: has it changed what the form
 * started from?  Say so now rather than at the save. */
static void form_refresh(struct tui_view *v, const pr_rows *old)
{
    struct form *m = F(v);
    struct pr_edit_conflict c;
    pr_error err = {0};
    (void)old;
    if (m->kind == TUI_FORM_ASSIGN)
        review(v); /* the port may be taken now */
    if (!m->base || m->conflicted)
        return;
    if (pr_edit_base_check(v->t->store, m->base, &c, &err) == PR_ECONFLICT) {
        m->conflicted = 1;
        conflict_lines(v, &c);
        tui_message(v->t, "%s was changed by another process: Ctrl-R reloads it", m->service);
    }
}

static void form_close(struct tui_view *v)
{
    struct form *m = F(v);
    struct tui *t = v->t;
    if (t->confirm_ud == v) {
        t->confirm[0] = 0;
        t->confirm_fn = NULL;
        t->confirm_ud = NULL;
    }
    free_fields(m->f, m->n);
    tui_edit_release(&m->ed);
    pr_edit_base_free(m->base);
    tui_lines_clear(&m->notes);
    pr_findings_release(&m->findings);
    tui_lines_clear(&m->flines);
}

const struct tui_view_ops tui_view_form = {
    .name = "form",
    .private_size = sizeof(struct form),
    .cursor = 0, /* the cursor is on fields, drawn by the form */
    .open = form_open,
    .rows = form_rows,
    .draw_row = form_draw_row,
    .status = form_status,
    .handle = form_handle,
    .dirty = form_dirty,
    .resize = form_resize,
    .reread = form_refresh,
    .close = form_close,
};
