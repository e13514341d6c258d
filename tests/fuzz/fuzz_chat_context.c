/* libFuzzer target: chat-svc's context-token decoding (chat_state_decode), the
 * one piece of chat state a client hands back to the server.
 *
 * The first byte picks how the rest is used:
 *   even: as the context string itself, the way an attacker would send one
 *         (prefix, base64url, MAC all garbled);
 *   odd:  as the signed payload: the target signs it the way chat_state.h
 *         documents ("c1." + base64url(payload || first 16 bytes of
 *         HMAC-SHA256(key, "chat-context-v1" || user_id || 0 || payload))),
 *         so the fuzzer reaches the payload parser behind the MAC check.
 * Checks: no crash, leak or UB; a rejected context leaves the state zeroed;
 * an accepted one keeps every list within CHAT_STATE_MAX_IDS, is refused for
 * another user, and re-encodes to a context that decodes to the same
 * encoding again (encode . decode is stable). */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_state.h"
#include "tc_err.h"

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_chat_context: check failed: %s (%s:%d)\n", #cond, __FILE__,      \
                    __LINE__);                                                                     \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char KEY[] = "fuzz-context-key-0123456789abcdef";
static const char USER[] = "5f2b8c0d9e1a4b3c";
static const char OTHER_USER[] = "5f2b8c0d9e1a4b3d";

/* A ProtobufCAllocator that remembers every block and frees them all at the
 * end of one input (the engine's allocators never free single blocks). */
typedef struct block {
    struct block *next;
    max_align_t data[];
} block_t;

static void *pool_alloc(void *self, size_t n)
{
    block_t **head = self;
    block_t *b = malloc(sizeof(block_t) + (n ? n : 1));
    CHECK(b);
    b->next = *head;
    *head = b;
    return b->data;
}

static void pool_free(void *self, void *p)
{
    (void)self;
    (void)p; /* freed with the pool */
}

static void pool_release(block_t **head)
{
    while (*head) {
        block_t *b = *head;
        *head = b->next;
        free(b);
    }
}

static char *sign(const uint8_t *p, size_t n)
{
    size_t ul = sizeof USER; /* with its NUL */
    size_t ll = strlen("chat-context-v1");
    unsigned char *msg = malloc(ll + ul + n + 1);
    CHECK(msg);
    memcpy(msg, "chat-context-v1", ll);
    memcpy(msg + ll, USER, ul);
    if (n)
        memcpy(msg + ll + ul, p, n);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mlen = 0;
    CHECK(HMAC(EVP_sha256(), KEY, (int)(sizeof KEY - 1), msg, ll + ul + n, mac, &mlen));
    free(msg);
    size_t total = n + 16;
    unsigned char *raw = malloc(total);
    CHECK(raw);
    if (n)
        memcpy(raw, p, n);
    memcpy(raw + n, mac, 16);
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char *out = malloc(3 + total * 4 / 3 + 8);
    CHECK(out);
    size_t o = 0;
    memcpy(out, "c1.", 3);
    o = 3;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < total; i++) {
        acc = (acc << 8) | raw[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[o++] = b64[(acc >> bits) & 63];
        }
    }
    if (bits)
        out[o++] = b64[(acc << (6 - bits)) & 63];
    out[o] = '\0';
    free(raw);
    return out;
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i])
            return 0;
    return 1;
}

static void check_decoded(const chat_state_t *st)
{
    CHECK(st->n_shown <= CHAT_STATE_MAX_IDS);
    CHECK(st->n_cand <= CHAT_STATE_MAX_IDS);
    CHECK(st->n_undo_ids <= CHAT_STATE_MAX_IDS);
    CHECK(st->n_undo_todos <= CHAT_STATE_MAX_IDS);
    CHECK(st->action.n_tags <= CHAT_STATE_MAX_IDS);
    for (size_t i = 0; i < st->n_shown; i++)
        CHECK(st->shown[i]);
    for (size_t i = 0; i < st->n_cand; i++)
        CHECK(st->cand[i]);
}

static void try_context(const char *ctx, block_t **pool)
{
    ProtobufCAllocator mem = {pool_alloc, pool_free, pool};
    chat_state_t st;
    int rc = chat_state_decode(ctx, USER, KEY, sizeof KEY - 1, &mem, &st);
    if (rc != 0) {
        CHECK(rc == TC_EINVAL);
        CHECK(all_zero(&st, sizeof st));
        return;
    }
    check_decoded(&st);
    chat_state_t other;
    CHECK(chat_state_decode(ctx, OTHER_USER, KEY, sizeof KEY - 1, &mem, &other) == TC_EINVAL);
    char *again = chat_state_encode(&st, USER, KEY, sizeof KEY - 1, &mem);
    CHECK(again);
    chat_state_t st2;
    /* Whatever decodes must survive another turn unchanged. */
    CHECK(chat_state_decode(again, USER, KEY, sizeof KEY - 1, &mem, &st2) == 0);
    check_decoded(&st2);
    char *again2 = chat_state_encode(&st2, USER, KEY, sizeof KEY - 1, &mem);
    CHECK(strcmp(again, again2) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 20000)
        return 0;
    block_t *pool = NULL;
    if (data[0] % 2 == 0) {
        char *ctx = malloc(size);
        CHECK(ctx);
        memcpy(ctx, data + 1, size - 1);
        ctx[size - 1] = '\0';
        try_context(ctx, &pool);
        free(ctx);
    } else {
        char *ctx = sign(data + 1, size - 1);
        try_context(ctx, &pool);
        free(ctx);
    }
    pool_release(&pool);
    return 0;
}
