/* sha256.h - private to libportreg: SHA-256 (FIPS 180-4), for the
 * SHA256SUMS of a release set (export --all). */
#ifndef PORTREG_SHA256_H
#define PORTREG_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct pr_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char block[64];
    size_t fill;
};

void pr_sha256_init(struct pr_sha256 *c);
void pr_sha256_update(struct pr_sha256 *c, const void *data, size_t len);
/* The digest as 64 lowercase hex digits and a NUL into hex. */
void pr_sha256_hex(struct pr_sha256 *c, char hex[65]);

#endif
