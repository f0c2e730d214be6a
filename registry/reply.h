/* reply.h - the reply to a requester: a plain-text letter written from the
 * review of their request (the findings' records and RFC links), for the
 * expert to send as it is.  Readable by someone who knows RFC 6335 and has
 * never seen portreg: no commands, no request-file syntax. */
#ifndef PORTREG_REPLY_H
#define PORTREG_REPLY_H

#include "registry.h"
#include "review_log.h"
#include "rules.h"

#define PR_REPLY_WIDTH 72

/* The letter answering req, from the findings f->items[from, to) of its
 * review and the decision taken on it (d, may be NULL): addressed by the
 * name in Contact (else Assignee), second person, wrapped at
 * PR_REPLY_WIDTH columns (a word longer than a line stands alone); one
 * paragraph per warn or reject finding saying what the registry holds (the
 * records by name, port and assignee), what the RFCs ask (cited in words,
 * "RFC 6335, Section 8.1"), and what to ask for instead; a closing that
 * says what to send next, matching what the paragraphs asked (for a
 * refusal, whether the service name alone could be registered: req is
 * reviewed again without its port), or, for a clean request, what IANA
 * will register and the assignee's upkeep; the signature, then the
 * references cited with their rfc-editor.org URLs.  s, when not NULL,
 * gives the descriptions of the records named, free ports near a taken
 * one, the name-alone review and what an approval assigned.  A malloc'd
 * string ending in a newline; NULL for a request with problems (there is
 * nothing to answer until it can be read) or when out of memory. */
char *pr_reply_letter(pr_store *s, const struct pr_request *req, const struct pr_findings *f,
                      size_t from, size_t to, const struct pr_review_decision *d);

#endif
