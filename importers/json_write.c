/* json_write.c - the registry as one JSON document:
 *   {"registry": {"id", "title", "category", "updated", "expert",
 *                 "references": [...], "notes": [{"title", "text"}]},
 *    "records": [pr_json_record objects, in registry order],
 *    "people": [pr_json_person objects]}
 * People are those the XML export writes (document.h: in use). */
#include "diff.h"
#include "document.h"
#include "importers.h"

#include <stdlib.h>
#include <string.h>

struct jw {
    pr_store *store;
    FILE *f;
    pr_error *err;
    long n;
    int notes; /* header_item: 0 references pass, 1 notes pass */
};

static int meta_field(struct jw *w, const char *key, const char *json_key)
{
    char *v = NULL;
    int rc = pr_store_meta_get(w->store, key, &v, w->err);
    if (rc && rc != PR_ENOTFOUND)
        return rc; /* a damaged row */
    fprintf(w->f, "%s\n    ", w->n++ ? "," : "");
    pr_json_string(w->f, json_key);
    fputs(": ", w->f);
    pr_json_string(w->f, v);
    free(v);
    return 0;
}

/* Header references and notes, from the document items. */
static int header_item(const struct pr_docitem *d, void *ud)
{
    struct jw *w = ud;
    int want_refs = !w->notes;
    if (strcmp(d->kind, want_refs ? "xref" : "note"))
        return 0;
    if (w->n++)
        putc(',', w->f);
    if (want_refs) {
        /* attr holds the xref's data: rfc6335 -> RFC6335, as records do. */
        const char *a = d->attr ? d->attr : "";
        if (!strncmp(a, "rfc", 3)) {
            fputs("\"RFC", w->f);
            fputs(a + 3, w->f);
            putc('"', w->f);
        } else {
            pr_json_string(w->f, a);
        }
        return 0;
    }
    fputs("{\"title\": ", w->f);
    pr_json_string(w->f, d->attr);
    fputs(", \"text\": ", w->f);
    pr_json_string(w->f, d->text);
    putc('}', w->f);
    return 0;
}

static int record_cb(const struct pr_record *r, void *ud)
{
    struct jw *w = ud;
    fputs(w->n++ ? ",\n    " : "\n    ", w->f);
    pr_json_record(w->f, r);
    return ferror(w->f) ? PR_EIO : 0;
}

static int person_cb(const struct pr_item *it, void *ud)
{
    struct jw *w = ud;
    struct pr_person p;
    int rc;
    if (it->kind != PR_ITEM_PERSON || !it->in_use)
        return 0;
    if ((rc = pr_store_get_person(w->store, it->key, &p, w->err)))
        return rc;
    fputs(w->n++ ? ",\n    " : "\n    ", w->f);
    pr_json_person(w->f, &p);
    pr_person_release(&p);
    return ferror(w->f) ? PR_EIO : 0;
}

int pr_json_write(pr_store *s, FILE *f, pr_error *err)
{
    struct jw w = {.store = s, .f = f, .err = err};
    int rc;
    fputs("{\n  \"registry\": {", f);
    if ((rc = meta_field(&w, "registry_id", "id")) || (rc = meta_field(&w, "title", "title")) ||
        (rc = meta_field(&w, "category", "category")) ||
        (rc = meta_field(&w, "updated", "updated")) || (rc = meta_field(&w, "expert", "expert")))
        goto out;
    fputs(",\n    \"references\": [", f);
    w.n = 0;
    if ((rc = pr_store_each_docitem(s, header_item, &w, err)))
        goto out;
    fputs("],\n    \"notes\": [", f);
    w.n = 0;
    w.notes = 1;
    if ((rc = pr_store_each_docitem(s, header_item, &w, err)))
        goto out;
    fputs("]\n  },\n  \"records\": [", f);
    w.n = 0;
    if ((rc = pr_store_each_record(s, record_cb, &w, err)))
        goto out;
    fputs(w.n ? "\n  ],\n  \"people\": [" : "],\n  \"people\": [", f);
    w.n = 0;
    if ((rc = pr_store_each_item(s, person_cb, &w, err)))
        goto out;
    fputs(w.n ? "\n  ]\n}\n" : "]\n}\n", f);
out:
    if (rc == PR_EIO || (!rc && ferror(f)))
        rc = pr_error_set(err, PR_EIO, "cannot write: write error");
    return rc;
}
