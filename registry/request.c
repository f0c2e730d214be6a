/* request.c - allocation requests: the deb822-style request format of
 * docs/request-format.md (stanzas of "Field: value" lines, continuation
 * lines, comments) and the parsing of the Transport and Port fields. */
#include "request.h"
#include "clean_text.h"
#include "sha256.h"
#include "input_file.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const pr_req_field_names[PR_REQ_NFIELDS] = {
    "Service-Name", "Transport",  "Port",          "Description",     "Assignee",
    "Contact",      "Reference",  "Justification", "Security",        "Related-Service",
    "Discovery",    "Multicast",  "Congestion",    "Versioning",      "Service-Code",
    "Defined-TXT-Keys", "Notes",
};

const char *const pr_tp_names[4] = {"tcp", "udp", "sctp", "dccp"};

int pr_req_field_find(const char *name)
{
    for (int i = 0; i < PR_REQ_NFIELDS; i++)
        if (!strcasecmp(name, pr_req_field_names[i]))
            return i;
    return -1;
}

void pr_request_init(struct pr_request *r)
{
    memset(r, 0, sizeof *r);
}

void pr_request_release(struct pr_request *r)
{
    if (!r)
        return;
    free(r->file);
    for (int i = 0; i < PR_REQ_NFIELDS; i++)
        free(r->field[i]);
    for (size_t i = 0; i < r->n_problems; i++)
        free(r->problems[i].msg);
    free(r->problems);
    pr_request_init(r);
}

const char *pr_request_problem_verdict(const struct pr_request *r)
{
    if (!r->n_problems)
        return NULL;
    for (size_t i = 0; i < r->n_problems; i++)
        if (r->problems[i].code == PR_EIO)
            return "unreadable";
    return "malformed";
}

void pr_request_fingerprint(const struct pr_request *r, char *buf)
{
    struct pr_sha256 c;
    pr_sha256_init(&c);
    for (int i = 0; i < PR_REQ_NFIELDS; i++) {
        const char *v = r->field[i];
        while (v && isspace((unsigned char)*v))
            v++;
        if (!v || !*v)
            continue; /* an empty field says what an absent one says */
        /* "Name\0value\0": no value can run into the next field */
        pr_sha256_add(&c, pr_req_field_names[i], strlen(pr_req_field_names[i]) + 1);
        while (*v) {
            size_t n = 0;
            while (v[n] && !isspace((unsigned char)v[n]))
                n++;
            pr_sha256_add(&c, v, n);
            v += n;
            while (isspace((unsigned char)*v))
                v++;
            if (*v)
                pr_sha256_add(&c, " ", 1);
        }
        pr_sha256_add(&c, "", 1);
    }
    pr_sha256_hex(&c, buf);
}

const char *pr_request_name(const struct pr_request *r)
{
    const char *n = r->field[PR_REQ_SERVICE_NAME];
    return n && *n ? n : "(unnamed)";
}

int pr_request_wants_port(const struct pr_request *r)
{
    return r->port_kind == PR_PORT_NUMBERS || r->port_kind == PR_PORT_ANY ||
           r->port_kind == PR_PORT_SYSTEM;
}

/* Split s on commas and white space; call fn for each word. */
static int each_word(const char *s, int (*fn)(struct pr_request *, const char *, pr_error *),
                     struct pr_request *r, pr_error *err)
{
    char word[64];
    while (*s) {
        while (*s && (isspace((unsigned char)*s) || *s == ','))
            s++;
        size_t n = 0;
        while (s[n] && !isspace((unsigned char)s[n]) && s[n] != ',')
            n++;
        if (!n)
            break;
        if (n >= sizeof word)
            return pr_error_set(err, PR_EINVAL, "value too long '%.*s...'", 20, s);
        memcpy(word, s, n);
        word[n] = 0;
        int rc = fn(r, word, err);
        if (rc)
            return rc;
        s += n;
    }
    return 0;
}

static int add_transport(struct pr_request *r, const char *w, pr_error *err)
{
    for (int i = 0; i < 4; i++)
        if (!strcasecmp(w, pr_tp_names[i])) {
            r->transports |= 1u << i;
            return 0;
        }
    return pr_error_set(err, PR_EINVAL,
                        "Transport: unknown transport '%s' (expected tcp, udp, sctp or dccp)", w);
}

