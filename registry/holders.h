/* holders.h - private to registry/: who holds a record a request touches
 * (the port it asks for, the name it asks for), and how the holder stands
 * to the requester.  Shared by the rules (port-taken, port-reserved,
 * name-taken, own-registration) and by assign, so that review and
 * assignment agree on what is the requester's own.
 *
 * A Reserved row without a person of its own that sits beside an
 * assignment of the same number on another transport is that assignee's:
 * IANA reserves the other half of a tcp/udp pair for the assignee when it
 * assigns one (the 2024-03-18 release shows snif 7123/tcp with 7123/udp
 * Reserved).  A Reserved row whose notes or description say the number was
 * de-assigned or revoked belongs to nobody: it is given again only by reuse
 * (RFC 6335 §8.3). */
#ifndef PORTREG_HOLDERS_H
#define PORTREG_HOLDERS_H

#include "party.h"
#include "rules.h"

/* How the holder of a record stands to the requester. */
enum pr_relation {
    PR_REL_OWN = 0,   /* the request's assignee is the holder */
    PR_REL_LIKELY,    /* the request's contact is the holder, or they share an
                         organisation's mail domain: the holder's own, to confirm */
    PR_REL_OTHER,     /* someone else */
    PR_REL_UNKNOWN    /* the record names nobody (older entries) */
};
const char *pr_relation_name(int rel); /* "own", "likely-own", "other", "unknown" */

struct pr_held {
    long long id;
    char name[64];          /* "" for a Reserved row */
    char number[24];        /* as written: "7123", "6000-6063" */
    char protocol[8];       /* "" when the row covers every transport */
    int lo, hi;
    int state;              /* enum pr_state */
    char description[128];
    char assignee[64];      /* first assignee's person id; "" when none */
    char assignee_label[192];
    char contact[64];       /* first contact's person id; "" when none */
    char contact_label[192];
    char contact_mail[128];
    int deassigned;         /* Reserved after a de-assignment or revocation */
    char beside[64];        /* Reserved for the assignee of this assignment */
    char beside_number[24];
    char beside_protocol[8];
    int relation;           /* enum pr_relation */
};

/* Fill h from record r of store s; requester and contact (may be NULL or
 * empty) decide h->relation.  0 or a negative PR_E* code. */
int pr_held_fill(pr_store *s, const struct pr_record *r, const struct pr_party *requester,
                 const struct pr_party *contact, struct pr_held *h, pr_error *err);
/* "port 7123/tcp" or "'snif' 7123/tcp" for messages, into buf. */
const char *pr_held_title(const struct pr_held *h, char *buf, size_t len);
/* ", assignee VESvault Corp (VESvault_Corp), contact Jim Zubov
 * <jim@...>" (what is known) into buf. */
const char *pr_held_who(const struct pr_held *h, char *buf, size_t len);

/* Records whose port range overlaps [lo, hi] on a transport of tp (PR_TP_*
 * bits; rows without a protocol cover all), in registry order; or the
 * records named name (case-insensitive) when name is not NULL.  The caller
 * releases the array with pr_records_free.  0 or a negative PR_E* code. */
int pr_records_at(pr_store *s, int lo, int hi, unsigned tp, struct pr_record **out, size_t *n,
                  pr_error *err);
int pr_records_named(pr_store *s, const char *name, struct pr_record **out, size_t *n,
                     pr_error *err);
void pr_records_free(struct pr_record *v, size_t n);

#endif
