/* services_check.c - what a services(5) file answers under glibc's
 * first-match rules (nss_files: each lookup reads the file from the top
 * and returns the first matching line): the names and ports/transports
 * that an earlier line hides, lines longer than musl reads in one piece,
 * and names glibc cannot read.  The keys of every line are sorted once; the
 * first line of each key answers, the others are shadowed. */
#include "services_int.h"

#include <stdlib.h>
#include <string.h>

int svc_key_cmp(const void *a, const void *b)
{
    const struct svc_key *x = a, *y = b;
    int c;
    if (!x->name != !y->name)
        return x->name ? -1 : 1;
    if (x->name && (c = strcmp(x->name, y->name)))
        return c;
    if ((c = strcmp(x->protocol, y->protocol)))
        return c;
    if (!x->name && x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int same_key(const struct svc_key *x, const struct svc_key *y)
{
    return !x->name == !y->name && !strcmp(x->protocol, y->protocol) &&
           (x->name ? !strcmp(x->name, y->name) : x->port == y->port);
}

/* Items found, ordered for the report. */
struct found {
    struct pr_check_item it;
    size_t idx, order; /* line index; order within the line */
};

static int found_cmp(const void *a, const void *b)
{
    const struct found *x = a, *y = b;
    if (x->idx != y->idx)
        return x->idx < y->idx ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

int svc_check_run(const struct svc_check_line *l, size_t n, int width, pr_check_cb cb,
                  void *ud, struct pr_check_counts *counts, pr_error *err)
{
    struct svc_key *k = NULL;
    struct found *f = NULL;
    size_t nk = 0, ck = 0, nf = 0, cf = 0;
    int *live = NULL; /* per line: names not shadowed */
    int rc = 0;

    if (n && !(live = calloc(n, sizeof *live)))
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        counts->lines++;
        if (l[i].unreadable)
            continue;
        /* The line's name and aliases, each once, and its port. */
        for (size_t a = 0; a <= l[i].n_aliases; a++) {
            const char *nm = a ? l[i].aliases[a - 1] : l[i].name;
            int dup = 0;
            for (size_t b = 0; b < a && !dup; b++)
                dup = !strcmp(nm, b ? l[i].aliases[b - 1] : l[i].name);
            if (dup)
                continue;
            if (pr_grow(&k, &ck, nk, sizeof *k, 1024))
                goto nomem;
            k[nk++] = (struct svc_key){nm, l[i].protocol, l[i].port, i};
        }
        if (pr_grow(&k, &ck, nk, sizeof *k, 1024))
            goto nomem;
        k[nk++] = (struct svc_key){NULL, l[i].protocol, l[i].port, i};
    }
    if (nk)
        qsort(k, nk, sizeof *k, svc_key_cmp);
    for (size_t i = 0; i < nk; i++) {
        const struct svc_key *first = &k[i];
        if (first->name)
            live[first->idx]++;
        size_t j = i + 1;
        for (; j < nk && same_key(&k[j], first); j++) {
            const struct svc_check_line *by = &l[first->idx];
            if (pr_grow(&f, &cf, nf, sizeof *f, 256))
                goto nomem;
            f[nf++] = (struct found){
                .it = {.kind = k[j].name ? PR_CHECK_SHADOWED_NAME : PR_CHECK_SHADOWED_PORT,
                       .name = k[j].name ? k[j].name : l[k[j].idx].name,
                       .protocol = k[j].protocol, .port = k[j].port, .line = l[k[j].idx].line,
                       .by_line = by->line, .by_name = by->name, .by_port = by->port},
                .idx = k[j].idx, .order = k[j].name ? 0 : 1};
        }
        i = j - 1;
    }
    for (size_t i = 0; i < n; i++) {
        int kind = l[i].unreadable ? PR_CHECK_UNREADABLE
                   : width > 0 && l[i].bytes > (size_t)width ? PR_CHECK_LONG_LINE : -1;
        if (kind < 0)
            continue;
        if (pr_grow(&f, &cf, nf, sizeof *f, 256))
            goto nomem;
        f[nf++] = (struct found){.it = {.kind = kind, .name = l[i].name,
                                        .protocol = l[i].protocol, .port = l[i].port,
                                        .line = l[i].line, .bytes = l[i].bytes},
                                 .idx = i, .order = 2};
    }
    if (nf)
        qsort(f, nf, sizeof *f, found_cmp);
    for (size_t i = 0; i < nf && !rc; i++) {
        struct pr_check_item *it = &f[i].it;
        switch (it->kind) {
        case PR_CHECK_SHADOWED_NAME: counts->shadowed_names++; break;
        case PR_CHECK_SHADOWED_PORT:
            counts->shadowed_ports++;
            it->unreachable = !live[f[i].idx];
            break;
        case PR_CHECK_LONG_LINE: counts->long_lines++; break;
        default: counts->unreadable++; break;
        }
        rc = cb ? cb(it, ud) : 0;
    }
    goto out;
nomem:
    rc = pr_error_set(err, PR_ENOMEM, "out of memory");
out:
    free(k);
    free(f);
    free(live);
    return rc;
}

/* ---- a file -------------------------------------------------------------- */

struct file_lines {
    struct svc_check_line *v;
    size_t n, cap;
    char **strs; /* what v points to */
    size_t n_strs, cap_strs;
};

static const char *keep(struct file_lines *fl, const char *s, int *oom)
{
    char *d;
    if (*oom || pr_grow(&fl->strs, &fl->cap_strs, fl->n_strs, sizeof *fl->strs, 1024) ||
        !(d = strdup(s))) {
        *oom = 1;
        return NULL;
    }
    return fl->strs[fl->n_strs++] = d;
}

static int file_line_cb(const struct pr_service_entry *e, void *ud, pr_error *err)
{
    struct file_lines *fl = ud;
    int oom = 0;
    if (pr_grow(&fl->v, &fl->cap, fl->n, sizeof *fl->v, 1024))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    struct svc_check_line *l = &fl->v[fl->n];
    memset(l, 0, sizeof *l);
    l->name = keep(fl, e->name, &oom);
    l->protocol = keep(fl, e->protocol, &oom);
    l->port = e->port;
    l->line = e->line;
    l->bytes = e->bytes;
    l->unreadable = e->unreadable;
    if (e->n_aliases && !oom) {
        /* One block: the pointers, then nothing else to free. */
        const char **a = malloc(e->n_aliases * sizeof *a);
        if (!a || pr_grow(&fl->strs, &fl->cap_strs, fl->n_strs, sizeof *fl->strs, 1024)) {
            free(a);
            oom = 1;
        } else {
            fl->strs[fl->n_strs++] = (char *)a;
            for (size_t i = 0; i < e->n_aliases; i++)
                a[i] = keep(fl, e->aliases[i], &oom);
            l->aliases = a;
            l->n_aliases = e->n_aliases;
        }
    }
    if (oom)
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    fl->n++;
    return 0;
}

int pr_services_check_file(const char *path, int width, pr_check_cb cb, void *ud,
                           struct pr_check_counts *counts, pr_error *err)
{
    struct file_lines fl = {0};
    memset(counts, 0, sizeof *counts);
    int rc = pr_services_each(path, file_line_cb, &fl, err);
    if (!rc)
        rc = svc_check_run(fl.v, fl.n, width, cb, ud, counts, err);
    for (size_t i = 0; i < fl.n_strs; i++)
        free(fl.strs[i]);
    free(fl.strs);
    free(fl.v);
    return rc;
}
