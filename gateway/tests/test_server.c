/* gw_server with gw_pool over real loopback sockets, against a todo-svc that
 * accepts TCP connections but never answers (server_fixture.h). Ordered by
 * events, not by the clock: a pool of one worker with a queue of four refuses
 * the rest at once with 503 "gateway overloaded" while five calls hang; the
 * event loop stays free (/healthz answers while they hang); a drain answers
 * the queued requests with 503 "shutting down" while the running call still
 * hangs, and returns once that call ends. How long things take (the deadline,
 * queueing counted against it) is test_server_timing.c's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>

#include "log.h"
#include "server_fixture.h"

/* Long enough that no call ends by its deadline while a test runs: the hung
 * calls end when the test closes the hole. */
#define DEADLINE_MS 20000

static void assert_json_error(const char *resp, int status, int want)
{
    assert_int_equal(status, want);
    assert_non_null(strstr(resp, "application/json"));
    assert_non_null(strstr(resp, "\"error\""));
}

/* A request whose upstream call failed: 503 or 504, as a JSON error. */
static void assert_upstream_failed(const char *resp, int status)
{
    assert_true(status == 503 || status == 504);
    assert_json_error(resp, status, status);
}

/* Fills the pool: one call running on the hole, four queued behind it. */
static void fill_pool(const fixture_t *f, int fds[5])
{
    fds[0] = fixture_send(f, "/api/todos");
    fixture_wait_pool(1, 0);
    for (int i = 1; i < 5; i++) {
        fds[i] = fixture_send(f, "/api/todos");
        fixture_wait_pool(1, i);
    }
}

static void test_full_pool_refuses_at_once_and_healthz_still_answers(void **state)
{
    (void)state;
    fixture_t f;
    fixture_start(&f, DEADLINE_MS);
    int held[5];
    fill_pool(&f, held);
    char buf[8192];
    for (int i = 0; i < 3; i++) {
        int status = fixture_read(fixture_send(&f, "/api/todos"), buf, sizeof(buf));
        assert_json_error(buf, status, 503);
        assert_non_null(strstr(buf, "gateway overloaded"));
        assert_non_null(strstr(buf, "\"code\":\"unavailable\""));
    }
    assert_int_equal(fixture_read(fixture_send(&f, "/healthz"), buf, sizeof(buf)), 200);
    for (int i = 0; i < 5; i++)
        assert_true(fixture_unanswered(held[i]));
    /* The backend fails: every held request gets its JSON error. */
    fixture_close_hole(&f);
    for (int i = 0; i < 5; i++) {
        int status = fixture_read(held[i], buf, sizeof(buf));
        assert_upstream_failed(buf, status);
    }
    fixture_stop(&f);
}

static void *drain_thread(void *arg)
{
    gw_server_drain(arg, 0);
    return NULL;
}

static void test_drain_answers_the_queued_while_a_call_hangs(void **state)
{
    (void)state;
    fixture_t f;
    fixture_start(&f, DEADLINE_MS);
    int running = fixture_send(&f, "/api/todos");
    fixture_wait_pool(1, 0);
    int queued[2];
    for (int i = 0; i < 2; i++) {
        queued[i] = fixture_send(&f, "/api/todos");
        fixture_wait_pool(1, i + 1);
    }
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, drain_thread, f.server), 0);
    char buf[8192];
    for (int i = 0; i < 2; i++) {
        int status = fixture_read(queued[i], buf, sizeof(buf));
        assert_json_error(buf, status, 503);
        assert_non_null(strstr(buf, "shutting down"));
    }
    assert_true(fixture_unanswered(running));
    /* The running call ends; the drain resumes its connection, answers it
     * and returns. */
    fixture_close_hole(&f);
    assert_upstream_failed(buf, fixture_read(running, buf, sizeof(buf)));
    assert_int_equal(pthread_join(t, NULL), 0);
    fixture_stop(&f);
}

int main(void)
{
    tc_log_init("gateway-test", "error");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_pool_refuses_at_once_and_healthz_still_answers),
        cmocka_unit_test(test_drain_answers_the_queued_while_a_call_hangs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
