/* test_read_errors.c - the readers' refusals of malformed input, each with
 * the message a user sees and the file and line it names: characters that
 * are not clean text (every control and invisible-format class, and their
 * neighbours that are clean), the IANA XML reader's structure checks, the
 * CSV reader's quoting and row checks, the services and nmap-services
 * lines. */
#include "check.h"

#include "history_int.h"
#include "importers.h"

static char tmp_path[64];

#define LONG_LINE (64 * 1024) /* line_read.h's LINE_MAX_BYTES */

/* text into a fresh temporary file named tmp_path (suffix for sniffing). */
static const char *put(const char *text, size_t len)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/portreg-rerr-XXXXXX");
    int fd = mkstemp(tmp_path);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
        fprintf(stderr, "cannot write %s\n", tmp_path);
        exit(1);
    }
    close(fd);
    return tmp_path;
}

static long records;
static int count_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    (void)k, (void)r, (void)err;
    records++;
    return 0;
}

/* Read text with reader; expect code rc and, on an error, a message
 * containing want at line (-1: any line) of the temporary file. */
static void expect(int (*reader)(const char *, struct pr_sink *, pr_error *), const char *text,
                   size_t len, int rc, long line, const char *want, int at)
{
    struct pr_sink sink = {.record = count_record};
    pr_error err = {0};
    const char *path = put(text, len);
    records = 0;
    int got = reader(path, &sink, &err);
    if (got != rc || (want && (!strstr(err.msg, want) || (line >= 0 && err.line != line))))
        fprintf(stderr, "case at line %d: rc %d, %s:%ld: %s (want %d, line %ld, '%s')\n", at, got,
                err.file, err.line, err.msg, rc, line, want ? want : "");
    CHECK_INT(got, rc);
    if (want) {
        CHECK(strstr(err.msg, want) != NULL);
        CHECK_STR(err.file, path);
        if (line >= 0)
            CHECK_INT(err.line, line);
    }
    unlink(path);
}
#define EXPECT(reader, text, rc, line, want) \
    expect(reader, text, sizeof text - 1, rc, line, want, __LINE__)

/* ---- characters -------------------------------------------------------- */

