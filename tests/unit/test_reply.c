/* test_reply.c - the reply letter (reply.h) paragraph by paragraph: each
 * rule's writer on the request that makes it speak, the variants a port
 * expert meets (the registration likely the requester's, several secure
 * variants, a discovery protocol's own name, a multicast group, several
 * transports, a name fixed for them), the closings (a refusal with and
 * without the name alone, a rejection recorded without findings, an
 * approval with what it assigned, a System Port still to be approved,
 * DNS-SD service types), on the sample registry.  The e2e goldens
 * (tests/e2e/reply_letters.sh) hold one letter per rule; this holds the
 * branches they do not reach, in milliseconds.  PR_TEST_SHOW=1 prints
 * every letter. */
#include "check.h"
#include "edit.h"
#include "importers.h"
#include "reply_int.h"
#include "review_log.h"

static pr_store *store;

/* Every request gives these unless it says otherwise. */
static const char head[] = "Description: Acme file synchronisation\n"
                           "Assignee: Jane Doe <jane@example.org>\n"
                           "Contact: Jane Doe <jane@example.org>\n"
                           "Reference: https://example.org/spec\n"
                           "Security: TLS 1.3\n"
                           "Justification: clients behind firewalls need a fixed port\n";

static struct pr_request_list list;
static struct pr_findings found;

/* The letter's lines joined by single spaces (words wrapped apart meet
 * again); every line is checked to fit PR_REPLY_WIDTH columns. */
static char flat[16384];

static void flatten(const char *letter, int line)
{
    size_t o = 0, col = 0;
    int space = 0, one_word = 1; /* a word longer than a line stands alone */
    for (const char *p = letter; *p && o + 2 < sizeof flat; p++) {
        if (*p == '\n') {
            if (col > PR_REPLY_WIDTH && !one_word) {
                check_failures++;
                fprintf(stderr, "%s:%d: a line of %zu columns\n", __FILE__, line, col);
            }
            col = 0;
            space = 1;
            one_word = 1;
            continue;
        }
        col += ((unsigned char)*p & 0xC0) != 0x80;
        if (*p == ' ') {
            one_word &= col == 0;
            space = 1;
            continue;
        }
        if (space && o)
            flat[o++] = ' ';
        space = 0;
        flat[o++] = *p;
    }
    flat[o] = 0;
}

/* Parse text (fields, without head unless with_head), review its requests
 * together, and write the letter of the last one with decision d. */
static const char *letter_at(int line, const char *text, int with_head,
                             const struct pr_review_decision *d)
{
    char buf[4096];
    pr_error err = {0};
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s", text);
    /* head's fields that text does not give */
    for (const char *h = with_head ? head : ""; *h;) {
        size_t len = strcspn(h, "\n") + 1, name = strcspn(h, ":") + 1;
        char key[64];
        snprintf(key, sizeof key, "\n%.*s", (int)name, h);
        if (strncmp(text, key + 1, name) && !strstr(text, key) && n + len < sizeof buf)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%.*s", (int)len, h);
        h += len;
    }
    pr_request_list_release(&list);
    pr_findings_release(&found);
    flat[0] = 0;
    if (pr_request_parse_buf("r.req", buf, n, &list, NULL, NULL, &err) || !list.n) {
        fprintf(stderr, "%s:%d: request: %s\n", __FILE__, line, err.msg);
        check_failures++;
        return flat;
    }
    size_t from = 0;
    for (size_t i = 0; i < list.n; i++) {
        from = found.n;
        if (pr_review_run(store, list.items, i, &found, &err)) {
            fprintf(stderr, "%s:%d: review: %s\n", __FILE__, line, err.msg);
            check_failures++;
            return flat;
        }
    }
    char *l = pr_reply_letter(store, &list.items[list.n - 1], &found, from, found.n, d);
    if (!l) {
        fprintf(stderr, "%s:%d: no letter\n", __FILE__, line);
        check_failures++;
        return flat;
    }
    if (getenv("PR_TEST_SHOW"))
        fprintf(stderr, "---- %s:%d\n%s", __FILE__, line, l);
    flatten(l, line);
    free(l);
    return flat;
}
#define LETTER(text) letter_at(__LINE__, (text), 1, NULL)
#define LETTER_BARE(text) letter_at(__LINE__, (text), 0, NULL)

/* SAYS(letter, phrase): the letter holds the phrase (its words joined by
 * single spaces); NEVER: it does not. */
#define SAYS(l, s) said(__LINE__, (l), (s), 1)
#define NEVER(l, s) said(__LINE__, (l), (s), 0)
static void said(int line, const char *l, const char *s, int want)
{
    check_count++;
    if ((strstr(l, s) != NULL) != want) {
        check_failures++;
        fprintf(stderr, "%s:%d: the letter %s \"%s\"\n", __FILE__, line,
                want ? "does not say" : "says", s);
    }
}

