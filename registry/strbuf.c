/* strbuf.c - the growable string of strbuf.h, and XML text escaped into
 * it and back. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(struct pr_strbuf *sb, size_t more)
{
    if (sb->oom)
        return -1;
    if (more > (size_t)-1 / 2 - sb->len) {
        sb->oom = 1;
        return -1;
    }
    /* room for bytes 0..len+more: the text and its NUL */
    if (sb->len + more < sb->cap)
        return 0;
    if (pr_grow(&sb->buf, &sb->cap, sb->len + more, 1, 64)) {
        sb->oom = 1;
        return -1;
    }
    return 0;
}

void pr_strbuf_add(struct pr_strbuf *sb, const char *s, size_t n)
{
    if (grow(sb, n))
        return;
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = 0;
}

void pr_strbuf_adds(struct pr_strbuf *sb, const char *s)
{
    pr_strbuf_add(sb, s, strlen(s));
}

void pr_strbuf_addch(struct pr_strbuf *sb, char c)
{
    pr_strbuf_add(sb, &c, 1);
}

void pr_strbuf_addf(struct pr_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->oom = 1;
        return;
    }
    if (grow(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void pr_strbuf_add_joined(struct pr_strbuf *sb, const char *const *v, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            pr_strbuf_adds(sb, sep);
        pr_strbuf_adds(sb, v[i]);
    }
}

void pr_strbuf_setlen(struct pr_strbuf *sb, size_t len)
{
    if (sb->buf && len <= sb->len) {
        sb->len = len;
        sb->buf[len] = 0;
    }
}

const char *pr_strbuf_str(const struct pr_strbuf *sb)
{
    return sb->buf && !sb->oom ? sb->buf : "";
}

char *pr_strbuf_detach(struct pr_strbuf *sb)
{
    char *p = sb->oom ? NULL : sb->buf ? sb->buf : strdup("");
    if (sb->oom)
        free(sb->buf);
    memset(sb, 0, sizeof *sb);
    return p;
}

void pr_strbuf_release(struct pr_strbuf *sb)
{
    free(sb->buf);
    memset(sb, 0, sizeof *sb);
}

void pr_strbuf_add_xml(struct pr_strbuf *sb, const char *s, int attr)
{
    const char *run = s;
    for (const char *p = s;; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case 0: pr_strbuf_add(sb, run, (size_t)(p - run)); return;
        }
        if (rep) {
            pr_strbuf_add(sb, run, (size_t)(p - run));
            pr_strbuf_adds(sb, rep);
            run = p + 1;
        }
    }
}

void pr_strbuf_add_xml_unescaped(struct pr_strbuf *sb, const char *s, size_t n)
{
    static const struct { const char *ent; size_t len; char c; } ents[] = {
        {"&amp;", 5, '&'}, {"&lt;", 4, '<'}, {"&gt;", 4, '>'}, {"&quot;", 6, '"'},
        {"&apos;", 6, '\''}};
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&')
            continue;
        for (size_t k = 0; k < sizeof ents / sizeof *ents; k++)
            if (i + ents[k].len <= n && !memcmp(s + i, ents[k].ent, ents[k].len)) {
                pr_strbuf_add(sb, s + run, i - run);
                pr_strbuf_addch(sb, ents[k].c);
                i += ents[k].len - 1;
                run = i + 1;
                break;
            }
    }
    pr_strbuf_add(sb, s + run, n - run);
}

char *pr_xml_escape(const char *s)
{
    struct pr_strbuf sb = PR_STRBUF_INIT;
    pr_strbuf_add_xml(&sb, s, 0);
    return pr_strbuf_detach(&sb);
}
