/* test_rule_port_in_use.c - the port-in-use rule on the sample registry with
 * tests/data/nmap-services.sample as its frequency layer: a hit (a port seen
 * open under another name) and near misses (the same name, a frequency of
 * zero, an unobserved port, no layer at all). */
#include "check.h"
#include "importers.h"
#include "rules.h"

static pr_store *store;
static struct pr_findings found;
static struct pr_request req;

/* Review a request for port on transport named name; the port-in-use
 * finding or NULL. */
static const struct pr_finding *review(const char *name, const char *transport,
                                       const char *port)
{
    pr_error err = {0};
    pr_request_release(&req);
    pr_request_init(&req);
    if (pr_request_set(&req, PR_REQ_SERVICE_NAME, name, &err) ||
        pr_request_set(&req, PR_REQ_TRANSPORT, transport, &err) ||
        pr_request_set(&req, PR_REQ_PORT, port, &err)) {
        fprintf(stderr, "request: %s\n", err.msg);
        exit(1);
    }
    pr_findings_release(&found);
    pr_findings_init(&found);
    CHECK_INT(pr_review(store, &req, &found, &err), 0);
    for (size_t i = 0; i < found.n; i++)
        if (!strcmp(found.items[i].rule, "port-in-use"))
            return &found.items[i];
    return NULL;
}

int main(void)
{
    char *path = check_tmpdb();
    pr_error err = {0};
    struct pr_import_result res;
    const struct pr_finding *x;

    pr_findings_init(&found);
    pr_request_init(&req);
    CHECK(pr_rule_find("port-in-use") != NULL);
    CHECK_INT(pr_store_open(&store, path, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_import_file(store, PR_TESTDATA "/sample.xml", NULL, 0, &res, &err), 0);

    /* No layer: silent. */
    CHECK(review("acme-x", "tcp", "6001") == NULL);

    CHECK_INT(pr_import_file(store, PR_TESTDATA "/nmap-services.sample", NULL, 0, &res, &err), 0);
    x = review("acme-x", "tcp", "6001");
    CHECK(x != NULL);
    if (x) {
        CHECK_INT(x->severity, PR_SEV_INFO);
        CHECK(strstr(x->message, "6001/tcp as 'X11:1' on 1.17% of hosts") != NULL);
        CHECK_INT(x->n_related, 1);
        if (x->n_related)
            CHECK_STR(x->related[0], "X11:1");
    }
    /* A range request reports its most frequent port. */
    x = review("acme-x", "tcp", "5999-6002");
    CHECK(x && strstr(x->message, "6001/tcp") != NULL);
    /* Near misses: the same name, a zero frequency, another transport, an
     * unobserved port. */
    CHECK(review("http", "tcp", "80") == NULL);
    CHECK(review("acme-x", "udp", "80") == NULL);   /* 0.000000 in the file */
    CHECK(review("acme-x", "udp", "6001") == NULL); /* seen on tcp only */
    CHECK(review("acme-x", "tcp", "5999") == NULL);

    /* Several ports and transports: each observation listed, each name
     * related once. */
    x = review("acme-x", "tcp udp", "7, 6001");
    CHECK(x != NULL);
    if (x) {
        CHECK(strstr(x->message, "7/tcp as 'echo' on 0.49% of hosts, 7/udp as 'echo' on 2.47% "
                                 "of hosts, 6001/tcp as 'X11:1' on 1.17% of hosts") != NULL);
        CHECK_INT(x->n_related, 2);
    }
    CHECK(review("acme-x", "tcp", "any") == NULL);

    /* show --json's frequency of a record: its port's, a range's span */
    struct pr_record r;
    char buf[160];
    pr_record_init(&r);
    r.protocol = (char *)"tcp";
    r.port_lo = r.port_hi = 7;
    CHECK_INT(pr_frequency_json(store, &r, 9, buf, sizeof buf, &err), 0);
    CHECK_STR(buf, ",\"frequency\":0.004855");
    r.port_lo = 6000;
    r.port_hi = 6063;
    CHECK_INT(pr_frequency_json(store, &r, 6001, buf, sizeof buf, &err), 0);
    CHECK_STR(buf, ",\"frequency\":0.011741,\"frequency_range\":{\"min\":0.011741,"
                   "\"max\":0.011741,\"ports\":1}");
    CHECK_INT(pr_frequency_json(store, &r, 7, buf, sizeof buf, &err), 0);
    CHECK_STR(buf, ",\"frequency\":null,\"frequency_range\":{\"min\":0.011741,"
                   "\"max\":0.011741,\"ports\":1}");
    r.port_lo = 6002;
    CHECK_INT(pr_frequency_json(store, &r, -1, buf, sizeof buf, &err), 0);
    CHECK_STR(buf, ",\"frequency\":null,\"frequency_range\":null");
    char *small = malloc(10); /* cut, not overrun (ASan sees past its end) */
    CHECK_INT(pr_frequency_json(store, &r, -1, small, 10, &err), 0);
    CHECK_STR(small, ",\"frequen");
    free(small);
    r.protocol = NULL; /* a record for every transport */
    CHECK_INT(pr_frequency_json(store, &r, 6001, buf, sizeof buf, &err), 0);
    CHECK_STR(buf, ",\"frequency\":null,\"frequency_range\":null");

    pr_findings_release(&found);
    pr_request_release(&req);
    pr_store_free(store);
    check_rmdb(path);
    return check_status();
}
