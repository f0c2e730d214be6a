/* test_rule_corners.c - the rules' other side: for each rule, requests a
 * port expert meets that must NOT draw its finding (a lookalike, a missing
 * precondition, a negation) next to the near ones that must, with the
 * reason the finding gives.  One table, reviewed against the sample
 * registry; test_rules.c holds each rule's main hit and miss. */
#include "check.h"
#include "importers.h"
#include "rules_int.h"

static pr_store *store;

/* What every request gives unless its row says otherwise. */
static const char head[] = "Transport: tcp\n"
                           "Port: any\n"
                           "Description: Acme file synchronisation\n"
                           "Assignee: Jane Doe <jane@example.org>\n"
                           "Contact: Jane Doe <jane@example.org>\n"
                           "Reference: https://example.org/spec\n"
                           "Security: TLS 1.3\n"
                           "Justification: clients behind firewalls need a fixed port\n";

static const struct row {
    const char *fields; /* the request's own fields; head fills in the rest */
    const char *rule;
    int severity;       /* -1: the rule must stay silent */
    const char *says;   /* in the message when it fires; may be NULL */
} rows[] = {
    /* version-variant: X-ng, Xv2, X-v2, X-2, X2; never a base without a
     * port, a too short base, the name itself, or without a port asked */
    {"Service-Name: snmp-ng\n", "version-variant", PR_SEV_WARN, "new version of 'snmp'"},
    {"Service-Name: snmpv2\n", "version-variant", PR_SEV_WARN, "new version of 'snmp'"},
    {"Service-Name: ldap-v3\n", "version-variant", PR_SEV_WARN, "new version of 'ldap'"},
    {"Service-Name: http-2\n", "version-variant", PR_SEV_WARN, "new version of 'http' (port 80"},
    {"Service-Name: x11\nPort: 6000\n", "version-variant", -1, NULL},
    {"Service-Name: argus2\n", "version-variant", -1, NULL},     /* argus has no port */
    {"Service-Name: ssdp-ng\nPort: none\n", "version-variant", -1, NULL},
    {"Service-Name: acme-ng\n", "version-variant", -1, NULL},
    {"Service-Name: 2\n", "version-variant", -1, NULL},
    {"Service-Name: acme\nRelated-Service: sip\nVersioning: it replaces SIP\n",
     "version-variant", PR_SEV_WARN, "'acme' looks like a new version of 'sip'"},
    {"Service-Name: acme\nRelated-Service: sip\nVersioning: a version field\n",
     "version-variant", -1, NULL},
    {"Service-Name: acme\nRelated-Service: no-such\nVersioning: the next version\n",
     "version-variant", -1, NULL},

    /* discovery-port: an answer, the name, the words, the places; not a
     * lookalike (STUN, a service found through DNS-SD), not a port doing
     * more, not TCP without a group */
    {"Service-Name: acme\nDiscovery: True\n", "discovery-port", PR_SEV_WARN,
     "answers Discovery: yes"},
    {"Service-Name: acme-discover1\nTransport: udp\nDiscovery: no\n", "discovery-port",
     PR_SEV_WARN, "its name says discovery"},
    {"Service-Name: acmedisc\nTransport: udp\n", "discovery-port", PR_SEV_WARN,
     "its name says discovery"},
    {"Service-Name: acme-disc\nTransport: tcp\n", "discovery-port", -1, NULL},
    {"Service-Name: acme-disc\nTransport: tcp\nMulticast: group 239.255.0.9\n",
     "discovery-port", PR_SEV_WARN, "its name says discovery"},
    {"Service-Name: acme\nTransport: udp\nDescription: Acme device beacons\n", "discovery-port",
     PR_SEV_WARN, "its text speaks of announcements or beacons"},
    {"Service-Name: acme\nTransport: tcp\nDescription: Acme device beacons\n", "discovery-port",
     -1, NULL},
    {"Service-Name: acme\nTransport: udp\nDescription: Acme service location\n",
     "discovery-port", PR_SEV_WARN, "its text speaks of discovery"},
    {"Service-Name: acme\nTransport: udp\nDiscovery: peers send discovery probes\n",
     "discovery-port", PR_SEV_WARN, "its text speaks of discovery"},
    {"Service-Name: acme\nTransport: udp\nDescription: STUN NAT behavior discovery\n",
     "discovery-port", -1, NULL},
    {"Service-Name: acme\nTransport: udp\nDescription: Acme discovery\n"
     "Defined-TXT-Keys: path\n", "discovery-port", -1, NULL},
    {"Service-Name: acme\nTransport: udp\nDescription: Acme discovery and control\n",
     "discovery-port", -1, NULL},
    {"Service-Name: acme\nTransport: udp\nDescription: Acme management & discovery\n",
     "discovery-port", -1, NULL},
    {"Service-Name: acme\nTransport: udp\nDescription: Acme operational port; discovery\n",
     "discovery-port", -1, NULL},
    {"Service-Name: acme\nTransport: udp\nDescription: Acme for discovery purposes\n",
     "discovery-port", -1, NULL}, /* IANA's boilerplate */
    {"Service-Name: acme\nTransport: udp\nDiscovery: no\n", "discovery-port", -1, NULL},
    {"Service-Name: acme\nTransport: udp\nDiscovery: nodes discover each other\n",
     "discovery-port", PR_SEV_WARN, "its text speaks of discovery"},

    /* secure-variant: a name with a security affix needs text about the
     * same thing (common words, an acronym, or the base's own assignee);
     * "ldap-s" is an affix, "sldap" only a weak one that needs the
     * description's own security words; a description that is the base's
     * with security, one word only for names alike; a registered service
     * named before "over TLS" */
    {"Service-Name: ldap-tls\nDescription: Encrypted widget feed\n"
     "Assignee: Tim Howes <Tim.Howes@terminator.cc.umich.edu>\n", "secure-variant",
     PR_SEV_WARN, "security variant of 'ldap'"},
    {"Service-Name: ldap-tls\nDescription: Encrypted widget feed\n", "secure-variant", -1,
     NULL},
    {"Service-Name: ldap-tls\nDescription: Encrypted widget feed\n"
     "Assignee: Ann <ann@terminator.cc.umich.edu>\n", "secure-variant", -1, NULL},
    {"Service-Name: snmp-tls\nDescription: Encrypted Simple Network Management Protocol\n",
     "secure-variant", PR_SEV_WARN, "security variant of 'snmp'"},
    {"Service-Name: snmp-tls\nDescription: Encrypted network management for Acme\n",
     "secure-variant", -1, NULL},
    {"Service-Name: ldap-s\nDescription: LDAP directory\n", "secure-variant", PR_SEV_WARN,
     "security variant of 'ldap'"},
    {"Service-Name: sldap\nDescription: LDAP directory\n", "secure-variant", -1, NULL},
    {"Service-Name: snm-x\nDescription: Secure SNMP\n", "secure-variant", PR_SEV_WARN,
     "its description is the base's with a security layer added"},
    {"Service-Name: acme-x\nDescription: Secure SNMP\n", "secure-variant", -1, NULL},
    {"Service-Name: sipx-relay\nDescription: SIP relay over TLS\n", "secure-variant",
     PR_SEV_WARN, "its description runs the base service over a security layer"},
    {"Service-Name: acme-relay\nDescription: SIP relay over TLS\n", "secure-variant", -1,
     NULL},
    {"Service-Name: acme-web\nDescription: Secure web access\nRelated-Service: https\n",
     "secure-variant", -1, NULL}, /* https is no plain base */
    {"Service-Name: acme-sip\nDescription: Encrypted calls\nRelated-Service: SIP\n",
     "secure-variant", PR_SEV_WARN, "names the base as Related-Service"},

    /* ipv4-broadcast: "broadcast" as a word (not "broadcaster" media) */
    {"Service-Name: acme\nTransport: udp\nMulticast: no, but broadcasts to the LAN\n",
     "ipv4-broadcast", -1, NULL},
    {"Service-Name: acme\nTransport: udp\nMulticast: nothing; broadcast to 255.255.255.255\n",
     "ipv4-broadcast", PR_SEV_WARN, NULL},

    /* insecure-variant: only a plain copy of a secure service with a port */
    {"Service-Name: rad\nDescription: Radius over TLS\n", "insecure-variant", -1, NULL},
    {"Service-Name: ldap\nDescription: LDAP\n", "insecure-variant", -1, NULL},

    /* dccp-service-code: only with a port asked */
    {"Service-Name: acme\nTransport: dccp\nPort: none\n", "dccp-service-code", -1, NULL},
    {"Service-Name: acme\nTransport: dccp\nService-Code: \n", "dccp-service-code", PR_SEV_WARN,
     NULL},

    /* transport-unjustified: each transport named in Notes will do */
    {"Service-Name: acme\nTransport: tcp sctp\nNotes: tcp for clients, sctp for servers\n",
     "transport-unjustified", -1, NULL},
    {"Service-Name: acme\nTransport: dccp\nCongestion: CCID 2\n", "transport-unjustified",
     -1, NULL},
    {"Service-Name: acme\nTransport: dccp\n", "transport-unjustified", PR_SEV_WARN, NULL},

    /* port-system: the RFC number in its spellings; a word that only
     * starts with "rfc" is none; the claim in the Justification */
    {"Service-Name: acme\nPort: 790\nReference: RFC#9999\n", "port-system", PR_SEV_INFO,
     "RFC 9999"},
    {"Service-Name: acme\nPort: 790\nReference: RFC_9999\n", "port-system", PR_SEV_INFO,
     "RFC 9999"},
    {"Service-Name: acme\nPort: 790\nReference: https://x.example/rfcs\n", "port-system",
     PR_SEV_REJECT, NULL},
    {"Service-Name: acme\nPort: 790\nReference: none\nJustification: see RFC 9999\n",
     "port-system", PR_SEV_INFO, "RFC 9999"},
    {"Service-Name: acme\nPort: 790\nJustification: draft-ietf-acme-sync-02.txt\n",
     "port-system", PR_SEV_INFO, "draft-ietf-acme-sync-02"},
    {"Service-Name: acme\nPort: 790\nAssignee: IETF <ietf@ietf.org>\n", "port-system",
     PR_SEV_INFO, "approval must be on record"},
    {"Service-Name: acme\nPort: 790\nReference: via IETF Review\n", "port-system", PR_SEV_WARN,
     NULL},
    {"Service-Name: acme\nPort: system\n", "port-system", PR_SEV_REJECT, NULL},

    /* name-taken: an alias kept as historic; not a name with no record */
    {"Service-Name: MDBS-Daemon\nPort: none\n", "name-taken", PR_SEV_REJECT, "mdbs-daemon"},
    {"Service-Name: acme\nPort: none\n", "name-taken", -1, NULL},

    /* name-similar: a name too long to look up; the skeleton of one letter */
    {"Service-Name: averyveryveryveryveryveryveryveryveryveryveryveryveryverylongname\n",
     "name-similar", -1, NULL},
    {"Service-Name: x-1\nPort: none\n", "name-similar", PR_SEV_INFO, "'x11'"},
    {"Service-Name: sip2\nPort: none\n", "name-similar", PR_SEV_INFO, "sip"},
    {"Service-Name: lda\xc3\xa9\nPort: none\n", "name-similar", -1, NULL},

    /* own-registration: the IESG's own port under another range */
    {"Service-Name: mdns\nPort: 5353-5354\nAssignee: IESG <iesg@ietf.org>\n",
     "own-registration", PR_SEV_INFO, NULL},

    /* port-taken: a port nobody is named for (a record without assignee) */
    {"Service-Name: acme\nTransport: udp\nPort: 161\nReference: RFC 9999\n"
     "Congestion: one request, one answer\n", "port-taken", PR_SEV_REJECT, "snmp"},
};

