/* review_log.h - decisions taken on reviewed allocation requests (the TUI's
 * review queue), recorded in the history next to the changes.  An approval
 * is the assignment itself (pr_edit_assign records it); a rejection changes
 * nothing in the registry but is recorded with its reason. */
#ifndef PORTREG_REVIEW_LOG_H
#define PORTREG_REVIEW_LOG_H

#include "registry.h"
#include "rules.h"

/* A decision recorded on a request. */
struct pr_review_decision {
    long long id;       /* its history entry */
    char decision[16];  /* "approve", "reject" */
    char at[32];        /* 2026-01-15T12:00:00Z */
    char author[128];
    char reason[512];   /* "port 5353 is taken"; an approval: "change 7" */
};

/* Record decision ("reject", ...) on req with reason as a history entry
 * (command "review", summary "reject NAME (FILE:LINE): REASON", by
 * pr_store_author at pr_store_now).  The registry, its `updated` date and the
 * count of edits are left alone.  *id (optional) gets the entry's id.
 * PR_EINVAL without a reason. */
int pr_review_log(pr_store *s, const struct pr_request *req, const char *decision,
                  const char *reason, long long *id, pr_error *err);

/* The latest decision recorded on req, found by its service name, file and
 * line as pr_review_log writes them.  1 and *out filled, 0 when there is
 * none, or a negative PR_E* code. */
int pr_review_log_find(pr_store *s, const struct pr_request *req, struct pr_review_decision *out,
                       pr_error *err);

#endif