static size_t utf8(char *b, unsigned cp)
{
    if (cp < 0x80) {
        b[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    b[0] = (char)(0xE0 | cp >> 12);
    b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Every class of PR_IS_CONTROL and PR_IS_SPOOF at both of its ends, and the
 * clean neighbours just outside them (0: clean). */
static const struct { unsigned cp; const char *kind; } chars[] = {
    {0x01, "control character"}, {0x1F, "control character"}, {0x7F, "control character"},
    {0x80, "control character"}, {0x9F, "control character"}, {0xA0, NULL},
    {0x061B, NULL}, {0x061C, "invisible format character"}, {0x061D, NULL},
    {0x200A, NULL}, {0x200B, "invisible format character"}, {0x200C, NULL}, {0x200D, NULL},
    {0x200E, "invisible format character"}, {0x200F, "invisible format character"},
    {0x2029, NULL}, {0x202A, "invisible format character"},
    {0x202E, "invisible format character"}, {0x202F, NULL}, {0x205F, NULL},
    {0x2060, "invisible format character"}, {0x2064, "invisible format character"},
    {0x2065, NULL}, {0x2066, "invisible format character"},
    {0x2069, "invisible format character"}, {0x206A, NULL},
};

static const char xml_head[] =
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"
    "  <title>T</title>\n";

/* The character in a description on line 3 of a CSV file, line 6 of an
 * XML file, line 2 of a services file, and in an edited field. */
static void test_characters(void)
{
    for (size_t i = 0; i < sizeof chars / sizeof *chars; i++) {
        char c[4], want[80], text[512];
        size_t n = utf8(c, chars[i].cp);
        int bad = chars[i].kind != NULL;
        int rc = bad ? PR_EPARSE : 0;
        snprintf(want, sizeof want, "%s U+%04X", bad ? chars[i].kind : "", chars[i].cp);
        const char *w = bad ? want : NULL;

        int len = snprintf(text, sizeof text,
                           "Service Name,Port Number,Transport Protocol,Description\n"
                           "echo,7,tcp,Echo\n"
                           "x,9,tcp,a%.*sb\n", (int)n, c);
        expect(pr_csv_read, text, (size_t)len, rc, 3, w, __LINE__);
        if (bad) { /* the column too: "a" is column 1 of the field, after "x,9,tcp," */
            pr_error err = {0};
            struct pr_sink sink = {0};
            pr_csv_read(put(text, (size_t)len), &sink, &err);
            CHECK_INT(err.column, 10);
            unlink(tmp_path);
        }

        /* 0x01-0x1F are not XML at all: libxml2 refuses them first. */
        if (chars[i].cp >= 0x20) {
            len = snprintf(text, sizeof text,
                           "%s  <record>\n    <name>x</name>\n"
                           "    <description>a%.*sb</description>\n"
                           "    <protocol>tcp</protocol><number>9</number>\n  </record>\n"
                           "</registry>\n", xml_head, (int)n, c);
            expect(pr_iana_xml_read, text, (size_t)len, rc, 6, w, __LINE__);
        }

        len = snprintf(text, sizeof text, "echo 7/tcp\nx 9/tcp # a%.*sb\n", (int)n, c);
        expect(pr_services_read, text, (size_t)len, rc, 2, w, __LINE__);

        char v[16];
        snprintf(v, sizeof v, "a%.*sb", (int)n, c);
        pr_error err = {0};
        CHECK_INT(pr_change_clean_text("note", v, &err), bad ? PR_EINVAL : 0);
        if (bad) {
            snprintf(want, sizeof want, "note: %s U+%04X", chars[i].kind, chars[i].cp);
            CHECK(strstr(err.msg, want) != NULL);
            CHECK_STR(err.field, "note");
        }
    }
    /* Malformed UTF-8 is named by its byte. */
    EXPECT(pr_csv_read, "Service Name,Port Number,Transport Protocol\nx,9,tcp\xC3\n", PR_EPARSE,
           2, "invalid UTF-8 (byte 0xC3)");
    EXPECT(pr_services_read, "x 9/tcp # \xFF\n", PR_EPARSE, 1, "invalid UTF-8 (byte 0xFF)");
    pr_error err = {0};
    CHECK_INT(pr_change_clean_text("org", "a\xE2\x82", &err), PR_EINVAL);
    CHECK(strstr(err.msg, "org: invalid UTF-8 (byte 0xE2)") != NULL);
}

/* ---- IANA XML ---------------------------------------------------------- */

static void xml_case(const char *body, long line, const char *want, int at)
{
    char text[2048];
    int len = snprintf(text, sizeof text, "%s%s</registry>\n", xml_head, body);
    expect(pr_iana_xml_read, text, (size_t)len, want ? PR_EPARSE : 0, line, want, at);
}
#define XML(body, line, want) xml_case(body, line, want, __LINE__)

static void test_xml(void)
{
    XML("  <record date=\"2020-01-01\" colour=\"red\"><name>x</name></record>\n", 4,
        "unknown attribute 'colour'");
    XML("  <record xmlns:x=\"urn:x\" updated=\"2020-01-01\"><name>x</name><protocol>tcp</protocol>"
        "<number>9</number></record>\n", -1, NULL);
    XML("  <record><name>x</name>\n    <colour>red</colour></record>\n", 5,
        "unknown element 'colour' in record");
    XML("  <record><name>x</name>\n    <name>y</name></record>\n", 5,
        "record has more than one 'name'");
    XML("  <record><name>x</name>\n    <xref data=\"rfc1\"/></record>\n", 5,
        "xref without a type attribute");
    XML("  <record><name>x</name>\n    <assignee><person>p</person></assignee></record>\n", 5,
        "unexpected element 'person' in assignee or contact");
    XML("  <record><name>x</name><protocol>tcp</protocol><number>9</number>"
        "<assignee/><contact>\n<!-- c --><xref type=\"person\" data=\"P\"/></contact>"
        "</record>\n", -1, NULL);
    XML("  <people>\n    <person>\n      <name>P</name>\n    </person>\n  </people>\n", 5,
        "person without an id attribute");
    XML("  <people>\n    <person id=\"P\">\n      <email>p@x</email>\n    </person>\n"
        "  </people>\n", 6, "unknown element 'email' in person");
    XML("  <people>\n    <person id=\"P\">\n      <name>P</name>\n      <name>Q</name>\n"
        "    </person>\n  </people>\n", 7, "person has more than one 'name'");
    /* Several URIs are kept, one per line; an empty <people/> is fine. */
    XML("  <people>\n    <person id=\"P\"><uri>mailto:a@x</uri><uri>mailto:b@x</uri>"
        "<org>O</org><updated>2020-01-01</updated></person>\n  </people>\n  <people/>\n", -1,
        NULL);
    XML("  <foo>bar</foo>\n  <note title=\"n\">text</note>\n  <footnote anchor=\"1\">f</footnote>\n"
        "  <xref type=\"rfc\" data=\"rfc6335\"/>\n  <category>C</category>\n"
        "  <expert>E</expert>\n", -1, NULL);

    /* Comments, processing instructions and CDATA left open. */
    XML("  <record><name>x</name><!-- never closed </record>\n", 6, "Comment not terminated");
    XML("  <record><name>x</name><?pi never closed </record>\n", 6, "PI pi never end");
    XML("  <record><name>x</name><description><![CDATA[ x </record>\n", -1, "malformed XML");

    /* A file cut at the end of a line (at a tag): said to be truncated, as
     * one cut inside a tag is; a wrong end tag in a whole file is not. */
    static const char *const cut[] = {"  <record><name>x</name>\n", "  <people>\n",
                                      "  <record><name>x</name></record>\n",
                                      "  <record><name>x</name></record></registry"};
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        char text[512];
        int len = snprintf(text, sizeof text, "%s%s", xml_head, cut[i]);
        expect(pr_iana_xml_read, text, (size_t)len, PR_EPARSE, 4,
               "malformed XML (the file ends early: truncated?)", __LINE__);
    }
    XML("  <record><name>x</name></recor>\n", 4, "malformed XML: Opening and ending tag mismatch");
    EXPECT(pr_iana_xml_read, "<registry xmlns=\"http://www.iana.org/assignments\"/><x/>\n",
           PR_EPARSE, 1, "malformed XML: Extra content at the end of the document");

    /* The whole file: no root, wrong root, wrong namespace, a file cut short. */
    EXPECT(pr_iana_xml_read, "<registry id=\"x\"><title>T</title></registry>\n", PR_EPARSE, 1,
           "not in IANA's namespace");
    EXPECT(pr_iana_xml_read, "<r:registry xmlns:r=\"http://www.iana.org/assignments\"/>\n  \n", 0,
           -1, NULL);
    EXPECT(pr_iana_xml_read, "\n\n   \n", PR_EPARSE, -1, "");
}

/* ---- CSV --------------------------------------------------------------- */

#define CSV_HEAD "Service Name,Port Number,Transport Protocol,Description\n"

static void test_csv(void)
{
    EXPECT(pr_csv_read, CSV_HEAD "echo,7,tcp,Echo\nx,9,tcp,\"quoted\"tail\n", PR_EPARSE, 3,
           "unexpected 't' after a closing quote");
    EXPECT(pr_csv_read, CSV_HEAD "echo,7,tcp,Echo\nx,9,tcp,ab\"c\n", PR_EPARSE, 3,
           "stray quote in an unquoted field");
    EXPECT(pr_csv_read, CSV_HEAD "echo,7,tcp,Echo\nx,9,tcpx,c\n", PR_EPARSE, 3,
           "unknown transport protocol 'tcpx'");
    EXPECT(pr_csv_read, CSV_HEAD "echo,7,tcp,Echo\n,,tcp,c\n", PR_EPARSE, 3,
           "row has neither a service name nor a port number");
    EXPECT(pr_csv_read, "", PR_EPARSE, 1, "empty file");
    EXPECT(pr_csv_read, "Service Name,Port Number,Description\nx,9,d\n", PR_EPARSE, 1,
           "the header has no 'Transport Protocol' column");
    /* A byte-order mark, CR line ends, a blank line, a last row without a
     * line end, a header named twice (the first counts), a row with a port
     * and no name: all read. */
    EXPECT(pr_csv_read, "\xEF\xBB\xBF" "service name,PORT NUMBER,Transport Protocol,"
           "Transport Protocol\r\necho,7,tcp,xx\r\n\r\n,11,udp,Reserved\r\n"
           "\"discard\",\"9\",\"udp\",", 0, -1, NULL);
    CHECK_INT(records, 3);
    /* Sixteen people in a cell are read, a seventeenth is refused, not
     * dropped; an id of 255 bytes is read, 256 refused. */
    {
        char text[2048], cell[1024] = "", id[300];
        for (int i = 0; i < 16; i++)
            snprintf(cell + strlen(cell), sizeof cell - strlen(cell), "[P%d]", i);
        snprintf(text, sizeof text, "Service Name,Port Number,Transport Protocol,Assignee,"
                 "Contact\necho,7,tcp,Echo,\nx,9,tcp,\"%s\",[C]\n", cell);
        expect(pr_csv_read, text, strlen(text), 0, -1, NULL, __LINE__);
        snprintf(text, sizeof text, "Service Name,Port Number,Transport Protocol,Assignee,"
                 "Contact\necho,7,tcp,,\nx,9,tcp,[A],\"%s[P16]\"\n", cell);
        expect(pr_csv_read, text, strlen(text), PR_EPARSE, 3, "Contact: more than 16 people", __LINE__);
        memset(id, 'i', 255);
        id[255] = 0;
        snprintf(text, sizeof text, "Service Name,Port Number,Transport Protocol,Assignee\n"
                 "x,9,tcp,[%s]\n", id);
        expect(pr_csv_read, text, strlen(text), 0, -1, NULL, __LINE__);
        snprintf(text, sizeof text, "Service Name,Port Number,Transport Protocol,Assignee\n"
                 "x,9,tcp,[%si]\n", id);
        expect(pr_csv_read, text, strlen(text), PR_EPARSE, 2, "Assignee: a person id over 255 bytes", __LINE__);
    }
    /* A quoted field that ends the file. */
    EXPECT(pr_csv_read, CSV_HEAD "x,9,tcp,\"d\"", 0, -1, NULL);
    CHECK_INT(records, 1);
}

/* The Reference, Assignee and Notes columns: every kind of bracketed
 * item, text outside brackets, an unclosed '[', [RFCnnnn] in a note as an
 * xref in its XML; rows ended by CR alone (old Mac files). */
static struct pr_record csv_rec;
static int keep_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    (void)k, (void)err;
    pr_record_release(&csv_rec);
    return pr_record_copy(&csv_rec, r);
}

static void test_csv_items(void)
{
    static const char text[] =
        "Service Name,Port Number,Transport Protocol,Reference,Assignee,Contact,"
        "Assignment Notes\r"
        "x,9,tcp,\"[RFC8765, Section 6.1][draft-ietf-x-y][RFC-ietf-z][ftp://f.example/x]"
        "[mailto:a@b.example][1] plain words [unclosed\",[Ann_A],\"[Bob_B] , [Cy_C]\","
        "\"See [RFC6335], [RFC 1] & [RFC12x]\"\r";
    struct pr_sink sink = {.record = keep_record};
    pr_error err = {0};
    pr_record_init(&csv_rec);
    CHECK_INT(pr_csv_read(put(text, sizeof text - 1), &sink, &err), 0);
    unlink(tmp_path);
    char got[1024] = "";
    for (size_t i = 0; i < csv_rec.n_xrefs; i++) {
        const struct pr_xref *x = &csv_rec.xrefs[i];
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%d:%s:%s:%s", i ? "|" : "",
                 x->role, x->type, x->data ? x->data : "", x->text ? x->text : "");
    }
    CHECK_STR(got, "1:person:Ann_A:|0:person:Bob_B:|0:person:Cy_C:|"
                   "0:note:1:|0:rfc:rfc8765:RFC8765, Section 6.1|0:draft:draft-ietf-x-y:|"
                   "0:draft:RFC-ietf-z:|0:uri:ftp://f.example/x:|0:uri:mailto:a@b.example:|"
                   "0:text::plain words|0:text::[unclosed");
    CHECK_INT(csv_rec.n_notes, 1);
    if (csv_rec.n_notes)
        CHECK_STR(csv_rec.notes[0].xml, "See <xref type=\"rfc\" data=\"rfc6335\"/>, [RFC 1] "
                                        "&amp; [RFC12x]");
    CHECK_INT(csv_rec.line, 2);
    pr_record_release(&csv_rec);
}

