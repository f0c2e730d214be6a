/* view_form.c - the forms: edit a service (RFC 6335 §8.6, pr_edit_modify),
 * assign a new one (§8.1, pr_edit_assign) with the rules engine's findings
 * shown as the fields change, de-assign one (§8.2, pr_edit_deassign), and
 * reject a reviewed request with a reason.  Enter edits the selected field
 * on the bottom line; `s` saves, which is one recorded change. */
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

#define MAX_FIELDS 12
#define VALUE_MAX 400
#define LABEL_W 14

struct field {
    const char *label;
    int req_field; /* enum pr_req_field for the review, or -1 */
    char value[VALUE_MAX], initial[VALUE_MAX];
};

struct form {
    int kind; /* enum tui_form_kind */
    char title[200];
    char service[128];
    struct field f[MAX_FIELDS];
    int n;
    int sel;     /* the selected field */
    int editing; /* on the bottom line */
    char buf[VALUE_MAX];
    struct pr_findings findings;
    struct tui_lines flines; /* the findings as lines for the width */
    char problem[600]; /* the request cannot be reviewed as it stands */
    struct tui_form_arg arg;
};

static struct form *F(struct tui_view *v)
{
    return v->priv;
}

static void add_field(struct form *m, const char *label, int req_field, const char *value)
{
    struct field *f = &m->f[m->n++];
    f->label = label;
    f->req_field = req_field;
    snprintf(f->value, sizeof f->value, "%s", value ? value : "");
    memcpy(f->initial, f->value, sizeof f->initial);
}

static const char *value_of(struct form *m, const char *label)
{
    for (int i = 0; i < m->n; i++)
        if (!strcmp(m->f[i].label, label))
            return m->f[i].value;
    return "";
}

/* The first record of the row, for the values an edit starts from. */
static int first_record(struct tui_view *v, const struct pr_row *row, struct pr_record *r)
{
    pr_error err = {0};
    pr_record_init(r);
    if (!row || !row->n_ids || pr_store_get_record(v->t->store, row->ids[0], r, &err)) {
        tui_message(v->t, "cannot read the record: %s", err.msg);
        return -1;
    }
    return 0;
}

/* "RFC9110, draft-foo" from the record's references. */
static void references(const struct pr_record *r, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < r->n_xrefs && o < len; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        const char *val = x->data ? x->data : x->text;
        if (x->role != PR_ROLE_REF || !strcmp(x->type, "person") || !strcmp(x->type, "note") ||
            !val)
            continue;
        int rfc = !strcmp(x->type, "rfc") && !strncmp(val, "rfc", 3);
        o += (size_t)snprintf(buf + o, len - o, "%s%s%s", o ? ", " : "", rfc ? "RFC" : "",
                              rfc ? val + 3 : val);
    }
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
                 "port: '%s' is not a number, 'any', 'system' or 'none'", port);
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
    struct pr_record r;
    char refs[VALUE_MAX];
    const char *ids[4];

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
        snprintf(m->service, sizeof m->service, "%s", arg->row->name);
    }
    switch (arg->kind) {
    case TUI_FORM_MODIFY:
        if (first_record(v, arg->row, &r))
            return -1;
        snprintf(m->title, sizeof m->title, "edit %s: every record of the service (RFC 6335 §8.6)",
                 m->service);
        add_field(m, "description", -1, r.description);
        add_field(m, "contact", -1, pr_record_contacts(&r, ids, 4) ? ids[0] : "");
        references(&r, refs, sizeof refs);
        add_field(m, "reference", -1, refs);
        add_field(m, "note", -1, r.n_notes ? r.notes[0].text : "");
        add_field(m, "unauthorized", -1, r.unauthorized);
        pr_record_release(&r);
        break;
    case TUI_FORM_ASSIGN:
        snprintf(m->title, sizeof m->title, "assign a service name and port (RFC 6335 §8.1)");
        add_field(m, "name", PR_REQ_SERVICE_NAME, "");
        add_field(m, "transport", PR_REQ_TRANSPORT, "tcp");
        add_field(m, "port", PR_REQ_PORT, "any");
        add_field(m, "description", PR_REQ_DESCRIPTION, "");
        add_field(m, "assignee", PR_REQ_ASSIGNEE, "");
        add_field(m, "contact", PR_REQ_CONTACT, "");
        add_field(m, "reference", PR_REQ_REFERENCE, "");
        add_field(m, "justification", PR_REQ_JUSTIFICATION, "");
        add_field(m, "security", PR_REQ_SECURITY, "");
        add_field(m, "note", PR_REQ_NOTES, "");
        add_field(m, "reason", -1, "");
        review(v);
        break;
    case TUI_FORM_DEASSIGN:
        snprintf(m->title, sizeof m->title,
                 "de-assign %s: its ports become Reserved (RFC 6335 §8.2)", m->service);
        add_field(m, "reason", -1, "");
        break;
    case TUI_FORM_REJECT:
        snprintf(m->title, sizeof m->title, "reject the request for %s",
                 pr_request_name(arg->req));
        add_field(m, "reason", -1, "");
        break;
    }
    return 0;
}

