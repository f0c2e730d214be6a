/* test_search_rank.c - lookups that help: text searches ranked (bm25,
 * names and descriptions above notes, IANA's boilerplate notes last, the
 * limit counted after ranking), "did you mean" for names, and transport
 * filters that keep records without a transport. */
#include "check.h"
#include "importers.h"

#include <stdio.h>

struct names {
    char v[32][64];
    int n;
};

static int name_cb(const struct pr_record *r, void *ud)
{
    struct names *ns = ud;
    if (ns->n < 32)
        snprintf(ns->v[ns->n++], sizeof ns->v[0], "%s", r->name ? r->name : "");
    return 0;
}

/* A CSV registry: x-discovery has "discovery" in its name, thing-disc in
 * its description,
 * longnote in a long note of its own, and n_alias records in one short
 * note that differs only in a quoted name (IANA's boilerplate). */
static void write_csv(const char *path, int n_alias)
{
    FILE *f = fopen(path, "w");
    fputs("Service Name,Port Number,Transport Protocol,Description,Assignment Notes\n", f);
    for (int i = 0; i < n_alias; i++)
        fprintf(f, "alias%d,%d,tcp,Alias %d,\"This entry is an alias to \"\"real%d\"\". "
                   "Historic; no discovery.\"\n", i, 100 + i, i, i);
    fputs("thing-disc,200,tcp,Thing Discovery,\n", f);
    fputs("x-discovery,202,tcp,Plain Words,\n", f);
    fputs("longnote,201,tcp,Long Note,A long note that mentions discovery once among many other "
          "words written here so that it is long\n", f);
    fclose(f);
}

static pr_store *open_csv(char **db, const char *csv, int n_alias)
{
    pr_store *s = NULL;
    pr_error err = {0};
    struct pr_import_result res;
    write_csv(csv, n_alias);
    *db = check_tmpdb();
    CHECK_INT(pr_store_open(&s, *db, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_import_file(s, csv, "csv", 0, &res, &err), 0);
    return s;
}

static void ranked(pr_store *s, const char *text, long limit, struct names *ns)
{
    struct pr_query q;
    pr_query_init(&q);
    q.text = text;
    q.limit = limit;
    memset(ns, 0, sizeof *ns);
    CHECK(pr_search(s, &q, name_cb, ns, NULL) >= 0);
}

/* pr_search_suggest suggests want alone (NULL: nothing). */
static void suggests(pr_store *s, const char *typed, const char *want)
{
    char *near[5];
    pr_error err = {0};
    long n = pr_search_suggest(s, typed, near, 5, &err);
    CHECK_INT(n, want ? 1 : 0);
    if (want && n >= 1)
        CHECK_STR(near[0], want);
    for (long i = 0; i < n; i++)
        free(near[i]);
}

int main(void)
{
    char csv[] = "/tmp/portreg-rank-XXXXXX", *db = NULL;
    int fd = mkstemp(csv);
    struct names ns;
    pr_error err = {0};
    if (fd < 0)
        return 1;
    close(fd);
    setenv("PORTREG_NOW", "2026-01-15T12:00:00Z", 1);

    /* Eleven records share the note: boilerplate, after every other match. */
    pr_store *s = open_csv(&db, csv, 11);
    ranked(s, "discovery", 0, &ns);
    CHECK_INT(ns.n, 14);
    CHECK_STR(ns.v[0], "x-discovery"); /* a name above a description */
    CHECK_STR(ns.v[1], "thing-disc");
    CHECK_STR(ns.v[2], "longnote");
    CHECK_STR(ns.v[3], "alias0");
    CHECK_STR(ns.v[13], "alias10"); /* equal ranks keep registry order */
    ranked(s, "discovery", 3, &ns); /* the limit counts the ranked order */
    CHECK_INT(ns.n, 3);
    CHECK_STR(ns.v[2], "longnote");
    ranked(s, "alias historic", 0, &ns); /* the boilerplate still matches */
    CHECK_INT(ns.n, 11);
    pr_store_free(s);
    check_rmdb(db);

    /* Ten are not "more than ten": bm25 alone, which puts the short notes
     * before the long one. */
    s = open_csv(&db, csv, 10);
    ranked(s, "discovery", 0, &ns);
    CHECK_INT(ns.n, 13);
    CHECK_STR(ns.v[1], "thing-disc");
    CHECK_STR(ns.v[12], "longnote");
    pr_store_free(s);
    check_rmdb(db);
    unlink(csv);

    /* Did you mean, on the sample registry. */
    struct pr_import_result res;
    db = check_tmpdb();
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/lookups.xml", NULL, 0, &res, &err), 0);
    suggests(s, "postgress", "postgresql");
    suggests(s, "HTP", "http"); /* not shilp or nfs */
    suggests(s, "jini-disc", "jini-discovery"); /* a prefix */
    suggests(s, "kerberos-v", "kerberos-iv");
    /* Two letters swapped cost 2: "nsf" is nfs (a letter left out and one
     * extra would cost 6, past the limit of 4). */
    suggests(s, "nsf", "nfs");
    suggests(s, "whoisp", "whoispp"); /* only the nearest: not whois++ (5) too */
    /* A prefix needs three letters: "jin" finds jini-discovery, "ji" nothing. */
    suggests(s, "jin", "jini-discovery");
    suggests(s, "ji", NULL);
    suggests(s, "nfs", NULL); /* itself: nothing */
    suggests(s, "zzzzzz", NULL);
    suggests(s, "", NULL);

    /* A record without a transport holds the port for every transport. */
    struct pr_query q;
    pr_query_init(&q);
    q.port_lo = q.port_hi = 27005;
    q.protocol = "udp";
    memset(&ns, 0, sizeof ns);
    CHECK_INT(pr_search(s, &q, name_cb, &ns, &err), 1);
    CHECK_STR(ns.v[0], "flex-lm");
    q.port_lo = q.port_hi = 750; /* and a transport still filters the others */
    q.protocol = "tcp";
    memset(&ns, 0, sizeof ns);
    CHECK_INT(pr_search(s, &q, name_cb, &ns, &err), 1);
    CHECK_STR(ns.v[0], "rfile");
    pr_store_free(s);
    check_rmdb(db);
    return check_status();
}
