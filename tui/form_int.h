/* form_int.h - the TUI's forms (view_form.c) inside the TUI.  view_form.c
 * is the view: opening, drawing, keys.  form_save.c asks and saves, shows
 * a conflict and reloads; form_fields.c holds the fields, the review of an
 * assignment and the rows they and the notes take.  Each calls only the
 * files after it; none calls back. */
#ifndef PR_TUI_FORM_INT_H
#define PR_TUI_FORM_INT_H

#include "tui.h"

#include "edit.h"
#include "rules.h"

#define LABEL_W 14
#define PREVIEW_LINES 3 /* lines of a value in the save question */

struct field {
    const char *label;
    const char *set; /* MODIFY: modify's FIELD ("contact" for "add contact") */
    int req_field;   /* enum pr_req_field for the review, or -1 */
    int readonly;    /* MODIFY: RO_DIFFERS or RO_INEXACT: shown, never sent */
    char *own;       /* the label when made for the record ("  995/udp") */
    char *value;     /* owned, never NULL */
    char *initial;   /* as loaded: the field changed when they differ */
};

/* Why a field is shown read-only: no value the form does not show may be
 * lost by a save. */
enum { RO_DIFFERS = 1, RO_INEXACT = 2 };

struct form {
    int kind; /* enum tui_form_kind */
    char title[200];
    char service[128];
    struct field *f;
    int n, cap;
    int sel;     /* the selected field */
    int editing; /* its text is being edited in ed */
    struct tui_edit ed;
    pr_edit_base *base; /* MODIFY, DEASSIGN: what the form loaded */
    int conflicted;     /* another writer changed the service since */
    int failed;         /* the last save failed: notes say why */
    int asking;         /* the save question is open */
    struct tui_lines notes; /* below the fields: the changes asked about, or the conflict */
    struct pr_findings findings;
    struct tui_lines flines; /* the findings as lines for the width */
    char problem[600]; /* the request cannot be reviewed as it stands */
    struct tui_form_arg arg;
};

static inline struct form *F(struct tui_view *v)
{
    return v->priv;
}

/* ---- form_fields.c: the fields, the review, the rows ---- */

/* modify's fields in the form's order (contact and note are lists) */
extern const char *const form_modify_sets[];

int form_insert_field(struct form *m, int pos, const char *label, const char *set,
                      int req_field, const char *value);
int form_add_field(struct form *m, const char *label, int req_field, const char *value);
void form_free_fields(struct field *f, int n);
const char *form_value(struct form *m, const char *label);
int form_changed(const struct field *f);
int form_list_set(const char *set);
int form_modify_fields(struct form *m);
int form_fill_assign(struct form *m, struct pr_assign *a);
void form_wrap_findings(struct tui_view *v, int width);
void form_review(struct tui_view *v);
int form_asking(struct tui_view *v);
int form_showing_notes(struct tui_view *v);
long form_rows(struct tui_view *v);
void form_show_notes(struct tui_view *v);

/* ---- form_save.c: the save question, saving, the conflict ---- */

int form_changes_lines(struct tui_view *v);
void form_conflict_lines(struct tui_view *v, const struct pr_edit_conflict *c);
void form_reload(struct tui *t, void *ud);
void form_save(struct tui_view *v);

#endif
