/* test_store_file.c - the database as a file (registry/store_file.c,
 * store_open.c): paths that cannot be a database and companions that spoil
 * one, another user's database (read as immutable, or refused with the
 * owner named), companions another user left unwritable, a first import's
 * build file (stale ones of dead processes removed, a database that
 * appeared meanwhile kept), a database replaced or made read-only under an
 * open store.  Run as root, the other-user cases run as nobody
 * (setresuid, the saved uid kept to come back). */
#define _GNU_SOURCE /* setresuid */
#include "check.h"
#include "store_int.h"

#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[64];

static const char *in_dir(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void touch(const char *path, const char *content, mode_t mode)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(content, f);
        fclose(f);
    }
    CHECK(f != NULL);
    chmod(path, mode);
}

#define CHECK_MSG(err, part)                                                          \
    do {                                                                              \
        if (!strstr((err).msg, part))                                                 \
            fprintf(stderr, "message '%s' lacks '%s'\n", (err).msg, part);            \
        CHECK(strstr((err).msg, part) != NULL);                                       \
    } while (0)

static void test_paths(void)
{
    struct stat sb;
    int exists;
    pr_error err = {0};
    CHECK_INT(pr_store_check_path("", &exists, &sb, &err), PR_EINVAL);
    CHECK_MSG(err, "empty database path");
    CHECK_INT(pr_store_check_path(":memory:", &exists, &sb, &err), PR_EINVAL);
    CHECK_MSG(err, "':memory:' is not a database file; give a path");
    CHECK_INT(pr_store_check_path("file:r.db?mode=ro", &exists, &sb, &err), PR_EINVAL);
    CHECK_MSG(err, "'file:r.db?mode=ro' is a SQLite URI, not a path (for a file of that name: "
                   "'./file:r.db?mode=ro')");
    CHECK_INT(pr_store_check_path(dir, &exists, &sb, &err), PR_EINVAL);
    CHECK_MSG(err, "is a directory, not a database file");
    const char *fifo = in_dir("fifo.db");
    CHECK_INT(mkfifo(fifo, 0600), 0);
    CHECK_INT(pr_store_check_path(fifo, &exists, &sb, &err), PR_EINVAL);
    CHECK_MSG(err, "is not a regular file (a FIFO, socket or device cannot be a database)");
    unlink(fifo);
    /* Under a file, not a folder: the system's reason. */
    const char *plain = in_dir("plain.db");
    touch(plain, "", 0644);
    char under[300];
    snprintf(under, sizeof under, "%s/x.db", plain);
    CHECK_INT(pr_store_check_path(under, &exists, &sb, &err), PR_EIO);
    CHECK_MSG(err, "Not a directory");
    CHECK_INT(exists, 0);
    /* An absent file is no error; a present one is. */
    CHECK_INT(pr_store_check_path(in_dir("none.db"), &exists, &sb, &err), 0);
    CHECK_INT(exists, 0);
    CHECK_INT(pr_store_check_path(plain, &exists, &sb, &err), 0);
    CHECK_INT(exists, 1);
    /* A companion that is a folder or a FIFO: refused by name, never opened. */
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 3; i++) {
        char c[300], want[400];
        snprintf(c, sizeof c, "%s%s", plain, suffixes[i]);
        CHECK_INT(i == 1 ? mkfifo(c, 0600) : mkdir(c, 0700), 0);
        snprintf(want, sizeof want, "'%s' is not a regular file; the database '%s' cannot be "
                 "opened beside it", c, plain);
        CHECK_INT(pr_store_check_path(plain, &exists, &sb, &err), PR_EINVAL);
        CHECK_MSG(err, want);
        pr_store *s = NULL;
        CHECK_INT(pr_store_open(&s, plain, PR_STORE_READONLY, &err), PR_EINVAL);
        CHECK_MSG(err, want);
        i == 1 ? unlink(c) : rmdir(c);
    }
    unlink(plain);
}

/* Become nobody when root (and return 1); 0 when not root. */
static int be_other(void)
{
    if (geteuid() != 0)
        return 0;
    if (setresuid(65534, 65534, 0) != 0) {
        perror("setresuid");
        exit(1);
    }
    return 1;
}

static void be_self(int was_root)
{
    if (was_root && setresuid(0, 0, 0) != 0) {
        perror("setresuid back");
        exit(1);
    }
}

