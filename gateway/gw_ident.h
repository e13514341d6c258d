/* gw_ident: who is calling. An identity comes from `Authorization: Bearer
 * TOKEN` (16-128 chars of A-Za-z0-9._~-) or from the `sid` cookie, which only
 * the gateway issues: "R.M", R 128 random bits and M a 128-bit MAC of R under
 * the key, both in hex, so a sid a client made up is refused (no session
 * fixation). The user id sent to the backends is HMAC-SHA256(key, TOKEN) or
 * HMAC-SHA256(key, R) in hex, so tokens never leave the gateway and user ids
 * last as long as the key does. Never log a token or a sid. All functions
 * are thread-safe (the key is read-only after create). */
#ifndef GW_IDENT_H
#define GW_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#define GW_IDENT_USER_LEN       64                          /* hex characters of a user id */
#define GW_IDENT_SID_RAND       32                          /* hex characters of R */
#define GW_IDENT_SID_LEN        (2 * GW_IDENT_SID_RAND + 1) /* "R.M" */
#define GW_IDENT_REQUEST_ID_LEN 32                          /* hex characters of a request id */

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
 * valid Bearer token (it wins over the cookie); otherwise the cookie must be
 * a sid this key issued. Writes GW_IDENT_USER_LEN hex chars plus NUL into
 * user. Returns 0 or TC_EUNAUTH (nothing written). */
int gw_ident_user(const gw_ident_t *id, const char *authorization, const char *sid_cookie,
                  char user[GW_IDENT_USER_LEN + 1]);

/* True when sid is one this key issued. */
bool gw_ident_sid_valid(const gw_ident_t *id, const char *sid);

/* The signed sid that keeps a pre-signing sid's user: old releases issued
 * bare R (GW_IDENT_SID_RAND hex chars) and derived the user from it, so
 * signing R keeps that user's todos reachable after an upgrade. Writes the
 * sid into out and returns true, or false when old is not of that form. */
bool gw_ident_upgrade_sid(const gw_ident_t *id, const char *old, char out[GW_IDENT_SID_LEN + 1]);

/* A fresh random request id (128 bits: GW_IDENT_REQUEST_ID_LEN hex chars
 * plus NUL) for a create that came without an Idempotency-Key, so that the
 * RPC layer may retry it on another replica without creating twice. Returns
 * 0 or TC_EIO when the system has no randomness. */
int gw_ident_request_id(char out[GW_IDENT_REQUEST_ID_LEN + 1]);

/* A new signed session id (GW_IDENT_SID_LEN chars plus NUL) for the sid
 * cookie. Returns 0 or TC_EIO when the system has no randomness. */
int gw_ident_new_sid(const gw_ident_t *id, char sid[GW_IDENT_SID_LEN + 1]);

#endif
