/* chat_service: the Converse handler. */
#include "chat_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat/v1/chat.pb-c.h"
#include "log.h"
#include "metrics.h"
#include "timeutil.h"
#include "xalloc.h"

#define INTENTS_TOTAL "chat_intents_total"
#define TURN_SECONDS  "chat_turn_seconds"

struct chat_service {
    chat_engine_t *engine;
    rpc_method_t methods[1];
};

static void *call_alloc(void *data, size_t n)
{
    return rpc_call_alloc(data, n);
}

static void call_free(void *data, void *p)
{
    (void)data;
    (void)p; /* freed with the call */
}

static int validate(const Chat__V1__ConverseRequest *req, tc_status_t *st)
{
    if (!req->user_id || !*req->user_id)
        return tc_status_set(st, TC_EINVAL, "user_id: must not be empty");
    if (strlen(req->user_id) > CHAT_USER_ID_MAX)
        return tc_status_set(st, TC_EINVAL, "user_id: must be at most %d bytes", CHAT_USER_ID_MAX);
    size_t n = req->message ? strlen(req->message) : 0;
    if (n == 0)
        return tc_status_set(st, TC_EINVAL, "message: must not be empty");
    if (n > CHAT_MESSAGE_MAX)
        return tc_status_set(st, TC_EINVAL, "message: must be 1-%d bytes (got %zu)",
                             CHAT_MESSAGE_MAX, n);
    if (req->timezone && strlen(req->timezone) > 64)
        return tc_status_set(st, TC_EINVAL, "timezone: not an IANA time zone name");
    return 0;
}

static int h_converse(void *ctx, rpc_call_t *call, const ProtobufCMessage *m,
                      ProtobufCMessage **resp, tc_status_t *st)
{
    chat_service_t *svc = ctx;
    const Chat__V1__ConverseRequest *req = (const Chat__V1__ConverseRequest *)m;
    int rc = validate(req, st);
    if (rc)
        return rc;
    double t0 = tc_mono_seconds();
    ProtobufCAllocator mem = {call_alloc, call_free, call};
    int64_t left = rpc_call_remaining_ms(call);
    chat_turn_t in = {
        .user_id = req->user_id,
        .message = req->message,
        .message_len = strlen(req->message),
        .context = req->context && strlen(req->context) <= CHAT_CONTEXT_MAX ? req->context : "",
        .timezone = req->timezone,
        .has_now = req->now != NULL,
        .now_ms = req->now ? tc_ts_to_ms(req->now) : 0,
        .deadline_ms = left == INT64_MAX ? INT64_MAX : tc_mono_ms() + left,
    };
    chat_result_t res;
    rc = chat_engine_turn(svc->engine, &in, &mem, &res, st);
    if (rc) {
        if (rc == TC_EUNAVAIL || rc == TC_EDEADLINE || rc == TC_EINTERNAL || rc == TC_EIO)
            LOG(LOG_WARN, "turn failed", "error", tc_errname(rc), "detail", st->message);
        return rc;
    }
    Chat__V1__ConverseResponse *out = rpc_call_alloc(call, sizeof *out);
    chat__v1__converse_response__init(out);
    out->reply = res.reply;
    out->intent = (char *)res.intent;
    out->todos = res.todos;
    out->n_todos = res.n_todos;
    out->context = res.context;
    out->suggestions = res.suggestions;
    out->n_suggestions = res.n_suggestions;
    *resp = &out->base;
    char labels[64];
    snprintf(labels, sizeof labels, "intent=\"%s\"", res.intent);
    tc_metrics_counter_add(INTENTS_TOTAL, labels, 1);
    tc_metrics_histogram_observe(TURN_SECONDS, NULL, tc_mono_seconds() - t0);
    LOG(LOG_DEBUG, "turn", "intent", res.intent);
    return 0;
}

chat_service_t *chat_service_create(chat_engine_t *engine)
{
    chat_service_t *svc = xcalloc(1, sizeof *svc);
    svc->engine = engine;
    svc->methods[0] = (rpc_method_t){.kind = RPC_UNARY, .unary = h_converse};
    tc_metrics_describe(INTENTS_TOTAL, "counter", "Converse turns by understood intent.");
    tc_metrics_describe(TURN_SECONDS, "histogram",
                        "Time to answer one Converse turn, todo-svc calls included.");
    return svc;
}

void chat_service_destroy(chat_service_t *svc)
{
    free(svc);
}

int chat_service_register(chat_service_t *svc, rpc_server_t *server)
{
    return rpc_server_add_service(server, &chat__v1__chat_service__descriptor, svc->methods, svc);
}
