/* registry.h - public API of libportreg's registry half: errors, the data
 * model of IANA's Service Name and Transport Protocol Port Number Registry
 * (RFC 6335), the SQLite store and search.
 *
 * The library never prints and never exits.  Calls that can fail return 0 or
 * a negative PR_E* code and fill an optional pr_error.
 */
#ifndef PORTREG_REGISTRY_H
#define PORTREG_REGISTRY_H

#include <stddef.h>
#include <stdio.h>

#include "port_range.h"

/* ---- errors ------------------------------------------------------------ */

enum {
    PR_OK = 0,
    PR_EINVAL = -1,    /* bad argument or request */
    PR_EPARSE = -2,    /* malformed input file */
    PR_EDB = -3,       /* SQLite failure */
    PR_EIO = -4,       /* file system failure */
    PR_ENOMEM = -5,
    PR_EEXIST = -6,    /* already there (registry, name, port) */
    PR_ENOTFOUND = -7, /* no such record, person, database */
    PR_ESCHEMA = -8,   /* database schema too new or damaged */
    PR_EREFUSED = -9,  /* a procedure's precondition does not hold */
    PR_ECONFLICT = -10 /* another writer changed what an edit started from */
};

typedef struct pr_error {
    int code;
    char file[256]; /* empty if none */
    long line, column; /* 0 if unknown */
    char msg[256];
    char field[32]; /* the input field the message is about ("description",
                       "reason", "port"...), for a front end to point at its
                       own control (a command-line option, a form's field);
                       empty if none.  Messages name fields, never options. */
} pr_error;

#if defined(__GNUC__)
#define PR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define PR_PRINTF(a, b)
#endif

/* Fill e (if not NULL) and return code.  Never clears an earlier file/line
 * unless pr_error_at is used. */
int pr_error_set(pr_error *e, int code, const char *fmt, ...) PR_PRINTF(3, 4);
int pr_error_at(pr_error *e, int code, const char *file, long line, long col,
                const char *fmt, ...) PR_PRINTF(6, 7);
/* pr_error_set, and e->field = field. */
int pr_error_field(pr_error *e, int code, const char *field, const char *fmt, ...)
    PR_PRINTF(4, 5);
void pr_error_clear(pr_error *e);
/* "FILE:LINE:COL: msg" / "FILE: msg" / "msg" into buf. */
const char *pr_error_format(const pr_error *e, char *buf, size_t len);

const char *pr_version(void);

/* Make room for item n (items 0..n) of a growable array: when n reaches
 * *cap, double the allocation until it fits (first items at the start).
 * items is the address of the array pointer (e.g. &list->v); size is one
 * item's size.  0, or PR_ENOMEM with the array untouched. */
int pr_grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

/* ---- time: RFC 3339 ------------------------------------------------------ */

/* "2026-01-15T12:00:00Z" and its NUL. */
#define PR_TIME_LEN 21
/* An RFC 3339 date-time ("2026-01-15T12:00:00Z", "...T13:00:00+01:00",
 * fractions of a second dropped) or a full-date ("2026-01-15": midnight
 * UTC) into seconds since 1970-01-01T00:00:00Z (t may be NULL).  Every field
 * is range-checked (no 2026-02-30, no leap second 60); the time must fall
 * in 1970-9999 once in UTC.  0 or PR_EINVAL. */
int pr_time_parse(const char *s, long long *t);
/* t (0 .. 9999-12-31T23:59:59Z) as "YYYY-MM-DDTHH:MM:SSZ". */
void pr_time_format(long long t, char buf[PR_TIME_LEN]);

/* The one checked integer parser.  A decimal number: digits and nothing
 * else (no blanks, no '+', no junk after; a leading '-' only when min < 0),
 * within [min, max].  0 with *out set (out may be NULL), or PR_EINVAL for an empty
 * string, junk, overflow or a value out of range (*out untouched). */
