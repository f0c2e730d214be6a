/* clean_text.c - clean-text check (see clean_text.h). */
#include "clean_text.h"

size_t pr_clean_text_bad(const char *s, size_t n, unsigned *cp, int *invalid)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                *cp = c;
                *invalid = 0;
                return i;
            }
            i++;
            continue;
        }
        /* Length and minimum of a sequence by its lead byte. */
        size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
        unsigned v = len == 4 ? c & 0x07 : len == 3 ? c & 0x0f : c & 0x1f;
        int ok = len > 0 && len <= 4 && i + len <= n && c < 0xf5;
        for (size_t k = 1; ok && k < len; k++) {
            ok = (p[i + k] & 0xc0) == 0x80;
            v = v << 6 | (p[i + k] & 0x3f);
        }
        /* No overlong forms, no surrogates, nothing past U+10FFFF. */
        ok = ok && !(len == 3 && v < 0x800) && !(len == 4 && (v < 0x10000 || v > 0x10ffff)) &&
             !(v >= 0xd800 && v <= 0xdfff);
        if (!ok) {
            *cp = c;
            *invalid = 1;
            return i;
        }
        if (v >= 0x80 && v <= 0x9f) {
            *cp = v;
            *invalid = 0;
            return i;
        }
        i += len;
    }
    return n;
}
