/* json.c - JSON writers shared by search, show, export and the rules engine
 * output.  Strings come out as valid JSON whatever they hold: control
 * characters (C0, DEL, C1) escaped, malformed UTF-8 as U+FFFD. */
#include "clean_text.h"
#include "registry.h"

#include <stdlib.h>
#include <string.h>

/* The characters of s[0, n) as in a JSON string literal, without quotes. */
static void json_chars(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        /* Printable ASCII but the quote and backslash: a run at a time. */
        size_t j = i;
        while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '"' && p[j] != '\\')
            j++;
        if (j > i) {
            fwrite(p + i, 1, j - i, f);
            i = j;
            continue;
        }
        unsigned cp;
        size_t k = pr_utf8_decode(p + i, n - i, &cp);
        switch (k ? cp : 0xfffd) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            /* Controls (C1 and DEL too: a terminal showing the JSON must
             * not obey them) escaped; each byte of malformed UTF-8 is
             * U+FFFD, as JSON text must be UTF-8. */
            if (!k)
                fputs("\\ufffd", f);
            else if (PR_IS_CONTROL(cp))
                fprintf(f, "\\u%04x", cp);
            else if (k == 1)
                putc((int)cp, f);
            else
                fwrite(p + i, 1, k, f);
        }
        i += k ? k : 1;
    }
}

void pr_json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    pr_json_string_n(f, s, strlen(s));
}

void pr_json_string_n(FILE *f, const char *s, size_t n)
{
    putc('"', f);
    json_chars(f, s, n);
    putc('"', f);
}

/* "rfc6335" -> "RFC6335"; other references as written. */
static void json_reference(FILE *f, const struct pr_xref *x)
{
    const char *v = x->data ? x->data : x->text;
    if (x->type && !strcmp(x->type, "rfc") && v && !strncmp(v, "rfc", 3)) {
        char buf[64];
        snprintf(buf, sizeof buf, "RFC%s", v + 3);
        pr_json_string(f, buf);
    } else {
        pr_json_string(f, v ? v : "");
    }
}

static void json_people(FILE *f, const char **ids, size_t n)
{
    if (n == 0) {
        fputs("null", f);
        return;
    }
    if (n == 1) {
        pr_json_string(f, ids[0]);
        return;
    }
    /* Several people: one string, as IANA's CSV lists them (written as it
     * goes: nothing to allocate, nothing to lose) */
    putc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", f);
        json_chars(f, ids[i], strlen(ids[i]));
    }
    putc('"', f);
}

void pr_json_record(FILE *f, const struct pr_record *r)
{
    pr_json_record_extra(f, r, NULL);
}

void pr_json_record_extra(FILE *f, const struct pr_record *r, const char *extra)
{
    /* every person, however many the record names (16 on the stack) */
    const char *few[16], **ids = r->n_xrefs > 16 ? malloc(r->n_xrefs * sizeof *ids) : NULL;
    size_t max = ids ? r->n_xrefs : 16;
    if (!ids)
        ids = few;
    size_t n;
    fputs("{\"name\":", f);
    pr_json_string(f, r->name);
    fputs(",\"protocol\":", f);
    pr_json_string(f, r->protocol);
    fputs(",\"port\":", f);
    pr_json_string(f, r->number);
    fputs(",\"description\":", f);
    pr_json_string(f, r->description);
    fputs(",\"assignee\":", f);
    n = pr_record_assignees(r, ids, max);
    json_people(f, ids, n);
    fputs(",\"contact\":", f);
    n = pr_record_contacts(r, ids, max);
    json_people(f, ids, n);
    if (ids != few)
        free(ids);
    fputs(",\"registered\":", f);
    pr_json_string(f, r->date);
    fputs(",\"updated\":", f);
    pr_json_string(f, r->updated);
    fputs(",\"references\":[", f);
    int first = 1;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if (!x->type || !strcmp(x->type, "person") || !strcmp(x->type, "note"))
            continue;
        if (!first)
            putc(',', f);
        first = 0;
        json_reference(f, x);
    }
    fputs("],\"notes\":[", f);
    for (size_t i = 0; i < r->n_notes; i++) {
        if (i)
            putc(',', f);
        pr_json_string(f, r->notes[i].text);
    }
    fputs("],\"unauthorized\":", f);
    pr_json_string(f, r->unauthorized);
    fputs(",\"service_code\":", f);
    pr_json_string(f, r->sc);
    fputs(",\"state\":", f);
    pr_json_string(f, pr_state_name(pr_record_state(r)));
    fputs(",\"range\":", f);
    pr_json_string(f, r->port_lo >= 0 ? pr_range_name(pr_port_range(r->port_lo)) : NULL);
    if (extra)
        fputs(extra, f);
    putc('}', f);
}
