/* recur: RRULE checks and expansion over libical (see recur.h). */
#include "recur.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <libical/ical.h>

/* Occurrences walked from the series start at most: 30 years of a daily
 * rule, ~11 of an hourly one. A series older than that stops recurring. */
#define WALK_MAX 100000

static pthread_mutex_t ical_mu = PTHREAD_MUTEX_INITIALIZER;

/* Parses rule under ical_mu; false when libical reports anything wrong. */
static bool parse_locked(const char *rule, struct icalrecurrencetype *out)
{
    icalerror_clear_errno();
    *out = icalrecurrencetype_from_string(rule);
    return icalerrno == ICAL_NO_ERROR && out->freq != ICAL_NO_RECURRENCE;
}

static icaltimezone *zone_locked(const char *zone)
{
    if (!zone || !*zone || strcmp(zone, "UTC") == 0)
        return icaltimezone_get_utc_timezone();
    return icaltimezone_get_builtin_timezone(zone);
}

int todo_recur_check_rule(const char *rule, tc_status_t *st)
{
    if (!rule || !*rule)
        return tc_status_set(st, TC_EINVAL, "recurrence: must not be empty");
    if (strlen(rule) > TODO_RECUR_RULE_MAX)
        return tc_status_set(st, TC_EINVAL, "recurrence: must be at most %d bytes",
                             TODO_RECUR_RULE_MAX);
    if (strncmp(rule, "RRULE:", 6) == 0)
        return tc_status_set(st, TC_EINVAL, "recurrence: give the rule without \"RRULE:\"");
    struct icalrecurrencetype r;
    pthread_mutex_lock(&ical_mu);
    bool ok = parse_locked(rule, &r);
    pthread_mutex_unlock(&ical_mu);
    if (!ok)
        return tc_status_set(st, TC_EINVAL,
                             "recurrence: not an RFC 5545 RRULE (e.g. FREQ=WEEKLY;BYDAY=MO)");
    return 0;
}

int todo_recur_check_zone(const char *zone, tc_status_t *st)
{
    if (zone && strlen(zone) > TODO_RECUR_ZONE_MAX)
        return tc_status_set(st, TC_EINVAL, "time_zone: must be at most %d bytes",
                             TODO_RECUR_ZONE_MAX);
    pthread_mutex_lock(&ical_mu);
    bool ok = zone_locked(zone) != NULL;
    pthread_mutex_unlock(&ical_mu);
    if (!ok)
        return tc_status_set(st, TC_EINVAL, "time_zone: unknown IANA zone \"%.64s\"", zone);
    return 0;
}

/* Walks the series from start_s until an occurrence after after_s. */
static int walk_locked(struct icalrecurrencetype r, icaltimezone *tz, int64_t start_s,
                       int64_t after_s, int64_t *next_s)
{
    struct icaltimetype dtstart = icaltime_from_timet_with_zone((time_t)start_s, 0, tz);
    icalrecur_iterator *it = icalrecur_iterator_new(r, dtstart);
    if (!it)
        return TC_EINVAL;
    int ret = TC_ENOTFOUND;
    for (int i = 0; i < WALK_MAX; i++) {
        struct icaltimetype t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t))
            break;
        int64_t s = (int64_t)icaltime_as_timet_with_zone(t, tz);
        if (s > after_s) {
            *next_s = s;
            ret = 0;
            break;
        }
    }
    icalrecur_iterator_free(it);
    return ret;
}

int todo_recur_next(const char *rule, const char *zone, int64_t start_s, int64_t after_s,
                    int64_t *next_s, tc_status_t *st)
{
    struct icalrecurrencetype r;
    pthread_mutex_lock(&ical_mu);
    int ret = 0;
    icaltimezone *tz = zone_locked(zone);
    if (!tz)
        ret = tc_status_set(st, TC_EINVAL, "time_zone: unknown IANA zone \"%.64s\"", zone);
    else if (!parse_locked(rule, &r))
        ret = tc_status_set(st, TC_EINVAL, "recurrence: not an RFC 5545 RRULE");
    else
        ret = walk_locked(r, tz, start_s, after_s, next_s);
    pthread_mutex_unlock(&ical_mu);
    if (ret == TC_EINVAL && st && st->code == 0)
        tc_status_set(st, TC_EINVAL, "recurrence: cannot expand the rule");
    return ret;
}
