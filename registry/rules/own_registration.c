/* own_registration.c - own-registration: the request amends the
 * applicant's own registration rather than asking for something new: its
 * name is already theirs (adding a transport, the other half of the
 * tcp/udp pair, or moving the name), its port is Reserved beside their
 * assignment for them, or its port is theirs under another name (a
 * rename).  RFC 6335 §8.6 treats such changes of an existing
 * registration; name-taken, port-reserved and port-taken stay silent on
 * these records, and assign turns the Reserved row into the assignment
 * without a second reservation.  Info: it only says what the request is.
 * "Own" follows party.h: the Assignee shares a person id, an address or a
 * name with the records' assignee. */
#include "rules_int.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_RECS 8

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const struct pr_facts *f = pr_ctx_facts(c, req);
    const struct pr_held *hit[MAX_RECS];
    const char *rel[MAX_RECS];
    struct pr_strbuf what = PR_STRBUF_INIT;
    size_t n = 0, n_rel = 0;
    const char *who = NULL;
    int moves = 0;
    if (!f)
        return c->err->code;
    for (size_t pass = 0; pass < 2; pass++) {
        const struct pr_held *v = pass ? f->ports : f->names;
        size_t nv = pass ? f->n_ports : f->n_names;
        for (size_t i = 0; i < nv && n < MAX_RECS; i++) {
            const struct pr_held *h = &v[i];
            int dup = 0;
            if (h->relation != PR_REL_OWN)
                continue;
            for (size_t k = 0; k < n; k++)
                dup |= hit[k]->id == h->id;
            if (dup)
                continue;
            hit[n++] = h;
            if (!who)
                who = h->assignee_label[0] ? h->assignee_label : h->assignee;
            char title[128];
            pr_held_title(h, title, sizeof title);
            if (pass == 0 && h->lo >= 0 && req->port_kind == PR_PORT_NUMBERS &&
                (req->ports[0].lo != h->lo || req->ports[0].hi != h->hi))
                moves = 1;
            const char *as = pass == 0 ? "the name is theirs: "
                             : h->state == PR_STATE_RESERVED ? "the port is kept for them: "
                                                             : "the port is theirs: ";
            pr_strbuf_addf(&what, "%s%s%s", what.len ? "; " : "", as, title);
            if (h->beside[0])
                pr_strbuf_addf(&what, " beside '%s' %s/%s", h->beside, h->beside_number,
                               h->beside_protocol);
            const char *nm = h->name[0] ? h->name : h->beside;
            int seen = 0;
            for (size_t k = 0; k < n_rel; k++)
                seen |= !strcasecmp(rel[k], nm);
            if (*nm && !seen)
                rel[n_rel++] = nm;
        }
    }
    if (!n)
        return 0;
    /* a name is easy to write: the registered contact confirms */
    char sugg[900], confirm[400] = "";
    for (size_t i = 0; i < n && !confirm[0]; i++)
        if (hit[i]->contact_mail[0])
            snprintf(confirm, sizeof confirm, "; confirm with the registered contact, %s <%s>",
                     hit[i]->contact_label[0] ? hit[i]->contact_label : hit[i]->contact,
                     hit[i]->contact_mail);
    snprintf(sugg, sizeof sugg, "%s%s",
             moves ? "treat it as a change of the existing registration: the name would move "
                     "to the requested port or hold two (one port per service is the rule, "
                     "RFC 6335 §7.2); say which"
                   : "treat it as a change of the existing registration: the Reserved row "
                     "becomes the assignment (no second reservation), an existing record is "
                     "renamed or extended",
             confirm);
    int rc = what.oom ? pr_error_set(c->err, PR_ENOMEM, "out of memory")
             : pr_rule_emit(c, -1, pr_request_name(req), NULL, rel, n_rel, sugg,
                            "an amendment of %s's own registration (RFC 6335 §8.6), not a new "
                            "assignment: %s", who && *who ? who : "the applicant",
                            pr_strbuf_str(&what));
    pr_strbuf_release(&what);
    for (size_t i = 0; i < n && !rc; i++)
        rc = pr_rule_attach(c, hit[i]);
    return rc;
}

const struct pr_rule pr_rule_own_registration = {
    .id = "own-registration",
    .rfc = "RFC 6335 §8.6",
    .summary = "the request amends the applicant's own registration",
    .severity = PR_SEV_INFO,
    .check = check,
    .audit = NULL,
};
