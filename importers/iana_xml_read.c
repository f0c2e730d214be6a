/* iana_xml_read.c - reader for IANA's service-names-port-numbers.xml.
 *
 * Two passes run in lock step over one in-memory copy of the file:
 *  - libxml2's streaming reader (xmlTextReader) parses and checks it, with
 *    network access off, no entity substitution and no DTD loading; a DTD
 *    in the file is refused before libxml2 sees it;
 *  - a small tag scanner (xml_scan.c) finds the exact byte span of every
 *    top-level item, so each record and person keeps its source bytes
 *    ("raw") and an unmodified registry exports byte for byte.
 * Every error names the file and line.
 *
 * Hostile input (docs/security.md): the file is read as UTF-8 whatever it
 * declares, a DTD is refused by the scanner and again by the reader, no
 * external resource is ever loaded (network off, and an entity loader that
 * refuses everything while we parse), and the file (64 MiB) and each
 * top-level item (1 MiB) have a size limit, as have comments and PIs, so memory stays bounded.
 */
#include "importers.h"
#include "xml_scan.h"
#include "strbuf.h"
#include "xml_text.h"
#include "clean_text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>


#define IANA_NS "http://www.iana.org/assignments"
#define SEQ_STEP 1024
/* IANA's file is about 4 MB and its largest record under 2 KB. */
#define MAX_FILE_SIZE (64L << 20)
#define MAX_ITEM_SIZE (1L << 20)
/* Comments and processing instructions: IANA's file has two PIs. */
#define MAX_MARKUP 10000

struct xr {
    const char *path;
    xmlTextReaderPtr rd;
    struct pr_sink *sink;
    pr_error *err;
    struct xml_scan scan;
    size_t prev_end;  /* end of the previous top-level item */
    long long seq;
    int failed;       /* libxml2 reported an error */
    int nomem;        /* libxml2 lost an allocation: what looks wrong after it is not the file */
    int truncated;    /* the file does not end with a tag */
    unsigned nodes;   /* nodes read, for the item size check */
    pr_error xmlerr;
};

/* libxml2's messages where a plainer one helps; matched on the message
 * start, the original is kept for any other. */
static const struct {
    const char *prefix, *say;
} xml_messages[] = {
    {"Input is not proper UTF-8", "invalid UTF-8 (a registry file must be UTF-8)"},
    {"Char 0x0 out of allowed range", "NUL byte (a registry file must be UTF-8 text)"},
    {"Excessive depth in document", "elements nested too deeply (more than 256 levels)"},
    {"xmlSAX2Characters: huge text node", "text node too large"},
    {"Detected an entity reference loop", "entity expansion refused"},
};

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    struct xr *x = ctx;
    if (x->failed || !e || e->level < XML_ERR_ERROR)
        return;
    x->failed = 1;
    char msg[200];
    int known = 0;
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "malformed XML");
    for (size_t i = 0; i < sizeof xml_messages / sizeof *xml_messages; i++)
        if (!strncmp(msg, xml_messages[i].prefix, strlen(xml_messages[i].prefix)) && ++known)
            snprintf(msg, sizeof msg, "%s", xml_messages[i].say);
    /* (a huge text node is a "memory" error too, and known above) */
    if (!known && (e->code == XML_ERR_NO_MEMORY || e->domain == XML_FROM_MEMORY)) {
        x->nomem = 1;
        pr_error_set(&x->xmlerr, PR_ENOMEM, "out of memory");
        return;
    }
    /* One line: libxml2 puts details ("Bytes: 0xFF ...") on the next. */
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    size_t n = strlen(msg);
    while (n && msg[n - 1] == ' ')
        msg[--n] = 0;
    pr_error_at(&x->xmlerr, PR_EPARSE, x->path, e->line, e->int2, "%s: %s",
                x->truncated ? "malformed XML (the file ends early: truncated?)" : "malformed XML",
                msg);
}

/* Line of the current node (libxml2 records it when the node is made; the
 * parser's own line may already be further on). */
static long cur_line(struct xr *x)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(x->rd);
    long line = n ? xmlGetLineNo(n) : -1;
    return line > 0 ? line : xmlTextReaderGetParserLineNumber(x->rd);
}

