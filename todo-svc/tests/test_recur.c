/* Unit tests for recur: next occurrences across DST in both directions, month
 * ends, COUNT and UNTIL, and the rules and zones it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "recur.h"

/* UTC instants (seconds) used below. */
#define MAR28_0700Z 1774681200LL /* Sat 08:00 CET in Berlin */
#define MAR29_0600Z 1774764000LL /* Sun 08:00 CEST */
#define OCT24_0600Z 1792821600LL /* Sat 08:00 CEST */
#define OCT25_0700Z 1792911600LL /* Sun 08:00 CET */
#define MAR23_0700Z 1774249200LL /* Mon 08:00 CET */
#define MAR30_0600Z 1774850400LL /* Mon 08:00 CEST */
#define JAN31_0900Z 1769850000LL
#define FEB28_0900Z 1772269200LL
#define MAR31_0900Z 1774947600LL
#define JAN01_0900Z 1767258000LL
#define DAY         86400LL

static int64_t next_of(const char *rule, const char *zone, int64_t start, int64_t after)
{
    int64_t next = -1;
    tc_status_t st = {0};
    int rc = todo_recur_next(rule, zone, start, after, &next, &st);
    if (rc == TC_ENOTFOUND)
        return 0;
    assert_int_equal(rc, 0);
    return next;
}

static void test_dst_spring_keeps_wall_clock(void **state)
{
    (void)state;
    assert_int_equal(next_of("FREQ=DAILY", "Europe/Berlin", MAR28_0700Z, MAR28_0700Z), MAR29_0600Z);
    assert_int_equal(next_of("FREQ=WEEKLY;BYDAY=MO", "Europe/Berlin", MAR23_0700Z, MAR23_0700Z),
                     MAR30_0600Z);
    /* In UTC the same rule keeps the UTC time instead. */
    assert_int_equal(next_of("FREQ=DAILY", "", MAR28_0700Z, MAR28_0700Z), MAR28_0700Z + DAY);
}

static void test_dst_autumn_keeps_wall_clock(void **state)
{
    (void)state;
    assert_int_equal(next_of("FREQ=DAILY", "Europe/Berlin", OCT24_0600Z, OCT24_0600Z), OCT25_0700Z);
    /* From a later occurrence of the same series, counted from its start. */
    assert_int_equal(next_of("FREQ=DAILY", "Europe/Berlin", OCT24_0600Z - 7 * DAY, OCT24_0600Z),
                     OCT25_0700Z);
}

static void test_month_ends(void **state)
{
    (void)state;
    /* The 31st skips the months without one. */
    assert_int_equal(next_of("FREQ=MONTHLY;BYMONTHDAY=31", "UTC", JAN31_0900Z, JAN31_0900Z),
                     MAR31_0900Z);
    /* The last day of every month. */
    assert_int_equal(next_of("FREQ=MONTHLY;BYMONTHDAY=-1", "UTC", JAN31_0900Z, JAN31_0900Z),
                     FEB28_0900Z);
}

static void test_count_and_until_end_the_series(void **state)
{
    (void)state;
    const char *rule = "FREQ=DAILY;COUNT=3";
    assert_int_equal(next_of(rule, "", JAN01_0900Z, JAN01_0900Z), JAN01_0900Z + DAY);
    assert_int_equal(next_of(rule, "", JAN01_0900Z, JAN01_0900Z + DAY), JAN01_0900Z + 2 * DAY);
    assert_int_equal(next_of(rule, "", JAN01_0900Z, JAN01_0900Z + 2 * DAY), 0);
    rule = "FREQ=DAILY;UNTIL=20260104T000000Z";
    assert_int_equal(next_of(rule, "", JAN01_0900Z, JAN01_0900Z + DAY), JAN01_0900Z + 2 * DAY);
    assert_int_equal(next_of(rule, "", JAN01_0900Z, JAN01_0900Z + 2 * DAY), 0);
}

static void test_invalid_rules_and_zones(void **state)
{
    (void)state;
    const char *bad[] = {"",        "FREQ=SOMETIMES",      "BYDAY=MO", "RRULE:FREQ=DAILY",
                         "garbage", "FREQ=WEEKLY;BYDAY=XX"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tc_status_t st = {0};
        assert_int_equal(todo_recur_check_rule(bad[i], &st), TC_EINVAL);
        assert_non_null(strstr(st.message, "recurrence"));
    }
    const char *good[] = {"FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY", "FREQ=MONTHLY;BYDAY=-1FR",
                          "FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_int_equal(todo_recur_check_rule(good[i], NULL), 0);
    tc_status_t st = {0};
    assert_int_equal(todo_recur_check_zone("Mars/Olympus_Mons", &st), TC_EINVAL);
    assert_non_null(strstr(st.message, "time_zone"));
    assert_int_equal(todo_recur_check_zone("Europe/Berlin", NULL), 0);
    assert_int_equal(todo_recur_check_zone("", NULL), 0);
    assert_int_equal(todo_recur_check_zone("America/New_York", NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dst_spring_keeps_wall_clock),
        cmocka_unit_test(test_dst_autumn_keeps_wall_clock),
        cmocka_unit_test(test_month_ends),
        cmocka_unit_test(test_count_and_until_end_the_series),
        cmocka_unit_test(test_invalid_rules_and_zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
