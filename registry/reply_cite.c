/* reply_cite.c - a reply letter's citations (reply_int.h): "RFC 6335,
 * Section 8.1" in the paragraph, each URL kept for the references after
 * the signature, sorted by RFC and section. */
#include "reply_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- citations ------------------------------------------------------------------- */

/* An rfc-editor.org URL's RFC number and section ("" for the whole RFC). */
static long url_rfc(const char *url, const char **section)
{
    const char *p = strstr(url, "/rfc/rfc"), *sec = strstr(url, "#section-");
    *section = sec ? sec + 9 : "";
    return p ? strtol(p + 8, NULL, 10) : 0;
}

static void ref_add(struct letter *L, const char *url)
{
    for (size_t i = 0; i < L->n_refs; i++)
        if (!strcmp(L->refs[i], url))
            return;
    if (L->n_refs == MAX_REFS)
        return;
    if (!(L->refs[L->n_refs] = strdup(url)))
        L->nomem = 1;
    else
        L->n_refs++;
}

/* "RFC 6335, Sections 7.2 and 9; RFC 7605, Section 7.4" for URLs (sections
 * of one RFC together), each kept for the references. */
static void cite_urls(struct letter *L, char *const *urls, size_t n)
{
    long last = -1;
    size_t in_group = 0;
    for (size_t i = 0; i < n; i++) {
        const char *sec;
        long rfc = url_rfc(urls[i], &sec);
        size_t rest = 0; /* sections left in this RFC's group, for "and" */
        for (size_t k = i + 1; k < n; k++) {
            const char *s2;
            if (url_rfc(urls[k], &s2) != rfc)
                break;
            rest++;
        }
        if (rfc != last) {
            if (last >= 0)
                adds(L->para, "; ");
            fprintf(L->para, "RFC" NBSP "%ld", rfc);
            if (*sec)
                fprintf(L->para, ", Section%s%s", rest ? "s" : "", rest ? " " : NBSP);
            in_group = 0;
            last = rfc;
        }
        if (*sec)
            fprintf(L->para, "%s%s", in_group == 0 ? "" : rest ? ", " : " and ", sec);
        ref_add(L, urls[i]);
        in_group++;
    }
}

struct url_list {
    char *urls[16];
    size_t n;
    int nomem;
};

static void on_url(const char *url, void *ud)
{
    struct url_list *u = ud;
    if (u->n < sizeof u->urls / sizeof *u->urls && !(u->urls[u->n++] = strdup(url)))
        u->n--, u->nomem = 1;
}

/* reference as RFC 6335 and its rules write it ("RFC 6335 §8.1, §8.5;
 * RFC 6763"), in words. */
void pr_reply_cite(struct letter *L, const char *reference)
{
    struct url_list u = {.n = 0};
    pr_reference_links(reference, on_url, &u);
    L->nomem |= u.nomem;
    cite_urls(L, u.urls, u.n);
    for (size_t i = 0; i < u.n; i++)
        free(u.urls[i]);
}

/* " (RFC 6335, Section 8.1)" */
void pr_reply_cite_paren(struct letter *L, const char *reference)
{
    adds(L->para, " (");
    pr_reply_cite(L, reference);
    adds(L->para, ")");
}

/* The sections a finding cites, " (...)", or nothing. */
void pr_reply_cite_finding(struct letter *L, const struct pr_finding *x)
{
    if (!x->n_links)
        return;
    adds(L->para, " (");
    cite_urls(L, x->links, x->n_links);
    adds(L->para, ")");
}

int pr_reply_cites(const struct pr_finding *x, const char *what)
{
    for (size_t i = 0; i < x->n_links; i++)
        if (strstr(x->links[i], what))
            return 1;
    return 0;
}

/* "8.1.2" before "8.10", "9" after "8.6". */
static int section_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        a += *a == '.';
        b += *b == '.';
        if (!*a || !*b)
            return (*a != 0) - (*b != 0);
    }
    return 0;
}

static int ref_cmp(const void *pa, const void *pb)
{
    const char *a = *(char *const *)pa, *b = *(char *const *)pb, *sa, *sb;
    long ra = url_rfc(a, &sa), rb = url_rfc(b, &sb);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return section_cmp(sa, sb);
}

/* Titles of the RFCs cited whole (a section needs none). */
static const char *rfc_title(long rfc)
{
    static const struct { long rfc; const char *title; } titles[] = {
        {4291, "IP Version 6 Addressing Architecture"},
        {5595, "The Datagram Congestion Control Protocol (DCCP) Service Codes"},
        {6698, "The DNS-Based Authentication of Named Entities (DANE) Transport Layer "
               "Security (TLS) Protocol: TLSA"},
        {6762, "Multicast DNS"},
        {6763, "DNS-Based Service Discovery"},
        {7301, "Transport Layer Security (TLS) Application-Layer Protocol Negotiation "
               "Extension"},
        {7672, "SMTP Security via Opportunistic DNS-Based Authentication of Named Entities "
               "(DANE) Transport Layer Security (TLS)"},
        {8085, "UDP Usage Guidelines"},
        {8314, "Cleartext Considered Obsolete: Use of Transport Layer Security (TLS) for "
               "Email Submission and Access"},
        {8461, "SMTP MTA Strict Transport Security (MTA-STS)"},
        {8766, "Discovery Proxy for Multicast DNS-Based Service Discovery"},
    };
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        if (titles[i].rfc == rfc)
            return titles[i].title;
    return NULL;
}

/* After the signature: each RFC section cited, in order, with its URL on a
 * line of its own. */
void pr_reply_references(struct letter *L)
{
    if (!L->n_refs)
        return;
    qsort(L->refs, L->n_refs, sizeof *L->refs, ref_cmp);
    adds(L->out, "\nReferences:\n");
    for (size_t i = 0; i < L->n_refs; i++) {
        const char *sec, *title;
        char item[400];
        long rfc = url_rfc(L->refs[i], &sec);
        if (*sec)
            snprintf(item, sizeof item, "RFC %ld, Section %s", rfc, sec);
        else if ((title = rfc_title(rfc)))
            snprintf(item, sizeof item, "RFC %ld, %s", rfc, title);
        else
            snprintf(item, sizeof item, "RFC %ld", rfc);
        pr_reply_wrap(L->out, item, strlen(item), "- ", "  ");
        fprintf(L->out, "  %s\n", L->refs[i]);
    }
}
