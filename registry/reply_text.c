/* reply_text.c - the reply letter's words (reply_int.h): the paragraph
 * wrapped onto the letter, ports and transports as a letter says them,
 * people by name.  Calls nothing else of the letter. */
#include "reply_int.h"

#include <string.h>
#include <strings.h>


/* Columns a UTF-8 string takes (one per character). */
static size_t columns(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Cuts a UTF-8 sequence that a fixed buffer's end split (snprintf counts
 * bytes), so that no half character reaches a letter. */
void pr_reply_utf8_trim(char *s)
{
    size_t n = strlen(s), k = n, cont = 0;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80 && cont < 3)
        k--, cont++;
    if (k == 0 || (unsigned char)s[k - 1] < 0xC0)
        return; /* ASCII last, or continuation bytes without a lead */
    unsigned char lead = (unsigned char)s[k - 1];
    size_t want = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
    if (cont < want)
        s[k - 1] = 0;
}

/* text (len bytes, one line) word-wrapped at PR_REPLY_WIDTH onto out: the
 * first line starts with first, the next ones with rest (a hanging
 * indent).  A word longer than a line stands on a line of its own. */
void pr_reply_wrap(FILE *out, const char *text, size_t len, const char *first, const char *rest)
{
    const char *p = text;
    size_t col = 0, left = len;
    int line_start = 1;
    adds(out, first);
    col = columns(first, strlen(first));
    size_t indent = columns(rest, strlen(rest));
    while (left) {
        while (left && *p == ' ')
            p++, left--;
        size_t n = 0;
        while (n < left && p[n] != ' ')
            n++;
        if (!n)
            break;
        size_t w = columns(p, n);
        if (!line_start && col + 1 + w > PR_REPLY_WIDTH) {
            fputc('\n', out);
            adds(out, rest);
            col = indent;
            line_start = 1;
        }
        if (!line_start) {
            fputc(' ', out);
            col++;
        }
        for (size_t i = 0; i < n; i++)
            fputc(p[i] == NBSP[0] ? ' ' : p[i], out);
        col += w;
        line_start = 0;
        p += n;
        left -= n;
    }
    fputc('\n', out);
}

/* The paragraph, word-wrapped, and a blank line after; the paragraph
 * stream starts again empty. */
void pr_reply_para_end(struct letter *L)
{
    fflush(L->para);
    if (L->para_len) {
        pr_reply_wrap(L->out, L->para_buf, L->para_len, "", "");
        fputc('\n', L->out);
    }
    rewind(L->para);
    fflush(L->para);
}

void pr_reply_asks(struct letter *L, unsigned what)
{
    L->asks |= what;
    L->answers += (what & ASK_ANSWER) != 0;
}

/* ---- transports and ports ------------------------------------------------------ */

/* "TCP", "TCP and UDP", "TCP, UDP and SCTP" for PR_TP_* bits. */
void pr_reply_add_transports(FILE *t, unsigned tp)
{
    static const char *const up[4] = {"TCP", "UDP", "SCTP", "DCCP"};
    int n = 0, k = 0;
    for (int i = 0; i < 4; i++)
        n += (tp >> i) & 1;
    for (int i = 0; i < 4; i++)
        if ((tp >> i) & 1) {
            adds(t, k == 0 ? "" : k == n - 1 ? " and " : ", ");
            adds(t, up[i]);
            k++;
        }
}

unsigned pr_reply_tp_of(const char *protocol)
{
    for (int i = 0; i < 4; i++)
        if (protocol && !strcasecmp(protocol, pr_tp_names[i]))
            return 1u << i;
    return 0;
}

/* "port 443 for TCP, UDP and SCTP" / "ports 6000 to 6063 for TCP" for one
 * number and the transports of its records. */
void pr_reply_add_number(FILE *t, const char *number, unsigned tp)
{
    const char *dash = strchr(number, '-');
    if (dash)
        fprintf(t, "ports %.*s to %s", (int)(dash - number), number, dash + 1);
    else
        fprintf(t, "port %s", number);
    if (tp && tp != 0xf) {
        adds(t, " for ");
        pr_reply_add_transports(t, tp);
    }
}

int pr_reply_first_port(const struct pr_request *req)
{
    return req->port_kind == PR_PORT_NUMBERS && req->n_ports ? req->ports[0].lo : -1;
}