static int fail(struct xr *x, const char *fmt, ...) PR_PRINTF(2, 3);
static int nomem(struct xr *x);
static int fail(struct xr *x, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    if (x->nomem) /* an attribute or namespace libxml2 could not give */
        return nomem(x);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pr_error_at(x->err, PR_EPARSE, x->path, cur_line(x), 0, "%s", msg);
}

/* Out of memory: not the file's fault (PR_ENOMEM, not PR_EPARSE). */
static int nomem(struct xr *x)
{
    return pr_error_set(x->err, PR_ENOMEM, "out of memory");
}

/* Line of the record or person the reader has just reached (the scanner
 * stands at the end of the previous item). */
static long item_line(struct xr *x)
{
    long line = xml_scan_next_start_line(&x->scan);
    return line > 0 ? line : cur_line(x);
}

/* Advance the reader; 1 = a node, 0 = end, <0 = error (x->err set). */
static int next(struct xr *x)
{
    if (x->nomem) /* an optional attribute libxml2 could not give */
        return nomem(x);
    int r = xmlTextReaderRead(x->rd);
    if (r < 0 || x->failed) {
        if (!x->failed)
            return fail(x, "malformed XML");
        if (x->err)
            *x->err = x->xmlerr;
        return x->xmlerr.code;
    }
    /* Bytes since the end of the previous item all go into the next
     * item's raw copy: bound them.  Every 16th node (the call was 3% of an
     * import); libxml2 bounds each node, and the file is at most 64 MiB. */
    if (++x->nodes % 16)
        return r;
    long consumed = xmlTextReaderByteConsumed(x->rd);
    if (consumed > 0 && (size_t)consumed > x->prev_end &&
        (size_t)consumed - x->prev_end > MAX_ITEM_SIZE)
        return pr_error_at(x->err, PR_EPARSE, x->path, cur_line(x), 0,
                           "item too large (over %ld KiB since the previous record, person "
                           "or element)", MAX_ITEM_SIZE >> 10);
    return r;
}

static const char *lname(struct xr *x)
{
    const xmlChar *n = xmlTextReaderConstLocalName(x->rd);
    return n ? (const char *)n : "";
}

static int at_element(struct xr *x, const char *name)
{
    return xmlTextReaderNodeType(x->rd) == XML_READER_TYPE_ELEMENT && !strcmp(lname(x), name);
}

/* Attribute name of the current element (no namespace), or NULL.  libxml2
 * also answers NULL when it cannot copy the value: then x->nomem. */
static char *attr(struct xr *x, const char *name)
{
    char *v = (char *)xmlTextReaderGetAttribute(x->rd, (const xmlChar *)name);
    xmlNodePtr n = v ? NULL : xmlTextReaderCurrentNode(x->rd);
    for (xmlAttrPtr a = n && n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next)
        if (!a->ns && a->name && !strcmp((const char *)a->name, name))
            x->nomem = 1;
    return v;
}

/* Raw bytes of the item that ends at end: [prev_end, end). */
static char *take_raw(struct xr *x, size_t end)
{
    char *raw = xml_span_dup(&x->scan, x->prev_end, end);
    x->prev_end = end;
    return raw;
}

/* Read the content of the element the reader is on (element start) as
 * plain text and inner XML; leaves the reader on its end tag (or on the
 * element itself when empty). */
static int read_mixed(struct xr *x, char **text, char **xml)
{
    struct xml_text t;
    xml_text_init(&t);
    t.no_xml = xml == NULL;
    int rc = 0;
    if (!xmlTextReaderIsEmptyElement(x->rd)) {
        int depth = xmlTextReaderDepth(x->rd);
        for (;;) {
            int r = next(x);
            if (r <= 0) {
                rc = r < 0 ? r : fail(x, "unexpected end of file");
                goto out;
            }
            int type = xmlTextReaderNodeType(x->rd);
            if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->rd) == depth)
                break;
            if ((rc = xml_text_node(&t, x->rd))) {
                rc = t.error ? fail(x, "%s", t.error) : nomem(x);
                goto out;
            }
        }
    }
    if ((rc = xml_text_finish(&t, text, xml)))
        rc = nomem(x);
out:
    xml_text_release(&t);
    return rc;
}

/* Plain text content of a simple element (name, protocol, number...). */
static int read_simple(struct xr *x, char **out)
{
    return read_mixed(x, out, NULL);
}

