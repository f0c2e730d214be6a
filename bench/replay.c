/* replay.c - portreg-replay: the rules engine judged on IANA's real
 * decisions.  For each pair of releases OLD NEW, every service that NEW
 * holds and OLD does not (a new name, or a name on a new port or
 * transport) was granted by IANA in between; it becomes an allocation
 * request (one per name and port, its transports together), and the
 * requests are reviewed in one run against OLD, in the order IANA dated
 * them.  Printed: verdicts, findings per rule and severity, every reject
 * with its explanation, discovery-port on the *-disc grants, secure-variant
 * and the conflicts inside the run.
 *
 * A reject of a real grant is explained only when the port or the name
 * was someone else's in OLD: a port-taken, port-reserved or name-taken
 * reject whose records are all another assignee's (or an assignment that
 * names nobody).  Anything else is unexplained, and the exit status is 1.
 *
 * The registry keeps no Justification, Security or Congestion answers, so
 * the requests carry a placeholder there ("not recorded in the registry"):
 * missing-field, security-unstated and transport-unjustified are not
 * judged by the replay.  Discovery and Multicast are left out: the
 * discovery judgement has to work without them.
 *
 * usage: portreg-replay [--list] [--requests PREFIX] OLD.xml NEW.xml [...]
 * (--list: one line per request with its verdict and findings;
 * --requests: write each pair's requests to PREFIX-N.req, in the format
 * `portreg review` reads, to replay them with another build).  Exit 0, 1
 * when a reject is unexplained, 2 on errors. */
#include "diff.h"
#include "importers.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char placeholder[] = "(not recorded in the registry: replayed grant)";

struct grant {
    const struct pr_record *rec; /* first record (NEW) */
    char name[64];
    char number[24];
    unsigned tp;
    char transports[32];
};

static int key_cmp(const struct pr_record *a, const struct pr_record *b)
{
    int c = strcasecmp(a->name ? a->name : "", b->name ? b->name : "");
    if (!c)
        c = strcmp(a->protocol ? a->protocol : "", b->protocol ? b->protocol : "");
    if (!c)
        c = strcmp(a->number ? a->number : "", b->number ? b->number : "");
    return c;
}

static int cmp_rec_ptr(const void *p, const void *q)
{
    return key_cmp(*(const struct pr_record *const *)p, *(const struct pr_record *const *)q);
}

static const struct pr_person *person(const struct pr_snapshot *s, const char *id)
{
    for (size_t i = 0; id && i < s->n_people; i++)
        if (!strcmp(s->people[i].id, id))
            return &s->people[i];
    return NULL;
}

/* "Name <mail>" for person id as NEW lists them (the id when NEW does not
 * know the person or has no address). */
static void spec_of(const struct pr_snapshot *s, const char *id, char *buf, size_t len)
{
    const struct pr_person *p = person(s, id);
    char mail[160] = "";
    if (!p) {
        snprintf(buf, len, "%s", id ? id : "");
        return;
    }
    for (const char *u = p->uri; u && *u;) {
        size_t n = strcspn(u, "\n");
        if (n > 7 && !strncmp(u, "mailto:", 7) && n - 7 < sizeof mail) {
            memcpy(mail, u + 7, n - 7);
            mail[n - 7] = 0;
            for (char *c = mail; *c; c++)
                if (*c == '&')
                    *c = '@';
            break;
        }
        u += n + (u[n] == '\n');
    }
    const char *name = p->name && *p->name ? p->name : p->org && *p->org ? p->org : p->id;
    if (*mail)
        snprintf(buf, len, "%s <%s>", name, mail);
    else
        snprintf(buf, len, "%s", p->id);
}

static int set(struct pr_request *r, int field, const char *v)
{
    pr_error err = {0};
    if (!v || !*v)
        return 0;
    if (pr_request_set(r, field, v, &err)) {
        fprintf(stderr, "portreg-replay: %s: %s\n", pr_req_field_names[field], err.msg);
        return -1;
    }
    return 0;
}

