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

const char *pr_reference_label(const struct pr_xref *x, int *rfc)
{
    const char *v = x->text ? x->text : x->data ? x->data : "";
    *rfc = !x->text && x->type && !strcmp(x->type, "rfc") && !strncmp(v, "rfc", 3);
    return *rfc ? v + 3 : v;
}