static int fires(const struct row *w, struct pr_findings *out, const struct pr_finding **hit)
{
    char text[2048];
    struct pr_request_list l = {0};
    pr_error err = {0};
    size_t n = (size_t)snprintf(text, sizeof text, "%s", w->fields);
    for (const char *h = head; *h;) { /* head's fields the row does not give */
        size_t len = strcspn(h, "\n") + 1, name = strcspn(h, ":") + 1;
        char key[64];
        snprintf(key, sizeof key, "\n%.*s", (int)name, h);
        if (strncmp(w->fields, key + 1, name) && !strstr(w->fields, key))
            n += (size_t)snprintf(text + n, sizeof text - n, "%.*s", (int)len, h);
        h += len;
    }
    *hit = NULL;
    if (pr_request_parse_buf("c.req", text, n, &l, NULL, NULL, &err) ||
        pr_review(store, &l.items[0], out, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        pr_request_list_release(&l);
        return -2;
    }
    pr_request_list_release(&l);
    for (size_t i = 0; i < out->n; i++)
        if (!strcmp(out->items[i].rule, w->rule)) {
            *hit = &out->items[i];
            return out->items[i].severity;
        }
    return -1;
}

static void test_rows(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        struct pr_findings out;
        const struct pr_finding *x;
        pr_findings_init(&out);
        int sev = fires(&rows[i], &out, &x);
        check_count++;
        if (sev != rows[i].severity || (x && rows[i].says && !strstr(x->message, rows[i].says))) {
            check_failures++;
            fprintf(stderr, "%s:%d: row %zu (%s) %.40s...: severity %d, want %d; %s\n",
                    __FILE__, __LINE__, i, rows[i].rule, rows[i].fields, sev,
                    rows[i].severity, x ? x->message : "");
        }
        pr_findings_release(&out);
    }
}

