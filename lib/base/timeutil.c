#include "timeutil.h"
#include "tc_err.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t tc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t tc_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double tc_mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct timespec clock_in_ms(clockid_t clock, int64_t ms)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    ts.tv_sec += (time_t)(ms / 1000);
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

struct timespec tc_realtime_in_ms(int64_t ms)
{
    return clock_in_ms(CLOCK_REALTIME, ms);
}

struct timespec tc_monotonic_in_ms(int64_t ms)
{
    return clock_in_ms(CLOCK_MONOTONIC, ms);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* google.protobuf.Timestamp's range, 0001-01-01T00:00:00Z to
 * 9999-12-31T23:59:59Z: times outside it saturate to its ends, so that no
 * input (an upstream's Timestamp, a huge ms value) overflows the arithmetic
 * or gmtime_r. */
#define TS_MIN_SECONDS (-62135596800LL)
#define TS_MAX_SECONDS 253402300799LL

/* Writes v as exactly width decimal digits (v >= 0). */
static void put_digits(char *p, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Formats by hand (days-to-civil after H. Hinnant) rather than with gmtime_r
 * and snprintf: the gateway formats four times per todo it returns, and the
 * printf path was ~10% of its CPU time on GET /api/todos (bench/run.sh
 * profile). Same output as before, byte for byte (lib/tests/base/test_timeutil.c
 * compares against gmtime_r + snprintf). */
char *tc_rfc3339_format(int64_t ms, char *out, size_t n)
{
    if (ms < TS_MIN_SECONDS * 1000)
        ms = TS_MIN_SECONDS * 1000;
    else if (ms > TS_MAX_SECONDS * 1000 + 999)
        ms = TS_MAX_SECONDS * 1000 + 999;
    int64_t secs = floor_div(ms, 1000);
    int frac = (int)(ms - secs * 1000);
    int64_t days = floor_div(secs, 86400);
    int sod = (int)(secs - days * 86400);
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    int year = (int)(yoe + era * 400 + (month <= 2 ? 1 : 0));
    char buf[32];
    put_digits(buf, year, 4);
    buf[4] = '-';
    put_digits(buf + 5, month, 2);
    buf[7] = '-';
    put_digits(buf + 8, day, 2);
    buf[10] = 'T';
    put_digits(buf + 11, sod / 3600, 2);
    buf[13] = ':';
    put_digits(buf + 14, sod / 60 % 60, 2);
    buf[16] = ':';
    put_digits(buf + 17, sod % 60, 2);
    size_t len = 19;
    if (frac) {
        buf[19] = '.';
        put_digits(buf + 20, frac, 3);
        len = 23;
    }
    buf[len++] = 'Z';
    if (n) {
        size_t k = len < n - 1 ? len : n - 1;
        memcpy(out, buf, k);
        out[k] = '\0';
    }
    return out;
}

static int digits(const char **p, int count, int *out)
{
    int v = 0;
    for (int i = 0; i < count; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += count;
    *out = v;
    return 0;
}

static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

int tc_rfc3339_parse(const char *s, int64_t *ms)
{
    if (!s)
        return TC_EINVAL;
    const char *p = s;
    int Y, M, D, h, m, sec;
    if (digits(&p, 4, &Y) || *p++ != '-' || digits(&p, 2, &M) || *p++ != '-' || digits(&p, 2, &D) ||
        (*p != 'T' && *p != 't' && *p != ' '))
        return TC_EINVAL;
    p++;
    if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &m) || *p++ != ':' || digits(&p, 2, &sec))
        return TC_EINVAL;
    if (M < 1 || M > 12 || D < 1 || D > month_days[M - 1] || h > 23 || m > 59 || sec > 60)
        return TC_EINVAL;
    bool leap = (Y % 4 == 0 && Y % 100 != 0) || Y % 400 == 0;
    if (M == 2 && D == 29 && !leap)
        return TC_EINVAL;
    if (sec == 60)
        sec = 59; /* leap second: clamp */
    int frac_ms = 0;
    if (*p == '.') {
        p++;
        int nd = 0;
        while (isdigit((unsigned char)*p)) {
            if (nd < 3)
                frac_ms = frac_ms * 10 + (*p - '0');
            nd++;
            p++;
        }
        if (nd == 0)
            return TC_EINVAL;
        for (int i = nd; i < 3; i++)
            frac_ms *= 10;
    }
    int offset_min = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        p++;
        int oh, om;
        if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) || oh > 23 || om > 59)
            return TC_EINVAL;
        offset_min = sign * (oh * 60 + om);
    } else {
        return TC_EINVAL;
    }
    if (*p)
        return TC_EINVAL;
    struct tm tm = {.tm_year = Y - 1900,
                    .tm_mon = M - 1,
                    .tm_mday = D,
                    .tm_hour = h,
                    .tm_min = m,
                    .tm_sec = sec};
    time_t t = timegm(&tm);
    *ms = ((int64_t)t - (int64_t)offset_min * 60) * 1000 + frac_ms;
    return TC_OK;
}

int64_t tc_ts_to_ms(const Google__Protobuf__Timestamp *ts)
{
    if (ts->seconds < TS_MIN_SECONDS)
        return TS_MIN_SECONDS * 1000;
    if (ts->seconds > TS_MAX_SECONDS)
        return TS_MAX_SECONDS * 1000 + 999;
    return ts->seconds * 1000 + ts->nanos / 1000000;
}

void tc_ts_from_ms(Google__Protobuf__Timestamp *ts, int64_t ms)
{
    int64_t secs = floor_div(ms, 1000);
    ts->seconds = secs;
    ts->nanos = (int32_t)((ms - secs * 1000) * 1000000);
}
