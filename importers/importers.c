/* importers.c - the table of format readers, format sniffing, and
 * pr_import_file: one file into the store in one transaction.
 *
 * Adding a format: write <format>_read.c with a const struct pr_importer,
 * declare it in importers.h, list it in importer_table below, add a broken
 * sample under tests/data/broken/ with its expected message. */
#include "document.h"
#include "edit.h"
#include "importers.h"
#include "input_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int iana_xml_probe(const char *head, size_t len)
{
    /* Look for IANA's namespace or the registry root near the start. */
    char buf[4097];
    size_t n = len < 4096 ? len : 4096;
    memcpy(buf, head, n);
    buf[n] = 0;
    for (size_t i = 0; i < n; i++)
        if (!buf[i])
            buf[i] = ' ';
    if (strstr(buf, "http://www.iana.org/assignments") && strstr(buf, "<registry"))
        return 100;
    if (strstr(buf, "<?xml") || strstr(buf, "<registry"))
        return 50;
    return 0;
}

const struct pr_importer pr_importer_iana_xml = {
    .name = "iana-xml",
    .alias = "xml",
    .probe = iana_xml_probe,
    .read = pr_iana_xml_read,
    .is_registry = 1,
};

static int csv_probe(const char *head, size_t len)
{
    static const char hdr[] = "Service Name,Port Number,Transport Protocol";
    if (len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) {
        head += 3;
        len -= 3;
    }
    if (len >= sizeof hdr - 1 && !memcmp(head, hdr, sizeof hdr - 1))
        return 100;
    return 0;
}

const struct pr_importer pr_importer_csv = {
    .name = "csv",
    .alias = "iana-csv",
    .probe = csv_probe,
    .read = pr_csv_read,
    .is_registry = 1,
};

/* Adding a format: see the top of this file. */
static const struct pr_importer *const importer_table[] = {
    &pr_importer_iana_xml,
    &pr_importer_csv,
    &pr_importer_services,
    &pr_importer_nmap_services,
    NULL,
};

/* "iana-xml, csv, services, nmap-services" */
/* err->field = field (what answers the message: the front end names its
 * option or form field); returns code, the one pr_error_at set. */
static int error_field(pr_error *err, int code, const char *field)
{
    if (err)
        snprintf(err->field, sizeof err->field, "%s", field);
    return code;
}

static const char *known_formats(void)
{
    static char buf[256];
    if (!buf[0])
        for (size_t i = 0; importer_table[i]; i++) {
            if (i)
                strncat(buf, ", ", sizeof buf - strlen(buf) - 1);
            strncat(buf, importer_table[i]->name, sizeof buf - strlen(buf) - 1);
        }
    return buf;
}

const struct pr_importer *const *pr_importers(void)
{
    return importer_table;
}

const struct pr_importer *pr_importer_find(const char *name)
{
    for (size_t i = 0; importer_table[i]; i++) {
        const struct pr_importer *im = importer_table[i];
        if (!strcmp(im->name, name) || (im->alias && !strcmp(im->alias, name)))
            return im;
    }
    return NULL;
}

int pr_importer_sniff(const char *path, const struct pr_importer **out, pr_error *err)
{
    char head[4096];
    FILE *f = NULL;
    int rc = pr_input_open(path, "rb", &f, err);
    *out = NULL;
    if (rc)
        return rc;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n == 0)
        return pr_error_at(err, PR_EPARSE, path, 1, 0, "empty file; cannot tell its format");
    int best = 0;
    for (size_t i = 0; importer_table[i]; i++) {
        int score = importer_table[i]->probe(head, n);
        if (score > best) {
            best = score;
            *out = importer_table[i];
        }
    }
    if (!*out) {
        pr_error_at(err, PR_EPARSE, path, 1, 0,
                    "unknown format: not IANA's XML or CSV, a services file or nmap-services; "
                    "known formats: %s", known_formats());
        return error_field(err, PR_EPARSE, "format");
    }
    return 0;
}

#define REGISTRY_ID "service-names-port-numbers"

/* Is what was just read (records of the file at path, old_records before
 * it) a registry that may take the place of the old one?  IANA's XML names
 * itself; a file with no records, or with fewer than half of the old
 * ones (another registry in IANA's namespace, a truncated download), is
 * refused unless forced. */
static int check_replacement(pr_store *s, const char *path, const struct pr_importer *im,
                             long records, long old_records, int flags, pr_error *err)
{
    if (im == &pr_importer_iana_xml) {
        char *id = NULL;
        int rc = pr_store_meta_get(s, "registry_id", &id, err);
        if (rc && rc != PR_ENOTFOUND)
            return rc;
        if (!id || strcmp(id, REGISTRY_ID)) {
            rc = pr_error_at(err, PR_EREFUSED, path, 0, 0,
                             "registry '%.60s' is not IANA's Service Name and Transport "
                             "Protocol Port Number Registry (id '" REGISTRY_ID "')",
                             id ? id : "(no id)");
            free(id);
            return rc;
        }
        free(id);
    }
    if (records == 0)
        return pr_error_at(err, PR_EREFUSED, path, 0, 0, "no records; a registry holds "
                           "thousands (nothing was imported)");
    if (old_records > 0 && records < (old_records + 1) / 2 && !(flags & PR_IMPORT_FORCE)) {
        pr_error_at(err, PR_EREFUSED, path, 0, 0,
                    "%ld records, fewer than half of the %ld it would replace; forcing the "
                    "import replaces them if that is right", records, old_records);
        return error_field(err, PR_EREFUSED, "force");
    }
    return 0;
}

