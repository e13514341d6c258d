/* page_token: ListTodos page tokens that are opaque and authenticated.
 *
 * A token says where the next page starts (a keyset position: the sort keys
 * of the last row sent, the unique row key last) and is good only for the
 * user and the filters it was issued for. It reveals nothing: the position is
 * sealed with AES-256-GCM, and the user and filters are the AEAD's
 * associated data, so they are checked but never carried. A token that was
 * changed, cut short, or presented by another user or with other filters
 * fails authentication, and all of these get the same answer (no oracle).
 *
 * The key is 32 random bytes that the store keeps in its own database
 * (page_token_new_key makes one), so tokens outlive restarts and every
 * replica on that database accepts the others' tokens. Anyone who can read
 * the database can forge a token, but a token only ever selects rows inside
 * the caller's own user and query, so that gains nothing over reading it.
 *
 * Wire form: base64url without padding of
 *     version (1 byte, PAGE_TOKEN_VERSION) || nonce (12) || ciphertext || tag (16)
 * and the plaintext (the position) is
 *     count (1 byte, 1..PAGE_TOKEN_MAX_KEYS) || count x key
 *     key: type (1 byte) then INT: 8 bytes big-endian; TEXT: 2 bytes
 *     big-endian length and the bytes; NULL: nothing.
 * The associated data is a fixed label, the version byte, and each bound
 * part as a 4-byte big-endian length and its bytes. Nonces are 96 random
 * bits (getrandom); NIST SP 800-38D allows 2^32 of those per key, which is
 * 136 years of 1000 pages a second.
 *
 * A new layout (another cipher, a key id, an expiry) takes a new version
 * byte; a new ordering needs none: a store with order_by seals (sort key,
 * row key) where today's seals (row key) alone, and checks what it opens.
 *
 * Errors: negative TC_E* codes with st set; every message about a token the
 * caller sent starts with "page_token:". Thread-safe: a codec is read-only
 * after creation and each call uses its own OpenSSL context. */
#ifndef TODO_PAGE_TOKEN_H
#define TODO_PAGE_TOKEN_H

#include <stddef.h>
#include <stdint.h>
#include "hmac.h" /* tc_bytes_t */
#include "tc_err.h"

#define PAGE_TOKEN_VERSION  1
#define PAGE_TOKEN_KEY_LEN  32
#define PAGE_TOKEN_MAX_KEYS 4
/* Bytes of TEXT keys in one position, together (a title sort key fits). */
#define PAGE_TOKEN_MAX_TEXT 512
/* Longest plaintext: the count, then every key at its largest. */
#define PAGE_TOKEN_MAX_PLAIN (1 + PAGE_TOKEN_MAX_KEYS * 9 + PAGE_TOKEN_MAX_TEXT)
#define PAGE_TOKEN_MAX_RAW   (1 + 12 + PAGE_TOKEN_MAX_PLAIN + 16)
/* Longest token string, without its NUL (below the gateway's 1024 for a
 * cursor). */
#define PAGE_TOKEN_MAX_LEN ((PAGE_TOKEN_MAX_RAW * 4 + 2) / 3)

typedef struct page_token_codec page_token_codec_t;

typedef enum page_token_type {
    PAGE_TOKEN_NULL = 0, /* e.g. a todo without a due date, sorted last */
    PAGE_TOKEN_INT = 1,
    PAGE_TOKEN_TEXT = 2,
} page_token_type_t;

typedef struct page_token_key {
    page_token_type_t type;
    int64_t i;     /* PAGE_TOKEN_INT */
    const char *s; /* PAGE_TOKEN_TEXT: len bytes, not NUL-terminated */
    size_t len;
} page_token_key_t;

/* A keyset position: the last row's sort keys in order_by order, its
 * unique row key last. n is 1..PAGE_TOKEN_MAX_KEYS. After page_token_open,
 * TEXT keys point into text, so the position owns everything it holds. */
typedef struct page_token_pos {
    size_t n;
    page_token_key_t key[PAGE_TOKEN_MAX_KEYS];
    char text[PAGE_TOKEN_MAX_TEXT];
} page_token_pos_t;

/* Fills key with PAGE_TOKEN_KEY_LEN random bytes (getrandom) for a new
 * database. Returns 0, or TC_EIO when the system has no entropy to give. */
int page_token_new_key(unsigned char key[PAGE_TOKEN_KEY_LEN]);

/* A codec sealing and opening tokens under key (copied). Returns it (free
 * with page_token_codec_destroy), or NULL with st set (TC_EINTERNAL) when
 * OpenSSL offers no AES-256-GCM. */
page_token_codec_t *page_token_codec_create(const unsigned char key[PAGE_TOKEN_KEY_LEN],
                                            tc_status_t *st);

/* Wipes the key and frees the codec. Accepts NULL. */
void page_token_codec_destroy(page_token_codec_t *c);

/* Seals pos for the parts in bind (the user id, then each filter, in an
 * order the caller keeps fixed) into out, a NUL-terminated token of at most
 * PAGE_TOKEN_MAX_LEN characters. Nothing is kept. Returns 0; TC_EINTERNAL
 * with st set for a position that does not fit the limits above, or when
 * OpenSSL or getrandom fails. */
int page_token_seal(const page_token_codec_t *c, const tc_bytes_t *bind, size_t n_bind,
                    const page_token_pos_t *pos, char out[PAGE_TOKEN_MAX_LEN + 1], tc_status_t *st);

/* Opens token, which must have been sealed by a codec with the same key for
 * exactly the same bind parts, into *pos. Returns 0; TC_EINVAL with st
 * naming page_token for anything else (not base64url, wrong length or
 * version, failed authentication, a malformed position); TC_EINTERNAL when
 * OpenSSL fails. *pos is unspecified after an error. */
int page_token_open(const page_token_codec_t *c, const tc_bytes_t *bind, size_t n_bind,
                    const char *token, page_token_pos_t *pos, tc_status_t *st);

#endif
