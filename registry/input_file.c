/* input_file.c - opening input files safely (see input_file.h). */
#include "input_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pr_input_open(const char *path, const char *mode, FILE **out, pr_error *err)
{
    struct stat sb;
    int fd;
    *out = NULL;
    /* O_NONBLOCK: a FIFO with no writer must not block the open; it is
     * refused below, like any file that is not a regular one. */
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0 ||
        fstat(fd, &sb) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return pr_error_at(err, PR_EIO, path, 0, 0, "not a regular file");
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0 || !(*out = fdopen(fd, mode))) {
        int e = errno;
        close(fd);
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot open: %s", strerror(e));
    }
    return 0;
}
