/* test_xml_write.c - IANA XML for records and people that have no bytes
 * of their own (new or edited): the layout a record without one gets,
 * with and without an assignee (the older order), every child code, the
 * escaping of text and of attributes, xrefs with text, empty elements, a
 * layout naming a child the record lacks; several URIs of one person. */
#include "check.h"
#include "importers.h"

static void test_old_layout(void)
{
    /* No assignee: name, protocol, xrefs, description, number, sc,
     * unauthorized, notes (IANA's order before RFC 6335). */
    struct pr_record r;
    char *out = NULL;
    pr_record_init(&r);
    r.name = strdup("old-svc");
    r.protocol = strdup("dccp");
    r.number = strdup("5000-5001");
    r.description = strdup("Q \"quoted\" & 'single' > x");
    r.sc = strdup("1145656131");
    r.unauthorized = strdup("used by <someone>");
    r.updated = strdup("2026-01-15");
    pr_record_add_xref(&r, PR_ROLE_REF, "rfc", "rfc4340", "RFC 4340 & <errata>");
    pr_record_add_xref(&r, PR_ROLE_REF, "uri", "http://x.example/?a=1&b=\"2\"", NULL);
    pr_record_add_xref(&r, PR_ROLE_CONTACT, "person", "Ann_A", "");
    pr_record_add_note(&r, "one", "one");
    pr_record_add_note(&r, "a < b", "a &lt; b");
    CHECK_INT(pr_iana_xml_record(&r, &out), 0);
    CHECK_STR(out, "\n  <record updated=\"2026-01-15\">\n"
                   "    <name>old-svc</name>\n"
                   "    <protocol>dccp</protocol>\n"
                   "    <contact>\n"
                   "      <xref type=\"person\" data=\"Ann_A\"/>\n"
                   "    </contact>\n"
                   "    <xref type=\"rfc\" data=\"rfc4340\">RFC 4340 &amp; &lt;errata&gt;</xref>\n"
                   "    <xref type=\"uri\" data=\"http://x.example/?a=1&amp;b=&quot;2&quot;\"/>\n"
                   "    <description>Q \"quoted\" &amp; 'single' &gt; x</description>\n"
                   "    <number>5000-5001</number>\n"
                   "    <sc>1145656131</sc>\n"
                   "    <unauthorized>used by &lt;someone&gt;</unauthorized>\n"
                   "    <note>one</note>\n"
                   "    <note>a &lt; b</note>\n"
                   "  </record>");
    free(out);

    /* A layout naming children the record lacks writes nothing for them;
     * an empty description is an empty element. */
    free(r.layout);
    r.layout = strdup("npACxxxxdNNNN#suz");
    free(r.description);
    r.description = strdup("");
    free(r.sc);
    r.sc = NULL;
    CHECK_INT(pr_iana_xml_record(&r, &out), 0);
    CHECK(out && strstr(out, "<protocol>dccp</protocol>\n    <contact>") != NULL);
    CHECK(out && strstr(out, "</xref>\n    <xref type=\"uri\"") != NULL);
    CHECK(out && strstr(out, "<description/>\n    <note>one</note>\n    <note>a &lt; b</note>\n"
                             "    <number>5000-5001</number>\n    <unauthorized>") != NULL);
    CHECK(out && !strstr(out, "<sc"));
    free(out);
    pr_record_release(&r);

    /* Nothing but a number: a Reserved or Unassigned range. */
    pr_record_init(&r);
    r.number = strdup("4");
    r.protocol = strdup("udp");
    CHECK_INT(pr_iana_xml_record(&r, &out), 0);
    CHECK_STR(out, "\n  <record>\n    <protocol>udp</protocol>\n    <number>4</number>\n"
                   "  </record>");
    free(out);
    pr_record_release(&r);
}

static void test_person(void)
{
    struct pr_person p;
    char *out = NULL;
    pr_person_init(&p);
    p.id = strdup("Ann_A");
    p.name = strdup("Ann \"A\" <ann>");
    p.org = strdup("A & B");
    p.uri = strdup("mailto:ann&example.com\nhttp://a.example/?x=1&y=2");
    p.updated = strdup("2026-01-15");
    CHECK_INT(pr_iana_xml_person(&p, &out), 0);
    CHECK_STR(out, "\n    <person id=\"Ann_A\">\n"
                   "      <name>Ann \"A\" &lt;ann&gt;</name>\n"
                   "      <org>A &amp; B</org>\n"
                   "      <uri>mailto:ann&amp;example.com</uri>\n"
                   "      <uri>http://a.example/?x=1&amp;y=2</uri>\n"
                   "      <updated>2026-01-15</updated>\n"
                   "    </person>");
    free(out);
    pr_person_release(&p);
    /* An id and nothing else. */
    pr_person_init(&p);
    p.id = strdup("Bo");
    CHECK_INT(pr_iana_xml_person(&p, &out), 0);
    CHECK_STR(out, "\n    <person id=\"Bo\">\n    </person>");
    free(out);
    pr_person_release(&p);
}

int main(void)
{
    test_old_layout();
    test_person();
    return check_status();
}