/* The opening and the closings. */
static void test_opening_closing(void)
{
    const char *l;
    /* no name, no Contact name (an address alone), a System Port of IANA's
     * choice on three transports: everything missing is asked for at once,
     * with the questions; answers in the plural */
    l = LETTER_BARE("Transport: tcp udp sctp\nPort: system\nContact: jane@example.org\n");
    SAYS(l, "Dear applicant,");
    SAYS(l, "Thank you for your request for a service name and one of the System Ports "
            "(0 to 1023) for TCP, UDP and SCTP, the number to be chosen by IANA.");
    SAYS(l, "Your request does not tell us the service name you are asking for; a short "
            "description of the service; who the assignment is for (the assignee); or why "
            "your service needs an assigned port");
    NEVER(l, "whom we can contact");
    SAYS(l, "You asked for one of the System Ports (0 to 1023; RFC 6335, Section 6).");
    NEVER(l, "ports ,");
    SAYS(l, "why the service needs all of TCP, UDP and SCTP.");
    SAYS(l, "with the information asked for above and your answers, or with a revised "
            "request, and we will review your request again.");
    NEVER(l, "name alone");

    /* a name without Transport: no " for ..." and DNS-SD over TCP */
    l = LETTER("Service-Name: acme-sync\nPort: none\nNotes: announced with Bonjour\n");
    SAYS(l, "for the service name \"acme-sync\", without a port number.");
    SAYS(l, "under the service type \"_acme-sync._tcp\" (RFC 6763, Section 7).");
    /* the TXT keys alone say DNS-SD; UDP */
    l = LETTER("Service-Name: acme-sync\nTransport: udp\nPort: none\nDefined-TXT-Keys: path\n");
    SAYS(l, "under the service type \"_acme-sync._udp\" (RFC 6763");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp udp\nPort: none\n"
               "Description: Acme sync, found through mDNS\n");
    SAYS(l, "\"_acme-sync._udp\" (\"_acme-sync._tcp\" over TCP)");
    /* not found through DNS-SD: no service type */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n");
    NEVER(l, "service type");
    SAYS(l, "Once the registration is made, please keep it current");

    /* a User Port of IANA's choice, approved */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: any\n");
    SAYS(l, "and a User Port (1024 to 49151) for TCP, the number to be chosen by IANA.");
    SAYS(l, "register the service name \"acme-sync\" with a User Port (1024 to 49151) for "
            "TCP, the number to be chosen by IANA. IANA will confirm to you when the "
            "registration is made, with the port number it chose.");

    /* a System Port on an IETF draft: approved, the assignment waits */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 790\n"
               "Reference: draft-ietf-tsvwg-acme-01\n");
    SAYS(l, "We approve your request. As it asks for one of the System Ports, IANA makes the "
            "assignment once your document has been approved, through IETF Review or by the "
            "Internet Engineering Steering Group (IESG), as RFC 6335, Section 8.1.2 requires. "
            "It will then register the service name \"acme-sync\" with port 790 for TCP, and "
            "confirm to you when the registration is made.");
    /* "IESG Approval" claimed, no document: a question, one answer */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 790\n"
               "Justification: IESG Approval is pending\n");
    SAYS(l, "Your request says the port has one of these, but names no IETF document");
    SAYS(l, "Please reply to this message with your answer, or with a revised request, and "
            "we will then continue the review of your request.");

    /* the name alone is offered on a refusal, unless another request of
     * the run wants the name */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 50000\n");
    SAYS(l, "The service name \"acme-sync\" itself is available, though");
    SAYS(l, "(or just tell us that the name alone will do)");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n\n"
               "Service-Name: acme-sync\nTransport: tcp\nPort: 50000\n");
    SAYS(l, "Another request we are reviewing at the same time asks for the same service "
            "name, \"acme-sync\". A service name goes to one service only, so only one of the "
            "two requests can have it (RFC 6335, Section 5). If you can use another name, "
            "please ask for it.");
    NEVER(l, "itself is available");
    NEVER(l, "name alone");
    /* the same port in one run */
    l = LETTER("Service-Name: acme-a\nTransport: tcp\nPort: 5001\n\n"
               "Service-Name: acme-b\nTransport: tcp\nPort: 5001\n");
    SAYS(l, "asks for the same port 5001 for TCP. A port number goes to one service per "
            "transport protocol, so only one of the two requests can have it (RFC 6335, "
            "Section 8.1). If you can use another port, please ask for it, or leave the "
            "choice of the number to IANA.");

    /* decisions: a rejection with no finding says its reason; with
     * findings, "for the reasons above"; an approval undone is no
     * decision */
    struct pr_review_decision d = {.decision = "reject"};
    snprintf(d.reason, sizeof d.reason, "the protocol is not yet specified");
    l = letter_at(__LINE__, "Service-Name: acme-sync\nTransport: tcp\nPort: none\n", 1, &d);
    SAYS(l, "We have declined your request: the protocol is not yet specified. Please reply "
            "to this message with a revised request, and we will review it as a new request.");
    l = letter_at(__LINE__, "Service-Name: acme-sync\nTransport: tcp\nPort: 50000\n", 1, &d);
    SAYS(l, "For the reasons above, we have declined your request. The service name");
    NEVER(l, "not yet specified");
    struct pr_review_decision u = {.decision = "approve", .change_id = 3, .undone_by = 4};
    l = letter_at(__LINE__, "Service-Name: acme-sync\nTransport: tcp\nPort: none\n", 1, &u);
    SAYS(l, "We approve your request, and we will ask IANA to register");
    NEVER(l, "has made the assignment");

    /* without a store: no name-alone review, no free ports, services by
     * name only */
    pr_request_list_release(&list);
    pr_findings_release(&found);
    pr_error err = {0};
    static const char t[] = "Service-Name: acme-sync\nTransport: tcp\nPort: 5353\n"
                            "Description: Acme\nAssignee: Jane <j@example.org>\n"
                            "Contact: Jane <j@example.org>\nJustification: firewalls\n";
    CHECK_INT(pr_request_parse_buf("n.req", t, sizeof t - 1, &list, NULL, NULL, &err), 0);
    CHECK_INT(pr_review(store, &list.items[0], &found, &err), 0);
    char *nl = pr_reply_letter(NULL, &list.items[0], &found, 0, found.n, NULL);
    CHECK(nl != NULL);
    if (nl) {
        flatten(nl, __LINE__);
        SAYS(flat, "already assigns it to \"mdns\", whose assignee is the Internet Engineering "
                   "Steering Group (IESG).");
        NEVER(flat, "Unassigned ports near");
        NEVER(flat, "itself is available");
        free(nl);
    }
    /* a request with problems has no letter */
    pr_request_list_release(&list);
    static const char bad[] = "Service-Name: acme\nPort: 70000\n";
    CHECK_INT(pr_request_parse_buf("b.req", bad, sizeof bad - 1, &list, NULL, NULL, &err),
              PR_EPARSE);
    CHECK(list.n == 1 && pr_reply_letter(store, &list.items[0], &found, 0, 0, NULL) == NULL);
}

