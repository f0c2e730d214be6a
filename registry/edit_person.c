/* edit_person.c - people: the contact or assignee an edit names, resolved
 * to a known person or added as a new one, and the person procedures
 * (add, modify). */
#include "edit_int.h"
#include "history_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- people ----------------------------------------------------------------------- */

void pr_person_id_from_name(const char *name, char *out, size_t len)
{
    size_t o = 0;
    int sep = 0;
    if (!len)
        return;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 1 < len; p++) {
        if (isalnum(*p) || *p >= 0x80) {
            if (sep && o && o + 2 < len)
                out[o++] = '_';
            sep = 0;
            out[o++] = (char)*p;
        } else {
            sep = 1;
        }
    }
    out[o] = 0;
}

/* "mailto:a@b" / "a@b" -> "mailto:a&b", as IANA writes addresses. */
static char *iana_uri(const char *uri)
{
    size_t len = strlen(uri);
    int bare = !strchr(uri, ':') && strchr(uri, '@');
    char *out = malloc(len + 8);
    if (!out)
        return NULL;
    snprintf(out, len + 8, "%s%s", bare ? "mailto:" : "", uri);
    if (!strncmp(out, "mailto:", 7))
        for (char *p = out; *p; p++)
            if (*p == '@')
                *p = '&';
    return out;
}

static int person_exists(pr_store *s, const char *id, pr_error *err)
{
    int dberr = 0;
    long long v = pr_sql_scalar(s, "SELECT 1 FROM person WHERE id = ?1", 0, &dberr, "s", id);
    return dberr ? pr_store_dberr(s, err, "cannot read people") : (int)v;
}

/* The person that spec names ("Name <mail>" or a known id), created when
 * new; id copied into out. */
int pr_edit_resolve_person(struct pr_change_txn *ch, const char *spec, const char *what, char *out,
                           size_t len, pr_error *err)
{
    const char *lt = spec ? strchr(spec, '<') : NULL;
    size_t slen = spec ? strlen(spec) : 0;
    int rc;
    /* The option the text came in names the problem (not the person's
     * "name" it would become). */
    if ((rc = pr_change_clean_text(what, spec, err)))
        return rc;
    if (!spec || !*spec)
        return pr_error_field(err, PR_EINVAL, what, "the %s is required (\"Name <mail>\" or a person id)",
                            what);
    if (!lt) {
        if ((rc = person_exists(ch->s, spec, err)) < 0)
            return rc;
        if (!rc)
            return pr_error_field(err, PR_ENOTFOUND, what,
                                "unknown person '%s' for the %s (give \"Name <mail>\" to add one)",
                                spec, what);
        snprintf(out, len, "%s", spec);
        return 0;
    }
    const char *gt = strchr(lt, '>');
    if (!gt || gt[1] || !strchr(lt, '@') || slen > 400)
        return pr_error_field(err, PR_EINVAL, what, "%s '%s' is not \"Name <mail>\"", what, spec);
    char name[256], mail[256];
    snprintf(name, sizeof name, "%.*s", (int)(lt - spec), spec);
    for (size_t n = strlen(name); n && isspace((unsigned char)name[n - 1]);)
        name[--n] = 0;
    snprintf(mail, sizeof mail, "%.*s", (int)(gt - lt - 1), lt + 1);
    char *uri = iana_uri(mail);
    if (!uri)
        return pr_edit_nomem(err);
    /* The same address is the same person. */
    sqlite3_stmt *st = NULL;
    rc = 0;
    if (sqlite3_prepare_v2(ch->s->db,
                           "SELECT id FROM person WHERE instr(lower(char(10)||uri||char(10)), "
                           "lower(char(10)||?1||char(10))) > 0 ORDER BY seq LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK) {
        free(uri);
        return pr_store_dberr(ch->s, err, "cannot read people");
    }
    sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
        snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        free(uri);
        return 0;
    }
    /* An error is not "nobody has that address": SQLite may have rolled
     * the change back, and the person added next would commit alone. */
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        rc = pr_store_dberr(ch->s, err, "cannot read people");
        sqlite3_finalize(st);
        free(uri);
        return rc;
    }
    sqlite3_finalize(st);
    char base[200], id[220];
    pr_person_id_from_name(*name ? name : mail, base, sizeof base);
    if (!*base) {
        free(uri);
        return pr_error_field(err, PR_EINVAL, what, "%s '%s' has no name to make a person id from",
                            what, spec);
    }
    snprintf(id, sizeof id, "%s", base);
    for (int k = 2; (rc = person_exists(ch->s, id, err)) > 0; k++)
        snprintf(id, sizeof id, "%s%d", base, k);
    if (rc < 0) {
        free(uri);
        return rc;
    }
    struct pr_person p;
    pr_person_init(&p);
    p.id = id;
    p.name = *name ? name : NULL;
    p.uri = uri;
    p.updated = ch->date;
    if (!(rc = pr_edit_place_person(ch, &p, err)))
        rc = pr_change_insert_person(ch, &p, err);
    free(uri);
    if (!rc)
        snprintf(out, len, "%s", id);
    return rc;
}

