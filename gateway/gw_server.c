#include "gw_server.h"

#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "arena.h"
#include "gw_api.h"
#include "gw_err.h"
#include "gw_gate.h"
#include "gw_head.h"
#include "gw_ident.h"
#include "gw_json.h"
#include "gw_pool.h"
#include "gw_ready.h"
#include "gw_route.h"
#include "gw_sse.h"
#include "gw_static.h"
#include "todo_cache_follower.h"
#include "todo_cache.h"
#include "log.h"
#include "metrics.h"
#include "net.h"
#include "timeutil.h"
#include "xalloc.h"
#include "todo/v1/todo.pb-c.h"
#include "chat/v1/chat.pb-c.h"

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct gw_server {
    gw_config_t cfg;
    gw_api_t api;
    gw_ident_t *ident;
    gw_static_t *files;
    gw_sse_hub_t *hub;
    gw_ready_t *ready;
    gw_pool_t *pool;                /* runs everything that may block on an upstream call */
    todo_cache_t *cache;            /* list bodies (NULL: --list-cache-mb 0) */
    todo_cache_follower_t *changes; /* keeps cache coherent with todo-svc */
    struct MHD_Daemon *daemon;
    gw_gate_t *gate;            /* accepts, and hands whole first requests to daemon */
    tc_metrics_http_t *metrics; /* GET /metrics on its own port (NULL: off) */
    int listen_fd;
    atomic_int inflight; /* requests being handled, SSE streams excluded */
    bool drained;
};

typedef struct gw_req {
    gw_server_t *srv;
    gw_route_t route;
    tc_arena_t *arena;
    char user[GW_IDENT_USER_LEN + 1];
    char *body;
    size_t body_len;
    bool too_large;
    bool inflight;
    int status;
    double t0;
    /* Pooled work (API routes, /readyz, the /api/events pre-check): the
     * connection is suspended while a gw_pool worker runs it. Everything the
     * worker reads is in q or its arena, never in MHD's buffers. */
    struct MHD_Connection *conn;
    bool submitted;         /* MHD thread only */
    atomic_bool done;       /* the worker's result below is complete */
    double t_submit;        /* the upstream deadline counts from here */
    gw_api_req_t api_req;   /* strings copied into arena */
    gw_api_resp_t api_resp; /* the handler's answer */
} gw_req_t;

/* ---- responses ---- */

static void add_common_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
}