/* missing-field, name-syntax (with a name fixed for them), name-taken. */
static void test_missing_and_names(void)
{
    const char *l;
    /* two things missing: "A or B"; a name alone needs no transport */
    l = LETTER_BARE("Service-Name: acme-sync\nPort: none\nDescription: Acme\n");
    SAYS(l, "Your request does not tell us who the assignment is for (the assignee) or whom "
            "we can contact about it. Every request must give this information (RFC 6335, "
            "Section 8.1.1). Please send it to us.");
    NEVER(l, "transport protocols the service uses");
    NEVER(l, "why your service needs an assigned port");
    /* one thing missing: no "or" */
    l = LETTER_BARE("Service-Name: acme-sync\nPort: none\nDescription: Acme\n"
                    "Assignee: Jane Doe <jane@example.org>\n");
    SAYS(l, "Dear Jane Doe,");
    SAYS(l, "Your request does not tell us whom we can contact about it.");
    SAYS(l, "with the information asked for above, and we will review");
    /* a port without a transport or a justification */
    l = LETTER_BARE("Service-Name: acme-sync\nPort: 5001\nDescription: Acme\n"
                    "Assignee: Jane Doe <jane@example.org>\nContact: Jane <jane@example.org>\n");
    SAYS(l, "the transport protocols the service uses (TCP, UDP, SCTP or DCCP) or why your "
            "service needs an assigned port");

    /* name-syntax: the example name follows §5.1, or there is none */
    static const struct { const char *name, *why, *fix; } names[] = {
        {"acme_sync.v2", "holds a character other than ASCII letters, digits and hyphens",
         "acme-sync-v2"},
        {"Acme--Sync-", "two hyphens in a row", "acme-sync"},
        {"-acme", "begins or ends with a hyphen", "acme"},
        {"acme\xc3\xa9", "holds a character other than", "acme"},
        {"acme-synchronisation", "longer than 15 characters", "acme-synchronis"},
        {"acme-synchroni-x", "longer than 15 characters", "acme-synchroni"},
        {"1234", "at least one letter", NULL},
        {"--", "hyphen", NULL},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char req[256], want[128];
        snprintf(req, sizeof req, "Service-Name: %s\nTransport: tcp\nPort: 5001\n",
                 names[i].name);
        l = letter_at(__LINE__, req, 1, NULL);
        snprintf(want, sizeof want, "The name \"%s\" cannot be registered as it is: it ",
                 names[i].name);
        SAYS(l, want);
        SAYS(l, names[i].why);
        SAYS(l, "A service name has 1 to 15 characters, only letters, digits and hyphens, at "
                "least one letter, and no hyphen at its start, at its end or next to another "
                "hyphen (RFC 6335, Section 5.1).");
        if (names[i].fix) {
            snprintf(want, sizeof want, "Please choose a name that follows these rules, for "
                                        "example \"%s\".", names[i].fix);
            SAYS(l, want);
        } else {
            SAYS(l, "Please choose a name that follows these rules.");
            NEVER(l, "for example");
        }
    }
    /* a name longer than a line stands on a line of its own */
    l = LETTER("Service-Name: acme-synchronisation-service-for-every-device-of-the-fleet-"
               "and-more\nTransport: tcp\nPort: 5001\n");
    SAYS(l, "for example \"acme-synchronis\"");

    /* name-taken: in another case; the holder looks like the requester
     * (the contact's mail domain): a question, not a refusal */
    l = LETTER("Service-Name: HTTPS\nTransport: tcp\nPort: none\n");
    SAYS(l, "The registry already holds the service name \"https\" (http protocol over "
            "TLS/SSL) with port 443 for TCP, UDP and SCTP, whose assignee is the Internet "
            "Engineering Steering Group (IESG), and also without a port number, whose "
            "assignee is Tim Berners-Lee.");
    SAYS(l, "Service names are compared without regard to case, so \"HTTPS\" is the same "
            "name.");
    SAYS(l, "Please choose another name. If your request is about that same service, its "
            "assignee can ask IANA to change the registration, or to transfer it to you "
            "(RFC 6335, Sections 8.5 and 8.6).");
    l = LETTER("Service-Name: ssdp\nTransport: udp\nPort: none\n"
               "Assignee: Ann Admin <ann@forum.upnp.org>\nContact: Bob <bob@example.org>\n");
    SAYS(l, "Dear Bob,");
    SAYS(l, "The registry already holds the service name \"ssdp\" with port 1900 for TCP and "
            "UDP, whose assignee is UPnP Forum.");
    NEVER(l, "compared without regard to case");
    SAYS(l, "That registration may well be yours, as its contact shares your organisation's "
            "mail domain. If it is, please confirm this, and we will treat your request as a "
            "change to that registration (RFC 6335, Section 8.6).");
    NEVER(l, "Please choose another name");
    SAYS(l, "Please reply to this message with your answer, and we will then continue");
}

