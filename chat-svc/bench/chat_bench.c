/* chat_bench: CPU cost of one Converse turn inside chat-svc (understanding,
 * reference resolution, state signing, reply wording) on the in-memory
 * backend, so todo-svc and the network are not measured.
 *
 * usage: chat_bench [TURNS] [TODOS]   (default 20000 turns, 50 todos)
 * Prints microseconds of CPU per turn, overall and per message kind, and
 * how many backend calls (todo-svc RPCs in the server) each kind makes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "chat_backend_mem.h"
#include "chat_engine.h"
#include "chat_tz.h"

static void *b_alloc(void *d, size_t n)
{
    return tc_arena_alloc(d, n);
}

static void b_free(void *d, void *p)
{
    (void)d;
    (void)p;
}

static double cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* A backend that counts the calls it passes on to the in-memory one: in
 * chat-svc each is one RPC to todo-svc. */
enum { C_CREATE, C_GET, C_LIST, C_UPDATE, C_REMOVE, C_KINDS };
static long calls[C_KINDS];
static chat_backend_t inner;

static int c_create(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                    const char *request_id, Todo__V1__Todo **out, tc_status_t *st)
{
    calls[C_CREATE]++;
    return inner.create(self, call, todo, request_id, out, st);
}

static int c_get(void *self, const chat_call_t *call, const char *id, Todo__V1__Todo **out,
                 tc_status_t *st)
{
    calls[C_GET]++;
    return inner.get(self, call, id, out, st);
}

static int c_list(void *self, const chat_call_t *call, const chat_list_query_t *q,
                  Todo__V1__Todo ***out, size_t *n, char **next, tc_status_t *st)
{
    calls[C_LIST]++;
    return inner.list(self, call, q, out, n, next, st);
}

static int c_update(void *self, const chat_call_t *call, const Todo__V1__Todo *todo,
                    const char *const *paths, size_t n_paths, Todo__V1__Todo **out, tc_status_t *st)
{
    calls[C_UPDATE]++;
    return inner.update(self, call, todo, paths, n_paths, out, st);
}

static int c_remove(void *self, const chat_call_t *call, const char *id, tc_status_t *st)
{
    calls[C_REMOVE]++;
    return inner.remove(self, call, id, st);
}

static const char *const messages[] = {
    "remind me to call mom tomorrow at 5pm",
    "what's on my list?",
    "mark the milk one done",
    "move the dentist to next friday at 3",
    "anything overdue?",
    "reopen buy milk",
    "hi",
    "asdf qwer zxcv",
};

/* A turn of user "bench" in Europe/Berlin at a fixed time, no deadline. */
static chat_turn_t bench_turn(const char *msg, const char *ctx)
{
    return (chat_turn_t){.user_id = "bench",
                         .message = msg,
                         .message_len = strlen(msg),
                         .context = ctx,
                         .timezone = "Europe/Berlin",
                         .has_now = true,
                         .now_ms = 1795791600000,
                         .deadline_ms = INT64_MAX};
}

int main(int argc, char **argv)
{
    long turns = argc > 1 ? atol(argv[1]) : 20000;
    long todos = argc > 2 ? atol(argv[2]) : 50;
    chat_backend_mem_t *m = chat_backend_mem_create();
    static const unsigned char key[] = "bench-key-0123456789";
    inner = chat_backend_mem_backend(m);
    chat_backend_t counted = {.self = inner.self,
                              .create = c_create,
                              .get = c_get,
                              .list = c_list,
                              .update = c_update,
                              .remove = c_remove};
    chat_engine_config_t cfg = {counted, key, sizeof key - 1};
    chat_engine_t *e = chat_engine_create(&cfg);
    tc_arena_t *a = tc_arena_create();
    ProtobufCAllocator mem = {b_alloc, b_free, a};
    chat_result_t res;
    tc_status_t st;
    char msg[128];
    for (long i = 0; i < todos; i++) {
        snprintf(msg, sizeof msg, "add task number %ld about topic %ld", i, i % 7);
        chat_turn_t in = bench_turn(msg, "");
        chat_engine_turn(e, &in, &mem, &res, &st);
    }
    const char *adds[] = {"add buy milk", "add dentist appointment"};
    for (int i = 0; i < 2; i++) {
        chat_turn_t in = bench_turn(adds[i], "");
        chat_engine_turn(e, &in, &mem, &res, &st);
    }
    tc_arena_destroy(a);
    size_t nk = sizeof messages / sizeof *messages;
    double per_kind[16] = {0};
    long per_kind_calls[16][C_KINDS] = {{0}};
    long count[16] = {0};
    const char *ctx = "";
    double total = 0;
    for (long i = 0; i < turns; i++) {
        size_t k = (size_t)i % nk;
        a = tc_arena_create();
        mem.allocator_data = a;
        /* undo what changed so the store stays the same size */
        chat_turn_t in = bench_turn(messages[k], ctx);
        long before[C_KINDS];
        memcpy(before, calls, sizeof calls);
        double t0 = cpu_us();
        int rc = chat_engine_turn(e, &in, &mem, &res, &st);
        double dt = cpu_us() - t0;
        for (int c = 0; c < C_KINDS; c++)
            per_kind_calls[k][c] += calls[c] - before[c];
        if (rc) {
            fprintf(stderr, "turn failed: %s\n", st.message);
            return 1;
        }
        if (k == 0) { /* keep the list from growing: undo the add */
            chat_turn_t u = bench_turn("undo", res.context);
            chat_engine_turn(e, &u, &mem, &res, &st);
        }
        per_kind[k] += dt;
        count[k]++;
        total += dt;
        tc_arena_destroy(a);
        ctx = "";
    }
    printf("chat_bench: %ld turns, %ld todos in the list\n", turns, todos + 2);
    printf("  %-40s %8s   backend calls/turn: list get create update remove\n", "", "");
    for (size_t k = 0; k < nk; k++) {
        printf("  %-40s %8.1f us/turn", messages[k], per_kind[k] / (double)count[k]);
        static const int order[C_KINDS] = {C_LIST, C_GET, C_CREATE, C_UPDATE, C_REMOVE};
        for (int c = 0; c < C_KINDS; c++)
            printf("%s%.1f", c ? "/" : "   ",
                   (double)per_kind_calls[k][order[c]] / (double)count[k]);
        printf("\n");
    }
    printf("overall: %.1f us of CPU per turn\n", total / (double)turns);
    chat_engine_destroy(e);
    chat_backend_mem_destroy(m);
    chat_tz_cache_clear();
    return 0;
}
