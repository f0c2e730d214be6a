/* rules_int.h - private to registry/: what rules (registry/rules/<id>.c)
 * share: the check context, the registry as services (all records of one
 * name merged), text helpers for names and descriptions, and the finding
 * emitter.  Rules read; nothing here writes to the store. */
#ifndef PORTREG_RULES_INT_H
#define PORTREG_RULES_INT_H

#include "holders.h"
#include "rules.h"

/* One service name with all its records merged. */
struct pr_svc {
    char *name;          /* as first written */
    char *desc;          /* distinct descriptions joined with " / " */
    char *notes;         /* notes' plain text of its records; may be NULL */
    unsigned transports; /* PR_TP_* of its records that have a port */
    int has_port;        /* some record has a port number */
    int historic;        /* its notes call it historic (an alias kept) */
    int has_assignee;    /* some record names an assignee */
    char *assignees;     /* their person ids, space-separated: filled by
                            pr_ctx_assignees when first asked */
    int n_numbers;       /* distinct port numbers/ranges */
    char numbers[48];    /* "443" or "80, 8008" for messages */
};

struct pr_svc_list {
    struct pr_svc *items; /* sorted by name, case-insensitively */
    size_t n, cap;
};
void pr_svc_list_release(struct pr_svc_list *l);
/* Load the services named name (case-insensitive), or all when NULL, in
 * name order.  One query; appends to out. */
int pr_svc_load(pr_store *s, const char *name, struct pr_svc_list *out, pr_error *err);

struct desc_ix {
    const char *word;
    size_t idx; /* into all.items */
};

struct pr_rule_ctx {
    pr_store *store;
    const struct pr_rule *rule; /* the rule running */
    struct pr_findings *out;
    pr_error *err;
    int audit;                  /* 1: all[] holds the whole registry */
    struct pr_svc_list all;     /* audit: every service */
    struct pr_svc_list *cache;  /* review: one list per name looked up, so
                                   that returned pointers stay valid */
    size_t n_cache;
    struct sqlite3_stmt *svc_st; /* review: cached pr_ctx_service query */
    const struct pr_request *run; /* review: the requests reviewed before this
                                     one in the same run; may be NULL */
    size_t n_run;
    struct pr_facts *facts;     /* review: pr_ctx_facts, computed once */
    char **desc_words;          /* audit: pr_ctx_each_desc's words of all[i],
                                   " w1 w2 ... " */
    struct desc_ix *desc_ix;    /* audit: (word, i) pairs sorted by word */
    size_t n_desc_ix;
    char **desc_cuts;           /* the words desc_ix points into */
    size_t n_cuts, cap_cuts;
    struct sqlite3_stmt *assignee_st; /* cached pr_ctx_assignees query */
};

/* What the request touches in the registry and who holds it. */
struct pr_facts {
    struct pr_party requester;  /* from Assignee (empty when absent) */
    struct pr_party contact;    /* from Contact */
    struct pr_held *names;      /* records named as the request */
    size_t n_names;
    struct pr_held *ports;      /* assigned and Reserved rows on the requested
                                   numbers, for the requested transports */
    size_t n_ports;
};
/* The facts of req (computed on the first call of a review), or NULL on
 * error (c->err set). */
const struct pr_facts *pr_ctx_facts(struct pr_rule_ctx *c, const struct pr_request *req);
/* Free what a review or audit cached in c (rules_ctx.c); c itself is the
 * caller's. */
void pr_ctx_release(struct pr_rule_ctx *c);
/* Attach h to the finding emitted last (struct pr_finding_record). */
int pr_rule_attach(struct pr_rule_ctx *c, const struct pr_held *h);

/* The service called name (case-insensitive), or NULL when there is none
 * or on error (then c->err is set and pr_ctx_failed is true).  Borrowed
 * until the context ends. */
const struct pr_svc *pr_ctx_service(struct pr_rule_ctx *c, const char *name);
int pr_ctx_failed(const struct pr_rule_ctx *c);
/* v's assignees' person ids, space-separated ("" when none), read from the
 * store on the first call and kept in v. */
const char *pr_ctx_assignees(struct pr_rule_ctx *c, const struct pr_svc *v);
/* Call fn for every distinct service name of the registry, in name order
 * (case-insensitive); a non-zero return stops and is returned. */
typedef int (*pr_name_fn)(const char *name, void *ud);
int pr_ctx_each_name(struct pr_rule_ctx *c, pr_name_fn fn, void *ud);
/* Call fn, in name order (case-insensitive, each once), for at least every
 * service name one insertion, deletion or substitution away from name
 * (of a printable ASCII character) and every one with name's skeleton (lower case,
 * no hyphens, no digits; "" looks none up): a few index look-ups where
 * pr_ctx_each_name reads every name.  fn still decides. */
/* A name's skeleton, lower-cased without hyphens and digits, into buf (of
 * len bytes); its length. */
size_t pr_name_skeleton(const char *s, char *buf, size_t len);
int pr_ctx_each_near_name(struct pr_rule_ctx *c, const char *name, pr_name_fn fn, void *ud);

/* Call fn for every service name whose description holds all n words
 * (whole words, case-insensitive; the full-text index in a review). */
int pr_ctx_each_desc(struct pr_rule_ctx *c, const char (*words)[32], size_t n, pr_name_fn fn,
                     void *ud);

/* PR_TP_* bit of a protocol name; all four bits for NULL. */
unsigned pr_tp_bit(const char *protocol);

/* Append a finding of the running rule (severity < 0: the rule's default;
 * reference NULL: the rule's citation). */
int pr_rule_emit(struct pr_rule_ctx *c, int severity, const char *service,
                 const char *reference, const char *const *related, size_t n_related,
                 const char *suggestion, const char *fmt, ...) PR_PRINTF(8, 9);

/* ---- text helpers ---- */

/* RFC 6335 §5.1: NULL when name is a valid service name, else why not. */
const char *pr_name_syntax_problem(const char *name);
/* Is word one of text's words (runs of letters and digits), ignoring case?
 * With prefix, a word starting with word counts. */
int pr_text_has_word(const char *text, const char *word, int prefix);
/* Is one of text's words in words (whole, ignoring case) or does one start
 * with one of prefixes?  Both lists lower case, NULL-terminated; either
 * may be NULL. */
int pr_text_any_word(const char *text, const char *const *words, const char *const *prefixes);
/* Does text speak of security (TLS, SSL, DTLS, secure, encrypted, ...)? */
int pr_text_secure(const char *text);
/* Does text mirror base_text with a security suffix (RTSPS vs RTSP,
 * FooSec vs Foo)? */
int pr_text_secure_mirror(const char *text, const char *base_text);
/* Does text contain needle, ignoring case? */
int pr_text_contains(const char *text, const char *needle);

#endif
