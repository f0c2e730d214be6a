/* xml_dl.c - loads libxml2 on first use (see xml_dl.h for why). */
#include "xml_dl.h"
#include "dl.h"

struct pr_xml_api pr_xml;

static void *lib_handle;

int pr_xml_load(pr_error *err)
{
    static const struct pr_dl_sym syms[] = {
        PR_DL_SYM(struct pr_xml_api, ReaderForMemory, "xmlReaderForMemory"),
        PR_DL_SYM(struct pr_xml_api, FreeTextReader, "xmlFreeTextReader"),
        PR_DL_SYM(struct pr_xml_api, Read, "xmlTextReaderRead"),
        PR_DL_SYM(struct pr_xml_api, NodeType, "xmlTextReaderNodeType"),
        PR_DL_SYM(struct pr_xml_api, Depth, "xmlTextReaderDepth"),
        PR_DL_SYM(struct pr_xml_api, IsEmptyElement, "xmlTextReaderIsEmptyElement"),
        PR_DL_SYM(struct pr_xml_api, HasAttributes, "xmlTextReaderHasAttributes"),
        PR_DL_SYM(struct pr_xml_api, MoveToNextAttribute, "xmlTextReaderMoveToNextAttribute"),
        PR_DL_SYM(struct pr_xml_api, MoveToElement, "xmlTextReaderMoveToElement"),
        PR_DL_SYM(struct pr_xml_api, ConstName, "xmlTextReaderConstName"),
        PR_DL_SYM(struct pr_xml_api, ConstLocalName, "xmlTextReaderConstLocalName"),
        PR_DL_SYM(struct pr_xml_api, ConstValue, "xmlTextReaderConstValue"),
        PR_DL_SYM(struct pr_xml_api, ConstNamespaceUri, "xmlTextReaderConstNamespaceUri"),
        PR_DL_SYM(struct pr_xml_api, GetAttribute, "xmlTextReaderGetAttribute"),
        PR_DL_SYM(struct pr_xml_api, CurrentNode, "xmlTextReaderCurrentNode"),
        PR_DL_SYM(struct pr_xml_api, GetParserLineNumber, "xmlTextReaderGetParserLineNumber"),
        PR_DL_SYM(struct pr_xml_api, SetStructuredErrorHandler, "xmlTextReaderSetStructuredErrorHandler"),
        PR_DL_SYM(struct pr_xml_api, GetLineNo, "xmlGetLineNo"),
        PR_DL_SYM(struct pr_xml_api, ByteConsumed, "xmlTextReaderByteConsumed"),
        PR_DL_SYM(struct pr_xml_api, GetExternalEntityLoader, "xmlGetExternalEntityLoader"),
        PR_DL_SYM(struct pr_xml_api, SetExternalEntityLoader, "xmlSetExternalEntityLoader"),
        PR_DL_SYM(struct pr_xml_api, FreeVar, "xmlFree"),
    };
    return pr_dl_load(&lib_handle, "libxml2.so.2", syms, sizeof syms / sizeof *syms, &pr_xml,
                      "reading XML", err);
}
