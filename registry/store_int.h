/* store_int.h - private to registry/: the store handle and SQL helpers. */
#ifndef PORTREG_STORE_INT_H
#define PORTREG_STORE_INT_H

#include <sqlite3.h>
#include <stdarg.h>

#include "registry.h"

struct pr_history_change;

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
    /* look-ups run once per person or record shown: prepared once */
    sqlite3_stmt *get_person, *get_freq, *get_freq_span;
    /* searches (search.c) kept prepared by their SQL: a comparison runs
     * two per line of a services file */
    struct pr_cached_stmt {
        char *sql;
        sqlite3_stmt *st;
        int busy; /* stepping: a search from a callback prepares its own */
    } searches[4];
    unsigned next_search; /* the slot the next new SQL takes */
    int bulk; /* inside pr_store_bulk_begin/end: no per-row FTS */
    int load_journal; /* pr_store_load_journal switched to a rollback journal */
    int created; /* this open created the file (pr_store_discard) */
    /* A first import's database, built beside path with no journal on
     * disk and moved into place whole (pr_store_publish); NULL once
     * published. */
    char *build;
    /* settings (settings.c); all zero: the system clock, the login name */
    int clock_set;
    long long clock;                 /* seconds since 1970, when clock_set */
    char author[PR_AUTHOR_MAX + 1];  /* "": the login name, looked up when needed */
    long commit_delay_ms;            /* test hook: sleep before each change commits */
    int commit_signal;               /* test hook: raise it before (< 0) or after (> 0) COMMIT */
    /* pr_edit_dry_run: changes are shown to dry_run and rolled back */
    int (*dry_run)(const struct pr_history_change *c, void *ud);
    void *dry_ud;
};

/* store_file.c: the database file and its companions. */
/* A new file "PATH-build-PID-XXXXXX" to build the database of path in
 * (registered for removal on a signal): s->build.  Files of that name left
 * by a process that no longer runs (kill -9 mid-import) are removed. */
int pr_store_build_file(pr_store *s, const char *path, pr_error *err);
/* Move s->build to s->path: synced, renamed without replacing anything
 * (refused when a database appeared there meanwhile), folder synced. */
int pr_store_build_rename(pr_store *s, pr_error *err);
struct stat;
/* Refuse a path that cannot be a database file ("", ":memory:", a "file:"
 * URI, a folder, a FIFO, a device, or one whose -wal, -shm or -journal is
 * not a regular file); *exists and *sb say whether and what it is. */
int pr_store_check_path(const char *path, int *exists, struct stat *sb, pr_error *err);
/* Reading another user's database: *immutable when it must be opened as
 * immutable (so that no -wal or -shm of ours is left); refuses a -wal
 * without its -shm. */
int pr_store_other_user(const char *path, const struct stat *db, int *immutable,
                        pr_error *err);
/* When SQLite refuses to write: is it a -wal or -shm we cannot write
 * (another user's)?  Then PR_EDB naming the file and its owner, else 0. */
int pr_store_check_writable(const char *path, pr_error *err);
/* SQLITE_BUSY after the busy timeout: which database, which process holds
 * its write lock.  what (may be NULL) prefixes the message. */
int pr_store_busy(pr_store *s, pr_error *err, const char *what);
/* Remove the database file path and its companions (pr_store_discard). */
void pr_store_file_remove(const char *path);

extern const char pr_schema_indexes[];
/* Records whose ports overlap [LO, HI] (SQL expressions, each used twice):
 * a record spans at most 64 ports or is one of the few wide ones (IANA's
 * unassigned blocks, vrml-multi-use...), so the narrow ones are a short walk
 * of index record_port from LO - 63 and the wide ones of the partial index
 * record_wide.  "port_lo <= HI AND port_hi >= LO" alone walks the index from
 * port 0 (thousands of rows for a high port, and more as the registry
 * grows).  The constant must match record_wide's definition in schema.c. */
#define PR_SQL_PORTS_OVERLAP(LO, HI) \
    "((port_lo BETWEEN " LO " - 63 AND " HI " AND port_hi >= " LO ") OR " \
    "(port_hi - port_lo > 63 AND port_lo <= " HI " AND port_hi >= " LO "))"
extern const char pr_schema_drop_indexes[];
/* Create or migrate the schema to PR_SCHEMA_VERSION. */
int pr_schema_ensure(sqlite3 *db, pr_error *err);
/* Every table and column of PR_SCHEMA_VERSION is there (a damaged or
 * crafted file may lack some): PR_ESCHEMA naming the first one missing. */
int pr_schema_check(sqlite3 *db, const char *path, pr_error *err);
/* Before writing: no trigger (portreg creates none; a crafted copy's
 * trigger would change or delete rows behind every edit, unrecorded):
 * PR_ESCHEMA naming it. */
int pr_schema_no_triggers(sqlite3 *db, const char *path, pr_error *err);

/* Prepare once into *st (cached on the handle). */
int pr_store_prepare(pr_store *s, sqlite3_stmt **st, const char *sql, pr_error *err);
int pr_store_exec(pr_store *s, const char *sql, pr_error *err);
/* Finalizes the statements the store keeps prepared (store.c), before
 * its connection closes or is replaced (store_open.c). */
void pr_store_finalize_cached(pr_store *s);
int pr_store_dberr(pr_store *s, pr_error *err, const char *what);

/* ---- store_sql.c: small SQL steps ---- */