/* port-taken, port-reserved, port-system, multiple-ports: what the
 * registry holds on the ports asked for, and what to ask instead. */
static void test_ports(void)
{
    const char *l;
    /* a port held by the requester's organisation: a question */
    l = LETTER("Service-Name: acme-sync\nTransport: udp\nPort: 1900\n"
               "Congestion: one message per second\n"
               "Assignee: Ann Admin <ann@forum.upnp.org>\n");
    SAYS(l, "You asked for port 1900 for UDP, but the registry already assigns it to \"ssdp\", "
            "whose assignee is UPnP Forum. That assignment may well be yours, as its contact "
            "shares your organisation's mail domain. If it is, please confirm this, and we "
            "will treat your request as a change to it (RFC 6335, Section 8.6).");
    NEVER(l, "Please ask for another port");
    /* three services on a span: "A; B; and C", each with its numbers;
     * several ports asked for */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 1900-3702\n");
    SAYS(l, "You asked for ports 1900 to 3702 for TCP, but the registry already assigns it "
            "to \"ssdp\", whose assignee is UPnP Forum; \"radsec\" (Secure Radius "
            "Service) with port 2083 for TCP, whose assignee is the Internet Engineering "
            "Steering Group (IESG); and \"ws-discovery\" (Web Service Discovery) with port "
            "3702 for TCP, whose assignee is Christian Huitema.");
    SAYS(l, "You asked for ports 1900 to 3702 for one service. Port numbers are a scarce "
            "resource, and a service gets one port");
    /* a port inside a range */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 6001\n");
    SAYS(l, "already assigns it to \"x11\" (X Window System) as part of ports 6000 to 6063 "
            "for TCP, whose assignee is Stephen Gildea.");
    SAYS(l, "Please ask for another port, or leave the choice of the number to IANA.");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 6063\n");
    SAYS(l, "\"x11\" (X Window System) as part of ports 6000 to 6063 for TCP,");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 5999-6000\n");
    SAYS(l, "\"x11\" (X Window System) with ports 6000 to 6063 for TCP,");
    /* spans told as a letter says them */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 5088-5089, 5095, 5097-5099\n");
    SAYS(l, "You asked for ports 5088 and 5089, 5095 and 5097 to 5099 for one service.");
    SAYS(l, "Please carry all of the service's functions over one port, or tell us why each "
            "further port is needed.");
    /* a Dynamic Port */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 49152\n");
    SAYS(l, "You asked for port 49152, one of the Dynamic Ports (49152 to 65535). Dynamic "
            "Ports are never assigned");
    /* a System Port on the IETF path that is taken: the free System Ports
     * near it are offered; off the IETF path they are not */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 110\nReference: RFC 9999\n");
    SAYS(l, "You asked for port 110 for TCP, but the registry already assigns it to \"pop3\" "
            "(Post Office Protocol - Version 3), whose assignee is Marshall Rose.");
    SAYS(l, "Unassigned ports near 110, free for every transport protocol, include");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 110\n");
    NEVER(l, "Unassigned ports near");
    SAYS(l, "Your request names no IETF document or IESG approval behind the port.");
    /* a System Port held by the IESG, with IESG approval only claimed: the
     * IESG spelled out once; no free System Ports offered off the IETF path */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 143\n"
               "Justification: IESG Approval is pending\n");
    SAYS(l, "whose assignee is the Internet Engineering Steering Group (IESG).");
    SAYS(l, "document specifies or that the IESG approves");
    NEVER(l, "Unassigned ports near");
    /* any System Port on the IETF path: approved, the number IANA's */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: system\nReference: RFC 9999\n");
    SAYS(l, "register the service name \"acme-sync\" with one of the System Ports (0 to 1023) "
            "for TCP, the number to be chosen by IANA. IANA will confirm to you when the "
            "registration is made, with the port number it chose.");
    /* the free ports near a User Port, nearest first */
    l = LETTER("Service-Name: acme-sync\nTransport: sctp\nPort: 5091\n");
    SAYS(l, "already assigns it to \"cxtp\" (Context Transfer Protocol). A port number");
    SAYS(l, "Unassigned ports near 5091, free for every transport protocol, include 5089, "
            "5090 and 5092.");

    /* Reserved: beside someone else's assignment; beside the requester's
     * (the IESG as contact) */
    l = LETTER("Service-Name: acme-sync\nTransport: udp\nPort: 7202\n"
               "Congestion: one message per second\n");
    SAYS(l, "You asked for port 7202 for UDP, which the registry holds as Reserved. Reserved "
            "port numbers are not available for regular assignment (RFC 6335, Section 6).");
    SAYS(l, "Please ask for another port, or leave the choice of the number to IANA.");
    l = LETTER("Service-Name: acme-sync\nTransport: udp\nPort: 143\nReference: RFC 9051\n"
               "Congestion: one message per second\n"
               "Contact: IESG <iesg@ietf.org>\n");
    SAYS(l, "which the registry holds as Reserved, apparently for an assignment of your "
            "organisation.");
    SAYS(l, "If the reservation is yours, please confirm this, and we will treat your request "
            "as a change to your assignment.");
    NEVER(l, "Please ask for another port");
}

/* secure-variant, discovery-port, transport-unjustified, and a rule
 * without a paragraph of its own. */
