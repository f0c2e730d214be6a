/* out.c - messages and text output helpers for the front end. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void cli_error(const pr_error *e)
{
    char buf[1024];
    fprintf(stderr, "portreg: %s\n", pr_error_format(e, buf, sizeof buf));
}

void cli_errorf(const char *fmt, ...)
{
    va_list ap;
    fputs("portreg: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_warnf(const char *fmt, ...)
{
    va_list ap;
    fputs("portreg: warning: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
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
