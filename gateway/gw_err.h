/* gw_err: the one place where TC_E* codes become HTTP statuses and where the
 * contract's error bodies {"error":{"code","message"}} are written. */
#ifndef GW_ERR_H
#define GW_ERR_H

#include <stddef.h>

/* HTTP status for a TC_E* code (0 gives 200). *code_name (may be NULL)
 * receives the contract's code string ("not_found"); static storage. Codes
 * outside the contract map to 500 "internal". */
int gw_err_status(int tc_code, const char **code_name);

/* The contract code string for an HTTP error status (400 -> "invalid_argument",
 * 405 -> "method_not_allowed", 413, 415 ...); "internal" for unknown ones. */
const char *gw_err_code_for_status(int http_status);

/* New JSON error body {"error":{"code":code_name,"message":message}}; message
 * may be NULL (the code name is used). Caller frees with free(); never NULL. */
char *gw_err_body(const char *code_name, const char *message, size_t *len);

#endif