/* ---- services and nmap-services lines ---------------------------------- */

static void test_lines(void)
{
    /* A NUL byte; a line of 64 KiB and one a byte longer, with and without
     * a line break after it. */
    EXPECT(pr_services_read, "echo 7/tcp\nx 9/tcp\0 # nul\n", PR_EPARSE, 2,
           "control character U+0000");
    static char longl[11 + LONG_LINE + 2];
    for (int over = 0; over < 2; over++)
        for (int brk = 0; brk < 2; brk++) {
            size_t n = LONG_LINE + (size_t)over; /* the second line without its break */
            memset(longl, 'a', 11 + n);
            memcpy(longl, "echo 7/tcp\nx 9/tcp # ", 21);
            longl[11 + n] = '\n';
            expect(pr_services_read, longl, 11 + n + (size_t)brk, over ? PR_EPARSE : 0, 2,
                   over ? "line too long (over 64 KiB)" : NULL, __LINE__);
        }
    /* Tabs and spaces separate words, CR LF ends a line; an empty comment
     * is no description. */
    EXPECT(pr_services_read, "echo\t7/tcp\tping \r\nx 9/udp #\n", 0, -1, NULL);
    CHECK_INT(records, 2);

    /* Ports on both sides of 65535; a line without a port; a name with
     * blanks before the port (IANA has one) is kept whole, marked. */
    EXPECT(pr_services_read, "a 65535/tcp\nb 65536/tcp\n", PR_EPARSE, 2,
           "port '65536' out of range (0-65535)");
    EXPECT(pr_services_read, "b 1234567/udp\n", PR_EPARSE, 1, "port '1234567' out of range");
    EXPECT(pr_services_read, "a 0/tcp\nb\n", PR_EPARSE, 2,
           "'b' has no port/protocol (expected 'name port/proto [aliases] [# comment]')");
    EXPECT(pr_services_read, "b 9/tc-p\n", PR_EPARSE, 1,
           "invalid port/protocol '9/tc-p' (expected e.g. 443/tcp)");
    EXPECT(pr_services_read, "b 9/ x\n", PR_EPARSE, 1, "invalid port/protocol '9/'");
    EXPECT(pr_nmap_services_read, "x\t65536/tcp\t0.5\n", PR_EPARSE, 1,
           "invalid port/protocol '65536/tcp'");

    /* A frequency is a finite number from 0 to 1. */
    EXPECT(pr_nmap_services_read, "echo\t7/tcp\t0.5\nx\t9/tcp\tnan\n", PR_EPARSE, 2,
           "invalid frequency 'nan' (expected a number from 0 to 1)");
    EXPECT(pr_nmap_services_read, "x\t9/tcp\tinf\n", PR_EPARSE, 1, "invalid frequency 'inf'");
    EXPECT(pr_nmap_services_read, "x\t9/tcp\t1.001\n", PR_EPARSE, 1, "invalid frequency '1.001'");
    EXPECT(pr_nmap_services_read, "x\t9/tcp\t-0.1\n", PR_EPARSE, 1, "invalid frequency '-0.1'");
    EXPECT(pr_nmap_services_read, "x\t9/tcp\t0.5x\n", PR_EPARSE, 1, "invalid frequency '0.5x'");
    EXPECT(pr_nmap_services_read, "x\t9/tcp\t\n", PR_EPARSE, 1,
           "expected 'name port/protocol frequency', got 2 fields");
    EXPECT(pr_nmap_services_read, "x\n", PR_EPARSE, 1, "got 1 field");
    EXPECT(pr_nmap_services_read, "x\t9/tcp\t1\ny\t10/udp\t0\n", 0, -1, NULL);
}

