/* edit.c - the procedures of RFC 6335 §8 on the store: assignment (§8.1),
 * de-assignment (§8.2), reuse (§8.3), revocation (§8.4), maintenance
 * (§8.6, with §8.5's refusal to transfer an assignee), reservation, free
 * ports and people.  Each procedure is one recorded change (history.c).
 *
 * How records are shaped follows the edits-vs-export contract (edit.h):
 * edited rows lose `raw`, their layout is regenerated in IANA's current
 * order (canon_layout), and new rows get a seq in IANA's order
 * (place_record, place_person).
 */
#include "edit_int.h"
#include "history_int.h"
#include "holders.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const pair[] = {"tcp", "udp"}; /* what IANA lists per number */

/* ---- small helpers --------------------------------------------------------- */

static int nomem(pr_error *err)
{
    return pr_error_set(err, PR_ENOMEM, "out of memory");
}

/* Replace *slot by a copy of v (NULL allowed).  0 or PR_ENOMEM. */
static int set_str(char **slot, const char *v)
{
    char *n = v ? strdup(v) : NULL;
    if (v && !n)
        return PR_ENOMEM;
    free(*slot);
    *slot = n;
    return 0;
}

/* Text escaped as XML element content (malloc'd). */
static char *xml_escape(const char *s)
{
    size_t len = 1;
    for (const char *p = s; *p; p++)
        len += *p == '&' ? 5 : (*p == '<' || *p == '>') ? 4 : 1;
    char *out = malloc(len), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++) {
        if (*s == '&') { memcpy(o, "&amp;", 5); o += 5; }
        else if (*s == '<') { memcpy(o, "&lt;", 4); o += 4; }
        else if (*s == '>') { memcpy(o, "&gt;", 4); o += 4; }
        else *o++ = *s;
    }
    *o = 0;
    return out;
}

/* Set a plain-text element and its inner XML together; "" or NULL clears. */
static int set_text(char **text, char **xml, const char *v)
{
    if (!v || !*v) {
        set_str(text, NULL);
        set_str(xml, NULL);
        return 0;
    }
    char *x = xml_escape(v);
    if (!x || set_str(text, v)) {
        free(x);
        return PR_ENOMEM;
    }
    free(*xml);
    *xml = x;
    return 0;
}

static int add_note(struct pr_record *r, const char *text)
{
    char *x = xml_escape(text);
    int rc = x ? pr_record_add_note(r, text, x) : PR_ENOMEM;
    free(x);
    return rc;
}

static void clear_notes(struct pr_record *r)
{
    for (size_t i = 0; i < r->n_notes; i++) {
        free(r->notes[i].text);
        free(r->notes[i].xml);
    }
    r->n_notes = 0;
}

/* Drop the xrefs for which keep() is false. */
static void filter_xrefs(struct pr_record *r, int (*keep)(const struct pr_xref *))
{
    size_t j = 0;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        if (keep(&r->xrefs[i])) {
            r->xrefs[j++] = r->xrefs[i];
        } else {
            free(r->xrefs[i].type);
            free(r->xrefs[i].data);
            free(r->xrefs[i].text);
        }
    }
    r->n_xrefs = j;
}

static int is_person(const struct pr_xref *x) { return !strcmp(x->type, "person"); }
static int keep_none(const struct pr_xref *x) { (void)x; return 0; }
static int keep_people(const struct pr_xref *x) { return is_person(x); }
static int keep_not_contact(const struct pr_xref *x)
{
    return x->role == PR_ROLE_ASSIGNEE || (x->role == PR_ROLE_REF && !is_person(x));
}

static void format_number(char *buf, size_t len, int lo, int hi)
{
    if (lo == hi)
        snprintf(buf, len, "%d", lo);
    else
        snprintf(buf, len, "%d-%d", lo, hi);
}

static int set_port(struct pr_record *r, int lo, int hi)
{
    char buf[32];
    format_number(buf, sizeof buf, lo, hi);
    r->port_lo = lo;
    r->port_hi = hi;
    return set_str(&r->number, buf);
}

/* ---- IANA's layout ----------------------------------------------------------- */

static int xref_rank(const struct pr_xref *x)
{
    if (x->role == PR_ROLE_ASSIGNEE)
        return 0;
    if (x->role == PR_ROLE_CONTACT)
        return 1;
    return is_person(x) ? 2 : 3;
}

/* Regenerate r->layout in the order IANA writes records today:
 * name, protocol, <assignee>, <contact>, contact xrefs, description, other
 * xrefs, unauthorized, number, sc, notes.  Reorders xrefs to match. */
static int canon_layout(struct pr_record *r)
{
    /* stable insertion sort by rank: few xrefs */
    for (size_t i = 1; i < r->n_xrefs; i++) {
        struct pr_xref t = r->xrefs[i];
        size_t j = i;
        while (j > 0 && xref_rank(&r->xrefs[j - 1]) > xref_rank(&t)) {
            r->xrefs[j] = r->xrefs[j - 1];
            j--;
        }
        r->xrefs[j] = t;
    }
    size_t cnt[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < r->n_xrefs; i++)
        cnt[xref_rank(&r->xrefs[i])]++;
    char *l = malloc(16 + cnt[2] + cnt[3] + r->n_notes), *o = l;
    if (!l)
        return PR_ENOMEM;
    if (r->name) *o++ = 'n';
    if (r->protocol) *o++ = 'p';
    if (cnt[0]) *o++ = 'A';
    if (cnt[1]) *o++ = 'C';
    for (size_t i = 0; i < cnt[2]; i++) *o++ = 'x';
    if (r->description) *o++ = 'd';
    for (size_t i = 0; i < cnt[3]; i++) *o++ = 'x';
    if (r->unauthorized) *o++ = 'u';
    if (r->number) *o++ = '#';
    if (r->sc) *o++ = 's';
    for (size_t i = 0; i < r->n_notes; i++) *o++ = 'N';
    *o = 0;
    free(r->layout);
    r->layout = l;
    free(r->raw);
    r->raw = NULL;
    return 0;
}

/* ---- places in IANA's order ------------------------------------------------------ */

#define PROTO_RANK                                                                      \
    "(CASE protocol WHEN 'tcp' THEN 1 WHEN 'udp' THEN 2 WHEN 'sctp' THEN 3 "          \
    "WHEN 'dccp' THEN 4 ELSE 0 END)"

static int proto_rank(const char *p)
{
    if (!p) return 0;
    if (!strcmp(p, "tcp")) return 1;
    if (!strcmp(p, "udp")) return 2;
    if (!strcmp(p, "sctp")) return 3;
    return 4;
}

#define ALL_SEQ                                                                          \
    "(SELECT seq, 'r' AS kind, id FROM record UNION ALL SELECT seq, 'd', NULL FROM docitem " \
    "UNION ALL SELECT seq, 'p', NULL FROM person)"

/* No gap after prev: move as few records as possible so that the new slot
 * after prev and the records moved all get gaps of at least MIN_GAP.  First
 * the records after prev are pushed towards the next item that leaves room
 * (never past a docitem or person); failing that, prev and the records
 * before it are pulled back.  Moves are logged like any other update. */
#define MIN_GAP 16
#define MAX_MOVE 256

static int move_record(struct pr_change *ch, long long id, long long seq, pr_error *err)
{
    struct pr_record r;
    int rc = pr_store_get_record(ch->s, id, &r, err);
    if (rc)
        return rc;
    if (r.seq != seq) {
        r.seq = seq;
        rc = pr_change_update_record(ch, &r, err);
    }
    pr_record_release(&r);
    return rc;
}

