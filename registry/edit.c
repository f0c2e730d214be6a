/* edit.c - maintenance and withdrawal procedures of RFC 6335 §8 on the
 * store: maintenance (§8.6, with §8.5's refusal to transfer an assignee),
 * de-assignment (§8.2), revocation (§8.4) and reservation.  Assignment and
 * reuse are edit_assign.c's, people edit_person.c's.  Each procedure is one
 * recorded change (history.c).
 *
 * How records are shaped follows the edits-vs-export contract (edit.h):
 * edited rows lose `raw`, their layout is regenerated in IANA's current
 * order (pr_edit_canon_layout, edit_record.c), and new rows get a seq in
 * IANA's order (edit_place.c).
 */
#include "edit_int.h"
#include "history_int.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- §8.6 maintenance ------------------------------------------------------------- */

static const char *const modifiable[] = {"description", "contact", "note", "reference",
                                         "unauthorized", NULL};

/* The field name of "FIELD=..." (len bytes), plurals as their singular:
 * "notes" -> "note", "references" -> "reference". */
static const char *canon_field(const char *f, size_t len)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)len, f);
    if (!strcmp(buf, "notes"))
        return "note";
    if (!strcmp(buf, "references"))
        return "reference";
    return buf;
}

/* Do a and b hold the same registry content (what the export writes;
 * position, layout, source bytes and the `updated` stamp aside)? */
static int record_same(const struct pr_record *a, const struct pr_record *b)
{
    if (!pr_edit_same_str(a->name, b->name) || !pr_edit_same_str(a->protocol, b->protocol) ||
        !pr_edit_same_str(a->number, b->number) ||
        !pr_edit_same_str(a->description, b->description) ||
        !pr_edit_same_str(a->description_xml, b->description_xml) ||
        !pr_edit_same_str(a->unauthorized, b->unauthorized) ||
        !pr_edit_same_str(a->unauthorized_xml, b->unauthorized_xml) ||
        !pr_edit_same_str(a->sc, b->sc) || !pr_edit_same_str(a->date, b->date) ||
        a->n_xrefs != b->n_xrefs || a->n_notes != b->n_notes)
        return 0;
    for (size_t i = 0; i < a->n_xrefs; i++)
        if (a->xrefs[i].role != b->xrefs[i].role ||
            !pr_edit_same_str(a->xrefs[i].type, b->xrefs[i].type) ||
            !pr_edit_same_str(a->xrefs[i].data, b->xrefs[i].data) ||
            !pr_edit_same_str(a->xrefs[i].text, b->xrefs[i].text))
            return 0;
    for (size_t i = 0; i < a->n_notes; i++)
        if (!pr_edit_same_str(a->notes[i].text, b->notes[i].text) ||
            !pr_edit_same_str(a->notes[i].xml, b->notes[i].xml))
            return 0;
    return 1;
}

/* Does r already carry exactly the references list names? */
static int same_references(const struct pr_record *r, const char *list, int *same)
{
    struct pr_record want;
    size_t k = 0;
    pr_record_init(&want);
    if (pr_edit_add_references(&want, list)) {
        pr_record_release(&want);
        return PR_ENOMEM;
    }
    *same = 1;
    for (size_t i = 0; i < r->n_xrefs && *same; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if (x->role != PR_ROLE_REF || pr_edit_is_person(x))
            continue;
        *same = k < want.n_xrefs && pr_edit_same_str(x->type, want.xrefs[k].type) &&
                pr_edit_same_str(x->data, want.xrefs[k].data) &&
                pr_edit_same_str(x->text, want.xrefs[k].text);
        k++;
    }
    *same = *same && k == want.n_xrefs;
    pr_record_release(&want);
    return 0;
}

char *pr_edit_references_text(const struct pr_record *r, int *exact)
{
    size_t len = 1;
    int odd = 0;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        const char *val = x->data ? x->data : x->text;
        len += val ? strlen(val) + 2 : 0;
        odd |= x->role != PR_ROLE_REF && !pr_edit_is_person(x); /* reference= would drop it */
    }
    char *buf = malloc(len), *o = buf;
    if (!buf)
        return NULL;
    *o = 0;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        const char *val = x->data ? x->data : x->text;
        if (x->role != PR_ROLE_REF || pr_edit_is_person(x) || !strcmp(x->type, "note") || !val)
            continue;
        int rfc = !strcmp(x->type, "rfc") && !strncmp(val, "rfc", 3);
        o += sprintf(o, "%s%s%s", o > buf ? ", " : "", rfc ? "RFC" : "", rfc ? val + 3 : val);
    }
    int same = 0;
    if (same_references(r, buf, &same)) {
        free(buf);
        return NULL;
    }
    *exact = same && !odd;
    return buf;
}

