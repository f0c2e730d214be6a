/* store_file.c - the database as a file beside its companions (-wal, -shm,
 * -journal): which paths may be a database, which files belong to another
 * user, who holds the write lock, and removing a database that a failed
 * first import created (docs/security.md, "The store"). */
#define _GNU_SOURCE /* renameat2 */
#include "store_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const companions[] = {"-wal", "-shm", "-journal"};

/* path + suffix into buf; 0, or -1 when it does not fit. */
static int companion(char *buf, size_t len, const char *path, const char *suffix)
{
    int n = snprintf(buf, len, "%s%s", path, suffix);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

int pr_store_check_path(const char *path, int *exists, struct stat *sb, pr_error *err)
{
    *exists = 0;
    if (!*path)
        return pr_error_set(err, PR_EINVAL, "empty database path");
    /* SQLite reads these as an in-memory database and as a URI: a database
     * that vanishes at exit, or options in the name. */
    if (!strcmp(path, ":memory:"))
        return pr_error_set(err, PR_EINVAL, "':memory:' is not a database file; give a path");
    if (!strncmp(path, "file:", 5))
        return pr_error_set(err, PR_EINVAL,
                            "'%s' is a SQLite URI, not a path (for a file of that name: './%s')",
                            path, path);
    /* stat, not open: it never blocks on a FIFO or touches a device. */
    if (stat(path, sb) != 0) {
        if (errno == ENOENT)
            return 0;
        return pr_error_set(err, PR_EIO, "cannot open database '%s': %s", path, strerror(errno));
    }
    if (S_ISDIR(sb->st_mode))
        return pr_error_set(err, PR_EINVAL, "'%s' is a directory, not a database file", path);
    if (!S_ISREG(sb->st_mode))
        return pr_error_set(err, PR_EINVAL, "'%s' is not a regular file (a FIFO, socket or "
                            "device cannot be a database)", path);
    *exists = 1;
    /* A companion that is not a regular file would hang or spoil SQLite. */
    for (size_t i = 0; i < sizeof companions / sizeof *companions; i++) {
        char c[4200];
        struct stat cs;
        if (companion(c, sizeof c, path, companions[i]) == 0 && lstat(c, &cs) == 0 &&
            !S_ISREG(cs.st_mode))
            return pr_error_set(err, PR_EINVAL, "'%s' is not a regular file; the database "
                                "'%s' cannot be opened beside it", c, path);
    }
    return 0;
}

/* "user 'nobody' (uid 65534)" */
static void describe_user(char *buf, size_t len, uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    if (pw && pw->pw_name)
        snprintf(buf, len, "user '%s' (uid %ld)", pw->pw_name, (long)uid);
    else
        snprintf(buf, len, "uid %ld", (long)uid);
}

int pr_store_other_user(const char *path, const struct stat *db, int *immutable,
                        pr_error *err)
{
    char wal[4200], shm[4200];
    struct stat ws, ss;
    *immutable = 0;
    /* Our own files, or root's (SQLite gives root's companions to the
     * database's owner). */
    if (db->st_uid == geteuid() || geteuid() == 0)
        return 0;
    if (companion(wal, sizeof wal, path, "-wal") || companion(shm, sizeof shm, path, "-shm"))
        return pr_error_set(err, PR_EINVAL, "database path too long");
    int has_wal = stat(wal, &ws) == 0, has_shm = stat(shm, &ss) == 0;
    if (has_wal && !has_shm) {
        /* The owner's last close removes -shm, then -wal: look again. */
        has_wal = stat(wal, &ws) == 0;
        has_shm = stat(shm, &ss) == 0;
    }
    char journal[4200];
    struct stat js;
    /* A journal with content: a write that a crash interrupted, which only
     * a connection that may write can roll back; the main file alone is
     * not the database then. */
    int hot = companion(journal, sizeof journal, path, "-journal") == 0 &&
              stat(journal, &js) == 0 && js.st_size > 0;
    if (hot) {
        char who[128];
        describe_user(who, sizeof who, db->st_uid);
        return pr_error_set(err, PR_EREFUSED, "database '%s' was left in the middle of a write "
                            "(a crash?); a command that writes to it, run by its owner, %s, "
                            "recovers it", path, who);
    }
    if (!has_wal) {
        /* Without a -wal file the main file is complete: read it as
         * immutable, which creates no -wal and -shm that its owner could
         * not write afterwards. */
        *immutable = 1;
        return 0;
    }
    if (!has_shm) {
        char who[128];
        describe_user(who, sizeof who, db->st_uid);
        return pr_error_set(err, PR_EREFUSED,
                            "cannot read database '%s' as another user: its write-ahead log "
                            "needs an index file ('%s') that only its owner, %s, should "
                            "create; run portreg once as that user", path, shm, who);
    }
    return 0; /* the owner's -wal and -shm, used read-only */
}

int pr_store_check_writable(const char *path, pr_error *err)
{
    for (size_t i = 0; i < 2; i++) {
        char c[4200], who[128];
        struct stat cs;
        /* Only "not allowed" counts: another portreg's last close removes
         * its -wal and -shm at any moment (ENOENT). */
        if (companion(c, sizeof c, path, companions[i]) || stat(c, &cs) != 0 ||
            access(c, W_OK) == 0 || (errno != EACCES && errno != EPERM))
            continue;
        describe_user(who, sizeof who, cs.st_uid);
        return pr_error_set(err, PR_EDB,
                            "cannot write to database '%s': '%s' belongs to %s and is not "
                            "writable (another user read the database with an older "
                            "portreg?); give it to the database's owner (chown) and retry",
                            path, c, who);
    }
    return 0;
}

/* The process holding a write lock on byte range [start, start+len) of
 * file, or 0. */
static pid_t lock_holder(const char *file, off_t start, off_t len)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    pid_t pid = 0;
    if (fd < 0)
        return 0;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
        pid = fl.l_pid;
    close(fd);
    return pid;
}

