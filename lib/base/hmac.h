/* hmac: HMAC-SHA256 over a few byte ranges, with one OpenSSL context per
 * thread that stays keyed: setting the digest and the key on a fresh context
 * (a provider lookup plus two SHA-256 blocks) costs more than the MAC of a
 * short message, and the gateway takes one per request. Thread-safe. */
#ifndef TC_HMAC_H
#define TC_HMAC_H

#include <stddef.h>

typedef struct tc_bytes {
    const void *p;
    size_t n;
} tc_bytes_t;

/* out = HMAC-SHA256(key, parts[0] || parts[1] || ...). Returns 0, or
 * TC_EINTERNAL when OpenSSL cannot compute it (out is then all 0xff). */
int tc_hmac_sha256(const unsigned char *key, size_t key_len, const tc_bytes_t *parts,
                   size_t n_parts, unsigned char out[32]);

#endif
