/* gw_server's clock promises, with generous margins (this is an integration
 * test, not a unit test: it measures). Against a backend that never answers
 * (server_fixture.h), one worker and a queue of four:
 * - every request is answered within the deadline plus a margin counted from
 *   when it was sent, queued ones included: time spent waiting for a worker
 *   counts against the deadline (without that, the fifth request would wait
 *   five deadlines);
 * - /healthz answers quickly while all of that hangs;
 * - a drain while a call hangs returns within that call's deadline plus a
 *   margin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "log.h"
#include "server_fixture.h"
#include "timeutil.h"

#define DEADLINE_MS 1000
/* Far above what a loaded machine or a sanitizer build adds, far below the
 * (N - 1) deadlines a request would wait if queueing did not count. */
#define MARGIN_MS 2500

static void test_queued_requests_end_within_their_deadline(void **state)
{
    (void)state;
    fixture_t f;
    fixture_start(&f, DEADLINE_MS);
    enum { N = 5 }; /* 1 running + 4 queued */
    int fds[N];
    int64_t sent[N];
    for (int i = 0; i < N; i++) {
        sent[i] = tc_mono_ms();
        fds[i] = fixture_send(&f, "/api/todos");
    }
    int64_t th = tc_mono_ms();
    char buf[8192];
    assert_int_equal(fixture_read(fixture_send(&f, "/healthz"), buf, sizeof(buf)), 200);
    int64_t health_ms = tc_mono_ms() - th;
    assert_true(health_ms < MARGIN_MS);
    for (int i = 0; i < N; i++) {
        int status = fixture_read(fds[i], buf, sizeof(buf));
        int64_t took = tc_mono_ms() - sent[i];
        assert_true(status == 503 || status == 504);
        if (took > DEADLINE_MS + MARGIN_MS)
            fail_msg("request %d answered after %lld ms (deadline %d ms)", i, (long long)took,
                     DEADLINE_MS);
    }
    fixture_stop(&f);
}

static void test_drain_returns_within_the_deadline(void **state)
{
    (void)state;
    fixture_t f;
    fixture_start(&f, DEADLINE_MS);
    int fd = fixture_send(&f, "/api/todos");
    fixture_wait_pool(1, 0);
    int64_t t0 = tc_mono_ms();
    gw_server_drain(f.server, 0);
    int64_t drain_ms = tc_mono_ms() - t0;
    if (drain_ms > DEADLINE_MS + MARGIN_MS)
        fail_msg("drain took %lld ms with a %d ms deadline", (long long)drain_ms, DEADLINE_MS);
    char buf[8192];
    int status = fixture_read(fd, buf, sizeof(buf));
    assert_true(status == 503 || status == 504);
    fixture_stop(&f);
}

int main(void)
{
    tc_log_init("gateway-test", "error");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queued_requests_end_within_their_deadline),
        cmocka_unit_test(test_drain_returns_within_the_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
