/* importers.h - public API of libportreg's format readers and writers.
 *
 * A reader parses one file format and streams records, people and document
 * items into a struct pr_sink (registry.h); it knows nothing of SQLite.
 * Adding a format: one reader file, one row in importers.c.
 */
#ifndef PORTREG_IMPORTERS_H
#define PORTREG_IMPORTERS_H

#include <stddef.h>

#include "registry.h"

struct pr_importer {
    const char *name;  /* "iana-xml", "csv", "services", ... */
    const char *alias; /* short name accepted by --format ("xml"), or NULL */
    /* Does the start of a file look like this format?  Higher is surer
     * (0 = no). */
    int (*probe)(const char *head, size_t len);
    int (*read)(const char *path, struct pr_sink *sink, pr_error *err);
    /* Does this format carry a whole registry (replacing records), as
     * opposed to a side layer?  */
    int is_registry;
};

extern const struct pr_importer pr_importer_iana_xml;

/* NULL-terminated list of every importer. */
const struct pr_importer *const *pr_importers(void);
/* By name or alias; NULL if unknown. */
const struct pr_importer *pr_importer_find(const char *name);
/* Sniff the format of the file at path from its first bytes. */
int pr_importer_sniff(const char *path, const struct pr_importer **out, pr_error *err);

enum { PR_IMPORT_REPLACE = 1 };

struct pr_import_result {
    const struct pr_importer *importer;
    int sniffed; /* format was guessed from the content */
    long records, people, docitems;
};

/* Import path into s in one transaction.  format NULL = sniff.  Refuses
 * (PR_EEXIST) when s already holds a registry unless PR_IMPORT_REPLACE.  On
 * any error the database is left as it was. */
int pr_import_file(pr_store *s, const char *path, const char *format, int flags,
                   struct pr_import_result *res, pr_error *err);

/* Parse the registry XML in path with the streaming reader. */
int pr_iana_xml_read(const char *path, struct pr_sink *sink, pr_error *err);

/* ---- writers ------------------------------------------------------------- */

/* Regenerate one record (from "\n  <record" through "</record>") or one
 * person (from "\n    <person" through "</person>") in IANA's layout from
 * its fields, layout, xrefs and notes; raw is ignored.  description_xml,
 * unauthorized_xml and the notes' xml are written as they are (an edit that
 * changes the plain text must update them or set them NULL, in which case
 * the plain text is escaped).  *out is malloc'd.  0 or PR_ENOMEM. */
int pr_iana_xml_record(const struct pr_record *r, char **out);
int pr_iana_xml_person(const struct pr_person *p, char **out);

struct pr_export_opts {
    const char *protocols; /* services: "tcp,udp"; NULL = every transport */
    int expand_ranges;     /* services: one line per port of a range */
};

struct pr_exporter {
    const char *name;  /* "xml", "csv", "services", "json" */
    const char *about; /* one line for --help */
    int (*write)(pr_store *s, FILE *f, const struct pr_export_opts *o, pr_error *err);
};

/* NULL-terminated list of every writer; one by name (NULL if unknown). */
const struct pr_exporter *const *pr_exporters(void);
const struct pr_exporter *pr_exporter_find(const char *name);

/* The writers.  Each writes the whole registry to f; PR_EIO when f fails. */
int pr_iana_xml_write(pr_store *s, FILE *f, pr_error *err);
int pr_csv_write(pr_store *s, FILE *f, pr_error *err);
int pr_services_write(pr_store *s, FILE *f, const struct pr_export_opts *o, pr_error *err);
int pr_json_write(pr_store *s, FILE *f, pr_error *err);

/* Export to path atomically: a temporary file in path's folder is written,
 * flushed to disk (fsync) and renamed over path.  On any failure path is
 * left as it was and the temporary file is removed. */
int pr_export_file(pr_store *s, const struct pr_exporter *ex, const struct pr_export_opts *o,
                   const char *path, pr_error *err);

#endif
