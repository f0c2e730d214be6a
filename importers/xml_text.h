/* xml_text.h - private: turns the nodes of a mixed-content element
 * (description, note, unauthorized) into plain text and inner XML. */
#ifndef PORTREG_XML_TEXT_H
#define PORTREG_XML_TEXT_H

#include <stddef.h>

#include "xml_dl.h"

struct xml_buf {
    char *p;
    size_t len, cap;
};

struct xml_text {
    struct xml_buf text, xml;
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

int xml_buf_add(struct xml_buf *b, const char *s, size_t n);
/* Append s escaped as XML character data (& < >), or as an attribute
 * value (also "). */
int xml_buf_add_escaped(struct xml_buf *b, const char *s, int attr);
/* s escaped as XML character data, malloc'd; NULL when out of memory. */
char *xml_escape_dup(const char *s);

#endif
