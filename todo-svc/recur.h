/* recur: recurring todos' rules (RFC 5545 RRULE values, parsed and expanded
 * by libical; there is no rule engine of our own here) and their time zones.
 *
 * A series keeps its wall-clock time in its zone: the rule is expanded from
 * the series' first due date (DTSTART) as local time in that zone, so a
 * weekly 08:00 in Europe/Berlin stays 08:00 across DST changes. COUNT counts
 * from that first occurrence; UNTIL ends the series.
 *
 * Errors: negative TC_E* codes with st set; messages start with the field
 * ("recurrence: ...", "time_zone: ..."). Thread-safe: every libical call runs
 * under one module lock (libical's zone cache is not thread-safe). */
#ifndef TODO_RECUR_H
#define TODO_RECUR_H

#include <stdint.h>
#include "tc_err.h"

/* Longest accepted rule and zone name, in bytes. */
#define TODO_RECUR_RULE_MAX 500
#define TODO_RECUR_ZONE_MAX 64

/* Checks rule, an RRULE value without "RRULE:" ("" = not recurring is the
 * caller's business: this rejects it). Returns 0, or TC_EINVAL naming
 * "recurrence". */
int todo_recur_check_rule(const char *rule, tc_status_t *st);

/* Checks zone, an IANA name ("" = UTC). Returns 0, or TC_EINVAL naming
 * "time_zone". */
int todo_recur_check_zone(const char *zone, tc_status_t *st);

/* The first occurrence of rule in zone, for the series that started at
 * start_s (Unix seconds), strictly after after_s: *next_s. Returns 0;
 * TC_ENOTFOUND (st untouched) when the series has ended before that (COUNT,
 * UNTIL); TC_EINVAL for a bad rule or zone. */
int todo_recur_next(const char *rule, const char *zone, int64_t start_s, int64_t after_s,
                    int64_t *next_s, tc_status_t *st);

#endif
