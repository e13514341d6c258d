/* chat_date: date/time expressions. See chat_date.h for the rules. */
#include "chat_date.h"

#include "chat_lex.h"

#include <ctype.h>

#include <string.h>

typedef struct dparts {
    bool has_day;
    int64_t day;
    int weekday; /* bare weekday still to be resolved (0 Sun..6 Sat), or -1 */
    int span;
    bool has_time;
    int sec;        /* seconds of day */
    bool ambiguous; /* "at 5": am or pm */
    bool no_half;   /* an hour 1-11 given without am/pm or a day part */
    bool soft_time; /* a default of a day part: end of day, tonight */
    int late_sec;   /* when soft_time is past: this instead (23:59) */
    bool has_instant;
    int64_t instant;
    bool past;
    bool before;  /* "before friday", "by monday", "until dec 3" */
    bool through; /* "by monday", "until dec 3": the day itself included */
    char part;    /* 'a'/'p': the time is a day part's default ("tonight" 20:00,
                     "afternoon" 15:00) that an explicit time replaces, in its half */
} dparts_t;

typedef struct dscan {
    const chat_tok_t *t;
    size_t n;
    const bool *skip;
    const chat_date_ctx_t *ctx;
    int64_t today; /* local day of now */
    int now_sec;   /* local seconds of day of now */
    int now_wd;
    char half; /* the message's cue for an hour without am/pm: 'a', 'p',
                  'r' (a repeating todo: as with a day) or 0 */
} dscan_t;

static const char *const weekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};
static const char *const wd_abbr[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
static const char *const months[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};
static const char *const mon_abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};

static const chat_tok_t *tk(const dscan_t *s, size_t i)
{
    if (i >= s->n || (s->skip && s->skip[i]) || (s->t[i].possessive && !s->ctx->possessive_days))
        return NULL;
    return &s->t[i];
}

/* Is token i the word w, whether or not a reading took it already? */
static bool word_at(const dscan_t *s, size_t i, const char *w)
{
    return i < s->n && s->t[i].kind == CHAT_TOK_WORD && strcmp(s->t[i].norm, w) == 0;
}

static bool is(const dscan_t *s, size_t i, const char *w)
{
    const chat_tok_t *t = tk(s, i);
    return t && t->kind == CHAT_TOK_WORD && strcmp(t->norm, w) == 0;
}

static bool is_fuzzy(const dscan_t *s, size_t i, const char *w)
{
    const chat_tok_t *t = tk(s, i);
    return t && chat_tok_is(t, w);
}

/* End of the message or punctuation: an abbreviation there is a date. */
static bool at_end(const dscan_t *s, size_t i)
{
    const chat_tok_t *t = tk(s, i);
    return !t || t->kind == CHAT_TOK_PUNCT;
}

int64_t chat_date_local_day(const chat_date_ctx_t *ctx, int64_t t)
{
    int64_t l = chat_tz_to_local(ctx->tz, t);
    return l >= 0 ? l / 86400 : -((-l + 86399) / 86400);
}

int64_t chat_date_at(const chat_date_ctx_t *ctx, int64_t day, int sec_of_day)
{
    return chat_tz_to_utc(ctx->tz, day * 86400 + sec_of_day);
}

static int64_t monday_of(int64_t day)
{
    int wd = chat_tz_weekday(day);
    return day - (wd + 6) % 7;
}

/* "1st", "2nd", "23rd", "4th", "3" -> 3; 0 when not a day number. */
static int day_number(const chat_tok_t *t, bool need_suffix)
{
    if (!t)
        return 0;
    if (t->kind == CHAT_TOK_NUM)
        return !need_suffix && t->num >= 1 && t->num <= 31 ? (int)t->num : 0;
    if (t->kind != CHAT_TOK_WORD)
        return 0;
    const char *p = t->norm;
    int v = 0, nd = 0;
    while (*p >= '0' && *p <= '9' && nd < 3) {
        v = v * 10 + (*p++ - '0');
        nd++;
    }
    if (nd == 0 || nd > 2 || v < 1 || v > 31)
        return 0;
    if (strcmp(p, "st") == 0 || strcmp(p, "nd") == 0 || strcmp(p, "rd") == 0 ||
        strcmp(p, "th") == 0)
        return v;
    return 0;
}

/* "first" .. "thirty-first" -> 1 .. 31; 0 when not an ordinal word. */
static int ordinal_word(const chat_tok_t *t)
{
    static const char *const ones[] = {"first", "second",  "third",  "fourth", "fifth",
                                       "sixth", "seventh", "eighth", "ninth",  NULL};
    static const char *const teens[] = {"tenth",      "eleventh",   "twelfth",   "thirteenth",
                                        "fourteenth", "fifteenth",  "sixteenth", "seventeenth",
                                        "eighteenth", "nineteenth", "twentieth", NULL};
    if (!t || t->kind != CHAT_TOK_WORD)
        return 0;
    const char *w = t->norm;
    int base = 0;
    if (!strncmp(w, "twenty", 6) && (w[6] == '-' || (w[6] >= 'a' && w[6] <= 'z' && w[6] != 'i')))
        base = 20, w += 6 + (w[6] == '-');
    else if (!strncmp(w, "thirty", 6) && (w[6] == '-' || w[6] == 'f'))
        base = 30, w += 6 + (w[6] == '-');
    for (int i = 0; ones[i]; i++)
        if (!strcmp(w, ones[i]))
            return base + i + 1 <= 31 ? base + i + 1 : 0;
    for (int i = 0; teens[i] && !base; i++)
        if (!strcmp(w, teens[i]))
            return 10 + i;
    if (!strcmp(t->norm, "thirtieth"))
        return 30;
    return 0;
}

static int month_of(const dscan_t *s, size_t i, bool strict)
{
    const chat_tok_t *t = tk(s, i);
    if (!t || t->kind != CHAT_TOK_WORD)
        return 0;
    for (int m = 0; m < 12; m++) {
        if (strcmp(t->norm, months[m]) == 0 && (!strict || (m != 4 && m != 2)))
            return m + 1;
        if (strcmp(t->norm, mon_abbr[m]) == 0 && (!strict || (m != 4 && m != 2)))
            return m + 1;
        if (m == 8 && strcmp(t->norm, "sept") == 0)
            return 9;
    }
    return 0;
}

static int weekday_of(const dscan_t *s, size_t i, bool allow_abbr)
{
    const chat_tok_t *t = tk(s, i);
    if (!t || t->kind != CHAT_TOK_WORD)
        return -1;
    for (int d = 0; d < 7; d++) {
        /* "fridays" and "Saturday's dinner" name no day: part of a title */
        size_t wl = strlen(weekdays[d]);
        if (strncmp(t->norm, weekdays[d], wl) == 0 && strcmp(t->norm + wl, "s") == 0)
            return -1;
    }
    for (int d = 0; d < 7; d++) {
        if (strcmp(t->norm, weekdays[d]) == 0 || chat_tok_is(t, weekdays[d]))
            return d;
        if (allow_abbr && strcmp(t->norm, wd_abbr[d]) == 0)
            return d;
    }
    return -1;
}

static int count_word(const dscan_t *s, size_t i, int *val)
{
    const chat_tok_t *t = tk(s, i);
    if (!t)
        return 0;
    if (t->kind == CHAT_TOK_NUM && t->num > 0 && t->num < 1000) {
        *val = (int)t->num;
        return 1;
    }
    if (is(s, i, "a") && (is(s, i + 1, "couple") || is(s, i + 1, "few"))) {
        int k = count_word(s, i + 1, val);
        return k ? k + 1 : 0;
    }
    static const char *const nums[] = {"a",   "one",   "two",   "three", "four", "five",
                                       "six", "seven", "eight", "nine",  "ten",  "an"};
    static const int numv[] = {1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1};
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++)
        if (t->kind == CHAT_TOK_WORD && strcmp(t->norm, nums[k]) == 0) {
            *val = numv[k];
            return 1;
        }
    if (is(s, i, "couple")) {
        *val = 2;
        return is(s, i + 1, "of") ? 2 : 1;
    }
    if (is(s, i, "few")) {
        *val = 3;
        return 1;
    }
    return 0;
}

/* "ten" in "half past ten": the hour words 1-12 */
static int hour_word(const chat_tok_t *t)
{
    return t && t->kind == CHAT_TOK_WORD ? chat_lex_cardinal(t->norm) : 0;
}

typedef enum unit { U_NONE, U_MIN, U_HOUR, U_DAY, U_WEEK, U_FORTNIGHT, U_MONTH, U_YEAR } unit_t;

/* Days in one of a unit of whole days (0: not one). */
static int unit_days(unit_t u)
{
    return u == U_DAY ? 1 : u == U_WEEK ? 7 : u == U_FORTNIGHT ? 14 : 0;
}

static unit_t unit_of(const dscan_t *s, size_t i)
{
    const chat_tok_t *t = tk(s, i);
    if (!t || t->kind != CHAT_TOK_WORD)
        return U_NONE;
    const char *w = t->norm;
    if (!strcmp(w, "minutes") || !strcmp(w, "m") || !strcmp(w, "mn"))
        return U_MIN;
    if (!strcmp(w, "hours") || !strcmp(w, "h"))
        return U_HOUR;
    if (!strcmp(w, "days") || !strcmp(w, "d"))
        return U_DAY;
    if (!strcmp(w, "weeks") || !strcmp(w, "w"))
        return U_WEEK;
    if (!strcmp(w, "fortnights"))
        return U_FORTNIGHT;
    if (!strcmp(w, "months"))
        return U_MONTH;
    if (!strcmp(w, "year") || !strcmp(w, "years") || !strcmp(w, "yr"))
        return U_YEAR;
    return U_NONE;
}