int pr_parse_long(const char *s, long min, long max, long *out);
/* A byte count: digits with an optional K, M or G suffix (1024-based,
 * either case), within [min, max]; overflow is refused.  0 or PR_EINVAL. */
int pr_parse_size(const char *s, long long min, long long max, long long *out);

/* ---- temporary files and signals ----------------------------------------- */

/* The library registers the files and folders it writes only for a while
 * (an export's temporary file, the temporary folder of an export --all and
 * its files, an update's download, a database a first import creates) so
 * that an interrupted command leaves none behind: a front end's SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT handler calls pr_temp_cleanup, which is
 * async-signal-safe (it only unlinks the files, then removes the folders),
 * then ends the process.  pr_temp_add returns 0, or -1 when the path is too
 * long or sixteen are registered already (it is then simply not removed
 * on a signal). */
int pr_temp_add(const char *path);
int pr_temp_add_folder(const char *path);
void pr_temp_forget(const char *path);
void pr_temp_cleanup(void);
/* Hold those signals off for a step that must not be cut in two (a
 * folder moved aside and the new one moved in); they are delivered at
 * the matching release.  Nests. */
void pr_temp_hold(void);
void pr_temp_release(void);
/* A commit and the report of it are one unit.  Once a front end calls
 * pr_temp_hold_commits, every COMMIT (pr_store_commit) holds the signals
 * off from just before it; a failed COMMIT releases them, a done one keeps
 * them held until the front end has reported the result and calls
 * pr_temp_commit_reported.  A signal thus either comes before the COMMIT
 * (the database stays as it was) or after the report (the change is
 * saved and said so).  pr_temp_committed tells a signal handler which
 * (async-signal-safe): 1 once a change is saved. */
void pr_temp_hold_commits(void);
void pr_temp_commit_begin(void);
void pr_temp_commit_end(int ok);
void pr_temp_commit_reported(void);
int pr_temp_committed(void);
/* mkstemp(tmpl) and pr_temp_add of the name it made, with the signals held
 * off in between; the file descriptor or -1 (errno). */
int pr_temp_mkstemp(char *tmpl);
/* mkdtemp(tmpl) and pr_temp_add_folder the same way; tmpl or NULL (errno). */
char *pr_temp_mkdtemp(char *tmpl);

/* ---- data model -------------------------------------------------------- */

/* Where an xref sits in its record. */
enum pr_role {
    PR_ROLE_REF = 0,      /* child of <record> */
    PR_ROLE_ASSIGNEE = 1, /* inside <assignee> */
    PR_ROLE_CONTACT = 2   /* inside <contact> */
};

struct pr_xref {
    int role;   /* enum pr_role */
    char *type; /* person, rfc, draft, uri, text, note, ... */
    char *data; /* data attribute; NULL if absent */
    char *text; /* element content (type="text"); NULL if empty */
};

struct pr_note {
    char *text; /* plain text: <br/> -> "\n", <xref> -> [RFC6335] */
    char *xml;  /* inner XML exactly as IANA writes it */
};

/* One <record>.  All strings are owned by the struct (pr_record_release).
 * NULL means "element absent"; "" means present and empty. */
struct pr_record {
    long long id;  /* store row id; 0 if not stored */
    long long seq; /* position in the registry document */
    char *name;
    char *protocol;   /* tcp, udp, sctp, dccp */
    char *number;     /* as written: "443", "6000-6063" */
    int port_lo, port_hi; /* -1 when there is no number */
    char *description;    /* plain text */
    char *description_xml;/* inner XML */
    char *unauthorized;   /* plain text */
    char *unauthorized_xml;
    char *sc;             /* DCCP service code */
    char *date;           /* registration date attribute */
    char *updated;        /* modification date attribute */
    /* Order of the children as imported, one code per child element:
     * n name, p protocol, A assignee block, C contact block, d description,
     * # number, x top-level xref (next in xrefs[] with role REF), N note,
     * u unauthorized, s sc.  Writers that regenerate a record follow it. */
    char *layout;
    char *raw;  /* exact bytes from the end of the previous item through
                   "</record>"; NULL once the record was edited */
    long line;  /* line of <record> in the source; 0 if unknown */
    struct pr_xref *xrefs;
    size_t n_xrefs, cap_xrefs;
    struct pr_note *notes;
    size_t n_notes, cap_notes;
};

