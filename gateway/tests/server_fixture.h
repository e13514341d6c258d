/* server_fixture: a gw_server over real loopback sockets in front of a "hole"
 * (a TCP listener that never accepts, like a hung backend), and a plain
 * socket HTTP client, for test_server.c and test_server_timing.c. Failures
 * are cmocka assertions. Not thread-safe: one fixture per test. */
#ifndef GW_SERVER_FIXTURE_H
#define GW_SERVER_FIXTURE_H

#include <stddef.h>

#include "gw_server.h"

typedef struct fixture {
    int hole_fd;         /* the hung backend's listener; -1 once closed */
    char hole_addr[64];  /* "ipv4:127.0.0.1:PORT" */
    gw_server_t *server; /* 1 worker (queue of 4), 2 event-loop threads */
    int port;            /* the gateway's HTTP port */
} fixture_t;

/* Starts the hole and a gateway whose todo and chat targets are the hole,
 * with the given upstream deadline, and its metrics registry live (the pool
 * gauges). */
void fixture_start(fixture_t *f, int deadline_ms);
/* Closes the hole: connections waiting in its backlog are reset, so the
 * calls hanging on it end (UNAVAILABLE) instead of at their deadline. */
void fixture_close_hole(fixture_t *f);
/* Closes the hole if still open and destroys the server (which drains). */
void fixture_stop(fixture_t *f);

/* The pool's current queued or running job count ("queued"/"running"), as
 * the gateway_upstream_work gauge reports it. */
int fixture_pool(const char *state);
/* Waits (up to 20 s, polling) until the pool has `running` running and
 * `queued` queued jobs; fails the test otherwise. */
void fixture_wait_pool(int running, int queued);

/* Connects and sends GET path (Connection: close) with a valid bearer token;
 * returns the socket. */
int fixture_send(const fixture_t *f, const char *path);
/* True when nothing has been answered on fd yet (and it is still open). */
int fixture_unanswered(int fd);
/* Reads the whole answer (until EOF) into out (size n, terminated), closes
 * fd and returns the HTTP status (-1 when there is none). */
int fixture_read(int fd, char *out, size_t n);

#endif
