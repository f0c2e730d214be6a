/* test_text.c - text helpers (text.c): pr_text_line breaks at the last
 * space that fits, cuts a word longer than the line, stops at newlines and
 * counts columns, not bytes. */
#include "check.h"
#include "registry.h"

static int cols(const char *p, size_t n)
{
    (void)p;
    (void)n;
    return 1; /* one column a character */
}

int main(void)
{
    CHECK_INT(pr_text_line("", 10, cols), 0);
    CHECK_INT(pr_text_line("\nabc", 10, cols), 0);
    CHECK_INT(pr_text_line("short", 10, cols), 5);
    CHECK_INT(pr_text_line("the quick brown fox", 10, cols), 9);   /* "the quick" */
    CHECK_INT(pr_text_line("the quick\nbrown", 20, cols), 9);      /* the newline */
    CHECK_INT(pr_text_line("abcdefghijklmno", 10, cols), 10);      /* no space: cut */
    CHECK_INT(pr_text_line("ab cd", 5, cols), 5);                  /* fits exactly */
    CHECK_INT(pr_text_line("x", 0, cols), 1);                      /* always progress */
    /* "ünï cödé": 8 columns, 12 bytes; the break after 3 columns */
    CHECK_INT(pr_text_line("ünï cödé", 5, cols), 5);
    CHECK_INT(pr_text_line("ünï cödé", 8, cols), 12);
    return check_status();
}
