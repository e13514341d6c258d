/* gw_ident: who is calling. A token comes from `Authorization: Bearer TOKEN`
 * or the `sid` cookie (16-128 chars of A-Za-z0-9._~-); the user id sent to the
 * backends is HMAC-SHA256(key, token) in hex, so tokens never leave the
 * gateway. Never log a token. */
#ifndef GW_IDENT_H
#define GW_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#define GW_IDENT_USER_LEN 64 /* hex characters of a user id */
#define GW_IDENT_SID_LEN  32 /* hex characters of a new sid (128 bits) */

typedef struct gw_ident gw_ident_t;

/* New identity context keyed with key (any bytes, NUL-terminated). A NULL or
 * empty key makes a random 256-bit key and sets *random_key (may be NULL)
 * to true: user ids then change with every process. Free with
 * gw_ident_destroy. Never NULL. */
gw_ident_t *gw_ident_create(const char *key, bool *random_key);
/* Wipes and frees the key. Accepts NULL. */
void gw_ident_destroy(gw_ident_t *id);

/* True when tok is 16-128 chars of A-Za-z0-9._~- . */
bool gw_ident_token_valid(const char *tok);

/* Derives the user id from the request's Authorization header value and sid
 * cookie value (either may be NULL). A present Authorization header must be a
 * valid Bearer token (it wins over the cookie); otherwise a valid cookie is
 * used. Writes GW_IDENT_USER_LEN hex chars plus NUL into user. Returns 0 or
 * TC_EUNAUTH (nothing written). */
int gw_ident_user(const gw_ident_t *id, const char *authorization, const char *sid_cookie,
                  char user[GW_IDENT_USER_LEN + 1]);

/* A new random session id (GW_IDENT_SID_LEN hex chars plus NUL) for the sid
 * cookie. Returns 0 or TC_EIO when the system has no randomness. */
int gw_ident_new_sid(char sid[GW_IDENT_SID_LEN + 1]);

#endif
