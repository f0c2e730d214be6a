/* edit_assign.c - assignment (RFC 6335 §8.1) and reuse (§8.3): the
 * request's transports placed at a port (given, or the lowest free one),
 * the other transport of tcp/udp Reserved for the same assignee, and the
 * review's verdict respected (edit_review.c). */
#include "edit_int.h"
#include "history_int.h"
#include "strbuf.h"
#include "holders.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const pair[] = {"tcp", "udp"}; /* what IANA lists per number */

/* ---- free ports ---------------------------------------------------------------- */

static int range_bounds(enum pr_range range, int *lo, int *hi, pr_error *err)
{
    if (range == PR_RANGE_SYSTEM) {
        *lo = 0;
        *hi = PR_PORT_SYSTEM_MAX;
        return 0;
    }
    if (range == PR_RANGE_USER || range == PR_RANGE_NONE) {
        *lo = PR_PORT_USER_MIN;
        *hi = PR_PORT_USER_MAX;
        return 0;
    }
    return pr_error_set(err, PR_EREFUSED, "dynamic ports (%s) are never assigned (RFC 6335 §6)",
                        pr_range_span(PR_RANGE_DYNAMIC));
}

/* Mark in occ the ports of [a, b] that a record holds (for protocol, or
 * any), from the port indexes: the records overlapping that window only. */
static int mark_taken(pr_store *s, const char *protocol, int a, int b, unsigned char *occ,
                      pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int step;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT port_lo, port_hi FROM record WHERE "
                           PR_SQL_PORTS_OVERLAP("?1", "?2") " AND (?3 IS NULL OR protocol = ?3 "
                           "OR protocol IS NULL) AND NOT (coalesce(name,'') = '' AND "
                           "ltrim(description) LIKE 'unassigned%' AND unauthorized IS NULL AND "
                           "notes IS NULL)", -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot query ports");
    sqlite3_bind_int(st, 1, a);
    sqlite3_bind_int(st, 2, b);
    pr_bind_text(st, 3, protocol);
    memset(occ + a, 0, (size_t)(b - a + 1));
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int lo = sqlite3_column_int(st, 0), hi = sqlite3_column_int(st, 1);
        for (int p = lo < a ? a : lo; p <= hi && p <= b; p++)
            occ[p] = 1;
    }
    sqlite3_finalize(st);
    return step == SQLITE_DONE ? 0 : pr_store_dberr(s, err, "cannot query ports");
}

long pr_ports_free(pr_store *s, const char *protocol, enum pr_range range, int near, int *out,
                   size_t max, pr_error *err)
{
    int lo = 0, hi = 0, rc;
    if ((rc = range_bounds(range, &lo, &hi, err)))
        return rc;
    if (protocol && (rc = pr_edit_check_protocol(protocol, err)))
        return rc;
    unsigned char *occ = malloc(PR_PORT_COUNT);
    if (!occ)
        return pr_edit_nomem(err);
    /* A window of the range around near (from lo when near < 0), widened
     * until it holds max answers or the whole range: a look-up reads the
     * records near the port, not the registry. */
    size_t n = 0;
    for (int w = 256;; w *= 4) {
        int from = near < 0 ? lo : near - w, a = from < lo ? lo : from;
        int b = near < 0 ? lo + w : near + w;
        if (b > hi)
            b = hi;
        if (a > b) /* near is that far outside the range */
            continue;
        if ((rc = mark_taken(s, protocol, a, b, occ, err))) {
            free(occ);
            return rc;
        }
        /* Answers are sure up to where the window stops short of the range. */
        int whole = a == lo && b == hi;
        n = 0;
        if (near < 0) {
            for (int p = lo; p <= b && n < max; p++)
                if (!occ[p])
                    out[n++] = p;
        } else {
            int reach = whole ? PR_PORT_COUNT : a > lo && b < hi ? (near - a < b - near ? near - a : b - near)
                      : a > lo ? near - a : b - near;
            for (int d = 0; d <= reach && n < max && (near - d >= lo || near + d <= hi); d++) {
                if (near - d >= lo && near - d <= hi && !occ[near - d])
                    out[n++] = near - d;
                if (d && n < max && near + d <= hi && near + d >= lo && !occ[near + d])
                    out[n++] = near + d;
            }
        }
        if (n >= max || whole)
            break;
    }
    free(occ);
    return (long)n;
}