static enum MHD_Result send_response(struct MHD_Connection *c, gw_req_t *q, int status,
                                     struct MHD_Response *r)
{
    add_common_headers(r);
    q->status = status;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

/* The contract's JSON error with code (a contract code string). */
static enum MHD_Result send_error_code(struct MHD_Connection *c, gw_req_t *q, int status,
                                       const char *code, const char *message)
{
    size_t len;
    char *body = gw_err_body(code, message, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (status == 405 && q->route.allow[0])
        MHD_add_response_header(r, "Allow", q->route.allow);
    if (status == 401)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
    if (status == 413 || strcmp(code, "bad_request") == 0 || status == 501)
        MHD_add_response_header(r, "Connection", "close"); /* the body is not read */
    return send_response(c, q, status, r);
}

static enum MHD_Result send_error(struct MHD_Connection *c, gw_req_t *q, int status,
                                  const char *message)
{
    return send_error_code(c, q, status, gw_err_code_for_status(status), message);
}

/* ---- static files, health, metrics ---- */

static bool accepts_gzip(struct MHD_Connection *c)
{
    const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
    return ae && strstr(ae, "gzip") != NULL;
}

/* True when the client reached us over HTTPS: a TLS-terminating proxy in
 * front says so in X-Forwarded-Proto (its first element). */
static bool came_over_https(struct MHD_Connection *c)
{
    const char *proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
    if (!proto)
        return false;
    while (*proto == ' ')
        proto++;
    return strncasecmp(proto, "https", 5) == 0 && (proto[5] == '\0' || strchr(", ", proto[5]));
}

/* The page hands out the session cookie the API uses when no token is sent:
 * a sid this gateway signed. One it did not sign is replaced, never adopted
 * (session fixation), except an unsigned sid of an older release when
 * cfg.legacy_sids says to keep those users. */
static void add_sid_cookie(gw_server_t *s, struct MHD_Connection *c, struct MHD_Response *r)
{
    const char *sid = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "sid");
    if (gw_ident_sid_valid(s->ident, sid))
        return;
    char fresh[GW_IDENT_SID_LEN + 1];
    if (!(s->cfg.legacy_sids && gw_ident_upgrade_sid(s->ident, sid, fresh)) &&
        gw_ident_new_sid(s->ident, fresh) != 0)
        return;
    char cookie[160];
    snprintf(cookie, sizeof(cookie),
             "sid=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000%s", fresh,
             came_over_https(c) ? "; Secure" : "");
    MHD_add_response_header(r, "Set-Cookie", cookie);
}

static enum MHD_Result serve_static(gw_server_t *s, struct MHD_Connection *c, gw_req_t *q,
                                    const char *url)
{
    gw_static_file_t f;
    int rc = gw_static_get(s->files, url, accepts_gzip(c), &f);
    if (rc != 0)
        return send_error(c, q, rc == TC_ENOTFOUND ? 404 : 500,
                          rc == TC_ENOTFOUND ? "no such file" : "cannot read file");
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    struct MHD_Response *r;
    int status = 200;
    if (gw_static_etag_matches(inm, f.etag)) {
        free(f.body);
        r = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
        status = 304;
    } else {
        r = MHD_create_response_from_buffer(f.len, f.body, MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(r, "Content-Type", f.content_type);
        if (f.gzipped)
            MHD_add_response_header(r, "Content-Encoding", "gzip");
    }
    MHD_add_response_header(r, "ETag", f.etag);
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    if (f.compressible)
        MHD_add_response_header(r, "Vary", "Accept-Encoding");
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
        add_sid_cookie(s, c, r);
    return send_response(c, q, status, r);
}

/* Scrape-time gauges (tc_metrics_set_collector), on the metrics port's thread. */
static void collect_metrics(void *data)
{
    gw_server_t *s = data;
    tc_metrics_gauge_set("gateway_sse_streams", NULL, (double)gw_sse_hub_count(s->hub));
    size_t queued = 0, running = 0;
    gw_pool_stats(s->pool, &queued, &running);
    tc_metrics_gauge_set("gateway_upstream_work", "state=\"queued\"", (double)queued);
    tc_metrics_gauge_set("gateway_upstream_work", "state=\"running\"", (double)running);
    if (s->cache) {
        todo_cache_stats_t cs;
        todo_cache_stats(s->cache, &cs);
        tc_metrics_gauge_set("gateway_list_cache_live", NULL, cs.live ? 1 : 0);
        tc_metrics_gauge_set("gateway_list_cache_bytes", NULL, (double)cs.bytes);
        tc_metrics_gauge_set("gateway_list_cache_users", NULL, (double)cs.users);
    }
}

/* ---- SSE ---- */

static void sse_on_message(void *data, const ProtobufCMessage *msg)
{
    const Todo__V1__TodoEvent *ev = (const Todo__V1__TodoEvent *)msg;
    char *json = gw_json_event(ev);
    if (json) {
        gw_sse_push(data, ev->type == TODO__V1__EVENT_TYPE__EVENT_REMINDER ? "reminder" : "todo",
                    json);
        free(json);
    }
}

static void sse_on_end(void *data, int code, const char *message)
{
    (void)message;
    if (code != TC_OK && code != TC_ECANCELLED) {
        char labels[96];
        snprintf(labels, sizeof(labels), "method=\"WatchTodos\",code=\"%s\"", tc_errname(code));
        tc_metrics_counter_add("gateway_upstream_errors_total", labels, 1);
    }
    gw_sse_end(data); /* the browser reconnects after the retry hint */
    gw_sse_unref(data);
}

static void sse_response_free(void *cls)
{
    tc_metrics_gauge_add("gateway_sse_streams_open", NULL, -1);
    gw_sse_response_free(cls);
}

/* After the row's handler found todo-svc up (run_job). */
static enum MHD_Result serve_events(gw_server_t *s, struct MHD_Connection *c, gw_req_t *q)
{
    tc_status_t st;
    tc_status_clear(&st);
    gw_sse_t *sse = gw_sse_open(s->hub, c, 2000);
    if (!sse)
        return send_error(c, q, 503, "too many open event streams");
    Todo__V1__WatchTodosRequest in = TODO__V1__WATCH_TODOS_REQUEST__INIT;
    in.user_id = q->user;
    rpc_client_stream_t *up = rpc_client_stream_start(s->api.todo, "WatchTodos", &in.base,
                                                      sse_on_message, sse_on_end, sse, &st);
    if (!up) {
        gw_sse_unref(sse);
        gw_sse_response_free(sse);
        int code = st.code ? st.code : TC_EUNAVAIL;
        const char *name;
        int status = gw_err_status(code, &name);
        return send_error(c, q, status, st.message[0] ? st.message : "todo-svc unavailable");
    }
    gw_sse_set_upstream(sse, up);
    tc_metrics_gauge_add("gateway_sse_streams_open", NULL, 1);
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, gw_sse_read,
                                                               sse, sse_response_free);
    MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Accel-Buffering", "no");
    if (q->inflight) { /* a stream is not a request to wait for when draining */
        q->inflight = false;
        atomic_fetch_sub(&s->inflight, 1);
    }
    return send_response(c, q, 200, r);
}

/* ---- API ---- */

static bool is_json_type(const char *ct)
{
    if (!ct)
        return false;
    while (*ct == ' ')
        ct++;
    size_t n = strlen("application/json");
    if (strncasecmp(ct, "application/json", n) != 0)
        return false;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* After the row's handler (gw_api_handle). */
static enum MHD_Result serve_api(struct MHD_Connection *c, gw_req_t *q)
{
    gw_api_resp_t *out = &q->api_resp;
    struct MHD_Response *r;
    if (out->status == 204) {
        free(out->body);
        r = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        r = MHD_create_response_from_buffer(out->len, out->body, MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(r, "Content-Type", "application/json");
    }
    out->body = NULL; /* MHD's now */
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (out->location)
        MHD_add_response_header(r, "Location", out->location);
    return send_response(c, q, out->status, r);
}

/* ---- pooled work: whatever may wait on an upstream runs on gw_pool ---- */

/* A job's answer when it is not run (overload, shutdown, no time left). */
static void job_fail(gw_req_t *q, int status, const char *message)
{
    gw_api_fail(&q->api_resp, status, message);
}

/* On a pool worker (may block): the row's handler, then the connection is
 * resumed and on_request answers from q. */
static void run_job(void *arg, bool cancelled)
{
    gw_req_t *q = arg;
    gw_server_t *s = q->srv;
    /* Time spent queued counts against the deadline: a client waits at
     * most the deadline however busy the pool is. */
    q->api_req.waited_ms = (int)((tc_mono_seconds() - q->t_submit) * 1000.0);
    gw_api_t api = s->api;
    api.deadline_ms = s->api.deadline_ms - q->api_req.waited_ms;
    if (cancelled)
        job_fail(q, 503, "the gateway is shutting down");
    else if ((gw_route_flags(&q->route) & GW_RF_UPSTREAM) && api.deadline_ms <= 0)
        job_fail(q, 504, "no gateway worker was free within the deadline");
    else
        gw_api_handle(&api, &q->api_req, &q->api_resp);
    atomic_store(&q->done, true);
    MHD_resume_connection(q->conn); /* q belongs to the MHD thread again */
}

static const char *arena_arg(gw_req_t *q, struct MHD_Connection *c, enum MHD_ValueKind kind,
                             const char *name)
{
    return tc_arena_strdup(q->arena, MHD_lookup_connection_value(c, kind, name));
}

/* Copies what an API handler reads (query, headers) into q's arena. */
static void fill_api_req(gw_req_t *q, struct MHD_Connection *c)
{
    const char *key = arena_arg(q, c, MHD_HEADER_KIND, "Idempotency-Key");
    q->api_req = (gw_api_req_t){
        .route = &q->route,
        .user_id = q->user,
        .body = q->body,
        .body_len = q->body_len,
        .idempotency_key = key && *key ? key : NULL,
        .arena = q->arena,
    };
    for (size_t i = 0; i < GW_JSON_Q_COUNT; i++)
        q->api_req.list.v[i] = arena_arg(q, c, MHD_GET_ARGUMENT_KIND, gw_json_query_names[i]);
}

/* Copies what the job reads, suspends the connection and queues the job; a
 * full queue (or a draining pool) is answered 503 at once. */
static enum MHD_Result submit_job(gw_server_t *s, struct MHD_Connection *c, gw_req_t *q)
{
    q->submitted = true;
    q->conn = c;
    if (!q->api_req.route)
        fill_api_req(q, c);
    q->t_submit = tc_mono_seconds();
    /* Suspended before the job can run, so the worker's resume always
     * follows this suspend. */
    MHD_suspend_connection(c);
    int rc = gw_pool_submit(s->pool, run_job, q);
    if (rc != 0) {
        if (rc == TC_ERESOURCE)
            tc_metrics_counter_add("gateway_overload_rejected_total", NULL, 1);
        job_fail(q, 503,
                 rc == TC_ERESOURCE ? "gateway overloaded" : "the gateway is shutting down");
        atomic_store(&q->done, true);
        MHD_resume_connection(c);
    }
    return MHD_YES;
}

/* ---- MHD callbacks ---- */

static enum MHD_Result add_framing_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                         const char *value)
{
    (void)kind;
    gw_head_framing_add(cls, key, strlen(key), value ? value : "", value ? strlen(value) : 0);
    return MHD_YES;
}

/* gw_gate judged a connection's first request; this judges the ones that
 * follow on a kept-alive connection by the same rules. */
static bool framing_ok(struct MHD_Connection *c, gw_head_verdict_t *v)
{
    gw_head_framing_t f = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, add_framing_field, &f);
    return gw_head_framing_judge(&f, v);
}

static enum MHD_Result first_call(gw_server_t *s, struct MHD_Connection *c, gw_req_t *q, bool *done)
{
    *done = true;
    unsigned flags = gw_route_flags(&q->route);
    gw_head_verdict_t v;
    if (!framing_ok(c, &v))
        return send_error_code(c, q, v.status, v.code, v.message);
    if (q->route.status == 404)
        return send_error(c, q, 404, "no such route");
    if (q->route.status == 405)
        return send_error(c, q, 405, "method not allowed here");
    if (flags & GW_RF_IDENTITY) {
        const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
        const char *sid = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "sid");
        if (gw_ident_user(s->ident, auth, sid, q->user) != 0)
            return send_error(c, q, 401,
                              "send Authorization: Bearer TOKEN (16-128 chars of A-Za-z0-9._~-) "
                              "or the sid cookie from GET /");
    }
    if (flags & GW_RF_BODY) {
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > GW_MAX_BODY)
            return send_error(c, q, 413, "request body over 64 KiB");
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        if (!is_json_type(ct))
            return send_error(c, q, 415, "send Content-Type: application/json");
    }
    *done = false;
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    gw_server_t *s = cls;
    gw_req_t *q = *con_cls;
    if (!q) {
        q = xcalloc(1, sizeof(*q));
        q->srv = s;
        q->t0 = tc_mono_seconds();
        q->arena = tc_arena_create();
        q->inflight = true;
        atomic_fetch_add(&s->inflight, 1);
        *con_cls = q;
        gw_route_match(gw_routes, method, url, &q->route);
        /* Errors found in the headers are answered now (MHD accepts a
         * response only before the body is read, and closes the connection
         * afterwards, which suits a refused upload). Everything else is
         * answered from the next call: a response queued on the first call
         * costs the keep-alive. */
        bool done;
        enum MHD_Result ret = first_call(s, c, q, &done);
        if (done)
            return ret;
        return MHD_YES;
    }
    if (q->status) { /* already answered (an early error): drop any body */
        *upload_size = 0;
        return MHD_YES;
    }
    unsigned flags = gw_route_flags(&q->route);
    if (*upload_size > 0 && !(flags & GW_RF_BODY)) {
        *upload_size = 0; /* a body on a route that takes none is ignored */
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!q->too_large) {
            if (q->body_len + *upload_size > GW_MAX_BODY) {
                q->too_large = true;
            } else {
                if (!q->body)
                    q->body = tc_arena_alloc(q->arena, GW_MAX_BODY + 1);
                memcpy(q->body + q->body_len, upload, *upload_size);
                q->body_len += *upload_size;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (q->too_large)
        return send_error(c, q, 413, "request body over 64 KiB");

    if (flags & GW_RF_FILE)
        return serve_static(s, c, q, url);
    if (flags & GW_RF_POOLED) {
        if (!q->submitted && (flags & GW_RF_CACHEABLE)) {
            fill_api_req(q, c);
            if (gw_api_list_cached(&s->api, &q->api_req, &q->api_resp))
                return serve_api(c, q); /* unchanged since todo-svc last answered */
        }
        if (!q->submitted)
            return submit_job(s, c, q);
        if (!atomic_load(&q->done))
            return MHD_YES; /* not resumed by the job yet */
    } else {
        q->api_req = (gw_api_req_t){.route = &q->route, .user_id = q->user, .arena = q->arena};
        gw_api_handle(&s->api, &q->api_req, &q->api_resp); /* never blocks */
    }
    if ((flags & GW_RF_STREAM) && q->api_resp.status == 0)
        return serve_events(s, c, q);
    return serve_api(c, q);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    gw_server_t *s = cls;
    gw_req_t *q = *con_cls;
    if (!q)
        return;
    *con_cls = NULL;
    const char *route = gw_route_label(&q->route);
    char labels[128];
    snprintf(labels, sizeof(labels), "route=\"%s\",code=\"%d\"", route, q->status);
    tc_metrics_counter_add("gateway_http_requests_total", labels, 1);
    if (!(gw_route_flags(&q->route) & GW_RF_STREAM)) {
        snprintf(labels, sizeof(labels), "route=\"%s\"", route);
        tc_metrics_histogram_observe("gateway_http_request_duration_seconds", labels,
                                     tc_mono_seconds() - q->t0);
    }
    if (q->status >= 500 || tc_log_min_level <= LOG_DEBUG) {
        char status[8], millis[24];
        snprintf(status, sizeof(status), "%d", q->status);
        snprintf(millis, sizeof(millis), "%.1f", (tc_mono_seconds() - q->t0) * 1000.0);
        LOG(q->status >= 500 ? LOG_WARN : LOG_DEBUG, "request", "route", route, "status", status,
            "ms", millis);
    }
    if (q->inflight)
        atomic_fetch_sub(&s->inflight, 1);
    free(q->api_resp.body); /* an answer never queued (connection gone) */
    tc_arena_destroy(q->arena);
    free(q);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char buf[256];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '\n')
        buf[--n] = '\0';
    LOG(LOG_DEBUG, "libmicrohttpd", "detail", buf);
}

