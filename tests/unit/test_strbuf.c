/* test_strbuf.c - the one growable string (strbuf.c): appends grow past the
 * first allocation, setlen cuts, detach hands over; the one XML escape
 * (& < >, and " in attribute values) and unescape (the five predefined
 * entities, any other '&' kept) round-trip. */
#include "check.h"
#include "strbuf.h"

#include <stdlib.h>

int main(void)
{
    struct pr_strbuf sb = PR_STRBUF_INIT;
    CHECK_STR(pr_strbuf_str(&sb), "");
    for (int i = 0; i < 100; i++)
        pr_strbuf_addf(&sb, "%d,", i % 10);
    CHECK_INT(sb.len, 200);
    CHECK(!sb.oom);
    pr_strbuf_setlen(&sb, 4);
    pr_strbuf_addch(&sb, '!');
    CHECK_STR(pr_strbuf_str(&sb), "0,1,!");
    char *d = pr_strbuf_detach(&sb);
    CHECK_STR(d, "0,1,!");
    CHECK(sb.buf == NULL && sb.len == 0);
    free(d);
    d = pr_strbuf_detach(&sb); /* nothing added: "" */
    CHECK_STR(d, "");
    free(d);

    pr_strbuf_add_xml(&sb, "a<b> & \"c\" 'd'", 0);
    CHECK_STR(pr_strbuf_str(&sb), "a&lt;b&gt; &amp; \"c\" 'd'");
    pr_strbuf_setlen(&sb, 0);
    pr_strbuf_add_xml(&sb, "x=\"1\" & y", 1);
    CHECK_STR(pr_strbuf_str(&sb), "x=&quot;1&quot; &amp; y");

    const char *esc = "&lt;&amp;lt;&gt;&quot;&apos;&amp;&unknown;&amp";
    pr_strbuf_setlen(&sb, 0);
    pr_strbuf_add_xml_unescaped(&sb, esc, strlen(esc));
    CHECK_STR(pr_strbuf_str(&sb), "<&lt;>\"'&&unknown;&amp");
    /* only the n bytes given: "&amp;" cut short stays as written */
    pr_strbuf_setlen(&sb, 0);
    pr_strbuf_add_xml_unescaped(&sb, "a&amp;b", 4);
    CHECK_STR(pr_strbuf_str(&sb), "a&am");

    char *x = pr_xml_escape("R&D <x>");
    CHECK_STR(x, "R&amp;D &lt;x&gt;");
    pr_strbuf_setlen(&sb, 0);
    pr_strbuf_add_xml_unescaped(&sb, x, strlen(x));
    CHECK_STR(pr_strbuf_str(&sb), "R&D <x>");
    free(x);
    pr_strbuf_release(&sb);
    return check_status();
}