static int respace(struct pr_change *ch, long long prev, long long next, long long *out,
                   pr_error *err)
{
    static const char *const sql[2] = {
        "SELECT seq, kind, id FROM " ALL_SEQ " WHERE seq > ?1 ORDER BY seq LIMIT 257",
        "SELECT seq, kind, id FROM " ALL_SEQ " WHERE seq <= ?1 ORDER BY seq DESC LIMIT 258"};
    static long long ids[MAX_MOVE + 2], seqs[MAX_MOVE + 2];
    for (int side = 0; side < 2; side++) {
        sqlite3_stmt *st = NULL;
        size_t n = 0;
        int step_rc, found = 0;
        size_t k = 0;
        long long step = 0;
        if (sqlite3_prepare_v2(ch->s->db, sql[side], -1, &st, NULL) != SQLITE_OK)
            return pr_store_dberr(ch->s, err, "cannot place record");
        sqlite3_bind_int64(st, 1, prev);
        /* items[0..n): records that may move; the first other item bounds */
        while ((step_rc = sqlite3_step(st)) == SQLITE_ROW) {
            long long sq = sqlite3_column_int64(st, 0);
            int is_rec = sqlite3_column_text(st, 1)[0] == 'r';
            /* k records moved need room for k + 1 gaps (the new slot too) */
            if (n > 0 || side == 0) {
                long long span = side == 0 ? sq - prev : next - sq;
                k = n;
                step = span / (long long)(k + 2);
                if (step >= MIN_GAP) {
                    seqs[n] = sq;
                    found = 1;
                    break;
                }
            }
            if (!is_rec || n == MAX_MOVE)
                break;
            seqs[n] = sq;
            ids[n++] = sqlite3_column_int64(st, 2);
        }
        sqlite3_finalize(st);
        if (!found && step_rc == SQLITE_DONE && n > 0) {
            /* the start or end of the document bounds nothing */
            k = n;
            step = MIN_GAP * 4;
            seqs[n] = side == 0 ? seqs[n - 1] + step * (long long)(k + 2)
                                : seqs[n - 1] - step * (long long)(k + 2);
            found = 1;
        }
        if (!found)
            continue;
        int rc = 0;
        if (side == 0) {
            /* prev | new | items[0] .. items[k-1] | bound */
            *out = prev + step;
            for (size_t j = 0; j < k && !rc; j++)
                rc = move_record(ch, ids[j], prev + step * (long long)(j + 2), err);
        } else {
            /* bound | items[k-1] .. items[0]=prev | new | next */
            long long base = seqs[k];
            for (size_t j = 0; j < k && !rc; j++)
                rc = move_record(ch, ids[k - 1 - j], base + step * (long long)(j + 1), err);
            *out = base + step * (long long)(k + 1);
        }
        return rc;
    }
    return pr_error_set(err, PR_EDB, "no room to place a new record near seq %lld", prev);
}

/* The seq right after item prev: halfway to the next item, or respaced. */
static int seq_after(struct pr_change *ch, long long prev, long long *out, pr_error *err)
{
    int dberr = 0;
    long long next = pr_sql_scalar(ch->s, "SELECT min(seq) FROM " ALL_SEQ " WHERE seq > ?1",
                            prev + 2048, &dberr, "l", prev);
    if (dberr)
        return pr_store_dberr(ch->s, err, "cannot place record");
    if (next - prev >= 2) {
        *out = prev + (next - prev) / 2;
        return 0;
    }
    return respace(ch, prev, next, out, err);
}

/* Give r (not yet stored) the seq that puts it where IANA lists it. */
static int place_record(struct pr_change *ch, struct pr_record *r, pr_error *err)
{
    int dberr = 0;
    long long prev;
    if (r->port_lo >= 0) {
        prev = pr_sql_scalar(ch->s,
                      "SELECT seq FROM record WHERE port_lo IS NOT NULL AND (port_lo < ?1 OR "
                      "(port_lo = ?1 AND " PROTO_RANK " <= ?2)) ORDER BY port_lo DESC, "
                      PROTO_RANK " DESC, seq DESC LIMIT 1", -1, &dberr, "ii", r->port_lo,
                      proto_rank(r->protocol));
        if (prev < 0) /* before the first numbered record */
            prev = pr_sql_scalar(ch->s,
                          "SELECT max(seq) FROM " ALL_SEQ " WHERE seq < (SELECT min(seq) FROM "
                          "record)", -1, &dberr, "");
    } else {
        prev = pr_sql_scalar(ch->s,
                      "SELECT seq FROM record WHERE port_lo IS NULL AND name <= ?1 COLLATE "
                      "NOCASE ORDER BY name COLLATE NOCASE DESC, seq DESC LIMIT 1", -1, &dberr,
                      "s", r->name ? r->name : "");
        if (prev < 0)
            prev = pr_sql_scalar(ch->s, "SELECT max(seq) FROM record WHERE port_lo IS NOT NULL", -1,
                          &dberr, "");
    }
    if (prev < 0) /* an empty registry: after the header items */
        prev = pr_sql_scalar(ch->s,
                      "SELECT max(seq) FROM docitem WHERE kind NOT IN ('people','tail')", 0,
                      &dberr, "");
    if (dberr)
        return pr_store_dberr(ch->s, err, "cannot place record");
    return seq_after(ch, prev, &r->seq, err);
}

static int place_person(struct pr_change *ch, struct pr_person *p, pr_error *err)
{
    int dberr = 0;
    long long prev = pr_sql_scalar(ch->s,
                            "SELECT seq FROM person WHERE id <= ?1 COLLATE NOCASE "
                            "ORDER BY id COLLATE NOCASE DESC, seq DESC LIMIT 1", -1, &dberr, "s",
                            p->id);
    if (prev < 0)
        prev = pr_sql_scalar(ch->s, "SELECT max(seq) FROM docitem WHERE kind = 'people'", -1, &dberr,
                      "");
    if (prev < 0)
        prev = pr_sql_scalar(ch->s, "SELECT max(seq) FROM " ALL_SEQ " WHERE kind <> 'd' OR seq < "
                             "coalesce((SELECT seq FROM docitem WHERE kind='tail'), 1e18)",
                      0, &dberr, "");
    if (dberr)
        return pr_store_dberr(ch->s, err, "cannot place person");
    long long next = pr_sql_scalar(ch->s, "SELECT min(seq) FROM " ALL_SEQ " WHERE seq > ?1",
                            prev + 2048, &dberr, "l", prev);
    if (next - prev < 2)
        return pr_error_set(err, PR_EDB, "no room to place person '%s'", p->id);
    p->seq = prev + (next - prev) / 2;
    return 0;
}

