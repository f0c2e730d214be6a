/* fuzz_iana_xml.c - fuzz harness for the registry XML reader
 * (importers/iana_xml_read.c, xml_scan.c, xml_text.c).
 *
 * Invariants checked on every input:
 *  - a refusal carries a negative code equal to the return value, a message
 *    and the file name;
 *  - an accepted file streams its items in increasing seq order, and the
 *    raw bytes of records, people and document items, concatenated, give
 *    back the input byte for byte (the export contract);
 *  - every record passes fuzz_check_record (support.c). */
#include "fuzz.h"
#include "importers.h"

#include <string.h>

struct collect {
    char *buf;
    size_t len, cap;
    long long last_seq;
    int bad;
};

static void add_raw(struct collect *c, long long seq, const char *raw)
{
    FUZZ_ASSERT(raw != NULL);
    FUZZ_ASSERT(seq > c->last_seq);
    c->last_seq = seq;
    size_t n = strlen(raw);
    if (c->len + n > c->cap) {
        size_t cap = c->cap ? c->cap : 4096;
        while (cap < c->len + n)
            cap *= 2;
        char *p = realloc(c->buf, cap);
        FUZZ_ASSERT(p != NULL);
        c->buf = p;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, raw, n);
    c->len += n;
}

static int on_meta(struct pr_sink *k, const char *key, const char *value, pr_error *err)
{
    (void)k;
    (void)err;
    FUZZ_ASSERT(key != NULL && *key);
    (void)value;
    return 0;
}

static int on_docitem(struct pr_sink *k, const struct pr_docitem *d, pr_error *err)
{
    (void)err;
    FUZZ_ASSERT(d->kind != NULL);
    add_raw(k->ud, d->seq, d->raw);
    return 0;
}

static int on_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    (void)err;
    fuzz_check_record(r);
    add_raw(k->ud, r->seq, r->raw);
    return 0;
}

static int on_person(struct pr_sink *k, const struct pr_person *p, pr_error *err)
{
    (void)err;
    FUZZ_ASSERT(p->id != NULL);
    add_raw(k->ud, p->seq, p->raw);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct collect c = {0};
    struct pr_sink sink = {.ud = &c, .meta = on_meta, .docitem = on_docitem,
                           .record = on_record, .person = on_person};
    pr_error err = {0};
    const char *path = fuzz_input_file(data, size);
    int rc = pr_iana_xml_read(path, &sink, &err);
    if (rc) {
        FUZZ_ASSERT(rc < 0 && rc == err.code);
        FUZZ_ASSERT(err.msg[0] != 0 && !strchr(err.msg, '\n'));
        if (rc == PR_EPARSE)
            FUZZ_ASSERT(!strcmp(err.file, path));
    } else {
        FUZZ_ASSERT(c.len == size && !memcmp(c.buf, data, size));
    }
    free(c.buf);
    return 0;
}
