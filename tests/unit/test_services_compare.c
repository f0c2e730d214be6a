/* test_services_compare.c - tests/data/services.sample against the registry
 * of tests/data/sample.xml: agreeing lines (aliases count), unregistered,
 * mismatched, inside a range and missing assignments; netbase's
 * conventions against tests/data/lookups.xml; what glibc answers from a
 * file (pr_services_check_file) and from an export
 * (pr_services_check_export). */
#include "check.h"
#include "importers.h"

struct seen {
    char items[128][128];
    size_t n;
};

static int on_item(const struct pr_compare_item *it, void *ud)
{
    struct seen *s = ud;
    static const char *const kinds[] = {"unregistered", "mismatched", "missing", "in-range"};
    if (s->n < 128)
        snprintf(s->items[s->n++], 128, "%s %s %d-%d/%s line=%ld why=%d names=%s ports=%s%s%s",
                 kinds[it->kind], it->name, it->port, it->port_hi, it->protocol, it->line,
                 it->why, it->registry_names ? it->registry_names : "-",
                 it->registry_ports ? it->registry_ports : "-",
                 it->other_transports ? " other=" : "",
                 it->other_transports ? it->other_transports : "");
    return 0;
}

static int on_check(const struct pr_check_item *it, void *ud)
{
    struct seen *s = ud;
    static const char *const kinds[] = {"name", "port", "long", "unreadable"};
    if (s->n < 128)
        snprintf(s->items[s->n++], 128, "%s %s %d/%s line=%ld by=%ld:%s:%d%s bytes=%zu",
                 kinds[it->kind], it->name, it->port, it->protocol, it->line, it->by_line,
                 it->by_name ? it->by_name : "-", it->by_port,
                 it->unreachable ? " unreachable" : "", it->bytes);
    return 0;
}

static int has(const struct seen *s, const char *item)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->items[i], item))
            return 1;
    return 0;
}

static int has_prefix(const struct seen *s, const char *prefix)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strncmp(s->items[i], prefix, strlen(prefix)))
            return 1;
    return 0;
}

