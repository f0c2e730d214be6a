/* store.c - the SQLite store: SQL helpers, transactions,
 * metadata, and reading/writing records, people and document items. */
#include "store_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pr_store_dberr(pr_store *s, pr_error *err, const char *what)
{
    /* For I/O failures say what the system said too ("No space left on
     * device", "File too large"): "disk I/O error" alone does not help. */
    int code = sqlite3_errcode(s->db) & 0xff, sys = sqlite3_system_errno(s->db);
    if (code == SQLITE_BUSY)
        return pr_store_busy(s, err, what);
    /* what ran out is memory, not the database: callers that go on
     * without a look-up when the store cannot answer stop for this */
    if (code == SQLITE_NOMEM)
        return pr_error_set(err, PR_ENOMEM, "%s: out of memory", what);
    if (code == SQLITE_READONLY && !s->readonly && pr_store_check_writable(s->path, err))
        return PR_EDB;
    if ((code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) && sys > 0)
        return pr_error_set(err, PR_EDB, "%s: %s (%s)", what, sqlite3_errmsg(s->db),
                            strerror(sys));
    return pr_error_set(err, PR_EDB, "%s: %s", what, sqlite3_errmsg(s->db));
}

int pr_store_prepare(pr_store *s, sqlite3_stmt **st, const char *sql, pr_error *err)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot prepare statement");
    return 0;
}

int pr_store_exec(pr_store *s, const char *sql, pr_error *err)
{
    char *emsg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &emsg) != SQLITE_OK) {
        int code = sqlite3_errcode(s->db) & 0xff, sys = sqlite3_system_errno(s->db);
        int rc;
        if (code == SQLITE_BUSY)
            rc = pr_store_busy(s, err, NULL);
        else if (code == SQLITE_READONLY && !s->readonly && pr_store_check_writable(s->path, err))
            rc = PR_EDB;
        else if ((code == SQLITE_IOERR || code == SQLITE_FULL) && sys > 0)
            rc = pr_error_set(err, PR_EDB, "%s (%s)", emsg ? emsg : sqlite3_errmsg(s->db),
                              strerror(sys));
        else
            rc = pr_error_set(err, PR_EDB, "%s", emsg ? emsg : sqlite3_errmsg(s->db));
        sqlite3_free(emsg);
        return rc;
    }
    return 0;
}

static int sql_openv(pr_store *s, sqlite3_stmt **st, pr_error *err, const char *what,
                     const char *sql, const char *fmt, va_list ap)
{
    *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        int rc = pr_store_dberr(s, err, what);
        sqlite3_finalize(*st);
        *st = NULL;
        return rc;
    }
    pr_sql_bindv(*st, fmt, ap);
    return 0;
}

int pr_sql_open(pr_store *s, sqlite3_stmt **st, pr_error *err, const char *what,
                const char *sql, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sql_openv(s, st, err, what, sql, fmt, ap);
    va_end(ap);
    return rc;
}

int pr_sql_run(pr_store *s, pr_error *err, const char *what, const char *sql, const char *fmt,
               ...)
{
    sqlite3_stmt *st;
    va_list ap;
    va_start(ap, fmt);
    int rc = sql_openv(s, &st, err, what, sql, fmt, ap);
    va_end(ap);
    if (!rc && sqlite3_step(st) != SQLITE_DONE)
        rc = pr_store_dberr(s, err, what);
    sqlite3_finalize(st);
    return rc;
}

int pr_sql_int(pr_store *s, pr_error *err, const char *what, long long *out, long long dflt,
               const char *sql, const char *fmt, ...)
{
    sqlite3_stmt *st;
    va_list ap;
    va_start(ap, fmt);
    int rc = sql_openv(s, &st, err, what, sql, fmt, ap);
    va_end(ap);
    *out = dflt;
    if (!rc) {
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            *out = sqlite3_column_int64(st, 0);
        else if (step != SQLITE_ROW && step != SQLITE_DONE)
            rc = pr_store_dberr(s, err, what);
    }
    sqlite3_finalize(st);
    return rc;
}


