/* party.c - who stands behind an assignee or a request (party.h). */
#include "party.h"
#include "store_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void pr_party_init(struct pr_party *p)
{
    memset(p, 0, sizeof *p);
}

static void add_key(struct pr_party *p, char kind, const char *v, size_t len)
{
    char k[sizeof p->key[0]];
    if (!len || len + 3 > sizeof k)
        return;
    k[0] = kind;
    k[1] = ':';
    for (size_t i = 0; i < len; i++)
        k[2 + i] = (char)tolower((unsigned char)v[i]);
    k[2 + len] = 0;
    if (kind == 'i') /* person ids are case-sensitive in the registry; keep them */
        memcpy(k + 2, v, len);
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->key[i], k))
            return;
    if (p->n < PR_PARTY_KEYS)
        memcpy(p->key[p->n++], k, len + 3);
}

/* Company suffixes and filler words that do not tell organisations apart. */
static int filler(const char *w, size_t n)
{
    static const char *const words[] = {
        "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company",
        "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "oy", "ab", "as", "aps", "spa", "srl",
        "sp", "z", "o", "kk", "plc", "pty", "pte", "kg", "the", NULL};
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncmp(words[i], w, n))
            return 1;
    return 0;
}

void pr_party_norm_name(const char *name, char *out, size_t len)
{
    size_t o = 0;
    if (!len)
        return;
    out[0] = 0;
    for (const char *p = name ? name : ""; *p;) {
        char w[64];
        size_t n = 0;
        while (*p && !isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
            p++;
        while (*p && (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80))) {
            if (n + 1 < sizeof w)
                w[n++] = (char)tolower((unsigned char)*p);
            p++;
        }
        if (!n || filler(w, n))
            continue;
        if (o + n + 2 > len)
            break;
        if (o)
            out[o++] = ' ';
        memcpy(out + o, w, n);
        o += n;
        out[o] = 0;
    }
}

static void add_name(struct pr_party *p, const char *name)
{
    char norm[128];
    pr_party_norm_name(name, norm, sizeof norm);
    /* one short word ("ab", "tv") says too little to join two parties */
    if (strlen(norm) >= 4)
        add_key(p, 'n', norm, strlen(norm));
}

/* Mail services anyone can use: a shared domain there says nothing. */
static int public_domain(const char *d, size_t n)
{
    static const char *const words[] = {
        "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "aol", "icloud",
        "me", "mac", "gmx", "web", "mail", "yandex", "qq", "163", "126", "protonmail", "proton",
        "comcast", "earthlink", "verizon", "att", "free", "orange", "t-online", "libero",
        "naver", "hanmail", "rediffmail", "zoho", "fastmail", "seznam", "wp", "o2", "bigpond",
        "sbcglobal", "btinternet", "ymail", "rocketmail", "inbox", "list", "rambler", NULL};
    size_t first = strcspn(d, ".");
    if (first >= n)
        return 1; /* no dot: not a domain to trust */
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == first && !strncasecmp(words[i], d, first))
            return 1;
    return 0;
}

static void add_mail(struct pr_party *p, const char *m, size_t n)
{
    const char *at = memchr(m, '@', n);
    if (!at || at == m || at + 1 >= m + n)
        return;
    add_key(p, 'm', m, n);
    if (!p->mail[0] && n < sizeof p->mail) {
        memcpy(p->mail, m, n);
        p->mail[n] = 0;
    }
    const char *dom = at + 1;
    size_t dn = (size_t)(m + n - dom);
    if (!public_domain(dom, dn))
        add_key(p, 'd', dom, dn);
}

/* Addresses in text: IANA's "mailto:a&b" and plain "a@b". */
static void add_mails_in(struct pr_party *p, const char *text)
{
    for (const char *s = text ? text : ""; *s;) {
        while (*s && (isspace((unsigned char)*s) || *s == '<' || *s == '>' || *s == ',' ||
                      *s == ';' || *s == '(' || *s == ')'))
            s++;
        const char *w = s;
        while (*s && !isspace((unsigned char)*s) && *s != '<' && *s != '>' && *s != ',' &&
               *s != ';' && *s != '(' && *s != ')')
            s++;
        size_t n = (size_t)(s - w);
        if (n > 7 && !strncasecmp(w, "mailto:", 7)) {
            w += 7;
            n -= 7;
        }
        char buf[128];
        if (!n || n >= sizeof buf)
            continue;
        memcpy(buf, w, n);
        buf[n] = 0;
        char *amp = strchr(buf, '&');
        if (amp && !strchr(buf, '@'))
            *amp = '@'; /* IANA writes a@b as a&b */
        if (strchr(buf, '@') && !strchr(buf, '/'))
            add_mail(p, buf, strlen(buf));
    }
}