/* ---- lifecycle ---- */

gw_server_t *gw_server_create(const gw_config_t *cfg, tc_status_t *st)
{
    gw_server_t *s = xcalloc(1, sizeof(*s));
    s->cfg = *cfg;
    s->listen_fd = -1;
    /* Retried on another replica when one dies mid-call (rpc_client.h):
     * reads; creates, which always carry a request_id (gw_api.c); updates,
     * which set fields, so a repeat leaves the same todo (and completing a
     * recurring one twice makes one next occurrence). DeleteTodo goes
     * through rpc_client_call_remove; Converse is not retried. */
    static const char *const todo_idem[] = {"GetTodo", "ListTodos", "CreateTodo", "UpdateTodo",
                                            NULL};
    s->api.deadline_ms = cfg->deadline_ms > 0 ? cfg->deadline_ms : 2000;
    s->api.todo =
        rpc_client_create(cfg->todo_addr, &todo__v1__todo_service__descriptor, todo_idem, st);
    if (!s->api.todo) {
        free(s);
        return NULL;
    }
    s->api.chat = rpc_client_create(cfg->chat_addr, &chat__v1__chat_service__descriptor, NULL, st);
    if (!s->api.chat) {
        rpc_client_destroy(s->api.todo);
        free(s);
        return NULL;
    }
    if (cfg->list_cache_mb > 0) {
        s->cache =
            todo_cache_create((size_t)cfg->list_cache_mb << 20, "gateway_list_cache_lookups_total");
        s->api.cache = s->cache;
        s->changes = todo_cache_follower_start(s->api.todo, s->cache);
    }
    bool random_key = false;
    s->ident = gw_ident_create(cfg->id_key, &random_key);
    if (random_key)
        LOG(LOG_WARN, "GATEWAY_ID_KEY is not set: using a random key, so user ids change when "
                      "the gateway restarts and differ between replicas");
    s->files = gw_static_create(cfg->ui_dir);
    s->hub = gw_sse_hub_create(cfg->sse_heartbeat_ms, cfg->max_streams);
    s->ready = gw_ready_create(s->api.todo, s->api.chat, 500, 1000);
    s->api.ready = s->ready;
    tc_metrics_describe("gateway_http_requests_total", "counter",
                        "HTTP requests by route and status");
    tc_metrics_describe("gateway_http_request_duration_seconds", "histogram",
                        "HTTP request latency by route (SSE excluded)");
    tc_metrics_describe("gateway_sse_streams_open", "gauge", "Open Server-Sent Events streams");
    tc_metrics_describe("gateway_sse_streams", "gauge",
                        "SSE streams still referenced (incl. closing)");
    tc_metrics_describe("gateway_upstream_errors_total", "counter",
                        "Failed upstream gRPC calls by method and code");
    tc_metrics_describe("gateway_upstream_work", "gauge",
                        "Requests handed to the upstream worker pool: queued or running");
    tc_metrics_describe("gateway_overload_rejected_total", "counter",
                        "Requests answered 503 at once because the worker pool queue was full");
    tc_metrics_describe("gateway_list_cache_live", "gauge",
                        "1 while the list cache follows todo-svc's changes and may answer");
    tc_metrics_describe("gateway_list_cache_bytes", "gauge", "Memory held by the list cache");
    tc_metrics_describe("gateway_list_cache_users", "gauge", "Users with state in the list cache");
    tc_metrics_gauge_set("gateway_sse_streams_open", NULL, 0);
    return s;
}

