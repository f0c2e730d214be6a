/* fuzz_services.c - fuzz harness for pr_services_read (importers/): every record passes
 * fuzz_check_record, every person has an id, every observation a port,
 * a transport and a frequency within 0..1; a refusal has a code, a
 * one-line message and the file (support.c, fuzz_read_checked).  The same
 * input is checked as glibc reads it (pr_services_check_file: every item
 * names a line of the file, a shadowed one an earlier line) and applied as
 * a --local file to the sample's services export (pr_services_write: it
 * writes, or it refuses with FILE:LINE and writes nothing). */
#include "fuzz.h"
#include "importers.h"

#include <string.h>

static long lines;

static int on_item(const struct pr_check_item *it, void *ud)
{
    (void)ud;
    FUZZ_ASSERT(it->name && it->protocol && it->port >= 0 && it->port <= 65535);
    FUZZ_ASSERT(it->line >= 1 && it->line <= lines);
    if (it->kind == PR_CHECK_SHADOWED_NAME || it->kind == PR_CHECK_SHADOWED_PORT)
        FUZZ_ASSERT(it->by_line >= 1 && it->by_line < it->line && it->by_name);
    if (it->kind == PR_CHECK_LONG_LINE)
        FUZZ_ASSERT(it->bytes > PR_CHECK_WIDTH);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read_checked(pr_services_read, data, size);

    const char *path = fuzz_input_file(data, size);
    struct pr_check_counts counts;
    pr_error err = {0};
    lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    int rc = pr_services_check_file(path, PR_CHECK_WIDTH, on_item, NULL, &counts, &err);
    FUZZ_ASSERT(rc == 0 || (rc < 0 && err.msg[0] && !strchr(err.msg, '\n')));

    /* As a local file: all or nothing. */
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    struct pr_export_opts o = {.local = &path, .n_local = 1, .width = 80};
    memset(&err, 0, sizeof err);
    rc = pr_services_write(fuzz_sample_store(), f, &o, &err);
    fclose(f);
    FUZZ_ASSERT(rc == 0 || (len == 0 && err.msg[0]));
    if (rc == 0)
        for (char *p = out, *nl; (nl = strchr(p, '\n')); p = nl + 1)
            FUZZ_ASSERT(nl - p <= 80);
    free(out);
    return 0;
}