/* The request a grant stands for. */
static int make_request(const struct pr_snapshot *s, const struct grant *g, struct pr_request *r)
{
    const struct pr_record *x = g->rec;
    const char *ids[8];
    char buf[600], refs[2048] = "";
    size_t o = 0;
    pr_request_init(r);
    for (size_t i = 0; i < x->n_xrefs; i++) {
        const struct pr_xref *ref = &x->xrefs[i];
        const char *v = NULL;
        char rfc[32];
        if (ref->role != PR_ROLE_REF || !ref->type || !strcmp(ref->type, "person"))
            continue;
        if (!strcmp(ref->type, "rfc") && ref->data && !strncasecmp(ref->data, "rfc", 3)) {
            snprintf(rfc, sizeof rfc, "RFC %s", ref->data + 3);
            v = rfc;
        } else {
            v = ref->text ? ref->text : ref->data;
        }
        if (v && o < sizeof refs)
            o += (size_t)snprintf(refs + o, sizeof refs - o, "%s%s", o ? ", " : "", v);
    }
    char *desc = pr_text_fold(x->description);
    int rc = set(r, PR_REQ_SERVICE_NAME, g->name) || set(r, PR_REQ_TRANSPORT, g->transports) ||
             set(r, PR_REQ_PORT, g->number[0] ? g->number : "none") ||
             set(r, PR_REQ_DESCRIPTION, desc) || set(r, PR_REQ_REFERENCE, refs);
    free(desc);
    if (!rc && pr_record_assignees(x, ids, 8)) {
        spec_of(s, ids[0], buf, sizeof buf);
        rc = set(r, PR_REQ_ASSIGNEE, buf);
    }
    if (!rc && pr_record_contacts(x, ids, 8)) {
        spec_of(s, ids[0], buf, sizeof buf);
        rc = set(r, PR_REQ_CONTACT, buf);
    }
    if (!rc && g->number[0])
        rc = set(r, PR_REQ_JUSTIFICATION, placeholder) || set(r, PR_REQ_SECURITY, placeholder) ||
             ((g->tp & (PR_TP_UDP | PR_TP_DCCP)) && set(r, PR_REQ_CONGESTION, placeholder));
    if (!rc && x->sc)
        rc = set(r, PR_REQ_SERVICE_CODE, x->sc);
    if (!rc) {
        /* the file:line the run-conflict rule names: the record in NEW */
        r->file = strdup("new release");
        r->line = x->line;
        rc = !r->file;
    }
    return rc ? -1 : 0;
}

static int read_snapshot(const char *path, struct pr_snapshot *s)
{
    struct pr_sink sink;
    pr_error err = {0};
    char buf[512];
    pr_snapshot_init(s);
    pr_snapshot_sink(s, &sink);
    if (pr_iana_xml_read(path, &sink, &err)) {
        fprintf(stderr, "portreg-replay: %s\n", pr_error_format(&err, buf, sizeof buf));
        return -1;
    }
    return 0;
}

/* The grants: NEW's named records whose (name, transport, number) OLD
 * lacks, grouped by name and number, in the order IANA dated them. */
static int find_grants(const struct pr_snapshot *a, const struct pr_snapshot *b,
                       struct grant **out, size_t *n_out)
{
    const struct pr_record **va = malloc((a->n_records + 1) * sizeof *va);
    size_t na = 0, cap = 0;
    *out = NULL;
    *n_out = 0;
    if (!va)
        return -1;
    for (size_t i = 0; i < a->n_records; i++)
        if (a->records[i].name && *a->records[i].name)
            va[na++] = &a->records[i];
    qsort(va, na, sizeof *va, cmp_rec_ptr);
    for (size_t i = 0; i < b->n_records; i++) {
        const struct pr_record *x = &b->records[i], *key = x;
        if (!x->name || !*x->name || bsearch(&key, va, na, sizeof *va, cmp_rec_ptr))
            continue;
        struct grant *g = NULL;
        for (size_t k = 0; k < *n_out && !g; k++)
            if (!strcasecmp((*out)[k].name, x->name) &&
                !strcmp((*out)[k].number, x->number ? x->number : ""))
                g = &(*out)[k];
        if (!g) {
            if (pr_grow(out, &cap, *n_out, sizeof **out, 64)) {
                free(va);
                return -1;
            }
            g = &(*out)[(*n_out)++];
            memset(g, 0, sizeof *g);
            g->rec = x;
            snprintf(g->name, sizeof g->name, "%s", x->name);
            snprintf(g->number, sizeof g->number, "%s", x->number ? x->number : "");
        }
        unsigned bit = 0;
        for (int t = 0; t < 4; t++)
            if (x->protocol && !strcmp(x->protocol, pr_tp_names[t]))
                bit = 1u << t;
        if (bit && !(g->tp & bit)) {
            g->tp |= bit;
            size_t l = strlen(g->transports);
            snprintf(g->transports + l, sizeof g->transports - l, "%s%s", l ? " " : "",
                     x->protocol);
        }
    }
    free(va);
    /* IANA's order: registration (or update) date, then registry order
     * (stable insertion sort: the lists are short) */
    for (size_t i = 1; i < *n_out; i++)
        for (size_t k = i; k > 0; k--) {
            const struct pr_record *p = (*out)[k - 1].rec, *q = (*out)[k].rec;
            const char *dp = p->date ? p->date : p->updated ? p->updated : "";
            const char *dq = q->date ? q->date : q->updated ? q->updated : "";
            if (strcmp(dp, dq) <= 0)
                break;
            struct grant t = (*out)[k];
            (*out)[k] = (*out)[k - 1];
            (*out)[k - 1] = t;
        }
    return 0;
}