static int read_xref(struct xr *x, struct pr_record *r, int role)
{
    char *type = attr(x, "type"), *data = attr(x, "data"), *text = NULL;
    int rc = 0;
    if (!type) {
        rc = fail(x, "xref without a type attribute");
        goto out;
    }
    if ((rc = read_simple(x, &text)))
        goto out;
    if (pr_record_add_xref(r, role, type, data, text && *text ? text : NULL))
        rc = nomem(x);
out:
    xmlFree(type);
    xmlFree(data);
    free(text);
    return rc;
}

/* <assignee> or <contact>: a block of xrefs. */
static int read_people_block(struct xr *x, struct pr_record *r, int role)
{
    if (xmlTextReaderIsEmptyElement(x->rd))
        return 0;
    int depth = xmlTextReaderDepth(x->rd);
    for (;;) {
        int rc = next(x);
        if (rc <= 0)
            return rc < 0 ? rc : fail(x, "unexpected end of file");
        int type = xmlTextReaderNodeType(x->rd);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->rd) == depth)
            return 0;
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (strcmp(lname(x), "xref"))
            return fail(x, "unexpected element '%s' in assignee or contact", lname(x));
        if ((rc = read_xref(x, r, role)))
            return rc;
    }
}

/* Reject a record attribute this reader would not keep. */
static int check_attributes(struct xr *x, const char *const *known)
{
    int rc = 0;
    if (!xmlTextReaderHasAttributes(x->rd))
        return 0;
    while (!rc && xmlTextReaderMoveToNextAttribute(x->rd) == 1) {
        const char *a = (const char *)xmlTextReaderConstName(x->rd);
        int ok = 0;
        for (size_t i = 0; known[i]; i++)
            ok |= !strcmp(a, known[i]);
        if (!ok && strncmp(a, "xmlns", 5))
            rc = fail(x, "unknown attribute '%s'", a);
    }
    xmlTextReaderMoveToElement(x->rd);
    return rc;
}

/* One child element of a record into r, its layout code appended to
 * layout (registry.h: the order IANA wrote the children in). */
static int read_record_child(struct xr *x, struct pr_record *r, struct pr_strbuf *layout)
{
    const char *n = lname(x);
    char code;
    char **slot = NULL, **slot_xml = NULL;
    int rc;
    if (!strcmp(n, "name")) { code = 'n'; slot = &r->name; }
    else if (!strcmp(n, "protocol")) { code = 'p'; slot = &r->protocol; }
    else if (!strcmp(n, "number")) { code = '#'; slot = &r->number; }
    else if (!strcmp(n, "sc")) { code = 's'; slot = &r->sc; }
    else if (!strcmp(n, "description")) { code = 'd'; slot = &r->description; slot_xml = &r->description_xml; }
    else if (!strcmp(n, "unauthorized")) { code = 'u'; slot = &r->unauthorized; slot_xml = &r->unauthorized_xml; }
    else if (!strcmp(n, "note")) code = 'N';
    else if (!strcmp(n, "xref")) code = 'x';
    else if (!strcmp(n, "assignee")) code = 'A';
    else if (!strcmp(n, "contact")) code = 'C';
    else
        return fail(x, "unknown element '%s' in record", n);
    if (slot && *slot)
        return fail(x, "record has more than one '%s'", n);
    pr_strbuf_addch(layout, code);
    if (code == 'N') {
        char *text = NULL, *xml = NULL;
        rc = read_mixed(x, &text, &xml);
        if (!rc && pr_record_add_note(r, text, xml))
            rc = nomem(x);
        free(text);
        free(xml);
        return rc;
    }
    if (code == 'x')
        return read_xref(x, r, PR_ROLE_REF);
    if (code == 'A' || code == 'C')
        return read_people_block(x, r, code == 'A' ? PR_ROLE_ASSIGNEE : PR_ROLE_CONTACT);
    return slot_xml ? read_mixed(x, slot, slot_xml) : read_simple(x, slot);
}

