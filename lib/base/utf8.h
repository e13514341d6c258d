/* utf8: the one UTF-8 validator, decoder and case folding every service
 * uses. Pure functions: thread-safe, no allocation. */
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

/* Folds the case of n bytes of UTF-8 from in into out (n bytes: every
 * letter it folds keeps its length), for case-insensitive matching: capital
 * letters of ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic become
 * small ones (U+0130 becomes U+0131, U+0178 U+00FF) and final sigma becomes
 * sigma; every other byte is copied, so invalid input passes through. in and
 * out may be the same buffer. A match of folded texts is the store's
 * case-insensitive substring search; changing the folding changes what
 * search finds, and the SQLite engine's index holds folded text (rebuild it
 * in a migration). */
void tc_utf8_fold(const unsigned char *in, size_t n, unsigned char *out);

/* The number of code points in s[0..n) of valid UTF-8 (bytes that are not
 * continuation bytes). */
size_t tc_utf8_count(const char *s, size_t n);

#endif