static int add_port(struct pr_request *r, const char *w, pr_error *err)
{
    static const struct { const char *word; int kind; } kinds[] = {
        {"any", PR_PORT_ANY}, {"system", PR_PORT_SYSTEM}, {"none", PR_PORT_NONE}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!strcasecmp(w, kinds[i].word)) {
            if (r->port_kind != PR_PORT_ABSENT)
                return pr_error_set(err, PR_EINVAL,
                                    "Port: '%s' cannot be combined with other values", w);
            r->port_kind = kinds[i].kind;
            return 0;
        }
    int lo, hi;
    if (pr_parse_port_range(w, &lo, &hi))
        return pr_error_set(err, PR_EINVAL,
                            "Port: invalid port '%s' (expected N, N-M within "
                            "0-" PR_PORT_STR(PR_PORT_MAX) ", "
                            "any, system or none)", w);
    if (r->port_kind != PR_PORT_ABSENT && r->port_kind != PR_PORT_NUMBERS)
        return pr_error_set(err, PR_EINVAL, "Port: '%s' cannot be combined with '%s'", w,
                            r->port_kind == PR_PORT_ANY ? "any"
                            : r->port_kind == PR_PORT_SYSTEM ? "system" : "none");
    if (r->n_ports >= PR_REQ_MAX_SPANS)
        return pr_error_set(err, PR_EINVAL, "Port: more than %d values", PR_REQ_MAX_SPANS);
    r->port_kind = PR_PORT_NUMBERS;
    r->ports[r->n_ports].lo = lo;
    r->ports[r->n_ports].hi = hi;
    r->n_ports++;
    return 0;
}

int pr_request_set(struct pr_request *r, int field, const char *value, pr_error *err)
{
    if (field < 0 || field >= PR_REQ_NFIELDS)
        return pr_error_set(err, PR_EINVAL, "unknown request field %d", field);
    char *dup = strdup(value ? value : "");
    if (!dup)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    free(r->field[field]);
    r->field[field] = dup;
    if (field == PR_REQ_TRANSPORT) {
        r->transports = 0;
        return each_word(dup, add_transport, r, err);
    }
    if (field == PR_REQ_PORT) {
        r->port_kind = PR_PORT_ABSENT;
        r->n_ports = 0;
        int rc = each_word(dup, add_port, r, err);
        if (!rc && r->port_kind == PR_PORT_ABSENT)
            rc = pr_error_set(err, PR_EINVAL, "Port: empty value (expected N, N-M, any, "
                                              "system or none)");
        return rc;
    }
    return 0;
}

