/* csv_read.c - reader for IANA's service-names-port-numbers.csv.
 *
 * RFC 4180 fields (quoted fields, doubled quotes, line breaks inside
 * quotes), one record per data row, columns found by their header names.
 * "[Person_Id]" in the Assignee and Contact columns become person xrefs
 * (laid out as IANA's XML does: a separate <assignee> block only when the
 * assignee differs from the contact) and, at the end, one person per id;
 * the Reference column's "[RFCnnnn]", "[draft-...]", "[http...]", "[1]"
 * and free text become rfc, draft, uri, note (footnote) and text xrefs.
 * The CSV carries no XML, so records have raw = NULL and an XML writer
 * regenerates them from their fields and layout.  Errors name the file and
 * line; an unterminated quote names the line where its field started.
 */
#include "importers.h"
#include "strbuf.h"
#include "clean_text.h"
#include "input_file.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SEQ_STEP 1024
/* IANA's CSV is about 1 MB and its longest row under 2 KB (docs/security.md). */
#define CSV_MAX_BYTES (64L * 1024 * 1024)
#define CSV_MAX_ROW (1024 * 1024)

enum col {
    C_NAME, C_PORT, C_PROTO, C_DESC, C_ASSIGNEE, C_CONTACT, C_REGISTERED,
    C_MODIFIED, C_REFERENCE, C_SC, C_UNAUTH, C_NOTES, C_COUNT
};

static const char *const col_names[C_COUNT] = {
    "Service Name", "Port Number", "Transport Protocol", "Description", "Assignee",
    "Contact", "Registration Date", "Modification Date", "Reference", "Service Code",
    "Unauthorized Use Reported", "Assignment Notes",
};

/* One parsed row: fields point into a buffer owned by struct csv. */
struct csv {
    const char *path;
    const char *p, *end;
    long line;      /* line of the next byte */
    char *buf;      /* unescaped field text of the current row */
    size_t len, cap;
    size_t *starts; /* field offsets into buf */
    size_t n_fields, cap_fields;
    pr_error *err;
};

static int buf_put(struct csv *c, char ch)
{
    if (c->len >= CSV_MAX_ROW)
        return pr_error_at(c->err, PR_EPARSE, c->path, c->line, 0,
                           "row too long (over %d KiB)", CSV_MAX_ROW >> 10);
    if (c->len + 1 >= c->cap && pr_grow(&c->buf, &c->cap, c->len + 1, 1, 1024))
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    c->buf[c->len++] = ch;
    return 0;
}

static int field_start(struct csv *c)
{
    if (pr_grow(&c->starts, &c->cap_fields, c->n_fields, sizeof *c->starts, 16))
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    c->starts[c->n_fields++] = c->len;
    return 0;
}

/* Parse one row.  Returns 1 with a row, 0 at end of input, <0 on error.
 * *row_line is the line where the row starts. */
static int csv_row(struct csv *c, long *row_line)
{
    int rc;
    c->len = 0;
    c->n_fields = 0;
    if (c->p >= c->end)
        return 0;
    *row_line = c->line;
    for (;;) {
        if ((rc = field_start(c)))
            return rc;
        if (c->p < c->end && *c->p == '"') {
            long start_line = c->line;
            c->p++;
            for (;;) {
                if (c->p >= c->end)
                    return pr_error_at(c->err, PR_EPARSE, c->path, start_line, 0,
                                       "unterminated quoted field (the quote opened on "
                                       "this line is never closed)");
                char ch = *c->p++;
                if (ch == '"') {
                    if (c->p < c->end && *c->p == '"') {
                        c->p++;
                    } else {
                        break;
                    }
                } else if (ch == '\n') {
                    c->line++;
                }
                /* A CRLF inside a quoted field is a line break in the text. */
                if (ch == '\r' && c->p < c->end && *c->p == '\n')
                    continue;
                if ((rc = buf_put(c, ch)))
                    return rc;
            }
            if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
                return pr_error_at(c->err, PR_EPARSE, c->path, c->line, 0,
                                   "unexpected '%c' after a closing quote "
                                   "(quotes inside a field must be doubled)", *c->p);
        } else {
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
                if (*c->p == '"')
                    return pr_error_at(c->err, PR_EPARSE, c->path, c->line, 0,
                                       "stray quote in an unquoted field");
                if ((rc = buf_put(c, *c->p++)))
                    return rc;
            }
        }
        if ((rc = buf_put(c, 0)))
            return rc;
        if (c->p >= c->end)
            return 1;
        if (*c->p == ',') {
            c->p++;
            continue;
        }
        if (*c->p == '\r')
            c->p++;
        if (c->p < c->end && *c->p == '\n')
            c->p++;
        c->line++;
        return 1;
    }
}

