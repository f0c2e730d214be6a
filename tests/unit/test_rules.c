/* test_rules.c - the request parser and every rule: a hit and a near miss
 * on the sample registry; audit on the sample and, when present, the real
 * registry (known secure pairs and discovery ports found, lookalikes not). */
#include "check.h"
#include "importers.h"
#include "rules_int.h"

static pr_store *store;

/* A complete request that no rule objects to (a DNS-SD name, no port). */
static const char base_text[] =
    "Service-Name: acme-sync\n"
    "Transport: tcp\n"
    "Port: none\n"
    "Description: Acme file synchronisation\n"
    "Assignee: Jane Doe <jane@example.org>\n"
    "Contact: Jane Doe <jane@example.org>\n"
    "Reference: https://example.org/spec\n"
    "Security: TLS 1.3\n";

static struct pr_request_list list;

static struct pr_request *base(void)
{
    pr_error err = {0};
    pr_request_list_release(&list);
    if (pr_request_parse_buf("base", base_text, sizeof base_text - 1, &list, NULL, NULL, &err)) {
        fprintf(stderr, "base request: %s\n", err.msg);
        exit(1);
    }
    return &list.items[0];
}

static void set(struct pr_request *r, int field, const char *v)
{
    pr_error err = {0};
    if (pr_request_set(r, field, v, &err)) {
        fprintf(stderr, "set %s: %s\n", pr_req_field_names[field], err.msg);
        exit(1);
    }
}

/* A request asking for a user port with everything a port needs. */
static struct pr_request *with_port(const char *port)
{
    struct pr_request *r = base();
    set(r, PR_REQ_PORT, port);
    set(r, PR_REQ_JUSTIFICATION, "clients behind firewalls need a fixed tcp port");
    return r;
}

static struct pr_findings found;

/* Review r; severity of rule's finding, or -1 when it did not fire. */
static int fires(const struct pr_request *r, const char *rule)
{
    pr_error err = {0};
    pr_findings_release(&found);
    if (pr_review(store, r, &found, &err)) {
        fprintf(stderr, "review: %s\n", err.msg);
        return -2;
    }
    for (size_t i = 0; i < found.n; i++)
        if (!strcmp(found.items[i].rule, rule))
            return found.items[i].severity;
    return -1;
}

static const struct pr_finding *finding(const char *rule)
{
    for (size_t i = 0; i < found.n; i++)
        if (!strcmp(found.items[i].rule, rule))
            return &found.items[i];
    return NULL;
}

static int related_has(const char *rule, const char *name)
{
    const struct pr_finding *x = finding(rule);
    for (size_t i = 0; x && i < x->n_related; i++)
        if (!strcmp(x->related[i], name))
            return 1;
    return 0;
}

