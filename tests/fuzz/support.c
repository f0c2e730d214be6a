/* support.c - shared by the harnesses (fuzz.h): the scratch input file and
 * the sample registry in an in-memory database. */
#include "fuzz.h"
#include "importers.h"

#include <string.h>
#include <unistd.h>

#define SLOTS 2
static char paths[SLOTS][4096];
static int fds[SLOTS] = {-1, -1};

static void remove_files(void)
{
    for (int i = 0; i < SLOTS; i++)
        if (fds[i] >= 0) {
            close(fds[i]);
            unlink(paths[i]);
        }
}

const char *fuzz_scratch_file(int slot, const uint8_t *data, size_t size)
{
    static int registered;
    FUZZ_ASSERT(slot >= 0 && slot < SLOTS);
    if (fds[slot] < 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(paths[slot], sizeof paths[slot], "%s/portreg-fuzz-XXXXXX",
                 dir && *dir ? dir : "/tmp");
        if ((fds[slot] = mkstemp(paths[slot])) < 0) {
            perror("fuzz: mkstemp");
            abort();
        }
        if (!registered++)
            atexit(remove_files);
    }
    if (ftruncate(fds[slot], 0) != 0 ||
        (size && pwrite(fds[slot], data, size, 0) != (ssize_t)size)) {
        perror("fuzz: cannot write the input file");
        abort();
    }
    return paths[slot];
}

const char *fuzz_input_file(const uint8_t *data, size_t size)
{
    return fuzz_scratch_file(0, data, size);
}

pr_store *fuzz_sample_store(void)
{
    static pr_store *store;
    pr_error err = {0};
    struct pr_import_result res;
    if (store)
        return store;
    if (pr_store_open(&store, "", PR_STORE_CREATE | PR_STORE_MEMORY, &err) ||
        pr_import_file(store, PR_TESTDATA "/sample.xml", "xml", 0, &res, &err)) {
        char buf[600];
        fprintf(stderr, "fuzz: cannot load the sample registry: %s\n",
                pr_error_format(&err, buf, sizeof buf));
        abort();
    }
    return store;
}

void fuzz_check_record(const struct pr_record *r)
{
    if (r->protocol)
        FUZZ_ASSERT(pr_protocol_valid(r->protocol));
    if (r->number) {
        int lo, hi;
        FUZZ_ASSERT(pr_parse_port_range(r->number, &lo, &hi) == 0);
        FUZZ_ASSERT(lo == r->port_lo && hi == r->port_hi);
        FUZZ_ASSERT(0 <= lo && lo <= hi && hi <= 65535);
    }
    FUZZ_ASSERT(r->layout != NULL);
    size_t refs = 0, notes = 0;
    for (const char *p = r->layout; *p; p++) {
        FUZZ_ASSERT(strchr("npAC d#xNus", *p) && *p != ' ');
        refs += *p == 'x';
        notes += *p == 'N';
    }
    FUZZ_ASSERT(notes == r->n_notes);
    size_t ref_xrefs = 0;
    for (size_t i = 0; i < r->n_xrefs; i++) {
        FUZZ_ASSERT(r->xrefs[i].type != NULL);
        ref_xrefs += r->xrefs[i].role == PR_ROLE_REF;
    }
    FUZZ_ASSERT(refs == ref_xrefs);
    if (r->description)
        FUZZ_ASSERT(r->description_xml != NULL);

    struct pr_record copy;
    pr_record_init(&copy);
    FUZZ_ASSERT(pr_record_copy(&copy, r) == 0);
    FUZZ_ASSERT(copy.n_xrefs == r->n_xrefs && copy.n_notes == r->n_notes);
    FUZZ_ASSERT(r->raw ? copy.raw && !strcmp(copy.raw, r->raw) : !copy.raw);
    FUZZ_ASSERT(pr_record_state(&copy) <= PR_STATE_UNASSIGNED);
    const char *who[8];
    FUZZ_ASSERT(pr_record_assignees(&copy, who, 8) <= 8);
    FUZZ_ASSERT(pr_record_contacts(&copy, who, 8) <= 8);
    char *json = NULL;
    size_t json_len = 0;
    FILE *f = open_memstream(&json, &json_len);
    FUZZ_ASSERT(f != NULL);
    pr_json_record(f, &copy);
    fclose(f);
    FUZZ_ASSERT(json_len > 0 && json[0] == '{' && json[json_len - 1] == '}');
    free(json);
    pr_record_release(&copy);
}

/* ---- a checking sink for the text readers (CSV, services, nmap) ---- */

static int chk_meta(struct pr_sink *k, const char *key, const char *value, pr_error *err)
{
    (void)k;
    (void)value;
    (void)err;
    FUZZ_ASSERT(key != NULL && *key);
    return 0;
}

static int chk_docitem(struct pr_sink *k, const struct pr_docitem *d, pr_error *err)
{
    (void)k;
    (void)err;
    FUZZ_ASSERT(d->kind != NULL);
    return 0;
}

static int chk_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    (void)k;
    (void)err;
    fuzz_check_record(r);
    return 0;
}

static int chk_person(struct pr_sink *k, const struct pr_person *p, pr_error *err)
{
    (void)k;
    (void)err;
    FUZZ_ASSERT(p->id != NULL);
    return 0;
}

static int chk_frequency(struct pr_sink *k, const struct pr_frequency *f, pr_error *err)
{
    (void)k;
    (void)err;
    FUZZ_ASSERT(f->port >= 0 && f->port <= 65535);
    FUZZ_ASSERT(f->protocol != NULL && *f->protocol);
    FUZZ_ASSERT(f->frequency >= 0 && f->frequency <= 1);
    return 0;
}

void fuzz_read_checked(int (*read)(const char *, struct pr_sink *, pr_error *),
                       const uint8_t *data, size_t size)
{
    struct pr_sink sink = {.meta = chk_meta, .docitem = chk_docitem, .record = chk_record,
                           .person = chk_person, .frequency = chk_frequency};
    pr_error err = {0};
    const char *path = fuzz_input_file(data, size);
    int rc = read(path, &sink, &err);
    if (rc) {
        FUZZ_ASSERT(rc < 0 && rc == err.code);
        FUZZ_ASSERT(err.msg[0] != 0 && !strchr(err.msg, '\n'));
        if (rc == PR_EPARSE)
            FUZZ_ASSERT(!strcmp(err.file, path));
    }
}
