/* chat-svc: serves chat.v1.ChatService (plus health and reflection) over
 * gRPC; each turn understands the message offline and acts on todo-svc.
 *
 * Start-up failures (bad flag, busy port) print exactly one line on stderr
 * and exit non-zero; once bound it prints `listening on HOST:PORT`.
 * SIGTERM/SIGINT drain and exit 0. */
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "chat_backend_rpc.h"
#include "chat_engine.h"
#include "chat_service.h"
#include "chat_tz.h"
#include "config.h"
#include "lifecycle.h"
#include "log.h"
#include "metrics.h"
#include "rpc_client.h"
#include "rpc_server.h"
#include "tc_err.h"

extern const unsigned char chat_svc_descriptor[];
extern const size_t chat_svc_descriptor_len;

#define PROG "chat-svc"

static void probe_target(const char *listen, char *out, size_t n)
{
    if (strncmp(listen, "0.0.0.0:", 8) == 0)
        snprintf(out, n, "127.0.0.1:%s", listen + 8);
    else if (strncmp(listen, "[::]:", 5) == 0)
        snprintf(out, n, "[::1]:%s", listen + 5);
    else
        snprintf(out, n, "%s", listen);
}

static int probe(const char *listen)
{
    char target[300];
    probe_target(listen, target, sizeof target);
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
    const char *listen, *todo_addr, *metrics_listen, *context_key, *do_probe;
    config_flag_t flags[] = {
        {"listen", "CHAT_LISTEN", "0.0.0.0:50052", "gRPC address HOST:PORT (port 0 picks one)",
         &listen, false},
        {"todo-addr", "TODO_ADDR", "localhost:50051", "todo-svc gRPC target", &todo_addr, false},
        {"metrics-listen", "CHAT_METRICS_LISTEN", "0.0.0.0:9091",
         "Prometheus /metrics address HOST:PORT, or off", &metrics_listen, false},
        {"context-key", "CHAT_CONTEXT_KEY", NULL,
         "secret that signs conversation contexts (same on every replica; "
         "random per process when unset)",
         &context_key, false},
        {"probe", NULL, NULL, "exit 0 iff the server at --listen reports SERVING, then exit",
         &do_probe, true},
    };
    char err[512];
    int rc = config_parse(PROG,
                          "The conversation service: chat.v1.ChatService over gRPC, acting on "
                          "todo-svc.",
                          flags, sizeof flags / sizeof flags[0], argc, argv, err, sizeof err);
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
    if (!*todo_addr) {
        fprintf(stderr, PROG ": --todo-addr: must not be empty\n");
        return 2;
    }
    if (do_probe)
        return probe(listen);

    lifecycle_block_signals();
    log_init(PROG, NULL);

    unsigned char random_key[32];
    const unsigned char *key = (const unsigned char *)context_key;
    size_t key_len = context_key ? strlen(context_key) : 0;
    if (key_len == 0) {
        if (RAND_bytes(random_key, sizeof random_key) != 1) {
            fprintf(stderr, PROG ": no randomness for the context key\n");
            return 1;
        }
        key = random_key;
        key_len = sizeof random_key;
        LOG(LOG_WARN,
            "CHAT_CONTEXT_KEY is not set: using a random per-process key, so conversations "
            "do not carry over between replicas or restarts");
    } else if (key_len < 16) {
        LOG(LOG_WARN, "CHAT_CONTEXT_KEY is shorter than 16 bytes: contexts are easier to forge");
    }

    tc_status_t st = {0};
    chat_backend_rpc_t *backend = chat_backend_rpc_create(todo_addr, &st);
    if (!backend) {
        fprintf(stderr, PROG ": --todo-addr %s: %s\n", todo_addr, st.message);
        return 2;
    }
    chat_engine_config_t ecfg = {chat_backend_rpc_backend(backend), key, key_len};
    chat_engine_t *engine = chat_engine_create(&ecfg);
    chat_service_t *svc = chat_service_create(engine);

    metrics_http_t *metrics = NULL;
    char metrics_bound[300] = "off";
    if (metrics_on) {
        metrics_set_build_info(PROG, TC_VERSION);
        if (metrics_http_start(metrics_listen, &metrics, metrics_bound, sizeof metrics_bound,
                               &st) != 0) {
            fprintf(stderr, PROG ": --metrics-listen %s: %s\n", metrics_listen, st.message);
            chat_service_destroy(svc);
            chat_engine_destroy(engine);
            chat_backend_rpc_destroy(backend);
            return 1;
        }
    }

    rpc_server_options_t opts = {
        .listen = listen,
        .descriptor_set = chat_svc_descriptor,
        .descriptor_set_len = chat_svc_descriptor_len,
    };
    char bound[300];
    rpc_server_t *server = rpc_server_create(&opts, &st);
    rc = server ? chat_service_register(svc, server) : st.code;
    if (server && rc != 0)
        tc_status_set(&st, rc, "cannot register chat.v1.ChatService");
    if (rc == 0)
        rc = rpc_server_start(server, bound, sizeof bound, &st);
    if (rc != 0) {
        fprintf(stderr, PROG ": --listen %s: %s\n", listen, st.message);
        rpc_server_destroy(server);
        metrics_http_stop(metrics);
        chat_service_destroy(svc);
        chat_engine_destroy(engine);
        chat_backend_rpc_destroy(backend);
        return 1;
    }
    fprintf(stderr, "listening on %s\n", bound);
    fflush(stderr);
    LOG(LOG_INFO, "started", "listen", bound, "todo_addr", todo_addr, "metrics", metrics_bound);

    int sig = lifecycle_wait_for_signal();
    LOG(LOG_INFO, "shutting down", "signal", sig == 2 ? "SIGINT" : "SIGTERM");
    rpc_server_shutdown(server, lifecycle_grace_ms());
    rpc_server_destroy(server);
    metrics_http_stop(metrics);
    chat_service_destroy(svc);
    chat_engine_destroy(engine);
    chat_backend_rpc_destroy(backend);
    chat_tz_cache_clear();
    LOG(LOG_INFO, "stopped");
    return 0;
}
