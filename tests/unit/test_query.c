/* test_query.c - what a search box makes of what people type
 * (pr_query_guess), the queries' own corners (a glob with '[', LIKE's
 * wildcards taken literally, a word longer than FTS5 takes, too many
 * words, none, a limit) and "did you mean" (pr_search_suggest: ties
 * shortest first, prefixes, names too long to compare), on the sample
 * registry. */
#include "check.h"
#include "edit.h"
#include "importers.h"

static pr_store *store;

static void test_guess(void)
{
    static const struct { const char *in; enum pr_guess how; const char *name, *text;
                          int lo, hi; const char *proto; } g[] = {
        {"443", PR_GUESS_PORT, NULL, NULL, 443, 443, NULL},
        {"6000-6063", PR_GUESS_PORT, NULL, NULL, 6000, 6063, NULL},
        {"53/udp", PR_GUESS_PORT, NULL, NULL, 53, 53, "udp"},
        {"http/tcp", PR_GUESS_TEXT, NULL, "http/tcp", -1, -1, NULL}, /* the slash kept */
        {"z39.50", PR_GUESS_NAME, "z39.50", NULL, -1, -1, NULL},
        {"sql*net", PR_GUESS_NAME, "sql*net", NULL, -1, -1, NULL},
        {"c++", PR_GUESS_NAME, "c++", NULL, -1, -1, NULL},
        {"udt_os", PR_GUESS_NAME, "udt_os", NULL, -1, -1, NULL},
        {"?", PR_GUESS_NAME, "?", NULL, -1, -1, NULL},
        {"70000", PR_GUESS_TEXT, NULL, "70000", -1, -1, NULL}, /* no port, no letter */
        {"-", PR_GUESS_TEXT, NULL, "-", -1, -1, NULL},
        {"web server", PR_GUESS_TEXT, NULL, "web server", -1, -1, NULL},
        {"caf\xc3\xa9", PR_GUESS_TEXT, NULL, "caf\xc3\xa9", -1, -1, NULL},
        {"a234567890123456789012345678901234567890123456789012345678901234", PR_GUESS_NAME,
         "a234567890123456789012345678901234567890123456789012345678901234", NULL, -1, -1, NULL},
        {"a2345678901234567890123456789012345678901234567890123456789012345", PR_GUESS_TEXT,
         NULL, "a2345678901234567890123456789012345678901234567890123456789012345", -1, -1,
         NULL},
    };
    for (size_t i = 0; i < sizeof g / sizeof *g; i++) {
        struct pr_query q;
        char buf[128];
        pr_query_init(&q);
        CHECK_INT(pr_query_guess(&q, g[i].in, buf), g[i].how);
        CHECK(g[i].name ? q.name && !strcmp(q.name, g[i].name) : !q.name);
        CHECK(g[i].text ? q.text && !strcmp(q.text, g[i].text) : !q.text);
        CHECK(g[i].proto ? q.protocol && !strcmp(q.protocol, g[i].proto) : !q.protocol);
        CHECK_INT(q.port_lo, g[i].lo);
        CHECK_INT(q.port_hi, g[i].hi);
    }
}

static char names[1024];
static int collect(const struct pr_record *r, void *ud)
{
    (void)ud;
    size_t o = strlen(names);
    snprintf(names + o, sizeof names - o, "%s%s/%s", o ? " " : "", r->name ? r->name : "-",
             r->protocol ? r->protocol : "-");
    return 0;
}

/* The matches of q as "name/protocol ...", or the error code. */
static long run(struct pr_query *q, pr_error *err)
{
    names[0] = 0;
    return pr_search(store, q, collect, NULL, err);
}

