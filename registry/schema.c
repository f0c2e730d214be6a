/* schema.c - the SQLite schema, versioned with PRAGMA user_version.
 *
 * Version 1 keeps every part of IANA's registry XML: records with their
 * children's order (layout) and exact source bytes (raw), xrefs by role,
 * notes as text and XML, people, the document's other top-level items, and
 * metadata.  record_fts indexes names, descriptions and notes.  history is
 * for the editing procedures (RFC 6335 §8).
 *
 * Version 2 adds the reason of each change (history.reason) and the
 * decisions taken on reviewed requests (decision, review_log.c): found
 * again by the fingerprint of the request's content.
 *
 * To migrate: bump PR_SCHEMA_VERSION, add a step to migrations[] that takes
 * version N-1 to N; steps run in one transaction.
 */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

static const char schema_v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);\n"
    "CREATE TABLE record(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  seq INTEGER NOT NULL,\n"
    "  name TEXT, protocol TEXT, number TEXT,\n"
    "  port_lo INTEGER, port_hi INTEGER,\n"
    "  description TEXT, description_xml TEXT,\n"
    "  unauthorized TEXT, unauthorized_xml TEXT,\n"
    "  sc TEXT, date TEXT, updated TEXT,\n"
    "  layout TEXT, raw TEXT, line INTEGER,\n"
    "  notes TEXT);  -- plain text of the notes, one per line, for record_fts\n"
    "CREATE TABLE xref(\n"
    "  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL, role INTEGER NOT NULL,\n"
    "  type TEXT NOT NULL, data TEXT, text TEXT,\n"
    "  PRIMARY KEY(record_id, pos)) WITHOUT ROWID;\n"

    "CREATE TABLE note(\n"
    "  record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL, text TEXT NOT NULL, xml TEXT NOT NULL,\n"
    "  PRIMARY KEY(record_id, pos)) WITHOUT ROWID;\n"
    "CREATE TABLE person(\n"
    "  id TEXT PRIMARY KEY, seq INTEGER NOT NULL,\n"
    "  name TEXT, org TEXT, uri TEXT, updated TEXT, raw TEXT, line INTEGER);\n"
    "CREATE TABLE docitem(\n"
    "  seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, attr TEXT, text TEXT,\n"
    "  raw TEXT NOT NULL);\n"
    "CREATE VIRTUAL TABLE record_fts USING fts5(\n"
    "  name, description, notes, content = 'record', content_rowid = 'id',\n"
    "  tokenize = 'unicode61 remove_diacritics 2', columnsize = 0);\n"
    "CREATE TABLE history(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at TEXT NOT NULL, author TEXT NOT NULL, command TEXT NOT NULL,\n"
    "  summary TEXT, undoes INTEGER REFERENCES history(id));\n"
    /* One row per row a change touched, in the order it touched them:
     * before/after hold the whole row as JSON (registry/history.c), NULL
     * where the row did not exist (insert / delete); meta rows hold the
     * value itself.  Field-level differences are computed from the two. */
    "CREATE TABLE history_change(\n"
    "  change_id INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL,\n"
    "  target TEXT NOT NULL,      -- 'record', 'person', 'meta'\n"
    "  target_id TEXT NOT NULL,   -- record id, person id, meta key\n"
    "  before TEXT, after TEXT,\n"
    "  PRIMARY KEY(change_id, pos)) WITHOUT ROWID;\n"
    "CREATE INDEX history_change_target ON history_change(target, target_id);\n"
    /* A side layer, never part of the registry or its export: how often a
     * port is seen open in the wild (nmap-services), by port/transport. */
    "CREATE TABLE frequency(\n"
    "  port INTEGER NOT NULL, protocol TEXT NOT NULL,\n"
    "  name TEXT, frequency REAL NOT NULL, comment TEXT,\n"
    "  PRIMARY KEY(port, protocol)) WITHOUT ROWID;\n";

/* Secondary indexes, kept apart so that a bulk import into an empty store
 * can drop them and build them once at the end (pr_store_bulk_begin/end). */
const char pr_schema_indexes[] =
    "CREATE INDEX IF NOT EXISTS record_seq ON record(seq);\n"
    "CREATE INDEX IF NOT EXISTS record_port ON record(port_lo, port_hi);\n"
    "CREATE INDEX IF NOT EXISTS record_name ON record(name COLLATE NOCASE);\n"
    /* the records spanning more than 64 ports (PR_SQL_PORTS_OVERLAP) */
    "CREATE INDEX IF NOT EXISTS record_wide ON record(port_lo, port_hi) "
    "WHERE port_hi - port_lo > 63;\n"
    ;