/* The limits around the root (docs/security.md): 10,000 comments and
 * processing instructions, a MiB of text before or after the root; and a
 * character past the first MiB (the file is checked a MiB at a time, never
 * cutting a UTF-8 sequence) found on its line. */
static void test_xml_limits(void)
{
    static const char root[] = "<registry xmlns=\"http://www.iana.org/assignments\"/>\n";
    size_t cap = (2u << 20) + 4096, n;
    char *b = malloc(cap);
    if (!b)
        return;
    for (int over = 0; over < 2; over++) {
        n = (size_t)snprintf(b, cap, "%s", root);
        for (int i = 0; i < 10000 + over; i++)
            n += (size_t)snprintf(b + n, cap - n, "<!---->\n");
        expect(pr_iana_xml_read, b, n, over ? PR_EPARSE : 0, 0,
               over ? "too many comments or processing instructions (10001, " : NULL, __LINE__);
    }
    for (int over = 0; over < 2; over++) {
        /* after the root: its line break and spaces */
        n = (size_t)snprintf(b, cap, "%s", root);
        memset(b + n, ' ', (1u << 20) - 1 + (size_t)over);
        n += (1u << 20) - 1 + (size_t)over;
        expect(pr_iana_xml_read, b, n, over ? PR_EPARSE : 0, 0,
               over ? "too much text after the root element (over 1024 KiB)" : NULL, __LINE__);
        /* before it */
        memset(b, '\n', (1u << 20) + (size_t)over);
        n = (1u << 20) + (size_t)over;
        n += (size_t)snprintf(b + n, cap - n, "%s", root);
        expect(pr_iana_xml_read, b, n, over ? PR_EPARSE : 0, 0,
               over ? "too much text before the root element (over 1024 KiB)" : NULL, __LINE__);
    }
    /* Two-byte characters across the first MiB's end, then U+200B on the
     * next line. */
    n = (size_t)snprintf(b, cap, "%s  <record>\n    <description>", xml_head);
    while (n < (1u << 20) + 64) {
        b[n++] = '\xc3';
        b[n++] = '\xa9';
    }
    n += (size_t)snprintf(b + n, cap - n, "\n\xe2\x80\x8b</description>\n  </record>\n"
                                          "</registry>\n");
    expect(pr_iana_xml_read, b, n, PR_EPARSE, 6, "invisible format character U+200B", __LINE__);
    free(b);
}

