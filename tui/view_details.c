/* view_details.c - everything about the selected row: each of its records
 * with every field, the people resolved (name, organisation, e-mail),
 * references, notes and dates.  Lines are label + text, wrapped at spaces
 * with a hanging indent to the screen's width again on resize; read again
 * when another process changes the registry. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include "edit.h"
#include "strbuf.h"

#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_W 14

struct entry {
    char *label; /* NULL: a heading spanning the line */
    char *text;
};

struct line {
    int entry;         /* index into entries */
    size_t off, len;   /* the part of the entry's text on this line */
    int first;         /* first line of the entry: shows the label */
    int cont;          /* continues a wrapped line: indented */
};

#define HANG 2 /* the hanging indent of wrapped lines */

struct details {
    struct pr_row row; /* borrowed from t->rows (refresh follows it) */
    int gone;          /* another process removed it */
    struct entry *e;
    size_t n, cap;
    struct line *lines;
    size_t n_lines;
    char title[128];
    int n_history;
    int oom;
};

static struct details *D(struct tui_view *v)
{
    return v->priv;
}

static void add(struct details *d, const char *label, const char *text)
{
    if (d->oom || (label && (!text || !*text)))
        return;
    if (pr_grow(&d->e, &d->cap, d->n, sizeof *d->e, 32)) {
        d->oom = 1;
        return;
    }
    struct entry *e = &d->e[d->n];
    e->label = label ? strdup(label) : NULL;
    e->text = strdup(text ? text : "");
    if ((label && !e->label) || !e->text) {
        free(e->label);
        free(e->text);
        d->oom = 1;
        return;
    }
    d->n++;
}

/* "Jon Postel (USC/ISI) <postel@isi.edu>"; IANA writes & for @ in mailto. */
static void add_person(struct tui_view *v, const char *label, const char *id)
{
    struct pr_person p;
    struct pr_strbuf sb = PR_STRBUF_INIT;
    if (pr_store_get_person(v->t->store, id, &p, NULL)) {
        pr_strbuf_addf(&sb, "%s (not in the people list)", id);
        add(D(v), label, pr_strbuf_str(&sb));
        pr_strbuf_release(&sb);
        return;
    }
    const char *who = p.name ? p.name : id;
    pr_strbuf_adds(&sb, who);
    if (p.org && strcmp(p.org, who))
        pr_strbuf_addf(&sb, " (%s)", p.org);
    if (p.uri) {
        /* the first URI; a mailto: as the address, & for @ as IANA writes it */
        size_t ul = strcspn(p.uri, "\n");
        int mail = !strncmp(p.uri, "mailto:", 7);
        size_t at = sb.len + 2;
        pr_strbuf_adds(&sb, " <");
        pr_strbuf_add(&sb, mail ? p.uri + 7 : p.uri, mail ? ul - 7 : ul);
        pr_strbuf_addch(&sb, '>');
        char *amp = mail && !sb.oom ? memchr(sb.buf + at, '&', sb.len - at) : NULL;
        if (amp)
            *amp = '@';
    }
    if (p.name && strcmp(p.name, id))
        pr_strbuf_addf(&sb, " [%s]", id);
    add(D(v), label, pr_strbuf_str(&sb));
    pr_strbuf_release(&sb);
    pr_person_release(&p);
}

static void add_record(struct tui_view *v, const struct pr_record *r)
{
    struct details *d = D(v);
    /* every person, however many the record names (16 on the stack) */
    const char *few[16], **ids = r->n_xrefs > 16 ? malloc(r->n_xrefs * sizeof *ids) : NULL;
    size_t max = ids ? r->n_xrefs : 16;
    if (!ids)
        ids = few;
    char buf[512];

    snprintf(buf, sizeof buf, "%s  %s/%s", r->name && *r->name ? r->name : "(no name)",
             r->number ? r->number : "(no port)", r->protocol ? r->protocol : "-");
    add(d, NULL, buf);
    add(d, "name", r->name);
    add(d, "transport", r->protocol);
    add(d, "port", r->number);
    if (r->port_lo >= 0) {
        snprintf(buf, sizeof buf, "%s port%s (%s)", pr_range_name(pr_port_range(r->port_lo)),
                 r->port_hi > r->port_lo ? "s" : "",
                 pr_range_span(pr_port_range(r->port_lo)));
        add(d, "range", buf);
    }
    add(d, "state", pr_state_name(pr_record_state(r)));
    add(d, "description", r->description);
    size_t n = pr_record_assignees(r, ids, max);
    for (size_t i = 0; i < n; i++)
        add_person(v, i ? "" : "assignee", ids[i]);
    n = pr_record_contacts(r, ids, max);
    for (size_t i = 0; i < n; i++)
        add_person(v, i ? "" : "contact", ids[i]);
    if (ids != few)
        free(ids);
    int first = 1;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if (!strcmp(x->type, "person"))
            continue;
        const char *val = x->data ? x->data : x->text ? x->text : "";
        if (!strcmp(x->type, "rfc") && !strncmp(val, "rfc", 3))
            snprintf(buf, sizeof buf, "RFC%s", val + 3);
        else if (!strcmp(x->type, "note"))
            snprintf(buf, sizeof buf, "footnote %s", val);
        else if (!strcmp(x->type, "text") || !strcmp(x->type, "uri") || !strcmp(x->type, "draft"))
            snprintf(buf, sizeof buf, "%s", val);
        else
            snprintf(buf, sizeof buf, "%s %s", x->type, val);
        add(d, first ? "references" : "", buf);
        first = 0;
    }
    add(d, "registered", r->date);
    add(d, "updated", r->updated);
    add(d, "service code", r->sc);
    add(d, "unauthorized", r->unauthorized);
    for (size_t i = 0; i < r->n_notes; i++)
        add(d, i ? "" : "notes", r->notes[i].text);
    if (r->line > 0) {
        snprintf(buf, sizeof buf, "%ld%s", r->line, r->raw ? "" : " (edited since)");
        add(d, "source line", buf);
    }
}