/* Store r as a new record at its place in IANA's order. */
static int insert_placed(struct pr_change *ch, struct pr_record *r, pr_error *err)
{
    int rc = place_record(ch, r, err);
    return rc ? rc : pr_change_insert_record(ch, r, err);
}

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
            rc = nomem(err);
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
static int records_at(pr_store *s, int port, const char *proto, struct pr_recset *rs,
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

static int has_person(const struct pr_record *r, const char *id)
{
    for (size_t i = 0; i < r->n_xrefs; i++)
        if (is_person(&r->xrefs[i]) && r->xrefs[i].data && !strcmp(r->xrefs[i].data, id))
            return 1;
    return 0;
}

static int assigned_to(const struct pr_record *r, const char *id)
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
static int reserved_for_good(const struct pr_record *r, int port)
{
    if (port == 0 || port == 1023 || port == 1024 || port == 49151 || has_person(r, "IANA"))
        return 1;
    return r->description && strstr(r->description, "IANA") != NULL;
}

/* Does a Reserved record show that it was assigned once and de-assigned
 * (RFC 6335 §8.2, §8.4: "De-Assigned on DATE.", "Revoked on DATE.", IANA's
 * "This entry has been removed on DATE.")?  Else it is Reserved for the
 * other transport of an assignment (§8.1), or for no known reason. */
static int de_assigned(const struct pr_record *r)
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

/* ---- checks ------------------------------------------------------------------- */

/* RFC 6335 §5.1: 1-15 characters, letters, digits and hyphens, at least one
 * letter, no hyphen at either end, no two hyphens in a row. */
static int check_name(const char *n, pr_error *err)
{
    size_t len = n ? strlen(n) : 0;
    int letter = 0;
    if (!len)
        return pr_error_field(err, PR_EINVAL, "name", "a service name is required");
    if (len > 15)
        return pr_error_field(err, PR_EINVAL, "name",
                            "service name '%s' is longer than 15 characters (RFC 6335 §5.1)", n);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)n[i];
        letter |= isalpha(c) != 0;
        if (!isalnum(c) && c != '-')
            return pr_error_field(err, PR_EINVAL, "name",
                                "service name '%s' may hold only letters, digits and hyphens "
                                "(RFC 6335 §5.1)", n);
        if (c == '-' && (i == 0 || i == len - 1 || n[i + 1] == '-'))
            return pr_error_field(err, PR_EINVAL, "name",
                                "service name '%s' may not begin or end with a hyphen or hold "
                                "two in a row (RFC 6335 §5.1)", n);
    }
    if (!letter)
        return pr_error_field(err, PR_EINVAL, "name",
                            "service name '%s' needs at least one letter (RFC 6335 §5.1)", n);
    return 0;
}

static int check_protocol(const char *p, pr_error *err)
{
    if (!pr_protocol_valid(p))
        return pr_error_field(err, PR_EINVAL, "protocol",
                              "unknown protocol '%s' (expected tcp, udp, sctp or dccp)", p ? p : "");
    return 0;
}

/* "tcp,udp" -> protos[] (deduplicated, in tcp/udp/sctp/dccp order). */
static int parse_protocols(const char *list, const char **protos, size_t *n, pr_error *err)
{
    static const char *const all[] = {"tcp", "udp", "sctp", "dccp"};
    int want[4] = {0, 0, 0, 0};
    char buf[64];
    *n = 0;
    if (!list || !*list)
        return pr_error_field(err, PR_EINVAL, "protocol", "a transport protocol is required");
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ", ");
        if (len) {
            snprintf(buf, sizeof buf, "%.*s", (int)len, p);
            if (check_protocol(buf, err))
                return PR_EINVAL;
            want[proto_rank(buf) - 1] = 1;
        }
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    for (int i = 0; i < 4; i++)
        if (want[i])
            protos[(*n)++] = all[i];
    if (!*n)
        return pr_error_field(err, PR_EINVAL, "protocol", "a transport protocol is required");
    return 0;
}

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
static int resolve_person(struct pr_change *ch, const char *spec, const char *what, char *out,
                          size_t len, pr_error *err)
{
    const char *lt = spec ? strchr(spec, '<') : NULL;
    size_t slen = spec ? strlen(spec) : 0;
    int rc;
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
        return nomem(err);
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
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
        snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        free(uri);
        return 0;
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
    if (!(rc = place_person(ch, &p, err)))
        rc = pr_change_insert_person(ch, &p, err);
    free(uri);
    if (!rc)
        snprintf(out, len, "%s", id);
    return rc;
}

/* ---- references ------------------------------------------------------------------ */

/* "RFC1234" -> rfc rfc1234; "draft-..." -> draft; "http..." -> uri; else text. */
static int add_reference(struct pr_record *r, const char *ref)
{
    char buf[512];
    if (!strncasecmp(ref, "rfc", 3) && ref[3] && strspn(ref + 3, "0123456789 ") == strlen(ref + 3)) {
        size_t o = 0;
        o += (size_t)snprintf(buf, sizeof buf, "rfc");
        for (const char *p = ref + 3; *p && o + 1 < sizeof buf; p++)
            if (isdigit((unsigned char)*p))
                buf[o++] = *p;
        buf[o] = 0;
        return pr_record_add_xref(r, PR_ROLE_REF, "rfc", buf, NULL);
    }
    if (!strncmp(ref, "draft-", 6))
        return pr_record_add_xref(r, PR_ROLE_REF, "draft", ref, NULL);
    if (!strncmp(ref, "http://", 7) || !strncmp(ref, "https://", 8))
        return pr_record_add_xref(r, PR_ROLE_REF, "uri", ref, NULL);
    return pr_record_add_xref(r, PR_ROLE_REF, "text", NULL, ref);
}

static int add_references(struct pr_record *r, const char *list)
{
    char buf[512];
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        snprintf(buf, sizeof buf, "%.*s", (int)len, p);
        char *b = buf, *e = buf + strlen(buf);
        while (isspace((unsigned char)*b)) b++;
        while (e > b && isspace((unsigned char)e[-1])) *--e = 0;
        if (*b && add_reference(r, b))
            return PR_ENOMEM;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* ---- splitting unassigned ranges ----------------------------------------------- */

/* Take port out of unassigned record u: the part below keeps u's row, the
 * part above becomes a new row (or u's row when nothing is below). */
static int split_out(struct pr_change *ch, const struct pr_record *u, int port, pr_error *err)
{
    struct pr_record r;
    int lo = u->port_lo, hi = u->port_hi, rc;
    if (lo == port && hi == port)
        return pr_change_delete_record(ch, u->id, err);
    if ((rc = pr_record_copy(&r, u)))
        return nomem(err);
    free(r.raw);
    r.raw = NULL;
    if (lo < port) {
        if (!(rc = set_port(&r, lo, port - 1) ? nomem(err) : 0))
            rc = pr_change_update_record(ch, &r, err);
        if (!rc && hi > port) {
            r.id = 0;
            if (set_port(&r, port + 1, hi))
                rc = nomem(err);
            else
                rc = insert_placed(ch, &r, err);
        }
    } else {
        if (!(rc = set_port(&r, port + 1, hi) ? nomem(err) : 0))
            rc = pr_change_update_record(ch, &r, err);
    }
    pr_record_release(&r);
    return rc;
}

/* ---- free ports ---------------------------------------------------------------- */

static int range_bounds(enum pr_range range, int *lo, int *hi, pr_error *err)
{
    if (range == PR_RANGE_SYSTEM) { *lo = 0; *hi = 1023; return 0; }
    if (range == PR_RANGE_USER || range == PR_RANGE_NONE) { *lo = 1024; *hi = 49151; return 0; }
    return pr_error_set(err, PR_EREFUSED,
                        "dynamic ports (49152-65535) are never assigned (RFC 6335 §6)");
}

/* Mark in occ the ports of [a, b] that a record holds (for protocol, or
 * any), from the port indexes: the records overlapping that window only. */
static int mark_taken(pr_store *s, const char *protocol, int a, int b, unsigned char *occ,
                      pr_error *err)
{
    sqlite3_stmt *st = NULL;
    int step;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT port_lo, port_hi FROM record WHERE "
                           PR_SQL_PORTS_OVERLAP("?1", "?2") " AND (?3 IS NULL OR protocol = ?3 "
                           "OR protocol IS NULL) AND NOT (coalesce(name,'') = '' AND "
                           "ltrim(description) LIKE 'unassigned%' AND unauthorized IS NULL AND "
                           "notes IS NULL)", -1, &st, NULL) != SQLITE_OK)
        return pr_store_dberr(s, err, "cannot query ports");
    sqlite3_bind_int(st, 1, a);
    sqlite3_bind_int(st, 2, b);
    pr_bind_text(st, 3, protocol);
    memset(occ + a, 0, (size_t)(b - a + 1));
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int lo = sqlite3_column_int(st, 0), hi = sqlite3_column_int(st, 1);
        for (int p = lo < a ? a : lo; p <= hi && p <= b; p++)
            occ[p] = 1;
    }
    sqlite3_finalize(st);
    return step == SQLITE_DONE ? 0 : pr_store_dberr(s, err, "cannot query ports");
}

