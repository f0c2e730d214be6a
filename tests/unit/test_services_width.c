/* test_services_width.c - the services writer's width (export --width):
 * comments cut at a word or, for one long word, at a character (never
 * inside a UTF-8 sequence) with "...", left out when even "# x..." does not
 * fit, and the header wrapped the same way; a line that cannot fit
 * without its comment is an error naming it.  tests/data/width.xml holds
 * the hard cases: one long word, a word of two-byte characters, runs of
 * spaces, a 15-character name on a range. */
#include "check_store.h"
#include "clean_text.h"

static pr_store *s;

/* The services file at width w (0: none) into *out; the writer's code. */
static const char *local;

static int write_at(int w, char **out, pr_error *err)
{
    size_t len = 0;
    FILE *f = open_memstream(out, &len);
    struct pr_export_opts o = {.width = w, .local = &local, .n_local = local != NULL};
    int rc = pr_services_write(s, f, &o, err);
    fclose(f);
    return rc;
}

static const char *line_of(const char *text, const char *start)
{
    const char *p = strstr(text, start);
    static char line[256];
    if (!p)
        return "(none)";
    snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
    return line;
}

/* Every line of text at most w bytes and clean UTF-8; each cut comment a
 * prefix of the full one (from full, the file at width 0). */
static void check_fits(const char *text, const char *full, int w)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        unsigned cp;
        int invalid = 0;
        if (n > (size_t)w || pr_clean_text_bad(p, n, &cp, &invalid) != n)
            fprintf(stderr, "width %d: '%.*s'\n", w, (int)n, p);
        CHECK(n <= (size_t)w);
        CHECK(pr_clean_text_bad(p, n, &cp, &invalid) == n);
        const char *hash = memchr(p, '#', n);
        if (hash && p[0] != '#' && n > 3 && !memcmp(p + n - 3, "...", 3)) {
            char head[256];
            snprintf(head, sizeof head, "%.*s", (int)(p + n - 3 - p), p);
            if (!strstr(full, head))
                fprintf(stderr, "width %d: '%s' is no prefix of a full line\n", w, head);
            CHECK(strstr(full, head) != NULL);
        }
        p += n + (p[n] == '\n');
    }
}

int main(void)
{
    char *db;
    pr_error err = {0};
    s = check_store(PR_TESTDATA "/width.xml", &db);

    char *full = NULL, *text = NULL;
    CHECK_INT(write_at(0, &full, &err), 0);
    CHECK_STR(line_of(full, "spaces"),
              "spaces\t\t5003/udp\t\t\t# one two three four five six seven eight nine ten");

    /* At 40: a long word cut at a character; two-byte characters whole; a
     * cut at a word drops the spaces before it. */
    CHECK_INT(write_at(40, &text, &err), 0);
    CHECK_STR(line_of(text, "longword"), "longword\t5001/tcp\t\t\t# Aaaaaaaaaaaaaaa...");
    CHECK_STR(line_of(text, "accents"),
              "accents\t\t5002/tcp\t\t\t# \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
              "\xc3\xa9...");
    CHECK_STR(line_of(text, "spaces"), "spaces\t\t5003/udp\t\t\t# one two three...");
    CHECK_STR(line_of(text, "fits"), "fits\t\t5004/udp\t\t\t# Short");
    CHECK(strstr(text, "\n# Registry of\n# \xc3\x84\xc3\xa4") != NULL);
    free(text);

    /* At 32 the range's line has no room for "# x...": no comment. */
    CHECK_INT(write_at(32, &text, &err), 0);
    CHECK_STR(line_of(text, "abcdefghijklmno"), "abcdefghijklmno\t50000/sctp");
    CHECK_STR(line_of(text, "spaces"), "spaces\t\t5003/udp\t\t\t# one two...");
    free(text);

    /* Every width from the narrowest allowed up. */
    for (int w = 32; w <= 80; w++) {
        CHECK_INT(write_at(w, &text, &err), 0);
        check_fits(text, full, w);
        free(text);
    }
    /* "# " and a two-byte character's first byte would fit, not the
     * character: no comment rather than half a character. */
    CHECK_INT(write_at(33, &text, &err), 0);
    CHECK_STR(line_of(text, "accentslongname"), "accentslongname\t5005/tcp");
    free(text);
    CHECK_INT(write_at(34, &text, &err), 0);
    CHECK_STR(line_of(text, "accentslongname"), "accentslongname\t5005/tcp\t\t\t# \xc3\xa9...");
    free(text);
    /* Room for exactly one character of the comment. */
    CHECK_INT(write_at(35, &text, &err), 0);
    CHECK_STR(line_of(text, "abcdefghijklmno"), "abcdefghijklmno\t50000/sctp\t\t\t# L...");
    free(text);

    /* A local line longer than the width without its comment: an error
     * naming it, and nothing written. */
    char path[] = "/tmp/portreg-width-XXXXXX";
    int fd = mkstemp(path);
    static const char wide[] = "wide 5100/tcp alias-one alias-two # c\n";
    CHECK(fd >= 0 && write(fd, wide, sizeof wide - 1) == (ssize_t)(sizeof wide - 1));
    close(fd);
    local = path;
    CHECK_INT(write_at(33, &text, &err), PR_EINVAL);
    CHECK(strstr(err.msg, "the line of 'wide' 5100/tcp is 34 bytes without its comment, more "
                          "than the width 33") != NULL);
    CHECK_STR(err.field, "width");
    CHECK_STR(text, "");
    free(text);
    CHECK_INT(write_at(34, &text, &err), 0);
    CHECK_STR(line_of(text, "wide"), "wide\t\t5100/tcp\talias-one alias-two");
    free(text);
    unlink(path);
    free(full);
    pr_store_free(s);
    check_rmdb(db);
    return check_status();
}