/* Does the name carry "disc" or "discover..." as a hyphen-separated part? */
static int disc_name(const char *name)
{
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "-");
        if ((n == 4 && !strncasecmp(p, "disc", 4)) || (n >= 8 && !strncasecmp(p, "discover", 8)))
            return 1;
        p += n + (p[n] == '-');
    }
    return 0;
}

#define N_SEV 3

struct totals {
    long requests, verdicts[N_SEV + 1]; /* clean, concerns, reject */
    long per_rule[64][N_SEV];
    long rejects, explained, unexplained;
    long disc, disc_found, lookalikes;
};

static const char *finding_of(const struct pr_findings *f, size_t from, size_t to,
                              const char *rule)
{
    for (size_t i = from; i < to; i++)
        if (!strcmp(f->items[i].rule, rule))
            return f->items[i].related && f->items[i].n_related ? f->items[i].related[0] : "";
    return NULL;
}

/* "  RULE: name (WORD related) ..." for the requests with a finding of rule. */
static void list_rule(const struct pr_findings *f, const size_t *from, const struct grant *g,
                      size_t n, const char *rule, const char *word)
{
    int any = 0;
    printf("  %s:", rule);
    for (size_t i = 0; i < n; i++) {
        const char *rel = finding_of(f, from[i], from[i + 1], rule);
        if (rel) {
            printf(" %s (%s %s)", g[i].name, word, rel);
            any = 1;
        }
    }
    printf("%s\n", any ? "" : " none");
}

/* Do person ids a and b stand for the same party, as NEW lists them: the
 * same id, or the same name, organisation or address (compared as
 * written, ignoring case).  Deliberately simpler than the rules' own
 * matching (registry/party.c), so that the replay checks it. */
static int same_party(const struct pr_snapshot *s, const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    if (!strcmp(a, b))
        return 1;
    const struct pr_person *x = person(s, a), *y = person(s, b);
    if (!x || !y)
        return 0;
    const char *fx[] = {x->name, x->org, x->uri}, *fy[] = {y->name, y->org, y->uri};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if (fx[i] && fy[j] && *fx[i] && !strcasecmp(fx[i], fy[j]))
                return 1;
    return 0;
}

/* Is reject finding x of grant g explained: the port or the name was
 * someone else's in OLD (every record it names held by another party
 * than the grant's assignee and contact in NEW, or by nobody on record)? */
static int explained(const struct pr_snapshot *s, const struct grant *g,
                     const struct pr_finding *x, char *why, size_t len)
{
    int ours = !strcmp(x->rule, "port-taken") || !strcmp(x->rule, "port-reserved") ||
               !strcmp(x->rule, "name-taken");
    const char *who[16];
    size_t n_who = pr_record_assignees(g->rec, who, 8);
    n_who += pr_record_contacts(g->rec, who + n_who, 8);
    size_t o = 0;
    why[0] = 0;
    if (!ours || !x->n_records)
        return 0;
    for (size_t i = 0; i < x->n_records; i++) {
        const struct pr_finding_record *r = &x->records[i];
        int nobody = !r->assignee && r->state && !strcmp(r->state, "assigned");
        if (!r->assignee && !nobody)
            return 0; /* a Reserved row of nobody: not someone else's */
        for (size_t k = 0; k < n_who && !nobody; k++)
            if (same_party(s, who[k], r->assignee))
                return 0;
        if (o < len)
            o += (size_t)snprintf(why + o, len - o, "%s'%s' %s/%s of %s", i ? "; " : "",
                                  r->service ? r->service : "(reserved)",
                                  r->number ? r->number : "-", r->protocol ? r->protocol : "any",
                                  r->assignee_name ? r->assignee_name : "nobody on record");
    }
    return 1;
}

