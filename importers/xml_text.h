/* xml_text.h - private: turns the nodes of a mixed-content element
 * (description, note, unauthorized) into plain text and inner XML. */
#ifndef PORTREG_XML_TEXT_H
#define PORTREG_XML_TEXT_H

#include <stddef.h>

#include "strbuf.h"
#include "xml_dl.h"

struct xml_text {
    struct pr_strbuf text, xml;
    const char *error;
    int no_xml; /* plain text only (simple elements) */
};

void xml_text_init(struct xml_text *t);
void xml_text_release(struct xml_text *t);
/* Append the reader's current node (inside the element). 0 or -1. */
int xml_text_node(struct xml_text *t, xmlTextReaderPtr rd);
/* Hand over the strings (malloc'd, never NULL); xml may be NULL when not
 * wanted. 0 or -1. */
int xml_text_finish(struct xml_text *t, char **text, char **xml);

#endif
