/* curl_dl.h - private to importers/: libcurl, loaded on first use.
 *
 * Only `portreg update` talks HTTP, and linking libcurl pulls some thirty
 * libraries (TLS, GSSAPI, LDAP, SSH, ...) into every process: the dynamic
 * linker's work for them made a whole `portreg search` several times slower.
 * So libcurl is dlopen()ed by pr_curl_load(), and the curl_* calls in
 * update.c go through the function pointers below.  Include this header
 * instead of <curl/curl.h>. */
#ifndef PORTREG_CURL_DL_H
#define PORTREG_CURL_DL_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

#include "registry.h"

struct pr_curl_api {
    CURLcode (*global_init)(long flags);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *curl);
    CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *curl);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
    void (*slist_free_all)(struct curl_slist *list);
    CURLU *(*url)(void);
    CURLUcode (*url_set)(CURLU *u, CURLUPart what, const char *part, unsigned int flags);
    CURLUcode (*url_get)(const CURLU *u, CURLUPart what, char **part, unsigned int flags);
    void (*url_cleanup)(CURLU *u);
    void (*free)(void *p);
};
extern struct pr_curl_api pr_curl;

/* Load libcurl (once); PR_EIO with a message naming the library if it
 * cannot be loaded. */
int pr_curl_load(pr_error *err);

/* curl.h may define some of these names as macros itself. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init pr_curl.global_init
#define curl_global_cleanup pr_curl.global_cleanup
#define curl_easy_init pr_curl.easy_init
#define curl_easy_setopt pr_curl.easy_setopt
#define curl_easy_perform pr_curl.easy_perform
#define curl_easy_getinfo pr_curl.easy_getinfo
#define curl_easy_cleanup pr_curl.easy_cleanup
#define curl_easy_strerror pr_curl.easy_strerror
#define curl_slist_append pr_curl.slist_append
#define curl_slist_free_all pr_curl.slist_free_all
#define curl_url pr_curl.url
#define curl_url_set pr_curl.url_set
#define curl_url_get pr_curl.url_get
#define curl_url_cleanup pr_curl.url_cleanup
#define curl_free pr_curl.free

#endif