static void test_other_user(void)
{
    const char *db = in_dir("other.db"), *wal = in_dir("other.db-wal"),
               *shm = in_dir("other.db-shm"), *journal = in_dir("other.db-journal");
    touch(db, "x", 0644);
    struct stat sb;
    CHECK_INT(stat(db, &sb), 0);
    int immutable = -1, root = geteuid() == 0;
    pr_error err = {0};
    /* Our own database: nothing to say. */
    CHECK_INT(pr_store_other_user(db, &sb, &immutable, &err), 0);
    CHECK_INT(immutable, 0);
    /* Not root: a database of a uid with no name stands in for another
     * user's (only its owner's uid is looked at). */
    char who[80];
    if (!root) {
        sb.st_uid = geteuid() + 4000000;
        snprintf(who, sizeof who, "uid %ld", (long)sb.st_uid);
    } else {
        snprintf(who, sizeof who, "user 'root' (uid 0)");
    }
    struct { const char *wal, *shm, *journal; int rc, immutable; const char *msg; } cases[] = {
        {NULL, NULL, NULL, 0, 1, NULL},          /* complete: read it as immutable */
        {NULL, NULL, "", 0, 1, NULL},            /* an empty journal is no pending write */
        {"w", "s", NULL, 0, 0, NULL},            /* the owner's -wal and -shm, read-only */
        {"w", NULL, NULL, PR_EREFUSED, 0, "its write-ahead log needs an index file"},
        {NULL, NULL, "j", PR_EREFUSED, 0, "was left in the middle of a write"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (cases[i].wal)
            touch(wal, cases[i].wal, 0644);
        if (cases[i].shm)
            touch(shm, cases[i].shm, 0644);
        if (cases[i].journal)
            touch(journal, cases[i].journal, 0644);
        int was = be_other();
        memset(&err, 0, sizeof err);
        immutable = -1;
        int rc = pr_store_other_user(db, &sb, &immutable, &err);
        be_self(was);
        CHECK_INT(rc, cases[i].rc);
        if (cases[i].msg) {
            CHECK_MSG(err, cases[i].msg);
            CHECK_MSG(err, who);
        } else {
            CHECK_INT(immutable, cases[i].immutable);
        }
        unlink(wal);
        unlink(shm);
        unlink(journal);
    }
    unlink(db);
}

/* Another user's database read as nobody: opened as an immutable URI,
 * whatever its path holds (a space, '%', '?', '#', non-ASCII), and no
 * -wal or -shm of ours left beside it.  Only as root (who can be nobody). */
static void test_read_as_other(void)
{
    if (geteuid() != 0) {
        fprintf(stderr, "note: not root; another user's database is not read here\n");
        return;
    }
    const char *db = in_dir("a b%20?#\xc3\xa9.db");
    pr_store *s = NULL;
    pr_error err = {0};
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_store_meta_set(s, "title", "Theirs", &err), 0);
    pr_store_free(s);
    pr_store_file_remove(in_dir("a b%20?#\xc3\xa9.db-wal")); /* closed: complete */
    CHECK_INT(chmod(db, 0644), 0);
    int was = be_other();
    s = NULL;
    int rc = pr_store_open(&s, db, PR_STORE_READONLY, &err);
    char *title = NULL;
    if (!rc)
        pr_store_meta_get(s, "title", &title, &err);
    pr_store_free(s);
    be_self(was);
    CHECK_INT(rc, 0);
    CHECK_STR(title, "Theirs");
    free(title);
    char c[300];
    snprintf(c, sizeof c, "%s-wal", db);
    CHECK(access(c, F_OK) != 0);
    snprintf(c, sizeof c, "%s-shm", db);
    CHECK(access(c, F_OK) != 0);

    /* Writing it as nobody: refused with the reason, nothing left. */
    was = be_other();
    s = NULL;
    memset(&err, 0, sizeof err);
    rc = pr_store_open(&s, db, 0, &err);
    pr_store_free(s);
    be_self(was);
    CHECK_INT(rc, PR_EDB);
    if (!strstr(err.msg, "cannot write to database"))
        fprintf(stderr, "writing another's database: %s\n", err.msg);
    CHECK(strstr(err.msg, "cannot write to database") != NULL);
    snprintf(c, sizeof c, "%s-wal", db);
    CHECK(access(c, F_OK) != 0);
    pr_store_file_remove(db);
}

/* Companions that the writer may not write: refused, their owner named. */
static void test_writable(void)
{
    const char *db = in_dir("w.db"), *wal = in_dir("w.db-wal"), *shm = in_dir("w.db-shm");
    pr_error err = {0};
    touch(db, "", 0666);
    int was = be_other();
    CHECK_INT(pr_store_check_writable(db, &err), 0); /* no companions */
    be_self(was);
    for (int k = 0; k < 2; k++) {
        const char *c = k ? shm : wal;
        touch(c, "", 0444);
        was = be_other();
        memset(&err, 0, sizeof err);
        int rc = pr_store_check_writable(db, &err);
        be_self(was);
        char want[400];
        snprintf(want, sizeof want, "cannot write to database '%s': '%s' belongs to ", db, c);
        CHECK_INT(rc, PR_EDB);
        CHECK_MSG(err, want);
        CHECK_MSG(err, "and is not writable");
        unlink(c);
    }
    unlink(db);
}

