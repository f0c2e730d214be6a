/* check_store.h - a test's database: a fresh temporary file with a
 * registry file imported (tests/unit/check.h for the harness). */
#ifndef PORTREG_CHECK_STORE_H
#define PORTREG_CHECK_STORE_H

#include "check.h"
#include "importers.h"

#include <sqlite3.h>

/* A new database at a fresh temporary path (*db, for check_rmdb) holding
 * the registry in file; exits on failure. */
static inline pr_store *check_store(const char *file, char **db)
{
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result ir;
    *db = check_tmpdb();
    if (!*db || pr_store_open(&s, *db, PR_STORE_CREATE, &err) ||
        pr_import_file(s, file, NULL, 0, &ir, &err)) {
        fprintf(stderr, "%s: %s\n", file, err.msg);
        exit(1);
    }
    return s;
}

static inline int check_first_column(void *ud, int n, char **v, char **names)
{
    (void)names;
    *(char **)ud = n && v[0] ? strdup(v[0]) : NULL;
    return 1; /* one row is enough */
}

/* The first column of the first row of sql on s's database, malloc'd;
 * NULL when none. */
static inline char *check_sql_text(pr_store *s, const char *sql)
{
    char *v = NULL;
    sqlite3_exec(pr_store_db(s), sql, check_first_column, &v, NULL);
    return v;
}

#endif