static void set_label(struct pr_party *p, const char *name, const char *id)
{
    if (p->label[0])
        return;
    if (name && *name && id && *id)
        snprintf(p->label, sizeof p->label, "%s (%s)", name, id);
    else if ((name && *name) || (id && *id))
        snprintf(p->label, sizeof p->label, "%s", name && *name ? name : id);
}

int pr_party_add_person(pr_store *s, const char *id, struct pr_party *p, pr_error *err)
{
    struct pr_person person;
    pr_error local = {0};
    if (!id || !*id)
        return 0;
    add_key(p, 'i', id, strlen(id));
    int rc = pr_store_get_person(s, id, &person, &local);
    if (rc == PR_ENOTFOUND) {
        /* a person the document does not list: its id is all there is */
        char name[128];
        snprintf(name, sizeof name, "%s", id);
        for (char *c = name; *c; c++)
            if (*c == '_')
                *c = ' ';
        add_name(p, name);
        set_label(p, NULL, id);
        return 0;
    }
    if (rc) {
        if (err)
            *err = local;
        return rc;
    }
    add_name(p, person.name);
    add_name(p, person.org);
    add_mails_in(p, person.uri);
    set_label(p, person.name && *person.name ? person.name : person.org, id);
    pr_person_release(&person);
    return 0;
}

int pr_party_from_spec(pr_store *s, const char *spec, struct pr_party *p, pr_error *err)
{
    int rc = 0, parts = 0;
    char first_name[512] = ""; /* as long as a part (buf below): never cut */
    /* a few people at most: a request's Assignee is no list of thousands */
    for (const char *part = spec ? spec : ""; *part && !rc && parts++ < 16;) {
        /* one party per comma-separated part, unless the comma is inside <> */
        size_t n = 0;
        int in_angle = 0;
        while (part[n] && (part[n] != ',' || in_angle)) {
            in_angle = part[n] == '<' ? 1 : part[n] == '>' ? 0 : in_angle;
            n++;
        }
        char buf[512];
        snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), part);
        part += n + (part[n] == ',');
        /* the name is what comes before '<' (or the whole part without an
         * address); a bare word may be a person id */
        char *lt = strchr(buf, '<');
        char name[512];
        snprintf(name, sizeof name, "%s", buf);
        if (lt)
            name[lt - buf] = 0;
        char *b = name, *e = name + strlen(name);
        while (*b && isspace((unsigned char)*b))
            b++;
        while (e > b && isspace((unsigned char)e[-1]))
            *--e = 0;
        if (!lt && strchr(b, '@'))
            *b = 0; /* only an address */
        /* an address needs no look-up: a holder's party holds the
         * addresses of its people, so the keys meet directly */
        add_mails_in(p, buf);
        if (!*b)
            continue;
        if (!first_name[0])
            snprintf(first_name, sizeof first_name, "%s", b);
        if (!strpbrk(b, " \t")) {
            /* a person id ("VESvault_Corp", "IESG") when the store knows it */
            struct pr_person person;
            pr_error local = {0};
            int got = pr_store_get_person(s, b, &person, &local);
            if (got == 0) {
                pr_person_release(&person);
                rc = pr_party_add_person(s, b, p, err);
                continue;
            }
            if (got != PR_ENOTFOUND) {
                if (err)
                    *err = local;
                rc = got;
                continue;
            }
        }
        add_name(p, b);
    }
    if (!rc && !p->label[0])
        set_label(p, first_name[0] ? first_name : p->mail, NULL);
    return rc;
}

int pr_party_from_record(pr_store *s, const struct pr_record *r, struct pr_party *p,
                         pr_error *err)
{
    const char *ids[16];
    size_t n = pr_record_assignees(r, ids, 16);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = pr_party_add_person(s, ids[i], p, err);
    return rc;
}

int pr_party_match(const struct pr_party *a, const struct pr_party *b)
{
    int best = PR_PARTY_OTHER;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            if (strcmp(a->key[i], b->key[j]))
                continue;
            if (a->key[i][0] != 'd')
                return PR_PARTY_SAME;
            best = PR_PARTY_DOMAIN;
        }
    return best;
}
