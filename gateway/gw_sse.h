/* gw_sse: Server-Sent Events streams without a request thread per stream.
 *
 * Each stream is an MHD callback response: when its queue is empty the
 * connection is suspended (MHD_suspend_connection) and resumed when data
 * arrives from the upstream (rpc_client stream callbacks, any thread) or from
 * the hub's heartbeat thread. A stream is referenced by the MHD response and
 * by its upstream; it is freed when both are gone. Thread-safe. */
#ifndef GW_SSE_H
#define GW_SSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rpc_client.h"

struct MHD_Connection;
typedef struct gw_sse_hub gw_sse_hub_t;
typedef struct gw_sse gw_sse_t;

/* New hub: a heartbeat comment every heartbeat_ms to every stream, at most
 * max_streams open at once. Starts the heartbeat thread. Never NULL. */
gw_sse_hub_t *gw_sse_hub_create(int heartbeat_ms, int max_streams);
/* Ends every stream (after its queued data) and refuses new ones; returns at
 * once. */
void gw_sse_hub_close_all(gw_sse_hub_t *h);
/* Open streams right now. */
size_t gw_sse_hub_count(gw_sse_hub_t *h);
/* Stops the heartbeat thread and frees the hub; streams must be gone
 * (gw_sse_hub_count == 0) or they leak. Accepts NULL. */
void gw_sse_hub_destroy(gw_sse_hub_t *h);

/* New stream for conn with retry_ms as the reconnection hint, holding two
 * references (the MHD response's and the upstream's). NULL when the hub is
 * full or closed. */
gw_sse_t *gw_sse_open(gw_sse_hub_t *h, struct MHD_Connection *conn, int retry_ms);
/* Hands the upstream handle to the stream: it is released (cancelled) when
 * the client goes away. */
void gw_sse_set_upstream(gw_sse_t *s, rpc_client_stream_t *up);
/* Queues one event (event name and a one-line data payload); ignored once
 * the stream has ended. A client that falls too far behind is disconnected. */
void gw_sse_push(gw_sse_t *s, const char *event, const char *data);
/* Ends the stream after its queued data (the browser then reconnects). */
void gw_sse_end(gw_sse_t *s);
/* Drops one reference (the upstream's, after its on_end; or after a failed
 * start). */
void gw_sse_unref(gw_sse_t *s);

/* MHD content reader and free callbacks for the stream's response. */
ssize_t gw_sse_read(void *cls, uint64_t pos, char *buf, size_t max);
void gw_sse_response_free(void *cls);

#endif
