/* Shared helpers for chat-svc unit tests: a turn allocator over lib's arena
 * and a fixed reference time. */
#ifndef CHAT_TEST_UTIL_H
#define CHAT_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <protobuf-c/protobuf-c.h>

#include "arena.h"
#include "chat_date.h"
#include "chat_tz.h"
#include "timeutil.h"

static void *test_arena_alloc(void *d, size_t n)
{
    return tc_arena_alloc(d, n);
}

static void test_arena_free(void *d, void *p)
{
    (void)d;
    (void)p;
}

/* A ProtobufCAllocator over a new arena; free with test_mem_done. */
static inline ProtobufCAllocator test_mem(void)
{
    ProtobufCAllocator m = {test_arena_alloc, test_arena_free, tc_arena_create()};
    return m;
}

static inline void test_mem_done(ProtobufCAllocator *m)
{
    tc_arena_destroy(m->allocator_data);
}

/* The tests' reference time, Friday 2026-11-27 15:00 UTC, in zone (an IANA
 * name chat_tz_load knows). */
static inline chat_date_ctx_t test_ctx(const char *zone)
{
    const chat_tz_t *tz;
    chat_tz_load(zone, &tz);
    int64_t ms;
    tc_rfc3339_parse("2026-11-27T15:00:00Z", &ms);
    chat_date_ctx_t c = {.now = ms / 1000, .tz = tz};
    return c;
}

#endif
