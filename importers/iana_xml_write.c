/* iana_xml_write.c - writer for IANA's service-names-port-numbers.xml.
 *
 * The document is the store's items in seq order (registry/document.h):
 * an item imported and not changed since is written as its source bytes,
 * so an unmodified registry exports byte for byte.  An edited or new record
 * or person (raw NULL) is regenerated from its fields in IANA's layout:
 * "\n  " before <record>, children indented by four spaces in the order its
 * layout string gives, empty elements as <name/>.  The header <updated>
 * takes the meta key "updated" when an edit moved it on; people referenced
 * by no record are left out unless IANA's file already carried them so.
 */
#include "document.h"
#include "importers.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* <tag>escaped text</tag>, or <tag/> when the text is empty. */
static void add_elem(struct pr_strbuf *b, const char *indent, const char *tag, const char *text,
                     int is_xml)
{
    pr_strbuf_adds(b, indent);
    pr_strbuf_addch(b, '<');
    pr_strbuf_adds(b, tag);
    if (!text || !*text) {
        pr_strbuf_adds(b, "/>");
        return;
    }
    pr_strbuf_addch(b, '>');
    if (is_xml)
        pr_strbuf_adds(b, text);
    else
        pr_strbuf_add_xml(b, text, 0);
    pr_strbuf_adds(b, "</");
    pr_strbuf_adds(b, tag);
    pr_strbuf_addch(b, '>');
}

/* name="escaped value" after a blank. */
static void add_attr(struct pr_strbuf *b, const char *name, const char *value)
{
    pr_strbuf_addch(b, ' ');
    pr_strbuf_adds(b, name);
    pr_strbuf_adds(b, "=\"");
    pr_strbuf_add_xml(b, value, 1);
    pr_strbuf_addch(b, '"');
}

static void add_xref(struct pr_strbuf *b, const char *indent, const struct pr_xref *x)
{
    pr_strbuf_adds(b, indent);
    pr_strbuf_adds(b, "<xref");
    add_attr(b, "type", x->type ? x->type : "");
    if (x->data)
        add_attr(b, "data", x->data);
    if (!x->text || !*x->text) {
        pr_strbuf_adds(b, "/>");
        return;
    }
    pr_strbuf_addch(b, '>');
    pr_strbuf_add_xml(b, x->text, 0);
    pr_strbuf_adds(b, "</xref>");
}

/* <assignee> or <contact>: every xref of that role (nothing when none). */
static void add_block(struct pr_strbuf *b, const struct pr_record *r, int role, const char *tag)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_xrefs; i++)
        n += r->xrefs[i].role == role;
    if (!n)
        return;
    pr_strbuf_adds(b, "\n    <");
    pr_strbuf_adds(b, tag);
    pr_strbuf_addch(b, '>');
    for (size_t i = 0; i < r->n_xrefs; i++)
        if (r->xrefs[i].role == role)
            add_xref(b, "\n      ", &r->xrefs[i]);
    pr_strbuf_adds(b, "\n    </");
    pr_strbuf_adds(b, tag);
    pr_strbuf_addch(b, '>');
}

/* The layout a record without one gets, as IANA writes records today:
 * with an assignee (every record since RFC 6335) name, protocol, assignee,
 * contact, description, notes, number, sc, unauthorized, then the xrefs
 * (contact person, references) - "npAdN#x"; without one the older order
 * name, protocol, xrefs, description, number, sc, unauthorized, notes. */
static const char *default_layout(const struct pr_record *r, char *buf, size_t len)
{
    size_t n = 0, refs = 0;
    int has_assignee = 0, has_contact = 0;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        has_assignee |= r->xrefs[i].role == PR_ROLE_ASSIGNEE;
        has_contact |= r->xrefs[i].role == PR_ROLE_CONTACT;
        refs += r->xrefs[i].role == PR_ROLE_REF;
    }
