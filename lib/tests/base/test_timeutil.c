/* timeutil: the hand-written RFC 3339 formatter against the C library, the
 * parser's accepted and refused forms, Timestamp conversions (saturating out
 * of range), and the deadline helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <time.h>

#include "tc_err.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_realtime_in_ms_is_normalised_and_ahead),
        cmocka_unit_test(test_monotonic_in_ms_is_normalised_and_ahead),
        cmocka_unit_test(test_format_matches_gmtime),
        cmocka_unit_test(test_format_edges),
        cmocka_unit_test(test_rfc3339),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