const char *pr_store_path(const pr_store *s)
{
    return s->path;
}

/* The statements kept prepared, finalized (before the connection closes). */
void pr_store_finalize_cached(pr_store *s)
{
    sqlite3_stmt **const kept[] = {&s->ins_record, &s->ins_xref, &s->ins_note, &s->ins_person,
                                   &s->get_xrefs, &s->get_notes, &s->get_person, &s->get_freq,
                                   &s->get_freq_span};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        sqlite3_finalize(*kept[i]);
        *kept[i] = NULL;
    }
    for (size_t i = 0; i < sizeof s->searches / sizeof *s->searches; i++) {
        sqlite3_finalize(s->searches[i].st);
        free(s->searches[i].sql);
        memset(&s->searches[i], 0, sizeof s->searches[i]);
    }
}


void pr_store_free(pr_store *s)
{
    if (!s)
        return;
    pr_store_finalize_cached(s);
    sqlite3_close(s->db);
    if (s->build) { /* never published: nothing of it stays */
        unlink(s->build);
        pr_temp_forget(s->build);
        free(s->build);
    }
    free(s->path);
    free(s);
}

int pr_store_created(const pr_store *s)
{
    return s && s->created;
}

int pr_store_discard(pr_store *s)
{
    if (!s)
        return 0;
    if (s->build) {
        pr_store_free(s); /* removes the unpublished build file */
        return 1;
    }
    /* Only while it holds nothing: another portreg may have filled it since
     * (two first imports at once). */
    sqlite3_stmt *st = NULL;
    int empty = s->created && s->db &&
                sqlite3_prepare_v2(s->db,
                                   "SELECT NOT (EXISTS(SELECT 1 FROM record) OR "
                                   "EXISTS(SELECT 1 FROM docitem) OR EXISTS(SELECT 1 FROM history) "
                                   "OR EXISTS(SELECT 1 FROM frequency))", -1, &st,
                                   NULL) == SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    char *path = empty ? strdup(s->path) : NULL;
    pr_store_free(s);
    if (!path)
        return 0;
    pr_store_file_remove(path);
    free(path);
    return 1;
}

struct sqlite3 *pr_store_db(pr_store *s)
{
    return s->db;
}

int pr_store_check(pr_store *s, pr_error *err)
{
    struct stat sb;
    if (!s->have_file)
        return 0;
    /* SQLite would go on writing to the unlinked file: the change would be
     * lost with the last handle */
    if (stat(s->path, &sb) != 0 || (unsigned long long)sb.st_dev != s->dev ||
        (unsigned long long)sb.st_ino != s->ino)
        return pr_error_set(err, PR_ENOTFOUND,
                            "database '%s' was removed or replaced since it was opened", s->path);
    /* an open handle may still write to a file made read-only: honour it */
    if (!s->readonly && access(s->path, W_OK) != 0)
        return pr_error_set(err, PR_EDB, "cannot write to database '%s': %s", s->path,
                            strerror(errno));
    return 0;
}

int pr_store_data_version(pr_store *s, long long *version, pr_error *err)
{
    return pr_sql_int(s, err, "cannot read the database's version", version, 0,
                      "PRAGMA data_version", "");
}

int pr_store_begin(pr_store *s, pr_error *err)
{
    int rc = pr_store_check(s, err);
    return rc ? rc : pr_store_exec(s, "BEGIN IMMEDIATE", err);
}

int pr_store_commit(pr_store *s, pr_error *err)
{
    if (s->commit_signal < 0)
        raise(-s->commit_signal);
    pr_temp_commit_begin();
    int rc = pr_store_exec(s, "COMMIT", err);
    pr_temp_commit_end(!rc);
    if (!rc && s->commit_signal > 0)
        raise(s->commit_signal);
    if (rc && err) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        pr_error_set(err, rc, "cannot commit: %s", msg);
    }
    return rc;
}

