/* port_system.c - port-system: a System Port (0-1023) is assigned only by
 * IETF Review or IESG Approval (RFC 6335 §6, §8.1.2).  The IETF path shows
 * as an RFC number in the Reference or Justification (every spelling IANA
 * and applicants use: "RFC 7858", "RFC7858", "rfc-7858", "[RFC7858]"), an
 * IETF document not yet published ("draft-ietf-...", and IANA's
 * "RFC-ietf-..." for one approved and waiting at the RFC Editor), or the
 * IESG (or the IETF) as Assignee.  On that path: no reject, an info
 * finding - that the approval must be on record before the assignment
 * when the document is still a draft.  The words "IETF Review" or "IESG
 * Approval" alone are a claim to confirm (warn); nothing at all is a
 * reject. */
#include "rules_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "0-1023", from port_range.h */
#define SYSTEM_SPAN "0-" PR_PORT_STR(PR_PORT_SYSTEM_MAX)

/* The first RFC number t names (0 when none). */
static long rfc_number(const char *t)
{
    for (const char *p = t ? t : ""; *p; p++) {
        if (strncasecmp(p, "rfc", 3) || (p != t && isalnum((unsigned char)p[-1])))
            continue;
        const char *q = p + 3;
        while (*q == ' ' || *q == '-' || *q == '#' || *q == '_')
            q++;
        if (isdigit((unsigned char)*q))
            return strtol(q, NULL, 10);
    }
    return 0;
}

/* The first IETF document t names that is not an RFC yet ("draft-ietf-x",
 * "RFC-ietf-x"), copied into buf; 0 when none. */
static int ietf_draft(const char *t, char *buf, size_t len)
{
    for (const char *p = t ? t : ""; *p; p++) {
        if ((p != t && (isalnum((unsigned char)p[-1]) || p[-1] == '-')) ||
            (strncasecmp(p, "draft-ietf-", 11) && strncasecmp(p, "rfc-ietf-", 9)))
            continue;
        size_t n = 0;
        while (p[n] && (isalnum((unsigned char)p[n]) || p[n] == '-' || p[n] == '.'))
            n++;
        snprintf(buf, len, "%.*s", (int)n, p);
        return 1;
    }
    return 0;
}

static int says(const char *t, const char *phrase)
{
    size_t n = strlen(phrase);
    for (const char *p = t ? t : ""; *p; p++)
        if (!strncasecmp(p, phrase, n))
            return 1;
    return 0;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    int system = req->port_kind == PR_PORT_SYSTEM;
    for (size_t i = 0; i < req->n_ports; i++)
        system |= req->ports[i].lo <= PR_PORT_SYSTEM_MAX;
    if (!system)
        return 0;
    const char *ref = req->field[PR_REQ_REFERENCE], *just = req->field[PR_REQ_JUSTIFICATION];
    const char *assignee = req->field[PR_REQ_ASSIGNEE];
    long rfc = rfc_number(ref) ? rfc_number(ref) : rfc_number(just);
    char draft[128] = "";
    int pending = ietf_draft(ref, draft, sizeof draft) || ietf_draft(just, draft, sizeof draft);
    int iesg = pr_text_has_word(assignee, "IESG", 0) || pr_text_has_word(assignee, "IETF", 0);
    int claimed = says(ref, "ietf review") || says(ref, "iesg approval") ||
                  says(just, "ietf review") || says(just, "iesg approval");
    char why[256];
    if (rfc)
        snprintf(why, sizeof why, "RFC %ld%s", rfc, iesg ? ", Assignee IESG" : "");
    else if (pending)
        snprintf(why, sizeof why, "%s%s", draft, iesg ? ", Assignee IESG" : "");
    else
        snprintf(why, sizeof why, "Assignee IESG");
    if (rfc)
        return pr_rule_emit(c, PR_SEV_INFO, pr_request_name(req), NULL, NULL, 0,
                            "check that the document is the one that asks for this port",
                            "a System Port (" SYSTEM_SPAN ") on the IETF path (%s): IETF "
                            "Review or IESG Approval, as RFC 6335 §8.1.2 requires", why);
    if (iesg && !pending)
        return pr_rule_emit(c, PR_SEV_INFO, pr_request_name(req), NULL, NULL, 0,
                            "assign once the IESG's approval is on record (an RFC, or the "
                            "approved document)",
                            "a System Port (" SYSTEM_SPAN ") for the IESG (%s), with no IETF "
                            "document named: the approval must be on record before the "
                            "assignment",
                            why);
    if (pending)
        return pr_rule_emit(c, PR_SEV_INFO, pr_request_name(req), NULL, NULL, 0,
                            "assign once the IETF Review or IESG Approval is on record (the "
                            "document approved, IANA's \"RFC-ietf-...\" stage)",
                            "a System Port (" SYSTEM_SPAN ") for an IETF document that is not "
                            "an RFC yet (%s): the approval must be on record before the "
                            "assignment",
                            why);
    if (claimed)
        return pr_rule_emit(c, PR_SEV_WARN, pr_request_name(req), NULL, NULL, 0,
                            "confirm the IETF Review or IESG Approval before assigning; "
                            "otherwise offer a user port",
                            "a System Port (" SYSTEM_SPAN ") is asked; the request claims IETF "
                            "Review or IESG Approval but names no IETF document");
    return pr_rule_emit(c, PR_SEV_REJECT, pr_request_name(req), NULL, NULL, 0,
                        "ask for a user port ('Port: any'), or come back with an IETF Review "
                        "or IESG Approval document",
                        "a System Port (" SYSTEM_SPAN ") is asked without an IETF Review or "
                        "IESG Approval reference");
}

const struct pr_rule pr_rule_port_system = {
    .id = "port-system",
    .rfc = "RFC 6335 §6, §8.1.2",
    .summary = "a System Port is asked (IETF Review or IESG Approval only)",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
