/* edit_int.h - private to registry/: record lookups shared by the editing
 * procedures (edit.c) and the lost-update check (edit_base.c). */
#ifndef PORTREG_EDIT_INT_H
#define PORTREG_EDIT_INT_H

#include "edit.h"

/* Records loaded from the store; owns them. */
struct pr_recset {
    struct pr_record *v;
    size_t n;
};
void pr_recset_release(struct pr_recset *rs);

/* The records of service name (case-insensitive), only protocol's when not
 * NULL, in document order. */
int pr_recset_named(pr_store *s, const char *name, const char *protocol, struct pr_recset *rs,
                     pr_error *err);

/* The protocol the base was loaded for, or NULL (edit_base.c). */
const char *pr_edit_base_protocol(const pr_edit_base *b);

#endif
