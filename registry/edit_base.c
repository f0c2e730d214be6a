/* edit_base.c - lost updates: the records of a service as an editor loaded
 * them (pr_edit_base), and the check that they are still stored so, run
 * inside an edit's transaction (pr_edit_modify_matching,
 * pr_edit_deassign_matching) or alone.  What changed is told from the
 * records themselves; who and when from the history. */
#include "edit_int.h"
#include "history_int.h"

#include <stdlib.h>
#include <string.h>

struct pr_edit_base {
    char *name, *protocol;
    struct pr_recset rs;
};

int pr_edit_base_load(pr_store *s, const char *name, const char *protocol, pr_edit_base **out,
                      pr_error *err)
{
    pr_edit_base *b = calloc(1, sizeof *b);
    int rc;
    *out = NULL;
    if (!b || (protocol && !(b->protocol = strdup(protocol)))) {
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = pr_recset_named(s, name, protocol, &b->rs, err)))
        goto fail;
    if (!b->rs.n) {
        rc = pr_error_set(err, PR_ENOTFOUND, "no service '%s'%s%s", name, protocol ? " on " : "",
                          protocol ? protocol : "");
        goto fail;
    }
    /* the name as stored: the check finds the records by it */
    if (!(b->name = strdup(b->rs.v[0].name ? b->rs.v[0].name : name))) {
        rc = pr_error_set(err, PR_ENOMEM, "out of memory");
        goto fail;
    }
    *out = b;
    return 0;
fail:
    pr_edit_base_free(b);
    return rc;
}

void pr_edit_base_free(pr_edit_base *b)
{
    if (!b)
        return;
    pr_recset_release(&b->rs);
    free(b->name);
    free(b->protocol);
    free(b);
}

size_t pr_edit_base_records(const pr_edit_base *b, const struct pr_record **records)
{
    *records = b->rs.v;
    return b->rs.n;
}

const char *pr_edit_base_name(const pr_edit_base *b)
{
    return b->name;
}

const char *pr_edit_base_protocol(const pr_edit_base *b)
{
    return b->protocol;
}

static const struct pr_record *by_id(const struct pr_recset *rs, long long id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->v[i].id == id)
            return &rs->v[i];
    return NULL;
}

/* The latest recorded change that touched a record of the service other
 * than by moving it in the document. */
static int last_change(pr_store *s, const pr_edit_base *b, struct pr_edit_conflict *c,
                       pr_error *err)
{
    static const char sql[] =
        "SELECT h.id, h.at, h.author, coalesce(h.summary, h.command) FROM history h "
        "WHERE EXISTS (SELECT 1 FROM history_change x WHERE x.change_id = h.id "
        "  AND x.target = 'record' "
        "  AND (json_extract(x.before, '$.name') = ?1 COLLATE NOCASE "
        "       OR json_extract(x.after, '$.name') = ?1 COLLATE NOCASE) "
        "  AND (?2 IS NULL OR json_extract(coalesce(x.after, x.before), '$.protocol') = ?2) "
        "  AND json_remove(x.before, '$.seq') IS NOT json_remove(x.after, '$.seq')) "
        "ORDER BY h.id DESC LIMIT 1";
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    if (sqlite3_prepare_v2(pr_store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot read history");
    sqlite3_bind_text(st, 1, b->name, -1, SQLITE_STATIC);
    pr_bind_text(st, 2, b->protocol);
    if ((step = sqlite3_step(st)) == SQLITE_ROW) {
        c->change_id = sqlite3_column_int64(st, 0);
        snprintf(c->at, sizeof c->at, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(c->author, sizeof c->author, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(c->summary, sizeof c->summary, "%s", (const char *)sqlite3_column_text(st, 3));
    } else if (step != SQLITE_DONE) {
        rc = pr_store_dberr(s, err, "cannot read history");
    }
    sqlite3_finalize(st);
    return rc;
}

int pr_edit_base_check(pr_store *s, const pr_edit_base *b, struct pr_edit_conflict *conflict,
                       pr_error *err)
{
    struct pr_recset now = {NULL, 0};
    struct pr_edit_conflict c;
    int rc, added = 0, removed = 0, changed = 0;

    memset(&c, 0, sizeof c);
    if ((rc = pr_recset_named(s, b->name, b->protocol, &now, err)))
        return rc;
    for (size_t i = 0; i < b->rs.n; i++) {
        const struct pr_record *then = &b->rs.v[i], *r = by_id(&now, then->id);
        int same = r ? pr_history_record_same(then, r) : 0;
        if (same < 0) { /* not a conflict: nothing was compared */
            pr_recset_release(&now);
            return pr_error_set(err, PR_ENOMEM, "out of memory");
        }
        if (!r)
            removed++;
        else if (!same && ++changed)
            pr_history_record_fields(then, r, c.fields, sizeof c.fields);
    }
    for (size_t i = 0; i < now.n; i++)
        added += !by_id(&b->rs, now.v[i].id);
    pr_recset_release(&now);
    if (removed)
        snprintf(c.fields + strlen(c.fields), sizeof c.fields - strlen(c.fields),
                 "%s%d record%s removed", c.fields[0] ? ", " : "", removed, removed == 1 ? "" : "s");
    if (added)
        snprintf(c.fields + strlen(c.fields), sizeof c.fields - strlen(c.fields),
                 "%s%d record%s added", c.fields[0] ? ", " : "", added, added == 1 ? "" : "s");
    if (!c.fields[0] && changed) /* XML markup, layout: nothing `history` shows */
        snprintf(c.fields, sizeof c.fields, "its stored form");
    if (!c.fields[0])
        return 0;
    if ((rc = last_change(s, b, &c, err)))
        return rc;
    if (conflict)
        *conflict = c;
    if (c.change_id)
        return pr_error_set(err, PR_ECONFLICT,
                            "'%s' was changed by %s at %s (change %lld: %s): %s", b->name,
                            c.author, c.at, c.change_id, c.summary, c.fields);
    return pr_error_set(err, PR_ECONFLICT, "'%s' was changed outside the history (a new "
                        "import?): %s", b->name, c.fields);
}
