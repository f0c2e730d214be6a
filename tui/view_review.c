/* view_review.c - the review queue: allocation requests (rules.h, from
 * `portreg tui --review FILE...` or `o` here) with the rules engine's
 * verdict; Enter shows a request's fields and findings; `a` approves (the
 * assignment, pr_edit_assign), `x` rejects with a reason, `s` skips to the
 * next one.  Decisions are recorded (the assignment itself, pr_review_log)
 * and found again by the request's content (pr_review_log_find): who
 * decided and when shows when the queue is opened again, in this session or
 * a later one.  A malformed request is listed, marked, never decided on. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include "edit.h"
#include "review_log.h"
#include "rules.h"
#include "strbuf.h"

#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

struct item {
    struct pr_findings findings;
    char verdict[16];
    char decision[700]; /* "rejected by NAME, DATE TIME: reason"; "" when none */
    int decided;        /* the decision holds (an undone approval does not) */
    char problem[600];  /* the review failed */
};

struct review {
    struct item *items;
    size_t n, cap;
    long open;          /* the request shown, or -1 for the queue */
    struct tui_lines lines; /* its lines */
    int asking_file;    /* the bottom line asks for a request file */
    struct tui_edit path;
    long top_queue;     /* where the queue was scrolled */
};

static struct review *R(struct tui_view *v)
{
    return v->priv;
}

/* Every request's verdict, against the registry as it is now (an approved
 * request's own assignment aside), and the decision recorded on it. */
static void review_all(struct tui_view *v)
{
    struct review *w = R(v);
    struct pr_request_list *reqs = v->t->requests;
    for (size_t i = 0; i < w->n; i++) {
        struct item *it = &w->items[i];
        const struct pr_request *req = &reqs->items[i];
        struct pr_review_decision d;
        pr_error err = {0};
        pr_findings_release(&it->findings);
        pr_findings_init(&it->findings);
        it->problem[0] = it->decision[0] = 0;
        it->decided = 0;
        if (req->n_problems) {
            /* malformed or unreadable: listed, never reviewed or decided */
            snprintf(it->verdict, sizeof it->verdict, "%s", pr_request_problem_verdict(req));
            snprintf(it->problem, sizeof it->problem, "%s:%ld: %s", req->file ? req->file : "-",
                     req->problems[0].line, req->problems[0].msg);
            continue;
        }
        /* the earlier requests of the queue: run-conflict */
        if (pr_review_run(v->t->store, reqs->items, i, &it->findings, &err))
            snprintf(it->problem, sizeof it->problem, "cannot review: %s", err.msg);
        int found = it->problem[0] ? 0 : pr_review_log_find(v->t->store, req, &d, &err);
        if (found > 0) {
            pr_review_decision_text(&d, it->decision, sizeof it->decision);
            it->decided = pr_review_decision_holds(&d);
            pr_review_log_drop_own(v->t->store, &d, &it->findings, 0, &err);
        } else if (found < 0) {
            snprintf(it->problem, sizeof it->problem, "cannot read its decision: %s", err.msg);
        }
        snprintf(it->verdict, sizeof it->verdict, "%s",
                 it->problem[0] ? "error" : pr_findings_verdict(&it->findings, 0, it->findings.n));
    }
}

/* The queue follows t->requests (which `o` may extend). */
static int sync_items(struct tui_view *v)
{
    struct review *w = R(v);
    struct tui *t = v->t;
    size_t n = t->requests ? t->requests->n : 0;
    if (n > w->n) {
        if (pr_grow(&w->items, &w->cap, n - 1, sizeof *w->items, 16)) {
            tui_message(v->t, "out of memory");
            return -1;
        }
        struct item *ni = w->items;
        memset(ni + w->n, 0, (n - w->n) * sizeof *ni);
        for (size_t i = w->n; i < n; i++)
            pr_findings_init(&ni[i].findings);
        w->items = ni;
        w->n = n;
    }
    review_all(v);
    return 0;
}