static int64_t add_months(int64_t day, int months_n)
{
    int64_t y;
    int m, d;
    chat_tz_civil_from_days(day, &y, &m, &d);
    int64_t mm = (int64_t)m - 1 + months_n;
    y += mm / 12;
    m = (int)(mm % 12) + 1;
    int dim = chat_tz_days_in_month(y, m);
    return chat_tz_days_from_civil(y, m, d > dim ? dim : d);
}

/* "in 3 days", "in an hour", "in half an hour", "2 weeks from now". */
static size_t read_relative(const dscan_t *s, size_t i, dparts_t *p)
{
    size_t j = i;
    bool in = is(s, j, "in") || is(s, j, "within");
    if (in)
        j++;
    int v = 0;
    int64_t secs = -1;
    if ((is(s, j, "half") && is(s, j + 1, "an") && unit_of(s, j + 2) == U_HOUR) ||
        (is(s, j, "a") && is(s, j + 1, "half") && unit_of(s, j + 2) == U_HOUR)) {
        secs = 1800;
        j += 3;
    } else {
        size_t k = count_word(s, j, &v);
        if (!k && unit_of(s, j) != U_NONE && is(s, j + 1, "from"))
            v = 1; /* "fortnight from today", "week from now": one */
        else if (!k)
            return 0;
        j += k;
        unit_t u = unit_of(s, j);
        if (u == U_NONE)
            return 0;
        j++;
        if (u == U_HOUR && is(s, j, "and") && is(s, j + 1, "a") && is(s, j + 2, "half")) {
            j += 3;
            secs = (int64_t)v * 3600 + 1800;
        } else if (u == U_MIN || u == U_HOUR) {
            secs = (int64_t)v * (u == U_MIN ? 60 : 3600);
        } else {
            int64_t d = (int64_t)unit_days(u) * v;
            if (u == U_MONTH)
                d = add_months(s->today, v) - s->today;
            if (u == U_YEAR)
                d = add_months(s->today, 12 * v) - s->today;
            if (!in) {
                if (!(is(s, j, "from") && (is(s, j + 1, "now") || is(s, j + 1, "today"))))
                    return 0;
                j += 2;
            }
            p->has_day = true;
            p->day = s->today + d;
            p->span = 1;
            return j - i;
        }
    }
    if (!in) {
        if (!(is(s, j, "from") && is(s, j + 1, "now")))
            return 0;
        j += 2;
    }
    p->has_instant = true;
    p->instant = (s->ctx->now / 60) * 60 + secs;
    return j - i;
}

/* A '.' token right after token i ("14.12."). */
static bool dot_follows(const dscan_t *s, size_t i)
{
    return i + 1 < s->n && s->t[i + 1].kind == CHAT_TOK_PUNCT && s->t[i + 1].norm[0] == '.' &&
           s->t[i + 1].off == s->t[i].off + s->t[i].len;
}

/* Zones whose people write a numeric date month first ("12/3" is December
 * 3rd): the United States and Canada, the Philippines, Japan, Korea, China,
 * Taiwan, and UTC. Latin America writes day first. */
static bool month_first_zone(const char *zone)
{
    static const char *const month_first[] = {
        "America/",   "US/",           "Canada/",     "Pacific/Honolulu", "UTC", "Asia/Tokyo",
        "Asia/Seoul", "Asia/Shanghai", "Asia/Taipei", "Asia/Manila",      NULL};
    static const char *const day_first[] = {"America/Argentina/",
                                            "America/Buenos_Aires",
                                            "America/Mexico_City",
                                            "America/Monterrey",
                                            "America/Cancun",
                                            "America/Merida",
                                            "America/Chihuahua",
                                            "America/Mazatlan",
                                            "America/Hermosillo",
                                            "America/Tijuana",
                                            "America/Sao_Paulo",
                                            "America/Bahia",
                                            "America/Fortaleza",
                                            "America/Recife",
                                            "America/Manaus",
                                            "America/Belem",
                                            "America/Maceio",
                                            "America/Cuiaba",
                                            "America/Campo_Grande",
                                            "America/Porto_Velho",
                                            "America/Bogota",
                                            "America/Lima",
                                            "America/Santiago",
                                            "America/Caracas",
                                            "America/Montevideo",
                                            "America/Asuncion",
                                            "America/La_Paz",
                                            "America/Guayaquil",
                                            "America/Guatemala",
                                            "America/El_Salvador",
                                            "America/Tegucigalpa",
                                            "America/Managua",
                                            "America/Costa_Rica",
                                            "America/Panama",
                                            "America/Havana",
                                            "America/Santo_Domingo",
                                            "America/Jamaica",
                                            "America/Port_of_Spain",
                                            "America/Belize",
                                            "America/Guyana",
                                            "America/Paramaribo",
                                            "America/Cayenne",
                                            NULL};
    for (size_t i = 0; day_first[i]; i++)
        if (!strncmp(zone, day_first[i], strlen(day_first[i])))
            return false;
    for (size_t i = 0; month_first[i]; i++)
        if (!strncmp(zone, month_first[i], strlen(month_first[i])))
            return true;
    return false;
}

/* "9.30", "10.45": a number written with one dot before two digits of
 * minutes (the dot is gone from its norm, so the token is one byte longer
 * than its digits), not right after a currency sign or other punctuation
 * ("$4.50", "£2.30"). */
static bool dotted_clock(const dscan_t *s, size_t i)
{
    const chat_tok_t *t = tk(s, i);
    size_t nd = strlen(t->norm);
    if (t->kind != CHAT_TOK_NUM || (nd != 3 && nd != 4) || t->len != nd + 1 || t->num % 100 > 59)
        return false;
    const chat_tok_t *b = i > 0 ? &s->t[i - 1] : NULL;
    return !(b && b->off + b->len == t->off && b->kind == CHAT_TOK_PUNCT);
}

/* A day and month read from a numeric date into p: y 0 means the next
 * such day (this year or the next). Returns 1, or 0 when there is no such
 * day. */
static size_t set_numeric_day(const dscan_t *s, dparts_t *p, int d, int m, int64_t y)
{
    if (m < 1 || m > 12 || d < 1)
        return 0;
    if (y == 0) {
        int64_t ty;
        int tm, td;
        chat_tz_civil_from_days(s->today, &ty, &tm, &td);
        y = ty;
        if (d > chat_tz_days_in_month(y, m))
            return 0;
        if (chat_tz_days_from_civil(y, m, d) < s->today)
            y++;
    }
    if (d > chat_tz_days_in_month(y, m))
        return 0;
    p->has_day = true;
    p->day = chat_tz_days_from_civil(y, m, d);
    p->span = 1;
    return 1;
}

/* "on 14.12", "until 31.12": after "on", a number with one dot before two
 * digits is a day and month (day first), not a time of day; after "by",
 * "until", "before", "due", "deadline", or "to" with a time after it, too,
 * when it can be no clock time with minutes ("by 9.30" is half past nine,
 * "until 31.12" New Year's Eve, "moved to 3.12 at 14:00" the 3rd of December,
 * "deadline is 10.12" the 10th). */