void pr_store_rollback(pr_store *s)
{
    /* After SQLite ran out of memory the first ROLLBACK can fail with
     * SQLITE_NOMEM itself and leave the transaction open, for the next
     * change to commit with its own (tests/unit/test_oom.c): try again. */
    for (int i = 0; i < 2 && !sqlite3_get_autocommit(s->db); i++)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int pr_store_has_registry(pr_store *s, pr_error *err)
{
    long long v;
    int rc = pr_sql_int(s, err, "cannot read registry", &v, 0,
                        "SELECT EXISTS(SELECT 1 FROM record) OR EXISTS(SELECT 1 FROM docitem)", "");
    return rc ? rc : (int)v;
}

long pr_store_record_count(pr_store *s, pr_error *err)
{
    long long n;
    int rc = pr_sql_int(s, err, "cannot count records", &n, 0, "SELECT count(*) FROM record", "");
    return rc ? rc : (long)n;
}

int pr_store_clear_registry(pr_store *s, pr_error *err)
{
    return pr_store_exec(s,
                         "DELETE FROM xref; DELETE FROM note; DELETE FROM record;"
                         "INSERT INTO record_fts(record_fts) VALUES('delete-all');"
                         "DELETE FROM person; DELETE FROM docitem;"
                         "DELETE FROM meta WHERE key NOT LIKE 'local.%';",
                         err);
}

int pr_store_meta_get(pr_store *s, const char *key, char **value, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    *value = NULL;
    if ((rc = pr_sql_open(s, &st, err, "cannot read metadata", "SELECT value FROM meta WHERE key=?",
                          "s", key)))
        return rc;
    int step = sqlite3_step(st);
    struct pr_rowloc w = PR_ROWLOC(s, "meta");
    PR_ROW_AT(&w, PR_ROW_KEY, 0, 0, key);
    if (step == SQLITE_ROW && !(rc = pr_row_text(&w, st, 0, "value", 0, err)) &&
        !(*value = pr_col_strdup(st, 0)))
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
    else if (step == SQLITE_DONE)
        rc = PR_ENOTFOUND;
    else if (step != SQLITE_ROW)
        rc = pr_store_dberr(s, err, "cannot read metadata");
    sqlite3_finalize(st);
    return rc;
}

int pr_store_meta_get_count(pr_store *s, const char *key, long *value, pr_error *err)
{
    char *v = NULL;
    int rc = pr_store_meta_get(s, key, &v, err);
    *value = 0;
    if (rc)
        return rc;
    if (pr_parse_long(v, 0, LONG_MAX - 1, value)) {
        struct pr_rowloc w = PR_ROWLOC(s, "meta");
        PR_ROW_AT(&w, PR_ROW_KEY, 0, 0, key);
        rc = pr_row_bad(&w, err, "value '%.30s' is not a count", v);
    }
    free(v);
    return rc;
}

int pr_store_meta_set(pr_store *s, const char *key, const char *value, pr_error *err)
{
    return pr_sql_run(s, err, "cannot write metadata",
                      "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", "ss", key, value);
}

/* ---- records ------------------------------------------------------------ */

static void bind_record_fields(sqlite3_stmt *st, const struct pr_record *r)
{
    sqlite3_bind_int64(st, 1, r->seq);
    pr_bind_text(st, 2, r->name);
    pr_bind_text(st, 3, r->protocol);
    pr_bind_text(st, 4, r->number);
    if (r->port_lo >= 0) {
        sqlite3_bind_int(st, 5, r->port_lo);
        sqlite3_bind_int(st, 6, r->port_hi);
    } else {
        sqlite3_bind_null(st, 5);
        sqlite3_bind_null(st, 6);
    }
    pr_bind_text(st, 7, r->description);
    pr_bind_text(st, 8, r->description_xml);
    pr_bind_text(st, 9, r->unauthorized);
    pr_bind_text(st, 10, r->unauthorized_xml);
    pr_bind_text(st, 11, r->sc);
    pr_bind_text(st, 12, r->date);
    pr_bind_text(st, 13, r->updated);
    pr_bind_text(st, 14, r->layout);
    pr_bind_text(st, 15, r->raw);
    sqlite3_bind_int64(st, 16, r->line);
}

/* The notes' plain text, one per line (malloc'd; NULL when none). */
static char *notes_text(const struct pr_record *r)
{
    size_t len = 1;
    if (!r->n_notes)
        return NULL;
    for (size_t i = 0; i < r->n_notes; i++)
        len += strlen(r->notes[i].text) + 1;
    char *notes = malloc(len);
    if (!notes)
        return NULL;
    notes[0] = 0;
    for (size_t i = 0; i < r->n_notes; i++) {
        if (i)
            strcat(notes, "\n");
        strcat(notes, r->notes[i].text);
    }
    return notes;
}

/* Full-text row of record id: add (from the record row) or delete it. */
static int fts_sync(pr_store *s, long long id, int add, pr_error *err)
{
    static const char *const sql[2] = {
        "INSERT INTO record_fts(record_fts, rowid, name, description, notes) "
        "SELECT 'delete', id, name, description, notes FROM record WHERE id=?",
        "INSERT INTO record_fts(rowid, name, description, notes) "
        "SELECT id, name, description, notes FROM record WHERE id=?"};
    if (s->bulk)
        return 0;
    return pr_sql_run(s, err, "cannot update the full-text index", sql[add], "l", id);
}

int pr_store_bulk_begin(pr_store *s, long long source_bytes, pr_error *err)
{
    /* The database is about twice the size of IANA's XML.  One that would
     * not fit keeps SQLite's default: a cache of part of it saves part of
     * the reads back, and memory would grow with the registry. */
    long long kib = source_bytes > 0 ? source_bytes * 9 / 4 / 1024 : 0;
    if (kib > 2048 && kib <= PR_BULK_CACHE_MAX / 1024) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA cache_size=-%lld", kib);
        pr_store_exec(s, sql, NULL);
    }
    int rc = pr_store_exec(s, pr_schema_drop_indexes, err);
    if (!rc)
        s->bulk = 1;
    return rc;
}

