/* test_tui.c - the TUI's views driven in this process (tui/, linked as
 * portreg_tui) on a virtual 80x24 screen: ncurses writes to /dev/null and
 * reads keys from a pipe, the test hands keys to tui_handle_key and reads
 * the screen back after each frame.  What the user sees and what reaches
 * the database are checked, as the tmux cases (tests/tui) do through tmux, without a
 * terminal or a wait: a case here costs milliseconds. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "check.h"
#include "edit.h"
#include "importers.h"
#include "tui.h"

#include <fcntl.h>
#include <locale.h>
#include <ncurses.h>
#include <wchar.h>

#ifndef CTRL
#define CTRL(c) ((c) & 0x1f)
#endif

static struct tui T;
static pr_store *store;
static char *dbpath;
static SCREEN *scr;
static FILE *scr_in, *scr_out;
static int key_pipe = -1; /* write end: raw bytes for tui_read_key */
static long long now;

/* ---- the session ---- */

static pr_store *open_store(const char *author)
{
    pr_store *s = NULL;
    pr_error err = {0};
    if (pr_store_open(&s, dbpath, PR_STORE_CREATE, &err) || pr_store_set_clock(s, now, &err) ||
        pr_store_set_author(s, author, &err)) {
        fprintf(stderr, "store: %s\n", err.msg);
        exit(1);
    }
    return s;
}

/* A fresh database with file imported, the TUI on it (review: request
 * files for the queue, NULL-terminated, or NULL). */
static void session(const char *file, const char **review)
{
    pr_error err = {0};
    struct pr_import_result ir;
    static struct tui_options opt;
    dbpath = check_tmpdb();
    store = open_store("tester");
    if (pr_import_file(store, file, NULL, 0, &ir, &err)) {
        fprintf(stderr, "import %s: %s\n", file, err.msg);
        exit(1);
    }
    memset(&opt, 0, sizeof opt);
    opt.review_files = review;
    while (review && review[opt.n_review])
        opt.n_review++;
    int fds[2];
    if (pipe(fds)) {
        perror("pipe");
        exit(1);
    }
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    key_pipe = fds[1];
    scr_in = fdopen(fds[0], "r");
    scr_out = fopen("/dev/null", "w");
    CHECK_INT(tui_open(&T, store, &opt, &err), 0);
    if (!(scr = newterm("xterm-256color", scr_out, scr_in))) {
        fprintf(stderr, "skipped: no terminfo for xterm-256color\n");
        exit(77);
    }
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    CHECK_INT(tui_start(&T, &err), 0);
    tui_frame(&T);
}

static void end(void)
{
    tui_close(&T);
    endwin();
    delscreen(scr);
    fclose(scr_in);
    fclose(scr_out);
    close(key_pipe);
    pr_store_free(store);
    check_rmdb(dbpath);
}

/* ---- keys and the screen ---- */

static void key(int k)
{
    tui_handle_key(&T, k);
    tui_frame(&T);
}

#define KEYS(...)                                                            \
    do {                                                                     \
        static const int ks_[] = {__VA_ARGS__};                              \
        for (size_t i_ = 0; i_ < sizeof ks_ / sizeof *ks_; i_++)             \
            key(ks_[i_]);                                                    \
    } while (0)

/* UTF-8 text as the keys a terminal sends */
static void type(const char *s)
{
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    while (*s) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, s, strlen(s), &ps);
        if (n == (size_t)-1 || n == (size_t)-2 || !n)
            n = 1, wc = (unsigned char)*s;
        key(wc < 128 ? (int)wc : TUI_WCHAR | (int)wc);
        s += n;
    }
}

/* The screen as UTF-8 lines. */
static const char *screen(void)
{
    static char buf[16384];
    size_t o = 0;
    for (int y = 0; y < LINES; y++) {
        wchar_t line[512];
        char mb[2048];
        int n = mvinnwstr(y, 0, line, COLS < 511 ? COLS : 511);
        line[n > 0 ? n : 0] = 0;
        size_t k = wcstombs(mb, line, sizeof mb - 1);
        if (k == (size_t)-1)
            k = 0;
        mb[k] = 0;
        while (k && mb[k - 1] == ' ')
            mb[--k] = 0;
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s\n", mb);
    }
    return buf;
}

/* Line y of the screen, as drawn (padded to the width). */
static const char *line(int y)
{
    static char mb[2048];
    wchar_t w[512];
    int n = mvinnwstr(y, 0, w, COLS < 511 ? COLS : 511);
    w[n > 0 ? n : 0] = 0;
    size_t k = wcstombs(mb, w, sizeof mb - 1);
    mb[k == (size_t)-1 ? 0 : k] = 0;
    return mb;
}

static int shows(const char *text)
{
    return strstr(screen(), text) != NULL;
}

#define SHOWS(text)                                                          \
    do {                                                                     \
        check_count++;                                                       \
        if (!shows(text)) {                                                  \
            check_failures++;                                                \
            fprintf(stderr, "%s:%d: the screen lacks \"%s\":\n%s", __FILE__, __LINE__, \
                    (text), screen());                                       \
        }                                                                    \
    } while (0)

