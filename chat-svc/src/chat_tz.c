/* chat_tz: TZif (RFC 8536) reader with a POSIX TZ footer rule and a cache. */
#include "chat_tz.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tc_err.h"
#include "xalloc.h"

#define TZ_MAX_FILE (256 * 1024)

typedef struct tz_rule_end {
    int kind; /* 'M' month.week.day, 'J' julian 1-365 no leap, 'N' zero-based day */
    int m, w, d, n;
    int32_t time; /* seconds after local midnight, may be negative or > 24h */
} tz_rule_end_t;

typedef struct tz_rule {
    bool valid;
    int32_t std_off; /* east positive */
    int32_t dst_off;
    bool has_dst;
    tz_rule_end_t start, end;
} tz_rule_t;

struct chat_tz {
    struct chat_tz *next;
    char *name;
    int64_t *trans; /* transition instants, ascending */
    uint8_t *trans_type;
    int32_t *type_off;
    uint8_t *type_dst;
    uint32_t n_trans, n_types;
    tz_rule_t rule;
};

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static chat_tz_t *tz_cache;
static chat_tz_t tz_utc = {.name = "UTC"};

int64_t chat_tz_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void chat_tz_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int chat_tz_weekday(int64_t days)
{
    int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int chat_tz_days_in_month(int64_t y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* ---- POSIX TZ footer ("CET-1CEST,M3.5.0,M10.5.0/3") ---- */

static const char *rule_name(const char *p)
{
    if (*p == '<') {
        while (*p && *p != '>')
            p++;
        return *p ? p + 1 : NULL;
    }
    const char *s = p;
    while (isalpha((unsigned char)*p))
        p++;
    return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] into seconds; NULL on error. */
static const char *rule_hms(const char *p, int32_t *out)
{
    int sign = 1;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)*p))
        return NULL;
    int32_t v[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            if (*p != ':')
                break;
            p++;
        }
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p))
            v[i] = v[i] * 10 + (*p++ - '0');
    }
    *out = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
    return p;
}

static const char *rule_end(const char *p, tz_rule_end_t *e)
{
    memset(e, 0, sizeof *e);
    e->time = 7200;
    if (*p == 'M') {
        e->kind = 'M';
        if (sscanf(p + 1, "%d.%d.%d", &e->m, &e->w, &e->d) != 3)
            return NULL;
        p++;
        while (isdigit((unsigned char)*p) || *p == '.')
            p++;
        if (e->m < 1 || e->m > 12 || e->w < 1 || e->w > 5 || e->d < 0 || e->d > 6)
            return NULL;
    } else {
        e->kind = 'N';
        if (*p == 'J') {
            e->kind = 'J';
            p++;
        }
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p))
            e->n = e->n * 10 + (*p++ - '0');
    }
    if (*p == '/')
        p = rule_hms(p + 1, &e->time);
    return p;
}

static bool rule_parse(const char *s, tz_rule_t *r)
{
    memset(r, 0, sizeof *r);
    const char *p = rule_name(s);
    int32_t v;
    if (!p || !(p = rule_hms(p, &v)))
        return false;
    r->std_off = -v;
    if (*p == '\0') {
        r->valid = true;
        return true;
    }
    if (!(p = rule_name(p)))
        return false;
    r->has_dst = true;
    r->dst_off = r->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = rule_hms(p, &v)))
            return false;
        r->dst_off = -v;
    }
    if (*p != ',' || !(p = rule_end(p + 1, &r->start)) || *p != ',' ||
        !(p = rule_end(p + 1, &r->end)))
        return false;
    r->valid = *p == '\0';
    return r->valid;
}

/* Local seconds (since epoch, wall clock) of a rule end in year y. */
static int64_t rule_end_local(const tz_rule_end_t *e, int64_t y)
{
    int64_t day;
    if (e->kind == 'M') {
        int64_t first = chat_tz_days_from_civil(y, e->m, 1);
        int wd = chat_tz_weekday(first);
        int64_t dd = (e->d - wd + 7) % 7 + (int64_t)(e->w - 1) * 7;
        int dim = chat_tz_days_in_month(y, e->m);
        while (dd >= dim)
            dd -= 7;
        day = first + dd;
    } else if (e->kind == 'J') {
        int n = e->n - 1;
        if (is_leap(y) && n >= 59)
            n++;
        day = chat_tz_days_from_civil(y, 1, 1) + n;
    } else {
        day = chat_tz_days_from_civil(y, 1, 1) + e->n;
    }
    return day * 86400 + e->time;
}

static int rule_offset(const tz_rule_t *r, int64_t t)
{
    if (!r->has_dst)
        return r->std_off;
    int64_t y;
    int m, d;
    chat_tz_civil_from_days(floor_div(t + r->std_off, 86400), &y, &m, &d);
    int64_t start = rule_end_local(&r->start, y) - r->std_off;
    int64_t end = rule_end_local(&r->end, y) - r->dst_off;
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? r->dst_off : r->std_off;
}