long pr_ports_free(pr_store *s, const char *protocol, enum pr_range range, int near, int *out,
                   size_t max, pr_error *err)
{
    int lo = 0, hi = 0, rc;
    if ((rc = range_bounds(range, &lo, &hi, err)))
        return rc;
    if (protocol && (rc = check_protocol(protocol, err)))
        return rc;
    unsigned char *occ = malloc(65536);
    if (!occ)
        return nomem(err);
    /* A window of the range around near (from lo when near < 0), widened
     * until it holds max answers or the whole range: a look-up reads the
     * records near the port, not the registry. */
    size_t n = 0;
    for (int w = 256;; w *= 4) {
        int from = near < 0 ? lo : near - w, a = from < lo ? lo : from;
        int b = near < 0 ? lo + w : near + w;
        if (b > hi)
            b = hi;
        if (a > b) /* near is that far outside the range */
            continue;
        if ((rc = mark_taken(s, protocol, a, b, occ, err))) {
            free(occ);
            return rc;
        }
        /* Answers are sure up to where the window stops short of the range. */
        int whole = a == lo && b == hi;
        n = 0;
        if (near < 0) {
            for (int p = lo; p <= b && n < max; p++)
                if (!occ[p])
                    out[n++] = p;
        } else {
            int reach = whole ? 65536 : a > lo && b < hi ? (near - a < b - near ? near - a : b - near)
                      : a > lo ? near - a : b - near;
            for (int d = 0; d <= reach && n < max && (near - d >= lo || near + d <= hi); d++) {
                if (near - d >= lo && near - d <= hi && !occ[near - d])
                    out[n++] = near - d;
                if (d && n < max && near + d <= hi && near + d >= lo && !occ[near + d])
                    out[n++] = near + d;
            }
        }
        if (n >= max || whole)
            break;
    }
    free(occ);
    return (long)n;
}

/* ---- §8.1 assignment ------------------------------------------------------------ */

void pr_assign_init(struct pr_assign *a)
{
    memset(a, 0, sizeof *a);
    a->port = -1;
    a->range = PR_RANGE_USER;
}

/* The assigned record a describes at port for proto. */
static int build_assigned(struct pr_record *r, const struct pr_assign *a, const char *proto,
                          int port, const char *assignee, const char *contact, const char *date)
{
    pr_record_init(r);
    if (set_str(&r->name, a->name) || set_str(&r->protocol, proto) ||
        (port >= 0 && set_port(r, port, port)) ||
        set_text(&r->description, &r->description_xml, a->description) ||
        set_str(&r->date, date) ||
        pr_record_add_xref(r, PR_ROLE_ASSIGNEE, "person", assignee, NULL) ||
        pr_record_add_xref(r, PR_ROLE_REF, "person", contact, NULL) ||
        add_references(r, a->reference) || (a->note && *a->note && add_note(r, a->note)) ||
        (proto && !strcmp(proto, "dccp") && a->sc && set_str(&r->sc, a->sc)) ||
        canon_layout(r))
        return PR_ENOMEM;
    return 0;
}

/* Reserved for assignee on proto at port (§8.1). */
static int build_reserved(struct pr_record *r, const char *proto, int port, const char *assignee)
{
    pr_record_init(r);
    if (set_str(&r->protocol, proto) || set_port(r, port, port) ||
        set_text(&r->description, &r->description_xml, "Reserved") ||
        (assignee && pr_record_add_xref(r, PR_ROLE_REF, "person", assignee, NULL)) ||
        canon_layout(r))
        return PR_ENOMEM;
    return 0;
}

/* Is Reserved row r kept for assignee: it names them, or it sits beside
 * their assignment of the same number on another transport (holders.h)?
 * 1, 0 or a negative PR_E* code. */
static int reserved_for(pr_store *s, const struct pr_record *r, const char *assignee,
                        pr_error *err)
{
    struct pr_party who;
    struct pr_held h;
    int rc;
    if (has_person(r, assignee))
        return 1;
    pr_party_init(&who);
    if ((rc = pr_party_add_person(s, assignee, &who, err)) ||
        (rc = pr_held_fill(s, r, &who, NULL, &h, err)))
        return rc;
    return h.beside[0] && h.relation == PR_REL_OWN;
}

/* Make port/proto free of unassigned rows; *reserved gets the Reserved row
 * that may be taken (id), 0 if none: one kept for the assignee (their own
 * registration, RFC 6335 §8.6) or, with reuse, a de-assigned one.  Refuses
 * taken ports. */
static int clear_port(struct pr_change *ch, int port, const char *proto, const char *assignee,
                      int reuse, long long *reserved, pr_error *err)
{
    struct pr_recset rs;
    int rc = records_at(ch->s, port, proto, &rs, err), mine;
    *reserved = 0;
    for (size_t i = 0; !rc && i < rs.n; i++) {
        const struct pr_record *r = &rs.v[i];
        switch (pr_record_state(r)) {
        case PR_STATE_UNASSIGNED:
            rc = split_out(ch, r, port, err);
            break;
        case PR_STATE_RESERVED:
            if (reserved_for_good(r, port)) {
                rc = pr_error_set(err, PR_EREFUSED,
                                  "port %d/%s is Reserved for good (RFC 6335 §6); it is never "
                                  "assigned, not even with --force", port, proto);
                break;
            }
            mine = reuse ? 1 : reserved_for(ch->s, r, assignee, err);
            if (mine < 0) {
                rc = mine;
                break;
            }
            if (r->protocol && r->port_lo == r->port_hi && !*reserved && mine) {
                *reserved = r->id;
                break;
            }
            rc = pr_error_set(err, PR_EREFUSED,
                              "port %d/%s is Reserved%s; a de-assigned port is given again only "
                              "by reuse (RFC 6335 §8.3)", port, proto,
                              r->protocol ? "" : " for every transport");
            break;
        default:
            rc = pr_error_set(err, PR_EEXIST, "port %d/%s is already assigned to '%s'%s", port,
                              proto, r->name ? r->name : "",
                              assigned_to(r, assignee)
                                  ? " of the same assignee; renaming it is a modification of "
                                    "that registration (RFC 6335 §8.6)"
                                  : "");
        }
    }
    pr_recset_release(&rs);
    return rc;
}

/* The people an amendment of the requester's own registration keeps: the
 * assignee (and contact) of the records named a->name or on its port, when
 * the request's assignee (contact) is the same party (party.h).  IANA's
 * records name the assignee under its own person id ("VESvault_Corp");
 * the request says "VESvault Corp <jim@vesvault.com>": the records stay
 * with that id instead of a new person.  Fills assignee / contact ("" when
 * none fits).  0 or a negative PR_E* code. */
