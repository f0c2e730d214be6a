/* tui.h - portreg tui, the ncurses front end: the session, the view stack,
 * the keymap and drawing helpers shared by the views.
 *
 * Adding a view: tui/view_foo.c fills a struct tui_view_ops, declared
 * below; its keys go to keymap.c with help text (the help screen is made
 * from that table), its cases to tests/unit/test_tui.c.  Views reach the registry only through libportreg's
 * public headers: no SQL here. */
#ifndef PORTREG_TUI_H
#define PORTREG_TUI_H

#include <stddef.h>
#include <stdio.h>

#include "browse.h"
#include "registry.h"

/* ---- entry point (called by cli/cmd_tui.c) ---- */
struct tui_options {
    const char *timing_log; /* append key-to-redraw timings here, or NULL */
    const char **review_files; /* open the review queue on these request files */
    size_t n_review;
};
/* Run the TUI on an open store until the user quits.  Returns 0, or a
 * PR_E* code with err filled (no terminal, no registry) after the terminal
 * was restored. */
int tui_run(pr_store *store, const struct tui_options *opt, pr_error *err);

/* tui_run's steps, for tests/unit/test_tui.c, which drives the views on a
 * screen of its own (newterm) with keys of its own.  tui_open: the
 * session without the screen (rows, requests: warnings still go to
 * stderr); tui_start: the list (and the review queue) on the screen;
 * tui_close: every view closed, the session freed (the screen stays). */
struct tui;
int tui_open(struct tui *t, pr_store *store, const struct tui_options *opt, pr_error *err);
int tui_start(struct tui *t, pr_error *err);
void tui_close(struct tui *t);
/* The next key (see TUI_WCHAR), waiting up to wait_ms; -1 when none came,
 * -2 for one that means nothing (Alt+key, an unknown escape sequence). */
int tui_read_key(int wait_ms);
/* One key: to the question asked, the top view, then the global keymap. */
void tui_handle_key(struct tui *t, int key);
/* The views' deferred work, then the whole screen drawn (not refreshed). */
void tui_frame(struct tui *t);
/* Another process's change or a database gone read-only: 1 when shown. */
int tui_poll_store(struct tui *t);

/* Keys handed to views: curses key codes (KEY_*) and ASCII as they are,
 * any other character as TUI_WCHAR | its wide character value. */
#define TUI_WCHAR 0x40000000

/* ---- actions and the keymap ---- */
enum tui_action {
    TUI_A_NONE = 0,
    TUI_A_UP, TUI_A_DOWN, TUI_A_LEFT, TUI_A_RIGHT,
    TUI_A_PGUP, TUI_A_PGDN, TUI_A_HOME, TUI_A_END,
    TUI_A_OPEN,   /* Enter */
    TUI_A_BACK,   /* Esc */
    TUI_A_QUIT,
    TUI_A_SEARCH, /* / */
    TUI_A_CLEAR,  /* drop the filter */
    TUI_A_MAP,
    TUI_A_HELP,
    TUI_A_REDRAW,
    /* text editing (forms and prompts), documented in the help screen */
    TUI_A_ERASE, TUI_A_DELETE, TUI_A_KILL, TUI_A_KILL_END, TUI_A_ERASE_WORD,
    TUI_A_NEXT, TUI_A_PREV, /* forms: Tab, Shift-Tab */
    /* editing (edit.h) and review (rules.h) */
    TUI_A_EDIT, TUI_A_ASSIGN, TUI_A_DEASSIGN, TUI_A_REVIEW, TUI_A_SAVE, TUI_A_RELOAD,
    TUI_A_APPROVE, TUI_A_REJECT, TUI_A_SKIP, TUI_A_OPEN_FILE,
    TUI_A_COUNT
};

struct tui_key {
    int key;              /* curses key code or character */
    enum tui_action action;
    const char *keyname;  /* as the help screen shows it */
    const char *context;  /* view name; NULL: everywhere */
    const char *help;
};
/* The keymap in help order, ended by a TUI_A_NONE row; rows without a
 * keyname are aliases the help screen folds into the row above. */
extern const struct tui_key tui_keymap[];
/* The action key means in view (its rows first, then the global ones). */
enum tui_action tui_key_action(const char *view, int key);
/* The action of key in context only (NULL: the global rows). */
enum tui_action tui_key_context(const char *context, int key);

/* ---- views ---- */
enum {
    TUI_IGNORED = 0, /* the global keymap takes over */
    TUI_HANDLED = 1,
    TUI_REDRAW = 2   /* or-ed with TUI_HANDLED: redraw the screen */
};