/* Split every entry into lines of at most width - LABEL_W - 2 columns, at
 * spaces where possible; "\n" in notes starts a new line, and the lines a
 * long one wraps into hang HANG columns further in. */
static void wrap(struct tui_view *v, int width)
{
    struct details *d = D(v);
    int tw = width - LABEL_W - 2;
    size_t cap = 0;
    if (tw < 10)
        tw = 10;
    d->n_lines = 0;
    for (size_t i = 0; i < d->n; i++) {
        const char *s = d->e[i].text, *start = s;
        int first = 1, cont = 0;
        do {
            int room = (d->e[i].label ? tw : width - 2) - (cont ? HANG : 0);
            const char *p = start + pr_text_line(start, room, tui_width_n);
            if (pr_grow(&d->lines, &cap, d->n_lines, sizeof *d->lines, 64)) {
                d->oom = 1;
                return;
            }
            d->lines[d->n_lines++] = (struct line){(int)i, (size_t)(start - s),
                                                   (size_t)(p - start), first, cont};
            first = 0;
            cont = *p && *p != '\n';
            start = *p == ' ' || *p == '\n' ? p + 1 : p;
        } while (*start);
    }
}

static int history_cb(const struct pr_history_change *c, void *ud)
{
    struct tui_view *v = ud;
    struct details *d = D(v);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s %s: %s%s", c->at, c->author, c->summary ? c->summary : c->command,
             c->undone_by ? " (undone)" : "");
    add(d, d->n_history++ ? "" : "history", buf);
    return 0;
}

/* The recorded changes of the row's service (or port), oldest first. */
static void add_history(struct tui_view *v, const struct pr_row *row)
{
    struct pr_history_filter f;
    pr_error err = {0};
    size_t before = D(v)->n;
    pr_history_filter_init(&f);
    if (*row->name)
        f.name = row->name;
    else
        f.port = row->port_lo;
    if (!*row->name && row->port_lo < 0)
        return;
    add(D(v), NULL, "");
    if (pr_history_each(v->t->store, &f, history_cb, v, &err) < 0)
        add(D(v), "history", err.msg);
    else if (!D(v)->n_history && D(v)->n == before + 1)
        add(D(v), "history", "no change since the import");
}

static int same_entry(const struct entry *a, const struct entry *b)
{
    if (!a->label || !b->label)
        return !a->label && !b->label;
    if (strcmp(a->label, b->label))
        return 0;
    /* the transport and the source line may differ */
    return !strcmp(a->label, "transport") || !strcmp(a->label, "source line") ||
           !strcmp(a->text, b->text);
}

static int append_text(char **text, const char *sep, const char *more)
{
    struct pr_strbuf sb = PR_STRBUF_INIT;
    pr_strbuf_adds(&sb, *text);
    pr_strbuf_adds(&sb, sep);
    pr_strbuf_adds(&sb, more);
    char *t = pr_strbuf_detach(&sb);
    if (!t)
        return -1;
    free(*text);
    *text = t;
    return 0;
}

/* Entries [start, d->n) describe the same record as [prev, start) but for
 * its transport (and source line)?  Then fold them into the earlier ones:
 * "https  443/tcp,udp". */
static void fold_transport(struct details *d, size_t prev, size_t start, const char *proto)
{
    size_t len = start - prev;
    if (d->oom || !proto || d->n - start != len + 1 || d->e[start].label) /* +1: blank line */
        return;
    for (size_t k = 0; k < len; k++)
        if (k && !same_entry(&d->e[prev + k], &d->e[start + 1 + k]))
            return;
    for (size_t k = 0; k < len; k++) {
        struct entry *e = &d->e[prev + k];
        if (e->label && !strcmp(e->label, "transport") && append_text(&e->text, ", ", proto))
            d->oom = 1;
        if (e->label && !strcmp(e->label, "source line") &&
            append_text(&e->text, ", ", d->e[start + 1 + k].text))
            d->oom = 1;
    }
    if (append_text(&d->e[prev].text, ",", proto))
        d->oom = 1;
    for (size_t k = start; k < d->n; k++) {
        free(d->e[k].label);
        free(d->e[k].text);
    }
    d->n = start;
}

