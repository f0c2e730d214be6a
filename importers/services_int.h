/* services_int.h - private to importers/: the first-match check shared by
 * a services file read back (compare) and one about to be written (export
 * --check). */
#ifndef PORTREG_SERVICES_INT_H
#define PORTREG_SERVICES_INT_H

#include "importers.h"

/* One line as glibc reads it.  Strings are borrowed. */
struct svc_check_line {
    const char *name, *protocol;
    int port;
    const char *const *aliases;
    size_t n_aliases;
    long line;
    size_t bytes;
    int unreadable; /* a name with blanks: not read by glibc */
};

/* A name (with its transport) or a port/transport of a line, sorted to
 * find which lines compete for one lookup. */
struct svc_key {
    const char *name; /* NULL: a port key */
    const char *protocol;
    int port;
    size_t idx;       /* the line's index */
};
/* qsort order: name keys (by name, transport) before port keys (by
 * transport, port); equal keys by idx. */
int svc_key_cmp(const void *a, const void *b);

/* Check lines[0..n) (in file order) and report as pr_services_check_file
 * describes.  Adds to counts (which the caller zeroes). */
int svc_check_run(const struct svc_check_line *lines, size_t n, int width, pr_check_cb cb,
                  void *ud, struct pr_check_counts *counts, pr_error *err);

#endif