struct pr_person {
    char *id, *name, *org, *updated;
    char *uri; /* one or more URIs, one per line (a few people have two) */
    char *raw; /* exact bytes incl. leading white space; NULL once edited */
    long long seq;
    long line;
};

/* A top-level item of the registry document that is not a record or a
 * person: the prolog (everything up to and including <registry ...>),
 * title, category, updated, xref, expert, note, footnote, the <people> open
 * tag, and the tail (</people> to end of file). */
struct pr_docitem {
    long long seq;
    char *kind;  /* "prolog", "title", "category", "updated", "xref",
                    "expert", "note", "footnote", "people", "tail", ... */
    char *attr;  /* note title, footnote anchor, xref type:data; may be NULL */
    char *text;  /* plain text content; may be NULL */
    char *raw;   /* exact bytes incl. leading white space */
};

void pr_record_init(struct pr_record *r);
void pr_record_release(struct pr_record *r);
/* Deep copy; returns 0 or PR_ENOMEM. */
int pr_record_copy(struct pr_record *dst, const struct pr_record *src);
int pr_record_add_xref(struct pr_record *r, int role, const char *type,
                       const char *data, const char *text);
int pr_record_add_note(struct pr_record *r, const char *text, const char *xml);
void pr_person_init(struct pr_person *p);
void pr_person_release(struct pr_person *p);
void pr_docitem_release(struct pr_docitem *d);

/* Port classification (RFC 6335 §6). */
enum pr_range { PR_RANGE_NONE = 0, PR_RANGE_SYSTEM, PR_RANGE_USER, PR_RANGE_DYNAMIC };
enum pr_range pr_port_range(int port);
const char *pr_range_name(enum pr_range r); /* "system", "user", "dynamic", NULL */
/* The range's ports as text: "0-1023", "1024-49151", "49152-65535", NULL. */
const char *pr_range_span(enum pr_range r);

enum pr_state { PR_STATE_ASSIGNED = 0, PR_STATE_RESERVED, PR_STATE_UNASSIGNED };
/* From the record as IANA writes it: no name and "Unassigned" -> unassigned;
 * no name and "Reserved..." -> reserved; anything else -> assigned. */
enum pr_state pr_record_state(const struct pr_record *r);
const char *pr_state_name(enum pr_state s);

/* Parse "N" or "N-M" (0 <= N <= M <= PR_PORT_MAX).  Returns 0 or PR_EINVAL. */
int pr_parse_port_range(const char *s, int *lo, int *hi);
/* Known transport protocol? (tcp, udp, sctp, dccp; case-sensitive). */
int pr_protocol_valid(const char *p);

/* Person ids that act as assignee / contact of r.  Without <assignee> the
 * plain person xrefs serve as both, as IANA's CSV shows.  Fills up to max
 * borrowed pointers into r and returns the count. */
size_t pr_record_assignees(const struct pr_record *r, const char **out, size_t max);
size_t pr_record_contacts(const struct pr_record *r, const char **out, size_t max);

/* ---- store ------------------------------------------------------------- */

typedef struct pr_store pr_store;

enum {
    PR_STORE_READONLY = 1, /* open read-only; fail if absent */
    PR_STORE_CREATE = 2,   /* create the file and its folders if absent */
    PR_STORE_NEED_REGISTRY = 4, /* refuse a database that holds no registry */
    PR_STORE_MEMORY = 8,   /* an in-memory store (tests, fuzzers); path ignored */
    /* with CREATE, when the file is absent: build it aside, without a
     * journal, and put it in place whole with pr_store_publish */
    PR_STORE_BUILD = 16
};