#define LACKS(text)                                                          \
    do {                                                                     \
        check_count++;                                                       \
        if (shows(text)) {                                                   \
            check_failures++;                                                \
            fprintf(stderr, "%s:%d: the screen shows \"%s\":\n%s", __FILE__, __LINE__, \
                    (text), screen());                                       \
        }                                                                    \
    } while (0)

static const char *top_view(void)
{
    return T.stack[T.depth - 1]->ops->name;
}

/* ---- the database ---- */

struct hist {
    int n;
    char last[512];
};

static int hist_cb(const struct pr_history_change *c, void *ud)
{
    struct hist *h = ud;
    h->n++;
    snprintf(h->last, sizeof h->last, "%s", c->summary ? c->summary : c->command);
    return 0;
}

/* How many changes the history holds; the last one's summary in *last. */
static int changes(const char **last)
{
    static struct hist h;
    struct pr_history_filter f;
    pr_error err = {0};
    memset(&h, 0, sizeof h);
    pr_history_filter_init(&f);
    pr_history_each(store, &f, hist_cb, &h, &err);
    if (last)
        *last = h.last;
    return h.n;
}

/* A field of service name's first record, as stored. */
static const char *stored(const char *name, const char *field)
{
    static char buf[1024];
    pr_edit_base *base = NULL;
    pr_error err = {0};
    const struct pr_record *r;
    buf[0] = 0;
    if (pr_edit_base_load(store, name, NULL, &base, &err))
        return "(not found)";
    pr_edit_base_records(base, &r);
    const char *v = !strcmp(field, "description") ? r->description
                  : !strcmp(field, "protocol") ? r->protocol : r->number;
    snprintf(buf, sizeof buf, "%s", v ? v : "");
    pr_edit_base_free(base);
    return buf;
}

/* ---- the cases ---- */

/* q over a form with unsaved changes asks first (help opened over it, so
 * that q is no text); n keeps the form, y quits. */
static void quit_dirty(void)
{
    session(PR_TESTDATA "/sample.xml", NULL);
    key('/');
    type("pop3s");
    KEYS('\n', 'e');
    SHOWS("edit pop3s: every record of the service");
    KEYS('\n', CTRL('u'));
    type("changed");
    key('\n');
    SHOWS("unsaved | Enter or typing edits");
    key(KEY_F(1));
    CHECK_STR(top_view(), "help");
    key('q');
    SHOWS("quit and discard the changes made in the form? (y/n)");
    CHECK_INT(T.quit, 0);
    key('n');
    CHECK_INT(T.quit, 0);
    key(27);
    CHECK_STR(top_view(), "form");
    SHOWS("> description   * changed");
    key(KEY_F(1));
    KEYS('q', 'y');
    CHECK_INT(T.quit, 1);
    CHECK_INT(changes(NULL), 0);
    CHECK_STR(stored("pop3s", "description"), "POP3 over TLS protocol");
    end();
}


/* The line editor of forms and prompts: every editing key, by characters
 * (UTF-8), and the horizontal scrolling that keeps the cursor shown. */
