/* Table-driven tests of the date/time resolver: each case is a zone, a
 * reference instant, a phrase and the local wall time it must resolve to
 * (plus the exact UTC instant where DST makes the difference). */
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#include "chat_date.h"
#include "chat_tz.h"
#include "timeutil.h"

typedef struct date_case {
    const char *tz;
    const char *now; /* UTC */
    const char *text;
    const char *want;     /* local "YYYY-MM-DDTHH:MM", or NULL = no date in text */
    const char *want_utc; /* optional exact instant */
} date_case_t;

#define BER "Europe/Berlin"
#define NYC "America/New_York"
#define KOL "Asia/Kolkata"
#define ADL "Australia/Adelaide"
/* Friday 2026-11-27 16:00 in Berlin, 10:00 in New York */
#define FRI "2026-11-27T15:00:00Z"

static const date_case_t cases[] = {
    /* relative days, Berlin, Friday 16:00 */
    {BER, FRI, "today", "2026-11-27T23:59", NULL},
    {BER, FRI, "today at 5pm", "2026-11-27T17:00", NULL},
    /* round 108: a bare hour after a day that opens a task; a count stays */
    {BER, FRI, "today 6 pick up rental bike", "2026-11-27T18:00", NULL},
    {BER, FRI, "tomorrow 7 check brakes", "2026-11-28T07:00", NULL},
    {BER, FRI, "tomorrow 3 cans of beans", "2026-11-28T09:00", NULL},
    {BER, FRI, "tonight", "2026-11-27T20:00", NULL},
    {BER, FRI, "tomorrow", "2026-11-28T09:00", "2026-11-28T08:00:00Z"},
    {BER, FRI, "tmrw", "2026-11-28T09:00", NULL},
    {BER, FRI, "tomorow", "2026-11-28T09:00", NULL},
    {BER, FRI, "2moro", "2026-11-28T09:00", NULL},
    {BER, FRI, "Tomorrow!", "2026-11-28T09:00", NULL},
    {BER, FRI, "tomorrow morning", "2026-11-28T09:00", NULL},
    {BER, FRI, "tomorrow afternoon", "2026-11-28T15:00", NULL},
    {BER, FRI, "tomorrow evening", "2026-11-28T19:00", NULL},
    {BER, FRI, "tomorrow night", "2026-11-28T21:00", NULL},
    {BER, FRI, "tomorrow at noon", "2026-11-28T12:00", NULL},
    {BER, FRI, "tomorrow at midnight", "2026-11-28T23:59", NULL},
    {BER, FRI, "the day after tomorrow", "2026-11-29T09:00", NULL},
    {BER, FRI, "day after tomorrow at 8am", "2026-11-29T08:00", NULL},
    {BER, FRI, "yesterday", "2026-11-26T09:00", NULL},
    /* weekdays */
    {BER, FRI, "monday", "2026-11-30T09:00", NULL},
    {BER, FRI, "call mom mon", "2026-11-30T09:00", NULL},
    {BER, FRI, "tuesday", "2026-12-01T09:00", NULL},
    {BER, FRI, "on tue", "2026-12-01T09:00", NULL},
    {BER, FRI, "wednesday", "2026-12-02T09:00", NULL},
    {BER, FRI, "by wed", "2026-12-02T09:00", NULL},
    {BER, FRI, "thursday", "2026-12-03T09:00", NULL},
    {BER, FRI, "on thurs", "2026-12-03T09:00", NULL},
    {BER, FRI, "friday", "2026-12-04T09:00", NULL},
    {BER, FRI, "friday at 5pm", "2026-12-04T17:00", NULL}, /* today's weekday: the next one */
    {BER, FRI, "this friday at 5pm", "2026-11-27T17:00", NULL},
    {BER, FRI, "today at 5pm", "2026-11-27T17:00", NULL},
    {BER, FRI, "friday at 3pm", "2026-12-04T15:00", NULL},
    {BER, FRI, "dentist fri", "2026-12-04T09:00", NULL},
    {BER, FRI, "saturday", "2026-11-28T09:00", NULL},
    {BER, FRI, "on sat", "2026-11-28T09:00", NULL},
    {BER, FRI, "sunday", "2026-11-29T09:00", NULL},
    {BER, FRI, "Wendesday", "2026-12-02T09:00", NULL},
    {BER, FRI, "this friday", "2026-11-27T23:59", NULL},
    {BER, FRI, "this saturday", "2026-11-28T09:00", NULL},
    {BER, FRI, "this monday", "2026-11-30T09:00", NULL},
    {BER, FRI, "this coming tuesday", "2026-12-01T09:00", NULL},
    {BER, FRI, "next monday", "2026-11-30T09:00", NULL},
    {BER, FRI, "next friday", "2026-12-04T09:00", NULL},
    {BER, FRI, "next saturday", "2026-12-05T09:00", NULL},
    {BER, FRI, "next sunday", "2026-12-06T09:00", NULL},
    {BER, FRI, "nxt fri", "2026-12-04T09:00", NULL},
    {BER, FRI, "friday morning", "2026-12-04T09:00", NULL},
    {BER, FRI, "friday evening", "2026-12-04T19:00", NULL},
    /* weeks, weekends, months */
    {BER, FRI, "next week", "2026-11-30T09:00", NULL},
    {BER, FRI, "this weekend", "2026-11-28T09:00", NULL},
    {BER, FRI, "next weekend", "2026-12-05T09:00", NULL},
    {BER, FRI, "next week tuesday", "2026-12-01T09:00", NULL},
    {BER, FRI, "next week on thursday at 3pm", "2026-12-03T15:00", NULL},
    {BER, FRI, "by month end", "2026-11-30T17:00", NULL},
    {BER, FRI, "the 2nd one", NULL, NULL}, /* a position in a list, no date */
    {BER, FRI, "next month", "2026-12-01T09:00", NULL},
    {BER, FRI, "next year", "2027-01-01T09:00", NULL},
    {BER, FRI, "end of the month", "2026-11-30T17:00", NULL},
    {BER, FRI, "end of month", "2026-11-30T17:00", NULL},
    {BER, FRI, "eom", "2026-11-30T17:00", NULL},
    {BER, FRI, "end of day", "2026-11-27T17:00", NULL},
    {BER, FRI, "eod", "2026-11-27T17:00", NULL},
    {BER, FRI, "by end of day monday", "2026-11-30T17:00", NULL}, /* round 145 (gh) */
    {BER, FRI, "by eod on tuesday", "2026-12-01T17:00", NULL},
    {BER, FRI, "by the end of the day", "2026-11-27T17:00", NULL},
    {BER, FRI, "end of the week", "2026-11-27T17:00", NULL},
    {BER, FRI, "eow", "2026-11-27T17:00", NULL},
    /* in N ... */
    {BER, FRI, "in 5 minutes", "2026-11-27T16:05", NULL},
    {BER, FRI, "in 10 mins", "2026-11-27T16:10", NULL},
    {BER, FRI, "in an hour", "2026-11-27T17:00", NULL},
    {BER, FRI, "in 1 hour", "2026-11-27T17:00", NULL},
    {BER, FRI, "in 2 hours", "2026-11-27T18:00", NULL},
    {BER, FRI, "in 3 hrs", "2026-11-27T19:00", NULL},
    {BER, FRI, "in half an hour", "2026-11-27T16:30", NULL},
    {BER, FRI, "in a half hour", "2026-11-27T16:30", NULL},
    {BER, FRI, "in 90 minutes", "2026-11-27T17:30", NULL},
    {BER, FRI, "in 2 hours and a half", "2026-11-27T18:30", NULL},
    {BER, FRI, "in 3 days", "2026-11-30T09:00", NULL},
    {BER, FRI, "in a day", "2026-11-28T09:00", NULL},
    {BER, FRI, "in a week", "2026-12-04T09:00", NULL},
    {BER, FRI, "in 2 weeks", "2026-12-11T09:00", NULL},
    {BER, FRI, "in two weeks", "2026-12-11T09:00", NULL},
    {BER, FRI, "in a month", "2026-12-27T09:00", NULL},
    {BER, FRI, "in 3 months", "2027-02-27T09:00", NULL},
    {BER, FRI, "in a year", "2027-11-27T09:00", NULL},
    {BER, FRI, "in a couple of days", "2026-11-29T09:00", NULL},
    {BER, FRI, "in a few days", "2026-11-30T09:00", NULL},
    {BER, FRI, "3 days from now", "2026-11-30T09:00", NULL},
    {BER, FRI, "2 weeks from today", "2026-12-11T09:00", NULL},
    {BER, FRI, "an hour from now", "2026-11-27T17:00", NULL},
    /* clock times */
    {BER, FRI, "at 5pm", "2026-11-27T17:00", "2026-11-27T16:00:00Z"},
    {BER, FRI, "at 5 pm", "2026-11-27T17:00", NULL},
    {BER, FRI, "at 5:30pm", "2026-11-27T17:30", NULL},
    {BER, FRI, "at 5:30 PM", "2026-11-27T17:30", NULL},
    {BER, FRI, "at 17:30", "2026-11-27T17:30", NULL},
    {BER, FRI, "at 9am", "2026-11-28T09:00", NULL},
    {BER, FRI, "at 9", "2026-11-28T09:00", NULL}, /* 9-11 gone today: tomorrow am */
    {BER, FRI, "at 5", "2026-11-27T17:00", NULL},
    {BER, FRI, "at 11", "2026-11-28T11:00", NULL},
    {BER, FRI, "at 8", "2026-11-27T20:00", NULL},
    {BER, FRI, "today at 9", "2026-11-27T21:00", NULL},
    {BER, FRI, "at 3", "2026-11-28T15:00", NULL},
    {BER, FRI, "at noon", "2026-11-28T12:00", NULL},
    {BER, FRI, "at midnight", "2026-11-27T23:59", NULL},
    {BER, FRI, "noon", "2026-11-28T12:00", NULL},
    {BER, FRI, "5pm", "2026-11-27T17:00", NULL},
    {BER, FRI, "5:45pm", "2026-11-27T17:45", NULL},
    {BER, FRI, "8am", "2026-11-28T08:00", NULL},
    {BER, FRI, "10:30", "2026-11-28T10:30", NULL},
    {BER, FRI, "22:00", "2026-11-27T22:00", NULL},
    {BER, FRI, "7 o'clock", "2026-11-27T19:00", NULL},
    {BER, FRI, "at 7 in the evening", "2026-11-27T19:00", NULL},
    {BER, FRI, "at 6 in the morning", "2026-11-28T06:00", NULL},
    {BER, FRI, "at 8 tonight", "2026-11-27T20:00", NULL},
    {BER, FRI, "tonight at 9", "2026-11-27T21:00", NULL},
    {BER, FRI, "tonight call mom at 10:30", "2026-11-27T22:30", NULL},
    /* an hour with a day part: after it in its half, or before it */
    {BER, FRI, "plumber tomorrow afternoon at 4", "2026-11-28T16:00", NULL},
    {BER, FRI, "plumber this evening at 7", "2026-11-27T19:00", NULL},
    {BER, FRI, "plumber 10 tomorrow morning", "2026-11-28T10:00", NULL},
    {BER, FRI, "move plumber to 4 tomorrow afternoon", "2026-11-28T16:00", NULL},
    {BER, FRI, "medicine tomorrow evening, not morning", "2026-11-28T19:00", NULL},
    /* a correction said between two dates: the later one holds */
    {BER, FRI, "pick up the kids at 5, no wait 5:30", "2026-11-27T17:30", NULL},
    {BER, FRI, "dentist tuesday, actually make it wednesday", "2026-12-02T09:00", NULL},
    {BER, FRI, "soccer thurs 5pm no 6pm", "2026-12-03T18:00", NULL},
    {BER, FRI, "call the school monday scratch that tuesday", "2026-12-01T09:00", NULL},
    {BER, FRI, "call mum thursday, meant wednesday", "2026-12-02T09:00", NULL},
    {BER, FRI, "call bob at 3 this afternoon", "2026-11-27T15:00", NULL}, /* today, gone or not */
    {BER, FRI, "saturday's dinner party", NULL, NULL},
    {BER, FRI, "mondays", NULL, NULL},
    {BER, FRI, "530pm", "2026-11-27T17:30", NULL},
    {BER, FRI, "5.30pm", "2026-11-27T17:30", NULL},
    {BER, FRI, "12pm", "2026-11-28T12:00", NULL},
    {BER, FRI, "12am", "2026-11-28T00:00", NULL},
    {BER, FRI, "@ 6pm", "2026-11-27T18:00", NULL},
    {BER, FRI, "around 7pm", "2026-11-27T19:00", NULL},
    /* calendar dates */
    {BER, FRI, "dec 3", "2026-12-03T09:00", NULL},
    {BER, FRI, "Dec 3rd", "2026-12-03T09:00", NULL},
    {BER, FRI, "december 3", "2026-12-03T09:00", NULL},
    {BER, FRI, "3 december", "2026-12-03T09:00", NULL},
    {BER, FRI, "3rd of december", "2026-12-03T09:00", NULL},
    {BER, FRI, "the 3rd of December", "2026-12-03T09:00", NULL},
    {BER, FRI, "december 3rd at 2pm", "2026-12-03T14:00", NULL},
    {BER, FRI, "dec 3 2027", "2027-12-03T09:00", NULL},
    {BER, FRI, "December 3rd, 2027", "2027-12-03T09:00", NULL},
    {BER, FRI, "nov 20", "2027-11-20T09:00", NULL},
    {BER, FRI, "jan 15", "2027-01-15T09:00", NULL},
    {BER, FRI, "Sept 1", "2027-09-01T09:00", NULL},
    {BER, FRI, "2026-12-24", "2026-12-24T09:00", NULL},
    {BER, FRI, "2026-12-24 at 18:00", "2026-12-24T18:00", NULL},
    {BER, FRI, "12/24", "2026-12-24T09:00", NULL},
    {BER, FRI, "24/12", "2026-12-24T09:00", NULL},
    {BER, FRI, "12/5", "2027-05-12T09:00", NULL}, /* day first in Europe */
    {NYC, FRI, "12/5", "2026-12-05T09:00", NULL}, /* month first in the Americas */
    {NYC, FRI, "24/12", "2026-12-24T09:00", NULL},
    {"Asia/Tokyo", FRI, "12/3", "2026-12-03T09:00", NULL},         /* month first in Japan */
    {BER, FRI, "on 14.12", "2026-12-14T09:00", NULL},              /* after "on", a day and month */
    {BER, FRI, "at 12.30", "2026-11-28T12:30", NULL},              /* after "at", a time */
    {"America/Sao_Paulo", FRI, "10/12", "2026-12-10T09:00", NULL}, /* day first in Brazil */
    {BER, FRI, "5/12", "2026-12-05T09:00", NULL},
    {BER, FRI, "12/24/2026", "2026-12-24T09:00", NULL},
    {BER, FRI, "on the 1st", "2026-12-01T09:00", NULL},
    {BER, FRI, "the 15th", "2026-12-15T09:00", NULL},
    {BER, FRI, "on the 28th", "2026-11-28T09:00", NULL},
    {BER, FRI, "on the 27th", "2026-11-27T23:59", NULL},
    {BER, FRI, "christmas eve dec 24 at 6pm", "2026-12-24T18:00", NULL},
    {BER, FRI, "on christmas day", "2026-12-25T09:00", NULL},
    {BER, FRI, "by new year's eve", "2026-12-31T09:00", NULL},
    {BER, FRI, "halloween costume", NULL, NULL},
    {BER, FRI, "end of next week", "2026-12-04T17:00", NULL},
    {BER, FRI, "end of next month", "2026-12-31T17:00", NULL},
    {BER, FRI, "at half 5", "2026-11-27T17:30", NULL},
    {BER, FRI, "half past 9", "2026-11-28T09:30", NULL},
    {BER, FRI, "quarter to 7 tomorrow", "2026-11-28T18:45", NULL},
    /* round 128: "2A" after "the"/"for"/"unit" is a flat, not 2 am */
    {BER, FRI, "the 2A visit tomorrow", "2026-11-28T09:00", NULL},
    {BER, FRI, "dentist 8a tomorrow", "2026-11-28T08:00", NULL},
    /* round 122: hours in words */
    {BER, FRI, "at nine tonight", "2026-11-27T21:00", NULL},
    {BER, FRI, "at eight o'clock sharp on Monday morning", "2026-11-30T08:00", NULL},
    {BER, FRI, "at seven in the evening on wednesday", "2026-12-02T19:00", NULL},
    {BER, FRI, "at ten thirty tomorrow", "2026-11-28T10:30", NULL},
    {BER, FRI, "tomorrow at eleven", "2026-11-28T11:00", NULL},
    {BER, FRI, "by eleven am on friday", "2026-12-04T11:00", NULL},
    {BER, FRI, "at one point", NULL, NULL},
    {BER, FRI, "nine apples", NULL, NULL},
    {BER, FRI, "quarter past 8am", "2026-11-28T08:15", NULL},
    /* the half of the day of an hour without am/pm: a day part after it, a
       cue word, 1-6 pm, 7-11 am with a day or a repeat, else the next */
    {BER, FRI, "at 6 tomorrow evening", "2026-11-28T18:00", NULL},
    {BER, FRI, "at 8 on sunday morning", "2026-11-29T08:00", NULL},
    {BER, FRI, "dinner on the 5th at half 7", "2026-12-05T19:30", NULL},
    {BER, FRI, "breakfast at 8", "2026-11-28T08:00", NULL},
    {BER, FRI, "every morning at 8", "2026-11-28T08:00", NULL},
    {BER, FRI, "every day at 10", "2026-11-28T10:00", NULL},
    {BER, FRI, "at 8", "2026-11-27T20:00", NULL},
    {BER, FRI, "half 12 on monday", "2026-11-30T12:30", NULL},
    {BER, FRI, "at half 12", "2026-11-28T12:30", NULL},
    {BER, FRI, "at 3.15", "2026-11-28T15:15", NULL},
    {"Australia/Melbourne", FRI, "at 5.15", "2026-11-28T17:15", NULL},
    {"Pacific/Honolulu", FRI, "at 6", "2026-11-27T06:00", NULL},
    {BER, FRI, "in a fortnight", "2026-12-11T09:00", NULL},
    {BER, FRI, "a fortnight from monday", "2026-12-14T09:00", NULL},
    /* connectors */
    {BER, FRI, "by friday", "2026-12-04T09:00", NULL},
    {BER, FRI, "by monday 10am", "2026-11-30T10:00", NULL},
    {BER, FRI, "before dec 1", "2026-12-01T09:00", NULL},
    {BER, FRI, "due tomorrow", "2026-11-28T09:00", NULL},
    {BER, FRI, "due next week", "2026-11-30T09:00", NULL},
    {BER, FRI, "on monday", "2026-11-30T09:00", NULL},
    {BER, FRI, "on monday at 3pm", "2026-11-30T15:00", NULL},
    {BER, FRI, "monday 3pm", "2026-11-30T15:00", NULL},
    {BER, FRI, "3pm monday", "2026-11-30T15:00", NULL},
    {BER, FRI, "tomorrow 10am", "2026-11-28T10:00", NULL},
    {BER, FRI, "10am tomorrow", "2026-11-28T10:00", NULL},
    {BER, FRI, "next tuesday at 11", "2026-12-01T11:00", NULL},
    {BER, FRI, "next tuesday at 4", "2026-12-01T16:00", NULL},
    {BER, FRI, "this evening", "2026-11-27T19:00", NULL},
    {BER, FRI, "this morning", "2026-11-27T09:00", NULL},
    {BER, FRI, "this afternoon", "2026-11-27T15:00", NULL},
    {BER, FRI, "in the morning", "2026-11-28T09:00", NULL},
    {BER, FRI, "first thing tomorrow", "2026-11-28T08:00", NULL},
    {BER, FRI, "tomorrow first thing", "2026-11-28T08:00", NULL},
    {BER, FRI, "at lunch tomorrow", "2026-11-28T12:00", NULL},
    {BER, FRI, "call mom tomorrow about the party at 5pm", "2026-11-28T17:00", NULL},
    /* numbers and words that are not dates */
    {BER, FRI, "review PR 42", NULL, NULL},
    {BER, FRI, "buy 2 apples", NULL, NULL},
    {BER, FRI, "call 911", NULL, NULL},
    {BER, FRI, "room 101", NULL, NULL},
    {BER, FRI, "the 3 musketeers", NULL, NULL},
    {BER, FRI, "buy sun cream", NULL, NULL},
    {BER, FRI, "read chapter 5", NULL, NULL},
    {BER, FRI, "march on", NULL, NULL},
    {BER, FRI, "may i help", NULL, NULL},
    {BER, FRI, "add 5 eggs", NULL, NULL},
    {BER, FRI, "top 10 list", NULL, NULL},
    {BER, FRI, "morning run", NULL, NULL},
    {BER, FRI, "team lunch", NULL, NULL},
    {BER, FRI, "sat on the couch", NULL, NULL},
    {BER, FRI, "1234", NULL, NULL},
    {BER, FRI, "version 2.5", NULL, NULL},
    /* European day.month with the closing dot or a year; never a decimal */
    {BER, FRI, "on 14.12. at 9", "2026-12-14T09:00", NULL},
    {BER, FRI, "3.1.2027", "2027-01-03T09:00", NULL},
    {BER, FRI, "1.11.", "2027-11-01T09:00", NULL},
    {BER, FRI, "3.5 kg", NULL, NULL},
    {BER, FRI, "at 5.30pm", "2026-11-27T17:30", NULL},
    {BER, FRI, "fix bug #12", NULL, NULL},
    {BER, FRI, "second chance", NULL, NULL},
    {BER, FRI, "by 2 days", NULL, NULL},
    {BER, FRI, "", NULL, NULL},
    /* New York, Friday 10:00 EST */
    {NYC, FRI, "at 5", "2026-11-27T17:00", "2026-11-27T22:00:00Z"},
    {NYC, FRI, "tomorrow 9:30am", "2026-11-28T09:30", "2026-11-28T14:30:00Z"},
    {NYC, FRI, "tonight", "2026-11-27T20:00", NULL},
    {NYC, FRI, "today", "2026-11-27T23:59", NULL},
    {NYC, FRI, "at 9", "2026-11-28T09:00", NULL}, /* 10:00 there: 09:00 gone, tomorrow */
    {NYC, FRI, "at 11", "2026-11-27T11:00", NULL},
    {NYC, FRI, "in 2 hours", "2026-11-27T12:00", NULL},
    {NYC, FRI, "monday", "2026-11-30T09:00", "2026-11-30T14:00:00Z"},
    /* Europe/Berlin spring forward: 2026-03-29 02:00 CET -> 03:00 CEST */
    {BER, "2026-03-28T10:00:00Z", "tomorrow at 2:30am", "2026-03-29T03:30", "2026-03-29T01:30:00Z"},
    {BER, "2026-03-28T10:00:00Z", "tomorrow at 9am", "2026-03-29T09:00", "2026-03-29T07:00:00Z"},
    {BER, "2026-03-28T10:00:00Z", "tomorrow at 1:59am", "2026-03-29T01:59", "2026-03-29T00:59:00Z"},
    {BER, "2026-03-28T10:00:00Z", "tomorrow at 3am", "2026-03-29T03:00", "2026-03-29T01:00:00Z"},
    {BER, "2026-03-28T10:00:00Z", "in 24 hours", "2026-03-29T12:00", "2026-03-29T10:00:00Z"},
    {BER, "2026-03-28T10:00:00Z", "in 2 days", "2026-03-30T09:00", "2026-03-30T07:00:00Z"},
    {BER, "2026-03-28T10:00:00Z", "today", "2026-03-28T23:59", "2026-03-28T22:59:00Z"},
    /* Europe/Berlin fall back: 2026-10-25 03:00 CEST -> 02:00 CET */
    {BER, "2026-10-24T10:00:00Z", "tomorrow at 2:30am", "2026-10-25T02:30", "2026-10-25T00:30:00Z"},
    {BER, "2026-10-24T10:00:00Z", "tomorrow at 9am", "2026-10-25T09:00", "2026-10-25T08:00:00Z"},
    {BER, "2026-10-24T10:00:00Z", "in 24 hours", "2026-10-25T11:00", "2026-10-25T10:00:00Z"},
    {BER, "2026-10-24T10:00:00Z", "next week", "2026-10-26T09:00", "2026-10-26T08:00:00Z"},
    /* America/New_York spring forward: 2026-03-08 02:00 EST -> 03:00 EDT */
    {NYC, "2026-03-07T15:00:00Z", "tomorrow at 2:30am", "2026-03-08T03:30", "2026-03-08T07:30:00Z"},
    {NYC, "2026-03-07T15:00:00Z", "tomorrow at 9am", "2026-03-08T09:00", "2026-03-08T13:00:00Z"},
    {NYC, "2026-03-07T15:00:00Z", "in 24 hours", "2026-03-08T11:00", "2026-03-08T15:00:00Z"},
    {NYC, "2026-03-07T15:00:00Z", "tonight", "2026-03-07T20:00", "2026-03-08T01:00:00Z"},
    /* America/New_York fall back: 2026-11-01 02:00 EDT -> 01:00 EST */
    {NYC, "2026-10-31T14:00:00Z", "tomorrow at 1:30am", "2026-11-01T01:30", "2026-11-01T05:30:00Z"},
    {NYC, "2026-10-31T14:00:00Z", "tomorrow at 9am", "2026-11-01T09:00", "2026-11-01T14:00:00Z"},
    {NYC, "2026-10-31T14:00:00Z", "in 24 hours", "2026-11-01T09:00", "2026-11-01T14:00:00Z"},
    {NYC, "2026-10-31T14:00:00Z", "monday at 9am", "2026-11-02T09:00", "2026-11-02T14:00:00Z"},
    /* Asia/Kolkata (+05:30), Friday 20:30 */
    {KOL, FRI, "tomorrow", "2026-11-28T09:00", "2026-11-28T03:30:00Z"},
    {KOL, FRI, "at 9pm", "2026-11-27T21:00", "2026-11-27T15:30:00Z"},
    {KOL, FRI, "in 2 hours", "2026-11-27T22:30", NULL},
    {KOL, FRI, "tonight", "2026-11-27T23:59", NULL},
    {KOL, FRI, "today", "2026-11-27T23:59", "2026-11-27T18:29:00Z"},
    {KOL, FRI, "next monday 10:15am", "2026-11-30T10:15", "2026-11-30T04:45:00Z"},
    /* Australia/Adelaide (+10:30 in summer, +09:30 in winter), Saturday 01:30 */
    {ADL, FRI, "today", "2026-11-28T09:00", "2026-11-27T22:30:00Z"},
    {ADL, FRI, "tomorrow at 5pm", "2026-11-29T17:00", "2026-11-29T06:30:00Z"},
    {ADL, FRI, "friday", "2026-12-04T09:00", NULL},
    {ADL, FRI, "sat arvo", "2026-11-28T15:00", NULL}, /* 01:30 on a Saturday: today */
    /* Adelaide spring forward: 2026-10-04 02:00 ACST -> 03:00 ACDT */
    {ADL, "2026-10-03T00:00:00Z", "tomorrow at 2:30am", "2026-10-04T03:30", "2026-10-03T17:00:00Z"},
    {ADL, "2026-10-03T00:00:00Z", "tomorrow at 9am", "2026-10-04T09:00", "2026-10-03T22:30:00Z"},
    /* Adelaide fall back: 2026-04-05 03:00 ACDT -> 02:00 ACST */
    {ADL, "2026-04-04T00:00:00Z", "tomorrow at 2:30am", "2026-04-05T02:30", "2026-04-04T16:00:00Z"},
    {ADL, "2026-04-04T00:00:00Z", "tomorrow at 9am", "2026-04-05T09:00", "2026-04-04T23:30:00Z"},
    /* UTC and the empty zone name */
    {"UTC", FRI, "tomorrow at 5pm", "2026-11-28T17:00", "2026-11-28T17:00:00Z"},
    {"", FRI, "in 1 hour", "2026-11-27T16:00", "2026-11-27T16:00:00Z"},
    /* a year boundary and a leap day */
    {BER, "2026-12-31T12:00:00Z", "tomorrow", "2027-01-01T09:00", NULL},
    {BER, "2026-12-31T12:00:00Z", "next month", "2027-01-01T09:00", NULL},
    {BER, "2028-02-28T12:00:00Z", "tomorrow", "2028-02-29T09:00", NULL},
    {BER, "2028-01-31T12:00:00Z", "in a month", "2028-02-29T09:00", NULL},
};