static void test_secure_discovery_transport(void)
{
    const char *l;
    /* a secure variant registered already, and the name close to it */
    l = LETTER("Service-Name: ldaps2\nTransport: tcp\nPort: any\n"
               "Description: LDAP over TLS\n");
    SAYS(l, "The service you describe looks like \"ldap\" (Lightweight Directory Access "
            "Protocol, port 389 for TCP and UDP) with security added. That combination is "
            "already registered: \"ldaps\" with port 636 for TCP and UDP runs \"ldap\" over a "
            "security layer. Please use that registration, or tell us how your protocol "
            "differs from it.");
    SAYS(l, "The name you ask for, \"ldaps2\", is also nearly the same as \"ldaps\": two "
            "names so close would easily be confused (RFC 6335, Section 5), so a different "
            "protocol would need a more distinct name.");
    /* none registered: the ways to TLS on the base's port */
    l = LETTER("Service-Name: snmp-tls\nTransport: udp\nPort: any\n"
               "Description: SNMP over TLS\nCongestion: one message per second\n");
    SAYS(l, "The service you describe looks like \"snmp\" (port 161 for TCP and UDP) with "
            "security added. A service should not get separate ports for a secure and an "
            "insecure form");
    SAYS(l, "on the existing port of \"snmp\", as mail protocols do with the STARTTLS "
            "command");
    SAYS(l, "If your service still needs a port of its own, please tell us why.");
    NEVER(l, "DANE");

    /* discovery: the protocol's own name, a multicast group of its own */
    l = LETTER("Service-Name: acme-disc\nTransport: udp\nPort: any\nDiscovery: yes\n"
               "Multicast: the group ff05::c\nCongestion: one message per second\n");
    SAYS(l, "Your service exists to find peers or devices on the network. DNS-Based Service "
            "Discovery (DNS-SD) does that");
    SAYS(l, "a name such as \"acme\" rather than \"acme-disc\", found under the service type "
            "\"_acme._udp\".");
    NEVER(l, "is registered already");
    SAYS(l, "Your request names a multicast group of its own, ff05::c; mDNS brings its own "
            "(224.0.0.251 and ff02::fb, port 5353), so none is needed.");
    l = LETTER("Service-Name: ssdp-discovery\nTransport: tcp\nPort: any\nDiscovery: yes\n"
               "Multicast: group 239.255.255.250\n");
    SAYS(l, "a name such as \"ssdp\" rather than \"ssdp-discovery\" (\"ssdp\" is registered "
            "already: if that is your protocol, its registration serves), found under the "
            "service type \"_ssdp._tcp\".");
    SAYS(l, "Your request names a multicast group of its own, 239.255.255.250;");
    /* refused for its port: the name alone offered, DNS-SD named short the
     * second time; an IPv6 group in capitals */
    l = LETTER("Service-Name: acme-disc\nTransport: udp\nPort: 50000\nDiscovery: yes\n"
               "Multicast: FF05::1:3\nCongestion: one message per second\n");
    SAYS(l, "for example because clients learn the port through DNS-SD, the name alone can be "
            "registered.");
    SAYS(l, "Your request names a multicast group of its own, FF05::1:3;");
    /* no discovery tail, no group (not multicast, or not an address) */
    l = LETTER("Service-Name: acme-finder\nTransport: tcp\nPort: any\nDiscovery: yes\n"
               "Multicast: to 10.0.0.1, 240.1.2.3 and 239.1.2.300, or v239.1.2.3\n");
    SAYS(l, "Your service exists to find peers");
    NEVER(l, "a name such as");
    NEVER(l, "multicast group of its own");

    /* transports: two or more without reasons, with or without
     * congestion control asked */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp sctp\nPort: any\n");
    SAYS(l, "You asked for TCP and SCTP without saying why the service needs both. Only the "
            "transport protocols a service uses are assigned");
    SAYS(l, "Please tell us why it needs each transport protocol, or ask only for those it "
            "uses.");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp udp sctp dccp\nPort: any\n"
               "Congestion: TFRC\nService-Code: 1234\n");
    SAYS(l, "You asked for TCP, UDP, SCTP and DCCP without saying why the service needs all "
            "of them.");
    NEVER(l, "congesting");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp udp sctp\nPort: any\n"
               "Congestion: TFRC\n");
    SAYS(l, "You asked for TCP, UDP and SCTP without saying why the service needs all of "
            "them.");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp udp\nPort: any\n");
    SAYS(l, "You asked for UDP, but your request does not say how the service avoids "
            "congesting the network; RFC 8085 describes what a service over UDP needs to do. "
            "Your request also does not say why the service needs both TCP and UDP.");
    SAYS(l, "Please tell us how your service controls congestion and why it needs each "
            "transport protocol, or ask only for those it uses.");
    /* DCCP alone: congestion control asked, nothing about transports */
    l = LETTER("Service-Name: acme-sync\nTransport: dccp\nPort: any\nService-Code: 1234\n");
    SAYS(l, "You asked for DCCP, but your request does not say how the service avoids "
            "congesting the network;");
    SAYS(l, "Please tell us how your service controls congestion.");
    /* reasons given for each: congestion control only */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp udp\nPort: any\n"
               "Justification: tcp for bulk transfer, udp for the heartbeat\n");
    SAYS(l, "Please tell us how your service controls congestion.");
    NEVER(l, "why it needs each");

    /* a warn finding of a rule with no paragraph of its own: its summary;
     * its citations grouped by RFC in the paragraph ("Sections A, B and
     * C"), and listed after the signature in RFC and section order (8.9
     * before 8.10), an RFC cited whole by its number */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n");
    const struct pr_rule *r = pr_rule_find("port-in-use");
    char *links[] = {(char *)"https://www.rfc-editor.org/rfc/rfc6335#section-8.10",
                     (char *)"https://www.rfc-editor.org/rfc/rfc6335#section-8.9",
                     (char *)"https://www.rfc-editor.org/rfc/rfc6335#section-9",
                     (char *)"https://www.rfc-editor.org/rfc/rfc1234"};
    struct pr_finding x = {.rule = "port-in-use", .severity = PR_SEV_WARN,
                           .message = (char *)"observed", .links = links, .n_links = 4};
    struct pr_findings one = {.items = &x, .n = 1, .cap = 1};
    char *nl = pr_reply_letter(store, &list.items[0], &one, 0, 1, NULL);
    CHECK(nl != NULL && r != NULL);
    if (nl && r) {
        char want[256];
        if (getenv("PR_TEST_SHOW"))
            fputs(nl, stderr);
        CHECK(strstr(nl, "References:\n"
                         "- RFC 1234\n  https://www.rfc-editor.org/rfc/rfc1234\n"
                         "- RFC 6335, Section 8.9\n  https://www.rfc-editor.org/rfc/rfc6335#section-8.9\n"
                         "- RFC 6335, Section 8.10\n  https://www.rfc-editor.org/rfc/rfc6335#section-8.10\n"
                         "- RFC 6335, Section 9\n  https://www.rfc-editor.org/rfc/rfc6335#section-9\n") != NULL);
        flatten(nl, __LINE__);
        snprintf(want, sizeof want, "Our review raises a point about your request: %s "
                                    "(RFC 6335, Sections 8.10, 8.9 and 9; RFC 1234). Please tell "
                                    "us how you would like to address it.", r->summary);
        SAYS(flat, want);
        SAYS(flat, "Please reply to this message with your answer, and we will then continue");
    }
    free(nl);
}