static const char *fld(const struct csv *c, const int *map, enum col k)
{
    int i = map[k];
    return i >= 0 && (size_t)i < c->n_fields ? c->buf + c->starts[i] : "";
}

/* ---- people seen in Assignee/Contact ---------------------------------- */

struct idset {
    char **v;       /* the ids, in order of first use */
    size_t n, cap;
    size_t *slots;  /* open addressing: index + 1 into v, 0 = empty */
    size_t n_slots;
};

static size_t hash_id(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static int idset_add(struct idset *s, const char *id)
{
    if (2 * (s->n + 1) > s->n_slots) {
        size_t ns = s->n_slots ? s->n_slots * 2 : 1024;
        size_t *nsl = calloc(ns, sizeof *nsl);
        if (!nsl)
            return PR_ENOMEM;
        for (size_t i = 0; i < s->n; i++) {
            size_t h = hash_id(s->v[i]) & (ns - 1);
            while (nsl[h])
                h = (h + 1) & (ns - 1);
            nsl[h] = i + 1;
        }
        free(s->slots);
        s->slots = nsl;
        s->n_slots = ns;
    }
    size_t h = hash_id(id) & (s->n_slots - 1);
    for (; s->slots[h]; h = (h + 1) & (s->n_slots - 1))
        if (!strcmp(s->v[s->slots[h] - 1], id))
            return 0;
    if (pr_grow(&s->v, &s->cap, s->n, sizeof *s->v, 256))
        return PR_ENOMEM;
    if (!(s->v[s->n] = strdup(id)))
        return PR_ENOMEM;
    s->slots[h] = ++s->n;
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    int d = strcasecmp(*(char *const *)a, *(char *const *)b);
    return d ? d : strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- building a record ------------------------------------------------- */

static char *dup_nonempty(const char *s)
{
    return *s ? strdup(s) : NULL;
}

/* The bracketed items of a column; text outside brackets counts as one item
 * too.  Calls fn(item, len) for each. */
typedef int (*item_fn)(const char *item, size_t len, void *ud);

static int each_item(const char *s, item_fn fn, void *ud)
{
    int rc;
    while (*s) {
        while (*s == ' ' || *s == '\n' || *s == ',')
            s++;
        if (!*s)
            break;
        const char *e;
        if (*s == '[' && (e = strchr(s, ']'))) {
            if ((rc = fn(s + 1, (size_t)(e - s - 1), ud)))
                return rc;
            s = e + 1;
        } else {
            /* An unclosed '[' is text up to the next '[' (or the end). */
            e = strchr(s + 1, '[');
            if (!e)
                e = s + strlen(s);
            size_t n = (size_t)(e - s);
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
                n--;
            if (n && (rc = fn(s, n, ud)))
                return rc;
            s = e;
        }
    }
    return 0;
}

/* The people of an Assignee or Contact cell: IANA's have at most a few;
 * more, or a longer id, is refused rather than cut (nothing is dropped
 * silently). */
#define CSV_PEOPLE_MAX 16
#define CSV_PERSON_ID_MAX 255
struct people {
    char ids[CSV_PEOPLE_MAX][CSV_PERSON_ID_MAX + 1];
    size_t n;
    int over; /* 1: more than CSV_PEOPLE_MAX people; 2: an id too long */
};

static int add_person_item(const char *item, size_t len, void *ud)
{
    struct people *p = ud;
    if (len > CSV_PERSON_ID_MAX)
        return p->over = 2;
    if (p->n == CSV_PEOPLE_MAX)
        return p->over = 1;
    memcpy(p->ids[p->n], item, len);
    p->ids[p->n][len] = 0;
    p->n++;
    return 0;
}

static int read_people(struct csv *c, long line, const char *column, const char *cell,
                       struct people *p)
{
    if (!each_item(cell, add_person_item, p))
        return 0;
    if (p->over == 1)
        return pr_error_at(c->err, PR_EPARSE, c->path, line, 0, "%s: more than %d people",
                           column, CSV_PEOPLE_MAX);
    return pr_error_at(c->err, PR_EPARSE, c->path, line, 0, "%s: a person id over %d bytes",
                       column, CSV_PERSON_ID_MAX);
}

struct refs {
    struct pr_record *r;
    int note_pass; /* 1: footnotes only; 0: the rest */
};

static int add_ref_item(const char *item, size_t len, void *ud)
{
    struct refs *rf = ud;
    char buf[1024], data[300];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, item, len);
    buf[len] = 0;
    size_t digits = strspn(buf, "0123456789");
    int is_note = digits == len && len > 0;
    if (is_note != rf->note_pass)
        return 0;
    if (is_note)
        return pr_record_add_xref(rf->r, PR_ROLE_REF, "note", buf, NULL);
    if (!strncasecmp(buf, "RFC", 3) && isdigit((unsigned char)buf[3])) {
        size_t nd = strspn(buf + 3, "0123456789");
        snprintf(data, sizeof data, "rfc%.*s", (int)nd, buf + 3);
        /* "[RFC8765, Section 6.1]": IANA keeps the words as the xref text. */
        return pr_record_add_xref(rf->r, PR_ROLE_REF, "rfc", data,
                                  buf[3 + nd] ? buf : NULL);
    }
    if (!strncmp(buf, "draft-", 6) || !strncmp(buf, "RFC-", 4))
        return pr_record_add_xref(rf->r, PR_ROLE_REF, "draft", buf, NULL);
    if (!strncmp(buf, "http://", 7) || !strncmp(buf, "https://", 8) ||
        !strncmp(buf, "ftp://", 6) || !strncmp(buf, "mailto:", 7))
        return pr_record_add_xref(rf->r, PR_ROLE_REF, "uri", buf, NULL);
    return pr_record_add_xref(rf->r, PR_ROLE_REF, "text", NULL, buf);
}

static int same_people(const struct people *a, const struct people *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->ids[i], b->ids[i]))
            return 0;
    return 1;
}