/* One request as a stanza of a request file. */
static void write_request(FILE *f, const struct pr_request *r)
{
    for (int i = 0; i < PR_REQ_NFIELDS; i++) {
        const char *v = r->field[i];
        if (!v)
            continue;
        fprintf(f, "%s:", pr_req_field_names[i]);
        for (const char *p = v; *p;) {
            size_t n = strcspn(p, "\n");
            fprintf(f, " %.*s\n", (int)n, n ? p : ".");
            p += n + (p[n] == '\n');
        }
    }
    fputc('\n', f);
}

static int replay_pair(const char *old_path, const char *new_path, int list,
                       const char *requests, struct totals *t)
{
    struct pr_snapshot a, b;
    struct grant *g = NULL;
    struct pr_request *reqs = NULL;
    struct pr_findings f;
    size_t n = 0, *from = NULL;
    pr_store *s = NULL;
    pr_error err = {0};
    char db[] = "/tmp/portreg-replay-XXXXXX", buf[512];
    int rc = -1, fd = mkstemp(db);
    pr_findings_init(&f);
    if (fd < 0) {
        perror("portreg-replay: mkstemp");
        return -1;
    }
    close(fd);
    unlink(db);
    if (read_snapshot(old_path, &a)) {
        return -1;
    }
    if (read_snapshot(new_path, &b)) {
        pr_snapshot_release(&a);
        return -1;
    }
    struct pr_import_result res;
    if (pr_store_open(&s, db, PR_STORE_CREATE, &err) ||
        pr_import_file(s, old_path, "iana-xml", 0, &res, &err)) {
        fprintf(stderr, "portreg-replay: %s\n", pr_error_format(&err, buf, sizeof buf));
        goto out;
    }
    if (find_grants(&a, &b, &g, &n) || !(reqs = calloc(n + 1, sizeof *reqs)) ||
        !(from = calloc(n + 1, sizeof *from))) {
        fprintf(stderr, "portreg-replay: out of memory\n");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (make_request(&b, &g[i], &reqs[i]))
            goto out;
    if (requests) {
        static int pair;
        char path[1024];
        snprintf(path, sizeof path, "%s-%d.req", requests, ++pair);
        FILE *out = fopen(path, "w");
        if (!out) {
            perror(path);
            goto out;
        }
        fprintf(out, "# the grants of %s -> %s as requests (portreg-replay)\n\n", old_path,
                new_path);
        for (size_t i = 0; i < n; i++)
            write_request(out, &reqs[i]);
        if (fclose(out)) {
            perror(path);
            goto out;
        }
    }
    long records = 0;
    for (size_t i = 0; i < n; i++)
        for (unsigned tp = g[i].tp; tp; tp &= tp - 1)
            records++;
    printf("replay %s -> %s: %zu requests (%ld new records)\n", a.updated ? a.updated : old_path,
           b.updated ? b.updated : new_path, n, records);
    struct totals here;
    memset(&here, 0, sizeof here);
    for (size_t i = 0; i < n; i++) {
        from[i] = f.n;
        if (pr_review_run(s, reqs, i, &f, &err)) {
            fprintf(stderr, "portreg-replay: %s: %s\n", g[i].name,
                    pr_error_format(&err, buf, sizeof buf));
            goto out;
        }
    }
    from[n] = f.n;
    for (size_t i = 0; i < n; i++) {
        int w = pr_findings_worst(&f, from[i], from[i + 1]);
        here.requests++;
        here.verdicts[w == PR_SEV_REJECT ? 2 : w == PR_SEV_WARN ? 1 : 0]++;
        for (size_t k = from[i]; k < from[i + 1]; k++)
            for (size_t r = 0; r < pr_rules_count() && r < 64; r++)
                if (!strcmp(pr_rule_at(r)->id, f.items[k].rule))
                    here.per_rule[r][f.items[k].severity]++;
        if (list) {
            printf("  %-16s %-11s %-9s %-8s", g[i].name, g[i].number[0] ? g[i].number : "none",
                   g[i].transports, pr_findings_verdict(&f, from[i], from[i + 1]));
            for (size_t k = from[i]; k < from[i + 1]; k++)
                printf(" %s:%c", f.items[k].rule, pr_severity_name(f.items[k].severity)[0]);
            putchar('\n');
        }
    }
    printf("  verdicts: %ld reject, %ld concerns, %ld clean\n", here.verdicts[2],
           here.verdicts[1], here.verdicts[0]);
    printf("  %-22s %6s %6s %6s   (requests with a finding of the rule)\n", "rule", "reject",
           "warn", "info");
    for (size_t r = 0; r < pr_rules_count() && r < 64; r++) {
        long *c = here.per_rule[r];
        if (c[0] || c[1] || c[2])
            printf("  %-22s %6ld %6ld %6ld\n", pr_rule_at(r)->id, c[2], c[1], c[0]);
    }
    printf("  rejects of real grants:\n");
    for (size_t i = 0; i < n; i++)
        for (size_t k = from[i]; k < from[i + 1]; k++) {
            const struct pr_finding *x = &f.items[k];
            char why[1024];
            if (x->severity != PR_SEV_REJECT)
                continue;
            here.rejects++;
            int ok = explained(&b, &g[i], x, why, sizeof why);
            here.explained += ok;
            here.unexplained += !ok;
            printf("    %-16s %s/%s %s: %s: %s\n", g[i].name,
                   g[i].number[0] ? g[i].number : "none", g[i].transports, x->rule,
                   ok ? "explained, someone else's in the older release" : "UNEXPLAINED",
                   ok ? why : x->message);
        }
    if (!here.rejects)
        printf("    none\n");
    printf("  discovery-port on the *-disc grants:");
    for (size_t i = 0; i < n; i++) {
        const char *hit = finding_of(&f, from[i], from[i + 1], "discovery-port");
        if (disc_name(g[i].name)) {
            here.disc++;
            here.disc_found += hit != NULL;
            printf(" %s%s", g[i].name, hit ? "" : " (MISSED)");
        }
    }
    printf("\n    recall %ld/%ld", here.disc_found, here.disc);
    printf("; flagged without a -disc name:");
    for (size_t i = 0; i < n; i++)
        if (!disc_name(g[i].name) && finding_of(&f, from[i], from[i + 1], "discovery-port")) {
            here.lookalikes++;
            printf(" %s", g[i].name);
        }
    printf("%s\n", here.lookalikes ? "" : " none");
    list_rule(&f, from, g, n, "secure-variant", "of");
    list_rule(&f, from, g, n, "run-conflict", "with");
    putchar('\n');
    t->requests += here.requests;
    for (int k = 0; k < 3; k++)
        t->verdicts[k] += here.verdicts[k];
    for (size_t r = 0; r < 64; r++)
        for (int k = 0; k < N_SEV; k++)
            t->per_rule[r][k] += here.per_rule[r][k];
    t->rejects += here.rejects;
    t->explained += here.explained;
    t->unexplained += here.unexplained;
    t->disc += here.disc;
    t->disc_found += here.disc_found;
    t->lookalikes += here.lookalikes;
    rc = 0;
out:
    for (size_t i = 0; reqs && i < n; i++)
        pr_request_release(&reqs[i]);
    free(reqs);
    free(from);
    free(g);
    pr_findings_release(&f);
    pr_store_free(s);
    unlink(db);
    snprintf(buf, sizeof buf, "%s-wal", db);
    unlink(buf);
    snprintf(buf, sizeof buf, "%s-shm", db);
    unlink(buf);
    pr_snapshot_release(&a);
    pr_snapshot_release(&b);
    return rc;
}

int main(int argc, char **argv)
{
    int list = 0, first = 1;
    const char *requests = NULL;
    struct totals t;
    memset(&t, 0, sizeof t);
    for (; first < argc && !strncmp(argv[first], "--", 2); first++) {
        if (!strcmp(argv[first], "--list"))
            list = 1;
        else if (!strcmp(argv[first], "--requests") && first + 1 < argc)
            requests = argv[++first];
        else
            break;
    }
    if (argc - first < 2 || (argc - first) % 2) {
        fprintf(stderr, "usage: portreg-replay [--list] [--requests PREFIX] OLD.xml NEW.xml "
                        "[OLD.xml NEW.xml ...]\n");
        return 2;
    }
    for (int i = first; i + 1 < argc; i += 2)
        if (replay_pair(argv[i], argv[i + 1], list, requests, &t))
            return 2;
    printf("all pairs: %ld requests: %ld reject, %ld concerns, %ld clean; "
           "%ld rejects (%ld explained, %ld unexplained); discovery recall %ld/%ld on the "
           "*-disc grants, %ld other grants flagged\n",
           t.requests, t.verdicts[2], t.verdicts[1], t.verdicts[0], t.rejects, t.explained,
           t.unexplained, t.disc_found, t.disc, t.lookalikes);
    return t.unexplained ? 1 : 0;
}
