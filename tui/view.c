/* view.c - the list of views, the view stack, scrolling shared by every
 * row-based view, and the drawing helpers (styles, UTF-8 text in columns). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include "rules.h"

#include <limits.h>
#include <ncurses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const struct tui_view_ops *const views[] = {
    &tui_view_list, &tui_view_details, &tui_view_map, &tui_view_help, &tui_view_form,
    &tui_view_review,
};

const struct tui_view_ops *tui_view_find(const char *name)
{
    for (size_t i = 0; i < sizeof views / sizeof *views; i++)
        if (!strcmp(views[i]->name, name))
            return views[i];
    return NULL;
}

void tui_message(struct tui *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->message, sizeof t->message, fmt, ap);
    va_end(ap);
}

int tui_push(struct tui *t, const struct tui_view_ops *ops, const void *arg)
{
    struct tui_view *v;
    if (t->depth == TUI_MAX_DEPTH) {
        tui_message(t, "too many screens open; Esc goes back");
        return -1;
    }
    if (!(v = calloc(1, sizeof *v)) || (ops->private_size && !(v->priv = calloc(1, ops->private_size)))) {
        free(v);
        tui_message(t, "out of memory");
        return -1;
    }
    v->ops = ops;
    v->t = t;
    if (ops->open && ops->open(v, arg)) {
        if (ops->close)
            ops->close(v);
        free(v->priv);
        free(v);
        return -1;
    }
    t->stack[t->depth++] = v;
    return 0;
}

static void view_free(struct tui_view *v)
{
    if (v->ops->close)
        v->ops->close(v);
    free(v->priv);
    free(v);
}

void tui_pop(struct tui *t)
{
    if (t->depth > 1) {
        view_free(t->stack[--t->depth]);
        struct tui_view *top = t->stack[t->depth - 1];
        if (top->ops->resume)
            top->ops->resume(top);
    }
}

/* Title line, status bar and message line take three lines. */
int tui_body_top(void)
{
    return 1;
}

int tui_body_height(void)
{
    return LINES > 4 ? LINES - 3 : 1;
}

static int rows_height(struct tui_view *v)
{
    return tui_body_height() - (v->ops->header ? 1 : 0);
}

void tui_view_clamp(struct tui_view *v)
{
    long n = v->ops->rows ? v->ops->rows(v) : 0, h = rows_height(v);
    if (h < 1)
        h = 1;
    if (!v->ops->cursor) {
        /* a scrolling text: the cursor is the top line */
        long max = n - h > 0 ? n - h : 0;
        v->cur = v->cur > max ? max : v->cur < 0 ? 0 : v->cur;
        v->top = v->cur;
        return;
    }
    if (v->cur >= n)
        v->cur = n - 1;
    if (v->cur < 0)
        v->cur = 0;
    if (v->top > v->cur)
        v->top = v->cur;
    if (v->cur >= v->top + h)
        v->top = v->cur - h + 1;
    if (v->top > (n - h > 0 ? n - h : 0))
        v->top = n - h > 0 ? n - h : 0;
    if (v->top < 0)
        v->top = 0;
}

int tui_view_navigate(struct tui_view *v, enum tui_action a)
{
    long h = rows_height(v), n = v->ops->rows ? v->ops->rows(v) : 0;
    switch (a) {
    case TUI_A_UP: v->cur--; break;
    case TUI_A_DOWN: v->cur++; break;
    case TUI_A_PGUP: v->cur -= h; v->top -= h; break;
    case TUI_A_PGDN: v->cur += h; v->top += h; break;
    case TUI_A_HOME: v->cur = 0; break;
    case TUI_A_END: v->cur = n; break;
    default: return TUI_IGNORED;
    }
    tui_view_clamp(v);
    return TUI_HANDLED | TUI_REDRAW;
}

/* Drop the last UTF-8 character of s. */
static void erase_char(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0x80)
        n--;
    if (n > 0)
        n--;
    s[n] = 0;
}

static int add_char(char *s, size_t size, int key)
{
    char mb[MB_LEN_MAX];
    size_t n;
    if (key & TUI_WCHAR) {
        mbstate_t ps;
        memset(&ps, 0, sizeof ps);
        n = wcrtomb(mb, (wchar_t)(key & ~TUI_WCHAR), &ps);
        if (n == (size_t)-1)
            return 0;
    } else if (key >= 32 && key < 127) {
        mb[0] = (char)key;
        n = 1;
    } else {
        return 0;
    }
    size_t len = strlen(s);
    if (len + n + 1 > size)
        return 1;
    memcpy(s + len, mb, n);
    s[len + n] = 0;
    return 1;
}

int tui_line_edit(char *buf, size_t size, int key)
{
    switch (tui_key_context("search", key)) {
    case TUI_A_ERASE:
        erase_char(buf);
        return 1;
    case TUI_A_KILL:
        buf[0] = 0;
        return 1;
    default:
        return add_char(buf, size, key);
    }
}

int tui_dirty(struct tui *t)
{
    for (int i = 0; i < t->depth; i++)
        if (t->stack[i]->ops->dirty && t->stack[i]->ops->dirty(t->stack[i]))
            return 1;
    return 0;
}

/* ---- lines of text ---- */