int pr_store_bulk_end(pr_store *s, pr_error *err)
{
    s->bulk = 0;
    int rc = pr_store_exec(s, pr_schema_indexes, err);
    if (!rc)
        rc = pr_store_exec(s, "INSERT INTO record_fts(record_fts) VALUES('rebuild')", err);
    pr_store_exec(s, "PRAGMA cache_size=-2000", NULL); /* SQLite's default */
    return rc;
}

void pr_store_load_journal(pr_store *s, int on)
{
    if (s->build)
        return; /* no journal on disk at all */
    if (!on) {
        if (s->load_journal)
            sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        s->load_journal = 0;
        return;
    }
    long long empty = 0;
    if (!pr_sql_int(s, NULL, "cannot read registry", &empty, 0,
                    "SELECT NOT EXISTS(SELECT 1 FROM record)", "") &&
        empty && !s->readonly &&
        sqlite3_exec(s->db, "PRAGMA journal_mode=TRUNCATE", NULL, NULL, NULL) == SQLITE_OK)
        s->load_journal = 1;
}

/* Insert xrefs, notes and the full-text row of record r (id set). */
static int insert_children(pr_store *s, const struct pr_record *r, pr_error *err)
{
    int rc;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if ((rc = pr_store_prepare(s, &s->ins_xref,
                                   "INSERT INTO xref(record_id,pos,role,type,data,text) "
                                   "VALUES(?,?,?,?,?,?)", err)))
            return rc;
        sqlite3_bind_int64(s->ins_xref, 1, r->id);
        sqlite3_bind_int(s->ins_xref, 2, (int)i);
        sqlite3_bind_int(s->ins_xref, 3, x->role);
        pr_bind_text(s->ins_xref, 4, x->type ? x->type : "");
        pr_bind_text(s->ins_xref, 5, x->data);
        pr_bind_text(s->ins_xref, 6, x->text);
        if (sqlite3_step(s->ins_xref) != SQLITE_DONE)
            return pr_store_dberr(s, err, "cannot store xref");
    }
    for (size_t i = 0; i < r->n_notes; i++) {
        if ((rc = pr_store_prepare(s, &s->ins_note,
                                   "INSERT INTO note(record_id,pos,text,xml) VALUES(?,?,?,?)",
                                   err)))
            return rc;
        sqlite3_bind_int64(s->ins_note, 1, r->id);
        sqlite3_bind_int(s->ins_note, 2, (int)i);
        pr_bind_text(s->ins_note, 3, r->notes[i].text);
        pr_bind_text(s->ins_note, 4, r->notes[i].xml);
        if (sqlite3_step(s->ins_note) != SQLITE_DONE)
            return pr_store_dberr(s, err, "cannot store note");
    }
    return fts_sync(s, r->id, 1, err);
}

