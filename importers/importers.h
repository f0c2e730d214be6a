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
extern const struct pr_importer pr_importer_csv;
extern const struct pr_importer pr_importer_services;
extern const struct pr_importer pr_importer_nmap_services;

/* NULL-terminated list of every importer. */
const struct pr_importer *const *pr_importers(void);
/* By name or alias; NULL if unknown. */
const struct pr_importer *pr_importer_find(const char *name);
/* Sniff the format of the file at path from its first bytes. */
int pr_importer_sniff(const char *path, const struct pr_importer **out, pr_error *err);

enum {
    PR_IMPORT_REPLACE = 1, /* replace the registry the database holds */
    PR_IMPORT_FORCE = 2    /* even over local edits, or with fewer than half
                              as many records */
};

struct pr_import_result {
    const struct pr_importer *importer;
    int sniffed; /* format was guessed from the content */
    long records, people, docitems;
    long frequencies; /* observations of a usage layer (nmap-services) */
};

/* Import path into s in one transaction.  format NULL = sniff.  A registry
 * format replaces the registry: refused (PR_EEXIST) when s already holds
 * one unless PR_IMPORT_REPLACE; meta keys source, format and imported_at
 * describe it.  Refused (PR_EREFUSED) whatever the flags: IANA XML whose
 * registry id is not "service-names-port-numbers", a file without records;
 * unless PR_IMPORT_FORCE: replacing a registry with local edits since its
 * import, or with fewer than half as many records.  A layer format (is_registry = 0: nmap-services) replaces
 * only its layer and records its origin under "local.<format>.source" and
 * "local.<format>.imported_at" (kept, like the layer, by a later registry
 * import).  On any error the database is left as it was. */
int pr_import_file(pr_store *s, const char *path, const char *format, int flags,
                   struct pr_import_result *res, pr_error *err);

/* Parse the registry XML in path with the streaming reader. */
int pr_iana_xml_read(const char *path, struct pr_sink *sink, pr_error *err);
/* IANA's CSV: one record per data row, then one person per [Person_Id]. */
int pr_csv_read(const char *path, struct pr_sink *sink, pr_error *err);
/* nmap-services: observations to the sink's frequency callback. */
int pr_nmap_services_read(const char *path, struct pr_sink *sink, pr_error *err);

/* ---- services(5) ------------------------------------------------------- */

/* One line of a services file: "name port/protocol [aliases] [# comment]".
 * Strings are borrowed for the callback. */
struct pr_service_entry {
    const char *name;
    const char *protocol; /* lowercased; may be one IANA does not know (ddp) */
    int port;
    const char *const *aliases;
    size_t n_aliases;
    const char *comment;  /* text after '#', trimmed; NULL if none */
    long line;
    size_t bytes;         /* the line's length without its line break */
    /* A name with blanks before the port ("Apple Remote Desktop (Net
     * Assistant) 3283/tcp"): name holds the words joined by one space and
     * aliases the words after the port.  glibc reads no entry from such a
     * line; callers decide (import refuses it, compare reports it). */
    int unreadable;
};
/* Non-zero from the callback stops the walk and is returned. */
typedef int (*pr_service_cb)(const struct pr_service_entry *e, void *ud, pr_error *err);
/* Walk the entries of a services(5) file; malformed lines are PR_EPARSE
 * errors naming file and line ("no port/protocol", "port '70000' out of
 * range"). */
int pr_services_each(const char *path, pr_service_cb cb, void *ud, pr_error *err);
/* The entries as registry records (for a database of their own): the
 * comment becomes the description, aliases a note "aliases: a b"; entries
 * with a transport IANA does not assign are skipped. */
int pr_services_read(const char *path, struct pr_sink *sink, pr_error *err);

/* ---- what a services file answers: glibc's first match ------------------
 * glibc's nss_files reads /etc/services top to bottom for each lookup and
 * returns the first line that matches: getservbyname(name, proto) the first
 * line of that transport carrying name as its name or an alias,
 * getservbyport(port, proto) the first line of that port and transport.  A
 * later line with the same name or the same port/transport is never the
 * answer to that lookup: it is shadowed.  musl reads lines into a 128-byte
 * buffer and takes the rest of a longer line for a line of its own. */