/* The notes of r become v[0..n) (empty items left out; "note=" alone
 * removes them).  A note r has already keeps its XML (IANA's markup). */
static int set_notes(struct pr_record *r, const char *const *v, size_t n, pr_error *err)
{
    struct pr_record want;
    size_t k = 0, same = 1;
    for (size_t i = 0; i < n; i++)
        if (*v[i])
            same = same && k < r->n_notes && pr_edit_same_str(r->notes[k++].text, v[i]);
    if (same && k == r->n_notes)
        return 0;
    char *used = calloc(r->n_notes + 1, 1);
    if (!used)
        return pr_edit_nomem(err);
    pr_record_init(&want);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t j = 0;
        if (!*v[i])
            continue;
        while (j < r->n_notes && (used[j] || !pr_edit_same_str(r->notes[j].text, v[i])))
            j++;
        if (j < r->n_notes) {
            used[j] = 1;
            rc = pr_record_add_note(&want, r->notes[j].text, r->notes[j].xml);
        } else {
            rc = pr_edit_add_note(&want, v[i]);
        }
    }
    free(used);
    if (rc) {
        pr_record_release(&want);
        return pr_edit_nomem(err);
    }
    pr_edit_clear_notes(r);
    free(r->notes);
    r->notes = want.notes;
    r->n_notes = want.n_notes;
    want.notes = NULL;
    want.n_notes = 0;
    pr_record_release(&want);
    return 0;
}

/* The contacts of r become v[0..n) (empty items left out), in that order:
 * a person id r names already is kept as it is, others are resolved
 * ("Name <mail>" adds a person).  The assignee stays: records without
 * <assignee> name their people for both roles, and those move into
 * <assignee> first (§8.5). */
static int set_contacts(struct pr_change_txn *ch, struct pr_record *r, const char *const *v,
                        size_t n, pr_error *err)
{
    const char **now = malloc((r->n_xrefs + 1) * sizeof *now);
    char **ids = calloc(n + 1, sizeof *ids);
    size_t n_now, n_ids = 0;
    int rc = 0;
    if (!now || !ids) {
        rc = pr_edit_nomem(err);
        goto out;
    }
    n_now = pr_record_contacts(r, now, r->n_xrefs + 1);
    for (size_t i = 0; i < n && !rc; i++) {
        char id[256];
        const char *keep = NULL;
        if (!*v[i])
            continue;
        for (size_t k = 0; k < n_now && !keep; k++)
            if (!strcmp(now[k], v[i]))
                keep = now[k];
        if (!keep && !(rc = pr_edit_resolve_person(ch, v[i], "contact", id, sizeof id, err)))
            keep = id;
        for (size_t k = 0; keep && k < n_ids; k++)
            if (!strcmp(ids[k], keep))
                keep = NULL; /* named twice: once */
        if (keep && !(ids[n_ids++] = strdup(keep)))
            rc = pr_edit_nomem(err);
    }
    if (!rc && !n_ids) /* "the contact is required" */
        rc = pr_edit_resolve_person(ch, "", "contact", NULL, 0, err);
    if (rc)
        goto out;
    int same = n_ids == n_now;
    for (size_t k = 0; same && k < n_ids; k++)
        same = !strcmp(now[k], ids[k]);
    if (same)
        goto out; /* those are the contacts already */
    int has_assignee = 0;
    for (size_t i = 0; i < r->n_xrefs; i++)
        has_assignee |= r->xrefs[i].role == PR_ROLE_ASSIGNEE;
    if (!has_assignee)
        for (size_t i = 0; i < r->n_xrefs; i++)
            if (r->xrefs[i].role == PR_ROLE_REF && pr_edit_is_person(&r->xrefs[i]))
                r->xrefs[i].role = PR_ROLE_ASSIGNEE;
    pr_edit_filter_xrefs(r, pr_edit_keep_not_contact);
    for (size_t k = 0; k < n_ids && !rc; k++)
        if (pr_record_add_xref(r, PR_ROLE_REF, "person", ids[k], NULL))
            rc = pr_edit_nomem(err);
out:
    for (size_t k = 0; ids && k < n_ids; k++)
        free(ids[k]);
    free(ids);
    free(now);
    return rc;
}

