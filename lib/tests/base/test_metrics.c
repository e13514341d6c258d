/* metrics: counters, gauges and histograms render in the Prometheus text
 * format with their labels, and label values are escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

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
    /* Families never described take the kind of their first setter. */
    assert_non_null(strstr(text, "# TYPE t_open gauge\n"));
    assert_non_null(strstr(text, "# TYPE t_latency_seconds histogram\n"));
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"0.0025\"} 0\n"));
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"0.005\"} 1\n"));
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"+Inf\"} 2\n"));
    assert_non_null(strstr(text, "t_latency_seconds_count{route=\"a\"} 2\n"));
    free(text);
    char esc[64];
    tc_metrics_escape_label("a\"b\\c\nd", esc, sizeof esc);
    assert_string_equal(esc, "a\\\"b\\\\c\\nd");
}

#define N_THREADS 4
#define N_ADDS    20000

static pthread_barrier_t start;

static void *add_many(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start); /* all threads update at once */
    for (int i = 0; i < N_ADDS; i++) {
        tc_metrics_counter_add("t_race_total", NULL, 1);
        tc_metrics_gauge_add("t_race_gauge", NULL, 1);
        tc_metrics_histogram_observe("t_race_seconds", NULL, 0.001);
    }
    return NULL;
}

/* Setters called from many threads at once lose no update. */
static void test_metrics_threads(void **state)
{
    (void)state;
    pthread_t t[N_THREADS];
    pthread_barrier_init(&start, NULL, N_THREADS);
    for (int i = 0; i < N_THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, add_many, NULL), 0);
    for (int i = 0; i < N_THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    size_t len;
    char *text = tc_metrics_render(&len);
    char want[64];
    snprintf(want, sizeof want, "t_race_total %d\n", N_THREADS * N_ADDS);
    assert_non_null(strstr(text, want));
    snprintf(want, sizeof want, "t_race_gauge %d\n", N_THREADS * N_ADDS);
    assert_non_null(strstr(text, want));
    snprintf(want, sizeof want, "t_race_seconds_count %d\n", N_THREADS * N_ADDS);
    assert_non_null(strstr(text, want));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_render),
        cmocka_unit_test(test_metrics_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
