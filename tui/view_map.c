/* view_map.c - the port space 0-65535 as a density map: one cell per block
 * of 64 ports, 64 cells (4,096 ports) a line, so the system/user boundary
 * 1024 falls on cell 16 of the first line and the dynamic range 49152 starts
 * line 12.  A cell's glyph says how much of its block is assigned; blocks
 * with nothing assigned show reserved or unassigned.  It opens on the
 * block of the port of the row it was opened from; Enter lists the records
 * of the block under the cursor over it (Esc comes back to the same
 * block). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600 /* wcwidth, get_wch */
#endif
#include "tui.h"

#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#define BLOCK 64
#define NBLOCKS (PR_PORT_COUNT / BLOCK)
#define PER_LINE 64
#define LABEL_W 6

struct map {
    unsigned char claim[PR_PORT_COUNT];
    struct pr_portmap_block b[NBLOCKS];
    int cur;
};

static struct map *M(struct tui_view *v)
{
    return v->priv;
}

static int read_claims(struct tui_view *v)
{
    pr_error err = {0};
    struct map *m = M(v);
    if (pr_portmap_claims(v->t->store, m->claim, &err)) {
        tui_message(v->t, "cannot read the ports: %s", err.msg);
        return -1;
    }
    pr_portmap_blocks(m->claim, BLOCK, m->b);
    return 0;
}

void tui_map_goto(struct tui_view *v, int port)
{
    if (port >= 0 && port <= PR_PORT_MAX)
        M(v)->cur = port / BLOCK;
}

/* arg: the port (an int) whose block is selected first; -1 or NULL: the
 * first user ports. */
static int map_open(struct tui_view *v, const void *arg)
{
    const int *port = arg;
    if (read_claims(v))
        return -1;
    M(v)->cur = PR_PORT_USER_MIN / BLOCK;
    tui_map_goto(v, port ? *port : -1);
    return 0;
}

static void map_refresh(struct tui_view *v, const pr_rows *old)
{
    (void)old;
    read_claims(v);
}

enum level { L_FREE, L_RESERVED, L_LOW, L_MID, L_HIGH, L_FULL };

static enum level level_of(const struct pr_portmap_block *b)
{
    if (b->assigned == 0)
        return b->reserved ? L_RESERVED : L_FREE;
    int pct = b->assigned * 100 / BLOCK;
    return pct >= 75 ? L_FULL : pct >= 50 ? L_HIGH : pct >= 25 ? L_MID : L_LOW;
}

static const char *glyph(const struct tui *t, enum level l)
{
    static const char *const utf8[] = {"·", "x", "░", "▒", "▓", "█"};
    static const char *const ascii[] = {".", "x", ":", "o", "O", "#"};
    return t->utf8 ? utf8[l] : ascii[l];
}

static unsigned level_attr(const struct tui *t, enum level l)
{
    return tui_attr(t, l == L_FREE ? TUI_S_UNASSIGNED : l == L_RESERVED ? TUI_S_RESERVED
                                                                        : TUI_S_ASSIGNED);
}

