/* text.c - small text helpers shared by the writers and the front ends:
 * white space folding and references written as IANA writes them. */
#include "registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

char *pr_text_fold(const char *s)
{
    char *out = malloc(strlen(s ? s : "") + 1), *o = out;
    int space = 0;
    if (!out)
        return NULL;
    for (; s && *s; s++) {
        if (isspace((unsigned char)*s)) {
            space = o != out;
        } else {
            if (space)
                *o++ = ' ';
            space = 0;
            *o++ = *s;
        }
    }
    *o = 0;
    return out;
}

char *pr_record_references(const struct pr_record *r)
{
    size_t len = 1;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        const char *v = x->text ? x->text : x->data ? x->data : "";
        len += strlen(v) + 5;
    }
    char *out = malloc(len), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if (x->role != PR_ROLE_REF || !x->type || !strcmp(x->type, "person"))
            continue;
        /* Its text when it has one, else rfcNNNN as RFCNNNN, else data. */
        const char *v = x->text ? x->text : x->data ? x->data : "";
        int rfc = !x->text && !strcmp(x->type, "rfc") && !strncmp(v, "rfc", 3);
        o += sprintf(o, rfc ? "[RFC%s]" : "[%s]", rfc ? v + 3 : v);
    }
    *o = 0;
    return out;
}
