/* edit_int.h - private to registry/: what the editing procedures share.
 * The procedures (edit.c: maintenance, withdrawal, reservation;
 * edit_assign.c: assignment and reuse; edit_person.c: people) call the
 * helpers below; the helpers never call a procedure:
 *   edit_record.c  shaping a record (fields, notes, references, layout) and
 *                  the checks of names and transports
 *   edit_place.c   where a new row goes in IANA's order
 *   edit_recset.c  records loaded by name or port, and what they say
 *   edit_person.c  the person an edit names (pr_edit_resolve_person)
 *   edit_review.c  the request an assignment makes, reviewed
 * (tests/lib_cycles.sh checks that no two files call each other). */
#ifndef PORTREG_EDIT_INT_H
#define PORTREG_EDIT_INT_H

#include "edit.h"

struct pr_change_txn;

/* ---- edit_recset.c: records loaded from the store ---- */

/* Records loaded from the store; owns them. */
struct pr_recset {
    struct pr_record *v;
    size_t n;
};
void pr_recset_release(struct pr_recset *rs);

/* The records of service name (case-insensitive), only protocol's when not
 * NULL, in document order. */
int pr_recset_named(pr_store *s, const char *name, const char *protocol, struct pr_recset *rs,
                     pr_error *err);
/* Records at port covering protocol proto (IANA's protocol-less rows cover
 * every transport). */
int pr_recset_at(pr_store *s, int port, const char *proto, struct pr_recset *rs,
                 pr_error *err);

/* Does r name person id (any role)?  Is id r's assignee? */
int pr_edit_has_person(const struct pr_record *r, const char *id);
int pr_edit_assigned_to(const struct pr_record *r, const char *id);
/* Reserved for good, never given by assign or reuse, whatever the force:
 * port 0, the range boundaries 1023, 1024 and 49151 that IANA holds, and
 * any port Reserved to IANA itself (RFC 6335 §6: Reserved values are not
 * available for regular assignment). */
int pr_edit_reserved_for_good(const struct pr_record *r, int port);
/* Does a Reserved record show that it was assigned once and de-assigned
 * (RFC 6335 §8.2, §8.4: "De-Assigned on DATE.", "Revoked on DATE.", IANA's
 * "This entry has been removed on DATE.")?  Else it is Reserved for the
 * other transport of an assignment (§8.1), or for no known reason. */
int pr_edit_de_assigned(const struct pr_record *r);

/* The protocol the base was loaded for, or NULL (edit_base.c). */
const char *pr_edit_base_protocol(const pr_edit_base *b);

/* ---- edit_record.c: shaping records ---- */

/* PR_ENOMEM with "out of memory". */
int pr_edit_nomem(pr_error *err);
/* Replace *slot by a copy of v (NULL allowed).  0 or PR_ENOMEM. */
int pr_edit_set_str(char **slot, const char *v);
/* NULL and "" alike: IANA's records leave empty elements out. */
int pr_edit_same_str(const char *a, const char *b);
/* Set a plain-text element and its inner XML together; "" or NULL clears. */
int pr_edit_set_text(char **text, char **xml, const char *v);
/* Append a note (its XML escaped from text); remove them all. */
int pr_edit_add_note(struct pr_record *r, const char *text);
void pr_edit_clear_notes(struct pr_record *r);
/* Drop the xrefs for which keep() is false; keep() for everything, for
 * people only, for all but contacts. */
void pr_edit_filter_xrefs(struct pr_record *r, int (*keep)(const struct pr_xref *));
int pr_edit_is_person(const struct pr_xref *x);
int pr_edit_keep_none(const struct pr_xref *x);
int pr_edit_keep_people(const struct pr_xref *x);
int pr_edit_keep_not_contact(const struct pr_xref *x);
/* Set the port range and its "lo" or "lo-hi" text. */
int pr_edit_set_port(struct pr_record *r, int lo, int hi);
/* Add the references of a comma-separated list ("RFC1234", a URI, text). */
int pr_edit_add_references(struct pr_record *r, const char *list);
/* Regenerate r->layout in the order IANA writes records today:
 * name, protocol, <assignee>, <contact>, contact xrefs, description, other
 * xrefs, unauthorized, number, sc, notes.  Reorders xrefs to match. */
int pr_edit_canon_layout(struct pr_record *r);
/* Reserved for assignee (may be NULL) on proto at port (§8.1); PR_ENOMEM
 * with r left empty. */
int pr_edit_build_reserved(struct pr_record *r, const char *proto, int port,
                           const char *assignee);

/* RFC 6335 §5.1: 1-15 characters, letters, digits and hyphens, at least one
 * letter, no hyphen at either end, no two hyphens in a row. */
int pr_edit_check_name(const char *n, pr_error *err);
/* One of tcp, udp, sctp, dccp. */
int pr_edit_check_protocol(const char *p, pr_error *err);
/* IANA's order of transports: 1 tcp, 2 udp, 3 sctp, 4 dccp (0: none). */
int pr_edit_proto_rank(const char *p);
/* "tcp,udp" -> protos[] (deduplicated, in tcp/udp/sctp/dccp order). */
int pr_edit_parse_protocols(const char *list, const char **protos, size_t *n, pr_error *err);

/* ---- edit_place.c: new rows in IANA's order ---- */

/* Store r as a new record at its place in IANA's order. */
int pr_edit_insert_placed(struct pr_change_txn *ch, struct pr_record *r, pr_error *err);
/* Give p a seq at its place among the people (by id). */
int pr_edit_place_person(struct pr_change_txn *ch, struct pr_person *p, pr_error *err);
/* Take port out of unassigned record u: the part below keeps u's row, the
 * part above becomes a new row (or u's row when nothing is below). */
int pr_edit_split_out(struct pr_change_txn *ch, const struct pr_record *u, int port, pr_error *err);

/* ---- edit_review.c ---- */

/* The review's verdict on the request a makes: 0 when it may go on,
 * PR_EREFUSED (with pr_edit_review_assign's message) when a finding of
 * a->review rejects it, or, without a->review, when pr_edit_review_assign
 * does.  The one way edit_assign.c reaches the rules engine. */
int pr_edit_review_verdict(pr_store *s, const struct pr_assign *a, pr_error *err);

/* ---- edit_person.c ---- */

/* The person that spec names ("Name <mail>" or a known id), created when
 * new; id copied into out (len bytes).  what ("assignee", "contact") names
 * the field in errors. */
int pr_edit_resolve_person(struct pr_change_txn *ch, const char *spec, const char *what, char *out,
                           size_t len, pr_error *err);

#endif
