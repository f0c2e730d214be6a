/* tui.c - portreg tui's main loop: terminal set-up and restore (on exit,
 * on a fatal signal), the screen frame (title, body, status bar, message or
 * prompt line), key dispatch to the top view then the global keymap, resize,
 * and the optional key-to-redraw timing log. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include "rules.h"

#include <langinfo.h>
#include <locale.h>
#include <ncurses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t curses_on;
static SCREEN *screen;

static void restore_terminal(void)
{
    if (curses_on) {
        curses_on = 0;
        endwin();
    }
}

/* A fatal signal: give the terminal back, then die of the same signal. */
static void on_fatal(int sig)
{
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_fatal(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE,
                               SIGABRT, SIGILL};
    static int done;
    if (!done)
        atexit(restore_terminal);
    done = 1;
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

static void setup_colors(struct tui *t)
{
    const char *no = getenv("NO_COLOR");
    t->colors = 0;
    if ((no && *no) || !has_colors() || start_color() != OK)
        return;
    use_default_colors();
    init_pair(1, COLOR_WHITE, COLOR_BLUE);
    init_pair(2, COLOR_BLACK, COLOR_CYAN);
    init_pair(3, COLOR_GREEN, -1);
    init_pair(4, COLOR_YELLOW, -1);
    init_pair(5, COLOR_BLUE, -1);
    init_pair(6, COLOR_CYAN, -1);
    t->colors = 1;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Smaller than the frame needs: say so, centred, instead of a broken one. */
static void draw_too_small(struct tui *t)
{
    char buf[128];
    int y = LINES / 2 - 1 > 0 ? LINES / 2 - 1 : 0;
    snprintf(buf, sizeof buf, "terminal too small: needs %dx%d, have %dx%d", TUI_MIN_COLS,
             TUI_MIN_LINES, COLS, LINES);
    int w = tui_width(buf);
    attrset(A_BOLD);
    tui_put(y, w < COLS ? (COLS - w) / 2 : 0, buf, COLS, 0);
    attrset(A_NORMAL);
    snprintf(buf, sizeof buf, "%s", tui_dirty(t) ? "enlarge it to go on with the form"
                                                 : "enlarge it to go on, or q to quit");
    w = tui_width(buf);
    if (y + 1 < LINES)
        tui_put(y + 1, w < COLS ? (COLS - w) / 2 : 0, buf, COLS, 0);
    curs_set(0);
}

static int too_small(void)
{
    return COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
}

static void draw(struct tui *t)
{
    struct tui_view *v = t->stack[t->depth - 1];
    char buf[512], right[256] = "";
    int w = COLS;

    erase();
    t->cursor_y = t->cursor_x = -1;
    if (too_small()) {
        draw_too_small(t);
        return;
    }
    attrset(tui_attr(t, TUI_S_TITLE));
    snprintf(buf, sizeof buf, " portreg · %s", v->ops->name);
    tui_put(0, 0, buf, w, 1);
    const char *hint = "? help  q quit ";
    tui_put(0, w - (int)strlen(hint), hint, (int)strlen(hint), 0);
    attrset(A_NORMAL);

    int top = tui_body_top(), h = tui_body_height();
    tui_view_clamp(v);
    if (v->ops->draw) {
        v->ops->draw(v, top, h, w);
    } else {
        if (v->ops->header) {
            v->ops->header(v, top++, w);
            h--;
        }
        long n = v->ops->rows ? v->ops->rows(v) : 0;
        for (int y = 0; y < h && v->top + y < n; y++) {
            long row = v->top + y;
            int sel = v->ops->cursor && row == v->cur;
            attrset(sel ? tui_attr(t, TUI_S_SELECTED) : A_NORMAL);
            v->ops->draw_row(v, row, top + y, w, sel);
            attrset(A_NORMAL);
        }
    }

    if (v->ops->status)
        v->ops->status(v, right, sizeof right);
    attrset(tui_attr(t, TUI_S_STATUS));
    if (t->store_problem[0]) {
        attrset(tui_attr(t, TUI_S_STATUS) | A_BOLD);
        snprintf(buf, sizeof buf, " %s ", t->store_problem);
        right[0] = 0; /* the problem matters more */
    } else {
        snprintf(buf, sizeof buf, " registry %s ", t->updated[0] ? t->updated : "(undated)");
    }
    tui_put(LINES - 2, 0, buf, w, 1);
    int rw = tui_width(right);
    if (rw > w - tui_width(buf) - 1)
        rw = w - tui_width(buf) - 1;
    tui_put(LINES - 2, w - rw - 1, right, rw, 0);
    attrset(A_NORMAL);

    if (t->confirm[0]) {
        attrset(A_BOLD);
        tui_put(LINES - 1, 0, t->confirm, w - 1, 0);
        attrset(A_NORMAL);
        t->cursor_y = -1;
    } else if (t->prompt_active && t->prompt) {
        int lw = tui_put(LINES - 1, 0, t->prompt_label, w / 2, 0);
        t->cursor_y = LINES - 1;
        t->cursor_x = tui_edit_draw(t->prompt, LINES - 1, lw, w - lw - 1);
    } else if (t->message[0]) {
        tui_put_clip(LINES - 1, 0, t->message, w - 1);
    }
    t->message[0] = 0;
    if (t->cursor_y >= 0) {
        curs_set(1);
        move(t->cursor_y, t->cursor_x);
    } else {
        curs_set(0);
    }
}

void tui_frame(struct tui *t)
{
    for (int i = 0; i < t->depth; i++)
        if (t->stack[i]->ops->update)
            t->stack[i]->ops->update(t->stack[i]);
    draw(t);
}

void tui_confirm(struct tui *t, void (*fn)(struct tui *t, void *ud), void *ud,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->confirm, sizeof t->confirm, fmt, ap);
    va_end(ap);
    t->confirm_fn = fn;
    t->confirm_ud = ud;
}

static void do_quit(struct tui *t, void *ud)
{
    (void)ud;
    t->quit = 1;
}

static void do_back(struct tui *t, void *ud)
{
    (void)ud;
    tui_pop(t);
}

/* '/' anywhere: back to the list, its prompt open. */
static void do_search(struct tui *t, void *ud)
{
    (void)ud;
    while (t->depth > 1)
        tui_pop(t);
    t->stack[0]->ops->handle(t->stack[0], '/', TUI_A_SEARCH);
}

/* The answer to a y/n question. */
static void confirm_key(struct tui *t, int key)
{
    void (*fn)(struct tui *, void *) = t->confirm_fn;
    void *ud = t->confirm_ud;
    t->confirm[0] = 0;
    t->confirm_fn = NULL;
    if (key == 'y' || key == 'Y')
        fn(t, ud);
}

void tui_read_meta(struct tui *t)
{
    char *updated = NULL;
    t->updated[0] = 0;
    if (pr_store_meta_get(t->store, "updated", &updated, NULL) == 0 && updated)
        snprintf(t->updated, sizeof t->updated, "%s", updated);
    free(updated);
}

/* The global keymap, after the top view ignored a key. */
static void global_key(struct tui *t, int key)
{
    struct tui_view *v = t->stack[t->depth - 1];
    switch (tui_key_action(v->ops->name, key)) {
    case TUI_A_QUIT:
        if (tui_dirty(t))
            tui_confirm(t, do_quit, NULL, "quit and discard the changes made in the form? (y/n)");
        else
            t->quit = 1;
        break;
    case TUI_A_BACK:
        if (t->depth > 1 && v->ops->dirty && v->ops->dirty(v))
            tui_confirm(t, do_back, NULL, "discard the changes made in the form? (y/n)");
        else if (t->depth > 1)
            tui_pop(t);
        break;
    case TUI_A_REVIEW:
        if (v->ops != &tui_view_review)
            tui_push(t, &tui_view_review, NULL);
        break;
    case TUI_A_HELP:
        if (v->ops != &tui_view_help)
            tui_push(t, &tui_view_help, NULL);
        break;
    case TUI_A_MAP:
        tui_open_map(t, -1);
        break;
    case TUI_A_SEARCH:
        if (tui_dirty(t))
            tui_confirm(t, do_search, NULL, "discard the changes made in the form? (y/n)");
        else
            do_search(t, NULL);
        break;
    case TUI_A_REDRAW:
        clearok(curscr, TRUE);
        break;
    case TUI_A_NONE:
        break;
    default:
        tui_view_navigate(v, tui_key_action(v->ops->name, key));
        break;
    }
}

void tui_open_map(struct tui *t, int port)
{
    for (int i = t->depth - 1; i >= 0; i--)
        if (t->stack[i]->ops == &tui_view_map) {
            while (t->depth > i + 1)
                tui_pop(t);
            if (port >= 0)
                tui_map_goto(t->stack[i], port);
            return;
        }
    tui_push(t, &tui_view_map, &port);
}

static void resize(struct tui *t)
{
    for (int i = 0; i < t->depth; i++) {
        if (t->stack[i]->ops->resize)
            t->stack[i]->ops->resize(t->stack[i], COLS);
        tui_view_clamp(t->stack[i]);
    }
    clearok(curscr, TRUE);
}

/* Keys as the views see them: curses key codes and ASCII as is, other
 * characters with TUI_WCHAR set.  Waits up to wait_ms (0: only a key that
 * has arrived already); -1 when none came. */
int tui_read_key(int wait_ms)
{
    wint_t wc;
    timeout(wait_ms);
    int r = get_wch(&wc);
    if (r == ERR)
        return -1;
    if (r == KEY_CODE_YES)
        return (int)wc;
    if (wc == 27) {
        /* Esc with a key right behind it (there within ESCDELAY) is no
         * Esc: "[" or "O" start an escape sequence the terminal
         * description does not know ("\e[4~"), anything else is Alt and
         * that key (a terminal sends Alt+x as Esc x).  Either is dropped
         * whole: read as Esc it would undo an edit or offer to discard the
         * form, read as text it would type.  Esc Esc stays two Escs. */
        timeout(0);
        r = get_wch(&wc);
        if (r == ERR)
            return 27;
        if (r != KEY_CODE_YES && wc == 27) {
            unget_wch(wc);
            return 27;
        }
        if (r == KEY_CODE_YES || (wc != '[' && wc != 'O'))
            return -2; /* Alt+key: nothing */
        while ((r = get_wch(&wc)) != ERR && (r == KEY_CODE_YES || wc < 0x40 || wc > 0x7e))
            ;
        return -2; /* nothing */
    }
    return wc < 128 ? (int)wc : TUI_WCHAR | (int)wc;
}

/* One key, to the question asked, the top view, then the global keymap. */
void tui_handle_key(struct tui *t, int key)
{
    struct tui_view *v = t->stack[t->depth - 1];
    if (key == KEY_RESIZE) {
        resize(t);
    } else if (too_small()) {
        /* nothing acts unseen; q leaves unless a form would be lost */
        if (key == 'q' && !tui_dirty(t))
            t->quit = 1;
    } else if (t->confirm[0]) {
        confirm_key(t, key);
    } else {
        int r = v->ops->handle ? v->ops->handle(v, key, tui_key_action(v->ops->name, key))
                               : TUI_IGNORED;
        if (r == TUI_IGNORED)
            global_key(t, key);
    }
}

/* Did another process change the registry, or the database file go away
 * or become read-only?  Refresh the views, say so; 1 when the screen
 * changed. */
int tui_poll_store(struct tui *t)
{
    pr_error err = {0};
    char problem[sizeof t->store_problem] = "";
    long long version;
    int changed = 0;

    int rc = pr_store_check(t->store, &err);
    if (rc)
        snprintf(problem, sizeof problem, "database %s: nothing can be saved",
                 rc == PR_ENOTFOUND ? "file removed or replaced" : "read-only");
    if (strcmp(problem, t->store_problem)) {
        memcpy(t->store_problem, problem, sizeof problem);
        if (rc)
            tui_message(t, "%s", err.msg); /* the whole story, once */
        changed = 1;
    }
    if (pr_store_data_version(t->store, &version, &err) == 0 && version != t->data_version) {
        double t0 = now_ms();
        t->data_version = version;
        tui_reload(t, NULL, 0);
        if (t->timing) {
            fprintf(t->timing, "refresh\tview %s\t%.3f ms\tthe registry changed elsewhere\n",
                    t->stack[t->depth - 1]->ops->name, now_ms() - t0);
            fflush(t->timing);
        }
        if (!t->message[0]) /* a view may have said more */
            tui_message(t, "the registry was changed by another process: shown again");
        changed = 1;
    }
    return changed;
}

/* Unknown fields of a request file: said before the screen is taken. */
static void warn_request(const char *file, long line, const char *msg, void *ud)
{
    (void)ud;
    /* The file name is the user's, the message may quote the file: through
     * the gate (docs/security.md). */
    char *sf = pr_text_safe_dup(file, 0), *sm = pr_text_safe_dup(msg, 0);
    fprintf(stderr, "portreg: warning: %s:%ld: %s\n", sf ? sf : "?", line, sm ? sm : "?");
    free(sf);
    free(sm);
}

static int init_screen(pr_error *err)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return pr_error_set(err, PR_EINVAL, "tui: needs a terminal");
    catch_fatal();
    if (!(screen = newterm(NULL, stdout, stdin)))
        return pr_error_set(err, PR_EINVAL, "tui: cannot use terminal '%s'",
                            getenv("TERM") ? getenv("TERM") : "(unset)");
    curses_on = 1;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    /* Ctrl-S saves: no XON/XOFF flow control (Ctrl-C still interrupts) */
    struct termios tio;
    if (tcgetattr(STDIN_FILENO, &tio) == 0) {
        tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
        tcsetattr(STDIN_FILENO, TCSANOW, &tio);
        def_prog_mode();
    }
    return 0;
}