/* Apply FIELD=VALUE to r: v[0..n) are the values of every contact= or
 * note= of the modify (the whole list), else n is 1.  A value r already
 * has leaves r alone (its element's XML too: IANA's markup stays). */
static int apply_set(struct pr_change_txn *ch, struct pr_record *r, const char *field,
                     const char *const *v, size_t n, pr_error *err)
{
    const char *value = v[0];
    if (!strcmp(field, "description")) {
        if (!*value)
            return pr_error_field(err, PR_EINVAL, "description", "description may not be empty");
        if (pr_edit_same_str(r->description, value))
            return 0;
        return pr_edit_set_text(&r->description, &r->description_xml, value) ? pr_edit_nomem(err)
                                                                              : 0;
    }
    if (!strcmp(field, "unauthorized")) {
        if (pr_edit_same_str(r->unauthorized, value))
            return 0;
        return pr_edit_set_text(&r->unauthorized, &r->unauthorized_xml, value) ? pr_edit_nomem(err)
                                                                                : 0;
    }
    if (!strcmp(field, "note"))
        return set_notes(r, v, n, err);
    if (!strcmp(field, "reference")) {
        int same;
        if (same_references(r, value, &same))
            return pr_edit_nomem(err);
        if (same)
            return 0;
        pr_edit_filter_xrefs(r, pr_edit_keep_people);
        return pr_edit_add_references(r, value) ? pr_edit_nomem(err) : 0;
    }
    return set_contacts(ch, r, v, n, err);
}

/* Is FIELD a list, every FIELD=VALUE of one modify an item of it? */
static int list_field(const char *f)
{
    return !strcmp(f, "contact") || !strcmp(f, "note");
}

/* Check every "FIELD=VALUE" of sets (for service name's messages) and
 * list their fields in fields ("description, note"). */
static int check_sets(const char *name, const char *const *sets, size_t n_sets,
                      struct pr_strbuf *fields, pr_error *err)
{
    if (!n_sets)
        return pr_error_set(err, PR_EINVAL, "nothing to change: no field given");
    for (size_t i = 0; i < n_sets; i++) {
        const char *eq = strchr(sets[i], '=');
        size_t flen = eq ? (size_t)(eq - sets[i]) : strlen(sets[i]);
        char f[64];
        snprintf(f, sizeof f, "%s", canon_field(sets[i], flen));
        if (!eq)
            return pr_error_set(err, PR_EINVAL, "'%s' is not FIELD=VALUE", sets[i]);
        if (!strcmp(f, "assignee"))
            return pr_error_set(err, PR_EREFUSED,
                                "the assignee of '%s' is never changed in place (RFC 6335 §8.5, "
                                "§8.6): the assignee de-assigns it (§8.2) and the new party "
                                "requests a new assignment (§8.1)", name);
        if (!strcmp(f, "name") || !strcmp(f, "protocol") || !strcmp(f, "port") ||
            !strcmp(f, "number"))
            return pr_error_set(err, PR_EREFUSED,
                                "the %s of '%s' is not changed in place: de-assign it "
                                "(RFC 6335 §8.2) and request a new assignment (§8.1)", f, name);
        int ok = 0;
        for (size_t k = 0; modifiable[k]; k++)
            ok |= !strcmp(f, modifiable[k]);
        if (!ok)
            return pr_error_set(err, PR_EINVAL,
                                "unknown field '%s' (expected description, contact, note, "
                                "reference or unauthorized)", f);
        int again = 0; /* contact=A contact=B: "contact" once */
        for (size_t k = 0; k < i && !again; k++)
            again = !strcmp(canon_field(sets[k], strcspn(sets[k], "=")), f);
        if (!again)
            pr_strbuf_addf(fields, "%s%s", fields->len ? ", " : "", f);
    }
    return fields->oom ? pr_edit_nomem(err) : 0;
}

/* Apply sets to every record of rs within ch; *changed counts the records
 * that differ after it (the others keep their `updated` date). */