int main(void)
{
    char *path = check_tmpdb();
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    struct pr_compare_counts counts;
    struct seen seen = {0};
    const char *file = PR_TESTDATA "/services.sample";

    CHECK_INT(pr_store_open(&s, path, PR_STORE_CREATE, &err), 0);
    /* No registry yet: a clear error. */
    CHECK_INT(pr_compare_services(s, file, 0, on_item, &seen, &counts, &err), PR_ENOTFOUND);
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/sample.xml", NULL, 0, &res, &err), 0);

    CHECK_INT(pr_compare_services(s, file, 0, on_item, &seen, &counts, &err), 0);
    CHECK_INT(counts.agree, 6); /* echo x2, discard, http (+www), pop-3 (pop3), imap2 (imap) */
    CHECK_INT(counts.unregistered, 4);
    CHECK_INT(counts.mismatched, 1);
    CHECK_INT(counts.in_range, 1);
    CHECK_INT(counts.missing, 0);
    CHECK_INT(seen.n, 6);
    CHECK(has(&seen, "mismatched ldap 636-636/tcp line=9 why=0 names=ldaps ports=389"));
    /* netbase's x11-1: display 1 of x11's range, not a mismatch */
    CHECK(has(&seen, "in-range x11-1 6001-6001/tcp line=10 why=0 names=x11 6000-6063 ports=-"));
    CHECK(has(&seen, "unregistered fax 4557-4557/tcp line=11 why=0 names=- ports=-"));
    CHECK(has(&seen, "unregistered rtmp 1-1/ddp line=13 why=2 names=- ports=-"));
    CHECK(has(&seen, "unregistered https 443-443/dccp line=14 why=3 names=- "
                     "ports=443/tcp, 443/udp, 443/sctp"));
    for (size_t i = 0; i < seen.n; i++)
        CHECK(strncmp(seen.items[i], "missing", 7));

    seen.n = 0;
    CHECK_INT(pr_compare_services(s, file, PR_COMPARE_WITH_MISSING, on_item, &seen, &counts,
                                  &err), 0);
    CHECK_INT(counts.missing, (long)seen.n - 6);
    CHECK(has_prefix(&seen, "missing mdns 5353-5353/udp line=0"));
    CHECK(has_prefix(&seen, "missing x11 6000-6063/tcp")); /* the file has x11-1 only */
    CHECK(has_prefix(&seen, "missing imaps 993-993/tcp"));
    CHECK(!has_prefix(&seen, "missing echo 7-7/tcp"));
    CHECK(!has_prefix(&seen, "missing www 80-80/tcp"));  /* an alias of http's line */
    CHECK(!has_prefix(&seen, "missing imap 143-143/tcp")); /* imap2's alias */
    CHECK(!has_prefix(&seen, "missing discard 9-9/tcp"));
    CHECK(has_prefix(&seen, "missing discard 9-9/udp"));

    /* A malformed line: file and line, nothing reported after it. */
    CHECK_INT(pr_compare_services(s, PR_TESTDATA "/broken/services-no-port.services", 0, on_item,
                                  &seen, &counts, &err), PR_EPARSE);
    CHECK_INT(err.line, 3);

    /* netbase's conventions: x11-N on x11's port N, an alias registered on
     * another transport only. */
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/lookups.xml", NULL, PR_IMPORT_REPLACE | PR_IMPORT_FORCE, &res, &err), 0);
    seen.n = 0;
    CHECK_INT(pr_compare_services(s, PR_TESTDATA "/services-netbase.sample", 0, on_item, &seen,
                                  &counts, &err), 0);
    CHECK_INT(counts.in_range, 2);
    CHECK(has(&seen, "in-range x11-2 6002-6002/tcp line=5 why=0 names=x11 6000-6063 ports=-"));
    CHECK(has(&seen, "mismatched x11-9 6003-6003/tcp line=6 why=0 names=x11 ports=-"));
    CHECK(has(&seen, "mismatched kerberos4 750-750/tcp line=8 why=0 names=rfile ports=- "
                     "other=kerberos-iv: 750/udp"));
    CHECK(!has_prefix(&seen, "mismatched kerberos4 750-750/udp")); /* kerberos-iv is there */
    CHECK(!has_prefix(&seen, "mismatched nfs"));

    /* What glibc answers: each case of services-shadow.sample. */
    struct pr_check_counts cc;
    seen.n = 0;
    CHECK_INT(pr_services_check_file(PR_TESTDATA "/services-shadow.sample", 127, on_check, &seen,
                                     &cc, &err), 0);
    CHECK(has(&seen, "port beta 100/tcp line=4 by=3:alpha:100 bytes=0"));
    CHECK(has(&seen, "name alpha 101/tcp line=5 by=3:alpha:100 bytes=0"));
    CHECK(!has_prefix(&seen, "name alpha 101/udp")); /* another transport */
    CHECK(has(&seen, "name al1 102/tcp line=7 by=3:alpha:100 bytes=0"));
    CHECK(has(&seen, "name al2 103/tcp line=8 by=3:alpha:100 bytes=0"));
    CHECK(!has_prefix(&seen, "name delta")); /* its own name twice */
    CHECK(has(&seen, "port eps 100/tcp line=10 by=3:alpha:100 bytes=0")); /* eps answers */
    CHECK(has(&seen, "name alpha 100/tcp line=11 by=3:alpha:100 bytes=0"));
    CHECK(has(&seen, "name al1 100/tcp line=11 by=3:alpha:100 bytes=0"));
    CHECK(has(&seen, "port alpha 100/tcp line=11 by=3:alpha:100 unreachable bytes=0"));
    CHECK(has(&seen, "unreadable Apple Remote Desktop 3283/tcp line=12 by=0:-:0 bytes=62"));
    CHECK(has(&seen, "long zeta 105/sctp line=13 by=0:-:0 bytes=129"));
    CHECK(has(&seen, "name eta 107/dccp line=16 by=15:zeta:105 bytes=0"));
    CHECK_INT(cc.lines, 14);
    CHECK_INT(cc.shadowed_names, 7);
    CHECK_INT(cc.shadowed_ports, 3);
    CHECK_INT(cc.long_lines, 1);
    CHECK_INT(cc.unreadable, 1);
    CHECK_INT(pr_services_check_file(PR_TESTDATA "/services-shadow.sample", 0, NULL, NULL, &cc,
                                     &err), 0);
    CHECK_INT(cc.long_lines, 0); /* width 0: not checked */
    CHECK_INT(pr_services_check_file(PR_TESTDATA "/services-shadow.sample", 128, NULL, NULL, &cc,
                                     &err), 0);
    CHECK_INT(cc.long_lines, 1);
    CHECK_INT(pr_services_check_file(PR_TESTDATA "/services-shadow.sample", 129, NULL, NULL, &cc,
                                     &err), 0);
    CHECK_INT(cc.long_lines, 0);

    /* The export: shilp before nfs on 2049/tcp; with the local file nfs
     * first, and shilp the shadowed one. */
    struct pr_export_opts o = {0};
    seen.n = 0;
    CHECK_INT(pr_services_check_export(s, &o, 127, on_check, &seen, &cc, &err), 0);
    CHECK(has_prefix(&seen, "port nfs 2049/tcp line="));
    CHECK(has_prefix(&seen, "name http-alt 8080/tcp line="));
    CHECK(has_prefix(&seen, "unreadable Apple Remote Desktop (Net Assistant) 3283/tcp line=0 "));
    CHECK(has_prefix(&seen, "long dots-signal 4646/tcp"));
    const char *local = PR_TESTDATA "/local.services";
    o.local = &local;
    o.n_local = 1;
    o.width = 127;
    seen.n = 0;
    CHECK_INT(pr_services_check_export(s, &o, 127, on_check, &seen, &cc, &err), 0);
    CHECK(has_prefix(&seen, "port shilp 2049/tcp line="));
    CHECK(!has_prefix(&seen, "port nfs 2049/tcp"));
    CHECK(has_prefix(&seen, "name http-alt 591/tcp line="));
    CHECK(!has_prefix(&seen, "name http-alt 8080/tcp"));
    CHECK(!has_prefix(&seen, "long "));
    CHECK_INT(cc.long_lines, 0);

    pr_store_free(s);
    check_rmdb(path);
    return check_status();
}
