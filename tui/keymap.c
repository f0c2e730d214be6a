/* keymap.c - every key of portreg tui, with the help text the help screen
 * shows.  Rows with a context apply in that view (or the search prompt, or
 * the text editor) and come before the global rows when a key is looked
 * up.  In forms and prompts every printable key is text. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include <ncurses.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

const struct tui_key tui_keymap[] = {
    /* everywhere */
    {KEY_UP, TUI_A_UP, "Up, k", NULL, "previous row"},
    {'k', TUI_A_UP, NULL, NULL, NULL},
    {KEY_DOWN, TUI_A_DOWN, "Down, j", NULL, "next row"},
    {'j', TUI_A_DOWN, NULL, NULL, NULL},
    {KEY_PPAGE, TUI_A_PGUP, "PgUp, b", NULL, "previous page"},
    {'b', TUI_A_PGUP, NULL, NULL, NULL},
    {KEY_NPAGE, TUI_A_PGDN, "PgDn, Space", NULL, "next page"},
    {' ', TUI_A_PGDN, NULL, NULL, NULL},
    {KEY_HOME, TUI_A_HOME, "Home, g", NULL, "first row"},
    {'g', TUI_A_HOME, NULL, NULL, NULL},
    {KEY_END, TUI_A_END, "End, G", NULL, "last row"},
    {'G', TUI_A_END, NULL, NULL, NULL},
    {'/', TUI_A_SEARCH, "/", NULL, "search as you type (in the list)"},
    {'m', TUI_A_MAP, "m", NULL, "port map (on the selected row's port)"},
    {'?', TUI_A_HELP, "?", NULL, "this help"},
    {KEY_F(1), TUI_A_HELP, NULL, NULL, NULL},
    {CTRL('l'), TUI_A_REDRAW, "Ctrl-L", NULL, "redraw the screen"},
    {27, TUI_A_BACK, "Esc", NULL, "back to the previous screen"},
    {KEY_BACKSPACE, TUI_A_BACK, NULL, NULL, NULL},
    {'r', TUI_A_REVIEW, "r", NULL, "review queue (portreg tui --review FILE...)"},
    {'q', TUI_A_QUIT, "q", NULL, "quit (asks when a form is unsaved)"},
    /* list */
    {'\n', TUI_A_OPEN, "Enter", "list", "details of the selected row"},
    {KEY_ENTER, TUI_A_OPEN, NULL, "list", NULL},
    {'\r', TUI_A_OPEN, NULL, "list", NULL},
    {KEY_RIGHT, TUI_A_OPEN, NULL, "list", NULL},
    {'c', TUI_A_CLEAR, "c", "list", "clear the filter (Esc too)"},
    {'e', TUI_A_EDIT, "e", "list", "edit the selected service (RFC 6335 §8.6)"},
    {'a', TUI_A_ASSIGN, "a", "list", "assign a new service (RFC 6335 §8.1)"},
    {'d', TUI_A_DEASSIGN, "d", "list", "de-assign the selected service (§8.2)"},
    /* search prompt */
    {'\n', TUI_A_OPEN, "Enter", "search", "keep the filter, back to the list"},
    {KEY_ENTER, TUI_A_OPEN, NULL, "search", NULL},
    {'\r', TUI_A_OPEN, NULL, "search", NULL},
    {27, TUI_A_BACK, "Esc", "search", "cancel the search"},
    {KEY_UP, TUI_A_UP, "Up, Down", "search", "move in the list while typing"},
    {KEY_DOWN, TUI_A_DOWN, NULL, "search", NULL},
    {KEY_PPAGE, TUI_A_PGUP, NULL, "search", NULL},
    {KEY_NPAGE, TUI_A_PGDN, NULL, "search", NULL},
    /* editing text: form fields and every prompt (line_edit.c) */
    {KEY_LEFT, TUI_A_LEFT, "Left, Right", "edit", "move the cursor (long text scrolls)"},
    {KEY_RIGHT, TUI_A_RIGHT, NULL, "edit", NULL},
    {CTRL('b'), TUI_A_LEFT, NULL, "edit", NULL},
    {CTRL('f'), TUI_A_RIGHT, NULL, "edit", NULL},
    {KEY_HOME, TUI_A_HOME, "Home, Ctrl-A", "edit", "to the start of the text"},
    {CTRL('a'), TUI_A_HOME, NULL, "edit", NULL},
    {KEY_END, TUI_A_END, "End, Ctrl-E", "edit", "to its end"},
    {CTRL('e'), TUI_A_END, NULL, "edit", NULL},
    {KEY_BACKSPACE, TUI_A_ERASE, "Backspace", "edit", "erase the character before the cursor"},
    {127, TUI_A_ERASE, NULL, "edit", NULL},
    {CTRL('h'), TUI_A_ERASE, NULL, "edit", NULL},
    {KEY_DC, TUI_A_DELETE, "Del, Ctrl-D", "edit", "erase the character under the cursor"},
    {CTRL('d'), TUI_A_DELETE, NULL, "edit", NULL},
    {CTRL('w'), TUI_A_ERASE_WORD, "Ctrl-W", "edit", "erase the word before the cursor"},
    {CTRL('u'), TUI_A_KILL, "Ctrl-U", "edit", "erase up to the cursor"},
    {CTRL('k'), TUI_A_KILL_END, "Ctrl-K", "edit", "erase from the cursor on"},
    /* details */
    {KEY_LEFT, TUI_A_BACK, "Left", "details", "back to the list"},
    {'e', TUI_A_EDIT, "e", "details", "edit this service"},
    {'d', TUI_A_DEASSIGN, "d", "details", "de-assign this service"},
    /* forms: printable keys are text, never commands */
    {'\n', TUI_A_OPEN, "Enter", "form", "edit the selected field; Enter again keeps the text"},
    {KEY_ENTER, TUI_A_OPEN, NULL, "form", NULL},
    {'\r', TUI_A_OPEN, NULL, "form", NULL},
    {'\t', TUI_A_NEXT, "Tab, Down", "form", "next field (keeps the text typed)"},
    {KEY_DOWN, TUI_A_NEXT, NULL, "form", NULL},
    {KEY_BTAB, TUI_A_PREV, "Shift-Tab, Up", "form", "previous field"},
    {KEY_UP, TUI_A_PREV, NULL, "form", NULL},
    {KEY_F(2), TUI_A_SAVE, "F2, Ctrl-S", "form", "save: shows the changes, asks y/n"},
    {CTRL('s'), TUI_A_SAVE, NULL, "form", NULL},
    {CTRL('r'), TUI_A_RELOAD, "Ctrl-R", "form", "reload what is stored now, keeping your edits"},
    {27, TUI_A_BACK, "Esc", "form", "undo the field's edit; else leave (asks when unsaved)"},
    /* review queue */
    {'\n', TUI_A_OPEN, "Enter", "review", "the request's fields and findings"},
    {KEY_ENTER, TUI_A_OPEN, NULL, "review", NULL},
    {'\r', TUI_A_OPEN, NULL, "review", NULL},
    {'a', TUI_A_APPROVE, "a", "review", "approve: assign as requested"},
    {'x', TUI_A_REJECT, "x", "review", "reject, with a reason (recorded)"},
    {'s', TUI_A_SKIP, "s", "review", "skip to the next request"},
    {'o', TUI_A_OPEN_FILE, "o", "review", "open a request file (docs/request-format.md)"},
    /* port map */
    {KEY_LEFT, TUI_A_LEFT, "Left, h", "map", "previous block"},
    {'h', TUI_A_LEFT, NULL, "map", NULL},
    {KEY_RIGHT, TUI_A_RIGHT, "Right, l", "map", "next block"},
    {'l', TUI_A_RIGHT, NULL, "map", NULL},
    {'\n', TUI_A_OPEN, "Enter", "map", "list the records of the block"},
    {KEY_ENTER, TUI_A_OPEN, NULL, "map", NULL},
    {'\r', TUI_A_OPEN, NULL, "map", NULL},
    {0, TUI_A_NONE, NULL, NULL, NULL},
};

enum tui_action tui_key_context(const char *context, int key)
{
    for (const struct tui_key *k = tui_keymap; k->action != TUI_A_NONE; k++) {
        int ours = context ? k->context && !strcmp(k->context, context) : k->context == NULL;
        if (ours && k->key == key)
            return k->action;
    }
    return TUI_A_NONE;
}

enum tui_action tui_key_action(const char *view, int key)
{
    enum tui_action a = tui_key_context(view, key);
    return a != TUI_A_NONE ? a : tui_key_context(NULL, key);
}
