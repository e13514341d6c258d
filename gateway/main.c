/* gateway: HTTP/JSON + SSE + the web UI in front of todo-svc and chat-svc. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "config.h"
#include "rpc_service.h"
#include "gw_server.h"
#include "lifecycle.h"
#include "log.h"
#include "metrics.h"
#include "net.h"
#include "xalloc.h"

/* GET /healthz on the listen address; 0 iff it answers 200. */
static int probe(const char *listen_addr)
{
    char target[300];
    struct sockaddr_storage ss;
    socklen_t len;
    if (tc_net_probe_target(listen_addr, target, sizeof(target)) != 0 ||
        tc_net_parse_listen(target, &ss, &len) != 0) {
        fprintf(stderr, "gateway: --probe: bad --listen %s\n", listen_addr);
        return 2;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 1;
    struct timeval tv = {.tv_sec = 2};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *)&ss, len) != 0) {
        fprintf(stderr, "gateway: --probe: cannot connect to %s: %s\n", target, strerror(errno));
        close(fd);
        return 1;
    }
    static const char req[] = "GET /healthz HTTP/1.0\r\nHost: probe\r\n\r\n";
    if (write(fd, req, sizeof(req) - 1) != (ssize_t)(sizeof(req) - 1)) {
        close(fd);
        return 1;
    }
    char buf[64] = {0};
    size_t got = 0;
    while (got < 12) {
        ssize_t r = read(fd, buf + got, sizeof(buf) - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    int ok = got >= 12 && strncmp(buf, "HTTP/1.", 7) == 0 && strncmp(buf + 9, "200", 3) == 0;
    if (!ok)
        fprintf(stderr, "gateway: --probe: %s/healthz did not answer 200\n", target);
    return ok ? 0 : 1;
}

/* An integer flag: its name, its text, the largest value and where it goes. */
typedef struct int_flag {
    const char *name;
    const char *value;
    long max;
    int *out;
} int_flag_t;

/* Runs the gateway with cfg until SIGTERM/SIGINT; the process's exit code. */
static int serve(const gw_config_t *cfg, const char *log_level)
{
    /* Every open connection and SSE stream is a descriptor: use the hard limit. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }

    tc_lifecycle_block_signals();
    tc_log_init("gateway", log_level);
    tc_json_init_hooks();
    tc_metrics_set_build_info("gateway", TC_VERSION);

    tc_status_t st;
    tc_status_clear(&st);
    gw_server_t *srv = gw_server_create(cfg, &st);
    if (!srv) {
        fprintf(stderr, "gateway: %s\n", st.message);
        return 1;
    }
    char bound[300], metrics_bound[300];
    if (gw_server_start(srv, bound, sizeof(bound), metrics_bound, sizeof(metrics_bound), &st) !=
        0) {
        fprintf(stderr, "gateway: %s\n", st.message);
        gw_server_destroy(srv);
        return 1;
    }
    if (strcmp(metrics_bound, "off") != 0)
        fprintf(stderr, "metrics on %s\n", metrics_bound); /* before the line tests wait for */
    fprintf(stderr, "listening on %s\n", bound);
    LOG(LOG_INFO, "gateway started", "listen", bound, "metrics", metrics_bound, "todo_addr",
        cfg->todo_addr, "chat_addr", cfg->chat_addr, "ui_dir", cfg->ui_dir);

    int sig = tc_lifecycle_wait_for_signal();
    LOG(LOG_INFO, "draining", "signal", sig == 15 ? "SIGTERM" : "SIGINT");
    gw_server_drain(srv, tc_lifecycle_grace_ms());
    gw_server_destroy(srv);
    LOG(LOG_INFO, "stopped");
    return 0;
}

/* The command line: each flag's text, before any is read as a number. */
typedef struct gw_flags {
    const char *listen_addr, *todo_addr, *chat_addr, *ui_dir, *id_key, *deadline, *threads,
        *workers, *max_conns, *timeout, *heartbeat, *max_streams, *list_cache, *log_level,
        *probe_flag, *metrics_listen, *request_timeout, *legacy_sids;
} gw_flags_t;

/* Parses the flags into *f and checks the listen addresses. Returns -1 to go
 * on, else the exit code: 0 after --help/--version, 2 after one line on
 * stderr naming the bad flag. */
static int parse_flags(int argc, char **argv, gw_flags_t *f)
{
    tc_config_flag_t flags[] = {
        {"listen", "GATEWAY_LISTEN", "0.0.0.0:8080", "HTTP listen address HOST:PORT (port 0 = any)",
         &f->listen_addr, false},
        {"todo-addr", "TODO_ADDR", "localhost:50051", "todo-svc gRPC target", &f->todo_addr, false},
        {"chat-addr", "CHAT_ADDR", "localhost:50052", "chat-svc gRPC target", &f->chat_addr, false},
        {"ui-dir", "UI_DIR", "ui", "directory with the web UI files", &f->ui_dir, false},
        {"metrics-listen", "GATEWAY_METRICS_LISTEN", "0.0.0.0:9092",
         "Prometheus /metrics address HOST:PORT, or off (never on the public --listen)",
         &f->metrics_listen, false},
        {"id-key", "GATEWAY_ID_KEY", NULL,
         "secret key that user ids and sid cookies derive from; keep it: a new key hides every "
         "user's todos (random per process when unset)",
         &f->id_key, false},
        {"legacy-sids", "GATEWAY_LEGACY_SIDS", "0",
         "1 = GET / signs the unsigned sid cookie an earlier release issued, keeping its user "
         "(for upgrades; it also lets a planted sid of that form through)",
         &f->legacy_sids, false},
        {"request-timeout-ms", "GATEWAY_REQUEST_TIMEOUT_MS", "10000",
         "a new connection's first request (head and body) must arrive within this, else 408",
         &f->request_timeout, false},
        {"deadline-ms", "GATEWAY_DEADLINE_MS", "2000", "deadline of every upstream call in ms",
         &f->deadline, false},
        {"threads", "GATEWAY_THREADS", "0",
         "HTTP event-loop threads (never block; 0 = one per core, at most 8)", &f->threads, false},
        {"workers", "GATEWAY_WORKERS", "64",
         "threads for upstream calls (queue: 4 x workers, then 503)", &f->workers, false},
        {"max-connections", "GATEWAY_MAX_CONNECTIONS", "1024", "open HTTP connections at most",
         &f->max_conns, false},
        {"conn-timeout-s", "GATEWAY_CONN_TIMEOUT_S", "30", "idle HTTP connection timeout in s",
         &f->timeout, false},
        {"sse-heartbeat-ms", "GATEWAY_SSE_HEARTBEAT_MS", "15000",
         "interval of SSE heartbeat comments in ms", &f->heartbeat, false},
        {"max-streams", "GATEWAY_MAX_STREAMS", "1000", "open SSE streams at most", &f->max_streams,
         false},
        {"list-cache-mb", "GATEWAY_LIST_CACHE_MB", "64",
         "memory for cached GET /api/todos answers, kept coherent by todo-svc's change stream "
         "(0 = no cache)",
         &f->list_cache, false},
        {"log-level", "LOG_LEVEL", "info", "debug, info, warn or error", &f->log_level, false},
        {"probe", NULL, NULL, "exit 0 iff GET /healthz on --listen answers 200", &f->probe_flag,
         true},
    };
    char err[256];
    int rc = tc_config_parse("gateway", "HTTP/JSON gateway and web UI for todo-chatbot.", flags,
                             sizeof(flags) / sizeof(flags[0]), argc, argv, err, sizeof(err));
    if (rc == TC_CONFIG_EXIT)
        return 0;
    if (rc != TC_CONFIG_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    if (rpc_service_check_listen_flags("gateway", f->listen_addr, f->metrics_listen) != 0)
        return 2;
    return -1;
}

/* Fills *cfg from the flags, reading the numeric ones. Returns 0, or 2 after
 * one line on stderr naming the bad flag. */
static int make_config(const gw_flags_t *f, gw_config_t *cfg)
{
    *cfg = (gw_config_t){.listen = f->listen_addr,
                         .todo_addr = f->todo_addr,
                         .chat_addr = f->chat_addr,
                         .ui_dir = f->ui_dir,
                         .id_key = f->id_key,
                         .metrics_listen = f->metrics_listen};
    int legacy = 0;
    const int_flag_t numbers[] = {
        {"deadline-ms", f->deadline, 600000, &cfg->deadline_ms},
        {"threads", f->threads, 1024, &cfg->threads},
        {"workers", f->workers, 4096, &cfg->workers},
        {"max-connections", f->max_conns, 1000000, &cfg->max_connections},
        {"conn-timeout-s", f->timeout, 86400, &cfg->conn_timeout_s},
        {"sse-heartbeat-ms", f->heartbeat, 3600000, &cfg->sse_heartbeat_ms},
        {"max-streams", f->max_streams, 1000000, &cfg->max_streams},
        {"list-cache-mb", f->list_cache, 65536, &cfg->list_cache_mb},
        {"request-timeout-ms", f->request_timeout, 3600000, &cfg->request_timeout_ms},
        {"legacy-sids", f->legacy_sids, 1, &legacy},
    };
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
        if (rpc_service_int_flag("gateway", numbers[i].name, numbers[i].value, numbers[i].max,
                                 numbers[i].out))
            return 2;
    cfg->legacy_sids = legacy == 1;
    if (cfg->deadline_ms == 0 || cfg->request_timeout_ms == 0) {
        fprintf(stderr, "gateway: --deadline-ms and --request-timeout-ms must be > 0\n");
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    gw_flags_t f = {0};
    int rc = parse_flags(argc, argv, &f);
    if (rc >= 0)
        return rc;
    if (f.probe_flag)
        return probe(f.listen_addr);
    gw_config_t cfg;
    if (make_config(&f, &cfg) != 0)
        return 2;
    return serve(&cfg, f.log_level);
}
