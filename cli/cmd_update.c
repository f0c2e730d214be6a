/* cmd_update.c - portreg update: download IANA's registry and replace the
 * one in the database when it changed. */
#include "cmd.h"
#include "edit_cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *url;
static int force;
static long timeout = -1;
static long long max_bytes = -1;

static int size_cb(const struct cli_option *o, const char *cmd, const char *arg);

static const struct cli_option options[] = {
    CLI_OPT_STRING('u', "url", &url, "URL", "where to download from (default: IANA's XML)"),
    CLI_OPT_BOOL('f', "force", &force, "replace local edits; download even if not modified"),
    CLI_OPT_LONG(0, "timeout", &timeout, "SECONDS", 1, 86400,
                 "give up after this long (default 120)"),
    CLI_OPT_CALLBACK(0, "max-size", &max_bytes, "BYTES", size_cb,
                     "refuse larger downloads (default 64M; K, M and G suffixes)"),
    CLI_OPT_END
};

const struct cli_spec cmd_update_spec = {
    "portreg update [--url URL] [--force]",
    "Download the registry (IANA's XML unless --url names another copy, XML\n"
    "or CSV) and replace the one in the database.  The request is\n"
    "conditional: when the server says the file has not changed since the\n"
    "last update, nothing is downloaded or replaced.  TLS certificates are\n"
    "verified.  The download is parsed completely before anything is\n"
    "replaced.  A database with local edits since its last import is only\n"
    "replaced with --force.  Exit status 0 when updated or not modified, 2\n"
    "on error.",
    options, NULL, NULL,
};

struct progress {
    int shown;
    long long last; /* last printed tenth of a megabyte */
};

static void progress(void *ud, long long bytes, long long total)
{
    struct progress *pg = ud;
    if (bytes <= 0 || (pg->shown && bytes / 100000 == pg->last))
        return;
    pg->last = bytes / 100000;
    if (total > 0)
        fprintf(stderr, "\rdownloading: %.1f of %.1f MB", bytes / 1e6, total / 1e6);
    else
        fprintf(stderr, "\rdownloading: %.1f MB", bytes / 1e6);
    pg->shown = 1;
}

static int size_cb(const struct cli_option *o, const char *cmd, const char *arg)
{
    if (pr_parse_size(arg, 1, LLONG_MAX, o->value)) {
        cli_errorf("%s: invalid size '%s' (expected e.g. 65536, 512K or 64M)", cmd, arg);
        return -1;
    }
    return 0;
}

int cmd_update(struct cli *c, int argc, char **argv)
{
    struct pr_update_opts uo;
    struct pr_update_result res;
    pr_error err = {0};
    struct progress pg = {0};

    if (argc > 1) {
        cli_errorf("update: unexpected argument '%s' (use --url URL)", argv[1]);
        return EXIT_ERROR;
    }
    pr_update_opts_init(&uo);
    if (url)
        uo.url = url;
    uo.force = force;
    if (timeout > 0)
        uo.timeout = timeout;
    if (max_bytes > 0)
        uo.max_bytes = max_bytes;
    uo.tmpdir = getenv("TMPDIR");
    if (isatty(STDERR_FILENO)) {
        uo.progress = progress;
        uo.progress_ud = &pg;
    }
    int rc = pr_update(c->store, &uo, &res, &err);
    if (pg.shown)
        fputs("\r\033[K", stderr);
    if (rc) {
        cli_error_opts(&err, options);
        return EXIT_ERROR;
    }
    if (res.not_modified)
        printf("not modified: %s is unchanged since the last update\n", uo.url);
    else
        printf("updated: imported %ld records and %ld people from %s (%lld bytes) into %s\n",
               res.import.records, res.import.people, uo.url, res.bytes, c->db_path);
    return EXIT_OK;
}
