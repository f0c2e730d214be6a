/* test_oom.c - out of memory everywhere.  Each operation of the library
 * (open, the four importers, every edit, undo, history, review and its
 * reply letter, search, show, browse, stats, export, diff, compare) runs
 * again and again with its 1st, 2nd, 3rd... allocation failing, then once
 * with none failing:
 *
 *   pass "portreg": the allocations of libportreg's own code (malloc,
 *     calloc, realloc, strdup, strndup, open_memstream, realpath), wrapped
 *     at link time (-Wl,--wrap=..., tests/CMakeLists.txt; only the calls
 *     of the objects linked here are wrapped: libportreg.a and this file);
 *   pass "SQLite": SQLite's allocations, through sqlite3_config(
 *     SQLITE_CONFIG_MALLOC) (SQLite's own malloc calls, linked in from
 *     libsqlite3.a, go to the real allocator: they are not counted twice);
 *   pass "libxml2": libxml2's, through xmlMemSetup.
 *
 * Every run must end in success or a negative PR_E* code with a message
 * that says out of memory (says_oom: not "malformed file", "no such
 * change", "a conflict"), never a crash (make test-asan: nor a leak or a
 * bad access); an edit or import that fails must leave the database as it
 * was (every row of every table, the full-text index's too); and the run
 * after the failures must give what a first try gives (the same output,
 * the same database).  The store stays open from run to run, as the
 * TUI's does, so that a failure that leaves it unusable (a transaction
 * left open, a statement left busy) fails the runs after it.  The inputs
 * are small (a registry of 14 records, written by main) to keep the
 * allocations few.
 *
 * Which allocations fail: next_point.  By default every one of
 * portreg's and libxml2's, and of SQLite's the first of every prepare,
 * step and exec libportreg makes plus 20 spread evenly: about 6,600 runs,
 * 1.8 s of CPU; PR_OOM_FULL=1 (make test-oom) every one, about 48,000
 * runs, 15 s.  Arguments: names (substrings) of
 * the operations to run.
 * To look into a failure: PR_OOM_TRACE=1 prints every run, PR_OOM_BT=N
 * the stack of allocation N (addr2line turns it into lines),
 * PR_OOM_VERBOSE=1 the times and what differs. */
#include "check.h"
#include "browse.h"
#include "diff.h"
#include "edit.h"
#include "holders.h"
#include "importers.h"
#include "reply.h"
#include "review_log.h"
#include "rules.h"

#include <errno.h>
#include <execinfo.h>
#include <libxml/xmlmemory.h>
#include <sqlite3.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

/* ---- the failing allocators ------------------------------------------------ */

enum { OFF, LIB, SQL, XML };
static const char *const pass_name[] = {"", "portreg", "SQLite", "libxml2"};
static int pass;      /* whose allocations fail: OFF (none), LIB, SQL, XML */
static long fail_at;  /* the allocation (counted from arming) that fails */
static long counted;  /* allocations of the pass's kind since arming */
static int hit;       /* the failure was reached */
static long backtraces; /* PR_OOM_BT=N: where allocation N fails */
static int trace;     /* PR_OOM_TRACE: each run's outcome */

/* The first allocation of each call into SQLite (prepare, step, exec from
 * libportreg: wrapped below) counted in the first-try run; next_point
 * fails each of them. */
static int call_began;
static long *firsts;
static size_t n_firsts, cap_firsts;
static int recording;

static int fail_now(int who)
{
    if (pass != who)
        return 0;
    ++counted;
    if (who == SQL && call_began) {
        call_began = 0;
        if (recording && n_firsts < cap_firsts)
            firsts[n_firsts++] = counted;
    }
    if (counted == fail_at) {
        hit = 1;
        if (backtraces == fail_at) {
            void *bt[32];
            fprintf(stderr, "backtrace %s %ld\n", pass_name[who], fail_at);
            backtrace_symbols_fd(bt, backtrace(bt, 32), 2);
        }
        return 1;
    }
    return 0;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
FILE *__real_open_memstream(char **buf, size_t *len);
char *__real_realpath(const char *path, char *resolved);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
FILE *__wrap_open_memstream(char **buf, size_t *len);
char *__wrap_realpath(const char *path, char *resolved);

void *__wrap_malloc(size_t n) { return fail_now(LIB) ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return fail_now(LIB) ? NULL : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { return fail_now(LIB) ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return fail_now(LIB) ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n)
{
    return fail_now(LIB) ? NULL : __real_strndup(s, n);
}
FILE *__wrap_open_memstream(char **buf, size_t *len)
{
    return fail_now(LIB) ? NULL : __real_open_memstream(buf, len);
}
char *__wrap_realpath(const char *path, char *resolved)
{
    if (!resolved && fail_now(LIB)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_realpath(path, resolved);
}

int __real_sqlite3_step(sqlite3_stmt *st);
int __real_sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                              const char **tail);
int __real_sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned flags,
                              sqlite3_stmt **st, const char **tail);
int __real_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *ud, char **errmsg);
int __wrap_sqlite3_step(sqlite3_stmt *st);
int __wrap_sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                              const char **tail);
int __wrap_sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned flags,
                              sqlite3_stmt **st, const char **tail);
int __wrap_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *ud, char **errmsg);
int __wrap_sqlite3_step(sqlite3_stmt *st)
{
    call_began = 1;
    return __real_sqlite3_step(st);
}
int __wrap_sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                              const char **tail)
{
    call_began = 1;
    return __real_sqlite3_prepare_v2(db, sql, n, st, tail);
}
int __wrap_sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned flags,
                              sqlite3_stmt **st, const char **tail)
{
    call_began = 1;
    return __real_sqlite3_prepare_v3(db, sql, n, flags, st, tail);
}
int __wrap_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *ud, char **errmsg)
{
    call_began = 1;
    return __real_sqlite3_exec(db, sql, cb, ud, errmsg);
}