static long form_rows(struct tui_view *v)
{
    struct form *m = F(v);
    long n = 1 + m->n; /* title, fields */
    if (m->kind == TUI_FORM_ASSIGN)
        n += 2 + (long)m->flines.n;
    return n;
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
        struct field *f = &m->f[i];
        int sel = i == m->sel;
        attrset(sel ? tui_attr(t, TUI_S_SELECTED) : A_NORMAL);
        tui_put(y, 0, "", width, 1);
        tui_put(y, 1, sel ? ">" : " ", 1, 0);
        tui_put(y, 3, f->label, LABEL_W - 1, 0);
        tui_put(y, LABEL_W + 3, strcmp(f->value, f->initial) ? "*" : " ", 1, 0);
        tui_put(y, LABEL_W + 5, sel && m->editing ? m->buf : f->value, width - LABEL_W - 6, 0);
        attrset(A_NORMAL);
        return;
    }
    i -= m->n;
    if (i == 0)
        return;
    if (i == 1) {
        char buf[128];
        snprintf(buf, sizeof buf, "review: %s",
                 m->problem[0] ? "incomplete" : pr_findings_verdict(&m->findings, 0, m->findings.n));
        attrset(A_BOLD);
        tui_put(y, 1, buf, width - 2, 0);
        attrset(A_NORMAL);
        return;
    }
    i -= 2;
    const char *line = m->flines.v[i];
    attrset(tui_attr(t, !strncmp(line, "reject", 6) ? TUI_S_RESERVED
                        : !strncmp(line, "warn", 4) ? TUI_S_LABEL
                        : line[0] == ' ' ? TUI_S_DIM : TUI_S_NORMAL));
    tui_put(y, 3, line, width - 4, 0);
    attrset(A_NORMAL);
}

static int form_dirty(struct tui_view *v)
{
    struct form *m = F(v);
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->f[i].value, m->f[i].initial))
            return 1;
    return m->editing;
}

static void form_status(struct tui_view *v, char *buf, size_t len)
{
    snprintf(buf, len, "%sEnter edits, s saves, Esc cancels", form_dirty(v) ? "unsaved | " : "");
}

static void saved(struct tui *t, const struct pr_edit_result *res, const char *query)
{
    char msg[600];
    snprintf(msg, sizeof msg, "saved: %s (change %lld)", res->summary, res->change_id);
    tui_reload(t, query, 1);
    tui_message(t, "%s", msg);
}

static void save_deassign(struct tui *t, void *ud)
{
    struct tui_view *v = ud;
    struct form *m = F(v);
    struct pr_edit_result res;
    pr_error err = {0};
    char name[128];
    snprintf(name, sizeof name, "%s", m->service);
    if (pr_edit_deassign(t->store, name, NULL, value_of(m, "reason"), &res, &err))
        tui_message(t, "not saved: %s", err.msg);
    else
        saved(t, &res, name);
}

