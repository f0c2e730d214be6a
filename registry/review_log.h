/* review_log.h - the decisions taken on reviewed allocation requests: an
 * approval (the assignment made from the request) or a rejection (with its
 * reason), stored with the fingerprint of the request's content
 * (pr_request_fingerprint) and found again by it, whatever file or line the
 * request comes from the next time (`portreg review`, the TUI's queue).
 *
 * An approval is recorded by the assignment itself (pr_edit_assign with
 * a.request set), in its transaction; a rejection changes nothing in the
 * registry and is recorded as a history entry of its own (command "review",
 * which undo and the edit count pass over) with the decision. */
#ifndef PORTREG_REVIEW_LOG_H
#define PORTREG_REVIEW_LOG_H

#include "registry.h"
#include "rules.h"

/* A decision recorded on a request. */
struct pr_review_decision {
    long long id;          /* the decision's own row */
    char decision[16];     /* "approve", "reject" */
    long long change_id;   /* approve: the assignment's change; reject: the
                              history entry recording it */
    long long undone_by;   /* approve: the change that undid the assignment;
                              0 when it stands */
    int missing;           /* approve: 1 when change_id is not in the history
                              (a database changed by other means): the
                              assignment was never applied as recorded */
    char at[32];           /* 2026-01-15T12:00:00Z */
    char author[128];
    char reason[512];      /* "" when none was given (an approval) */
    char fingerprint[65];
};

/* Record decision "reject" on req with reason (required: PR_EINVAL) as a
 * history entry (command "review", summary "reject NAME (FILE:LINE):
 * REASON", by pr_store_author at pr_store_now) and a decision row, in
 * one transaction.  The registry, its `updated` date and the count of edits
 * are left alone.  *id (optional) gets the history entry's id.  Approvals
 * are recorded by the assignment (pr_edit_assign): "approve" here is
 * PR_EINVAL.  A malformed request (n_problems > 0) cannot be decided on. */
int pr_review_log(pr_store *s, const struct pr_request *req, const char *decision,
                  const char *reason, long long *id, pr_error *err);

/* The latest decision on a request with req's content (its fingerprint):
 * 1 and *out filled, 0 when there is none, or a negative PR_E* code. */
int pr_review_log_find(pr_store *s, const struct pr_request *req, struct pr_review_decision *out,
                       pr_error *err);

/* An approved request reviewed again sees its own assignment: drop from
 * f->items[from, f->n) the findings about records that the approval made
 * and nothing else (name-taken, port-taken on itself).  Nothing is dropped
 * when d is not a standing approval.  0 or a negative PR_E* code. */
int pr_review_log_drop_own(pr_store *s, const struct pr_review_decision *d,
                           struct pr_findings *f, size_t from, pr_error *err);

/* Does the decision still hold?  A rejection does; an approval while its
 * assignment stands (not undone, its change in the history).  A request
 * whose decision does not hold is undecided again. */
int pr_review_decision_holds(const struct pr_review_decision *d);

/* "approved in change 12 by jane, 2026-01-15 12:00" or "rejected in change
 * 13 by jane, 2026-01-15 12:00: port 5353 is taken" into buf.  An approval
 * that no longer holds says so first, as a narrow column cut from the
 * right still shows: "approval undone by change 14 (approved in change 12
 * by jane, 2026-01-15 12:00)", "approval not applied: change 12 is not in
 * the history (approved by jane, 2026-01-15 12:00)". */
const char *pr_review_decision_text(const struct pr_review_decision *d, char *buf, size_t len);

#endif
