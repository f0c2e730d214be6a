/* update.c - fetch IANA's registry over HTTP(S) with libcurl and import it.
 *
 * TLS verification stays on; the transfer has a connect timeout, a total
 * timeout and a size limit; a conditional GET (If-None-Match with the ETag,
 * If-Modified-Since with the Last-Modified of the last download, both kept
 * in meta) lets the server answer 304 Not Modified.  The body goes to a
 * temporary file and is imported with pr_import_file, whose single
 * transaction parses it completely before anything is replaced.  A
 * database with local edits since its last import (the editing procedures'
 * count, pr_history_edits_since_import) is only replaced with force.  Errors are one line: "cannot reach HOST (offline?)", not a stack
 * of curl codes.
 */
#include "curl_dl.h"
#include "edit.h"
#include "importers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define META_URL "update.url"
#define META_ETAG "update.etag"
#define META_LASTMOD "update.last_modified"
#define META_IMPORTED "update.imported_at" /* imported_at of the update's import */

void pr_update_opts_init(struct pr_update_opts *o)
{
    memset(o, 0, sizeof *o);
    o->url = PR_UPDATE_DEFAULT_URL;
    o->timeout = 120;
    o->max_bytes = 64L * 1024 * 1024;
}

struct fetch {
    FILE *out;
    long long bytes, max_bytes;
    int too_big;
    char etag[256], lastmod[128];
    const struct pr_update_opts *o;
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct fetch *f = ud;
    size_t len = size * n;
    if (f->bytes + (long long)len > f->max_bytes) {
        f->too_big = 1;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    f->bytes += (long long)len;
    return fwrite(p, 1, len, f->out);
}

/* Copy the value of header "name:" into buf. */
static int header_value(const char *line, size_t len, const char *name, char *buf, size_t blen)
{
    size_t nl = strlen(name);
    if (len <= nl || strncasecmp(line, name, nl) || line[nl] != ':')
        return 0;
    const char *v = line + nl + 1, *e = line + len;
    while (v < e && (*v == ' ' || *v == '\t'))
        v++;
    while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
        e--;
    snprintf(buf, blen, "%.*s", (int)(e - v), v);
    return 1;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct fetch *f = ud;
    size_t len = size * n;
    if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
        /* A new response (after a redirect): forget the previous headers. */
        f->etag[0] = f->lastmod[0] = 0;
        return len;
    }
    if (!header_value(p, len, "ETag", f->etag, sizeof f->etag))
        header_value(p, len, "Last-Modified", f->lastmod, sizeof f->lastmod);
    return len;
}

static int on_progress(void *ud, curl_off_t total, curl_off_t now, curl_off_t ut, curl_off_t un)
{
    struct fetch *f = ud;
    (void)ut;
    (void)un;
    if (f->o->progress)
        f->o->progress(f->o->progress_ud, (long long)now, (long long)total);
    return 0;
}

/* One line for a failed transfer. */
static int curl_failure(CURLcode cc, const char *errbuf, const char *url, struct fetch *f,
                        long timeout, pr_error *err)
{
    char host[256] = "";
    CURLU *u = curl_url();
    char *h = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
        snprintf(host, sizeof host, "%s", h);
    curl_free(h);
    curl_url_cleanup(u);
    switch (cc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return pr_error_set(err, PR_EIO, "cannot resolve '%s' (offline?)", host);
    case CURLE_COULDNT_CONNECT:
        return pr_error_set(err, PR_EIO, "cannot connect to '%s' (offline?)", host);
    case CURLE_OPERATION_TIMEDOUT:
        return pr_error_set(err, PR_EIO, "download from '%s' timed out after %ld s", host,
                            timeout);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CONNECT_ERROR:
        return pr_error_set(err, PR_EIO, "TLS verification of '%s' failed: %s", host,
                            *errbuf ? errbuf : curl_easy_strerror(cc));
    case CURLE_FILESIZE_EXCEEDED:
        f->too_big = 1;
        /* fall through */
    case CURLE_WRITE_ERROR:
        if (f->too_big)
            return pr_error_set(err, PR_EIO, "download from '%s' is larger than the limit "
                                "of %lld bytes", host, f->max_bytes);
        /* fall through */
    default:
        return pr_error_set(err, PR_EIO, "cannot download %s: %s", url,
                            *errbuf ? errbuf : curl_easy_strerror(cc));
    }
}