static int bind_listen(const char *listen_addr, int *fd_out, char *bound, size_t n, tc_status_t *st)
{
    struct sockaddr_storage ss;
    socklen_t len = 0;
    if (tc_net_parse_listen(listen_addr, &ss, &len) != 0)
        return tc_status_set(st, TC_EINVAL, "--listen %s: not HOST:PORT", listen_addr);
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return tc_status_set(st, TC_EIO, "socket: %s", strerror(errno));
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 1024) != 0) {
        int e = errno;
        close(fd);
        return tc_status_set(st, TC_EIO, "cannot listen on %s: %s", listen_addr, strerror(e));
    }
    struct sockaddr_storage got;
    socklen_t glen = sizeof(got);
    getsockname(fd, (struct sockaddr *)&got, &glen);
    tc_net_format_addr((struct sockaddr *)&got, bound, n);
    *fd_out = fd;
    return 0;
}

/* The gate's hand-over: the daemon takes the connection (and closes it when
 * it cannot). */
static void hand_to_daemon(void *data, int fd, const struct sockaddr *addr, socklen_t len)
{
    gw_server_t *s = data;
    MHD_add_connection(s->daemon, fd, addr, len);
}

/* The event loops never wait on a backend, so threads beyond the cores only
 * add context switches (and tail latency) under load. */
