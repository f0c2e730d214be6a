/* test_party.c - who stands behind an assignee (registry/party.c): names
 * normalized, people found by id, address and name, and how much two
 * parties have in common. */
#include "check.h"
#include "importers.h"
#include "party.h"

static pr_store *store;

static int match(const char *a, const char *b)
{
    struct pr_party x, y;
    pr_error err = {0};
    pr_party_init(&x);
    pr_party_init(&y);
    if (pr_party_from_spec(store, a, &x, &err) || pr_party_from_spec(store, b, &y, &err)) {
        fprintf(stderr, "party: %s\n", err.msg);
        return -1;
    }
    return pr_party_match(&x, &y);
}

static void test_norm(void)
{
    char out[128];
    pr_party_norm_name("Sigma Designs, Inc.", out, sizeof out);
    CHECK_STR(out, "sigma designs");
    pr_party_norm_name("E-FISH sp. z o.o.", out, sizeof out);
    CHECK_STR(out, "e fish");
    pr_party_norm_name("The IESG", out, sizeof out);
    CHECK_STR(out, "iesg");
    pr_party_norm_name("  ", out, sizeof out);
    CHECK_STR(out, "");
    pr_party_norm_name(NULL, out, sizeof out);
    CHECK_STR(out, "");
}

static void test_match(void)
{
    /* the same organisation under two ids, with and without "Inc." */
    CHECK_INT(match("Sigma Designs, Inc. <a@sigmadesigns.com>", "Sigma Designs <b@x.example>"),
              PR_PARTY_SAME);
    /* a person id the store knows: its org and address join */
    CHECK_INT(match("IESG", "Internet Engineering Steering Group <iesg@ietf.org>"),
              PR_PARTY_SAME);
    CHECK_INT(match("IESG", "iesg"), PR_PARTY_SAME); /* the name, not the id */
    /* an organisation's mail domain: a weaker sign */
    CHECK_INT(match("Ann <ann@acme.example>", "Bob <bob@acme.example>"), PR_PARTY_DOMAIN);
    /* a public mail service's domain says nothing */
    CHECK_INT(match("Ann <ann@gmail.com>", "Bob <bob@gmail.com>"), PR_PARTY_OTHER);
    CHECK_INT(match("Ann <ann@mail.example>", "Bob <bob@acme.example>"), PR_PARTY_OTHER);
    /* IANA writes a@b as mailto:a&b */
    CHECK_INT(match("mailto:jane&example.org", "Jane <JANE@example.org>"), PR_PARTY_SAME);
    /* nothing in common, or one side empty */
    CHECK_INT(match("Jane Doe <jane@example.org>", "John Roe <john@other.example>"),
              PR_PARTY_OTHER);
    CHECK_INT(match("", "Jane Doe <jane@example.org>"), PR_PARTY_OTHER);
    CHECK_INT(match(NULL, NULL), PR_PARTY_OTHER);
    /* a short name alone joins nothing ("AB" is too little) */
    CHECK_INT(match("AB <x@one.example>", "AB <y@two.example>"), PR_PARTY_OTHER);
    /* several people, comma-separated; a comma inside <> is no separator */
    CHECK_INT(match("Jane Doe <jane@example.org>, IESG", "IESG"), PR_PARTY_SAME);
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
    test_norm();
    test_match();
    pr_store_free(store);
    check_rmdb(path);
    return check_status();
}