/* No index on xref(data): assignee and reference searches scan its ~13,000
 * rows in about a millisecond, less than the index costs every import. */
const char pr_schema_drop_indexes[] =
    "DROP INDEX IF EXISTS record_seq; DROP INDEX IF EXISTS record_port;\n"
    "DROP INDEX IF EXISTS record_name; DROP INDEX IF EXISTS record_wide;\n";

static const char schema_v2[] =
    "ALTER TABLE history ADD COLUMN reason TEXT;\n"
    /* One row per decision on a request: approve points at the assignment's
     * change, reject at the history entry that records it. */
    "CREATE TABLE decision(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  fingerprint TEXT NOT NULL,  -- pr_request_fingerprint\n"
    "  action TEXT NOT NULL,       -- 'approve', 'reject'\n"
    "  change_id INTEGER NOT NULL REFERENCES history(id),\n"
    "  service TEXT, file TEXT, line INTEGER,\n"
    "  at TEXT NOT NULL, author TEXT NOT NULL, reason TEXT);\n"
    "CREATE INDEX decision_fingerprint ON decision(fingerprint, id);\n";

static const char *const migrations[] = {
    schema_v1, /* 0 -> 1 */
    schema_v2, /* 1 -> 2 */
};

int pr_schema_ensure(sqlite3 *db, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int version = 0, rc = 0;
    char *emsg = NULL;

    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = pr_error_set(err, PR_EDB, "cannot read schema version: %s", sqlite3_errmsg(db));
        goto out;
    }
    version = sqlite3_column_int(st, 0);
    if (version > PR_SCHEMA_VERSION) {
        rc = pr_error_set(err, PR_ESCHEMA,
                          "database schema version %d is newer than this portreg "
                          "supports (%d); upgrade portreg", version, PR_SCHEMA_VERSION);
        goto out;
    }
    if (version == PR_SCHEMA_VERSION)
        goto out;
    if (version == 0) {
        /* Version 0 with tables: another program's database.  Adding ours
         * to it would damage it. */
        sqlite3_finalize(st);
        st = NULL;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) !=
                SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
            rc = pr_error_set(err, PR_EDB, "cannot read the schema: %s", sqlite3_errmsg(db));
            goto out;
        }
        if (sqlite3_column_int(st, 0) > 0) {
            rc = pr_error_set(err, PR_ESCHEMA, "not a portreg database: it holds tables of "
                              "another program (and no portreg schema version)");
            goto out;
        }
    }
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &emsg) != SQLITE_OK)
        goto dberr;
    for (int v = version; v < PR_SCHEMA_VERSION; v++)
        if (sqlite3_exec(db, migrations[v], NULL, NULL, &emsg) != SQLITE_OK) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            goto dberr;
        }
    if (sqlite3_exec(db, pr_schema_indexes, NULL, NULL, &emsg) != SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto dberr;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", PR_SCHEMA_VERSION);
    if (sqlite3_exec(db, sql, NULL, NULL, &emsg) != SQLITE_OK ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, &emsg) != SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto dberr;
    }
    goto out;
dberr:
    rc = pr_error_set(err, PR_EDB, "cannot create schema: %s",
                      emsg ? emsg : sqlite3_errmsg(db));
out:
    sqlite3_free(emsg);
    sqlite3_finalize(st);
    return rc;
}

/* The tables and columns this version reads, by the schema version that
 * brought them (a schema 1 database read where it cannot be migrated lacks
 * version 2's). */
static const struct {
    const char *table, *columns;
    int since;
} expected[] = {
    {"meta", "key value", 1},
    {"record", "id seq name protocol number port_lo port_hi description description_xml "
               "unauthorized unauthorized_xml sc date updated layout raw line notes", 1},
    {"xref", "record_id pos role type data text", 1},
    {"note", "record_id pos text xml", 1},
    {"person", "id seq name org uri updated raw line", 1},
    {"docitem", "seq kind attr text raw", 1},
    {"record_fts", "name description notes", 1},
    {"history", "id at author command summary undoes", 1},
    {"history_change", "change_id pos target target_id before after", 1},
    {"frequency", "port protocol name frequency comment", 1},
    {"history", "id reason", 2},
    {"decision", "id fingerprint action change_id service file line at author reason", 2},
};

/* The columns a virtual table was declared with: "CREATE VIRTUAL TABLE t
 * USING fts5(a, b, c, content = 'x', ...)" -> " a b c " (the arguments
 * without "="), in buf.  SQLite learns a virtual table's columns only when
 * the module connects, which a look-up that never searches words should
 * not pay for. */
