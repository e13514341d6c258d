/* Unit tests for the small shared modules: errors, arena, config, time, metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hmac.h"
#include "config.h"
#include "metrics.h"
#include "net.h"
#include "pb_check.h"
#include "utf8.h"
#include "todo/v1/todo.pb-c.h"
#include "tc_err.h"
#include "timeutil.h"
#include "xalloc.h"

static void test_error_mapping(void **state)
{
    (void)state;
    assert_int_equal(tc_err_to_grpc(TC_OK), 0);
    assert_int_equal(tc_err_to_grpc(TC_EINVAL), 3);
    assert_int_equal(tc_err_to_grpc(TC_ENOTFOUND), 5);
    assert_int_equal(tc_err_to_grpc(TC_EUNAVAIL), 14);
    assert_int_equal(tc_err_to_grpc(TC_EDEADLINE), 4);
    assert_int_equal(tc_err_to_grpc(-999), 2);
    /* Round trip for every mapped code. */
    int codes[] = {TC_EINVAL,     TC_ENOTFOUND, TC_EUNAVAIL, TC_EDEADLINE, TC_EEXISTS,
                   TC_ECANCELLED, TC_ERESOURCE, TC_EUNAUTH,  TC_EUNIMPL,   TC_EPRECOND};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        assert_int_equal(tc_err_from_grpc(tc_err_to_grpc(codes[i])), codes[i]);
    assert_int_equal(tc_err_from_grpc(13), TC_EINTERNAL);
    assert_string_equal(tc_strerror(TC_ENOTFOUND), "not found");
    assert_string_equal(tc_errname(TC_EINVAL), "EINVAL");
    tc_status_t st;
    assert_int_equal(tc_status_set(&st, TC_EINVAL, "title: %s", "too long"), TC_EINVAL);
    assert_string_equal(st.message, "title: too long");
    tc_status_clear(&st);
    assert_int_equal(st.code, TC_OK);
    assert_string_equal(st.message, "");
    assert_int_equal(tc_status_set(NULL, TC_EIO, "x"), TC_EIO);
}

static void test_arena(void **state)
{
    (void)state;
    tc_arena_t *a = tc_arena_create();
    char *s = tc_arena_strdup(a, "hello");
    assert_string_equal(s, "hello");
    void *big = tc_arena_alloc(a, 100000);
    memset(big, 1, 100000);
    char *p = tc_arena_printf(a, "%d-%s", 42, "x");
    assert_string_equal(p, "42-x");
    for (int i = 0; i < 1000; i++) {
        unsigned char *z = tc_arena_alloc(a, 33);
        for (int j = 0; j < 33; j++)
            assert_int_equal(z[j], 0);
        assert_true(((uintptr_t)z % _Alignof(max_align_t)) == 0);
        memset(z, 0xff, 33);
    }
    assert_string_equal(s, "hello");
    assert_null(tc_arena_strdup(a, NULL));
    tc_arena_destroy(a);
    tc_arena_destroy(NULL);
}

