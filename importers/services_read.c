/* services_read.c - reader for services(5) files such as /etc/services:
 * "name port/protocol [aliases...] [# comment]".
 *
 * pr_services_each walks the entries (compare uses it as a comparison
 * source); pr_services_read turns them into registry records for a
 * database of their own: name, protocol, number, the comment as the
 * description and the aliases as a note "aliases: a b".  Entries whose
 * transport the IANA registry does not know (ddp, ...) are skipped there;
 * see docs/formats.md.
 */
#include "importers.h"
#include "line_read.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#define SEQ_STEP 1024

struct each {
    pr_service_cb cb;
    void *ud;
};

/* "70000/tcp": digits then a slash, but a port above 65535. */
static int port_too_big(const char *s)
{
    size_t d = strspn(s, "0123456789");
    return d > 0 && s[d] == '/' && (d > 5 || atol(s) > PR_PORT_MAX);
}

static int on_line(struct line_words *w, void *ud, pr_error *err)
{
    struct each *ea = ud;
    struct pr_service_entry e = {.name = w->words[0], .line = w->line, .comment = w->comment,
                                 .bytes = w->bytes};
    size_t n = w->n < LINE_MAX_WORDS ? w->n : LINE_MAX_WORDS, at = 1;
    char *proto, joined[LINE_MAX_BYTES / 4];
    if (n < 2)
        return pr_error_at(err, PR_EPARSE, w->path, w->line, 0,
                           "'%s' has no port/protocol (expected 'name port/proto "
                           "[aliases] [# comment]')", w->words[0]);
    if (port_too_big(w->words[1]))
        return pr_error_at(err, PR_EPARSE, w->path, w->line, 0,
                           "port '%.*s' out of range (0-" PR_PORT_STR(PR_PORT_MAX) ")",
                           (int)strcspn(w->words[1], "/"), w->words[1]);
    if (line_port_proto(w->words[1], &e.port, &proto)) {
        /* "Apple Remote Desktop (Net Assistant) 3283/tcp": a name with
         * blanks, when a later word is the port. */
        char probe[64];
        for (at = 2; at < n; at++) {
            snprintf(probe, sizeof probe, "%s", w->words[at]);
            if (strlen(w->words[at]) < sizeof probe && !line_port_proto(probe, &e.port, &proto))
                break;
        }
        if (at >= n)
            return pr_error_at(err, PR_EPARSE, w->path, w->line, 0,
                               "invalid port/protocol '%s' (expected e.g. 443/tcp)", w->words[1]);
        line_port_proto(w->words[at], &e.port, &proto);
        size_t len = 0;
        for (size_t i = 0; i < at && len < sizeof joined - 1; i++)
            len += (size_t)snprintf(joined + len, sizeof joined - len, "%s%s", i ? " " : "",
                                    w->words[i]);
        e.name = joined;
        e.unreadable = 1;
    }
    e.protocol = proto;
    e.aliases = (const char *const *)w->words + at + 1;
    e.n_aliases = n - at - 1;
    return ea->cb(&e, ea->ud, err);
}

int pr_services_each(const char *path, pr_service_cb cb, void *ud, pr_error *err)
{
    struct each ea = {cb, ud};
    return line_each(path, on_line, &ea, err);
}

struct to_records {
    struct pr_sink *sink;
    long long seq;
    const char *path;
};

static int entry_to_record(const struct pr_service_entry *e, void *ud, pr_error *err)
{
    struct to_records *t = ud;
    struct pr_record r;
    char num[16], *note = NULL;
    int rc = 0;

    if (e->unreadable)
        return pr_error_at(err, PR_EPARSE, t->path, e->line, 0,
                           "service name '%s' has blanks (services(5) names cannot; glibc "
                           "skips the line)", e->name);
    if (!pr_protocol_valid(e->protocol))
        return 0; /* not an IANA transport (ddp): nothing to register */
    pr_record_init(&r);
    snprintf(num, sizeof num, "%d", e->port);
    r.seq = t->seq += SEQ_STEP;
    r.line = e->line;
    r.port_lo = r.port_hi = e->port;
    r.name = strdup(e->name);
    r.protocol = strdup(e->protocol);
    r.number = strdup(num);
    r.layout = strdup(e->comment ? "npd#" : "np#");
    if (e->comment) {
        r.description = strdup(e->comment);
        r.description_xml = pr_xml_escape(e->comment);
    }
    if (!r.name || !r.protocol || !r.number || !r.layout ||
        (e->comment && (!r.description || !r.description_xml))) {
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        goto out;
    }
    if (e->n_aliases) {
        struct pr_strbuf sb = PR_STRBUF_INIT;
        pr_strbuf_adds(&sb, "aliases: ");
        pr_strbuf_add_joined(&sb, e->aliases, e->n_aliases, " ");
        note = pr_strbuf_detach(&sb);
        pr_strbuf_adds(&sb, r.layout); /* a note follows the record's children */
        pr_strbuf_addch(&sb, 'N');
        char *xml = note ? pr_xml_escape(note) : NULL, *nl = pr_strbuf_detach(&sb);
        if (!xml || !nl || pr_record_add_note(&r, note, xml)) {
            free(xml);
            free(nl);
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
            goto out;
        }
        free(xml);
        free(r.layout);
        r.layout = nl;
    }
    if (t->sink->record)
        rc = t->sink->record(t->sink, &r, err);
out:
    free(note);
    pr_record_release(&r);
    return rc;
}

int pr_services_read(const char *path, struct pr_sink *sink, pr_error *err)
{
    struct to_records t = {sink, 0, path};
    return pr_services_each(path, entry_to_record, &t, err);
}

/* "name 123/proto ..." with a protocol word; nmap-services lines (a
 * frequency in the third column) are left to that reader. */
static int services_line_ok(char *line)
{
    char *words[4], *comment, *proto;
    int port;
    size_t n = line_split(line, words, 4, &comment);
    if (n < 2 || line_port_proto(words[1], &port, &proto))
        return 0;
    if (n >= 3) {
        char *end;
        strtod(words[2], &end);
        if (!*end && strchr(words[2], '.'))
            return 0;
    }
    return 1;
}

static int services_probe(const char *head, size_t len)
{
    int pct = line_probe(head, len, services_line_ok);
    return pct >= 80 ? 60 : 0;
}

const struct pr_importer pr_importer_services = {
    .name = "services",
    .alias = "etc-services",
    .probe = services_probe,
    .read = pr_services_read,
    .is_registry = 1,
};
