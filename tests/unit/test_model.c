/* test_model.c - the record model's small functions at their edges: the
 * port ranges of RFC 6335 §6 on both sides of every bound, the transports,
 * a record's state, and whom a record names as assignee and contact when
 * its people are not inside <assignee>/<contact> blocks. */
#include "check.h"
#include "registry.h"

/* A string the model may hold (its fields are not const). */
#define S(lit) ((char[]){lit})

static void test_port_range(void)
{
    static const struct { int port; enum pr_range want; } cases[] = {
        {-1, PR_RANGE_NONE},        {0, PR_RANGE_SYSTEM},      {1, PR_RANGE_SYSTEM},
        {1023, PR_RANGE_SYSTEM},    {1024, PR_RANGE_USER},     {49151, PR_RANGE_USER},
        {49152, PR_RANGE_DYNAMIC},  {65535, PR_RANGE_DYNAMIC}, {65536, PR_RANGE_NONE},
        {1 << 20, PR_RANGE_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (pr_port_range(cases[i].port) != cases[i].want)
            fprintf(stderr, "port %d:\n", cases[i].port);
        CHECK_INT(pr_port_range(cases[i].port), cases[i].want);
    }
}

static void test_protocols(void)
{
    CHECK(pr_protocol_valid("tcp"));
    CHECK(pr_protocol_valid("udp"));
    CHECK(pr_protocol_valid("sctp"));
    CHECK(pr_protocol_valid("dccp"));
    CHECK(!pr_protocol_valid("TCP")); /* the model is lower case; readers fold */
    CHECK(!pr_protocol_valid("ddp"));
    CHECK(!pr_protocol_valid(""));
    CHECK(!pr_protocol_valid(NULL));
}

static void test_state(void)
{
    struct pr_record r;
    memset(&r, 0, sizeof r);
    r.description = S("Reserved");
    CHECK_INT(pr_record_state(&r), PR_STATE_RESERVED);
    r.description = S("IANA Reserved");
    CHECK_INT(pr_record_state(&r), PR_STATE_RESERVED);
    r.description = S("Unassigned");
    CHECK_INT(pr_record_state(&r), PR_STATE_UNASSIGNED);
    r.description = S("Reservations are taken");
    CHECK_INT(pr_record_state(&r), PR_STATE_ASSIGNED);
    r.name = S("x");
    r.description = S("Reserved");
    CHECK_INT(pr_record_state(&r), PR_STATE_ASSIGNED);
}

/* People as plain <xref type="person"> children of the record (older
 * releases, CSV) are its assignee and contact, unless the record has an
 * <assignee> block of its own (layout 'A') that names nobody. */
static void test_people_fallback(void)
{
    struct pr_xref x[] = {
        {PR_ROLE_REF, S("rfc"), S("rfc6335"), NULL},
        {PR_ROLE_REF, S("person"), S("Jon_Postel"), NULL},
    };
    struct pr_record r;
    const char *out[4];
    memset(&r, 0, sizeof r);
    r.name = S("svc");
    r.xrefs = x;
    r.n_xrefs = 2;

    CHECK_INT(pr_record_assignees(&r, out, 4), 1); /* no layout: as imported from CSV */
    CHECK_STR(out[0], "Jon_Postel");
    CHECK_INT(pr_record_contacts(&r, out, 4), 1);
    CHECK_STR(out[0], "Jon_Postel");

    r.layout = S("npx#x"); /* XML without an <assignee> block */
    CHECK_INT(pr_record_assignees(&r, out, 4), 1);
    CHECK_STR(out[0], "Jon_Postel");

    r.layout = S("npA#xx"); /* an empty <assignee> block: nobody */
    CHECK_INT(pr_record_assignees(&r, out, 4), 0);

    /* people in blocks come first, and only they */
    struct pr_xref y[] = {
        {PR_ROLE_ASSIGNEE, S("person"), S("Ann_Other"), NULL},
        {PR_ROLE_CONTACT, S("person"), S("Bob_Other"), NULL},
        {PR_ROLE_REF, S("person"), S("Jon_Postel"), NULL},
    };
    r.xrefs = y;
    r.n_xrefs = 3;
    r.layout = S("npACd#x");
    CHECK_INT(pr_record_assignees(&r, out, 4), 1);
    CHECK_STR(out[0], "Ann_Other");
    CHECK_INT(pr_record_contacts(&r, out, 4), 1);
    CHECK_STR(out[0], "Bob_Other");
}

int main(void)
{
    test_port_range();
    test_protocols();
    test_state();
    test_people_fallback();
    return check_status();
}
