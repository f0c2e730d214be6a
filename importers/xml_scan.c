/* xml_scan.c - byte-exact tag scanner (see xml_scan.h). */
#define _DEFAULT_SOURCE /* madvise(MADV_DONTNEED) */
#include "xml_scan.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define RELEASE_STEP ((size_t)2 << 20)

void xml_scan_release(const char *buf, size_t *released, size_t upto)
{
    if (upto < *released + 2 * RELEASE_STEP)
        return;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t to = (upto - RELEASE_STEP) / page * page;
    if (to > *released && madvise((void *)(buf + *released), to - *released, MADV_DONTNEED) == 0)
        *released = to;
}

enum { TAG_NONE = 0, TAG_START, TAG_END, TAG_EMPTY, TAG_DOCTYPE };

void xml_scan_init(struct xml_scan *s, const char *buf, size_t len)
{
    s->buf = buf;
    s->len = len;
    s->pos = 0;
    s->depth = 0;
    s->markup = 0;
    s->markup_bytes = 0;
    s->line_pos = 0;
    s->line = 1;
    s->mapped = 0;
    s->released = 0;
}

static const char *find(const struct xml_scan *s, size_t from, const char *needle)
{
    size_t n = strlen(needle);
    const char *p = s->buf + from, *end = s->buf + s->len;
    while (p + n <= end) {
        const char *q = memchr(p, needle[0], (size_t)(end - p));
        if (!q || q + n > end)
            return NULL;
        if (!memcmp(q, needle, n))
            return q;
        p = q + 1;
    }
    return NULL;
}

static int has_prefix(const struct xml_scan *s, size_t at, const char *pre)
{
    size_t n = strlen(pre);
    return at + n <= s->len && !memcmp(s->buf + at, pre, n);
}

/* Next tag from s->pos; sets *tag_start and moves s->pos past it. */
static int next_tag(struct xml_scan *s, size_t *tag_start)
{
    if (s->mapped)
        xml_scan_release(s->buf, &s->released, s->pos);
    for (;;) {
        const char *lt = s->pos < s->len ? memchr(s->buf + s->pos, '<', s->len - s->pos) : NULL;
        const char *e;
        if (!lt)
            return TAG_NONE;
        size_t at = (size_t)(lt - s->buf);
        *tag_start = at;
        if (has_prefix(s, at, "<!--")) {
            if (!(e = find(s, at + 4, "-->")))
                return TAG_NONE;
            s->pos = (size_t)(e - s->buf) + 3;
            s->markup++;
            s->markup_bytes += s->pos - at;
        } else if (has_prefix(s, at, "<![CDATA[")) {
            if (!(e = find(s, at + 9, "]]>")))
                return TAG_NONE;
            s->pos = (size_t)(e - s->buf) + 3;
        } else if (has_prefix(s, at, "<?")) {
            if (!(e = find(s, at + 2, "?>")))
                return TAG_NONE;
            s->pos = (size_t)(e - s->buf) + 2;
            s->markup++;
            s->markup_bytes += s->pos - at;
        } else if (has_prefix(s, at, "<!")) {
            s->pos = at + 2;
            return TAG_DOCTYPE;
        } else {
            int end_tag = has_prefix(s, at, "</");
            char quote = 0;
            size_t i = at + 1;
            for (; i < s->len; i++) {
                char c = s->buf[i];
                if (quote) {
                    if (c == quote)
                        quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    break;
                }
            }
            if (i >= s->len)
                return TAG_NONE;
            s->pos = i + 1;
            if (end_tag) {
                s->depth--;
                return TAG_END;
            }
            if (s->buf[i - 1] == '/')
                return TAG_EMPTY;
            s->depth++;
            return TAG_START;
        }
    }
}

int xml_scan_find_doctype(struct xml_scan *s, long *line)
{
    struct xml_scan t = *s;
    size_t at;
    int k;
    while ((k = next_tag(&t, &at)) != TAG_NONE) {
        if (k == TAG_DOCTYPE) {
            long l = 1;
            for (size_t i = 0; i < at; i++)
                l += s->buf[i] == '\n';
            *line = l;
            return 1;
        }
        if (k == TAG_START || k == TAG_EMPTY)
            return 0;
    }
    return 0;
}

void xml_scan_census(const struct xml_scan *s, struct xml_scan_census *c)
{
    struct xml_scan t = *s;
    size_t at;
    int k;
    c->root_start = c->root_end = s->len;
    c->root_closed = 0;
    while ((k = next_tag(&t, &at)) != TAG_NONE) {
        if ((k == TAG_START || k == TAG_EMPTY) && c->root_start == s->len)
            c->root_start = at;
        if ((k == TAG_END || k == TAG_EMPTY) && t.depth == 0 && !c->root_closed) {
            c->root_end = t.pos;
            c->root_closed = 1;
        }
    }
    c->markup = t.markup - s->markup;
    c->markup_bytes = t.markup_bytes - s->markup_bytes;
}

long xml_scan_next_start_line(struct xml_scan *s)
{
    struct xml_scan t = *s;
    size_t at;
    int k;
    do
        k = next_tag(&t, &at);
    while (k != TAG_NONE && k != TAG_START && k != TAG_EMPTY);
    if (k == TAG_NONE)
        return 0;
    if (at < s->line_pos) { /* never happens in order; recount */
        s->line_pos = 0;
        s->line = 1;
    }
    const char *p = s->buf + s->line_pos, *end = s->buf + at, *nl;
    while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
        s->line++;
        p = nl + 1;
    }
    s->line_pos = at;
    return s->line;
}

int xml_scan_start_tag(struct xml_scan *s, size_t *end)
{
    size_t at;
    int k = next_tag(s, &at);
    if (k != TAG_START && k != TAG_EMPTY)
        return -1;
    *end = s->pos;
    return 0;
}

int xml_scan_end_tag(struct xml_scan *s)
{
    size_t at;
    return next_tag(s, &at) == TAG_END ? 0 : -1;
}

int xml_scan_item_end(struct xml_scan *s, int base, size_t *end)
{
    size_t at;
    if (s->depth != base)
        return -1;
    for (;;) {
        int k = next_tag(s, &at);
        if (k == TAG_NONE || k == TAG_DOCTYPE || s->depth < base)
            return -1;
        if ((k == TAG_END || k == TAG_EMPTY) && s->depth == base) {
            *end = s->pos;
            return 0;
        }
    }
}

char *xml_span_dup(const struct xml_scan *s, size_t from, size_t to)
{
    if (to < from || to > s->len)
        return NULL;
    char *p = malloc(to - from + 1);
    if (!p)
        return NULL;
    memcpy(p, s->buf + from, to - from);
    p[to - from] = 0;
    return p;
}
