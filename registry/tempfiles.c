/* tempfiles.c - the files the library is writing that must not outlive an
 * interrupted command: an export's temporary file, an update's download.
 * A front end's SIGINT/SIGTERM handler calls pr_temp_cleanup, which only
 * unlinks (async-signal-safe) the paths registered here. */
#include "registry.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 8
#define PATH_LEN 4096

static char paths[SLOTS][PATH_LEN];
static volatile sig_atomic_t used[SLOTS];

int pr_temp_add(const char *path)
{
    size_t n = strlen(path);
    if (n >= PATH_LEN)
        return -1;
    for (int i = 0; i < SLOTS; i++)
        if (!used[i]) {
            memcpy(paths[i], path, n + 1);
            used[i] = 1; /* only now may a handler see it */
            return 0;
        }
    return -1;
}

void pr_temp_forget(const char *path)
{
    for (int i = 0; i < SLOTS; i++)
        if (used[i] && !strcmp(paths[i], path))
            used[i] = 0;
}

void pr_temp_cleanup(void)
{
    for (int i = 0; i < SLOTS; i++)
        if (used[i]) {
            unlink(paths[i]);
            used[i] = 0;
        }
}

int pr_temp_mkstemp(char *tmpl)
{
    /* No signal between the file's creation and its registration: the
     * handler would not know it yet. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(tmpl);
    if (fd >= 0)
        pr_temp_add(tmpl);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return fd;
}
