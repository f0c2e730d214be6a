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
#include "form_int.h"

#include "edit.h"
#include "review_log.h"
#include "rules.h"

#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

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
        rc = form_modify_fields(m);
        break;
    case TUI_FORM_ASSIGN:
        snprintf(m->title, sizeof m->title, "assign a service name and port (RFC 6335 §8.1)");
        rc = form_add_field(m, "name", PR_REQ_SERVICE_NAME, "") ||
             form_add_field(m, "transport", PR_REQ_TRANSPORT, "tcp") ||
             form_add_field(m, "port", PR_REQ_PORT, "any") ||
             form_add_field(m, "description", PR_REQ_DESCRIPTION, "") ||
             form_add_field(m, "assignee", PR_REQ_ASSIGNEE, "") ||
             form_add_field(m, "contact", PR_REQ_CONTACT, "") ||
             form_add_field(m, "reference", PR_REQ_REFERENCE, "") ||
             form_add_field(m, "justification", PR_REQ_JUSTIFICATION, "") ||
             form_add_field(m, "security", PR_REQ_SECURITY, "") ||
             form_add_field(m, "note", PR_REQ_NOTES, "") || form_add_field(m, "reason", -1, "");
        if (!rc)
            form_review(v);
        break;
    case TUI_FORM_DEASSIGN:
        snprintf(m->title, sizeof m->title,
                 "de-assign %s: its ports become Reserved (RFC 6335 §8.2)", m->service);
        rc = form_add_field(m, "reason", -1, "");
        break;
    case TUI_FORM_REJECT:
        snprintf(m->title, sizeof m->title, "reject the request for %s",
                 pr_request_name(arg->req));
        rc = form_add_field(m, "reason", -1, "");
        break;
    }
    if (rc) {
        tui_message(v->t, "out of memory");
        return -1;
    }
    return 0;
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
    tui_put(y, LABEL_W + 3, form_changed(f) || (sel && m->editing) ? "*" : " ", 1, 0);
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
        if (form_changed(&m->f[i]))
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
        if (form_insert_field(m, m->sel + 1, label, f->set, -1, ""))
            tui_message(v->t, "out of memory: no further field to add one");
    }
    form_review(v);
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
                form_save(v);
            break;
        case TUI_A_RELOAD:
            if (!keep(v))
                form_reload(v->t, v);
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
        form_save(v);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_RELOAD:
        if (m->base)
            form_reload(v->t, v);
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

static int form_handle(struct tui_view *v, int key, enum tui_action a)
{
    int r = form_key(v, key, a);
    if (v->t->stack[v->t->depth - 1] != v) /* closed */
        return r;
    show_sel(v);
    if (form_showing_notes(v))
        form_show_notes(v);
    return r;
}

static void form_resize(struct tui_view *v, int width)
{
    struct form *m = F(v);
    if (m->kind == TUI_FORM_ASSIGN)
        form_wrap_findings(v, width);
    if (form_asking(v))
        form_changes_lines(v);
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
        form_review(v); /* the port may be taken now */
    if (!m->base || m->conflicted)
        return;
    if (pr_edit_base_check(v->t->store, m->base, &c, &err) == PR_ECONFLICT) {
        m->conflicted = 1;
        form_conflict_lines(v, &c);
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
    form_free_fields(m->f, m->n);
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
