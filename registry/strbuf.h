/* strbuf.h - private to libportreg: one growable string (git's strbuf).
 * Appends never fail outright: running out of memory sets oom, later
 * appends do nothing, and the caller checks oom once at the end. */
#ifndef PORTREG_STRBUF_H
#define PORTREG_STRBUF_H

#include <stddef.h>

#include "registry.h"

struct pr_strbuf {
    char *buf;  /* NUL-terminated once anything was added; NULL before */
    size_t len, cap;
    int oom;
};
#define PR_STRBUF_INIT {NULL, 0, 0, 0}

void pr_strbuf_add(struct pr_strbuf *sb, const char *s, size_t n);
void pr_strbuf_adds(struct pr_strbuf *sb, const char *s);
void pr_strbuf_addch(struct pr_strbuf *sb, char c);
void pr_strbuf_addf(struct pr_strbuf *sb, const char *fmt, ...) PR_PRINTF(2, 3);
/* Cut to len bytes (len <= sb->len). */
void pr_strbuf_setlen(struct pr_strbuf *sb, size_t len);
/* The text ("" when empty); borrowed until the next change. */
const char *pr_strbuf_str(const struct pr_strbuf *sb);
/* Hand the malloc'd text over (NULL when out of memory) and reset sb. */
char *pr_strbuf_detach(struct pr_strbuf *sb);
void pr_strbuf_release(struct pr_strbuf *sb);

#endif