/* SQLite's allocator: the real one behind a size header. */
static void *sq_malloc(int n)
{
    if (fail_now(SQL))
        return NULL;
    int64_t *p = __real_malloc((size_t)n + 8);
    if (!p)
        return NULL;
    p[0] = n;
    return p + 1;
}
static void sq_free(void *p)
{
    if (p)
        free((int64_t *)p - 1);
}
static void *sq_realloc(void *p, int n)
{
    if (fail_now(SQL))
        return NULL;
    int64_t *q = __real_realloc((int64_t *)p - 1, (size_t)n + 8);
    if (!q)
        return NULL;
    q[0] = n;
    return q + 1;
}
static int sq_size(void *p) { return p ? (int)((int64_t *)p)[-1] : 0; }
static int sq_roundup(int n) { return (n + 7) & ~7; }
static int sq_init(void *p) { (void)p; return SQLITE_OK; }
static void sq_shutdown(void *p) { (void)p; }
static const sqlite3_mem_methods sq_methods = {sq_malloc, sq_free,  sq_realloc, sq_size,
                                               sq_roundup, sq_init, sq_shutdown, NULL};

/* libxml2's. */
static void *xm_malloc(size_t n) { return fail_now(XML) ? NULL : __real_malloc(n); }
static void *xm_realloc(void *p, size_t n) { return fail_now(XML) ? NULL : __real_realloc(p, n); }
static char *xm_strdup(const char *s) { return fail_now(XML) ? NULL : __real_strdup(s); }
static void xm_free(void *p) { free(p); }

/* LeakSanitizer (make test-asan): libxml2 2.9's xmlCreatePushParserCtxt
 * leaks the input stream it made when an allocation after it fails; not
 * ours to free (the reader it was for was never returned). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:xmlNewInputStream\n"; }

/* ---- the inputs: a registry of a few records ------------------------------- */

#define XML_HEAD \
    "<?xml version='1.0' encoding='UTF-8'?>\n" \
    "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n" \
    "  <title>Service Name and Transport Protocol Port Number Registry</title>\n" \
    "  <updated>2024-03-18</updated>\n" \
    "  <xref type=\"rfc\" data=\"rfc6335\"/>\n" \
    "  <note>Service names &amp; <xref type=\"rfc\" data=\"rfc6335\"/>.</note>\n"
#define REC(name, proto, num, desc, extra) \
    "  <record><name>" name "</name><protocol>" proto "</protocol>" \
    "<assignee><xref type=\"person\" data=\"IESG\"/></assignee>" \
    "<contact><xref type=\"person\" data=\"IETF_Chair\"/></contact>" \
    "<description>" desc "</description><number>" num "</number>" extra "</record>\n"
#define XML_RECORDS \
    "  <record><protocol>tcp</protocol><xref type=\"person\" data=\"Jon_Postel\"/>" \
    "<description>Reserved</description><number>0</number></record>\n" \
    REC("echo", "tcp", "7", "Echo", "") REC("echo", "udp", "7", "Echo", "") \
    "  <record><name>discard</name><protocol>dccp</protocol>" \
    "<xref type=\"person\" data=\"Eddie_Kohler\"/><xref type=\"rfc\" data=\"rfc4340\"/>" \
    "<description>Discard</description><number>9</number><sc>1145656131</sc></record>\n" \
    REC("http", "tcp", "80", "World Wide Web HTTP", \
        "<xref type=\"rfc\" data=\"rfc9110\"/><note>TXT keys: u=&lt;user&gt;</note>") \
    REC("imap", "tcp", "143", "Internet Message Access Protocol", "") \
    REC("snmp", "udp", "161", "SNMP", "") \
    REC("https", "tcp", "443", "http protocol over TLS/SSL", "") \
    "  <record><description>Unassigned</description><number>4000-4999</number></record>\n" \
    REC("llmnr", "tcp", "5355", "LLMNR", "") REC("llmnr", "udp", "5355", "LLMNR", "") \
    REC("x-demo", "udp", "6000-6063", "Demo <xref type=\"rfc\" data=\"rfc6335\"/> line", \
        "<unauthorized>unauth &amp; <![CDATA[raw <b>]]></unauthorized>")
#define XML_PEOPLE(jon) \
    "  <people>\n" \
    "    <person id=\"Jon_Postel\"><name>" jon "</name><uri>mailto:postel&amp;isi.edu</uri>" \
    "<updated>1998-10-16</updated></person>\n" \
    "    <person id=\"Eddie_Kohler\"><name>Eddie Kohler</name><uri>mailto:kohler&amp;cs.ucla.edu</uri></person>\n" \
    "    <person id=\"IESG\"><name>IESG</name><uri>mailto:iesg&amp;ietf.org</uri></person>\n" \
    "    <person id=\"IETF_Chair\"><name>IETF Chair</name><uri>mailto:chair&amp;ietf.org</uri></person>\n" \
    "  </people>\n</registry>\n"

static const char base_xml[] = XML_HEAD XML_RECORDS XML_PEOPLE("Jon Postel");
/* the next release: one record gone, one changed, one new, a person renamed */
static const char next_xml[] =
    XML_HEAD REC("echo", "tcp", "7", "Echo", "") REC("http", "tcp", "80", "HTTP", "")
    REC("imap", "tcp", "143", "Internet Message Access Protocol", "")
    REC("ssh", "tcp", "22", "The Secure Shell (SSH) Protocol", "")
    XML_PEOPLE("Jonathan B. Postel");

