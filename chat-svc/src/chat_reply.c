/* chat_reply: reply wording. */
#include "chat_reply.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void chat_reply_init(chat_reply_t *r, ProtobufCAllocator *mem)
{
    r->mem = mem;
    r->cap = 256;
    r->n = 0;
    r->s = mem->alloc(mem->allocator_data, r->cap);
    r->s[0] = '\0';
}

void chat_reply_add(chat_reply_t *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(r->s + r->n, r->cap - r->n, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    if ((size_t)k >= r->cap - r->n) {
        size_t cap = r->cap * 2;
        while (cap <= r->n + (size_t)k)
            cap *= 2;
        char *ns = r->mem->alloc(r->mem->allocator_data, cap);
        memcpy(ns, r->s, r->n + 1);
        r->s = ns;
        r->cap = cap;
        va_start(ap, fmt);
        vsnprintf(r->s + r->n, r->cap - r->n, fmt, ap);
        va_end(ap);
    }
    r->n += (size_t)k;
}

static const char *const wd_name[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
static const char *const mon_name[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void chat_reply_when(chat_reply_t *r, int64_t t, const chat_date_ctx_t *ctx)
{
    int64_t l = chat_tz_to_local(ctx->tz, t);
    int64_t day = chat_date_local_day(ctx, t);
    int64_t today = chat_date_local_day(ctx, ctx->now);
    int sec = (int)(l - day * 86400);
    int h = sec / 3600, m = (sec / 60) % 60;
    int64_t y, ty;
    int mo, d, tmo, td;
    chat_tz_civil_from_days(day, &y, &mo, &d);
    chat_tz_civil_from_days(today, &ty, &tmo, &td);
    if (day == today)
        chat_reply_add(r, "today");
    else if (day == today + 1)
        chat_reply_add(r, "tomorrow");
    else if (day == today - 1)
        chat_reply_add(r, "yesterday");
    else if (day > today && day < today + 7)
        chat_reply_add(r, "%s", wd_name[chat_tz_weekday(day)]);
    else if (y == ty)
        chat_reply_add(r, "%s, %s %d", wd_name[chat_tz_weekday(day)], mon_name[mo - 1], d);
    else
        chat_reply_add(r, "%s %d, %lld", mon_name[mo - 1], d, (long long)y);
    if (h == 23 && m == 59) {
        chat_reply_add(r, " (end of day)");
        return;
    }
    int h12 = h % 12 == 0 ? 12 : h % 12;
    if (h == 12 && m == 0)
        chat_reply_add(r, " at noon");
    else if (m)
        chat_reply_add(r, " at %d:%02d %s", h12, m, h < 12 ? "AM" : "PM");
    else
        chat_reply_add(r, " at %d %s", h12, h < 12 ? "AM" : "PM");
}

void chat_reply_props(chat_reply_t *r, const Todo__V1__Todo *t, const chat_date_ctx_t *ctx,
                      const char *lead)
{
    bool open = false;
    if (t->due) {
        chat_reply_add(r, "%sdue ", lead);
        chat_reply_when(r, t->due->seconds, ctx);
        open = true;
    }
    static const char *const prio[] = {NULL, "low priority", "medium priority", "high priority"};
    if (t->priority > 0 && t->priority <= 3) {
        chat_reply_add(r, "%s%s", open ? ", " : lead, prio[t->priority]);
        open = true;
    }
    for (size_t i = 0; i < t->n_tags && i < 5; i++) {
        chat_reply_add(r, "%s#%s", open ? ", " : lead, t->tags[i]);
        open = true;
    }
    if (open)
        chat_reply_add(r, ")");
}

void chat_reply_todo(chat_reply_t *r, const Todo__V1__Todo *t, const chat_date_ctx_t *ctx)
{
    chat_reply_add(r, "\u201c%s\u201d", t->title ? t->title : "");
    chat_reply_props(r, t, ctx, " (");
}

void chat_reply_titles(chat_reply_t *r, Todo__V1__Todo *const *v, size_t n, size_t max)
{
    size_t shown = n < max ? n : max;
    for (size_t i = 0; i < shown; i++) {
        if (i > 0)
            chat_reply_add(r, i + 1 == shown && shown == n ? " and " : ", ");
        chat_reply_add(r, "\u201c%s\u201d", v[i]->title ? v[i]->title : "");
    }
    if (n > shown)
        chat_reply_add(r, " and %zu more", n - shown);
}

void chat_reply_fix_utf8(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = *p < 0x80         ? 1
                   : (*p >> 5) == 6  ? 2
                   : (*p >> 4) == 14 ? 3
                   : (*p >> 3) == 30 ? 4
                                     : 0;
        bool ok = n > 0;
        for (size_t i = 1; ok && i < n; i++)
            ok = (p[i] & 0xC0) == 0x80;
        if (ok && n == 2)
            ok = *p >= 0xC2; /* no overlong forms */
        if (ok && n == 3)
            ok = !(p[0] == 0xE0 && p[1] < 0xA0) && !(p[0] == 0xED && p[1] >= 0xA0);
        if (ok && n == 4)
            ok = !(p[0] == 0xF0 && p[1] < 0x90) && !(p[0] == 0xF4 && p[1] >= 0x90) && p[0] <= 0xF4;
        if (!ok) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}
