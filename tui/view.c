/* view.c - the view stack, scrolling shared by every row-based view, and
 * the drawing helpers (styles, UTF-8 text in columns). */
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
    w->n = w->cap = 0;
}

void tui_lines_add(struct tui_lines *w, const char *s)
{
    if (pr_grow(&w->v, &w->cap, w->n, sizeof *w->v, 16))
        return;
    if ((w->v[w->n] = strdup(s)))
        w->n++;
}

void tui_lines_wrap(struct tui_lines *w, const char *text, int width, int indent)
{
    const char *s = text ? text : "";
    int first = 1;
    while (*s) {
        int in = first ? 0 : indent;
        size_t k = pr_text_line(s, width - in > 1 ? width - in : 1, tui_width_n);
        char *line = malloc((size_t)in + k + 1);
        if (!line)
            return;
        memset(line, ' ', (size_t)in);
        memcpy(line + in, s, k);
        line[in + k] = 0;
        tui_lines_add(w, line);
        free(line);
        s += k;
        if (*s == '\n' || *s == ' ')
            s++; /* the break itself */
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

/* ---- text in columns, with the ASCII fallback ---- */

static int ascii_only;

void tui_set_ascii(int on)
{
    ascii_only = on;
}

/* What the non-ASCII characters the TUI writes become in ASCII (with
 * common punctuation of the registry's text). */
static const struct {
    unsigned cp;
    const char *ascii;
} fallbacks[] = {
    {0x00a0, " "}, {0x00a7, "Sec."}, {0x00a9, "(c)"}, {0x00ab, "<<"}, {0x00ae, "(R)"},
    {0x00b7, "-"}, {0x00bb, ">>"}, {0x00d7, "x"}, {0x2013, "-"}, {0x2014, "-"},
    {0x2018, "'"}, {0x2019, "'"}, {0x201c, "\""}, {0x201d, "\""}, {0x2022, "*"},
    {0x2026, "..."}, {0x2190, "<-"}, {0x2191, "^"}, {0x2192, "->"}, {0x2193, "v"},
    {0x21b5, "|"}, {0x2588, "#"}, {0x2591, ":"}, {0x2592, "o"}, {0x2593, "O"},
};
/* U+00C0-U+00FF without their accents */
static const char latin1[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";

/* The UTF-8 character at s: its code point (-1 when invalid) and bytes. */
static long decode(const char *p, size_t *len)
{
    const unsigned char *s = (const unsigned char *)p;
    int n = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : s[0] >= 0xe0 && s[0] < 0xf0 ? 3
          : s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : 0;
    long cp = n == 1 ? s[0] : n == 2 ? s[0] & 0x1f : n == 3 ? s[0] & 0x0f : s[0] & 0x07;
    *len = 1;
    if (!n)
        return -1;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return -1;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    *len = (size_t)n;
    return cp;
}

size_t tui_char_len(const char *s)
{
    size_t n;
    decode(s, &n);
    return n;
}

/* How the character at s shows: the bytes to write and their columns;
 * returns the bytes of s it stands for. */
static size_t glyph(const char *s, const char **out, size_t *out_len, int *width)
{
    static char one[2];
    size_t n;
    long cp = decode(s, &n);
    *width = 1;
    if (cp == '\n') {
        *out = ascii_only ? "|" : "↵";
        *out_len = strlen(*out);
        return 1;
    }
    if (cp >= 0 && cp < 128) {
        *out = cp < 32 || cp == 127 ? "?" : s;
        *out_len = 1;
        return 1;
    }
    if (ascii_only) {
        *out = "?";
        if (cp >= 0xc0 && cp <= 0xff) {
            one[0] = latin1[cp - 0xc0];
            *out = one;
        }
        for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++)
            if (fallbacks[i].cp == (unsigned long)cp)
                *out = cp == 0xa7 && s[n] >= '0' && s[n] <= '9' ? "Sec. " : fallbacks[i].ascii;
        *out_len = strlen(*out);
        *width = (int)*out_len;
        return n;
    }
    wchar_t wc;
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    size_t m = mbrtowc(&wc, s, n, &ps);
    int w = m == n ? wcwidth(wc) : -1;
    if (cp < 0 || w < 0) {
        *out = "?";
        *out_len = 1;
        return n;
    }
    *out = s;
    *out_len = n;
    *width = w;
    return n;
}

int tui_width_n(const char *s, size_t n)
{
    const char *g;
    size_t gl, at = 0;
    int w = 0, cw;
    while (at < n && s[at]) {
        at += glyph(s + at, &g, &gl, &cw);
        w += cw;
    }
    return w;
}

int tui_width(const char *s)
{
    return tui_width_n(s, (size_t)-1);
}

int tui_put(int y, int x, const char *s, int width, int pad)
{
    const char *g;
    char stack[2048], *safe = stack;
    size_t gl, n = s ? strlen(s) : 0, max = (size_t)(width > 0 ? width : 0) * 4 + 4;
    int used = 0, cw;
    /* Everything drawn passes the output gate (pr_text_safe), as the CLI's
     * output does: no escape sequence reaches the terminal.  Only what can
     * show is passed: at most 4 bytes a column. */
    if (n > max)
        n = pr_text_safe_prefix(s, max);
    size_t need = 3 * n + 1; /* a byte becomes at most U+FFFD */
    if (need > sizeof stack && !(safe = malloc(need))) {
        safe = stack;
        n = pr_text_safe_prefix(s, (sizeof stack - 1) / 3);
        need = sizeof stack;
    }
    pr_text_safe(safe, need, s, n, PR_SAFE_KEEP_NL);
    move(y, x);
    for (const char *p = safe; *p && used < width;) {
        size_t k = glyph(p, &g, &gl, &cw);
        if (used + cw > width)
            break;
        addnstr(g, (int)gl);
        used += cw;
        p += k;
    }
    for (; pad && used < width; used++)
        addch(' ');
    if (safe != stack)
        free(safe);
    return used;
}

int tui_put_clip(int y, int x, const char *s, int width)
{
    const char *more = ascii_only ? "..." : "…";
    int mw = ascii_only ? 3 : 1;
    if (tui_width(s) <= width || width <= mw)
        return tui_put(y, x, s, width, 0);
    int used = tui_put(y, x, s, width - mw, 0);
    return used + tui_put(y, x + used, more, mw, 0);
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