static int own_people(pr_store *s, const struct pr_assign *a, int port, char *assignee,
                      size_t alen, char *contact, size_t clen, pr_error *err)
{
    struct pr_party req, con;
    struct pr_record *v[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    int rc;
    assignee[0] = contact[0] = 0;
    pr_party_init(&req);
    pr_party_init(&con);
    if ((rc = pr_party_from_spec(s, a->assignee, &req, err)) ||
        (rc = pr_party_from_spec(s, a->contact ? a->contact : a->assignee, &con, err)) ||
        (rc = pr_records_named(s, a->name, &v[0], &n[0], err)) ||
        (port >= 0 && (rc = pr_records_at(s, port, port, 0xf, &v[1], &n[1], err))))
        goto out;
    for (int k = 0; k < 2 && !rc; k++)
        for (size_t i = 0; i < n[k] && !rc; i++) {
            struct pr_held h;
            if (pr_record_state(&v[k][i]) == PR_STATE_UNASSIGNED ||
                (rc = pr_held_fill(s, &v[k][i], &req, NULL, &h, err)))
                continue;
            if (h.relation != PR_REL_OWN || !h.assignee[0])
                continue;
            if (!assignee[0])
                snprintf(assignee, alen, "%s", h.assignee);
            if (!contact[0] && h.contact[0]) {
                struct pr_party c;
                pr_party_init(&c);
                if (!(rc = pr_party_add_person(s, h.contact, &c, err)) &&
                    pr_party_match(&con, &c) == PR_PARTY_SAME)
                    snprintf(contact, clen, "%s", h.contact);
            }
        }
out:
    pr_records_free(v[0], n[0]);
    pr_records_free(v[1], n[1]);
    return rc;
}

/* The other transport of the tcp/udp pair at port: reserve it for assignee
 * when unassigned; refuse when another assignee holds it (§8.1). */
static int reserve_other(struct pr_change *ch, int port, const char *proto,
                         const char *assignee, int *made, pr_error *err)
{
    struct pr_recset rs;
    int rc = records_at(ch->s, port, proto, &rs, err), free_here = 1;
    *made = 0;
    for (size_t i = 0; !rc && i < rs.n; i++) {
        enum pr_state stt = pr_record_state(&rs.v[i]);
        if (stt == PR_STATE_ASSIGNED && !assigned_to(&rs.v[i], assignee))
            rc = pr_error_set(err, PR_EREFUSED,
                              "port %d/%s is assigned to '%s' of another assignee; RFC 6335 §8.1 "
                              "keeps a number's transports with one assignee", port, proto,
                              rs.v[i].name ? rs.v[i].name : "");
        if (stt != PR_STATE_UNASSIGNED)
            free_here = 0;
    }
    if (!rc && free_here) {
        for (size_t i = 0; !rc && i < rs.n; i++)
            rc = split_out(ch, &rs.v[i], port, err);
        struct pr_record r;
        if (!rc && build_reserved(&r, proto, port, assignee))
            rc = nomem(err);
        else if (!rc) {
            rc = insert_placed(ch, &r, err);
            pr_record_release(&r);
            *made = !rc;
        }
    }
    pr_recset_release(&rs);
    return rc;
}

/* Existing records of the name: refuse what would make two services of one
 * name; a name-only record of the same assignee gives way (its name now has
 * a port). */
static int check_existing_name(struct pr_change *ch, const struct pr_assign *a, int port,
                               const char *const *protos, size_t np, const char *assignee,
                               pr_error *err)
{
    struct pr_recset rs;
    int rc = pr_recset_named(ch->s, a->name, NULL, &rs, err);
    for (size_t i = 0; !rc && i < rs.n; i++) {
        const struct pr_record *r = &rs.v[i];
        if (r->port_lo < 0) {
            if (port == PR_ASSIGN_NO_PORT || !assigned_to(r, assignee))
                rc = pr_error_set(err, PR_EEXIST,
                                  "service name '%s' is already registered to another assignee",
                                  r->name);
            else
                rc = pr_change_delete_record(ch, r->id, err);
            continue;
        }
        int same_proto = 0;
        for (size_t k = 0; k < np; k++)
            same_proto |= r->protocol && !strcmp(r->protocol, protos[k]);
        if (port < 0 || r->port_lo != port || same_proto || !assigned_to(r, assignee))
            rc = pr_error_set(err, PR_EEXIST,
                              "service name '%s' is already assigned (%s/%s)%s", r->name,
                              r->number, r->protocol ? r->protocol : "",
                              port < 0 && !same_proto && assigned_to(r, assignee)
                                  ? "; to add a transport, give its port number" : "");
    }
    pr_recset_release(&rs);
    return rc;
}

int pr_edit_assign(pr_store *s, const struct pr_assign *a, struct pr_edit_result *res,
                   pr_error *err)
{
    struct pr_change ch;
    const char *protos[4];
    size_t np;
    char assignee[256], contact[256];
    int rc, port = a->port;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if ((rc = check_name(a->name, err)))
        return rc;
    if (port == PR_ASSIGN_NO_PORT && (!a->protocols || !*a->protocols))
        np = 0; /* a service name alone: the transports are optional */
    else if ((rc = parse_protocols(a->protocols, protos, &np, err)))
        return rc;
    if (!a->description || !*a->description)
        return pr_error_field(err, PR_EINVAL, "description", "a description is required");
    if (port > 65535 || (port < -1 && port != PR_ASSIGN_NO_PORT))
        return pr_error_set(err, PR_EINVAL, "invalid port %d", port);
    if (port >= 0 && pr_port_range(port) == PR_RANGE_DYNAMIC)
        return pr_error_set(err, PR_EREFUSED,
                            "port %d is in the dynamic range; dynamic ports are never assigned "
                            "(RFC 6335 §6)", port);
    if (a->force && (!a->reason || !*a->reason))
        return pr_error_field(err, PR_EINVAL, "reason", "overriding the review needs a reason");
    if (!a->force && !a->reviewed && (rc = pr_edit_review_assign(s, a, NULL, err))) {
        res->rejected = rc == PR_EREFUSED;
        return rc;
    }
    if ((rc = pr_change_begin(s, &ch, a->reuse ? "reuse" : "assign", err)))
        return rc;
    ch.reason = a->reason;
    /* The approval of the request it comes from, found again by review. */
    if (a->request && (rc = pr_review_log_approval(&ch, a->request, err)))
        goto fail;
    if ((rc = own_people(s, a, port, assignee, sizeof assignee, contact, sizeof contact, err)))
        goto fail;
    if (assignee[0] && !contact[0] && !a->contact)
        snprintf(contact, sizeof contact, "%s", assignee); /* the contact is the assignee */
    if ((!assignee[0] &&
         (rc = resolve_person(&ch, a->assignee, "assignee", assignee, sizeof assignee, err))) ||
        (!contact[0] && (rc = resolve_person(&ch, a->contact ? a->contact : a->assignee,
                                             "contact", contact, sizeof contact, err))))
        goto fail;
    if ((rc = check_existing_name(&ch, a, port, protos, np, assignee, err)))
        goto fail;
    if (port == PR_ASSIGN_NO_PORT) {
        /* One record per transport without a number, as IANA lists DNS-SD
         * names (amazon-expiscor); one without a protocol when none. */
        for (size_t k = 0; k < (np ? np : 1); k++) {
            struct pr_record r;
            if (build_assigned(&r, a, np ? protos[k] : NULL, port, assignee, contact,
                               ch.date)) {
                pr_record_release(&r);
                rc = nomem(err);
                goto fail;
            }
            rc = insert_placed(&ch, &r, err);
            pr_record_release(&r);
            if (rc)
                goto fail;
        }
        snprintf(res->summary, sizeof res->summary, "assign %s (service name only)%s%s%s",
                 a->name, a->reason ? " (" : "", a->reason ? a->reason : "",
                 a->reason ? ")" : "");
        res->change_id = ch.id;
        return pr_change_commit(&ch, res->summary, 0, err);
    }
    if (port < 0) {
        /* Inside the write transaction: a concurrent editor waits, and can
         * not pick the same port. */
        long n = pr_ports_free(s, NULL, a->range, -1, &port, 1, err);
        if (n < 0) {
            rc = (int)n;
            goto fail;
        }
        if (n == 0) {
            rc = pr_error_set(err, PR_ENOTFOUND, "no free %s port left",
                              pr_range_name(a->range) ? pr_range_name(a->range) : "user");
            goto fail;
        }
    }
    if (a->reuse) {
        /* §8.3 is about de-assigned ports: a free one is simply assigned. */
        for (size_t k = 0; k < np && !rc; k++) {
            struct pr_recset rs;
            int reserved = 0;
            if ((rc = records_at(s, port, protos[k], &rs, err)))
                goto fail;
            for (size_t i = 0; i < rs.n && !rc; i++) {
                if (pr_record_state(&rs.v[i]) != PR_STATE_RESERVED)
                    continue;
                reserved = 1;
                if (reserved_for_good(&rs.v[i], port))
                    rc = pr_error_set(err, PR_EREFUSED,
                                      "port %d/%s is Reserved for good (RFC 6335 §6); reuse "
                                      "(§8.3) takes only de-assigned ports, not even with "
                                      "--force", port, protos[k]);
                else if (!de_assigned(&rs.v[i]) && !has_person(&rs.v[i], assignee) &&
                         !a->force)
                    /* Reserved for someone (the other transport of an
                     * assignment, §8.1), or for no reason shown */
                    rc = pr_error_set(err, PR_EREFUSED,
                                      "port %d/%s is Reserved but was not de-assigned (no "
                                      "'De-Assigned on' or 'Revoked on' note): reuse (RFC 6335 "
                                      "§8.3) takes only de-assigned ports; --force --reason if "
                                      "it was", port, protos[k]);
            }
            pr_recset_release(&rs);
            if (!rc && !reserved)
                rc = pr_error_set(err, PR_EREFUSED,
                                  "port %d/%s is not Reserved: reuse (RFC 6335 §8.3) is for "
                                  "de-assigned ports; a free port is assigned (§8.1)", port,
                                  protos[k]);
        }
        if (rc)
            goto fail;
    }
    char done[64] = "", reserved_list[64] = "";
    for (size_t k = 0; k < np; k++) {
        long long taken;
        struct pr_record r;
        if ((rc = clear_port(&ch, port, protos[k], assignee, a->reuse, &taken, err)))
            goto fail;
        if (build_assigned(&r, a, protos[k], port, assignee, contact, ch.date)) {
            rc = nomem(err);
            goto fail;
        }
        if (taken) {
            struct pr_record old;
            if (!(rc = pr_store_get_record(s, taken, &old, err))) {
                r.id = old.id;
                r.seq = old.seq;
                pr_record_release(&old);
                rc = pr_change_update_record(&ch, &r, err);
            }
        } else {
            rc = insert_placed(&ch, &r, err);
        }
        pr_record_release(&r);
        if (rc)
            goto fail;
        snprintf(done + strlen(done), sizeof done - strlen(done), "%s%s", k ? "," : "",
                 protos[k]);
    }
    for (size_t k = 0; k < 2; k++) {
        int requested = 0, made;
        for (size_t j = 0; j < np; j++)
            requested |= !strcmp(protos[j], pair[k]);
        if (requested)
            continue;
        if ((rc = reserve_other(&ch, port, pair[k], assignee, &made, err)))
            goto fail;
        if (made)
            snprintf(reserved_list + strlen(reserved_list),
                     sizeof reserved_list - strlen(reserved_list), "%s%d/%s",
                     *reserved_list ? ", " : "", port, pair[k]);
    }
    int o = snprintf(res->summary, sizeof res->summary, "%s %s %d/%s", a->reuse ? "reuse" : "assign",
                     a->name, port, done);
    if (*reserved_list && o > 0 && (size_t)o < sizeof res->summary)
        o += snprintf(res->summary + o, sizeof res->summary - (size_t)o, "; reserved %s",
                      reserved_list);
    if (a->reason && *a->reason && o > 0 && (size_t)o < sizeof res->summary)
        snprintf(res->summary + o, sizeof res->summary - (size_t)o, " (%s)", a->reason);
    res->port = port;
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, 0, err);
fail:
    pr_change_abort(&ch);
    return rc;
}