#define PUT(c) do { if (n + 1 < len) buf[n++] = (c); } while (0)
    if (r->name) PUT('n');
    if (r->protocol) PUT('p');
    if (has_assignee) PUT('A');
    if (has_contact) PUT('C');
    for (size_t i = 0; !has_assignee && i < refs; i++)
        PUT('x');
    if (r->description) PUT('d');
    for (size_t i = 0; has_assignee && i < r->n_notes; i++)
        PUT('N');
    if (r->number) PUT('#');
    if (r->sc) PUT('s');
    if (r->unauthorized) PUT('u');
    for (size_t i = 0; has_assignee && i < refs; i++)
        PUT('x');
    for (size_t i = 0; !has_assignee && i < r->n_notes; i++)
        PUT('N');
#undef PUT
    buf[n] = 0;
    return buf;
}

/* Where a record's writer is: the next top-level xref and note to write,
 * and the blocks already written. */
struct cursor {
    size_t xref, note;
    int assignee, contact;
};

static int more_xrefs(const struct pr_record *r, struct cursor *cur)
{
    while (cur->xref < r->n_xrefs && r->xrefs[cur->xref].role != PR_ROLE_REF)
        cur->xref++;
    return cur->xref < r->n_xrefs;
}

/* The child a layout code names (registry.h); nothing when the record has
 * no such child (left). */
static void add_child(struct pr_strbuf *b, const struct pr_record *r, char code,
                      struct cursor *cur)
{
    const char *in = "\n    ";
    switch (code) {
    case 'n': if (r->name) add_elem(b, in, "name", r->name, 0); break;
    case 'p': if (r->protocol) add_elem(b, in, "protocol", r->protocol, 0); break;
    case '#': if (r->number) add_elem(b, in, "number", r->number, 0); break;
    case 's': if (r->sc) add_elem(b, in, "sc", r->sc, 0); break;
    case 'd':
        if (r->description)
            add_elem(b, in, "description",
                     r->description_xml ? r->description_xml : r->description,
                     r->description_xml != NULL);
        break;
    case 'u':
        if (r->unauthorized)
            add_elem(b, in, "unauthorized",
                     r->unauthorized_xml ? r->unauthorized_xml : r->unauthorized,
                     r->unauthorized_xml != NULL);
        break;
    case 'A':
        if (!cur->assignee++)
            add_block(b, r, PR_ROLE_ASSIGNEE, "assignee");
        break;
    case 'C':
        if (!cur->contact++)
            add_block(b, r, PR_ROLE_CONTACT, "contact");
        break;
    case 'x':
        if (more_xrefs(r, cur))
            add_xref(b, in, &r->xrefs[cur->xref++]);
        break;
    case 'N':
        if (cur->note < r->n_notes)
            add_elem(b, in, "note", r->notes[cur->note++].xml, 1);
        break;
    default:
        break;
    }
}

/* The built text into *out: 0, or PR_ENOMEM (b ran out of memory). */
static int finish(struct pr_strbuf *b, char **out)
{
    *out = pr_strbuf_detach(b);
    return *out ? 0 : PR_ENOMEM;
}

int pr_iana_xml_record(const struct pr_record *r, char **out)
{
    struct pr_strbuf b = PR_STRBUF_INIT;
    struct cursor cur = {0};
    char deflt[256];
    const char *layout = r->layout && *r->layout ? r->layout : default_layout(r, deflt, sizeof deflt);
    pr_strbuf_adds(&b, "\n  <record");
    if (r->date)
        add_attr(&b, "date", r->date);
    if (r->updated)
        add_attr(&b, "updated", r->updated);
    pr_strbuf_addch(&b, '>');
    for (const char *c = layout; *c; c++)
        add_child(&b, r, *c, &cur);
    /* Children the layout does not mention (an edit added them) follow,
     * in IANA's usual order. */
    for (const char *c = "npAC"; *c; c++)
        if (!strchr(layout, *c) || *c == 'A' || *c == 'C')
            add_child(&b, r, *c, &cur);
    while (more_xrefs(r, &cur))
        add_child(&b, r, 'x', &cur);
    for (const char *c = "d#su"; *c; c++)
        if (!strchr(layout, *c))
            add_child(&b, r, *c, &cur);
    while (cur.note < r->n_notes)
        add_child(&b, r, 'N', &cur);
    pr_strbuf_adds(&b, "\n  </record>");
    return finish(&b, out);
}