static void test_table(void **state)
{
    (void)state;
    size_t n = sizeof cases / sizeof cases[0];
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        const date_case_t *c = &cases[i];
        const chat_tz_t *tz;
        assert_int_equal(chat_tz_load(c->tz, &tz), 0);
        int64_t now_ms;
        assert_int_equal(tc_rfc3339_parse(c->now, &now_ms), 0);
        chat_date_ctx_t ctx = {.now = now_ms / 1000, .tz = tz};
        ProtobufCAllocator mem = test_mem();
        chat_tok_t *toks;
        size_t nt = chat_tok_split(c->text, strlen(c->text), &mem, 256, &toks);
        bool used[256] = {false};
        chat_date_t d;
        bool found = chat_date_scan(toks, nt, used, &ctx, &d);
        char got[40] = "none";
        if (found) {
            int64_t l = chat_tz_to_local(tz, d.t);
            int64_t y;
            int mo, dd;
            chat_tz_civil_from_days(l / 86400, &y, &mo, &dd);
            snprintf(got, sizeof got, "%04lld-%02d-%02dT%02d:%02d", (long long)y, mo, dd,
                     (int)(l % 86400) / 3600, (int)(l % 3600) / 60);
        }
        bool ok = c->want ? found && strcmp(got, c->want) == 0 : !found;
        if (ok && c->want_utc) {
            char utc[40];
            tc_rfc3339_format(d.t * 1000, utc, sizeof utc);
            if (strcmp(utc, c->want_utc) != 0) {
                printf("case %zu [%s @ %s] \"%s\": instant %s, want %s\n", i, c->tz, c->now,
                       c->text, utc, c->want_utc);
                ok = false;
                failures++;
                test_mem_done(&mem);
                continue;
            }
        }
        if (!ok) {
            printf("case %zu [%s @ %s] \"%s\": got %s, want %s\n", i, c->tz, c->now, c->text, got,
                   c->want ? c->want : "none");
            failures++;
        }
        test_mem_done(&mem);
    }
    printf("date cases: %zu, failures: %d\n", n, failures);
    assert_true(n >= 150);
    assert_int_equal(failures, 0);
}

