/* store_open.c - opening the SQLite store (the path checked, the
 * connection's pragmas, the schema, a crashed write recovered, another
 * user's files) and putting a first import's file in place. */
#include "store_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p for the folders of path. */
static int make_parents(const char *path, pr_error *err)
{
    char *dup = strdup(path);
    int rc = 0;
    if (!dup)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    for (char *p = dup + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(dup, 0755) != 0 && errno != EEXIST) {
            rc = pr_error_set(err, PR_EIO, "cannot create folder '%s': %s", dup, strerror(errno));
            break;
        }
        *p = '/';
    }
    free(dup);
    return rc;
}

/* How long a command waits for another one's write lock (SQLite's busy
 * handler) before it says who holds it (pr_store_busy). */
static int busy_timeout_ms = 30000;

/* "file:" URI for path with immutable=1: read a database in a folder we
 * cannot write, where SQLite cannot create the WAL index (-shm) beside it.
 * NULL when out of memory. */
static char *immutable_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *uri = malloc(5 + 3 * n + sizeof "?immutable=1"), *o = uri;
    if (!uri)
        return NULL;
    memcpy(o, "file:", 5);
    o += 5;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("/._-~", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    strcpy(o, "?immutable=1");
    return uri;
}

/* PRAGMA user_version, or -1 (errmsg tells why). */
static int user_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* SQLite's open of path (or of its immutable URI). */
static int open_db(pr_store *s, const char *path, int immutable, int oflags, pr_error *err)
{
    char *uri = immutable ? immutable_uri(path) : NULL;
    int rc = 0;
    if (immutable && !uri)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    if (sqlite3_open_v2(uri ? uri : path, &s->db,
                        oflags | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0),
                        NULL) != SQLITE_OK)
        rc = pr_error_set(err, PR_EDB, "cannot open database '%s': %s", path,
                          s->db ? sqlite3_errmsg(s->db) : "out of memory");
    else {
        sqlite3_extended_result_codes(s->db, 1);
        sqlite3_busy_timeout(s->db, busy_timeout_ms);
        /* A copied database is untrusted: its schema (indexes, a view)
         * may call no function with side effects, and SQL cannot damage
         * the file on purpose. */
        sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
        sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    }
    free(uri);
    return rc;
}

/* Where the registry is to be opened: path checked (a regular file or
 * none yet: not a FIFO that would hang, a device, a folder, a URI or
 * SQLite's in-memory name), its folders made, a first import's build file,
 * another user's files.  Sets *exists and *immutable. */
static int open_place(pr_store *s, const char *path, int flags, struct stat *sb, int *exists,
                      int *immutable, pr_error *err)
{
    int rc;
    if (flags & PR_STORE_MEMORY)
        *exists = 1;
    else if ((rc = pr_store_check_path(path, exists, sb, err)))
        return rc;
    if (!*exists && !(flags & PR_STORE_CREATE))
        return pr_error_field(err, PR_ENOTFOUND, "registry", "no registry database at '%s'",
                              path);
    if (!*exists && (rc = make_parents(path, err)))
        return rc;
    if (!*exists && (flags & PR_STORE_BUILD) && (flags & PR_STORE_CREATE) &&
        !(flags & PR_STORE_MEMORY) && (rc = pr_store_build_file(s, path, err)))
        return rc;
    /* Another user's database: reading must leave no -wal or -shm of ours
     * behind that its owner could not write.  (A writer that finds such
     * files says so when SQLite refuses to write: pr_store_check_writable.) */
    if (*exists && !(flags & PR_STORE_MEMORY) && s->readonly)
        return pr_store_other_user(path, sb, immutable, err);
    return 0;
}

/* A first import's file: nobody sees it before it is whole, so no journal
 * on disk (a rollback one in memory, which pages added to the file never
 * go to; defensive mode refuses none at all), no sync (it is synced once,
 * when published); the import inserts each record before its xrefs and
 * notes. */
static int open_build(pr_store *s, pr_error *err)
{
    int rc = pr_store_exec(s, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; "
                              "PRAGMA foreign_keys=OFF", err);
    return rc ? rc : pr_schema_ensure(s->db, err);
}

