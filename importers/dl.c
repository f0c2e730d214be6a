/* dl.c - see dl.h. */
#include "dl.h"

#include <dlfcn.h>
#include <string.h>

int pr_dl_load(void **handle, const char *lib, const struct pr_dl_sym *syms, size_t n,
               void *api, const char *why, pr_error *err)
{
    if (*handle)
        return 0;
    void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return pr_error_set(err, PR_EIO, "%s needs %s: %s", why, lib, dlerror());
    for (size_t i = 0; i < n; i++) {
        void *f = dlsym(h, syms[i].name);
        if (!f) {
            dlclose(h);
            return pr_error_set(err, PR_EIO, "%s lacks %s (too old?)", lib, syms[i].name);
        }
        /* POSIX: a dlsym result converts to a function pointer; memcpy
         * keeps -Wpedantic quiet about it. */
        memcpy((char *)api + syms[i].offset, &f, sizeof f);
    }
    *handle = h;
    return 0;
}