/* ---- TZif ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

typedef struct tzif_counts {
    uint32_t isut, isstd, leap, time, type, chr;
} tzif_counts_t;

static bool tzif_counts(const unsigned char *p, size_t left, tzif_counts_t *c)
{
    if (left < 44 || memcmp(p, "TZif", 4) != 0)
        return false;
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chr = be32(p + 40);
    return c->type > 0 && c->type < 256 && c->time < 100000 && c->leap < 10000;
}

static bool tzif_parse(chat_tz_t *z, const unsigned char *buf, size_t len)
{
    tzif_counts_t c;
    if (!tzif_counts(buf, len, &c))
        return false;
    int tsize = 4;
    const unsigned char *p = buf + 44;
    size_t left = len - 44;
    if (buf[4] >= '2') { /* skip the 32-bit block, use the 64-bit one */
        size_t skip =
            (size_t)c.time * 5 + (size_t)c.type * 6 + c.chr + (size_t)c.leap * 8 + c.isstd + c.isut;
        if (left < skip || !tzif_counts(p + skip, left - skip, &c))
            return false;
        p += skip + 44;
        left -= skip + 44;
        tsize = 8;
    }
    size_t need = (size_t)c.time * (tsize + 1) + (size_t)c.type * 6 + c.chr +
                  (size_t)c.leap * (tsize + 4) + c.isstd + c.isut;
    if (left < need)
        return false;
    z->n_trans = c.time;
    z->n_types = c.type;
    z->trans = xcalloc(c.time + 1, sizeof *z->trans);
    z->trans_type = xcalloc(c.time + 1, 1);
    z->type_off = xcalloc(c.type, sizeof *z->type_off);
    z->type_dst = xcalloc(c.type, 1);
    for (uint32_t i = 0; i < c.time; i++)
        z->trans[i] = tsize == 8 ? be64(p + (size_t)i * 8) : (int32_t)be32(p + (size_t)i * 4);
    p += (size_t)c.time * tsize;
    for (uint32_t i = 0; i < c.time; i++) {
        if (p[i] >= c.type)
            return false;
        z->trans_type[i] = p[i];
    }
    p += c.time;
    for (uint32_t i = 0; i < c.type; i++) {
        z->type_off[i] = (int32_t)be32(p + i * 6);
        z->type_dst[i] = p[i * 6 + 4];
    }
    p += (size_t)c.type * 6 + c.chr + (size_t)c.leap * (tsize + 4) + c.isstd + c.isut;
    left = len - (size_t)(p - buf);
    if (tsize == 8 && left > 2 && p[0] == '\n') {
        const unsigned char *e = memchr(p + 1, '\n', left - 1);
        if (e && e - p < 128) {
            char footer[128];
            memcpy(footer, p + 1, (size_t)(e - p - 1));
            footer[e - p - 1] = '\0';
            rule_parse(footer, &z->rule);
        }
    }
    return true;
}

static void tz_free(chat_tz_t *z)
{
    if (!z || z == &tz_utc)
        return;
    free(z->name);
    free(z->trans);
    free(z->trans_type);
    free(z->type_off);
    free(z->type_dst);
    free(z);
}

static bool name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64 || name[0] == '/' || name[0] == '.' || strstr(name, ".."))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (!isalnum(ch) && ch != '/' && ch != '_' && ch != '-' && ch != '+')
            return false;
    }
    return true;
}

static chat_tz_t *tz_read(const char *name)
{
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = xmalloc(TZ_MAX_FILE);
    size_t len = fread(buf, 1, TZ_MAX_FILE, f);
    fclose(f);
    chat_tz_t *z = xcalloc(1, sizeof *z);
    bool ok = tzif_parse(z, buf, len);
    free(buf);
    if (!ok) {
        tz_free(z);
        return NULL;
    }
    z->name = xstrdup(name);
    return z;
}

int chat_tz_load(const char *name, const chat_tz_t **out)
{
    if (!name || !*name || strcasecmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0 ||
        strcasecmp(name, "GMT") == 0 || strcmp(name, "Z") == 0) {
        *out = &tz_utc;
        return 0;
    }
    if (!name_ok(name))
        return TC_EINVAL;
    pthread_mutex_lock(&tz_lock);
    chat_tz_t *z = tz_cache;
    while (z && strcmp(z->name, name) != 0)
        z = z->next;
    if (!z && (z = tz_read(name))) {
        z->next = tz_cache;
        tz_cache = z;
    }
    pthread_mutex_unlock(&tz_lock);
    if (!z)
        return TC_ENOTFOUND;
    *out = z;
    return 0;
}

const char *chat_tz_name(const chat_tz_t *tz)
{
    return tz->name;
}

void chat_tz_cache_clear(void)
{
    pthread_mutex_lock(&tz_lock);
    while (tz_cache) {
        chat_tz_t *n = tz_cache->next;
        tz_free(tz_cache);
        tz_cache = n;
    }
    pthread_mutex_unlock(&tz_lock);
}

int chat_tz_offset(const chat_tz_t *tz, int64_t t)
{
    if (tz == &tz_utc)
        return 0;
    if (tz->n_trans == 0 || t < tz->trans[0]) {
        if (tz->n_trans == 0 && tz->rule.valid)
            return rule_offset(&tz->rule, t);
        for (uint32_t i = 0; i < tz->n_types; i++)
            if (!tz->type_dst[i])
                return tz->type_off[i];
        return tz->type_off[0];
    }
    if (t >= tz->trans[tz->n_trans - 1] && tz->rule.valid)
        return rule_offset(&tz->rule, t);
    uint32_t lo = 0, hi = tz->n_trans; /* last transition <= t */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (tz->trans[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return tz->type_off[tz->trans_type[lo]];
}

int64_t chat_tz_to_local(const chat_tz_t *tz, int64_t t)
{
    return t + chat_tz_offset(tz, t);
}

int64_t chat_tz_to_utc(const chat_tz_t *tz, int64_t local)
{
    int before = chat_tz_offset(tz, local - 86400);
    int after = chat_tz_offset(tz, local + 86400);
    int64_t best = INT64_MAX;
    int cand[2] = {before, after};
    for (int i = 0; i < 2; i++) {
        int64_t t = local - cand[i];
        if (chat_tz_offset(tz, t) == cand[i] && t < best)
            best = t;
    }
    if (best != INT64_MAX)
        return best;
    return local - before; /* in a gap: keep the pre-transition offset, lands after it */
}
