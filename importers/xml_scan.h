/* xml_scan.h - private: a byte-exact tag scanner that runs beside libxml2's
 * reader to find where each top-level item of the registry starts and ends.
 * It trusts libxml2 for well-formedness and only tracks tags, skipping
 * comments, processing instructions, CDATA and quoted attribute values. */
#ifndef PORTREG_XML_SCAN_H
#define PORTREG_XML_SCAN_H

#include <stddef.h>

struct xml_scan {
    const char *buf;
    size_t len, pos;
    int depth; /* open elements before pos */
    long markup; /* comments and processing instructions passed */
    size_t markup_bytes;
    size_t line_pos; /* lines are counted up to here ... */
    long line;       /* ... where this line starts or runs */
    int mapped;      /* buf is a read-only file mapping: pages behind pos
                        are given back as the scan passes (xml_scan_release) */
    size_t released; /* pages before this offset were given back */
};

/* What a whole-file pass finds, to refuse hostile shapes before libxml2
 * builds nodes for them (it buffers runs of comments and PIs). */
struct xml_scan_census {
    long markup;         /* comments and processing instructions */
    size_t markup_bytes; /* their total size */
    size_t root_start;   /* offset of the first start tag; len if none */
    size_t root_end;     /* offset after the root element; len if unseen */
    int root_closed;     /* the root element ends (a file cut at a tag does not) */
};

void xml_scan_init(struct xml_scan *s, const char *buf, size_t len);
/* Is there a <!DOCTYPE before the first element?  Sets its line. */
int xml_scan_find_doctype(struct xml_scan *s, long *line);
/* Scan the whole buffer (s is not moved). */
void xml_scan_census(const struct xml_scan *s, struct xml_scan_census *c);
/* Line (from 1) of the next start tag after pos, which is not consumed;
 * 0 if there is none.  Exact at any size, unlike libxml2's node lines,
 * which stop at 65535 (past it they come from a neighbouring text node). */
long xml_scan_next_start_line(struct xml_scan *s);
/* Consume the next start tag; *end = offset after its '>'. 0 or -1. */
int xml_scan_start_tag(struct xml_scan *s, size_t *end);
/* Consume the next end tag. 0 or -1. */
int xml_scan_end_tag(struct xml_scan *s);
/* Consume one whole element that opens at depth base (base open elements
 * around it); *end = offset after its end tag. 0 or -1. */
int xml_scan_item_end(struct xml_scan *s, int base, size_t *end);
/* buf is a read-only private file mapping (page-aligned): give back its
 * pages before upto less a margin of 2 MiB, in steps of 2 MiB (*released
 * tracks what was given back), so that a pass over a large file does not
 * keep it all resident.  A page touched again is read back from the page
 * cache, unchanged.  Peak RSS then stays flat as the registry grows. */
void xml_scan_release(const char *buf, size_t *released, size_t upto);
/* malloc'd copy of buf[from, to). */
char *xml_span_dup(const struct xml_scan *s, size_t from, size_t to);

#endif
