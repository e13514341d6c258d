/* gw_gate: the door in front of libmicrohttpd. It accepts each connection
 * itself and hands it over (gw_gate_handoff_fn) only once the first request
 * has arrived whole: the head (gw_head's rules, answered in JSON when it
 * breaks them) and, with a Content-Length up to max_body, the body too. It
 * reads with MSG_PEEK, so the handed-over socket still holds every byte for
 * the HTTP server to read.
 *
 * Why: libmicrohttpd's timeout is an idle timeout, so a client that trickles
 * one byte at a time keeps a connection for ever (20 of them held a server
 * open), and it answers some broken heads with HTML pages of its own. Here
 * every new connection gets one deadline for its whole first request (and
 * the idle timeout between its bytes): a
 * client that misses it is answered 408 (or just closed when it sent
 * nothing), whatever it trickles.
 *
 * One thread, one epoll set; the pending connections are bounded. Requests
 * after the first on a kept-alive connection are the HTTP server's (its idle
 * timeout applies). Thread-safety: start/stop/destroy from one thread. */
#ifndef GW_GATE_H
#define GW_GATE_H

#include <stddef.h>
#include <sys/socket.h>

#include "tc_err.h"

/* Takes over fd (a connected, non-blocking socket) whose first request is
 * complete; must close it on failure. Called on the gate's thread. */
typedef void (*gw_gate_handoff_fn)(void *data, int fd, const struct sockaddr *addr,
                                   socklen_t addr_len);

typedef struct gw_gate_config {
    int listen_fd;   /* listening socket; the gate closes it (stop/destroy) */
    int deadline_ms; /* for the first request of a connection, from accept */
    int idle_ms;     /* ... and at most this long without a new byte */
    size_t max_body; /* Content-Length bodies up to this are waited for */
    int max_pending; /* connections waiting at once; more are closed */
    gw_gate_handoff_fn handoff;
    void *data;
} gw_gate_config_t;

typedef struct gw_gate gw_gate_t;

/* Starts the gate's thread. Returns NULL with st set when it cannot. */
gw_gate_t *gw_gate_start(const gw_gate_config_t *cfg, tc_status_t *st);

/* Stops accepting (closes the listening socket); connections already
 * waiting still get their answer or hand-over. Idempotent. */
void gw_gate_stop_accepting(gw_gate_t *g);

/* Stops the thread, closes every waiting connection, frees. Accepts NULL. */
void gw_gate_destroy(gw_gate_t *g);

#endif