int pr_store_insert_record(pr_store *s, struct pr_record *r, pr_error *err)
{
    int rc = pr_store_prepare(s, &s->ins_record,
                              "INSERT INTO record(seq,name,protocol,number,port_lo,port_hi,"
                              "description,description_xml,unauthorized,unauthorized_xml,sc,"
                              "date,updated,layout,raw,line,notes,id) "
                              "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
    if (rc)
        return rc;
    bind_record_fields(s->ins_record, r);
    char *notes = notes_text(r);
    if (r->n_notes && !notes)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    sqlite3_bind_text(s->ins_record, 17, notes, -1, free);
    /* A preset id (undo restoring a deleted record) is kept. */
    if (r->id > 0)
        sqlite3_bind_int64(s->ins_record, 18, r->id);
    else
        sqlite3_bind_null(s->ins_record, 18);
    if (sqlite3_step(s->ins_record) != SQLITE_DONE)
        return pr_store_dberr(s, err, "cannot store record");
    r->id = sqlite3_last_insert_rowid(s->db);
    return insert_children(s, r, err);
}

static int delete_children(pr_store *s, long long id, pr_error *err)
{
    static const char *const sql[] = {
        "DELETE FROM xref WHERE record_id=?", "DELETE FROM note WHERE record_id=?"};
    int rc = fts_sync(s, id, 0, err);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < sizeof sql / sizeof *sql; i++)
        rc = pr_sql_run(s, err, "cannot delete", sql[i], "l", id);
    return rc;
}

int pr_store_update_record(pr_store *s, const struct pr_record *r, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (r->id <= 0)
        return pr_error_set(err, PR_EINVAL, "record has no id");
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE record SET seq=?,name=?,protocol=?,number=?,port_lo=?,"
                           "port_hi=?,description=?,description_xml=?,unauthorized=?,"
                           "unauthorized_xml=?,sc=?,date=?,updated=?,layout=?,raw=?,line=?,"
                           "notes=? WHERE id=?", -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot prepare update");
    /* The old full-text row goes first: it is computed from the old values. */
    if ((rc = delete_children(s, r->id, err))) {
        sqlite3_finalize(st);
        return rc;
    }
    bind_record_fields(st, r);
    char *notes = notes_text(r);
    if (r->n_notes && !notes) { /* not "no notes": the search would lose them */
        sqlite3_finalize(st);
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    }
    sqlite3_bind_text(st, 17, notes, -1, free);
    sqlite3_bind_int64(st, 18, r->id);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : pr_store_dberr(s, err, "cannot update record");
    sqlite3_finalize(st);
    if (!rc && sqlite3_changes(s->db) == 0)
        rc = pr_error_set(err, PR_ENOTFOUND, "no record with id %lld", r->id);
    if (!rc)
        rc = insert_children(s, r, err);
    return rc;
}