/* Why WAL mode could not be set on path. */
static int wal_refused(pr_store *s, const char *path, pr_error *err)
{
    int code = sqlite3_errcode(s->db) & 0xff, sys = sqlite3_system_errno(s->db);
    if (code == SQLITE_BUSY)
        return pr_store_busy(s, err, NULL);
    if (code == SQLITE_READONLY && pr_store_check_writable(path, err))
        return PR_EDB;
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM)
        return pr_error_set(err, PR_EDB, "cannot write to database '%s': %s (is the "
                            "file or its folder read-only?)", path, sqlite3_errmsg(s->db));
    if ((code == SQLITE_IOERR || code == SQLITE_FULL) && sys > 0)
        return pr_error_set(err, PR_EDB, "cannot open database '%s': %s (%s)", path,
                            sqlite3_errmsg(s->db), strerror(sys));
    return pr_error_set(err, PR_EDB, "'%s' is not a portreg database: %s", path,
                        sqlite3_errmsg(s->db));
}

/* A connection that writes: WAL, the schema made or migrated, no triggers
 * (a copied database's trigger would run behind every edit). */
static int open_writer(pr_store *s, const char *path, pr_error *err)
{
    int rc;
    if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK)
        return wal_refused(s, path, err);
    pr_store_exec(s, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", NULL);
    if ((rc = pr_schema_ensure(s->db, err))) {
        if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", path);
        return rc;
    }
    return pr_schema_no_triggers(s->db, path, err);
}

/* A write interrupted by a crash (a first import runs with a rollback
 * journal, pr_store_load_journal): a read-only connection cannot roll it
 * back, a read-write one does on its first read.  The user version after. */
