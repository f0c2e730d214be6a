/* edit_place.c - where a new row goes: a seq that puts a record or person
 * where IANA would (records by port then transport, name-only records at
 * the end alphabetically, people by id), respacing neighbours when there is
 * no gap, and an Unassigned range split around a port taken from it. */
#include "edit_int.h"
#include "history_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- places in IANA's order ------------------------------------------------------ */

#define PROTO_RANK                                                                      \
    "(CASE protocol WHEN 'tcp' THEN 1 WHEN 'udp' THEN 2 WHEN 'sctp' THEN 3 "          \
    "WHEN 'dccp' THEN 4 ELSE 0 END)"

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

static int move_record(struct pr_change_txn *ch, long long id, long long seq, pr_error *err)
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

static int respace(struct pr_change_txn *ch, long long prev, long long next, long long *out,
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
static int seq_after(struct pr_change_txn *ch, long long prev, long long *out, pr_error *err)
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
static int place_record(struct pr_change_txn *ch, struct pr_record *r, pr_error *err)
{
    int dberr = 0;
    long long prev;
    if (r->port_lo >= 0) {
        prev = pr_sql_scalar(ch->s,
                      "SELECT seq FROM record WHERE port_lo IS NOT NULL AND (port_lo < ?1 OR "
                      "(port_lo = ?1 AND " PROTO_RANK " <= ?2)) ORDER BY port_lo DESC, "
                      PROTO_RANK " DESC, seq DESC LIMIT 1", -1, &dberr, "ii", r->port_lo,
                      pr_edit_proto_rank(r->protocol));
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

int pr_edit_place_person(struct pr_change_txn *ch, struct pr_person *p, pr_error *err)
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
    if (dberr)
        return pr_store_dberr(ch->s, err, "cannot place person");
    if (next - prev < 2)
        return pr_error_set(err, PR_EDB, "no room to place person '%s'", p->id);
    p->seq = prev + (next - prev) / 2;
    return 0;
}

/* Store r as a new record at its place in IANA's order. */
int pr_edit_insert_placed(struct pr_change_txn *ch, struct pr_record *r, pr_error *err)
{
    int rc = place_record(ch, r, err);
    return rc ? rc : pr_change_insert_record(ch, r, err);
}

/* ---- splitting unassigned ranges ----------------------------------------------- */

/* Take port out of unassigned record u: the part below keeps u's row, the
 * part above becomes a new row (or u's row when nothing is below). */
int pr_edit_split_out(struct pr_change_txn *ch, const struct pr_record *u, int port, pr_error *err)
{
    struct pr_record r;
    int lo = u->port_lo, hi = u->port_hi, rc;
    if (lo == port && hi == port)
        return pr_change_delete_record(ch, u->id, err);
    if ((rc = pr_record_copy(&r, u)))
        return pr_edit_nomem(err);
    free(r.raw);
    r.raw = NULL;
    if (lo < port) {
        if (!(rc = pr_edit_set_port(&r, lo, port - 1) ? pr_edit_nomem(err) : 0))
            rc = pr_change_update_record(ch, &r, err);
        if (!rc && hi > port) {
            r.id = 0;
            if (pr_edit_set_port(&r, port + 1, hi))
                rc = pr_edit_nomem(err);
            else
                rc = pr_edit_insert_placed(ch, &r, err);
        }
    } else {
        if (!(rc = pr_edit_set_port(&r, port + 1, hi) ? pr_edit_nomem(err) : 0))
            rc = pr_change_update_record(ch, &r, err);
    }
    pr_record_release(&r);
    return rc;
}
