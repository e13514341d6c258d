/* gw_head: HTTP/1.x request heads judged before anything acts on them. The
 * rules, each with the answer the contract gives it:
 *
 *   head over GW_HEAD_MAX bytes with no blank line yet   431 headers_too_large
 *   request-target over GW_HEAD_MAX_TARGET bytes         414 uri_too_long
 *   request line not "METHOD SP TARGET SP HTTP/1.x",
 *   a header line without "name:", a space before the
 *   colon, a folded line, a NUL or bare CR              400 bad_request
 *   Content-Length that is not a decimal number, or
 *   two that differ                                     400 bad_request
 *   Content-Length together with Transfer-Encoding      400 bad_request
 *   a transfer coding other than one final "chunked"    501 not_implemented
 *
 * Two parties disagreeing about where a request ends is how requests are
 * smuggled past a proxy, so every ambiguity is refused rather than guessed.
 * Pure functions: no I/O, no allocation, thread-safe. */
#ifndef GW_HEAD_H
#define GW_HEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GW_HEAD_MAX        (64 * 1024) /* request line + header fields */
#define GW_HEAD_MAX_TARGET (8 * 1024)  /* request-target (path and query) */

/* What a head says about its body, or why it is refused. */
typedef struct gw_head_verdict {
    int status;           /* 0: acceptable; else the HTTP status to answer */
    const char *code;     /* the contract's error code (static), when status != 0 */
    const char *message;  /* why (static), when status != 0 */
    size_t head_len;      /* bytes up to and including the blank line */
    uint64_t body_len;    /* Content-Length; 0 without one */
    bool chunked;         /* Transfer-Encoding: chunked */
    bool expect_continue; /* Expect: 100-continue: the body follows an interim answer */
} gw_head_verdict_t;

/* Framing fields seen so far; zero-initialise, then gw_head_framing_add each
 * header field. */
typedef struct gw_head_framing {
    int content_lengths;   /* Content-Length fields seen */
    bool cl_bad;           /* one was not a number */
    bool cl_conflict;      /* two differed */
    uint64_t cl;           /* the value */
    int codings;           /* transfer codings listed, over all fields */
    bool unknown_coding;   /* one was not "chunked" */
    bool chunked_not_last; /* "chunked" was not the single final coding */
    bool expect_continue;  /* Expect: 100-continue */
} gw_head_framing_t;

/* Adds one header field (name and value need not be NUL-terminated). */
void gw_head_framing_add(gw_head_framing_t *f, const char *name, size_t name_len, const char *value,
                         size_t value_len);

/* Judges the framing fields; fills v's status/code/message (0 when fine),
 * body_len and chunked. Returns true when acceptable. */
bool gw_head_framing_judge(const gw_head_framing_t *f, gw_head_verdict_t *v);

typedef enum gw_head_state {
    GW_HEAD_MORE,   /* no blank line yet and under the limit: wait for bytes */
    GW_HEAD_OK,     /* complete and acceptable: v has head_len and the body */
    GW_HEAD_REFUSE, /* v has the status to answer */
} gw_head_state_t;

/* Judges the first n bytes a connection sent. */
gw_head_state_t gw_head_judge(const char *buf, size_t n, gw_head_verdict_t *v);

#endif
