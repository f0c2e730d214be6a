/* dl.h - private to importers/: load a shared library's functions into a
 * struct of pointers (xml_dl.c, curl_dl.c). */
#ifndef PORTREG_DL_H
#define PORTREG_DL_H

#include <stddef.h>

#include "registry.h"

struct pr_dl_sym {
    const char *name;
    size_t offset; /* of the pointer in the api struct */
};
#define PR_DL_SYM(type, field, name) {name, offsetof(type, field)}

/* dlopen(lib) and fill api from syms; *handle keeps the library loaded
 * (nothing to do when already set).  PR_EIO naming lib and what failed. */
int pr_dl_load(void **handle, const char *lib, const struct pr_dl_sym *syms, size_t n,
               void *api, const char *why, pr_error *err);

#endif