/* ---- §8.6 maintenance ------------------------------------------------------------- */

static const char *const modifiable[] = {"description", "contact", "note", "reference",
                                         "unauthorized", NULL};

/* The field name of "FIELD=..." (len bytes), plurals as their singular:
 * "notes" -> "note", "references" -> "reference". */
static const char *canon_field(const char *f, size_t len)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)len, f);
    if (!strcmp(buf, "notes"))
        return "note";
    if (!strcmp(buf, "references"))
        return "reference";
    return buf;
}

/* NULL and "" alike: IANA's records leave empty elements out. */
static int same_str(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* Do a and b hold the same registry content (what the export writes;
 * position, layout, source bytes and the `updated` stamp aside)? */
static int record_same(const struct pr_record *a, const struct pr_record *b)
{
    if (!same_str(a->name, b->name) || !same_str(a->protocol, b->protocol) ||
        !same_str(a->number, b->number) || !same_str(a->description, b->description) ||
        !same_str(a->description_xml, b->description_xml) ||
        !same_str(a->unauthorized, b->unauthorized) ||
        !same_str(a->unauthorized_xml, b->unauthorized_xml) || !same_str(a->sc, b->sc) ||
        !same_str(a->date, b->date) || a->n_xrefs != b->n_xrefs || a->n_notes != b->n_notes)
        return 0;
    for (size_t i = 0; i < a->n_xrefs; i++)
        if (a->xrefs[i].role != b->xrefs[i].role || !same_str(a->xrefs[i].type, b->xrefs[i].type) ||
            !same_str(a->xrefs[i].data, b->xrefs[i].data) ||
            !same_str(a->xrefs[i].text, b->xrefs[i].text))
            return 0;
    for (size_t i = 0; i < a->n_notes; i++)
        if (!same_str(a->notes[i].text, b->notes[i].text) ||
            !same_str(a->notes[i].xml, b->notes[i].xml))
            return 0;
    return 1;
}

/* Does r already carry exactly the references list names? */
static int same_references(const struct pr_record *r, const char *list, int *same)
{
    struct pr_record want;
    size_t k = 0;
    pr_record_init(&want);
    if (add_references(&want, list)) {
        pr_record_release(&want);
        return PR_ENOMEM;
    }
    *same = 1;
    for (size_t i = 0; i < r->n_xrefs && *same; i++) {
        const struct pr_xref *x = &r->xrefs[i];
        if (x->role != PR_ROLE_REF || is_person(x))
            continue;
        *same = k < want.n_xrefs && same_str(x->type, want.xrefs[k].type) &&
                same_str(x->data, want.xrefs[k].data) && same_str(x->text, want.xrefs[k].text);
        k++;
    }
    *same = *same && k == want.n_xrefs;
    pr_record_release(&want);
    return 0;
}

/* Apply one FIELD=VALUE to r.  A value r already has leaves r alone (its
 * element's XML too: IANA's markup stays). */
static int apply_set(struct pr_change *ch, struct pr_record *r, const char *field,
                     const char *value, pr_error *err)
{
    if (!strcmp(field, "description")) {
        if (!*value)
            return pr_error_field(err, PR_EINVAL, "description", "description may not be empty");
        if (same_str(r->description, value))
            return 0;
        return set_text(&r->description, &r->description_xml, value) ? nomem(err) : 0;
    }
    if (!strcmp(field, "unauthorized")) {
        if (same_str(r->unauthorized, value))
            return 0;
        return set_text(&r->unauthorized, &r->unauthorized_xml, value) ? nomem(err) : 0;
    }
    if (!strcmp(field, "note")) {
        if ((!*value && !r->n_notes) ||
            (*value && r->n_notes == 1 && same_str(r->notes[0].text, value)))
            return 0;
        clear_notes(r);
        return *value && add_note(r, value) ? nomem(err) : 0;
    }
    if (!strcmp(field, "reference")) {
        int same;
        if (same_references(r, value, &same))
            return nomem(err);
        if (same)
            return 0;
        filter_xrefs(r, keep_people);
        return add_references(r, value) ? nomem(err) : 0;
    }
    /* contact: the assignee stays.  Records without <assignee> name one
     * person for both roles: that person moves into <assignee>. */
    char id[256];
    const char *now[16];
    int rc = resolve_person(ch, value, "contact", id, sizeof id, err);
    if (rc)
        return rc;
    if (pr_record_contacts(r, now, 16) == 1 && !strcmp(now[0], id))
        return 0; /* that person is the contact already */
    int has_assignee = 0;
    for (size_t i = 0; i < r->n_xrefs; i++)
        has_assignee |= r->xrefs[i].role == PR_ROLE_ASSIGNEE;
    if (!has_assignee)
        for (size_t i = 0; i < r->n_xrefs; i++)
            if (r->xrefs[i].role == PR_ROLE_REF && is_person(&r->xrefs[i]))
                r->xrefs[i].role = PR_ROLE_ASSIGNEE;
    filter_xrefs(r, keep_not_contact);
    return pr_record_add_xref(r, PR_ROLE_REF, "person", id, NULL) ? nomem(err) : 0;
}

/* pr_edit_modify, and with base pr_edit_modify_matching. */
static int modify(pr_store *s, const char *name, const char *protocol, const pr_edit_base *base,
                  const char *const *sets, size_t n_sets, struct pr_edit_conflict *conflict,
                  struct pr_edit_result *res, pr_error *err)
{
    struct pr_change ch;
    struct pr_recset rs = {NULL, 0};
    char fields[256] = "";
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if (protocol && (rc = check_protocol(protocol, err)))
        return rc;
    if (!n_sets)
        return pr_error_set(err, PR_EINVAL, "nothing to change: no field given");
    for (size_t i = 0; i < n_sets; i++) {
        const char *eq = strchr(sets[i], '=');
        size_t flen = eq ? (size_t)(eq - sets[i]) : strlen(sets[i]);
        char f[64];
        snprintf(f, sizeof f, "%s", canon_field(sets[i], flen));
        if (!eq)
            return pr_error_set(err, PR_EINVAL, "'%s' is not FIELD=VALUE", sets[i]);
        if (!strcmp(f, "assignee"))
            return pr_error_set(err, PR_EREFUSED,
                                "the assignee of '%s' is never changed in place (RFC 6335 §8.5, "
                                "§8.6): the assignee de-assigns it (§8.2) and the new party "
                                "requests a new assignment (§8.1)", name);
        if (!strcmp(f, "name") || !strcmp(f, "protocol") || !strcmp(f, "port") ||
            !strcmp(f, "number"))
            return pr_error_set(err, PR_EREFUSED,
                                "the %s of '%s' is not changed in place: de-assign it "
                                "(RFC 6335 §8.2) and request a new assignment (§8.1)", f, name);
        int ok = 0;
        for (size_t k = 0; modifiable[k]; k++)
            ok |= !strcmp(f, modifiable[k]);
        if (!ok)
            return pr_error_set(err, PR_EINVAL,
                                "unknown field '%s' (expected description, contact, note, "
                                "reference or unauthorized)", f);
        snprintf(fields + strlen(fields), sizeof fields - strlen(fields), "%s%s",
                 i ? ", " : "", f);
    }
    if ((rc = pr_change_begin(s, &ch, "modify", err)))
        return rc;
    if ((base && (rc = pr_edit_base_check(s, base, conflict, err))) ||
        (rc = pr_recset_named(s, name, protocol, &rs, err)))
        goto fail;
    if (!rs.n) {
        rc = pr_error_set(err, PR_ENOTFOUND, "no service '%s'%s%s", name,
                          protocol ? " on " : "", protocol ? protocol : "");
        goto fail;
    }
    size_t changed = 0;
    for (size_t i = 0; i < rs.n; i++) {
        struct pr_record *r = &rs.v[i], before;
        if (pr_record_copy(&before, r)) {
            rc = nomem(err);
            goto fail;
        }
        for (size_t k = 0; k < n_sets && !rc; k++) {
            char f[64];
            const char *eq = strchr(sets[k], '=');
            snprintf(f, sizeof f, "%s", canon_field(sets[k], (size_t)(eq - sets[k])));
            rc = apply_set(&ch, r, f, eq + 1, err);
        }
        int same = !rc && record_same(&before, r);
        pr_record_release(&before);
        if (rc)
            goto fail;
        if (same)
            continue; /* no new `updated` date for a record that stays */
        if (set_str(&r->updated, ch.date) || canon_layout(r)) {
            rc = nomem(err);
            goto fail;
        }
        if ((rc = pr_change_update_record(&ch, r, err)))
            goto fail;
        changed++;
    }
    pr_recset_release(&rs);
    if (!changed) {
        /* Nothing is recorded: no history entry, no `updated` date. */
        pr_change_abort(&ch);
        res->unchanged = 1;
        snprintf(res->summary, sizeof res->summary, "'%s'%s%s already has that %s", name,
                 protocol ? " on " : "", protocol ? protocol : "", fields);
        return 0;
    }
    snprintf(res->summary, sizeof res->summary, "modify %s%s%s: %s (%zu record%s)", name,
             protocol ? "/" : "", protocol ? protocol : "", fields, changed,
             changed == 1 ? "" : "s");
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, 0, err);
fail:
    pr_recset_release(&rs);
    pr_change_abort(&ch);
    return rc;
}