static void test_config_flags_env_and_errors(void **state)
{
    (void)state;
    const char *listen = NULL, *db = NULL, *probe = NULL;
    tc_config_flag_t flags[] = {
        {"listen", "TCT_LISTEN", "0.0.0.0:1", "addr", &listen, false},
        {"db", "TCT_DB", "x.db", "db", &db, false},
        {"probe", NULL, NULL, "probe", &probe, true},
    };
    char err[256];
    char *argv1[] = {"prog", NULL};
    setenv("TCT_DB", "env.db", 1);
    assert_int_equal(tc_config_parse("prog", "s", flags, 3, 1, argv1, err, sizeof err),
                     TC_CONFIG_OK);
    assert_string_equal(listen, "0.0.0.0:1");
    assert_string_equal(db, "env.db"); /* env over default */
    assert_null(probe);
    char *argv2[] = {"prog", "--db", "flag.db", "--listen=1.2.3.4:5", "--probe", NULL};
    assert_int_equal(tc_config_parse("prog", "s", flags, 3, 5, argv2, err, sizeof err),
                     TC_CONFIG_OK);
    assert_string_equal(db, "flag.db"); /* flag over env */
    assert_string_equal(listen, "1.2.3.4:5");
    assert_string_equal(probe, "1");
    char *argv3[] = {"prog", "--nope", NULL};
    assert_int_equal(tc_config_parse("prog", "s", flags, 3, 2, argv3, err, sizeof err), TC_EINVAL);
    assert_non_null(strstr(err, "--nope"));
    char *argv4[] = {"prog", "--db", NULL};
    assert_int_equal(tc_config_parse("prog", "s", flags, 3, 2, argv4, err, sizeof err), TC_EINVAL);
    assert_non_null(strstr(err, "needs a value"));
    unsetenv("TCT_DB");
    assert_int_equal(tc_config_check_listen("0.0.0.0:0"), 0);
    assert_int_equal(tc_config_check_listen("[::]:8080"), 0);
    assert_int_equal(tc_config_check_listen("localhost"), TC_EINVAL);
    assert_int_equal(tc_config_check_listen("a:70000"), TC_EINVAL);
    long v;
    assert_int_equal(tc_config_parse_int("12", 100, &v), 0);
    assert_int_equal(v, 12);
    assert_int_equal(tc_config_parse_int("-1", 100, &v), TC_EINVAL);
    assert_int_equal(tc_config_parse_int("12x", 100, &v), TC_EINVAL);
}

static void test_net(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(tc_net_probe_target("0.0.0.0:50051", out, sizeof out), 0);
    assert_string_equal(out, "127.0.0.1:50051");
    assert_int_equal(tc_net_probe_target("[::]:1", out, sizeof out), 0);
    assert_string_equal(out, "[::1]:1");
    assert_int_equal(tc_net_probe_target("10.1.2.3:9", out, sizeof out), 0);
    assert_string_equal(out, "10.1.2.3:9");
    struct sockaddr_storage ss;
    socklen_t len;
    assert_int_equal(tc_net_parse_listen("127.0.0.1:8080", &ss, &len), 0);
    tc_net_format_addr((struct sockaddr *)&ss, out, sizeof out);
    assert_string_equal(out, "127.0.0.1:8080");
    assert_int_equal(tc_net_parse_listen("nonsense", &ss, &len), TC_EINVAL);
}

