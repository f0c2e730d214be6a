/* check_store.h - a test's database: a fresh temporary file with a
 * registry file imported (tests/unit/check.h for the harness). */
#ifndef PORTREG_CHECK_STORE_H
#define PORTREG_CHECK_STORE_H

#include "check.h"
#include "importers.h"

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

#endif