static const char base_csv[] =
    "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
    "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
    ",0,tcp,Reserved,[Jon_Postel],[Jon_Postel],,,,,,\n"
    "echo,7,tcp,Echo,[Jon_Postel],[Jon_Postel],,,,,,\n"
    "discard,9,dccp,Discard,[Eddie_Kohler],[Eddie_Kohler],,,[RFC4340],1145656131,,\n"
    "http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,"
    "\"TXT keys: u=<user> \"\"quoted\"\"\"\n"
    ",4000-4999,,Unassigned,,,,,,,,\n";

static const char base_services[] =
    "# services(5)\n"
    "echo\t\t7/tcp\n"
    "http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\n"
    "imap2\t\t143/tcp\t\timap\n"
    "ldap\t\t636/tcp\t\t\t\t# on the wrong port\n"
    "https\t\t443/dccp\n";

static const char base_nmap[] =
    "# Fields: Service name, portnum/protocol, open-frequency, comments\n"
    "echo\t7/tcp\t0.004855\t# Echo\n"
    "http\t80/tcp\t0.484143\t# World Wide Web HTTP\n"
    "https\t443/tcp\t0.208669\n"
    "unknown\t9999/udp\t0.000500\n";

/* Two requests in one file: a clean service name, a secure variant. */
static const char base_requests[] =
    "Service-Name: acme-sync\nTransport: tcp\nPort: none\n"
    "Description: Acme file synchronisation\nAssignee: Jane Doe <jane@example.org>\n"
    "Contact: Jane Doe <jane@example.org>\nReference: https://example.org/spec\n"
    "Security: TLS 1.3 with mutual authentication\nDefined-TXT-Keys: path, version\n"
    "\n"
    "Service-Name: snmp-tls\nTransport: udp\nPort: any\nDescription: SNMP over TLS\n"
    "Assignee: Jane Doe <jane@example.org>\nContact: Jane Doe <jane@example.org>\n"
    "Reference: https://example.org/spec\n"
    "Justification: agents behind firewalls need a fixed port\nSecurity: TLS 1.3\n"
    "Related-Service: snmp\n";

static const char assign_request[] =
    "Service-Name: acme-mon\nTransport: tcp\nPort: 4100\nDescription: Acme monitor\n"
    "Assignee: Jane Doe <jane@example.org>\nContact: Jane Doe <jane@example.org>\n"
    "Reference: https://example.org/spec\n"
    "Justification: agents behind firewalls need a fixed port\nSecurity: TLS 1.3\n";

static char dir[64]; /* a temporary folder for the inputs and the database */
static char dbpath[128], refpath[128], p_base[128], p_next[128], p_csv[128], p_services[128],
    p_nmap[128], p_req[128], p_assign[128], p_newdb[128], p_export[128];

/* The folder and what is in it, at any exit (die() too). */
static void remove_dir(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (dir[0] && system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

static void put(char *path, const char *name, const char *text)
{
    snprintf(path, 128, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f)) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
}

/* check_rmdb without allocating (an operation's own allocations count) */
static void remove_db(const char *path)
{
    static const char *const side[] = {"", "-wal", "-shm", "-journal"};
    char buf[160];
    for (size_t i = 0; i < 4; i++) {
        snprintf(buf, sizeof buf, "%s%s", path, side[i]);
        unlink(buf);
    }
}

static void die(const char *what, const pr_error *err)
{
    fprintf(stderr, "setup: %s: %s\n", what, err->msg);
    exit(1);
}

/* The database every operation starts from: the base registry, an edit
 * (so that undo has one), a usage layer, a rejected review decision. */
static char *template_bytes; /* the database every operation starts from */
static size_t template_len;

static pr_store *open_at(const char *path)
{
    pr_store *s = NULL;
    pr_error err = {0};
    if (pr_store_open(&s, path, 0, &err))
        die("open", &err);
    if (pr_store_set_clock(s, 1768478400LL, &err) || pr_store_set_author(s, "tester", &err))
        die("clock", &err);
    return s;
}

/* The base registry, an edit (for undo), a usage layer: built once, read
 * into template_bytes. */
static void make_template(void)
{
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result ir;
    struct pr_edit_result res;
    const char *sets[] = {"description=IMAP, edited"};
    if (pr_store_open(&s, dbpath, PR_STORE_CREATE, &err))
        die("create", &err);
    if (pr_store_set_clock(s, 1768478400LL, &err) || pr_store_set_author(s, "tester", &err))
        die("clock", &err);
    if (pr_import_file(s, p_base, NULL, 0, &ir, &err))
        die("import", &err);
    if (pr_edit_modify(s, "imap", NULL, sets, 1, &res, &err))
        die("modify", &err);
    if (pr_import_file(s, p_nmap, NULL, 0, &ir, &err))
        die("nmap-services", &err);
    pr_store_free(s); /* the last connection: the WAL is checkpointed and removed */
    FILE *f = fopen(dbpath, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) || !(template_bytes = __real_malloc((size_t)sb.st_size)) ||
        fread(template_bytes, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
        fprintf(stderr, "setup: cannot read %s\n", dbpath);
        exit(1);
    }
    template_len = (size_t)sb.st_size;
    fclose(f);
}

static pr_store *fresh_at(const char *path)
{
    remove_db(path);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(template_bytes, 1, template_len, f) != template_len || fclose(f)) {
        fprintf(stderr, "setup: cannot write %s\n", path);
        exit(1);
    }
    return open_at(path);
}
static pr_store *fresh(void) { return fresh_at(dbpath); }

