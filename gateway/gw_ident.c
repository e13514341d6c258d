#include "gw_ident.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "hmac.h"
#include "tc_err.h"
#include "xalloc.h"

struct gw_ident {
    unsigned char *key;
    size_t key_len;
};

static int fill_random(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0)
            return TC_EIO;
        got += (size_t)r;
    }
    return 0;
}

gw_ident_t *gw_ident_create(const char *key, bool *random_key)
{
    gw_ident_t *id = xcalloc(1, sizeof(*id));
    if (key && *key) {
        id->key_len = strlen(key);
        id->key = (unsigned char *)xstrndup(key, id->key_len);
        if (random_key)
            *random_key = false;
    } else {
        id->key_len = 32;
        id->key = xmalloc(id->key_len);
        if (fill_random(id->key, id->key_len) != 0)
            abort(); /* no randomness at start-up: nothing sensible to do */
        if (random_key)
            *random_key = true;
    }
    return id;
}

void gw_ident_destroy(gw_ident_t *id)
{
    if (!id)
        return;
    OPENSSL_cleanse(id->key, id->key_len);
    free(id->key);
    free(id);
}

bool gw_ident_token_valid(const char *tok)
{
    if (!tok)
        return false;
    size_t n = strlen(tok);
    if (n < 16 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = tok[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '~' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

static const char HEX[] = "0123456789abcdef";

static void to_hex(const unsigned char *raw, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = HEX[raw[i] >> 4];
        out[2 * i + 1] = HEX[raw[i] & 15];
    }
    out[2 * n] = '\0';
}

static bool is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(HEX, s[i]) || s[i] == '\0')
            return false;
    return true;
}

/* HMAC-SHA256(key, label || text) into mac. Returns 0 or TC_EIO. */
static int mac_of(const gw_ident_t *id, const char *label, const char *text, size_t n,
                  unsigned char mac[32])
{
    const tc_bytes_t parts[2] = {{label, strlen(label)}, {text, n}};
    return tc_hmac_sha256(id->key, id->key_len, parts, 2, mac);
}

/* The sid's MAC over R: domain-separated from user ids ("sid:"), so a
 * sid's visible MAC says nothing about the user id. */
static int sid_mac_hex(const gw_ident_t *id, const char *r, char out[GW_IDENT_SID_RAND + 1])
{
    unsigned char mac[32];
    if (mac_of(id, "sid:", r, GW_IDENT_SID_RAND, mac) != 0)
        return TC_EIO;
    to_hex(mac, GW_IDENT_SID_RAND / 2, out);
    return 0;
}

bool gw_ident_sid_valid(const gw_ident_t *id, const char *sid)
{
    if (!sid || strlen(sid) != GW_IDENT_SID_LEN || sid[GW_IDENT_SID_RAND] != '.' ||
        !is_hex(sid, GW_IDENT_SID_RAND))
        return false;
    char want[GW_IDENT_SID_RAND + 1];
    if (sid_mac_hex(id, sid, want) != 0)
        return false;
    return CRYPTO_memcmp(want, sid + GW_IDENT_SID_RAND + 1, GW_IDENT_SID_RAND) == 0;
}

/* Writes "R.M" for the first GW_IDENT_SID_RAND chars r. */
static int sign_sid(const gw_ident_t *id, const char *r, char out[GW_IDENT_SID_LEN + 1])
{
    memcpy(out, r, GW_IDENT_SID_RAND);
    out[GW_IDENT_SID_RAND] = '.';
    return sid_mac_hex(id, r, out + GW_IDENT_SID_RAND + 1);
}

bool gw_ident_upgrade_sid(const gw_ident_t *id, const char *old, char out[GW_IDENT_SID_LEN + 1])
{
    return old && strlen(old) == GW_IDENT_SID_RAND && is_hex(old, GW_IDENT_SID_RAND) &&
           sign_sid(id, old, out) == 0;
}

int gw_ident_new_sid(const gw_ident_t *id, char sid[GW_IDENT_SID_LEN + 1])
{
    unsigned char raw[GW_IDENT_SID_RAND / 2];
    char r[GW_IDENT_SID_RAND + 1];
    if (fill_random(raw, sizeof(raw)) != 0)
        return TC_EIO;
    to_hex(raw, sizeof raw, r);
    return sign_sid(id, r, sid);
}

int gw_ident_request_id(char out[GW_IDENT_REQUEST_ID_LEN + 1])
{
    unsigned char raw[GW_IDENT_REQUEST_ID_LEN / 2];
    if (fill_random(raw, sizeof(raw)) != 0)
        return TC_EIO;
    to_hex(raw, sizeof raw, out);
    return 0;
}

/* The token a user id derives from, its first *len bytes: the Bearer token
 * (copied into buf), or R of a valid sid; NULL when neither is valid. */
static const char *identity_token(const gw_ident_t *id, const char *authorization,
                                  const char *sid_cookie, char buf[129], size_t *len)
{
    if (!authorization) {
        if (!gw_ident_sid_valid(id, sid_cookie))
            return NULL;
        *len = GW_IDENT_SID_RAND;
        return sid_cookie;
    }
    const char *p = authorization;
    if (strncasecmp(p, "Bearer ", 7) != 0)
        return NULL;
    p += 7;
    while (*p == ' ')
        p++;
    size_t n = strlen(p);
    while (n > 0 && p[n - 1] == ' ')
        n--;
    if (n >= 129)
        return NULL;
    memcpy(buf, p, n);
    buf[n] = '\0';
    /* A sid sent as a bearer token is the same user as the cookie. */
    *len = gw_ident_sid_valid(id, buf) ? GW_IDENT_SID_RAND : n;
    return gw_ident_token_valid(buf) ? buf : NULL;
}

int gw_ident_user(const gw_ident_t *id, const char *authorization, const char *sid_cookie,
                  char user[GW_IDENT_USER_LEN + 1])
{
    char buf[129];
    size_t n = 0;
    const char *tok = identity_token(id, authorization, sid_cookie, buf, &n);
    unsigned char mac[32];
    int rc = tok ? mac_of(id, "", tok, n, mac) : TC_EUNAUTH;
    OPENSSL_cleanse(buf, sizeof(buf));
    if (rc != 0)
        return TC_EUNAUTH;
    to_hex(mac, GW_IDENT_USER_LEN / 2, user);
    OPENSSL_cleanse(mac, sizeof(mac));
    return 0;
}