static int get_meta(pr_store *s, const char *key, char **v, pr_error *err)
{
    int rc = pr_store_meta_get(s, key, v, err);
    if (rc == PR_ENOTFOUND) {
        *v = NULL;
        pr_error_clear(err);
        return 0;
    }
    return rc;
}

/* A validator kept in meta goes into a request header: from a crafted
 * database a line break would add headers of its own. */
static int header_safe(pr_store *s, const char *key, const char *v, pr_error *err)
{
    for (const unsigned char *p = (const unsigned char *)v; p && *p; p++)
        if (*p < 0x20 || *p > 0x7e || p - (const unsigned char *)v > 190)
            return pr_error_at(err, PR_ESCHEMA, pr_store_path(s), 0, 0,
                               "damaged database: table 'meta', row '%s': value is not an HTTP "
                               "header value", key);
    return 0;
}

/* Download o->url into f->out; sets *status to the HTTP status. */
static int download(pr_store *s, const struct pr_update_opts *o, struct fetch *f, long *status,
                    pr_error *err)
{
    char *old_url = NULL, *etag = NULL, *lastmod = NULL, *upd_at = NULL, *imp_at = NULL,
         *source = NULL;
    char errbuf[CURL_ERROR_SIZE] = "";
    char hdr1[300], hdr2[200], ua[64];
    struct curl_slist *hdrs = NULL;
    CURL *c = NULL;
    int rc;

    if ((rc = get_meta(s, META_URL, &old_url, err)) || (rc = get_meta(s, META_ETAG, &etag, err)) ||
        (rc = get_meta(s, META_LASTMOD, &lastmod, err)) ||
        (rc = get_meta(s, META_IMPORTED, &upd_at, err)) ||
        (rc = get_meta(s, "imported_at", &imp_at, err)) ||
        (rc = get_meta(s, "source", &source, err)) ||
        (rc = header_safe(s, META_ETAG, etag, err)) ||
        (rc = header_safe(s, META_LASTMOD, lastmod, err)))
        goto out;
    /* Conditional only for the same URL and a database that still holds
     * what that download gave (no 'import' since). */
    if (!o->force && old_url && !strcmp(old_url, o->url) && source && !strcmp(source, o->url) &&
        upd_at && imp_at && !strcmp(upd_at, imp_at) && pr_store_has_registry(s, NULL) > 0) {
        if (etag && *etag) {
            snprintf(hdr1, sizeof hdr1, "If-None-Match: %s", etag);
            hdrs = curl_slist_append(hdrs, hdr1);
        }
        if (lastmod && *lastmod) {
            snprintf(hdr2, sizeof hdr2, "If-Modified-Since: %s", lastmod);
            hdrs = curl_slist_append(hdrs, hdr2);
        }
    }
    if (!(c = curl_easy_init())) {
        rc = pr_error_set(err, PR_ENOMEM, "cannot start libcurl");
        goto out;
    }
    snprintf(ua, sizeof ua, "portreg/%s", pr_version());
    curl_easy_setopt(c, CURLOPT_URL, o->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_USERAGENT, ua);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, f);
    if (o->progress) {
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, f);
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    }
    CURLcode cc = curl_easy_perform(c);
    if (cc != CURLE_OK) {
        rc = curl_failure(cc, errbuf, o->url, f, o->timeout, err);
        goto out;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    if (*status == 304 && !hdrs)
        /* Not modified since what?  Nothing was asked conditionally: a
         * broken server or proxy, not an answer. */
        rc = pr_error_set(err, PR_EIO, "cannot download %s: the server answered 304 Not "
                          "Modified to a request that was not conditional", o->url);
    else if (*status != 200 && *status != 304)
        rc = pr_error_set(err, PR_EIO, "cannot download %s: the server answered HTTP %ld",
                          o->url, *status);
out:
    curl_easy_cleanup(c);
    curl_slist_free_all(hdrs);
    free(old_url);
    free(etag);
    free(lastmod);
    free(upd_at);
    free(imp_at);
    free(source);
    return rc;
}