int pr_store_delete_record(pr_store *s, long long id, pr_error *err)
{
    int rc = delete_children(s, id, err);
    return rc ? rc : pr_sql_run(s, err, "cannot delete record", "DELETE FROM record WHERE id=?",
                                "l", id);
}

int pr_store_load_record_row(pr_store *s, sqlite3_stmt *st, struct pr_record *r,
                             pr_error *err)
{
    struct pr_rowloc w = PR_ROWLOC(s, "record");
    int rc, step;
    if ((rc = pr_row_record(&w, st, r, err)))
        return rc;
    if ((rc = pr_store_prepare(s, &s->get_xrefs,
                               "SELECT role,type,data,text,pos FROM xref WHERE record_id=? "
                               "ORDER BY pos", err)))
        goto out;
    sqlite3_bind_int64(s->get_xrefs, 1, r->id);
    w.table = "xref";
    while (!rc && (step = sqlite3_step(s->get_xrefs)) == SQLITE_ROW) {
        PR_ROW_AT(&w, PR_ROW_PAIR, r->id, sqlite3_column_int64(s->get_xrefs, 4), NULL);
        rc = pr_row_xref(&w, s->get_xrefs, r, err);
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read xrefs");
    sqlite3_reset(s->get_xrefs);
    if (rc || (rc = pr_store_prepare(s, &s->get_notes,
                                     "SELECT text,xml,pos FROM note WHERE record_id=? "
                                     "ORDER BY pos", err)))
        goto out;
    sqlite3_bind_int64(s->get_notes, 1, r->id);
    w.table = "note";
    while (!rc && (step = sqlite3_step(s->get_notes)) == SQLITE_ROW) {
        PR_ROW_AT(&w, PR_ROW_PAIR, r->id, sqlite3_column_int64(s->get_notes, 2), NULL);
        rc = pr_row_note(&w, s->get_notes, r, err);
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read notes");
    sqlite3_reset(s->get_notes);
out:
    if (rc)
        pr_record_release(r);
    return rc;
}

int pr_store_get_record(pr_store *s, long long id, struct pr_record *r, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    pr_record_init(r);
    if ((rc = pr_sql_open(s, &st, err, "cannot read record",
                          "SELECT " PR_RECORD_COLUMNS " FROM record WHERE id=?", "l", id)))
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = pr_store_load_record_row(s, st, r, err);
    else if (step == SQLITE_DONE)
        rc = pr_error_set(err, PR_ENOTFOUND, "no record with id %lld", id);
    else
        rc = pr_store_dberr(s, err, "cannot read record");
    sqlite3_finalize(st);
    return rc;
}

int pr_store_each_record(pr_store *s, pr_record_cb cb, void *ud, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if ((rc = pr_sql_open(s, &st, err, "cannot read records",
                          "SELECT " PR_RECORD_COLUMNS " FROM record ORDER BY seq, id", "")))
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_record r;
        if ((rc = pr_store_load_record_row(s, st, &r, err)))
            break;
        rc = cb(&r, ud);
        pr_record_release(&r);
        if (rc)
            break;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read records");
    sqlite3_finalize(st);
    return rc;
}

/* ---- people -------------------------------------------------------------- */

static void bind_person(sqlite3_stmt *st, const struct pr_person *p)
{
    pr_bind_text(st, 1, p->id);
    sqlite3_bind_int64(st, 2, p->seq);
    pr_bind_text(st, 3, p->name);
    pr_bind_text(st, 4, p->org);
    pr_bind_text(st, 5, p->uri);
    pr_bind_text(st, 6, p->updated);
    pr_bind_text(st, 7, p->raw);
    sqlite3_bind_int64(st, 8, p->line);
}

int pr_store_insert_person(pr_store *s, const struct pr_person *p, pr_error *err)
{
    int rc = pr_store_prepare(s, &s->ins_person,
                              "INSERT INTO person(id,seq,name,org,uri,updated,raw,line) "
                              "VALUES(?,?,?,?,?,?,?,?)", err);
    if (rc)
        return rc;
    bind_person(s->ins_person, p);
    if (sqlite3_step(s->ins_person) != SQLITE_DONE) {
        if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
            return pr_error_set(err, PR_EEXIST, "duplicate person id '%s'", p->id);
        return pr_store_dberr(s, err, "cannot store person");
    }
    return 0;
}

int pr_store_update_person(pr_store *s, const struct pr_person *p, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE person SET seq=?2,name=?3,org=?4,uri=?5,updated=?6,raw=?7,"
                           "line=?8 WHERE id=?1", -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot prepare update");
    bind_person(st, p);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : pr_store_dberr(s, err, "cannot update person");
    sqlite3_finalize(st);
    if (!rc && sqlite3_changes(s->db) == 0)
        rc = pr_error_set(err, PR_ENOTFOUND, "no person '%s'", p->id);
    return rc;
}

#define PERSON_COLUMNS "id,seq,name,org,uri,updated,raw,line"

int pr_store_get_person(pr_store *s, const char *id, struct pr_person *p, pr_error *err)
{
    int rc = 0;
    pr_person_init(p);
    if ((rc = pr_store_prepare(s, &s->get_person,
                               "SELECT " PERSON_COLUMNS " FROM person WHERE id=?", err)))
        return rc;
    sqlite3_stmt *st = s->get_person;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    struct pr_rowloc w = PR_ROWLOC(s, "person");
    if (step == SQLITE_ROW)
        rc = pr_row_person(&w, st, p, err);
    else if (step == SQLITE_DONE)
        rc = pr_error_set(err, PR_ENOTFOUND, "no person '%s'", id);
    else
        rc = pr_store_dberr(s, err, "cannot read person");
    sqlite3_reset(st);
    return rc;
}

/* ---- document items ------------------------------------------------------ */

int pr_store_insert_docitem(pr_store *s, const struct pr_docitem *d, pr_error *err)
{
    return pr_sql_run(s, err, "cannot store document item",
                      "INSERT INTO docitem(seq,kind,attr,text,raw) VALUES(?,?,?,?,?)", "lssss",
                      (long long)d->seq, d->kind, d->attr, d->text, d->raw ? d->raw : "");
}

int pr_store_each_docitem(pr_store *s, pr_docitem_cb cb, void *ud, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if ((rc = pr_sql_open(s, &st, err, "cannot read document items",
                          "SELECT seq,kind,attr,text,raw FROM docitem ORDER BY seq", "")))
        return rc;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_rowloc w = PR_ROWLOC(s, "docitem");
        long long seq = 0;
        PR_ROW_AT(&w, PR_ROW_NUM, sqlite3_column_int64(st, 0), 0, NULL);
        if ((rc = pr_row_int(&w, st, 0, "seq", 0, -9223372036854775807LL, 9223372036854775807LL,
                             &seq, err)) ||
            (rc = pr_row_text(&w, st, 1, "kind", 0, err)) ||
            (rc = pr_row_text(&w, st, 2, "attr", 1, err)) ||
            (rc = pr_row_text(&w, st, 3, "text", 1, err)) ||
            (rc = pr_row_text(&w, st, 4, "raw", 0, err)))
            break;
        struct pr_docitem d = {
            .seq = seq,
            .kind = pr_col_strdup(st, 1),
            .attr = pr_col_strdup(st, 2),
            .text = pr_col_strdup(st, 3),
            .raw = pr_col_strdup(st, 4),
        };
        if (!d.kind || !d.raw || (!d.attr && sqlite3_column_type(st, 2) != SQLITE_NULL) ||
            (!d.text && sqlite3_column_type(st, 3) != SQLITE_NULL)) {
            pr_docitem_release(&d);
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            break;
        }
        rc = cb(&d, ud);
        pr_docitem_release(&d);
        if (rc)
            break;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read document");
    sqlite3_finalize(st);
    return rc;
}
