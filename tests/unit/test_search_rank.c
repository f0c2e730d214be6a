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
    char *near[5];
    db = check_tmpdb();
    CHECK_INT(pr_store_open(&s, db, PR_STORE_CREATE, &err), 0);
    CHECK_INT(pr_import_file(s, PR_TESTDATA "/lookups.xml", NULL, 0, &res, &err), 0);
    CHECK_INT(pr_search_suggest(s, "postgress", near, 5, &err), 1);
    CHECK_STR(near[0], "postgresql");
    free(near[0]);
    CHECK_INT(pr_search_suggest(s, "HTP", near, 5, &err), 1); /* not shilp or nfs */
    CHECK_STR(near[0], "http");
    free(near[0]);
    CHECK_INT(pr_search_suggest(s, "jini-disc", near, 5, &err), 1); /* a prefix */
    CHECK_STR(near[0], "jini-discovery");
    free(near[0]);
    CHECK_INT(pr_search_suggest(s, "kerberos-v", near, 5, &err), 1);
    CHECK_STR(near[0], "kerberos-iv");
    free(near[0]);
    CHECK_INT(pr_search_suggest(s, "nfs", near, 5, &err), 0); /* itself: nothing */
    CHECK_INT(pr_search_suggest(s, "zzzzzz", near, 5, &err), 0);
    CHECK_INT(pr_search_suggest(s, "", near, 5, &err), 0);

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
