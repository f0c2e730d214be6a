/* csv_write.c - the registry as IANA's service-names-port-numbers.csv.
 *
 * Columns and conventions as IANA publishes them: one row per record in
 * registry order; people and references in brackets and run together
 * ([Vera_Heinau][Heiko_Schlichting], [RFC3501][RFC9051]); descriptions and
 * notes as plain text with their line breaks; a field is quoted when it
 * holds a comma, a quote or a line break, quotes doubled (RFC 4180); lines
 * end in LF. */
#include "importers.h"

#include <stdlib.h>
#include <string.h>

static const char csv_header[] =
    "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,"
    "Registration Date,Modification Date,Reference,Service Code,"
    "Unauthorized Use Reported,Assignment Notes\n";

static void csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

/* "[a][b]" into buf (truncated at len, which is plenty for real rows). */
static const char *bracketed(char *buf, size_t len, const char **ids, size_t n)
{
    size_t o = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n && o + 1 < len; i++)
        o += (size_t)snprintf(buf + o, len - o, "[%s]", ids[i]);
    return buf;
}

/* A top-level reference as IANA's CSV writes it: rfcNNNN -> [RFCNNNN],
 * anything else -> [data] (or [text] when it has no data). */
static size_t reference(char *buf, size_t len, const struct pr_xref *x)
{
    const char *v = x->data ? x->data : x->text ? x->text : "";
    if (!strcmp(x->type, "rfc") && !strncmp(v, "rfc", 3))
        return (size_t)snprintf(buf, len, "[RFC%s]", v + 3);
    return (size_t)snprintf(buf, len, "[%s]", v);
}

static int write_row(const struct pr_record *r, void *ud)
{
    FILE *f = ud;
    const char *ids[32];
    char buf[4096];
    size_t n, o = 0;

    csv_field(f, r->name);
    putc(',', f);
    csv_field(f, r->number);
    putc(',', f);
    csv_field(f, r->protocol);
    putc(',', f);
    csv_field(f, r->description);
    putc(',', f);
    n = pr_record_assignees(r, ids, 32);
    csv_field(f, bracketed(buf, sizeof buf, ids, n));
    putc(',', f);
    n = pr_record_contacts(r, ids, 32);
    csv_field(f, bracketed(buf, sizeof buf, ids, n));
    putc(',', f);
    csv_field(f, r->date);
    putc(',', f);
    csv_field(f, r->updated);
    putc(',', f);
    buf[0] = 0;
    for (size_t i = 0; i < r->n_xrefs && o + 1 < sizeof buf; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if (x->role == PR_ROLE_REF && strcmp(x->type, "person"))
            o += reference(buf + o, sizeof buf - o, x);
    }
    csv_field(f, buf);
    putc(',', f);
    csv_field(f, r->sc);
    putc(',', f);
    csv_field(f, r->unauthorized);
    putc(',', f);
    if (r->n_notes == 1) {
        csv_field(f, r->notes[0].text);
    } else if (r->n_notes > 1) {
        /* Several notes (IANA's file has none today): one per line. */
        size_t len = 1;
        for (size_t i = 0; i < r->n_notes; i++)
            len += strlen(r->notes[i].text) + 1;
        char *all = malloc(len);
        if (!all)
            return PR_ENOMEM;
        all[0] = 0;
        for (size_t i = 0; i < r->n_notes; i++) {
            if (i)
                strcat(all, "\n");
            strcat(all, r->notes[i].text);
        }
        csv_field(f, all);
        free(all);
    }
    putc('\n', f);
    return ferror(f) ? PR_EIO : 0;
}

int pr_csv_write(pr_store *s, FILE *f, pr_error *err)
{
    fputs(csv_header, f);
    int rc = pr_store_each_record(s, write_row, f, err);
    if (rc == PR_EIO || ferror(f))
        return pr_error_set(err, PR_EIO, "cannot write: write error");
    if (rc == PR_ENOMEM)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return rc;
}
