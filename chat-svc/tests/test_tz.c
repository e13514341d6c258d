/* chat_tz: the TZif reader against known offsets, DST gaps and overlaps, the
 * POSIX footer rule after the last transition, bad names, and the civil
 * calendar helpers. */
#include <string.h>

#include "test_util.h"

#include "chat_tz.h"
#include "tc_err.h"
#include "timeutil.h"

static int64_t utc(const char *s)
{
    int64_t ms;
    assert_int_equal(tc_rfc3339_parse(s, &ms), 0);
    return ms / 1000;
}

static const chat_tz_t *zone(const char *name)
{
    const chat_tz_t *z;
    assert_int_equal(chat_tz_load(name, &z), 0);
    return z;
}

static void test_offsets(void **state)
{
    (void)state;
    struct {
        const char *zone, *at;
        int offset;
    } c[] = {
        {"Europe/Berlin", "2026-01-15T12:00:00Z", 3600},
        {"Europe/Berlin", "2026-07-15T12:00:00Z", 7200},
        {"Europe/Berlin", "2026-03-29T00:59:59Z", 3600},
        {"Europe/Berlin", "2026-03-29T01:00:00Z", 7200},
        {"Europe/Berlin", "2026-10-25T00:59:59Z", 7200},
        {"Europe/Berlin", "2026-10-25T01:00:00Z", 3600},
        {"America/New_York", "2026-01-15T12:00:00Z", -18000},
        {"America/New_York", "2026-07-15T12:00:00Z", -14400},
        {"America/New_York", "2026-03-08T06:59:59Z", -18000},
        {"America/New_York", "2026-03-08T07:00:00Z", -14400},
        {"Asia/Kolkata", "2026-07-15T12:00:00Z", 19800},
        {"Australia/Adelaide", "2026-01-15T12:00:00Z", 37800},
        {"Australia/Adelaide", "2026-07-15T12:00:00Z", 34200},
        {"UTC", "2026-07-15T12:00:00Z", 0},
        /* after the last listed transition the POSIX footer rule applies */
        {"Europe/Berlin", "2045-07-01T12:00:00Z", 7200},
        {"Europe/Berlin", "2045-12-01T12:00:00Z", 3600},
        {"America/New_York", "2045-07-01T12:00:00Z", -14400},
        {"Australia/Adelaide", "2045-01-01T12:00:00Z", 37800},
        {"Australia/Adelaide", "2045-07-01T12:00:00Z", 34200},
        /* before the first transition: local mean time is not used for LMT dates
           we never produce, but the lookup must not crash */
        {"Asia/Kolkata", "1800-01-01T00:00:00Z", 21208},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        assert_int_equal(chat_tz_offset(zone(c[i].zone), utc(c[i].at)), c[i].offset);
}

static void test_to_utc_gap_and_overlap(void **state)
{
    (void)state;
    const chat_tz_t *ber = zone("Europe/Berlin");
    int64_t day = chat_tz_days_from_civil(2026, 3, 29);
    /* 02:30 does not exist: it moves forward to 03:30 CEST (01:30Z) */
    assert_int_equal(chat_tz_to_utc(ber, day * 86400 + 2 * 3600 + 1800),
                     utc("2026-03-29T01:30:00Z"));
    day = chat_tz_days_from_civil(2026, 10, 25);
    /* 02:30 happens twice: the earlier one (CEST, 00:30Z) */
    assert_int_equal(chat_tz_to_utc(ber, day * 86400 + 2 * 3600 + 1800),
                     utc("2026-10-25T00:30:00Z"));
    /* round trip away from transitions */
    int64_t t = utc("2026-06-01T10:00:00Z");
    assert_int_equal(chat_tz_to_utc(ber, chat_tz_to_local(ber, t)), t);
}

static void test_names(void **state)
{
    (void)state;
    const chat_tz_t *z;
    assert_int_equal(chat_tz_load("", &z), 0);
    assert_string_equal(chat_tz_name(z), "UTC");
    assert_int_equal(chat_tz_load("Etc/UTC", &z), 0);
    assert_int_equal(chat_tz_load("Mars/Olympus_Mons", &z), TC_ENOTFOUND);
    assert_int_equal(chat_tz_load("../../etc/passwd", &z), TC_EINVAL);
    assert_int_equal(chat_tz_load("/etc/localtime", &z), TC_EINVAL);
    assert_int_equal(chat_tz_load("Europe/Berlin; rm -rf /", &z), TC_EINVAL);
    assert_int_equal(chat_tz_load("Europe", &z), TC_ENOTFOUND); /* a directory */
    /* cached: the same zone object comes back */
    const chat_tz_t *a, *b;
    assert_int_equal(chat_tz_load("Asia/Kolkata", &a), 0);
    assert_int_equal(chat_tz_load("Asia/Kolkata", &b), 0);
    assert_ptr_equal(a, b);
}

static void test_calendar(void **state)
{
    (void)state;
    assert_int_equal(chat_tz_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(chat_tz_weekday(chat_tz_days_from_civil(2026, 11, 27)), 5); /* Friday */
    assert_int_equal(chat_tz_days_in_month(2028, 2), 29);
    assert_int_equal(chat_tz_days_in_month(2100, 2), 28);
    assert_int_equal(chat_tz_days_in_month(2000, 2), 29);
    for (int64_t d = -800000; d < 800000; d += 997) {
        int64_t y;
        int m, dd;
        chat_tz_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(chat_tz_days_from_civil(y, m, dd), d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_to_utc_gap_and_overlap),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_calendar),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    chat_tz_cache_clear();
    return rc;
}