int pr_iana_xml_person(const struct pr_person *p, char **out)
{
    struct pr_strbuf b = PR_STRBUF_INIT;
    pr_strbuf_adds(&b, "\n    <person");
    add_attr(&b, "id", p->id ? p->id : "");
    pr_strbuf_addch(&b, '>');
    if (p->name)
        add_elem(&b, "\n      ", "name", p->name, 0);
    if (p->org)
        add_elem(&b, "\n      ", "org", p->org, 0);
    /* Several URIs are kept one per line. */
    for (const char *u = p->uri; u;) {
        const char *nl = strchr(u, '\n');
        size_t n = nl ? (size_t)(nl - u) : strlen(u);
        char *one = strndup(u, n);
        if (!one)
            b.oom = 1;
        else
            add_elem(&b, "\n      ", "uri", one, 0);
        free(one);
        u = nl ? nl + 1 : NULL;
    }
    if (p->updated)
        add_elem(&b, "\n      ", "updated", p->updated, 0);
    pr_strbuf_adds(&b, "\n    </person>");
    return finish(&b, out);
}

/* ---- the whole document ------------------------------------------------ */

struct xw {
    pr_store *store;
    FILE *f;
    pr_error *err;
    char *updated; /* meta "updated", or NULL */
};

static int put(struct xw *w, const char *s, size_t n)
{
    if (n && fwrite(s, 1, n, w->f) != n)
        return pr_error_set(w->err, PR_EIO, "cannot write: write error");
    return 0;
}

static int put_owned(struct xw *w, char *s, int rc)
{
    if (rc)
        return pr_error_set(w->err, rc, "out of memory");
    rc = put(w, s, strlen(s));
    free(s);
    return rc;
}

/* The header <updated> with a new date: the raw bytes with their content
 * swapped. */
static int put_updated(struct xw *w, const struct pr_item *it)
{
    const char *gt = memchr(it->raw, '>', it->raw_len);
    const char *lt = NULL;
    for (const char *p = it->raw + it->raw_len; p > it->raw; p--)
        if (p[-1] == '<') {
            lt = p - 1;
            break;
        }
    if (!gt || !lt || lt <= gt || gt[-1] == '/')
        return put(w, it->raw, it->raw_len);
    struct pr_strbuf b = PR_STRBUF_INIT;
    pr_strbuf_add_xml(&b, w->updated, 0);
    if (b.oom) {
        pr_strbuf_release(&b);
        return pr_error_set(w->err, PR_ENOMEM, "out of memory");
    }
    int rc = put(w, it->raw, (size_t)(gt + 1 - it->raw));
    if (!rc)
        rc = put(w, pr_strbuf_str(&b), b.len);
    if (!rc)
        rc = put(w, lt, (size_t)(it->raw + it->raw_len - lt));
    pr_strbuf_release(&b);
    return rc;
}

static int write_item(const struct pr_item *it, void *ud)
{
    struct xw *w = ud;
    char *s = NULL;
    int rc;
    switch (it->kind) {
    case PR_ITEM_RECORD: {
        if (it->raw)
            return put(w, it->raw, it->raw_len);
        struct pr_record r;
        if ((rc = pr_store_get_record(w->store, it->id, &r, w->err)))
            return rc;
        rc = pr_iana_xml_record(&r, &s);
        pr_record_release(&r);
        return put_owned(w, s, rc);
    }
    case PR_ITEM_PERSON: {
        if (!it->in_use)
            return 0;
        if (it->raw)
            return put(w, it->raw, it->raw_len);
        struct pr_person p;
        if ((rc = pr_store_get_person(w->store, it->key, &p, w->err)))
            return rc;
        rc = pr_iana_xml_person(&p, &s);
        pr_person_release(&p);
        return put_owned(w, s, rc);
    }
    default:
        if (it->key && !strcmp(it->key, "updated") && w->updated &&
            (!it->text || strcmp(it->text, w->updated)))
            return put_updated(w, it);
        return it->raw ? put(w, it->raw, it->raw_len) : 0;
    }
}

int pr_iana_xml_write(pr_store *s, FILE *f, pr_error *err)
{
    struct xw w = {.store = s, .f = f, .err = err};
    int rc = pr_store_meta_get(s, "updated", &w.updated, err);
    if (rc && rc != PR_ENOTFOUND)
        return rc;
    rc = pr_store_each_item(s, write_item, &w, err);
    free(w.updated);
    return rc;
}
