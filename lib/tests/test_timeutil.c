/* timeutil: the hand-written RFC 3339 formatter against the C library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <time.h>

#include "timeutil.h"

static void reference(int64_t ms, char *want, size_t n)
{
    int64_t q = ms / 1000, r = ms % 1000;
    if (r < 0) {
        q--;
        r += 1000;
    }
    time_t secs = (time_t)q;
    struct tm tm;
    assert_non_null(gmtime_r(&secs, &tm));
    if (r)
        snprintf(want, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)r);
    else
        snprintf(want, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Same output as gmtime_r + snprintf over the whole Timestamp range (years
 * 1-9999), on every day boundary +-1 ms from 1900 to 2173 (month ends, leap
 * days, century years), and it parses back to the same instant. */
static void test_format_matches_gmtime(void **state)
{
    (void)state;
    const int64_t lo = -62135596800000LL, hi = 253402300799999LL;
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 300000; i++) {
        int64_t ms;
        if (i < 100000) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ms = lo + (int64_t)(x % (uint64_t)(hi - lo + 1));
        } else {
            int64_t day = (int64_t)(i - 100000) / 2 - 25567;
            ms = day * 86400000LL + ((i % 2) ? -1 : 0);
        }
        char got[40],
            want[96]; /* room for any int in each field: keeps -Wformat-truncation quiet at -O2 */
        tc_rfc3339_format(ms, got, sizeof got);
        reference(ms, want, sizeof want);
        assert_string_equal(got, want);
        int64_t back;
        assert_int_equal(tc_rfc3339_parse(got, &back), 0);
        assert_int_equal(back, ms);
    }
}

/* The range ends, saturation past them, and a short buffer cut like snprintf. */
static void test_format_edges(void **state)
{
    (void)state;
    char buf[40];
    assert_string_equal(tc_rfc3339_format(-62135596800000LL, buf, sizeof buf),
                        "0001-01-01T00:00:00Z");
    assert_string_equal(tc_rfc3339_format(253402300799999LL, buf, sizeof buf),
                        "9999-12-31T23:59:59.999Z");
    assert_string_equal(tc_rfc3339_format(INT64_MIN, buf, sizeof buf), "0001-01-01T00:00:00Z");
    assert_string_equal(tc_rfc3339_format(INT64_MAX, buf, sizeof buf), "9999-12-31T23:59:59.999Z");
    assert_string_equal(tc_rfc3339_format(951782400000LL, buf, sizeof buf), "2000-02-29T00:00:00Z");
    assert_string_equal(tc_rfc3339_format(-1, buf, sizeof buf), "1969-12-31T23:59:59.999Z");
    char small[8];
    assert_string_equal(tc_rfc3339_format(0, small, sizeof small), "1970-01");
    char one[1] = {'x'};
    assert_ptr_equal(tc_rfc3339_format(0, one, sizeof one), one);
    assert_int_equal(one[0], '\0');
}

static void test_realtime_in_ms_is_normalised_and_ahead(void **state)
{
    (void)state;
    const int64_t steps[] = {0, 1, 999, 1000, 1500, 61999};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        int64_t before = tc_now_ms();
        struct timespec ts = tc_realtime_in_ms(steps[i]);
        int64_t after = tc_now_ms();
        assert_true(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L);
        int64_t at = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
        assert_true(at >= before + steps[i] - 1);
        assert_true(at <= after + steps[i] + 1);
    }
}

static void test_monotonic_in_ms_is_normalised_and_ahead(void **state)
{
    (void)state;
    const int64_t steps[] = {0, 1, 999, 1000, 1500, 61999};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        int64_t before = tc_mono_ms();
        struct timespec ts = tc_monotonic_in_ms(steps[i]);
        int64_t after = tc_mono_ms();
        assert_true(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L);
        int64_t at = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
        assert_true(at >= before + steps[i] - 1);
        assert_true(at <= after + steps[i] + 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_realtime_in_ms_is_normalised_and_ahead),
        cmocka_unit_test(test_monotonic_in_ms_is_normalised_and_ahead),
        cmocka_unit_test(test_format_matches_gmtime),
        cmocka_unit_test(test_format_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
