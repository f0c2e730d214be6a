/* document.h - public: the stored registry as the document it came from.
 *
 * Records, people and the other top-level items (docitems) share one seq
 * space; walking them in seq order and writing each one's raw bytes gives
 * back the imported file.  Writers (export) walk it here; items edited
 * since the import have raw NULL and must be regenerated from their fields.
 */
#ifndef PORTREG_DOCUMENT_H
#define PORTREG_DOCUMENT_H

#include "registry.h"

enum pr_item_kind { PR_ITEM_DOCITEM = 0, PR_ITEM_RECORD = 1, PR_ITEM_PERSON = 2 };

/* One item, borrowed for the callback. */
struct pr_item {
    int kind;           /* enum pr_item_kind */
    long long seq;
    long long id;       /* record id (PR_ITEM_RECORD), else 0 */
    const char *key;    /* person id, or docitem kind */
    const char *raw;    /* source bytes; NULL once edited */
    size_t raw_len;
    const char *text;   /* docitem plain text; may be NULL */
    int in_use;         /* person: referenced by a record (see below) */
};
typedef int (*pr_item_cb)(const struct pr_item *it, void *ud);

/* Every item in document order (seq; at equal seq docitems, then records,
 * then people).  A person is "in use" when a record refers to it (as
 * assignee, contact or reference, or by an <xref type="person"> inside a
 * description, note or unauthorized text), or when the imported file
 * already carried it without a reference (IANA keeps a few such people;
 * pr_store_mark_unreferenced_people recorded them).  Callbacks return 0 to
 * go on; a non-zero value stops the walk and is returned. */
int pr_store_each_item(pr_store *s, pr_item_cb cb, void *ud, pr_error *err);

/* Note which people the registry just imported lists without any record
 * referring to them (meta key "import.unreferenced_people", one id per
 * line), so that exports keep them while dropping people that edits left
 * unreferenced.  Inside the caller's transaction, after the import; refs
 * holds what the records refer to (pr_people_refs_record on each). */
int pr_store_mark_unreferenced_people(pr_store *s, const struct pr_people_refs *refs,
                                      pr_error *err);

/* The people records refer to, gathered while a registry streams in
 * (pr_store_sink, one call per record), so that marking the unreferenced
 * ones reads no reference back out of the database. */
struct pr_people_refs *pr_people_refs_new(void);
int pr_people_refs_record(struct pr_people_refs *r, const struct pr_record *rec);
void pr_people_refs_free(struct pr_people_refs *r);

#endif
