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

/* "443/tcp" -> port, protocol (lowercased in place).  0 or -1. */
static int port_proto(char *s, int *port, char **proto)
{
    char *slash = strchr(s, '/'), *end;
    if (!slash || slash == s || !slash[1] || !isdigit((unsigned char)*s))
        return -1;
    long v = strtol(s, &end, 10);
    if (end != slash || v < 0 || v > 65535)
        return -1;
    *port = (int)v;
    *proto = slash + 1;
    for (char *p = *proto; *p; p++) {
        if (!isalpha((unsigned char)*p))
            return -1;
        *p = (char)tolower((unsigned char)*p);
    }
    return 0;
}

static int parse_frequency(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v) || v < 0 || v > 1)
        return -1;
    *out = v;
    return 0;
}

int pr_nmap_services_read(const char *path, struct pr_sink *sink, pr_error *err)
{
    struct line_reader lr;
    char *line, *words[LINE_MAX_WORDS], *comment;
    int rc;

    if ((rc = line_reader_open(&lr, path, err)))
        return rc;
    while ((line = line_reader_next(&lr))) {
        size_t n = line_split(line, words, LINE_MAX_WORDS, &comment);
        if (n == 0)
            continue;
        struct pr_frequency f = {.name = words[0], .comment = comment && *comment ? comment : NULL};
        char *proto;
        if (n < 3) {
            rc = pr_error_at(err, PR_EPARSE, path, lr.line, 0,
                             "expected 'name port/protocol frequency', got %zu field%s", n,
                             n == 1 ? "" : "s");
            break;
        }
        if (port_proto(words[1], &f.port, &proto)) {
            rc = pr_error_at(err, PR_EPARSE, path, lr.line, 0,
                             "invalid port/protocol '%s' (expected e.g. 443/tcp)", words[1]);
            break;
        }
        if (parse_frequency(words[2], &f.frequency)) {
            rc = pr_error_at(err, PR_EPARSE, path, lr.line, 0,
                             "invalid frequency '%s' (expected a number from 0 to 1)", words[2]);
            break;
        }
        f.protocol = proto;
        if (sink->frequency && (rc = sink->frequency(sink, &f, err)))
            break;
    }
    if (!rc)
        rc = line_reader_error(&lr, err);
    line_reader_close(&lr);
    return rc;
}

/* Three or more words, the second port/proto, the third a frequency. */
static int nmap_line_ok(char *line)
{
    char *words[4], *comment, *proto;
    int port;
    double f;
    size_t n = line_split(line, words, 4, &comment);
    return n >= 3 && !port_proto(words[1], &port, &proto) && strchr(words[2], '.') &&
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