/* The assigned record a describes at port for proto; PR_ENOMEM with r
 * left empty. */
static int build_assigned(struct pr_record *r, const struct pr_assign *a, const char *proto,
                          int port, const char *assignee, const char *contact, const char *date)
{
    pr_record_init(r);
    if (pr_edit_set_str(&r->name, a->name) || pr_edit_set_str(&r->protocol, proto) ||
        (port >= 0 && pr_edit_set_port(r, port, port)) ||
        pr_edit_set_text(&r->description, &r->description_xml, a->description) ||
        pr_edit_set_str(&r->date, date) ||
        pr_record_add_xref(r, PR_ROLE_ASSIGNEE, "person", assignee, NULL) ||
        pr_record_add_xref(r, PR_ROLE_REF, "person", contact, NULL) ||
        pr_edit_add_references(r, a->reference) ||
        (a->note && *a->note && pr_edit_add_note(r, a->note)) ||
        (proto && !strcmp(proto, "dccp") && a->sc && pr_edit_set_str(&r->sc, a->sc)) ||
        pr_edit_canon_layout(r)) {
        pr_record_release(r); /* what was built before the failure */
        pr_record_init(r);
        return PR_ENOMEM;
    }
    return 0;
}

/* Is Reserved row r kept for assignee: it names them, or it sits beside
 * their assignment of the same number on another transport (holders.h)?
 * 1, 0 or a negative PR_E* code. */
static int reserved_for(pr_store *s, const struct pr_record *r, const char *assignee,
                        pr_error *err)
{
    struct pr_party who;
    struct pr_held h;
    int rc;
    if (pr_edit_has_person(r, assignee))
        return 1;
    pr_party_init(&who);
    if ((rc = pr_party_add_person(s, assignee, &who, err)) ||
        (rc = pr_held_fill(s, r, &who, NULL, &h, err)))
        return rc;
    return h.beside[0] && h.relation == PR_REL_OWN;
}

/* Make port/proto free of unassigned rows; *reserved gets the Reserved row
 * that may be taken (id), 0 if none: one kept for the assignee (their own
 * registration, RFC 6335 §8.6) or, with reuse, a de-assigned one.  Refuses
 * taken ports. */
static int clear_port(struct pr_change_txn *ch, int port, const char *proto, const char *assignee,
                      int reuse, long long *reserved, pr_error *err)
{
    struct pr_recset rs;
    int rc = pr_recset_at(ch->s, port, proto, &rs, err), mine;
    *reserved = 0;
    for (size_t i = 0; !rc && i < rs.n; i++) {
        const struct pr_record *r = &rs.v[i];
        switch (pr_record_state(r)) {
        case PR_STATE_UNASSIGNED:
            rc = pr_edit_split_out(ch, r, port, err);
            break;
        case PR_STATE_RESERVED:
            if (pr_edit_reserved_for_good(r, port)) {
                rc = pr_error_set(err, PR_EREFUSED,
                                  "port %d/%s is Reserved for good (RFC 6335 §6); it is never "
                                  "assigned, not even with --force", port, proto);
                break;
            }
            mine = reuse ? 1 : reserved_for(ch->s, r, assignee, err);
            if (mine < 0) {
                rc = mine;
                break;
            }
            if (r->protocol && r->port_lo == r->port_hi && !*reserved && mine) {
                *reserved = r->id;
                break;
            }
            rc = pr_error_set(err, PR_EREFUSED,
                              "port %d/%s is Reserved%s; a de-assigned port is given again only "
                              "by reuse (RFC 6335 §8.3)", port, proto,
                              r->protocol ? "" : " for every transport");
            break;
        default:
            rc = pr_error_set(err, PR_EEXIST, "port %d/%s is already assigned to '%s'%s", port,
                              proto, r->name ? r->name : "",
                              pr_edit_assigned_to(r, assignee)
                                  ? " of the same assignee; renaming it is a modification of "
                                    "that registration (RFC 6335 §8.6)"
                                  : "");
        }
    }
    pr_recset_release(&rs);
    return rc;
}

