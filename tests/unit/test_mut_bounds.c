/* test_mut_bounds.c - bounds that the sample registry cannot show, on a
 * small services(5) registry of their own: IANA's registry holds 49151 as
 * Reserved, so a free-port search that stops one short of the user range's
 * last port looks right there; here 49151 is free.  (Begun for mutants of
 * tests/mutation/mutants.tsv that no other test noticed.) */
#include "check.h"
#include "edit.h"
#include "importers.h"

static pr_store *open_services(char **db, const char *text)
{
    char path[] = "/tmp/portreg-mut-XXXXXX";
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f)
        exit(1);
    fputs(text, f);
    fclose(f);
    *db = check_tmpdb();
    CHECK_INT(pr_store_open(&s, *db, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_import_file(s, path, "services", 0, &res, &err), 0);
    unlink(path);
    return s;
}

/* The user range ends at 49151: free, it is offered, nearest to 49151 and
 * to anything above it. */
static void test_free_user_top(void)
{
    char *db;
    pr_error err = {0};
    int ports[4];
    pr_store *s = open_services(&db, "low 1024/tcp\nhigh 49150/tcp\n");
    CHECK_INT(pr_ports_free(s, "tcp", PR_RANGE_USER, 49151, ports, 1, &err), 1);
    CHECK_INT(ports[0], 49151);
    CHECK_INT(pr_ports_free(s, "tcp", PR_RANGE_USER, 60000, ports, 1, &err), 1);
    CHECK_INT(ports[0], 49151);
    CHECK_INT(pr_ports_free(s, "tcp", PR_RANGE_USER, 49150, ports, 2, &err), 2);
    CHECK_INT(ports[0], 49149); /* the nearer below before the one above */
    CHECK_INT(ports[1], 49151);
    pr_store_free(s);
    check_rmdb(db);
}

/* show's nearest unassigned ports: never a dynamic one above. */
static void test_nearest_not_dynamic(void)
{
    char *db;
    pr_error err = {0};
    int below, above;
    pr_store *s = open_services(&db, "a 49150/tcp\nb 49151/tcp\n");
    CHECK_INT(pr_store_nearest_unassigned(s, 49150, "tcp", &below, &above, &err), 0);
    CHECK_INT(below, 49149);
    CHECK_INT(above, -1);
    CHECK_INT(pr_store_nearest_unassigned(s, 49149, "tcp", &below, &above, &err), 0);
    CHECK_INT(below, 49148);
    CHECK_INT(above, -1);
    pr_store_free(s);
    check_rmdb(db);
}

int main(void)
{
    setenv("PORTREG_NOW", "2026-01-15T12:00:00Z", 1);
    test_free_user_top();
    test_nearest_not_dynamic();
    return check_status();
}