/* Every row of every table (the search index's too), as text. */
static char *fingerprint(pr_store *s)
{
    char *out = NULL;
    size_t len = 0;
    sqlite3_stmt *tables = NULL;
    FILE *f = __real_open_memstream(&out, &len);
    if (!f)
        return NULL;
    sqlite3_prepare_v2(pr_store_db(s),
                       "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", -1,
                       &tables, NULL);
    while (tables && sqlite3_step(tables) == SQLITE_ROW) {
        char sql[256];
        sqlite3_stmt *st = NULL;
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", sqlite3_column_text(tables, 0));
        fprintf(f, "%s:\n", sqlite3_column_text(tables, 0));
        if (sqlite3_prepare_v2(pr_store_db(s), sql, -1, &st, NULL) != SQLITE_OK) {
            fprintf(f, "unreadable\n");
            continue;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const void *v = sqlite3_column_blob(st, c);
                int n = sqlite3_column_bytes(st, c);
                if (v)
                    fwrite(v, 1, (size_t)n, f);
                fputc(sqlite3_column_type(st, c) == SQLITE_NULL ? '\2' : '\1', f);
            }
            fputc('\n', f);
        }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tables);
    fprintf(f, "autocommit %d\n", sqlite3_get_autocommit(pr_store_db(s)));
    fclose(f);
    return out;
}

/* ---- the operations ------------------------------------------------------------ */

struct run {
    pr_store *s;
    pr_error err;
    FILE *out; /* what the operation found, compared with a first-try success */
};

/* An operation's own allocation failed (not the library's): the library
 * has nothing to say, so say it here. */
static int oom(struct run *r) { return pr_error_set(&r->err, PR_ENOMEM, "out of memory"); }

static int import(struct run *r, const char *path, const char *format, int flags)
{
    struct pr_import_result res;
    int rc = pr_import_file(r->s, path, format, flags, &res, &r->err);
    if (!rc)
        fprintf(r->out, "%ld %ld %ld %ld\n", res.records, res.people, res.docitems,
                res.frequencies);
    return rc;
}
static int op_import_xml(struct run *r) { return import(r, p_next, NULL, PR_IMPORT_REPLACE | PR_IMPORT_FORCE); }
static int op_import_csv(struct run *r) { return import(r, p_csv, NULL, PR_IMPORT_REPLACE | PR_IMPORT_FORCE); }
static int op_import_services(struct run *r)
{
    return import(r, p_services, "services", PR_IMPORT_REPLACE | PR_IMPORT_FORCE);
}
static int op_import_nmap(struct run *r) { return import(r, p_nmap, NULL, 0); }

/* Opening: an existing database, then a new one (created, then removed). */
static int op_open(struct run *r)
{
    pr_store *s = NULL;
    int rc = pr_store_open(&s, dbpath, PR_STORE_NEED_REGISTRY, &r->err);
    pr_store_free(s);
    s = NULL;
    if (!rc && !(rc = pr_store_open(&s, p_newdb, PR_STORE_CREATE, &r->err)))
        fprintf(r->out, "created %d\n", pr_store_created(s));
    pr_store_free(s);
    remove_db(p_newdb);
    return rc;
}

static void result(struct run *r, const struct pr_edit_result *res)
{
    fprintf(r->out, "%lld %d %d %s\n", res->change_id, res->port, res->unchanged, res->summary);
}

static int op_assign(struct run *r)
{
    struct pr_assign a;
    struct pr_edit_result res;
    pr_assign_init(&a);
    a.name = "oom-test";
    a.protocols = "tcp,udp";
    a.port = -1;
    a.description = "Out of memory & <test>";
    a.assignee = "Jane Doe <jane@example.org>"; /* new: added */
    a.contact = "J. Postel <POSTEL@isi.edu>";    /* known by the address: Jon_Postel */
    a.reference = "RFC6335, https://example.org/?a=1&b=2";
    a.note = "a note";
    a.justification = "clients need a fixed port";
    int rc = pr_edit_assign(r->s, &a, &res, &r->err);
    if (!rc)
        result(r, &res);
    return rc;
}

static int op_assign_request(struct run *r)
{
    struct pr_assign a;
    struct pr_request_list l = {0};
    struct pr_edit_result res;
    int rc = pr_assign_read_request(p_assign, &a, &l, NULL, NULL, &r->err);
    if (!rc && !(rc = pr_edit_assign(r->s, &a, &res, &r->err)))
        result(r, &res);
    pr_request_list_release(&l);
    return rc;
}

static int op_modify(struct run *r)
{
    const char *sets[] = {"description=Hypertext & more", "note=a <note>",
                          "reference=RFC9110, RFC9111", "unauthorized=seen",
                          "contact=Jon_Postel", "name=http-alt"};
    struct pr_edit_result res;
    int rc = pr_edit_modify(r->s, "http", "tcp", sets, 5, &res, &r->err);
    if (!rc)
        result(r, &res);
    return rc;
}

static int op_modify_base(struct run *r)
{
    const char *sets[] = {"description=Echo, edited"};
    struct pr_edit_result res;
    struct pr_edit_conflict c;
    pr_edit_base *b = NULL;
    int rc = pr_edit_base_load(r->s, "echo", NULL, &b, &r->err);
    if (!rc && !(rc = pr_edit_modify_matching(r->s, b, sets, 1, &c, &res, &r->err)))
        result(r, &res);
    pr_edit_base_free(b);
    return rc;
}