enum pr_check_kind {
    PR_CHECK_SHADOWED_NAME, /* getservbyname(name, protocol) answers an earlier line */
    PR_CHECK_SHADOWED_PORT, /* getservbyport(port, protocol) answers an earlier line */
    PR_CHECK_LONG_LINE,     /* longer than the width asked */
    PR_CHECK_UNREADABLE     /* a name with blanks: glibc skips the line (an
                               export leaves such a record out: line 0) */
};
struct pr_check_item {
    int kind;                   /* enum pr_check_kind */
    const char *name, *protocol;
    int port;
    long line;
    /* SHADOWED_*: the earlier line that answers the lookup instead */
    long by_line;
    const char *by_name;        /* its name */
    int by_port;                /* its port */
    int unreachable;            /* SHADOWED_PORT: no lookup by name or port of
                                   this transport answers the line at all */
    size_t bytes;               /* LONG_LINE: the line's length */
};
struct pr_check_counts { long lines, shadowed_names, shadowed_ports, long_lines, unreadable; };
typedef int (*pr_check_cb)(const struct pr_check_item *it, void *ud);

/* The default width: musl's buffer less the NUL. */
#define PR_CHECK_WIDTH 127

/* Check the services file at path: every shadowed name and port/transport,
 * every line longer than width bytes (0: no width check), every name glibc
 * cannot read.  Items come in line order (names, then the port, then the
 * width of a line).  Fills counts.  0, the callback's non-zero return, or
 * <0 (a malformed line is PR_EPARSE naming file and line). */
int pr_services_check_file(const char *path, int width, pr_check_cb cb, void *ud,
                           struct pr_check_counts *counts, pr_error *err);

/* ---- compare: a services(5) file against the registry ------------------ */

enum pr_compare_kind {
    PR_COMPARE_UNREGISTERED, /* the registry has neither the name nor the port */
    PR_COMPARE_MISMATCHED,   /* the name sits on another port, or the port has
                                another name */
    PR_COMPARE_MISSING,      /* a registry assignment the file lacks */
    PR_COMPARE_IN_RANGE      /* the line names one port of a registered range
                                after the range: netbase's x11-1 on 6001 of
                                x11's 6000-6063 (not a difference) */
};
enum pr_compare_why {        /* why a line is unregistered */
    PR_WHY_UNASSIGNED = 0,   /* the port is unassigned (or absent) */
    PR_WHY_RESERVED,         /* the port is reserved */
    PR_WHY_TRANSPORT,        /* a transport IANA does not assign (ddp) */
    PR_WHY_OTHER_TRANSPORT   /* the name is registered with other transports
                                only (registry_ports: "443/sctp") */
};
struct pr_compare_item {
    int kind;  /* enum pr_compare_kind */
    int why;   /* enum pr_compare_why, for UNREGISTERED */
    const char *name, *protocol;
    int port, port_hi;     /* port_hi > port for a missing range record */
    long line;             /* line in the file; 0 for missing */
    const char *registry_ports; /* MISMATCHED: the name's ports there ("80, 8080"), or
                                   NULL; UNREGISTERED (OTHER_TRANSPORT): "80/sctp" */
    const char *registry_names; /* MISMATCHED: the port's names there, or NULL;
                                   IN_RANGE: the range, "x11 6000-6063" */
    const char *other_transports; /* names of the line the registry has only
                                     with other transports: "kerberos-iv:
                                     750/udp; kdc: 88/udp", or NULL */
    const struct pr_service_entry *entry; /* the file's line; NULL for missing */
    const struct pr_record *record;       /* MISSING: the registry record */
};
struct pr_compare_counts { long agree, unregistered, mismatched, missing, in_range; };
/* Non-zero from the callback stops the comparison and is returned. */
typedef int (*pr_compare_cb)(const struct pr_compare_item *it, void *ud);

enum { PR_COMPARE_WITH_MISSING = 1 };
/* Walk the services file at path against the registry in s, calling cb for
 * each difference (file order, then missing ones in registry order with
 * PR_COMPARE_WITH_MISSING).  A line agrees when a registry record on its
 * port/transport carries its name or one of its aliases (a range record
 * covers each port in it); a line glibc cannot read (a name with blanks) is
 * left to pr_services_check_file.  Fills counts.  0 or <0 (file errors name the
 * line; PR_ENOTFOUND when s holds no registry). */
int pr_compare_services(pr_store *s, const char *path, int flags, pr_compare_cb cb, void *ud,
                        struct pr_compare_counts *counts, pr_error *err);

