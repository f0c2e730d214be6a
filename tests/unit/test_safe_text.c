/* test_safe_text.c - the output gate (pr_text_safe) and JSON escaping: no
 * control character or malformed UTF-8 gets through either. */
#include "check.h"
#include "registry.h"

#define FFFD "\xef\xbf\xbd"

static char *safe(const char *s, int flags)
{
    static char buf[256];
    pr_text_safe(buf, sizeof buf, s, strlen(s), flags);
    return buf;
}

static void test_controls(void)
{
    /* Window title, screen clear, CSI as C1, DEL, BEL, NUL-free C0. */
    CHECK_STR(safe("a\x1b]0;PWN\x07z", 0), "a" FFFD "]0;PWN" FFFD "z");
    CHECK_STR(safe("\x1b[2J", 0), FFFD "[2J");
    CHECK_STR(safe("x\xc2\x9b" "31m", 0), "x" FFFD "31m");
    CHECK_STR(safe("\x7f\x01\x1f", 0), FFFD FFFD FFFD);
    /* Line ends and tabs: a space in one-line text, kept when asked. */
    CHECK_STR(safe("a\nb\tc\rd", 0), "a b c d");
    CHECK_STR(safe("a\nb\tc\rd", PR_SAFE_KEEP_NL), "a\nb c d");
    CHECK_STR(safe("a\nb\tc\rd", PR_SAFE_KEEP_NL | PR_SAFE_KEEP_TAB), "a\nb\tc d");
    /* Printable text of any script passes as it is, U+00A0 and U+FFFD too. */
    CHECK_STR(safe("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80 \xc2\xa0" FFFD, 0),
              "caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80 \xc2\xa0" FFFD);
    /* Invisible format characters that reorder or hide text (Trojan
     * Source): RLO, LRE, PDF, LRI, PDI, RLM, ALM, ZWSP, word joiner; the
     * joiners some scripts need (ZWNJ, ZWJ) pass. */
    CHECK_STR(safe("a\xe2\x80\xae" "cba\xe2\x80\xaa\xe2\x80\xac", 0), "a" FFFD "cba" FFFD FFFD);
    CHECK_STR(safe("\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8f\xd8\x9c", 0), FFFD "x" FFFD FFFD FFFD);
    CHECK_STR(safe("\xe2\x80\x8b\xe2\x81\xa0", 0), FFFD FFFD);
    CHECK_STR(safe("\xe2\x80\x8c\xe2\x80\x8d", 0), "\xe2\x80\x8c\xe2\x80\x8d");
}

static void test_malformed(void)
{
    CHECK_STR(safe("caf\xe9!", 0), "caf" FFFD "!");           /* Latin-1 */
    CHECK_STR(safe("\x80\xbf", 0), FFFD FFFD);                 /* stray continuations */
    CHECK_STR(safe("\xc0\xaf", 0), FFFD FFFD);                 /* overlong '/' */
    CHECK_STR(safe("\xe0\x80\x9b", 0), FFFD FFFD FFFD);        /* overlong CSI */
    CHECK_STR(safe("\xed\xa0\x80", 0), FFFD FFFD FFFD);        /* surrogate */
    /* Each bound on both sides: U+07FF in three bytes is overlong, U+0800
     * is not; U+D7FF and U+E000 are characters, U+DFFF is a surrogate. */
    CHECK_STR(safe("\xe0\x9f\xbf", 0), FFFD FFFD FFFD);
    CHECK_STR(safe("\xe0\xa0\x80", 0), "\xe0\xa0\x80");
    CHECK_STR(safe("\xed\xbf\xbf", 0), FFFD FFFD FFFD);
    CHECK_STR(safe("\xed\x9f\xbf\xee\x80\x80", 0), "\xed\x9f\xbf\xee\x80\x80");
    CHECK_STR(safe("\xf4\x90\x80\x80", 0), FFFD FFFD FFFD FFFD); /* past U+10FFFF */
    CHECK_STR(safe("\xe2\x80", 0), FFFD FFFD);                 /* cut short */
    CHECK_STR(safe("\xff\xfe", 0), FFFD FFFD);
}

static void test_lengths(void)
{
    char buf[8];
    /* Like snprintf: the whole length back, the buffer cut on a character. */
    CHECK_INT(pr_text_safe(buf, sizeof buf, "abcdef\x1b", 7, 0), 9);
    CHECK_STR(buf, "abcdef");
    CHECK_INT(pr_text_safe(buf, sizeof buf, "ab\xc3\xa9\xc3\xa9\xc3\xa9", 8, 0), 8);
    CHECK_STR(buf, "ab\xc3\xa9\xc3\xa9");
    CHECK_INT(pr_text_safe(NULL, 0, "\x1b\x1b", 2, 0), 6);
    CHECK_INT(pr_text_safe(NULL, 0, "plain", 5, 0), 5);
    CHECK_INT(pr_text_safe(buf, 4, "abcdefgh", 8, 0), 8); /* as much as fits */
    CHECK_STR(buf, "abc");
    CHECK_INT(pr_text_safe(buf, sizeof buf, NULL, 5, 0), 0);
    CHECK_STR(buf, "");
    /* Embedded NULs in a counted piece are controls too. */
    CHECK_INT(pr_text_safe(buf, sizeof buf, "a\0b", 3, 0), 5);
    CHECK_STR(buf, "a" FFFD "b");
    char *d = pr_text_safe_dup("x\x1b" "y", 0);
    CHECK_STR(d, "x" FFFD "y");
    free(d);
    d = pr_text_safe_dup(NULL, 0);
    CHECK_STR(d, "");
    free(d);
}

static void test_prefix(void)
{
    /* A sequence cut by the end of a piece waits for the next piece. */
    CHECK_INT(pr_text_safe_prefix("ab\xe2\x80", 4), 2);
    CHECK_INT(pr_text_safe_prefix("ab\xe2", 3), 2);
    CHECK_INT(pr_text_safe_prefix("ab\xf0\x9f\x98", 5), 2);
    CHECK_INT(pr_text_safe_prefix("ab\xe2\x80\xa6", 5), 5);
    CHECK_INT(pr_text_safe_prefix("ab\x80", 3), 3);   /* nothing to wait for */
    CHECK_INT(pr_text_safe_prefix("ab\xc3", 3), 2);
    CHECK_INT(pr_text_safe_prefix("", 0), 0);
}

static void test_json(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pr_json_string(f, "a\x1b[1m\x7f\xc2\x9b\xe9\"\\\n\xc3\xa9");
    fclose(f);
    CHECK_STR(buf, "\"a\\u001b[1m\\u007f\\u009b\\ufffd\\\"\\\\\\n\xc3\xa9\"");
    free(buf);
}

int main(void)
{
    test_controls();
    test_malformed();
    test_lengths();
    test_prefix();
    test_json();
    return check_status();
}
