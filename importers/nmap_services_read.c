/* nmap_services_read.c - reader for nmap's nmap-services: "name
 * port/protocol frequency [# comment]", the fraction of scanned hosts on
 * which nmap found the port open.  The observations go to the sink's
 * frequency callback, a layer beside the registry (is_registry = 0). */
#include "importers.h"
#include "line_read.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int parse_frequency(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v) || v < 0 || v > 1)
        return -1;
    *out = v;
    return 0;
}

static int on_line(struct line_words *w, void *ud, pr_error *err)
{
    struct pr_sink *sink = ud;
    struct pr_frequency f = {.name = w->words[0], .comment = w->comment};
    char *proto;
    if (w->n < 3)
        return pr_error_at(err, PR_EPARSE, w->path, w->line, 0,
                           "expected 'name port/protocol frequency', got %zu field%s", w->n,
                           w->n == 1 ? "" : "s");
    if (line_port_proto(w->words[1], &f.port, &proto))
        return pr_error_at(err, PR_EPARSE, w->path, w->line, 0,
                           "invalid port/protocol '%s' (expected e.g. 443/tcp)", w->words[1]);
    if (parse_frequency(w->words[2], &f.frequency))
        return pr_error_at(err, PR_EPARSE, w->path, w->line, 0,
                           "invalid frequency '%s' (expected a number from 0 to 1)", w->words[2]);
    f.protocol = proto;
    return sink->frequency ? sink->frequency(sink, &f, err) : 0;
}

int pr_nmap_services_read(const char *path, struct pr_sink *sink, pr_error *err)
{
    return line_each(path, on_line, sink, err);
}

/* Three or more words, the second port/proto, the third a frequency. */
static int nmap_line_ok(char *line)
{
    char *words[4], *comment, *proto;
    int port;
    double f;
    size_t n = line_split(line, words, 4, &comment);
    return n >= 3 && !line_port_proto(words[1], &port, &proto) && strchr(words[2], '.') &&
           !parse_frequency(words[2], &f);
}

static int has_word(const char *head, size_t len, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(head + i, w, n))
            return 1;
    return 0;
}

static int nmap_probe(const char *head, size_t len)
{
    int score = line_probe(head, len, nmap_line_ok);
    if (score < 80)
        return 0;
    /* nmap's own header makes it certain. */
    return has_word(head, len, "Nmap") || has_word(head, len, "open-frequency") ? 95 : 70;
}

const struct pr_importer pr_importer_nmap_services = {
    .name = "nmap-services",
    .alias = "nmap",
    .probe = nmap_probe,
    .read = pr_nmap_services_read,
    .is_registry = 0,
};
