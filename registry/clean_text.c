/* clean_text.c - clean-text check and the UTF-8 decoder it shares with the
 * output gate (see clean_text.h). */
#include "clean_text.h"

#include <stdint.h>
#include <string.h>

/* Printable ASCII, tab, newline and carriage return: the bytes of nearly
 * every registry, skipped a table look-up at a time (the check runs over
 * whole files at import). */
static const unsigned char plain[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
#define R4(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
#define R16(c) R4(c), R4(c + 4), R4(c + 8), R4(c + 12)
    R16(0x20), R16(0x30), R16(0x40), R16(0x50), R16(0x60),
    R4(0x70), R4(0x74), R4(0x78), [0x7c] = 1, [0x7d] = 1, [0x7e] = 1,
#undef R16
#undef R4
};

size_t pr_utf8_decode(const unsigned char *p, size_t n, unsigned *cp)
{
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* Length of a sequence by its lead byte. */
    size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    unsigned v = len == 4 ? c & 0x07 : len == 3 ? c & 0x0f : c & 0x1f;
    if (!len || len > n)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (p[k] & 0x3f);
    }
    /* No overlong forms, no surrogates, nothing past U+10FFFF. */
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10ffff)) ||
        (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

/* Does the 8-byte word hold a byte outside 0x20-0x7e (a control, DEL or
 * non-ASCII byte)?  Bit tricks on the word, one test for eight bytes. */
static int word_unusual(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t below = (w - 0x20 * ones) & ~w & highs;          /* < 0x20 */
    uint64_t del = ((w ^ 0x7f * ones) - ones) & ~(w ^ 0x7f * ones) & highs; /* == 0x7f */
    return ((w & highs) | below | del) != 0;
}

size_t pr_clean_text_bad(const char *s, size_t n, unsigned *cp, int *invalid)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        for (;;) {
            /* whole words of printable ASCII, then a byte at a time up to
             * the next byte that needs a look (tabs and line feeds are
             * plain but stop the word test) */
            uint64_t w;
            while (i + 8 <= n && (memcpy(&w, p + i, 8), !word_unusual(w)))
                i += 8;
            size_t stop = i + 8 < n ? i + 8 : n;
            while (i < stop && plain[p[i]])
                i++;
            if (i >= n || !plain[p[i]])
                break;
        }
        if (i >= n)
            break;
        unsigned v;
        size_t len = pr_utf8_decode(p + i, n - i, &v);
        if (!len) {
            *cp = p[i];
            *invalid = 1;
            return i;
        }
        if ((PR_IS_CONTROL(v) && v != '\t' && v != '\n' && v != '\r') || PR_IS_SPOOF(v)) {
            *cp = v;
            *invalid = 0;
            return i;
        }
        i += len;
    }
    return n;
}
