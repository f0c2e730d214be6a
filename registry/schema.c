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
    "  tokenize = 'unicode61 remove_diacritics 2');\n"
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
    ;
/* No index on xref(data): assignee and reference searches scan its ~13,000
 * rows in about a millisecond, less than the index costs every import. */
const char pr_schema_drop_indexes[] =
    "DROP INDEX IF EXISTS record_seq; DROP INDEX IF EXISTS record_port;\n"
    "DROP INDEX IF EXISTS record_name;\n";

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

int pr_schema_check(sqlite3 *db, const char *path, pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int version = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    /* One query per table: its column names, " a b c ". */
    if (sqlite3_prepare_v2(db, "SELECT ' ' || group_concat(name, ' ') || ' ' "
                               "FROM pragma_table_info(?1)", -1, &st, NULL) != SQLITE_OK)
        return pr_error_at(err, PR_EDB, path, 0, 0, "cannot read the schema: %s",
                           sqlite3_errmsg(db));
    for (size_t i = 0; !rc && i < sizeof expected / sizeof *expected; i++) {
        if (expected[i].since > version)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, expected[i].table, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_ROW) {
            rc = pr_error_at(err, PR_EDB, path, 0, 0, "cannot read the schema: %s",
                             sqlite3_errmsg(db));
            break;
        }
        const char *have = (const char *)sqlite3_column_text(st, 0);
        if (!have) {
            rc = pr_error_at(err, PR_ESCHEMA, path, 0, 0,
                             "damaged database: table '%s' is missing", expected[i].table);
            break;
        }
        for (const char *c = expected[i].columns; !rc && *c;) {
            size_t n = strcspn(c, " ");
            char want[40];
            snprintf(want, sizeof want, " %.*s ", (int)n, c);
            if (!strstr(have, want))
                rc = pr_error_at(err, PR_ESCHEMA, path, 0, 0,
                                 "damaged database: table '%s' has no column '%.*s'",
                                 expected[i].table, (int)n, c);
            c += n + (c[n] == ' ');
        }
    }
    sqlite3_finalize(st);
    return rc;
}
