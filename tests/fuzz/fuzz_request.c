/* fuzz_request.c - fuzz harness for the request-file parser
 * (registry/request.c, docs/request-format.md) and for review, which runs
 * every rule of registry/rules/ on what the parser accepted, against the
 * sample registry in an in-memory database.  A reviewer runs `portreg
 * review` on whatever an applicant sends: this is the most exposed parser.
 *
 * Invariants: a refusal has a negative code equal to the return value and a
 * one-line message, naming the file and a line for a parse error; an
 * accepted file gives at least one request, each with a line, transports
 * within tcp|udp|sctp|dccp, at most PR_REQ_MAX_SPANS port spans, each
 * 0 <= lo <= hi <= 65535; review never fails on an accepted request and
 * every finding has a rule, a severity, a message, and renders as JSON. */
#include "fuzz.h"
#include "rules.h"

#include <string.h>

static void on_warning(const char *file, long line, const char *msg, void *ud)
{
    (void)ud;
    FUZZ_ASSERT(file != NULL && msg != NULL && *msg && line > 0);
}

static void check_request(const struct pr_request *r)
{
    FUZZ_ASSERT(r->line > 0);
    FUZZ_ASSERT((r->transports & ~(unsigned)(PR_TP_TCP | PR_TP_UDP | PR_TP_SCTP | PR_TP_DCCP)) == 0);
    FUZZ_ASSERT(r->port_kind >= PR_PORT_ABSENT && r->port_kind <= PR_PORT_NONE);
    FUZZ_ASSERT(r->n_ports <= PR_REQ_MAX_SPANS);
    if (r->port_kind == PR_PORT_NUMBERS)
        FUZZ_ASSERT(r->n_ports > 0);
    for (size_t i = 0; i < r->n_ports; i++)
        FUZZ_ASSERT(0 <= r->ports[i].lo && r->ports[i].lo <= r->ports[i].hi &&
                    r->ports[i].hi <= 65535);
    FUZZ_ASSERT(pr_request_name(r) != NULL);
}

static void review(const struct pr_request *r)
{
    struct pr_findings f;
    pr_error err = {0};
    pr_findings_init(&f);
    int rc = pr_review(fuzz_sample_store(), r, &f, &err);
    if (rc)
        fprintf(stderr, "fuzz_request: review failed (%d): %s\n", rc, err.msg);
    FUZZ_ASSERT(rc == 0);
    char *json = NULL;
    size_t json_len = 0;
    FILE *out = open_memstream(&json, &json_len);
    FUZZ_ASSERT(out != NULL);
    for (size_t i = 0; i < f.n; i++) {
        const struct pr_finding *x = &f.items[i];
        FUZZ_ASSERT(x->rule && x->message && x->severity >= PR_SEV_INFO &&
                    x->severity <= PR_SEV_REJECT);
        pr_json_finding(out, x, 1);
    }
    fclose(out);
    free(json);
    const char *v = pr_findings_verdict(&f, 0, f.n);
    FUZZ_ASSERT(v && (!strcmp(v, "reject") || !strcmp(v, "concerns") || !strcmp(v, "clean")));
    pr_findings_release(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pr_request_list list = {0};
    pr_error err = {0};
    int rc = pr_request_parse_buf("fuzz.req", (const char *)data, size, &list, on_warning, NULL,
                                  &err);
    if (rc) {
        FUZZ_ASSERT(rc < 0 && rc == err.code && err.msg[0] && !strchr(err.msg, '\n'));
        if (rc == PR_EPARSE)
            FUZZ_ASSERT(!strcmp(err.file, "fuzz.req") && err.line > 0);
    } else {
        FUZZ_ASSERT(list.n > 0);
    }
    for (size_t i = 0; i < list.n; i++)
        check_request(&list.items[i]);
    /* Review the first few: each runs every rule. */
    for (size_t i = 0; !rc && i < list.n && i < 4; i++)
        review(&list.items[i]);
    pr_request_list_release(&list);
    return 0;
}
