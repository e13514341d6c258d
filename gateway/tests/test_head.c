/* gw_head: which request heads are refused, with which status, and what an
 * accepted one says about its body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_head.h"

static gw_head_state_t judge(const char *head, gw_head_verdict_t *v)
{
    return gw_head_judge(head, strlen(head), v);
}

static void test_accepts_plain_requests(void **state)
{
    (void)state;
    gw_head_verdict_t v;
    const char *get = "GET /api/todos?status=open HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
    assert_int_equal(judge(get, &v), GW_HEAD_OK);
    assert_int_equal(v.head_len, strlen(get));
    assert_int_equal(v.body_len, 0);
    const char *post =
        "POST /api/todos HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\n\r\n{\"title\"";
    assert_int_equal(judge(post, &v), GW_HEAD_OK);
    assert_int_equal(v.body_len, 15);
    assert_int_equal(v.head_len, strstr(post, "{") - post);
    /* the same Content-Length twice is not a conflict; chunked alone is fine */
    assert_int_equal(judge("POST / HTTP/1.1\r\ncontent-length: 2\r\nContent-Length: 2\r\n\r\n", &v),
                     GW_HEAD_OK);
    assert_int_equal(judge("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", &v),
                     GW_HEAD_OK);
    assert_true(v.chunked);
    assert_int_equal(judge("POST / HTTP/1.0\nHost: x\n\n", &v), GW_HEAD_OK); /* bare LF lines */
}

static void test_waits_for_the_rest(void **state)
{
    (void)state;
    gw_head_verdict_t v;
    assert_int_equal(judge("", &v), GW_HEAD_MORE);
    assert_int_equal(judge("GET / HTTP/1.1\r\nHost: x\r\n", &v), GW_HEAD_MORE);
    assert_int_equal(judge("GE", &v), GW_HEAD_MORE);
}

static void expect_refused(const char *head, int status, const char *code)
{
    gw_head_verdict_t v;
    assert_int_equal(judge(head, &v), GW_HEAD_REFUSE);
    assert_int_equal(v.status, status);
    assert_string_equal(v.code, code);
    assert_non_null(v.message);
}

static void test_refuses_ambiguous_framing(void **state)
{
    (void)state;
    expect_refused("POST / HTTP/1.1\r\nContent-Length: 15\r\nContent-Length: 16\r\n\r\n", 400,
                   "bad_request");
    expect_refused("POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n", 400, "bad_request");
    expect_refused("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400, "bad_request");
    expect_refused("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "bad_request");
    expect_refused("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                   400, "bad_request");
    expect_refused("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "not_implemented");
    expect_refused("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501,
                   "not_implemented");
    expect_refused("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"
                   "\r\n",
                   400, "bad_request");
}

static void test_refuses_malformed_heads(void **state)
{
    (void)state;
    expect_refused("GET\r\n\r\n", 400, "bad_request");
    expect_refused("GET / FTP/1.0\r\n\r\n", 400, "bad_request");
    expect_refused("GET / HTTP/1.1\r\nNo colon here\r\n\r\n", 400, "bad_request");
    expect_refused("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400, "bad_request");
    expect_refused("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400, "bad_request");
    expect_refused("GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n", 400, "bad_request");
    gw_head_verdict_t v;
    const char nul[] = "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n";
    assert_int_equal(gw_head_judge(nul, sizeof nul - 1, &v), GW_HEAD_REFUSE);
    assert_int_equal(v.status, 400);
}

static void test_refuses_oversize(void **state)
{
    (void)state;
    size_t n = GW_HEAD_MAX_TARGET + 100;
    char *line = malloc(n + 64);
    memcpy(line, "GET /", 5);
    memset(line + 5, 'a', n);
    strcpy(line + 5 + n, " HTTP/1.1\r\n\r\n");
    expect_refused(line, 414, "uri_too_long");
    line[5 + n] = '\0'; /* the target alone, still arriving */
    expect_refused(line, 414, "uri_too_long");
    free(line);

    char *big = malloc(GW_HEAD_MAX + 64);
    int k = snprintf(big, 64, "GET / HTTP/1.1\r\nX-Big: ");
    memset(big + k, 'b', GW_HEAD_MAX - (size_t)k);
    big[GW_HEAD_MAX] = '\0';
    expect_refused(big, 431, "headers_too_large"); /* no end in sight at the limit */
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_plain_requests),
        cmocka_unit_test(test_waits_for_the_rest),
        cmocka_unit_test(test_refuses_ambiguous_framing),
        cmocka_unit_test(test_refuses_malformed_heads),
        cmocka_unit_test(test_refuses_oversize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
