/* line_read.c - line reader, word splitter and sniffing helper shared by
 * the services(5) and nmap-services readers. */
#include "line_read.h"
#include "clean_text.h"
#include "input_file.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct line_reader {
    const char *path;
    FILE *f;
    char *buf;
    size_t cap;
    long line; /* number of the line last returned */
    size_t len; /* its length without the line break */
    int too_long; /* 1: a line over LINE_MAX_BYTES stopped the reader; -1: no memory */
    long bad_col;      /* > 0: a control character or bad UTF-8 stopped it, here */
    unsigned bad_cp;
    int bad_invalid;
};

static int line_reader_open(struct line_reader *lr, const char *path, pr_error *err)
{
    memset(lr, 0, sizeof *lr);
    lr->path = path;
    return pr_input_open(path, "r", &lr->f, err);
}

/* Next line without its line break, borrowed until the next call; NULL at
 * the end (or on a read error or a line over LINE_MAX_BYTES: check
 * line_reader_error). */
static char *line_reader_next(struct line_reader *lr)
{
    /* Not getline: it would hold a line of any length (a 150 MB comment took
     * 780 MB); a line longer than LINE_MAX_BYTES stops the reader. */
    size_t n = 0;
    int c = EOF;
    if (lr->too_long || lr->bad_col)
        return NULL;
    while ((c = getc_unlocked(lr->f)) != EOF) {
        if (n + 2 > lr->cap) {
            /* Room for LINE_MAX_BYTES, a line break and the NUL. */
            size_t cap = lr->cap ? lr->cap * 2 : 256;
            if (lr->cap >= LINE_MAX_BYTES + 2) {
                lr->too_long = 1;
                lr->line++;
                return NULL;
            }
            if (cap > LINE_MAX_BYTES + 2)
                cap = LINE_MAX_BYTES + 2;
            char *nb = realloc(lr->buf, cap);
            if (!nb) {
                lr->too_long = -1;
                return NULL;
            }
            lr->buf = nb;
            lr->cap = cap;
        }
        lr->buf[n++] = (char)c;
        if (c == '\n')
            break;
    }
    if (n == 0)
        return NULL;
    lr->buf[n] = 0;
    lr->line++;
    lr->len = n - (lr->buf[n - 1] == '\n');
    if (lr->len > LINE_MAX_BYTES) { /* the last line, without a line break */
        lr->too_long = 1;
        return NULL;
    }
    while (n > 0 && (lr->buf[n - 1] == '\n' || lr->buf[n - 1] == '\r'))
        lr->buf[--n] = 0;
    /* Plain text only: nothing read may reach a terminal as a control
     * sequence (docs/security.md). */
    size_t bad = pr_clean_text_bad(lr->buf, n, &lr->bad_cp, &lr->bad_invalid);
    if (bad < n) {
        lr->bad_col = (long)bad + 1;
        return NULL;
    }
    return lr->buf;
}

static int line_reader_error(struct line_reader *lr, pr_error *err)
{
    if (lr->too_long > 0)
        return pr_error_at(err, PR_EPARSE, lr->path, lr->line, 0, "line too long (over %d KiB)",
                           LINE_MAX_BYTES >> 10);
    if (lr->too_long < 0)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    if (lr->bad_col && lr->bad_invalid)
        return pr_error_at(err, PR_EPARSE, lr->path, lr->line, lr->bad_col,
                           "invalid UTF-8 (byte 0x%02X)", lr->bad_cp);
    if (lr->bad_col)
        return pr_error_at(err, PR_EPARSE, lr->path, lr->line, lr->bad_col,
                           "%s U+%04X", PR_BAD_CHAR_KIND(lr->bad_cp), lr->bad_cp);
    if (ferror(lr->f))
        return pr_error_at(err, PR_EIO, lr->path, lr->line + 1, 0, "cannot read: %s",
                           strerror(errno));
    return 0;
}

static void line_reader_close(struct line_reader *lr)
{
    if (lr->f)
        fclose(lr->f);
    free(lr->buf);
    lr->f = NULL;
    lr->buf = NULL;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

size_t line_split(char *line, char **words, size_t max, char **comment)
{
    size_t n = 0;
    char *hash = strchr(line, '#');
    *comment = NULL;
    if (hash) {
        *hash = 0;
        char *c = hash + 1;
        while (is_space(*c))
            c++;
        size_t len = strlen(c);
        while (len && is_space(c[len - 1]))
            c[--len] = 0;
        *comment = c;
    }
    char *p = line;
    while (*p) {
        while (is_space(*p))
            p++;
        if (!*p)
            break;
        char *start = p;
        while (*p && !is_space(*p))
            p++;
        if (*p)
            *p++ = 0;
        if (n < max)
            words[n] = start;
        n++;
    }
    return n;
}

int line_each(const char *path, int (*fn)(struct line_words *w, void *ud, pr_error *err),
              void *ud, pr_error *err)
{
    struct line_reader lr;
    struct line_words w = {.path = path};
    char *line;
    int rc;

    if ((rc = line_reader_open(&lr, path, err)))
        return rc;
    while ((line = line_reader_next(&lr))) {
        w.n = line_split(line, w.words, LINE_MAX_WORDS, &w.comment);
        if (w.n == 0)
            continue;
        if (w.comment && !*w.comment)
            w.comment = NULL;
        w.line = lr.line;
        w.bytes = lr.len;
        if ((rc = fn(&w, ud, err)))
            break;
    }
    if (!rc)
        rc = line_reader_error(&lr, err);
    line_reader_close(&lr);
    return rc;
}

int line_port_proto(char *s, int *port, char **proto)
{
    char *slash = strchr(s, '/');
    long v;
    int bad;
    if (!slash || !slash[1])
        return -1;
    *slash = 0;
    bad = pr_parse_long(s, 0, PR_PORT_MAX, &v);
    *slash = '/';
    if (bad)
        return -1;
    for (char *p = slash + 1; *p; p++) {
        if (!isalnum((unsigned char)*p))
            return -1;
        *p = (char)tolower((unsigned char)*p);
    }
    *port = (int)v;
    *proto = slash + 1;
    return 0;
}

int line_probe(const char *head, size_t len, int (*line_ok)(char *line))
{
    char line[512];
    int seen = 0, ok = 0;
    size_t i = 0;
    while (i < len && seen < 40) {
        size_t j = i;
        while (j < len && head[j] != '\n')
            j++;
        if (j >= len && i > 0)
            break; /* a cut-off last line says nothing */
        size_t n = j - i < sizeof line - 1 ? j - i : sizeof line - 1;
        memcpy(line, head + i, n);
        line[n] = 0;
        i = j + 1;
        if (memchr(line, 0, n))
            return 0; /* binary */
        char *p = line;
        while (is_space(*p))
            p++;
        if (!*p || *p == '#')
            continue;
        seen++;
        ok += line_ok(line) ? 1 : 0;
    }
    return seen ? ok * 100 / seen : 0;
}
