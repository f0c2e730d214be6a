/* export_set.c - export --all: the registry as a release set in one folder
 * (IANA's XML and CSV, a services(5) file, JSON, and SHA256SUMS over
 * them), as iana-etc publishes one per IANA update.
 *
 * The set is written into a temporary folder beside the target
 * (".NAME.XXXXXX"), each file flushed to disk, and the folder renamed into
 * place: readers see the old set or the new one, never a mixture.  A
 * target that exists is replaced only when it is empty or holds nothing
 * but the files of a set (a folder of other files is refused, and so is a
 * symbolic link); the swap is one renameat2(RENAME_EXCHANGE) where the file
 * system has it.  The same database gives the same bytes; with a source
 * date (SOURCE_DATE_EPOCH) the files' and the folder's times are that date,
 * so an archive of the folder is reproducible too. */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "importers.h"
#include "sha256.h"
#include "strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* In SHA256SUMS order (sorted, as sha256sum(1) of a glob lists them);
 * SHA256SUMS itself is written last. */
static const struct {
    const char *name, *format;
} set_files[] = {
    {"service-names-port-numbers.csv", "csv"},
    {"service-names-port-numbers.json", "json"},
    {"service-names-port-numbers.xml", "xml"},
    {"services", "services"},
};
#define N_SET (sizeof set_files / sizeof *set_files)

const char *const pr_export_set_names[] = {
    "service-names-port-numbers.csv", "service-names-port-numbers.json",
    "service-names-port-numbers.xml", "services", "SHA256SUMS", NULL};

static int in_set(const char *name)
{
    for (size_t i = 0; pr_export_set_names[i]; i++)
        if (!strcmp(pr_export_set_names[i], name))
            return 1;
    return 0;
}

/* Register (add) or forget the folder dir and the files of a set in it. */
static void temp_files(const char *dir, int add)
{
    struct pr_strbuf p = PR_STRBUF_INIT;
    for (size_t i = 0; pr_export_set_names[i]; i++) {
        pr_strbuf_setlen(&p, 0);
        pr_strbuf_addf(&p, "%s/%s", dir, pr_export_set_names[i]);
        if (!p.oom && add)
            pr_temp_add(p.buf);
        else if (!p.oom)
            pr_temp_forget(p.buf);
    }
    pr_strbuf_release(&p);
    if (!add)
        pr_temp_forget(dir);
}

