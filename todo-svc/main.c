/* todo-svc: serves todo.v1.TodoService (plus health and reflection) over
 * gRPC from a SQLite store.
 *
 * Start-up failures (bad flag, unusable --db, busy port) print exactly one
 * line on stderr and exit non-zero; once bound it prints
 * `listening on HOST:PORT`. SIGTERM/SIGINT drain and exit 0. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "lifecycle.h"
#include "log.h"
#include "metrics.h"
#include "net.h"
#include "rpc_client.h"
#include "rpc_server.h"
#include "store.h"
#include "tc_err.h"
#include "todo_service.h"

extern const unsigned char todo_svc_descriptor[];
extern const size_t todo_svc_descriptor_len;

#define PROG "todo-svc"

static int probe(const char *listen)
{
    /* A wildcard listen host is dialled on loopback. */
    char target[300];
    if (net_probe_target(listen, target, sizeof target) != 0) {
        fprintf(stderr, PROG ": --listen: \"%s\" is not HOST:PORT\n", listen);
        return 2;
    }
    tc_status_t st = {0};
    if (rpc_health_check(target, "", 2000, &st) != 0) {
        fprintf(stderr, PROG ": probe %s: %s\n", target,
                st.message[0] ? st.message : "not serving");
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *listen, *db, *metrics_listen, *do_probe;
    config_flag_t flags[] = {
        {"listen", "TODO_LISTEN", "0.0.0.0:50051", "gRPC address HOST:PORT (port 0 picks one)",
         &listen, false},
        {"db", "TODO_DB", "todos.db", "SQLite database file (:memory: keeps nothing on disk)", &db,
         false},
        {"metrics-listen", "TODO_METRICS_LISTEN", "0.0.0.0:9090",
         "Prometheus /metrics address HOST:PORT, or off", &metrics_listen, false},
        {"probe", NULL, NULL, "exit 0 iff the server at --listen reports SERVING, then exit",
         &do_probe, true},
    };
    char err[512];
    int rc = config_parse(PROG, "The todo storage service: todo.v1.TodoService over gRPC.", flags,
                          sizeof flags / sizeof flags[0], argc, argv, err, sizeof err);
    if (rc == CONFIG_EXIT)
        return 0;
    if (rc != CONFIG_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    if (config_check_listen(listen) != 0) {
        fprintf(stderr, PROG ": --listen: \"%s\" is not HOST:PORT with a port 0-65535\n", listen);
        return 2;
    }
    bool metrics_on = strcmp(metrics_listen, "off") != 0;
    if (metrics_on && config_check_listen(metrics_listen) != 0) {
        fprintf(stderr, PROG ": --metrics-listen: \"%s\" is not HOST:PORT or off\n",
                metrics_listen);
        return 2;
    }
    if (do_probe)
        return probe(listen);

    lifecycle_block_signals();
    log_init(PROG, NULL);

    tc_status_t st = {0};
    todo_store_t *store = todo_store_create(db, &st);
    if (!store) {
        fprintf(stderr, PROG ": %s (--db %s)\n", st.message, db);
        return 1;
    }
    todo_service_t *svc = todo_service_create(store);

    metrics_http_t *metrics = NULL;
    char metrics_bound[300] = "off";
    if (metrics_on) {
        metrics_set_build_info(PROG, TC_VERSION);
        if (metrics_http_start(metrics_listen, &metrics, metrics_bound, sizeof metrics_bound,
                               &st) != 0) {
            fprintf(stderr, PROG ": --metrics-listen %s: %s\n", metrics_listen, st.message);
            todo_service_destroy(svc);
            todo_store_destroy(store);
            return 1;
        }
    }

    rpc_server_options_t opts = {
        .listen = listen,
        .descriptor_set = todo_svc_descriptor,
        .descriptor_set_len = todo_svc_descriptor_len,
    };
    char bound[300];
    rpc_server_t *server = rpc_server_create(&opts, &st);
    rc = server ? todo_service_register(svc, server) : st.code;
    if (server && rc != 0)
        tc_status_set(&st, rc, "cannot register todo.v1.TodoService");
    if (rc == 0)
        rc = rpc_server_start(server, bound, sizeof bound, &st);
    if (rc != 0) {
        fprintf(stderr, PROG ": --listen %s: %s\n", listen, st.message);
        rpc_server_destroy(server);
        metrics_http_stop(metrics);
        todo_service_destroy(svc);
        todo_store_destroy(store);
        return 1;
    }
    fprintf(stderr, "listening on %s\n", bound);
    fflush(stderr);
    LOG(LOG_INFO, "started", "listen", bound, "db", db, "metrics", metrics_bound);

    int sig = lifecycle_wait_for_signal();
    LOG(LOG_INFO, "shutting down", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM");
    rpc_server_shutdown(server, lifecycle_grace_ms());
    rpc_server_destroy(server);
    metrics_http_stop(metrics);
    todo_service_destroy(svc);
    todo_store_destroy(store);
    LOG(LOG_INFO, "stopped");
    return 0;
}
