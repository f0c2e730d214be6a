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
    char query[200];    /* the filter */
    char saved[200];    /* the filter before the prompt opened (Esc) */
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
    else if (l->filtered)
        snprintf(buf, len, "filter '%s' (%s) | row %s of %s", l->query, how_name(&l->sel), cur,
                 rows);
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
    const char *q = l->query;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (*q == ' ')
        q++;
    l->error[0] = 0;
    l->filtered = *q != 0;
    v->cur = v->top = 0;
    if (!l->filtered)
        return;
    if (pr_rows_filter(v->t->store, v->t->rows, q, &l->sel, &err) < 0) {
        snprintf(l->error, sizeof l->error, "%s", err.msg);
        l->sel.n = 0;
    }
    snprintf(v->t->timing_note, sizeof v->t->timing_note, "filter '%s' %zu rows %.3f ms", l->query,
             l->sel.n, ms_since(&t0));
}

static void set_prompt(struct tui_view *v)
{
    struct list *l = L(v);
    v->t->prompt_active = l->searching;
    snprintf(v->t->prompt_label, sizeof v->t->prompt_label, "/");
    snprintf(v->t->prompt, sizeof v->t->prompt, "%s", l->query);
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
        snprintf(l->query, sizeof l->query, "%s", l->saved);
        refilter(v);
        break;
    case TUI_A_UP: case TUI_A_DOWN: case TUI_A_PGUP: case TUI_A_PGDN:
        tui_view_navigate(v, a);
        break;
    default:
        if (tui_line_edit(l->query, sizeof l->query, key))
            refilter(v);
        break;
    }
    set_prompt(v);
    return TUI_HANDLED | TUI_REDRAW;
}

static int list_handle(struct tui_view *v, int key, enum tui_action a)
{
    struct list *l = L(v);
    if (l->searching)
        return search_key(v, key);
    switch (a) {
    case TUI_A_SEARCH:
        l->searching = 1;
        snprintf(l->saved, sizeof l->saved, "%s", l->query);
        set_prompt(v);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_OPEN:
        if (list_rows(v) > 0) {
            struct pr_row r;
            pr_rows_get(v->t->rows, l->filtered ? l->sel.idx[v->cur] : (size_t)v->cur, &r);
            tui_push(v->t, &tui_view_details, &r);
        }
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_EDIT:
    case TUI_A_DEASSIGN:
        if (list_rows(v) > 0) {
            struct pr_row r;
            pr_rows_get(v->t->rows, l->filtered ? l->sel.idx[v->cur] : (size_t)v->cur, &r);
            struct tui_form_arg fa = {a == TUI_A_EDIT ? TUI_FORM_MODIFY : TUI_FORM_DEASSIGN, &r,
                                      NULL, NULL, 0};
            tui_push(v->t, &tui_view_form, &fa);
        }
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_ASSIGN: {
        struct tui_form_arg fa = {TUI_FORM_ASSIGN, NULL, NULL, NULL, 0};
        tui_push(v->t, &tui_view_form, &fa);
        return TUI_HANDLED | TUI_REDRAW;
    }
    case TUI_A_BACK:
    case TUI_A_CLEAR:
        if (!l->filtered && !l->error[0])
            return TUI_IGNORED;
        l->query[0] = 0;
        refilter(v);
        return TUI_HANDLED | TUI_REDRAW;
    default:
        return tui_view_navigate(v, a);
    }
}

void tui_list_filter(struct tui *t, const char *query)
{
    struct tui_view *v = t->stack[0];
    struct list *l = L(v);
    l->searching = 0;
    snprintf(l->query, sizeof l->query, "%s", query);
    refilter(v);
    set_prompt(v);
}

int tui_reload(struct tui *t, const char *query, int pop)
{
    pr_rows *rows = NULL;
    pr_error err = {0};
    char q[200];
    if (pr_rows_load(t->store, &rows, &err)) {
        tui_message(t, "cannot read the registry again: %s", err.msg);
        return -1;
    }
    /* Views between the list and the top one show the old rows: close
     * them (and the top one too with pop). */
    struct tui_view *top = t->depth > 1 && !pop ? t->stack[--t->depth] : NULL;
    while (t->depth > 1)
        tui_pop(t);
    if (top)
        t->stack[t->depth++] = top;
    pr_rows_free(t->rows);
    t->rows = rows;
    tui_read_meta(t);
    snprintf(q, sizeof q, "%s", query ? query : L(t->stack[0])->query);
    tui_list_filter(t, q);
    return 0;
}

static void list_close(struct tui_view *v)
{
    pr_rowsel_release(&L(v)->sel);
}

const struct tui_view_ops tui_view_list = {
    .name = "list",
    .private_size = sizeof(struct list),
    .cursor = 1,
    .rows = list_rows,
    .header = list_header,
    .draw_row = list_draw_row,
    .status = list_status,
    .handle = list_handle,
    .close = list_close,
};