static char urls[512];
static void add_url(const char *url, void *ud)
{
    (void)ud;
    size_t o = strlen(urls);
    snprintf(urls + o, sizeof urls - o, "%s%s", o ? " " : "",
             url + strlen("https://www.rfc-editor.org/rfc/"));
}

/* A finding's citations become rfc-editor.org links: RFC numbers in the
 * spellings people write, each section of the RFC before it; nothing for
 * what only looks like one. */
static void test_reference_links(void)
{
    static const struct { const char *ref, *urls; } refs[] = {
        {"RFC 6335 §8.5, §8.6; RFC 7605 §7.4",
         "rfc6335#section-8.5 rfc6335#section-8.6 rfc7605#section-7.4"},
        {"RFC 6763", "rfc6763"},
        {"rfc-9110, [RFC9051]", "rfc9110 rfc9051"},
        {"RFC  7301 (ALPN)", "rfc7301"},
        {"RFC 6335 §8.1.2.", "rfc6335#section-8.1.2"},
        {"§5 of nothing", ""},
        {"xRFC 1234, RFCs, RFC-", ""},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) {
        urls[0] = 0;
        pr_reference_links(refs[i].ref, add_url, NULL);
        CHECK_STR(urls, refs[i].urls);
    }
    urls[0] = 0;
    pr_reference_links(NULL, add_url, NULL);
    CHECK_STR(urls, "");

    /* the verdict of a part of the findings; removing past the end */
    struct pr_finding items[3] = {{.rule = "a", .severity = PR_SEV_INFO},
                                  {.rule = "b", .severity = PR_SEV_REJECT},
                                  {.rule = "c", .severity = PR_SEV_WARN}};
    struct pr_findings f = {.items = items, .n = 3, .cap = 3};
    CHECK_STR(pr_findings_verdict(&f, 0, 1), "clean");
    CHECK_STR(pr_findings_verdict(&f, 2, 3), "concerns");
    CHECK_STR(pr_findings_verdict(&f, 1, 9), "reject");
    CHECK_STR(pr_findings_verdict(&f, 3, 9), "clean");
    CHECK_INT(pr_findings_worst(&f, 0, 0), -1);
    pr_findings_remove(&f, 3);
    CHECK_INT(f.n, 3);
}

