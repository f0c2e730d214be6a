/* safe_text.c - the output gate: every string from outside (files, the
 * database, arguments, the environment) passes pr_text_safe before it
 * reaches a terminal or an error message (docs/security.md). */
#include "clean_text.h"
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* Append n bytes of t at *o when they fit before end (the NUL's place). */
static void put(char **o, char *end, int *cut, const char *t, size_t n)
{
    if (*cut || (size_t)(end - *o) < n) {
        *cut = 1; /* whole characters only: stop at the first that does not fit */
        return;
    }
    memcpy(*o, t, n);
    *o += n;
}

size_t pr_text_safe(char *buf, size_t len, const char *s, size_t n, int flags)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    char *o = buf, *end = len ? buf + len - 1 : buf;
    size_t total = 0, i = 0;
    int cut = len == 0;
    if (!s)
        n = 0;
    int nl = (flags & PR_SAFE_KEEP_NL) != 0, tab = (flags & PR_SAFE_KEEP_TAB) != 0;
    while (i < n) {
        /* Printable ASCII (and kept line ends and tabs) a run at a time:
         * nearly all text is. */
        size_t j = i;
        while (j < n && ((p[j] >= 0x20 && p[j] < 0x7f) || (p[j] == '\n' && nl) ||
                         (p[j] == '\t' && tab)))
            j++;
        if (j > i) {
            /* each byte a character: as many as fit */
            size_t room = cut ? 0 : (size_t)(end - o), take = j - i < room ? j - i : room;
            if (take) {
                memcpy(o, p + i, take);
                o += take;
            }
            cut |= take < j - i;
            total += j - i;
            i = j;
            continue;
        }
        unsigned cp;
        size_t k = pr_utf8_decode(p + i, n - i, &cp);
        if (k && !PR_IS_CONTROL(cp) && !PR_IS_SPOOF(cp)) {
            put(&o, end, &cut, (const char *)p + i, k);
            total += k;
            i += k;
            continue;
        }
        if (k && ((cp == '\n' && (flags & PR_SAFE_KEEP_NL)) ||
                  (cp == '\t' && (flags & PR_SAFE_KEEP_TAB)))) {
            put(&o, end, &cut, (const char *)p + i, 1);
            total++;
        } else if (k && (cp == '\n' || cp == '\t' || cp == '\r')) {
            put(&o, end, &cut, " ", 1); /* a message stays one line */
            total++;
        } else {
            put(&o, end, &cut, REPLACEMENT, 3);
            total += 3;
        }
        i += k ? k : 1; /* each byte of malformed UTF-8 is replaced on its own */
    }
    if (len)
        *o = 0;
    return total;
}

char *pr_text_safe_dup(const char *s, int flags)
{
    size_t n = s ? strlen(s) : 0;
    size_t need = pr_text_safe(NULL, 0, s, n, flags) + 1;
    char *out = malloc(need);
    if (out)
        pr_text_safe(out, need, s, n, flags);
    return out;
}

size_t pr_text_safe_prefix(const char *s, size_t n)
{
    /* A lead byte within the last three whose sequence runs past n. */
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned char c = (unsigned char)s[n - back];
        if ((c & 0xc0) == 0x80)
            continue;
        size_t want = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c < 0xf0 ? 3
                    : c >= 0xc2 && c < 0xe0 ? 2 : 1;
        return want > back ? n - back : n;
    }
    return n;
}
