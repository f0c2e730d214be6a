/* rules.h - public API of the rules engine: allocation requests (the
 * deb822-style format of docs/request-format.md), findings, the rule table,
 * review of a request against the registry and audit of the registry itself.
 *
 * Rules never write to the store.  Library calls never print: the request
 * parser reports warnings (unknown fields) through a callback.
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

/* ---- requests ---------------------------------------------------------- */

/* The fields of a request, in the order docs/request-format.md lists them. */
enum pr_req_field {
    PR_REQ_SERVICE_NAME = 0,
    PR_REQ_TRANSPORT,
    PR_REQ_PORT,
    PR_REQ_DESCRIPTION,
    PR_REQ_ASSIGNEE,
    PR_REQ_CONTACT,
    PR_REQ_REFERENCE,
    PR_REQ_JUSTIFICATION,
    PR_REQ_SECURITY,
    PR_REQ_RELATED_SERVICE,
    PR_REQ_DISCOVERY,
    PR_REQ_MULTICAST,
    PR_REQ_CONGESTION,
    PR_REQ_VERSIONING,
    PR_REQ_SERVICE_CODE,
    PR_REQ_DEFINED_TXT_KEYS,
    PR_REQ_NOTES,
    PR_REQ_NFIELDS
};
/* "Service-Name", "Transport", ... indexed by enum pr_req_field. */
extern const char *const pr_req_field_names[PR_REQ_NFIELDS];
/* Field index of a name (case-insensitive), or -1. */
int pr_req_field_find(const char *name);

/* Transport bits. */
enum { PR_TP_TCP = 1, PR_TP_UDP = 2, PR_TP_SCTP = 4, PR_TP_DCCP = 8 };
extern const char *const pr_tp_names[4]; /* "tcp", "udp", "sctp", "dccp" */

/* What the Port field asks for. */
enum pr_port_kind {
    PR_PORT_ABSENT = 0, /* no Port field: treated as a service name only */
    PR_PORT_NUMBERS,    /* one or more numbers or ranges (ports[]) */
    PR_PORT_ANY,        /* any user port of IANA's choice */
    PR_PORT_SYSTEM,     /* any system port */
    PR_PORT_NONE        /* a service name without a port */
};

#define PR_REQ_MAX_SPANS 16
struct pr_port_span { int lo, hi; };

/* Why a request cannot be reviewed: one problem of its stanza, or of its
 * file (it cannot be read, is no regular file, is too large, holds no
 * request). */
struct pr_request_problem {
    int code;          /* PR_EPARSE: malformed; PR_EIO: unreadable */
    long line, column; /* 0 if unknown */
    char *msg;         /* without file and line */
};

/* One request (one stanza).  Strings are owned (pr_request_release). */
struct pr_request {
    char *file;  /* source file name; NULL when built in memory */
    long line;   /* line of the stanza's first field; 0 if unknown */
    char *field[PR_REQ_NFIELDS]; /* value; continuation lines joined by
                                    "\n"; NULL when absent */
    long field_line[PR_REQ_NFIELDS];
    unsigned transports;         /* PR_TP_* bits from Transport */
    int port_kind;               /* enum pr_port_kind */
    struct pr_port_span ports[PR_REQ_MAX_SPANS];
    size_t n_ports;
    struct pr_request_problem *problems; /* none for a request that can be
                                            reviewed */
    size_t n_problems;               /* at most PR_REQUEST_MAX_PROBLEMS + 1:
                                        then the last says more follow */
};
#define PR_REQUEST_MAX_PROBLEMS 20

void pr_request_init(struct pr_request *r);
void pr_request_release(struct pr_request *r);
/* Set a field (replacing an earlier value) and parse Transport and Port.
 * Returns 0, PR_EINVAL for a bad transport or port (err names the field and
 * the value; err->line is left for the caller), or PR_ENOMEM. */
int pr_request_set(struct pr_request *r, int field, const char *value, pr_error *err);
/* The request's service name, or "(unnamed)". */
const char *pr_request_name(const struct pr_request *r);
/* Does the request ask for a port (numbers, any or system)? */
int pr_request_wants_port(const struct pr_request *r);
/* NULL for a request that can be reviewed; "unreadable" when its file
 * could not be read, else "malformed" (r->problems says why). */
const char *pr_request_problem_verdict(const struct pr_request *r);
/* A fingerprint of what the request asks: SHA-256 (64 hex digits) over its
 * known fields that have a value, in the order of enum pr_req_field, each
 * value with runs of white space folded to one space.  File, line, comments, unknown fields and
 * layout do not count: the same request sent twice, from another file or
 * reflowed, has the same fingerprint.  buf holds at least 65 bytes. */
void pr_request_fingerprint(const struct pr_request *r, char *buf);

struct pr_request_list {
    struct pr_request *items;
    size_t n, cap;
};
void pr_request_list_release(struct pr_request_list *l);

/* Called for each warning (an unknown field); msg has no file/line. */
typedef void (*pr_warn_fn)(const char *file, long line, const char *msg, void *ud);

/* Parse a request file (or the bytes of one) and append its stanzas to
 * out.  A stanza is a run of lines that are not blank.  Problems do not stop
 * the parse: a line that is neither "Field: value", a continuation, a
 * comment nor blank, a bad Transport or Port value, a repeated field, a
 * control character or invalid UTF-8 each become a problem of their stanza
 * (a request with n_problems > 0, appended like the others), and the next
 * line is read.  A file that cannot be read (missing, a folder, a FIFO, a
 * device, larger than 64 MiB) or holds no request is appended as one
 * request of its own (line 0, or the last line) with that problem.
 * Returns 0 when nothing was wrong, else the first problem's code with err
 * set to it (file, line, column, message); PR_ENOMEM stops the parse.
 * At most 1000 requests are read in one run (out counts them): past that
 * one more request holds the problem and the rest of the file is skipped.
 * The file is opened without blocking and must be a regular file. */
int pr_request_parse_file(const char *path, struct pr_request_list *out, pr_warn_fn warn,
                          void *ud, pr_error *err);
int pr_request_parse_buf(const char *name, const char *buf, size_t len,
                         struct pr_request_list *out, pr_warn_fn warn, void *ud,
                         pr_error *err);
/* The same for an open stream (standard input: name "-"), read to its end
 * with the same size limit. */
int pr_request_parse_stream(FILE *f, const char *name, struct pr_request_list *out,
                            pr_warn_fn warn, void *ud, pr_error *err);

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
