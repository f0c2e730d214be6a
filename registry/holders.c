/* holders.c - who holds a record a request touches (holders.h). */
#include "holders.h"
#include "store_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *pr_relation_name(int rel)
{
    switch (rel) {
    case PR_REL_OWN: return "own";
    case PR_REL_LIKELY: return "likely-own";
    case PR_REL_UNKNOWN: return "unknown";
    default: return "other";
    }
}

void pr_records_free(struct pr_record *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pr_record_release(&v[i]);
    free(v);
}

/* Rows of "SELECT PR_RECORD_COLUMNS ... " with its parameters bound. */
static int load_rows(pr_store *s, sqlite3_stmt *st, struct pr_record **out, size_t *n,
                     pr_error *err)
{
    int rc = 0, step;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (pr_grow(out, &cap, *n, sizeof **out, 8)) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            break;
        }
        if ((rc = pr_store_load_record_row(s, st, &(*out)[*n], err)))
            break;
        (*n)++;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read records");
    if (rc) {
        pr_records_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int pr_records_at(pr_store *s, int lo, int hi, unsigned tp, struct pr_record **out, size_t *n,
                  pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *out = NULL;
    *n = 0;
    /* "+seq": sort the few rows rather than walk the table in seq order
     * (what the planner picks otherwise) */
    if ((rc = pr_sql_open(s, &st, err, "cannot read records",
                          "SELECT " PR_RECORD_COLUMNS " FROM record "
                          "WHERE " PR_SQL_PORTS_OVERLAP("?1", "?2") " ORDER BY +seq", "ii", lo,
                          hi)))
        return rc;
    rc = load_rows(s, st, out, n, err);
    sqlite3_finalize(st);
    /* keep the rows of the asked transports (a row without one covers all) */
    size_t k = 0;
    for (size_t i = 0; !rc && i < *n; i++) {
        unsigned bit = 0;
        const char *p = (*out)[i].protocol;
        for (int t = 0; t < 4; t++)
            if (!p || !*p || !strcmp(p, pr_tp_names[t]))
                bit |= 1u << t;
        if (bit & tp)
            (*out)[k++] = (*out)[i];
        else
            pr_record_release(&(*out)[i]);
    }
    if (!rc)
        *n = k;
    return rc;
}

int pr_records_named(pr_store *s, const char *name, struct pr_record **out, size_t *n,
                     pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *out = NULL;
    *n = 0;
    if (!name || !*name)
        return 0;
    if ((rc = pr_sql_open(s, &st, err, "cannot read records",
                          "SELECT " PR_RECORD_COLUMNS " FROM record "
                          "WHERE name = ?1 COLLATE NOCASE ORDER BY seq", "s", name)))
        return rc;
    rc = load_rows(s, st, out, n, err);
    sqlite3_finalize(st);
    return rc;
}

static int says(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; p && *p; p++)
        if (!strncasecmp(p, word, n))
            return 1;
    return 0;
}

/* Was the Reserved row r left by a de-assignment or a revocation? */
static int deassigned(const struct pr_record *r)
{
    static const char *const words[] = {"de-assigned", "deassigned", "de-registered",
                                        "deregistered", "revoked", "removed", "de-assign",
                                        NULL};
    for (size_t i = 0; words[i]; i++) {
        if (says(r->description, words[i]))
            return 1;
        for (size_t k = 0; k < r->n_notes; k++)
            if (says(r->notes[k].text, words[i]))
                return 1;
    }
    return 0;
}

static void copy(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src ? src : "");
}

/* The assignment beside Reserved row r: the same single number on another
 * transport, named and with an assignee.  Fills *beside (release it) and
 * returns 1, 0 when there is none, or a negative PR_E* code. */
static int reserved_beside(pr_store *s, const struct pr_record *r, struct pr_record *beside,
                           pr_error *err)
{
    struct pr_record *v;
    size_t n;
    int found = 0;
    if (r->port_lo < 0 || r->port_lo != r->port_hi || !r->protocol || !*r->protocol)
        return 0;
    int rc = pr_records_at(s, r->port_lo, r->port_hi, 0xf, &v, &n, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && !found; i++) {
        const char *ids[4];
        const struct pr_record *x = &v[i];
        if (x->id == r->id || !x->name || !*x->name || x->port_lo != x->port_hi ||
            !x->protocol || !strcmp(x->protocol, r->protocol) ||
            !pr_record_assignees(x, ids, 4))
            continue;
        if (pr_record_copy(beside, x)) {
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            break;
        }
        found = 1;
    }
    pr_records_free(v, n);
    return rc ? rc : found;
}