/* The tokens a match covers are marked so the rest can be a title. */
static void test_marks_span(void **state)
{
    (void)state;
    const chat_tz_t *tz;
    chat_tz_load(BER, &tz);
    int64_t now_ms;
    tc_rfc3339_parse(FRI, &now_ms);
    chat_date_ctx_t ctx = {.now = now_ms / 1000, .tz = tz};
    ProtobufCAllocator mem = test_mem();
    const char *text = "call mom tomorrow at 5pm about the party";
    chat_tok_t *toks;
    size_t nt = chat_tok_split(text, strlen(text), &mem, 64, &toks);
    bool used[64] = {false};
    chat_date_t d;
    assert_true(chat_date_scan(toks, nt, used, &ctx, &d));
    const char *expect[] = {"call", "mom", "about", "the", "party"};
    size_t k = 0;
    for (size_t i = 0; i < nt; i++)
        if (!used[i]) {
            assert_true(k < 5);
            assert_string_equal(toks[i].norm, expect[k++]);
        }
    assert_int_equal(k, 5);
    assert_false(d.date_only);
    test_mem_done(&mem);
}

/* Scans text at FRI in Berlin into *d; false when it holds no date. */
static bool scan_at_fri(ProtobufCAllocator *mem, const char *text, chat_date_t *d)
{
    const chat_tz_t *tz;
    chat_tz_load(BER, &tz);
    int64_t now_ms;
    tc_rfc3339_parse(FRI, &now_ms);
    chat_date_ctx_t ctx = {.now = now_ms / 1000, .tz = tz};
    chat_tok_t *toks;
    size_t nt = chat_tok_split(text, strlen(text), mem, 64, &toks);
    bool used[64] = {false};
    return chat_date_scan(toks, nt, used, &ctx, d);
}

