/* discovery_port.c - discovery-port: a port whose purpose is to find
 * peers, devices or services on a local network, the job DNS-SD (RFC 6763)
 * over Multicast DNS (RFC 6762) does with a service name and no port
 * (RFC 7605 §7.1, "Is a Port Number Needed?"; §7.2 "How Many Ports?" and
 * §7.6 "Transport Protocols" were cited once and dropped: their topics are
 * not this one).
 *
 * One judgement (judge() below) for a request and for the record it
 * becomes: review passes the request's name, Description, Notes,
 * Discovery and Multicast answers and transports; audit passes the
 * service's name, descriptions and transports.  In order:
 *   - "Discovery: yes" is discovery (the applicant says so);
 *   - a port without UDP and without multicast or broadcast in the text
 *     is not: finding peers on a local network takes datagrams sent to a
 *     group (a TCP discovery service is a directory one connects to);
 *   - lookalikes are not: STUN's NAT behaviour discovery, legal
 *     e-discovery and retention, network-selection policy (ANDSF), path
 *     MTU discovery, Internet-wide DHTs and trackers, asset inventory, and
 *     the operational port of a protocol found through DNS-SD (the text
 *     names DNS-SD, mDNS, Bonjour or TXT keys);
 *   - a name that says discovery is ("foo-disc", "ws-discovery",
 *     "avinstalldisc"), as are the well-known discovery protocols (mdns,
 *     llmnr, ssdp, svrloc);
 *   - discovery words in the text ("discovery", "auto-discovery",
 *     "service location", "peer location"; on UDP also "announce..." and
 *     "beacon...") are discovery, unless the port does something else as
 *     well ("Discovery and Control", "... and Communication"): that port
 *     is needed anyway.
 * Not raised for "Port: none": that is the recommended path.  IANA's
 * boilerplate notes ("not usable for use with many common service
 * discovery mechanisms") do not count. */
#include "rules_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char suggestion[] =
    "register a service name without a port ('Port: none') and find peers with DNS-SD "
    "(RFC 6763) over Multicast DNS (RFC 6762)";

struct disc_in {
    const char *name, *desc, *notes, *answer, *multicast;
    unsigned transports; /* PR_TP_*; 0 when unknown */
};

/* Does one hyphen-separated part of the name say discovery? */
static int name_discovery(const char *name)
{
    for (const char *p = name ? name : ""; *p;) {
        size_t n = strcspn(p, "-");
        size_t k = n;
        while (k && isdigit((unsigned char)p[k - 1]))
            k--; /* "ida-discover1" */
        if ((k == 4 && !strncasecmp(p, "disc", 4)) || (k >= 8 && !strncasecmp(p, "discover", 8)) ||
            (k > 4 && !strncasecmp(p + k - 4, "disc", 4)) ||
            (k > 8 && !strncasecmp(p + k - 8, "discover", 8)) ||
            (k > 9 && !strncasecmp(p + k - 9, "discovery", 9)) ||
            (k == 6 && !strncasecmp(p, "svrloc", 6)))
            return 1;
        p += n + (p[n] == '-');
    }
    return 0;
}

/* Well-known discovery protocols whose registry descriptions are terse. */
static int known_discovery(const char *name)
{
    static const char *const known[] = {"mdns", "llmnr", "ssdp", "svrloc", NULL};
    for (size_t i = 0; name && known[i]; i++)
        if (!strcasecmp(name, known[i]))
            return 1;
    return 0;
}

static int yes(const char *v)
{
    return v && (tolower((unsigned char)v[0]) == 'y' || !strncasecmp(v, "true", 4));
}

static int no(const char *v)
{
    return v && (!strncasecmp(v, "no", 2) && !isalnum((unsigned char)v[2]));
}

/* text in lower case with IANA's boilerplate about discovery mechanisms
 * blanked out (malloc'd; NULL for NULL or when out of memory).  The
 * phrase tests below run on it with strstr. */
