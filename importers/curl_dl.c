/* curl_dl.c - loads libcurl on first use (see curl_dl.h for why). */
#include "curl_dl.h"

#include <dlfcn.h>
#include <string.h>

struct pr_curl_api pr_curl;

static void *curl_lib;

int pr_curl_load(pr_error *err)
{
    static const struct {
        const char *name;
        size_t offset;
    } syms[] = {
#define SYM(field, name) {name, offsetof(struct pr_curl_api, field)}
        SYM(global_init, "curl_global_init"),
        SYM(global_cleanup, "curl_global_cleanup"),
        SYM(easy_init, "curl_easy_init"),
        SYM(easy_setopt, "curl_easy_setopt"),
        SYM(easy_perform, "curl_easy_perform"),
        SYM(easy_getinfo, "curl_easy_getinfo"),
        SYM(easy_cleanup, "curl_easy_cleanup"),
        SYM(easy_strerror, "curl_easy_strerror"),
        SYM(slist_append, "curl_slist_append"),
        SYM(slist_free_all, "curl_slist_free_all"),
        SYM(url, "curl_url"),
        SYM(url_set, "curl_url_set"),
        SYM(url_get, "curl_url_get"),
        SYM(url_cleanup, "curl_url_cleanup"),
        SYM(free, "curl_free"),
#undef SYM
    };
    if (curl_lib)
        return 0;
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return pr_error_set(err, PR_EIO, "update needs libcurl (libcurl.so.4): %s", dlerror());
    for (size_t i = 0; i < sizeof syms / sizeof *syms; i++) {
        void *f = dlsym(lib, syms[i].name);
        if (!f) {
            dlclose(lib);
            return pr_error_set(err, PR_EIO, "libcurl.so.4 lacks %s; libcurl 7.62 or later is needed",
                                syms[i].name);
        }
        /* POSIX guarantees a data pointer from dlsym converts to a function
         * pointer; memcpy keeps -Wpedantic quiet about it. */
        memcpy((char *)&pr_curl + syms[i].offset, &f, sizeof f);
    }
    curl_lib = lib;
    return 0;
}