/* ---- people ---------------------------------------------------------------------- */

static int check_person_id(const char *id, pr_error *err)
{
    if (!id || !*id)
        return pr_error_set(err, PR_EINVAL, "a person id is required");
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (isspace(*p) || *p == '"' || *p == '<' || *p == '>' || *p == '&')
            return pr_error_set(err, PR_EINVAL,
                                "person id '%s' may not hold spaces, quotes, '<', '>' or '&' "
                                "(IANA writes First_Last)", id);
    return 0;
}

int pr_edit_person_add(pr_store *s, const char *id, const char *name, const char *org,
                       const char *uri, struct pr_edit_result *res, pr_error *err)
{
    struct pr_change_txn ch;
    struct pr_person p;
    char *u = NULL;
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if ((rc = check_person_id(id, err)))
        return rc;
    if (!uri || !*uri)
        return pr_error_field(err, PR_EINVAL, "uri", "person '%s' needs a URI (mailto: or http)",
                              id);
    if (!(u = iana_uri(uri)))
        return pr_edit_nomem(err);
    if ((rc = pr_change_begin(s, &ch, "person add", err))) {
        free(u);
        return rc;
    }
    if ((rc = person_exists(s, id, err)) != 0) {
        if (rc > 0)
            rc = pr_error_set(err, PR_EEXIST, "person '%s' already exists (change it instead "
                                              "of adding it)", id);
        goto fail;
    }
    pr_person_init(&p);
    p.id = (char *)id;
    p.name = name && *name ? (char *)name : NULL;
    p.org = org && *org ? (char *)org : NULL;
    p.uri = u;
    p.updated = ch.date;
    if ((rc = pr_edit_place_person(&ch, &p, err)) || (rc = pr_change_insert_person(&ch, &p, err)))
        goto fail;
    free(u);
    snprintf(res->summary, sizeof res->summary, "person add %s", id);
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, 0, err);
fail:
    free(u);
    pr_change_abort(&ch);
    return rc;
}

int pr_edit_person_modify(pr_store *s, const char *id, const char *name, const char *org,
                          const char *uri, struct pr_edit_result *res, pr_error *err)
{
    struct pr_change_txn ch;
    struct pr_person p;
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if (!name && !org && !uri)
        return pr_error_set(err, PR_EINVAL, "nothing to change: no name, organization or URI "
                                            "given");
    if ((rc = pr_change_begin(s, &ch, "person modify", err)))
        return rc;
    if ((rc = pr_store_get_person(s, id, &p, err)))
        goto fail;
    char *u = uri ? iana_uri(uri) : NULL;
    if ((!uri || (u && pr_edit_same_str(p.uri, u))) && (!name || pr_edit_same_str(p.name, name)) &&
        (!org || pr_edit_same_str(p.org, org))) {
        /* Nothing is recorded: no history entry, no `updated` date. */
        free(u);
        pr_person_release(&p);
        pr_change_abort(&ch);
        res->unchanged = 1;
        snprintf(res->summary, sizeof res->summary, "person '%s' already has those details", id);
        return 0;
    }
    if ((uri && !u) || (name && pr_edit_set_str(&p.name, *name ? name : NULL)) ||
        (org && pr_edit_set_str(&p.org, *org ? org : NULL)) ||
        pr_edit_set_str(&p.updated, ch.date)) {
        free(u);
        pr_person_release(&p);
        rc = pr_edit_nomem(err);
        goto fail;
    }
    if (u) {
        free(p.uri);
        p.uri = u;
    }
    free(p.raw);
    p.raw = NULL;
    rc = pr_change_update_person(&ch, &p, err);
    pr_person_release(&p);
    if (rc)
        goto fail;
    snprintf(res->summary, sizeof res->summary, "person modify %s", id);
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, 0, err);
fail:
    pr_change_abort(&ch);
    return rc;
}