static bool dotted_day(const dscan_t *s, size_t i, int *d, int *m)
{
    const chat_tok_t *t = tk(s, i);
    if (!t || !dotted_clock(s, i) || i == 0)
        return false;
    *m = (int)(t->num % 100);
    *d = (int)(t->num / 100);
    bool deadline = is(s, i - 1, "by") || is(s, i - 1, "until") || is(s, i - 1, "till") ||
                    is(s, i - 1, "til") || is(s, i - 1, "before") || is(s, i - 1, "due") ||
                    is(s, i - 1, "deadline") ||                   /* "deadline 10.12" */
                    (is(s, i - 1, "to") && is(s, i + 1, "at")) || /* "moved to 3.12 at 14:00" */
                    (word_at(s, i - 1, "is") && i > 1 &&          /* "deadline is 10.12" */
                     (word_at(s, i - 2, "deadline") || word_at(s, i - 2, "due")));
    if (!is(s, i - 1, "on") && !(deadline && (*d > 24 || *m <= 12)))
        return false;
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* ISO 2026-12-24, US 12/24 and 12/24/2026 (d/m when m/d is impossible),
 * European 14.12. and 14.12.2026 (always day first; "14.12" without a year
 * needs a preposition or the closing dot, so "3.5 kg" is no date). */
static size_t read_numeric_date(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    const chat_tok_t *t = tk(s, i);
    int dd, mm;
    if (dotted_day(s, i, &dd, &mm))
        return set_numeric_day(s, p, dd, mm, 0);
    if (!t || t->kind != CHAT_TOK_WORD)
        return 0;
    int a = 0, b = 0, c = 0, n = 0;
    char sep = 0;
    const char *q = t->norm;
    int vals[3] = {0, 0, 0}, digs[3] = {0, 0, 0};
    while (*q && n < 3) {
        if (*q >= '0' && *q <= '9') {
            vals[n] = vals[n] * 10 + (*q - '0');
            if (++digs[n] > 4)
                return 0;
        } else if ((*q == '-' || *q == '/' || *q == '.') && digs[n] > 0 && (!sep || sep == *q)) {
            sep = *q;
            n++;
        } else {
            return 0;
        }
        q++;
    }
    if (*q || n < 1 || digs[n] == 0)
        return 0;
    n++;
    int64_t y;
    int m, d;
    if (sep == '-' && n == 3 && digs[0] == 4) {
        y = vals[0];
        m = vals[1];
        d = vals[2];
    } else if (sep == '.' && (n == 3 || after_prep || dot_follows(s, i)) && digs[0] <= 2 &&
               digs[1] <= 2) {
        d = vals[0];
        m = vals[1];
        y = n == 3 ? (vals[2] < 100 ? 2000 + vals[2] : vals[2]) : 0;
    } else if (sep == '/' && (n == 2 || n == 3)) {
        a = vals[0];
        b = vals[1];
        c = n == 3 ? vals[2] : 0;
        /* month first where people write it so (month_first_zone), day
           first elsewhere; the other order when the preferred one is
           impossible ("24/12") */
        bool us = month_first_zone(chat_tz_name(s->ctx->tz));
        m = us ? a : b;
        d = us ? b : a;
        if (m > 12 && d <= 12) {
            int x = m;
            m = d;
            d = x;
        }
        y = c ? (c < 100 ? 2000 + c : c) : 0;
    } else {
        return 0;
    }
    return set_numeric_day(s, p, d, m, y);
}

static size_t read_year(const dscan_t *s, size_t i, int64_t *y)
{
    const chat_tok_t *t = tk(s, i);
    size_t k = 0;
    if (t && t->kind == CHAT_TOK_PUNCT && t->norm[0] == ',') {
        k = 1;
        t = tk(s, i + 1);
    }
    if (t && t->kind == CHAT_TOK_NUM && t->num >= 1970 && t->num <= 2200) {
        *y = t->num;
        return k + 1;
    }
    return 0;
}

static void set_month_day(const dscan_t *s, dparts_t *p, int m, int d, int64_t y)
{
    int64_t ty;
    int tm, td;
    chat_tz_civil_from_days(s->today, &ty, &tm, &td);
    if (y == 0) {
        y = ty;
        if (d <= chat_tz_days_in_month(y, m) && chat_tz_days_from_civil(y, m, d) < s->today)
            y++;
    }
    if (d > chat_tz_days_in_month(y, m))
        d = chat_tz_days_in_month(y, m);
    p->has_day = true;
    p->day = chat_tz_days_from_civil(y, m, d);
    p->span = 1;
}

/* "Dec 3", "December 3rd, 2027", "3 December", "the 3rd of dec", "on the 1st". */
static size_t read_month_day(const dscan_t *s, size_t i, dparts_t *p, bool after_on)
{
    size_t j = i;
    int m = month_of(s, j, false);
    if (m) {
        int d = day_number(tk(s, j + 1), false);
        if (!d && is(s, j + 1, "the"))
            if ((d = day_number(tk(s, j + 2), true)))
                j++;
        if (!d)
            return 0;
        j += 2;
        int64_t y = 0;
        j += read_year(s, j, &y);
        set_month_day(s, p, m, d, y);
        return j - i;
    }
    bool the = is(s, j, "the");
    if (the)
        j++;
    const chat_tok_t *t = tk(s, j);
    int d = day_number(t, false);
    /* "the fifth of may"; "on the first" (of every month, read already) */
    if (!d && the && (is(s, j + 1, "of") || (after_on && !tk(s, j + 1))))
        d = ordinal_word(t);
    if (!d)
        return 0;
    bool suffixed = t->kind == CHAT_TOK_WORD;
    size_t k = j + 1;
    if (is(s, k, "of"))
        k++;
    m = month_of(s, k, false);
    if (m) {
        k++;
        int64_t y = 0;
        k += read_year(s, k, &y);
        set_month_day(s, p, m, d, y);
        return k - i;
    }
    static const char *const counted[] = {
        "year", "grade", "form", "floor", "birthday", "time", "place", "round", "class",
        "anniversary", "period", "row", "edition",
        /* "make the 2nd one high priority": a position */
        "one", "ones", "item", "items", "task", "tasks", "todo", "todos"};
    for (size_t c = 0; c < sizeof counted / sizeof *counted; c++)
        if (is(s, j + 1, counted[c]))
            return 0; /* "mark the 5th year mocks", "her 40th birthday", "the 2nd one" */
    if (suffixed && (the || after_on)) { /* "on the 1st": this month or the next */
        int64_t ty;
        int tm, td;
        chat_tz_civil_from_days(s->today, &ty, &tm, &td);
        if (d < td) {
            tm = tm == 12 ? 1 : tm + 1;
            ty += tm == 1;
        }
        set_month_day(s, p, tm, d, ty);
        return j + 1 - i;
    }
    return 0;
}

static size_t read_day(const dscan_t *s, size_t i, dparts_t *p, bool after_prep);

/* "saturday the 5th", "sat 5th": the next 5th of a month (this one included),
 * preferring one that falls on that weekday within a year. Returns the tokens
 * from the weekday on, 0 when no day number follows. */
static size_t read_weekday_date(const dscan_t *s, size_t k, int wd, dparts_t *p)
{
    size_t q = k + 1 + (is(s, k + 1, "the") ? 1 : 0);
    int d = day_number(tk(s, q), true);
    if (!d)
        return 0;
    int64_t y;
    int m, td;
    chat_tz_civil_from_days(s->today, &y, &m, &td);
    int64_t first = -1;
    for (int i = 0; i < 13; i++) {
        int mm = (m - 1 + i) % 12 + 1;
        int64_t yy = y + (m - 1 + i) / 12;
        if (d > chat_tz_days_in_month(yy, mm))
            continue;
        int64_t day = chat_tz_days_from_civil(yy, mm, d);
        if (day < s->today)
            continue;
        if (first < 0)
            first = day;
        if (chat_tz_weekday(day) == wd) {
            first = day;
            break;
        }
    }
    if (first < 0)
        return 0;
    p->has_day = true;
    p->day = first;
    p->span = 1;
    return q + 1 - k;
}

/* "a week from thursday", "two weeks after friday": a day read at i, shifted. */
static size_t read_day_after(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    int v = 0;
    size_t k = count_word(s, i, &v);
    int mult = k ? unit_days(unit_of(s, i + k)) : 0;
    if (!mult)
        return 0;
    size_t q = i + k + 1;
    if (!is(s, q, "from") && !is(s, q, "after"))
        return 0;
    if (is(s, q + 1, "now") || is(s, q + 1, "today"))
        return 0; /* read_relative's */
    size_t r = read_day(s, q + 1, p, after_prep);
    if (!r || !p->has_day || p->past)
        return 0;
    if (p->weekday >= 0 && p->day == s->today)
        p->day += 7; /* "a week from friday" said on a friday: the next one */
    p->weekday = -1;
    p->day += (int64_t)v * mult;
    return q + 1 + r - i;
}

/* ---- days: one reader per form, tried in order by read_day ---- */

static void set_day(dparts_t *p, int64_t day, int span)
{
    p->has_day = true;
    p->day = day;
    p->span = span;
}

/* Words that name one day relative to today. */
static const struct {
    const char *w;
    int offset;
    bool fuzzy; /* also at one slip ("tomorow") */
    bool past;
} day_words[] = {{"today", 0, false, false},
                 {"tomorrow", 1, true, false},
                 {"yesterday", -1, false, true},
                 {"overmorrow", 2, false, false}};

/* "today", "tomorrow", "yesterday", "overmorrow", "end of today". */
static size_t read_day_word(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    (void)after_prep;
    if (is(s, i, "end") && is(s, i + 1, "of") && is(s, i + 2, "today")) {
        set_day(p, s->today, 1);
        return 1; /* as before: the rest is read as "of today" noise */
    }
    for (size_t k = 0; k < sizeof day_words / sizeof *day_words; k++)
        if (is(s, i, day_words[k].w) || (day_words[k].fuzzy && is_fuzzy(s, i, day_words[k].w))) {
            set_day(p, s->today + day_words[k].offset, 1);
            p->past = day_words[k].past;
            return 1;
        }
    return 0;
}

/* "tonight": today at 20:00, a default an explicit time replaces; the
 * shorthand "tn" only where a clause ends ("finish chem hw tn 😭"; "renew
 * TN license" is no date). */
static size_t read_tonight(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    (void)after_prep;
    if (!is(s, i, "tonight") && !(is(s, i, "tn") && at_end(s, i + 1)))
        return 0;
    set_day(p, s->today, 1);
    if (!p->has_time) {
        p->has_time = true;
        p->sec = 20 * 3600;
        p->part = 'p';
        p->soft_time = true;
        p->late_sec = 23 * 3600 + 59 * 60;
    }
    return 1;
}

/* "last night", "last week", "last friday": yesterday, in the past. */
static size_t read_last(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    (void)after_prep;
    if (!is(s, i, "last") ||
        !(is(s, i + 1, "night") || is(s, i + 1, "weeks") || is(s, i + 1, "months") ||
          is(s, i + 1, "year") || weekday_of(s, i + 1, true) >= 0))
        return 0;
    set_day(p, s->today - 1, 1);
    p->past = true;
    return 2;
}

/* "the day after tomorrow" ("days" is how "day" normalises). */
static size_t read_overmorrow(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    (void)after_prep;
    size_t k = i + (is(s, i, "the") ? 1 : 0);
    if (!is(s, k, "days") || !is(s, k + 1, "after") ||
        !(is(s, k + 2, "tomorrow") || is_fuzzy(s, k + 2, "tomorrow")) || tk(s, k)->len != 3)
        return 0;
    set_day(p, s->today + 2, 1);
    return k + 3 - i;
}

/* Fixed holidays: first word, second word (NULL = none), month, day. A
 * second word "eve" (or "evening") moves to eve_m/eve_d. */
static const struct {
    const char *w, *w2;
    int m, d, eve_m, eve_d;
} holidays[] = {{"christmas", NULL, 12, 25, 12, 24}, {"xmas", NULL, 12, 25, 12, 24},
                {"new", "years", 1, 1, 12, 31},      {"new", "year", 1, 1, 12, 31},
                {"halloween", NULL, 10, 31, 0, 0},   {"valentines", "days", 2, 14, 0, 0},
                {"boxing", "days", 12, 26, 0, 0}};

/* "christmas day", "xmas eve", "new year's eve", "halloween": a holiday
 * needs "on", "for", "by"... or to end the message ("halloween costume
 * shopping" is a title). */
static size_t read_holiday(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    for (size_t h = 0; h < sizeof holidays / sizeof *holidays; h++) {
        if (!is(s, i, holidays[h].w) || (holidays[h].w2 && !is(s, i + 1, holidays[h].w2)))
            continue;
        size_t k = i + (holidays[h].w2 ? 2 : 1);
        int m = holidays[h].m, d = holidays[h].d;
        bool eve = holidays[h].eve_m && (is(s, k, "evening") || is(s, k, "eve"));
        if (eve) {
            m = holidays[h].eve_m;
            d = holidays[h].eve_d;
        }
        bool day = !eve && holidays[h].eve_m && is(s, k, "days");
        k += eve || day;
        if (!after_prep && !at_end(s, k) && !day) /* "christmas day call gran" is a date */
            return 0;
        if (i > 0 && is(s, i - 1, "for") && !eve && !day)
            return 0; /* "book flights for xmas": what it is for, not when */
        set_month_day(s, p, m, d, 0);
        return k - i;
    }
    return 0;
}

/* Abbreviations of a period's end: eod/cob (day), eow (week), eom (month). */
static const struct {
    const char *w;
    char what;
} period_abbr[] = {{"eod", 'd'}, {"cob", 'd'}, {"eow", 'w'}, {"eom", 'm'}};

/* Which period "end of [the|this] [next] day|business day|week|month" or
 * "[the|this] month end|monthend" after by|before|until|till|at (the word
 * before k) names
 * from k on; sets *next and *end (the first token after it). */
static char period_named(const dscan_t *s, size_t k, bool *next, size_t *end)
{
    for (size_t a = 0; a < sizeof period_abbr / sizeof *period_abbr; a++)
        if (is(s, k, period_abbr[a].w)) {
            *end = k + 1;
            return period_abbr[a].what;
        }
    size_t m = k + (is(s, k, "the") || is(s, k, "this") ? 1 : 0);
    bool prep = k > 0 && (is(s, k - 1, "by") || is(s, k - 1, "before") || is(s, k - 1, "until") ||
                          is(s, k - 1, "till") || is(s, k - 1, "at"));
    if (prep && ((is(s, m, "months") && is(s, m + 1, "end")) || is(s, m, "monthend"))) {
        *end = m + (is(s, m, "monthend") ? 1 : 2); /* "before month end" */
        return 'm';
    }
    if (is(s, k, "the") && is(s, k + 1, "end") && is(s, k + 2, "of"))
        k++;
    if (!(is(s, k, "end") || is(s, k, "close")) || !is(s, k + 1, "of"))
        return 0;
    size_t q = k + 2 + (is(s, k + 2, "the") || is(s, k + 2, "this") ? 1 : 0);
    if (is(s, q, "next") && (is(s, q + 1, "weeks") || is(s, q + 1, "months"))) {
        *next = true; /* "end of next week" */
        q++;
    }
    *end = q + 1;
    if (is(s, q, "business") && is(s, q + 1, "days"))
        (*end)++;
    return is(s, q, "days") || is(s, q, "business") ? 'd'
           : is(s, q, "weeks")                      ? 'w'
           : is(s, q, "months")                     ? 'm'
                                                    : 0;
}

/* End of day/week/month: 17:00 that day (23:59 once past); the week ends
 * Friday, or Sunday 23:59 once Friday 17:00 has passed. */
static size_t read_period_end(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    (void)after_prep;
    bool next = false;
    size_t k = i;
    char what = period_named(s, i, &next, &k);
    if (!what)
        return 0;
    int64_t day = s->today;
    if (what == 'w')
        day = monday_of(s->today) + 4 + (next ? 7 : 0);
    if (what == 'm') {
        int64_t y;
        int m, d;
        chat_tz_civil_from_days(s->today, &y, &m, &d);
        if (next && ++m > 12) {
            m = 1;
            y++;
        }
        day = chat_tz_days_from_civil(y, m, chat_tz_days_in_month(y, m));
    }
    /* "by end of day monday": the weekday after it says the day */
    if (what != 'd' || weekday_of(s, k + is(s, k, "on"), true) < 0)
        set_day(p, day, 1);
    p->has_time = true;
    p->sec = 17 * 3600;
    p->soft_time = true;
    p->late_sec = 23 * 3600 + 59 * 60;
    if (what == 'w' && day * 86400 + p->sec <= s->today * 86400 + s->now_sec) {
        p->day = monday_of(s->today) + 6;
        p->sec = p->late_sec;
    }
    return k - i;
}

/* Relative words before a weekday or period: 't' this, 'n' next. */
static const struct {
    const char *w, *w2;
    char rel;
} rel_words[] = {{"this", "coming", 't'}, {"this", NULL, 't'}, {"coming", NULL, 't'},
                 {"upcoming", NULL, 't'}, {"next", NULL, 'n'}, {"the", "coming", 't'},
                 {"the", "next", 'n'}};

/* Reads a relative word at i; returns 't', 'n' or 0 and sets *k after it. */
static char read_rel_word(const dscan_t *s, size_t i, size_t *k)
{
    for (size_t r = 0; r < sizeof rel_words / sizeof *rel_words; r++)
        if (is(s, i, rel_words[r].w) && (!rel_words[r].w2 || is(s, i + 1, rel_words[r].w2))) {
            *k = i + (rel_words[r].w2 ? 2 : 1);
            return rel_words[r].rel;
        }
    *k = i;
    return 0;
}

/* A time of day right after token k ("fri 3pm", "sat morning"): the cue an
 * abbreviated weekday needs. */
static bool time_follows(const dscan_t *s, size_t k)
{
    const chat_tok_t *nx = tk(s, k + 1);
    bool timeish = nx && nx->kind == CHAT_TOK_WORD && nx->norm[0] >= '0' && nx->norm[0] <= '9' &&
                   (strchr(nx->norm, ':') || strstr(nx->norm, "am") || strstr(nx->norm, "pm"));
    static const char *const parts[] = {"morning", "afternoon", "evening",   "night", "at",
                                        "noon",    "midday",    "lunchtime", "arvo",  "half",
                                        "quarter", NULL}; /* "footie training tues half 5" */
    for (size_t w = 0; !timeish && parts[w]; w++)
        timeish = is(s, k + 1, parts[w]);
    /* "footy training thurs 6": an hour alone ending the message */
    return timeish ||
           (nx && nx->kind == CHAT_TOK_NUM && nx->num >= 1 && nx->num <= 12 && at_end(s, k + 2));
}

/* A word right after token k that shows a weekday abbreviation is one
 * ("standup is wed now not mon", "thurs instead"). */
static bool day_word_follows(const dscan_t *s, size_t k)
{
    static const char *const words[] = {"now", "instead", "not", "rather", NULL};
    if (is(s, k, "sun") || is(s, k, "sat"))
        return false; /* "sit in the sun now and then": words first */
    for (size_t w = 0; words[w]; w++)
        if (is(s, k + 1, words[w]))
            return true;
    return false;
}

/* "friday", "this fri", "next tuesday", "saturday the 20th". */
static size_t read_weekday(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    size_t k;
    char rel = read_rel_word(s, i, &k);
    /* an abbreviation ("thurs", "sat") needs a cue: this/next/on/by, the end
       of the message, or a time of day right after it */
    /* ... or a date right after it ("Tues Dec 8", "sat 5th") */
    bool dated = month_of(s, k + 1, true) || day_number(tk(s, k + 1), true);
    int wd = weekday_of(s, k,
                        rel || after_prep || at_end(s, k + 1) || time_follows(s, k) || dated ||
                            day_word_follows(s, k));
    if (wd < 0)
        return 0;
    if (!rel) {
        size_t r = read_weekday_date(s, k, wd, p);
        if (r)
            return k + r - i;
        size_t md = month_of(s, k + 1, true) ? read_month_day(s, k + 1, p, false) : 0;
        if (md)
            return k + 1 + md - i; /* "Tues Dec 8": the date says the day */
    }
    int delta = (wd - s->now_wd + 7) % 7;
    if (rel == 'n') {
        set_day(p, monday_of(s->today) + 7 + (wd + 6) % 7, 1);
    } else {
        set_day(p, s->today + delta, 1);
        if (!rel)
            p->weekday = delta == 0 ? wd : -1; /* decided once the time is known */
    }
    return k + 1 - i;
}

/* "this weekend", "next weekend", "weekend": Saturday and Sunday (on a
 * Sunday, what is left of it). */
static size_t read_weekend(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    (void)after_prep;
    size_t k;
    char rel = read_rel_word(s, i, &k);
    if (!rel && is(s, i, "the"))
        k = i + 1; /* "on the weekend": this one */
    if (!is(s, k, "weekend") || (!rel && k > i + is(s, i, "the")))
        return 0;
    int64_t sat = monday_of(s->today) + 5;
    if (rel == 'n')
        sat += 7;
    else if (s->today > sat)
        sat = s->today; /* Sunday: what is left of this weekend */
    set_day(p, sat, s->today > sat ? 1 : 2);
    return k + 1 - i;
}

/* "this week" (today to Sunday), "next week", "this month" (today to its
 * end), "next month", "next year". */
static size_t read_period(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    (void)after_prep;
    size_t k;
    char rel = read_rel_word(s, i, &k);
    if (!rel)
        return 0;
    int64_t y;
    int m, d;
    chat_tz_civil_from_days(s->today, &y, &m, &d);
    if (is(s, k, "weeks") && rel == 'n')
        set_day(p, monday_of(s->today) + 7, 7);
    else if (is(s, k, "weeks"))
        set_day(p, s->today, (int)(monday_of(s->today) + 7 - s->today));
    else if (is(s, k, "months") && rel == 'n')
        set_day(p, chat_tz_days_from_civil(y + (m == 12), m % 12 + 1, 1),
                chat_tz_days_in_month(y + (m == 12), m % 12 + 1));
    else if (is(s, k, "months"))
        set_day(p, s->today, chat_tz_days_in_month(y, m) - d + 1);
    else if (rel == 'n' && (is(s, k, "year") || is(s, k, "years")))
        set_day(p, chat_tz_days_from_civil(y + 1, 1, 1), 365);
    else
        return 0;
    return k + 1 - i;
}

/* "next month on the 2nd": a day of the month after a whole month read as
 * a period (p spans 28-31 days from a 1st) picks that day in it. */
static size_t read_day_in_month(const dscan_t *s, size_t i, dparts_t *p)
{
    int64_t y;
    int m, d;
    chat_tz_civil_from_days(p->day, &y, &m, &d);
    if (!p->has_day || p->span < 28 || p->span > 31 || d != 1)
        return 0;
    size_t k = i + is(s, i, "the");
    int day = day_number(tk(s, k), true);
    if (!day || day > chat_tz_days_in_month(y, m))
        return 0;
    set_day(p, p->day + day - 1, 1);
    return k + 1 - i;
}

/* "next week tuesday", "next week on tuesday": a weekday after a whole
 * week read as a period (p spans 7 days from a Monday) picks that day in it. */
static size_t read_day_in_week(const dscan_t *s, size_t i, dparts_t *p)
{
    if (!p->has_day || p->span != 7 || p->day != monday_of(p->day))
        return 0;
    size_t k = i + is(s, i, "on");
    int wd = weekday_of(s, k, true);
    if (wd < 0)
        return 0;
    set_day(p, p->day + (wd + 6) % 7, 1); /* weekdays[] start on Sunday */
    return k + 1 - i;
}

typedef size_t (*day_reader_t)(const dscan_t *s, size_t i, dparts_t *p, bool after_prep);

/* The forms of a day, in the order they are tried. */
static const day_reader_t day_readers[] = {
    read_day_word, read_tonight, read_last,   read_overmorrow,   read_holiday,  read_period_end,
    read_weekday,  read_weekend, read_period, read_numeric_date, read_month_day};

static size_t read_day(const dscan_t *s, size_t i, dparts_t *p, bool after_prep)
{
    for (size_t r = 0; r < sizeof day_readers / sizeof *day_readers; r++) {
        size_t k = day_readers[r](s, i, p, after_prep);
        if (k)
            return k;
    }
    return 0;
}

/* ---- times of day: one reader per form, tried in order by read_time ---- */

typedef struct tcue {
    bool after_at;   /* after "at", "by", "around"... */
    bool after_prep; /* after "on", "for"... */
} tcue_t;

/* Day parts. cue: 'a' always needs a cue (this/in the/a day/at...), 'e'
 * needs one unless it ends the message, 0 never ("noon", "midnight"). */
static const struct {
    const char *w;
    int sec;
    char cue;
} day_parts[] = {{"morning", 9 * 3600, 'e'},          {"noon", 12 * 3600, 0},
                 {"lunch", 12 * 3600, 'a'},           {"afternoon", 15 * 3600, 'e'},
                 {"evening", 19 * 3600, 'e'},         {"night", 21 * 3600, 'e'},
                 {"midnight", 23 * 3600 + 59 * 60, 0}};

/* "morning", "this afternoon", "in the evening", "noon", "midnight" (the
 * end of the day). "morning run", "team lunch": a part needs a cue. */
static size_t read_day_part(const dscan_t *s, size_t i, dparts_t *p, const tcue_t *c)
{
    size_t j = i;
    bool this_ = is(s, j, "this"), in_the = !this_ && is(s, j, "in") && is(s, j + 1, "the");
    j += this_ ? 1 : in_the ? 2 : is(s, j, "the") ? 1 : 0;
    for (size_t k = 0; k < sizeof day_parts / sizeof *day_parts; k++) {
        if (!is(s, j, day_parts[k].w) && !is_fuzzy(s, j, day_parts[k].w))
            continue;
        bool noon = day_parts[k].sec == 12 * 3600 && !day_parts[k].cue;
        if (noon && (in_the || j > i) && !this_)
            return 0;
        bool cue = this_ || in_the || p->has_day || c->after_at || c->after_prep;
        if (!cue && (day_parts[k].cue == 'a' || (day_parts[k].cue == 'e' && !at_end(s, j + 1))))
            return 0;
        bool midnight = !strcmp(day_parts[k].w, "midnight");
        p->has_time = true;
        p->sec = midnight && this_ ? 0 : day_parts[k].sec;
        if (day_parts[k].cue) /* "tomorrow afternoon at 4": the 4 is 16:00 */
            p->part = day_parts[k].sec >= 12 * 3600 ? 'p' : 'a';
        if (this_ && !p->has_day)
            set_day(p, s->today, 1);
        return j + 1 - i;
    }
    return 0;
}

/* An hour 1-12 at k, as "5", "five", "5pm" or "5am"; *ampm gets 'a'/'p'
 * or 0. Returns the hour or 0. */
static int read_small_hour(const dscan_t *s, size_t k, int *ampm)
{
    const chat_tok_t *h = tk(s, k);
    int hour = 0;
    *ampm = 0;
    if (h && h->kind == CHAT_TOK_NUM)
        hour = (int)h->num;
    else if ((hour = hour_word(h)) > 0)
        ;
    else if (h && h->kind == CHAT_TOK_WORD && h->norm[0] >= '1' && h->norm[0] <= '9') {
        const char *q = h->norm;
        while (*q >= '0' && *q <= '9' && hour < 100)
            hour = hour * 10 + (*q++ - '0');
        *ampm = !strcmp(q, "am") ? 'a' : !strcmp(q, "pm") ? 'p' : -1;
    }
    return hour >= 1 && hour <= 12 && *ampm >= 0 ? hour : 0;
}

/* "half 5" (British), "half past 5", "quarter past 5", "quarter to 6". */
static size_t read_half_quarter(const dscan_t *s, size_t i, dparts_t *p, const tcue_t *c)
{
    (void)c;
    bool quarter = is(s, i, "quarter");
    if (!quarter && !is(s, i, "half"))
        return 0;
    size_t k = i + 1;
    int sign = 1;
    if (is(s, k, "past") || is(s, k, "after"))
        k++;
    else if (quarter && (is(s, k, "to") || is(s, k, "before") || is(s, k, "til"))) {
        sign = -1;
        k++;
    } else if (quarter)
        return 0;
    int ampm;
    int hour = read_small_hour(s, k, &ampm);
    if (!hour || unit_of(s, k + 1))
        return 0;
    k++;
    if (!ampm && (is(s, k, "pm") || is(s, k, "am"))) {
        ampm = is(s, k, "pm") ? 'p' : 'a';
        k++;
    }
    int min = quarter ? 15 * sign : 30;
    p->has_time = true;
    p->sec = (hour % 12) * 3600 + min * 60 + (ampm == 'p' ? 12 * 3600 : 0);
    if (!ampm) { /* "half 12" is 12:30, "quarter to 12" 11:45 or 23:45 */
        p->sec = hour * 3600 + min * 60;
        p->ambiguous = p->no_half = p->sec >= 3600 && p->sec < 12 * 3600;
    }
    return k - i;
}

/* "first thing (in the morning)": 08:00 ("thing" reads "item"). */
static size_t read_first_thing(const dscan_t *s, size_t i, dparts_t *p, const tcue_t *c)
{
    (void)c;
    if (!is(s, i, "first") || !is(s, i + 1, "item"))
        return 0;
    p->has_time = true;
    p->sec = 8 * 3600;
    return 2 + (is(s, i + 2, "in") && is(s, i + 3, "the") && is(s, i + 4, "morning") ? 3 : 0);
}

/* The digits of a clock token: "5", "530" (NUM), "5pm", "5:30", "17:30h",
 * "530pm" (WORD). Sets *h, *m and *ampm; false when it is no clock. */
static bool parse_clock(const chat_tok_t *t, int *h, int *m, int *ampm)
{
    *m = 0;
    *ampm = 0;
    if (t->kind == CHAT_TOK_NUM) {
        if (t->num > 2400)
            return false;
        *h = (int)t->num;
        if (*h >= 100) { /* 530 pm */
            *m = *h % 100;
            *h /= 100;
        }
        return true;
    }
    const char *q = t->norm;
    if (t->kind != CHAT_TOK_WORD || q[0] < '0' || q[0] > '9')
        return false;
    int v = 0, nd = 0;
    while (*q >= '0' && *q <= '9') {
        if (++nd > 4)
            return false;
        v = v * 10 + (*q++ - '0');
    }
    if (*q == ':') {
        if (nd > 2 || !(q[1] >= '0' && q[1] <= '5' && q[2] >= '0' && q[2] <= '9'))
            return false;
        *h = v;
        *m = (q[1] - '0') * 10 + (q[2] - '0');
        q += 3;
    } else {
        *h = nd <= 2 ? v : v / 100;
        *m = nd <= 2 ? 0 : v % 100;
    }
    if (!strcmp(q, "am") || !strcmp(q, "a"))
        *ampm = 'a';
    else if (!strcmp(q, "pm") || !strcmp(q, "p"))
        *ampm = 'p';
    else if (q[0] == 'h' && q[1] >= '0' && q[1] <= '5' && q[2] >= '0' && q[2] <= '9' && !q[3] &&
             nd <= 2) { /* "14h30", "9h15": French hours */
        *h = v;
        *m = (q[1] - '0') * 10 + (q[2] - '0');
        return true;
    } else if (!strcmp(q, "h") || !strcmp(q, "hrs") || !strcmp(q, "hs")) /* "15h", "13hs" */
        return !(nd <= 2 && !strchr(t->norm, ':')) || (v >= 13 && v <= 23);
    else if (!strcmp(q, "ish")) /* "10ish": about that hour */
        return nd <= 2;
    else if (*q)
        return false;
    return true;
}

/* Is the token before i (i > 0) a day ("wed", "today", "tomorrow", "tonight")? */
static bool day_before(const dscan_t *s, size_t i)
{
    return weekday_of(s, i - 1, true) >= 0 || is(s, i - 1, "today") || is(s, i - 1, "tomorrow") ||
           is(s, i - 1, "tonight");
}

/* "14h30": hours, 'h', minutes (a 24-hour time). */
static bool h_clock(const chat_tok_t *t)
{
    const char *q = t->norm;
    while (*q >= '0' && *q <= '9')
        q++;
    return q != t->norm && q[0] == 'h' && q[1] >= '0' && q[1] <= '9';
}

/* "tuesday 11h", "at 9h": an hour and 'h' after a day or "at" (alone, "2h"
 * is a duration). */
static bool h_hour_after(const dscan_t *s, size_t i, const chat_tok_t *t, int *h)
{
    const char *q = t->norm;
    int v = 0;
    while (*q >= '0' && *q <= '9' && q - t->norm < 3) /* three digits are never an hour */
        v = v * 10 + (*q++ - '0');
    if (t->kind != CHAT_TOK_WORD || q == t->norm || strcmp(q, "h") || v > 23 || i == 0)
        return false;
    *h = v;
    return day_before(s, i) || is(s, i - 1, "at");
}

/* "by wed 2359", "fri 0900": four digits right after a day are a 24-hour
 * time. */
static bool military_after_day(const dscan_t *s, size_t i, const chat_tok_t *t)
{
    if (t->kind != CHAT_TOK_NUM || t->len != 4 || t->num % 100 > 59 || t->num > 2359 || i == 0)
        return false;
    return day_before(s, i);
}

/* A number right after a noun that labels things by number ("class 8A",
 * "gate 5", "seat 12A", "room 4"): a name, not a time. */
static bool label_before(const dscan_t *s, size_t i)
{
    static const char *const labels[] = {
        "class", "room",  "gate", "seat",     "flat",  "unit",    "apt",     "apartment", "block",
        "form",  "grade", "bay",  "platform", "suite", "section", "ward",    "level",     "floor",
        "row",   "bus",   "lot",  "locker",   "table", "page",    "chapter", NULL};
    const chat_tok_t *t = i > 0 ? tk(s, i - 1) : NULL;
    for (size_t w = 0; t && t->kind == CHAT_TOK_WORD && labels[w]; w++)
        if (!strcmp(t->norm, labels[w]))
            return true;
    return false;
}

/* A street name after a number ("22 Rose St", "9 Kauri Rd"): an address. */
static bool street_follows(const dscan_t *s, size_t j)
{
    static const char *const streets[] = {
        "st",    "street", "rd",  "road",    "ave",      "avenue", "lane",  "ln",      "dr",
        "drive", "close",  "way", "cres",    "crescent", "pl",     "place", "terrace", "tce",
        "blvd",  "court",  "ct",  "strasse", "straße",   "gasse",  NULL};
    for (size_t k = j; k < j + 3; k++) {
        const chat_tok_t *t = tk(s, k);
        if (!t || t->kind != CHAT_TOK_WORD)
            return false;
        for (size_t w = 0; streets[w]; w++)
            if (!strcmp(t->norm, streets[w]))
                return true;
    }
    return false;
}

/* "5 in the morning", "7 in the evening", "8 at night" after an hour
 * without am/pm: sets *ampm, moves *h and *j past the words. */
static void read_part_after(const dscan_t *s, size_t *j, int *h, int *ampm)
{
    size_t k = *j;
    if (is(s, k, "in") && is(s, k + 1, "the")) {
        k += 2;
        if (is(s, k, "morning")) {
            *ampm = 'a';
            *h = *h == 12 ? 0 : *h;
            *j = k + 1;
        } else if (is(s, k, "afternoon") || is(s, k, "evening")) {
            *ampm = 'p';
            *h = *h < 12 ? *h + 12 : *h;
            *j = k + 1;
        }
    } else if (is(s, k, "at") && is(s, k + 1, "night")) {
        *ampm = 'p';
        *h = *h < 12 ? *h + 12 : *h;
        *j = k + 2;
    }
}

/* A day part right after token j - 1, perhaps after a day, that hour h
 * fits: "4 this afternoon", "10 tomorrow morning" ("buy 2 tomorrow" is a
 * count, "take 2 this morning" too). */
static bool part_follows(const dscan_t *s, size_t j, int h)
{
    static const struct {
        const char *w;
        int from, to; /* hours 1-12 the part holds */
    } fits[] = {{"morning", 5, 11}, {"afternoon", 1, 6}, {"evening", 4, 11}, {"night", 7, 12}};
    j += is(s, j, "this") || is(s, j, "tomorrow") || is(s, j, "today");
    for (size_t k = 0; k < sizeof fits / sizeof *fits; k++)
        if (is(s, j, fits[k].w))
            return (h >= fits[k].from && h <= fits[k].to) || (h == 12 && k == 1);
    return false;
}

/* A word that says an hour without am/pm is a time: "5 o'clock", "10 ish"
 * and "10ish", or a day part after it ("7 in the morning", "4 this
 * afternoon"). */
static bool hour_cue(const dscan_t *s, size_t j, int h)
{
    const chat_tok_t *t = tk(s, j - 1);
    size_t l = strlen(t->norm);
    int hh = h, ampm = 0;
    size_t jj = j;
    if (h <= 12)
        read_part_after(s, &jj, &hh, &ampm);
    return is(s, j, "oclock") || is(s, j, "ish") || is(s, j, "sharp") || ampm ||
           part_follows(s, j, h) ||
           (t->kind == CHAT_TOK_WORD && l > 3 && !strcmp(t->norm + l - 3, "ish"));
}

/* "today 6 pick up the bike", "every monday 8 wash the car": an hour alone
 * after a day that opens the message, with a task verb after it ("tomorrow
 * 3 cans of beans" keeps its count). */
static bool hour_opens_task(const dscan_t *s, size_t i, size_t j)
{
    size_t d = i - 1; /* the day word, or a repeat's day that its reading took */
    bool every = d == 1 && (word_at(s, 0, "every") || word_at(s, 0, "each"));
    bool day = day_before(s, i) || (every && s->skip && s->skip[d]);
    bool opens = d == 0 || every || (d == 1 && is(s, 0, "on"));
    const chat_tok_t *v = tk(s, j);
    return day && opens && v && v->kind == CHAT_TOK_WORD &&
           chat_lex_has(chat_lex_task_verbs, v->norm);
}

/* A clock time read: hour (0-23 once am/pm is applied), minutes, am/pm
 * said ('a', 'p', 0), colon (minutes or a 24-hour hour said), zero (a
 * leading zero: "09:00" is a 24-hour time). */
typedef struct clock_t_ {
    int h, m, ampm;
    bool colon, zero;
} clock_t_;

/* Sets p's time of day from k, reading a day part after it at *j ("7 in
 * the evening") when no am/pm was said. */
static void clock_at(const dscan_t *s, size_t *j, clock_t_ k, const tcue_t *c, dparts_t *p)
{
    if (!k.ampm && k.h <= 12)
        read_part_after(s, j, &k.h, &k.ampm);
    p->has_time = true;
    p->sec = k.h * 3600 + k.m * 60;
    p->ambiguous = !k.ampm && !k.colon && k.h >= 1 && k.h <= 11;
    p->no_half = !k.ampm && k.h >= 1 && k.h <= 11 && !k.zero;
    if (!k.ampm && k.colon && k.h >= 1 && k.h <= (c->after_at ? 7 : 6) && !k.zero)
        p->ambiguous = true; /* "at 5:30", "dentist 2:30 tues": most likely the afternoon */
}

/* What may follow a spelled hour after "at"/"by" for it to be a time ("at
 * nine tonight", "by eleven on monday"; "at one point", "at two each" and
 * "at three for the fair" are none). */
static const char *const word_hour_follows[] = {"tomorrow", "today", "tonight", "on",  "this",
                                                "next",     "sharp", "please",  "pls", "every",
                                                "then",     "and",   NULL};

/* Is token t a word of list? */
static bool word_in(const chat_tok_t *t, const char *const *list)
{
    return t && t->kind == CHAT_TOK_WORD && chat_lex_has(list, t->norm);
}

static bool word_hour_ends(const dscan_t *s, size_t j)
{
    return at_end(s, j) || weekday_of(s, j, true) >= 0 || word_in(tk(s, j), word_hour_follows);
}

/* Words before "2A" that make it a flat's or a class's name, not 2 am. */
static const char *const unit_leads[] = {"of",   "the",       "for",  "in",    "unit",  "apt",
                                         "flat", "apartment", "room", "suite", "class", NULL};

/* A clock time: "5pm", "5 pm", "5:30pm", "17:30", "530pm", "5 o'clock",
 * "9.30", "10ish", "7 in the morning", "at 5" (an hour alone needs
 * "at"/"by"... before it or hour_cue after it). */
static size_t read_clock(const dscan_t *s, size_t i, dparts_t *p, const tcue_t *c)
{
    const chat_tok_t *t = tk(s, i);
    int h, m = 0, ampm = 0, dd, mm;
    if (dotted_day(s, i, &dd, &mm))
        return 0; /* "deadline is 10.12": a day and month, no clock time */
    const chat_tok_t *nx = tk(s, i + 1);
    if (nx && nx->kind == CHAT_TOK_PUNCT && nx->norm[0] == '%')
        return 0; /* "mark down the stock by 20%": a share, no hour */
    bool h_hour = h_hour_after(s, i, t, &h);
    if (!h_hour && !parse_clock(t, &h, &m, &ampm))
        return 0;
    size_t tl = strlen(t->norm);
    if (tl >= 2 && strchr("ap", t->norm[tl - 1]) && isdigit((unsigned char)t->norm[tl - 2]) &&
        ((i > 0 && word_in(tk(s, i - 1), unit_leads)) ||
         (!c->after_at && !word_hour_ends(s, i + 1))))
        return 0; /* "copies of 6A", "the 2A visit", "7a name tags" name a class, a flat;
                     "dentist 8a tomorrow", "at 8a" a time */
    size_t j = i + 1;
    if (unit_of(s, j) != U_NONE || is(s, j, "of") || is(s, j, "more") || is(s, j, "times"))
        return 0; /* "by 2 days", "at 3 of them" */
    if (!ampm && (is(s, j, "am") || is(s, j, "a") || is(s, j, "pm") || is(s, j, "p"))) {
        ampm = is(s, j, "am") || is(s, j, "a") ? 'a' : 'p';
        j++;
    }
    /* "footy training thurs 6": an hour alone after a day, ending the message
       or opening a task */
    bool oclock = !ampm && (hour_cue(s, j, h) ||
                            (t->kind == CHAT_TOK_NUM && h >= 1 && h <= 12 && i > 0 &&
                             ((day_before(s, i) && at_end(s, j)) || hour_opens_task(s, i, j))));
    j += is(s, j, "oclock") || is(s, j, "ish") || is(s, j, "sharp");
    bool colon = h_hour ||
                 (t->kind == CHAT_TOK_WORD && (strchr(t->norm, ':') || h_clock(t) || h >= 13)) ||
                 dotted_clock(s, i) || military_after_day(s, i, t);
    if ((!ampm && !colon && street_follows(s, j)) || (!colon && label_before(s, i)))
        return 0; /* "at 22 Rose St" is a house; "class 8A" a class */
    if ((!ampm && !colon && !oclock && !c->after_at) ||
        (t->kind == CHAT_TOK_NUM && t->num >= 100 && !ampm && !c->after_at && !colon))
        return 0;
    if (m > 59 || h > 24 || (ampm && (h < 1 || h > 12)) || (h == 24 && m))
        return 0;
    if (h == 24) {
        h = 23;
        m = 59;
    }
    if (ampm == 'p' && h < 12)
        h += 12;
    if (ampm == 'a' && h == 12)
        h = 0;
    clock_at(s, &j, (clock_t_){h, m, ampm, colon, t->norm[0] == '0'}, c, p);
    return j - i;
}

/* The minutes a word after a spelled hour says ("ten thirty", "eleven
 * fifteen", "six forty five"). */
static const struct {
    const char *w[2];
    int min;
} minute_words[] = {{{"fifteen", NULL}, 15},   {{"thirty", NULL}, 30}, {{"forty", "five"}, 45},
                    {{"fortyfive", NULL}, 45}, {{"twenty", NULL}, 20}, {{"forty", NULL}, 40},
                    {{"fifty", NULL}, 50}};

static size_t minute_word(const dscan_t *s, size_t j, int *min)
{
    for (size_t k = 0; k < sizeof minute_words / sizeof *minute_words; k++)
        if (is(s, j, minute_words[k].w[0]) &&
            (!minute_words[k].w[1] || is(s, j + 1, minute_words[k].w[1]))) {
            *min = minute_words[k].min;
            return minute_words[k].w[1] ? 2 : 1;
        }
    return 0;
}

/* A spelled clock time: "eight o'clock", "ten thirty", "seven in the
 * evening", "nine pm", "at nine tonight" (an hour word alone needs
 * "at"/"by" before it and the end of the time after it). */
static size_t read_word_clock(const dscan_t *s, size_t i, dparts_t *p, const tcue_t *c)
{
    int h = hour_word(tk(s, i)), m = 0, ampm = 0;
    if (!h)
        return 0;
    size_t j = i + 1;
    j += minute_word(s, j, &m);
    if (is(s, j, "am") || is(s, j, "pm")) {
        ampm = is(s, j, "am") ? 'a' : 'p';
        j++;
    }
    bool oclock = !m && !ampm && is(s, j, "oclock");
    j += oclock;
    j += oclock && is(s, j, "sharp");
    bool cue = m || ampm || oclock || hour_cue(s, j, h);
    if (!cue && !(c->after_at && word_hour_ends(s, j)))
        return 0;
    if (ampm == 'p')
        h += h < 12 ? 12 : 0;
    clock_at(s, &j, (clock_t_){ampm == 'a' && h == 12 ? 0 : h, m, ampm, m > 0, false}, c, p);
    return j - i;
}

/* A day part after an hour given without am/pm and a day ("at 6 tomorrow
 * evening", "8 on saturday morning"): it only says which half; "this"
 * before it also says today ("4 this afternoon"). */
static size_t read_half_after(const dscan_t *s, size_t i, dparts_t *p)
{
    if (!p->has_time || !p->no_half)
        return 0;
    bool this_ = is(s, i, "this");
    size_t j = i + (is(s, i, "in") && is(s, i + 1, "the") ? 2 : this_ ? 1 : 0);
    bool am = is(s, j, "morning");
    if (!am && !is(s, j, "afternoon") && !is(s, j, "evening") && !is(s, j, "night"))
        return 0;
    if (this_ && !p->has_day)
        set_day(p, s->today, 1);
    p->sec = p->sec % (12 * 3600) + (am ? 0 : 12 * 3600);
    p->ambiguous = p->no_half = false;
    return j + 1 - i;
}

typedef size_t (*time_reader_t)(const dscan_t *s, size_t i, dparts_t *p, const tcue_t *c);

/* The forms of a time of day, in the order they are tried. */
static const time_reader_t time_readers[] = {read_day_part, read_half_quarter, read_first_thing,
                                             read_clock, read_word_clock};

static size_t read_time(const dscan_t *s, size_t i, dparts_t *p, bool after_at, bool after_prep)
{
    if (!tk(s, i))
        return 0;
    tcue_t c = {after_at, after_prep};
    for (size_t r = 0; r < sizeof time_readers / sizeof *time_readers; r++) {
        size_t k = time_readers[r](s, i, p, &c);
        if (k)
            return k;
    }
    return 0;
}

static bool is_connector(const dscan_t *s, size_t i, bool *after_at, bool *after_prep)
{
    static const char *const at_words[] = {"at",    "@",   "around", "by",   "before",
                                           "until", "til", "from",   "after"};
    static const char *const preps[] = {"on", "for", "due", "this", "next", "in", "the", "of"};
    const chat_tok_t *t = tk(s, i);
    if (!t)
        return false;
    if (t->kind == CHAT_TOK_PUNCT && (t->norm[0] == '@' || t->norm[0] == ','))
        return *after_at = t->norm[0] == '@', true;
    for (size_t k = 0; k < sizeof at_words / sizeof *at_words; k++)
        if (is(s, i, at_words[k]))
            return *after_at = *after_prep = true, true;
    for (size_t k = 0; k < 3; k++)
        if (is(s, i, preps[k]))
            return *after_prep = true, true;
    if (is(s, i, "starting") || is(s, i, "deadline") || is(s, i, "latest"))
        return true;
    return false;
}

/* The seconds of day of p's time by the half-of-day rules (chat_date.h):
 * a cue in the message (morning, dinner) decides an hour without am/pm;
 * else 1-6 are pm (unless that morning hour is under two hours ahead
 * today), and 7-11 are am with a day other than today or on a repeating
 * todo. *ambiguous stays true only for today's hours left open: the next
 * of the two still ahead. */
static int half_of_day(const dscan_t *s, const dparts_t *p, bool *ambiguous)
{
    int sec = p->sec;
    *ambiguous = false;
    if (!p->no_half && !p->ambiguous)
        return sec;
    if (s->half == 'a')
        return sec % (12 * 3600);
    if (s->half == 'p')
        return sec % (12 * 3600) + 12 * 3600;
    if (!p->ambiguous)
        return sec; /* "meeting 10:30": as written */
    bool soon = !(p->has_day && p->day != s->today) && sec > s->now_sec &&
                sec - s->now_sec < 2 * 3600; /* "at 6" said at 05:00 */
    if (sec < 7 * 3600 && !soon)
        return sec + 12 * 3600;
    *ambiguous = s->half != 'r' && !(p->has_day && p->day != s->today);
    return sec;
}

static void resolve(const dscan_t *s, dparts_t *p, chat_date_t *out)
{
    memset(out, 0, sizeof *out);
    const chat_date_ctx_t *ctx = s->ctx;
    if (p->has_instant) {
        out->t = p->instant;
        out->day = chat_date_local_day(ctx, p->instant);
        return;
    }
    /* today's weekday said by name with a time is the next one ("friday at
       5" on a Friday), but a repeat starts today ("every friday at 7pm")
       and before 06:00 the day just begun is the one meant ("sat arvo" at
       02:00 on a Saturday); without a time it always is (below) */
    if (p->weekday >= 0 && p->has_day && p->day == s->today && p->has_time && s->half != 'r' &&
        s->now_sec >= 6 * 3600)
        p->day += 7;
    int64_t day = p->has_day ? p->day : s->today;
    out->time_only = !p->has_day && p->has_time;
    out->before = p->before;
    out->through = p->through;
    out->span_days = p->has_day ? p->span : 1;
    out->past = p->past;
    int sec = p->sec;
    if (!p->has_time) {
        out->date_only = true;
        sec = CHAT_DATE_DEFAULT_HOUR * 3600;
        if (p->weekday >= 0 && p->has_day && day == s->today)
            day += 7;
        if (day == s->today && sec <= s->now_sec)
            sec = 23 * 3600 + 59 * 60;
    } else {
        bool ambiguous;
        sec = half_of_day(s, p, &ambiguous);
        if (ambiguous) { /* 7-11 today: the next of h:00 and h+12:00 still ahead */
            if (sec <= s->now_sec && !p->has_day && sec >= 9 * 3600)
                sec += 24 * 3600; /* "call the pharmacy at 9" at 16:00: tomorrow morning */
            if (sec <= s->now_sec)
                sec += 12 * 3600;
            if (sec <= s->now_sec) { /* both gone: tomorrow morning */
                sec -= 12 * 3600;
                if (!p->has_day)
                    day++;
            }
        }
        if (p->soft_time && day == s->today && sec <= s->now_sec)
            sec = p->late_sec;
        if (p->weekday >= 0 && day == s->today && sec <= s->now_sec)
            day += 7; /* a repeat whose time today has passed, or a weekday before 06:00 */
        if (!p->has_day && sec <= s->now_sec && !ambiguous)
            day++;
        out->bare_hour = out->time_only && p->no_half && !s->half;
    }
    out->day = day;
    out->t = chat_date_at(ctx, day, sec);
}

static void scan_init(dscan_t *s, const chat_tok_t *toks, size_t n, const bool *skip,
                      const chat_date_ctx_t *ctx)
{
    s->t = toks;
    s->n = n;
    s->skip = skip;
    s->ctx = ctx;
    int64_t l = chat_tz_to_local(ctx->tz, ctx->now);
    s->today = chat_date_local_day(ctx, ctx->now);
    s->now_sec = (int)(l - s->today * 86400);
    s->now_wd = chat_tz_weekday(s->today);
    s->half = 0;
    for (size_t i = 0; i < n; i++) {
        const char *w = toks[i].kind == CHAT_TOK_WORD ? toks[i].norm : "";
        char h = chat_lex_has(chat_lex_am_cues, w)       ? 'a'
                 : chat_lex_has(chat_lex_pm_cues, w)     ? 'p'
                 : chat_lex_has(chat_lex_repeat_cues, w) ? 'r'
                                                         : 0;
        if (h && s->half && s->half != 'r' && h != 'r' && h != s->half)
            s->half = 'x'; /* morning and evening: no cue */
        else if (h && s->half != 'x' && (!s->half || s->half == 'r'))
            s->half = h;
    }
    if (s->half == 'x')
        s->half = 0;
}

/* An explicit time after a day part's default ("tonight at 9", "tomorrow
 * afternoon at 4"): it replaces the default, in that part's half. */
static void clock_in_part(dparts_t *p, char part)
{
    p->part = 0;
    p->soft_time = false;
    if (part == 'p' && p->sec >= 3600 && p->sec < 12 * 3600)
        p->sec += 12 * 3600;
    p->ambiguous = false;
}

static size_t match_parts(const dscan_t *s, size_t i, dparts_t *p)
{
    memset(p, 0, sizeof *p);
    p->weekday = -1;
    size_t pos = i, end = i;
    for (int round = 0; round < 4; round++) {
        size_t q = pos;
        bool after_at = false, after_prep = false;
        bool deadline = false, through = false;
        for (int c = 0; c < 2 && is_connector(s, q, &after_at, &after_prep); c++) {
            if (is(s, q, "this") || is(s, q, "next") || is(s, q, "the") || is(s, q, "in"))
                break; /* part of the phrase itself */
            through = through || is(s, q, "by") || is(s, q, "until");
            deadline = deadline || through || is(s, q, "before");
            q++;
        }
        const chat_tok_t *nx = tk(s, q + 1);
        if (is(s, q, "the") && nx && nx->kind == CHAT_TOK_WORD && nx->norm[0] >= '0' &&
            nx->norm[0] <= '9' && strpbrk(nx->norm, "/.-")) {
            q++; /* "the 03/12": the numeric date's own article */
            after_prep = true;
        }
        size_t k = 0;
        if (!p->has_instant && !p->has_day && !p->has_time)
            k = read_relative(s, q, p);
        if (!k && !p->has_instant && !p->has_day)
            k = read_day_after(s, q, p, after_prep);
        if (!k && !p->has_instant && !p->has_day)
            k = read_day(s, q, p, after_prep);
        if (!k && !p->has_instant && !p->has_time)
            k = read_day_in_month(s, q, p);
        if (!k && !p->has_instant && !p->has_time)
            k = read_day_in_week(s, q, p);
        if (!k && !p->has_instant)
            k = read_half_after(s, q, p);
        if (!k && !p->has_instant && (!p->has_time || p->part)) {
            dparts_t before = *p;
            p->has_time = false;
            p->part = 0;
            k = read_time(s, q, p, after_at, after_prep);
            if (k && before.part && p->part)
                k = 0;            /* "evening, not morning": no time after a part */
            if (k && before.part) /* "tonight at 9" is 21:00 */
                clock_in_part(p, before.part);
            else if (!k)
                *p = before;
        }
        if (!k)
            break;
        if (deadline && round == 0) {
            p->before = true;
            p->through = through;
        }
        pos = q + k;
        end = pos;
    }
    return end - i;
}

size_t chat_date_match(const chat_tok_t *toks, size_t n, size_t i, const bool *skip,
                       const chat_date_ctx_t *ctx, chat_date_t *out)
{
    dscan_t s;
    scan_init(&s, toks, n, skip, ctx);
    dparts_t p;
    size_t k = match_parts(&s, i, &p);
    if (k)
        resolve(&s, &p, out);
    return k;
}

/* Is toks[a, b) a correction between two expressions ("3, no wait 3:30",
 * "tuesday, actually make it wednesday"): its words all of
 * chat_lex_corrections, one of them strong? */
static bool correction_between(const chat_tok_t *toks, size_t a, size_t b)
{
    bool strong = false;
    for (size_t k = a; k < b; k++) {
        if (toks[k].kind == CHAT_TOK_PUNCT)
            continue;
        if (toks[k].kind != CHAT_TOK_WORD || !chat_lex_has(chat_lex_corrections, toks[k].norm))
            return false;
        strong = strong || chat_lex_has(chat_lex_corrections_strong, toks[k].norm);
    }
    return strong;
}

/* all takes p's day (its time of day stays). */
static void take_day(dparts_t *all, const dparts_t *p)
{
    all->has_day = true;
    all->day = p->day;
    all->span = p->span;
    all->weekday = p->weekday;
    all->past = p->past;
}

/* all takes p's time of day (its day stays). */
static void take_time(dparts_t *all, const dparts_t *p)
{
    all->has_time = true;
    all->sec = p->sec;
    all->ambiguous = p->ambiguous;
    all->no_half = p->no_half;
    all->soft_time = p->soft_time;
    all->late_sec = p->late_sec;
    all->part = p->part;
}

/* The later expression p combines with what all said: a correction
 * replaces all's day and time with those p gives; else p fills in what
 * all lacks (a day part from one expression, a time from another:
 * "tomorrow call mom at 5", "tonight ... at 9"). */
static void combine_parts(dparts_t *all, dparts_t *p, bool correction)
{
    if (p->has_day && (correction || !all->has_day)) {
        take_day(all, p);
        all->before = all->before || (!correction && p->before);
    }
    if (p->has_time && (correction || !all->has_time || (all->part && !p->part))) {
        if (all->part && !correction)
            clock_in_part(p, all->part); /* "tonight ... at 9" */
        take_time(all, p);
    }
}

bool chat_date_scan(const chat_tok_t *toks, size_t n, bool *used, const chat_date_ctx_t *ctx,
                    chat_date_t *out)
{
    dscan_t s;
    scan_init(&s, toks, n, used, ctx);
    dparts_t all, p;
    memset(&all, 0, sizeof all);
    all.weekday = -1;
    bool found = false;
    size_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        if (used && used[i])
            continue;
        size_t k = match_parts(&s, i, &p);
        if (!k)
            continue;
        if (!found) {
            all = p;
        } else if (!all.has_instant && !p.has_instant) {
            bool correction = correction_between(toks, prev_end, i);
            combine_parts(&all, &p, correction);
            for (size_t j = prev_end; correction && used && j < i; j++)
                used[j] = true; /* "no wait", "actually make it": no part of a title */
        }
        found = true;
        if (used)
            for (size_t j = i; j < i + k; j++)
                used[j] = true;
        i += k - 1;
        prev_end = i + 1;
    }
    if (found)
        resolve(&s, &all, out);
    return found;
}
