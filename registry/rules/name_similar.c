/* name_similar.c - name-similar: an existing name one edit away from the
 * requested one, or equal to it once hyphens and digits are ignored. */
#include "rules_int.h"
#include "strbuf.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Are a and b at most one insertion, deletion or substitution apart
 * (ignoring case)? */
static int one_edit(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > nb) {
        const char *t = a; a = b; b = t;
        size_t tn = na; na = nb; nb = tn;
    }
    if (nb - na > 1)
        return 0;
    size_t i = 0;
    while (i < na && tolower((unsigned char)a[i]) == tolower((unsigned char)b[i]))
        i++;
    if (na == nb)
        return !strcasecmp(a + i + (i < na), b + i + (i < nb));
    return !strcasecmp(a + i, b + i + 1);
}

#define MAX_SIMILAR 5

struct similar {
    const char *name;
    char sk[64];
    char found[MAX_SIMILAR][64];
    size_t n;
};

static int on_name(const char *existing, void *ud)
{
    struct similar *s = ud;
    char sk2[64];
    if (!strcasecmp(existing, s->name))
        return 0; /* name-taken's business */
    /* the skeleton's first letter decides most names cheaply */
    const char *f = existing;
    while (*f == '-' || isdigit((unsigned char)*f))
        f++;
    int maybe = *s->sk && tolower((unsigned char)*f) == s->sk[0];
    if (one_edit(s->name, existing) ||
        (maybe && !strcmp(s->sk, (pr_name_skeleton(existing, sk2, sizeof sk2), sk2))))
        snprintf(s->found[s->n++], sizeof s->found[0], "%s", existing);
    return s->n == MAX_SIMILAR;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    struct similar s = {.name = name};
    const char *rel[MAX_SIMILAR];
    struct pr_strbuf list = PR_STRBUF_INIT;
    int rc;
    if (!name || !*name || strlen(name) > 60)
        return 0;
    pr_name_skeleton(name, s.sk, sizeof s.sk);
    if ((rc = pr_ctx_each_near_name(c, name, on_name, &s)) < 0)
        return rc;
    if (!s.n)
        return 0;
    for (size_t i = 0; i < s.n; i++) {
        pr_strbuf_addf(&list, "%s'%s'", i ? ", " : "", s.found[i]);
        rel[i] = s.found[i];
    }
    rc = list.oom ? pr_error_set(c->err, PR_ENOMEM, "out of memory")
         : pr_rule_emit(c, -1, name, NULL, rel, s.n,
                        "make sure the request is not for one of these services; pick a name "
                        "users will not confuse with them",
                        "service name '%s' is close to existing %s %s", name,
                        s.n > 1 ? "names" : "name", pr_strbuf_str(&list));
    pr_strbuf_release(&list);
    return rc;
}

const struct pr_rule pr_rule_name_similar = {
    .id = "name-similar",
    .rfc = "RFC 6335 §5",
    .summary = "an existing name is nearly the same",
    .severity = PR_SEV_INFO,
    .check = check,
    .audit = NULL,
};
