/* strbuf.h - the one growable string of portreg (git's strbuf), for the
 * library and the front ends alike (public), and the XML escape and
 * unescape into it.  Appends never fail outright: running out of memory
 * sets oom, later appends do nothing, and the caller checks oom once at the
 * end (pr_strbuf_detach returns NULL then). */
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
/* The n strings of v with sep between them ("tcp,udp"). */
void pr_strbuf_add_joined(struct pr_strbuf *sb, const char *const *v, size_t n, const char *sep);
/* Cut to len bytes (len <= sb->len). */
void pr_strbuf_setlen(struct pr_strbuf *sb, size_t len);
/* The text ("" when empty); borrowed until the next change. */
const char *pr_strbuf_str(const struct pr_strbuf *sb);
/* Hand the malloc'd text over (NULL when out of memory) and reset sb. */
char *pr_strbuf_detach(struct pr_strbuf *sb);
void pr_strbuf_release(struct pr_strbuf *sb);

/* ---- XML text: the one escape and the one unescape of libportreg -------- */
/* Append s escaped as XML character data (& < > become entities), or with
 * attr as an attribute value in double quotes (also "). */
void pr_strbuf_add_xml(struct pr_strbuf *sb, const char *s, int attr);
/* Append [s, s + n) with the five predefined entities (&amp; &lt; &gt;
 * &quot; &apos;) decoded; any other '&' is kept as it stands (inner XML
 * as portreg keeps it has no others). */
void pr_strbuf_add_xml_unescaped(struct pr_strbuf *sb, const char *s, size_t n);
/* s escaped as XML character data, malloc'd; NULL when out of memory. */
char *pr_xml_escape(const char *s);

#endif
