/* rules.h - public API of the rules engine: findings, the rule table,
 * review of a request (request.h) against the registry and audit of the
 * registry itself.
 *
 * Rules never write to the store.  Library calls never print.
 *
 * Entry points for other commands (assign, the TUI):
 *   pr_request_init + pr_request_set (one call per field, as a request file
 *   would give it) build a request from options; pr_review runs every rule
 *   on it; pr_findings_verdict tells reject / concerns / clean.
 */
#ifndef PORTREG_RULES_H
#define PORTREG_RULES_H

#include <stddef.h>
#include <stdio.h>

#include "registry.h"
#include "request.h"

/* ---- findings ---------------------------------------------------------- */

enum pr_severity { PR_SEV_INFO = 0, PR_SEV_WARN = 1, PR_SEV_REJECT = 2 };
const char *pr_severity_name(int sev); /* "info", "warn", "reject" */

/* A registry record a finding is about (the holder of a port or a name),
 * kept apart from the message so that a reply to the requester can be
 * written from it.  Strings are owned; NULL when unknown. */
struct pr_finding_record {
    char *service;       /* NULL for a Reserved row */
    char *number;        /* "7123", "6000-6063" */
    char *protocol;      /* NULL: the row covers every transport */
    char *state;         /* "assigned", "reserved" */
    char *assignee;      /* person id */
    char *assignee_name; /* "VESvault Corp (VESvault_Corp)" */
    char *contact;       /* person id */
    char *contact_name;
    char *contact_mail;
    char *relation;      /* to the requester: "own", "likely-own", "other",
                            "unknown" (the record names nobody) */
};

struct pr_finding {
    const char *rule;  /* rule id (static) */
    int severity;      /* enum pr_severity */
    char *service;     /* the request's service, or the audited one */
    char *message;     /* why, naming the records involved */
    char *reference;   /* RFC sections, e.g. "RFC 6335 §5.1" */
    char *suggestion;  /* what to propose instead; may be NULL */
    char **related;    /* names of existing services involved */
    size_t n_related;
    struct pr_finding_record *records; /* the records involved, in detail */
    size_t n_records;
    char **links;      /* rfc-editor.org URLs of the RFCs and sections cited */
    size_t n_links;
};

/* A growing list of findings; owns them. */
struct pr_findings {
    struct pr_finding *items;
    size_t n, cap;
};
void pr_findings_init(struct pr_findings *f);
void pr_findings_release(struct pr_findings *f);
/* Remove (and free) item i; the later ones move up. */
void pr_findings_remove(struct pr_findings *f, size_t i);
/* Worst severity of items [from, to), or -1 when there are none. */
int pr_findings_worst(const struct pr_findings *f, size_t from, size_t to);
/* Verdict of items [from, to): "reject", "concerns" or "clean". */
const char *pr_findings_verdict(const struct pr_findings *f, size_t from, size_t to);
/* One finding as the JSON object review/audit --json print; with_service
 * adds the "service" key (audit). */
void pr_json_finding(FILE *f, const struct pr_finding *x, int with_service);
/* URLs for the RFCs and sections a reference cites ("RFC 6335 §8.5, §8.6;
 * RFC 7605 §7.4" -> https://www.rfc-editor.org/rfc/rfc6335#section-8.5 ...):
 * calls fn for each, in order.  Writes nothing and calls nothing for text
 * without an RFC number. */
void pr_reference_links(const char *reference, void (*fn)(const char *url, void *ud),
                        void *ud);

/* ---- rules ------------------------------------------------------------- */

/* Everything a check may read (store, request, whole-registry snapshot)
 * and where it writes findings; defined in rules_int.h. */
struct pr_rule_ctx;

/* A rule: one file registry/rules/<id>.c defining pr_rule_<id>, one row in
 * the table of registry/rules.c, one section of docs/rules.md.  check runs
 * on a request (review); audit, when not NULL, runs over every existing
 * assignment.  Both return 0 or a negative PR_E* code. */
struct pr_rule {
    const char *id;
    const char *rfc;     /* main citation */
    const char *summary;
    int severity;        /* default severity of its findings */
    int (*check)(struct pr_rule_ctx *c, const struct pr_request *req);
    int (*audit)(struct pr_rule_ctx *c);
};

size_t pr_rules_count(void);
const struct pr_rule *pr_rule_at(size_t i);
const struct pr_rule *pr_rule_find(const char *id);

/* Run every rule on req against s and append the findings to out (in rule
 * table order).  Returns 0 or a negative PR_E* code. */
int pr_review(pr_store *s, const struct pr_request *req, struct pr_findings *out,
              pr_error *err);
/* The same for reqs[i] of requests reviewed together (one `review` run,
 * one TUI queue): reqs[0..i) are the earlier ones, and a later request
 * asking for the same name or port/transport as an earlier one gets a
 * run-conflict finding naming the earlier's FILE:LINE. */
int pr_review_run(pr_store *s, const struct pr_request *reqs, size_t i,
                  struct pr_findings *out, pr_error *err);
/* Run the registry-level rules (only rule_id's when not NULL; PR_ENOTFOUND
 * for an unknown id, PR_EINVAL for a rule without an audit) over every
 * existing assignment and append the findings to out. */
int pr_audit(pr_store *s, const char *rule_id, struct pr_findings *out, pr_error *err);

#endif
