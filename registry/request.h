/* request.h - public API of allocation requests: the deb822-style format
 * of docs/request-format.md, parsed from a file, a buffer or a stream
 * (request.c), or built field by field (pr_request_init + pr_request_set).
 * The rules engine (rules.h) reviews them.
 *
 * Library calls never print: the parser reports warnings (unknown fields)
 * through a callback.
 */
#ifndef PORTREG_REQUEST_H
#define PORTREG_REQUEST_H

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

#endif