/* The record's transport and port number as the registry allows them. */
static int check_record(struct xr *x, const struct pr_record *r, int *lo, int *hi)
{
    if (r->protocol && !pr_protocol_valid(r->protocol))
        return pr_error_at(x->err, PR_EPARSE, x->path, r->line, 0,
                           "unknown protocol '%s' (expected tcp, udp, sctp or dccp)", r->protocol);
    if (r->number && pr_parse_port_range(r->number, lo, hi))
        return pr_error_at(x->err, PR_EPARSE, x->path, r->line, 0,
                           "invalid port number '%s' (expected N or N-M within 0-" PR_PORT_STR(PR_PORT_MAX) ")",
                           r->number);
    return 0;
}

static int read_record(struct xr *x)
{
    static const char *const rec_attrs[] = {"date", "updated", NULL};
    struct pr_record r;
    struct pr_strbuf layout = PR_STRBUF_INIT;
    int rc;
    pr_record_init(&r);
    r.line = item_line(x);
    r.seq = (x->seq += SEQ_STEP);
    if ((rc = check_attributes(x, rec_attrs)))
        goto out;
    r.date = attr(x, "date");
    r.updated = attr(x, "updated");
    for (int empty = xmlTextReaderIsEmptyElement(x->rd); !empty;) {
        if ((rc = next(x)) <= 0) {
            rc = rc < 0 ? rc : fail(x, "unexpected end of file in record");
            goto out;
        }
        int type = xmlTextReaderNodeType(x->rd);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->rd) == 1)
            break;
        if (type == XML_READER_TYPE_ELEMENT && (rc = read_record_child(x, &r, &layout)))
            goto out;
    }
    if ((rc = check_record(x, &r, &r.port_lo, &r.port_hi)))
        goto out;
    size_t end;
    if (xml_scan_item_end(&x->scan, 1, &end)) {
        rc = fail(x, "cannot locate the end of this record");
        goto out;
    }
    if (!(r.layout = pr_strbuf_detach(&layout)) || !(r.raw = take_raw(x, end))) {
        rc = pr_error_set(x->err, PR_ENOMEM, "out of memory");
        goto out;
    }
    if (x->sink->record)
        rc = x->sink->record(x->sink, &r, x->err);
out:
    pr_strbuf_release(&layout);
    pr_record_release(&r);
    return rc;
}

static int read_person(struct xr *x)
{
    struct pr_person p;
    int rc = 0;
    pr_person_init(&p);
    p.line = item_line(x);
    p.seq = (x->seq += SEQ_STEP);
    if (!(p.id = attr(x, "id"))) {
        rc = fail(x, "person without an id attribute");
        goto out;
    }
    if (!xmlTextReaderIsEmptyElement(x->rd)) {
        for (;;) {
            if ((rc = next(x)) <= 0) {
                rc = rc < 0 ? rc : fail(x, "unexpected end of file in person");
                goto out;
            }
            int type = xmlTextReaderNodeType(x->rd);
            if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->rd) == 2)
                break;
            if (type != XML_READER_TYPE_ELEMENT)
                continue;
            const char *n = lname(x);
            char **slot = !strcmp(n, "name") ? &p.name : !strcmp(n, "org") ? &p.org
                        : !strcmp(n, "uri") ? &p.uri : !strcmp(n, "updated") ? &p.updated : NULL;
            if (!slot) {
                rc = fail(x, "unknown element '%s' in person", n);
                goto out;
            }
            char *v = NULL;
            if ((rc = read_simple(x, &v)))
                goto out;
            if (*slot && slot == &p.uri) {
                /* Some people have several URIs: kept one per line. */
                struct pr_strbuf j = PR_STRBUF_INIT;
                pr_strbuf_adds(&j, *slot);
                pr_strbuf_addch(&j, '\n');
                pr_strbuf_adds(&j, v);
                free(v);
                char *joined = pr_strbuf_detach(&j);
                if (!joined) {
                    rc = pr_error_set(x->err, PR_ENOMEM, "out of memory");
                    goto out;
                }
                free(*slot);
                *slot = joined;
            } else if (*slot) {
                free(v);
                rc = fail(x, "person has more than one '%s'", n);
                goto out;
            } else {
                *slot = v;
            }
        }
    }
    rc = 0;
    size_t end;
    if (xml_scan_item_end(&x->scan, 2, &end)) {
        rc = fail(x, "cannot locate the end of this person");
        goto out;
    }
    if (!(p.raw = take_raw(x, end))) {
        rc = pr_error_set(x->err, PR_ENOMEM, "out of memory");
        goto out;
    }
    if (x->sink->person)
        rc = x->sink->person(x->sink, &p, x->err);
