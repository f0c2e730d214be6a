/* view_list.c - the list of the whole registry (virtual scrolling: only the
 * rows on screen are drawn), and `/` search as you type with the query
 * language of `portreg search` (pr_rows_filter). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include <limits.h>
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

struct list {
    struct pr_rowsel sel;
    int filtered;       /* sel holds the rows shown */
    int searching;      /* the prompt is open */
    int pinned;         /* a port map block's records: the filter is fixed */
    int stale;          /* the query changed since the rows were selected */
    struct tui_edit query; /* the filter */
    char *saved;        /* the filter before the prompt opened (Esc) */
    char error[256];    /* why the query selects nothing */
};

static struct list *L(struct tui_view *v)
{
    return v->priv;
}

static long list_rows(struct tui_view *v)
{
    struct list *l = L(v);
    return l->filtered ? (long)l->sel.n : (long)pr_rows_count(v->t->rows);
}

struct cols {
    int name, port, proto, desc;
};

static struct cols columns(int width)
{
    struct cols c = {16, 11, 12, 0};
    if (width >= 120)
        c.name = 24, c.proto = 17;
    c.desc = width - c.name - c.port - c.proto - 4;
    if (c.desc < 1)
        c.desc = 1;
    return c;
}

static void list_header(struct tui_view *v, int y, int width)
{
    struct cols c = columns(width);
    attrset(tui_attr(v->t, TUI_S_HEADER));
    tui_put(y, 0, "", width, 1);
    tui_put(y, 0, "NAME", c.name, 0);
    tui_put(y, c.name + 1, "PORT", c.port, 0);
    tui_put(y, c.name + c.port + 2, "TRANSPORT", c.proto, 0);
    tui_put(y, c.name + c.port + c.proto + 3, "DESCRIPTION", c.desc, 0);
    attrset(A_NORMAL);
}

static void list_draw_row(struct tui_view *v, long i, int y, int width, int selected)
{
    struct list *l = L(v);
    struct cols c = columns(width);
    struct pr_row r;
    pr_rows_get(v->t->rows, l->filtered ? l->sel.idx[i] : (size_t)i, &r);
    if (!selected && r.state == PR_STATE_UNASSIGNED)
        attrset(tui_attr(v->t, TUI_S_UNASSIGNED));
    else if (!selected && r.state == PR_STATE_RESERVED)
        attrset(tui_attr(v->t, TUI_S_RESERVED));
    tui_put(y, 0, "", width, 1); /* the selection bar spans the line */
    tui_put(y, 0, *r.name ? r.name : "-", c.name, 0);
    tui_put(y, c.name + 1, *r.number ? r.number : "-", c.port, 0);
    tui_put(y, c.name + c.port + 2, *r.protocols ? r.protocols : "-", c.proto, 0);
    tui_put(y, c.name + c.port + c.proto + 3, r.description, c.desc, 0);
}

static const char *how_name(const struct pr_rowsel *sel)
{
    switch (sel->how) {
    case PR_GUESS_PORT: return "port";
    case PR_GUESS_NAME: return sel->fallback ? "words" : "name";
    default: return "words";
    }
}

