/* A chat engine on the in-memory backend at the reference time, for the
 * engine's unit tests: setup/teardown for cmocka, and the state a test reads
 * after a turn (result, context, status). One engine key for every test:
 * contexts carry across turns as a client's would. */
#ifndef CHAT_ENGINE_FIXTURE_H
#define CHAT_ENGINE_FIXTURE_H

#include <string.h>

#include "test_util.h"

#include "chat_backend_mem.h"
#include "chat_engine.h"
#include "tc_err.h"

#define NOW_MS 1795791600000LL /* 2026-11-27T15:00:00Z, a Friday; 16:00 in Berlin */

static const unsigned char key[] = "engine-test-key-0123456789";

typedef struct fixture {
    chat_backend_mem_t *store;
    chat_engine_t *engine;
    ProtobufCAllocator mem;
    char *ctx;
    chat_result_t res;
    tc_status_t st;
} fixture_t;

/* A turn of user with message msg and context ctx, in Europe/Berlin at
 * now_ms, with no deadline. */
static inline chat_turn_t turn_at(const char *user, const char *msg, const char *ctx,
                                  int64_t now_ms)
{
    return (chat_turn_t){.user_id = user,
                         .message = msg,
                         .message_len = strlen(msg),
                         .context = ctx,
                         .timezone = "Europe/Berlin",
                         .has_now = true,
                         .now_ms = now_ms,
                         .deadline_ms = INT64_MAX};
}

static int setup(void **state)
{
    fixture_t *f = test_calloc(1, sizeof *f);
    f->store = chat_backend_mem_create();
    chat_backend_mem_set_clock(f->store, NOW_MS);
    chat_engine_config_t cfg = {chat_backend_mem_backend(f->store), key, sizeof key - 1};
    f->engine = chat_engine_create(&cfg);
    f->mem = test_mem();
    f->ctx = "";
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    chat_engine_destroy(f->engine);
    chat_backend_mem_destroy(f->store);
    test_mem_done(&f->mem);
    test_free(f);
    return 0;
}

#endif
