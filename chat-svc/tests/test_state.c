/* chat_state: the context round-trips, and anything forged, foreign,
 * truncated or garbled is refused (the engine then starts afresh). */
#include <string.h>

#include "test_util.h"

#include "chat_state.h"
#include "hmac.h"
#include "tc_err.h"

static const unsigned char key[] = "state-test-key-0123456789";
#define KL (sizeof key - 1)

static chat_state_t sample(void)
{
    static char *shown[] = {"id-1", "id-2", "id-3"};
    static char *cand[] = {"id-2", "id-3"};
    static char *tags[] = {"work"};
    static uint8_t snap[] = {0x0a, 0x04, 'i', 'd', '-', '9'};
    static ProtobufCBinaryData todos[] = {{sizeof snap, snap}};
    chat_state_t s = {0};
    s.issued = 1795791600;
    s.shown = shown;
    s.n_shown = 3;
    s.focus = "id-2";
    s.pending = CHAT_PENDING_CHOOSE;
    s.action.intent = 6;
    s.action.title = "new title";
    s.action.has_due = true;
    s.action.due = 1795791600;
    s.action.shift_min = -2 * 1440;
    s.action.time_only = true;
    s.action.priority = 3;
    s.action.tags = tags;
    s.action.n_tags = 1;
    s.cand = cand;
    s.n_cand = 2;
    s.undo = CHAT_UNDO_RESTORE;
    s.undo_intent = 3;
    s.undo_mask = CHAT_FIELD_DONE | CHAT_FIELD_DUE;
    s.undo_todos = todos;
    s.n_undo_todos = 1;
    return s;
}

static void test_round_trip(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    chat_state_t s = sample(), d;
    char *ctx = chat_state_encode(&s, "alice", key, KL, &m);
    assert_true(strncmp(ctx, "c1.", 3) == 0);
    assert_true(strlen(ctx) < 300); /* compact */
    assert_int_equal(chat_state_decode(ctx, "alice", key, KL, &m, &d), 0);
    assert_int_equal(d.issued, 1795791600);
    assert_int_equal(d.n_shown, 3);
    assert_string_equal(d.shown[2], "id-3");
    assert_string_equal(d.focus, "id-2");
    assert_int_equal(d.pending, CHAT_PENDING_CHOOSE);
    assert_int_equal(d.action.intent, 6);
    assert_string_equal(d.action.title, "new title");
    assert_true(d.action.has_due);
    assert_int_equal(d.action.due, 1795791600);
    assert_int_equal(d.action.shift_min, -2 * 1440);
    assert_true(d.action.time_only);
    assert_int_equal(d.action.priority, 3);
    assert_string_equal(d.action.tags[0], "work");
    assert_int_equal(d.n_cand, 2);
    assert_int_equal(d.undo, CHAT_UNDO_RESTORE);
    assert_int_equal(d.undo_mask, CHAT_FIELD_DONE | CHAT_FIELD_DUE);
    assert_int_equal(d.n_undo_todos, 1);
    assert_memory_equal(d.undo_todos[0].data, s.undo_todos[0].data, 6);
    /* an empty state round-trips too */
    chat_state_t e = {0};
    ctx = chat_state_encode(&e, "alice", key, KL, &m);
    assert_int_equal(chat_state_decode(ctx, "alice", key, KL, &m, &d), 0);
    assert_int_equal(d.n_shown, 0);
    assert_null(d.focus);
    test_mem_done(&m);
}

static void test_refused(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    chat_state_t s = sample(), d;
    char *ctx = chat_state_encode(&s, "alice", key, KL, &m);
    size_t n = strlen(ctx);
    /* another user, another key */
    assert_int_equal(chat_state_decode(ctx, "bob", key, KL, &m, &d), TC_EINVAL);
    assert_int_equal(chat_state_decode(ctx, "alice", (const unsigned char *)"other", 5, &m, &d),
                     TC_EINVAL);
    assert_int_equal(d.n_shown, 0); /* zeroed on failure */
    /* every single-character change is caught */
    char *t = m.alloc(m.allocator_data, n + 1);
    for (size_t i = 0; i < n; i++) {
        memcpy(t, ctx, n + 1);
        t[i] = t[i] == 'A' ? 'B' : 'A';
        assert_int_equal(chat_state_decode(t, "alice", key, KL, &m, &d), TC_EINVAL);
    }
    /* truncations */
    for (size_t k = 0; k < n; k++) {
        memcpy(t, ctx, k);
        t[k] = '\0';
        assert_int_equal(chat_state_decode(t, "alice", key, KL, &m, &d), TC_EINVAL);
    }
    assert_int_equal(chat_state_decode("", "alice", key, KL, &m, &d), TC_EINVAL);
    assert_int_equal(chat_state_decode(NULL, "alice", key, KL, &m, &d), TC_EINVAL);
    assert_int_equal(chat_state_decode("c1.!!!!", "alice", key, KL, &m, &d), TC_EINVAL);
    assert_int_equal(chat_state_decode("{\"pending\":1}", "alice", key, KL, &m, &d), TC_EINVAL);
    test_mem_done(&m);
}

