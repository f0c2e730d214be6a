/* sha256.h - private to libportreg: SHA-256 (FIPS 180-4), for fingerprints
 * of requests that an applicant must not be able to forge by accident or on
 * purpose (a 64-bit hash could be collided on a laptop), and for the
 * SHA256SUMS of export --all (importers/export_set.c). */
#ifndef PORTREG_SHA256_H
#define PORTREG_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct pr_sha256 {
    uint32_t h[8];
    uint64_t len;          /* bytes hashed so far */
    unsigned char buf[64];
    size_t n;              /* bytes waiting in buf */
};

void pr_sha256_init(struct pr_sha256 *c);
void pr_sha256_add(struct pr_sha256 *c, const void *data, size_t len);
/* The digest as 64 lower-case hex digits and a NUL into hex. */
void pr_sha256_hex(struct pr_sha256 *c, char hex[65]);

#endif