int pr_edit_modify(pr_store *s, const char *name, const char *protocol,
                   const char *const *sets, size_t n_sets, struct pr_edit_result *res,
                   pr_error *err)
{
    return modify(s, name, protocol, NULL, sets, n_sets, NULL, res, err);
}

int pr_edit_modify_matching(pr_store *s, const pr_edit_base *base, const char *const *sets,
                            size_t n_sets, struct pr_edit_conflict *conflict,
                            struct pr_edit_result *res, pr_error *err)
{
    return modify(s, pr_edit_base_name(base), pr_edit_base_protocol(base), base, sets, n_sets,
                  conflict, res, err);
}

/* ---- §8.2 de-assignment, §8.4 revocation -------------------------------------------- */

/* De-assignment or revocation; with base, only while the service is stored
 * as base holds it. */
static int withdraw(pr_store *s, const char *command, const char *name, const char *protocol,
                    const char *note_word, const char *reason, const char *approved_by,
                    const pr_edit_base *base, struct pr_edit_conflict *conflict,
                    struct pr_edit_result *res, pr_error *err)
{
    struct pr_change ch;
    struct pr_recset rs = {NULL, 0}, all = {NULL, 0};
    char ports[256] = "";
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if (protocol && (rc = check_protocol(protocol, err)))
        return rc;
    if (!reason || !*reason)
        return pr_error_field(err, PR_EINVAL, "reason",
                              "%s '%s' needs a reason (it is recorded in the history)",
                              !strcmp(command, "revoke") ? "revoking" : "de-assigning", name);
    if ((rc = pr_change_begin(s, &ch, command, err)))
        return rc;
    ch.reason = reason;
    if ((base && (rc = pr_edit_base_check(s, base, conflict, err))) ||
        (rc = pr_recset_named(s, name, protocol, &rs, err)) ||
        (rc = pr_recset_named(s, name, NULL, &all, err)))
        goto fail;
    size_t with_port = 0, all_ports = 0;
    const struct pr_record *name_only = NULL, *first = NULL;
    for (size_t i = 0; i < rs.n; i++)
        if (rs.v[i].port_lo >= 0 && !with_port++)
            first = &rs.v[i];
    for (size_t i = 0; i < all.n; i++) {
        if (all.v[i].port_lo >= 0)
            all_ports++;
        else
            name_only = &all.v[i];
    }
    if (!with_port) {
        rc = all.n ? pr_error_set(err, PR_EREFUSED, "'%s' has no port%s%s to %s", name,
                                  protocol ? " on " : "", protocol ? protocol : "", command)
                   : pr_error_set(err, PR_ENOTFOUND, "no service '%s'", name);
        goto fail;
    }
    /* The name stays registered: a name-only record once no port is left. */
    if (with_port == all_ports && !name_only) {
        struct pr_record n;
        if (pr_record_copy(&n, first)) {
            rc = nomem(err);
            goto fail;
        }
        n.id = 0;
        free(n.protocol); n.protocol = NULL;
        free(n.number); n.number = NULL;
        n.port_lo = n.port_hi = -1;
        free(n.sc); n.sc = NULL;
        clear_notes(&n);
        if (set_str(&n.updated, ch.date) || canon_layout(&n))
            rc = nomem(err);
        else
            rc = insert_placed(&ch, &n, err);
        pr_record_release(&n);
        if (rc)
            goto fail;
    }
    char note[128];
    snprintf(note, sizeof note, "%s on %s.", note_word, ch.date);
    for (size_t i = 0; i < rs.n; i++) {
        struct pr_record *r = &rs.v[i];
        if (r->port_lo < 0)
            continue;
        snprintf(ports + strlen(ports), sizeof ports - strlen(ports), "%s%s/%s",
                 *ports ? "," : "", r->number, r->protocol ? r->protocol : "");
        filter_xrefs(r, keep_none);
        clear_notes(r);
        if (set_str(&r->name, "") || set_text(&r->description, &r->description_xml, "Reserved") ||
            set_text(&r->unauthorized, &r->unauthorized_xml, NULL) || set_str(&r->sc, NULL) ||
            set_str(&r->updated, ch.date) || add_note(r, note) || canon_layout(r)) {
            rc = nomem(err);
            goto fail;
        }
        if ((rc = pr_change_update_record(&ch, r, err)))
            goto fail;
    }
    int o = snprintf(res->summary, sizeof res->summary, "%s %s %s", command, name, ports);
    if (approved_by && o > 0 && (size_t)o < sizeof res->summary)
        o += snprintf(res->summary + o, sizeof res->summary - (size_t)o, ", approved by %s",
                      approved_by);
    if (reason && *reason && o > 0 && (size_t)o < sizeof res->summary)
        snprintf(res->summary + o, sizeof res->summary - (size_t)o, " (%s)", reason);
    pr_recset_release(&rs);
    pr_recset_release(&all);
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, 0, err);
fail:
    pr_recset_release(&rs);
    pr_recset_release(&all);
    pr_change_abort(&ch);
    return rc;
}