static void map_draw(struct tui_view *v, int top, int height, int width)
{
    struct map *m = M(v);
    const struct tui *t = v->t;
    const struct pr_portmap_block *c = &m->b[m->cur];
    char buf[256];
    int y = top;

    if (width < LABEL_W + PER_LINE + 1 || height < 21) {
        tui_put(y, 1, "the port map needs 72x24 or more: enlarge the terminal", width - 2, 0);
        return;
    }
    snprintf(buf, sizeof buf, "%d-%d %s: %d assigned, %d reserved, %d unassigned", c->lo, c->hi,
             pr_range_name(pr_port_range(c->lo)), c->assigned, c->reserved, c->unassigned);
    attrset(A_BOLD);
    tui_put(y++, 1, buf, width - 2, 0);
    attrset(A_NORMAL);
    /* the ruler marks where the user ports begin */
    attrset(tui_attr(t, TUI_S_DIM));
    tui_put(y, LABEL_W, "↓0 system", PR_PORT_USER_MIN / BLOCK, 0);
    tui_put(y++, LABEL_W + PR_PORT_USER_MIN / BLOCK,
            "↓" PR_PORT_STR(PR_PORT_USER_MIN) " user ports ("
            PR_PORT_STR(PR_PORT_USER_MIN) "-" PR_PORT_STR(PR_PORT_USER_MAX) ")",
            width - LABEL_W - PR_PORT_USER_MIN / BLOCK, 0);
    attrset(A_NORMAL);
    for (int line = 0; line < NBLOCKS / PER_LINE; line++) {
        if (line == PR_PORT_DYNAMIC_MIN / BLOCK / PER_LINE) {
            attrset(tui_attr(t, TUI_S_DIM));
            tui_put(y++, LABEL_W, "↓" PR_PORT_STR(PR_PORT_DYNAMIC_MIN) " dynamic ports ("
                    PR_PORT_STR(PR_PORT_DYNAMIC_MIN) "-" PR_PORT_STR(PR_PORT_MAX) "), never assigned",
                    width - LABEL_W, 0);
            attrset(A_NORMAL);
        }
        snprintf(buf, sizeof buf, "%5d ", line * PER_LINE * BLOCK);
        tui_put(y, 0, buf, LABEL_W, 0);
        for (int k = 0; k < PER_LINE; k++) {
            int b = line * PER_LINE + k;
            enum level l = level_of(&m->b[b]);
            attrset(b == m->cur ? A_REVERSE | A_BOLD : level_attr(t, l));
            tui_put(y, LABEL_W + k, glyph(t, l), 1, 0);
        }
        attrset(A_NORMAL);
        y++;
    }
    /* legend */
    int x = 1;
    y++;
    static const enum level order[] = {L_FULL, L_HIGH, L_MID, L_LOW, L_RESERVED, L_FREE};
    static const char *const what[] = {"75%+", "50%+", "25%+", "<25% assigned", "reserved",
                                       "unassigned"};
    for (size_t i = 0; i < sizeof order / sizeof *order && x < width - 2; i++) {
        attrset(level_attr(t, order[i]));
        x += tui_put(y, x, glyph(t, order[i]), 1, 0);
        attrset(A_NORMAL);
        snprintf(buf, sizeof buf, " %s ", what[i]);
        x += tui_put(y, x, buf, width - x - 1, 0);
    }
    snprintf(buf, sizeof buf, "(cell: %d ports)", BLOCK);
    tui_put(y, x, buf, width - x - 1, 0);
}

static void map_status(struct tui_view *v, char *buf, size_t len)
{
    const struct pr_portmap_block *c = &M(v)->b[M(v)->cur];
    snprintf(buf, len, "block %d-%d | arrows move, Enter lists", c->lo, c->hi);
}

static int map_handle(struct tui_view *v, int key, enum tui_action a)
{
    struct map *m = M(v);
    struct tui *t = v->t;
    int to = m->cur;
    char q[32];
    (void)key;
    switch (a) {
    case TUI_A_LEFT: to--; break;
    case TUI_A_RIGHT: to++; break;
    case TUI_A_UP: to -= PER_LINE; break;
    case TUI_A_DOWN: to += PER_LINE; break;
    case TUI_A_PGUP: to -= 4 * PER_LINE; break;
    case TUI_A_PGDN: to += 4 * PER_LINE; break;
    case TUI_A_HOME: to = 0; break;
    case TUI_A_END: to = NBLOCKS - 1; break;
    case TUI_A_OPEN:
        snprintf(q, sizeof q, "%d-%d", m->b[m->cur].lo, m->b[m->cur].hi);
        tui_push(t, &tui_view_list, q);
        return TUI_HANDLED | TUI_REDRAW;
    default:
        return TUI_IGNORED;
    }
    if (to >= 0 && to < NBLOCKS)
        m->cur = to;
    return TUI_HANDLED | TUI_REDRAW;
}

const struct tui_view_ops tui_view_map = {
    .name = "map",
    .private_size = sizeof(struct map),
    .cursor = 0,
    .open = map_open,
    .draw = map_draw,
    .status = map_status,
    .handle = map_handle,
    .reread = map_refresh,
};