static unsigned event_threads(const gw_config_t *cfg)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cfg->threads > 0 ? (unsigned)cfg->threads
           : cores < 2      ? 2
           : cores > 8      ? 8
                            : (unsigned)cores;
}

/* libmicrohttpd's memory per connection: a whole 64 KiB head (gw_head's
 * limit) with room to parse it, so that size limits are ours to answer in
 * JSON. No more: libmicrohttpd zeroes all of it between two requests on a
 * connection (256 KiB cost 20 us a request). */
#define GW_MHD_POOL (80 * 1024)

/* The HTTP daemon, fed by the gate (no listening socket of its own). */
static struct MHD_Daemon *start_daemon(gw_server_t *s)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;
    return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_THREAD_POOL_SIZE,
                            event_threads(&s->cfg), MHD_OPTION_CONNECTION_LIMIT,
                            (unsigned)(s->cfg.max_connections > 0 ? s->cfg.max_connections : 1024),
                            MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned)(s->cfg.conn_timeout_s > 0 ? s->cfg.conn_timeout_s : 30),
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)GW_MHD_POOL,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_END);
}

static int start_gate(gw_server_t *s, tc_status_t *st)
{
    gw_gate_config_t gc = {
        .listen_fd = s->listen_fd,
        .deadline_ms = s->cfg.request_timeout_ms > 0 ? s->cfg.request_timeout_ms : 10000,
        .idle_ms = 1000 * (s->cfg.conn_timeout_s > 0 ? s->cfg.conn_timeout_s : 30),
        .max_body = GW_MAX_BODY,
        .max_pending = s->cfg.max_connections > 0 ? s->cfg.max_connections : 1024,
        .handoff = hand_to_daemon,
        .data = s,
    };
    s->gate = gw_gate_start(&gc, st);
    if (!s->gate)
        return st->code;
    s->listen_fd = -1; /* the gate's now */
    return 0;
}

