/* chat_bench: CPU cost of one Converse turn inside chat-svc (understanding,
 * reference resolution, state signing, reply wording) on the in-memory
 * backend, so todo-svc and the network are not measured.
 *
 * usage: chat_bench [TURNS] [TODOS]   (default 20000 turns, 50 todos)
 * Prints microseconds of CPU per turn, overall and per message kind. */
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

int main(int argc, char **argv)
{
    long turns = argc > 1 ? atol(argv[1]) : 20000;
    long todos = argc > 2 ? atol(argv[2]) : 50;
    chat_backend_mem_t *m = chat_backend_mem_create();
    static const unsigned char key[] = "bench-key-0123456789";
    chat_engine_config_t cfg = {chat_backend_mem_backend(m), key, sizeof key - 1};
    chat_engine_t *e = chat_engine_create(&cfg);
    tc_arena_t *a = tc_arena_create();
    ProtobufCAllocator mem = {b_alloc, b_free, a};
    chat_result_t res;
    tc_status_t st;
    char msg[128];
    for (long i = 0; i < todos; i++) {
        snprintf(msg, sizeof msg, "add task number %ld about topic %ld", i, i % 7);
        chat_turn_t in = {"bench",         msg,  strlen(msg),   "",
                          "Europe/Berlin", true, 1795791600000, INT64_MAX};
        chat_engine_turn(e, &in, &mem, &res, &st);
    }
    const char *adds[] = {"add buy milk", "add dentist appointment"};
    for (int i = 0; i < 2; i++) {
        chat_turn_t in = {"bench",         adds[i], strlen(adds[i]), "",
                          "Europe/Berlin", true,    1795791600000,   INT64_MAX};
        chat_engine_turn(e, &in, &mem, &res, &st);
    }
    tc_arena_destroy(a);
    size_t nk = sizeof messages / sizeof *messages;
    double per_kind[16] = {0};
    long count[16] = {0};
    const char *ctx = "";
    double total = 0;
    for (long i = 0; i < turns; i++) {
        size_t k = (size_t)i % nk;
        a = tc_arena_create();
        mem.allocator_data = a;
        /* undo what changed so the store stays the same size */
        chat_turn_t in = {"bench",         messages[k], strlen(messages[k]), ctx,
                          "Europe/Berlin", true,        1795791600000,       INT64_MAX};
        double t0 = cpu_us();
        int rc = chat_engine_turn(e, &in, &mem, &res, &st);
        double dt = cpu_us() - t0;
        if (rc) {
            fprintf(stderr, "turn failed: %s\n", st.message);
            return 1;
        }
        if (k == 0) { /* keep the list from growing: undo the add */
            chat_turn_t u = {"bench", "undo",        4,        res.context, "Europe/Berlin",
                             true,    1795791600000, INT64_MAX};
            chat_engine_turn(e, &u, &mem, &res, &st);
        }
        per_kind[k] += dt;
        count[k]++;
        total += dt;
        tc_arena_destroy(a);
        ctx = "";
    }
    printf("chat_bench: %ld turns, %ld todos in the list\n", turns, todos + 2);
    for (size_t k = 0; k < nk; k++)
        printf("  %-40s %8.1f us/turn\n", messages[k], per_kind[k] / (double)count[k]);
    printf("overall: %.1f us of CPU per turn\n", total / (double)turns);
    chat_engine_destroy(e);
    chat_backend_mem_destroy(m);
    chat_tz_cache_clear();
    return 0;
}
