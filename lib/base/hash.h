/* hash: the one FNV-1a (64-bit), for the services' small hash tables, the
 * metrics series table and content ETags (fast, good enough spread for ids;
 * not for anything adversarial beyond a longer bucket chain). */
#ifndef TC_HASH_H
#define TC_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TC_FNV1A_INIT 14695981039346656037ULL

/* Continues hash h (TC_FNV1A_INIT to start) over n bytes at p. */
static inline uint64_t tc_fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

/* Continues hash h over s (NULL counts as ""). */
static inline uint64_t tc_fnv1a_str(uint64_t h, const char *s)
{
    return s ? tc_fnv1a(h, s, strlen(s)) : h;
}

/* The hash of s alone, folded to 32 bits for a bucket index. */
static inline uint32_t tc_hash_str(const char *s)
{
    uint64_t h = tc_fnv1a_str(TC_FNV1A_INIT, s);
    return (uint32_t)(h ^ (h >> 32));
}

#endif