/* "[RFC6335]" in a note's text becomes an rfc xref in its XML, as IANA
 * writes it. */
static char *note_xml(const char *text)
{
    struct pr_strbuf b = PR_STRBUF_INIT;
    const char *s = text;
    while (*s && !b.oom) {
        const char *o = strstr(s, "[RFC");
        size_t nd = o ? strspn(o + 4, "0123456789") : 0;
        const char *stop = !o ? s + strlen(s) : nd == 0 || o[4 + nd] != ']' ? o + 1 : o;
        char *chunk = strndup(s, (size_t)(stop - s));
        if (!chunk)
            b.oom = 1;
        else
            pr_strbuf_add_xml(&b, chunk, 0);
        free(chunk);
        s = stop;
        if (s == o) {
            pr_strbuf_addf(&b, "<xref type=\"rfc\" data=\"rfc%.*s\"/>", (int)nd, o + 4);
            s = o + 5 + nd;
        }
    }
    return pr_strbuf_detach(&b);
}

/* Append a layout code (registry.h); 0, or 1 once out of memory. */
static int layout_put(struct pr_strbuf *layout, char code)
{
    pr_strbuf_addch(layout, code);
    return layout->oom;
}

/* The Reference column's footnotes (note_pass 1) or other references (0)
 * as xrefs, each with its layout code. */
static int add_refs(const char *column, struct pr_record *r, struct pr_strbuf *ln, int note_pass)
{
    size_t before = r->n_xrefs;
    struct refs rf = {r, note_pass};
    int rc = each_item(column, add_ref_item, &rf);
    for (size_t i = before; i < r->n_xrefs && !rc; i++)
        rc = layout_put(ln, 'x');
    return rc;
}

/* Fill r from the current row.  Layout follows IANA's usual order: name,
 * protocol, assignee block, person xrefs, footnotes, description, number,
 * references, sc, unauthorized, notes. */
static int build_record(struct csv *c, const int *map, long line, struct pr_record *r,
                        struct idset *ids)
{
    const char *name = fld(c, map, C_NAME), *port = fld(c, map, C_PORT),
               *proto = fld(c, map, C_PROTO);
    struct people as = {0}, co = {0};
    struct pr_strbuf ln = PR_STRBUF_INIT; /* the layout */
    int rc = 0;

    r->line = line;
    if (*port && pr_parse_port_range(port, &r->port_lo, &r->port_hi))
        return pr_error_at(c->err, PR_EPARSE, c->path, line, 0,
                           "invalid port number '%s' (expected N or N-M within 0-" PR_PORT_STR(PR_PORT_MAX) ")", port);
    if (*proto && !pr_protocol_valid(proto))
        return pr_error_at(c->err, PR_EPARSE, c->path, line, 0,
                           "unknown transport protocol '%s' (expected tcp, udp, sctp or dccp)",
                           proto);
    if (!*name && !*port)
        return pr_error_at(c->err, PR_EPARSE, c->path, line, 0,
                           "row has neither a service name nor a port number");
    if ((rc = read_people(c, line, "Assignee", fld(c, map, C_ASSIGNEE), &as)) ||
        (rc = read_people(c, line, "Contact", fld(c, map, C_CONTACT), &co)))
        return rc;

