/* reply_int.h - the reply letter's parts (reply.c), inside the library.
 * reply.c writes the letter: the opening, a paragraph per finding
 * (reply_finding.c), the closing.  The paragraphs are made of the letter's
 * words (reply_text.c: wrapping, ports, transports, people), what the
 * registry says of a service (reply_registry.c) and citations with the
 * list of references (reply_cite.c).  Each file calls only those listed
 * after it; none calls back. */
#ifndef PR_REPLY_INT_H
#define PR_REPLY_INT_H

#include "reply.h"

#include "rules_int.h"

#include <stdio.h>

/* The ranges as a letter says them, in RFC 6335's words: "0 to 1023",
 * "1024 to 49151", "49152 to 65535". */
#define SYSTEM_RANGE "0 to " PR_PORT_STR(PR_PORT_SYSTEM_MAX)
#define USER_RANGE PR_PORT_STR(PR_PORT_USER_MIN) " to " PR_PORT_STR(PR_PORT_USER_MAX)
#define DYNAMIC_RANGE PR_PORT_STR(PR_PORT_DYNAMIC_MIN) " to " PR_PORT_STR(PR_PORT_MAX)

/* The letter and its paragraph are memory streams (open_memstream): no
 * buffer of our own to grow; a failed write shows in ferror at the end. */
static inline void adds(FILE *f, const char *s)
{
    fputs(s, f);
}

/* What a paragraph asks of the requester; the closing follows from it. */
enum {
    ASK_INFO = 1,   /* information the request lacks */
    ASK_ANSWER = 2, /* a question, or something to confirm */
    ASK_CHANGE = 4  /* a change to the request: another port, name... */
};

#define MAX_REFS 32

/* Glue between words that stay on one line ("RFC 6335", "Section 8.1"):
 * the paragraph holds it, the letter gets a space. */
#define NBSP "\x1f"

struct letter {
    pr_store *s;
    const struct pr_request *req;
    const struct pr_findings *f; /* the review: items [from, to) */
    size_t from, to;
    FILE *out;        /* the letter, wrapped (a memory stream on out_buf) */
    char *out_buf;
    size_t out_len;
    FILE *para;       /* the paragraph being written, one line */
    char *para_buf;
    size_t para_len;
    int paragraphs;   /* finding paragraphs written */
    unsigned asks;    /* ASK_* of the paragraphs */
    int answers;      /* paragraphs that asked a question */
    int said_iesg, said_dnssd; /* spelled out once, then short */
    char *refs[MAX_REFS]; /* the URLs cited, for the references */
    size_t n_refs;
    int nomem;
};

/* ---- reply_text.c: the letter's words ---- */

void pr_reply_utf8_trim(char *s);
void pr_reply_wrap(FILE *out, const char *text, size_t len, const char *first, const char *rest);
void pr_reply_para_end(struct letter *L);
void pr_reply_asks(struct letter *L, unsigned what);
void pr_reply_add_transports(FILE *t, unsigned tp);
unsigned pr_reply_tp_of(const char *protocol);
void pr_reply_add_number(FILE *t, const char *number, unsigned tp);
int pr_reply_first_port(const struct pr_request *req);
void pr_reply_add_asked_ports(FILE *t, const struct pr_request *req);
void pr_reply_add_asked(FILE *t, const struct pr_request *req);
void pr_reply_person_words(const char *label, const char *id, char *buf, size_t len);
void pr_reply_add_iesg(struct letter *L);
void pr_reply_add_who(struct letter *L, const char *who);
void pr_reply_add_dnssd(struct letter *L);
void pr_reply_request_person(const char *spec, char *buf, size_t len);

/* ---- reply_registry.c: what the registry says of a service ---- */

/* A service name's description, its port numbers and their transports;
 * found 0 when it is not there (or s is NULL). */
struct service_facts {
    char description[200];
    char number[24];
    unsigned tp;
    int more_numbers;
    int found;
};

int pr_reply_service_facts(struct letter *L, const char *name, struct service_facts *f);
void pr_reply_add_service(struct letter *L, const char *name);
void pr_reply_add_records(struct letter *L, const struct pr_finding *x, const char *skip);
int pr_reply_has_relation(const struct pr_finding *x, const char *rel);
void pr_reply_add_free_near(struct letter *L, int port);

/* ---- reply_cite.c: citations and the references ---- */

void pr_reply_cite(struct letter *L, const char *reference);
void pr_reply_cite_paren(struct letter *L, const char *reference);
void pr_reply_cite_finding(struct letter *L, const struct pr_finding *x);
int pr_reply_cites(const struct pr_finding *x, const char *what);
void pr_reply_references(struct letter *L);

/* ---- reply_finding.c: one paragraph per finding ---- */

/* The paragraph of a warn or reject finding x onto L->para, by its rule's
 * writer (or the summary of a rule without one). */
void pr_reply_finding(struct letter *L, const struct pr_finding *x);

#endif