out:
    pr_person_release(&p);
    return rc;
}

static int emit_docitem(struct xr *x, const char *kind, const char *attrv, const char *text,
                        size_t end)
{
    struct pr_docitem d = {.seq = (x->seq += SEQ_STEP)};
    int rc = 0;
    d.kind = (char *)kind;
    d.attr = (char *)attrv;
    d.text = (char *)text;
    if (!(d.raw = take_raw(x, end)))
        return pr_error_set(x->err, PR_ENOMEM, "out of memory");
    if (x->sink->docitem)
        rc = x->sink->docitem(x->sink, &d, x->err);
    free(d.raw);
    return rc;
}

static int read_people(struct xr *x)
{
    size_t end;
    int rc;
    if (xmlTextReaderIsEmptyElement(x->rd)) {
        if (xml_scan_item_end(&x->scan, 1, &end))
            return fail(x, "cannot locate the end of people");
        return emit_docitem(x, "people", NULL, NULL, end);
    }
    if (xml_scan_start_tag(&x->scan, &end))
        return fail(x, "cannot locate the people element");
    if ((rc = emit_docitem(x, "people", NULL, NULL, end)))
        return rc;
    for (;;) {
        if ((rc = next(x)) <= 0)
            return rc < 0 ? rc : fail(x, "unexpected end of file in people");
        int type = xmlTextReaderNodeType(x->rd);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->rd) == 1) {
            /* </people> goes with what follows; account for it in the scan */
            return xml_scan_end_tag(&x->scan) ? fail(x, "cannot locate </people>") : 0;
        }
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (strcmp(lname(x), "person"))
            return fail(x, "unexpected element '%s' in people", lname(x));
        if ((rc = read_person(x)))
            return rc;
    }
}

/* A top-level element other than record and people: kept as a document
 * item (its bytes) with its plain text for display and meta. */
static int read_top_item(struct xr *x)
{
    char *name = strdup(lname(x));
    char *a = NULL, *text = NULL, *xml = NULL;
    size_t end;
    int rc;
    if (!name)
        return pr_error_set(x->err, PR_ENOMEM, "out of memory");
    if (!strcmp(name, "note")) a = attr(x, "title");
    else if (!strcmp(name, "footnote")) a = attr(x, "anchor");
    else if (!strcmp(name, "xref")) a = attr(x, "data");
    if ((rc = read_mixed(x, &text, &xml)))
        goto out;
    if (xml_scan_item_end(&x->scan, 1, &end)) {
        rc = fail(x, "cannot locate the end of '%s'", name);
        goto out;
    }
    if (x->sink->meta && (!strcmp(name, "title") || !strcmp(name, "category") ||
                          !strcmp(name, "updated") || !strcmp(name, "expert")) &&
        (rc = x->sink->meta(x->sink, name, text, x->err)))
        goto out;
    rc = emit_docitem(x, name, a, text, end);
out:
    free(name);
    xmlFree(a);
    free(text);
    free(xml);
    return rc;
}

