/* ipv4_broadcast.c - ipv4-broadcast: a UDP service that relies on IPv4
 * broadcast, which IPv6 does not have; a multicast group serves both.
 *
 * Raised only when a port is asked for UDP and the answers (Multicast,
 * Discovery, Description, Notes) say the service broadcasts in the
 * network sense - also when they mention multicast too ("IPv6 multicast,
 * IPv4 broadcast": the IPv4 side still broadcasts).  Never for "Port:
 * none" or TCP only (TCP cannot broadcast), never for a negated mention
 * ("no broadcast", "does not broadcast"), never for "broadcast" in the
 * media sense (TV, radio, video, audio, streams, channels, broadcasters). */
#include "rules_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_TOK 256

static int in_list(const char *w, const char *const *list, int prefix)
{
    for (size_t i = 0; list[i]; i++)
        if (prefix ? !strncmp(w, list[i], strlen(list[i])) : !strcmp(w, list[i]))
            return 1;
    return 0;
}

/* Does text speak of broadcasting in the network sense? */
static int network_broadcast(const char *text)
{
    static const char *const negations[] = {"no", "not", "never", "without", "nor", "t",
                                            "none", NULL};
    static const char *const media[] = {"tv", "television", "radio", "video", "audio", "media",
                                        "stream", "content", "channel", "news", "program",
                                        "music", "sport", "broadcaster", "live", "quality",
                                        "presentation", "dvb", "atsc", "hbbtv", "studio", NULL};
    char tok[MAX_TOK][24];
    size_t n = 0;
    for (const char *p = text ? text : ""; *p && n < MAX_TOK;) {
        size_t k = 0;
        while (*p && !isalnum((unsigned char)*p))
            p++;
        while (isalnum((unsigned char)*p)) {
            if (k + 1 < sizeof tok[0])
                tok[n][k++] = (char)tolower((unsigned char)*p);
            p++;
        }
        tok[n][k] = 0;
        if (k)
            n++;
    }
    for (size_t i = 0; i < n; i++) {
        if (strncmp(tok[i], "broadcast", 9) || in_list(tok[i], media, 1))
            continue;
        int negated = 0, mediasense = 0;
        for (size_t j = i >= 3 ? i - 3 : 0; j < i; j++)
            negated |= in_list(tok[j], negations, 0);
        for (size_t j = i >= 2 ? i - 2 : 0; j < n && j <= i + 2; j++)
            mediasense |= j != i && in_list(tok[j], media, 1);
        if (!negated && !mediasense)
            return 1;
    }
    return 0;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    static const int fields[] = {PR_REQ_MULTICAST, PR_REQ_DISCOVERY, PR_REQ_DESCRIPTION,
                                 PR_REQ_NOTES};
    const char *m = req->field[PR_REQ_MULTICAST];
    if (!pr_request_wants_port(req) || !(req->transports & PR_TP_UDP))
        return 0;
    /* "Multicast: no" answers for the whole request */
    if (m && !strncasecmp(m, "no", 2) && !isalnum((unsigned char)m[2]))
        return 0;
    const char *where = NULL;
    for (size_t i = 0; i < sizeof fields / sizeof *fields && !where; i++)
        if (network_broadcast(req->field[fields[i]]))
            where = pr_req_field_names[fields[i]];
    if (!where)
        return 0;
    return pr_rule_emit(c, -1, pr_request_name(req), NULL, NULL, 0,
                        "use a multicast group (IPv4 and IPv6) instead of IPv4 broadcast",
                        "the service broadcasts over UDP (%s), which only IPv4 has", where);
}

const struct pr_rule pr_rule_ipv4_broadcast = {
    .id = "ipv4-broadcast",
    .rfc = "RFC 6335 §8.1.1; RFC 7605 §7.2",
    .summary = "broadcast instead of multicast (UDP only)",
    .severity = PR_SEV_WARN,
    .check = check,
    .audit = NULL,
};
