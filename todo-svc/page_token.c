/* page_token: AES-256-GCM through OpenSSL's EVP interface, a small
 * big-endian position encoding, and base64url. Layout in page_token.h. */
#include "page_token.h"

#include <errno.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "xalloc.h"

#define NONCE_LEN 12
#define TAG_LEN   16
#define HEAD_LEN  (1 + NONCE_LEN) /* version, nonce */

/* What aead() says. */
enum { AEAD_OK = 0, AEAD_FAILED = -1, AEAD_FORGED = -2 };

static const char label[] = "todo-chatbot ListTodos page_token";
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

struct page_token_codec {
    EVP_CIPHER *aead;
    unsigned char key[PAGE_TOKEN_KEY_LEN];
};

/* One answer for every token that does not open, so that a caller learns
 * nothing about why (the user? the filters? a flipped bit?). */
static int bad_token(tc_status_t *st)
{
    return tc_status_set(st, TC_EINVAL,
                         "page_token: not a token from ListTodos for this user and query");
}

static int fill_random(void *p, size_t n)
{
    unsigned char *b = p;
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(b + got, n - got, 0);
        if (r < 0 && errno != EINTR)
            return TC_EIO;
        if (r > 0)
            got += (size_t)r;
    }
    return 0;
}

int page_token_new_key(unsigned char key[PAGE_TOKEN_KEY_LEN])
{
    return fill_random(key, PAGE_TOKEN_KEY_LEN);
}

page_token_codec_t *page_token_codec_create(const unsigned char key[PAGE_TOKEN_KEY_LEN],
                                            tc_status_t *st)
{
    page_token_codec_t *c = xcalloc(1, sizeof *c);
    c->aead = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    if (!c->aead) {
        free(c);
        tc_status_set(st, TC_EINTERNAL, "page_token: OpenSSL has no AES-256-GCM");
        return NULL;
    }
    memcpy(c->key, key, PAGE_TOKEN_KEY_LEN);
    return c;
}

void page_token_codec_destroy(page_token_codec_t *c)
{
    if (!c)
        return;
    EVP_CIPHER_free(c->aead);
    OPENSSL_cleanse(c->key, sizeof c->key);
    free(c);
}

/* ---- the position ---- */

static unsigned char *put_be(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--, v >>= 8)
        p[i] = (unsigned char)v;
    return p + bytes;
}

/* Writes pos to out (PAGE_TOKEN_MAX_PLAIN bytes); -1 when it breaks a limit. */
static int pos_encode(const page_token_pos_t *pos, unsigned char *out, size_t *n)
{
    if (pos->n < 1 || pos->n > PAGE_TOKEN_MAX_KEYS)
        return -1;
    unsigned char *p = put_be(out, pos->n, 1);
    size_t text = 0;
    for (size_t i = 0; i < pos->n; i++) {
        const page_token_key_t *k = &pos->key[i];
        p = put_be(p, (uint64_t)k->type, 1);
        if (k->type == PAGE_TOKEN_INT) {
            p = put_be(p, (uint64_t)k->i, 8);
        } else if (k->type == PAGE_TOKEN_TEXT) {
            text += k->len;
            if (text > PAGE_TOKEN_MAX_TEXT)
                return -1;
            p = put_be(p, k->len, 2);
            memcpy(p, k->s, k->len);
            p += k->len;
        } else if (k->type != PAGE_TOKEN_NULL) {
            return -1;
        }
    }
    *n = (size_t)(p - out);
    return 0;
}

typedef struct rbuf {
    const unsigned char *p;
    size_t n;
    bool bad;
} rbuf_t;

static uint64_t get_be(rbuf_t *r, size_t bytes)
{
    if (r->n < bytes) {
        r->bad = true;
        return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; i++)
        v = v << 8 | r->p[i];
    r->p += bytes;
    r->n -= bytes;
    return v;
}

/* Reads one key into k, its text at pos->text + *text. */
static int key_decode(rbuf_t *r, page_token_pos_t *pos, page_token_key_t *k, size_t *text)
{
    k->type = (page_token_type_t)get_be(r, 1);
    if (k->type == PAGE_TOKEN_INT) {
        k->i = (int64_t)get_be(r, 8);
    } else if (k->type == PAGE_TOKEN_TEXT) {
        size_t len = (size_t)get_be(r, 2);
        if (r->bad || len > r->n || *text + len > PAGE_TOKEN_MAX_TEXT)
            return -1;
        k->s = pos->text + *text;
        k->len = len;
        memcpy(pos->text + *text, r->p, len);
        *text += len;
        r->p += len;
        r->n -= len;
    } else if (k->type != PAGE_TOKEN_NULL) {
        return -1;
    }
    return r->bad ? -1 : 0;
}

static int pos_decode(const unsigned char *p, size_t n, page_token_pos_t *pos)
{
    rbuf_t r = {.p = p, .n = n};
    memset(pos, 0, sizeof *pos);
    pos->n = (size_t)get_be(&r, 1);
    if (pos->n < 1 || pos->n > PAGE_TOKEN_MAX_KEYS)
        return -1;
    size_t text = 0;
    for (size_t i = 0; i < pos->n; i++)
        if (key_decode(&r, pos, &pos->key[i], &text) != 0)
            return -1;
    return r.n == 0 ? 0 : -1; /* nothing may follow */
}

/* ---- AES-256-GCM ---- */

/* The associated data: label, version, then each part with its length so
 * that ("ab", "") and ("a", "b") differ. */
