/* name_similar.c - name-similar: an existing name one edit away from the
 * requested one, or equal to it once hyphens and digits are ignored. */
#include "rules_int.h"

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

/* s without hyphens and digits, lower-cased, into buf. */
static const char *skeleton(const char *s, char *buf, size_t len)
{
    size_t k = 0;
    for (; *s && k + 1 < len; s++)
        if (*s != '-' && !isdigit((unsigned char)*s))
            buf[k++] = (char)tolower((unsigned char)*s);
    buf[k] = 0;
    return buf;
}

static int check(struct pr_rule_ctx *c, const struct pr_request *req)
{
    const char *name = req->field[PR_REQ_SERVICE_NAME];
    char **names, sk[64], sk2[64], list[256] = "";
    const char *rel[5];
    size_t n, k = 0;
    int rc;
    if (!name || !*name || strlen(name) > 60)
        return 0;
    if ((rc = pr_ctx_names(c, &names, &n)))
        return rc;
    skeleton(name, sk, sizeof sk);
    for (size_t i = 0; i < n && k < 5; i++) {
        if (!strcasecmp(names[i], name))
            continue; /* name-taken's business */
        if (one_edit(name, names[i]) ||
            (*sk && !strcmp(sk, skeleton(names[i], sk2, sizeof sk2)))) {
            size_t ol = strlen(list);
            snprintf(list + ol, sizeof list - ol, "%s'%s'", k ? ", " : "", names[i]);
            rel[k++] = names[i];
        }
    }
    if (!k)
        return 0;
    return pr_rule_emit(c, -1, name, NULL, rel, k,
                        "make sure the request is not for one of these services; pick a name "
                        "users will not confuse with them",
                        "service name '%s' is close to existing %s %s", name,
                        k > 1 ? "names" : "name", list);
}

const struct pr_rule pr_rule_name_similar = {
    .id = "name-similar",
    .rfc = "RFC 6335 §5.1",
    .summary = "an existing name is nearly the same",
    .severity = PR_SEV_INFO,
    .check = check,
    .audit = NULL,
};