static int op_deassign(struct run *r)
{
    struct pr_edit_result res;
    int rc = pr_edit_deassign(r->s, "llmnr", NULL, "gone", &res, &r->err);
    if (!rc)
        result(r, &res);
    return rc;
}

static int op_deassign_base(struct run *r)
{
    struct pr_edit_result res;
    struct pr_edit_conflict c;
    pr_edit_base *b = NULL;
    int rc = pr_edit_base_load(r->s, "snmp", NULL, &b, &r->err);
    if (!rc &&
        !(rc = pr_edit_deassign_matching(r->s, b, "gone too", &c, &res, &r->err)))
        result(r, &res);
    pr_edit_base_free(b);
    return rc;
}

static int op_revoke(struct run *r)
{
    struct pr_edit_result res;
    int rc = pr_edit_revoke(r->s, "echo", NULL, "abused", "IESG", &res, &r->err);
    if (!rc)
        result(r, &res);
    return rc;
}

static int op_reserve(struct run *r)
{
    struct pr_edit_result res;
    int rc = pr_edit_reserve(r->s, 4001, "tcp", "held", &res, &r->err);
    if (!rc)
        result(r, &res);
    return rc;
}

static int op_person(struct run *r)
{
    struct pr_edit_result res;
    int rc = pr_edit_person_add(r->s, "Ann_Other", "Ann Other", "ACME & Co",
                                "mailto:ann@example.org", &res, &r->err);
    if (!rc)
        result(r, &res);
    return rc;
}

static int op_person_modify(struct run *r)
{
    struct pr_edit_result res;
    int rc = pr_edit_person_modify(r->s, "Jon_Postel", "Jonathan Postel", "ISI", NULL, &res,
                                   &r->err);
    if (!rc)
        result(r, &res);
    return rc;
}

static int op_undo(struct run *r)
{
    struct pr_edit_result res;
    int rc = pr_history_undo(r->s, 0, 0, &res, &r->err);
    if (!rc)
        result(r, &res);
    return rc;
}

static int change_cb(const struct pr_history_change *c, void *ud)
{
    FILE *f = ud;
    fprintf(f, "%lld %s %s %s %zu\n", c->id, c->at, c->command, c->summary, c->n_items);
    for (size_t i = 0; i < c->n_items; i++)
        fprintf(f, "  %s\n", c->items[i].target);
    return 0;
}

static int op_history(struct run *r)
{
    struct pr_history_filter f;
    pr_history_filter_init(&f);
    long rc = pr_history_each(r->s, &f, change_cb, r->out, &r->err);
    if (rc >= 0) {
        pr_history_filter_init(&f);
        f.name = "imap";
        rc = pr_history_each(r->s, &f, change_cb, r->out, &r->err);
    }
    return rc < 0 ? (int)rc : 0;
}

/* A rehearsal: shown, rolled back. */
static int op_dry_run(struct run *r)
{
    const char *sets[] = {"description=rehearsed"};
    struct pr_edit_result res;
    pr_edit_dry_run(r->s, change_cb, r->out);
    int rc = pr_edit_modify(r->s, "https", NULL, sets, 1, &res, &r->err);
    pr_edit_dry_run(r->s, NULL, NULL);
    return rc;
}

static int op_review(struct run *r)
{
    struct pr_request_list l = {0};
    int rc = pr_request_parse_file(p_req, &l, NULL, NULL, &r->err);
    for (size_t i = 0; !rc && i < l.n; i++) {
        struct pr_findings f;
        struct pr_review_decision d;
        pr_findings_init(&f);
        int found = 0;
        if (!(rc = pr_review_run(r->s, l.items, i, &f, &r->err)) &&
            (found = pr_review_log_find(r->s, &l.items[i], &d, &r->err)) < 0)
            rc = found;
        if (!rc) {
            char *letter = pr_reply_letter(r->s, &l.items[i], &f, 0, f.n, found ? &d : NULL);
            if (!letter)
                rc = oom(r);
            else
                fputs(letter, r->out);
            free(letter);
        }
        for (size_t k = 0; !rc && k < f.n; k++)
            pr_json_finding(r->out, &f.items[k], 1);
        pr_findings_release(&f);
    }
    pr_request_list_release(&l);
    return rc;
}

/* A decision recorded: a write. */
static int op_review_reject(struct run *r)
{
    struct pr_request_list l = {0};
    long long id = 0;
    int rc = pr_request_parse_file(p_req, &l, NULL, NULL, &r->err);
    if (!rc && !(rc = pr_review_log(r->s, &l.items[1], "reject", "use snmp's port", &id,
                                    &r->err)))
        fprintf(r->out, "%lld\n", id);
    pr_request_list_release(&l);
    return rc;
}

static int op_audit(struct run *r)
{
    struct pr_findings f;
    pr_findings_init(&f);
    int rc = pr_audit(r->s, NULL, &f, &r->err);
    for (size_t k = 0; !rc && k < f.n; k++)
        pr_json_finding(r->out, &f.items[k], 1);
    pr_findings_release(&f);
    return rc;
}

static int record_cb(const struct pr_record *rec, void *ud)
{
    pr_json_record(ud, rec);
    return 0;
}

