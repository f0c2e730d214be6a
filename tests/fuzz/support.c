/* input_file.c - the scratch input file of fuzz.h. */
#include "fuzz.h"

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