/* --review FILE...: every file parsed before the screen is taken; a
 * request with problems (or a file that cannot be read) stays in the
 * queue, marked, and cannot be approved.  0 or PR_ENOMEM. */
static int load_requests(struct tui *t, const struct tui_options *opt, pr_error *err)
{
    for (size_t i = 0; opt && i < opt->n_review; i++) {
        if (!t->requests && !(t->requests = calloc(1, sizeof *t->requests)))
            return pr_error_set(err, PR_ENOMEM, "out of memory");
        if (pr_request_parse_file(opt->review_files[i], t->requests, warn_request, NULL, err) ==
            PR_ENOMEM)
            return PR_ENOMEM;
        pr_error_clear(err);
    }
    return 0;
}

/* Keys that came faster than the screen is drawn, from key on, all
 * handled (at most 4096); the last one into *last.  How many. */
static int handle_burst(struct tui *t, int key, int *last)
{
    int n = 0;
    for (;;) {
        tui_handle_key(t, key);
        *last = key;
        if (t->quit || ++n >= 4096)
            break;
        while ((key = tui_read_key(0)) == -2)
            ;
        if (key < 0)
            break;
    }
    return n;
}

/* Until the user quits: keys handled and the screen drawn once after each
 * burst; between keys the store is polled for other processes' changes
 * (data_version) every TUI_POLL_MS. */