/* A registry written here: one service on many numbers (one of them a
 * prefix of another, one record in other case with IANA's remark as a
 * second paragraph), a discovery service whose descriptions differ per
 * transport (one the start of the other), a historic alias. */
static const char *const mini[][5] = {
    {"multi", "tcp", "Multi Port Service", "7000", ""},
    {"multi", "udp", "Multi Port Service", "7000", ""},
    {"Multi", "tcp", "Multi Port Service\n\nIANA assigned this well-formed service name as a "
                     "replacement for \"multi_old\".", "17001", ""},
    {"multi", "tcp", "Multi", "700", ""},
    {"multi", "tcp", "Multi Port Service", "17002", ""},
    {"multi", "tcp", "Multi Port Service", "17003", ""},
    {"multi", "tcp", "Multi Port Service", "17004", ""},
    {"multi", "tcp", "Multi Port Service", "17005", ""},
    {"multi", "tcp", "Multi Port Service", "800", ""}, /* would fit but for the separator */
    {"multi", "tcp", "Multi Port Service", "17006", ""},
    {"multi", "tcp", "Multi Port Service", "17007", ""},
    {"acme-disc", "udp", "Acme Discovery Protocol\n\nIANA assigned this well-formed service "
                         "name as a replacement for \"acme_disc\".", "7100", ""},
    {"acme-disc", "tcp", "Acme Discovery", "7100", ""},
    {"old_alias", "tcp", "Old alias", "7200", "<note>This is a historic alias.</note>"},
};

