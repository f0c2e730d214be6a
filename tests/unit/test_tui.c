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
#include "rules.h"
#include "tui.h"

#include <fcntl.h>
#include <locale.h>
#include <ncurses.h>
#include <sqlite3.h>
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
    /* a scratch database: no sync to the disk (a loaded machine waits
     * long for each) */
    sqlite3_exec(pr_store_db(s), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
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
    CHECK_INT(tui_poll_store(&T), 0); /* as the event loop does first */
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

/* The colour pair and the bold of the cell at (y, x). */
static int pair_at(int y, int x)
{
    return (int)PAIR_NUMBER(mvinch(y, x) & A_COLOR);
}

static int bold_at(int y, int x)
{
    return (mvinch(y, x) & A_BOLD) != 0;
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
    if (!strcmp(field, "notes"))
        buf[0] = 0;
    if (!strcmp(field, "notes"))
        for (size_t i = 0, o = 0; i < r->n_notes; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? "|" : "", r->notes[i].text);
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
    key('/'); /* the list's search would close the form: asked */
    SHOWS("discard the changes made in the form? (y/n)");
    key('n');
    CHECK_STR(top_view(), "help");
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

/* The drawing helpers: display widths, the output gate (no escape
 * sequence reaches the terminal), clipping with "…", the ASCII fallback
 * of a non-UTF-8 locale, wrapping, thousands. */
static void drawing(void)
{
    char buf[32];
    tui_thousands(buf, sizeof buf, -1234567);
    CHECK_STR(buf, "-1,234,567");
    tui_thousands(buf, sizeof buf, 999);
    CHECK_STR(buf, "999");
    tui_thousands(buf, sizeof buf, 1000);
    CHECK_STR(buf, "1,000");
    tui_thousands(buf, 4, 1234567); /* cut, never past the buffer */
    CHECK_STR(buf, "1,2");
    CHECK_INT(tui_width("a\xc3\xa9\xe4\xb8\xad"), 4); /* aé中 */
    CHECK_INT(tui_width_n("a\xc3\xa9\xe4\xb8\xad", 3), 2);
    CHECK_INT(tui_char_len("\xe4\xb8\xad"), 3);
    CHECK_INT(tui_char_len("\xf0\x9f\x98\x80"), 4);
    CHECK_INT(tui_char_len("\xff"), 1);
    CHECK_INT(tui_char_len("\xe4\x41"), 1); /* a lead byte without its tail */
    CHECK_INT(tui_width("\xff"), 1); /* shown as one '?' */

    erase();
    CHECK_INT(tui_put(2, 0, "a\x1b[31mb\x07", 20, 1), 20);
    CHECK(!strncmp(line(2), "a\xef\xbf\xbd[31mb\xef\xbf\xbd ", 13));
    tui_put(3, 0, "a\nb", 10, 0);
    CHECK(!strncmp(line(3), "a\xe2\x86\xb5" "b ", 6)); /* a↵b */
    CHECK_INT(tui_put_clip(4, 0, "abcdefghij", 5), 5);
    CHECK(!strncmp(line(4), "abcd\xe2\x80\xa6 ", 8)); /* abcd… */
    CHECK_INT(tui_put_clip(4, 20, "abc", 5), 3);
    CHECK_INT(tui_put(5, 78, "\xe4\xb8\xad\xe4\xb8\xad", 3, 0), 2); /* a wide one does not fit */
    CHECK_INT(tui_put(5, 0, "x", 0, 1), 0);
    char big[4000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK_INT(tui_put(6, 0, big, 80, 0), 80);

    tui_set_ascii(1);
    tui_put(7, 0, "\xc2\xa7" "4 \xc2\xa7 \xc3\xa9\xc3\x89 \xe4\xb8\xad \xe2\x80\xa6 \xc2\xb7\n", 40, 0);
    CHECK(!strncmp(line(7), "Sec. 4 Sec. eE ? ... -| ", 24));
    CHECK_INT(tui_width("\xe2\x80\xa6"), 3);
    CHECK_INT(tui_put_clip(8, 0, "abcdefghij", 6), 6);
    CHECK(!strncmp(line(8), "abc... ", 7));
    CHECK_INT(tui_put_clip(8, 0, "abcdefghij", 3), 3); /* no room for "...": cut */
    tui_set_ascii(0);

    struct tui_lines l = {NULL, 0, 0};
    tui_lines_wrap(&l, "one two three four\nfive", 10, 2);
    CHECK_INT(l.n, 4);
    if (l.n == 4) {
        CHECK_STR(l.v[0], "one two");
        CHECK_STR(l.v[1], "  three");
        CHECK_STR(l.v[2], "  four");
        CHECK_STR(l.v[3], "  five");
    }
    tui_lines_clear(&l);
    CHECK(l.v == NULL && l.n == 0);
    tui_lines_wrap(&l, NULL, 10, 2);
    CHECK_INT(l.n, 0);
    tui_lines_wrap(&l, "abcdef", 1, 4); /* no room: a character a line */
    CHECK_INT(l.n, 6);
    tui_lines_clear(&l);
    struct pr_findings none;
    pr_findings_init(&none);
    tui_findings_lines(&l, &none, 40);
    CHECK_INT(l.n, 1);
    CHECK_STR(l.n ? l.v[0] : "", "no finding");
    tui_lines_clear(&l);
}

/* The frame and the global keys: help, the map and its keys, the review
 * queue without requests, the map's block listed, '/' from above the list,
 * a terminal too small, Y as yes, and another process's change shown. */
static void frame(void)
{
    session(PR_TESTDATA "/sample.xml", NULL);
    SHOWS(" portreg \xc2\xb7 list");
    SHOWS("90 records | row 1 of 54");
    /* rows by state: Unassigned blue, Reserved bold yellow, the selected
     * one reversed whatever its state */
    CHECK(T.colors);
    CHECK(!strncmp(line(2), "-                0           tcp,udp      Reserved", 50));
    CHECK(!strncmp(line(3), "-                4           tcp,udp      Unassigned", 52));
    CHECK(!strncmp(line(4), "echo ", 5));
    CHECK((mvinch(2, 20) & A_REVERSE) != 0);
    CHECK_INT(pair_at(3, 20), 5);
    CHECK(!bold_at(3, 20));
    CHECK_INT(pair_at(4, 20), 0);
    key('j');
    CHECK_INT(pair_at(2, 20), 4);
    CHECK(bold_at(2, 20));
    CHECK((mvinch(3, 20) & A_REVERSE) != 0);
    key('k');
    KEYS(KEY_END, 'k', KEY_PPAGE);
    SHOWS("row 33 of 54");
    KEYS(KEY_HOME, ' ', KEY_NPAGE, 'b', 'g', 'j');
    SHOWS("row 2 of 54");
    key(CTRL('l'));
    SHOWS("row 2 of 54");
    key('?');
    CHECK_STR(top_view(), "help");
    SHOWS("Everywhere");
    KEYS(KEY_F(1), 'G'); /* F1 on help: still one help */
    CHECK_INT(T.depth, 2);
    SHOWS("multicast dns");
    KEYS(27, 'r');
    CHECK_STR(top_view(), "review");
    SHOWS("no request yet: o opens a request file");
    SHOWS("0 requests, 0 undecided");
    KEYS('r', 'a', 'x', 's', '\n'); /* nothing to decide on */
    CHECK_INT(T.depth, 2);
    KEYS(27, 27);
    CHECK_STR(top_view(), "list");
    /* the map on the selected row's port (4: block 0-63) */
    key('m');
    CHECK_STR(top_view(), "map");
    SHOWS("0-63 system: ");
    KEYS(KEY_LEFT, 'h', KEY_UP); /* at the first block: stays */
    SHOWS("block 0-63 |");
    KEYS('l', KEY_RIGHT, KEY_DOWN);
    SHOWS("block 4224-4287 |");
    KEYS(KEY_NPAGE, KEY_PPAGE, 'k');
    SHOWS("block 128-191 |");
    key(KEY_END);
    SHOWS("block 65472-65535 |");
    KEYS(KEY_DOWN, KEY_RIGHT, KEY_NPAGE); /* at the last: stays */
    SHOWS("block 65472-65535 |");
    SHOWS("dynamic ports (49152-65535), never assigned");
    KEYS(KEY_HOME, '\n');
    CHECK_STR(top_view(), "list");
    SHOWS("block 0-63 | row 1 of 4 | Esc: the map");
    KEYS(27);
    CHECK_STR(top_view(), "map");
    KEYS('\n', 'c', 'j', 'm'); /* c keeps a block's filter; m: the map below */
    CHECK_STR(top_view(), "map");
    CHECK_INT(T.depth, 2);
    KEYS('\n', '/'); /* from the block's records: the whole list's search */
    CHECK_INT(T.depth, 1);
    CHECK(T.prompt_active);
    type("imap");
    key('\n');
    SHOWS("filter 'imap' (name) | row 1 of 2");
    /* details, then m: the map on its port; / from there: the list */
    key('\n');
    key('m');
    SHOWS("block 128-191 |");
    CHECK_INT(T.depth, 3);
    key('/');
    CHECK_INT(T.depth, 1);
    key(27); /* the search cancelled: the filter as it was */
    SHOWS("filter 'imap' (name) | row 1 of 2");
    CHECK(!T.prompt_active);

    /* too small: a notice; keys do nothing but q */
    resize_term(20, 60);
    key(KEY_RESIZE);
    SHOWS("terminal too small: needs 80x24, have 60x20");
    SHOWS("enlarge it to go on, or q to quit");
    key('e');
    CHECK_INT(T.depth, 1);
    resize_term(24, 80);
    key(KEY_RESIZE);
    key('e');
    SHOWS("edit imap: every record of the service");
    type("X");
    resize_term(23, 80);
    key(KEY_RESIZE);
    SHOWS("enlarge it to go on with the form");
    key('q');
    CHECK_INT(T.quit, 0);
    resize_term(24, 80);
    key(KEY_RESIZE);
    SHOWS("> description   * Internet Message Access ProtocolX");
    KEYS('\n', 27);
    SHOWS("discard the changes made in the form? (y/n)");
    key('Y');
    CHECK_STR(top_view(), "list");

    /* another process's change: shown at the next poll */
    CHECK_INT(tui_poll_store(&T), 0);
    pr_store *other = open_store("other");
    struct pr_edit_result res;
    pr_error err = {0};
    const char *set[] = {"description=IMAP from elsewhere"};
    CHECK_INT(pr_edit_modify(other, "imap", NULL, set, 1, &res, &err), 0);
    CHECK_INT(tui_poll_store(&T), 1);
    tui_frame(&T);
    SHOWS("the registry was changed by another process: shown again");
    SHOWS("imap             143         tcp          IMAP from elsewhere");
    pr_store_free(other);
    key('q');
    CHECK_INT(T.quit, 1);
    end();

    /* a timing log that cannot be opened */
    struct tui t2;
    struct tui_options opt = {"/nonexistent/dir/timing.log", NULL, 0};
    pr_error e2 = {0};
    dbpath = check_tmpdb();
    store = open_store("tester");
    CHECK_INT(tui_open(&t2, store, &opt, &e2), PR_EIO);
    CHECK(strstr(e2.msg, "cannot open timing log '/nonexistent/dir/timing.log'") != NULL);
    tui_close(&t2);
    pr_store_free(store);
    check_rmdb(dbpath);
}

/* Esc until the list shows, leaving a form unsaved. */
static void back_to_list(void)
{
    for (int i = 0; i < 10 && T.depth > 1; i++) {
        key(27);
        if (T.confirm[0])
            key('y');
    }
    CHECK_INT(T.depth, 1);
}

/* Open the edit form of service name from the list. */
static void edit_form(const char *name)
{
    back_to_list();
    key('/');
    key(CTRL('u'));
    type(name);
    KEYS('\n', 'e');
}

/* The edit form: a record whose value differs is shown read-only and
 * named in the save question; a note added; the keys that move between
 * fields; "nothing changed"; a row without a name cannot be edited. */
static void forms(void)
{
    const char *last;
    session(PR_TESTDATA "/sample.xml", NULL);
    /* pop3s: tcp and udp have their own descriptions */
    edit_form("pop3s");
    SHOWS("> description     POP3 over TLS protocol");
    SHOWS("    995/udp       pop3 protocol over TLS/SSL (was spop3)");
    key(KEY_DOWN);
    SHOWS("read-only: this record's own value");
    key('\n');
    SHOWS("995/udp has its own description: a change of the description above");
    type("x"); /* typing: no edit either */
    LACKS("(was spop3)x");
    KEYS(KEY_UP, KEY_UP, KEY_BTAB); /* at the first field: stays */
    SHOWS("> description");
    KEYS(KEY_PPAGE, KEY_NPAGE); /* nothing to scroll: nothing happens */
    SHOWS("> description");
    key(KEY_F(2));
    SHOWS("nothing changed");
    type(" (edited)");
    key(CTRL('s')); /* kept and asked */
    SHOWS("save 1 change to every record of pop3s? (y/n)");
    SHOWS("description of 995/udp, replaced too:");
    SHOWS("pop3 protocol over TLS/SSL (was spop3)");
    key('y');
    SHOWS("saved: modify pop3s: description (2 records) (change 1)");
    CHECK_INT(changes(&last), 1);
    CHECK_STR(last, "modify pop3s: description (2 records)");

    /* a note added at "add note": one more "add note" after it */
    edit_form("pop3s");
    for (int i = 0; i < 20 && !shows("> add note"); i++)
        key('\t');
    type("first note");
    KEYS(KEY_ENTER);
    SHOWS("> note          * first note");
    key(KEY_DOWN);
    SHOWS("> add note");
    type("second");
    key('\t'); /* keeps, moves on */
    SHOWS("  note          * second");
    key(KEY_F(2));
    SHOWS("save 2 changes to every record of pop3s? (y/n)");
    SHOWS("    \xe2\x86\x92 second");
    key('y');
    CHECK_INT(changes(&last), 2);
    CHECK_STR(last, "modify pop3s: note (2 records)");
    CHECK_STR(stored("pop3s", "notes"), "first note|second");
    /* both notes emptied: none left (note= for every record) */
    edit_form("pop3s");
    for (int i = 0; i < 20 && !shows("> note            first note"); i++)
        key('\t');
    KEYS(KEY_ENTER, CTRL('u'), '\t', '\n', CTRL('u'), '\n', KEY_F(2));
    SHOWS("save 2 changes to every record of pop3s? (y/n)");
    SHOWS("      first note\n    \xe2\x86\x92 (empty)");
    key('y');
    CHECK_INT(changes(&last), 3);
    CHECK_STR(last, "modify pop3s: note (2 records)");
    CHECK_STR(stored("pop3s", "notes"), "");

    /* editing keys in a form: Esc undoes the field's edit, Ctrl-R keeps */
    edit_form("pop3s");
    type("zz");
    SHOWS("editing: Enter keeps, Esc undoes, F2 saves");
    key(27);
    SHOWS("> description     POP3 over TLS protocol (edited)");
    key(KEY_HOME); /* an editing key starts editing, at the start */
    type("A ");
    key(CTRL('r')); /* kept, then reloaded: the edit stays */
    SHOWS("reloaded pop3s as stored now; your edits are kept (marked *)");
    SHOWS("> description   * A POP3 over TLS protocol (edited)");
    key(CTRL('r'));
    SHOWS("* A POP3 over TLS protocol (edited)");
    KEYS(27, 'n', 27, 'y');
    CHECK_STR(top_view(), "list");
    CHECK_INT(changes(NULL), 3);

    /* the first row (port 0, no name): neither edited nor de-assigned */
    key(27);
    KEYS('c', 'g', 'e');
    SHOWS("only a named service can be edited");
    key('d');
    SHOWS("only a named service can be de-assigned");
    CHECK_STR(top_view(), "list");
    end();
}

/* Fill the assign form's field label with text. */
static void assign_field(const char *label, const char *text)
{
    static const char *const order[] = {"name", "transport", "port", "description",
                                        "assignee", "contact", "reference", "justification",
                                        "security", "note", "reason"};
    for (int i = 0; i < 11; i++)
        key(KEY_UP);
    for (int i = 0; i < 11 && strcmp(order[i], label); i++)
        key(KEY_DOWN);
    key('\n');
    key(CTRL('u'));
    type(text);
    key('\n');
}

/* The assign form: the port as a number, "system", "none" or not a
 * port at all (incomplete: never saved); a save the library refuses
 * selects the field it names and keeps the form; an accepted one saves. */
static void assign_form(void)
{
    const char *last;
    session(PR_TESTDATA "/sample.xml", NULL);
    key('a');
    SHOWS("assign a service name and port (RFC 6335 \xc2\xa7" "8.1)");
    assign_field("name", "tuitest");
    assign_field("description", "TUI test protocol");
    assign_field("assignee", "Jane Doe <jane@example.org>");
    assign_field("justification", "clients behind firewalls need a fixed port");
    assign_field("port", "abc");
    SHOWS("review: incomplete");
    SHOWS("port: 'abc' is not a number, 'any', 'system' or 'none'");
    key(KEY_F(2));
    SHOWS("not saved: port: 'abc' is not a number");
    CHECK(!T.confirm[0]);
    assign_field("port", "");
    SHOWS("port: '' is not a number");
    assign_field("port", "none");
    LACKS("review: incomplete");
    assign_field("port", "system");
    SHOWS("review: ");
    assign_field("port", "1100");
    assign_field("transport", "tcp,udp");
    SHOWS("review: concerns");
    SHOWS("warn   transport-unjustified: UDP is asked without a Congestion answer; 2");
    /* the findings follow the width */
    resize_term(24, 100);
    key(KEY_RESIZE);
    SHOWS("warn   transport-unjustified: UDP is asked without a Congestion answer; 2 transports are");
    resize_term(24, 80);
    key(KEY_RESIZE);
    key(KEY_F(2));
    SHOWS("assign tuitest as shown? (y/n)");
    SHOWS("description:");
    key('y');
    SHOWS("saved: assign tuitest 1100/tcp,udp (change 1)");
    SHOWS("filter 'tuitest' (name) | row 1 of 1");
    CHECK_INT(changes(&last), 1);
    CHECK_STR(stored("tuitest", "number"), "1100");
    end();
}

/* De-assign from the details: the reason the library wants is asked for
 * again (the field selected, nothing written); then saved: the ports
 * become Reserved. */
static void deassign_form(void)
{
    const char *last;
    session(PR_TESTDATA "/sample.xml", NULL);
    key('/');
    type("echo");
    KEYS('\n', '\n', 'd');
    SHOWS("de-assign echo: its ports become Reserved (RFC 6335 \xc2\xa7" "8.2)");
    key(KEY_F(2));
    SHOWS("de-assign 'echo' on every port? (y/n)");
    key('y');
    SHOWS("not saved: ");
    SHOWS("Nothing was written; the form keeps your edits: F2 saves again.");
    CHECK_INT(changes(NULL), 0);
    type("no longer used");
    KEYS('\n', KEY_F(2), 'y');
    SHOWS("saved: deassign echo");
    CHECK_INT(changes(&last), 1);
    CHECK(strncmp(last, "deassign echo", 13) == 0);
    end();
}

/* The details of the list's first row matching query. */
static void details_of(const char *query)
{
    back_to_list();
    key('/');
    key(CTRL('u'));
    type(query);
    KEYS('\n', '\n');
}

/* Another process's assignment of name at port (the review's rejects
 * overridden), or -1. */
static long long assign_elsewhere(pr_store *s, const char *name, int port)
{
    struct pr_assign a;
    struct pr_edit_result res;
    pr_error err = {0};
    pr_assign_init(&a);
    a.name = name;
    a.protocols = "tcp";
    a.port = port;
    a.description = "Assigned elsewhere";
    a.assignee = "Jane Doe <jane@example.org>";
    a.justification = "clients behind firewalls need a fixed port";
    a.reason = "test";
    a.force = 1;
    if (pr_edit_assign(s, &a, &res, &err)) {
        fprintf(stderr, "assign %s: %s\n", name, err.msg);
        return -1;
    }
    return res.change_id;
}

/* The details: people resolved (a name, an organisation, IANA's & in a
 * mailto shown as @, a person not in the people list), each kind of
 * reference, notes, records alike but for the transport folded into one,
 * forty contacts, the history with an undone change, and a record that
 * another process removes while it is shown. */
static void details(void)
{
    session(PR_TESTDATA "/../tui/data/contacts.xml", NULL);
    details_of("ictp");
    CHECK_STR(top_view(), "details");
    SHOWS("  contact       Broadband_Forum (Broadband Forum) <help@broadband-forum.org>");
    SHOWS("  references    https://www.broadband-forum.org/TR-352.pdf");
    SHOWS("                Inter-Channel-Termination protocol, a peer-to-peer protocol");
    SHOWS("  history       no change since the import");
    details_of("rift-lies");
    SHOWS("  assignee      RIFT_WG (IETF RIFT WG) <rift@ietf.org>");
    SHOWS("                Tony Przygienda <prz@juniper.net> [Tony_Przygienda]");
    SHOWS("  references    draft-ietf-rift-rift-16");
    details_of("nas");
    SHOWS(" nas  991/tcp,udp");
    SHOWS("  transport     tcp, udp");
    SHOWS("  references    RFC4707");
    SHOWS("  notes         Defined TXT keys: [http://nas.example/keys]");
    SHOWS("                A second note.");
    details_of("many");
    key('G');
    SHOWS("                P 39 <p39@example.org> [P_39]");
    SHOWS("many 1011 | lines ");
    end();

    session(PR_TESTDATA "/sample.xml", NULL);
    details_of("exp1");
    SHOWS("  references    footnote 1\n                RFC4727\n");
    SHOWS("  source line   412, 425, 438, 451");
    details_of("discard");
    key(' ');
    SHOWS("  service code  1145656131");
    details_of("796");
    SHOWS("  range         system ports (0-1023)");
    SHOWS("  unauthorized  Unauthorized Use Known on port 796");
    SHOWS(" (no name)  788-799/-");
    /* the history: a change and its undo */
    pr_store *other = open_store("other");
    const char *set[] = {"description=Echo, edited"};
    struct pr_edit_result res;
    pr_error err = {0};
    CHECK_INT(pr_edit_modify(other, "echo", NULL, set, 1, &res, &err), 0);
    CHECK_INT(pr_history_undo(other, 0, 0, &res, &err), 0);
    details_of("echo");
    SHOWS("  history       2026-01-15T12:00:00Z other: modify echo: description (2\n"
          "                  records) (undone)\n");
    SHOWS("2026-01-15T12:00:00Z other: undo change 1");
    /* removed by another process while shown: kept, marked; no edit */
    long long id = assign_elsewhere(other, "gone-soon", 1100);
    CHECK(id > 0);
    CHECK_INT(tui_poll_store(&T), 1);
    details_of("gone-soon");
    SHOWS("  description   Assigned elsewhere");
    CHECK_INT(pr_history_undo(other, id, 0, &res, &err), 0);
    CHECK_INT(tui_poll_store(&T), 1);
    tui_frame(&T);
    SHOWS("gone-soon 1100 is no longer in the registry (changed by another process)");
    SHOWS("gone-soon 1100 (removed) | lines");
    SHOWS("  description   Assigned elsewhere");
    key('e');
    SHOWS("gone-soon 1100 is no longer in the registry");
    key('d');
    CHECK_STR(top_view(), "details");
    CHECK_INT(pr_edit_modify(other, "echo", NULL, set, 1, &res, &err), 0);
    CHECK_INT(tui_poll_store(&T), 1);
    tui_frame(&T);
    LACKS("is no longer in the registry (changed"); /* said once */
    SHOWS("(removed)");
    key(27);
    SHOWS("filter 'gone-soon' (words) | row 0 of 0");
    pr_store_free(other);
    end();
}

static const char queue_text[] =
    "Service-Name: tuiproto\nTransport: tcp\nPort: 1100\nDescription: TUI test protocol\n"
    "Assignee: Jane Doe <jane@example.org>\nContact: Jane Doe <jane@example.org>\n"
    "Reference: https://example.org/tuiproto\n"
    "Justification: clients behind firewalls need a fixed port\nSecurity: TLS 1.3\n\n"
    "Service-Name: tworange\nTransport: tcp\nPort: 2000-2001\nDescription: Two ports\n"
    "Assignee: Jane Doe <jane@example.org>\nContact: Jane Doe <jane@example.org>\n"
    "Reference: https://example.org/tworange\n"
    "Justification: clients behind firewalls need two fixed ports\nSecurity: TLS 1.3\n\n"
    "Service-Name: anyproto\nTransport: tcp udp\nPort: any\nDescription: Any port will do\n"
    "Assignee: Jane Doe <jane@example.org>\nContact: Jane Doe <jane@example.org>\n"
    "Reference: https://example.org/anyproto\n"
    "Justification: clients behind firewalls need a fixed port; udp for the discovery, "
    "with congestion control as RFC 8085 asks\nCongestion: RFC 8085 section 3.1\n"
    "Security: TLS 1.3\n\n"
    "Service-Name: nameonly\nPort: none\nDescription: A service name alone\n"
    "Assignee: Jane Doe <jane@example.org>\nContact: Jane Doe <jane@example.org>\n"
    "Reference: https://example.org/nameonly\nSecurity: TLS 1.3\n\n"
    "Service-Name: acme-sync\nTransport: tcp\nPort: 5353\nDescription: Acme sync\n"
    "Assignee: Jane Doe <jane@example.org>\nContact: Jane Doe <jane@example.org>\n"
    "Reference: https://example.org/spec\n"
    "Justification: clients behind firewalls need a fixed port\nSecurity: TLS 1.3\n";

/* The review queue: approve (one port, any port, a name alone), a range
 * that approve leaves to the command line, a rejected one rejected with
 * a reason, a malformed one never decided, s to the next undecided one,
 * a request's own screen, o to open more files (or a path typed wrong). */
static void review(void)
{
    char path[] = "/tmp/portreg-tui-queue-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, queue_text, sizeof queue_text - 1) == (ssize_t)sizeof queue_text - 1);
    close(fd);
    /* the malformed file copied to a path as long wherever the tree is:
     * the request's screen wraps its name */
    char malformed[] = "/tmp/portreg-tui-bad-XXXXXX";
    FILE *in = fopen(PR_TESTDATA "/../tui/data/malformed.req", "r");
    fd = mkstemp(malformed);
    char copy[4096];
    size_t got = in ? fread(copy, 1, sizeof copy, in) : 0;
    CHECK(got > 0 && fd >= 0 && write(fd, copy, got) == (ssize_t)got);
    if (in)
        fclose(in);
    close(fd);
    const char *files[] = {path, malformed, NULL};
    const char *last;
    session(PR_TESTDATA "/sample.xml", files);
    CHECK_STR(top_view(), "review");
    SHOWS("6 requests, 6 undecided | a approve, x reject, s skip");
    SHOWS("SERVICE              VERDICT    DECISION");
    SHOWS("tuiproto             clean      -");
    SHOWS("acme-sync            reject     -");
    SHOWS("broken               malformed  -");
    key('a');
    SHOWS("assign tuiproto as requested? (y/n)");
    key('y');
    SHOWS("approved: assign tuiproto 1100/tcp");
    SHOWS("6 requests, 5 undecided");
    CHECK_INT(changes(&last), 1);
    CHECK_STR(stored("tuiproto", "number"), "1100");
    KEYS('a');
    SHOWS("already decided: approved in change 1 by tester");
    key('x');
    SHOWS("already decided: approved in change 1 by tester");
    key('s'); /* tworange */
    key('a');
    SHOWS("approve assigns one port: assign this request from the command line");
    key('\n');
    SHOWS("REQUEST");
    SHOWS("tworange  ");
    SHOWS("Port: 2000-2001");
    resize_term(24, 100);
    key(KEY_RESIZE);
    SHOWS("Justification: clients behind firewalls need two fixed ports");
    resize_term(24, 80);
    key(KEY_RESIZE);
    key('s'); /* the next one, shown */
    SHOWS("anyproto  ");
    key('a');
    SHOWS("assign anyproto as requested? (y/n)");
    key('y');
    SHOWS("approved: assign anyproto");
    SHOWS("verdict: concerns, approved in\n   change 2 by tester, 2026-01-15 12:00");
    CHECK_INT(changes(NULL), 2);
    key(27);
    SHOWS("SERVICE              VERDICT    DECISION");
    KEYS('j', 'a', 'y');
    SHOWS("approved: assign nameonly");
    CHECK_INT(changes(NULL), 3);
    /* acme-sync: the review rejects it; rejected with a reason */
    key('j');
    key('a');
    SHOWS("the review rejects acme-sync: reject it (x) or fix the request");
    key('x');
    SHOWS("reject the request for acme-sync");
    key(KEY_F(2));
    SHOWS("a rejection needs a reason");
    type("port 5353 is taken");
    KEYS('\n', KEY_F(2));
    SHOWS("reject acme-sync with this reason? (y/n)");
    key('y');
    SHOWS("rejected acme-sync: port 5353 is taken (change 4)");
    CHECK_STR(top_view(), "review");
    CHECK_INT(changes(&last), 4);
    /* broken: neither approved nor rejected */
    key('j');
    key('a');
    SHOWS("broken is malformed: fix the request file first");
    key('x');
    SHOWS("broken is malformed: fix the request file first");
    key('\n');
    SHOWS(" broken  /tmp/portreg-tui-bad-");
    SHOWS(":3: Transport: unknown transport 'tpc'");
    KEYS(27, 's'); /* from the last: the first undecided one */
    key('\n');
    SHOWS(" tworange  /tmp/portreg-tui-queue-");
    key(27);
    SHOWS("6 requests, 2 undecided");
    /* o: a request file typed wrong, cancelled, then one read */
    key('o');
    SHOWS("\nrequest file:\n");
    type("/nonexistent.req");
    key('\n');
    SHOWS("/nonexistent.req: cannot open");
    SHOWS("6 requests, 2 undecided");
    key('o');
    type("x");
    key(27);
    LACKS("request file: x");
    SHOWS("6 requests, 2 undecided");
    key('o');
    type(malformed);
    key('\n');
    SHOWS("7 requests, 3 undecided");
    key('o');
    type(path);
    key('\n');
    SHOWS("5 requests from /tmp/portreg-tui-queue-");
    SHOWS("12 requests, 4 undecided");
    CHECK_INT(changes(NULL), 4);
    end();

    /* every request decided: s says so */
    FILE *f = fopen(path, "w");
    fputs(queue_text, f); /* the first request alone */
    fclose(f);
    truncate(path, (off_t)(strstr(queue_text, "\n\n") - queue_text + 1));
    const char *one[] = {path, NULL};
    session(PR_TESTDATA "/sample.xml", one);
    KEYS('\n', 'a', 'y');
    SHOWS("approved: assign tuiproto 1100/tcp");
    key('s');
    SHOWS("every request has a decision");
    end();
    /* a long reason: recorded whole, said cut */
    session(PR_TESTDATA "/sample.xml", one);
    key('x');
    for (int i = 0; i < 25; i++)
        type("too long ");
    KEYS('\n', KEY_F(2), 'y');
    SHOWS("rejected tuiproto: too long too long");
    CHECK_INT(changes(&last), 1);
    CHECK(strlen(last) > 225);
    end();
    unlink(path);
    unlink(malformed);
}

/* Another writer: a save after it changed the service writes nothing and
 * offers to reload; the reload keeps the user's edits (an edited second
 * contact that is gone now gets a field of its own); a change seen by the
 * poll is said at once.  Then saved: one change more, both values right. */
static void conflicts(void)
{
    const char *last;
    struct pr_edit_result res;
    pr_error err = {0};
    session(PR_TESTDATA "/../tui/data/contacts.xml", NULL);
    pr_store *other = open_store("other");
    edit_form("rift-lies");
    SHOWS("contact         Tony_Przygienda");
    KEYS(KEY_DOWN, KEY_DOWN, '\n', CTRL('u'));
    type("Jane_Doe");
    key(KEY_BTAB); /* kept, moved up */
    SHOWS("> contact         Jordan_Head");
    SHOWS("  contact       * Jane_Doe");
    const char *one[] = {"contact=Jordan_Head"};
    CHECK_INT(pr_edit_modify(other, "rift-lies", NULL, one, 1, &res, &err), 0);
    KEYS(KEY_F(2), 'y'); /* not polled yet: the save finds out */
    SHOWS("not saved: rift-lies changed meanwhile; reload it, keeping your edits? (y/n)");
    SHOWS("rift-lies was changed by other at 2026-01-15T12:00:00Z since this form\n"
          "   opened (change 1: modify rift-lies: contact (1 record))");
    SHOWS("changed: contact");
    CHECK_INT(changes(NULL), 1);
    key('n');
    SHOWS("changed elsewhere, Ctrl-R reloads | F2 saves, Esc cancels");
    key(CTRL('r'));
    SHOWS("reloaded rift-lies as stored now; your edits are kept (marked *)");
    SHOWS("contact         Jordan_Head\n   contact       * Jane_Doe\n   add contact\n");
    KEYS(KEY_F(2), 'y'); /* the library's refusal: the field selected, the form kept */
    SHOWS("not saved: unknown person 'Jane_Doe' for the contact");
    SHOWS("> contact       * Jane_Doe");
    CHECK_INT(changes(NULL), 1);
    key(CTRL('u'));
    type("Jane Doe <jane@example.org>");
    KEYS(KEY_F(2), 'y');
    SHOWS("saved: modify rift-lies: contact (1 record) (change 2)");
    CHECK_INT(changes(&last), 2);

    /* seen by the poll: said before the save */
    edit_form("rift-lies");
    type(" (edited)");
    const char *desc[] = {"description=Changed elsewhere"};
    CHECK_INT(pr_edit_modify(other, "rift-lies", NULL, desc, 1, &res, &err), 0);
    CHECK_INT(tui_poll_store(&T), 1);
    tui_frame(&T);
    SHOWS("rift-lies was changed by another process: Ctrl-R reloads it");
    SHOWS("(change 3: modify rift-lies: description (1 record))");
    CHECK_INT(pr_edit_modify(other, "rift-lies", NULL, one, 1, &res, &err), 0);
    CHECK_INT(tui_poll_store(&T), 1); /* conflicted already: said once */
    tui_frame(&T);
    LACKS("Ctrl-R reloads it");
    key(CTRL('r')); /* while editing: kept, then reloaded */
    SHOWS("* Routing in Fat Trees Link Information Elements (edited)");
    KEYS(KEY_F(2), 'y');
    SHOWS("saved: modify rift-lies: description (1 record) (change 5)");
    CHECK_STR(stored("rift-lies", "description"),
              "Routing in Fat Trees Link Information Elements (edited)");
    pr_store_free(other);
    end();
}

/* The list: the columns of a wide terminal, moving while typing a search,
 * a query with leading spaces, one that cannot select (said, 0 rows; c
 * clears it), and the row under the cursor kept when another process
 * changes the registry under a filter. */
static void list_keys(void)
{
    session(PR_TESTDATA "/sample.xml", NULL);
    resize_term(24, 120);
    key(KEY_RESIZE);
    SHOWS("NAME                     PORT        TRANSPORT         DESCRIPTION");
    resize_term(24, 80);
    key(KEY_RESIZE);
    key('/');
    type("  p");
    SHOWS("filter '  p' (name) | row 1 of ");
    KEYS(KEY_DOWN, KEY_DOWN, KEY_UP, KEY_NPAGE, KEY_PPAGE, KEY_DOWN);
    SHOWS("filter '  p' (name) | row 2 of ");
    type("op3s");
    key('\n');
    SHOWS("filter '  pop3s' (name) | row 1 of 1");
    key('/');
    key(CTRL('u'));
    type("/");
    key('\n');
    SHOWS("no words to search for in '/' | 0 rows");
    key('\n'); /* nothing to open */
    key('e');
    CHECK_STR(top_view(), "list");
    key('m'); /* no row: the map where it opens first */
    SHOWS("block 1024-1087 |");
    key(27);
    key('c');
    SHOWS("90 records | row 1 of 54");
    key('c'); /* nothing to clear: the global keymap (nothing) */
    SHOWS("90 records | row 1 of 54");
    /* a filter and another process's change: the same row stays selected */
    key('/');
    type("s");
    key('\n');
    KEYS('j', 'j', 'j');
    const char *row3 = strstr(screen(), "row 4 of ");
    CHECK(row3 != NULL);
    char before[128];
    snprintf(before, sizeof before, "%s", line(5));
    pr_store *other = open_store("other");
    struct pr_edit_result res;
    pr_error err = {0};
    const char *set[] = {"description=Echo elsewhere"};
    CHECK_INT(pr_edit_modify(other, "echo", NULL, set, 1, &res, &err), 0);
    CHECK_INT(tui_poll_store(&T), 1);
    tui_frame(&T);
    SHOWS("row 4 of ");
    CHECK_STR(line(5), before);
    pr_store_free(other);
    end();
}

/* Views up to the stack's depth: one more is refused with a word; a
 * second form while one is open is refused too. */
static void deep_stack(void)
{
    char path[] = "/tmp/portreg-tui-queue-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, queue_text, sizeof queue_text - 1) == (ssize_t)sizeof queue_text - 1);
    close(fd);
    const char *files[] = {path, NULL};
    session(PR_TESTDATA "/sample.xml", files);
    key(27);
    CHECK_STR(top_view(), "list");
    key('/');
    type("echo");
    KEYS('\n', '\n', 'e'); /* list, details, form */
    type("x");
    key('\n');
    KEYS(KEY_F(1), 'r'); /* help, review over the form */
    CHECK_STR(top_view(), "review");
    KEYS('G', 'x');
    SHOWS("a form is open already: save it or leave it first");
    CHECK_STR(top_view(), "review");
    KEYS('?', 'r', '?');
    CHECK_INT(T.depth, 8);
    key('r');
    SHOWS("too many screens open; Esc goes back");
    CHECK_INT(T.depth, 8);
    KEYS('q');
    SHOWS("quit and discard the changes made in the form? (y/n)");
    key('n');
    CHECK_INT(T.quit, 0);
    /* every view of the stack through terminals far too small, and back */
    static const int sizes[][2] = {{1, 1}, {2, 3}, {5, 10}, {24, 79}, {100, 300}, {24, 80}};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        resize_term(sizes[i][0], sizes[i][1]);
        key(KEY_RESIZE);
    }
    SHOWS("keys | Esc goes back");
    for (int i = 0; i < 5; i++)
        key(27);
    CHECK_STR(top_view(), "form");
    SHOWS("> description   * Echox");
    end();
    unlink(path);
}

/* Long values in the save question: a few lines each, and a change far
 * into a value shown from a little before it. */
static void long_values(void)
{
    char text[400];
    session(PR_TESTDATA "/sample.xml", NULL);
    edit_form("echo");
    key(CTRL('u'));
    for (int i = 0; i < 30; i++)
        type("word ");
    key('\n');
    KEYS(KEY_F(2), 'y');
    SHOWS("saved: modify echo: description (2 records) (change 1)");
    edit_form("echo");
    type("tail");
    key(KEY_F(2));
    SHOWS("save 1 change to every record of echo? (y/n)");
    SHOWS("      \xe2\x80\xa6word word word");
    SHOWS("    \xe2\x86\x92 \xe2\x80\xa6word word word");
    SHOWS("word tail");
    /* the question follows the width */
    resize_term(24, 100);
    key(KEY_RESIZE);
    SHOWS("save 1 change to every record of echo? (y/n)");
    resize_term(24, 80);
    key(KEY_RESIZE);
    key('n');
    key(CTRL('u'));
    for (int i = 0; i < 60; i++)
        type("more ");
    key(KEY_F(2));
    SHOWS("more lines)");
    snprintf(text, sizeof text, "%s", stored("echo", "description"));
    CHECK(!strncmp(text, "word word", 9));
    back_to_list();
    CHECK_INT(changes(NULL), 1);
    end();
}

/* Keys of a form beyond the text: F1 while editing opens the help and
 * comes back to the edit; an "add" field left empty adds nothing; Ctrl-R
 * on an assign form (nothing stored to reload); the assign form's review
 * again when another process changes the registry (the port taken). */
static void form_keys(void)
{
    session(PR_TESTDATA "/sample.xml", NULL);
    edit_form("echo");
    type("!");
    key(KEY_F(1));
    CHECK_STR(top_view(), "help");
    key(27);
    SHOWS("> description   * Echo!");
    SHOWS("editing: Enter keeps, Esc undoes, F2 saves");
    key('\n');
    for (int i = 0; i < 20 && !shows("> add note"); i++)
        key('\t');
    KEYS('\n', '\n');
    SHOWS("> add note\n");
    LACKS("  note ");
    KEYS(KEY_F(2), 'y');
    SHOWS("saved: modify echo: description (2 records) (change 1)");
    CHECK_STR(stored("echo", "notes"), "");
    back_to_list();
    key('a');
    assign_field("name", "tuitest");
    assign_field("port", "1100");
    key(CTRL('r'));
    SHOWS("  name          * tuitest");
    SHOWS("> port          * 1100");
    LACKS("port-taken");
    pr_store *other = open_store("other");
    CHECK(assign_elsewhere(other, "takenfirst", 1100) > 0);
    CHECK_INT(tui_poll_store(&T), 1);
    tui_frame(&T);
    SHOWS("port-taken");
    pr_store_free(other);
    back_to_list();
    end();
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
    frame();
    forms();
    assign_form();
    deassign_form();
    details();
    review();
    conflicts();
    list_keys();
    deep_stack();
    long_values();
    form_keys();
    session(PR_TESTDATA "/sample.xml", NULL);
    line_edit();
    drawing();
    read_keys();
    end();
    return check_status();
}
