/* edit_request.c - reading an assignment request file: RFC 6335 §8.1.1's
 * template as "Field: value" lines (docs/requests.md). */
#include "edit.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Field names accepted (case-insensitive), RFC 6335 §8.1.1 first. */
static const struct {
    const char *name;
    int slot;
} fields[] = {
    {"service name", 0}, {"name", 0},
    {"transport protocol", 1}, {"transport protocols", 1}, {"transport protocol(s)", 1},
    {"protocol", 1}, {"protocols", 1},
    {"port number", 2}, {"port", 2},
    {"description", 3},
    {"assignee", 4},
    {"contact", 5},
    {"reference", 6}, {"references", 6},
    {"assignment notes", 7}, {"note", 7}, {"notes", 7},
    {"range", 8},
};

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

int pr_assign_read_request(const char *path, struct pr_assign *a, char **storage, pr_error *err)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL, line[4096];
    size_t used = 0, cap = 0;
    long lineno = 0;
    size_t off[9];
    int have[9] = {0};
    int rc = 0;
    *storage = NULL;
    pr_assign_init(a);
    if (!f)
        return pr_error_at(err, PR_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *l = trim(line);
        if (!*l || *l == '#')
            continue;
        char *colon = strchr(l, ':');
        if (!colon) {
            rc = pr_error_at(err, PR_EPARSE, path, lineno, 0, "expected 'Field: value'");
            break;
        }
        *colon = 0;
        char *key = trim(l), *val = trim(colon + 1);
        int slot = -1;
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
            if (!strcasecmp(key, fields[i].name))
                slot = fields[i].slot;
        if (slot < 0) {
            rc = pr_error_at(err, PR_EPARSE, path, lineno, 0, "unknown field '%s'", key);
            break;
        }
        if (have[slot]) {
            rc = pr_error_at(err, PR_EPARSE, path, lineno, 0, "field '%s' given twice", key);
            break;
        }
        size_t len = strlen(val) + 1;
        if (used + len > cap) {
            cap = (used + len) * 2 + 256;
            char *nb = realloc(buf, cap);
            if (!nb) {
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
                break;
            }
            buf = nb;
        }
        memcpy(buf + used, val, len);
        off[slot] = used;
        have[slot] = 1;
        used += len;
    }
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    if (!have[0])
        rc = pr_error_at(err, PR_EPARSE, path, 0, 0, "missing field 'Service Name'");
    else if (!have[1])
        rc = pr_error_at(err, PR_EPARSE, path, 0, 0, "missing field 'Transport Protocol'");
    else if (!have[3])
        rc = pr_error_at(err, PR_EPARSE, path, 0, 0, "missing field 'Description'");
    else if (!have[4])
        rc = pr_error_at(err, PR_EPARSE, path, 0, 0, "missing field 'Assignee'");
    if (rc) {
        free(buf);
        return rc;
    }
    a->name = buf + off[0];
    a->protocols = buf + off[1];
    a->description = buf + off[3];
    a->assignee = buf + off[4];
    a->contact = have[5] ? buf + off[5] : NULL;
    a->reference = have[6] ? buf + off[6] : NULL;
    a->note = have[7] ? buf + off[7] : NULL;
    if (have[2] && strcasecmp(buf + off[2], "any") && *(buf + off[2])) {
        int lo, hi;
        if (pr_parse_port_range(buf + off[2], &lo, &hi) || lo != hi) {
            pr_error_at(err, PR_EPARSE, path, 0, 0, "invalid port number '%s' (a number or 'any')",
                        buf + off[2]);
            free(buf);
            return PR_EPARSE;
        }
        a->port = lo;
    }
    if (have[8]) {
        if (!strcasecmp(buf + off[8], "system"))
            a->range = PR_RANGE_SYSTEM;
        else if (strcasecmp(buf + off[8], "user")) {
            pr_error_at(err, PR_EPARSE, path, 0, 0, "invalid range '%s' (user or system)",
                        buf + off[8]);
            free(buf);
            return PR_EPARSE;
        }
    }
    *storage = buf;
    return 0;
}
