/* edit.h - public API for changing the registry by the procedures of
 * RFC 6335 §8, with a full history.
 *
 * Every procedure is one SQLite transaction (BEGIN IMMEDIATE, so two
 * editors queue behind the store's busy timeout instead of failing) and one
 * recorded change: who ($PORTREG_USER, else the login name), when
 * ($PORTREG_NOW, else the clock; UTC), which command, and every row it
 * touched, whole, before and after.  `pr_history_undo` reverts a change as a
 * new change.
 *
 * What an edit does to the stored rows follows the edits-vs-export contract:
 * an edited record or person loses its `raw` bytes (the XML writer
 * regenerates it in IANA's layout), new rows get a `seq` that puts them where
 * IANA would (records by port then transport, name-only records at the end
 * alphabetically, people by id, case-insensitively), and meta `updated`
 * becomes the change's date.
 *
 * Errors: PR_EINVAL bad argument (message names the field), PR_ENOTFOUND no
 * such service/port/person/change, PR_EEXIST taken, PR_EREFUSED a procedure's
 * precondition does not hold (the message names the RFC 6335 section),
 * PR_EDB.  On any error the database is unchanged.
 */
#ifndef PORTREG_EDIT_H
#define PORTREG_EDIT_H

#include "registry.h"
#include "rules.h"

/* What a procedure did: the recorded change and a one-line summary. */
struct pr_edit_result {
    long long change_id;
    int port;          /* assign/reuse/reserve: the port; else -1 */
    int rejected;      /* assign: the review rejected the request */
    int unchanged;     /* the edit would change nothing: nothing was recorded
                          (change_id 0) and summary says why */
    char summary[512]; /* "assign myproto 1025/tcp", ... */
};

/* ---- RFC 6335 §8.1: assignment -------------------------------------------- */

/* port value of a service name without a port (RFC 6335 §8.1, e.g. for
 * DNS-SD): records without a number, one per requested transport (or one
 * without a protocol). */
#define PR_ASSIGN_NO_PORT (-2)

struct pr_assign {
    const char *name;        /* service name (RFC 6335 §5.1 syntax) */
    const char *protocols;   /* "tcp", "tcp,udp", "tcp udp", ... */
    int port;                /* -1: the lowest port free for every transport;
                                PR_ASSIGN_NO_PORT: the name alone */
    enum pr_range range;     /* where port -1 looks: PR_RANGE_USER (default) or SYSTEM */
    const char *description;
    const char *assignee;    /* "Name <mail>", or the id of a known person */
    const char *contact;     /* same forms; NULL: the assignee */
    const char *reference;   /* "RFC1234", "draft-...", a URI or text; comma-separated */
    const char *note;        /* may be NULL */
    const char *sc;          /* DCCP service code (RFC 5595), written on dccp records */
    const char *justification, *security; /* for the review (RFC 6335 §8.1.1, RFC 7605 §7) */
    const struct pr_request *request; /* the request file it came from: the
                                         review sees all its fields; may be NULL */
    const char *reason;      /* recorded in the history summary; may be NULL */
    int force;               /* go on despite the review's rejects (reason required) */
    const struct pr_findings *review; /* the findings of pr_edit_review_assign on
                                         this assignment, when the caller ran it to
                                         show them: pr_edit_assign judges these
                                         instead of reviewing again; NULL: it runs
                                         the review itself */
    int reuse;               /* §8.3: the port may be Reserved (de-assigned) */
};
void pr_assign_init(struct pr_assign *a);

/* Assign a.name on the requested transports at a.port (or a free port),
 * unless the review rejects the request (PR_EREFUSED, res->rejected; the
 * review of a.review, else pr_edit_review_assign's) and a.force is not set.
 * (-1: the lowest port pr_ports_free offers for every transport.)
 * Transports of the pair tcp/udp that were not requested and are
 * unassigned at that number become Reserved for the same assignee (§8.1).
 * Unassigned ranges around the port are split.  New records get date =
 * today.  Refuses a port that is assigned, or Reserved (unless reserved for
 * the same assignee, or a.reuse), or in the dynamic range. */
int pr_edit_assign(pr_store *s, const struct pr_assign *a, struct pr_edit_result *res,
                   pr_error *err);

/* Read a request file (docs/request-format.md, the format `review` reads)
 * holding one request into *list and fill a from it (a->request points
 * into *list; options set afterwards override the file).  The caller
 * releases *list with pr_request_list_release.  Unknown fields go to warn
 * (may be NULL).  Errors name the file and line. */
int pr_assign_read_request(const char *path, struct pr_assign *a,
                           struct pr_request_list *list, pr_warn_fn warn, void *ud,
                           pr_error *err);