/* A record whose bytes hold what looks like markup: '>' and the other
 * quote in single- and double-quoted attributes,
 * "</record>" in CDATA, "<record>" in a comment, a processing instruction.
 * The record's raw bytes (kept for the byte-exact export) are exactly its
 * bytes in the file. */
static char *raw_seen;
static int keep_raw(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    (void)k, (void)err;
    free(raw_seen);
    raw_seen = r->raw ? strdup(r->raw) : NULL;
    return 0;
}

static void test_xml_raw(void)
{
    static const char rec[] =
        "<record date='a>b\"' updated=\"c'>d\"><name>a</name><protocol>tcp</protocol><number>5</number>"
        "<description><![CDATA[</record> & <b>]]></description><!-- <record> -->"
        "<?pi <x> ?></record>";
    char text[1024];
    int len = snprintf(text, sizeof text, "%s  %s\n  <!-- after -->\n</registry>\n", xml_head,
                       rec);
    struct pr_sink sink = {.record = keep_raw};
    pr_error err = {0};
    CHECK_INT(pr_iana_xml_read(put(text, (size_t)len), &sink, &err), 0);
    unlink(tmp_path);
    CHECK(raw_seen && strstr(raw_seen, rec) && strlen(strstr(raw_seen, rec)) == strlen(rec));
    free(raw_seen);
    raw_seen = NULL;
}

