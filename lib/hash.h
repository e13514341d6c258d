/* hash: FNV-1a over NUL-terminated strings, for the services' small hash
 * tables (fast, good enough spread for ids; not for anything adversarial
 * beyond a longer bucket chain). */
#ifndef TC_HASH_H
#define TC_HASH_H

#include <stdint.h>

#define TC_FNV1A_INIT 2166136261u

/* Continues hash h over s (NULL counts as ""). */
static inline uint32_t tc_fnv1a(uint32_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* The hash of s alone. */
static inline uint32_t tc_hash_str(const char *s)
{
    return tc_fnv1a(TC_FNV1A_INIT, s);
}

#endif