/* Run the rules engine (pr_review) on the request a makes and append the
 * findings to out (may be NULL).  0 when the request may go on (clean or
 * concerns), PR_EREFUSED with a message when a finding rejects it, or a
 * negative PR_E* code. */
int pr_edit_review_assign(pr_store *s, const struct pr_assign *a, struct pr_findings *out,
                          pr_error *err);

/* ---- §8.6: maintenance -------------------------------------------------------- */

/* Change fields of the records of service `name` (only `protocol`'s when
 * not NULL).  sets[] holds "FIELD=VALUE" with FIELD one of description,
 * contact ("Name <mail>" or person id), note, reference (comma-separated;
 * empty removes them), unauthorized.  contact and note are lists: every
 * contact= (note=) given is one item, together they replace the record's
 * contacts (notes) in that order; an item the record has already keeps its
 * stored form (a note its XML); "note=" alone removes the notes, a contact
 * is required.  The assignee is never edited in place (§8.5, §8.6):
 * PR_EREFUSED.  Modified records get updated = today. */
int pr_edit_modify(pr_store *s, const char *name, const char *protocol,
                   const char *const *sets, size_t n_sets, struct pr_edit_result *res,
                   pr_error *err);

/* The references of r as modify's reference= takes them ("RFC9110,
 * draft-foo"), malloc'd (NULL when out of memory).  *exact is 1 when giving
 * that text back to reference= leaves the record as it is; 0 when it would
 * lose something (an xref's text beside its data, a comma inside a text
 * reference, a note xref): a form shows such references read-only. */
char *pr_edit_references_text(const struct pr_record *r, int *exact);

/* ---- lost updates: what an editor started from ----------------------------------- */

/* The records of a service as an editor (a form) loaded them.  An edit made
 * "matching" a base first checks, inside its own transaction, that every
 * record is still stored as loaded (the position in the document aside);
 * when another writer changed, added or removed one, nothing is written and
 * the call returns PR_ECONFLICT with what changed. */
typedef struct pr_edit_base pr_edit_base;

/* Load the records of service name (only protocol's when not NULL) into a
 * new base (*out; pr_edit_base_free).  PR_ENOTFOUND without such records. */
int pr_edit_base_load(pr_store *s, const char *name, const char *protocol, pr_edit_base **out,
                      pr_error *err);
void pr_edit_base_free(pr_edit_base *b);
/* The records loaded, in document order; borrowed from b. */
size_t pr_edit_base_records(const pr_edit_base *b, const struct pr_record **records);
/* The service name the base was loaded for (as stored). */
const char *pr_edit_base_name(const pr_edit_base *b);

/* What another writer did since a base was loaded. */
struct pr_edit_conflict {
    long long change_id; /* its latest recorded change to the service; 0 if none is
                            recorded (e.g. a new import) */
    char at[32];         /* 2026-01-15T12:00:00Z, "" when unknown */
    char author[128];
    char summary[512];   /* "modify echo: description (2 records)" */
    char fields[256];    /* what differs now: "description, notes"; "records added" */
};

/* Is the service still stored as b holds it?  0 when it is; PR_ECONFLICT
 * with *conflict (optional) and a message naming who, when and which
 * fields; or another PR_E* code.  The edits below run it inside their
 * transaction; a front end may run it alone to warn early. */
int pr_edit_base_check(pr_store *s, const pr_edit_base *b, struct pr_edit_conflict *conflict,
                       pr_error *err);

/* pr_edit_modify on the service of base, unless another writer changed it
 * since (PR_ECONFLICT, *conflict filled, nothing written). */
int pr_edit_modify_matching(pr_store *s, const pr_edit_base *base, const char *const *sets,
                            size_t n_sets, struct pr_edit_conflict *conflict,
                            struct pr_edit_result *res, pr_error *err);

/* ---- §8.2 de-assignment, §8.4 revocation -------------------------------------- */

/* The service's port records (only `protocol`'s when not NULL) become
 * Reserved, with a note "De-Assigned on DATE." as IANA writes it; the
 * service name stays, as a name-only record, once no port is left. */
int pr_edit_deassign(pr_store *s, const char *name, const char *protocol, const char *reason,
                     struct pr_edit_result *res, pr_error *err);
/* pr_edit_deassign on the service of base, unless another writer changed it
 * since (PR_ECONFLICT, as pr_edit_modify_matching). */
int pr_edit_deassign_matching(pr_store *s, const pr_edit_base *base, const char *reason,
                              struct pr_edit_conflict *conflict, struct pr_edit_result *res,
                              pr_error *err);
/* Like de-assignment, by IANA rather than the assignee: reason and
 * approved_by (§8.4: IESG approval) are required; note "Revoked on DATE.". */
