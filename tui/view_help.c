/* view_help.c - every key, made from the keymap (keymap.c), with a word on
 * the search language. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include <ncurses.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *context, *title;
} sections[] = {
    {NULL, "Everywhere"},
    {"list", "List"},
    {"search", "Search prompt (/)"},
    {"details", "Details"},
    {"map", "Port map (m)"},
    {"form", "Forms (e, a, d): typing edits the selected field"},
    {"edit", "Editing text (form fields, search and other prompts)"},
    {"review", "Review queue (r)"},
};

static const char *const search_help[] = {
    "",
    "Search understands what `portreg search` does:",
    "  443, 6000-6063, 53/udp   ports; a range record containing the port matches",
    "  htt, x11, sip*           service names beginning so (globs * and ? too)",
    "  multicast dns            words of descriptions and notes (prefixes), also",
    "                           when no service name begins with the query",
};

/* Lines are built on the fly: sections, key rows without aliases, then the
 * search text.  Row i -> what to draw. */
struct item {
    const char *title;     /* a section heading */
    const struct tui_key *key;
    const char *text;
};

static long walk(long want, struct item *out)
{
    long n = 0;
    for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
        if (n == want && out)
            *out = (struct item){sections[s].title, NULL, NULL};
        n++;
        for (const struct tui_key *k = tui_keymap; k->action != TUI_A_NONE; k++) {
            int ours = sections[s].context ? k->context && !strcmp(k->context, sections[s].context)
                                           : k->context == NULL;
            if (!ours || !k->keyname)
                continue;
            if (n == want && out)
                *out = (struct item){NULL, k, NULL};
            n++;
        }
        if (n == want && out)
            *out = (struct item){NULL, NULL, ""};
        n++;
    }
    for (size_t i = 0; i < sizeof search_help / sizeof *search_help; i++, n++)
        if (n == want && out)
            *out = (struct item){NULL, NULL, search_help[i]};
    return n;
}

static long help_rows(struct tui_view *v)
{
    (void)v;
    return walk(-1, NULL);
}

static void help_draw_row(struct tui_view *v, long row, int y, int width, int selected)
{
    struct item it = {0};
    (void)selected;
    walk(row, &it);
    if (it.title) {
        attrset(tui_attr(v->t, TUI_S_LABEL));
        tui_put(y, 1, it.title, width - 2, 0);
    } else if (it.key) {
        attrset(A_BOLD);
        tui_put(y, 3, it.key->keyname, 14, 0);
        attrset(A_NORMAL);
        tui_put(y, 18, it.key->help, width - 19, 0);
    } else {
        tui_put(y, 1, it.text, width - 2, 0);
    }
    attrset(A_NORMAL);
}

static void help_status(struct tui_view *v, char *buf, size_t len)
{
    (void)v;
    snprintf(buf, len, "keys | Esc goes back");
}

static int help_handle(struct tui_view *v, int key, enum tui_action a)
{
    (void)key;
    return tui_view_navigate(v, a);
}

const struct tui_view_ops tui_view_help = {
    .name = "help",
    .cursor = 0,
    .rows = help_rows,
    .draw_row = help_draw_row,
    .status = help_status,
    .handle = help_handle,
};
