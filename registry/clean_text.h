/* clean_text.h - private to libportreg: is a byte string clean text?  Used by the
 * readers of untrusted files (registry XML, request files) so that nothing
 * they read can reach a terminal as a control sequence; the output gate
 * (pr_text_safe, safe_text.c) shares its UTF-8 decoder. */
#ifndef PORTREG_CLEAN_TEXT_H
#define PORTREG_CLEAN_TEXT_H

#include <stddef.h>

/* Offset of the first byte of s[0, n) that is not clean text, or n: clean
 * text is well-formed UTF-8 without C0 controls other than tab, line feed
 * and carriage return, without DEL, without C1 controls (U+0080 to
 * U+009F, which some terminals take as escape sequences) and without the
 * invisible format characters of PR_IS_SPOOF.  At a bad offset
 * *cp is the code point (or the byte, when *invalid says the UTF-8 is
 * malformed there). */
size_t pr_clean_text_bad(const char *s, size_t n, unsigned *cp, int *invalid);

/* Length (1-4) of the well-formed UTF-8 sequence at p[0, n), its code point
 * in *cp; 0 when the bytes there are not one (a stray continuation byte, an
 * overlong form, a surrogate, past U+10FFFF, or cut short by n). */
size_t pr_utf8_decode(const unsigned char *p, size_t n, unsigned *cp);

/* Is the C0 or C1 control or DEL? */
#define PR_IS_CONTROL(c) ((c) < 0x20 || ((c) >= 0x7f && (c) <= 0x9f))

/* Is it an invisible format character that reorders or hides text on a
 * display (Trojan Source, CVE-2021-42574): the bidi embeddings, overrides
 * and isolates (U+202A-202E, U+2066-2069), the marks (U+061C, U+200E,
 * U+200F), the zero-width space and the invisible operators (U+200B,
 * U+2060-2064)?  Clean text has none (IANA's registry has none); the
 * joiners U+200C/U+200D, which some scripts need, are not among them. */
#define PR_IS_SPOOF(c) \
    ((c) == 0x061c || (c) == 0x200b || (c) == 0x200e || (c) == 0x200f || \
     ((c) >= 0x202a && (c) <= 0x202e) || ((c) >= 0x2060 && (c) <= 0x2064) || \
     ((c) >= 0x2066 && (c) <= 0x2069))

/* "control character" or "invisible format character": what cp is. */
#define PR_BAD_CHAR_KIND(c) (PR_IS_SPOOF(c) ? "invisible format character" : "control character")

#endif