#define PR_SCHEMA_VERSION 2

/* Open the database at path.  Creates the schema or migrates an older one
 * (not with READONLY).  Refuses a newer schema with PR_ESCHEMA.  path must
 * name a regular file or a new one: "", ":memory:", "file:" URIs, folders,
 * FIFOs and devices are refused (PR_EINVAL), before anything is opened.
 * Another user's database is read without leaving a -wal or -shm file of
 * ours (its owner could not write them); writing one whose -wal or -shm we
 * cannot write is refused naming the file and its owner. */
int pr_store_open(pr_store **out, const char *path, int flags, pr_error *err);
void pr_store_free(pr_store *s);
/* Did this pr_store_open create the database file? */
int pr_store_created(const pr_store *s);
/* A store opened with PR_STORE_BUILD on an absent file is built in a file
 * of its own beside path, with no journal on disk (a crash leaves path
 * absent, not a damaged database): publish syncs it and renames it to path
 * (refused when a database appeared there meanwhile), then goes on with
 * path.  0
 * when there is nothing to publish.  Is the store still being built? */
int pr_store_publish(pr_store *s, pr_error *err);
int pr_store_building(const pr_store *s);
/* Free s; when its open created the database and it still holds nothing
 * (a first import or update failed), also remove the file and its -wal,
 * -shm and -journal: a database exists only once an import succeeded.
 * Returns 1 when the files were removed. */
int pr_store_discard(pr_store *s);
/* The path the store was opened with; borrowed for the store's life. */
const char *pr_store_path(const pr_store *s);
/* How long a store opened afterwards waits for another process's write
 * lock before failing (default 30000 ms).  The failure names the
 * database and the process holding the lock. */
void pr_store_set_busy_timeout(int ms);

/* ---- store settings ------------------------------------------------------
 * What the front end tells a store once it is open (the library never reads
 * the environment; cli/settings.c reads PORTREG_NOW, PORTREG_USER and the
 * test knobs and calls these).  A store starts with the system clock, the
 * login name of the user id as author, and no commit delay. */

/* Stamp changes, review decisions and imports with the time t (seconds
 * since 1970, as pr_time_parse gives it) instead of the clock;
 * PR_CLOCK_SYSTEM: the clock again.  PR_EINVAL outside 1970-9999. */
#define PR_CLOCK_SYSTEM (-1LL)
int pr_store_set_clock(pr_store *s, long long t, pr_error *err);
/* The time a change made now is stamped with, "YYYY-MM-DDTHH:MM:SSZ". */
void pr_store_now(const pr_store *s, char buf[PR_TIME_LEN]);

/* The author changes are recorded under; NULL: the login name of the user
 * id.  PR_EINVAL (nothing changed) when pr_author_check refuses it. */
#define PR_AUTHOR_MAX 127
int pr_store_set_author(pr_store *s, const char *author, pr_error *err);
/* 0, or PR_EINVAL when author is empty, longer than PR_AUTHOR_MAX bytes,
 * or holds a control character (tabs and line breaks too) or invalid UTF-8;
 * err says which, without quoting the author. */
int pr_author_check(const char *author, pr_error *err);
/* The author changes are recorded under; borrowed from s until the next
 * pr_store_set_author. */
const char *pr_store_author(pr_store *s);

/* Test hook (tests/e2e/crash_safety.sh): hold every finished change ms
 * milliseconds before it commits, so that a kill surely lands inside it.
 * 0: no delay. */
void pr_store_set_commit_delay_ms(pr_store *s, long ms);
/* Test hook ($PORTREG_TEST_COMMIT_SIGNAL): raise SIG just before (AFTER
 * 0) or just after (AFTER 1) each COMMIT; 0 turns it off. */