/* A first import's build file: the stale ones of dead processes go, the
 * rest stay; a database that appeared meanwhile is not overwritten. */
static void test_build(void)
{
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    char name[64];
    const char *stale[3], *kept[7];
    snprintf(name, sizeof name, "b.db-build-%ld-AbC123", (long)dead);
    stale[0] = strdup(in_dir(name));
    snprintf(name, sizeof name, "b.db-build-%ld-AbC123-journal", (long)dead);
    stale[1] = strdup(in_dir(name));
    snprintf(name, sizeof name, "b.db-build-%ld-XyZ789-wal", (long)dead);
    stale[2] = strdup(in_dir(name));
    snprintf(name, sizeof name, "b.db-build-%ld-AbC123", (long)getpid()); /* running */
    kept[0] = strdup(in_dir(name));
    snprintf(name, sizeof name, "b.db-build-%ld-AbC12", (long)dead); /* not mkstemp's */
    kept[1] = strdup(in_dir(name));
    snprintf(name, sizeof name, "b.db-build-%ld-AbC123-old", (long)dead);
    kept[2] = strdup(in_dir(name));
    kept[3] = strdup(in_dir("b.db-build-0-AbC123"));
    kept[4] = strdup(in_dir("b.db-build-x-AbC123"));
    kept[5] = strdup(in_dir("b.db-built-1-AbC123"));
    snprintf(name, sizeof name, "bb.db-build-%ld-AbC123", (long)dead); /* another database's */
    kept[6] = strdup(in_dir(name));
    for (size_t i = 0; i < 3; i++)
        touch(stale[i], "", 0600);
    for (size_t i = 0; i < 7; i++)
        touch(kept[i], "", 0600);

    const char *db = in_dir("b.db");
    pr_store *s = NULL;
    pr_error err = {0};
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE | PR_STORE_BUILD, &err), 0);
    CHECK(pr_store_building(s));
    for (size_t i = 0; i < 3; i++) {
        if (access(stale[i], F_OK) == 0)
            fprintf(stderr, "stale %s kept\n", stale[i]);
        CHECK(access(stale[i], F_OK) != 0);
        free((char *)stale[i]);
    }
    for (size_t i = 0; i < 7; i++) {
        if (access(kept[i], F_OK) != 0)
            fprintf(stderr, "%s removed\n", kept[i]);
        CHECK(access(kept[i], F_OK) == 0);
        unlink(kept[i]);
        free((char *)kept[i]);
    }
    /* Another import put a database in place meanwhile: it stays as it was. */
    touch(db, "theirs", 0644);
    CHECK_INT(pr_store_publish(s, &err), PR_EEXIST);
    CHECK_MSG(err, "appeared while this import built it (another import?); nothing was "
                   "imported");
    pr_store_discard(s);
    FILE *f = fopen(db, "r");
    char got[16] = "";
    CHECK(f && fgets(got, sizeof got, f));
    if (f)
        fclose(f);
    CHECK_STR(got, "theirs");
    unlink(db);

    /* A symbolic link to nothing in the database's place. */
    CHECK_INT(symlink(in_dir("nowhere"), db), 0);
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE | PR_STORE_BUILD, &err), PR_EDB);
    CHECK_MSG(err, "a symbolic link to nothing is in its place");
    CHECK(access(in_dir("nowhere"), F_OK) != 0);
    unlink(db);
}

/* An open store notices its file replaced or made read-only. */
static void test_check(void)
{
    const char *db = in_dir("c.db"), *other = in_dir("c2.db");
    pr_store *s = NULL;
    pr_error err = {0};
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_store_check(s, &err), 0);
    CHECK_INT(pr_store_begin(s, &err), 0);
    pr_store_rollback(s);
    /* Made read-only (for root: nobody may not write root's 0644 file). */
    chmod(db, 0444);
    int was = be_other();
    int rc = pr_store_check(s, &err);
    be_self(was);
    CHECK_INT(rc, PR_EDB);
    CHECK_MSG(err, "cannot write to database");
    chmod(db, 0644);
    touch(other, "", 0644);
    CHECK_INT(rename(other, db), 0);
    CHECK_INT(pr_store_begin(s, &err), PR_ENOTFOUND);
    CHECK_MSG(err, "was removed or replaced since it was opened");
    unlink(db);
    CHECK_INT(pr_store_check(s, &err), PR_ENOTFOUND);
    pr_store_free(s);
    pr_store_file_remove(db);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/portreg-sf-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    chmod(dir, 0755); /* nobody, for the other-user cases, looks in */
    test_paths();
    test_other_user();
    test_read_as_other();
    test_writable();
    test_build();
    test_check();
    if (rmdir(dir) != 0)
        fprintf(stderr, "%s not empty\n", dir);
    CHECK(access(dir, F_OK) != 0);
    return check_status();
}
