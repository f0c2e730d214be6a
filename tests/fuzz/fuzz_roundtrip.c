/* fuzz_roundtrip.c - fuzz harness for the registry XML writer
 * (importers/iana_xml_write.c, export.c) against the reader:
 *
 *  - an accepted file imported into a database (pr_import_file, the store
 *    sink) and exported as XML gives back the input byte for byte; the
 *    CSV, services and JSON writers run over it without failing;
 *  - every record, regenerated from its fields as an edit would have it
 *    (pr_iana_xml_record, raw ignored), parses back to the same fields,
 *    xrefs and notes: the writer's escaping and layout are the reader's.
 *
 * One in-memory database for the process; each input replaces its
 * registry. */
#include "fuzz.h"
#include "importers.h"

#include <string.h>

static pr_store *store;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pr_error err = {0};
    if (pr_store_open(&store, "", PR_STORE_CREATE | PR_STORE_MEMORY, &err)) {
        fprintf(stderr, "fuzz_roundtrip: %s\n", err.msg);
        abort();
    }
    return 0;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static const char doc_head[] =
    "<registry xmlns=\"http://www.iana.org/assignments\">";

struct reparse {
    struct pr_record got;
    int n;
};

static int keep_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    (void)err;
    struct reparse *rp = k->ud;
    if (rp->n++ == 0)
        FUZZ_ASSERT(pr_record_copy(&rp->got, r) == 0);
    return 0;
}

static void check_regenerated(const struct pr_record *r)
{
    char *xml = NULL;
    FUZZ_ASSERT(pr_iana_xml_record(r, &xml) == 0 && xml);
    size_t n = strlen(doc_head) + strlen(xml) + 32;
    char *doc = malloc(n);
    FUZZ_ASSERT(doc != NULL);
    snprintf(doc, n, "%s%s\n</registry>\n", doc_head, xml);
    free(xml);

    struct reparse rp = {0};
    struct pr_sink sink = {.ud = &rp, .record = keep_record};
    pr_error err = {0};
    pr_record_init(&rp.got);
    /* slot 0 holds the outer input */
    const char *path = fuzz_scratch_file(1, (const uint8_t *)doc, strlen(doc));
    int rc = pr_iana_xml_read(path, &sink, &err);
    if (rc || rp.n != 1) {
        fprintf(stderr, "fuzz_roundtrip: regenerated record does not read back (%s):\n%s\n",
                err.msg, doc);
        FUZZ_ASSERT(rc == 0 && rp.n == 1);
    }
    const struct pr_record *g = &rp.got;
    int ok = same(g->name, r->name) && same(g->protocol, r->protocol) &&
             same(g->number, r->number) && same(g->description, r->description) &&
             same(g->unauthorized, r->unauthorized) && same(g->sc, r->sc) &&
             same(g->date, r->date) && same(g->updated, r->updated) &&
             g->n_xrefs == r->n_xrefs && g->n_notes == r->n_notes;
    for (size_t i = 0; ok && i < r->n_xrefs; i++)
        ok = g->xrefs[i].role == r->xrefs[i].role && same(g->xrefs[i].type, r->xrefs[i].type) &&
             same(g->xrefs[i].data, r->xrefs[i].data) && same(g->xrefs[i].text, r->xrefs[i].text);
    for (size_t i = 0; ok && i < r->n_notes; i++)
        ok = same(g->notes[i].text, r->notes[i].text);
    if (!ok) {
        fprintf(stderr, "fuzz_roundtrip: regenerated record reads back different:\n%s\n", doc);
        FUZZ_ASSERT(ok);
    }
    pr_record_release(&rp.got);
    free(doc);
}

static int each(const struct pr_record *r, void *ud)
{
    (void)ud;
    check_regenerated(r);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pr_import_result res;
    pr_error err = {0};
    const char *path = fuzz_input_file(data, size);
    if (pr_import_file(store, path, "xml", PR_IMPORT_REPLACE | PR_IMPORT_FORCE, &res, &err))
        return 0;

    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    FUZZ_ASSERT(f != NULL);
    int rc = pr_iana_xml_write(store, f, &err);
    fclose(f);
    if (rc)
        fprintf(stderr, "fuzz_roundtrip: export failed: %s\n", err.msg);
    FUZZ_ASSERT(rc == 0);
    if (out_len != size || memcmp(out, data, size)) {
        fprintf(stderr, "fuzz_roundtrip: export differs from the input (%zu vs %zu bytes)\n",
                out_len, size);
        FUZZ_ASSERT(out_len == size && !memcmp(out, data, size));
    }
    free(out);

    for (const struct pr_exporter *const *ex = pr_exporters(); *ex; ex++) {
        struct pr_export_opts o = {0};
        f = open_memstream(&out, &out_len);
        FUZZ_ASSERT(f != NULL);
        rc = (*ex)->write(store, f, &o, &err);
        fclose(f);
        free(out);
        if (rc)
            fprintf(stderr, "fuzz_roundtrip: %s writer failed: %s\n", (*ex)->name, err.msg);
        FUZZ_ASSERT(rc == 0);
    }

    FUZZ_ASSERT(pr_store_each_record(store, each, NULL, &err) == 0);
    return 0;
}
