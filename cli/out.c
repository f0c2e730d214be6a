/* out.c - messages and text output helpers for the front end, and the
 * output gate on stdout: whatever a command prints passes pr_text_safe
 * (registry.h) on its way to the terminal, so that no text from a file, the
 * database or an argument reaches it as a control sequence. */
#define _GNU_SOURCE /* fopencookie */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Format into a malloc'd string passed through the gate (one line). */
static char *vformat_safe(const char *fmt, va_list ap) PR_PRINTF(1, 0);
static char *vformat_safe(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *raw = n >= 0 ? malloc((size_t)n + 1) : NULL, *safe = NULL;
    if (raw) {
        vsnprintf(raw, (size_t)n + 1, fmt, ap);
        safe = pr_text_safe_dup(raw, 0);
        free(raw);
    }
    return safe;
}

static void vmessage(const char *prefix, const char *fmt, va_list ap) PR_PRINTF(2, 0);
static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
    char *msg = vformat_safe(fmt, ap);
    fprintf(stderr, "portreg: %s%s\n", prefix, msg ? msg : "(out of memory)");
    free(msg);
}

void cli_error(const pr_error *e)
{
    char buf[1024], safe[1024];
    pr_error_format(e, buf, sizeof buf);
    pr_text_safe(safe, sizeof safe, buf, strlen(buf), 0);
    /* the library names what is missing, the front end the command */
    fprintf(stderr, "portreg: %s%s\n", safe,
            !strcmp(e->field, "registry") ? "; run 'portreg import FILE' first" : "");
}

void cli_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("", fmt, ap);
    va_end(ap);
}

void cli_warnf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("warning: ", fmt, ap);
    va_end(ap);
}

void cli_notef(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("", fmt, ap);
    va_end(ap);
}

/* ---- the gate on stdout ----------------------------------------------------
 * stdout becomes a stdio stream of our own (fopencookie) whose writes pass
 * the text through pr_text_safe (line feeds and tabs kept) to the real
 * stdout.  Every printf, fputs and fwrite of every command is covered, and
 * none of them needs to remember.  It replaces a pipe read by a thread
 * (same guarantee): that cost every command a pipe, a thread, two context
 * switches per buffer and a copy, about a fifth of a 'search --port'. */
static struct {
    FILE *orig;     /* the real stdout stream, restored at the end */
    char held[4];   /* a UTF-8 sequence cut by the end of a write */
    size_t n_held;
} gate;

/* The safe form of s[0, n) to the real stdout (fd 1); -1 on a failed write. */
static int gate_pass(const char *s, size_t n)
{
    static char out[3 * 4096 + 1];
    while (n) {
        size_t take = n < 4096 ? n : 4096;
        /* a sequence cut here goes whole into the next round */
        size_t whole = take < n ? pr_text_safe_prefix(s, take) : 0;
        if (whole > 0)
            take = whole;
        size_t m = pr_text_safe(out, sizeof out, s, take, PR_SAFE_KEEP_NL | PR_SAFE_KEEP_TAB);
        for (const char *p = out; m;) {
            ssize_t w = write(STDOUT_FILENO, p, m);
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return -1;
            p += w;
            m -= (size_t)w;
        }
        s += take;
        n -= take;
    }
    return 0;
}

static ssize_t gate_write(void *cookie, const char *buf, size_t len)
{
    size_t used = 0;
    (void)cookie;
    /* First complete the sequence the last write cut. */
    while (gate.n_held && used < len) {
        gate.held[gate.n_held++] = buf[used++];
        if (gate.n_held == sizeof gate.held ||
            pr_text_safe_prefix(gate.held, gate.n_held) == gate.n_held) {
            size_t n = gate.n_held;
            gate.n_held = 0;
            if (gate_pass(gate.held, n))
                return -1;
        }
    }
    size_t take = pr_text_safe_prefix(buf + used, len - used);
    if (gate_pass(buf + used, take))
        return -1;
    memcpy(gate.held, buf + used + take, len - used - take); /* at most 3 bytes */
    gate.n_held = len - used - take;
    return (ssize_t)len;
}

static int gate_close(void *cookie)
{
    (void)cookie;
    /* A sequence the output ends in the middle of: replaced, as any
     * malformed UTF-8. */
    size_t n = gate.n_held;
    gate.n_held = 0;
    return n && gate_pass(gate.held, n) ? -1 : 0;
}

int cli_out_gate(void)
{
    static const cookie_io_functions_t io = {.write = gate_write, .close = gate_close};
    if (gate.orig)
        return 0;
    fflush(stdout);
    /* A closed stdout stays closed: the command then fails to write, as
     * it would without the gate. */
    if (fcntl(STDOUT_FILENO, F_GETFD) < 0)
        return -1;
    FILE *f = fopencookie(NULL, "w", io);
    if (!f)
        return -1;
    /* A terminal sees each line as it comes, as before. */
    if (isatty(STDOUT_FILENO))
        setvbuf(f, NULL, _IOLBF, 0);
    gate.orig = stdout;
    stdout = f;
    return 0;
}

int cli_out_finish(void)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);
    if (!gate.orig)
        return bad ? -1 : 0;
    FILE *f = stdout;
    stdout = gate.orig;
    gate.orig = NULL;
    bad |= fclose(f) != 0;
    return bad ? -1 : 0;
}

char *cli_fold(const char *s)
{
    return pr_text_fold(s);
}

int cli_width(void)
{
    struct winsize ws;
    if (!isatty(STDOUT_FILENO))
        return 0;
    const char *cols = getenv("COLUMNS");
    long n;
    if (cols && !pr_parse_long(cols, 1, 10000, &n))
        return (int)n;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

int cli_utf8_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        w += (*p & 0xC0) != 0x80;
    return w;
}

void cli_put_trunc(FILE *f, const char *s, int width)
{
    if (width <= 0 || cli_utf8_width(s) <= width) {
        fputs(s, f);
        return;
    }
    int w = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if ((*p & 0xC0) != 0x80 && ++w > width - 1)
            break;
        putc(*p, f);
    }
    fputs("…", f);
}

const char *cli_percent(double fraction, char *buf, size_t len)
{
    /* Two decimals from 1% up (20.87%); below, three significant digits
     * without trailing zeros (0.0038%, 0.484%), never "0.00%" for a port
     * that was seen. */
    double p = fraction * 100;
    int decimals = 2;
    if (p <= 0) {
        snprintf(buf, len, "0%%");
        return buf;
    }
    for (double v = p; v < 1 && decimals < 12; v *= 10)
        decimals++;
    int n = snprintf(buf, len, "%.*f", decimals, p);
    if (p < 1 && n > 0 && (size_t)n < len) {
        while (n > 1 && buf[n - 1] == '0')
            buf[--n] = 0;
        if (buf[n - 1] == '.')
            buf[--n] = 0;
    }
    if (n >= 0 && (size_t)n + 1 < len)
        strcat(buf, "%");
    return buf;
}