    const char *desc = fld(c, map, C_DESC), *unauth = fld(c, map, C_UNAUTH),
               *notes = fld(c, map, C_NOTES), *sc = fld(c, map, C_SC);
    r->name = dup_nonempty(name);
    r->protocol = dup_nonempty(proto);
    r->number = dup_nonempty(port);
    r->description = dup_nonempty(desc);
    r->description_xml = *desc ? pr_xml_escape(desc) : NULL;
    r->unauthorized = dup_nonempty(unauth);
    r->unauthorized_xml = *unauth ? pr_xml_escape(unauth) : NULL;
    r->sc = dup_nonempty(sc);
    const char *registered = fld(c, map, C_REGISTERED), *modified = fld(c, map, C_MODIFIED);
    r->date = dup_nonempty(registered);
    r->updated = dup_nonempty(modified);
    if ((*name && !r->name) || (*proto && !r->protocol) || (*port && !r->number) ||
        (*registered && !r->date) || (*modified && !r->updated) ||
        (*desc && (!r->description || !r->description_xml)) ||
        (*unauth && (!r->unauthorized || !r->unauthorized_xml)) || (*sc && !r->sc))
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");

    if (r->name)
        rc |= layout_put(&ln, 'n');
    if (r->protocol)
        rc |= layout_put(&ln, 'p');
    /* Assignee == contact: plain person xrefs serve as both (IANA's XML). */
    int split = as.n && !same_people(&as, &co);
    if (split) {
        rc |= layout_put(&ln, 'A');
        for (size_t i = 0; i < as.n && !rc; i++)
            rc = pr_record_add_xref(r, PR_ROLE_ASSIGNEE, "person", as.ids[i], NULL);
    }
    const struct people *plain = split || !as.n ? &co : &as;
    for (size_t i = 0; i < plain->n && !rc; i++)
        rc = pr_record_add_xref(r, PR_ROLE_REF, "person", plain->ids[i], NULL) |
             layout_put(&ln, 'x');
    for (size_t i = 0; i < as.n && !rc; i++)
        rc = idset_add(ids, as.ids[i]);
    for (size_t i = 0; i < co.n && !rc; i++)
        rc = idset_add(ids, co.ids[i]);
    if (!rc)
        rc = add_refs(fld(c, map, C_REFERENCE), r, &ln, 1);
    if (r->description && !rc)
        rc = layout_put(&ln, 'd');
    if (r->number && !rc)
        rc = layout_put(&ln, '#');
    if (!rc)
        rc = add_refs(fld(c, map, C_REFERENCE), r, &ln, 0);
    if (r->sc && !rc)
        rc = layout_put(&ln, 's');
    if (r->unauthorized && !rc)
        rc = layout_put(&ln, 'u');
    if (*notes && !rc) {
        char *xml = note_xml(notes);
        rc = !xml || pr_record_add_note(r, notes, xml) || layout_put(&ln, 'N');
        free(xml);
    }
    if (!rc)
        rc = !(r->layout = pr_strbuf_detach(&ln));
    pr_strbuf_release(&ln);
    if (rc)
        return pr_error_set(c->err, PR_ENOMEM, "out of memory");
    return 0;
}

/* Map header names to columns; every IANA column but the first three is
 * optional. */
static int read_header(struct csv *c, int *map)
{
    long line = 1;
    int rc = csv_row(c, &line);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return pr_error_at(c->err, PR_EPARSE, c->path, 1, 0, "empty file");
    for (int k = 0; k < C_COUNT; k++)
        map[k] = -1;
    for (size_t i = 0; i < c->n_fields; i++) {
        const char *h = c->buf + c->starts[i];
        for (int k = 0; k < C_COUNT; k++)
            if (!strcasecmp(h, col_names[k]) && map[k] < 0)
                map[k] = (int)i;
    }
    for (int k = 0; k <= C_PROTO; k++)
        if (map[k] < 0)
            return pr_error_at(c->err, PR_EPARSE, c->path, line, 0,
                               "not IANA's CSV: the header has no '%s' column", col_names[k]);
    return 0;
}