static const struct pr_finding *audit_finding(const struct pr_findings *f, const char *rule,
                                              const char *svc)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->items[i].rule, rule) && !strcmp(f->items[i].service, svc))
            return &f->items[i];
    return NULL;
}

/* The audit's messages name a service's numbers (distinct, as far as they
 * fit) and its descriptions (each once, the first paragraph). */
static void test_audit_merged(void)
{
    char xml[] = "/tmp/portreg-mini-XXXXXX";
    int fd = mkstemp(xml);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        check_failures++;
        return;
    }
    fputs("<?xml version='1.0' encoding='UTF-8'?>\n<registry xmlns=\"http://www.iana.org/"
          "assignments\" id=\"service-names-port-numbers\">\n  <title>T</title>\n"
          "  <updated>2024-03-18</updated>\n", f);
    for (size_t i = 0; i < sizeof mini / sizeof *mini; i++)
        fprintf(f, "  <record>\n    <name>%s</name>\n    <protocol>%s</protocol>\n"
                   "    <description>%s</description>\n    <number>%s</number>%s\n"
                   "  </record>\n", mini[i][0], mini[i][1], mini[i][2], mini[i][3], mini[i][4]);
    fputs("</registry>\n", f);
    fclose(f);
    char *path = check_tmpdb();
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    struct pr_findings out;
    pr_findings_init(&out);
    CHECK_INT(pr_store_open(&s, path, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_import_file(s, xml, "iana-xml", 0, &res, &err), 0);
    CHECK_INT(pr_audit(s, NULL, &out, &err), 0);
    const struct pr_finding *x = audit_finding(&out, "missing-field", "multi");
    CHECK(x && !strcmp(x->message, "'multi' on port 7000, 17001, 700, 17002, 17003, 17004, "
                                   "17005 names no assignee"));
    x = audit_finding(&out, "name-taken", "multi");
    CHECK(x && strstr(x->message, "assigned to 10 port numbers") != NULL);
    x = audit_finding(&out, "discovery-port", "acme-disc");
    CHECK(x && strstr(x->message, "(its name says discovery: Acme Discovery Protocol / Acme "
                                  "Discovery)") != NULL);
    CHECK(!audit_finding(&out, "missing-field", "old_alias"));
    pr_findings_release(&out);
    pr_store_free(s);
    check_rmdb(path);
    unlink(xml);
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
    test_rows();
    test_reference_links();
    test_audit_merged();
    pr_store_free(store);
    check_rmdb(path);
    return check_status();
}