static bool add_aad(EVP_CIPHER_CTX *x, const tc_bytes_t *bind, size_t n_bind)
{
    static const unsigned char version = PAGE_TOKEN_VERSION;
    int outl;
    bool ok = EVP_CipherUpdate(x, NULL, &outl, (const unsigned char *)label, sizeof label - 1) &&
              EVP_CipherUpdate(x, NULL, &outl, &version, 1);
    for (size_t i = 0; ok && i < n_bind; i++) {
        unsigned char len[4];
        put_be(len, bind[i].n, 4);
        ok = bind[i].n <= INT_MAX && EVP_CipherUpdate(x, NULL, &outl, len, 4) &&
             (bind[i].n == 0 || EVP_CipherUpdate(x, NULL, &outl, bind[i].p, (int)bind[i].n));
    }
    return ok;
}

/* Encrypts (enc 1: tag out) or decrypts and authenticates (enc 0: tag in)
 * n bytes of in to out. */
static int aead(const page_token_codec_t *c, int enc, const tc_bytes_t *bind, size_t n_bind,
                const unsigned char *nonce, const unsigned char *in, size_t n, unsigned char *out,
                unsigned char *tag)
{
    EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
    int outl = 0, fin = 0;
    bool ok = x && EVP_CipherInit_ex2(x, c->aead, c->key, nonce, enc, NULL) &&
              add_aad(x, bind, n_bind) && EVP_CipherUpdate(x, out, &outl, in, (int)n) &&
              (enc || EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, TAG_LEN, tag));
    int ret = ok ? AEAD_OK : AEAD_FAILED;
    if (ok && EVP_CipherFinal_ex(x, out + outl, &fin) <= 0)
        ret = enc ? AEAD_FAILED : AEAD_FORGED;
    if (ret == AEAD_OK && enc && !EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, TAG_LEN, tag))
        ret = AEAD_FAILED;
    EVP_CIPHER_CTX_free(x);
    return ret;
}

/* ---- base64url, no padding ---- */

static void b64_encode(const unsigned char *p, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = b64[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = b64[v & 63];
    }
    out[o] = '\0';
}

static int b64_val(char ch)
{
    const char *at = ch ? strchr(b64, ch) : NULL;
    return at ? (int)(at - b64) : -1;
}

/* Decodes sl characters of s into out (cap bytes). Refuses what encode
 * never writes (so each token has exactly one spelling): other characters,
 * a length of 1 mod 4, and leftover bits that are not zero. */
static int b64_decode(const char *s, size_t sl, unsigned char *out, size_t cap, size_t *n)
{
    uint32_t acc = 0;
    int bits = 0;
    *n = 0;
    if (sl % 4 == 1)
        return -1;
    for (size_t i = 0; i < sl; i++) {
        int v = b64_val(s[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6 | (uint32_t)v) & 0xFFFF;
        if ((bits += 6) >= 8) {
            if (*n == cap)
                return -1;
            bits -= 8;
            out[(*n)++] = (unsigned char)(acc >> bits);
        }
    }
    return (acc & ((1u << bits) - 1)) == 0 ? 0 : -1;
}

/* ---- public ---- */

int page_token_seal(const page_token_codec_t *c, const tc_bytes_t *bind, size_t n_bind,
                    const page_token_pos_t *pos, char out[PAGE_TOKEN_MAX_LEN + 1], tc_status_t *st)
{
    unsigned char plain[PAGE_TOKEN_MAX_PLAIN], raw[PAGE_TOKEN_MAX_RAW];
    size_t n = 0;
    out[0] = '\0';
    if (pos_encode(pos, plain, &n) != 0)
        return tc_status_set(st, TC_EINTERNAL, "page_token: the position does not fit a token");
    raw[0] = PAGE_TOKEN_VERSION;
    if (fill_random(raw + 1, NONCE_LEN) != 0)
        return tc_status_set(st, TC_EINTERNAL, "page_token: no random bytes for a nonce");
    if (aead(c, 1, bind, n_bind, raw + 1, plain, n, raw + HEAD_LEN, raw + HEAD_LEN + n) != AEAD_OK)
        return tc_status_set(st, TC_EINTERNAL, "page_token: OpenSSL could not seal");
    b64_encode(raw, HEAD_LEN + n + TAG_LEN, out);
    return 0;
}

int page_token_open(const page_token_codec_t *c, const tc_bytes_t *bind, size_t n_bind,
                    const char *token, page_token_pos_t *pos, tc_status_t *st)
{
    unsigned char raw[PAGE_TOKEN_MAX_RAW], plain[PAGE_TOKEN_MAX_PLAIN];
    size_t sl = token ? strnlen(token, PAGE_TOKEN_MAX_LEN + 1) : 0, n = 0;
    if (sl > PAGE_TOKEN_MAX_LEN || b64_decode(token, sl, raw, sizeof raw, &n) != 0 ||
        n < HEAD_LEN + 2 + TAG_LEN || raw[0] != PAGE_TOKEN_VERSION)
        return bad_token(st);
    size_t pn = n - HEAD_LEN - TAG_LEN;
    int rc = aead(c, 0, bind, n_bind, raw + 1, raw + HEAD_LEN, pn, plain, raw + n - TAG_LEN);
    if (rc == AEAD_FAILED)
        return tc_status_set(st, TC_EINTERNAL, "page_token: OpenSSL could not open");
    if (rc == AEAD_FORGED || pos_decode(plain, pn, pos) != 0)
        return bad_token(st);
    return 0;
}
