/* edit_review.c - assign and the rules engine (rules.h): an assignment
 * read from a request file, the request an assignment makes reviewed
 * before anything is written, and the verdict edit_assign.c asks for
 * (pr_edit_review_verdict: the caller's findings judged, or the review
 * run).  Nothing here calls back into the procedures. */
#include "edit_int.h"

#include <stdio.h>
#include <string.h>

void pr_assign_init(struct pr_assign *a)
{
    memset(a, 0, sizeof *a);
    a->port = -1;
    a->range = PR_RANGE_USER;
}

int pr_assign_read_request(const char *path, struct pr_assign *a,
                           struct pr_request_list *list, pr_warn_fn warn, void *ud,
                           pr_error *err)
{
    int rc;
    memset(list, 0, sizeof *list);
    pr_assign_init(a);
    if ((rc = pr_request_parse_file(path, list, warn, ud, err)))
        return rc;
    if (list->n != 1)
        return pr_error_at(err, PR_EPARSE, path, list->items[1].line, 0,
                           "an assignment takes one request; this file holds %zu", list->n);
    const struct pr_request *r = &list->items[0];
    a->request = r;
    a->name = r->field[PR_REQ_SERVICE_NAME];
    a->protocols = r->field[PR_REQ_TRANSPORT];
    a->description = r->field[PR_REQ_DESCRIPTION];
    a->assignee = r->field[PR_REQ_ASSIGNEE];
    a->contact = r->field[PR_REQ_CONTACT];
    a->reference = r->field[PR_REQ_REFERENCE];
    a->note = r->field[PR_REQ_NOTES];
    a->sc = r->field[PR_REQ_SERVICE_CODE];
    a->justification = r->field[PR_REQ_JUSTIFICATION];
    a->security = r->field[PR_REQ_SECURITY];
    switch (r->port_kind) {
    case PR_PORT_ANY: a->port = -1; break;
    case PR_PORT_SYSTEM: a->port = -1; a->range = PR_RANGE_SYSTEM; break;
    case PR_PORT_NUMBERS:
        if (r->n_ports != 1 || r->ports[0].lo != r->ports[0].hi)
            return pr_error_at(err, PR_EPARSE, path, r->field_line[PR_REQ_PORT], 0,
                               "an assignment takes one port number, not '%s'",
                               r->field[PR_REQ_PORT]);
        a->port = r->ports[0].lo;
        break;
    default: a->port = PR_ASSIGN_NO_PORT;
    }
    return 0;
}

/* The request a makes: the request file's fields, then a's. */
static int build_request(const struct pr_assign *a, struct pr_request *req, pr_error *err)
{
    char port[32];
    int rc = 0;
    if (a->request)
        for (int i = 0; !rc && i < PR_REQ_NFIELDS; i++)
            if (a->request->field[i])
                rc = pr_request_set(req, i, a->request->field[i], err);
    if (a->port >= 0)
        snprintf(port, sizeof port, "%d", a->port);
    else
        snprintf(port, sizeof port, "%s", a->port == PR_ASSIGN_NO_PORT ? "none"
                                          : a->range == PR_RANGE_SYSTEM ? "system" : "any");
    const struct {
        int field;
        const char *v;
    } f[] = {
        {PR_REQ_SERVICE_NAME, a->name},
        {PR_REQ_TRANSPORT, a->protocols},
        {PR_REQ_PORT, port},
        {PR_REQ_DESCRIPTION, a->description},
        {PR_REQ_ASSIGNEE, a->assignee},
        {PR_REQ_CONTACT, a->contact ? a->contact : a->assignee},
        {PR_REQ_REFERENCE, a->reference},
        {PR_REQ_NOTES, a->note},
        {PR_REQ_SERVICE_CODE, a->sc},
        {PR_REQ_JUSTIFICATION, a->justification},
        {PR_REQ_SECURITY, a->security},
    };
    for (size_t i = 0; !rc && i < sizeof f / sizeof *f; i++)
        if (f[i].v)
            rc = pr_request_set(req, f[i].field, f[i].v, err);
    return rc;
}

/* PR_EREFUSED naming the first reject among f's findings from `from` on,
 * or 0 when none rejects. */
static int refused(const struct pr_findings *f, size_t from, pr_error *err)
{
    const struct pr_finding *first = NULL;
    size_t n = 0;
    if (pr_findings_worst(f, from, f->n) != PR_SEV_REJECT)
        return 0;
    for (size_t i = from; i < f->n; i++)
        if (f->items[i].severity == PR_SEV_REJECT && !n++)
            first = &f->items[i];
    return pr_error_field(err, PR_EREFUSED, "force",
                          "the review rejects this request (%s: %s%s); it is assigned only "
                          "by overriding the review, with a reason", first->rule, first->message,
                          n > 1 ? "; and more" : "");
}

int pr_edit_review_assign(pr_store *s, const struct pr_assign *a, struct pr_findings *out,
                          pr_error *err)
{
    struct pr_request req;
    struct pr_findings local;
    struct pr_findings *f = out ? out : &local;
    size_t from;
    int rc;
    pr_findings_init(&local);
    pr_request_init(&req);
    from = f->n;
    if (!(rc = build_request(a, &req, err)) && !(rc = pr_review(s, &req, f, err)) && a->reuse)
        /* Reuse (§8.3) is the procedure for a Reserved port: that finding
         * is what the reuse's reason answers. */
        for (size_t i = from; i < f->n; i++)
            if (!strcmp(f->items[i].rule, "port-reserved") &&
                f->items[i].severity == PR_SEV_REJECT)
                f->items[i].severity = PR_SEV_WARN;
    if (!rc)
        rc = refused(f, from, err);
    pr_request_release(&req);
    pr_findings_release(&local);
    return rc;
}

int pr_edit_review_verdict(pr_store *s, const struct pr_assign *a, pr_error *err)
{
    return a->review ? refused(a->review, 0, err) : pr_edit_review_assign(s, a, NULL, err);
}