static int op_search(struct run *r)
{
    static const char *const queries[] = {"world wide web", "ht*p", "80/tcp", "4000-4100",
                                          "echo"};
    char *sugg[4], buf[64];
    long rc = 0;
    for (size_t i = 0; rc >= 0 && i < sizeof queries / sizeof *queries; i++) {
        struct pr_query q;
        pr_query_init(&q);
        pr_query_guess(&q, queries[i], buf);
        rc = pr_search(r->s, &q, record_cb, r->out, &r->err);
    }
    if (rc >= 0) {
        struct pr_query q;
        pr_query_init(&q);
        q.assignee = "IESG";
        q.reference = "rfc9110";
        rc = pr_search(r->s, &q, record_cb, r->out, &r->err);
    }
    if (rc >= 0 && (rc = pr_search_suggest(r->s, "htpt", sugg, 4, &r->err)) >= 0)
        for (long i = 0; i < rc; i++) {
            fprintf(r->out, "%s\n", sugg[i]);
            free(sugg[i]);
        }
    return rc < 0 ? (int)rc : 0;
}

/* show: the records of a name and of a port, with their holders. */
static int op_show(struct run *r)
{
    struct pr_record *v = NULL;
    size_t n = 0;
    int rc = pr_records_named(r->s, "http", &v, &n, &r->err);
    for (size_t i = 0; !rc && i < n; i++)
        pr_json_record_extra(r->out, &v[i], "\"extra\":1");
    pr_records_free(v, n);
    v = NULL;
    n = 0;
    if (!rc)
        rc = pr_records_at(r->s, 7, 7, PR_TP_TCP | PR_TP_UDP, &v, &n, &r->err);
    for (size_t i = 0; !rc && i < n; i++)
        pr_json_record(r->out, &v[i]);
    pr_records_free(v, n);
    return rc;
}

static int op_browse(struct run *r)
{
    pr_rows *rows = NULL;
    struct pr_rowsel sel = {0};
    int rc = pr_rows_load(r->s, &rows, &r->err);
    if (!rc) {
        fprintf(r->out, "%zu rows\n", pr_rows_count(rows));
        long n = pr_rows_filter(r->s, rows, "imap", &sel, &r->err);
        if (n < 0)
            rc = (int)n;
        else
            fprintf(r->out, "%ld match\n", n);
    }
    pr_rowsel_release(&sel);
    pr_rows_free(rows);
    return rc;
}

static int op_stats(struct run *r)
{
    struct pr_stats st;
    int ports[8], below, above;
    long n = pr_ports_free(r->s, "tcp", PR_RANGE_USER, 4000, ports, 8, &r->err);
    if (n < 0)
        return (int)n;
    for (long i = 0; i < n; i++)
        fprintf(r->out, "%d ", ports[i]);
    int rc = pr_store_nearest_unassigned(r->s, 80, "tcp", &below, &above, &r->err);
    if (!rc && !(rc = pr_stats_compute(r->s, &st, &r->err)))
        fprintf(r->out, "%d %d %ld\n", below, above, (long)st.records);
    return rc;
}

static int op_export(struct run *r)
{
    int rc = 0;
    for (const struct pr_exporter *const *ex = pr_exporters(); !rc && *ex; ex++) {
        struct pr_export_opts o;
        memset(&o, 0, sizeof o);
        rc = (*ex)->write(r->s, r->out, &o, &r->err);
    }
    return rc;
}

/* To a file, atomically; and a set of every format to a folder. */
static int op_export_file(struct run *r)
{
    struct pr_export_opts o;
    char path[160];
    memset(&o, 0, sizeof o);
    snprintf(path, sizeof path, "%s/out.xml", dir);
    int rc = pr_export_file(r->s, pr_exporter_find("xml"), &o, path, &r->err);
    if (!rc)
        rc = pr_export_all(r->s, p_export, &o, &r->err);
    return rc;
}

static int op_diff(struct run *r)
{
    struct pr_snapshot a, b;
    struct pr_sink sink;
    struct pr_diff d;
    pr_snapshot_init(&a);
    pr_snapshot_init(&b);
    pr_snapshot_sink(&b, &sink);
    int rc = pr_snapshot_load(&a, r->s, &r->err);
    if (!rc)
        rc = pr_iana_xml_read(p_next, &sink, &r->err);
    if (!rc && !(rc = pr_diff_compute(&d, &a, &b, &r->err))) {
        pr_diff_json(r->out, &d);
        pr_diff_release(&d);
    }
    pr_snapshot_release(&a);
    pr_snapshot_release(&b);
    return rc;
}

static int compare_cb(const struct pr_compare_item *it, void *ud)
{
    fprintf(ud, "%d %ld\n", (int)it->kind, it->line);
    return 0;
}

static int op_compare(struct run *r)
{
    struct pr_compare_counts c;
    return pr_compare_services(r->s, p_services, PR_COMPARE_WITH_MISSING, compare_cb, r->out, &c,
                               &r->err);
}

static const struct op {
    const char *name;
    int (*fn)(struct run *r);
    int writes; /* a failure must leave the database as it was */
} ops[] = {
    {"open", op_open, 0},
    {"import xml", op_import_xml, 1},
    {"import csv", op_import_csv, 1},
    {"import services", op_import_services, 1},
    {"import nmap-services", op_import_nmap, 1},
    {"assign", op_assign, 1},
    {"assign from a request", op_assign_request, 1},
    {"modify", op_modify, 1},
    {"modify matching a base", op_modify_base, 1},
    {"deassign", op_deassign, 1},
    {"deassign matching a base", op_deassign_base, 1},
    {"revoke", op_revoke, 1},
    {"reserve", op_reserve, 1},
    {"person add", op_person, 1},
    {"person modify", op_person_modify, 1},
    {"undo", op_undo, 1},
    {"dry run", op_dry_run, 1},
    {"history", op_history, 0},
    {"review, reply", op_review, 0},
    {"review decision", op_review_reject, 1},
    {"audit", op_audit, 0},
    {"search", op_search, 0},
    {"show", op_show, 0},
    {"browse", op_browse, 0},
    {"stats, free ports", op_stats, 0},
    {"export", op_export, 0},
    {"export to files", op_export_file, 0},
    {"diff", op_diff, 0},
    {"compare", op_compare, 0},
};