/* People as a letter names them, and UTF-8 cut by a fixed buffer. */
static void test_people_and_words(void)
{
    const char *l;
    /* the first of several contacts, quotes dropped */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n"
               "Contact: \"Jane Q. Doe\" <jane@example.org>, Bob Roe <bob@example.org>\n");
    SAYS(l, "Dear Jane Q. Doe,");
    /* an id with underscores, when the Contact is an address alone */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n"
               "Contact: <jane@example.org>\nAssignee: Jane_Doe\n");
    SAYS(l, "Dear Jane Doe,");
    /* a name with a space keeps its underscores */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n"
               "Contact: Acme_Ops Team <ops@acme.example>\n");
    SAYS(l, "Dear Acme_Ops Team,");
    /* an organisation's label without its id in parentheses */
    l = LETTER("Service-Name: snif-cln\nTransport: tcp\nPort: none\n");
    SAYS(l, "The registry already holds the service name \"snif-cln\" (End-to-end TLS Relay "
            "Client Connection) without a port number, whose assignee is VESvault Corp.");
    NEVER(l, "VESvault_Corp");
    /* the IESG writing: no "Dear the IESG" */
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n"
               "Contact: IESG <iesg@ietf.org>\n");
    SAYS(l, "Dear IESG,");
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n"
               "Contact: IETF <chair@ietf.org>\n");
    SAYS(l, "Dear IETF,");

    /* a fixed buffer's end never splits a character */
    static const struct { const char *in, *out; } cut[] = {
        {"abc", "abc"},
        {"ab\xc3\xa9", "ab\xc3\xa9"},         /* é whole */
        {"ab\xc3", "ab"},                     /* é's lead alone */
        {"ab\xe2\x82\xac", "ab\xe2\x82\xac"}, /* € whole */
        {"ab\xe2\x82", "ab"},                 /* € cut after two bytes */
        {"ab\xf0\x9f\x98\x80", "ab\xf0\x9f\x98\x80"},
        {"ab\xf0\x9f\x98", "ab"},             /* an emoji cut after three */
        {"\x80\x80", "\x80\x80"},             /* continuation bytes without a lead */
    };
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        char b[16];
        snprintf(b, sizeof b, "%s", cut[i].in);
        pr_reply_utf8_trim(b);
        CHECK_STR(b, cut[i].out);
    }
}

/* Write text to a request file and assign from it (as `assign --request`);
 * the change id, or 0. */
static long long assign_from(const char *text, int force)
{
    char path[] = "/tmp/portreg-reply-XXXXXX";
    int fd = mkstemp(path);
    struct pr_assign a;
    struct pr_request_list rl;
    struct pr_edit_result res = {0};
    pr_error err = {0};
    long long id = 0;
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        check_failures++;
        return 0;
    }
    close(fd);
    if (pr_assign_read_request(path, &a, &rl, NULL, NULL, &err) ||
        (a.force = force, a.reason = force ? "test" : NULL,
         pr_edit_assign(store, &a, &res, &err))) {
        fprintf(stderr, "assign: %s\n", err.msg);
        check_failures++;
    } else {
        id = res.change_id;
    }
    pr_request_list_release(&rl);
    unlink(path);
    return id;
}

/* Letters on a registry changed by edits: mail and SRV bases without a
 * secure variant (DANE, MTA-STS), a base with two, a de-assigned port, and
 * the letter once the request was approved. */
