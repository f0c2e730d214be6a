/* text.c - small text helpers shared by the writers and the front ends:
 * white space folding, line breaking for wrapped text, and references
 * written as IANA writes them. */
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

size_t pr_text_line(const char *s, int room, int (*width)(const char *p, size_t n))
{
    size_t k = 0, brk = 0;
    int used = 0;
    while (s[k] && s[k] != '\n') {
        size_t n = 1;
        while (((unsigned char)s[k + n] & 0xc0) == 0x80)
            n++;
        int cw = width(s + k, n);
        if (used + cw > room && k)
            break;
        if (s[k] == ' ' && k)
            brk = k;
        used += cw;
        k += n;
    }
    return s[k] && s[k] != '\n' && brk ? brk : k;
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