static void event_loop(struct tui *t)
{
    tui_poll_store(t);
    draw(t);
    refresh();
    double last_poll = now_ms();
    while (!t->quit) {
        int key = tui_read_key(TUI_POLL_MS), last;
        if (key == -2)
            continue;
        if (key < 0) {
            last_poll = now_ms();
            if (tui_poll_store(t)) {
                draw(t);
                refresh();
            }
            continue;
        }
        double t0 = now_ms();
        t->timing_note[0] = 0;
        int n = handle_burst(t, key, &last);
        if (t->quit)
            break;
        if (t0 - last_poll >= TUI_POLL_MS) {
            last_poll = t0;
            tui_poll_store(t);
        }
        tui_frame(t);
        refresh();
        if (t->timing) {
            fprintf(t->timing, "key %d\tview %s\t%.3f ms\t%s%s\n", last,
                    t->stack[t->depth - 1]->ops->name, now_ms() - t0, t->timing_note,
                    n > 1 ? " (several keys)" : "");
            fflush(t->timing);
        }
    }
}

int tui_open(struct tui *t, pr_store *store, const struct tui_options *opt, pr_error *err)
{
    memset(t, 0, sizeof *t);
    t->store = store;
    t->opt = opt;
    setlocale(LC_ALL, "");
    t->utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
    tui_set_ascii(!t->utf8);
    /* a save while another process writes: a moment, then a message and
     * the form as it was, never a frozen screen (pr_store_busy names it) */
    pr_store_set_busy_wait(store, TUI_BUSY_MS);
    int rc = pr_rows_load(store, &t->rows, err);
    if (rc)
        return rc;
    tui_read_meta(t);
    if (opt && opt->timing_log && !(t->timing = fopen(opt->timing_log, "a")))
        return pr_error_set(err, PR_EIO, "cannot open timing log '%s'", opt->timing_log);
    return load_requests(t, opt, err);
}

