/* chat_date: finds and resolves date/time expressions in a tokenised message
 * ("tomorrow at 5pm", "next fri", "in half an hour", "Dec 3rd", "end of the
 * month") against a reference instant in an IANA zone, DST-correct.
 *
 * Rules (documented behaviour, see chat-svc/README.md):
 *  - A date without a time of day is due at CHAT_DATE_DEFAULT_HOUR:00 local;
 *    when that is already past today, "today" means 23:59 local.
 *    (chat_engine: a change that names only a day keeps the time the todo
 *    had: "the party is on the 12th not the 5th".)
 *  - Creations assume the future: a bare weekday is its next occurrence
 *    (today's weekday means a week ahead, with a time too, except for a
 *    repeat whose time today is still ahead, or before 06:00 local);
 *    a time alone that has passed today is tomorrow; a month-day that has
 *    passed this year is next year.
 *  - "next <weekday>" is that day in the next calendar week (weeks start
 *    Monday); "this <weekday>" is the coming one (today included).
 *  - A bare number is never a date ("review PR 42"); hours need am/pm, a
 *    colon, "o'clock" or a preceding "at"/"by"/"around". An hour without
 *    am/pm takes its half of the day from, in order: a day part right
 *    after it ("at 6 tomorrow evening", "7 in the evening"); a cue word
 *    anywhere in the message (chat_lex_am_cues: morning, breakfast;
 *    chat_lex_pm_cues: evening, dinner, drinks, tonight); else 1-6 mean
 *    pm (but a morning hour under two hours ahead today stays am: "at 6"
 *    said at 05:00), and 7-11 mean am with a day other than today or on
 *    a repeating todo ("every weekday at 9"), and today the next of the
 *    two still ahead ("at 8" said at 16:00 is 20:00), except that 9-11
 *    with no day, once the morning one has passed, are tomorrow morning
 *    ("call the pharmacy at 9" said at 16:00; "today at 9" is 21:00). "half 7" (British)
 *    is 7:30 by the same rules; "half 12" is 12:30. "a fortnight" is two
 *    weeks. Hours in words ("eight o'clock", "ten thirty", "at nine
 *    tonight") read as digits; a word alone needs "at"/"by" before it.
 *  - morning 09:00, noon 12:00, lunch 12:00, afternoon 15:00, evening 19:00,
 *    tonight 20:00, night 21:00, end of day 17:00 (23:59 once past),
 *    end of week Friday 17:00 (Sunday 23:59 once past), end of month the
 *    last day 17:00 (23:59 once past). Wall times inside a DST gap move
 *    forward by the gap; repeated ones take the earlier instant. */
#ifndef CHAT_DATE_H
#define CHAT_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chat_tok.h"
#include "chat_tz.h"

#define CHAT_DATE_DEFAULT_HOUR 9

typedef struct chat_date_ctx {
    int64_t now; /* unix seconds */
    const chat_tz_t *tz;
    /* a day's possessive ("monday's", chat_tok_t.possessive) is a date:
       in a list question ("monday's lineup"), not in a title ("saturday's
       dinner party") */
    bool possessive_days;
} chat_date_ctx_t;

typedef struct chat_date {
    int64_t t;      /* the resolved instant, unix seconds */
    bool date_only; /* no time of day was given (default time applied) */
    int64_t day;    /* local day (days since 1970-01-01) the expression names */
    int span_days;  /* days the expression covers from day: 1 for "friday", 7 for
                       "next week", the month for "next month"; 0 for an instant */
    bool past;      /* explicitly in the past ("yesterday") */
    bool time_only; /* only a time of day was given ("at 3pm"), no day */
    bool bare_hour; /* a time alone whose hour 1-11 came without am/pm or
                       a cue ("make it 8 instead", "I meant 3:30"): its half
                       of the day is a guess that a todo's current due time
                       overrides: of h and h+12 the one nearer the time the
                       todo had, so a dinner at 19:00 made "8" is 20:00, a
                       09:00 meeting made "10" is 10:00 and a 15:00 pick-up
                       made "3:30" is 15:30 */
    bool before;    /* introduced by "before"/"by"/"until": a deadline, not a day */
    bool through;   /* with before, by "by"/"until": the day itself is included
                       ("what's due by friday" lists Friday's todos too) */
} chat_date_t;

/* Reads the date/time expression starting exactly at toks[i] (connectors such
 * as "on", "by", "at", "due" included). Tokens with skip[k] set (may be NULL)
 * are never part of a match. Returns the number of tokens consumed, 0 when
 * none starts there; fills *out only then. */
size_t chat_date_match(const chat_tok_t *toks, size_t n, size_t i, const bool *skip,
                       const chat_date_ctx_t *ctx, chat_date_t *out);

/* Finds every expression in toks not marked in used, marks their tokens in
 * used, and combines them into *out (a day from one and a time of day from
 * another: "tomorrow call mom at 5"). Returns true when any was found. */
bool chat_date_scan(const chat_tok_t *toks, size_t n, bool *used, const chat_date_ctx_t *ctx,
                    chat_date_t *out);

/* Local day number of unix time t in ctx's zone. */
int64_t chat_date_local_day(const chat_date_ctx_t *ctx, int64_t t);

/* Unix time of local day + seconds of day in ctx's zone (DST rules above). */
int64_t chat_date_at(const chat_date_ctx_t *ctx, int64_t day, int sec_of_day);

#endif
