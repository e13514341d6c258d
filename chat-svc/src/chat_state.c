/* chat_state: compact binary encoding, HMAC-SHA256, base64url. */
#include "chat_state.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "hmac.h"
#include "tc_err.h"

#define STATE_VERSION 3 /* 2: without sel and undo stamps */
#define STATE_MAC_LEN 16
#define STATE_PREFIX  "c1."

typedef struct wbuf {
    unsigned char *p;
    size_t n, cap;
    ProtobufCAllocator *mem;
} wbuf_t;

static void w_reserve(wbuf_t *w, size_t more)
{
    if (w->n + more <= w->cap)
        return;
    size_t cap = w->cap ? w->cap * 2 : 256;
    while (cap < w->n + more)
        cap *= 2;
    unsigned char *np = w->mem->alloc(w->mem->allocator_data, cap);
    if (w->n)
        memcpy(np, w->p, w->n);
    w->p = np;
    w->cap = cap;
}

static void w_u8(wbuf_t *w, unsigned v)
{
    w_reserve(w, 1);
    w->p[w->n++] = (unsigned char)v;
}

static void w_var(wbuf_t *w, uint64_t v)
{
    w_reserve(w, 10);
    while (v >= 0x80) {
        w->p[w->n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    w->p[w->n++] = (unsigned char)v;
}

static void w_svar(wbuf_t *w, int64_t v)
{
    w_var(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void w_bytes(wbuf_t *w, const void *b, size_t n)
{
    w_var(w, n);
    w_reserve(w, n);
    if (n)
        memcpy(w->p + w->n, b, n);
    w->n += n;
}

static void w_str(wbuf_t *w, const char *s)
{
    w_bytes(w, s ? s : "", s ? strlen(s) : 0);
}

static void w_strs(wbuf_t *w, char *const *v, size_t n)
{
    if (n > CHAT_STATE_MAX_IDS)
        n = CHAT_STATE_MAX_IDS;
    w_var(w, n);
    for (size_t i = 0; i < n; i++)
        w_str(w, v[i]);
}

typedef struct rbuf {
    const unsigned char *p;
    size_t n, off;
    bool bad;
    ProtobufCAllocator *mem;
} rbuf_t;

static unsigned r_u8(rbuf_t *r)
{
    if (r->off >= r->n) {
        r->bad = true;
        return 0;
    }
    return r->p[r->off++];
}

static uint64_t r_var(rbuf_t *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        unsigned b = r_u8(r);
        if (r->bad)
            return 0;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    r->bad = true;
    return 0;
}

static int64_t r_svar(rbuf_t *r)
{
    uint64_t v = r_var(r);
    return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static const unsigned char *r_bytes(rbuf_t *r, size_t *len)
{
    uint64_t n = r_var(r);
    if (r->bad || n > r->n - r->off) {
        r->bad = true;
        *len = 0;
        return NULL;
    }
    const unsigned char *b = r->p + r->off;
    r->off += n;
    *len = n;
    return b;
}

static char *r_str(rbuf_t *r)
{
    size_t n;
    const unsigned char *b = r_bytes(r, &n);
    if (r->bad || n == 0)
        return NULL;
    /* A NUL inside would silently shorten the C string (and the next
     * encode would write something this decoder refuses). */
    if (memchr(b, 0, n)) {
        r->bad = true;
        return NULL;
    }
    char *s = r->mem->alloc(r->mem->allocator_data, n + 1);
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

static char **r_strs(rbuf_t *r, size_t *count)
{
    uint64_t n = r_var(r);
    *count = 0;
    if (r->bad || n > CHAT_STATE_MAX_IDS) {
        r->bad = true;
        return NULL;
    }
    if (n == 0)
        return NULL;
    char **v = r->mem->alloc(r->mem->allocator_data, n * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        v[i] = r_str(r);
        if (r->bad || !v[i]) {
            r->bad = true;
            return NULL;
        }
    }
    *count = n;
    return v;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void mac(const unsigned char *key, size_t key_len, const char *user, const unsigned char *p,
                size_t n, unsigned char out[32])
{
    static const char label[] = "chat-context-v1";
    const tc_bytes_t parts[] = {{label, sizeof label - 1}, {user, strlen(user) + 1}, {p, n}};
    /* on failure out is all 0xff, which never verifies */
    tc_hmac_sha256(key, key_len, parts, sizeof parts / sizeof parts[0], out);
}

static void encode_body(wbuf_t *w, const chat_state_t *st, bool with_undo)
{
    w_u8(w, STATE_VERSION);
    w_svar(w, st->issued);
    w_strs(w, st->shown, st->n_shown);
    w_str(w, st->focus);
    w_u8(w, st->pending);
    const chat_action_t *a = &st->action;
    w_u8(w, (unsigned)a->intent);
    w_str(w, a->title);
    w_u8(w, (a->has_due ? 1u : 0u) | (a->clear_due ? 2u : 0u) | (a->postpone ? 4u : 0u) |
                (a->time_only ? 8u : 0u) | (a->bare_hour ? 16u : 0u) | (a->day_only ? 32u : 0u));
    w_svar(w, a->due);
    w_svar(w, a->shift_min);
    w_u8(w, (unsigned)a->priority);
    w_strs(w, a->tags, a->n_tags);
    w_strs(w, st->cand, st->n_cand);
    w_u8(w, st->sel);
    w_str(w, st->sel_text);
    w_svar(w, st->sel_before_ms);
    if (!with_undo) {
        w_u8(w, CHAT_UNDO_NONE);
        return;
    }
    w_u8(w, st->undo);
    if (st->undo == CHAT_UNDO_NONE)
        return;
    w_u8(w, (unsigned)st->undo_intent);
    w_var(w, st->undo_mask);
    w_strs(w, st->undo_ids, st->n_undo_ids);
    size_t nt = st->n_undo_todos > CHAT_STATE_MAX_IDS ? CHAT_STATE_MAX_IDS : st->n_undo_todos;
    w_var(w, nt);
    for (size_t i = 0; i < nt; i++)
        w_bytes(w, st->undo_todos[i].data, st->undo_todos[i].len);
    size_t ns = st->n_undo_stamps == st->n_undo_todos ? nt : 0;
    w_var(w, ns);
    for (size_t i = 0; i < ns; i++)
        w_svar(w, st->undo_stamps[i]);
}

char *chat_state_encode(const chat_state_t *st, const char *user_id, const unsigned char *key,
                        size_t key_len, ProtobufCAllocator *mem)
{
    wbuf_t w = {.mem = mem};
    encode_body(&w, st, true);
    if (w.n > CHAT_STATE_MAX_BYTES) {
        w.n = 0;
        encode_body(&w, st, false);
    }
    unsigned char m[32];
    mac(key, key_len, user_id, w.p, w.n, m);
    w_reserve(&w, STATE_MAC_LEN);
    memcpy(w.p + w.n, m, STATE_MAC_LEN);
    w.n += STATE_MAC_LEN;
    size_t plen = sizeof STATE_PREFIX - 1;
    char *out = mem->alloc(mem->allocator_data, plen + (w.n * 4 + 2) / 3 + 1);
    memcpy(out, STATE_PREFIX, plen);
    size_t o = plen;
    for (size_t i = 0; i < w.n; i += 3) {
        uint32_t v = (uint32_t)w.p[i] << 16;
        if (i + 1 < w.n)
            v |= (uint32_t)w.p[i + 1] << 8;
        if (i + 2 < w.n)
            v |= w.p[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        if (i + 1 < w.n)
            out[o++] = b64[(v >> 6) & 63];
        if (i + 2 < w.n)
            out[o++] = b64[v & 63];
    }
    out[o] = '\0';
    return out;
}

static int b64_val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

/* base64url text (no padding) into mem: the bytes, or NULL when s is not
 * canonical base64url. */
static unsigned char *b64_decode(const char *s, size_t sl, ProtobufCAllocator *mem, size_t *n)
{
    unsigned char *buf = mem->alloc(mem->allocator_data, sl * 3 / 4 + 3);
    uint32_t acc = 0;
    int bits = 0;
    *n = 0;
    for (size_t i = 0; i < sl; i++) {
        int v = b64_val(s[i]);
        if (v < 0)
            return NULL;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[(*n)++] = (unsigned char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    /* the last character's unused bits must be zero: one text per context,
       so no character can change without the MAC noticing */
    return acc == 0 ? buf : NULL;
}

static void decode_action(rbuf_t *r, chat_action_t *a)
{
    a->intent = (int)r_u8(r);
    a->title = r_str(r);
    unsigned fl = r_u8(r);
    a->has_due = fl & 1;
    a->clear_due = fl & 2;
    a->postpone = fl & 4;
    a->time_only = fl & 8;
    a->bare_hour = fl & 16;
    a->day_only = fl & 32;
    a->due = r_svar(r);
    a->shift_min = (int)r_svar(r);
    a->priority = (int)r_u8(r);
    a->tags = r_strs(r, &a->n_tags);
}

static void decode_stamps(rbuf_t *r, chat_state_t *st)
{
    uint64_t ns = r_var(r);
    if (ns != 0 && ns != st->n_undo_todos)
        r->bad = true;
    if (r->bad || ns == 0)
        return;
    st->undo_stamps = r->mem->alloc(r->mem->allocator_data, ns * sizeof *st->undo_stamps);
    for (size_t i = 0; i < ns; i++)
        st->undo_stamps[i] = r_svar(r);
    st->n_undo_stamps = ns;
}

static void decode_undo(rbuf_t *r, chat_state_t *st, unsigned version)
{
    st->undo = (chat_undo_t)r_u8(r);
    if (r->bad || st->undo == CHAT_UNDO_NONE)
        return;
    st->undo_intent = (int)r_u8(r);
    st->undo_mask = (unsigned)r_var(r);
    st->undo_ids = r_strs(r, &st->n_undo_ids);
    uint64_t nt = r_var(r);
    if (nt > CHAT_STATE_MAX_IDS)
        r->bad = true;
    if (!r->bad && nt) {
        st->undo_todos = r->mem->alloc(r->mem->allocator_data, nt * sizeof *st->undo_todos);
        for (size_t i = 0; i < nt && !r->bad; i++) {
            size_t bl;
            const unsigned char *b = r_bytes(r, &bl);
            st->undo_todos[i].data = (uint8_t *)b;
            st->undo_todos[i].len = bl;
        }
        st->n_undo_todos = nt;
    }
    if (version >= 3)
        decode_stamps(r, st);
}

static void decode_body(rbuf_t *r, chat_state_t *st, unsigned version)
{
    st->issued = r_svar(r);
    st->shown = r_strs(r, &st->n_shown);
    st->focus = r_str(r);
    st->pending = (chat_pending_t)r_u8(r);
    decode_action(r, &st->action);
    st->cand = r_strs(r, &st->n_cand);
    if (version >= 3) {
        st->sel = (chat_sel_t)r_u8(r);
        st->sel_text = r_str(r);
        st->sel_before_ms = r_svar(r);
    }
    decode_undo(r, st, version);
}

int chat_state_decode(const char *ctx, const char *user_id, const unsigned char *key,
                      size_t key_len, ProtobufCAllocator *mem, chat_state_t *st)
{
    memset(st, 0, sizeof *st);
    size_t plen = sizeof STATE_PREFIX - 1;
    if (!ctx || strncmp(ctx, STATE_PREFIX, plen) != 0)
        return TC_EINVAL;
    const char *s = ctx + plen;
    size_t sl = strlen(s), n = 0;
    if (sl < 4 || sl > (CHAT_STATE_MAX_BYTES + STATE_MAC_LEN) * 4 / 3 + 4 || sl % 4 == 1)
        return TC_EINVAL;
    unsigned char *buf = b64_decode(s, sl, mem, &n);
    if (!buf || n <= STATE_MAC_LEN)
        return TC_EINVAL;
    n -= STATE_MAC_LEN;
    unsigned char m[32];
    mac(key, key_len, user_id, buf, n, m);
    if (CRYPTO_memcmp(m, buf + n, STATE_MAC_LEN) != 0)
        return TC_EINVAL;
    rbuf_t r = {.p = buf, .n = n, .mem = mem};
    unsigned version = r_u8(&r);
    if (version != 2 && version != STATE_VERSION)
        return TC_EINVAL;
    decode_body(&r, st, version);
    const chat_action_t *a = &st->action;
    if (r.bad || r.off != r.n || st->pending > CHAT_PENDING_CHOOSE ||
        st->undo > CHAT_UNDO_RESTORE || st->sel > CHAT_SEL_DONE || a->priority > 3 ||
        a->intent < 0 || a->intent > 12) {
        memset(st, 0, sizeof *st);
        return TC_EINVAL;
    }
    return 0;
}
