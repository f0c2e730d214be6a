/* cmd_update.c - portreg update: download IANA's registry and replace the
 * one in the database when it changed. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_opt opts[] = {
    {"url", 'u', "URL", "where to download from (default: IANA's XML)"},
    {"force", 'f', NULL, "replace local edits; download even if not modified"},
    {"timeout", 0, "SECONDS", "give up after this long (default 120)"},
    {"max-size", 0, "BYTES", "refuse larger downloads (default 64M; K and M suffixes)"},
    {NULL, 0, NULL, NULL},
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

static int parse_size(const char *s, long long *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || v <= 0)
        return -1;
    if (*end == 'K' || *end == 'k')
        v *= 1024, end++;
    else if (*end == 'M' || *end == 'm')
        v *= 1024 * 1024, end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

int cmd_update(struct cli *c, int argc, char **argv)
{
    struct cli_parser p;
    struct pr_update_opts uo;
    struct pr_update_result res;
    pr_error err = {0};
    struct progress pg = {0};
    int o;

    pr_update_opts_init(&uo);
    cli_parser_init(&p, "update", opts, argc, argv);
    while ((o = cli_next(&p)) != CLI_END) {
        switch (o) {
        case 0: uo.url = p.value; break;
        case 1: uo.force = 1; break;
        case 2:
            uo.timeout = atol(p.value);
            if (uo.timeout <= 0) {
                cli_errorf("update: invalid timeout '%s' (expected seconds)", p.value);
                return EXIT_ERROR;
            }
            break;
        case 3:
            if (parse_size(p.value, &uo.max_bytes)) {
                cli_errorf("update: invalid size '%s' (expected e.g. 65536, 512K or 64M)",
                           p.value);
                return EXIT_ERROR;
            }
            break;
        case CLI_POS:
            cli_errorf("update: unexpected argument '%s' (use --url URL)", p.value);
            return EXIT_ERROR;
        case CLI_HELP:
            cli_usage(stdout, "portreg update [--url URL] [--force]",
                      "Download the registry (IANA's XML unless --url names another copy, XML\n"
                      "or CSV) and replace the one in the database.  The request is\n"
                      "conditional: when the server says the file has not changed since the\n"
                      "last update, nothing is downloaded or replaced.  TLS certificates are\n"
                      "verified.  The download is parsed completely before anything is\n"
                      "replaced.  A database with local edits since its last import is only\n"
                      "replaced with --force.  Exit status 0 when updated or not modified, 2\n"
                      "on error.", opts);
            return EXIT_OK;
        default:
            return EXIT_ERROR;
        }
    }
    if (isatty(STDERR_FILENO)) {
        uo.progress = progress;
        uo.progress_ud = &pg;
    }
    int rc = pr_update(c->store, &uo, &res, &err);
    if (pg.shown)
        fputs("\r\033[K", stderr);
    if (rc) {
        cli_error(&err);
        return EXIT_ERROR;
    }
    if (res.not_modified)
        printf("not modified: %s is unchanged since the last update\n", uo.url);
    else
        printf("updated: imported %ld records and %ld people from %s (%lld bytes) into %s\n",
               res.import.records, res.import.people, uo.url, res.bytes, c->db_path);
    return EXIT_OK;
}