static int start_metrics(gw_server_t *s, char *bound, size_t n, tc_status_t *st)
{
    const char *addr = s->cfg.metrics_listen;
    if (!addr || !*addr || strcmp(addr, "off") == 0) {
        if (bound)
            snprintf(bound, n, "off");
        return 0;
    }
    char tmp[300];
    tc_metrics_set_collector(collect_metrics, s);
    return tc_metrics_http_start(addr, &s->metrics, bound ? bound : tmp, bound ? n : sizeof tmp,
                                 st);
}

int gw_server_start(gw_server_t *s, char *bound, size_t bound_len, char *metrics_bound,
                    size_t metrics_bound_len, tc_status_t *st)
{
    int rc = bind_listen(s->cfg.listen, &s->listen_fd, bound, bound_len, st);
    if (rc != 0)
        return rc;
    int workers = s->cfg.workers > 0 ? s->cfg.workers : 64;
    s->pool = gw_pool_create(workers, 4 * workers, st);
    if (!s->pool)
        return st->code; /* destroy closes what is open */
    s->daemon = start_daemon(s);
    if (!s->daemon)
        return tc_status_set(st, TC_EIO, "cannot start the HTTP server on %s", bound);
    rc = start_gate(s, st);
    if (rc == 0)
        rc = start_metrics(s, metrics_bound, metrics_bound_len, st);
    return rc;
}

