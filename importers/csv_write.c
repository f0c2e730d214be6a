/* csv_write.c - the registry as IANA's service-names-port-numbers.csv.
 *
 * Columns and conventions as IANA publishes them: one row per record in
 * registry order; people and references in brackets and run together
 * ([Vera_Heinau][Heiko_Schlichting], [RFC3501][RFC9051]); descriptions and
 * notes as plain text (csv_text); a field is quoted when it
 * holds a comma, a quote or a line break, quotes doubled (RFC 4180); rows
 * end in CRLF, line breaks inside a field are LF. */
#include "importers.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

static const char csv_header[] =
    "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,"
    "Registration Date,Modification Date,Reference,Service Code,"
    "Unauthorized Use Reported,Assignment Notes\r\n";

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

/* "[a][b]" into sb (emptied first); its text, borrowed from sb. */
static const char *bracketed(struct pr_strbuf *sb, const char **ids, size_t n)
{
    pr_strbuf_setlen(sb, 0);
    for (size_t i = 0; i < n; i++) {
        pr_strbuf_addch(sb, '[');
        pr_strbuf_adds(sb, ids[i]);
        pr_strbuf_addch(sb, ']');
    }
    return pr_strbuf_str(sb);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* In place: a run of white space with a line break inside it (not at its
 * start or end) becomes one space ("in \n    accordance", "keys:<br/>\n  a"
 * -> "keys: a"); then leading and trailing white space goes.  IANA's CSV
 * does this; a plain line break stays. */
static void csv_fold(char *s)
{
    size_t len = strlen(s), o = 0, start = 0;
    for (size_t i = 0; i < len;) {
        if (!is_space(s[i])) {
            s[o++] = s[i++];
            continue;
        }
        size_t j = i;
        int inner_nl = 0;
        for (; j < len && is_space(s[j]); j++)
            if (s[j] == '\n' && j > i && j + 1 < len && is_space(s[j + 1]))
                inner_nl = 1;
        if (inner_nl) {
            s[o++] = ' ';
        } else {
            memmove(s + o, s + i, j - i);
            o += j - i;
        }
        i = j;
    }
    while (start < o && is_space(s[start]))
        start++;
    while (o > start && is_space(s[o - 1]))
        o--;
    memmove(s, s + start, o - start);
    s[o - start] = 0;
}

static const char *attr_value(const char *tag, const char *end, const char *name, size_t *len)
{
    size_t n = strlen(name);
    for (const char *p = tag; p + n + 2 < end; p++)
        if (p[-1] == ' ' && !strncmp(p, name, n) && p[n] == '=' && p[n + 1] == '"') {
            const char *v = p + n + 2, *q = memchr(v, '"', (size_t)(end - v));
            *len = q ? (size_t)(q - v) : 0;
            return v;
        }
    return NULL;
}

/* Inner XML (as the reader keeps it) as IANA's CSV shows it: tags dropped,
 * <br/> as a line break, then white space folded (csv_fold), <xref> as [RFCnnnn] or
 * [data] (its text when it has one), entities decoded, trimmed.  malloc'd;
 * NULL for NULL or out of memory. */
static char *csv_text(const char *xml)
{
    struct pr_strbuf t = PR_STRBUF_INIT;
    char *out;
    if (!xml)
        return NULL;
    pr_strbuf_add(&t, "", 0); /* "" for an empty field, not NULL */
    for (const char *p = xml; *p;) {
        if (*p != '<') {
            const char *lt = strchr(p, '<');
            size_t n = lt ? (size_t)(lt - p) : strlen(p);
            pr_strbuf_add_xml_unescaped(&t, p, n);
            p += n;
            continue;
        }
        const char *end = strchr(p, '>');
        if (!end)
            break;
        if (!strncmp(p, "<br", 3) && (p[3] == '/' || p[3] == '>' || p[3] == ' ')) {
            pr_strbuf_addch(&t, '\n');
            p = end + 1;
            continue;
        }
        if (!strncmp(p, "<xref ", 6)) {
            size_t tl = 0, dl = 0;
            const char *type = attr_value(p + 5, end, "type", &tl);
            const char *data = attr_value(p + 5, end, "data", &dl);
            const char *inner = end[-1] == '/' ? NULL : end + 1;
            const char *close = inner ? strstr(inner, "</xref>") : NULL;
            pr_strbuf_addch(&t, '[');
            if (close && close > inner) {
                pr_strbuf_add_xml_unescaped(&t, inner, (size_t)(close - inner));
            } else if (data) {
                if (type && tl == 3 && !strncmp(type, "rfc", 3) && dl > 3 &&
                    !strncmp(data, "rfc", 3)) {
                    pr_strbuf_adds(&t, "RFC");
                    data += 3;
                    dl -= 3;
                }
                pr_strbuf_add_xml_unescaped(&t, data, dl);
            }
            pr_strbuf_addch(&t, ']');
            p = close ? close + 7 : end + 1;
            continue;
        }
        p = end + 1; /* other tags (paragraph ...) vanish */
    }
    if ((out = pr_strbuf_detach(&t)))
        csv_fold(out);
    return out;
}

/* The CSV text of a mixed-content field: from its XML, else its plain text. */
static char *field_text(const char *xml, const char *plain)
{
    return xml ? csv_text(xml) : plain ? strdup(plain) : NULL;
}

static int write_row(const struct pr_record *r, void *ud)
{
    FILE *f = ud;
    /* every person, however many the record names */
    const char **ids = malloc((r->n_xrefs + 1) * sizeof *ids);
    size_t n;
    struct pr_strbuf buf = PR_STRBUF_INIT, all = PR_STRBUF_INIT;
    int rc = 0;

    if (!ids)
        return PR_ENOMEM;

    csv_field(f, r->name);
    putc(',', f);
    csv_field(f, r->number);
    putc(',', f);
    csv_field(f, r->protocol);
    putc(',', f);
    char *text = field_text(r->description_xml, r->description);
    if (r->description && !text) {
        rc = PR_ENOMEM;
        goto out;
    }
    csv_field(f, text);
    free(text);
    putc(',', f);
    n = pr_record_assignees(r, ids, r->n_xrefs + 1);
    csv_field(f, bracketed(&buf, ids, n));
    putc(',', f);
    n = pr_record_contacts(r, ids, r->n_xrefs + 1);
    csv_field(f, bracketed(&buf, ids, n));
    putc(',', f);
    csv_field(f, r->date);
    putc(',', f);
    csv_field(f, r->updated);
    putc(',', f);
    char *refs = pr_record_references(r);
    if (!refs) {
        rc = PR_ENOMEM;
        goto out;
    }
    csv_fold(refs);
    csv_field(f, refs);
    free(refs);
    putc(',', f);
    csv_field(f, r->sc);
    putc(',', f);
    text = field_text(r->unauthorized_xml, r->unauthorized);
    if (r->unauthorized && !text) {
        rc = PR_ENOMEM;
        goto out;
    }
    csv_field(f, text);
    free(text);
    putc(',', f);
    /* Several notes (IANA's file has none today): one per line. */
    for (size_t i = 0; i < r->n_notes; i++) {
        char *note = field_text(r->notes[i].xml, r->notes[i].text);
        if (!note) {
            rc = PR_ENOMEM;
            goto out;
        }
        if (i)
            pr_strbuf_addch(&all, '\n');
        pr_strbuf_adds(&all, note);
        free(note);
    }
    if (buf.oom || all.oom) {
        rc = PR_ENOMEM;
        goto out;
    }
    csv_field(f, all.buf);
    fputs("\r\n", f);
    rc = ferror(f) ? PR_EIO : 0;
out:
    pr_strbuf_release(&buf);
    pr_strbuf_release(&all);
    free(ids);
    return rc;
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