static int apply_sets(struct pr_change_txn *ch, struct pr_recset *rs, const char *const *sets,
                      size_t n_sets, size_t *changed, pr_error *err)
{
    int rc = 0;
    const char **vals = malloc(n_sets * sizeof *vals); /* the values of a list field */
    *changed = 0;
    if (!vals)
        return pr_edit_nomem(err);
    for (size_t i = 0; i < rs->n; i++) {
        struct pr_record *r = &rs->v[i], before;
        if (pr_record_copy(&before, r)) {
            free(vals);
            return pr_edit_nomem(err);
        }
        for (size_t k = 0; k < n_sets && !rc; k++) {
            char f[64];
            const char *eq = strchr(sets[k], '='), *one = eq + 1;
            size_t nv = 0;
            int seen = 0;
            snprintf(f, sizeof f, "%s", canon_field(sets[k], (size_t)(eq - sets[k])));
            for (size_t j = 0; j < n_sets; j++) {
                const char *e = strchr(sets[j], '=');
                if (strcmp(canon_field(sets[j], (size_t)(e - sets[j])), f))
                    continue;
                seen |= j < k;
                vals[nv++] = e + 1;
            }
            if (!list_field(f)) /* in order: the last one stays */
                rc = apply_set(ch, r, f, &one, 1, err);
            else if (!seen) /* the list, at its first item */
                rc = apply_set(ch, r, f, vals, nv, err);
        }
        int same = !rc && record_same(&before, r);
        pr_record_release(&before);
        if (rc) {
            free(vals);
            return rc;
        }
        if (same)
            continue; /* no new `updated` date for a record that stays */
        if (pr_edit_set_str(&r->updated, ch->date) || pr_edit_canon_layout(r))
            rc = pr_edit_nomem(err);
        else
            rc = pr_change_update_record(ch, r, err);
        if (rc)
            break;
        (*changed)++;
    }
    free(vals);
    return rc;
}

static int modify(pr_store *s, const char *name, const char *protocol, const pr_edit_base *base,
                  const char *const *sets, size_t n_sets, struct pr_edit_conflict *conflict,
                  struct pr_edit_result *res, pr_error *err)
{
    struct pr_change_txn ch;
    struct pr_recset rs = {NULL, 0};
    struct pr_strbuf fields = PR_STRBUF_INIT;
    size_t changed = 0;
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if ((protocol && (rc = pr_edit_check_protocol(protocol, err))) ||
        (rc = check_sets(name, sets, n_sets, &fields, err)) ||
        (rc = pr_change_begin(s, &ch, "modify", err))) {
        pr_strbuf_release(&fields);
        return rc;
    }
    if ((base && (rc = pr_edit_base_check(s, base, conflict, err))) ||
        (rc = pr_recset_named(s, name, protocol, &rs, err)))
        goto fail;
    if (!rs.n) {
        rc = pr_error_set(err, PR_ENOTFOUND, "no service '%s'%s%s", name,
                          protocol ? " on " : "", protocol ? protocol : "");
        goto fail;
    }
    if ((rc = apply_sets(&ch, &rs, sets, n_sets, &changed, err)))
        goto fail;
    pr_recset_release(&rs);
    if (!changed) {
        /* Nothing is recorded: no history entry, no `updated` date. */
        pr_change_abort(&ch);
        res->unchanged = 1;
        snprintf(res->summary, sizeof res->summary, "'%s'%s%s already has that %s", name,
                 protocol ? " on " : "", protocol ? protocol : "", pr_strbuf_str(&fields));
    } else {
        snprintf(res->summary, sizeof res->summary, "modify %s%s%s: %s (%zu record%s)", name,
                 protocol ? "/" : "", protocol ? protocol : "", pr_strbuf_str(&fields),
                 changed, changed == 1 ? "" : "s");
        res->change_id = ch.id;
        rc = pr_change_commit(&ch, res->summary, 0, err);
    }
    pr_strbuf_release(&fields);
    return rc;
fail:
    pr_recset_release(&rs);
    pr_change_abort(&ch);
    pr_strbuf_release(&fields);
    return rc;
}

int pr_edit_modify(pr_store *s, const char *name, const char *protocol,
                   const char *const *sets, size_t n_sets, struct pr_edit_result *res,
                   pr_error *err)
{
    return modify(s, name, protocol, NULL, sets, n_sets, NULL, res, err);
}

int pr_edit_modify_matching(pr_store *s, const pr_edit_base *base, const char *const *sets,
                            size_t n_sets, struct pr_edit_conflict *conflict,
                            struct pr_edit_result *res, pr_error *err)
{
    return modify(s, pr_edit_base_name(base), pr_edit_base_protocol(base), base, sets, n_sets,
                  conflict, res, err);
}

/* The name stays registered: a name-only record made from first (one of
 * its port records) once no port is left. */