static void test_parser(void)
{
    struct pr_request_list l = {0};
    pr_error err = {0};
    const char two[] = "# comment\n"
                       "service-name: a1\nTRANSPORT: tcp udp\nPort: 1234, 2000-2001\n"
                       "Description: first line\n  second line\n .\n\tthird\n"
                       "\n\n"
                       "Service-Name: b2\nX-Unknown: whatever\n  continued\nPort: none\n"
                       "Transport: SCTP, Dccp\n"; /* transports in any case */
    CHECK_INT(pr_request_parse_buf("t.req", two, sizeof two - 1, &l, NULL, NULL, &err), 0);
    CHECK_INT(l.n, 2);
    CHECK_STR(l.items[0].field[PR_REQ_SERVICE_NAME], "a1");
    CHECK_INT(l.items[0].transports, PR_TP_TCP | PR_TP_UDP);
    CHECK_INT(l.items[0].port_kind, PR_PORT_NUMBERS);
    CHECK_INT(l.items[0].n_ports, 2);
    CHECK_INT(l.items[0].ports[1].hi, 2001);
    CHECK_STR(l.items[0].field[PR_REQ_DESCRIPTION], "first line\nsecond line\n\nthird");
    CHECK_INT(l.items[0].line, 2);
    CHECK_INT(l.items[1].line, 11);
    CHECK_INT(l.items[1].port_kind, PR_PORT_NONE);
    CHECK_INT(l.items[1].transports, PR_TP_SCTP | PR_TP_DCCP);
    pr_request_list_release(&l);

    static const struct { const char *text; long line; const char *msg; } bad[] = {
        {"Service-Name: a\nthis is not a field\n", 2, "expected 'Field: value'"},
        {" leading continuation\n", 1, "continuation line without a field"},
        {"Service-Name: a\nTransport: tcp tpc\n", 2, "unknown transport 'tpc'"},
        {"Service-Name: a\nPort: 70000\n", 2, "invalid port '70000'"},
        {"Service-Name: a\nPort: any 1234\n", 2, "Port: '1234' cannot be combined with 'any'"},
        {"Service-Name: a\nPort: 1234 any\n", 2, "Port: 'any' cannot be combined with other values"},
        {"Service-Name: a\nPort: none system\n", 2, "Port: 'system' cannot be combined with other"},
        {"Service-Name: a\nservice-name: b\n", 2, "given twice"},
        {"# only a comment\n\n", 2, "no request in file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        pr_error_clear(&err);
        int rc = pr_request_parse_buf("bad.req", bad[i].text, strlen(bad[i].text), &l, NULL,
                                      NULL, &err);
        CHECK_INT(rc, PR_EPARSE);
        CHECK_INT(err.line, bad[i].line);
        CHECK_STR(err.file, "bad.req");
        CHECK(strstr(err.msg, bad[i].msg) != NULL);
        pr_request_list_release(&l);
    }
}

/* Problems do not stop the parse: each is listed with its line, the
 * request that has them is marked, the next request is read. */
static void test_parser_problems(void)
{
    struct pr_request_list l = {0};
    pr_error err = {0};
    const char t[] = "Service-Name: a\nTransport: tcp tpc\njunk\nPort: 70000\n  1\n"
                     "\n"
                     "Service-Name: b\nTransport: udp\n";
    CHECK_INT(pr_request_parse_buf("p.req", t, sizeof t - 1, &l, NULL, NULL, &err), PR_EPARSE);
    CHECK_INT(err.line, 2); /* the first problem */
    CHECK_INT(l.n, 2);
    if (l.n == 2) {
        CHECK_INT(l.items[0].n_problems, 3);
        CHECK_STR(pr_request_problem_verdict(&l.items[0]), "malformed");
        if (l.items[0].n_problems == 3) {
            CHECK_INT(l.items[0].problems[0].line, 2);
            CHECK_INT(l.items[0].problems[1].line, 3);
            CHECK_INT(l.items[0].problems[2].line, 4);
        }
        CHECK_INT(l.items[1].n_problems, 0);
        CHECK(pr_request_problem_verdict(&l.items[1]) == NULL);
        CHECK_INT(l.items[1].transports, PR_TP_UDP);
    }
    pr_request_list_release(&l);
    /* a file that cannot be read is a request of its own */
    CHECK_INT(pr_request_parse_file(PR_TESTDATA, &l, NULL, NULL, &err), PR_EIO);
    CHECK_INT(l.n, 1);
    if (l.n == 1) {
        CHECK_STR(pr_request_problem_verdict(&l.items[0]), "unreadable");
        CHECK_INT(l.items[0].line, 0);
    }
    pr_request_list_release(&l);
}

static int warnings;
static void count_warn(const char *file, long line, const char *msg, void *ud)
{
    (void)file; (void)msg; (void)ud;
    warnings += line == 2;
}

static void test_unknown_field_warns(void)
{
    struct pr_request_list l = {0};
    pr_error err = {0};
    const char t[] = "Service-Name: a\nFrobnicate: yes\n";
    CHECK_INT(pr_request_parse_buf("w.req", t, sizeof t - 1, &l, count_warn, NULL, &err), 0);
    CHECK_INT(warnings, 1);
    pr_request_list_release(&l);
}

static void test_rules(void)
{
    struct pr_request *r;

    /* the base request is clean */
    r = base();
    CHECK_INT(fires(r, "missing-field"), -1);
    CHECK_STR(pr_findings_verdict(&found, 0, found.n), "clean");

    /* missing-field: names each missing field; Justification only with a port */
    r = base();
    set(r, PR_REQ_CONTACT, "");
    CHECK_INT(fires(r, "missing-field"), PR_SEV_REJECT);
    CHECK(strstr(finding("missing-field")->message, "Contact") != NULL);
    r = base();
    set(r, PR_REQ_PORT, "any");
    CHECK_INT(fires(r, "missing-field"), PR_SEV_REJECT);
    CHECK(strstr(finding("missing-field")->message, "Justification") != NULL);
    CHECK_INT(fires(with_port("any"), "missing-field"), -1);

    /* name-syntax */
    r = base();
    set(r, PR_REQ_SERVICE_NAME, "acme--sync");
    CHECK_INT(fires(r, "name-syntax"), PR_SEV_REJECT);
    static const char *const badnames[] = {"-acme", "acme-", "1234", "acme_sync",
                                           "a-very-long-name-x"};
    for (size_t i = 0; i < sizeof badnames / sizeof *badnames; i++) {
        set(r, PR_REQ_SERVICE_NAME, badnames[i]);
        CHECK_INT(fires(r, "name-syntax"), PR_SEV_REJECT);
    }
    set(r, PR_REQ_SERVICE_NAME, "3com-a-b15chars");
    CHECK_INT(fires(r, "name-syntax"), -1);

    /* name-taken: case-insensitive, historic aliases included */
    set(r, PR_REQ_SERVICE_NAME, "HTTPS");
    CHECK_INT(fires(r, "name-taken"), PR_SEV_REJECT);
    CHECK(related_has("name-taken", "https"));
    set(r, PR_REQ_SERVICE_NAME, "mdbs_daemon");
    CHECK_INT(fires(r, "name-taken"), PR_SEV_REJECT);
    set(r, PR_REQ_SERVICE_NAME, "acme-https");
    CHECK_INT(fires(r, "name-taken"), -1);

    /* name-similar: one edit apart, or equal without hyphens and digits */
    set(r, PR_REQ_SERVICE_NAME, "ws-discovry");
    CHECK_INT(fires(r, "name-similar"), PR_SEV_INFO);
    CHECK(related_has("name-similar", "ws-discovery"));
    set(r, PR_REQ_SERVICE_NAME, "x-11");
    CHECK_INT(fires(r, "name-similar"), PR_SEV_INFO);
    CHECK(related_has("name-similar", "x11"));
    set(r, PR_REQ_SERVICE_NAME, "acme-sync");
    CHECK_INT(fires(r, "name-similar"), -1);

    /* port-dynamic */
    CHECK_INT(fires(with_port("50000"), "port-dynamic"), PR_SEV_REJECT);
    CHECK_INT(fires(with_port("49150"), "port-dynamic"), -1);

    /* port-reserved: 1024 is Reserved; 143/udp is Reserved but tcp is asked */
    CHECK_INT(fires(with_port("1024"), "port-reserved"), PR_SEV_REJECT);
    r = with_port("143");
    CHECK_INT(fires(r, "port-reserved"), -1);
    set(r, PR_REQ_TRANSPORT, "udp");
    CHECK_INT(fires(r, "port-reserved"), PR_SEV_REJECT);

    /* own-registration: 143/udp is Reserved beside imap 143/tcp (IESG's);
     * the IESG asking for it (by org name, address or person id) amends its
     * own registration: no reject, an info finding naming the records */
    static const char *const iesg[] = {"IESG <iesg@ietf.org>", "IESG",
                                       "The IESG <someone@example.org>",
                                       "Internet Engineering Steering Group <iesg@ietf.org>"};
    for (size_t i = 0; i < sizeof iesg / sizeof *iesg; i++) {
        r = with_port("143");
        set(r, PR_REQ_SERVICE_NAME, "imap");
        set(r, PR_REQ_TRANSPORT, "udp");
        set(r, PR_REQ_ASSIGNEE, iesg[i]);
        CHECK_INT(fires(r, "own-registration"), PR_SEV_INFO);
        CHECK_INT(fires(r, "port-reserved"), -1);
        CHECK_INT(fires(r, "name-taken"), -1);
        CHECK(related_has("own-registration", "imap"));
        const struct pr_finding *x = finding("own-registration");
        CHECK_INT(x->n_records, 2);
        CHECK_STR(x->records[0].relation, "own");
        CHECK_STR(x->reference, "RFC 6335 §8.6");
        CHECK(strstr(x->suggestion, "confirm with the registered contact, IETF Chair") != NULL);
    }
    /* the same from someone else: rejects naming the holder */
    set(r, PR_REQ_ASSIGNEE, "Jane Doe <jane@example.org>");
    CHECK_INT(fires(r, "own-registration"), -1);
    CHECK_INT(fires(r, "port-reserved"), PR_SEV_REJECT);
    CHECK(strstr(finding("port-reserved")->message, "IESG") != NULL);
    CHECK_STR(finding("port-reserved")->records[0].assignee, "IESG");
    CHECK_INT(fires(r, "name-taken"), PR_SEV_REJECT);
    /* the holder as the request's contact: likely their own, a warning */
    set(r, PR_REQ_CONTACT, "IETF Chair <chair@ietf.org>");
    set(r, PR_REQ_ASSIGNEE, "Acme <ops@acme.example>");
    CHECK_INT(fires(r, "port-reserved"), PR_SEV_REJECT); /* the contact is not the IESG */
    set(r, PR_REQ_CONTACT, "IESG <iesg@ietf.org>");
    CHECK_INT(fires(r, "port-reserved"), PR_SEV_WARN);
    CHECK_STR(finding("port-reserved")->records[0].relation, "likely-own");

    /* name-taken: pop3s is the IESG's on tcp, Gordon Mangione's on udp; the
     * IESG asking with him as the contact: own and likely-own, a warning */
    r = base();
    set(r, PR_REQ_SERVICE_NAME, "pop3s");
    set(r, PR_REQ_ASSIGNEE, "IESG <iesg@ietf.org>");
    set(r, PR_REQ_CONTACT, "Gordon Mangione <gordm@microsoft.com>");
    CHECK_INT(fires(r, "name-taken"), PR_SEV_WARN);
    set(r, PR_REQ_CONTACT, "Jane Doe <jane@example.org>"); /* own and someone else's */
    CHECK_INT(fires(r, "name-taken"), PR_SEV_REJECT);

    /* port-taken: related = the holder; the other transport is free */
    r = with_port("5091");
    set(r, PR_REQ_TRANSPORT, "sctp");
    CHECK_INT(fires(r, "port-taken"), PR_SEV_REJECT);
    CHECK(related_has("port-taken", "cxtp"));
    set(r, PR_REQ_TRANSPORT, "tcp");
    CHECK_INT(fires(r, "port-taken"), -1);
    CHECK_INT(fires(with_port("6010"), "port-taken"), PR_SEV_REJECT); /* inside x11's range */
    CHECK(related_has("port-taken", "x11"));
    /* it names the holder and the paths: transfer with consent, free ports */
    r = with_port("5353");
    CHECK_INT(fires(r, "port-taken"), PR_SEV_REJECT);
    CHECK(strstr(finding("port-taken")->message, "assignee IESG") != NULL);
    CHECK(strstr(finding("port-taken")->suggestion, "consent (RFC 6335 §8.5)") != NULL);
    CHECK(strstr(finding("port-taken")->suggestion, "free port near it: 5352") != NULL);
    CHECK_STR(finding("port-taken")->records[0].service, "mdns");
    CHECK_STR(finding("port-taken")->records[0].relation, "other");
    /* §8.1 (the port is assigned) first, §8.5 (a transfer) second */
    CHECK_STR(finding("port-taken")->links[0], "https://www.rfc-editor.org/rfc/rfc6335#section-8.1");
    CHECK_STR(finding("port-taken")->links[1], "https://www.rfc-editor.org/rfc/rfc6335#section-8.5");
    CHECK(strstr(finding("port-taken")->suggestion, "only if the request is for that same service") != NULL);
    /* the holder's own port under another name: a modification, no reject */
    set(r, PR_REQ_ASSIGNEE, "IESG <iesg@ietf.org>");
    CHECK_INT(fires(r, "port-taken"), -1);
    CHECK_INT(fires(r, "own-registration"), PR_SEV_INFO);

    /* port-system: reject without an IETF path; an RFC in any spelling
     * IANA uses, an IETF draft (draft-ietf-, IANA's RFC-ietf-) or the IESG
     * as assignee is the IETF path (info, never a reject); the words
     * "IETF Review" alone are a claim to confirm (warn) */
    r = with_port("790");
    CHECK_INT(fires(r, "port-system"), PR_SEV_REJECT);
    static const char *const rfcs[] = {"RFC 9999 (IETF Review)", "RFC9999", "rfc-9999",
                                       "[RFC9999]", "see RFC 9999, section 3"};
    for (size_t i = 0; i < sizeof rfcs / sizeof *rfcs; i++) {
        set(r, PR_REQ_REFERENCE, rfcs[i]);
        CHECK_INT(fires(r, "port-system"), PR_SEV_INFO);
        CHECK(strstr(finding("port-system")->message, "RFC 9999") != NULL);
    }
    set(r, PR_REQ_REFERENCE, "RFC-ietf-tsvwg-foo-05");
    CHECK_INT(fires(r, "port-system"), PR_SEV_INFO);
    CHECK(strstr(finding("port-system")->message, "not an RFC yet") != NULL);
    set(r, PR_REQ_REFERENCE, "draft-ietf-tsvwg-foo-05");
    CHECK_INT(fires(r, "port-system"), PR_SEV_INFO);
    CHECK(strstr(finding("port-system")->message, "must be on record") != NULL);
    set(r, PR_REQ_REFERENCE, "draft-smith-foo-00"); /* not an IETF document */
    CHECK_INT(fires(r, "port-system"), PR_SEV_REJECT);
    set(r, PR_REQ_REFERENCE, "rfcomm 12"); /* not an RFC number */
    CHECK_INT(fires(r, "port-system"), PR_SEV_REJECT);
    set(r, PR_REQ_ASSIGNEE, "IESG <iesg@ietf.org>");
    CHECK_INT(fires(r, "port-system"), PR_SEV_INFO);
    CHECK(strstr(finding("port-system")->message, "approval must be on record") != NULL);
    set(r, PR_REQ_ASSIGNEE, "Jane Doe <jane@example.org>");
    set(r, PR_REQ_JUSTIFICATION, "IESG Approval is pending");
    CHECK_INT(fires(r, "port-system"), PR_SEV_WARN);
    CHECK_INT(fires(with_port("1500"), "port-system"), -1);

    /* multiple-ports */
    CHECK_INT(fires(with_port("5088-5089"), "multiple-ports"), PR_SEV_WARN);
    CHECK_INT(fires(with_port("5088, 1500"), "multiple-ports"), PR_SEV_WARN);
    CHECK_INT(fires(with_port("5088"), "multiple-ports"), -1);

    /* secure-variant: derived names confirmed by the text; a warning */
    r = with_port("any");
    set(r, PR_REQ_SERVICE_NAME, "ldap-tls");
    set(r, PR_REQ_DESCRIPTION, "LDAP over TLS");
    CHECK_INT(fires(r, "secure-variant"), PR_SEV_WARN);
    CHECK(related_has("secure-variant", "ldap"));
    set(r, PR_REQ_SERVICE_NAME, "secure-snmp");
    set(r, PR_REQ_DESCRIPTION, "Secure SNMP");
    CHECK_INT(fires(r, "secure-variant"), PR_SEV_WARN);
    CHECK(related_has("secure-variant", "snmp"));
    set(r, PR_REQ_SERVICE_NAME, "acme-relay");
    set(r, PR_REQ_DESCRIPTION, "Acme relay, encrypted");
    set(r, PR_REQ_RELATED_SERVICE, "sip");
    CHECK_INT(fires(r, "secure-variant"), PR_SEV_WARN);
    CHECK(related_has("secure-variant", "sip"));
    /* mail: the message points at RFC 8314 */
    set(r, PR_REQ_SERVICE_NAME, "imap-tls");
    set(r, PR_REQ_DESCRIPTION, "IMAP over TLS");
    set(r, PR_REQ_RELATED_SERVICE, "");
    CHECK_INT(fires(r, "secure-variant"), PR_SEV_WARN);
    CHECK(strstr(finding("secure-variant")->reference, "RFC 8314 §3") != NULL);
    /* an existing secure variant of the base is named, with its port */
    set(r, PR_REQ_SERVICE_NAME, "ldap-tls");
    set(r, PR_REQ_DESCRIPTION, "LDAP over TLS");
    CHECK_INT(fires(r, "secure-variant"), PR_SEV_WARN);
    CHECK(strstr(finding("secure-variant")->message, "'ldaps' (port 636) already runs it") !=
          NULL);
    CHECK(strstr(finding("secure-variant")->suggestion, "use it, or upgrade in band on 'ldap'") !=
          NULL);
    CHECK(related_has("secure-variant", "ldaps"));
    /* a base clients find through DNS (SIP by SRV): the third way */
    set(r, PR_REQ_SERVICE_NAME, "sip-tls");
    set(r, PR_REQ_DESCRIPTION, "SIP over TLS");
    CHECK_INT(fires(r, "secure-variant"), PR_SEV_WARN);
    CHECK(strstr(finding("secure-variant")->suggestion, "DANE TLSA (RFC 6698)") != NULL);
    CHECK(strstr(finding("secure-variant")->reference, "RFC 6698") != NULL);
    CHECK(related_has("secure-variant", "sips"));
    /* by meaning: the description is the base's with TLS added */
    set(r, PR_REQ_SERVICE_NAME, "acme-dir");
    set(r, PR_REQ_DESCRIPTION, "Secure Lightweight Directory Access Protocol");
    CHECK_INT(fires(r, "secure-variant"), PR_SEV_WARN);
    CHECK(related_has("secure-variant", "ldap"));
    /* a swapped transport word and an infix */
    set(r, PR_REQ_SERVICE_NAME, "snmptls-trap");
    set(r, PR_REQ_DESCRIPTION, "SNMP-Trap-TLS");
    CHECK_INT(fires(r, "secure-variant"), PR_SEV_WARN);
    CHECK_STR(finding("secure-variant")->related[0], "snmptrap");
    /* "non-secure" says the opposite */
    set(r, PR_REQ_SERVICE_NAME, "ldap-plain");
    set(r, PR_REQ_DESCRIPTION, "LDAP, non-secure");
    CHECK_INT(fires(r, "secure-variant"), -1);
    /* near misses: no security language; a bare "s" with only a Security
     * answer (every service has one); a base without a port */
    set(r, PR_REQ_SERVICE_NAME, "ldap-tls");
    set(r, PR_REQ_DESCRIPTION, "LDAP tunnel");
    set(r, PR_REQ_SECURITY, "none");
    CHECK_INT(fires(r, "secure-variant"), -1);
    set(r, PR_REQ_SERVICE_NAME, "echos");
    set(r, PR_REQ_DESCRIPTION, "Echo service family");
    set(r, PR_REQ_SECURITY, "TLS 1.3");
    CHECK_INT(fires(r, "secure-variant"), -1);
    set(r, PR_REQ_SERVICE_NAME, "arps");
    set(r, PR_REQ_DESCRIPTION, "ARP over TLS");
    CHECK_INT(fires(r, "secure-variant"), -1);

    /* insecure-variant: a plain copy of radsec ("rad" + "sec") */
    r = with_port("any");
    set(r, PR_REQ_SERVICE_NAME, "rad");
    set(r, PR_REQ_DESCRIPTION, "Radius for legacy clients");
    CHECK_INT(fires(r, "insecure-variant"), PR_SEV_WARN);
    CHECK(related_has("insecure-variant", "radsec"));
    set(r, PR_REQ_SERVICE_NAME, "acme");
    CHECK_INT(fires(r, "insecure-variant"), -1);

    /* discovery-port: Discovery: yes; words + multicast; never for Port: none */
    r = with_port("any");
    set(r, PR_REQ_DISCOVERY, "yes");
    CHECK_INT(fires(r, "discovery-port"), PR_SEV_WARN);
    r = with_port("any");
    set(r, PR_REQ_DESCRIPTION, "Acme device discovery");
    set(r, PR_REQ_MULTICAST, "multicast group 239.255.0.1");
    CHECK_INT(fires(r, "discovery-port"), PR_SEV_WARN);
    set(r, PR_REQ_MULTICAST, "no");
    CHECK_INT(fires(r, "discovery-port"), -1); /* discovery words, no group */
    set(r, PR_REQ_DISCOVERY, "yes");
    set(r, PR_REQ_PORT, "none");
    CHECK_INT(fires(r, "discovery-port"), -1);

    /* ipv4-broadcast: UDP only, also with multicast mentioned; never for
     * TCP, Port: none, a negation or the media sense */
    r = with_port("any");
    set(r, PR_REQ_TRANSPORT, "udp");
    set(r, PR_REQ_MULTICAST, "IPv4 broadcast");
    CHECK_INT(fires(r, "ipv4-broadcast"), PR_SEV_WARN);
    set(r, PR_REQ_MULTICAST, "yes: IPv6 multicast, IPv4 broadcast to 255.255.255.255");
    CHECK_INT(fires(r, "ipv4-broadcast"), PR_SEV_WARN);
    set(r, PR_REQ_MULTICAST, "multicast, no broadcast");
    CHECK_INT(fires(r, "ipv4-broadcast"), -1);
    set(r, PR_REQ_MULTICAST, "the server does not broadcast");
    CHECK_INT(fires(r, "ipv4-broadcast"), -1);
    set(r, PR_REQ_MULTICAST, "no");
    set(r, PR_REQ_DESCRIPTION, "Acme agents broadcast their state on the LAN");
    CHECK_INT(fires(r, "ipv4-broadcast"), -1); /* "Multicast: no" answers */
    set(r, PR_REQ_MULTICAST, "");
    CHECK_INT(fires(r, "ipv4-broadcast"), PR_SEV_WARN);
    set(r, PR_REQ_DESCRIPTION, "Acme live video broadcast server");
    CHECK_INT(fires(r, "ipv4-broadcast"), -1); /* the media sense */
    set(r, PR_REQ_DESCRIPTION, "Broadcast TV listings");
    CHECK_INT(fires(r, "ipv4-broadcast"), -1);
    set(r, PR_REQ_MULTICAST, "IPv4 broadcast");
    set(r, PR_REQ_TRANSPORT, "tcp");
    CHECK_INT(fires(r, "ipv4-broadcast"), -1); /* TCP cannot broadcast */
    set(r, PR_REQ_TRANSPORT, "udp");
    set(r, PR_REQ_PORT, "none");
    CHECK_INT(fires(r, "ipv4-broadcast"), -1); /* no port asked */

    /* version-variant */
    r = with_port("any");
    set(r, PR_REQ_SERVICE_NAME, "snmp-v4");
    CHECK_INT(fires(r, "version-variant"), PR_SEV_WARN);
    CHECK(related_has("version-variant", "snmp"));
    set(r, PR_REQ_SERVICE_NAME, "acme-relay");
    set(r, PR_REQ_RELATED_SERVICE, "sip");
    set(r, PR_REQ_VERSIONING, "this is the next version of SIP");
    CHECK_INT(fires(r, "version-variant"), PR_SEV_WARN);
    set(r, PR_REQ_VERSIONING, "version field in every message");
    CHECK_INT(fires(r, "version-variant"), -1);
    set(r, PR_REQ_SERVICE_NAME, "acme2");
    CHECK_INT(fires(r, "version-variant"), -1); /* no "acme" in the sample */

    /* transport-unjustified */
    r = with_port("any");
    set(r, PR_REQ_TRANSPORT, "udp");
    CHECK_INT(fires(r, "transport-unjustified"), PR_SEV_WARN);
    set(r, PR_REQ_CONGESTION, "one datagram per RTT");
    CHECK_INT(fires(r, "transport-unjustified"), -1);
    set(r, PR_REQ_TRANSPORT, "tcp sctp");
    CHECK_INT(fires(r, "transport-unjustified"), PR_SEV_WARN);
    set(r, PR_REQ_JUSTIFICATION, "tcp for clients, sctp for multihomed servers");
    CHECK_INT(fires(r, "transport-unjustified"), -1);

    /* dccp-service-code */
    r = with_port("any");
    set(r, PR_REQ_TRANSPORT, "dccp");
    CHECK_INT(fires(r, "dccp-service-code"), PR_SEV_WARN);
    set(r, PR_REQ_SERVICE_CODE, "");
    CHECK_INT(fires(r, "dccp-service-code"), PR_SEV_WARN); /* an empty one is none */
    set(r, PR_REQ_SERVICE_CODE, "SC:ACME");
    CHECK_INT(fires(r, "dccp-service-code"), -1);

    /* security-unstated */
    r = with_port("any");
    set(r, PR_REQ_SECURITY, "");
    CHECK_INT(fires(r, "security-unstated"), PR_SEV_INFO);
    CHECK_INT(fires(with_port("any"), "security-unstated"), -1);

    /* the verdicts */
    CHECK_INT(fires(with_port("50000"), "port-dynamic"), PR_SEV_REJECT);
    CHECK_STR(pr_findings_verdict(&found, 0, found.n), "reject");
    r = with_port("any");
    set(r, PR_REQ_DISCOVERY, "yes");
    fires(r, "discovery-port");
    CHECK_STR(pr_findings_verdict(&found, 0, found.n), "concerns");
}

/* run-conflict: requests reviewed together; the later one names the
 * earlier's FILE:LINE; alone, nothing */
/* Every bound the rules and the parser hold, on both sides: names of 15
 * and 16 characters, ports 0, 1, 1023, 1024, 49151, 49152, 65535, 65536,
 * and ranges that end or start on a bound. */
static void test_boundaries(void)
{
    struct pr_request *r = base();
    set(r, PR_REQ_SERVICE_NAME, "abcdefghijklmno"); /* 15 */
    CHECK_INT(fires(r, "name-syntax"), -1);
    set(r, PR_REQ_SERVICE_NAME, "abcdefghijklmnop"); /* 16 */
    CHECK_INT(fires(r, "name-syntax"), PR_SEV_REJECT);
    CHECK(strstr(finding("name-syntax")->message, "longer than 15 characters") != NULL);
    set(r, PR_REQ_SERVICE_NAME, "a"); /* 1 */
    CHECK_INT(fires(r, "name-syntax"), -1);

    static const struct { const char *port; int system, dynamic; } ports[] = {
        {"0", 1, 0}, {"1", 1, 0}, {"1023", 1, 0}, {"1024", 0, 0}, {"1023-1024", 1, 0},
        {"1024-1030", 0, 0}, {"49151", 0, 0}, {"49152", 0, 1}, {"49150-49151", 0, 0},
        {"49151-49152", 0, 1}, {"65535", 0, 1}, {"0-65535", 1, 1},
    };
    for (size_t i = 0; i < sizeof ports / sizeof *ports; i++) {
        r = with_port(ports[i].port);
        int sys = fires(r, "port-system"), dyn = fires(r, "port-dynamic");
        if ((sys >= 0) != ports[i].system || (dyn == PR_SEV_REJECT) != ports[i].dynamic) {
            check_failures++;
            fprintf(stderr, "%s:%d: Port: %s: port-system %d, port-dynamic %d; want %s, %s\n",
                    __FILE__, __LINE__, ports[i].port, sys, dyn,
                    ports[i].system ? "fires" : "quiet", ports[i].dynamic ? "rejects" : "quiet");
        }
        check_count++;
    }

    /* The parser: 65535 is a port, 65536 and -1 are not. */
    static const struct { const char *port; int ok; } parse[] = {
        {"0", 1}, {"65535", 1}, {"65536", 0}, {"-1", 0}, {"65535-65536", 0}, {"0-65535", 1},
        {"1024-1023", 0},
    };
    for (size_t i = 0; i < sizeof parse / sizeof *parse; i++) {
        char text[128];
        struct pr_request_list l = {0};
        pr_error err = {0};
        int n = snprintf(text, sizeof text, "Service-Name: edge\nTransport: tcp\nPort: %s\n",
                         parse[i].port);
        int rc = pr_request_parse_buf("edge.req", text, (size_t)n, &l, NULL, NULL, &err);
        if ((rc == 0) != parse[i].ok || (!parse[i].ok && (err.line != 3 ||
                                                           !strstr(err.msg, "invalid port")))) {
            check_failures++;
            fprintf(stderr, "%s:%d: Port: %s: parse rc %d (%s)\n", __FILE__, __LINE__,
                    parse[i].port, rc, err.msg);
        }
        check_count++;
        pr_request_list_release(&l);
    }
}

static void test_run(void)
{
    struct pr_request_list l = {0};
    struct pr_findings f;
    pr_error err = {0};
    const char two[] = "Service-Name: acme-a\nTransport: tcp udp\nPort: 4711\n\n"
                       "Service-Name: acme-b\nTransport: udp\nPort: 4711-4712\n\n"
                       "Service-Name: ACME-A\nTransport: sctp\nPort: none\n\n"
                       "Service-Name: acme-c\nTransport: tcp\nPort: 4712\n";
    pr_findings_init(&f);
    CHECK_INT(pr_request_parse_buf("run.req", two, sizeof two - 1, &l, NULL, NULL, &err), 0);
    for (size_t i = 0; i < l.n; i++) {
        size_t from = f.n;
        CHECK_INT(pr_review_run(store, l.items, i, &f, &err), 0);
        const struct pr_finding *x = NULL;
        for (size_t k = from; k < f.n; k++)
            if (!strcmp(f.items[k].rule, "run-conflict"))
                x = &f.items[k];
        if (i == 0 || i == 3) {
            CHECK(x == NULL); /* acme-c's 4712/tcp: acme-b has 4712 on udp only */
            continue;
        }
        CHECK(x != NULL);
        if (!x)
            continue;
        CHECK_INT(x->severity, PR_SEV_WARN);
        CHECK(strstr(x->message, "run.req:1 ('acme-a'") != NULL);
        CHECK_STR(x->related[0], "acme-a");
        CHECK(strstr(x->message, i == 1 ? "port 4711/udp" : "the name 'acme-a'") != NULL);
    }
    pr_findings_release(&f);
    pr_findings_init(&f);
    CHECK_INT(pr_review(store, &l.items[1], &f, &err), 0);
    for (size_t k = 0; k < f.n; k++)
        CHECK(strcmp(f.items[k].rule, "run-conflict"));
    pr_findings_release(&f);
    pr_request_list_release(&l);
}

/* Is there an audit finding of rule for service (and related)? */
static int audited(const struct pr_findings *f, const char *rule, const char *svc,
                   const char *related)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->items[i].rule, rule) && !strcmp(f->items[i].service, svc))
            return !related || (f->items[i].n_related && !strcmp(f->items[i].related[0], related));
    return 0;
}

