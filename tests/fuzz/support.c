/* support.c - shared by the harnesses (fuzz.h): the scratch input file and
 * the sample registry in an in-memory database. */
#include "fuzz.h"
#include "importers.h"

#include <string.h>
#include <unistd.h>

static char path[4096];
static int fd = -1;

static void remove_file(void)
{
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
}

const char *fuzz_input_file(const uint8_t *data, size_t size)
{
    if (fd < 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/portreg-fuzz-XXXXXX", dir && *dir ? dir : "/tmp");
        if ((fd = mkstemp(path)) < 0) {
            perror("fuzz: mkstemp");
            abort();
        }
        atexit(remove_file);
    }
    if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) {
        perror("fuzz: cannot write the input file");
        abort();
    }
    return path;
}

pr_store *fuzz_sample_store(void)
{
    static pr_store *store;
    pr_error err = {0};
    struct pr_import_result res;
    if (store)
        return store;
    if (pr_store_open(&store, ":memory:", PR_STORE_CREATE, &err) ||
        pr_import_file(store, PR_TESTDATA "/sample.xml", "xml", 0, &res, &err)) {
        char buf[600];
        fprintf(stderr, "fuzz: cannot load the sample registry: %s\n",
                pr_error_format(&err, buf, sizeof buf));
        abort();
    }
    return store;
}
