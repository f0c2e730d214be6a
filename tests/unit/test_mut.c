/* test_mut.c - checks written for mutants of tests/mutation/mutants.tsv
 * that no other test noticed, mostly what the sample registry cannot show:
 * IANA's registry holds 49151 as Reserved, so a free-port search that stops
 * one short of the user range's last port looks right there; here, on a
 * small services(5) registry, 49151 is free. */
#include "check.h"
#include "edit.h"
#include "importers.h"

#include <sqlite3.h>

/* A temporary file holding text (the caller unlinks it). */
static void write_tmp(char *path, const char *text)
{
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f)
        exit(1);
    fputs(text, f);
    fclose(f);
}

static pr_store *open_services(char **db, const char *text)
{
    char path[] = "/tmp/portreg-mut-XXXXXX";
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    write_tmp(path, text);
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

static int count_frequency(struct pr_sink *k, const struct pr_frequency *f, pr_error *err)
{
    (void)f;
    (void)err;
    ++*(long *)k->ud;
    return 0;
}

/* nmap-services frequencies are fractions: 1 is the most, past it an error. */
static void test_nmap_frequency_top(void)
{
    static const struct { const char *text; int rc; } cases[] = {
        {"a\t1/tcp\t1\nb\t2/tcp\t1.000000\nc\t3/tcp\t0\n", 0},
        {"a\t1/tcp\t1.000001\n", PR_EPARSE},
        {"a\t1/tcp\t-0.000001\n", PR_EPARSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[] = "/tmp/portreg-mut-XXXXXX";
        long n = 0;
        struct pr_sink sink = {.ud = &n, .frequency = count_frequency};
        pr_error err = {0};
        write_tmp(path, cases[i].text);
        CHECK_INT(pr_nmap_services_read(path, &sink, &err), cases[i].rc);
        CHECK_INT(n, cases[i].rc ? 0 : 3);
        unlink(path);
    }
}

static int keep_description_xml(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    (void)err;
    snprintf(k->ud, 256, "%s", r->description_xml ? r->description_xml : "(null)");
    return 0;
}

/* The inner XML of a description keeps an inline xref's attribute escaped
 * (it is written back as it is when the record is exported after an edit). */
static void test_inner_xml_attribute(void)
{
    char path[] = "/tmp/portreg-mut-XXXXXX", xml[256] = "";
    struct pr_sink sink = {.ud = xml, .record = keep_description_xml};
    write_tmp(path, "<?xml version='1.0' encoding='UTF-8'?>\n"
                    "<registry xmlns=\"http://www.iana.org/assignments\" "
                    "id=\"service-names-port-numbers\">\n<record><name>x-amp</name>"
                    "<protocol>tcp</protocol><description>See <xref type=\"uri\" "
                    "data=\"http://x.example/?a=1&amp;b=&lt;2&gt;&quot;\"/></description>"
                    "<number>5000</number></record>\n</registry>\n");
    CHECK_INT(pr_iana_xml_read(path, &sink, NULL), 0);
    CHECK_STR(xml, "See <xref type=\"uri\" data=\"http://x.example/?a=1&amp;b=&lt;2&gt;&quot;\"/>");
    unlink(path);
}

/* A stored frequency is a fraction too: a crafted 1.000001 is a bad row. */
static void test_stored_frequency_top(void)
{
    char *db;
    pr_error err = {0};
    struct pr_import_result res;
    double f = 0;
    pr_store *s = open_services(&db, "http 80/tcp\n");
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/nmap-services.sample", "nmap-services", 0, &res,
                             &err), 0);
    static const struct { const char *sql; int rc; } cases[] = {
        {"UPDATE frequency SET frequency = 1 WHERE port = 80 AND protocol = 'tcp'", 1},
        {"UPDATE frequency SET frequency = 1.000001 WHERE port = 80 AND protocol = 'tcp'", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK_INT(sqlite3_exec(pr_store_db(s), cases[i].sql, NULL, NULL, NULL), SQLITE_OK);
        int rc = pr_store_frequency_get(s, 80, 80, "tcp", &f, NULL, 0, NULL, &err);
        CHECK_INT(rc < 0 ? -1 : rc, cases[i].rc);
        if (rc == 1)
            CHECK(f == 1);
    }
    CHECK(strstr(err.msg, "frequency is not a number from 0 to 1") != NULL);
    pr_store_free(s);
    check_rmdb(db);
}

int main(void)
{
    setenv("PORTREG_NOW", "2026-01-15T12:00:00Z", 1);
    test_free_user_top();
    test_nearest_not_dynamic();
    test_nmap_frequency_top();
    test_inner_xml_attribute();
    test_stored_frequency_top();
    return check_status();
}
