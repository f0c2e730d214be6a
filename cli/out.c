/* out.c - messages and text output helpers for the front end, and the
 * output gate on stdout: whatever a command prints passes pr_text_safe
 * (registry.h) on its way to the terminal, so that no text from a file, the
 * database or an argument reaches it as a control sequence. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
    fprintf(stderr, "portreg: %s\n", safe);
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
 * stdout becomes a pipe; a thread reads it, passes the text through
 * pr_text_safe (line feeds and tabs kept) and writes it to the real
 * stdout.  Every printf of every command is covered, and none of them
 * needs to remember. */
static struct {
    int active;
    int real_fd;   /* the real stdout */
    int pipe_fd;   /* read end */
    int werr;      /* errno of a failed write to the real stdout */
    pthread_t thread;
} gate = {.real_fd = STDOUT_FILENO, .pipe_fd = -1};

static void write_all(const char *p, size_t n)
{
    while (n && !gate.werr) {
        ssize_t w = write(gate.real_fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            gate.werr = errno; /* keep reading the pipe so that the command ends */
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

static void *gate_run(void *unused)
{
    static char in[65536 + 4], out[3 * sizeof in + 1];
    size_t have = 0;
    (void)unused;
    for (;;) {
        ssize_t r = read(gate.pipe_fd, in + have, sizeof in - have);
        if (r < 0 && errno == EINTR)
            continue;
        int eof = r <= 0;
        if (r > 0)
            have += (size_t)r;
        size_t take = eof ? have : pr_text_safe_prefix(in, have);
        size_t n = pr_text_safe(out, sizeof out, in, take, PR_SAFE_KEEP_NL | PR_SAFE_KEEP_TAB);
        write_all(out, n);
        memmove(in, in + take, have - take);
        have -= take;
        if (eof)
            return NULL;
    }
}

/* fd moved to 3 or above (close-on-exec): with stdin, stdout or stderr
 * closed, pipe() would hand out their numbers. */
static int high_fd(int fd)
{
    if (fd > STDERR_FILENO) {
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        return fd;
    }
    int h = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return h;
}

int cli_out_gate(void)
{
    int p[2];
    fflush(stdout);
    /* A closed stdout stays closed: the command then fails to write, as
     * it would without the gate. */
    if (fcntl(STDOUT_FILENO, F_GETFD) < 0)
        return -1;
    int tty = isatty(STDOUT_FILENO);
    if (pipe(p) != 0)
        return -1;
    p[0] = high_fd(p[0]);
    p[1] = high_fd(p[1]);
    if (p[0] < 0 || p[1] < 0) {
        if (p[0] >= 0)
            close(p[0]);
        if (p[1] >= 0)
            close(p[1]);
        return -1;
    }
    int real = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (real < 0 || dup2(p[1], STDOUT_FILENO) < 0) {
        if (real >= 0)
            close(real);
        close(p[0]);
        close(p[1]);
        return -1;
    }
    close(p[1]);
    gate.real_fd = real;
    gate.pipe_fd = p[0];
    if (pthread_create(&gate.thread, NULL, gate_run, NULL) != 0) {
        dup2(real, STDOUT_FILENO);
        close(real);
        close(p[0]);
        gate.real_fd = STDOUT_FILENO;
        return -1;
    }
    gate.active = 1;
    /* A terminal sees each line as it comes, as before. */
    if (tty)
        setvbuf(stdout, NULL, _IOLBF, 0);
    return 0;
}

int cli_out_finish(void)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);
    if (!gate.active)
        return bad ? -1 : 0;
    /* Closing the pipe's only write end lets the thread drain it and end. */
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, STDOUT_FILENO);
        close(devnull);
    } else {
        close(STDOUT_FILENO);
    }
    pthread_join(gate.thread, NULL);
    close(gate.pipe_fd);
    dup2(gate.real_fd, STDOUT_FILENO);
    close(gate.real_fd);
    gate.real_fd = STDOUT_FILENO;
    gate.active = 0;
    return bad || gate.werr ? -1 : 0;
}

char *cli_fold(const char *s)
{
    return pr_text_fold(s);
}

int cli_width(void)
{
    struct winsize ws;
    if (!isatty(gate.real_fd))
        return 0;
    const char *cols = getenv("COLUMNS");
    long n;
    if (cols && !pr_parse_long(cols, 1, 10000, &n))
        return (int)n;
    if (ioctl(gate.real_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
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
