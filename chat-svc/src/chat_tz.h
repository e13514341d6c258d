/* chat_tz: IANA time zones read from the system tz database (TZif files under
 * /usr/share/zoneinfo, or $TZDIR), with their POSIX footer rule for instants
 * after the last listed transition. Loaded zones are cached for the life of
 * the process; lookups are thread-safe (no setenv("TZ") / localtime games).
 * Also the proleptic Gregorian calendar helpers the date resolver needs. */
#ifndef CHAT_TZ_H
#define CHAT_TZ_H

#include <stdint.h>

typedef struct chat_tz chat_tz_t;

/* Looks up zone name ("Europe/Berlin"; "" and "UTC" are UTC). The zone is
 * owned by the process-wide cache and stays valid until chat_tz_cache_clear.
 * Returns 0 and sets *out; TC_EINVAL for a name that is not a zone name
 * (absolute path, "..", odd characters, too long); TC_ENOTFOUND when no such
 * zone file exists or it is not a valid TZif file. Thread-safe. */
int chat_tz_load(const char *name, const chat_tz_t **out);

/* The zone's name as given to chat_tz_load ("UTC" for UTC). */
const char *chat_tz_name(const chat_tz_t *tz);

/* Offset from UTC in seconds (east positive) at unix time t. */
int chat_tz_offset(const chat_tz_t *tz, int64_t t);

/* Unix time of a local wall-clock time given as seconds since 1970-01-01T00:00
 * local. A wall time skipped by a DST gap is moved forward by the gap
 * (02:30 on a spring-forward night becomes 03:30); a repeated one (fall back)
 * resolves to the earlier instant. */
int64_t chat_tz_to_utc(const chat_tz_t *tz, int64_t local);

/* Local wall-clock seconds (since 1970-01-01T00:00 local) of unix time t. */
int64_t chat_tz_to_local(const chat_tz_t *tz, int64_t t);

/* Frees every cached zone. Only for tests and leak checks at exit: no zone
 * obtained before may be used afterwards. */
void chat_tz_cache_clear(void);

/* Days since 1970-01-01 of a proleptic Gregorian date (m 1-12, d 1-31). */
int64_t chat_tz_days_from_civil(int64_t y, int m, int d);
/* Inverse of chat_tz_days_from_civil. */
void chat_tz_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* 0 = Sunday .. 6 = Saturday for days since 1970-01-01. */
int chat_tz_weekday(int64_t days);
/* Number of days in month m (1-12) of year y. */
int chat_tz_days_in_month(int64_t y, int m);

#endif
