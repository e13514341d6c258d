/* chat-svc: serves chat.v1.ChatService (plus health and reflection) over
 * gRPC; each turn understands the message offline and acts on todo-svc.
 *
 * Start-up failures (bad flag, busy port) print exactly one line on stderr
 * and exit non-zero; once bound it prints `listening on HOST:PORT`.
 * SIGTERM/SIGINT drain and exit 0. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "chat_backend_rpc.h"
#include "chat_engine.h"
#include "chat_service.h"
#include "chat_tz.h"
#include "config.h"
#include "lifecycle.h"
#include "log.h"
#include "rpc_service.h"
#include "tc_err.h"

extern const unsigned char chat_svc_descriptor[];
extern const size_t chat_svc_descriptor_len;

#define PROG "chat-svc"

/* Turns per core served at once by default. A turn spends most of its time
 * waiting for todo-svc (each call ~0.2-1 ms there against ~0.2 ms of our own
 * CPU), and the thread that runs it waits with it: with one thread per core
 * calls queued here while the cores idled. */
#define CHAT_THREADS_PER_CORE 8
#define STR_(x)               #x
#define STR(x)                STR_(x)

static int register_chat(void *ctx, rpc_server_t *server)
{
    return chat_service_register(ctx, server);
}

/* The command line: each flag's text, and --list-cache-mb as a number. */
typedef struct chat_opts {
    const char *listen, *todo_addr, *metrics_listen, *context_key, *list_cache_mb, *threads, *probe;
    int cache_mb, n_threads;
} chat_opts_t;

/* Parses and checks the flags into *o. Returns -1 to go on, else the exit
 * code: 0 after --help/--version, 2 after one line on stderr naming the bad
 * flag. */
static int parse_flags(int argc, char **argv, chat_opts_t *o)
{
    tc_config_flag_t flags[] = {
        {"listen", "CHAT_LISTEN", "0.0.0.0:50052", "gRPC address HOST:PORT (port 0 picks one)",
         &o->listen, false},
        {"todo-addr", "TODO_ADDR", "localhost:50051", "todo-svc gRPC target", &o->todo_addr, false},
        {"metrics-listen", "CHAT_METRICS_LISTEN", "0.0.0.0:9091",
         "Prometheus /metrics address HOST:PORT, or off", &o->metrics_listen, false},
        {"context-key", "CHAT_CONTEXT_KEY", NULL,
         "secret that signs conversation contexts (same on every replica; "
         "random per process when unset)",
         &o->context_key, false},
        {"list-cache-mb", "CHAT_LIST_CACHE_MB", "16",
         "memory for cached todo lists, kept coherent by todo-svc's change stream (0 = no cache)",
         &o->list_cache_mb, false},
        {"threads", "CHAT_THREADS", "0",
         "threads serving turns (0 = " STR(
             CHAT_THREADS_PER_CORE) " per core): a turn waits for "
                                    "todo-svc, so more than the cores keep them busy",
         &o->threads, false},
        {"probe", NULL, NULL, "exit 0 iff the server at --listen reports SERVING, then exit",
         &o->probe, true},
    };
    char err[512];
    int rc = tc_config_parse(PROG,
                             "The conversation service: chat.v1.ChatService over gRPC, acting on "
                             "todo-svc.",
                             flags, sizeof flags / sizeof flags[0], argc, argv, err, sizeof err);
    if (rc == TC_CONFIG_EXIT)
        return 0;
    if (rc != TC_CONFIG_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    rc = rpc_service_check_listen_flags(PROG, o->listen, o->metrics_listen);
    if (rc != 0)
        return rc;
    if (!*o->todo_addr) {
        fprintf(stderr, PROG ": --todo-addr: must not be empty\n");
        return 2;
    }
    rc = rpc_service_int_flag(PROG, "list-cache-mb", o->list_cache_mb, 65536, &o->cache_mb);
    if (rc == 0)
        rc = rpc_service_int_flag(PROG, "threads", o->threads, 1024, &o->n_threads);
    return rc != 0 ? rc : -1;
}

/* The key that signs conversation contexts: bytes/len point at the flag's
 * text or at random. */
typedef struct context_key {
    unsigned char random[32];
    const unsigned char *bytes;
    size_t len;
} context_key_t;

/* Picks the key: --context-key, or when that is unset or empty random bytes
 * (with a warning that conversations then do not carry over). Returns 0, or
 * 1 after one line on stderr when there is no randomness. */
static int pick_context_key(const char *flag, context_key_t *k)
{
    k->bytes = (const unsigned char *)flag;
    k->len = flag ? strlen(flag) : 0;
    if (k->len == 0) {
        if (RAND_bytes(k->random, sizeof k->random) != 1) {
            fprintf(stderr, PROG ": no randomness for the context key\n");
            return 1;
        }
        k->bytes = k->random;
        k->len = sizeof k->random;
        LOG(LOG_WARN,
            "CHAT_CONTEXT_KEY is not set: using a random per-process key, so conversations "
            "do not carry over between replicas or restarts");
    } else if (k->len < 16) {
        LOG(LOG_WARN, "CHAT_CONTEXT_KEY is shorter than 16 bytes: contexts are easier to forge");
    }
    return 0;
}

/* --threads 0: CHAT_THREADS_PER_CORE for each online core. */
static int default_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return CHAT_THREADS_PER_CORE * (cores > 0 ? (int)cores : 2);
}

/* Builds the backend, engine and service and serves them until
 * SIGTERM/SIGINT; the process's exit code (2 after one line on stderr when
 * --todo-addr is unusable). */
static int serve(const chat_opts_t *o, const context_key_t *key)
{
    tc_status_t st = {0};
    chat_backend_rpc_t *backend =
        chat_backend_rpc_create(o->todo_addr, (size_t)o->cache_mb << 20, &st);
    if (!backend) {
        fprintf(stderr, PROG ": --todo-addr %s: %s\n", o->todo_addr, st.message);
        return 2;
    }
    chat_engine_config_t ecfg = {chat_backend_rpc_backend(backend), key->bytes, key->len};
    chat_engine_t *engine = chat_engine_create(&ecfg);
    chat_service_t *svc = chat_service_create(engine);

    const char *const fields[] = {"todo_addr", o->todo_addr, NULL};
    rpc_service_spec_t spec = {
        .prog = PROG,
        .listen = o->listen,
        .metrics_listen = o->metrics_listen,
        .descriptor_set = chat_svc_descriptor,
        .descriptor_set_len = chat_svc_descriptor_len,
        .register_services = register_chat,
        .ctx = svc,
        .started_fields = fields,
        .threads = o->n_threads > 0 ? o->n_threads : default_threads(),
    };
    int rc = rpc_service_run(&spec);
    chat_service_destroy(svc);
    chat_engine_destroy(engine);
    chat_backend_rpc_destroy(backend);
    chat_tz_cache_clear();
    if (rc != 0)
        return rc;
    LOG(LOG_INFO, "stopped");
    return 0;
}

int main(int argc, char **argv)
{
    chat_opts_t o = {0};
    int rc = parse_flags(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (o.probe)
        return rpc_service_probe(PROG, o.listen);

    tc_lifecycle_block_signals();
    tc_log_init(PROG, NULL);
    context_key_t key;
    if (pick_context_key(o.context_key, &key) != 0)
        return 1;
    return serve(&o, &key);
}