static void test_edited_registry(void)
{
    const char *l;
    pr_error err = {0};
    struct pr_edit_result res;
    CHECK(assign_from("Service-Name: smtp\nTransport: tcp\nPort: 25\n"
                      "Description: Simple Mail Transfer\nAssignee: Jon Postel <postel@isi.edu>\n"
                      "Reference: RFC 5321\nJustification: mail\n", 1) > 0);
    CHECK(assign_from("Service-Name: xmpp-client\nTransport: tcp\nPort: 5222\n"
                      "Description: XMPP Client Connection\nAssignee: Jane <j@example.org>\n"
                      "Reference: RFC 6120\nJustification: chat\n", 1) > 0);
    CHECK(assign_from("Service-Name: ldap-tls\nTransport: tcp\nPort: 5003\n"
                      "Description: LDAP over TLS\nAssignee: Jane <j@example.org>\n"
                      "Reference: RFC 4513\nJustification: directory\n", 1) > 0);

    /* mail found through MX: DANE or MTA-STS; STARTTLS "as it already does" */
    l = LETTER("Service-Name: smtp-tls\nTransport: tcp\nPort: any\n"
               "Description: SMTP over TLS\n");
    SAYS(l, "The service you describe looks like \"smtp\" (Simple Mail Transfer, port 25 for "
            "TCP) with security added.");
    SAYS(l, "on the existing port of \"smtp\", as it already does with the STARTTLS command");
    SAYS(l, "Since clients find \"smtp\" servers through DNS (MX records), you could also "
            "publish the requirement for TLS instead of asking for a second port, either in "
            "DNS with DANE TLSA records (RFC 6698; RFC 7672) or over HTTPS with MTA-STS "
            "(RFC 8461).");
    /* found through SRV: DANE only */
    l = LETTER("Service-Name: xmpp-client-tls\nTransport: tcp\nPort: any\n"
               "Description: XMPP Client Connection over TLS\n");
    SAYS(l, "Since clients find \"xmpp-client\" servers through DNS (SRV records), you could "
            "also publish the requirement for TLS instead of asking for a second port, in "
            "DNS with DANE TLSA records (RFC 6698).");
    NEVER(l, "MTA-STS");
    /* two secure variants of ldap: the one on the transport asked for */
    l = LETTER("Service-Name: ldap-dtls\nTransport: udp\nPort: any\n"
               "Description: LDAP over DTLS\nCongestion: one message per second\n");
    SAYS(l, "That combination is already registered: \"ldaps\" with port 636 for TCP and UDP "
            "and \"ldap-tls\" with port 5003 for TCP run \"ldap\" over a security layer. "
            "Please use \"ldaps\", or tell us how your protocol differs from it.");
    l = LETTER("Service-Name: ldap-sec\nTransport: tcp\nPort: any\n"
               "Description: LDAP over TLS\n");
    SAYS(l, "Please use one of those registrations, or tell us how your protocol differs "
            "from them.");

    /* mail without a secure variant (pop3s given back): RFC 8314's reason */
    CHECK_INT(pr_edit_deassign(store, "pop3s", NULL, "moved", &res, &err), 0);
    l = LETTER("Service-Name: pop3-tls\nTransport: tcp\nPort: any\n"
               "Description: POP3 over TLS\n");
    SAYS(l, "on the existing port of \"pop3\", as it already does with the STARTTLS command");
    SAYS(l, "For mail submission and access, RFC 8314, Section 3 does recommend ports where "
            "TLS starts at once, so such a reason may well exist; please give it.");
    NEVER(l, "If your service still needs a port of its own");
    /* a de-assigned port: given out again only in exceptional cases */
    CHECK_INT(pr_edit_deassign(store, "gue", "udp", "no longer used", &res, &err), 0);
    l = LETTER("Service-Name: acme-sync\nTransport: udp\nPort: 6080\n"
               "Congestion: one message per second\n");
    SAYS(l, "which the registry holds as Reserved. Reserved port numbers are not available "
            "for regular assignment, and a port that was de-assigned is given out again only "
            "in exceptional cases (RFC 6335, Sections 6 and 8.3).");

    /* approved: what the registry now lists */
    static const char name_only[] = "Service-Name: acme-name\nTransport: tcp\nPort: none\n"
                                    "Description: Acme names\n"
                                    "Assignee: Jane Doe <jane@example.org>\n"
                                    "Contact: Jane Doe <jane@example.org>\n";
    static const char with_port[] = "Service-Name: acme-port\nTransport: tcp udp\nPort: 5004\n"
                                    "Description: Acme ports\n"
                                    "Assignee: Jane Doe <jane@example.org>\n"
                                    "Contact: Jane Doe <jane@example.org>\n"
                                    "Justification: tcp for data, udp for probes\n"
                                    "Congestion: one probe per second\n";
    static const char name_two[] = "Service-Name: acme-two\nTransport: tcp udp\nPort: none\n"
                                   "Description: Acme two\n"
                                   "Assignee: Jane Doe <jane@example.org>\n"
                                   "Contact: Jane Doe <jane@example.org>\n";
    static const struct { const char *text, *lists; } approved[] = {
        {name_two, "The registry now lists \"acme-two\" as a service name without a port for "
                   "TCP and as a service name without a port for UDP."},
        {name_only, "The registry now lists \"acme-name\" as a service name without a port "
                    "for TCP."},
        {with_port, "The registry now lists \"acme-port\" on port 5004 for TCP and port 5004 "
                    "for UDP."},
    };
    for (size_t i = 0; i < sizeof approved / sizeof *approved; i++) {
        CHECK(assign_from(approved[i].text, 0) > 0);
        struct pr_review_decision d;
        l = LETTER_BARE(approved[i].text);
        CHECK_INT(pr_review_log_find(store, &list.items[0], &d, &err), 1);
        l = letter_at(__LINE__, approved[i].text, 0, &d);
        SAYS(l, "We have approved your request, and IANA has made the assignment.");
        SAYS(l, approved[i].lists);
        SAYS(l, "Please keep the registration current: tell IANA when your contact details");
        SAYS(l, "There is no need to reply to this message.");
        NEVER(l, "already holds"); /* its own records are no finding */
    }
}

