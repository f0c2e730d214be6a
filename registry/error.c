/* error.c - pr_error helpers: every failing library call describes itself. */
#include "registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Messages quote input ("invalid port number '...'"): they pass the output
 * gate, so that whatever the input held they stay one line and no file or
 * argument reaches the terminal as an escape sequence (docs/security.md). */
static void one_line(char *s, size_t size)
{
    char tmp[sizeof ((pr_error *)0)->msg];
    size_t n = strlen(s);
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    memcpy(tmp, s, n);
    /* vsnprintf may have cut a character in two: the gate marks it. */
    pr_text_safe(s, size, tmp, n, 0);
}

static int error_vset(pr_error *e, int code, const char *fmt, va_list ap) PR_PRINTF(3, 0);
static int error_vset(pr_error *e, int code, const char *fmt, va_list ap)
{
    if (e) {
        e->code = code;
        e->field[0] = 0;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        one_line(e->msg, sizeof e->msg);
    }
    return code;
}

int pr_error_set(pr_error *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

int pr_error_at(pr_error *e, int code, const char *file, long line, long col,
                const char *fmt, ...)
{
    va_list ap;
    if (e) {
        snprintf(e->file, sizeof e->file, "%s", file ? file : "");
        one_line(e->file, sizeof e->file);
        e->line = line;
        e->column = col;
    }
    va_start(ap, fmt);
    error_vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

int pr_error_field(pr_error *e, int code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(e, code, fmt, ap);
    va_end(ap);
    if (e)
        snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    return code;
}

void pr_error_clear(pr_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

const char *pr_error_format(const pr_error *e, char *buf, size_t len)
{
    if (!e->file[0])
        snprintf(buf, len, "%s", e->msg);
    else if (e->line > 0 && e->column > 0)
        snprintf(buf, len, "%s:%ld:%ld: %s", e->file, e->line, e->column, e->msg);
    else if (e->line > 0)
        snprintf(buf, len, "%s:%ld: %s", e->file, e->line, e->msg);
    else
        snprintf(buf, len, "%s: %s", e->file, e->msg);
    return buf;
}

const char *pr_version(void)
{
#ifdef PORTREG_VERSION
    return PORTREG_VERSION;
#else
    return "0";
#endif
}