struct tui;
struct tui_view;

struct tui_view_ops {
    const char *name;    /* "list", "details", ... (keymap context) */
    size_t private_size; /* zeroed block at v->priv */
    int cursor;          /* rows are selectable (else they scroll) */
    /* Fill the view; arg is view-specific.  0 or -1 (message set). */
    int (*open)(struct tui_view *v, const void *arg);
    long (*rows)(struct tui_view *v);
    /* Column titles above the rows, or NULL. */
    void (*header)(struct tui_view *v, int y, int width);
    void (*draw_row)(struct tui_view *v, long row, int y, int width, int selected);
    /* Draw the body itself instead of rows (port map); may be NULL. */
    void (*draw)(struct tui_view *v, int top, int height, int width);
    /* Right part of the status bar. */
    void (*status)(struct tui_view *v, char *buf, size_t len);
    int (*handle)(struct tui_view *v, int key, enum tui_action a);
    /* The screen changed size (rewrap); may be NULL. */
    void (*resize)(struct tui_view *v, int width);
    /* Another process changed the registry: t->rows holds the new rows
     * (old the previous ones, freed after every view was refreshed);
     * re-read what the view shows.  May be NULL. */
    void (*reread)(struct tui_view *v, const pr_rows *old);
    /* Deferred work before the view is drawn (the search filter after a
     * burst of keys); may be NULL. */
    void (*update)(struct tui_view *v);
    /* On top again after the view above closed; may be NULL. */
    void (*resume)(struct tui_view *v);
    /* Unsaved changes that leaving would lose?  May be NULL. */
    int (*dirty)(struct tui_view *v);
    void (*close)(struct tui_view *v);
};

struct tui_view {
    const struct tui_view_ops *ops;
    struct tui *t;
    long top, cur; /* first row shown; selected row */
    void *priv;
};

extern const struct tui_view_ops tui_view_list, tui_view_details, tui_view_map, tui_view_help,
    tui_view_form, tui_view_review;
/* What tui_view_form edits (the arg of its open). */
enum tui_form_kind { TUI_FORM_MODIFY, TUI_FORM_ASSIGN, TUI_FORM_DEASSIGN, TUI_FORM_REJECT };
struct pr_request;
struct tui_form_arg {
    int kind;
    const struct pr_row *row;       /* MODIFY, DEASSIGN: the service */
    const struct pr_request *req;   /* REJECT: the request */
};

/* ---- editing a line of text (line_edit.c) ---- */
/* A one-line editor of any length: UTF-8 text, a cursor, and the part
 * shown when the text is wider than its place (horizontal scrolling). */
struct tui_edit {
    char *s;          /* NUL-terminated; NULL until set */
    size_t len, cap;
    size_t cur;       /* cursor, a byte offset */
    size_t left;      /* first byte shown */
};
enum { TUI_EDIT_NONE = 0, TUI_EDIT_MOVED = 1, TUI_EDIT_CHANGED = 2 };
/* Set the text (cursor at its end).  0, or -1 when out of memory (the
 * text is then unchanged). */
int tui_edit_set(struct tui_edit *e, const char *s);
void tui_edit_release(struct tui_edit *e);
/* The text ("" before the first set). */
const char *tui_edit_text(const struct tui_edit *e);
/* Does key insert text (a printable character)? */
int tui_edit_printable(int key);
/* Apply key: printable characters insert at the cursor, the "edit" rows of
 * the keymap move and erase.  TUI_EDIT_CHANGED, _MOVED, or TUI_EDIT_NONE
 * when key is no editing key (Enter, Esc, Tab... are the caller's). */
int tui_edit_key(struct tui_edit *e, int key);
/* Draw in width columns at (y, x), scrolled so that the cursor shows;
 * returns the cursor's column. */
int tui_edit_draw(struct tui_edit *e, int y, int x, int width);

#define TUI_MAX_DEPTH 8
#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24
#define TUI_POLL_MS 400 /* how often other processes' changes are looked for */
#define TUI_BUSY_MS 250 /* a save waits this long for another writer, then says so */
struct pr_request_list;