/* What a phrase says besides its instant: a date-only phrase says so (the
 * reply omits nothing, filters use spans); "by friday" and "until dec 3"
 * include the day ("what's due by friday" lists Friday's todos), "before
 * friday" ends as the day starts. */
static void test_flags(void **state)
{
    (void)state;
    ProtobufCAllocator mem = test_mem();
    struct {
        const char *text;
        int span;
        bool date_only, before, through;
    } c[] = {{"next week", 7, true, false, false},    {"tomorrow", 1, true, false, false},
             {"this weekend", 2, true, false, false}, {"next month", 31, true, false, false},
             {"in 2 hours", 0, false, false, false},  {"friday at 5pm", 1, false, false, false},
             {"by friday", 1, true, true, true},      {"until dec 3", 1, true, true, true},
             {"before friday", 1, true, true, false}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        chat_date_t d;
        assert_true(scan_at_fri(&mem, c[i].text, &d));
        assert_int_equal(d.span_days, c[i].span);
        assert_int_equal(d.date_only, c[i].date_only);
        assert_int_equal(d.before, c[i].before);
        assert_int_equal(d.through, c[i].through);
    }
    test_mem_done(&mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_marks_span),
        cmocka_unit_test(test_flags),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    chat_tz_cache_clear();
    return rc;
}
