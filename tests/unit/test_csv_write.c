/* test_csv_write.c - IANA's CSV from XML markup (importers/csv_write.c):
 * <br/> and <br></br> as line breaks, other tags dropped, <xref> as
 * [RFCnnnn], [data] or [its text], entities decoded, white space with a
 * line break inside folded to one space, quotes doubled; and the CSV read
 * back writes the same bytes (tests/data/csv-markup.xml). */
#include "check_store.h"

static char *csv_of(pr_store *s)
{
    char *buf = NULL;
    size_t len = 0;
    pr_error err = {0};
    FILE *f = open_memstream(&buf, &len);
    CHECK_INT(pr_csv_write(s, f, &err), 0);
    fclose(f);
    return buf;
}

int main(void)
{
    char *db1, *db2;
    pr_store *s = check_store(PR_TESTDATA "/csv-markup.xml", &db1);
    char *csv = csv_of(s);
    static const char want[] =
        "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,"
        "Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,"
        "Assignment Notes\r\n"
        "brs,5001,tcp,\"Line\ntwo\nthree\nfourfive\",,,,,,,,\"Keys: a=1 \t b=2\n\tin accordance\"\r\n"
        "xrefs,5002,tcp,\"See [RFC6335], [draft-x-y], [rfc], [the <page>], [T], [RFC2] and [nodata-type] "
        "[]\",,,,,,,,\r\n"
        "para,5003,udp,\"In a \"\"paragraph\"\" & more\",,,,,,,\"Used by [someone, "
        "\"\"quoted\"\"]\",\r\n";
    CHECK_STR(csv, want);
    pr_store_free(s);

    /* Read back: the same bytes. */
    char path[] = "/tmp/portreg-csvw-XXXXXX";
    int fd = mkstemp(path);
    size_t n = csv ? strlen(csv) : 0;
    CHECK(fd >= 0 && write(fd, csv, n) == (ssize_t)n);
    close(fd);
    s = check_store(path, &db2);
    char *again = csv_of(s);
    CHECK_STR(again, csv);
    pr_store_free(s);
    unlink(path);
    free(csv);
    free(again);
    check_rmdb(db1);
    check_rmdb(db2);
    return check_status();
}
