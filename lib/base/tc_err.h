/* tc_err: the project's error codes and a status carrying a message.
 *
 * Every function that can fail returns 0 (TC_OK) or a negative TC_E* code.
 * Mapping to gRPC status codes and HTTP statuses happens only at the edges
 * (rpc_server.c/rpc_client.c and the gateway's error module). */
#ifndef TC_ERR_H
#define TC_ERR_H

#include <stdarg.h>

/* X(name, value, grpc status code, description) */
#define TC_ERRORS(X)                                                                               \
    X(OK, 0, 0, "ok")                                                                              \
    X(EINVAL, -1, 3, "invalid argument")                                                           \
    X(ENOTFOUND, -2, 5, "not found")                                                               \
    X(EUNAVAIL, -3, 14, "unavailable")                                                             \
    X(EDEADLINE, -4, 4, "deadline exceeded")                                                       \
    X(EINTERNAL, -5, 13, "internal error")                                                         \
    X(EIO, -6, 13, "i/o error")                                                                    \
    X(EEXISTS, -7, 6, "already exists")                                                            \
    X(ECANCELLED, -8, 1, "cancelled")                                                              \
    X(ERESOURCE, -9, 8, "resource exhausted")                                                      \
    X(EUNAUTH, -10, 16, "unauthenticated")                                                         \
    X(EUNIMPL, -11, 12, "unimplemented")                                                           \
    X(EPRECOND, -12, 9, "failed precondition")

enum tc_err {
#define TC_ERR_ENUM(name, value, grpc, desc) TC_##name = value,
    TC_ERRORS(TC_ERR_ENUM)
#undef TC_ERR_ENUM
};

/* Short description of code ("not found"); "unknown error" for others. Static. */
const char *tc_strerror(int code);
/* The enumerator's name without prefix ("ENOTFOUND"). Static. */
const char *tc_errname(int code);
/* gRPC status code (grpc_status_code value) for a TC code; 2 (UNKNOWN) if unmapped. */
int tc_err_to_grpc(int code);
/* TC code for a gRPC status code; TC_EINTERNAL for codes without a mapping. */
int tc_err_from_grpc(int grpc_code);

/* A code plus a human-readable message that names what was wrong
 * ("title: must be 1-500 bytes"). Fixed size so it needs no freeing. */
typedef struct tc_status {
    int code;
    char message[256];
} tc_status_t;

/* Records code and a printf-formatted message in st (st may be NULL).
 * Returns code, so callers can write `return tc_status_set(st, TC_EINVAL, ...)`. */
int tc_status_set(tc_status_t *st, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Resets st to TC_OK with an empty message. */
void tc_status_clear(tc_status_t *st);

#endif