static void test_queries(void)
{
    struct pr_query q;
    pr_error err = {0};
    /* a glob: '[' is a character, not a class */
    pr_query_init(&q);
    q.name = "[ab]*";
    CHECK_INT(run(&q, &err), 0);
    q.name = "ldap*";
    CHECK_INT(run(&q, &err), 4);
    CHECK_STR(names, "ldap/tcp ldap/udp ldaps/tcp ldaps/udp");
    q.name = "SNMP?RAP";
    CHECK_INT(run(&q, &err), 2);
    /* LIKE's wildcards in an assignee are literal */
    pr_query_init(&q);
    q.assignee = "%";
    CHECK_INT(run(&q, &err), 0);
    q.assignee = "Stew_rt";
    CHECK_INT(run(&q, &err), 0);
    q.assignee = "Randall_Stewart";
    CHECK_INT(run(&q, &err), 2);
    CHECK_STR(names, "discard/sctp https/sctp");
    /* a reference as people write it */
    pr_query_init(&q);
    q.reference = "RFC 4168";
    CHECK_INT(run(&q, &err), 2);
    CHECK_STR(names, "sip/sctp sips/sctp");
    /* a transport: records without one hold the port for every transport */
    pr_query_init(&q);
    q.port_lo = 49001;
    q.port_hi = 49002;
    q.protocol = "udp";
    CHECK_INT(run(&q, &err), 2);
    CHECK_STR(names, "nusdp-disc/udp -/-");
    /* words: a word longer than FTS5 takes is cut at a character; too many
     * words, or none, are refused with their reason */
    static char w[1024];
    size_t o = 0;
    while (o + 2 < 600)
        o += (size_t)snprintf(w + o, sizeof w - o, "\xc3\xa9");
    pr_query_init(&q);
    q.text = w;
    CHECK_INT(run(&q, &err), 0);
    struct pr_assign a;
    struct pr_edit_result res;
    pr_assign_init(&a);
    a.name = "acme-long";
    a.protocols = "tcp";
    a.port = PR_ASSIGN_NO_PORT;
    a.description = w;
    a.assignee = "Jane Doe <jane@example.org>";
    a.force = 1;
    a.reason = "test";
    CHECK_INT(pr_edit_assign(store, &a, &res, &err), 0);
    CHECK_INT(run(&q, &err), 1);
    CHECK_STR(names, "acme-long/tcp");
    o = 0;
    for (int i = 0; i < 65; i++)
        o += (size_t)snprintf(w + o, sizeof w - o, "w%d ", i);
    q.text = w;
    CHECK_INT(run(&q, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "too many words to search for (65; at most 64)") != NULL);
    q.text = "!! --";
    CHECK_INT(run(&q, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "no words to search for in '!! --'") != NULL);
    /* a limit counts the ranked order */
    q.text = "protocol";
    q.limit = 2;
    CHECK_INT(run(&q, &err), 2);
    /* pr_search_name takes a name, never a glob */
    CHECK_INT(pr_search_name(store, "http*", collect, NULL, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "invalid service name 'http*'") != NULL);
}

static void test_suggest(void)
{
    static const struct { const char *typed, *want; } s[] = {
        {"htpp", "http"},
        {"ldapz", "ldap ldaps"}, /* a tie: the shorter first */
        {"ssd", "ssdp"},         /* the start of a longer name */
        {"zq", ""},
        {"acmeacmeacme", ""},
    };
    for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
        char *out[4];
        char got[128] = "";
        pr_error err = {0};
        long n = pr_search_suggest(store, s[i].typed, out, 4, &err);
        for (long k = 0; k < n; k++) {
            size_t o = strlen(got);
            snprintf(got + o, sizeof got - o, "%s%s", k ? " " : "", out[k]);
            free(out[k]);
        }
        CHECK_STR(got, s[i].want);
    }
    char *out[1];
    pr_error err = {0};
    CHECK_INT(pr_search_suggest(store, "", out, 1, &err), 0);
    CHECK_INT(pr_search_suggest(store, "http", out, 0, &err), 0);
    CHECK_INT(pr_search_suggest(store, "a-name-far-too-long-to-compare-with-anything-the-registry-"
                                       "holds", out, 1, &err), 0);
}

int main(void)
{
    char *path = check_tmpdb();
    pr_error err = {0};
    struct pr_import_result res;
    if (pr_store_open(&store, path, PR_STORE_CREATE, &err) ||
        pr_import_file(store, PR_TESTDATA "/sample.xml", NULL, 0, &res, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }
    test_guess();
    test_queries();
    test_suggest();
    pr_store_free(store);
    check_rmdb(path);
    return check_status();
}
