/* utf8: the one UTF-8 validator and decoder every service uses. */
#ifndef TC_UTF8_H
#define TC_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..n) is well-formed UTF-8: no overlongs, surrogates, code
 * points past U+10FFFF or truncated sequences. NUL bytes are valid UTF-8;
 * callers that cannot hold them check separately. */
bool tc_utf8_valid(const char *s, size_t n);

/* Decodes the code point starting at s[i] of a string already known to be
 * valid UTF-8; stores it in *cp and returns its length in bytes (1-4). */
size_t tc_utf8_decode(const unsigned char *s, size_t i, uint32_t *cp);

#endif
