/* clean_text.h - private to libportreg: is a byte string clean text?  Used by the
 * readers of untrusted files (registry XML, request files) so that nothing
 * they read can reach a terminal as a control sequence. */
#ifndef PORTREG_CLEAN_TEXT_H
#define PORTREG_CLEAN_TEXT_H

#include <stddef.h>

/* Offset of the first byte of s[0, n) that is not clean text, or n: clean
 * text is well-formed UTF-8 without C0 controls other than tab, line feed
 * and carriage return, without DEL and without C1 controls (U+0080 to
 * U+009F, which some terminals take as escape sequences).  At a bad offset
 * *cp is the code point (or the byte, when *invalid says the UTF-8 is
 * malformed there). */
size_t pr_clean_text_bad(const char *s, size_t n, unsigned *cp, int *invalid);

#endif