/* ---- the sweep --------------------------------------------------------------------- */

/* Where two fingerprints part: the table and the lines. */
static void show_change(const char *a, const char *b)
{
    const char *table = a, *la = a, *lb = b;
    for (;;) {
        const char *ea = strchr(la, '\n'), *eb = strchr(lb, '\n');
        if (!ea || !eb || ea - la != eb - lb || memcmp(la, lb, (size_t)(ea - la)))
            break;
        if (ea > la && ea[-1] == ':' && !memchr(la, '\1', (size_t)(ea - la)))
            table = la;
        la = ea + 1;
        lb = eb + 1;
    }
    fprintf(stderr, "  in %.*s\n  was: %.300s\n  now: %.300s\n", (int)strcspn(table, "\n"),
            table, la, lb);
}

/* Does an operation whose allocation failed say so?  Not "the file is
 * malformed", "no such record", "a conflict"... which would send its user
 * the wrong way.  Our allocations: PR_ENOMEM; SQLite's: PR_EDB (with
 * SQLite's message) or PR_ENOMEM; libxml2's: PR_ENOMEM, or PR_EPARSE with
 * libxml2's message (it says "Memory allocation failed" where it can). */
static int says_oom(int who, int rc, const char *msg)
{
    if (rc == PR_ENOMEM)
        return 1;
    if (who == SQL)
        return rc == PR_EDB && !strstr(msg, "not an error");
    if (who == XML)
        return rc == PR_EPARSE && (strstr(msg, "emory") || strstr(msg, "malformed XML"));
    return 0;
}

struct outcome {
    int rc;
    char *out;  /* what the operation wrote */
    char *db;   /* the database after it (writes) */
    char msg[256];
};

static void run_once(const struct op *op, pr_store *s, int who, long at, struct outcome *o)
{
    struct run r = {.s = s};
    size_t len = 0;
    o->out = NULL;
    r.out = __real_open_memstream(&o->out, &len);
    if (!r.out) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    fail_at = at;
    counted = 0;
    hit = 0;
    pass = who;
    o->rc = op->fn(&r);
    pass = OFF;
    fclose(r.out);
    if (o->rc > 0 || (o->rc < 0 && !r.err.msg[0])) {
        check_failures++;
        fprintf(stderr, "%s, %s allocation %ld failing: rc %d without a message\n", op->name,
                pass_name[who], at, o->rc);
    } else if (hit && o->rc < 0 && !says_oom(who, o->rc, r.err.msg)) {
        check_failures++;
        fprintf(stderr, "%s, %s allocation %ld failing: a wrong error: rc %d, %s\n", op->name,
                pass_name[who], at, o->rc, r.err.msg);
    }
    /* (A failure the operation survives is fine: a cache it can do
     * without, a message it cannot word; what it did is compared.) */
    o->db = op->writes ? fingerprint(s) : NULL;
    snprintf(o->msg, sizeof o->msg, "%s", r.err.msg);
    if (trace)
        fprintf(stderr, "  %s %s %ld%s: %d %s\n", op->name, pass_name[who], at,
                hit ? "" : " (not reached)", o->rc, o->msg);
}

/* SQLite 3.40's FTS5 (seen with Debian's 3.40.1): when an allocation
 * fails while it loads the index's totals (fts5StorageLoadTotals), it keeps
 * the zeroed totals as valid after the rollback, and the connection's next
 * write to the index fails once with SQLITE_CORRUPT_VTAB ("database disk
 * image is malformed"); the file is sound and that failure's rollback
 * clears it.  Not portreg's to fix: accepted when the index passes FTS5's
 * integrity-check and the operation run again gives what a first try
 * gives; counted, and printed. */
static long known;
static int fts_transient(const struct op *op, pr_store *s, const struct outcome *want)
{
    struct outcome again;
    char *msg = NULL;
    int ok = sqlite3_exec(pr_store_db(s),
                          "INSERT INTO record_fts(record_fts) VALUES('integrity-check')", NULL,
                          NULL, &msg) == SQLITE_OK;
    sqlite3_free(msg);
    run_once(op, s, OFF, 0, &again);
    ok = ok && !again.rc && !strcmp(again.out, want->out) &&
         (!want->db || !strcmp(again.db, want->db));
    free(again.out);
    free(again.db);
    return ok;
}

/* Which of n allocations fail: every one when full (PR_OOM_FULL), else
 * every one of portreg's and libxml2's, and of SQLite's the first of each
 * call libportreg makes (firsts) and 20 spread evenly. */
static long next_point(int who, long at, long n, int full)
{
    if (full)
        return at + 1;
    if (who == SQL) {
        long grid = n > 20 ? (n + 19) / 20 : 1, next = (at / grid + 1) * grid;
        for (size_t i = 0; i < n_firsts; i++)
            if (firsts[i] > at)
                return firsts[i] < next ? firsts[i] : next;
        return next;
    }
    return at + 1;
}

/* Run op with allocation 1, 2, 3... of who's failing (next_point), then
 * with none.  Returns the number of runs. */
