/* browse.h - read-only helpers for interactive front ends (portreg tui):
 * the whole registry as a compact list of display rows, filtering those rows
 * with the query language of `portreg search`, and the port space as a
 * density map.
 *
 * Part of libportreg's public API, next to registry.h.
 */
#ifndef PORTREG_BROWSE_H
#define PORTREG_BROWSE_H

#include <stddef.h>

#include "registry.h"

/* ---- search by id -------------------------------------------------------- */

/* Like pr_search, but hands over only the matching record ids (in registry
 * order), without loading the records: fast enough to run on every key
 * stroke.  Defined in search.c.  Returns the number of matches or a negative
 * PR_E* code. */
long pr_search_ids(pr_store *s, const struct pr_query *q, int (*cb)(long long id, void *ud),
                   void *ud, pr_error *err);

/* ---- rows ---------------------------------------------------------------- */

/* The registry as display rows: the records of one service on one port (or
 * one name-only service) that follow each other in the document share one
 * row, as `portreg search` prints them; so do unnamed records of one port
 * with the same description ("Reserved" on tcp and udp). */
typedef struct pr_rows pr_rows;

/* One row; every pointer is borrowed from the pr_rows and lives as long as
 * it does. */
struct pr_row {
    const char *name;        /* "" when the record has no name */
    const char *number;      /* "443", "6000-6063"; "" for a name-only service */
    const char *protocols;   /* "tcp,udp"; "" when none */
    const char *description; /* plain text folded to one line */
    int port_lo, port_hi;    /* -1 for a name-only service */
    int state;               /* enum pr_state of the row's first record */
    size_t n_ids;
    const long long *ids;    /* the row's record ids, in document order */
};

/* Load every record of the store as rows (one query, a few bytes per row
 * plus the text).  *out is freed with pr_rows_free. */
int pr_rows_load(pr_store *s, pr_rows **out, pr_error *err);
void pr_rows_free(pr_rows *rs);
size_t pr_rows_count(const pr_rows *rs);
/* Number of records behind the rows. */
size_t pr_rows_records(const pr_rows *rs);
/* Fill *row with row i (i < pr_rows_count). */
void pr_rows_get(const pr_rows *rs, size_t i, struct pr_row *row);
/* Row holding record id, or -1. */
long pr_rows_find(const pr_rows *rs, long long id);

/* A selection of rows: indexes into a pr_rows, ascending.  Owns idx. */
struct pr_rowsel {
    unsigned *idx;
    size_t n, cap;
    enum pr_guess how; /* how the query was understood */
    int fallback;      /* a name found nothing, so the words were searched */
};
void pr_rowsel_release(struct pr_rowsel *sel);

/* Select the rows matching query, understood as `portreg search QUERY`
 * understands it (pr_query_guess): digits are a port or range ("443",
 * "6000-6063", "53/udp"; range records containing the port match), a
 * service name is matched as a prefix ("htt" finds http, https ...; a glob
 * with * or ? as written) and when no name matches the words of
 * descriptions and notes are searched (prefix matching); anything else is
 * searched as words.  Fills sel (reusing its buffer).  Returns the number of
 * rows or a negative PR_E* code: PR_EINVAL for a query with no words or an
 * unknown transport. */
long pr_rows_filter(pr_store *s, const pr_rows *rs, const char *query, struct pr_rowsel *sel,
                    pr_error *err);

/* ---- port map ------------------------------------------------------------ */

struct pr_portmap_block {
    int lo, hi;                         /* ports of the block */
    int assigned, reserved, unassigned; /* ports by strongest claim; a port
                                           no record covers is unassigned */
};

/* Fill claim[port] (PR_PORT_COUNT entries) with the strongest claim on that port
 * over every transport: PR_PORT_ASSIGNED, _RESERVED or _UNASSIGNED as
 * pr_store_port_map gives them per transport. */
int pr_portmap_claims(pr_store *s, unsigned char *claim, pr_error *err);
/* Count the claims of blocks of block_size ports (a divisor of PR_PORT_COUNT) into
 * out[PR_PORT_COUNT / block_size]. */
void pr_portmap_blocks(const unsigned char *claim, int block_size, struct pr_portmap_block *out);

#endif
