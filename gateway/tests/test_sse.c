/* gw_sse: what an SSE client receives (hint, events, end) and the stream
 * limit, driven through the MHD content-reader callback without a network.
 * (The suspend/resume path needs a live connection: the integration tests
 * cover it.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <microhttpd.h>
#include <string.h>

#include "gw_sse.h"

static size_t drain(gw_sse_t *s, char *out, size_t n)
{
    size_t got = 0;
    for (;;) {
        ssize_t r = gw_sse_read(s, 0, out + got, 7); /* small reads: chunking works */
        if (r <= 0) {
            out[got] = '\0';
            return got;
        }
        got += (size_t)r;
        assert_true(got < n);
    }
}

static void test_hint_events_and_end(void **state)
{
    (void)state;
    gw_sse_hub_t *h = gw_sse_hub_create(60000, 10);
    gw_sse_t *s = gw_sse_open(h, NULL, 2500);
    assert_non_null(s);
    assert_int_equal(gw_sse_hub_count(h), 1);
    gw_sse_push(s, "todo", "{\"type\":\"created\"}");
    gw_sse_push(s, "todo", "{\"type\":\"deleted\"}");
    gw_sse_end(s);
    gw_sse_push(s, "todo", "{\"type\":\"late\"}"); /* after the end: dropped */
    char buf[512];
    drain(s, buf, sizeof(buf));
    assert_string_equal(buf, "retry: 2500\n: connected\n\n"
                             "event: todo\ndata: {\"type\":\"created\"}\n\n"
                             "event: todo\ndata: {\"type\":\"deleted\"}\n\n");
    assert_int_equal(gw_sse_read(s, 0, buf, sizeof(buf)), MHD_CONTENT_READER_END_OF_STREAM);
    gw_sse_unref(s);         /* the upstream's reference */
    gw_sse_response_free(s); /* the response's: frees it */
    assert_int_equal(gw_sse_hub_count(h), 0);
    gw_sse_hub_destroy(h);
}

static void test_limit_and_close_all(void **state)
{
    (void)state;
    gw_sse_hub_t *h = gw_sse_hub_create(60000, 2);
    gw_sse_t *a = gw_sse_open(h, NULL, 1000);
    gw_sse_t *b = gw_sse_open(h, NULL, 1000);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(gw_sse_open(h, NULL, 1000)); /* full */
    gw_sse_hub_close_all(h);
    char buf[256];
    drain(a, buf, sizeof(buf));
    assert_int_equal(gw_sse_read(a, 0, buf, sizeof(buf)), MHD_CONTENT_READER_END_OF_STREAM);
    assert_null(gw_sse_open(h, NULL, 1000)); /* closed for new streams */
    gw_sse_response_free(a);
    gw_sse_unref(a);
    gw_sse_response_free(b);
    gw_sse_unref(b);
    assert_int_equal(gw_sse_hub_count(h), 0);
    gw_sse_hub_destroy(h);
}

static void test_slow_client_is_cut_off(void **state)
{
    (void)state;
    gw_sse_hub_t *h = gw_sse_hub_create(60000, 10);
    gw_sse_t *s = gw_sse_open(h, NULL, 1000);
    static char big[4096];
    memset(big, 'x', sizeof(big) - 1);
    for (int i = 0; i < 200; i++) /* ~800 KiB never read */
        gw_sse_push(s, "todo", big);
    static char out[512 * 1024];
    size_t got = drain(s, out, sizeof(out));
    assert_true(got <= 256 * 1024 + 64);
    assert_int_equal(gw_sse_read(s, 0, out, 16), MHD_CONTENT_READER_END_OF_STREAM);
    gw_sse_response_free(s);
    gw_sse_unref(s);
    gw_sse_hub_destroy(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hint_events_and_end),
        cmocka_unit_test(test_limit_and_close_all),
        cmocka_unit_test(test_slow_client_is_cut_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