static int read_all(const char *path, char **out, size_t *len, pr_error *err)
{
    FILE *f = NULL;
    char *b = NULL;
    size_t n = 0, cap = 0;
    int rc = pr_input_open(path, "rb", &f, err);
    if (rc)
        return rc;
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 1 << 20;
            if (cap > (size_t)CSV_MAX_BYTES) {
                rc = pr_error_at(err, PR_EPARSE, path, 0, 0,
                                 "file too large (a registry file is at most %ld MiB)",
                                 CSV_MAX_BYTES >> 20);
                goto out;
            }
            char *nb = realloc(b, cap);
            if (!nb) {
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
                goto out;
            }
            b = nb;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f))
        rc = pr_error_at(err, PR_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
    /* Plain text only: nothing read may reach a terminal as a control
     * sequence (docs/security.md).  CSV allows CR line ends. */
    unsigned cp;
    int invalid;
    size_t bad = rc ? n : pr_clean_text_bad(b, n, &cp, &invalid);
    if (bad < n) {
        long line = 1, col = 1;
        for (size_t k = 0; k < bad; k++) {
            col++;
            if (b[k] == '\n') {
                line++;
                col = 1;
            }
        }
        rc = invalid ? pr_error_at(err, PR_EPARSE, path, line, col,
                                   "invalid UTF-8 (byte 0x%02X)", cp)
                     : pr_error_at(err, PR_EPARSE, path, line, col,
                                   "%s U+%04X", PR_BAD_CHAR_KIND(cp), cp);
    }
out:
    fclose(f);
    if (rc) {
        free(b);
        return rc;
    }
    *out = b;
    *len = n;
    return 0;
}

/* The CSV has no document around its rows; these items give the registry
 * the frame of IANA's XML (declaration and root, title, <people>, the end),
 * so that an XML export of a CSV import is a well-formed registry. */
static int frame_item(struct pr_sink *sink, long long seq, const char *kind, const char *text,
                      const char *raw, pr_error *err)
{
    struct pr_docitem d = {.seq = seq, .kind = (char *)kind, .text = (char *)text,
                           .raw = (char *)raw};
    return sink->docitem ? sink->docitem(sink, &d, err) : 0;
}

#define CSV_TITLE "Service Name and Transport Protocol Port Number Registry"

int pr_csv_read(const char *path, struct pr_sink *sink, pr_error *err)
{
    struct csv c = {.path = path, .line = 1, .err = err};
    struct idset ids = {0};
    char *data = NULL;
    size_t len = 0;
    int map[C_COUNT], rc;
    long long seq = 0;

    if ((rc = read_all(path, &data, &len, err)))
        return rc;
    c.p = data;
    c.end = data + len;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        c.p += 3;
    if ((rc = read_header(&c, map)))
        goto out;
    if ((rc = frame_item(sink, 1, "prolog", NULL,
                         "<?xml version='1.0' encoding='UTF-8'?>\n"
                         "<registry xmlns=\"http://www.iana.org/assignments\" "
                         "id=\"service-names-port-numbers\">", err)) ||
        (rc = frame_item(sink, 2, "title", CSV_TITLE, "\n  <title>" CSV_TITLE "</title>", err)) ||
        (sink->meta && (rc = sink->meta(sink, "title", CSV_TITLE, err))))
        goto out;
    size_t want = c.n_fields;
    for (;;) {
        long line = 0;
        rc = csv_row(&c, &line);
        if (rc <= 0)
            break;
        if (c.n_fields == 1 && !c.buf[c.starts[0]])
            continue; /* blank line */
        if (c.n_fields != want) {
            rc = pr_error_at(err, PR_EPARSE, path, line, 0,
                             "row has %zu fields; the header has %zu", c.n_fields, want);
            break;
        }
        struct pr_record r;
        pr_record_init(&r);
        rc = build_record(&c, map, line, &r, &ids);
        r.seq = seq += SEQ_STEP;
        if (!rc && sink->record)
            rc = sink->record(sink, &r, err);
        pr_record_release(&r);
        if (rc)
            break;
    }
    if (rc < 0)
        goto out;
    rc = 0;
    if ((rc = frame_item(sink, seq += SEQ_STEP, "people", NULL, "\n\n  <people>", err)))
        goto out;
    /* People after the records, in IANA's order (by id, ignoring case). */
    if (ids.n)
        qsort(ids.v, ids.n, sizeof *ids.v, cmp_id);
    for (size_t i = 0; i < ids.n && !rc; i++) {
        struct pr_person p;
        pr_person_init(&p);
        p.id = ids.v[i];
        p.seq = seq += SEQ_STEP;
        if (sink->person)
            rc = sink->person(sink, &p, err);
    }
    if (!rc)
        rc = frame_item(sink, seq += SEQ_STEP, "tail", NULL, "\n  </people>\n</registry>\n", err);
out:
    for (size_t i = 0; i < ids.n; i++)
        free(ids.v[i]);
    free(ids.v);
    free(ids.slots);
    free(c.buf);
    free(c.starts);
    free(data);
    return rc;
}
