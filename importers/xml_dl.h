/* xml_dl.h - private to importers/: libxml2, loaded on first use.
 *
 * Debian's libxml2 brings ICU and the C++ runtime with it, whose start-up
 * work cost every portreg process about a millisecond (more than a whole
 * `search` takes) although only the XML readers need it.  So libxml2 is
 * dlopen()ed by pr_xml_load(), and the xml* calls in the readers go through
 * the function pointers below.  Include this header instead of
 * <libxml/xmlreader.h>. */
#ifndef PORTREG_XML_DL_H
#define PORTREG_XML_DL_H

#include <libxml/xmlreader.h>

#include "registry.h"

struct pr_xml_api {
    xmlTextReaderPtr (*ReaderForMemory)(const char *buffer, int size, const char *URL,
                                         const char *encoding, int options);
    void (*FreeTextReader)(xmlTextReaderPtr reader);
    int (*Read)(xmlTextReaderPtr reader);
    int (*NodeType)(xmlTextReaderPtr reader);
    int (*Depth)(xmlTextReaderPtr reader);
    int (*IsEmptyElement)(xmlTextReaderPtr reader);
    int (*HasAttributes)(xmlTextReaderPtr reader);
    int (*MoveToNextAttribute)(xmlTextReaderPtr reader);
    int (*MoveToElement)(xmlTextReaderPtr reader);
    const xmlChar *(*ConstName)(xmlTextReaderPtr reader);
    const xmlChar *(*ConstLocalName)(xmlTextReaderPtr reader);
    const xmlChar *(*ConstValue)(xmlTextReaderPtr reader);
    const xmlChar *(*ConstNamespaceUri)(xmlTextReaderPtr reader);
    xmlChar *(*GetAttribute)(xmlTextReaderPtr reader, const xmlChar *name);
    xmlNodePtr (*CurrentNode)(xmlTextReaderPtr reader);
    int (*GetParserLineNumber)(xmlTextReaderPtr reader);
    void (*SetStructuredErrorHandler)(xmlTextReaderPtr reader, xmlStructuredErrorFunc f,
                                      void *arg);
    long (*GetLineNo)(const xmlNode *node);
    long (*ByteConsumed)(xmlTextReaderPtr reader);
    /* libxml2's global loader of external resources: the registry reader
     * swaps in one that refuses everything while it parses. */
    xmlExternalEntityLoader (*GetExternalEntityLoader)(void);
    void (*SetExternalEntityLoader)(xmlExternalEntityLoader f);
    xmlFreeFunc *FreeVar; /* the library's xmlFree variable */
};
extern struct pr_xml_api pr_xml;

/* Load libxml2 (once); PR_EIO naming the library if it cannot be loaded. */
int pr_xml_load(pr_error *err);

#undef xmlFree
#define xmlFree (*pr_xml.FreeVar)
#define xmlReaderForMemory pr_xml.ReaderForMemory
#define xmlFreeTextReader pr_xml.FreeTextReader
#define xmlTextReaderRead pr_xml.Read
#define xmlTextReaderNodeType pr_xml.NodeType
#define xmlTextReaderDepth pr_xml.Depth
#define xmlTextReaderIsEmptyElement pr_xml.IsEmptyElement
#define xmlTextReaderHasAttributes pr_xml.HasAttributes
#define xmlTextReaderMoveToNextAttribute pr_xml.MoveToNextAttribute
#define xmlTextReaderMoveToElement pr_xml.MoveToElement
#define xmlTextReaderConstName pr_xml.ConstName
#define xmlTextReaderConstLocalName pr_xml.ConstLocalName
#define xmlTextReaderConstValue pr_xml.ConstValue
#define xmlTextReaderConstNamespaceUri pr_xml.ConstNamespaceUri
#define xmlTextReaderGetAttribute pr_xml.GetAttribute
#define xmlTextReaderCurrentNode pr_xml.CurrentNode
#define xmlTextReaderGetParserLineNumber pr_xml.GetParserLineNumber
#define xmlTextReaderSetStructuredErrorHandler pr_xml.SetStructuredErrorHandler
#define xmlGetLineNo pr_xml.GetLineNo
#define xmlTextReaderByteConsumed pr_xml.ByteConsumed
#define xmlGetExternalEntityLoader pr_xml.GetExternalEntityLoader
#define xmlSetExternalEntityLoader pr_xml.SetExternalEntityLoader

#endif
