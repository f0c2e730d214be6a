/* history_int.h - private to registry/: a change in progress.  The editing
 * procedures (edit.c) write every row through these calls so that the
 * history holds each touched row whole, before and after, and undo can put
 * it back. */
#ifndef PORTREG_HISTORY_INT_H
#define PORTREG_HISTORY_INT_H

#include "edit.h"
#include "store_int.h"

struct pr_change_txn {
    pr_store *s;
    long long id;
    int pos;
    char at[32];   /* 2026-01-15T12:00:00Z */
    char date[11]; /* 2026-01-15 */
    const char *reason; /* recorded with the change; may be NULL (borrowed) */
};

/* Take the write lock (BEGIN IMMEDIATE) and open a history row. */
int pr_change_begin(pr_store *s, struct pr_change_txn *ch, const char *command, pr_error *err);
/* Record summary (and undoes when > 0) and ch->reason, set meta `updated`
 * to the change's date, count the edit, commit.  While the store rehearses
 * (pr_edit_dry_run) the change is shown to the rehearsal's callback and
 * rolled back instead. */
int pr_change_commit(struct pr_change_txn *ch, const char *summary, long long undoes,
                     pr_error *err);
void pr_change_abort(struct pr_change_txn *ch);

/* Store r as a new record (sets r->id) and log it. */
int pr_change_insert_record(struct pr_change_txn *ch, struct pr_record *r, pr_error *err);
/* Replace the stored record r->id by r and log both states. */
int pr_change_update_record(struct pr_change_txn *ch, const struct pr_record *r, pr_error *err);
int pr_change_delete_record(struct pr_change_txn *ch, long long id, pr_error *err);
int pr_change_insert_person(struct pr_change_txn *ch, const struct pr_person *p, pr_error *err);
/* Edit input is text as clean as an import's: a control character or
 * malformed UTF-8 in v is refused (PR_EINVAL) with field named. */
int pr_change_clean_text(const char *field, const char *v, pr_error *err);
int pr_change_update_person(struct pr_change_txn *ch, const struct pr_person *p, pr_error *err);
int pr_change_delete_person(struct pr_change_txn *ch, const char *id, pr_error *err);
int pr_change_set_meta(struct pr_change_txn *ch, const char *key, const char *value,
                       pr_error *err);

/* ---- snapshots (history_snapshot.c): a row's whole state as JSON ---- */

/* r or p as the history stores it (malloc'd; NULL when out of memory). */
char *pr_history_record_json(const struct pr_record *r);
char *pr_history_person_json(const struct pr_person *p);
/* Read a snapshot back into *r or *p (released on error), every value
 * checked; w names the history row for errors (PR_ESCHEMA). */
int pr_history_record_from_json(struct pr_rowloc *w, const char *json, struct pr_record *r,
                                pr_error *err);
int pr_history_person_from_json(struct pr_rowloc *w, const char *json, struct pr_person *p,
                                pr_error *err);

/* ---- listing (history_list.c) ---- */

/* SQL: the change that undid change h (NULL when none): the latest undo of
 * it counts, unless that was undone. */
#define UNDONE_BY(h)                                                                        \
    "(SELECT max(u.id) FROM history u WHERE u.undoes = " h ".id AND NOT EXISTS "            \
    "(SELECT 1 FROM history r WHERE r.undoes = u.id))"

/* Are a and b stored alike, their position in the document (seq) aside?
 * 1 or 0; PR_ENOMEM when out of memory (no answer). */
int pr_history_record_same(const struct pr_record *a, const struct pr_record *b);
/* Add to fields (a ", "-separated list of at most len bytes, each name
 * once) the fields `portreg history` shows that differ between a and b;
 * "updated" only when no other does. */
void pr_history_record_fields(const struct pr_record *a, const struct pr_record *b, char *fields,
                              size_t len);

/* Record the approval of req by the assignment ch is making (review_log.c;
 * the decision row, inside ch's transaction, with ch->reason). */
int pr_review_log_approval(struct pr_change_txn *ch, const struct pr_request *req, pr_error *err);

/* End a transaction that recorded no change of the registry (a review
 * decision): commit it, or roll it back while the store rehearses. */
int pr_store_finish(pr_store *s, pr_error *err);

#endif
