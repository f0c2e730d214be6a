/* curl_dl.c - loads libcurl on first use (see curl_dl.h for why). */
#include "curl_dl.h"
#include "dl.h"

struct pr_curl_api pr_curl;

static void *lib_handle;

int pr_curl_load(pr_error *err)
{
    static const struct pr_dl_sym syms[] = {
        PR_DL_SYM(struct pr_curl_api, global_init, "curl_global_init"),
        PR_DL_SYM(struct pr_curl_api, global_cleanup, "curl_global_cleanup"),
        PR_DL_SYM(struct pr_curl_api, easy_init, "curl_easy_init"),
        PR_DL_SYM(struct pr_curl_api, easy_setopt, "curl_easy_setopt"),
        PR_DL_SYM(struct pr_curl_api, easy_perform, "curl_easy_perform"),
        PR_DL_SYM(struct pr_curl_api, easy_getinfo, "curl_easy_getinfo"),
        PR_DL_SYM(struct pr_curl_api, easy_cleanup, "curl_easy_cleanup"),
        PR_DL_SYM(struct pr_curl_api, easy_strerror, "curl_easy_strerror"),
        PR_DL_SYM(struct pr_curl_api, slist_append, "curl_slist_append"),
        PR_DL_SYM(struct pr_curl_api, slist_free_all, "curl_slist_free_all"),
        PR_DL_SYM(struct pr_curl_api, url, "curl_url"),
        PR_DL_SYM(struct pr_curl_api, url_set, "curl_url_set"),
        PR_DL_SYM(struct pr_curl_api, url_get, "curl_url_get"),
        PR_DL_SYM(struct pr_curl_api, url_cleanup, "curl_url_cleanup"),
        PR_DL_SYM(struct pr_curl_api, free, "curl_free"),
    };
    return pr_dl_load(&lib_handle, "libcurl.so.4", syms, sizeof syms / sizeof *syms, &pr_curl,
                      "update", err);
}
