/* edit_record.c - shaping the records an edit writes: fields, notes and
 * references set with their XML, xrefs filtered, IANA's layout regenerated,
 * and the checks of names and transports every procedure makes.  Nothing
 * here touches the store. */
#include "edit_int.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small helpers --------------------------------------------------------- */

int pr_edit_nomem(pr_error *err)
{
    return pr_error_set(err, PR_ENOMEM, "out of memory");
}

/* Replace *slot by a copy of v (NULL allowed).  0 or PR_ENOMEM. */
int pr_edit_set_str(char **slot, const char *v)
{
    char *n = v ? strdup(v) : NULL;
    if (v && !n)
        return PR_ENOMEM;
    free(*slot);
    *slot = n;
    return 0;
}

/* Set a plain-text element and its inner XML together; "" or NULL clears. */
int pr_edit_set_text(char **text, char **xml, const char *v)
{
    if (!v || !*v) {
        pr_edit_set_str(text, NULL);
        pr_edit_set_str(xml, NULL);
        return 0;
    }
    char *x = pr_xml_escape(v);
    if (!x || pr_edit_set_str(text, v)) {
        free(x);
        return PR_ENOMEM;
    }
    free(*xml);
    *xml = x;
    return 0;
}

int pr_edit_add_note(struct pr_record *r, const char *text)
{
    char *x = pr_xml_escape(text);
    int rc = x ? pr_record_add_note(r, text, x) : PR_ENOMEM;
    free(x);
    return rc;
}

void pr_edit_clear_notes(struct pr_record *r)
{
    for (size_t i = 0; i < r->n_notes; i++) {
        free(r->notes[i].text);
        free(r->notes[i].xml);
    }
    r->n_notes = 0;
}

/* Drop the xrefs for which keep() is false. */
void pr_edit_filter_xrefs(struct pr_record *r, int (*keep)(const struct pr_xref *))
{
    size_t j = 0;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        if (keep(&r->xrefs[i])) {
            r->xrefs[j++] = r->xrefs[i];
        } else {
            free(r->xrefs[i].type);
            free(r->xrefs[i].data);
            free(r->xrefs[i].text);
        }
    }
    r->n_xrefs = j;
}

int pr_edit_is_person(const struct pr_xref *x) { return !strcmp(x->type, "person"); }
int pr_edit_keep_none(const struct pr_xref *x) { (void)x; return 0; }
int pr_edit_keep_people(const struct pr_xref *x) { return pr_edit_is_person(x); }
int pr_edit_keep_not_contact(const struct pr_xref *x)
{
    return x->role == PR_ROLE_ASSIGNEE || (x->role == PR_ROLE_REF && !pr_edit_is_person(x));
}

static void format_number(char *buf, size_t len, int lo, int hi)
{
    if (lo == hi)
        snprintf(buf, len, "%d", lo);
    else
        snprintf(buf, len, "%d-%d", lo, hi);
}

int pr_edit_set_port(struct pr_record *r, int lo, int hi)
{
    char buf[32];
    format_number(buf, sizeof buf, lo, hi);
    r->port_lo = lo;
    r->port_hi = hi;
    return pr_edit_set_str(&r->number, buf);
}

/* ---- IANA's layout ----------------------------------------------------------- */

static int xref_rank(const struct pr_xref *x)
{
    if (x->role == PR_ROLE_ASSIGNEE)
        return 0;
    if (x->role == PR_ROLE_CONTACT)
        return 1;
    return pr_edit_is_person(x) ? 2 : 3;
}

/* Regenerate r->layout in the order IANA writes records today:
 * name, protocol, <assignee>, <contact>, contact xrefs, description, other
 * xrefs, unauthorized, number, sc, notes.  Reorders xrefs to match. */
int pr_edit_canon_layout(struct pr_record *r)
{
    /* stable insertion sort by rank: few xrefs */
    for (size_t i = 1; i < r->n_xrefs; i++) {
        struct pr_xref t = r->xrefs[i];
        size_t j = i;
        while (j > 0 && xref_rank(&r->xrefs[j - 1]) > xref_rank(&t)) {
            r->xrefs[j] = r->xrefs[j - 1];
            j--;
        }
        r->xrefs[j] = t;
    }
    size_t cnt[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < r->n_xrefs; i++)
        cnt[xref_rank(&r->xrefs[i])]++;
    char *l = malloc(16 + cnt[2] + cnt[3] + r->n_notes), *o = l;
    if (!l)
        return PR_ENOMEM;
    if (r->name) *o++ = 'n';
    if (r->protocol) *o++ = 'p';
    if (cnt[0]) *o++ = 'A';
    if (cnt[1]) *o++ = 'C';
    for (size_t i = 0; i < cnt[2]; i++) *o++ = 'x';
    if (r->description) *o++ = 'd';
    for (size_t i = 0; i < cnt[3]; i++) *o++ = 'x';
    if (r->unauthorized) *o++ = 'u';
    if (r->number) *o++ = '#';
    if (r->sc) *o++ = 's';
    for (size_t i = 0; i < r->n_notes; i++) *o++ = 'N';
    *o = 0;
    free(r->layout);
    r->layout = l;
    free(r->raw);
    r->raw = NULL;
    return 0;
}

