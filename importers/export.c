/* export.c - the table of format writers and pr_export_file, which writes
 * an export atomically: temporary file in the target's folder, fsync,
 * rename, so a failed export leaves the old file intact and nothing behind.
 *
 * Adding a format: write <format>_write.c, declare its writer in
 * importers.h, list it in exporter_table below, document it in
 * docs/formats.md. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "importers.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int xml_write(pr_store *s, FILE *f, const struct pr_export_opts *o, pr_error *err)
{
    (void)o;
    return pr_iana_xml_write(s, f, err);
}

static int csv_write(pr_store *s, FILE *f, const struct pr_export_opts *o, pr_error *err)
{
    (void)o;
    return pr_csv_write(s, f, err);
}

static int json_write(pr_store *s, FILE *f, const struct pr_export_opts *o, pr_error *err)
{
    (void)o;
    return pr_json_write(s, f, err);
}

static const struct pr_exporter exporter_table[] = {
    {"xml", "IANA's registry XML (byte for byte when unchanged)", xml_write},
    {"csv", "IANA's CSV columns", csv_write},
    {"services", "a services(5) file", pr_services_write},
    {"json", "registry header, records and people as JSON", json_write},
};
static const struct pr_exporter *const exporter_list[] = {
    &exporter_table[0], &exporter_table[1], &exporter_table[2], &exporter_table[3], NULL};

const struct pr_exporter *const *pr_exporters(void)
{
    return exporter_list;
}

const struct pr_exporter *pr_exporter_find(const char *name)
{
    for (size_t i = 0; exporter_list[i]; i++)
        if (!strcmp(exporter_list[i]->name, name))
            return exporter_list[i];
    return NULL;
}

/* Folder of path ("." when it has none), malloc'd. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* Is sb the database of s, or one of its -wal, -shm, -journal files?  The
 * name of the companion (or "" for the database), else NULL, in *kind.  A
 * companion that does not exist yet is caught by its name: dir and base of
 * the target (dir resolved) against the database's.  PR_ENOMEM when out of
 * memory: then nothing is known. */
static int database_file(pr_store *s, const struct stat *sb, const char *dir, const char *base,
                         const char **out)
{
    static const char *const kinds[] = {"", "-wal", "-shm", "-journal"};
    const char *db = pr_store_path(s);
    char *ddir = dir_of(db), *rdir = NULL, *rtarget = NULL;
    int nomem = !ddir;
    if (ddir && !(rdir = realpath(ddir, NULL)) && errno == ENOMEM)
        nomem = 1;
    if (!nomem && !(rtarget = realpath(dir, NULL)) && errno == ENOMEM)
        nomem = 1;
    const char *dbase = strrchr(db, '/') ? strrchr(db, '/') + 1 : db, *kind = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds && !kind; i++) {
        char name[4200];
        struct stat ds;
        snprintf(name, sizeof name, "%s%s", db, kinds[i]);
        if (sb && stat(name, &ds) == 0 && ds.st_dev == sb->st_dev && ds.st_ino == sb->st_ino)
            kind = kinds[i];
        else if (rdir && rtarget && !strcmp(rdir, rtarget) && !strncmp(base, dbase, strlen(dbase)) &&
                 !strcmp(base + strlen(dbase), kinds[i]))
            kind = kinds[i];
    }
    free(ddir);
    free(rdir);
    free(rtarget);
    *out = kind;
    return nomem ? PR_ENOMEM : 0;
}

/* Where an export to path may go: a regular file, or a name that does not
 * exist yet.  Never the open database or its companions; never a device, a
 * FIFO, a folder or a symbolic link, which the rename would replace by a
 * regular file (/dev/stdout is a link to the caller's terminal or file). */
static int export_target(pr_store *s, const char *path, pr_error *err)
{
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        char link[4096];
        ssize_t n = readlink(path, link, sizeof link - 1);
        link[n > 0 ? n : 0] = 0;
        return pr_error_at(err, PR_EINVAL, path, 0, 0, "a symbolic link (to '%s'); export "
                           "replaces the file it names: give the target itself, or '-o -' for "
                           "stdout", link);
    }
    int exists = stat(path, &sb) == 0;
    if (!exists && errno != ENOENT)
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    if (exists && S_ISDIR(sb.st_mode))
        return pr_error_at(err, PR_EINVAL, path, 0, 0, "a folder; give a file name");
    if (exists && !S_ISREG(sb.st_mode))
        return pr_error_at(err, PR_EINVAL, path, 0, 0, "not a regular file (a device, FIFO or "
                           "socket); export writes regular files only (or stdout: '-o -')");
    char *dir = dir_of(path);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path, *kind = NULL;
    int nomem = !dir || database_file(s, exists ? &sb : NULL, dir, base, &kind);
    free(dir);
    if (nomem) /* not "no": the database was not looked for */
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    if (kind)
        return pr_error_at(err, PR_EINVAL, path, 0, 0, "%s; export would destroy it",
                           !*kind ? "the database itself" : !strcmp(kind, "-wal")
                               ? "the database's write-ahead log" : "a file of the database");
    return 0;
}

