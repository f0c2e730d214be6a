/* reply.c - the reply letter to a requester (reply.h).  A paragraph per
 * warn or reject finding, from the finding's records (holders by name,
 * port and assignee), in words a reader of RFC 6335 knows: the registry,
 * System, User and Dynamic Ports, transports, assignees.  Each claim names
 * the RFC section behind it ("RFC 6335, Section 8.1"); the URLs stand in a
 * list of references after the signature.  The closing says what to do
 * next, and how, from what the paragraphs asked.  Never a command, never a
 * request field's name or syntax. */
#include "reply_int.h"

#include "edit.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- opening and closing ------------------------------------------------------- */

static void opening(struct letter *L)
{
    const struct pr_request *req = L->req;
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    char who[200];
    pr_reply_request_person(req->field[PR_REQ_CONTACT], who, sizeof who);
    if (!who[0])
        pr_reply_request_person(req->field[PR_REQ_ASSIGNEE], who, sizeof who);
    char dear[256];
    /* "the IESG" in a sentence, "Dear IESG" at the top */
    int n = snprintf(dear, sizeof dear, "Dear %s,",
                     !who[0] ? "applicant" : !strncmp(who, "the ", 4) ? who + 4 : who);
    pr_reply_wrap(L->out, dear, n < 0 ? 0 : (size_t)n < sizeof dear ? (size_t)n : sizeof dear - 1,
                  "", "");
    fputc('\n', L->out);
    if (name && *name)
        fprintf(L->para, "Thank you for your request for the service name \"%s\"", name);
    else
        adds(L->para, "Thank you for your request for a service name");
    if (pr_request_wants_port(req)) {
        adds(L->para, " and ");
        if (req->port_kind == PR_PORT_NUMBERS)
            pr_reply_add_asked_ports(L->para, req);
        else if (req->port_kind == PR_PORT_SYSTEM)
            adds(L->para, "one of the System Ports (" SYSTEM_RANGE ")");
        else
            adds(L->para, "a User Port (" USER_RANGE ")");
    }
    if (req->transports) {
        adds(L->para, " for ");
        pr_reply_add_transports(L->para, req->transports);
    }
    if (!pr_request_wants_port(req))
        adds(L->para, ", without a port number");
    else if (req->port_kind != PR_PORT_NUMBERS)
        adds(L->para, ", the number to be chosen by IANA");
    adds(L->para, ". We have reviewed it for IANA against the Service Name and Transport "
                  "Protocol Port Number Registry.");
    pr_reply_para_end(L);
}

/* Could the service name alone, without a port, be registered as the
 * request stands otherwise?  Only for a request that asks for a port and
 * a name no other request of the run asks for: the same request with no
 * port is reviewed again, and nothing of warn or reject may remain. */
static int name_alone_free(struct letter *L)
{
    const struct pr_request *req = L->req;
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    struct pr_request r;
    struct pr_findings f;
    pr_error err = {0};
    int ok = 0;
    if (!L->s || !pr_request_wants_port(req) || !name || !*name)
        return 0;
    for (size_t i = L->from; i < L->to && i < L->f->n; i++) {
        const struct pr_finding *x = &L->f->items[i];
        if (strcmp(x->rule, "run-conflict"))
            continue;
        for (size_t k = 0; k < x->n_related; k++)
            if (!strcasecmp(x->related[k], name))
                return 0;
    }
    pr_request_init(&r);
    pr_findings_init(&f);
    int rc = 0;
    for (int k = 0; k < PR_REQ_NFIELDS && !rc; k++)
        if (req->field[k] && k != PR_REQ_PORT)
            rc = pr_request_set(&r, k, req->field[k], &err);
    if (!rc)
        rc = pr_request_set(&r, PR_REQ_PORT, "none", &err);
    if (!rc)
        rc = pr_review(L->s, &r, &f, &err);
    if (!rc)
        ok = pr_findings_worst(&f, 0, f.n) < PR_SEV_WARN;
    L->nomem |= rc == PR_ENOMEM;
    pr_findings_release(&f);
    pr_request_release(&r);
    return ok;
}

/* "Please reply to this message with your answer, or with a revised
 * request, and we will THEN." from what the paragraphs asked. */
static void next_step(struct letter *L, int name_alone, const char *then)
{
    const char *items[2];
    size_t n = 0;
    if (L->asks & ASK_INFO)
        items[n++] = "the information asked for above";
    if (L->asks & ASK_ANSWER)
        items[n++] = L->answers > 1 ? "your answers" : "your answer";
    adds(L->para, " Please reply to this message with "); /* wrap drops a leading space */
    for (size_t i = 0; i < n; i++)
        fprintf(L->para, "%s%s", i ? " and " : "", items[i]);
    if (L->asks & ASK_CHANGE || !n)
        adds(L->para, n ? ", or with a revised request" : "a revised request");
    if (name_alone)
        adds(L->para, " (or just tell us that the name alone will do)");
    fprintf(L->para, ", and we will %s.", then);
}

