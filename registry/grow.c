/* grow.c - pr_grow: the one growable-array step of portreg.  Every list
 * and arena grows through it (strings grow in a pr_strbuf, strbuf.h). */
#include "registry.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int pr_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap : first ? first : 1;
    while (ncap < n + 1) {
        if (ncap > SIZE_MAX / 2)
            return PR_ENOMEM;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return PR_ENOMEM;
    void *p;
    /* items points at some T*: copied through void* (no aliasing games). */
    memcpy(&p, items, sizeof p);
    void *np = realloc(p, ncap * size);
    if (!np)
        return PR_ENOMEM;
    memcpy(items, &np, sizeof np);
    *cap = ncap;
    return 0;
}