int tui_start(struct tui *t, pr_error *err)
{
    setup_colors(t);
    pr_store_data_version(t->store, &t->data_version, NULL);
    if (tui_push(t, &tui_view_list, NULL))
        return pr_error_set(err, PR_ENOMEM, "%s", t->message);
    /* --review FILE...: the queue first (a bad file: the message says) */
    if (t->requests)
        tui_push(t, &tui_view_review, NULL);
    return 0;
}

void tui_close(struct tui *t)
{
    while (t->depth > 0) {
        struct tui_view *v = t->stack[--t->depth];
        if (v->ops->close)
            v->ops->close(v);
        free(v->priv);
        free(v);
    }
    if (t->timing)
        fclose(t->timing);
    pr_rows_free(t->rows);
    if (t->requests)
        pr_request_list_release(t->requests);
    free(t->requests);
    t->timing = NULL;
    t->rows = NULL;
    t->requests = NULL;
}

int tui_run(pr_store *store, const struct tui_options *opt, pr_error *err)
{
    struct tui t;
    int rc = tui_open(&t, store, opt, err);
    if (!rc && !(rc = init_screen(err)) && !(rc = tui_start(&t, err)))
        event_loop(&t);
    tui_close(&t);
    restore_terminal();
    if (screen) {
        delscreen(screen);
        screen = NULL;
    }
    return rc;
}
