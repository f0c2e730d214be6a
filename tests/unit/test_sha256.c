/* test_sha256.c - the SHA-256 behind request fingerprints and export --all's SHA256SUMS: FIPS
 * 180-4's example messages, input fed in odd pieces, and the padding
 * edges (55, 56 and 64 bytes). */
#include "check.h"
#include "sha256.h"

static const char *digest(const void *data, size_t len, size_t piece)
{
    static char hex[65];
    struct pr_sha256 c;
    pr_sha256_init(&c);
    for (size_t i = 0; i < len; i += piece)
        pr_sha256_add(&c, (const char *)data + i, len - i < piece ? len - i : piece);
    pr_sha256_hex(&c, hex);
    return hex;
}

int main(void)
{
    CHECK_STR(digest("", 0, 1), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_STR(digest("abc", 3, 1), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    CHECK_STR(digest(two, strlen(two), 7),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    static char a[1000000];
    memset(a, 'a', sizeof a);
    CHECK_STR(digest(a, sizeof a, 4093),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* sha256sum(1) of 55, 56 and 64 'a's */
    CHECK_STR(digest(a, 55, 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    CHECK_STR(digest(a, 56, 3), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    CHECK_STR(digest(a, 64, 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
    return check_status();
}