static char *strip_boilerplate(const char *text)
{
    static const char *const phrases[] = {"service discovery mechanisms",
                                          "for discovery purposes", NULL};
    char *t = text ? strdup(text) : NULL;
    for (char *p = t; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (size_t i = 0; t && phrases[i]; i++)
        for (char *p = t; (p = strstr(p, phrases[i]));)
            memset(p, ' ', strlen(phrases[i]));
    return t;
}

static int any_word(const char *text, const char *const *words, int prefix)
{
    return prefix ? pr_text_any_word(text, NULL, words) : pr_text_any_word(text, words, NULL);
}

/* text is in lower case (strip_boilerplate) */
static int any_phrase(const char *text, const char *const *phrases)
{
    for (size_t i = 0; phrases[i]; i++)
        if (strstr(text, phrases[i]))
            return 1;
    return 0;
}

/* Something that speaks of discovery without being a local discovery
 * port (t in lower case); *what names it. */
static int lookalike(const char *t, const char **what)
{
    static const struct {
        const char *const words[8];
        const char *what;
    } kinds[] = {
        {{"stun", "nat behavior", "nat behaviour", "behavior discovery", "behaviour discovery"},
         "NAT behaviour discovery (STUN)"},
        {{"ediscovery", "e-discovery", "electronic discovery", "retention", "litigation",
          "legal hold"},
         "legal e-discovery"},
        {{"network selection", "andsf", "access network discovery"},
         "a network-selection policy server"},
        {{"path mtu", "pmtu", "mtu discovery"}, "path MTU discovery"},
        {{"distributed hash", "kademlia", "bittorrent"}, "an Internet-wide DHT or tracker"},
        {{"asset discovery", "inventory"}, "asset inventory"},
        {{"dns-sd", "dnssd", "multicast dns", "mdns", "bonjour", "zeroconf", "txt key"},
         "the operational port of a protocol found through DNS-SD"},
    };
    static const char *const words[] = {"dht", "tracker", NULL};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        for (size_t k = 0; kinds[i].words[k]; k++)
            if (strstr(t, kinds[i].words[k])) {
                /* "mdns" inside "Multicast DNS" is the protocol itself:
                 * handled by the name (known_discovery) */
                *what = kinds[i].what;
                return 1;
            }
    if (any_word(t, words, 0)) {
        *what = "an Internet-wide DHT or tracker";
        return 1;
    }
    return 0;
}

/* The port does more than discovery: a discovery word and another
 * function joined by "and", "&" or a comma ("Discovery and Control",
 * "AVB Discovery, Enumeration, Connection management, and Control",
 * "Discovery and Low-Level Communication"), or an "operational" port. */
static int combined(const char *t)
{
    static const char *const functions[] = {
        "control", "communi", "config", "command", "messag", "manag", "enumerat", "connect",
        "exchange", "select", "transfer", "stream", "operat", NULL};
    char tok[48][24];
    size_t n = 0;
    for (const char *p = t; *p && n < 48;) {
        if (*p == ',' || *p == '&' || *p == '+') {
            snprintf(tok[n++], sizeof tok[0], "and");
            p++;
            continue;
        }
        if (!isalnum((unsigned char)*p)) {
            p++;
            continue;
        }
        size_t k = 0;
        while (isalnum((unsigned char)*p)) {
            if (k + 1 < sizeof tok[0])
                tok[n][k++] = (char)tolower((unsigned char)*p);
            p++;
        }
        tok[n++][k] = 0;
    }
    if (pr_text_has_word(t, "operational", 0))
        return 1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(tok[i], "and"))
            continue;
        int disc_before = 0, disc_after = 0, fn_before = 0, fn_after = 0;
        for (size_t j = i >= 4 ? i - 4 : 0; j < i; j++) {
            disc_before |= !strncmp(tok[j], "discover", 8) || !strncmp(tok[j], "announc", 7) ||
                           !strncmp(tok[j], "beacon", 6);
            for (size_t f = 0; functions[f]; f++)
                fn_before |= !strncmp(tok[j], functions[f], strlen(functions[f]));
        }
        for (size_t j = i + 1; j < n && j <= i + 4; j++) {
            disc_after |= !strncmp(tok[j], "discover", 8) || !strncmp(tok[j], "announc", 7) ||
                          !strncmp(tok[j], "beacon", 6);
            for (size_t f = 0; functions[f]; f++)
                fn_after |= !strncmp(tok[j], functions[f], strlen(functions[f]));
        }
        if ((disc_before && fn_after) || (fn_before && disc_after))
            return 1;
    }
    return 0;
}

static int group_use(const char *t, const char *multicast)
{
    static const char *const words[] = {"multicast", "broadcast", "broadcasts", "anycast",
                                        NULL};
    if (multicast && *multicast && !no(multicast))
        return 1;
    return any_word(t, words, 0);
}