void pr_store_set_commit_signal(pr_store *s, int sig, int after);
/* How long this open store waits for another process's write lock from
 * now on (pr_store_set_busy_timeout's for stores opened later): an
 * interactive front end waits a moment and says who holds it rather than
 * freeze for 30 s. */
void pr_store_set_busy_wait(pr_store *s, int ms);
/* Borrowed SQLite handle, for modules of the library (not the front ends). */
struct sqlite3 *pr_store_db(pr_store *s);

/* Is the database file still the one opened, and writable?  0; PR_ENOTFOUND
 * when it was removed or replaced (renamed over) since; PR_EDB when it
 * became read-only (or its file system did).  pr_store_begin checks it. */
int pr_store_check(pr_store *s, pr_error *err);
/* A number that changes each time another connection (another process)
 * commits to the database, never for this handle's own commits (SQLite's
 * PRAGMA data_version): compare successive values to notice other writers. */
int pr_store_data_version(pr_store *s, long long *version, pr_error *err);

/* Transactions: begin takes the write lock at once (BEGIN IMMEDIATE), after
 * pr_store_check. */
int pr_store_begin(pr_store *s, pr_error *err);
int pr_store_commit(pr_store *s, pr_error *err);
void pr_store_rollback(pr_store *s);

/* Does the store hold an imported registry? 1 yes, 0 no, <0 error. */
int pr_store_has_registry(pr_store *s, pr_error *err);
/* How many records the registry holds, or <0. */
long pr_store_record_count(pr_store *s, pr_error *err);
/* Remove every registry record, person and document item (inside the
 * caller's transaction).  Edit history is kept. */
int pr_store_clear_registry(pr_store *s, pr_error *err);

/* Bulk loading into an empty registry (inside the caller's transaction):
 * secondary indexes and the full-text index are built once at the end.
 * source_bytes (the size of the file read; 0: unknown) sizes the page
 * cache to the database it makes, so that the index builds read no page
 * back from the file: when that is at most PR_BULK_CACHE_MAX (IANA's
 * registry is about 8 MiB); back to SQLite's default at the end. */
#define PR_BULK_CACHE_MAX (10L << 20)
int pr_store_bulk_begin(pr_store *s, long long source_bytes, pr_error *err);
int pr_store_bulk_end(pr_store *s, pr_error *err);
/* Around the transaction of a load (on = 1 before pr_store_begin, 0 after
 * the commit or rollback): into a store without records, the load runs with
 * a rollback journal instead of the write-ahead log.  Pages a load adds to
 * the file are not journaled, so each is written once, where the log writes
 * it twice (log, then checkpoint); a crash still leaves the store as it was
 * (the journal rolls back).  Best effort: with another connection open the
 * store stays in WAL mode. */
void pr_store_load_journal(pr_store *s, int on);

/* Key/value metadata: title, category, updated, source, imported_at, ... */
/* *value is malloc'd; PR_ENOTFOUND (err untouched) when there is no such
 * key, PR_ESCHEMA when its value is not text. */
int pr_store_meta_get(pr_store *s, const char *key, char **value, pr_error *err);
/* A count kept in meta (a decimal number >= 0); PR_ESCHEMA naming the row
 * when it is anything else, PR_ENOTFOUND when absent (*value 0). */
int pr_store_meta_get_count(pr_store *s, const char *key, long *value, pr_error *err);
int pr_store_meta_set(pr_store *s, const char *key, const char *value, pr_error *err);

/* Insert a record, its xrefs and notes, and index it for full text search;
 * sets r->id (a new one when r->id is 0, else r->id is kept).  Inside the
 * caller's transaction. */
int pr_store_insert_record(pr_store *s, struct pr_record *r, pr_error *err);
/* Replace a stored record's fields, xrefs and notes (r->id must be set),
 * reindex it. */