/* A refusal: whether the name alone could be registered instead. */
static void name_alone_offer(struct letter *L, int name_alone)
{
    if (!name_alone)
        return;
    fprintf(L->para, " The service name \"%s\" itself is available, though: if your service can "
                     "do without an assigned port, for example because clients learn the port "
                     "through ",
            L->req->field[PR_REQ_SERVICE_NAME]);
    pr_reply_add_dnssd(L);
    adds(L->para, ", the name alone can be registered.");
}

/* Does the request say its service is found with DNS-SD? */
static int uses_dnssd(const struct pr_request *req)
{
    static const int fields[] = {PR_REQ_DESCRIPTION, PR_REQ_JUSTIFICATION, PR_REQ_NOTES,
                                 PR_REQ_DISCOVERY, PR_REQ_REFERENCE};
    static const char *const words[] = {"DNS-SD", "DNSSD", "mDNS", "Bonjour",
                                        "DNS-Based Service Discovery", NULL};
    const char *keys = req->field[PR_REQ_DEFINED_TXT_KEYS];
    if (keys && *keys)
        return 1;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        for (size_t k = 0; words[k]; k++)
            if (pr_text_contains(req->field[fields[i]], words[k]))
                return 1;
    return 0;
}

/* The own-registration finding of the review: the request amends the
 * requester's registration. */
static const struct pr_finding *own_registration(struct letter *L)
{
    for (size_t i = L->from; i < L->to && i < L->f->n; i++)
        if (!strcmp(L->f->items[i].rule, "own-registration"))
            return &L->f->items[i];
    return NULL;
}

/* What IANA will register, what happens next, and what the assignee keeps
 * current afterwards. */
static void approval(struct letter *L)
{
    const struct pr_request *req = L->req;
    const struct pr_finding *own = own_registration(L);
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    const char *held = NULL;
    int pending = 0; /* a System Port whose IETF approval is still to come */
    for (size_t i = 0; own && i < own->n_records && !held; i++)
        held = own->records[i].service;
    for (size_t i = L->from; i < L->to && i < L->f->n; i++)
        pending |= !strcmp(L->f->items[i].rule, "port-system") &&
                   strstr(L->f->items[i].message, "on record") != NULL;
    if (held) {
        adds(L->para, "We approve your request. It adds ");
        if (req->port_kind == PR_PORT_NUMBERS) {
            pr_reply_add_asked_ports(L->para, req);
            adds(L->para, " for ");
            pr_reply_add_transports(L->para, req->transports);
            adds(L->para, " ");
        }
        adds(L->para, "to a registration you already hold, the service ");
        pr_reply_add_service(L, held);
        adds(L->para, ", so we will ask IANA to update that registration, rather than make a "
                      "new one");
        pr_reply_cite_paren(L, "RFC 6335 §8.6");
        adds(L->para, ". IANA will confirm to you when that is done.");
    } else if (pending) {
        adds(L->para, "We approve your request. As it asks for one of the System Ports, IANA "
                      "makes the assignment once your document has been approved, through IETF "
                      "Review or by ");
        pr_reply_add_iesg(L);
        adds(L->para, ", as ");
        pr_reply_cite(L, "RFC 6335 §8.1.2");
        adds(L->para, " requires. It will then register ");
        pr_reply_add_asked(L->para, req);
        adds(L->para, ", and confirm to you when the registration is made");
    } else {
        adds(L->para, "We approve your request, and we will ask IANA to register ");
        pr_reply_add_asked(L->para, req);
        adds(L->para, ". IANA will confirm to you when the registration is made");
    }
    if (!held)
        adds(L->para, pr_request_wants_port(req) && req->port_kind != PR_PORT_NUMBERS
                          ? ", with the port number it chose."
                          : ".");
    if (!pr_request_wants_port(req) && name && *name && uses_dnssd(req)) {
        adds(L->para, " Clients will then find your service through ");
        pr_reply_add_dnssd(L);
        fprintf(L->para, " under the service type \"_%s._%s\"", name,
                req->transports == PR_TP_TCP || !req->transports ? "tcp" : "udp");
        if (req->transports & PR_TP_TCP && req->transports != PR_TP_TCP)
            fprintf(L->para, " (\"_%s._tcp\" over TCP)", name);
        pr_reply_cite_paren(L, "RFC 6763 §7");
        adds(L->para, ".");
    }
    pr_reply_para_end(L);
}

/* After an assignment: the assignee keeps the registration current. */
static void upkeep(struct letter *L, int made)
{
    adds(L->para, made ? "Please keep the registration current: tell IANA when "
                       : "Once the registration is made, please keep it current: tell IANA when ");
    adds(L->para, "your contact details or the reference to your specification change, and "
                  "ask IANA for any other change to it");
    pr_reply_cite_paren(L, "RFC 6335 §8.6");
    adds(L->para, ".");
}