static void save(struct tui_view *v)
{
    struct form *m = F(v);
    struct tui *t = v->t;
    struct pr_edit_result res;
    pr_error err = {0};
    char name[128];

    switch (m->kind) {
    case TUI_FORM_MODIFY: {
        char sets[MAX_FIELDS][VALUE_MAX + 32];
        const char *p[MAX_FIELDS];
        size_t n = 0;
        for (int i = 0; i < m->n; i++)
            if (strcmp(m->f[i].value, m->f[i].initial)) {
                snprintf(sets[n], sizeof sets[n], "%s=%s", m->f[i].label, m->f[i].value);
                p[n] = sets[n];
                n++;
            }
        if (!n) {
            tui_message(t, "nothing changed");
            return;
        }
        snprintf(name, sizeof name, "%s", m->service);
        if (pr_edit_modify(t->store, name, NULL, p, n, &res, &err))
            tui_message(t, "not saved: %s", err.msg);
        else
            saved(t, &res, name);
        return;
    }
    case TUI_FORM_ASSIGN: {
        struct pr_assign a;
        review(v);
        if (m->problem[0] || fill_assign(m, &a)) {
            tui_message(t, "not saved: %s", m->problem);
            return;
        }
        if (pr_findings_worst(&m->findings, 0, m->findings.n) == PR_SEV_REJECT) {
            tui_message(t, "not saved: the review rejects this request (see the findings)");
            return;
        }
        a.reviewed = 1;
        snprintf(name, sizeof name, "%s", a.name);
        if (pr_edit_assign(t->store, &a, &res, &err))
            tui_message(t, "not saved: %s", err.msg);
        else
            saved(t, &res, name);
        return;
    }
    case TUI_FORM_DEASSIGN:
        tui_confirm(t, save_deassign, v, "de-assign '%s' on every port? (y/n)", m->service);
        return;
    case TUI_FORM_REJECT: {
        long long id;
        const char *reason = value_of(m, "reason");
        if (!*reason) {
            tui_message(t, "a rejection needs a reason");
            return;
        }
        if (pr_review_log(t->store, m->arg.req, "reject", reason, &id, &err)) {
            tui_message(t, "not saved: %s", err.msg);
            return;
        }
        if (m->arg.decision)
            snprintf(m->arg.decision, m->arg.decision_size, "rejected (change %lld)", id);
        tui_message(t, "rejected %s: %s", pr_request_name(m->arg.req), reason);
        tui_pop(t); /* frees v */
        return;
    }
    }
}

static void set_prompt(struct tui_view *v)
{
    struct form *m = F(v);
    v->t->prompt_active = m->editing;
    if (m->editing) {
        snprintf(v->t->prompt_label, sizeof v->t->prompt_label, "%s: ", m->f[m->sel].label);
        snprintf(v->t->prompt, sizeof v->t->prompt, "%s", m->buf);
    }
}

static int form_handle(struct tui_view *v, int key, enum tui_action a)
{
    struct form *m = F(v);
    if (m->editing) {
        enum tui_action e = tui_key_context("form", key);
        if (e == TUI_A_OPEN) {
            snprintf(m->f[m->sel].value, sizeof m->f[m->sel].value, "%s", m->buf);
            m->editing = 0;
            review(v);
        } else if (key == 27) {
            m->editing = 0;
        } else {
            tui_line_edit(m->buf, sizeof m->buf, key);
        }
        set_prompt(v);
        return TUI_HANDLED | TUI_REDRAW;
    }
    switch (a) {
    case TUI_A_OPEN:
        m->editing = 1;
        snprintf(m->buf, sizeof m->buf, "%s", m->f[m->sel].value);
        set_prompt(v);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_SAVE:
        save(v); /* may close v */
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_UP:
        m->sel = m->sel > 0 ? m->sel - 1 : 0;
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_DOWN:
        m->sel = m->sel + 1 < m->n ? m->sel + 1 : m->n - 1;
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_HOME: case TUI_A_END: case TUI_A_PGUP: case TUI_A_PGDN:
        return TUI_HANDLED;
    default:
        return TUI_IGNORED;
    }
}

static void form_resize(struct tui_view *v, int width)
{
    if (F(v)->kind == TUI_FORM_ASSIGN)
        wrap_findings(v, width);
}

static void form_close(struct tui_view *v)
{
    v->t->prompt_active = 0;
    pr_findings_release(&F(v)->findings);
    tui_lines_clear(&F(v)->flines);
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
    .close = form_close,
};