/* ---- services(5) entries and format sniffing --------------------------- */

static char entry_seen[256];
static int on_entry(const struct pr_service_entry *e, void *ud, pr_error *err)
{
    (void)ud, (void)err;
    size_t o = strlen(entry_seen);
    o += (size_t)snprintf(entry_seen + o, sizeof entry_seen - o, "%s%s %d/%s", o ? ";" : "",
                          e->name, e->port, e->protocol);
    for (size_t i = 0; i < e->n_aliases; i++)
        o += (size_t)snprintf(entry_seen + o, sizeof entry_seen - o, " +%s", e->aliases[i]);
    if (e->unreadable)
        snprintf(entry_seen + o, sizeof entry_seen - o, " (unreadable)");
    return 0;
}

static void test_entries_and_sniff(void)
{
    static const char text[] = "Apple Remote Desktop (Net Assistant) 3283/TCP ard # ARD\n"
                               "http 80/tcp www www-http\n";
    pr_error err = {0};
    CHECK_INT(pr_services_each(put(text, sizeof text - 1), on_entry, NULL, &err), 0);
    unlink(tmp_path);
    CHECK_STR(entry_seen, "Apple Remote Desktop (Net Assistant) 3283/tcp +ard (unreadable);"
                          "http 80/tcp +www +www-http");

    static const struct { const char *text; const char *format; } files[] = {
        {"\xEF\xBB\xBFService Name,Port Number,Transport Protocol,Description\n", "csv"},
        {"<?xml version='1.0'?>\n<other/>\n", "iana-xml"},
        {"<registry id=\"x\"/>\n", "iana-xml"},
        {"http\t80/tcp\t0.484143\t# World Wide Web HTTP\n", "nmap-services"},
        {"# comment\n\nhttp 80/tcp www\nhttps 443/tcp\n", "services"},
        /* the last line, cut off where the sniffer stops, says nothing */
        {"http 80/tcp www\nhttps 443/tcp\nx 1/tcp 0.5", "services"},
        {"http 80/tcp\n\x01\x02\0\x03 binary\n", NULL},
        {"just some words\n", NULL},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const struct pr_importer *im = NULL;
        memset(&err, 0, sizeof err);
        size_t len = strlen(files[i].text);
        if (!files[i].format) /* NUL inside: its length by hand */
            len = i == 6 ? 25 : len;
        int rc = pr_importer_sniff(put(files[i].text, len), &im, &err);
        unlink(tmp_path);
        if (files[i].format) {
            CHECK_INT(rc, 0);
            CHECK_STR(im ? im->name : "(none)", files[i].format);
        } else {
            CHECK_INT(rc, PR_EPARSE);
            CHECK(strstr(err.msg, "unknown format: not IANA's XML or CSV") != NULL);
            CHECK_STR(err.field, "format");
        }
    }
    const struct pr_importer *im = NULL;
    CHECK_INT(pr_importer_sniff(put("", 0), &im, &err), PR_EPARSE);
    unlink(tmp_path);
    CHECK(strstr(err.msg, "empty file; cannot tell its format") != NULL);
}

int main(void)
{
    test_characters();
    test_xml();
    test_xml_raw();
    test_xml_limits();
    test_csv();
    test_csv_items();
    test_lines();
    test_entries_and_sniff();
    return check_status();
}