/* The people an amendment of the requester's own registration keeps: the
 * assignee (and contact) of the records named a->name or on its port, when
 * the request's assignee (contact) is the same party (party.h).  IANA's
 * records name the assignee under its own person id ("VESvault_Corp");
 * the request says "VESvault Corp <jim@vesvault.com>": the records stay
 * with that id instead of a new person.  Fills assignee / contact ("" when
 * none fits).  0 or a negative PR_E* code. */
static int own_people(pr_store *s, const struct pr_assign *a, int port, char *assignee,
                      size_t alen, char *contact, size_t clen, pr_error *err)
{
    struct pr_party req, con;
    struct pr_record *v[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    int rc;
    assignee[0] = contact[0] = 0;
    pr_party_init(&req);
    pr_party_init(&con);
    if ((rc = pr_party_from_spec(s, a->assignee, &req, err)) ||
        (rc = pr_party_from_spec(s, a->contact ? a->contact : a->assignee, &con, err)) ||
        (rc = pr_records_named(s, a->name, &v[0], &n[0], err)) ||
        (port >= 0 && (rc = pr_records_at(s, port, port, 0xf, &v[1], &n[1], err))))
        goto out;
    for (int k = 0; k < 2 && !rc; k++)
        for (size_t i = 0; i < n[k] && !rc; i++) {
            struct pr_held h;
            if (pr_record_state(&v[k][i]) == PR_STATE_UNASSIGNED ||
                (rc = pr_held_fill(s, &v[k][i], &req, NULL, &h, err)))
                continue;
            if (h.relation != PR_REL_OWN || !h.assignee[0])
                continue;
            if (!assignee[0])
                snprintf(assignee, alen, "%s", h.assignee);
            if (!contact[0] && h.contact[0]) {
                struct pr_party c;
                pr_party_init(&c);
                if (!(rc = pr_party_add_person(s, h.contact, &c, err)) &&
                    pr_party_match(&con, &c) == PR_PARTY_SAME)
                    snprintf(contact, clen, "%s", h.contact);
            }
        }
out:
    pr_records_free(v[0], n[0]);
    pr_records_free(v[1], n[1]);
    return rc;
}

/* The other transport of the tcp/udp pair at port: reserve it for assignee
 * when unassigned; refuse when another assignee holds it (§8.1). */
static int reserve_other(struct pr_change_txn *ch, int port, const char *proto,
                         const char *assignee, int *made, pr_error *err)
{
    struct pr_recset rs;
    int rc = pr_recset_at(ch->s, port, proto, &rs, err), free_here = 1;
    *made = 0;
    for (size_t i = 0; !rc && i < rs.n; i++) {
        enum pr_state stt = pr_record_state(&rs.v[i]);
        if (stt == PR_STATE_ASSIGNED && !pr_edit_assigned_to(&rs.v[i], assignee))
            rc = pr_error_set(err, PR_EREFUSED,
                              "port %d/%s is assigned to '%s' of another assignee; RFC 6335 §8.1 "
                              "keeps a number's transports with one assignee", port, proto,
                              rs.v[i].name ? rs.v[i].name : "");
        if (stt != PR_STATE_UNASSIGNED)
            free_here = 0;
    }
    if (!rc && free_here) {
        for (size_t i = 0; !rc && i < rs.n; i++)
            rc = pr_edit_split_out(ch, &rs.v[i], port, err);
        struct pr_record r;
        if (!rc && pr_edit_build_reserved(&r, proto, port, assignee))
            rc = pr_edit_nomem(err);
        else if (!rc) {
            rc = pr_edit_insert_placed(ch, &r, err);
            pr_record_release(&r);
            *made = !rc;
        }
    }
    pr_recset_release(&rs);
    return rc;
}

/* Existing records of the name: refuse what would make two services of one
 * name; a name-only record of the same assignee gives way (its name now has
 * a port). */
static int check_existing_name(struct pr_change_txn *ch, const struct pr_assign *a, int port,
                               const char *const *protos, size_t np, const char *assignee,
                               pr_error *err)
{
    struct pr_recset rs;
    int rc = pr_recset_named(ch->s, a->name, NULL, &rs, err);
    for (size_t i = 0; !rc && i < rs.n; i++) {
        const struct pr_record *r = &rs.v[i];
        if (r->port_lo < 0) {
            if (port == PR_ASSIGN_NO_PORT || !pr_edit_assigned_to(r, assignee))
                rc = pr_error_set(err, PR_EEXIST,
                                  "service name '%s' is already registered to another assignee",
                                  r->name);
            else
                rc = pr_change_delete_record(ch, r->id, err);
            continue;
        }
        int same_proto = 0;
        for (size_t k = 0; k < np; k++)
            same_proto |= r->protocol && !strcmp(r->protocol, protos[k]);
        if (port < 0 || r->port_lo != port || same_proto || !pr_edit_assigned_to(r, assignee))
            rc = pr_error_set(err, PR_EEXIST,
                              "service name '%s' is already assigned (%s/%s)%s", r->name,
                              r->number, r->protocol ? r->protocol : "",
                              port < 0 && !same_proto && pr_edit_assigned_to(r, assignee)
                                  ? "; to add a transport, give its port number" : "");
    }
    pr_recset_release(&rs);
    return rc;
}

/* The checks that need no store: name, transports (protos[], *np),
 * description, port, and a reason for overriding the review. */
static int assign_check(const struct pr_assign *a, const char **protos, size_t *np,
                        pr_error *err)
{
    int rc, port = a->port;
    if ((rc = pr_edit_check_name(a->name, err)))
        return rc;
    if (port == PR_ASSIGN_NO_PORT && (!a->protocols || !*a->protocols))
        *np = 0; /* a service name alone: the transports are optional */
    else if ((rc = pr_edit_parse_protocols(a->protocols, protos, np, err)))
        return rc;
    if (!a->description || !*a->description)
        return pr_error_field(err, PR_EINVAL, "description", "a description is required");
    if (port > PR_PORT_MAX || (port < -1 && port != PR_ASSIGN_NO_PORT))
        return pr_error_set(err, PR_EINVAL, "invalid port %d", port);
    if (port >= 0 && pr_port_range(port) == PR_RANGE_DYNAMIC)
        return pr_error_set(err, PR_EREFUSED,
                            "port %d is in the dynamic range; dynamic ports are never assigned "
                            "(RFC 6335 §6)", port);
    if (a->force && (!a->reason || !*a->reason))
        return pr_error_field(err, PR_EINVAL, "reason", "overriding the review needs a reason");
    return 0;
}

/* The person ids of the assignee and the contact (len bytes each): the
 * people the port's own records name, else the ones a names, added when
 * new. */
static int assign_people(struct pr_change_txn *ch, const struct pr_assign *a, int port,
                         char *assignee, char *contact, size_t len, pr_error *err)
{
    int rc;
    if ((rc = own_people(ch->s, a, port, assignee, len, contact, len, err)))
        return rc;
    if (assignee[0] && !contact[0] && !a->contact)
        snprintf(contact, len, "%s", assignee); /* the contact is the assignee */
    if (!assignee[0] &&
        (rc = pr_edit_resolve_person(ch, a->assignee, "assignee", assignee, len, err)))
        return rc;
    if (!contact[0])
        rc = pr_edit_resolve_person(ch, a->contact ? a->contact : a->assignee, "contact",
                                    contact, len, err);
    return rc;
}

/* A service name without a port: one record per transport without a
 * number, as IANA lists DNS-SD names (amazon-expiscor); one without a
 * protocol when none. */
static int assign_name_only(struct pr_change_txn *ch, const struct pr_assign *a,
                            const char **protos, size_t np, const char *assignee,
                            const char *contact, pr_error *err)
{
    for (size_t k = 0; k < (np ? np : 1); k++) {
        struct pr_record r;
        int rc;
        if (build_assigned(&r, a, np ? protos[k] : NULL, PR_ASSIGN_NO_PORT, assignee, contact,
                           ch->date)) {
            pr_record_release(&r);
            return pr_edit_nomem(err);
        }
        rc = pr_edit_insert_placed(ch, &r, err);
        pr_record_release(&r);
        if (rc)
            return rc;
    }
    return 0;
}

/* Port -1: the lowest port of a->range free for every transport.  Looked
 * up inside the write transaction: a concurrent editor waits, and cannot
 * pick the same port. */
static int pick_port(pr_store *s, const struct pr_assign *a, int *port, pr_error *err)
{
    long n = pr_ports_free(s, NULL, a->range, -1, port, 1, err);
    if (n < 0)
        return (int)n;
    if (n == 0)
        return pr_error_set(err, PR_ENOTFOUND, "no free %s port left",
                            pr_range_name(a->range) ? pr_range_name(a->range) : "user");
    return 0;
}

/* §8.3 is about de-assigned ports: every requested transport at port must
 * be Reserved, not for good, and de-assigned (or the assignee's own, or
 * forced); a free port is simply assigned (§8.1). */
static int check_reuse(pr_store *s, const struct pr_assign *a, int port, const char **protos,
                       size_t np, const char *assignee, pr_error *err)
{
    int rc = 0;
    for (size_t k = 0; k < np && !rc; k++) {
        struct pr_recset rs;
        int reserved = 0;
        if ((rc = pr_recset_at(s, port, protos[k], &rs, err)))
            return rc;
        for (size_t i = 0; i < rs.n && !rc; i++) {
            if (pr_record_state(&rs.v[i]) != PR_STATE_RESERVED)
                continue;
            reserved = 1;
            if (pr_edit_reserved_for_good(&rs.v[i], port))
                rc = pr_error_set(err, PR_EREFUSED,
                                  "port %d/%s is Reserved for good (RFC 6335 §6); reuse "
                                  "(§8.3) takes only de-assigned ports, not even with "
                                  "--force", port, protos[k]);
            else if (!pr_edit_de_assigned(&rs.v[i]) &&
                     !pr_edit_has_person(&rs.v[i], assignee) && !a->force)
                /* Reserved for someone (the other transport of an
                 * assignment, §8.1), or for no reason shown */
                rc = pr_error_set(err, PR_EREFUSED,
                                  "port %d/%s is Reserved but was not de-assigned (no "
                                  "'De-Assigned on' or 'Revoked on' note): reuse (RFC 6335 "
                                  "§8.3) takes only de-assigned ports; --force --reason if "
                                  "it was", port, protos[k]);
        }
        pr_recset_release(&rs);
        if (!rc && !reserved)
            rc = pr_error_set(err, PR_EREFUSED,
                              "port %d/%s is not Reserved: reuse (RFC 6335 §8.3) is for "
                              "de-assigned ports; a free port is assigned (§8.1)", port,
                              protos[k]);
    }
    return rc;
}

/* Each requested transport at port: the record it clears (clear_port)
 * replaced in its place, or a new record placed; done lists the
 * transports ("tcp,udp"). */
static int assign_transports(struct pr_change_txn *ch, const struct pr_assign *a, int port,
                             const char **protos, size_t np, const char *assignee,
                             const char *contact, struct pr_strbuf *done, pr_error *err)
{
    for (size_t k = 0; k < np; k++) {
        long long taken;
        struct pr_record r;
        int rc;
        if ((rc = clear_port(ch, port, protos[k], assignee, a->reuse, &taken, err)))
            return rc;
        if (build_assigned(&r, a, protos[k], port, assignee, contact, ch->date))
            return pr_edit_nomem(err);
        if (taken) {
            struct pr_record old;
            if (!(rc = pr_store_get_record(ch->s, taken, &old, err))) {
                r.id = old.id;
                r.seq = old.seq;
                pr_record_release(&old);
                rc = pr_change_update_record(ch, &r, err);
            }
        } else {
            rc = pr_edit_insert_placed(ch, &r, err);
        }
        pr_record_release(&r);
        if (rc)
            return rc;
        pr_strbuf_addf(done, "%s%s", k ? "," : "", protos[k]);
    }
    return 0;
}

/* §8.1: the transports of the tcp/udp pair that were not requested become
 * Reserved for the assignee where unassigned; reserved lists them
 * ("1025/udp"). */
static int reserve_pair(struct pr_change_txn *ch, int port, const char **protos, size_t np,
                        const char *assignee, struct pr_strbuf *reserved, pr_error *err)
{
    for (size_t k = 0; k < 2; k++) {
        int requested = 0, made, rc;
        for (size_t j = 0; j < np; j++)
            requested |= !strcmp(protos[j], pair[k]);
        if (requested)
            continue;
        if ((rc = reserve_other(ch, port, pair[k], assignee, &made, err)))
            return rc;
        if (made)
            pr_strbuf_addf(reserved, "%s%d/%s", reserved->len ? ", " : "", port, pair[k]);
    }
    return 0;
}

int pr_edit_assign(pr_store *s, const struct pr_assign *a, struct pr_edit_result *res,
                   pr_error *err)
{
    struct pr_change_txn ch;
    struct pr_strbuf sum = PR_STRBUF_INIT, done = PR_STRBUF_INIT, reserved = PR_STRBUF_INIT;
    const char *protos[4];
    size_t np;
    char assignee[256], contact[256];
    int rc, port = a->port;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if ((rc = assign_check(a, protos, &np, err)))
        return rc;
    if (!a->force && (rc = pr_edit_review_verdict(s, a, err))) {
        res->rejected = rc == PR_EREFUSED;
        return rc;
    }
    if ((rc = pr_change_begin(s, &ch, a->reuse ? "reuse" : "assign", err)))
        return rc;
    ch.reason = a->reason;
    /* The approval of the request it comes from, found again by review. */
    if ((a->request && (rc = pr_review_log_approval(&ch, a->request, err))) ||
        (rc = assign_people(&ch, a, port, assignee, contact, sizeof assignee, err)) ||
        (rc = check_existing_name(&ch, a, port, protos, np, assignee, err)))
        goto fail;
    if (port == PR_ASSIGN_NO_PORT) {
        if ((rc = assign_name_only(&ch, a, protos, np, assignee, contact, err)))
            goto fail;
        pr_strbuf_addf(&sum, "assign %s (service name only)%s%s%s", a->name,
                       a->reason ? " (" : "", a->reason ? a->reason : "", a->reason ? ")" : "");
    } else {
        if ((port < 0 && (rc = pick_port(s, a, &port, err))) ||
            (a->reuse && (rc = check_reuse(s, a, port, protos, np, assignee, err))) ||
            (rc = assign_transports(&ch, a, port, protos, np, assignee, contact, &done, err)) ||
            (rc = reserve_pair(&ch, port, protos, np, assignee, &reserved, err)))
            goto fail;
        pr_strbuf_addf(&sum, "%s %s %d/%s", a->reuse ? "reuse" : "assign", a->name, port,
                       pr_strbuf_str(&done));
        if (reserved.len)
            pr_strbuf_addf(&sum, "; reserved %s", pr_strbuf_str(&reserved));
        if (a->reason && *a->reason)
            pr_strbuf_addf(&sum, " (%s)", a->reason);
        res->port = port;
    }
    if (sum.oom || done.oom || reserved.oom) {
        rc = pr_edit_nomem(err);
        goto fail;
    }
    snprintf(res->summary, sizeof res->summary, "%s", pr_strbuf_str(&sum));
    res->change_id = ch.id;
    rc = pr_change_commit(&ch, res->summary, 0, err);
    goto out;
fail:
    pr_change_abort(&ch);
out:
    pr_strbuf_release(&sum);
    pr_strbuf_release(&done);
    pr_strbuf_release(&reserved);
    return rc;
}