static void test_audit_sample(void)
{
    struct pr_findings f;
    pr_error err = {0};
    pr_findings_init(&f);
    CHECK_INT(pr_audit(store, NULL, &f, &err), 0);
    static const char *const pairs[][2] = {{"https", "http"}, {"imaps", "imap"},
                                           {"ldaps", "ldap"}, {"pop3s", "pop3"},
                                           {"sips", "sip"}, {"submissions", "submission"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        CHECK(audited(&f, "secure-variant", pairs[i][0], pairs[i][1]));
    static const char *const lookalikes[] = {"nss", "sslp", "http", "snmptrap", "radsec"};
    for (size_t i = 0; i < sizeof lookalikes / sizeof *lookalikes; i++)
        CHECK(!audited(&f, "secure-variant", lookalikes[i], NULL));
    static const char *const disc[] = {"ssdp", "svrloc", "ws-discovery", "mdns", "llmnr",
                                       "nusdp-disc"};
    for (size_t i = 0; i < sizeof disc / sizeof *disc; i++)
        CHECK(audited(&f, "discovery-port", disc[i], NULL));
    CHECK(!audited(&f, "discovery-port", "discard", NULL));
    CHECK(!audited(&f, "discovery-port", "nusrp", NULL));
    CHECK(!audited(&f, "name-syntax", "mdbs_daemon", NULL)); /* historic alias */
    CHECK(audited(&f, "missing-field", "snmp", NULL));
    CHECK(!audited(&f, "missing-field", "echo", NULL));
    CHECK(!audited(&f, "missing-field", "imap", NULL));
    pr_findings_release(&f);

    pr_findings_init(&f);
    CHECK_INT(pr_audit(store, "port-taken", &f, &err), PR_EINVAL);
    CHECK_INT(pr_audit(store, "no-such-rule", &f, &err), PR_ENOTFOUND);
    CHECK_INT(pr_audit(store, "discovery-port", &f, &err), 0);
    for (size_t i = 0; i < f.n; i++)
        CHECK_STR(f.items[i].rule, "discovery-port");
    pr_findings_release(&f);
}

/* Review and audit judge a request and the record it becomes the same
 * way: every service of the registry, made a request (name, transports,
 * its first port, its descriptions and notes), gets discovery-port from the review
 * exactly when the audit (f) flags it. */
static void same_judgement(pr_store *s, const struct pr_findings *f)
{
    struct pr_svc_list all = {0};
    pr_error err = {0};
    const struct pr_rule *rule = pr_rule_find("discovery-port");
    size_t differ = 0, compared = 0;
    CHECK_INT(pr_svc_load(s, NULL, &all, &err), 0);
    for (size_t i = 0; i < all.n; i++) {
        const struct pr_svc *v = &all.items[i];
        char tp[32] = "", port[32];
        if (!v->has_port || v->historic || pr_name_syntax_problem(v->name))
            continue;
        for (int t = 0; t < 4; t++)
            if (v->transports & (1u << t))
                snprintf(tp + strlen(tp), sizeof tp - strlen(tp), "%s%s", *tp ? " " : "",
                         pr_tp_names[t]);
        snprintf(port, sizeof port, "%.*s", (int)strcspn(v->numbers, ", -"), v->numbers);
        struct pr_request req;
        struct pr_findings out;
        pr_request_init(&req);
        pr_findings_init(&out);
        if (pr_request_set(&req, PR_REQ_SERVICE_NAME, v->name, &err) ||
            pr_request_set(&req, PR_REQ_TRANSPORT, tp, &err) ||
            pr_request_set(&req, PR_REQ_PORT, port, &err) ||
            (v->desc && pr_request_set(&req, PR_REQ_DESCRIPTION, v->desc, &err)) ||
            (v->notes && pr_request_set(&req, PR_REQ_NOTES, v->notes, &err))) {
            fprintf(stderr, "%s: %s\n", v->name, err.msg);
            differ++;
        } else {
            struct pr_rule_ctx c = {.store = s, .rule = rule, .out = &out, .err = &err};
            CHECK_INT(rule->check(&c, &req), 0);
            int reviewed = out.n > 0, audit = audited(f, "discovery-port", v->name, NULL);
            if (reviewed != audit) {
                fprintf(stderr, "discovery-port: review %d, audit %d for %s\n", reviewed, audit,
                        v->name);
                differ++;
            }
            compared++;
        }
        pr_request_release(&req);
        pr_findings_release(&out);
    }
    CHECK(compared > 5000);
    CHECK_INT(differ, 0);
    pr_svc_list_release(&all);
}

static void test_audit_real(void)
{
    char buf[1024];
    const char *xml = check_shared("iana/service-names-port-numbers-2024-03-18.xml", buf,
                                   sizeof buf);
    if (!xml)
        return;
    char *path = check_tmpdb();
    pr_store *real = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    struct pr_findings f;
    pr_findings_init(&f);
    CHECK_INT(pr_store_open(&real, path, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_import_file(real, xml, NULL, 0, &res, &err), 0);
    CHECK_INT(pr_audit(real, "secure-variant", &f, &err), 0);
    static const char *const pairs[][2] = {
        {"https", "http"}, {"imaps", "imap"}, {"ldaps", "ldap"}, {"sips", "sip"},
        {"pop3s", "pop3"}, {"nntps", "nntp"}, {"telnets", "telnet"}, {"ftps", "ftp"},
        {"submissions", "submission"}, {"coaps", "coap"}, {"radsec", "radius"},
        /* beyond affixes (issue 11): infix, swapped transport word, meaning */
        {"ftps-data", "ftp-data"}, {"hncp-dtls-port", "hncp-udp-port"},
        {"opcua-tls", "opcua-tcp"}, {"xnm-ssl", "xnm-clear-text"},
        {"snmptls-trap", "snmptrap"}, {"https-wmap", "http-wmap"},
        {"ice-slocation", "ice-location"}, {"secure-ts", "pkix-timestamp"},
        {"domain-s", "domain"}, {"foresyte-sec", "foresyte-clear"},
        {"wap-pushsecure", "wap-push"}, {"h323hostcallsc", "h323hostcall"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        CHECK(audited(&f, "secure-variant", pairs[i][0], pairs[i][1]));
    static const char *const lookalikes[] = {"nss", "sslp", "sftp", "smtp", "ssh", "snpp",
                                             "sds", "idps", "afs", "pdps", "amcs",
                                             "oms-nonsecure", "netconf-ch-tls", "abr-secure"};
    for (size_t i = 0; i < sizeof lookalikes / sizeof *lookalikes; i++)
        CHECK(!audited(&f, "secure-variant", lookalikes[i], NULL));
    pr_findings_release(&f);
    pr_findings_init(&f);
    CHECK_INT(pr_audit(real, "discovery-port", &f, &err), 0);
    static const char *const disc[] = {"ssdp", "svrloc", "ws-discovery", "mdns", "llmnr",
                                       "hp-device-disc", "jini-discovery"};
    for (size_t i = 0; i < sizeof disc / sizeof *disc; i++)
        CHECK(audited(&f, "discovery-port", disc[i], NULL));
    CHECK(!audited(&f, "discovery-port", "discard", NULL));
    CHECK(!audited(&f, "discovery-port", "disclose", NULL));
    /* the lookalikes of issue 11: NAT behaviour discovery (STUN), legal
     * e-discovery, a protocol found through DNS-SD, network selection
     * (ANDSF); ports doing more than discovery */
    static const char *const looks[] = {"stun-behavior", "stun-behaviors", "aruba-server",
                                        "drm-production", "z-wave", "presence", "weandsf",
                                        "matter", "avdecc", "myq-termlink", "nacnl"};
    for (size_t i = 0; i < sizeof looks / sizeof *looks; i++)
        CHECK(!audited(&f, "discovery-port", looks[i], NULL));
    same_judgement(real, &f);
    pr_findings_release(&f);
    pr_store_free(real);
    check_rmdb(path);
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
    test_parser();
    test_parser_problems();
    test_unknown_field_warns();
    test_rules();
    test_boundaries();
    test_run();
    test_audit_sample();
    test_audit_real();
    pr_findings_release(&found);
    pr_request_list_release(&list);
    pr_store_free(store);
    check_rmdb(path);
    return check_status();
}
