/* test_services_compare.c - tests/data/services.sample against the registry
 * of tests/data/sample.xml: agreeing lines (aliases count), unregistered,
 * mismatched and missing assignments. */
#include "check.h"
#include "importers.h"

struct seen {
    char items[128][128];
    size_t n;
};

static int on_item(const struct pr_compare_item *it, void *ud)
{
    struct seen *s = ud;
    static const char *const kinds[] = {"unregistered", "mismatched", "missing"};
    if (s->n < 128)
        snprintf(s->items[s->n++], 128, "%s %s %d-%d/%s line=%ld why=%d names=%s ports=%s",
                 kinds[it->kind], it->name, it->port, it->port_hi, it->protocol, it->line,
                 it->why, it->registry_names ? it->registry_names : "-",
                 it->registry_ports ? it->registry_ports : "-");
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
    CHECK_INT(counts.mismatched, 2);
    CHECK_INT(counts.missing, 0);
    CHECK_INT(seen.n, 6);
    CHECK(has(&seen, "mismatched ldap 636-636/tcp line=9 why=0 names=ldaps ports=389"));
    CHECK(has(&seen, "mismatched x11-1 6001-6001/tcp line=10 why=0 names=x11 ports=-"));
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

    pr_store_free(s);
    check_rmdb(path);
    return check_status();
}