static int vtab_columns(sqlite3 *db, const char *table, char *buf, size_t len)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    size_t n = 0;
    buf[0] = 0;
    if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    const char *sql = sqlite3_step(st) == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0)
                                                     : NULL;
    const char *open = sql ? strchr(sql, '(') : NULL, *close = sql ? strrchr(sql, ')') : NULL;
    if (open && close && close > open) {
        found = 1;
        buf[n++] = ' ';
        for (const char *a = open + 1; a < close && n < len;) {
            size_t k = strcspn(a, ",)");
            const char *b = a, *e = a + k;
            while (b < e && strchr(" \t\r\n", *b))
                b++;
            while (e > b && strchr(" \t\r\n", e[-1]))
                e--;
            if (e > b && !memchr(b, '=', (size_t)(e - b)) && n + (size_t)(e - b) + 2 < len) {
                memcpy(buf + n, b, (size_t)(e - b));
                n += (size_t)(e - b);
                buf[n++] = ' ';
            }
            a += k + (a[k] == ',');
            if (a[-1] == ')')
                break;
        }
        buf[n < len ? n : len - 1] = 0;
    }
    sqlite3_finalize(st);
    return found;
}

int pr_schema_check(sqlite3 *db, const char *path, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    /* not version 0: a version unread checks no table of later versions */
    if (version < 0)
        return pr_error_at(err, PR_EDB, path, 0, 0, "cannot read the schema: %s",
                           sqlite3_errmsg(db));
    /* sqlite3_table_column_metadata looks each name up in the schema SQLite
     * has parsed anyway: no statement to prepare or run per table (running
     * pragma_table_info per column was 70% of a 'search --port'). */
    for (size_t i = 0; !rc && i < sizeof expected / sizeof *expected; i++) {
        const char *t = expected[i].table, *c = expected[i].columns;
        char vcols[512];
        int vtab = 0;
        if (expected[i].since > version)
            continue;
        int found = sqlite3_table_column_metadata(db, "main", t, NULL, NULL, NULL, NULL, NULL,
                                                  NULL);
        if ((found & 0xff) != SQLITE_OK && (found & 0xff) != SQLITE_ERROR) {
            /* SQLITE_ERROR is "no such table"; anything else, an unreadable
             * schema (corrupt, not a database, locked) */
            rc = pr_error_at(err, PR_EDB, path, 0, 0, "cannot read the schema: %s",
                             sqlite3_errstr(found));
            break;
        }
        if (found != SQLITE_OK) {
            rc = pr_error_at(err, PR_ESCHEMA, path, 0, 0, "damaged database: table '%s' is "
                             "missing", t);
            break;
        }
        vtab = !strcmp(t, "record_fts");
        if (vtab && vtab_columns(db, t, vcols, sizeof vcols) != 1) {
            rc = pr_error_at(err, PR_EDB, path, 0, 0, "cannot read the schema: %s",
                             sqlite3_errmsg(db));
            break;
        }
        while (!rc && *c) {
            size_t n = strcspn(c, " ");
            char col[40];
            snprintf(col, sizeof col, vtab ? " %.*s " : "%.*s", (int)n, c);
            if (vtab ? !strstr(vcols, col)
                     : sqlite3_table_column_metadata(db, "main", t, col, NULL, NULL, NULL, NULL,
                                                     NULL) != SQLITE_OK)
                rc = pr_error_at(err, PR_ESCHEMA, path, 0, 0,
                                 "damaged database: table '%s' has no column '%.*s'", t, (int)n,
                                 c);
            c += n + (c[n] == ' ');
        }
    }
    return rc;
}

int pr_schema_no_triggers(sqlite3 *db, const char *path, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db, "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' "
                           "LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
        rc = pr_error_at(err, PR_EDB, path, 0, 0, "cannot read the schema: %s",
                         sqlite3_errmsg(db));
    } else if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0),
                   *table = (const char *)sqlite3_column_text(st, 1);
        rc = pr_error_at(err, PR_ESCHEMA, path, 0, 0,
                         "not portreg's schema: trigger '%s' on table '%s' (portreg creates no "
                         "triggers; one would change rows behind every edit); nothing was "
                         "written", name ? name : "", table ? table : "");
    } else if (rc != SQLITE_DONE) {
        /* not "no trigger": the check did not run */
        rc = pr_error_at(err, PR_EDB, path, 0, 0, "cannot read the schema: %s",
                         sqlite3_errmsg(db));
    } else
        rc = 0;
    sqlite3_finalize(st);
    return rc;
}