void tui_lines_clear(struct tui_lines *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i]);
    free(w->v);
    w->v = NULL;
    w->n = 0;
}

void tui_lines_add(struct tui_lines *w, const char *s)
{
    char **nl = realloc(w->v, (w->n + 1) * sizeof *nl);
    if (!nl)
        return;
    w->v = nl;
    if ((w->v[w->n] = strdup(s)))
        w->n++;
}

void tui_lines_wrap(struct tui_lines *w, const char *text, int width, int indent)
{
    char buf[1024];
    const char *s = text;
    int first = 1;
    while (*s) {
        int room = width - (first ? 0 : indent);
        size_t n = strlen(s), cut = n;
        if (tui_width(s) > room) {
            /* the last space before room columns */
            cut = 0;
            for (size_t k = 0; s[k] && k < sizeof buf - 1; k++) {
                char tmp[sizeof buf];
                memcpy(tmp, s, k);
                tmp[k] = 0;
                if (tui_width(tmp) > room)
                    break;
                if (s[k] == ' ' || s[k] == '\n')
                    cut = k;
            }
            if (!cut)
                cut = (size_t)room < n ? (size_t)room : n;
        }
        const char *nl = memchr(s, '\n', cut);
        if (nl)
            cut = (size_t)(nl - s);
        snprintf(buf, sizeof buf, "%*s%.*s", first ? 0 : indent, "", (int)cut, s);
        tui_lines_add(w, buf);
        s += cut;
        while (*s == ' ' || *s == '\n')
            s++;
        first = 0;
    }
}

void tui_findings_lines(struct tui_lines *l, const struct pr_findings *f, int width)
{
    char buf[1200];
    if (!f->n)
        tui_lines_add(l, "no finding");
    for (size_t i = 0; i < f->n; i++) {
        const struct pr_finding *x = &f->items[i];
        snprintf(buf, sizeof buf, "%-6s %s: %s", pr_severity_name(x->severity), x->rule, x->message);
        tui_lines_wrap(l, buf, width, 7);
        snprintf(buf, sizeof buf, "       see %s", x->reference);
        tui_lines_wrap(l, buf, width, 11);
        if (x->suggestion) {
            snprintf(buf, sizeof buf, "       suggest: %s", x->suggestion);
            tui_lines_wrap(l, buf, width, 11);
        }
    }
}

/* ---- drawing ---- */

unsigned tui_attr(const struct tui *t, enum tui_style s)
{
    if (t->colors) {
        switch (s) {
        case TUI_S_TITLE: return COLOR_PAIR(1) | A_BOLD;
        case TUI_S_STATUS: return COLOR_PAIR(2);
        case TUI_S_SELECTED: return A_REVERSE | A_BOLD;
        case TUI_S_HEADER: return A_BOLD | A_UNDERLINE;
        case TUI_S_ASSIGNED: return COLOR_PAIR(3) | A_BOLD;
        case TUI_S_RESERVED: return COLOR_PAIR(4) | A_BOLD;
        case TUI_S_UNASSIGNED: return COLOR_PAIR(5);
        case TUI_S_LABEL: return COLOR_PAIR(6) | A_BOLD;
        case TUI_S_DIM: return A_DIM;
        default: return A_NORMAL;
        }
    }
    switch (s) {
    case TUI_S_TITLE: case TUI_S_STATUS: return A_REVERSE;
    case TUI_S_SELECTED: return A_REVERSE | A_BOLD;
    case TUI_S_HEADER: return A_BOLD | A_UNDERLINE;
    case TUI_S_ASSIGNED: case TUI_S_LABEL: return A_BOLD;
    case TUI_S_UNASSIGNED: case TUI_S_DIM: return A_DIM;
    default: return A_NORMAL;
    }
}

/* Next character of s: its bytes and display width (-1: not printable). */
static size_t next_char(const char *s, int *width)
{
    mbstate_t ps;
    wchar_t wc;
    memset(&ps, 0, sizeof ps);
    size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        *width = -1;
        return 1;
    }
    *width = wcwidth(wc);
    return n;
}

int tui_width(const char *s)
{
    int w = 0, cw;
    while (*s) {
        s += next_char(s, &cw);
        w += cw < 0 ? 1 : cw;
    }
    return w;
}

int tui_put(int y, int x, const char *s, int width, int pad)
{
    int used = 0, cw;
    move(y, x);
    while (s && *s && used < width) {
        size_t n = next_char(s, &cw);
        if (cw < 0) {
            addch('?');
            used++;
        } else if (used + cw > width) {
            break;
        } else {
            addnstr(s, (int)n);
            used += cw;
        }
        s += n;
    }
    for (; pad && used < width; used++)
        addch(' ');
    return used;
}

void tui_thousands(char *buf, size_t len, long n)
{
    char tmp[32];
    int k = snprintf(tmp, sizeof tmp, "%ld", n < 0 ? -n : n), o = 0;
    if (n < 0 && (size_t)o + 1 < len)
        buf[o++] = '-';
    for (int i = 0; i < k && (size_t)o + 1 < len; i++) {
        if (i && (k - i) % 3 == 0 && (size_t)o + 2 < len)
            buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = 0;
}