static void list_status(struct tui_view *v, char *buf, size_t len)
{
    struct list *l = L(v);
    char rows[32], recs[32], cur[32];
    long n = list_rows(v);
    tui_thousands(rows, sizeof rows, n);
    tui_thousands(recs, sizeof recs, (long)pr_rows_records(v->t->rows));
    tui_thousands(cur, sizeof cur, n ? v->cur + 1 : 0);
    if (l->error[0])
        snprintf(buf, len, "%s | 0 rows", l->error);
    else if (l->pinned)
        snprintf(buf, len, "block %s | row %s of %s | Esc: the map", tui_edit_text(&l->query),
                 cur, rows);
    else if (l->filtered)
        snprintf(buf, len, "filter '%s' (%s) | row %s of %s", tui_edit_text(&l->query),
                 how_name(&l->sel), cur, rows);
    else
        snprintf(buf, len, "%s records | row %s of %s", recs, cur, rows);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void refilter(struct tui_view *v)
{
    struct list *l = L(v);
    struct timespec t0;
    pr_error err = {0};
    const char *q = tui_edit_text(&l->query);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (*q == ' ')
        q++;
    l->stale = 0;
    l->error[0] = 0;
    l->filtered = *q != 0;
    v->cur = v->top = 0;
    if (!l->filtered)
        return;
    if (pr_rows_filter(v->t->store, v->t->rows, q, &l->sel, &err) < 0) {
        snprintf(l->error, sizeof l->error, "%s", err.msg);
        l->sel.n = 0;
    }
    snprintf(v->t->timing_note, sizeof v->t->timing_note, "filter '%.200s' %zu rows %.3f ms",
             tui_edit_text(&l->query), l->sel.n, ms_since(&t0));
}

/* The query is applied once the keys that came together are handled. */
static void list_update(struct tui_view *v)
{
    if (L(v)->stale)
        refilter(v);
}

static void set_prompt(struct tui_view *v)
{
    struct list *l = L(v);
    v->t->prompt_active = l->searching;
    v->t->prompt = l->searching ? &l->query : NULL;
    snprintf(v->t->prompt_label, sizeof v->t->prompt_label, "/");
}

static int search_key(struct tui_view *v, int key)
{
    struct list *l = L(v);
    enum tui_action a = tui_key_context("search", key); /* letters are text */
    switch (a) {
    case TUI_A_OPEN:
        l->searching = 0;
        break;
    case TUI_A_BACK:
        l->searching = 0;
        tui_edit_set(&l->query, l->saved);
        l->stale = 1;
        break;
    case TUI_A_UP: case TUI_A_DOWN: case TUI_A_PGUP: case TUI_A_PGDN:
        list_update(v);
        tui_view_navigate(v, a);
        break;
    default:
        if (tui_edit_key(&l->query, key) == TUI_EDIT_CHANGED)
            l->stale = 1;
        break;
    }
    set_prompt(v);
    return TUI_HANDLED | TUI_REDRAW;
}

/* The row under the cursor into *r; 0, or -1 when the list is empty. */
static int selected(struct tui_view *v, struct pr_row *r)
{
    struct list *l = L(v);
    list_update(v);
    if (list_rows(v) <= 0)
        return -1;
    pr_rows_get(v->t->rows, l->filtered ? l->sel.idx[v->cur] : (size_t)v->cur, r);
    return 0;
}

static int list_handle(struct tui_view *v, int key, enum tui_action a)
{
    struct list *l = L(v);
    struct pr_row r;
    if (l->searching)
        return search_key(v, key);
    switch (a) {
    case TUI_A_SEARCH:
        if (l->pinned)
            return TUI_IGNORED; /* the search of the whole list */
        l->searching = 1;
        free(l->saved);
        l->saved = strdup(tui_edit_text(&l->query));
        set_prompt(v);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_OPEN:
        if (!selected(v, &r))
            tui_push(v->t, &tui_view_details, &r);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_MAP:
        tui_open_map(v->t, !selected(v, &r) && r.port_lo >= 0 ? r.port_lo : -1);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_EDIT:
    case TUI_A_DEASSIGN:
        if (!selected(v, &r)) {
            struct tui_form_arg fa = {a == TUI_A_EDIT ? TUI_FORM_MODIFY : TUI_FORM_DEASSIGN, &r,
                                      NULL};
            tui_push(v->t, &tui_view_form, &fa);
        }
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_ASSIGN: {
        struct tui_form_arg fa = {TUI_FORM_ASSIGN, NULL, NULL};
        tui_push(v->t, &tui_view_form, &fa);
        return TUI_HANDLED | TUI_REDRAW;
    }
    case TUI_A_BACK:
    case TUI_A_CLEAR:
        if (l->pinned || (!l->filtered && !l->error[0]))
            return TUI_IGNORED;
        tui_edit_set(&l->query, "");
        refilter(v);
        return TUI_HANDLED | TUI_REDRAW;
    default:
        return tui_view_navigate(v, a);
    }
}

/* Show the rows matching query in the list (the bottom view). */
static void list_filter(struct tui *t, const char *query)
{
    struct tui_view *v = t->stack[0];
    struct list *l = L(v);
    l->searching = 0;
    tui_edit_set(&l->query, query);
    refilter(v);
    set_prompt(v);
}

/* Another process changed the registry: select again from the new rows,
 * keeping the row under the cursor (found by its first record) and its
 * place on the screen. */
static void list_refresh(struct tui_view *v, const pr_rows *old)
{
    struct list *l = L(v);
    long long id = -1;
    long cur = v->cur, off = v->cur - v->top;
    if (list_rows(v) > 0) {
        struct pr_row r;
        pr_rows_get(old, l->filtered ? l->sel.idx[v->cur] : (size_t)v->cur, &r);
        id = r.n_ids ? r.ids[0] : -1;
    }
    refilter(v);
    long at = id >= 0 ? pr_rows_find(v->t->rows, id) : -1;
    if (at >= 0 && l->filtered) {
        long found = -1;
        for (size_t i = 0; i < l->sel.n && found < 0; i++)
            if (l->sel.idx[i] == (unsigned)at)
                found = (long)i;
        at = found;
    }
    v->cur = at >= 0 ? at : cur;
    v->top = v->cur - off;
    tui_view_clamp(v);
}

int tui_reload(struct tui *t, const char *query, int pop)
{
    pr_rows *rows = NULL, *old = t->rows;
    pr_error err = {0};
    if (pr_rows_load(t->store, &rows, &err)) {
        tui_message(t, "cannot read the registry again: %s", err.msg);
        return -1;
    }
    while (pop && t->depth > 1)
        tui_pop(t);
    t->rows = rows;
    tui_read_meta(t);
    for (int i = 0; i < t->depth; i++)
        if (t->stack[i]->ops->reread)
            t->stack[i]->ops->reread(t->stack[i], old);
    pr_rows_free(old);
    if (query)
        list_filter(t, query);
    return 0;
}

/* With arg (a port map block, "960-1023"): that block's records. */
static int list_open(struct tui_view *v, const void *arg)
{
    struct list *l = L(v);
    if (tui_edit_set(&l->query, arg ? (const char *)arg : "")) {
        tui_message(v->t, "out of memory");
        return -1;
    }
    l->pinned = arg != NULL;
    refilter(v);
    return 0;
}

static void list_close(struct tui_view *v)
{
    struct list *l = L(v);
    if (v->t->prompt == &l->query) {
        v->t->prompt = NULL;
        v->t->prompt_active = 0;
    }
    pr_rowsel_release(&l->sel);
    tui_edit_release(&l->query);
    free(l->saved);
}

const struct tui_view_ops tui_view_list = {
    .name = "list",
    .private_size = sizeof(struct list),
    .cursor = 1,
    .open = list_open,
    .rows = list_rows,
    .header = list_header,
    .draw_row = list_draw_row,
    .status = list_status,
    .handle = list_handle,
    .reread = list_refresh,
    .update = list_update,
    .close = list_close,
};