/* Remove a set's files from dir and dir itself (best effort). */
static void remove_set(const char *dir)
{
    struct pr_strbuf p = PR_STRBUF_INIT;
    for (size_t i = 0; pr_export_set_names[i]; i++) {
        pr_strbuf_setlen(&p, 0);
        pr_strbuf_addf(&p, "%s/%s", dir, pr_export_set_names[i]);
        if (!p.oom)
            unlink(p.buf);
    }
    pr_strbuf_release(&p);
    rmdir(dir);
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int set_time(const char *path, const struct pr_export_opts *o)
{
    if (!o->use_source_date)
        return 0;
    struct timespec ts[2] = {{(time_t)o->source_date_epoch, 0}, {(time_t)o->source_date_epoch, 0}};
    return utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Write one file of the set at path with ex; its SHA-256 into hex. */
static int write_one(pr_store *s, const struct pr_exporter *ex, const struct pr_export_opts *o,
                     const char *path, const char *shown, char hex[65], pr_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int rc = 0;
    if (!f) {
        rc = pr_error_at(err, PR_EIO, shown, 0, 0, "cannot create: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return rc;
    }
    errno = 0;
    if ((rc = ex->write(s, f, o, err))) {
        if (rc == PR_EIO && ferror(f) && errno)
            rc = pr_error_at(err, PR_EIO, shown, 0, 0, "cannot write: %s", strerror(errno));
        fclose(f);
        return rc;
    }
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
        rc = pr_error_at(err, PR_EIO, shown, 0, 0, "cannot write: %s", strerror(errno));
        fclose(f);
        return rc;
    }
    if (fclose(f) != 0)
        return pr_error_at(err, PR_EIO, shown, 0, 0, "cannot write: %s", strerror(errno));
    /* The digest of what is on disk, read back. */
    struct pr_sha256 h;
    char buf[65536];
    size_t n;
    if (!(f = fopen(path, "rb")))
        return pr_error_at(err, PR_EIO, shown, 0, 0, "cannot read back: %s", strerror(errno));
    pr_sha256_init(&h);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        pr_sha256_add(&h, buf, n);
    rc = ferror(f) ? pr_error_at(err, PR_EIO, shown, 0, 0, "cannot read back: %s",
                                 strerror(errno))
                   : 0;
    fclose(f);
    pr_sha256_hex(&h, hex);
    if (!rc && set_time(path, o))
        rc = pr_error_at(err, PR_EIO, shown, 0, 0, "cannot set its time: %s", strerror(errno));
    return rc;
}

/* SHA256SUMS: "digest  name" lines, sha256sum(1)'s format. */
static int sums_write(pr_store *s, FILE *f, const struct pr_export_opts *o, pr_error *err)
{
    const char (*hex)[65] = o->set_digests;
    (void)s;
    for (size_t i = 0; i < N_SET; i++)
        fprintf(f, "%s  %s\n", hex[i], set_files[i].name);
    return ferror(f) ? pr_error_set(err, PR_EIO, "cannot write: write error") : 0;
}

/* What is at dir: 0 nothing, 1 a folder a set may replace (mode in *mode),
 * or an error. */
static int target(const char *dir, mode_t *mode, pr_error *err)
{
    struct stat sb;
    if (lstat(dir, &sb) != 0) {
        if (errno == ENOENT)
            return 0;
        return pr_error_at(err, PR_EIO, dir, 0, 0, "cannot look at it: %s", strerror(errno));
    }
    if (S_ISLNK(sb.st_mode)) {
        char link[4096];
        ssize_t n = readlink(dir, link, sizeof link - 1);
        link[n > 0 ? n : 0] = 0;
        return pr_error_at(err, PR_EINVAL, dir, 0, 0,
                           "a symbolic link (to '%s'); give the folder itself", link);
    }
    if (!S_ISDIR(sb.st_mode))
        return pr_error_at(err, PR_EINVAL, dir, 0, 0,
                           "not a folder; a set of exports is written to a folder of files");
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 1;
    if (!d)
        return pr_error_at(err, PR_EIO, dir, 0, 0, "cannot read: %s", strerror(errno));
    while (rc == 1 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        struct stat fs;
        int ok = in_set(e->d_name) && fstatat(dirfd(d), e->d_name, &fs, AT_SYMLINK_NOFOLLOW) == 0 &&
                 S_ISREG(fs.st_mode);
        if (!ok)
            rc = pr_error_at(err, PR_EEXIST, dir, 0, 0,
                             "holds '%s', which a set of exports does not write; give a new or "
                             "empty folder, or one a set of exports was written to", e->d_name);
    }
    closedir(d);
    *mode = sb.st_mode & 07777;
    return rc;
}

/* Put the folder tmp where dir is, and the old one at tmp. */
static int swap(const char *tmp, const char *dir, const char *parent, const char *base,
                pr_error *err)
{
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return pr_error_at(err, PR_EIO, dir, 0, 0, "cannot replace: %s", strerror(errno));
    /* No exchange on this file system: move the old folder aside (onto an
     * empty folder of a fresh name), the new one in, the old one to tmp. */
    struct pr_strbuf old = PR_STRBUF_INIT;
    pr_strbuf_addf(&old, "%s/.%s.old.XXXXXX", parent, base);
    int rc = 0;
    if (old.oom || !mkdtemp(old.buf) || rename(dir, old.buf) != 0) {
        rc = pr_error_at(err, PR_EIO, dir, 0, 0, "cannot replace: %s",
                         old.oom ? "out of memory" : strerror(errno));
        if (!old.oom)
            rmdir(old.buf);
    } else if (rename(tmp, dir) != 0) {
        rc = pr_error_at(err, PR_EIO, dir, 0, 0, "cannot replace: %s", strerror(errno));
        rename(old.buf, dir);
    } else if (mkdir(tmp, 0700) != 0 || rename(old.buf, tmp) != 0) {
        remove_set(old.buf); /* the new set is in place; drop the old one */
    }
    pr_strbuf_release(&old);
    return rc;
}

/* The set's files and then SHA256SUMS into the folder tmp, each named in
 * messages as it will be, under dir; wo's test_delay_ms pauses between
 * them (tests). */
static int write_files(pr_store *s, const char *tmp, const char *dir, struct pr_export_opts *wo,
                       pr_error *err)
{
    static const struct pr_exporter sums = {"sha256sums", "SHA256SUMS", sums_write};
    struct pr_strbuf file = PR_STRBUF_INIT, shown = PR_STRBUF_INIT;
    char hex[N_SET][65], sum[65];
    int rc = 0;
    wo->set_digests = (const char (*)[65])hex;
    for (size_t i = 0; !rc && i <= N_SET; i++) {
        const struct pr_exporter *ex = i < N_SET ? pr_exporter_find(set_files[i].format) : &sums;
        const char *name = i < N_SET ? set_files[i].name : "SHA256SUMS";
        pr_strbuf_setlen(&file, 0);
        pr_strbuf_addf(&file, "%s/%s", tmp, name);
        pr_strbuf_setlen(&shown, 0);
        pr_strbuf_addf(&shown, "%s/%s", dir, name);
        if (file.oom || shown.oom)
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        else if (!(rc = write_one(s, ex, wo, file.buf, shown.buf, i < N_SET ? hex[i] : sum, err)) &&
                 wo->test_delay_ms > 0)
            pause_ms(wo->test_delay_ms);
    }
    wo->set_digests = NULL; /* hex ends here */
    pr_strbuf_release(&file);
    pr_strbuf_release(&shown);
    return rc;
}

int pr_export_all(pr_store *s, const char *path, const struct pr_export_opts *o,
                  pr_error *err)
{
    struct pr_strbuf dir = PR_STRBUF_INIT, parent = PR_STRBUF_INIT, tmp = PR_STRBUF_INIT;
    struct pr_export_opts wo = o ? *o : (struct pr_export_opts){0};
    mode_t mode = 0;
    int rc = 0, made = 0, exists;

    /* "out/", "out//": the folder out; ".", "..", "/": no name to rename. */
    pr_strbuf_adds(&dir, path);
    if (dir.oom) {
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        goto out;
    }
    while (dir.len > 1 && dir.buf[dir.len - 1] == '/')
        pr_strbuf_setlen(&dir, dir.len - 1);
    const char *slash = dir.buf ? strrchr(dir.buf, '/') : NULL;
    const char *base = slash ? slash + 1 : pr_strbuf_str(&dir);
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        rc = pr_error_at(err, PR_EINVAL, path, 0, 0, "give the folder by its name");
        goto out;
    }
    if (slash)
        pr_strbuf_add(&parent, dir.buf, slash == dir.buf ? 1 : (size_t)(slash - dir.buf));
    else
        pr_strbuf_adds(&parent, ".");
    if ((exists = target(dir.buf, &mode, err)) < 0) {
        rc = exists;
        goto out;
    }
    pr_strbuf_addf(&tmp, "%s/.%s.XXXXXX", pr_strbuf_str(&parent), base);
    if (dir.oom || parent.oom || tmp.oom) {
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        goto out;
    }
    /* Registered, with the files it will hold: a signal removes them all
     * (pr_temp_cleanup). */
    if (!pr_temp_mkdtemp(tmp.buf)) {
        rc = pr_error_at(err, PR_EIO, path, 0, 0, "cannot create a temporary folder in '%s': %s",
                         parent.buf, strerror(errno));
        goto out;
    }
    made = 1;
    temp_files(tmp.buf, 1);
    if ((rc = write_files(s, tmp.buf, dir.buf, &wo, err)))
        goto out;
    if (!exists) {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0777 & ~mask;
    }
    sync_dir(tmp.buf);
    if (chmod(tmp.buf, mode) != 0 || set_time(tmp.buf, o ? o : &wo)) {
        rc = pr_error_at(err, PR_EIO, path, 0, 0, "cannot set the folder's mode or time: %s",
                         strerror(errno));
        goto out;
    }
    /* Not cut in two by a signal: without an exchange the old set is
     * moved aside before the new one moves in. */
    pr_temp_hold();
    if (!exists && rename(tmp.buf, dir.buf) != 0)
        rc = pr_error_at(err, PR_EIO, path, 0, 0, "cannot rename the new set into place: %s",
                         strerror(errno));
    else if (exists)
        rc = swap(tmp.buf, dir.buf, parent.buf, base, err);
    pr_temp_release();
    if (rc)
        goto out;
    /* tmp is now the old set (or nothing). */
    sync_dir(parent.buf);
out:
    if (made) {
        remove_set(tmp.buf);
        temp_files(tmp.buf, 0);
    }
    pr_strbuf_release(&dir);
    pr_strbuf_release(&parent);
    pr_strbuf_release(&tmp);
    return rc;
}
