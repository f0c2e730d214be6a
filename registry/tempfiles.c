/* tempfiles.c - the files and folders the library is writing that must not
 * outlive an interrupted command: an export's temporary file, the folder
 * of an export --all, an update's download, a database a first import
 * creates.  A front end's SIGINT/SIGTERM handler calls pr_temp_cleanup,
 * which only unlinks and rmdirs (async-signal-safe) the paths registered
 * here: the one mechanism for every command. */
#include "registry.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 16
#define PATH_LEN 4096

enum { FREE, A_FILE, A_FOLDER };

static char paths[SLOTS][PATH_LEN];
static volatile sig_atomic_t used[SLOTS];

/* The signals a front end catches to clean up (pr_temp_hold). */
static const int held[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static sigset_t saved_mask;
static int hold_depth;

static int add(const char *path, int kind)
{
    size_t n = strlen(path);
    if (n >= PATH_LEN)
        return -1;
    for (int i = 0; i < SLOTS; i++)
        if (used[i] == FREE) {
            memcpy(paths[i], path, n + 1);
            used[i] = kind; /* only now may a handler see it */
            return 0;
        }
    return -1;
}

int pr_temp_add(const char *path)
{
    return add(path, A_FILE);
}

int pr_temp_add_folder(const char *path)
{
    return add(path, A_FOLDER);
}

void pr_temp_forget(const char *path)
{
    for (int i = 0; i < SLOTS; i++)
        if (used[i] != FREE && !strcmp(paths[i], path))
            used[i] = FREE;
}

void pr_temp_cleanup(void)
{
    /* Files first: a folder goes only once it is empty. */
    for (int i = 0; i < SLOTS; i++)
        if (used[i] == A_FILE) {
            unlink(paths[i]);
            used[i] = FREE;
        }
    for (int i = 0; i < SLOTS; i++)
        if (used[i] == A_FOLDER) {
            rmdir(paths[i]);
            used[i] = FREE;
        }
}

void pr_temp_hold(void)
{
    if (hold_depth++)
        return;
    sigset_t block;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof held / sizeof *held; i++)
        sigaddset(&block, held[i]);
    pthread_sigmask(SIG_BLOCK, &block, &saved_mask);
}

void pr_temp_release(void)
{
    if (hold_depth > 0 && !--hold_depth)
        pthread_sigmask(SIG_SETMASK, &saved_mask, NULL); /* a pending signal lands here */
}

static int hold_commits;            /* the front end asked for it */
static int commit_held;             /* a COMMIT holds the signals */
static volatile sig_atomic_t committed;

void pr_temp_hold_commits(void)
{
    hold_commits = 1;
}

void pr_temp_commit_begin(void)
{
    if (hold_commits && !commit_held) {
        pr_temp_hold();
        commit_held = 1;
    }
}

void pr_temp_commit_end(int ok)
{
    if (ok)
        committed = 1;
    else if (commit_held && !committed) {
        /* nothing saved: nothing to report first */
        commit_held = 0;
        pr_temp_release();
    }
}

void pr_temp_commit_reported(void)
{
    if (commit_held) {
        commit_held = 0;
        pr_temp_release(); /* a pending signal lands here */
    }
}

int pr_temp_committed(void)
{
    return committed;
}

int pr_temp_mkstemp(char *tmpl)
{
    /* No signal between the file's creation and its registration: the
     * handler would not know it yet. */
    pr_temp_hold();
    int fd = mkstemp(tmpl);
    if (fd >= 0)
        pr_temp_add(tmpl);
    pr_temp_release();
    return fd;
}

char *pr_temp_mkdtemp(char *tmpl)
{
    pr_temp_hold();
    char *dir = mkdtemp(tmpl);
    if (dir)
        pr_temp_add_folder(dir);
    pr_temp_release();
    return dir;
}