static void test_rfc3339(void **state)
{
    (void)state;
    char buf[40];
    assert_string_equal(tc_rfc3339_format(0, buf, sizeof buf), "1970-01-01T00:00:00Z");
    assert_string_equal(tc_rfc3339_format(1795885200000LL, buf, sizeof buf),
                        "2026-11-28T17:00:00Z");
    assert_string_equal(tc_rfc3339_format(1795885200123LL, buf, sizeof buf),
                        "2026-11-28T17:00:00.123Z");
    assert_string_equal(tc_rfc3339_format(-1, buf, sizeof buf), "1969-12-31T23:59:59.999Z");
    int64_t ms;
    assert_int_equal(tc_rfc3339_parse("2026-11-28T17:00:00Z", &ms), 0);
    assert_int_equal(ms, 1795885200000LL);
    assert_int_equal(tc_rfc3339_parse("2026-11-28T18:00:00+01:00", &ms), 0);
    assert_int_equal(ms, 1795885200000LL);
    assert_int_equal(tc_rfc3339_parse("2026-11-28T12:00:00.5-05:00", &ms), 0);
    assert_int_equal(ms, 1795885200500LL);
    const char *bad[] = {"",
                         "2026-11-28",
                         "2026-13-01T00:00:00Z",
                         "2026-02-30T00:00:00Z",
                         "2026-11-28T17:00:00",
                         "2026-11-28T25:00:00Z",
                         "2026-11-28T17:00:00Zjunk",
                         "2025-02-29T00:00:00Z",
                         "tomorrow"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(tc_rfc3339_parse(bad[i], &ms), TC_EINVAL);
    assert_int_equal(tc_rfc3339_parse("2024-02-29T00:00:00Z", &ms), 0);
    Google__Protobuf__Timestamp ts = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
    tc_ts_from_ms(&ts, -1500);
    assert_int_equal(ts.seconds, -2);
    assert_int_equal(ts.nanos, 500000000);
    assert_int_equal(tc_ts_to_ms(&ts), -1500);
    /* Out-of-range Timestamps (found by fuzz_gw_json_proto) saturate instead
     * of overflowing. */
    ts.seconds = INT64_MAX;
    ts.nanos = 0;
    assert_int_equal(tc_ts_to_ms(&ts), 253402300799999LL);
    ts.seconds = INT64_MIN;
    assert_int_equal(tc_ts_to_ms(&ts), -62135596800000LL);
    assert_string_equal(tc_rfc3339_format(INT64_MAX, buf, sizeof buf), "9999-12-31T23:59:59.999Z");
    assert_string_equal(tc_rfc3339_format(INT64_MIN, buf, sizeof buf), "0001-01-01T00:00:00Z");
    assert_string_equal(tc_rfc3339_format(-62135596800000LL, buf, sizeof buf),
                        "0001-01-01T00:00:00Z");
}

static void test_metrics_render(void **state)
{
    (void)state;
    tc_metrics_describe("t_requests_total", "counter", "Requests.");
    tc_metrics_counter_add("t_requests_total", "route=\"a\"", 1);
    tc_metrics_counter_add("t_requests_total", "route=\"a\"", 2);
    tc_metrics_counter_add("t_requests_total", "route=\"b\"", 1);
    tc_metrics_gauge_set("t_open", NULL, 5);
    tc_metrics_gauge_add("t_open", NULL, -2);
    tc_metrics_histogram_observe("t_latency_seconds", "route=\"a\"", 0.003);
    tc_metrics_histogram_observe("t_latency_seconds", "route=\"a\"", 20);
    size_t len;
    char *text = tc_metrics_render(&len);
    assert_int_equal(strlen(text), len);
    assert_non_null(strstr(text, "# TYPE t_requests_total counter\n"));
    assert_non_null(strstr(text, "t_requests_total{route=\"a\"} 3\n"));
    assert_non_null(strstr(text, "t_requests_total{route=\"b\"} 1\n"));
    assert_non_null(strstr(text, "t_open 3\n"));
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"0.0025\"} 0\n"));
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"0.005\"} 1\n"));
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"+Inf\"} 2\n"));
    assert_non_null(strstr(text, "t_latency_seconds_count{route=\"a\"} 2\n"));
    free(text);
    char esc[64];
    tc_metrics_escape_label("a\"b\\c\nd", esc, sizeof esc);
    assert_string_equal(esc, "a\\\"b\\\\c\\nd");
}

static void test_utf8(void **state)
{
    (void)state;
    struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"", true},
        {"plain ascii", true},
        {"caf\xc3\xa9", true},
        {"\xe2\x82\xac", true},
        {"\xf0\x9f\x98\x80", true},
        {"\xc3", false},
        {"\xc3\x28", false},
        {"\xc0\xaf", false},
        {"\xe0\x80\xaf", false},
        {"\xed\xa0\x80", false},
        {"\xf4\x90\x80\x80", false},
        {"\xff", false},
        {"\xf0\x9f\x98", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(tc_utf8_valid(cases[i].s, strlen(cases[i].s)), cases[i].ok);
}