/* 1 (and why) when the service's purpose is local discovery. */
static int judge(const struct disc_in *in, char *why, size_t len)
{
    static const char *const strong[] = {"discover", "discovery", "discoveries", "discovers",
                                         NULL};
    static const char *const strong_prefix[] = {"autodiscover", NULL};
    static const char *const places[] = {"service location", "server location",
                                         "resource location", "peer location",
                                         "device location", NULL};
    static const char *const weak_prefix[] = {"announc", "beacon", NULL};
    const char *what = NULL; /* the lookalike's kind (for debugging) */
    int rc = 0;
    if (yes(in->answer)) {
        snprintf(why, len, "the request answers Discovery: yes");
        return 1;
    }
    char *d = strip_boilerplate(in->desc), *n = strip_boilerplate(in->notes);
    char *a = in->answer && !no(in->answer) ? strip_boilerplate(in->answer) : NULL;
    const char *texts[] = {d, n, a};
    int udp = !in->transports || (in->transports & PR_TP_UDP);
    int group = 0, looks = 0, words = 0, weak = 0, more = 0;
    for (size_t i = 0; i < 3; i++) {
        const char *t = texts[i];
        if (!t)
            continue;
        group |= group_use(t, NULL);
        looks |= lookalike(t, &what);
        words |= pr_text_any_word(t, strong, strong_prefix) || any_phrase(t, places);
        weak |= any_word(t, weak_prefix, 1);
        more |= combined(t);
    }
    group |= group_use("", in->multicast);
    if (!udp && !group)
        goto out; /* TCP/SCTP only: a directory, not local discovery */
    if (looks && !known_discovery(in->name))
        goto out;
    if (known_discovery(in->name)) {
        snprintf(why, len, "a well-known discovery protocol");
        rc = 1;
    } else if (name_discovery(in->name)) {
        snprintf(why, len, "its name says discovery");
        rc = 1;
    } else if ((words || (weak && udp)) && !more) {
        snprintf(why, len, "its text speaks of %s", words ? "discovery" : "announcements or beacons");
        rc = 1;
    }
out:
    free(d);
    free(n);
    free(a);
    return rc;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    char why[128];
    if (!pr_request_wants_port(req))
        return 0;
    /* DNS-SD TXT keys say the service is found through DNS-SD: its notes
     * in the registry carry them ("Defined TXT keys: ..."), so here too */
    const char *notes = req->field[PR_REQ_NOTES], *keys = req->field[PR_REQ_DEFINED_TXT_KEYS];
    char *both = NULL;
    if (keys && *keys) {
        size_t len = strlen(notes ? notes : "") + strlen(keys) + 32;
        if (!(both = malloc(len)))
            return pr_error_set(c->err, PR_ENOMEM, "out of memory");
        snprintf(both, len, "%s\nDefined TXT keys: %s", notes ? notes : "", keys);
        notes = both;
    }
    struct disc_in in = {
        .name = req->field[PR_REQ_SERVICE_NAME],
        .desc = req->field[PR_REQ_DESCRIPTION],
        .notes = notes,
        .answer = req->field[PR_REQ_DISCOVERY],
        .multicast = req->field[PR_REQ_MULTICAST],
        .transports = req->transports,
    };
    int found = judge(&in, why, sizeof why);
    free(both);
    if (!found)
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0, suggestion,
                        "a port is asked for a service whose purpose is to find peers or "
                        "devices on the local network (%s); DNS-SD does that with a service "
                        "name and no port", why);
}

static int audit(struct pr_rule_ctx *c)
{
    char why[128];
    for (size_t i = 0; i < c->all.n; i++) {
        const struct pr_svc *v = &c->all.items[i];
        struct disc_in in = {.name = v->name, .desc = v->desc, .notes = v->notes,
                             .transports = v->transports};
        if (!v->has_port || v->historic || !judge(&in, why, sizeof why))
            continue;
        const char *rel[] = {v->name};
        int rc = pr_rule_emit(c, -1, v->name, NULL, rel, 1, suggestion,
                              "'%s' holds port %s for discovery on the local network (%s: %s)",
                              v->name, v->numbers, why, v->desc ? v->desc : "");
        if (rc)
            return rc;
    }
    return 0;
}

const struct pr_rule pr_rule_discovery_port = {
    .id = "discovery-port",
    .rfc = "RFC 7605 §7.1; RFC 6763; RFC 6762",
    .summary = "a port only to find peers or devices (use DNS-SD)",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = audit,
};
