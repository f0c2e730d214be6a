/* settings.c - the environment, read once by the front end: the database's
 * default path, and the variables that become store settings (the library
 * never reads the environment).  Each is checked before any command runs,
 * so a bad value is one error line, not a value stored or cut.  HACKING.md
 * ("Environment and test knobs") lists every variable. */
#include "cli.h"

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* $NAME, or NULL when unset or empty. */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* v for an error message: printable ASCII, other bytes as '?', at most
 * 64 of them (a hostile value must not reach the terminal as escapes). */
static const char *quotable(const char *v, char buf[68])
{
    size_t i = 0;
    for (; v[i] && i < 64; i++)
        buf[i] = v[i] >= 0x20 && v[i] < 0x7f ? v[i] : '?';
    memcpy(buf + i, v[i] ? "..." : "", v[i] ? 4 : 1);
    return buf;
}

int cli_env_read(struct cli_env *e)
{
    const char *v;
    char q[68];
    pr_error err = {0};
    memset(e, 0, sizeof *e);
    e->now = PR_CLOCK_SYSTEM;
    if ((v = env("PORTREG_NOW")) && pr_time_parse(v, &e->now)) {
        cli_errorf("invalid PORTREG_NOW '%s' (expected an RFC 3339 time such as "
                   "2026-01-15T12:00:00Z or 2026-01-15T13:00:00+01:00)", quotable(v, q));
        return -1;
    }
    /* The author: $PORTREG_USER, else $LOGNAME, else (NULL) the library's
     * login name of the user id. */
    e->author_from = env("PORTREG_USER") ? "PORTREG_USER" : env("LOGNAME") ? "LOGNAME" : NULL;
    e->author = e->author_from ? env(e->author_from) : NULL;
    if (e->author && pr_author_check(e->author, &err)) {
        cli_errorf("invalid %s: %s", e->author_from, err.msg);
        return -1;
    }
    if ((v = env("PORTREG_TEST_COMMIT_DELAY_MS")) &&
        pr_parse_long(v, 0, 600000, &e->commit_delay_ms)) {
        cli_errorf("invalid PORTREG_TEST_COMMIT_DELAY_MS '%s' (expected milliseconds 0-600000)",
                   quotable(v, q));
        return -1;
    }
    /* [before:|after:]INT|TERM|HUP: raise it just before or just after
     * each COMMIT (tests/e2e/interrupt.sh); "after" when not said. */
    if ((v = env("PORTREG_TEST_COMMIT_SIGNAL"))) {
        static const struct { const char *name; int sig; } sigs[] = {
            {"INT", SIGINT}, {"TERM", SIGTERM}, {"HUP", SIGHUP}};
        const char *name = v;
        e->commit_signal_after = strncmp(v, "before:", 7) != 0;
        if (!strncmp(v, "before:", 7) || !strncmp(v, "after:", 6))
            name = strchr(v, ':') + 1;
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
            if (!strcmp(name, sigs[i].name))
                e->commit_signal = sigs[i].sig;
        if (!e->commit_signal) {
            cli_errorf("invalid PORTREG_TEST_COMMIT_SIGNAL '%s' (expected [before:|after:]INT, "
                       "TERM or HUP)",
                       quotable(v, q));
            return -1;
        }
    }
    e->busy_ms = -1;
    if ((v = env("PORTREG_TEST_BUSY_MS")) && pr_parse_long(v, 0, 600000, &e->busy_ms)) {
        cli_errorf("invalid PORTREG_TEST_BUSY_MS '%s' (expected milliseconds 0-600000)", v);
        return -1;
    }
    if ((v = env("PORTREG_TEST_EXPORT_DELAY_MS")) &&
        pr_parse_long(v, 0, 600000, &e->export_delay_ms)) {
        cli_errorf("invalid PORTREG_TEST_EXPORT_DELAY_MS '%s' (expected milliseconds 0-600000)",
                   v);
        return -1;
    }
    /* reproducible-builds.org: seconds since 1970 as decimal digits; a
     * malformed value is an error, not ignored.  Up to 9999-12-31. */
    long sde;
    if ((v = env("SOURCE_DATE_EPOCH"))) {
        if (pr_parse_long(v, 0, 253402300799L, &sde)) {
            cli_errorf("invalid SOURCE_DATE_EPOCH '%s' (expected seconds since 1970-01-01 UTC, "
                       "e.g. 1710720000)", v);
            return -1;
        }
        e->has_source_date = 1;
        e->source_date_epoch = sde;
    }
    return 0;
}

int cli_env_apply(const struct cli_env *e, pr_store *s)
{
    pr_error err = {0};
    if (pr_store_set_clock(s, e->now, &err) || pr_store_set_author(s, e->author, &err)) {
        cli_error(&err);
        return -1;
    }
    pr_store_set_commit_delay_ms(s, e->commit_delay_ms);
    pr_store_set_commit_signal(s, e->commit_signal, e->commit_signal_after);
    return 0;
}

char *cli_default_db_path(void)
{
    const char *v;
    char *path = NULL;
    size_t n;
    if ((v = env("PORTREG_DB")))
        return strdup(v);
    if ((v = env("XDG_DATA_HOME"))) {
        n = strlen(v) + sizeof "/portreg/registry.db";
        if ((path = malloc(n)))
            snprintf(path, n, "%s/portreg/registry.db", v);
        return path;
    }
    v = env("HOME");
    v = v ? v : ".";
    n = strlen(v) + sizeof "/.local/share/portreg/registry.db";
    if ((path = malloc(n)))
        snprintf(path, n, "%s/.local/share/portreg/registry.db", v);
    return path;
}

int cli_store_writable(struct cli *c)
{
    pr_error err = {0};
    pr_store_free(c->store);
    c->store = NULL;
    if (pr_store_open(&c->store, c->db_path, 0, &err)) {
        cli_error(&err);
        return -1;
    }
    return cli_env_apply(c->env, c->store);
}
