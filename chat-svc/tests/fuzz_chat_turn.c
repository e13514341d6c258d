/* libFuzzer target for message understanding: arbitrary bytes become a
 * message, a context string, a time zone and a reference time, and run
 * through whole engine turns on the in-memory backend (tokenizer, dates,
 * intents, references, state decoding, replies). Input layout:
 *   byte 0: zone index; bytes 1-4: minutes offset of now;
 *   rest split at the first 0xFF: message, then context.
 * Two turns run so a reply's own context is decoded again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "chat_backend_mem.h"
#include "chat_engine.h"
#include "chat_reply.h"
#include "chat_tz.h"

static void *f_alloc(void *d, size_t n)
{
    return tc_arena_alloc(d, n);
}

static void f_free(void *d, void *p)
{
    (void)d;
    (void)p;
}

static const char *const zones[] = {"UTC",          "Europe/Berlin",      "America/New_York",
                                    "Asia/Kolkata", "Australia/Adelaide", "",
                                    "Not/AZone",    "../etc/passwd"};

static chat_backend_mem_t *store;
static chat_engine_t *engine;

/* A turn of user "fuzz" at now_ms, no deadline. */
static chat_turn_t fuzz_turn(const char *msg, size_t len, const char *ctx, const char *tz,
                             int64_t now_ms)
{
    return (chat_turn_t){.user_id = "fuzz",
                         .message = msg,
                         .message_len = len,
                         .context = ctx,
                         .timezone = tz,
                         .has_now = true,
                         .now_ms = now_ms,
                         .deadline_ms = INT64_MAX};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        store = chat_backend_mem_create();
        chat_backend_mem_set_clock(store, 1795791600000);
        static const unsigned char key[] = "fuzz-key";
        chat_engine_config_t cfg = {chat_backend_mem_backend(store), key, sizeof key - 1};
        engine = chat_engine_create(&cfg);
        /* a few todos so references have something to resolve against */
        const char *seed[] = {"add buy milk tomorrow", "add call mom at 5pm #family",
                              "add pay rent by friday p1", "add buy oat milk"};
        tc_arena_t *a = tc_arena_create();
        ProtobufCAllocator m = {f_alloc, f_free, a};
        for (size_t i = 0; i < 4; i++) {
            chat_turn_t in = fuzz_turn(seed[i], strlen(seed[i]), "", "UTC", 1795791600000);
            chat_result_t r;
            tc_status_t st;
            chat_engine_turn(engine, &in, &m, &r, &st);
        }
        tc_arena_destroy(a);
    }
    if (size < 5 || size > 4000)
        return 0;
    const char *tz = zones[data[0] % (sizeof zones / sizeof *zones)];
    int32_t mins;
    memcpy(&mins, data + 1, 4);
    int64_t now = 1795791600000 + (int64_t)(mins % (60 * 24 * 800)) * 60000;
    const uint8_t *rest = data + 5;
    size_t rn = size - 5;
    const uint8_t *sep = memchr(rest, 0xFF, rn);
    size_t mlen = sep ? (size_t)(sep - rest) : rn;
    char *msg = malloc(mlen + 1);
    memcpy(msg, rest, mlen);
    msg[mlen] = '\0';
    size_t clen = sep ? rn - mlen - 1 : 0;
    char *ctx = malloc(clen + 1);
    if (clen)
        memcpy(ctx, sep + 1, clen);
    ctx[clen] = '\0';
    tc_arena_t *a = tc_arena_create();
    ProtobufCAllocator m = {f_alloc, f_free, a};
    chat_turn_t in = fuzz_turn(msg, mlen, ctx, tz, now);
    chat_result_t r;
    tc_status_t st;
    if (chat_engine_turn(engine, &in, &m, &r, &st) == 0) {
        /* the reply is a string, the context decodes, and a follow-up works */
        if (!r.reply || !r.intent || !r.context)
            abort();
        /* the reply must be valid UTF-8 (a protobuf string) */
        size_t rl = strlen(r.reply);
        char *copy = malloc(rl + 1);
        memcpy(copy, r.reply, rl + 1);
        chat_reply_fix_utf8(copy);
        if (memcmp(copy, r.reply, rl) != 0)
            abort();
        free(copy);
        chat_turn_t again = fuzz_turn("yes", 3, r.context, tz, now);
        chat_engine_turn(engine, &again, &m, &r, &st);
    }
    tc_arena_destroy(a);
    free(msg);
    free(ctx);
    /* keep the store small: the fuzzer adds todos */
    if (chat_backend_mem_count(store, "fuzz") > 40) {
        chat_engine_destroy(engine);
        chat_backend_mem_destroy(store);
        engine = NULL;
        store = NULL;
    }
    return 0;
}
