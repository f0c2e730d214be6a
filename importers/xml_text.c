/* xml_text.c - mixed content to plain text and inner XML (see xml_text.h).
 *
 * Plain text: text as written, <br/> as a newline, <xref type="rfc"
 * data="rfc6335"/> as [RFC6335] (IANA's CSV does the same), other xrefs as
 * [data], paragraphs separated by a newline. */
#include "xml_text.h"

#include <stdlib.h>
#include <string.h>

void xml_text_init(struct xml_text *t)
{
    memset(t, 0, sizeof *t);
}

void xml_text_release(struct xml_text *t)
{
    pr_strbuf_release(&t->text);
    pr_strbuf_release(&t->xml);
    memset(t, 0, sizeof *t);
}

/* Plain-text rendering of an inline xref. */
static void xref_text(struct xml_text *t, const char *type, const char *data)
{
    if (!data)
        return;
    int rfc = type && !strcmp(type, "rfc") && !strncmp(data, "rfc", 3);
    pr_strbuf_adds(&t->text, rfc ? "[RFC" : "[");
    pr_strbuf_adds(&t->text, rfc ? data + 3 : data);
    pr_strbuf_addch(&t->text, ']');
}

/* 0, or -1 when a buffer ran out of memory. */
static int text_oom(const struct xml_text *t)
{
    return t->text.oom || t->xml.oom ? -1 : 0;
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
        pr_strbuf_adds(&t->text, v);
        if (!t->no_xml)
            pr_strbuf_add_xml(&t->xml, v, 0);
        return text_oom(t);
    }
    case XML_READER_TYPE_ELEMENT: {
        int empty = xmlTextReaderIsEmptyElement(rd);
        char *xtype = NULL, *xdata = NULL;
        int rc = 0;
        pr_strbuf_addch(&t->xml, '<');
        pr_strbuf_adds(&t->xml, name);
        while (xmlTextReaderMoveToNextAttribute(rd) == 1) {
            const char *an = (const char *)xmlTextReaderConstName(rd);
            const char *av = (const char *)xmlTextReaderConstValue(rd);
            pr_strbuf_addch(&t->xml, ' ');
            pr_strbuf_adds(&t->xml, an);
            pr_strbuf_adds(&t->xml, "=\"");
            pr_strbuf_add_xml(&t->xml, av ? av : "", 1);
            pr_strbuf_addch(&t->xml, '"');
            if (!strcmp(an, "type") && !xtype)
                rc |= !(xtype = strdup(av ? av : ""));
            else if (!strcmp(an, "data") && !xdata)
                rc |= !(xdata = strdup(av ? av : ""));
        }
        xmlTextReaderMoveToElement(rd);
        pr_strbuf_adds(&t->xml, empty ? "/>" : ">");
        if (!strcmp(name, "br"))
            pr_strbuf_addch(&t->text, '\n');
        else if (!strcmp(name, "xref"))
            xref_text(t, xtype, xdata);
        else if (!strcmp(name, "paragraph") && t->text.len &&
                 t->text.buf[t->text.len - 1] != '\n')
            pr_strbuf_addch(&t->text, '\n');
        free(xtype);
        free(xdata);
        return rc ? -1 : text_oom(t);
    }
    case XML_READER_TYPE_END_ELEMENT:
        pr_strbuf_adds(&t->xml, "</");
        pr_strbuf_adds(&t->xml, name);
        pr_strbuf_addch(&t->xml, '>');
        return text_oom(t);
    case XML_READER_TYPE_ENTITY_REFERENCE:
        t->error = "entity references are not allowed";
        return -1;
    default:
        return 0; /* comments, PIs: not content */
    }
}

int xml_text_finish(struct xml_text *t, char **text, char **xml)
{
    char *tx, *xm = NULL;
    if (text_oom(t))
        return -1;
    tx = pr_strbuf_detach(&t->text);
    if (xml)
        xm = pr_strbuf_detach(&t->xml);
    else
        pr_strbuf_release(&t->xml); /* markup inside a simple element still built some */
    if (!tx || (xml && !xm)) {
        free(tx);
        free(xm);
        return -1;
    }
    *text = tx;
    if (xml)
        *xml = xm;
    return 0;
}