int pr_edit_revoke(pr_store *s, const char *name, const char *protocol, const char *reason,
                   const char *approved_by, struct pr_edit_result *res, pr_error *err);

/* ---- reservation and free ports -------------------------------------------- */

/* Mark an unassigned port Reserved for protocol (reason required). */
int pr_edit_reserve(pr_store *s, int port, const char *protocol, const char *reason,
                    struct pr_edit_result *res, pr_error *err);

/* Up to max unassigned ports in range (PR_RANGE_USER or SYSTEM) free for
 * protocol (NULL: for every transport), lowest first, or nearest to near
 * when near >= 0.  Unassigned ports that carry a note or a known
 * unauthorized use ("Microsoft (unofficially) using 1895") are not offered.  Returns the count (>= 0) or a negative PR_E* code. */
long pr_ports_free(pr_store *s, const char *protocol, enum pr_range range, int near,
                   int *out, size_t max, pr_error *err);

/* ---- people ---------------------------------------------------------------- */

/* Add a person (p->id required, IANA style First_Last; uri "mailto:a@b" is
 * stored as IANA writes it, "mailto:a&b"). */
int pr_edit_person_add(pr_store *s, const char *id, const char *name, const char *org,
                       const char *uri, struct pr_edit_result *res, pr_error *err);
/* Change the non-NULL fields of person id ("" clears org/name). */
int pr_edit_person_modify(pr_store *s, const char *id, const char *name, const char *org,
                          const char *uri, struct pr_edit_result *res, pr_error *err);
/* IANA-style id for a display name: "Jane Q. Doe" -> "Jane_Q_Doe".  Writes
 * at most len bytes. */
void pr_person_id_from_name(const char *name, char *out, size_t len);

/* ---- history ----------------------------------------------------------------- */

struct pr_history_field {
    char *field;  /* description, assignee, notes, ... */
    char *before; /* NULL: absent */
    char *after;
};

struct pr_history_item {
    char *target;    /* "record", "person", "meta" */
    char *target_id; /* record id, person id, meta key */
    char *label;     /* "myproto 1025/tcp", "Jane_Doe", "updated" */
    char action;     /* '+' added, '-' removed, '~' changed */
    struct pr_history_field *fields;
    size_t n_fields;
};

struct pr_history_change {
    long long id;
    long long undoes; /* 0 unless this change is an undo */
    long long undone_by; /* 0 unless a later change undid this one */
    char *at;         /* 2026-01-15T12:00:00Z */
    char *author, *command, *summary;
    char *reason;     /* why, as the editor gave it; NULL when none was */
    struct pr_history_item *items;
    size_t n_items;
};

struct pr_history_filter {
    const char *name; /* service name touched (case-insensitive); NULL: any */
    int port;         /* port touched; -1: any */
    const char *since;/* YYYY-MM-DD or a timestamp: changes at or after; NULL */
    long long id;     /* one change; 0: any */
    long limit;       /* only the newest limit of the matches; 0: all */
};
void pr_history_filter_init(struct pr_history_filter *f);

typedef int (*pr_history_cb)(const struct pr_history_change *c, void *ud);
/* Matching changes, oldest first; the change is borrowed for the call.
 * Returns the number of matches or a negative PR_E* code. */
long pr_history_each(pr_store *s, const struct pr_history_filter *f, pr_history_cb cb,
                     void *ud, pr_error *err);

/* ---- rehearsal -------------------------------------------------------------- */

/* Rehearse every edit on s from now on (cb NULL: stop): each procedure runs
 * as usual inside its transaction, then the change it would record is shown
 * to cb, as pr_history_each shows changes (rows before and after, the meta
 * `updated` date), and everything is rolled back.  The procedure returns 0
 * with res filled (change_id: the id the change would have had).  Review
 * decisions (review_log.h) are rehearsed too (cb is not called: they change
 * no row).  Nothing is written to the database file. */
void pr_edit_dry_run(pr_store *s, pr_history_cb cb, void *ud);

/* Revert change id (0: the latest change that is not undone) as a new
 * recorded change.  Refuses (PR_EREFUSED) when a later change touched the
 * same record or person, unless force. */
int pr_history_undo(pr_store *s, long long id, int force, struct pr_edit_result *res,
                    pr_error *err);

/* How many changes were recorded since the registry was last imported
 * (import --replace resets it): 0 means the database holds the imported
 * release unchanged.  Negative PR_E* on error.  `update` uses it to refuse
 * replacing local edits. */
long pr_history_edits_since_import(pr_store *s, pr_error *err);

/* Who and when a change is recorded as: the store's settings
 * (pr_store_set_author, pr_store_set_clock in registry.h). */

#endif
