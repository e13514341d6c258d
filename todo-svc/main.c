/* todo-svc: serves todo.v1.TodoService (plus health and reflection) over
 * gRPC from a SQLite file or a PostgreSQL database (--db postgresql://...).
 *
 * Start-up failures (bad flag, unusable --db, busy port) print exactly one
 * line on stderr and exit non-zero; once bound it prints
 * `listening on HOST:PORT`. SIGTERM/SIGINT drain and exit 0. With
 * --copy-from it serves nothing: it copies that database into --db and exits
 * (store_copy.h). */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "lifecycle.h"
#include "rpc_service.h"
#include "log.h"
#include "store.h"
#include "store_copy.h"
#include "tc_err.h"
#include "todo_service.h"

extern const unsigned char todo_svc_descriptor[];
extern const size_t todo_svc_descriptor_len;

#define PROG "todo-svc"

static int register_todo(void *ctx, rpc_server_t *server)
{
    return todo_service_register(ctx, server);
}

/* --copy-from: copies every todo and request id of from into to
 * (store_copy.h), prints one summary line on stdout and returns the exit
 * status: 0 when everything is on the target, 1 otherwise (one line on
 * stderr: an unusable database, a conflict naming the id). */
static int copy_mode(const char *from, const char *to)
{
    char shown_from[512], shown_to[512], snap[4096];
    todo_store_redact(from, shown_from, sizeof shown_from);
    todo_store_redact(to, shown_to, sizeof shown_to);
    tc_status_t st = {0};
    todo_store_t *src = todo_copy_open_source(from, snap, sizeof snap, &st);
    todo_store_t *dst = src ? todo_store_create(to, &st) : NULL;
    if (!dst) {
        fprintf(stderr, PROG ": %s (--%s %s)\n", st.message, src ? "db" : "copy-from",
                src ? shown_to : shown_from);
        todo_copy_close_source(src, snap);
        return 1;
    }
    todo_copy_stats_t n;
    int rc = todo_copy_run(src, dst, &n, &st);
    printf("copied users=%zu todos=%zu todos_skipped=%zu request_ids=%zu request_ids_skipped=%zu"
           " conflicts=%zu from=%s to=%s\n",
           n.users, n.todos, n.todos_skipped, n.requests, n.requests_skipped, n.conflicts,
           shown_from, shown_to);
    fflush(stdout);
    if (rc != 0)
        fprintf(stderr, PROG ": copy %s: %s\n", rc == TC_EEXISTS ? "incomplete" : "stopped",
                st.message);
    todo_store_destroy(dst);
    todo_copy_close_source(src, snap);
    return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *listen, *db, *metrics_listen, *do_probe, *copy_from;
    tc_config_flag_t flags[] = {
        {"listen", "TODO_LISTEN", "0.0.0.0:50051", "gRPC address HOST:PORT (port 0 picks one)",
         &listen, false},
        {"db", "TODO_DB", "todos.db",
         "SQLite database file (:memory: keeps nothing on disk), or a PostgreSQL URI"
         " postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?...] shared by replicas",
         &db, false},
        {"metrics-listen", "TODO_METRICS_LISTEN", "0.0.0.0:9090",
         "Prometheus /metrics address HOST:PORT, or off", &metrics_listen, false},
        {"probe", NULL, NULL, "exit 0 iff the server at --listen reports SERVING, then exit",
         &do_probe, true},
        {"copy-from", "TODO_COPY_FROM", NULL,
         "copy every todo and request id of this database (a SQLite file, read only, or a"
         " PostgreSQL URI) into --db, print one summary line, then exit",
         &copy_from, false},
    };
    char err[512];
    int rc = tc_config_parse(PROG, "The todo storage service: todo.v1.TodoService over gRPC.",
                             flags, sizeof flags / sizeof flags[0], argc, argv, err, sizeof err);
    if (rc == TC_CONFIG_EXIT)
        return 0;
    if (rc != TC_CONFIG_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    if (copy_from && *copy_from)
        return copy_mode(copy_from, db);
    rc = rpc_service_check_listen_flags(PROG, listen, metrics_listen);
    if (rc != 0)
        return rc;
    if (do_probe)
        return rpc_service_probe(PROG, listen);

    tc_lifecycle_block_signals();
    tc_log_init(PROG, NULL);

    tc_status_t st = {0};
    char shown[512]; /* --db without its password, for messages and logs */
    todo_store_redact(db, shown, sizeof shown);
    todo_store_t *store = todo_store_create(db, &st);
    if (!store) {
        fprintf(stderr, PROG ": %s (--db %s)\n", st.message, shown);
        return 1;
    }
    todo_service_t *svc = todo_service_create(store);

    const char *const fields[] = {"db", shown, NULL};
    rpc_service_spec_t spec = {
        .prog = PROG,
        .listen = listen,
        .metrics_listen = metrics_listen,
        .descriptor_set = todo_svc_descriptor,
        .descriptor_set_len = todo_svc_descriptor_len,
        .register_services = register_todo,
        .ctx = svc,
        .started_fields = fields,
    };
    rc = rpc_service_run(&spec);
    todo_service_destroy(svc);
    todo_store_destroy(store);
    if (rc != 0)
        return rc;
    LOG(LOG_INFO, "stopped");
    return 0;
}