static int read_registry(struct xr *x)
{
    int rc;
    /* Root element. */
    do {
        if ((rc = next(x)) <= 0)
            return rc < 0 ? rc : pr_error_at(x->err, PR_EPARSE, x->path, 1, 0,
                                              "no root element; not a registry XML file");
        /* The scanner refuses DTDs before parsing; should it ever miss
         * one, the reader still does. */
        if (xmlTextReaderNodeType(x->rd) == XML_READER_TYPE_DOCUMENT_TYPE)
            return fail(x, "document type declarations (DTDs) are not allowed in a "
                           "registry file");
    } while (xmlTextReaderNodeType(x->rd) != XML_READER_TYPE_ELEMENT);
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->rd);
    /* None, though the bytes before the scanner's next tag declare IANA's:
     * libxml2 could not build it (and says so only on standard error). */
    static const char decl[] = "xmlns=\"" IANA_NS "\"";
    struct xml_scan peek = x->scan; /* a copy: the scan goes on from here below */
    size_t tag;
    if (!ns && xml_scan_start_tag(&peek, &tag) == 0)
        for (size_t i = x->scan.pos; i + sizeof decl - 1 <= tag && !x->nomem; i++)
            x->nomem = !memcmp(x->scan.buf + i, decl, sizeof decl - 1);
    if (strcmp(lname(x), "registry"))
        return fail(x, "wrong root element '%s', expected IANA's 'registry'", lname(x));
    if (!ns || strcmp(ns, IANA_NS))
        return fail(x, "root element is not in IANA's namespace '" IANA_NS "'");
    char *id = attr(x, "id");
    if (x->nomem)
        return nomem(x);
    rc = 0;
    if (x->sink->meta && id)
        rc = x->sink->meta(x->sink, "registry_id", id, x->err);
    xmlFree(id);
    if (rc)
        return rc;
    size_t end;
    if (xml_scan_start_tag(&x->scan, &end))
        return fail(x, "cannot locate the registry element");
    if ((rc = emit_docitem(x, "prolog", NULL, NULL, end)))
        return rc;
    if (xmlTextReaderIsEmptyElement(x->rd))
        goto tail;
    for (;;) {
        if ((rc = next(x)) <= 0)
            return rc < 0 ? rc : fail(x, "unexpected end of file");
        int type = xmlTextReaderNodeType(x->rd);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x->rd) == 0)
            break;
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (at_element(x, "record"))
            rc = read_record(x);
        else if (at_element(x, "people"))
            rc = read_people(x);
        else
            rc = read_top_item(x);
        if (rc)
            return rc;
    }
    /* Anything after the root must be well-formed too. */
    while ((rc = next(x)) > 0)
        ;
    if (rc < 0)
        return rc;
tail:
    return emit_docitem(x, "tail", NULL, NULL, x->scan.len);
}

/* While we parse, libxml2 may load no external resource at all (external
 * DTD subsets, external entities, XIncludes): the loader refuses and
 * remembers what was asked for.  The reader is single-threaded per call;
 * the thread-local makes concurrent readers in other threads safe too. */
static _Thread_local char refused_url[200];

static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)ctxt;
    snprintf(refused_url, sizeof refused_url, "%s", url ? url : id ? id : "?");
    return NULL;
}

/* Open path read-only and map it: a regular file, not empty, at most
 * MAX_FILE_SIZE.  *fd and *map (NULL first) are the caller's to release. */
static int map_file(const char *path, int *fd, void **map, size_t *size, pr_error *err)
{
    struct stat sb;
    /* O_NONBLOCK: a FIFO with no writer must not block the open; it is
     * refused below, like any file that is not a regular one. */
    if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0 || fstat(*fd, &sb) != 0)
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return pr_error_at(err, PR_EIO, path, 0, 0, "not a regular file");
    if (sb.st_size == 0)
        return pr_error_at(err, PR_EPARSE, path, 1, 0, "empty file; expected IANA registry XML");
    if (sb.st_size > MAX_FILE_SIZE)
        return pr_error_at(err, PR_EPARSE, path, 0, 0,
                           "file too large (%lld MiB; a registry file is at most %ld MiB)",
                           (long long)(sb.st_size >> 20), MAX_FILE_SIZE >> 20);
    *size = (size_t)sb.st_size;
    void *m = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, *fd, 0);
    if (m == MAP_FAILED)
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
    *map = m;
    return 0;
}

/* Before libxml2 sees the file: no DTD, no flood of comments or processing
 * instructions, no long text around the root; note a truncated file (one
 * that ends inside a tag or text, or at a tag inside the root: a file cut
 * at a line's end, which libxml2 calls "Extra content at the end").  NUL
 * counts as white space at the end (strchr finds the terminator). */