static long sweep(const struct op *op, int who, int full)
{
    pr_store *s = fresh();
    struct outcome want, got;
    char *before = op->writes ? fingerprint(s) : NULL;
    long runs = 0, n;

    /* The first-try success, counting who's allocations: a read on the
     * store itself (then what it caches is not counted twice), a write on
     * a store of its own. */
    pr_store *ref = op->writes ? fresh_at(refpath) : s;
    n_firsts = 0;
    recording = 1;
    run_once(op, ref, who, 0, &want);
    recording = 0;
    n = counted;
    if (ref != s)
        pr_store_free(ref);
    if (want.rc) {
        check_failures++;
        fprintf(stderr, "%s fails without any allocation failing: rc %d: %s\n", op->name,
                want.rc, want.msg);
    }
    hit = 1;
    for (long at = 1; !want.rc && n && at <= n; at = next_point(who, at, n, full)) {
        run_once(op, s, who, at, &got);
        runs++;
        check_count++;
        int renew = 0;
        if (!hit) /* ran through: what it caches made it shorter */
            break;
        if (got.rc < 0 && before && strcmp(before, got.db)) {
            check_failures++;
            fprintf(stderr, "%s, %s allocation %ld failing: rc %d, but the database changed\n",
                    op->name, pass_name[who], at, got.rc);
            if (getenv("PR_OOM_VERBOSE"))
                show_change(before, got.db);
            renew = 1;
        } else if (got.rc == 0) {
            /* Survived the failure (a cache it did without, a message it
             * could not word): then it did what a first try does. */
            if (strcmp(got.out, want.out) || (want.db && strcmp(got.db, want.db))) {
                check_failures++;
                fprintf(stderr, "%s, %s allocation %ld failing: succeeds, but not as a first "
                        "try does\n", op->name, pass_name[who], at);
                if (getenv("PR_OOM_VERBOSE")) {
                    show_change(want.out, got.out);
                    if (want.db)
                        show_change(want.db, got.db);
                }
            }
            renew = op->writes;
        }
        if (renew) {
            pr_store_free(s);
            s = fresh();
            free(before);
            before = fingerprint(s);
        }
        free(got.out);
        free(got.db);
    }
    /* After the failures, with none: as a first try would. */
    if (!want.rc && n) {
        if (hit) { /* the last point failed: once more with none failing */
            run_once(op, s, OFF, 0, &got);
            runs++;
            check_count++;
        }
        if (got.rc && strstr(got.msg, "full-text index: database disk image is malformed") &&
            fts_transient(op, s, &want))
            known++;
        else if (got.rc || strcmp(got.out, want.out) || (want.db && strcmp(got.db, want.db))) {
            check_failures++;
            fprintf(stderr, "%s, %s pass, after %ld failed runs: %s%s\n", op->name,
                    pass_name[who], runs - 1,
                    got.rc ? "fails with no allocation failing: "
                           : "does not give what a first try gives", got.msg);
            if (getenv("PR_OOM_VERBOSE"))
                fprintf(stderr, "want:\n%s\ngot:\n%s\n", want.out, got.out);
        }
        free(got.out);
        free(got.db);
    }
    free(want.out);
    free(want.db);
    free(before);
    pr_store_free(s);
    return runs;
}

int main(int argc, char **argv)
{
    const char *full_env = getenv("PR_OOM_FULL");
    int full = full_env && *full_env && strcmp(full_env, "0");
    trace = getenv("PR_OOM_TRACE") != NULL;
    backtraces = getenv("PR_OOM_BT") ? atol(getenv("PR_OOM_BT")) : 0;

    /* SQLite's and libxml2's allocators, before either starts */
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &sq_methods) != SQLITE_OK) {
        fprintf(stderr, "skipped: SQLite refuses another allocator\n");
        return 77;
    }
    if (xmlMemSetup(xm_free, xm_malloc, xm_realloc, xm_strdup)) {
        fprintf(stderr, "skipped: libxml2 refuses another allocator\n");
        return 77;
    }

    /* thousands of transactions: in memory when /dev/shm is there */
    snprintf(dir, sizeof dir, "/dev/shm/portreg-oom-XXXXXX");
    if (!mkdtemp(dir) && !mkdtemp(strcpy(dir, "/tmp/portreg-oom-XXXXXX"))) {
        perror("mkdtemp");
        return 1;
    }
    atexit(remove_dir);
    snprintf(dbpath, sizeof dbpath, "%s/registry.db", dir);
    snprintf(refpath, sizeof refpath, "%s/reference.db", dir);
    snprintf(p_newdb, sizeof p_newdb, "%s/new.db", dir);
    snprintf(p_export, sizeof p_export, "%s/export", dir);
    if (mkdir(p_export, 0755)) {
        perror(p_export);
        return 1;
    }
    put(p_base, "base.xml", base_xml);
    put(p_next, "next.xml", next_xml);
    put(p_csv, "registry.csv", base_csv);
    put(p_services, "services", base_services);
    put(p_nmap, "nmap-services", base_nmap);
    put(p_req, "two.req", base_requests);
    put(p_assign, "assign.req", assign_request);
    make_template();
    cap_firsts = 1 << 16;
    if (!(firsts = __real_malloc(cap_firsts * sizeof *firsts))) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    for (int who = LIB; who <= XML; who++)
        for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
            int chosen = argc < 2;
            for (int i = 1; i < argc; i++)
                chosen |= strstr(ops[k].name, argv[i]) != NULL;
            if (!chosen)
                continue;
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            long n = sweep(&ops[k], who, full);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            if (getenv("PR_OOM_VERBOSE"))
                fprintf(stderr, "%-24s %-8s %5ld runs %6.0f ms\n", ops[k].name, pass_name[who], n,
                        (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
        }

    free(firsts);
    if (known)
        fprintf(stderr, "%ld runs met SQLite FTS5's transient error after an allocation "
                "failure (see fts_transient)\n", known);
    return check_status();
}