static void build_lines(struct tui_view *v)
{
    struct review *w = R(v);
    const struct pr_request *req = &v->t->requests->items[w->open];
    const struct item *it = &w->items[w->open];
    int width = COLS - 4;
    char buf[1200];
    tui_lines_clear(&w->lines);
    snprintf(buf, sizeof buf, "%s  %s:%ld  verdict: %s%s%s", pr_request_name(req),
             req->file ? req->file : "-", req->line, it->verdict, it->decision[0] ? ", " : "",
             it->decision);
    tui_lines_wrap(&w->lines, buf, width, 2);
    tui_lines_add(&w->lines, "");
    for (int f = 0; f < PR_REQ_NFIELDS; f++) {
        size_t n = req->field[f] ? strlen(pr_req_field_names[f]) + strlen(req->field[f]) + 3 : 0;
        char *line = n ? malloc(n) : NULL;
        if (line) {
            snprintf(line, n, "%s: %s", pr_req_field_names[f], req->field[f]);
            tui_lines_wrap(&w->lines, line, width, 4);
        }
        free(line);
    }
    tui_lines_add(&w->lines, "");
    for (size_t k = 0; k < req->n_problems; k++) {
        snprintf(buf, sizeof buf, "%s:%ld: %s", req->file ? req->file : "-",
                 req->problems[k].line, req->problems[k].msg);
        tui_lines_wrap(&w->lines, buf, width, 2);
    }
    if (it->problem[0] && !req->n_problems)
        tui_lines_wrap(&w->lines, it->problem, width, 2);
    if (!it->problem[0])
        tui_findings_lines(&w->lines, &it->findings, width);
}

static int review_open(struct tui_view *v, const void *arg)
{
    (void)arg;
    R(v)->open = -1;
    if (sync_items(v))
        return -1;
    if (!R(v)->n)
        tui_message(v->t, "no request yet: o opens a request file (docs/request-format.md)");
    return 0;
}

static long review_rows(struct tui_view *v)
{
    struct review *w = R(v);
    return w->open >= 0 ? (long)w->lines.n : (long)w->n;
}

/* The queue's columns: SERVICE 0-19, VERDICT 21-30 (the longest verdict,
 * "unreadable", whole), DECISION from 32. */
#define VERDICT_W 10
#define DECISION_X 32

static void review_header(struct tui_view *v, int y, int width)
{
    attrset(tui_attr(v->t, TUI_S_HEADER));
    tui_put(y, 0, "", width, 1);
    if (R(v)->open < 0) {
        tui_put(y, 0, "SERVICE", 20, 0);
        tui_put(y, 21, "VERDICT", VERDICT_W, 0);
        tui_put(y, DECISION_X, "DECISION", width - DECISION_X, 0);
    } else {
        tui_put(y, 0, "REQUEST", width, 0);
    }
    attrset(A_NORMAL);
}

static void review_draw_row(struct tui_view *v, long row, int y, int width, int selected)
{
    struct review *w = R(v);
    if (w->open >= 0) {
        tui_put(y, 1, w->lines.v[row], width - 2, 0);
        return;
    }
    const struct pr_request *req = &v->t->requests->items[row];
    const struct item *it = &w->items[row];
    char where[300];
    tui_put(y, 0, "", width, 1);
    tui_put(y, 0, pr_request_name(req), 20, 0);
    if (!selected)
        attrset(tui_attr(v->t, !strcmp(it->verdict, "clean") ? TUI_S_ASSIGNED
                               : !strcmp(it->verdict, "concerns") ? TUI_S_LABEL
                                                                   : TUI_S_RESERVED));
    tui_put(y, 21, it->verdict, VERDICT_W, 0);
    if (!selected)
        attrset(A_NORMAL);
    int used = tui_put(y, DECISION_X, it->decision[0] ? it->decision : "-", width - DECISION_X, 0);
    snprintf(where, sizeof where, "  %s:%ld", req->file ? req->file : "-", req->line);
    if (!selected)
        attrset(tui_attr(v->t, TUI_S_DIM));
    tui_put(y, DECISION_X + used, where, width - DECISION_X - used, 0);
}

static void review_status(struct tui_view *v, char *buf, size_t len)
{
    struct review *w = R(v);
    size_t open = 0;
    for (size_t i = 0; i < w->n; i++)
        open += !w->items[i].decided;
    snprintf(buf, len, "%zu requests, %zu undecided | a approve, x reject, s skip", w->n, open);
}

static long current(struct tui_view *v)
{
    struct review *w = R(v);
    return w->open >= 0 ? w->open : (w->n ? v->cur : -1);
}

