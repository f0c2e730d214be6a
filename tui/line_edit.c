/* line_edit.c - the one-line text editor of forms and prompts: text of
 * any length (it grows as needed; nothing is ever cut), a cursor moved and
 * erasing by the "edit" rows of the keymap, and horizontal scrolling that
 * keeps the cursor in view. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include <limits.h>
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

static int reserve(struct tui_edit *e, size_t need)
{
    if (need + 1 <= e->cap)
        return 0;
    size_t cap = e->cap ? e->cap : 64;
    while (cap < need + 1)
        cap *= 2;
    char *ns = realloc(e->s, cap);
    if (!ns)
        return -1;
    e->s = ns;
    e->cap = cap;
    return 0;
}

int tui_edit_set(struct tui_edit *e, const char *s)
{
    size_t n = strlen(s ? s : "");
    if (reserve(e, n))
        return -1;
    memcpy(e->s, s ? s : "", n + 1);
    e->len = e->cur = n;
    e->left = 0;
    return 0;
}

void tui_edit_release(struct tui_edit *e)
{
    free(e->s);
    memset(e, 0, sizeof *e);
}

const char *tui_edit_text(const struct tui_edit *e)
{
    return e->s ? e->s : "";
}

int tui_edit_printable(int key)
{
    if (key & TUI_WCHAR)
        return iswprint((wint_t)(key & ~TUI_WCHAR)) != 0;
    return key >= 32 && key < 127;
}

static size_t prev_char(const struct tui_edit *e, size_t at)
{
    while (at > 0 && ((unsigned char)e->s[--at] & 0xc0) == 0x80)
        ;
    return at;
}

static size_t next_char(const struct tui_edit *e, size_t at)
{
    return at < e->len ? at + tui_char_len(e->s + at) : at;
}

static void cut(struct tui_edit *e, size_t from, size_t to)
{
    memmove(e->s + from, e->s + to, e->len - to + 1);
    e->len -= to - from;
    e->cur = from;
}

static int insert(struct tui_edit *e, int key)
{
    char mb[MB_LEN_MAX];
    size_t n;
    if (key & TUI_WCHAR) {
        mbstate_t ps;
        memset(&ps, 0, sizeof ps);
        if ((n = wcrtomb(mb, (wchar_t)(key & ~TUI_WCHAR), &ps)) == (size_t)-1)
            return TUI_EDIT_NONE;
    } else {
        mb[0] = (char)key;
        n = 1;
    }
    if (!e->s && tui_edit_set(e, ""))
        return TUI_EDIT_NONE;
    if (reserve(e, e->len + n))
        return TUI_EDIT_NONE; /* out of memory: the key is lost, not the text */
    memmove(e->s + e->cur + n, e->s + e->cur, e->len - e->cur + 1);
    memcpy(e->s + e->cur, mb, n);
    e->len += n;
    e->cur += n;
    return TUI_EDIT_CHANGED;
}

int tui_edit_key(struct tui_edit *e, int key)
{
    if (tui_edit_printable(key))
        return insert(e, key);
    if (!e->s && tui_edit_set(e, ""))
        return TUI_EDIT_NONE;
    size_t at = e->cur;
    switch (tui_key_context("edit", key)) {
    case TUI_A_LEFT: e->cur = prev_char(e, e->cur); return TUI_EDIT_MOVED;
    case TUI_A_RIGHT: e->cur = next_char(e, e->cur); return TUI_EDIT_MOVED;
    case TUI_A_HOME: e->cur = 0; return TUI_EDIT_MOVED;
    case TUI_A_END: e->cur = e->len; return TUI_EDIT_MOVED;
    case TUI_A_ERASE:
        if (at)
            cut(e, prev_char(e, at), at);
        return TUI_EDIT_CHANGED;
    case TUI_A_DELETE:
        if (at < e->len)
            cut(e, at, next_char(e, at));
        return TUI_EDIT_CHANGED;
    case TUI_A_KILL:
        cut(e, 0, at);
        return TUI_EDIT_CHANGED;
    case TUI_A_KILL_END:
        e->s[at] = 0;
        e->len = at;
        return TUI_EDIT_CHANGED;
    case TUI_A_ERASE_WORD: {
        size_t from = at;
        while (from > 0 && e->s[from - 1] == ' ')
            from--;
        while (from > 0 && e->s[from - 1] != ' ')
            from = prev_char(e, from);
        cut(e, from, at);
        return TUI_EDIT_CHANGED;
    }
    default:
        return TUI_EDIT_NONE;
    }
}

int tui_edit_draw(struct tui_edit *e, int y, int x, int width)
{
    const char *s = tui_edit_text(e);
    if (width < 2)
        width = 2;
    if (e->left > e->cur)
        e->left = e->cur;
    /* keep the cursor inside, with a column for it at the end: the first
     * byte that may show is found walking back from the cursor */
    size_t min_left = e->cur;
    for (int w = 0; min_left > 0;) {
        size_t p = prev_char(e, min_left);
        int cw = tui_width_n(s + p, min_left - p);
        if (w + cw > width - 1)
            break;
        w += cw;
        min_left = p;
    }
    if (e->left < min_left)
        e->left = min_left;
    int cx = x + tui_width_n(s + e->left, e->cur - e->left);
    tui_put(y, x, s + e->left, width, 1);
    return cx;
}