int pr_edit_proto_rank(const char *p)
{
    if (!p) return 0;
    if (!strcmp(p, "tcp")) return 1;
    if (!strcmp(p, "udp")) return 2;
    if (!strcmp(p, "sctp")) return 3;
    return 4;
}

/* ---- checks ------------------------------------------------------------------- */

/* RFC 6335 §5.1: 1-15 characters, letters, digits and hyphens, at least one
 * letter, no hyphen at either end, no two hyphens in a row. */
int pr_edit_check_name(const char *n, pr_error *err)
{
    size_t len = n ? strlen(n) : 0;
    int letter = 0;
    if (!len)
        return pr_error_field(err, PR_EINVAL, "name", "a service name is required");
    if (len > 15)
        return pr_error_field(err, PR_EINVAL, "name",
                            "service name '%s' is longer than 15 characters (RFC 6335 §5.1)", n);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)n[i];
        letter |= isalpha(c) != 0;
        if (!isalnum(c) && c != '-')
            return pr_error_field(err, PR_EINVAL, "name",
                                "service name '%s' may hold only letters, digits and hyphens "
                                "(RFC 6335 §5.1)", n);
        if (c == '-' && (i == 0 || i == len - 1 || n[i + 1] == '-'))
            return pr_error_field(err, PR_EINVAL, "name",
                                "service name '%s' may not begin or end with a hyphen or hold "
                                "two in a row (RFC 6335 §5.1)", n);
    }
    if (!letter)
        return pr_error_field(err, PR_EINVAL, "name",
                            "service name '%s' needs at least one letter (RFC 6335 §5.1)", n);
    return 0;
}

int pr_edit_check_protocol(const char *p, pr_error *err)
{
    if (!pr_protocol_valid(p))
        return pr_error_field(err, PR_EINVAL, "protocol",
                              "unknown protocol '%s' (expected tcp, udp, sctp or dccp)", p ? p : "");
    return 0;
}

/* "tcp,udp" -> protos[] (deduplicated, in tcp/udp/sctp/dccp order). */
int pr_edit_parse_protocols(const char *list, const char **protos, size_t *n, pr_error *err)
{
    static const char *const all[] = {"tcp", "udp", "sctp", "dccp"};
    int want[4] = {0, 0, 0, 0};
    char buf[64];
    *n = 0;
    if (!list || !*list)
        return pr_error_field(err, PR_EINVAL, "protocol", "a transport protocol is required");
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ", ");
        if (len) {
            snprintf(buf, sizeof buf, "%.*s", (int)len, p);
            if (pr_edit_check_protocol(buf, err))
                return PR_EINVAL;
            want[pr_edit_proto_rank(buf) - 1] = 1;
        }
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    for (int i = 0; i < 4; i++)
        if (want[i])
            protos[(*n)++] = all[i];
    if (!*n)
        return pr_error_field(err, PR_EINVAL, "protocol", "a transport protocol is required");
    return 0;
}

/* ---- references ------------------------------------------------------------------ */

/* "RFC1234" -> rfc rfc1234; "draft-..." -> draft; "http..." -> uri; else text. */
static int add_reference(struct pr_record *r, const char *ref)
{
    char buf[512];
    if (!strncasecmp(ref, "rfc", 3) && ref[3] && strspn(ref + 3, "0123456789 ") == strlen(ref + 3)) {
        size_t o = 0;
        o += (size_t)snprintf(buf, sizeof buf, "rfc");
        for (const char *p = ref + 3; *p && o + 1 < sizeof buf; p++)
            if (isdigit((unsigned char)*p))
                buf[o++] = *p;
        buf[o] = 0;
        return pr_record_add_xref(r, PR_ROLE_REF, "rfc", buf, NULL);
    }
    if (!strncmp(ref, "draft-", 6))
        return pr_record_add_xref(r, PR_ROLE_REF, "draft", ref, NULL);
    if (!strncmp(ref, "http://", 7) || !strncmp(ref, "https://", 8))
        return pr_record_add_xref(r, PR_ROLE_REF, "uri", ref, NULL);
    return pr_record_add_xref(r, PR_ROLE_REF, "text", NULL, ref);
}

int pr_edit_add_references(struct pr_record *r, const char *list)
{
    char buf[512];
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        snprintf(buf, sizeof buf, "%.*s", (int)len, p);
        char *b = buf, *e = buf + strlen(buf);
        while (isspace((unsigned char)*b)) b++;
        while (e > b && isspace((unsigned char)e[-1])) *--e = 0;
        if (*b && add_reference(r, b))
            return PR_ENOMEM;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* Reserved for assignee on proto at port (§8.1). */
int pr_edit_build_reserved(struct pr_record *r, const char *proto, int port, const char *assignee)
{
    pr_record_init(r);
    if (pr_edit_set_str(&r->protocol, proto) || pr_edit_set_port(r, port, port) ||
        pr_edit_set_text(&r->description, &r->description_xml, "Reserved") ||
        (assignee && pr_record_add_xref(r, PR_ROLE_REF, "person", assignee, NULL)) ||
        pr_edit_canon_layout(r)) {
        pr_record_release(r); /* what was built before the failure */
        pr_record_init(r);
        return PR_ENOMEM;
    }
    return 0;
}

/* NULL and "" alike: IANA's records leave empty elements out. */
int pr_edit_same_str(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

