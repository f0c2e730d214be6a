/* xml_text.c - mixed content to plain text and inner XML (see xml_text.h).
 *
 * Plain text: text as written, <br/> as a newline, <xref type="rfc"
 * data="rfc6335"/> as [RFC6335] (IANA's CSV does the same), other xrefs as
 * [data], paragraphs separated by a newline. */
#include "xml_text.h"

#include <stdlib.h>
#include <string.h>

int xml_buf_add(struct xml_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return 0;
}

int xml_buf_add_escaped(struct xml_buf *b, const char *s, int attr)
{
    const char *run = s;
    for (const char *p = s;; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case 0: return xml_buf_add(b, run, (size_t)(p - run));
        }
        if (rep) {
            if (xml_buf_add(b, run, (size_t)(p - run)) || xml_buf_add(b, rep, strlen(rep)))
                return -1;
            run = p + 1;
        }
    }
}

char *xml_escape_dup(const char *s)
{
    struct xml_buf b = {0};
    if (xml_buf_add_escaped(&b, s, 0) || xml_buf_add(&b, "", 1)) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

void xml_text_init(struct xml_text *t)
{
    memset(t, 0, sizeof *t);
}

void xml_text_release(struct xml_text *t)
{
    free(t->text.p);
    free(t->xml.p);
    memset(t, 0, sizeof *t);
}

static int add_str(struct xml_buf *b, const char *s)
{
    return xml_buf_add(b, s, strlen(s));
}

/* Plain-text rendering of an inline xref. */
static int xref_text(struct xml_text *t, const char *type, const char *data)
{
    if (!data)
        return 0;
    if (type && !strcmp(type, "rfc") && !strncmp(data, "rfc", 3)) {
        return add_str(&t->text, "[RFC") || add_str(&t->text, data + 3) ||
               add_str(&t->text, "]");
    }
    return add_str(&t->text, "[") || add_str(&t->text, data) || add_str(&t->text, "]");
}

int xml_text_node(struct xml_text *t, xmlTextReaderPtr rd)
{
    int type = xmlTextReaderNodeType(rd);
    const char *name = (const char *)xmlTextReaderConstName(rd);
    switch (type) {
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
        const char *v = (const char *)xmlTextReaderConstValue(rd);
        if (!v)
            return 0;
        return add_str(&t->text, v) || (!t->no_xml && xml_buf_add_escaped(&t->xml, v, 0));
    }
    case XML_READER_TYPE_ELEMENT: {
        int empty = xmlTextReaderIsEmptyElement(rd);
        char *xtype = NULL, *xdata = NULL;
        int rc = add_str(&t->xml, "<") || add_str(&t->xml, name);
        while (!rc && xmlTextReaderMoveToNextAttribute(rd) == 1) {
            const char *an = (const char *)xmlTextReaderConstName(rd);
            const char *av = (const char *)xmlTextReaderConstValue(rd);
            rc = add_str(&t->xml, " ") || add_str(&t->xml, an) || add_str(&t->xml, "=\"") ||
                 xml_buf_add_escaped(&t->xml, av ? av : "", 1) || add_str(&t->xml, "\"");
            if (!strcmp(an, "type"))
                xtype = strdup(av ? av : "");
            else if (!strcmp(an, "data"))
                xdata = strdup(av ? av : "");
        }
        xmlTextReaderMoveToElement(rd);
        if (!rc)
            rc = add_str(&t->xml, empty ? "/>" : ">");
        if (!rc && !strcmp(name, "br"))
            rc = add_str(&t->text, "\n");
        else if (!rc && !strcmp(name, "xref"))
            rc = xref_text(t, xtype, xdata);
        else if (!rc && !strcmp(name, "paragraph") && t->text.len &&
                 t->text.p[t->text.len - 1] != '\n')
            rc = add_str(&t->text, "\n");
        free(xtype);
        free(xdata);
        return rc ? -1 : 0;
    }
    case XML_READER_TYPE_END_ELEMENT:
        return add_str(&t->xml, "</") || add_str(&t->xml, name) || add_str(&t->xml, ">");
    case XML_READER_TYPE_ENTITY_REFERENCE:
        t->error = "entity references are not allowed";
        return -1;
    default:
        return 0; /* comments, PIs: not content */
    }
}

int xml_text_finish(struct xml_text *t, char **text, char **xml)
{
    if ((!t->text.p && xml_buf_add(&t->text, "", 0)) ||
        (xml && !t->xml.p && xml_buf_add(&t->xml, "", 0)))
        return -1;
    *text = t->text.p;
    if (xml)
        *xml = t->xml.p;
    else
        free(t->xml.p); /* markup inside a simple element still built some */
    memset(&t->text, 0, sizeof t->text);
    memset(&t->xml, 0, sizeof t->xml);
    return 0;
}
