/* party.h - private to registry/: who stands behind an assignee or a
 * request, so that the rules and assign can tell a registrant's own
 * records from someone else's (RFC 6335 §8.5 transfers, §8.6
 * modifications).
 *
 * A party is a small set of keys: person ids, mail addresses, names and
 * organisation names (normalized: lower case, punctuation and company
 * suffixes such as "Inc." dropped) and the mail domains of organisations
 * (not of public mail services).  IANA writes one organisation under
 * several person ids ("Sigma_Designs_Inc", "Sigma_Designs_3") and people
 * change addresses, so two parties are the same when they share an id, an
 * address or a name; sharing only an organisation's mail domain is a
 * weaker sign.  Nothing here writes to the store. */
#ifndef PORTREG_PARTY_H
#define PORTREG_PARTY_H

#include "registry.h"

#define PR_PARTY_KEYS 24

struct pr_party {
    char key[PR_PARTY_KEYS][128]; /* "i:" id, "m:" mail, "n:" name, "d:" domain */
    size_t n;
    char label[192];              /* "VESvault Corp (VESvault_Corp)" for messages */
    char mail[128];               /* the first address, for messages; "" if none */
};

enum pr_party_match {
    PR_PARTY_OTHER = 0,  /* nothing in common (or one side unknown) */
    PR_PARTY_DOMAIN = 1, /* only an organisation's mail domain in common */
    PR_PARTY_SAME = 2    /* a person id, an address or a name in common */
};

void pr_party_init(struct pr_party *p);
/* Add what person id stands for: the id, and the person's name, org and
 * addresses when the store knows the person.  0 or a negative PR_E* code
 * (an unknown person is no error: the id alone is added). */
int pr_party_add_person(pr_store *s, const char *id, struct pr_party *p, pr_error *err);
/* The party a request names: "Name <mail>", a person id, a name, or
 * several separated by commas (the first 16).  A person id the store
 * knows brings that person's names and addresses.  0 or a negative PR_E*
 * code. */
int pr_party_from_spec(pr_store *s, const char *spec, struct pr_party *p, pr_error *err);
/* The assignees of a record (pr_record_assignees). */
int pr_party_from_record(pr_store *s, const struct pr_record *r, struct pr_party *p,
                         pr_error *err);
/* How much a and b have in common (enum pr_party_match); an empty party
 * matches nothing. */
int pr_party_match(const struct pr_party *a, const struct pr_party *b);
/* Lower-cased name without punctuation and company suffixes into out
 * ("Sigma Designs, Inc." -> "sigma designs"); "" when nothing is left. */
void pr_party_norm_name(const char *name, char *out, size_t len);

#endif