/* ---- update: the registry over HTTP(S) ---------------------------------- */

#define PR_UPDATE_DEFAULT_URL \
    "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"

struct pr_update_opts {
    const char *url;    /* default PR_UPDATE_DEFAULT_URL */
    int force;          /* replace local edits; download unconditionally */
    long timeout;       /* whole transfer, seconds (default 120) */
    long long max_bytes;/* size limit (default 64 MiB) */
    const char *tmpdir; /* where the download goes first; NULL or "": /tmp */
    /* Called during the transfer (total 0 when unknown); may be NULL. */
    void (*progress)(void *ud, long long bytes, long long total);
    void *progress_ud;
};
void pr_update_opts_init(struct pr_update_opts *o);

struct pr_update_result {
    int not_modified;                 /* the server answered 304 */
    long long bytes;                  /* bytes downloaded */
    struct pr_import_result import;   /* what was imported */
};

/* Download the registry (XML or CSV) and replace the one in s.  The
 * request is conditional (ETag / Last-Modified of the last update, kept in
 * meta update.etag, update.last_modified, update.url) unless force; a 304
 * sets not_modified and changes nothing.  Refused (PR_EREFUSED) when the
 * database has local edits since its last import, unless force.  The
 * download is parsed completely before anything is replaced; on any error
 * the database is unchanged.  Network errors are PR_EIO with a one-line
 * message. */
int pr_update(pr_store *s, const struct pr_update_opts *o, struct pr_update_result *res,
              pr_error *err);

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
    /* services: local files of services(5) lines, applied in order (a later
     * file overrides an earlier one): each line is placed before every line
     * with its port/transport or one of its names on its transport, so
     * that glibc answers with it; a local line with the name, port and
     * transport of a line already there replaces that line (and keeps its
     * aliases and, when it has none of its own, its comment).  Its lines
     * must have a port 0-65535 and a transport IANA assigns; errors name
     * FILE:LINE and nothing is written. */
    const char *const *local;
    size_t n_local;
    int width;             /* services: cut comments so that every line has
                              at most width bytes (0: no limit; at least
                              32); a line that cannot fit without its
                              comment is an error */
    /* A fixed time for the files written (SOURCE_DATE_EPOCH): with
     * use_source_date their modification times are source_date_epoch
     * (pr_export_file, pr_export_all). */
    int use_source_date;
    long long source_date_epoch;
    const char (*set_digests)[65]; /* private to pr_export_all */
    long test_delay_ms;    /* tests (interrupt.sh): pr_export_file pauses this long
                              once its temporary file exists, pr_export_all after
                              each file; 0: none */
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

/* Check what pr_services_write would write with o, as
 * pr_services_check_file checks a file; the records left out because their
 * name has blanks are PR_CHECK_UNREADABLE items with line 0. */
int pr_services_check_export(pr_store *s, const struct pr_export_opts *o, int width,
                             pr_check_cb cb, void *ud, struct pr_check_counts *counts,
                             pr_error *err);

/* ---- export --all: a release set ------------------------------------------ */

/* The files of a set, in SHA256SUMS order, then SHA256SUMS; NULL-ended. */
extern const char *const pr_export_set_names[];

/* Write the set into the folder dir: service-names-port-numbers.xml (byte
 * for byte when unchanged), .csv and .json, services (with o's services
 * options), and SHA256SUMS over them (sha256sum(1)'s format).  The files go
 * into a temporary folder ".NAME.XXXXXX" beside dir, are flushed to disk,
 * and the folder is renamed into place.  dir may exist when it is empty or
 * holds only files of a set (it is replaced as a whole, keeping its mode);
 * a folder with other files, a symbolic link or anything else is refused
 * (PR_EINVAL, PR_EEXIST).  On any error dir is as it was and the temporary
 * folder is removed.  o's test_delay_ms pauses after each file (tests). */
int pr_export_all(pr_store *s, const char *dir, const struct pr_export_opts *o,
                  pr_error *err);

/* Export to path atomically: a temporary file in path's folder is written,
 * flushed to disk (fsync) and renamed over path.  On any failure path is
 * left as it was and the temporary file is removed. */
int pr_export_file(pr_store *s, const struct pr_exporter *ex, const struct pr_export_opts *o,
                   const char *path, pr_error *err);

#endif
