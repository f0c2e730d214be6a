/* line_read.h - private to importers/: reading line-oriented text formats
 * (services(5), nmap-services) with line numbers, splitting a line into
 * white-space separated words and a '#' comment, and sniffing such files. */
#ifndef PORTREG_LINE_READ_H
#define PORTREG_LINE_READ_H

#include <stdio.h>

#include "registry.h"

/* services(5) and nmap-services lines are short; this bounds memory. */
#define LINE_MAX_BYTES (64 * 1024)

#define LINE_MAX_WORDS 32
/* Split line in place: words before '#' into words[] (up to max), the
 * comment after '#' (trimmed; NULL when there is none) into *comment.
 * Returns the number of words. */
size_t line_split(char *line, char **words, size_t max, char **comment);

/* The words of one line that has some, for line_each. */
struct line_words {
    const char *path;
    long line;
    char *words[LINE_MAX_WORDS];
    size_t n;      /* number of words (only the first LINE_MAX_WORDS kept) */
    char *comment; /* after '#', trimmed; NULL when absent or empty */
    size_t bytes;  /* the line's length without its line break ("\n") */
};
/* Call fn for every line of path that has words; a non-zero return stops
 * and is returned.  Read errors are PR_EIO naming the file. */
int line_each(const char *path, int (*fn)(struct line_words *w, void *ud, pr_error *err),
              void *ud, pr_error *err);
/* "443/tcp" -> port (0-65535) and protocol (letters and digits, lowercased
 * in place, pointing into s).  0 or -1. */
int line_port_proto(char *s, int *port, char **proto);

/* Score a file head for a line format: among the first lines that are
 * neither blank nor comments, the percentage that line_ok accepts (0 when
 * there are none).  line_ok gets a NUL-terminated copy of each line. */
int line_probe(const char *head, size_t len, int (*line_ok)(char *line));

#endif
