/* xml_dl.c - loads libxml2 on first use (see xml_dl.h for why). */
#include "xml_dl.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

struct pr_xml_api pr_xml;

static void *xml_lib;

int pr_xml_load(pr_error *err)
{
    static const struct {
        const char *name;
        size_t offset;
    } syms[] = {
#define SYM(field, name) {name, offsetof(struct pr_xml_api, field)}
        SYM(ReaderForMemory, "xmlReaderForMemory"),
        SYM(FreeTextReader, "xmlFreeTextReader"),
        SYM(Read, "xmlTextReaderRead"),
        SYM(NodeType, "xmlTextReaderNodeType"),
        SYM(Depth, "xmlTextReaderDepth"),
        SYM(IsEmptyElement, "xmlTextReaderIsEmptyElement"),
        SYM(HasAttributes, "xmlTextReaderHasAttributes"),
        SYM(MoveToNextAttribute, "xmlTextReaderMoveToNextAttribute"),
        SYM(MoveToElement, "xmlTextReaderMoveToElement"),
        SYM(ConstName, "xmlTextReaderConstName"),
        SYM(ConstLocalName, "xmlTextReaderConstLocalName"),
        SYM(ConstValue, "xmlTextReaderConstValue"),
        SYM(ConstNamespaceUri, "xmlTextReaderConstNamespaceUri"),
        SYM(GetAttribute, "xmlTextReaderGetAttribute"),
        SYM(CurrentNode, "xmlTextReaderCurrentNode"),
        SYM(GetParserLineNumber, "xmlTextReaderGetParserLineNumber"),
        SYM(SetStructuredErrorHandler, "xmlTextReaderSetStructuredErrorHandler"),
        SYM(GetLineNo, "xmlGetLineNo"),
        SYM(FreeVar, "xmlFree"),
#undef SYM
    };
    if (xml_lib)
        return 0;
    void *lib = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return pr_error_set(err, PR_EIO, "cannot load libxml2 (libxml2.so.2): %s", dlerror());
    for (size_t i = 0; i < sizeof syms / sizeof *syms; i++) {
        void *f = dlsym(lib, syms[i].name);
        if (!f) {
            dlclose(lib);
            return pr_error_set(err, PR_EIO, "libxml2.so.2 lacks %s", syms[i].name);
        }
        /* POSIX: a dlsym result converts to a function pointer. */
        memcpy((char *)&pr_xml + syms[i].offset, &f, sizeof f);
    }
    xml_lib = lib;
    return 0;
}