/* A bulk confirmation carries its selection, and undo its stamps. */
static void test_selection_and_stamps(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    chat_state_t s = sample(), d;
    int64_t stamps[] = {1795791600123};
    s.pending = CHAT_PENDING_CONFIRM;
    s.sel = CHAT_SEL_ALL;
    s.sel_text = "#work";
    s.sel_before_ms = 1795791600999;
    s.undo_stamps = stamps;
    s.n_undo_stamps = 1;
    char *ctx = chat_state_encode(&s, "alice", key, KL, &m);
    assert_int_equal(chat_state_decode(ctx, "alice", key, KL, &m, &d), 0);
    assert_int_equal(d.sel, CHAT_SEL_ALL);
    assert_string_equal(d.sel_text, "#work");
    assert_int_equal(d.sel_before_ms, 1795791600999);
    assert_int_equal(d.n_undo_stamps, 1);
    assert_int_equal(d.undo_stamps[0], 1795791600123);
    test_mem_done(&m);
}

static void put_var(uint8_t *p, size_t *n, uint64_t v)
{
    for (; v >= 0x80; v >>= 7)
        p[(*n)++] = (uint8_t)(v | 0x80);
    p[(*n)++] = (uint8_t)v;
}

/* A context a server of the previous version issued (version 2: no
 * selection, no stamps) still counts: "yes" to its question works. */
static void test_reads_version_2(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    uint8_t p[96];
    size_t n = 0;
    p[n++] = 2;                                /* version */
    put_var(p, &n, (uint64_t)1795791600 << 1); /* issued (zigzag) */
    p[n++] = 0;                                /* shown */
    p[n++] = 0;                                /* focus */
    p[n++] = CHAT_PENDING_CONFIRM;             /* pending */
    p[n++] = 5;                                /* action: intent */
    memcpy(p + n, "\0\0\0\0\0\0", 6);          /* title, flags, due, shift, priority, tags */
    n += 6;
    memcpy(p + n, "\x01\x04id-7\0", 7); /* cand ["id-7"], undo none */
    n += 7;
    static const char label[] = "chat-context-v1";
    const tc_bytes_t parts[] = {{label, sizeof label - 1}, {"alice", 6}, {p, n}};
    uint8_t mac[32];
    assert_int_equal(tc_hmac_sha256(key, KL, parts, 3, mac), 0);
    memcpy(p + n, mac, 16);
    n += 16;
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char ctx[200] = "c1.";
    size_t o = 3;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        for (size_t k = 0; k < (i + 2 < n ? 4 : i + 1 < n ? 3 : 2); k++)
            ctx[o++] = b64[(v >> (18 - 6 * k)) & 63];
    }
    chat_state_t d;
    assert_int_equal(chat_state_decode(ctx, "alice", key, KL, &m, &d), 0);
    assert_int_equal(d.pending, CHAT_PENDING_CONFIRM);
    assert_int_equal(d.sel, CHAT_SEL_IDS);
    assert_int_equal(d.n_cand, 1);
    assert_string_equal(d.cand[0], "id-7");
    test_mem_done(&m);
}

static void test_size_cap(void **state)
{
    (void)state;
    ProtobufCAllocator m = test_mem();
    chat_state_t s = sample(), d;
    /* 50 snapshots of 400 bytes exceed the cap: undo is dropped, the rest kept */
    static uint8_t big[400];
    ProtobufCBinaryData many[60];
    for (size_t i = 0; i < 60; i++)
        many[i] = (ProtobufCBinaryData){sizeof big, big};
    s.undo = CHAT_UNDO_RECREATE;
    s.undo_todos = many;
    s.n_undo_todos = 60;
    char *ctx = chat_state_encode(&s, "alice", key, KL, &m);
    assert_true(strlen(ctx) < CHAT_STATE_MAX_BYTES * 4 / 3 + 64);
    assert_int_equal(chat_state_decode(ctx, "alice", key, KL, &m, &d), 0);
    assert_int_equal(d.undo, CHAT_UNDO_NONE);
    assert_int_equal(d.n_shown, 3);
    test_mem_done(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_refused),
        cmocka_unit_test(test_size_cap),        cmocka_unit_test(test_selection_and_stamps),
        cmocka_unit_test(test_reads_version_2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
