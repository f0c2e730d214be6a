/* diff.h - public: a semantic diff of two registries.
 *
 * A registry is held in memory as a snapshot (records, people, header),
 * filled by a reader through pr_snapshot_sink or from a store.  Records are
 * paired by name, port and transport first, so that a record whose
 * assignee changes (a transfer to the IESG, a new person id) is one
 * changed record with the assignee's before and after; then, among the
 * rest, by port, transport and assignee (a rename by the holder); then by
 * port and transport alone (a de-assignment, a Reserved row taken: a
 * change of that port's record).  A record without a port is known by its
 * name.  Several records with the same key pair in document order.
 */
#ifndef PORTREG_DIFF_H
#define PORTREG_DIFF_H

#include "registry.h"

struct pr_snapshot {
    struct pr_record *records; /* owned, raw dropped */
    size_t n_records, cap_records;
    struct pr_person *people;  /* owned, raw dropped */
    size_t n_people, cap_people;
    char *title, *updated;     /* the header's, or NULL */
};

void pr_snapshot_init(struct pr_snapshot *s);
void pr_snapshot_release(struct pr_snapshot *s);
/* A sink (registry.h) that appends what a reader parses to snap. */
void pr_snapshot_sink(struct pr_snapshot *snap, struct pr_sink *sink);
/* The store's records and the people an XML export would write. */
int pr_snapshot_load(struct pr_snapshot *snap, pr_store *s, pr_error *err);

/* Fields compared, in this order; the names are pr_json_record's keys
 * (people: id, name, org, uri, updated). */
struct pr_field_change {
    const char *field;     /* static */
    char *before, *after;  /* plain text; NULL = absent */
};

struct pr_diff_change {
    size_t a, b;           /* indexes into the two snapshots */
    struct pr_field_change *fields;
    size_t n_fields;
};

struct pr_diff {
    const struct pr_snapshot *a, *b;  /* borrowed */
    size_t *added, n_added;           /* indexes into b->records */
    size_t *removed, n_removed;       /* indexes into a->records */
    struct pr_diff_change *changed;        /* records, in b's order */
    size_t n_changed;
    size_t *people_added, n_people_added;      /* into b->people */
    size_t *people_removed, n_people_removed;  /* into a->people */
    struct pr_diff_change *people_changed;
    size_t n_people_changed;
    struct pr_field_change *header;   /* title, updated */
    size_t n_header;
};

/* Compare a with b (both must outlive d).  0 or PR_ENOMEM. */
int pr_diff_compute(struct pr_diff *d, const struct pr_snapshot *a,
                    const struct pr_snapshot *b, pr_error *err);
void pr_diff_release(struct pr_diff *d);
/* 1 when a and b are the same registry (nothing in d). */
int pr_diff_is_empty(const struct pr_diff *d);
/* {"registry": {field: {"before", "after"}}, "added": [records],
 *  "removed": [records], "changed": [{"before": record, "after": record,
 *  "fields": {field: {"before", "after"}}}], "people": {"added": [...],
 *  "removed": [...], "changed": [{"id", "fields"}]}} */
void pr_diff_json(FILE *f, const struct pr_diff *d);
/* Person as JSON: {"id", "name", "org", "uri": [...], "updated"}. */
void pr_json_person(FILE *f, const struct pr_person *p);

#endif