static void show(struct tui_view *v, long i)
{
    struct review *w = R(v);
    if (w->open < 0)
        w->top_queue = v->top;
    w->open = i;
    v->top = v->cur = 0;
    build_lines(v);
}

static void approve(struct tui *t, void *ud)
{
    struct tui_view *v = ud;
    struct review *w = R(v);
    long i = current(v);
    const struct pr_request *req = &t->requests->items[i];
    struct pr_assign a;
    struct pr_edit_result res;
    pr_error err = {0};
    struct pr_strbuf protos = PR_STRBUF_INIT, reason = PR_STRBUF_INIT;

    pr_assign_init(&a);
    for (int k = 0; k < 4; k++)
        if (req->transports & (1u << k)) {
            if (protos.len)
                pr_strbuf_addch(&protos, ',');
            pr_strbuf_adds(&protos, pr_tp_names[k]);
        }
    a.request = req; /* the review sees every field of it */
    a.name = req->field[PR_REQ_SERVICE_NAME];
    a.protocols = pr_strbuf_str(&protos);
    a.justification = req->field[PR_REQ_JUSTIFICATION];
    a.security = req->field[PR_REQ_SECURITY];
    a.sc = req->field[PR_REQ_SERVICE_CODE];
    a.description = req->field[PR_REQ_DESCRIPTION];
    a.assignee = req->field[PR_REQ_ASSIGNEE];
    a.contact = req->field[PR_REQ_CONTACT];
    a.reference = req->field[PR_REQ_REFERENCE];
    a.note = req->field[PR_REQ_NOTES];
    pr_strbuf_addf(&reason, "approved in review of %s:%ld", req->file ? req->file : "-",
                   req->line);
    a.reason = pr_strbuf_str(&reason);
    if (req->port_kind == PR_PORT_SYSTEM)
        a.range = PR_RANGE_SYSTEM;
    else if (req->port_kind == PR_PORT_NUMBERS)
        a.port = req->ports[0].lo;
    else if (req->port_kind != PR_PORT_ANY)
        a.port = PR_ASSIGN_NO_PORT;
    /* with a.request set the assignment records the approval too */
    int failed = pr_edit_assign(t->store, &a, &res, &err);
    pr_strbuf_release(&protos);
    pr_strbuf_release(&reason);
    if (failed) {
        tui_message(t, "not approved: %s", err.msg);
        return;
    }
    tui_message(t, "approved: %s (change %lld)", res.summary, res.change_id);
    tui_reload(t, NULL, 0); /* the registry changed under the other requests too */
    if (w->open >= 0)
        build_lines(v);
}

static void skip(struct tui_view *v)
{
    struct review *w = R(v);
    long i = current(v);
    /* the next undecided request after i, wrapping */
    for (size_t k = 1; k <= w->n; k++) {
        long j = (long)(((size_t)i + k) % w->n);
        if (!w->items[j].decided) {
            if (w->open >= 0)
                show(v, j);
            else
                v->cur = j;
            return;
        }
    }
    tui_message(v->t, "every request has a decision");
}

static int open_file(struct tui_view *v)
{
    struct review *w = R(v);
    pr_error err = {0};
    char buf[600];
    if (!v->t->requests && !(v->t->requests = calloc(1, sizeof *v->t->requests))) {
        tui_message(v->t, "out of memory");
        return -1;
    }
    size_t before = v->t->requests->n;
    int rc = pr_request_parse_file(tui_edit_text(&w->path), v->t->requests, NULL, NULL, &err);
    if (rc == PR_ENOMEM || rc == PR_EIO) {
        /* a path typed wrong is said, not queued */
        while (v->t->requests->n > before)
            pr_request_release(&v->t->requests->items[--v->t->requests->n]);
        tui_message(v->t, "%s", pr_error_format(&err, buf, sizeof buf));
        return -1;
    }
    if (rc) {
        /* problems stay with their requests, marked in the queue */
        tui_message(v->t, "%s", pr_error_format(&err, buf, sizeof buf));
        return sync_items(v);
    }
    tui_message(v->t, "%zu request%s from %s", v->t->requests->n - before,
                v->t->requests->n - before == 1 ? "" : "s", tui_edit_text(&w->path));
    return sync_items(v);
}