/* The decisions the letters answer: what review says of one, and what
 * cannot be recorded. */
static void test_decisions(void)
{
    char buf[256];
    struct pr_review_decision d = {.decision = "approve", .change_id = 12, .missing = 1,
                                   .at = "2026-01-15T12:00:00Z", .author = "jane"};
    CHECK_STR(pr_review_decision_text(&d, buf, sizeof buf),
              "approval not applied: change 12 is not in the history (approved by jane, "
              "2026-01-15 12:00)");
    CHECK(!pr_review_decision_holds(&d));
    d.missing = 0;
    d.undone_by = 14;
    CHECK_STR(pr_review_decision_text(&d, buf, sizeof buf),
              "approval undone by change 14 (approved in change 12 by jane, 2026-01-15 12:00)");
    CHECK(!pr_review_decision_holds(&d));
    d.undone_by = 0;
    CHECK(pr_review_decision_holds(&d));
    snprintf(d.decision, sizeof d.decision, "reject");
    snprintf(d.reason, sizeof d.reason, "port 5353 is taken");
    CHECK(pr_review_decision_holds(&d));
    CHECK_STR(pr_review_decision_text(&d, buf, sizeof buf),
              "rejected in change 12 by jane, 2026-01-15 12:00: port 5353 is taken");
    /* a narrow column: cut, the reason left out rather than half told */
    CHECK_STR(pr_review_decision_text(&d, buf, 20), "rejected in change ");

    /* what cannot be recorded: an approval, no reason, a reason a terminal
     * must not see, a malformed request */
    pr_error err = {0};
    long long id = 0;
    LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: none\n");
    CHECK_INT(pr_review_log(store, &list.items[0], NULL, "why", &id, &err), PR_EINVAL);
    CHECK_INT(pr_review_log(store, &list.items[0], "reject", NULL, &id, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "a rejection needs a reason") != NULL);
    CHECK(pr_review_log(store, &list.items[0], "reject", "bad\x1b[2J", &id, &err) < 0);
    CHECK_INT(pr_review_log_find(store, &list.items[0], &d, &err), 0);
    struct pr_request_list bad = {0};
    static const char t[] = "Service-Name: acme\nPort: 70000\n";
    pr_request_parse_buf("b.req", t, sizeof t - 1, &bad, NULL, NULL, &err);
    CHECK_INT(pr_review_log(store, &bad.items[0], "reject", "no", &id, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "a malformed request cannot be decided on") != NULL);
    pr_request_list_release(&bad);
    /* recorded, it is found again, and its letter says the reason */
    CHECK_INT(pr_review_log(store, &list.items[0], "reject", "the name is a trademark", &id,
                            &err), 0);
    CHECK_INT(pr_review_log_find(store, &list.items[0], &d, &err), 1);
    CHECK_STR(d.reason, "the name is a trademark");
    CHECK_INT(d.change_id, id);
    const char *l = letter_at(__LINE__, "Service-Name: acme-sync\nTransport: tcp\nPort: none\n",
                              1, &d);
    SAYS(l, "We have declined your request: the name is a trademark.");
}

/* A registry where one name holds several numbers (IANA's http-alt:
 * 591, 8008, 8080, each with its own assignee): each number asked for
 * with its assignee, the first not repeated; "and others" when the letter
 * names the service in passing. */
static void test_several_numbers(void)
{
    pr_store *sample = store, *lookups = NULL;
    char *path = check_tmpdb();
    pr_error err = {0};
    struct pr_import_result res;
    const char *l;
    if (pr_store_open(&lookups, path, PR_STORE_CREATE, &err) ||
        pr_import_file(lookups, PR_TESTDATA "/lookups.xml", NULL, 0, &res, &err)) {
        fprintf(stderr, "lookups.xml: %s\n", err.msg);
        check_failures++;
        pr_store_free(lookups);
        check_rmdb(path);
        return;
    }
    store = lookups;
    l = LETTER("Service-Name: acme-sync\nTransport: tcp\nPort: 8008, 591\n"
               "Reference: RFC 9999\n");
    SAYS(l, "You asked for ports 8008 and 591 for TCP, but the registry already assigns it to "
            "\"http-alt\" (FileMaker, Inc. - HTTP Alternate (see Port 80)), whose assignee is "
            "James Gettys, and with port 591 for TCP, whose assignee is Clay Maeckel.");
    l = LETTER("Service-Name: http-alt-2\nTransport: tcp\nPort: any\n");
    SAYS(l, "The registry already holds the service \"http-alt\" (FileMaker, Inc. - HTTP "
            "Alternate (see Port 80), port 591 for TCP and UDP and others), and your service "
            "looks like a new version of it.");
    store = sample;
    pr_store_free(lookups);
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
    test_opening_closing();
    test_missing_and_names();
    test_ports();
    test_secure_discovery_transport();
    test_people_and_words();
    test_edited_registry();
    test_decisions();
    test_several_numbers();
    pr_findings_release(&found);
    pr_request_list_release(&list);
    pr_store_free(store);
    check_rmdb(path);
    return check_status();
}