/* "port 5353" / "ports 5088 and 5089" / "ports 1234 and 2000 to 2010" */
void pr_reply_add_asked_ports(FILE *t, const struct pr_request *req)
{
    int count = 0;
    for (size_t i = 0; i < req->n_ports; i++)
        count += req->ports[i].hi - req->ports[i].lo + 1;
    adds(t, count == 1 ? "port " : "ports ");
    for (size_t i = 0; i < req->n_ports; i++) {
        adds(t, i == 0 ? "" : i + 1 == req->n_ports ? " and " : ", ");
        if (req->ports[i].lo == req->ports[i].hi)
            fprintf(t, "%d", req->ports[i].lo);
        else
            fprintf(t, "%d %s %d", req->ports[i].lo,
                    req->ports[i].hi == req->ports[i].lo + 1 ? "and" : "to", req->ports[i].hi);
    }
}

/* What the request asks for as IANA would register it: 'the service name
 * "acme" with port 7 for TCP', '... with a User Port (1024 to 49151) for
 * TCP, the number to be chosen by IANA', '... for TCP, without a port
 * number'. */
void pr_reply_add_asked(FILE *t, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    if (name && *name)
        fprintf(t, "the service name \"%s\"", name);
    else
        adds(t, "a service name");
    if (pr_request_wants_port(req)) {
        adds(t, " with ");
        if (req->port_kind == PR_PORT_NUMBERS)
            pr_reply_add_asked_ports(t, req);
        else if (req->port_kind == PR_PORT_SYSTEM)
            adds(t, "one of the System Ports (" SYSTEM_RANGE ")");
        else
            adds(t, "a User Port (" USER_RANGE ")");
    }
    if (req->transports) {
        adds(t, " for ");
        pr_reply_add_transports(t, req->transports);
    }
    if (!pr_request_wants_port(req))
        adds(t, ", without a port number");
    else if (req->port_kind != PR_PORT_NUMBERS)
        adds(t, ", the number to be chosen by IANA");
}

/* ---- people ------------------------------------------------------------------ */

/* A person as a letter names them: "VESvault Corp (VESvault_Corp)" and
 * "Jon_Postel" become "VESvault Corp" and "Jon Postel"; "IESG" becomes
 * "the IESG" (add_who spells it out the first time). */
void pr_reply_person_words(const char *label, const char *id, char *buf, size_t len)
{
    snprintf(buf, len, "%s", label && *label ? label : id ? id : "");
    pr_reply_utf8_trim(buf);
    size_t n = strlen(buf), in = id ? strlen(id) : 0;
    if (in && n > in + 3 && buf[n - 1] == ')' && !strncmp(buf + n - in - 1, id, in) &&
        !strncmp(buf + n - in - 3, " (", 2))
        buf[n - in - 3] = 0;
    if (!strchr(buf, ' '))
        for (char *p = buf; *p; p++)
            if (*p == '_')
                *p = ' ';
    if (!strcmp(buf, "IESG") || !strcmp(buf, "IETF"))
        snprintf(buf, len, "the %s", !strcmp(buf, "IESG") ? "IESG" : "IETF");
}

/* "the Internet Engineering Steering Group (IESG)" the first time, then
 * "the IESG". */
void pr_reply_add_iesg(struct letter *L)
{
    adds(L->para, L->said_iesg++ ? "the IESG" : "the Internet Engineering Steering Group (IESG)");
}

void pr_reply_add_who(struct letter *L, const char *who)
{
    if (!strcmp(who, "the IESG"))
        pr_reply_add_iesg(L);
    else
        adds(L->para, who);
}

/* "DNS-Based Service Discovery (DNS-SD)" the first time, then "DNS-SD". */
void pr_reply_add_dnssd(struct letter *L)
{
    adds(L->para, L->said_dnssd++ ? "DNS-SD" : "DNS-Based Service Discovery (DNS-SD)");
}

/* The name a request gives for a person ("Jane Doe <jane@example.org>",
 * "Jane_Doe", several separated by commas: the first), "" when none. */
void pr_reply_request_person(const char *spec, char *buf, size_t len)
{
    char first[256];
    buf[0] = 0;
    if (!spec)
        return;
    snprintf(first, sizeof first, "%.*s", (int)strcspn(spec, ","), spec);
    char *lt = strchr(first, '<');
    if (lt)
        *lt = 0;
    else if (strchr(first, '@'))
        return; /* an address alone */
    char *b = first, *e = first + strlen(first);
    while (*b == ' ' || *b == '"')
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '"'))
        *--e = 0;
    pr_reply_person_words(b, NULL, buf, len);
}
