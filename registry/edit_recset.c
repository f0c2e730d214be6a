/* edit_recset.c - the records an edit starts from (edit_int.h): records
 * by name or at a port, loaded whole, and the questions procedures ask of
 * them (who holds it, is it Reserved for good, was it de-assigned). */
#include "edit_int.h"
#include "store_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- lookups ------------------------------------------------------------------- */

void pr_recset_release(struct pr_recset *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        pr_record_release(&rs->v[i]);
    free(rs->v);
    rs->v = NULL;
    rs->n = 0;
}

static int recset_query(pr_store *s, struct pr_recset *rs, const char *where, const char *fmt,
                        const void *a1, const void *a2, pr_error *err)
{
    char sql[1024];
    sqlite3_stmt *st = NULL;
    int rc = 0, step;
    rs->v = NULL;
    rs->n = 0;
    snprintf(sql, sizeof sql, "SELECT " PR_RECORD_COLUMNS " FROM record WHERE %s ORDER BY seq",
             where);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot prepare query");
    const void *args[2] = {a1, a2};
    for (int i = 0; fmt[i]; i++) {
        if (fmt[i] == 'i')
            sqlite3_bind_int(st, i + 1, *(const int *)args[i]);
        else
            pr_bind_text(st, i + 1, args[i]);
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct pr_record *nv = realloc(rs->v, (rs->n + 1) * sizeof *nv);
        if (!nv) {
            rc = pr_edit_nomem(err);
            break;
        }
        rs->v = nv;
        if ((rc = pr_store_load_record_row(s, st, &rs->v[rs->n], err)))
            break;
        rs->n++;
    }
    if (!rc && step != SQLITE_DONE)
        rc = pr_store_dberr(s, err, "cannot read records");
    sqlite3_finalize(st);
    if (rc)
        pr_recset_release(rs);
    return rc;
}

/* Records at port covering protocol proto (IANA's protocol-less rows cover
 * every transport). */
int pr_recset_at(pr_store *s, int port, const char *proto, struct pr_recset *rs,
                 pr_error *err)
{
    return recset_query(s, rs,
                        PR_SQL_PORTS_OVERLAP("?1", "?1") " AND (protocol = ?2 OR protocol IS NULL)",
                        "is", &port, proto, err);
}

int pr_recset_named(pr_store *s, const char *name, const char *proto, struct pr_recset *rs,
                         pr_error *err)
{
    return recset_query(s, rs,
                        "name = ?1 COLLATE NOCASE AND (?2 IS NULL OR protocol = ?2)", "ss", name,
                        proto, err);
}

int pr_edit_has_person(const struct pr_record *r, const char *id)
{
    for (size_t i = 0; i < r->n_xrefs; i++)
        if (pr_edit_is_person(&r->xrefs[i]) && r->xrefs[i].data && !strcmp(r->xrefs[i].data, id))
            return 1;
    return 0;
}

int pr_edit_assigned_to(const struct pr_record *r, const char *id)
{
    const char *v[16];
    size_t n = pr_record_assignees(r, v, 16);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], id))
            return 1;
    return 0;
}

/* Reserved for good, never given by assign or reuse, whatever the force:
 * port 0, the range boundaries 1023, 1024 and 49151 that IANA holds, and
 * any port Reserved to IANA itself (RFC 6335 §6: Reserved values are not
 * available for regular assignment). */
int pr_edit_reserved_for_good(const struct pr_record *r, int port)
{
    if (port == 0 || port == PR_PORT_SYSTEM_MAX || port == PR_PORT_USER_MIN ||
        port == PR_PORT_USER_MAX || pr_edit_has_person(r, "IANA"))
        return 1;
    return r->description && strstr(r->description, "IANA") != NULL;
}

/* Does a Reserved record show that it was assigned once and de-assigned
 * (RFC 6335 §8.2, §8.4: "De-Assigned on DATE.", "Revoked on DATE.", IANA's
 * "This entry has been removed on DATE.")?  Else it is Reserved for the
 * other transport of an assignment (§8.1), or for no known reason. */
int pr_edit_de_assigned(const struct pr_record *r)
{
    static const char *const marks[] = {"de-assigned", "revoked", "removed", "de-registered",
                                        "deregistered", "decommissioned"};
    for (size_t i = 0; i < r->n_notes; i++)
        for (const char *t = r->notes[i].text; t && *t; t++)
            for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
                if (!strncasecmp(t, marks[k], strlen(marks[k])))
                    return 1;
    return 0;
}