int pr_store_busy(pr_store *s, pr_error *err, const char *what)
{
    char shm[4200], who[300] = "";
    pid_t pid = 0;
    /* SQLite's locks: in WAL mode a writer holds byte 120 of the -shm
     * file (WAL_WRITE_LOCK), a checkpointer or recovery bytes 121-127;
     * otherwise the database file's lock bytes from 1 GiB on. */
    if (companion(shm, sizeof shm, s->path, "-shm") == 0)
        pid = lock_holder(shm, 120, 8);
    if (!pid)
        pid = lock_holder(s->path, 0x40000000, 512 + 2);
    if (pid > 0) {
        char comm_path[64], comm[64] = "";
        snprintf(comm_path, sizeof comm_path, "/proc/%ld/comm", (long)pid);
        FILE *f = fopen(comm_path, "r");
        if (f) {
            if (fgets(comm, sizeof comm, f))
                comm[strcspn(comm, "\n")] = 0;
            fclose(f);
        }
        snprintf(who, sizeof who, "process %ld%s%s%s", (long)pid, *comm ? " (" : "", comm,
                 *comm ? ")" : "");
    } else {
        snprintf(who, sizeof who, "another process (another portreg?)");
    }
    return pr_error_set(err, PR_EDB, "%s%sdatabase '%s' is locked: %s is writing to it; "
                        "try again when it has finished", what ? what : "", what ? ": " : "",
                        s->path, who);
}

void pr_store_file_remove(const char *path)
{
    char c[4200];
    unlink(path);
    for (size_t i = 0; i < sizeof companions / sizeof *companions; i++)
        if (companion(c, sizeof c, path, companions[i]) == 0)
            unlink(c);
}

/* ---- a first import, built aside ---------------------------------------- */

#define BUILD_TAG "-build-"

/* Is name (in path's folder) a build file of path, or its companion, left
 * by a process that no longer runs? */
static int stale_build(const char *base, const char *name)
{
    size_t bl = strlen(base), tl = strlen(BUILD_TAG);
    if (strncmp(name, base, bl) || strncmp(name + bl, BUILD_TAG, tl))
        return 0;
    const char *p = name + bl + tl;
    char *end;
    errno = 0;
    long pid = strtol(p, &end, 10);
    if (end == p || *end != '-' || pid <= 0 || errno || strlen(end + 1) < 6)
        return 0;
    const char *rest = end + 7;
    if (*rest && strcmp(rest, "-journal") && strcmp(rest, "-wal") && strcmp(rest, "-shm"))
        return 0;
    /* running, or another user's: not ours to judge */
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static void remove_stale_builds(const char *path)
{
    char dir[4200], file[4400];
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path) >=
             (int)sizeof dir)
        return;
    DIR *d = opendir(dir);
    struct dirent *e;
    struct stat sb;
    if (!d)
        return;
    while ((e = readdir(d)))
        if (stale_build(base, e->d_name) &&
            snprintf(file, sizeof file, "%s/%s", dir, e->d_name) < (int)sizeof file &&
            lstat(file, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid())
            unlink(file);
    closedir(d);
}

int pr_store_build_file(pr_store *s, const char *path, pr_error *err)
{
    char tmpl[4200];
    struct stat sb;
    if (lstat(path, &sb) == 0) /* stat found nothing: a link to nothing */
        return pr_error_set(err, PR_EDB, "cannot create database '%s': a symbolic link to "
                            "nothing is in its place", path);
    remove_stale_builds(path);
    if (snprintf(tmpl, sizeof tmpl, "%s" BUILD_TAG "%ld-XXXXXX", path, (long)getpid()) >=
        (int)sizeof tmpl)
        return pr_error_set(err, PR_EINVAL, "database path too long: '%.100s...'", path);
    int fd = pr_temp_mkstemp(tmpl);
    if (fd < 0)
        return pr_error_set(err, PR_EDB, "cannot create database '%s': %s", path,
                            strerror(errno));
    /* the mode SQLite gives a database it creates */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0644 & ~mask);
    close(fd);
    if (!(s->build = strdup(tmpl))) {
        unlink(tmpl);
        pr_temp_forget(tmpl);
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    }
    return 0;
}

/* The folder of path synced, so that a rename in it survives a crash (some
 * file systems cannot sync a folder: then the rename is as durable as they
 * make it). */
static void sync_folder(const char *path)
{
    char dir[4200];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path) >=
             (int)sizeof dir)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int pr_store_build_rename(pr_store *s, pr_error *err)
{
    int fd = open(s->build, O_RDONLY | O_CLOEXEC), rc;
    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return pr_error_set(err, PR_EDB, "cannot write database '%s': %s", s->path,
                            strerror(e));
    }
    close(fd);
    /* Never over a database that appeared meanwhile (another first
     * import): a rename that does not replace, else a link, which fails
     * just the same when path exists. */
    rc = renameat2(AT_FDCWD, s->build, AT_FDCWD, s->path, RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS) && (rc = link(s->build, s->path)) == 0)
        unlink(s->build);
    if (rc != 0)
        return pr_error_set(err, errno == EEXIST ? PR_EEXIST : PR_EDB,
                            errno == EEXIST ? "database '%s' appeared while this import built "
                                              "it (another import?); nothing was imported"
                                            : "cannot put database '%s' in place: %s",
                            s->path, strerror(errno));
    pr_temp_forget(s->build);
    free(s->build);
    s->build = NULL;
    sync_folder(s->path);
    return 0;
}
