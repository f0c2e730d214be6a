/* rules_text.c - text helpers of the rules: service name syntax (RFC 6335
 * §5.1), whole words, security words, and their mirror forms. */
#include "rules_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *pr_name_syntax_problem(const char *name)
{
    size_t n = strlen(name);
    int letter = 0;
    if (n == 0)
        return "is empty";
    if (n > 15)
        return "is longer than 15 characters";
    for (const char *p = name; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isalpha(ch) && ch < 0x80)
            letter = 1;
        else if (!(isdigit(ch) && ch < 0x80) && ch != '-')
            return "holds a character other than ASCII letters, digits and hyphens";
        if (ch == '-' && p[1] == '-')
            return "has two hyphens in a row";
    }
    if (name[0] == '-' || name[n - 1] == '-')
        return "begins or ends with a hyphen";
    if (!letter)
        return "has no letter";
    return NULL;
}

int pr_text_has_word(const char *text, const char *word, int prefix)
{
    size_t wn = strlen(word);
    if (!text)
        return 0;
    for (const char *p = text; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        if (n && (prefix ? n >= wn : n == wn) && !strncasecmp(start, word, wn))
            return 1;
    }
    return 0;
}

int pr_text_any_word(const char *text, const char *const *words, const char *const *prefixes)
{
    /* one pass over the words of text, each compared with both lists */
    for (const char *p = text ? text : ""; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        if (!n)
            continue;
        int first = tolower((unsigned char)*start);
        for (size_t i = 0; words && words[i]; i++)
            if (words[i][0] == first && strlen(words[i]) == n && !strncasecmp(start, words[i], n))
                return 1;
        for (size_t i = 0; prefixes && prefixes[i]; i++) {
            size_t k = strlen(prefixes[i]);
            if (prefixes[i][0] == first && n >= k && !strncasecmp(start, prefixes[i], k))
                return 1;
        }
    }
    return 0;
}

int pr_text_secure(const char *text)
{
    /* "encripted" is in the registry (caspssl); "sec" stands alone in a
     * few descriptions ("OMA Roaming Location SEC"). */
    static const char *const words[] = {"tls", "ssl", "dtls", "encripted", "https", "sec",
                                        "starttls", NULL};
    /* prefixes: secure, secured, SecureStorage (not "security"), encrypted,
     * encryption */
    static const char *const prefixes[] = {"secure", "encrypt", NULL};
    /* "Oracle OMS non-secure" says the opposite */
    static const char *const negations[] = {"non-secure", "nonsecure", "non secure",
                                            "insecure", "unsecure", "not secure",
                                            "unencrypted", "non-encrypted", NULL};
    if (!pr_text_any_word(text, words, prefixes))
        return 0;
    for (size_t i = 0; negations[i]; i++)
        if (pr_text_contains(text, negations[i]))
            return 0;
    return 1;
}

int pr_text_secure_mirror(const char *text, const char *base_text)
{
    static const char *const suffixes[] = {"s", "sec", "ssl", "tls", NULL};
    if (!text || !base_text)
        return 0;
    for (const char *p = text; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        for (size_t i = 0; n && suffixes[i]; i++) {
            size_t sn = strlen(suffixes[i]);
            if (n < sn + 3 || strncasecmp(start + n - sn, suffixes[i], sn))
                continue;
            char stem[64];
            if (n - sn >= sizeof stem)
                continue;
            memcpy(stem, start, n - sn);
            stem[n - sn] = 0;
            /* the stem is a word of the base's description and the whole
             * word is not (XPCS vs XPC, not "Services" vs "Services") */
            char whole[80];
            snprintf(whole, sizeof whole, "%.*s", (int)n, start);
            if (pr_text_has_word(base_text, stem, 0) && !pr_text_has_word(base_text, whole, 0))
                return 1;
        }
    }
    return 0;
}

/* Case-insensitive substring test (strcasestr is not POSIX). */
int pr_text_contains(const char *text, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = text; p && *p; p++)
        if (!strncasecmp(p, needle, n))
            return 1;
    return 0;
}