int pr_edit_deassign(pr_store *s, const char *name, const char *protocol, const char *reason,
                     struct pr_edit_result *res, pr_error *err)
{
    return withdraw(s, "deassign", name, protocol, "De-Assigned", reason, NULL, NULL, NULL, res,
                    err);
}

int pr_edit_deassign_matching(pr_store *s, const pr_edit_base *base, const char *reason,
                              struct pr_edit_conflict *conflict, struct pr_edit_result *res,
                              pr_error *err)
{
    return withdraw(s, "deassign", pr_edit_base_name(base), pr_edit_base_protocol(base),
                    "De-Assigned", reason, NULL, base, conflict, res, err);
}

int pr_edit_revoke(pr_store *s, const char *name, const char *protocol, const char *reason,
                   const char *approved_by, struct pr_edit_result *res, pr_error *err)
{
    if (!reason || !*reason)
        return pr_error_field(err, PR_EREFUSED, "reason",
                              "revoking '%s' needs a reason: RFC 6335 §8.4 revokes only "
                              "assignments shown to be unused or abused", name);
    if (!approved_by || !*approved_by)
        return pr_error_field(err, PR_EREFUSED, "approved_by",
                              "revoking '%s' needs the IESG's approval (RFC 6335 §8.4): who "
                              "approved it", name);
    return withdraw(s, "revoke", name, protocol, "Revoked", reason, approved_by, NULL, NULL, res,
                    err);
}

/* ---- reservation ------------------------------------------------------------------ */

int pr_edit_reserve(pr_store *s, int port, const char *protocol, const char *reason,
                    struct pr_edit_result *res, pr_error *err)
{
    struct pr_change ch;
    struct pr_recset rs = {NULL, 0};
    int rc;
    memset(res, 0, sizeof *res);
    res->port = -1;
    if ((rc = check_protocol(protocol, err)))
        return rc;
    if (port < 0 || port > 65535)
        return pr_error_set(err, PR_EINVAL, "invalid port %d", port);
    if (pr_port_range(port) == PR_RANGE_DYNAMIC)
        return pr_error_set(err, PR_EREFUSED,
                            "port %d is in the dynamic range, which is never reserved or assigned "
                            "(RFC 6335 §6)", port);
    if (!reason || !*reason)
        return pr_error_field(err, PR_EINVAL, "reason", "a reservation needs a reason");
    if ((rc = pr_change_begin(s, &ch, "reserve", err)))
        return rc;
    ch.reason = reason;
    if ((rc = records_at(s, port, protocol, &rs, err)))
        goto fail;
    for (size_t i = 0; i < rs.n; i++)
        if (pr_record_state(&rs.v[i]) != PR_STATE_UNASSIGNED) {
            rc = pr_error_set(err, PR_EEXIST, "port %d/%s is not unassigned (%s%s%s)", port,
                              protocol, pr_state_name(pr_record_state(&rs.v[i])),
                              rs.v[i].name && *rs.v[i].name ? ": " : "",
                              rs.v[i].name ? rs.v[i].name : "");
            goto fail;
        }
    for (size_t i = 0; i < rs.n; i++)
        if ((rc = split_out(&ch, &rs.v[i], port, err)))
            goto fail;
    struct pr_record r;
    if (build_reserved(&r, protocol, port, NULL) || set_str(&r.updated, ch.date) ||
        canon_layout(&r)) {
        pr_record_release(&r);
        rc = nomem(err);
        goto fail;
    }
    rc = insert_placed(&ch, &r, err);
    pr_record_release(&r);
    if (rc)
        goto fail;
    pr_recset_release(&rs);
    snprintf(res->summary, sizeof res->summary, "reserve %d/%s (%s)", port, protocol, reason);
    res->port = port;
    res->change_id = ch.id;
    return pr_change_commit(&ch, res->summary, 0, err);
fail:
    pr_recset_release(&rs);
    pr_change_abort(&ch);
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
    struct pr_change ch;
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
        return nomem(err);
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
    if ((rc = place_person(&ch, &p, err)) || (rc = pr_change_insert_person(&ch, &p, err)))
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
    struct pr_change ch;
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
    if ((!uri || (u && same_str(p.uri, u))) && (!name || same_str(p.name, name)) &&
        (!org || same_str(p.org, org))) {
        /* Nothing is recorded: no history entry, no `updated` date. */
        free(u);
        pr_person_release(&p);
        pr_change_abort(&ch);
        res->unchanged = 1;
        snprintf(res->summary, sizeof res->summary, "person '%s' already has those details", id);
        return 0;
    }
    if ((uri && !u) || (name && set_str(&p.name, *name ? name : NULL)) ||
        (org && set_str(&p.org, *org ? org : NULL)) || set_str(&p.updated, ch.date)) {
        free(u);
        pr_person_release(&p);
        rc = nomem(err);
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
