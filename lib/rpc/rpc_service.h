/* rpc_service: the process life every gRPC service binary shares once its own
 * parts are built: the --probe mode, flag checks for the listen addresses,
 * the metrics endpoint, the server with health and reflection, the
 * `listening on HOST:PORT` line, waiting for SIGTERM/SIGINT and the drain.
 * These functions run at the edge (main) and print their one line of
 * failure on stderr themselves. */
#ifndef TC_RPC_SERVICE_H
#define TC_RPC_SERVICE_H

#include <stddef.h>

#include "rpc_server.h"

/* --probe: exit code 0 when the server at listen (a wildcard host dialled
 * on loopback) answers health SERVING within 2 s, else 1 (2 for a bad
 * address), with one line on stderr. */
int rpc_service_probe(const char *prog, const char *listen);

/* Checks --listen and --metrics-listen ("off" allowed). Returns 0, or 2
 * after printing one line naming the flag. */
int rpc_service_check_listen_flags(const char *prog, const char *listen,
                                   const char *metrics_listen);

/* Parses the value v of --name as an integer from 0 to max into *out.
 * Returns 0, or 2 after printing one line naming the flag. */
int rpc_service_int_flag(const char *prog, const char *name, const char *v, long max, int *out);

typedef struct rpc_service_spec {
    const char *prog;                    /* "todo-svc" */
    const char *listen;                  /* --listen */
    const char *metrics_listen;          /* --metrics-listen or "off" */
    const unsigned char *descriptor_set; /* for reflection */
    size_t descriptor_set_len;
    /* Adds the service(s) to the server; returns 0 or a TC_E* code. */
    int (*register_services)(void *ctx, rpc_server_t *server);
    void *ctx;
    /* Extra key/value pairs for the "started" log line, NULL-terminated
     * (up to 4 pairs), or NULL. */
    const char *const *started_fields;
    /* Completion-queue threads (rpc_server_options_t.threads); 0 = one per
     * core. A service whose handlers wait for other services' answers needs
     * more than the cores, or calls queue while the cores idle. */
    int threads;
} rpc_service_spec_t;

/* Starts metrics and the server, prints `listening on HOST:PORT`, waits
 * for SIGTERM/SIGINT and drains within tc_lifecycle_grace_ms(). Call
 * tc_lifecycle_block_signals() first (before any thread starts). Returns the
 * process exit code: 0 after a clean stop, 1 when something could not
 * start (one line on stderr). The caller frees its own parts afterwards. */
int rpc_service_run(const rpc_service_spec_t *spec);

#endif