static void test_pb_check_strings(void **state)
{
    (void)state;
    char err[256];
    /* CreateTodoRequest{user_id:"u", todo:{title:"a\0b"}} by hand: protobuf-c
     * itself cannot encode an embedded NUL. */
    const uint8_t nul_in_title[] = {0x0a, 0x01, 'u', 0x12, 0x05, 0x12, 0x03, 'a', 0x00, 'b'};
    assert_int_equal(tc_pb_check_strings(&todo__v1__create_todo_request__descriptor, nul_in_title,
                                         sizeof nul_in_title, err, sizeof err),
                     TC_EINVAL);
    assert_string_equal(err, "todo.title: contains a NUL byte");
    /* A repeated string (tags) with bad UTF-8. */
    const uint8_t bad_tag[] = {0x12, 0x06, 0x3a, 0x01, 'x', 0x3a, 0x01, 0xff};
    assert_int_equal(tc_pb_check_strings(&todo__v1__create_todo_request__descriptor, bad_tag,
                                         sizeof bad_tag, err, sizeof err),
                     TC_EINVAL);
    assert_string_equal(err, "todo.tags: is not valid UTF-8");
    /* Valid messages pass; so does malformed wire data (unpack rejects it). */
    Todo__V1__CreateTodoRequest req = TODO__V1__CREATE_TODO_REQUEST__INIT;
    Todo__V1__Todo t = TODO__V1__TODO__INIT;
    char *tags[] = {"home", "caf\xc3\xa9"};
    t.title = "buy milk";
    t.tags = tags;
    t.n_tags = 2;
    req.user_id = "u";
    req.todo = &t;
    uint8_t buf[256];
    size_t n = todo__v1__create_todo_request__pack(&req, buf);
    assert_int_equal(
        tc_pb_check_strings(&todo__v1__create_todo_request__descriptor, buf, n, err, sizeof err),
        0);
    const uint8_t truncated[] = {0x0a, 0x09, 'u'};
    assert_int_equal(tc_pb_check_strings(&todo__v1__create_todo_request__descriptor, truncated,
                                         sizeof truncated, err, sizeof err),
                     0);
}

static void hex32(const unsigned char m[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", m[i]);
}

/* RFC 4231 cases 2 and 6 (a key longer than the remembered 128 bytes), in
 * one part and in several, with the thread's context switching keys. */
static void test_hmac_sha256_vectors_and_key_changes(void **state)
{
    (void)state;
    static const char data2[] = "what do ya want for nothing?";
    static const char want2[] = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    static const char data6[] = "Test Using Larger Than Block-Size Key - Hash Key First";
    static const char want6[] = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
    unsigned char key6[131];
    memset(key6, 0xaa, sizeof key6);
    unsigned char m[32];
    char hex[65];
    for (int round = 0; round < 3; round++) {
        tc_bytes_t whole = {data2, strlen(data2)};
        assert_int_equal(tc_hmac_sha256((const unsigned char *)"Jefe", 4, &whole, 1, m), 0);
        hex32(m, hex);
        assert_string_equal(hex, want2);
        tc_bytes_t split[] = {{data2, 4}, {data2 + 4, 0}, {data2 + 4, strlen(data2) - 4}};
        assert_int_equal(tc_hmac_sha256((const unsigned char *)"Jefe", 4, split, 3, m), 0);
        hex32(m, hex);
        assert_string_equal(hex, want2);
        tc_bytes_t d6 = {data6, strlen(data6)};
        assert_int_equal(tc_hmac_sha256(key6, sizeof key6, &d6, 1, m), 0);
        hex32(m, hex);
        assert_string_equal(hex, want6);
    }
    /* A key that is a prefix of the remembered one is another key. */
    tc_bytes_t whole = {data2, strlen(data2)};
    assert_int_equal(tc_hmac_sha256((const unsigned char *)"Jef", 3, &whole, 1, m), 0);
    hex32(m, hex);
    assert_string_not_equal(hex, want2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hmac_sha256_vectors_and_key_changes),
        cmocka_unit_test(test_error_mapping),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_config_flags_env_and_errors),
        cmocka_unit_test(test_net),
        cmocka_unit_test(test_rfc3339),
        cmocka_unit_test(test_metrics_render),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_pb_check_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