static int save_validators(pr_store *s, const char *url, const struct fetch *f, pr_error *err)
{
    char *imp_at = NULL;
    int rc = pr_store_begin(s, err);
    if (rc)
        return rc;
    if ((rc = get_meta(s, "imported_at", &imp_at, err)) ||
        (rc = pr_store_meta_set(s, META_IMPORTED, imp_at ? imp_at : "", err)) ||
        (rc = pr_store_meta_set(s, META_URL, url, err)) ||
        (rc = pr_store_meta_set(s, META_ETAG, f->etag, err)) ||
        (rc = pr_store_meta_set(s, META_LASTMOD, f->lastmod, err)) ||
        (rc = pr_store_meta_set(s, "source", url, err)) || (rc = pr_store_commit(s, err)))
        pr_store_rollback(s);
    free(imp_at);
    return rc;
}

int pr_update(pr_store *s, const struct pr_update_opts *o, struct pr_update_result *res,
              pr_error *err)
{
    char tmp[4096];
    const char *dir = o->tmpdir;
    struct fetch f = {.max_bytes = o->max_bytes, .o = o};
    const struct pr_importer *im = NULL;
    long status = 0;
    int fd = -1, rc;

    memset(res, 0, sizeof *res);
    if (!o->url || !*o->url)
        return pr_error_set(err, PR_EINVAL, "no URL to update from");
    int has = pr_store_has_registry(s, err);
    if (has < 0)
        return has;
    if (has && !o->force) {
        long n = pr_history_edits_since_import(s, err);
        if (n < 0)
            return (int)n;
        if (n > 0)
            return pr_error_field(err, PR_EREFUSED, "force",
                                  "the database has %ld local change%s since its last import; "
                                  "forcing the update replaces %s", n, n == 1 ? "" : "s",
                                  n == 1 ? "it" : "them");
    }
    snprintf(tmp, sizeof tmp, "%s/portreg-update-XXXXXX", dir && *dir ? dir : "/tmp");
    /* registered: an interrupted update removes it (pr_temp_cleanup) */
    if ((fd = pr_temp_mkstemp(tmp)) < 0)
        return pr_error_set(err, PR_EIO, "cannot create a temporary file in %s: %s",
                            dir && *dir ? dir : "/tmp", strerror(errno));
    if (!(f.out = fdopen(fd, "wb"))) {
        rc = pr_error_set(err, PR_EIO, "cannot write %s: %s", tmp, strerror(errno));
        close(fd);
        goto out;
    }
    if ((rc = pr_curl_load(err)))
        goto out;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        rc = pr_error_set(err, PR_EIO, "cannot start libcurl");
        goto out;
    }
    rc = download(s, o, &f, &status, err);
    curl_global_cleanup();
    if (fclose(f.out) && !rc)
        rc = pr_error_set(err, PR_EIO, "cannot write %s: %s", tmp, strerror(errno));
    f.out = NULL;
    if (rc)
        goto out;
    res->bytes = f.bytes;
    if (status == 304) {
        res->not_modified = 1;
        goto out;
    }
    /* Only a registry may replace the registry. */
    if ((rc = pr_importer_sniff(tmp, &im, err)) || !im->is_registry ||
        !strcmp(im->name, "services")) {
        if (!rc)
            rc = PR_EPARSE;
        pr_error_at(err, PR_EPARSE, o->url, 0, 0,
                    "the download is not IANA's registry (XML or CSV)%s%s",
                    im ? "; it looks like " : "", im ? im->name : "");
        goto out;
    }
    rc = pr_import_file(s, tmp, im->name, PR_IMPORT_REPLACE | (o->force ? PR_IMPORT_FORCE : 0),
                        &res->import, err);
    if (rc) {
        /* Name the URL, not the temporary file. */
        if (err && !strcmp(err->file, tmp))
            snprintf(err->file, sizeof err->file, "%s", o->url);
        goto out;
    }
    rc = save_validators(s, o->url, &f, err);
out:
    if (f.out)
        fclose(f.out);
    unlink(tmp);
    pr_temp_forget(tmp);
    return rc;
}
