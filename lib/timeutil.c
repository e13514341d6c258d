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

char *tc_rfc3339_format(int64_t ms, char *out, size_t n)
{
    if (ms < TS_MIN_SECONDS * 1000)
        ms = TS_MIN_SECONDS * 1000;
    else if (ms > TS_MAX_SECONDS * 1000 + 999)
        ms = TS_MAX_SECONDS * 1000 + 999;
    time_t secs = (time_t)floor_div(ms, 1000);
    int frac = (int)(ms - (int64_t)secs * 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    if (frac)
        snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
    else
        snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
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