void gw_server_drain(gw_server_t *s, int grace_ms)
{
    if (!s || !s->daemon || s->drained)
        return;
    s->drained = true;
    gw_ready_set_draining(s->ready);
    gw_gate_stop_accepting(s->gate);
    int64_t until = tc_mono_ms() + grace_ms;
    while (atomic_load(&s->inflight) > 0 && tc_mono_ms() < until)
        usleep(10 * 1000);
    /* Pooled requests hold suspended connections, which MHD_stop_daemon must
     * not meet: jobs still queued are answered 503, running ones finish
     * (within the deadline); every one resumes its connection. */
    gw_pool_shutdown(s->pool);
    /* ... and the answers of those resumed connections go out before the
     * daemon stops (it would close them unanswered). */
    int64_t answer_until = tc_mono_ms() + 1000;
    while (atomic_load(&s->inflight) > 0 && tc_mono_ms() < answer_until)
        usleep(5 * 1000);
    gw_sse_hub_close_all(s->hub);
    int64_t sse_until = tc_mono_ms() + 1000;
    while (gw_sse_hub_count(s->hub) > 0 && tc_mono_ms() < sse_until)
        usleep(10 * 1000);
    gw_gate_destroy(s->gate); /* nothing is handed to the daemon after this */
    s->gate = NULL;
    MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
}

void gw_server_destroy(gw_server_t *s)
{
    if (!s)
        return;
    gw_server_drain(s, 0);
    gw_gate_destroy(s->gate); /* when start failed before the daemon ran */
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    tc_metrics_http_stop(s->metrics);
    tc_metrics_set_collector(NULL, NULL);
    todo_cache_follower_stop(s->changes);
    /* Ends any upstream stream still open: its on_end drops the last refs. */
    rpc_client_destroy(s->api.todo);
    rpc_client_destroy(s->api.chat);
    gw_pool_destroy(s->pool);
    todo_cache_destroy(s->cache);
    gw_sse_hub_destroy(s->hub);
    gw_ready_destroy(s->ready);
    gw_static_destroy(s->files);
    gw_ident_destroy(s->ident);
    free(s);
}