static int check_shape(struct xr *x, const char *map, size_t size)
{
    size_t last = size;
    while (last > 0 && strchr(" \t\r\n", map[last - 1]))
        last--;
    long dtd_line;
    if (xml_scan_find_doctype(&x->scan, &dtd_line))
        return pr_error_at(x->err, PR_EPARSE, x->path, dtd_line, 0,
                           "document type declarations (DTDs) are not allowed in a registry file");
    struct xml_scan_census census;
    xml_scan_census(&x->scan, &census);
    /* (A NUL after the root's '<' is UTF-16, whose tags this scanner does
     * not see: libxml2 says what is wrong with it.) */
    x->truncated = last == 0 || map[last - 1] != '>' ||
                   (census.root_start < x->scan.len && map[census.root_start + 1] &&
                    !census.root_closed);
    if (census.markup > MAX_MARKUP || census.markup_bytes > MAX_ITEM_SIZE)
        return pr_error_at(x->err, PR_EPARSE, x->path, 0, 0,
                           "too many comments or processing instructions (%ld, %zu KiB; at "
                           "most %d and %ld KiB)", census.markup, census.markup_bytes >> 10,
                           MAX_MARKUP, MAX_ITEM_SIZE >> 10);
    if (census.root_start > MAX_ITEM_SIZE ||
        (census.root_end < x->scan.len && x->scan.len - census.root_end > MAX_ITEM_SIZE))
        return pr_error_at(x->err, PR_EPARSE, x->path, 0, 0,
                           "too much text %s the root element (over %ld KiB)",
                           census.root_start > MAX_ITEM_SIZE ? "before" : "after",
                           MAX_ITEM_SIZE >> 10);
    return 0;
}

/* Control characters that XML 1.0 allows (DEL, C1) but a terminal may
 * take as escape sequences; malformed UTF-8 is libxml2's to report. */
static int check_controls(const char *path, void *map, size_t size, pr_error *err)
{
    unsigned cp = 0;
    int invalid = 0;
    size_t bad = size, released = 0;
    /* In pieces that end before an ASCII byte (no UTF-8 sequence is cut),
     * giving the pages back behind. */
    for (size_t at = 0, end; at < size; at = end) {
        const unsigned char *m = map;
        end = at + ((size_t)1 << 20) < size ? at + ((size_t)1 << 20) : size;
        while (end < size && m[end] >= 0x80)
            end++;
        size_t b = pr_clean_text_bad((const char *)m + at, end - at, &cp, &invalid);
        if (b < end - at) {
            bad = at + b;
            break;
        }
        xml_scan_release(map, &released, end);
    }
    if (bad == size || invalid)
        return 0;
    long line = 1;
    for (const char *p = map, *e = p + bad; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        line++;
    return pr_error_at(err, PR_EPARSE, path, line, 0,
                       "%s U+%04X (a registry file is plain UTF-8 text)", PR_BAD_CHAR_KIND(cp), cp);
}

/* libxml2's streaming reader over the mapped file, with no network and no
 * external entity: the registry's records into the sink. */
static int parse(struct xr *x, const char *map, size_t size)
{
    /* UTF-8 whatever the file declares: the scanner reads the same bytes
     * as libxml2 (a UTF-16 file could otherwise hide a DTD from it). */
    x->rd = xmlReaderForMemory(map, (int)size, x->path, "UTF-8",
                               XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC |
                                   XML_PARSE_BIG_LINES);
    if (!x->rd)
        return pr_error_at(x->err, PR_ENOMEM, x->path, 0, 0, "cannot create XML reader");
    xmlTextReaderSetStructuredErrorHandler(x->rd, on_xml_error, x);
    xmlExternalEntityLoader old_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(refuse_loader);
    refused_url[0] = 0;
    int rc = read_registry(x);
    xmlSetExternalEntityLoader(old_loader);
    if (refused_url[0])
        rc = pr_error_at(x->err, PR_EPARSE, x->path, 0, 0,
                         "external resource '%s' refused (a registry file must be "
                         "self-contained)", refused_url);
    return rc;
}

int pr_iana_xml_read(const char *path, struct pr_sink *sink, pr_error *err)
{
    struct xr x = {.path = path, .sink = sink, .err = err};
    int fd = -1, rc;
    void *map = NULL;
    size_t size = 0;

    if (!(rc = map_file(path, &fd, &map, &size, err)) && !(rc = pr_xml_load(err))) {
        xml_scan_init(&x.scan, map, size);
        x.scan.mapped = 1;
        if (!(rc = check_shape(&x, map, size)) && !(rc = check_controls(path, map, size, err)))
            rc = parse(&x, map, size);
    }
    if (x.rd)
        xmlFreeTextReader(x.rd);
    if (map)
        munmap(map, size);
    if (fd >= 0)
        close(fd);
    return rc;
}