static void line_edit(void)
{
    struct tui_edit e;
    memset(&e, 0, sizeof e);
    CHECK_STR(tui_edit_text(&e), "");
    CHECK_INT(tui_edit_key(&e, KEY_LEFT), TUI_EDIT_MOVED); /* before any set */
    CHECK_INT(tui_edit_key(&e, KEY_BACKSPACE), TUI_EDIT_CHANGED); /* at 0: nothing */
    CHECK_STR(tui_edit_text(&e), "");
    CHECK_INT(tui_edit_key(&e, KEY_F(5)), TUI_EDIT_NONE);
    CHECK_INT(tui_edit_key(&e, TUI_WCHAR | 0x85), TUI_EDIT_NONE); /* NEL: no text */
    CHECK(!tui_edit_printable(TUI_WCHAR | 0x85));
    CHECK(tui_edit_printable(TUI_WCHAR | 0xe9));
    CHECK(!tui_edit_printable(127));
    tui_edit_key(&e, 'w');
    tui_edit_key(&e, TUI_WCHAR | 0xf6); /* ö */
    tui_edit_key(&e, 'r');
    CHECK_STR(tui_edit_text(&e), "w\xc3\xb6r");
    CHECK_INT(e.cur, 4);
    tui_edit_key(&e, KEY_LEFT);
    CHECK_INT(e.cur, 3);
    tui_edit_key(&e, CTRL('b')); /* over ö's two bytes */
    CHECK_INT(e.cur, 1);
    tui_edit_key(&e, KEY_RIGHT);
    CHECK_INT(e.cur, 3);
    tui_edit_key(&e, CTRL('f'));
    tui_edit_key(&e, CTRL('f')); /* at the end: stays */
    CHECK_INT(e.cur, 4);
    tui_edit_key(&e, KEY_DC); /* at the end: nothing */
    CHECK_STR(tui_edit_text(&e), "w\xc3\xb6r");
    tui_edit_key(&e, CTRL('a'));
    CHECK_INT(e.cur, 0);
    tui_edit_key(&e, CTRL('d'));
    CHECK_STR(tui_edit_text(&e), "\xc3\xb6r");
    tui_edit_key(&e, KEY_DC); /* ö whole */
    CHECK_STR(tui_edit_text(&e), "r");
    tui_edit_key(&e, CTRL('e'));
    CHECK_INT(e.cur, 1);
    tui_edit_key(&e, KEY_HOME);
    tui_edit_key(&e, KEY_END);
    CHECK_INT(e.cur, 1);
    tui_edit_key(&e, 127);
    CHECK_STR(tui_edit_text(&e), "");
    /* words: Ctrl-W takes the word before the cursor and the spaces after it */
    CHECK_INT(tui_edit_set(&e, "one two  three"), 0);
    tui_edit_key(&e, CTRL('w'));
    CHECK_STR(tui_edit_text(&e), "one two  ");
    tui_edit_key(&e, CTRL('w'));
    CHECK_STR(tui_edit_text(&e), "one ");
    tui_edit_key(&e, CTRL('h'));
    CHECK_STR(tui_edit_text(&e), "one");
    tui_edit_key(&e, CTRL('w'));
    CHECK_STR(tui_edit_text(&e), "");
    tui_edit_key(&e, CTRL('w')); /* at 0 */
    CHECK_STR(tui_edit_text(&e), "");
    /* Ctrl-U up to the cursor, Ctrl-K from it */
    tui_edit_set(&e, "abcdef");
    tui_edit_key(&e, KEY_LEFT);
    tui_edit_key(&e, KEY_LEFT);
    tui_edit_key(&e, CTRL('u'));
    CHECK_STR(tui_edit_text(&e), "ef");
    CHECK_INT(e.cur, 0);
    tui_edit_key(&e, KEY_RIGHT);
    tui_edit_key(&e, CTRL('k'));
    CHECK_STR(tui_edit_text(&e), "e");
    CHECK_INT(e.len, 1);
    /* a text longer than its place: the cursor stays in view */
    char longer[201];
    for (int i = 0; i < 200; i++)
        longer[i] = (char)('a' + i % 26);
    longer[200] = 0;
    CHECK_INT(tui_edit_set(&e, longer), 0);
    CHECK_INT(tui_edit_draw(&e, 5, 10, 20), 10 + 19); /* the last column: the cursor */
    CHECK_INT(e.left, 181);
    CHECK(!strncmp(line(5) + 10, "zabcdefghijklmnopqr ", 20));
    tui_edit_key(&e, KEY_HOME);
    CHECK_INT(tui_edit_draw(&e, 5, 10, 20), 10);
    CHECK_INT(e.left, 0);
    /* wide characters: two columns each */
    CHECK_INT(tui_edit_set(&e, "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"), 0); /* 中中中 */
    CHECK_INT(tui_edit_draw(&e, 5, 0, 4), 2);
    CHECK_INT(e.left, 6);
    CHECK_INT(tui_edit_draw(&e, 5, 0, 1), 0); /* one column: the cursor only */
    CHECK_INT(e.left, 9);
    tui_edit_release(&e);
    CHECK(e.s == NULL);
}

/* Keys as the terminal sends them: Esc alone, Esc Esc, Alt+key and
 * escape sequences the terminal description does not know mean nothing
 * (never Esc, never text); other characters with TUI_WCHAR. */
static void read_keys(void)
{
    static const struct {
        const char *bytes;
        int keys[3];
    } cases[] = {
        {"a", {'a', -1}},
        {"\xc3\xa9", {TUI_WCHAR | 0xe9, -1}},
        {"\x1b", {27, -1}},
        {"\x1b\x1b", {27, 27, -1}},
        {"\x1bq", {-2, -1}},
        {"\x1bOA", {KEY_UP, -1}},
        {"\x1b[A", {-2, -1}}, /* xterm's Up without keypad mode: unknown */
        {"\x1b[4;9~x", {-2, 'x', -1}}, /* unknown: dropped whole */
        {"\x1bOzy", {-2, 'y', -1}},
        {"\x1b\x1bOA", {-2, -1}}, /* Alt+Up */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK(write(key_pipe, cases[i].bytes, strlen(cases[i].bytes)) ==
              (ssize_t)strlen(cases[i].bytes));
        for (int k = 0; k < 3; k++) {
            int got = tui_read_key(0);
            if (got != cases[i].keys[k])
                fprintf(stderr, "case %zu, key %d:\n", i, k);
            CHECK_INT(got, cases[i].keys[k]);
            if (cases[i].keys[k] == -1)
                break;
        }
    }
}

int main(void)
{
    setenv("LC_ALL", "C.UTF-8", 1);
    setenv("LINES", "24", 1);
    setenv("COLUMNS", "80", 1);
    unsetenv("NO_COLOR");
    setlocale(LC_ALL, "");
    if (pr_time_parse("2026-01-15T12:00:00Z", &now))
        return 1;
    quit_dirty();
    session(PR_TESTDATA "/sample.xml", NULL);
    line_edit();
    read_keys();
    end();
    return check_status();
}