static int keep_name(struct pr_change_txn *ch, const struct pr_record *first, pr_error *err)
{
    struct pr_record n;
    int rc;
    if (pr_record_copy(&n, first))
        return pr_edit_nomem(err);
    n.id = 0;
    free(n.protocol); n.protocol = NULL;
    free(n.number); n.number = NULL;
    n.port_lo = n.port_hi = -1;
    free(n.sc); n.sc = NULL;
    pr_edit_clear_notes(&n);
    if (pr_edit_set_str(&n.updated, ch->date) || pr_edit_canon_layout(&n))
        rc = pr_edit_nomem(err);
    else
        rc = pr_edit_insert_placed(ch, &n, err);
    pr_record_release(&n);
    return rc;
}

/* Each port record of rs becomes Reserved with a note "NOTE_WORD on
 * DATE."; ports lists them ("1025/tcp,1025/udp"). */
static int withdraw_records(struct pr_change_txn *ch, struct pr_recset *rs, const char *note_word,
                            struct pr_strbuf *ports, pr_error *err)
{
    char note[128];
    int rc;
    snprintf(note, sizeof note, "%s on %s.", note_word, ch->date);
    for (size_t i = 0; i < rs->n; i++) {
        struct pr_record *r = &rs->v[i];
        if (r->port_lo < 0)
            continue;
        pr_strbuf_addf(ports, "%s%s/%s", ports->len ? "," : "", r->number,
                       r->protocol ? r->protocol : "");
        pr_edit_filter_xrefs(r, pr_edit_keep_none);
        pr_edit_clear_notes(r);
        if (pr_edit_set_str(&r->name, "") ||
            pr_edit_set_text(&r->description, &r->description_xml, "Reserved") ||
            pr_edit_set_text(&r->unauthorized, &r->unauthorized_xml, NULL) ||
            pr_edit_set_str(&r->sc, NULL) || pr_edit_set_str(&r->updated, ch->date) ||
            pr_edit_add_note(r, note) || pr_edit_canon_layout(r))
            return pr_edit_nomem(err);
        if ((rc = pr_change_update_record(ch, r, err)))
            return rc;
    }
    return ports->oom ? pr_edit_nomem(err) : 0;
}

