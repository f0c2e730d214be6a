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

static void draw(struct tui *t)
{
    struct tui_view *v = t->stack[t->depth - 1];
    char buf[512], right[256] = "";
    int w = COLS;

    erase();
    if (COLS < 40 || LINES < 10) {
        tui_put(0, 0, "portreg tui: the terminal is too small (80x24 or more)", w, 0);
        return;
    }
    attrset(tui_attr(t, TUI_S_TITLE));
    snprintf(buf, sizeof buf, " portreg · %s", v->ops->name);
    if (!t->utf8)
        snprintf(buf, sizeof buf, " portreg - %s", v->ops->name);
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
    snprintf(buf, sizeof buf, " registry %s ", t->updated[0] ? t->updated : "(undated)");
    tui_put(LINES - 2, 0, buf, w, 1);
    int rw = tui_width(right);
    if (rw > w - tui_width(buf))
        rw = w - tui_width(buf);
    tui_put(LINES - 2, w - rw - 1, right, rw, 0);
    attrset(A_NORMAL);

    if (t->confirm[0]) {
        attrset(A_BOLD);
        tui_put(LINES - 1, 0, t->confirm, w - 1, 0);
        attrset(A_NORMAL);
        curs_set(0);
    } else if (t->prompt_active) {
        /* the prompt keeps its end in view */
        const char *q = t->prompt;
        int lw = tui_put(LINES - 1, 0, t->prompt_label, w / 2, 0);
        while (tui_width(q) > w - lw - 2 && *q)
            q++;
        int x = lw + tui_put(LINES - 1, lw, q, w - lw - 1, 0);
        curs_set(1);
        move(LINES - 1, x);
    } else {
        curs_set(0);
        if (t->message[0])
            tui_put(LINES - 1, 0, t->message, w, 0);
        t->message[0] = 0;
    }
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
            tui_confirm(t, do_quit, NULL, "quit without saving the form? (y/n)");
        else
            t->quit = 1;
        break;
    case TUI_A_BACK:
        if (t->depth > 1 && v->ops->dirty && v->ops->dirty(v))
            tui_confirm(t, do_back, NULL, "leave the form without saving? (y/n)");
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
        if (v->ops != &tui_view_map)
            tui_push(t, &tui_view_map, NULL);
        break;
    case TUI_A_SEARCH:
        if (tui_dirty(t))
            tui_confirm(t, do_search, NULL, "leave the form without saving? (y/n)");
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
 * characters with TUI_WCHAR set. */
static int read_key(void)
{
    wint_t wc;
    int r = get_wch(&wc);
    if (r == ERR)
        return -1;
    if (r == KEY_CODE_YES)
        return (int)wc;
    return wc < 128 ? (int)wc : TUI_WCHAR | (int)wc;
}

/* Unknown fields of a request file: said before the screen is taken. */
static void warn_request(const char *file, long line, const char *msg, void *ud)
{
    (void)ud;
    fprintf(stderr, "portreg: warning: %s:%ld: %s\n", file, line, msg);
}

static int init_screen(struct tui *t, pr_error *err)
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
    setup_colors(t);
    return 0;
}

int tui_run(pr_store *store, const struct tui_options *opt, pr_error *err)
{
    struct tui t;
    int rc = 0;

    memset(&t, 0, sizeof t);
    t.store = store;
    t.opt = opt;
    setlocale(LC_ALL, "");
    t.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
    if ((rc = pr_rows_load(store, &t.rows, err)))
        goto out;
    tui_read_meta(&t);
    if (opt && opt->timing_log && !(t.timing = fopen(opt->timing_log, "a"))) {
        rc = pr_error_set(err, PR_EIO, "cannot open timing log '%s'", opt->timing_log);
        goto out;
    }
    /* --review FILE...: every file parsed before the screen is taken; a
     * request with problems (or a file that cannot be read) stays in the
     * queue, marked, and cannot be approved */
    for (size_t i = 0; opt && i < opt->n_review; i++) {
        if (!t.requests && !(t.requests = calloc(1, sizeof *t.requests))) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = pr_request_parse_file(opt->review_files[i], t.requests, warn_request, NULL,
                                        err)) == PR_ENOMEM)
            goto out;
        rc = 0;
        pr_error_clear(err);
    }
    if ((rc = init_screen(&t, err)))
        goto out;
    if (tui_push(&t, &tui_view_list, NULL)) {
        rc = pr_error_set(err, PR_ENOMEM, "%s", t.message);
        goto out;
    }
    /* --review FILE...: the queue first (a bad file: the message says) */
    if (t.requests)
        tui_push(&t, &tui_view_review, NULL);
    draw(&t);
    refresh();
    while (!t.quit) {
        int key = read_key();
        if (key < 0)
            continue;
        double t0 = now_ms();
        struct tui_view *v = t.stack[t.depth - 1];
        t.timing_note[0] = 0;
        if (key == KEY_RESIZE) {
            resize(&t);
        } else if (t.confirm[0]) {
            confirm_key(&t, key);
        } else {
            int r = v->ops->handle ? v->ops->handle(v, key, tui_key_action(v->ops->name, key))
                                   : TUI_IGNORED;
            if (r == TUI_IGNORED)
                global_key(&t, key);
        }
        if (t.quit)
            break;
        draw(&t);
        refresh();
        if (t.timing) {
            fprintf(t.timing, "key %d\tview %s\t%.3f ms\t%s\n", key, t.stack[t.depth - 1]->ops->name,
                    now_ms() - t0, t.timing_note);
            fflush(t.timing);
        }
    }
out:
    while (t.depth > 0) {
        struct tui_view *v = t.stack[--t.depth];
        if (v->ops->close)
            v->ops->close(v);
        free(v->priv);
        free(v);
    }
    restore_terminal();
    if (screen) {
        delscreen(screen);
        screen = NULL;
    }
    if (t.timing)
        fclose(t.timing);
    pr_rows_free(t.rows);
    if (t.requests)
        pr_request_list_release(t.requests);
    free(t.requests);
    free(t.decisions);
    free(t.verdicts);
    return rc;
}