struct tui {
    pr_store *store;
    pr_rows *rows;       /* the whole registry (read again when it changes) */
    char updated[32];    /* registry date */
    int colors;          /* colour pairs are set up */
    int utf8;            /* the locale's charset is UTF-8 */
    int quit;
    char message[256];   /* shown once on the bottom line */
    int prompt_active;   /* the bottom line is a prompt */
    char prompt_label[64]; /* "/" or "request file: " */
    struct tui_edit *prompt; /* its text, owned by the view that asks */
    int cursor_y, cursor_x; /* where a view wants the cursor (-1: hidden) */
    char confirm[256];   /* a y/n question on the bottom line, or "" */
    void (*confirm_fn)(struct tui *t, void *ud); /* run on 'y' */
    void *confirm_ud;
    const struct tui_options *opt;
    struct pr_request_list *requests; /* the review queue's requests */
    long long data_version; /* pr_store_data_version when last read */
    char store_problem[256]; /* why nothing can be saved now, or "" */
    char timing_note[320]; /* what the last key did, for the timing log */
    struct tui_view *stack[TUI_MAX_DEPTH];
    int depth;
    FILE *timing;        /* key-to-redraw log, or NULL */
};

/* Push a new view of ops (open(arg)); on failure the message says why and
 * the stack is unchanged.  Pop closes the top view (never the last). */
int tui_push(struct tui *t, const struct tui_view_ops *ops, const void *arg);
void tui_pop(struct tui *t);
void tui_message(struct tui *t, const char *fmt, ...) PR_PRINTF(2, 3);

/* Ask a y/n question; on 'y' call fn(t, ud) (ud must outlive the
 * question: the views stay as they are until it is answered). */
void tui_confirm(struct tui *t, void (*fn)(struct tui *t, void *ud), void *ud,
                 const char *fmt, ...) PR_PRINTF(4, 5);
/* The registry changed: load the rows again and refresh every view;
 * with pop, close every view but the list and show query in it (NULL:
 * keep its filter). */
int tui_reload(struct tui *t, const char *query, int pop);
/* Open the port map on port's block (-1: where it was, else 1024): the
 * map already open (closing the views above it), or a new one. */
void tui_open_map(struct tui *t, int port);
/* Move an open map to port's block (view_map.c). */
void tui_map_goto(struct tui_view *v, int port);
/* Read the registry's date (meta `updated`) into t->updated again. */
void tui_read_meta(struct tui *t);
/* Does any open view hold unsaved changes? */
int tui_dirty(struct tui *t);

/* Body geometry: first line and height of the rows area of the screen. */
int tui_body_top(void);
int tui_body_height(void);
/* Move v's cursor/scroll for a navigation action; returns TUI_HANDLED |
 * TUI_REDRAW when a, else TUI_IGNORED. */
int tui_view_navigate(struct tui_view *v, enum tui_action a);
void tui_view_clamp(struct tui_view *v);

/* ---- drawing ---- */
enum tui_style {
    TUI_S_NORMAL = 0, TUI_S_TITLE, TUI_S_STATUS, TUI_S_SELECTED, TUI_S_HEADER,
    TUI_S_ASSIGNED, TUI_S_RESERVED, TUI_S_UNASSIGNED, TUI_S_LABEL, TUI_S_DIM,
    TUI_S_COUNT
};
/* Attribute for a style: colours when available, else reverse/bold/dim. */
unsigned tui_attr(const struct tui *t, enum tui_style s);
/* Draw UTF-8 s at (y, x) in at most width columns, through the output gate
 * (pr_text_safe: control characters and bad UTF-8 become U+FFFD, a newline
 * shows as "↵"); pad with spaces to width when pad.  Returns the columns
 * used. */
int tui_put(int y, int x, const char *s, int width, int pad);
/* The same, ending in "…" when s does not fit. */
int tui_put_clip(int y, int x, const char *s, int width);
/* Display width of UTF-8 s, and of its first n bytes. */
int tui_width(const char *s);
int tui_width_n(const char *s, size_t n);
/* Bytes of the character at s (1 for an invalid byte). */
size_t tui_char_len(const char *s);
/* Draw ASCII only (the locale's charset is not UTF-8): every non-ASCII
 * character the TUI writes becomes its fallback ("§" -> "Sec.", "·" ->
 * "-", Latin-1 letters without their accents), others '?'. */
void tui_set_ascii(int on);
/* A list of lines (owned strings). */
struct tui_lines {
    char **v;
    size_t n, cap;
};
void tui_lines_clear(struct tui_lines *l);
void tui_lines_add(struct tui_lines *l, const char *s);
/* Add text as lines of at most width columns (at spaces where possible,
 * and at newlines), indented by indent spaces after the first. */
void tui_lines_wrap(struct tui_lines *l, const char *text, int width, int indent);
/* Findings as lines: "reject rule: message", "see ...", "suggest: ...". */
struct pr_findings;
void tui_findings_lines(struct tui_lines *l, const struct pr_findings *f, int width);
/* "14,444" */
void tui_thousands(char *buf, size_t len, long n);

#endif