/* The importer named by format, or the one path's content looks like. */
static int pick_importer(const char *path, const char *format, const struct pr_importer **im,
                         struct pr_import_result *res, pr_error *err)
{
    if (format) {
        if (!(*im = pr_importer_find(format)))
            return pr_error_set(err, PR_EINVAL, "unknown format '%s' (known: %s)", format,
                                known_formats());
        return 0;
    }
    res->sniffed = 1;
    return pr_importer_sniff(path, im, err);
}

/* Inside the import's transaction, before a registry is read: a registry
 * already there is replaced only when asked, never over local edits
 * unless forced, and its record count is kept for check_replacement. */
static int clear_registry(pr_store *s, const char *path, const struct pr_importer *im,
                          int flags, long *old_records, pr_error *err)
{
    int rc = pr_store_has_registry(s, err);
    if (rc > 0 && !(flags & PR_IMPORT_REPLACE) && im == &pr_importer_services)
        /* Most likely meant as a comparison source, not a new registry. */
        return pr_error_field(err, PR_EEXIST, "replace",
                              "the database already holds a registry; a services file is "
                              "better imported into a database of its own and compared with "
                              "the registry, or it must be asked to replace the registry");
    if (rc > 0 && !(flags & PR_IMPORT_REPLACE))
        return pr_error_field(err, PR_EEXIST, "replace",
                              "the database already holds a registry; replacing it with '%s' "
                              "must be asked for", path);
    if (rc <= 0)
        return rc;
    /* A replacement must not drop edits or records unnoticed. */
    long edits = pr_history_edits_since_import(s, err);
    if (edits < 0)
        return (int)edits;
    if (edits > 0 && !(flags & PR_IMPORT_FORCE))
        return pr_error_field(err, PR_EREFUSED, "force",
                              "the database has %ld local change%s since its last import, "
                              "which replacing the registry loses (undo cannot bring %s "
                              "back); forcing the import replaces %s", edits,
                              edits == 1 ? "" : "s", edits == 1 ? "it" : "them",
                              edits == 1 ? "it" : "them");
    if ((*old_records = pr_store_record_count(s, err)) < 0)
        return (int)*old_records;
    return pr_store_clear_registry(s, err);
}

/* path read through im into the store (a registry in bulk, its people's
 * references collected as it streams). */
static int stream_file(pr_store *s, const char *path, const struct pr_importer *im,
                       struct pr_store_sink *sink, pr_error *err)
{
    struct stat sb;
    int rc, bulk = im->is_registry;
    pr_store_sink_init(sink, s);
    if (im->is_registry && !(sink->refs = pr_people_refs_new()))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    if (bulk && (rc = pr_store_bulk_begin(s, stat(path, &sb) == 0 ? (long long)sb.st_size : 0,
                                          err)))
        return rc;
    if ((rc = im->read(path, &sink->sink, err)))
        return rc;
    return bulk ? pr_store_bulk_end(s, err) : 0;
}

/* Where the data came from and when, in the metadata.  A layer leaves the
 * registry's own source and import time alone; like the layer itself, its
 * keys survive 'import --replace'. */
static int record_source(pr_store *s, const char *path, const struct pr_importer *im,
                         pr_error *err)
{
    char now[PR_TIME_LEN], k_source[80], k_at[80];
    int rc;
    pr_store_now(s, now);
    if (im->is_registry) {
        if ((rc = pr_store_meta_set(s, "source", path, err)) ||
            (rc = pr_store_meta_set(s, "format", im->name, err)))
            return rc;
        return pr_store_meta_set(s, "imported_at", now, err);
    }
    snprintf(k_source, sizeof k_source, "local.%s.source", im->name);
    snprintf(k_at, sizeof k_at, "local.%s.imported_at", im->name);
    if ((rc = pr_store_meta_set(s, k_source, path, err)))
        return rc;
    return pr_store_meta_set(s, k_at, now, err);
}

int pr_import_file(pr_store *s, const char *path, const char *format, int flags,
                   struct pr_import_result *res, pr_error *err)
{
    const struct pr_importer *im = NULL;
    struct pr_store_sink sink = {.refs = NULL};
    long old_records = 0;
    int rc;

    memset(res, 0, sizeof *res);
    if ((rc = pick_importer(path, format, &im, res, err)))
        return rc;
    res->importer = im;
    if (im->is_registry)
        pr_store_load_journal(s, 1);
    if ((rc = pr_store_begin(s, err))) {
        pr_store_load_journal(s, 0);
        return rc;
    }
    if (im->is_registry)
        rc = clear_registry(s, path, im, flags, &old_records, err);
    else
        rc = pr_store_frequency_clear(s, err); /* the only layer so far: nmap-services */
    if (rc || (rc = stream_file(s, path, im, &sink, err)))
        goto fail;
    if (im->is_registry &&
        ((rc = check_replacement(s, path, im, sink.records, old_records, flags, err)) ||
         (rc = pr_store_mark_unreferenced_people(s, sink.refs, err))))
        goto fail;
    pr_people_refs_free(sink.refs);
    sink.refs = NULL;
    if ((rc = record_source(s, path, im, err)) || (rc = pr_store_commit(s, err)))
        goto fail;
    pr_store_load_journal(s, 0);
    /* A first import built aside is put in place now (pr_store_publish). */
    if ((rc = pr_store_publish(s, err)))
        return rc;
    res->records = sink.records;
    res->people = sink.people;
    res->docitems = sink.docitems;
    res->frequencies = sink.frequencies;
    return 0;
fail:
    pr_people_refs_free(sink.refs);
    pr_store_rollback(s);
    pr_store_load_journal(s, 0);
    return rc;
}