struct assigned {
    const char *name;
    FILE *t;
    int n;
};

/* The records an approval's change added or changed under the requested
 * name: "port 7777 for TCP", "a service name without a port for TCP". */
static int on_assigned(const struct pr_history_change *c, void *ud)
{
    struct assigned *a = ud;
    for (size_t i = 0; i < c->n_items; i++) {
        const struct pr_history_item *it = &c->items[i];
        const char *name = NULL, *number = NULL, *proto = NULL;
        if (strcmp(it->target, "record") || it->action == '-')
            continue;
        for (size_t k = 0; k < it->n_fields; k++) {
            const struct pr_history_field *f = &it->fields[k];
            if (!strcmp(f->field, "name"))
                name = f->after;
            else if (!strcmp(f->field, "number"))
                number = f->after;
            else if (!strcmp(f->field, "protocol"))
                proto = f->after;
        }
        if (!name || strcasecmp(name, a->name))
            continue;
        if (number && *number)
            fprintf(a->t, "%sport %s", a->n++ ? " and " : "", number);
        else
            fprintf(a->t, "%sas a service name without a port", a->n++ ? " and " : "");
        if (proto) {
            adds(a->t, " for ");
            pr_reply_add_transports(a->t, pr_reply_tp_of(proto));
        }
    }
    return 0;
}

static void closing(struct letter *L, const struct pr_review_decision *d)
{
    const char *verdict = pr_findings_verdict(L->f, L->from, L->to);
    if (d && !strcmp(d->decision, "approve") && pr_review_decision_holds(d)) {
        char *where = NULL;
        size_t where_len = 0;
        struct assigned a = {L->req->field[PR_REQ_SERVICE_NAME],
                             open_memstream(&where, &where_len), 0};
        adds(L->para, "We have approved your request, and IANA has made the assignment.");
        if (L->s && a.name && a.t) {
            struct pr_history_filter hf;
            pr_history_filter_init(&hf);
            hf.id = d->change_id;
            pr_history_each(L->s, &hf, on_assigned, &a, NULL);
        }
        if (a.t && fclose(a.t) == 0 && a.n && where)
            fprintf(L->para, " The registry now lists \"%s\" %s%s.", a.name,
                    !strncmp(where, "port", 4) ? "on " : "", where);
        free(where);
        pr_reply_para_end(L);
        upkeep(L, 1);
        adds(L->para, " There is no need to reply to this message.");
    } else if (d && !strcmp(d->decision, "reject")) {
        int alone = name_alone_free(L);
        if (L->paragraphs)
            adds(L->para, "For the reasons above, we have declined your request.");
        else
            fprintf(L->para, "We have declined your request: %s.", d->reason);
        name_alone_offer(L, alone);
        if (!L->paragraphs)
            pr_reply_asks(L, ASK_CHANGE);
        next_step(L, alone, "review it as a new request");
    } else if (!strcmp(verdict, "reject")) {
        int alone = name_alone_free(L);
        adds(L->para, "As it stands, we cannot approve your request.");
        name_alone_offer(L, alone);
        next_step(L, alone, "review your request again");
    } else if (!strcmp(verdict, "concerns")) {
        next_step(L, 0, "then continue the review of your request");
    } else {
        approval(L);
        upkeep(L, own_registration(L) != NULL);
        adds(L->para, " There is no need to reply to this message.");
    }
    pr_reply_para_end(L);
    adds(L->out, "Kind regards,\nThe port expert reviewers\n");
    pr_reply_references(L);
}

char *pr_reply_letter(pr_store *s, const struct pr_request *req, const struct pr_findings *f,
                      size_t from, size_t to, const struct pr_review_decision *d)
{
    struct letter L = {.s = s, .req = req, .f = f, .from = from, .to = to};
    int failed;
    if (req->n_problems)
        return NULL;
    if (!(L.out = open_memstream(&L.out_buf, &L.out_len)) ||
        !(L.para = open_memstream(&L.para_buf, &L.para_len))) {
        if (L.out)
            fclose(L.out);
        free(L.out_buf);
        return NULL;
    }
    opening(&L);
    int approved = d && !strcmp(d->decision, "approve") && pr_review_decision_holds(d);
    for (size_t i = from; i < to && i < f->n && !approved; i++) {
        const struct pr_finding *x = &f->items[i];
        if (x->severity < PR_SEV_WARN)
            continue;
        pr_reply_finding(&L, x);
        pr_reply_para_end(&L);
        L.paragraphs++;
    }
    closing(&L, d);
    failed = ferror(L.para) | ferror(L.out) | L.nomem;
    failed |= fclose(L.para) != 0;
    failed |= fclose(L.out) != 0;
    free(L.para_buf);
    for (size_t i = 0; i < L.n_refs; i++)
        free(L.refs[i]);
    if (failed) {
        free(L.out_buf);
        return NULL;
    }
    return L.out_buf;
}