int pr_held_fill(pr_store *s, const struct pr_record *r, const struct pr_party *requester,
                 const struct pr_party *contact, struct pr_held *h, pr_error *err)
{
    struct pr_party holder;
    struct pr_record beside;
    const struct pr_record *who = r;
    const char *ids[8];
    int rc = 0, have_beside = 0;
    memset(h, 0, sizeof *h);
    pr_party_init(&holder);
    h->id = r->id;
    copy(h->name, sizeof h->name, r->name);
    copy(h->number, sizeof h->number, r->number);
    copy(h->protocol, sizeof h->protocol, r->protocol);
    copy(h->description, sizeof h->description, r->description);
    h->lo = r->port_lo;
    h->hi = r->port_hi;
    h->state = pr_record_state(r);
    if (h->state == PR_STATE_RESERVED) {
        h->deassigned = deassigned(r);
        if (!h->deassigned && !pr_record_assignees(r, ids, 8)) {
            pr_record_init(&beside);
            if ((rc = reserved_beside(s, r, &beside, err)) < 0)
                return rc;
            if ((have_beside = rc == 1)) {
                who = &beside;
                copy(h->beside, sizeof h->beside, beside.name);
                copy(h->beside_number, sizeof h->beside_number, beside.number);
                copy(h->beside_protocol, sizeof h->beside_protocol, beside.protocol);
            }
            rc = 0;
        }
    }
    size_t na = pr_record_assignees(who, ids, 8);
    if (na)
        copy(h->assignee, sizeof h->assignee, ids[0]);
    if (!(rc = pr_party_from_record(s, who, &holder, err))) {
        copy(h->assignee_label, sizeof h->assignee_label, holder.label);
        size_t nc = pr_record_contacts(who, ids, 8);
        if (nc) {
            struct pr_party c;
            pr_party_init(&c);
            copy(h->contact, sizeof h->contact, ids[0]);
            if (!(rc = pr_party_add_person(s, ids[0], &c, err))) {
                copy(h->contact_label, sizeof h->contact_label, c.label);
                copy(h->contact_mail, sizeof h->contact_mail, c.mail);
            }
        }
    }
    if (have_beside)
        pr_record_release(&beside);
    if (rc)
        return rc;
    if (!na || h->deassigned) {
        h->relation = PR_REL_UNKNOWN;
        return 0;
    }
    int m = requester ? pr_party_match(requester, &holder) : PR_PARTY_OTHER;
    int cm = contact ? pr_party_match(contact, &holder) : PR_PARTY_OTHER;
    h->relation = m == PR_PARTY_SAME                               ? PR_REL_OWN
                  : m == PR_PARTY_DOMAIN || cm == PR_PARTY_SAME ? PR_REL_LIKELY
                                                                   : PR_REL_OTHER;
    return 0;
}

const char *pr_held_title(const struct pr_held *h, char *buf, size_t len)
{
    if (h->name[0])
        snprintf(buf, len, "'%s' %s/%s", h->name, h->number[0] ? h->number : "(no port)",
                 h->protocol[0] ? h->protocol : "any");
    else
        snprintf(buf, len, "%s/%s (%s)", h->number, h->protocol[0] ? h->protocol : "any",
                 pr_state_name(h->state));
    return buf;
}

const char *pr_held_who(const struct pr_held *h, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = 0;
    if (h->beside[0])
        o += (size_t)snprintf(buf + o, len - o, ", kept beside '%s' %s/%s", h->beside,
                              h->beside_number, h->beside_protocol);
    if (o < len && h->assignee[0])
        o += (size_t)snprintf(buf + o, len - o, ", assignee %s",
                              h->assignee_label[0] ? h->assignee_label : h->assignee);
    else if (o < len && h->state == PR_STATE_ASSIGNED)
        o += (size_t)snprintf(buf + o, len - o, ", no assignee on record");
    if (o < len && h->contact[0] && strcmp(h->contact, h->assignee))
        o += (size_t)snprintf(buf + o, len - o, ", contact %s",
                              h->contact_label[0] ? h->contact_label : h->contact);
    if (o < len && h->contact_mail[0])
        snprintf(buf + o, len - o, " <%s>", h->contact_mail);
    return buf;
}
