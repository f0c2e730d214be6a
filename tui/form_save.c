/* form_save.c - a form's save (form_int.h): the changes asked about, the
 * save through the library, a conflict with another writer and the
 * reload that keeps the user's edits. */
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

/* ---- the save question and the conflict, as lines under the fields ---- */

/* "   MARK TEXT" wrapped under TEXT, at most PREVIEW_LINES lines, from
 * byte skip on ("…" then). */
static void preview(struct tui_lines *out, const char *mark, const char *text, size_t skip,
                    int width)
{
    struct tui_lines l = {NULL, 0, 0};
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
int form_changes_lines(struct tui_view *v)
{
    struct form *m = F(v);
    int n = 0, width = COLS - 3;
    char head[200];
    tui_lines_clear(&m->notes);
    for (int i = 0; i < m->n; i++) {
        struct field *f = &m->f[i];
        if (m->kind == TUI_FORM_MODIFY ? !form_changed(f) : !*f->value)
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
            hit = !m->f[j].readonly && !strcmp(m->f[j].set, f->set) && form_changed(&m->f[j]);
        if (!hit)
            continue;
        snprintf(head, sizeof head, "%s of %s, replaced too:", f->set, f->label + 2);
        tui_lines_add(&m->notes, head);
        preview(&m->notes, " ", f->value, 0, width);
    }
    return n;
}

void form_conflict_lines(struct tui_view *v, const struct pr_edit_conflict *c)
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
static void conflict(struct tui_view *v, const struct pr_edit_conflict *c)
{
    struct form *m = F(v);
    m->conflicted = 1;
    form_conflict_lines(v, c);
    form_show_notes(v);
    tui_confirm(v->t, form_reload, v, "not saved: %s changed meanwhile; reload it, keeping your "
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

/* The fields the user changed in old (n_old of them) keep their text in
 * the fields made anew: the k-th contact edited is the k-th contact now,
 * or a field of its own when there is none.  1 when an edit was dropped
 * (its field is read-only now, or no memory for one of its own). */
static int keep_edits(struct form *m, struct field *old, int n_old)
{
    int lost = 0;
    for (int i = 0; i < n_old; i++) {
        struct field *o = &old[i];
        if (!form_changed(o))
            continue;
        int k = 0;
        for (int j = 0; j < i; j++)
            k += !strcmp(old[j].label, o->label);
        int at = nth_field(m, o->label, k);
        if (at < 0 || m->f[at].readonly) {
            /* no such field now: one of its own, after its kind but
             * before its "add ..." field */
            int pos = m->n, add = -1;
            for (int j = 0; j < m->n; j++)
                if (!strcmp(m->f[j].set, o->set)) {
                    pos = j + 1;
                    if (add < 0 && !strncmp(m->f[j].label, "add ", 4))
                        add = j;
                }
            if (add >= 0)
                pos = add;
            lost |= at >= 0;
            if (at >= 0 || form_insert_field(m, pos, o->label, o->set, -1, "")) {
                lost = 1;
                continue;
            }
            at = pos;
        }
        free(m->f[at].value);
        m->f[at].value = o->value;
        o->value = NULL;
    }
    return lost;
}

/* What is stored now becomes what the form started from; the fields the
 * user changed keep their text (keep_edits). */
void form_reload(struct tui *t, void *ud)
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
        int n_old = m->n;
        m->f = NULL;
        m->n = m->cap = 0;
        if (form_modify_fields(m)) {
            form_free_fields(m->f, m->n);
            m->f = old;
            m->n = m->cap = n_old;
            tui_message(t, "out of memory: the form is as it was");
            return;
        }
        int lost = keep_edits(m, old, n_old);
        form_free_fields(old, n_old);
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
        any |= !m->f[i].readonly && !strcmp(m->f[i].set, set) && form_changed(&m->f[i]);
    if (!any)
        return 0;
    for (int i = 0; i < m->n; i++) {
        const struct field *f = &m->f[i];
        if (f->readonly || strcmp(f->set, set) || (form_list_set(set) && !*f->value))
            continue;
        if (!(sets[(*n)++] = set_item(set, f->value)))
            return pr_error_set(err, PR_ENOMEM, "out of memory");
        items++;
    }
    if (!items && !(sets[(*n)++] = set_item(set, ""))) /* note=: none */
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return 0;
}

/* modify: every changed field as FIELD=VALUE, on every record. */
static int save_modify(struct tui *t, struct form *m, struct pr_edit_conflict *c,
                       struct pr_edit_result *res, pr_error *err)
{
    char **sets = calloc((size_t)m->n + 8, sizeof *sets);
    size_t n = 0;
    int rc = 0;
    if (!sets)
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
    for (size_t k = 0; !rc && form_modify_sets[k]; k++)
        rc = add_sets(m, form_modify_sets[k], sets, &n, err);
    if (!rc)
        rc = pr_edit_modify_matching(t->store, m->base, (const char *const *)sets, n, c, res,
                                     err);
    for (size_t i = 0; i < n; i++)
        free(sets[i]);
    free(sets);
    return rc;
}

/* reject: the decision logged; the form closes. */
static void save_reject(struct tui *t, struct form *m)
{
    long long id;
    const struct pr_request *req = m->arg.req;
    pr_error err = {0};
    char reason[200];
    snprintf(reason, sizeof reason, "%s", form_value(m, "reason"));
    if (pr_review_log(t->store, req, "reject", form_value(m, "reason"), &id, &err)) {
        tui_message(t, "not saved: %s", err.msg);
        return;
    }
    tui_pop(t); /* frees the view and m */
    tui_message(t, "rejected %s: %s%s (change %lld)", pr_request_name(req), reason,
                strlen(reason) == sizeof reason - 1 ? "…" : "", id);
}

/* A save that failed: the field the message is about (pr_error.field) is
 * selected (the library's "protocol" is this form's "transport"), and the
 * whole message stands wrapped under the fields. */
static void save_failed(struct tui_view *v, const pr_error *err)
{
    struct form *m = F(v);
    for (int i = 0; err->field[0] && i < m->n; i++)
        if (!strcmp(m->f[i].label, err->field) ||
            (!strcmp(err->field, "protocol") && !strcmp(m->f[i].label, "transport")))
            m->sel = i;
    char buf[sizeof err->msg + 16];
    snprintf(buf, sizeof buf, "not saved: %s", err->msg);
    tui_lines_clear(&m->notes);
    tui_lines_wrap(&m->notes, buf, COLS - 3, 2);
    tui_lines_wrap(&m->notes, "  Nothing was written; the form keeps your edits: F2 saves "
                   "again.", COLS - 3, 2);
    m->failed = 1;
    form_show_notes(v);
    tui_message(v->t, "%s", buf);
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
    case TUI_FORM_MODIFY:
        rc = save_modify(t, m, &c, &res, &err);
        break;
    case TUI_FORM_ASSIGN: {
        struct pr_assign a;
        if (form_fill_assign(m, &a)) {
            tui_message(t, "not saved: %s", m->problem);
            return;
        }
        a.review = &m->findings; /* as shown: judged, not re-run */
        rc = pr_edit_assign(t->store, &a, &res, &err);
        break;
    }
    case TUI_FORM_DEASSIGN:
        rc = pr_edit_deassign_matching(t->store, m->base, form_value(m, "reason"), &c, &res,
                                       &err);
        break;
    case TUI_FORM_REJECT:
        save_reject(t, m);
        return;
    }
    if (rc == PR_ECONFLICT)
        conflict(v, &c);
    else if (rc)
        save_failed(v, &err);
    else
        saved(t, &res, m->kind == TUI_FORM_ASSIGN ? form_value(m, "name") : m->service);
}

/* F2, Ctrl-S: show what would be saved and ask. */
void form_save(struct tui_view *v)
{
    struct form *m = F(v);
    struct tui *t = v->t;
    int n = form_changes_lines(v);
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
        form_review(v);
        if (m->problem[0]) {
            tui_message(t, "not saved: %s", m->problem);
            return;
        }
        if (pr_findings_worst(&m->findings, 0, m->findings.n) == PR_SEV_REJECT) {
            tui_message(t, "not saved: the review rejects this request (see the findings)");
            return;
        }
        tui_confirm(t, do_save, v, "assign %s as shown? (y/n)", form_value(m, "name"));
        break;
    case TUI_FORM_DEASSIGN:
        tui_confirm(t, do_save, v, "de-assign '%s' on every port? (y/n)", m->service);
        break;
    case TUI_FORM_REJECT:
        if (!*form_value(m, "reason")) {
            tui_message(t, "a rejection needs a reason");
            return;
        }
        tui_confirm(t, do_save, v, "reject %s with this reason? (y/n)",
                    pr_request_name(m->arg.req));
        break;
    }
    m->asking = 1;
}