int pr_store_update_record(pr_store *s, const struct pr_record *r, pr_error *err);
int pr_store_delete_record(pr_store *s, long long id, pr_error *err);
int pr_store_get_record(pr_store *s, long long id, struct pr_record *r, pr_error *err);
int pr_store_insert_person(pr_store *s, const struct pr_person *p, pr_error *err);
int pr_store_update_person(pr_store *s, const struct pr_person *p, pr_error *err);
/* Fills p; PR_ENOTFOUND if there is no such person. */
int pr_store_get_person(pr_store *s, const char *id, struct pr_person *p, pr_error *err);
int pr_store_insert_docitem(pr_store *s, const struct pr_docitem *d, pr_error *err);

/* Callbacks return 0 to go on, non-zero to stop (that value is returned). */
typedef int (*pr_record_cb)(const struct pr_record *r, void *ud);
typedef int (*pr_docitem_cb)(const struct pr_docitem *d, void *ud);

/* Every record in document order (seq), with xrefs and notes.  The record
 * is borrowed for the duration of the callback. */
int pr_store_each_record(pr_store *s, pr_record_cb cb, void *ud, pr_error *err);
int pr_store_each_docitem(pr_store *s, pr_docitem_cb cb, void *ud, pr_error *err);

/* ---- usage frequency layer (nmap-services) ------------------------------ */

/* How often a port/transport is seen open in the wild.  A layer beside the
 * registry: it never changes records or their export. */
struct pr_frequency {
    int port;
    const char *protocol;
    const char *name;    /* the name the survey uses ("unknown" too); may be NULL */
    double frequency;    /* fraction of scanned hosts, 0..1 */
    const char *comment; /* may be NULL */
};

/* Remove / add observations (inside the caller's transaction). */
int pr_store_frequency_clear(pr_store *s, pr_error *err);
int pr_store_frequency_insert(pr_store *s, const struct pr_frequency *f, pr_error *err);
/* Number of observations held (0 when no layer was imported), or <0. */
long pr_store_frequency_count(pr_store *s, pr_error *err);
/* The most frequent observation for proto on a port in lo..hi: returns 1
 * and fills *freq and name (the survey's name, up to name_len bytes; may
 * be NULL), 0 when there is none, or <0 on error. */
int pr_store_frequency_get(pr_store *s, int lo, int hi, const char *proto, double *freq,
                           char *name, size_t name_len, int *port, pr_error *err);

/* How a port range was seen: observations for one transport on ports lo..hi. */
struct pr_frequency_span {
    int ports;         /* ports with an observation */
    double min, max;   /* the least and the most frequent of them */
};
/* Fill *sp for proto on ports lo..hi: 1 when some port was seen, 0 when
 * none was (sp zeroed), or <0 on error. */
int pr_store_frequency_span(pr_store *s, int lo, int hi, const char *proto,
                            struct pr_frequency_span *sp, pr_error *err);

/* The JSON members for r into buf (at least 160 bytes): ',"frequency":F'
 * with F the observation for r's transport on the port asked (port, when
 * it lies in r's range), else on r's only port; null when there is none,
 * when r has no port or transport, or when r is a range and no port of it
 * was asked.  A range record also gets ',"frequency_range":{"min":A,
 * "max":B,"ports":N}' (null when no port of it was seen).  0 or <0. */
int pr_frequency_json(pr_store *s, const struct pr_record *r, int port, char *buf, size_t len,
                      pr_error *err);

/* ---- sinks ------------------------------------------------------------- */

/* Where a reader (importers/) streams what it parses.  Each callback may be
 * NULL.  The items are borrowed for the call; a sink copies what it keeps.
 * A non-zero return stops the reader, which returns that code. */
struct pr_sink {
    void *ud;
    int (*meta)(struct pr_sink *k, const char *key, const char *value, pr_error *err);
    int (*docitem)(struct pr_sink *k, const struct pr_docitem *d, pr_error *err);
    int (*record)(struct pr_sink *k, struct pr_record *r, pr_error *err);
    int (*person)(struct pr_sink *k, const struct pr_person *p, pr_error *err);
    /* Observations of a usage layer (nmap-services). */
    int (*frequency)(struct pr_sink *k, const struct pr_frequency *f, pr_error *err);
};

