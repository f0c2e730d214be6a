/* check.h - a tiny test harness: CHECK prints file:line on failure and
 * counts; main returns check_status(); exit 77 means skipped (ctest's
 * SKIP_RETURN_CODE). */
#ifndef PORTREG_CHECK_H
#define PORTREG_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                          \
    do {                                                                     \
        check_count++;                                                       \
        if (!(cond)) {                                                       \
            check_failures++;                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                    \
    } while (0)

#define CHECK_STR(a, b)                                                      \
    do {                                                                     \
        const char *ca_ = (a), *cb_ = (b);                                   \
        check_count++;                                                       \
        if (!ca_ || !cb_ || strcmp(ca_, cb_)) {                              \
            check_failures++;                                                \
            fprintf(stderr, "%s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, #a, \
                    ca_ ? ca_ : "(null)", cb_ ? cb_ : "(null)");             \
        }                                                                    \
    } while (0)

#define CHECK_INT(a, b)                                                      \
    do {                                                                     \
        long long ca_ = (long long)(a), cb_ = (long long)(b);                \
        check_count++;                                                       \
        if (ca_ != cb_) {                                                    \
            check_failures++;                                                \
            fprintf(stderr, "%s:%d: %s: got %lld, want %lld\n", __FILE__, __LINE__, #a, ca_, cb_); \
        }                                                                    \
    } while (0)

static inline int check_status(void)
{
    fprintf(stderr, "%d checks, %d failed\n", check_count, check_failures);
    return check_failures ? 1 : 0;
}

/* A fresh temporary database path (caller frees, unlinks). */
static inline char *check_tmpdb(void)
{
    char tmpl[] = "/tmp/portreg-test-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return NULL;
    close(fd);
    unlink(tmpl);
    return strdup(tmpl);
}

static inline void check_rmdb(char *path)
{
    char buf[512];
    if (!path)
        return;
    unlink(path);
    snprintf(buf, sizeof buf, "%s-wal", path);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", path);
    unlink(buf);
    free(path);
}

/* Path of a file in ../shared/data, or NULL (with a message) if absent. */
static inline const char *check_shared(const char *rel, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%s", PR_SHARED_DATA, rel);
    if (access(buf, R_OK) != 0) {
        fprintf(stderr, "skipped: %s not found (the real registry lives in ../shared/data)\n", buf);
        return NULL;
    }
    return buf;
}

#endif
