/* store_int.h - private to registry/: the store handle and SQL helpers. */
#ifndef PORTREG_STORE_INT_H
#define PORTREG_STORE_INT_H

#include <sqlite3.h>

#include "registry.h"

struct pr_store {
    sqlite3 *db;
    char *path;
    int readonly;
    /* the file opened, to notice it removed or replaced (pr_store_check) */
    int have_file;
    unsigned long long dev, ino;
    /* statements cached for bulk import and record loading */
    sqlite3_stmt *ins_record, *ins_xref, *ins_note, *ins_person;
    sqlite3_stmt *get_xrefs, *get_notes;
    int bulk; /* inside pr_store_bulk_begin/end: no per-row FTS */
    /* settings (settings.c); all zero: the system clock, the login name */
    int clock_set;
    long long clock;                 /* seconds since 1970, when clock_set */
    char author[PR_AUTHOR_MAX + 1];  /* "": the login name, looked up when needed */
    long commit_delay_ms;            /* test hook: sleep before each change commits */
};

extern const char pr_schema_indexes[];
extern const char pr_schema_drop_indexes[];
/* Create or migrate the schema to PR_SCHEMA_VERSION. */
int pr_schema_ensure(sqlite3 *db, pr_error *err);

/* Prepare once into *st (cached on the handle). */
int pr_store_prepare(pr_store *s, sqlite3_stmt **st, const char *sql, pr_error *err);
int pr_store_exec(pr_store *s, const char *sql, pr_error *err);
int pr_store_dberr(pr_store *s, pr_error *err, const char *what);

/* Copy column i as a malloc'd string (NULL for SQL NULL). */
char *pr_col_strdup(sqlite3_stmt *st, int i);
/* Bind NULL-able text. */
int pr_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Fill r from a row of PR_RECORD_COLUMNS and load its xrefs and notes. */
#define PR_RECORD_COLUMNS \
    "record.id, record.seq, record.name, record.protocol, record.number, " \
    "record.port_lo, record.port_hi, record.description, record.description_xml, " \
    "record.unauthorized, record.unauthorized_xml, record.sc, record.date, " \
    "record.updated, record.layout, record.raw, record.line"
int pr_store_load_record_row(pr_store *s, sqlite3_stmt *st, struct pr_record *r,
                             pr_error *err);
/* Fill r's own fields (not xrefs or notes) from a row of PR_RECORD_COLUMNS
 * or of the same columns in the same order. */
void pr_store_record_fields(sqlite3_stmt *st, struct pr_record *r);
/* Fill p from a row of id,seq,name,org,uri,updated,raw,line. */
void pr_store_person_fields(sqlite3_stmt *st, struct pr_person *p);

#endif