/* A sink that inserts into s (inside the caller's transaction); counts go
 * to the optional counters. */
struct pr_people_refs;
struct pr_store_sink {
    struct pr_sink sink;
    pr_store *store;
    long records, people, docitems, frequencies;
    struct pr_people_refs *refs; /* when set: every record's person references */
};
void pr_store_sink_init(struct pr_store_sink *k, pr_store *s);

/* ---- search ------------------------------------------------------------ */

struct pr_query {
    int port_lo, port_hi;  /* -1: any; a range record overlapping matches */
    const char *name;      /* exact (case-insensitive) or glob with * and ? */
    const char *text;      /* words of names, descriptions and notes; prefix
                              matching */
    const char *assignee;  /* person id, name or org, as assignee or contact */
    const char *reference; /* xref data, e.g. rfc6335, draft name, uri */
    const char *protocol;  /* tcp, udp, sctp, dccp; a record without a
                              transport matches every one */
    int include_unassigned;/* 0: name/text/assignee searches skip
                              Unassigned/Reserved rows; port searches
                              always include them */
    long limit;            /* 0 = no limit */
};
void pr_query_init(struct pr_query *q);

/* How a bare query string was understood. */
enum pr_guess { PR_GUESS_PORT, PR_GUESS_NAME, PR_GUESS_TEXT };
/* Fill q from a free-form query: "443", "6000-6063", "443/tcp" -> port;
 * a valid service name (or glob) -> name; anything else -> text.  q keeps
 * pointers into buf, a caller-provided copy of s of at least strlen(s)+1. */
enum pr_guess pr_query_guess(struct pr_query *q, const char *s, char *buf);

/* Matching records in registry order; a text search ranks them instead,
 * best first (FTS5 bm25: names above descriptions above notes; a record
 * that matches only through notes IANA repeats on more than ten records
 * comes after every other), and its limit counts the ranked order.
 * Returns the number of matches (>= 0) or a negative PR_E* code. */
long pr_search(pr_store *s, const struct pr_query *q, pr_record_cb cb, void *ud,
               pr_error *err);

/* Records whose name equals name (case-insensitive). */
long pr_search_name(pr_store *s, const char *name, pr_record_cb cb, void *ud,
                    pr_error *err);

/* "Did you mean": the registered names nearest to name, a name that
 * matched nothing.  Near is a weighted edit distance (a doubled letter
 * typed once or twice too often costs least, then a letter left out or two
 * swapped, then a wrong or an extra letter) of at most one wrong letter per
 * three typed (one to three), else name being the start of a longer name
 * (three characters or more).  Fills out with up to max malloc'd lowercase
 * names, those at the least distance only, shortest first; returns how
 * many, or <0 on error. */
long pr_search_suggest(pr_store *s, const char *name, char **out, size_t max, pr_error *err);

/* The claim on every port 0..65535 for one transport (NULL: over every
 * transport): map[port] is PR_PORT_UNASSIGNED (no record, or an
 * "Unassigned" one), PR_PORT_RESERVED or PR_PORT_ASSIGNED (the strongest
 * claim wins).  Records without a protocol (IANA's unnamed ranges) count for
 * tcp and udp.  map holds PR_PORT_COUNT bytes. */
enum { PR_PORT_UNASSIGNED = 0, PR_PORT_RESERVED = 1, PR_PORT_ASSIGNED = 2 };
int pr_store_port_map(pr_store *s, const char *proto, unsigned char *map, pr_error *err);

/* Nearest unassigned ports (per pr_store_port_map) below and above port for
 * proto (NULL: tcp), outside the dynamic range; -1 where there is none. */
int pr_store_nearest_unassigned(pr_store *s, int port, const char *proto, int *below,
                                int *above, pr_error *err);

/* ---- statistics -------------------------------------------------------- */

