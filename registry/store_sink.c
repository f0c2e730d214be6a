/* store_sink.c - the pr_sink that writes what a reader parses into the
 * store.  Used by import; the caller owns the transaction. */
#include "document.h"

static int sink_meta(struct pr_sink *k, const char *key, const char *value, pr_error *err)
{
    struct pr_store_sink *s = (struct pr_store_sink *)k;
    return pr_store_meta_set(s->store, key, value, err);
}

static int sink_docitem(struct pr_sink *k, const struct pr_docitem *d, pr_error *err)
{
    struct pr_store_sink *s = (struct pr_store_sink *)k;
    s->docitems++;
    return pr_store_insert_docitem(s->store, d, err);
}

static int sink_record(struct pr_sink *k, struct pr_record *r, pr_error *err)
{
    struct pr_store_sink *s = (struct pr_store_sink *)k;
    s->records++;
    if (s->refs && pr_people_refs_record(s->refs, r))
        return pr_error_set(err, PR_ENOMEM, "out of memory");
    return pr_store_insert_record(s->store, r, err);
}

static int sink_person(struct pr_sink *k, const struct pr_person *p, pr_error *err)
{
    struct pr_store_sink *s = (struct pr_store_sink *)k;
    s->people++;
    return pr_store_insert_person(s->store, p, err);
}

static int sink_frequency(struct pr_sink *k, const struct pr_frequency *f, pr_error *err)
{
    struct pr_store_sink *s = (struct pr_store_sink *)k;
    s->frequencies++;
    return pr_store_frequency_insert(s->store, f, err);
}

void pr_store_sink_init(struct pr_store_sink *k, pr_store *s)
{
    k->sink.ud = NULL;
    k->sink.meta = sink_meta;
    k->sink.docitem = sink_docitem;
    k->sink.record = sink_record;
    k->sink.person = sink_person;
    k->sink.frequency = sink_frequency;
    k->store = s;
    k->records = k->people = k->docitems = k->frequencies = 0;
    k->refs = NULL;
}