static int recover_rollback(pr_store *s, const char *path, pr_error *err, int *v)
{
    sqlite3 *w = NULL;
    if (sqlite3_open_v2(path, &w, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
        SQLITE_OK) {
        sqlite3_busy_timeout(w, busy_timeout_ms);
        user_version(w);
    }
    sqlite3_close(w);
    *v = user_version(s->db);
    if (*v < 0 && sqlite3_extended_errcode(s->db) == SQLITE_READONLY_ROLLBACK)
        return pr_error_set(err, PR_EDB, "database '%s' was left in the middle of a "
                            "write (a crash?); a command that writes to it, run by its "
                            "owner, recovers it", path);
    return 0;
}

/* Why the schema version of path could not be read. */
static int version_unreadable(pr_store *s, const char *path, pr_error *err)
{
    int sys = sqlite3_system_errno(s->db), code = sqlite3_errcode(s->db) & 0xff;
    if (code == SQLITE_BUSY)
        return pr_store_busy(s, err, NULL);
    if ((code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) && sys > 0)
        return pr_error_set(err, PR_EDB, "cannot open database '%s': %s (%s)", path,
                            sqlite3_errmsg(s->db), strerror(sys));
    return pr_error_set(err, PR_EDB, "'%s' is not a portreg database: %s", path,
                        sqlite3_errmsg(s->db));
}

/* An older schema (the first read-only command after an upgrade): migrate
 * it when the file may be written; else it is read as it is (what a newer
 * version adds reads as empty). */
static void migrate_if_writable(const char *path)
{
    sqlite3 *w = NULL;
    if (sqlite3_open_v2(path, &w, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
        SQLITE_OK) {
        sqlite3_busy_timeout(w, 30000);
        pr_schema_ensure(w, NULL);
    }
    sqlite3_close(w);
}

/* A read-only connection: a crashed write recovered, a WAL database in a
 * folder we cannot write read as immutable, the schema version checked. */
static int open_reader(pr_store *s, const char *path, int immutable, pr_error *err)
{
    int rc, v = user_version(s->db);
    int code = sqlite3_errcode(s->db) & 0xff;
    char wal[4200], journal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(journal, sizeof journal, "%s-journal", path);
    if (v < 0 && !immutable && sqlite3_extended_errcode(s->db) == SQLITE_READONLY_ROLLBACK) {
        if ((rc = recover_rollback(s, path, err, &v)))
            return rc;
        code = sqlite3_errcode(s->db) & 0xff;
    }
    if (v < 0 && !immutable && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN) &&
        access(wal, F_OK) != 0 && access(journal, F_OK) != 0) {
        /* A WAL database in a folder we cannot write (no -shm can be
         * made): with no -wal file the main file is complete, so read it
         * as immutable. */
        sqlite3_close(s->db);
        s->db = NULL;
        if ((rc = open_db(s, path, 1, SQLITE_OPEN_READONLY, err)))
            return rc;
        v = user_version(s->db);
    }
    if (v < 0)
        return version_unreadable(s, path, err);
    if (v > PR_SCHEMA_VERSION)
        return pr_error_set(err, PR_ESCHEMA,
                            "database schema version %d is newer than this portreg "
                            "supports (%d); upgrade portreg", v, PR_SCHEMA_VERSION);
    if (v > 0 && v < PR_SCHEMA_VERSION)
        migrate_if_writable(path);
    if (v < 1)
        return pr_error_field(err, PR_ENOTFOUND, "registry", "'%s' holds no registry", path);
    return 0;
}

/* After the connection is set up: the schema's shape, a registry if the
 * command needs one, and the file's identity (pr_store_check). */
static int open_finish(pr_store *s, const char *path, int flags, pr_error *err)
{
    struct stat sb;
    int rc;
    if (!(flags & PR_STORE_MEMORY) && (rc = pr_schema_check(s->db, path, err)))
        return rc;
    if (flags & PR_STORE_NEED_REGISTRY) {
        int has = pr_store_has_registry(s, err);
        if (has == 0)
            return pr_error_field(err, PR_ENOTFOUND, "registry", "'%s' holds no registry",
                                  path);
        if (has < 0)
            return has;
    }
    if (!(flags & PR_STORE_MEMORY) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
        s->have_file = 1;
        s->dev = (unsigned long long)sb.st_dev;
        s->ino = (unsigned long long)sb.st_ino;
    }
    return 0;
}

int pr_store_open(pr_store **out, const char *path, int flags, pr_error *err)
{
    int rc = 0, exists = 0, immutable = 0;
    struct stat sb;
    pr_store *s = calloc(1, sizeof *s);
    *out = NULL;
    if (flags & PR_STORE_MEMORY)
        path = ":memory:";
    if (!s || !(s->path = strdup(path))) {
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        goto fail;
    }
    s->readonly = (flags & PR_STORE_READONLY) != 0;
    if ((rc = open_place(s, path, flags, &sb, &exists, &immutable, err)))
        goto fail;
    int oflags = s->readonly ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if ((rc = open_db(s, s->build ? s->build : path, immutable, oflags, err)))
        goto fail;
    s->created = !exists;
    /* The schema check doubles as the "is this a database?" check. */
    if (s->build)
        rc = open_build(s, err);
    else if (!s->readonly)
        rc = open_writer(s, path, err);
    else
        rc = open_reader(s, path, immutable, err);
    if (rc || (rc = open_finish(s, path, flags, err)))
        goto fail;
    *out = s;
    return 0;
fail:
    pr_store_free(s);
    return rc;
}

void pr_store_set_busy_timeout(int ms)
{
    busy_timeout_ms = ms < 0 ? 0 : ms;
}

int pr_store_building(const pr_store *s)
{
    return s && s->build;
}

int pr_store_publish(pr_store *s, pr_error *err)
{
    struct stat sb;
    int rc;
    if (!s || !s->build)
        return 0;
    /* A WAL database like any other (the mode is kept in the file). */
    if ((rc = pr_store_exec(s, "PRAGMA journal_mode=WAL", err)))
        return rc;
    pr_store_finalize_cached(s);
    if (sqlite3_close(s->db) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot close the new database");
    s->db = NULL;
    if ((rc = pr_store_build_rename(s, err)) ||
        (rc = open_db(s, s->path, 0, SQLITE_OPEN_READWRITE, err)))
        return rc;
    pr_store_exec(s, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", NULL);
    if (stat(s->path, &sb) == 0) {
        s->have_file = 1;
        s->dev = (unsigned long long)sb.st_dev;
        s->ino = (unsigned long long)sb.st_ino;
    }
    return 0;
}