void pr_request_list_release(struct pr_request_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        pr_request_release(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---- the stanza parser ---- */

/* Limits on what one run reads (docs/security.md): request files come from
 * anyone.  Each review takes milliseconds against the real registry; the
 * fields that are parsed again on every continuation line are kept short. */
#define MAX_REQUESTS 1000
#define MAX_PARSED_VALUE 4096
#define MAX_FILE_SIZE (64L << 20)
#define MAX_PROBLEMS PR_REQUEST_MAX_PROBLEMS /* a binary file is not listed line by line */

struct parser {
    const char *name;
    struct pr_request_list *out;
    struct pr_request *cur; /* stanza being read, NULL between stanzas */
    int field;              /* field continuation lines extend; -1 none */
    size_t flen, fcap;      /* length and allocation of that field's value:
                               continuation lines append in place */
    pr_warn_fn warn;
    void *ud;
    pr_error *err;          /* the first problem */
    int first;              /* its code; 0 while there is none */
    int stop;               /* too many requests: the rest is skipped */
};

static struct pr_request *new_request(struct parser *p, long line)
{
    struct pr_request_list *l = p->out;
    if (pr_grow(&l->items, &l->cap, l->n, sizeof *l->items, 8))
        return NULL;
    struct pr_request *r = &l->items[l->n];
    pr_request_init(r);
    r->line = line;
    if (!(r->file = strdup(p->name)))
        return NULL;
    l->n++;
    return r;
}

static int add_problem(struct parser *p, int code, long line, long col, const char *msg);

/* The stanza that starts at line: a new request, unless the run holds as
 * many as it may (then one more holds that problem and the parse stops). */
static int start_stanza(struct parser *p, long line)
{
    if (p->out->n >= MAX_REQUESTS) {
        if (!(p->cur = new_request(p, line)))
            return pr_error_set(p->err, PR_ENOMEM, "out of memory");
        p->stop = 1;
        char msg[128];
        snprintf(msg, sizeof msg, "too many requests (at most %d in one run; split the file)",
                 MAX_REQUESTS);
        return add_problem(p, PR_EPARSE, line, 0, msg);
    }
    if (!(p->cur = new_request(p, line)))
        return pr_error_set(p->err, PR_ENOMEM, "out of memory");
    p->field = -1;
    return 0;
}

/* A problem of the stanza being read (one starts at line when there is
 * none).  The first problem of the parse also goes to p->err.  0, or
 * PR_ENOMEM. */
static int add_problem(struct parser *p, int code, long line, long col, const char *msg)
{
    int rc;
    if (!p->cur && (rc = start_stanza(p, line)))
        return rc;
    struct pr_request *r = p->cur;
    p->field = -1; /* continuation lines of a bad line are not read */
    if (!p->first) {
        p->first = code;
        pr_error_at(p->err, code, p->name, line, col, "%s", msg);
    }
    if (r->n_problems > MAX_PROBLEMS)
        return 0;
    struct pr_request_problem *v = realloc(r->problems, (r->n_problems + 1) * sizeof *v);
    if (!v)
        return pr_error_set(p->err, PR_ENOMEM, "out of memory");
    r->problems = v;
    v += r->n_problems;
    v->code = code;
    v->line = line;
    v->column = col;
    v->msg = strdup(r->n_problems == MAX_PROBLEMS
                        ? "more problems follow; they are not listed"
                        : msg);
    if (!v->msg)
        return pr_error_set(p->err, PR_ENOMEM, "out of memory");
    r->n_problems++;
    return 0;
}

/* Trim white space at both ends of [s, s+n) in place; returns the start. */
static char *trim(char *s, size_t *n)
{
    while (*n && isspace((unsigned char)*s)) {
        s++;
        (*n)--;
    }
    while (*n && isspace((unsigned char)s[*n - 1]))
        (*n)--;
    s[*n] = 0;
    return s;
}

/* After pr_request_set: the stored value's length and allocation (strlen,
 * not the length passed: a value may end earlier than its line, at the NUL
 * the first trim wrote). */
static void set_flen(struct parser *p)
{
    const char *v = p->cur->field[p->field];
    p->flen = v ? strlen(v) : 0;
    p->fcap = p->flen + 1;
}

/* A continuation line (t, n bytes, trimmed) of the field being read. */
static int parse_continuation(struct parser *p, const char *t, size_t n, pr_error *e)
{
    if (!p->cur)
        return pr_error_set(e, PR_EPARSE, "continuation line without a field before it");
    if (p->field < 0)
        return 0; /* continues an unknown field, or a bad line */
    char *old = p->cur->field[p->field];
    size_t ol = p->flen;
    /* A lone "." stands for an empty line, as in deb822. */
    if (!strcmp(t, "."))
        n = 0;
    if (p->field != PR_REQ_TRANSPORT && p->field != PR_REQ_PORT) {
        /* Plain text: append in place, amortised (a million
         * continuation lines must not copy the value a million times). */
        size_t need = ol + (ol ? 1 : 0) + n + 1;
        if (need > p->fcap) {
            size_t cap = p->fcap ? p->fcap : 64;
            while (cap < need)
                cap *= 2;
            char *grown = realloc(old, cap);
            if (!grown)
                return pr_error_set(e, PR_ENOMEM, "out of memory");
            p->cur->field[p->field] = old = grown;
            p->fcap = cap;
        }
        if (ol)
            old[ol++] = '\n';
        memcpy(old + ol, t, n);
        old[ol + n] = 0;
        p->flen = ol + n;
        return 0;
    }
    /* Transport and port: parsed again as a whole. */
    if (ol + n + 1 > MAX_PARSED_VALUE)
        return pr_error_set(e, PR_EPARSE, "field '%s' too long (over %d bytes)",
                            pr_req_field_names[p->field], MAX_PARSED_VALUE);
    char *joined = malloc(ol + n + 2);
    if (!joined)
        return pr_error_set(e, PR_ENOMEM, "out of memory");
    memcpy(joined, old ? old : "", ol);
    size_t at = ol;
    if (ol)
        joined[at++] = '\n';
    memcpy(joined + at, t, n);
    joined[at + n] = 0;
    int rc = pr_request_set(p->cur, p->field, joined, e);
    free(joined);
    set_flen(p);
    return rc;
}

/* A "Field: value" line (len bytes, the line's number lineno). */
static int parse_field(struct parser *p, char *line, size_t len, long lineno, pr_error *e)
{
    char *colon = strchr(line, ':');
    size_t nl = colon ? (size_t)(colon - line) : 0;
    int bad = !colon || !nl;
    for (size_t i = 0; i < nl && !bad; i++)
        bad = !(isalnum((unsigned char)line[i]) || line[i] == '-' || line[i] == '_');
    if (bad)
        return pr_error_set(e, PR_EPARSE,
                            "expected 'Field: value', a continuation line starting with a "
                            "space, a '#' comment or a blank line");
    *colon = 0;
    int rc;
    if (!p->cur && (rc = start_stanza(p, lineno)))
        return pr_error_set(e, rc, "%s", p->err ? p->err->msg : "out of memory");
    if (p->stop)
        return 0;
    p->field = pr_req_field_find(line);
    if (p->field < 0) {
        if (p->warn) {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown field '%.60s' ignored", line);
            p->warn(p->name, lineno, msg, p->ud);
        }
        return 0;
    }
    if (p->cur->field[p->field]) {
        int f = p->field;
        p->field = -1;
        return pr_error_set(e, PR_EPARSE, "field '%s' given twice", pr_req_field_names[f]);
    }
    size_t vn = len - (size_t)(colon + 1 - line);
    char *v = trim(colon + 1, &vn);
    p->cur->field_line[p->field] = lineno;
    if (!vn && p->field == PR_REQ_PORT) {
        /* "Port:" with its value on the lines below (deb822): checked
         * when the stanza ends (port_given) */
        if (!(p->cur->field[PR_REQ_PORT] = strdup("")))
            return pr_error_set(e, PR_ENOMEM, "out of memory");
        rc = 0;
    } else {
        rc = pr_request_set(p->cur, p->field, v, e);
    }
    set_flen(p);
    return rc;
}

/* At the end of a stanza: a "Port:" whose value never came is a problem
 * of its line.  0, or PR_ENOMEM. */
static int port_given(struct parser *p)
{
    struct pr_request *r = p->cur;
    if (!r || !r->field[PR_REQ_PORT] || r->field[PR_REQ_PORT][0])
        return 0;
    return add_problem(p, PR_EPARSE, r->field_line[PR_REQ_PORT], 0,
                       "Port: empty value (expected N, N-M, any, system or none)");
}

static int parse_line(struct parser *p, char *line, size_t len, long lineno, pr_error *e)
{
    char *t;
    size_t n;
    if (len && line[len - 1] == '\r')
        line[--len] = 0;
    if (line[0] == '#')
        return 0;
    n = len;
    t = trim(line, &n);
    if (!n) {
        int rc = port_given(p);
        p->cur = NULL; /* a blank line ends the stanza */
        p->field = -1;
        return rc;
    }
    if (line[0] == ' ' || line[0] == '\t')
        return parse_continuation(p, t, n, e);
    return parse_field(p, line, len, lineno, e);
}

/* Is the line [s, s+n) text a reviewer's terminal may show?  Else a
 * problem in e with the column: NUL, controls (tabs aside; CR only at the
 * end), invalid UTF-8. */
static int check_text(const char *s, size_t n, pr_error *e)
{
    if (memchr(s, 0, n))
        return pr_error_set(e, PR_EPARSE, "NUL byte in request file");
    /* Nothing of an applicant's file may reach the reviewer's terminal as a
     * control sequence: UTF-8 text, tabs, and CR only at the end. */
    size_t m = n && s[n - 1] == '\r' ? n - 1 : n;
    unsigned cp;
    int invalid;
    size_t bad = pr_clean_text_bad(s, m, &cp, &invalid);
    const char *cr = memchr(s, '\r', bad);
    if (cr) {
        bad = (size_t)(cr - s);
        cp = '\r';
        invalid = 0;
    }
    if (bad >= m)
        return 0;
    e->column = (long)bad + 1;
    if (invalid)
        return pr_error_set(e, PR_EPARSE, "invalid UTF-8 (byte 0x%02X) in request file", cp);
    return pr_error_set(e, PR_EPARSE, "%s U+%04X in request file", PR_BAD_CHAR_KIND(cp), cp);
}

int pr_request_parse_buf(const char *name, const char *buf, size_t len,
                         struct pr_request_list *out, pr_warn_fn warn, void *ud,
                         pr_error *err)
{
    struct parser p = {.name = name, .out = out, .field = -1, .warn = warn, .ud = ud,
                       .err = err};
    size_t before = out->n;
    long lineno = 0;
    int rc = 0;
    char *line = NULL;
    size_t cap = 0;
    for (size_t at = 0; at < len && !rc && !p.stop;) {
        const char *nl = memchr(buf + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (buf + at)) : len - at;
        pr_error e = {0};
        lineno++;
        if (check_text(buf + at, n, &e)) {
            rc = add_problem(&p, e.code, lineno, e.column, e.msg);
            at += n + 1;
            continue;
        }
        if (n + 1 > cap) {
            char *nb = realloc(line, n + 1);
            if (!nb) {
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
                break;
            }
            line = nb;
            cap = n + 1;
        }
        memcpy(line, buf + at, n);
        line[n] = 0;
        int lr = parse_line(&p, line, n, lineno, &e);
        if (lr == PR_ENOMEM)
            rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        else if (lr)
            rc = add_problem(&p, PR_EPARSE, lineno, e.column, e.msg);
        at += n + 1;
    }
    free(line);
    if (!rc)
        rc = port_given(&p);
    if (!rc && out->n == before) {
        p.cur = NULL;
        rc = add_problem(&p, PR_EPARSE, lineno ? lineno : 1, 0,
                         "no request in file (expected 'Service-Name: ...' stanzas)");
    }
    return rc ? rc : p.first;
}

/* A request of its own for a file that cannot be read. */
static int file_problem(const char *name, struct pr_request_list *out, pr_error *err,
                        const char *fmt, ...) PR_PRINTF(4, 5);
static int file_problem(const char *name, struct pr_request_list *out, pr_error *err,
                        const char *fmt, ...)
{
    struct parser p = {.name = name, .out = out, .field = -1, .err = err};
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int rc = add_problem(&p, PR_EIO, 0, 0, msg);
    return rc ? rc : PR_EIO;
}

int pr_request_parse_stream(FILE *f, const char *name, struct pr_request_list *out,
                            pr_warn_fn warn, void *ud, pr_error *err)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len + 4096 > cap) {
            size_t ncap = cap ? cap * 2 : 8192;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                rc = pr_error_set(err, PR_ENOMEM, "out of memory");
                goto out;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
        if (len > (size_t)MAX_FILE_SIZE) {
            rc = file_problem(name, out, err, "file too large (a request file is at most %ld MiB)",
                              MAX_FILE_SIZE >> 20);
            goto out;
        }
    }
    if (ferror(f)) {
        rc = file_problem(name, out, err, "cannot read: %s", strerror(errno));
        goto out;
    }
    rc = pr_request_parse_buf(name, buf ? buf : "", len, out, warn, ud, err);
out:
    free(buf);
    return rc;
}

int pr_request_parse_file(const char *path, struct pr_request_list *out, pr_warn_fn warn,
                          void *ud, pr_error *err)
{
    FILE *f = NULL;
    pr_error e = {0};
    /* pr_input_open: no blocking open, regular files only */
    if (pr_input_open(path, "rb", &f, &e))
        return file_problem(path, out, err, "%s", e.msg);
    int rc = pr_request_parse_stream(f, path, out, warn, ud, err);
    fclose(f);
    return rc;
}