static int withdraw(pr_store *s, const char *command, const char *name, const char *protocol,
                    const char *note_word, const char *reason, const char *approved_by,
                    const pr_edit_base *base, struct pr_edit_conflict *conflict,
                    struct pr_edit_result *res, pr_error *err)
{
    struct pr_change_txn ch;
    struct pr_recset rs = {NULL, 0}, all = {NULL, 0};
    struct pr_strbuf ports = PR_STRBUF_INIT, sum = PR_STRBUF_INIT;
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if (protocol && (rc = pr_edit_check_protocol(protocol, err)))
        return rc;
    if (!reason || !*reason)
        return pr_error_field(err, PR_EINVAL, "reason",
                              "%s '%s' needs a reason (it is recorded in the history)",
                              !strcmp(command, "revoke") ? "revoking" : "de-assigning", name);
    if ((rc = pr_change_clean_text("approved_by", approved_by, err)))
        return rc;
    if ((rc = pr_change_begin(s, &ch, command, err)))
        return rc;
    ch.reason = reason;
    if ((base && (rc = pr_edit_base_check(s, base, conflict, err))) ||
        (rc = pr_recset_named(s, name, protocol, &rs, err)) ||
        (rc = pr_recset_named(s, name, NULL, &all, err)))
        goto fail;
    size_t with_port = 0, all_ports = 0;
    const struct pr_record *name_only = NULL, *first = NULL;
    for (size_t i = 0; i < rs.n; i++)
        if (rs.v[i].port_lo >= 0 && !with_port++)
            first = &rs.v[i];
    for (size_t i = 0; i < all.n; i++) {
        if (all.v[i].port_lo >= 0)
            all_ports++;
        else
            name_only = &all.v[i];
    }
    if (!with_port) {
        rc = all.n ? pr_error_set(err, PR_EREFUSED, "'%s' has no port%s%s to %s", name,
                                  protocol ? " on " : "", protocol ? protocol : "", command)
                   : pr_error_set(err, PR_ENOTFOUND, "no service '%s'", name);
        goto fail;
    }
    if ((with_port == all_ports && !name_only && (rc = keep_name(&ch, first, err))) ||
        (rc = withdraw_records(&ch, &rs, note_word, &ports, err)))
        goto fail;
    pr_strbuf_addf(&sum, "%s %s %s", command, name, pr_strbuf_str(&ports));
    if (approved_by)
        pr_strbuf_addf(&sum, ", approved by %s", approved_by);
    pr_strbuf_addf(&sum, " (%s)", reason);
    if (sum.oom) {
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
    pr_recset_release(&rs);
    pr_recset_release(&all);
    pr_strbuf_release(&ports);
    pr_strbuf_release(&sum);
    return rc;
}

int pr_edit_deassign(pr_store *s, const char *name, const char *protocol, const char *reason,
                     struct pr_edit_result *res, pr_error *err)
{
    return withdraw(s, "deassign", name, protocol, "De-Assigned", reason, NULL, NULL, NULL, res,
                    err);
}

int pr_edit_deassign_matching(pr_store *s, const pr_edit_base *base, const char *reason,
                              struct pr_edit_conflict *conflict, struct pr_edit_result *res,
                              pr_error *err)
{
    return withdraw(s, "deassign", pr_edit_base_name(base), pr_edit_base_protocol(base),
                    "De-Assigned", reason, NULL, base, conflict, res, err);
}

int pr_edit_revoke(pr_store *s, const char *name, const char *protocol, const char *reason,
                   const char *approved_by, struct pr_edit_result *res, pr_error *err)
{
    if (!reason || !*reason)
        return pr_error_field(err, PR_EREFUSED, "reason",
                              "revoking '%s' needs a reason: RFC 6335 §8.4 revokes only "
                              "assignments shown to be unused or abused", name);
    if (!approved_by || !*approved_by)
        return pr_error_field(err, PR_EREFUSED, "approved_by",
                              "revoking '%s' needs the IESG's approval (RFC 6335 §8.4): who "
                              "approved it", name);
    return withdraw(s, "revoke", name, protocol, "Revoked", reason, approved_by, NULL, NULL, res,
                    err);
}

/* ---- reservation ------------------------------------------------------------------ */

int pr_edit_reserve(pr_store *s, int port, const char *protocol, const char *reason,
                    struct pr_edit_result *res, pr_error *err)
{
    struct pr_change_txn ch;
    struct pr_recset rs = {NULL, 0};
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if ((rc = pr_edit_check_protocol(protocol, err)))
        return rc;
    if (port < 0 || port > PR_PORT_MAX)
        return pr_error_set(err, PR_EINVAL, "invalid port %d", port);
    if (pr_port_range(port) == PR_RANGE_DYNAMIC)
        return pr_error_set(err, PR_EREFUSED,
                            "port %d is in the dynamic range, which is never reserved or assigned "
                            "(RFC 6335 §6)", port);
    if (!reason || !*reason)
        return pr_error_field(err, PR_EINVAL, "reason", "a reservation needs a reason");
    if ((rc = pr_change_begin(s, &ch, "reserve", err)))
        return rc;
    ch.reason = reason;
    if ((rc = pr_recset_at(s, port, protocol, &rs, err)))
        goto fail;
    for (size_t i = 0; i < rs.n; i++)
        if (pr_record_state(&rs.v[i]) != PR_STATE_UNASSIGNED) {
            rc = pr_error_set(err, PR_EEXIST, "port %d/%s is not unassigned (%s%s%s)", port,
                              protocol, pr_state_name(pr_record_state(&rs.v[i])),
                              rs.v[i].name && *rs.v[i].name ? ": " : "",
                              rs.v[i].name ? rs.v[i].name : "");
            goto fail;
        }
    for (size_t i = 0; i < rs.n; i++)
        if ((rc = pr_edit_split_out(&ch, &rs.v[i], port, err)))
            goto fail;
    struct pr_record r;
    if (pr_edit_build_reserved(&r, protocol, port, NULL) || pr_edit_set_str(&r.updated, ch.date) ||
        pr_edit_canon_layout(&r)) {
        pr_record_release(&r);
        rc = pr_edit_nomem(err);
        goto fail;
    }
    rc = pr_edit_insert_placed(&ch, &r, err);
    pr_record_release(&r);
    if (rc)
        goto fail;
    pr_recset_release(&rs);
    snprintf(res->summary, sizeof res->summary, "reserve %d/%s (%s)", port, protocol, reason);
    res->port = port;
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, 0, err);
fail:
    pr_recset_release(&rs);
    pr_change_abort(&ch);
    return rc;
}
