/* metrics: counters, gauges and histograms render in the Prometheus text
 * format with their labels, and label values are escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"0.0025\"} 0\n"));
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"0.005\"} 1\n"));
    assert_non_null(strstr(text, "t_latency_seconds_bucket{route=\"a\",le=\"+Inf\"} 2\n"));
    assert_non_null(strstr(text, "t_latency_seconds_count{route=\"a\"} 2\n"));
    free(text);
    char esc[64];
    tc_metrics_escape_label("a\"b\\c\nd", esc, sizeof esc);
    assert_string_equal(esc, "a\\\"b\\\\c\\nd");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