struct pr_stats_cell { long assigned, reserved, unassigned; };
struct pr_stats {
    long records, people, names, name_only, xrefs, notes;
    /* [range: system,user,dynamic][proto: tcp,udp,sctp,dccp] in ports */
    struct pr_stats_cell ports[3][4];
    char updated[32];
    char title[128];
};
int pr_stats_compute(pr_store *s, struct pr_stats *st, pr_error *err);
extern const char *const pr_stats_protocols[4];

/* ---- text ------------------------------------------------------------ */

/* Copy of s (NULL: "") with runs of white space folded to one space and
 * trimmed; malloc'd, NULL when out of memory. */
char *pr_text_fold(const char *s);
/* Where the next line of a text wrapped to room columns ends: the bytes of
 * s up to the last space that lets them fit (the space not counted), or
 * as many as fit when no space does, never past a newline; at least one
 * character unless s is empty or starts with a newline.  width(p, n) gives
 * the columns of the n bytes at p (one UTF-8 character). */
size_t pr_text_line(const char *s, int room, int (*width)(const char *p, size_t n));
/* The record's references (top-level xrefs other than people) as IANA's
 * CSV writes them, run together: [RFC3501][RFC9051], [TR-352] (an xref's
 * text wins over its data), [draft-...]; "" when none.  malloc'd, NULL when
 * out of memory. */
char *pr_record_references(const struct pr_record *r);

/* ---- the output gate ----------------------------------------------------- */

/* Text from outside (registry and request files, the database, arguments,
 * the environment) may hold escape sequences that a terminal obeys: \e]0;
 * sets the window title, \e[2J clears the screen, U+009B is CSI.  Every
 * string that reaches a terminal or an error message passes pr_text_safe
 * (the CLI's stdout and messages, the TUI's screen): C0 controls, DEL, the
 * C1 controls U+0080-U+009F and each byte of malformed UTF-8 (stray
 * continuation bytes, overlong forms, surrogates, past U+10FFFF) become
 * U+FFFD; tab, line feed and carriage return become a space (a message
 * stays one line) unless flags keep tab and line feed.  JSON output does
 * not use it: pr_json_string escapes the same characters instead. */
enum {
    PR_SAFE_KEEP_NL = 1, /* keep line feeds (multi-line output) */
    PR_SAFE_KEEP_TAB = 2 /* keep tabs */
};
/* Write the safe form of s[0, n) (s may be NULL: "") into buf, at most len
 * bytes with the NUL, cut on a character boundary.  Returns the length of
 * the whole safe form (as snprintf does): a result >= len means buf holds
 * only its first characters.  buf may be NULL when len is 0. */
size_t pr_text_safe(char *buf, size_t len, const char *s, size_t n, int flags);
/* The safe form of the string s (NULL: "") as a malloc'd string; NULL when
 * out of memory. */
char *pr_text_safe_dup(const char *s, int flags);
/* For text that arrives in pieces (a stream): how many bytes of s[0, n) to
 * pass to pr_text_safe now.  A UTF-8 sequence cut by the end of the piece
 * is held back for the next one; at the end of the stream pass it all. */
size_t pr_text_safe_prefix(const char *s, size_t n);

/* ---- JSON -------------------------------------------------------------- */

/* Write s as a JSON string literal (with quotes); NULL writes null. */
void pr_json_string(FILE *f, const char *s);
/* The same for the n bytes at s. */
void pr_json_string_n(FILE *f, const char *s, size_t n);
/* Write one record as the JSON object search --json documents (keys name,
 * protocol, port, description, assignee, contact, registered, updated,
 * references, notes, state, range, ...). */
void pr_json_record(FILE *f, const struct pr_record *r);
/* The same with extra members (JSON text starting with ',', or NULL) before
 * the closing brace, e.g. pr_frequency_json's. */
void pr_json_record_extra(FILE *f, const struct pr_record *r, const char *extra);

#endif
