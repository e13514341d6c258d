/* hmac: the context of each thread remembers the key it was set with (keys
 * up to 128 bytes; a longer one is set on every call), and EVP_MAC_init with
 * a NULL key restarts it with that key. A pthread key frees it when the
 * thread ends. */
#include "hmac.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tc_err.h"

typedef struct {
    EVP_MAC_CTX *ctx;
    size_t key_len;
    unsigned char key[128];
} hmac_ctx_t;

static EVP_MAC *hmac_impl;
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;
static pthread_key_t hmac_key;
static _Thread_local hmac_ctx_t *thread_ctx;

static void ctx_free(void *p)
{
    hmac_ctx_t *c = p;
    EVP_MAC_CTX_free(c->ctx);
    OPENSSL_clear_free(c, sizeof *c);
    thread_ctx = NULL;
}

/* Fetching the HMAC implementation is a provider lookup: once. */
static void hmac_init(void)
{
    hmac_impl = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (pthread_key_create(&hmac_key, ctx_free) != 0)
        abort(); /* only when out of keys or memory, as xalloc */
}

/* This thread's context keyed with key and ready for updates, or NULL. */
static EVP_MAC_CTX *ctx_begin(const unsigned char *key, size_t key_len)
{
    pthread_once(&hmac_once, hmac_init);
    if (!hmac_impl)
        return NULL;
    hmac_ctx_t *c = thread_ctx;
    if (c && c->key_len == key_len && key_len <= sizeof c->key &&
        CRYPTO_memcmp(c->key, key, key_len) == 0)
        return EVP_MAC_init(c->ctx, NULL, 0, NULL) ? c->ctx : NULL;
    if (!c) {
        c = OPENSSL_zalloc(sizeof *c);
        if (!c || !(c->ctx = EVP_MAC_CTX_new(hmac_impl))) {
            OPENSSL_free(c);
            return NULL;
        }
        thread_ctx = c;
        pthread_setspecific(hmac_key, c);
    }
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", (char *)"SHA256", 0),
                           OSSL_PARAM_construct_end()};
    c->key_len = key_len <= sizeof c->key ? key_len : sizeof c->key + 1;
    if (key_len <= sizeof c->key)
        memcpy(c->key, key, key_len);
    if (!EVP_MAC_init(c->ctx, key, key_len, params)) {
        c->key_len = sizeof c->key + 1;
        return NULL;
    }
    return c->ctx;
}

int tc_hmac_sha256(const unsigned char *key, size_t key_len, const tc_bytes_t *parts,
                   size_t n_parts, unsigned char out[32])
{
    EVP_MAC_CTX *c = ctx_begin(key, key_len);
    bool ok = c != NULL;
    for (size_t i = 0; ok && i < n_parts; i++)
        ok = EVP_MAC_update(c, parts[i].p, parts[i].n);
    size_t got = 0;
    if (ok && EVP_MAC_final(c, out, &got, 32) && got == 32)
        return 0;
    memset(out, 0xff, 32);
    return TC_EINTERNAL;
}
