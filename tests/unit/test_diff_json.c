/* test_diff_json.c - `diff --json` where little changed: the same registry
 * twice (an empty diff, every list empty), and two people gone (listed in
 * the old file's order, not in the order of ids), with exact bytes. */
#include "check.h"
#include "diff.h"
#include "importers.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while (f && (c = getc(f)) != EOF)
        putc(c, m);
    if (f)
        fclose(f);
    fclose(m);
    return buf;
}

/* Cut the person element of id out of xml. */
static void cut_person(char *xml, const char *id)
{
    char open[64];
    snprintf(open, sizeof open, "\n    <person id=\"%s\">", id);
    char *a = strstr(xml, open), *b = a ? strstr(a, "</person>") : NULL;
    if (!b) {
        fprintf(stderr, "no person %s\n", id);
        exit(1);
    }
    b += strlen("</person>");
    memmove(a, b, strlen(b) + 1);
}

static void load(struct pr_snapshot *snap, const char *path)
{
    struct pr_sink sink;
    pr_error err = {0};
    pr_snapshot_init(snap);
    pr_snapshot_sink(snap, &sink);
    if (pr_iana_xml_read(path, &sink, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.msg);
        exit(1);
    }
}

static char *json(const struct pr_diff *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pr_diff_json(f, d);
    fclose(f);
    return buf;
}

int main(void)
{
    struct pr_snapshot a, b;
    struct pr_diff d;
    pr_error err = {0};
    load(&a, PR_TESTDATA "/sample.xml");
    load(&b, PR_TESTDATA "/sample.xml");
    CHECK_INT(pr_diff_compute(&d, &a, &b, &err), 0);
    CHECK(pr_diff_is_empty(&d));
    char *out = json(&d);
    CHECK_STR(out, "{\n  \"registry\": {},\n  \"added\": [],\n  \"removed\": [],\n"
                   "  \"changed\": [],\n  \"people\": {\n    \"added\": [],\n"
                   "    \"removed\": [],\n    \"changed\": []\n  }\n}\n");
    free(out);
    pr_diff_release(&d);
    pr_snapshot_release(&b);

    /* Two people gone: listed in the file's order (IANA's, ignoring case),
     * not in the order of ids the diff pairs them in. */
    char *xml = slurp(PR_TESTDATA "/sample.xml");
    CHECK(xml != NULL);
    cut_person(xml, "VESvault_Corp");
    cut_person(xml, "Veizades");
    char path[] = "/tmp/portreg-diffjson-XXXXXX";
    int fd = mkstemp(path);
    size_t n = xml ? strlen(xml) : 0;
    CHECK(fd >= 0 && write(fd, xml, n) == (ssize_t)n);
    close(fd);
    free(xml);
    load(&b, path);
    unlink(path);
    CHECK_INT(pr_diff_compute(&d, &a, &b, &err), 0);
    CHECK(!pr_diff_is_empty(&d));
    CHECK_INT(d.n_people_removed, 2);
    CHECK_INT(d.n_added + d.n_removed + d.n_changed + d.n_people_added + d.n_people_changed +
              d.n_header, 0);
    out = json(&d);
    CHECK(out && strstr(out, "  \"changed\": [],\n  \"people\": {\n    \"added\": [],\n"
                             "    \"removed\": [\n      {\"id\":\"Veizades\","));
    CHECK(out && strstr(out, "},\n      {\"id\":\"VESvault_Corp\","));
    CHECK(out && strstr(out, "\n    ],\n    \"changed\": []\n  }\n}\n"));
    free(out);
    pr_diff_release(&d);
    pr_snapshot_release(&a);
    pr_snapshot_release(&b);
    return check_status();
}