static int review_handle(struct tui_view *v, int key, enum tui_action a)
{
    struct review *w = R(v);
    struct tui *t = v->t;
    long i = current(v);

    if (w->asking_file) {
        enum tui_action e = tui_key_context("search", key); /* letters are text */
        if (e == TUI_A_OPEN) {
            w->asking_file = 0;
            open_file(v);
        } else if (e == TUI_A_BACK) {
            w->asking_file = 0;
        } else {
            tui_edit_key(&w->path, key);
        }
        t->prompt_active = w->asking_file;
        t->prompt = w->asking_file ? &w->path : NULL;
        return TUI_HANDLED | TUI_REDRAW;
    }
    if (a == TUI_A_OPEN_FILE) {
        w->asking_file = 1;
        tui_edit_set(&w->path, "");
        t->prompt_active = 1;
        t->prompt = &w->path;
        snprintf(t->prompt_label, sizeof t->prompt_label, "request file: ");
        return TUI_HANDLED | TUI_REDRAW;
    }
    switch (a) {
    case TUI_A_OPEN:
        if (w->open < 0 && i >= 0)
            show(v, i);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_BACK:
        if (w->open < 0)
            return TUI_IGNORED;
        v->cur = w->open;
        v->top = w->top_queue;
        w->open = -1;
        tui_lines_clear(&w->lines);
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_APPROVE:
        if (i < 0)
            return TUI_HANDLED;
        if (w->items[i].decided)
            tui_message(t, "already decided: %s", w->items[i].decision);
        else if (t->requests->items[i].n_problems)
            tui_message(t, "%s is %s: fix the request file first",
                        pr_request_name(&t->requests->items[i]), w->items[i].verdict);
        else if (!strcmp(w->items[i].verdict, "reject") || w->items[i].problem[0])
            tui_message(t, "the review rejects %s: reject it (x) or fix the request",
                        pr_request_name(&t->requests->items[i]));
        else if (t->requests->items[i].port_kind == PR_PORT_NUMBERS &&
                 (t->requests->items[i].n_ports != 1 ||
                  t->requests->items[i].ports[0].lo != t->requests->items[i].ports[0].hi))
            tui_message(t, "approve assigns one port: assign this request from the command line");
        else
            tui_confirm(t, approve, v, "assign %s as requested? (y/n)",
                        pr_request_name(&t->requests->items[i]));
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_REJECT:
        if (i < 0)
            return TUI_HANDLED;
        if (w->items[i].decided) {
            tui_message(t, "already decided: %s", w->items[i].decision);
        } else if (t->requests->items[i].n_problems) {
            tui_message(t, "%s is %s: fix the request file first",
                        pr_request_name(&t->requests->items[i]), w->items[i].verdict);
        } else {
            struct tui_form_arg fa = {TUI_FORM_REJECT, NULL, &t->requests->items[i]};
            tui_push(t, &tui_view_form, &fa);
        }
        return TUI_HANDLED | TUI_REDRAW;
    case TUI_A_SKIP:
        if (i >= 0)
            skip(v);
        return TUI_HANDLED | TUI_REDRAW;
    default:
        return tui_view_navigate(v, a);
    }
}

static void review_resize(struct tui_view *v, int width)
{
    (void)width;
    if (R(v)->open >= 0)
        build_lines(v);
}

/* On top again (a rejection may have been recorded above), or the
 * registry changed: verdicts and decisions again. */
static void review_resume(struct tui_view *v)
{
    review_all(v);
    if (R(v)->open >= 0)
        build_lines(v);
}

static void review_refresh(struct tui_view *v, const pr_rows *old)
{
    (void)old;
    review_resume(v);
}

static void review_close(struct tui_view *v)
{
    struct review *w = R(v);
    for (size_t i = 0; i < w->n; i++)
        pr_findings_release(&w->items[i].findings);
    free(w->items);
    tui_lines_clear(&w->lines);
    if (v->t->prompt == &w->path) {
        v->t->prompt = NULL;
        v->t->prompt_active = 0;
    }
    tui_edit_release(&w->path);
}

const struct tui_view_ops tui_view_review = {
    .name = "review",
    .private_size = sizeof(struct review),
    .cursor = 1,
    .open = review_open,
    .rows = review_rows,
    .header = review_header,
    .draw_row = review_draw_row,
    .status = review_status,
    .handle = review_handle,
    .resize = review_resize,
    .resume = review_resume,
    .reread = review_refresh,
    .close = review_close,
};