/* Copy column i as a malloc'd string (NULL for SQL NULL). */
char *pr_col_strdup(sqlite3_stmt *st, int i);
/* Bind NULL-able text. */
int pr_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Run sql, binding its parameters from the variadic arguments as fmt says
 * ('i' int, 'l' long long, 's' text), and return the first column of the
 * first row, or dflt when there is none or it is NULL; *dberr set on a
 * SQLite error.  Does nothing (returns dflt) when *dberr is set already, so
 * that calls in a row may check *dberr once, after the last. */
long long pr_sql_scalar(pr_store *s, const char *sql, long long dflt, int *dberr, const char *fmt,
                        ...);

/* ---- one-shot statements: prepare, bind, step, finalize in one call ----
 * fmt names the parameters ?1, ?2 ... in order: 'i' an int, 'l' a long long,
 * 's' a text (NULL binds NULL; the text must outlive the statement).  what
 * words an error ("cannot read registry"): PR_EDB with SQLite's message,
 * for a failed prepare too. */
void pr_sql_bindv(sqlite3_stmt *st, const char *fmt, va_list ap); /* store_sql.c */
/* Prepare sql into *st and bind; the caller steps and finalizes *st (left
 * NULL on error). */
int pr_sql_open(pr_store *s, sqlite3_stmt **st, pr_error *err, const char *what,
                const char *sql, const char *fmt, ...);
/* A statement that returns no rows (INSERT, UPDATE, DELETE), run once. */
int pr_sql_run(pr_store *s, pr_error *err, const char *what, const char *sql, const char *fmt,
               ...);
/* The first column of the first row as an integer into *out; dflt when
 * there is no row or the value is NULL. */
int pr_sql_int(pr_store *s, pr_error *err, const char *what, long long *out, long long dflt,
               const char *sql, const char *fmt, ...);

/* Fill r from a row of PR_RECORD_COLUMNS and load its xrefs and notes,
 * every value checked (rows.c). */
#define PR_RECORD_COLUMNS \
    "record.id, record.seq, record.name, record.protocol, record.number, " \
    "record.port_lo, record.port_hi, record.description, record.description_xml, " \
    "record.unauthorized, record.unauthorized_xml, record.sc, record.date, " \
    "record.updated, record.layout, record.raw, record.line"
int pr_store_load_record_row(pr_store *s, sqlite3_stmt *st, struct pr_record *r,
                             pr_error *err);

/* ---- rows.c: every value read from the database is checked ---- */

/* Where a row comes from, for the message that names it. */
struct pr_rowloc {
    pr_store *s;
    const char *table;  /* "record", "history_change", ... */
    const char *column; /* the column holding the row as JSON ("after"), or NULL */
    /* The row's name, formatted only for a message: n1 ("7"), n1/n2
     * ("3/0"), 'key' or n1/key; PR_ROW_AUTO lets pr_row_record and
     * pr_row_person name the row by its own id. */
    enum { PR_ROW_AUTO = 0, PR_ROW_NUM, PR_ROW_PAIR, PR_ROW_KEY, PR_ROW_NUM_KEY } how;
    long long n1, n2;
    const char *key; /* borrowed until the message is made */
};
#define PR_ROWLOC(s, table) {(s), (table), NULL, PR_ROW_AUTO, 0, 0, NULL}
#define PR_ROW_AT(w, h, a, b, k) ((w)->how = (h), (w)->n1 = (a), (w)->n2 = (b), (w)->key = (k))
/* "FILE: damaged database: table 'T', row ID: [COLUMN: ]message"; PR_ESCHEMA. */
int pr_row_bad(const struct pr_rowloc *w, pr_error *err, const char *fmt, ...) PR_PRINTF(3, 4);
/* Column i, called name, holds text (or NULL when nullable). */
int pr_row_text(const struct pr_rowloc *w, sqlite3_stmt *st, int i, const char *name,
                int nullable, pr_error *err);
/* Column i holds an integer in lo..hi (*v; may be NULL), or NULL when
 * nullable (*v untouched). */
int pr_row_int(const struct pr_rowloc *w, sqlite3_stmt *st, int i, const char *name, int nullable,
               long long lo, long long hi, long long *v, pr_error *err);
/* Columns i and i + 1 hold port_lo and port_hi: both NULL (*lo = *hi =
 * -1), or ports 0-65535 with lo <= hi. */
int pr_row_ports(const struct pr_rowloc *w, sqlite3_stmt *st, int i, int *lo, int *hi,
                 pr_error *err);
/* Fill r's own fields from a row of PR_RECORD_COLUMNS (or the same columns
 * in the same order): ports 0-65535 with lo <= hi and agreeing with the
 * number, a known protocol and layout codes, text where text belongs. */
int pr_row_record(struct pr_rowloc *w, sqlite3_stmt *st, struct pr_record *r, pr_error *err);
/* Append to r the xref of a row role,type,data,text / the note of a row
 * text,xml. */
int pr_row_xref(const struct pr_rowloc *w, sqlite3_stmt *st, struct pr_record *r, pr_error *err);
int pr_row_note(const struct pr_rowloc *w, sqlite3_stmt *st, struct pr_record *r, pr_error *err);
/* Fill p from a row of id,seq,name,org,uri,updated,raw,line. */
int pr_row_person(struct pr_rowloc *w, sqlite3_stmt *st, struct pr_person *p, pr_error *err);

#endif
