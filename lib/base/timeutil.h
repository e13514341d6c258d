/* timeutil: wall-clock helpers and RFC 3339 <-> google.protobuf.Timestamp. */
#ifndef TC_TIMEUTIL_H
#define TC_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "google/protobuf/timestamp.pb-c.h"

/* Milliseconds since the Unix epoch (CLOCK_REALTIME). */
int64_t tc_now_ms(void);
/* Monotonic milliseconds, for measuring durations. */
int64_t tc_mono_ms(void);
/* Monotonic seconds as a double, for latency metrics. */
double tc_mono_seconds(void);
/* The CLOCK_REALTIME instant ms (>= 0) from now, as pthread_cond_timedwait
 * wants its deadline. */
struct timespec tc_realtime_in_ms(int64_t ms);
/* The same on CLOCK_MONOTONIC, for a condition variable set to that clock
 * (pthread_condattr_setclock). */
struct timespec tc_monotonic_in_ms(int64_t ms);

/* Formats ms since epoch as "2026-11-28T17:00:00Z" (".123" added when ms%1000 != 0)
 * into out (at least 32 bytes). Times before year 1 or after 9999 saturate
 * to 0001-01-01T00:00:00Z / 9999-12-31T23:59:59.999Z. Returns out. */
char *tc_rfc3339_format(int64_t ms, char *out, size_t n);
/* Parses RFC 3339 ("2026-11-28T17:00:00Z", "...+01:00", fractional seconds)
 * into ms since epoch. Returns 0 or TC_EINVAL. */
int tc_rfc3339_parse(const char *s, int64_t *ms);

/* Timestamp <-> ms since epoch. tc_ts_to_ms saturates seconds outside
 * Timestamp's range (years 1-9999) to its ends, so any Timestamp off the
 * wire is safe to convert. */
int64_t tc_ts_to_ms(const Google__Protobuf__Timestamp *ts);
void tc_ts_from_ms(Google__Protobuf__Timestamp *ts, int64_t ms);

#endif