static void clear_entries(struct details *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->e[i].label);
        free(d->e[i].text);
    }
    d->n = 0;
    d->n_history = 0;
}

/* The entries of row's records and history. */
static int fill(struct tui_view *v, const struct pr_row *row)
{
    struct details *d = D(v);
    size_t prev = 0;
    d->row = *row;
    for (size_t i = 0; i < row->n_ids; i++) {
        struct pr_record r;
        pr_error err = {0};
        pr_record_init(&r);
        if (pr_store_get_record(v->t->store, row->ids[i], &r, &err)) {
            tui_message(v->t, "cannot read the record: %s", err.msg);
            pr_record_release(&r);
            return -1;
        }
        size_t start = d->n;
        if (i)
            add(d, NULL, "");
        add_record(v, &r);
        if (i)
            fold_transport(d, prev, start, r.protocol);
        if (d->n > start)
            prev = start + (i ? 1 : 0);
        pr_record_release(&r);
    }
    add_history(v, row);
    snprintf(d->title, sizeof d->title, "%s %s", *row->name ? row->name : "-",
             *row->number ? row->number : "");
    wrap(v, COLS);
    if (d->oom) {
        tui_message(v->t, "out of memory");
        return -1;
    }
    return 0;
}

static int details_open(struct tui_view *v, const void *arg)
{
    return fill(v, arg);
}

/* Another process changed the registry: the row again, found by its first
 * record; kept as it was, marked, when that record is gone. */
static void details_refresh(struct tui_view *v, const pr_rows *old)
{
    struct details *d = D(v);
    static const long long none = 0;
    (void)old;
    long at = d->gone || !d->row.n_ids ? -1 : pr_rows_find(v->t->rows, d->row.ids[0]);
    if (at < 0) {
        if (!d->gone)
            tui_message(v->t, "%s is no longer in the registry (changed by another process)",
                        d->title);
        d->gone = 1;
        d->row = (struct pr_row){"", "", "", "", -1, -1, 0, 0, &none};
        return;
    }
    struct pr_row row;
    pr_rows_get(v->t->rows, (size_t)at, &row);
    clear_entries(d);
    d->oom = 0;
    if (fill(v, &row) && !d->n)
        d->gone = 1;
    tui_view_clamp(v);
}

static long details_rows(struct tui_view *v)
{
    return (long)D(v)->n_lines;
}

static void details_draw_row(struct tui_view *v, long i, int y, int width, int selected)
{
    struct details *d = D(v);
    const struct line *ln = &d->lines[i];
    const struct entry *e = &d->e[ln->entry];
    char *part = strndup(e->text + ln->off, ln->len);
    (void)selected;
    if (!e->label) {
        attrset(tui_attr(v->t, TUI_S_LABEL));
        tui_put(y, 1, part ? part : "", width - 2, 0);
    } else {
        int x = LABEL_W + 2 + (ln->cont ? HANG : 0);
        attrset(tui_attr(v->t, TUI_S_DIM));
        if (ln->first)
            tui_put(y, 2, e->label, LABEL_W - 1, 0);
        attrset(A_NORMAL);
        tui_put(y, x, part ? part : "", width - x, 0);
    }
    attrset(A_NORMAL);
    free(part);
}

static void details_status(struct tui_view *v, char *buf, size_t len)
{
    struct details *d = D(v);
    long h = tui_body_height();
    long shown = v->top + h < (long)d->n_lines ? v->top + h : (long)d->n_lines;
    snprintf(buf, len, "%s%s | lines %ld-%ld of %zu", d->title, d->gone ? " (removed)" : "",
             d->n_lines ? v->top + 1 : 0, shown, d->n_lines);
}

static int details_handle(struct tui_view *v, int key, enum tui_action a)
{
    struct details *d = D(v);
    (void)key;
    if (a == TUI_A_EDIT || a == TUI_A_DEASSIGN) {
        struct tui_form_arg fa = {a == TUI_A_EDIT ? TUI_FORM_MODIFY : TUI_FORM_DEASSIGN, &d->row,
                                  NULL};
        if (d->gone)
            tui_message(v->t, "%s is no longer in the registry", d->title);
        else
            tui_push(v->t, &tui_view_form, &fa);
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == TUI_A_MAP) {
        tui_open_map(v->t, d->row.port_lo);
        return TUI_HANDLED | TUI_REDRAW;
    }
    return tui_view_navigate(v, a);
}

static void details_resize(struct tui_view *v, int width)
{
    wrap(v, width);
}

static void details_close(struct tui_view *v)
{
    struct details *d = D(v);
    clear_entries(d);
    free(d->e);
    free(d->lines);
}

const struct tui_view_ops tui_view_details = {
    .name = "details",
    .private_size = sizeof(struct details),
    .cursor = 0,
    .open = details_open,
    .rows = details_rows,
    .draw_row = details_draw_row,
    .status = details_status,
    .handle = details_handle,
    .resize = details_resize,
    .reread = details_refresh,
    .close = details_close,
};