/* A temporary file beside path (dir/.base.XXXXXX, registered so that an
 * interrupted export removes it) with the old file's mode, else the usual
 * 0666 & ~umask, open for writing in *f.  *tmp is NULL when none was made. */
static int open_temp(const char *path, const char *dir, const char *base, char **tmp, FILE **f,
                     pr_error *err)
{
    struct pr_strbuf name = PR_STRBUF_INIT;
    struct stat sb;
    mode_t mode;
    int fd;
    pr_strbuf_addf(&name, "%s/.%s.XXXXXX", dir, base);
    if (!(*tmp = pr_strbuf_detach(&name)))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    if ((fd = pr_temp_mkstemp(*tmp)) < 0) {
        int e = errno;
        free(*tmp);
        *tmp = NULL; /* nothing to remove */
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot create a temporary file in '%s': %s",
                           dir, strerror(e));
    }
    if (stat(path, &sb) == 0) {
        mode = sb.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    if (fchmod(fd, mode) != 0 || !(*f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot write: %s", strerror(e));
    }
    return 0;
}

/* The exporter's output into f, then flushed to disk and closed (*f NULL
 * once closed). */
static int write_out(pr_store *s, const struct pr_exporter *ex, const struct pr_export_opts *o,
                     const char *path, FILE **f, pr_error *err)
{
    int rc;
    if (o->test_delay_ms > 0) {
        struct timespec ts = {o->test_delay_ms / 1000, o->test_delay_ms % 1000 * 1000000L};
        nanosleep(&ts, NULL);
    }
    errno = 0;
    if ((rc = ex->write(s, *f, o, err))) {
        /* The writers only see that the stream failed; the failed write(2)
         * left its reason in errno (a full disk, a file size limit). */
        if (rc == PR_EIO && ferror(*f) && errno)
            rc = pr_error_at(err, PR_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
        return rc;
    }
    if (fflush(*f) != 0 || ferror(*f) || fsync(fileno(*f)) != 0)
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    int closed = fclose(*f);
    *f = NULL;
    if (closed != 0)
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
    return 0;
}

/* After the rename: the file's time from SOURCE_DATE_EPOCH (reproducible),
 * and the rename itself made durable. */
static void settle(const char *path, const char *dir, const struct pr_export_opts *o)
{
    if (o->use_source_date) {
        struct timespec ts[2] = {{(time_t)o->source_date_epoch, 0},
                                 {(time_t)o->source_date_epoch, 0}};
        utimensat(AT_FDCWD, path, ts, 0);
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
}

int pr_export_file(pr_store *s, const struct pr_exporter *ex, const struct pr_export_opts *o,
                   const char *path, pr_error *err)
{
    static const struct pr_export_opts none = {0};
    int rc = export_target(s, path, err);
    if (rc)
        return rc;
    char *dir = dir_of(path), *tmp = NULL;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    FILE *f = NULL;

    if (!o)
        o = &none;
    if (!dir)
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
    else if (!*base)
        rc = pr_error_at(err, PR_EINVAL, path, 0, 0, "not a file name");
    else if (!(rc = open_temp(path, dir, base, &tmp, &f, err)) &&
             !(rc = write_out(s, ex, o, path, &f, err))) {
        if (rename(tmp, path) != 0) {
            rc = pr_error_at(err, PR_EIO, path, 0, 0, "cannot replace: %s", strerror(errno));
        } else {
            pr_temp_forget(tmp);
            free(tmp);
            tmp = NULL;
            settle(path, dir, o);
        }
    }
    if (f)
        fclose(f);
    if (tmp) {
        unlink(tmp);
        pr_temp_forget(tmp);
        free(tmp);
    }
    free(dir);
    return rc;
}
