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

int gw_ident_user(const gw_ident_t *id, const char *authorization, const char *sid_cookie,
                  char user[GW_IDENT_USER_LEN + 1])
{
    const char *tok = NULL;
    char buf[129];
    if (authorization) {
        const char *p = authorization;
        if (strncasecmp(p, "Bearer ", 7) != 0)
            return TC_EUNAUTH;
        p += 7;
        while (*p == ' ')
            p++;
        size_t n = strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (n >= sizeof(buf))
            return TC_EUNAUTH;
        memcpy(buf, p, n);
        buf[n] = '\0';
        tok = buf;
    } else {
        tok = sid_cookie;
    }
    if (!gw_ident_token_valid(tok)) {
        OPENSSL_cleanse(buf, sizeof(buf));
        return TC_EUNAUTH;
    }
    unsigned char mac[32];
    const tc_bytes_t part = {tok, strlen(tok)};
    if (tc_hmac_sha256(id->key, id->key_len, &part, 1, mac) != 0 ||
        sizeof mac * 2 < GW_IDENT_USER_LEN) {
        OPENSSL_cleanse(buf, sizeof(buf));
        return TC_EUNAUTH;
    }
    OPENSSL_cleanse(buf, sizeof(buf));
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < GW_IDENT_USER_LEN / 2; i++) {
        user[2 * i] = hex[mac[i] >> 4];
        user[2 * i + 1] = hex[mac[i] & 15];
    }
    user[GW_IDENT_USER_LEN] = '\0';
    return 0;
}

int gw_ident_new_sid(char sid[GW_IDENT_SID_LEN + 1])
{
    unsigned char raw[GW_IDENT_SID_LEN / 2];
    if (fill_random(raw, sizeof(raw)) != 0)
        return TC_EIO;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof(raw); i++) {
        sid[2 * i] = hex[raw[i] >> 4];
        sid[2 * i + 1] = hex[raw[i] & 15];
    }
    sid[GW_IDENT_SID_LEN] = '\0';
    return 0;
}
