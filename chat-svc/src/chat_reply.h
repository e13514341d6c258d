/* chat_reply: the wording of answers. A growing string over the turn
 * allocator plus formatters for due dates ("tomorrow at 5 PM", "Fri, Dec 4
 * at 9 AM") and todo summaries, all relative to the turn's now and zone. */
#ifndef CHAT_REPLY_H
#define CHAT_REPLY_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

#include "chat_date.h"
#include "todo/v1/todo.pb-c.h"

typedef struct chat_reply {
    char *s; /* always NUL-terminated once initialised */
    size_t n, cap;
    ProtobufCAllocator *mem;
} chat_reply_t;

/* Starts an empty text whose memory comes from mem. */
void chat_reply_init(chat_reply_t *r, ProtobufCAllocator *mem);
/* Appends printf-formatted text. */
void chat_reply_add(chat_reply_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends when t is, relative to ctx->now: "today at 5 PM", "tomorrow at
 * 9:30 AM", "Friday at 9 AM" (within a week), "Dec 3 at 9 AM", "Dec 3, 2027
 * at 9 AM", "yesterday at 5 PM". */
void chat_reply_when(chat_reply_t *r, int64_t t, const chat_date_ctx_t *ctx);
/* Appends "“title”" and, when set, " (due …, high priority, #tag)". */
void chat_reply_todo(chat_reply_t *r, const Todo__V1__Todo *t, const chat_date_ctx_t *ctx);
/* Appends t's due date, priority and tags after lead (" (", " (each "),
 * closed by ")"; nothing when t has none. */
void chat_reply_props(chat_reply_t *r, const Todo__V1__Todo *t, const chat_date_ctx_t *ctx,
                      const char *lead);
/* Appends a natural list of the titles: "“a”, “b” and “c”" (at most max
 * named, then "and N more"). */
void chat_reply_titles(chat_reply_t *r, Todo__V1__Todo *const *v, size_t n, size_t max);

/* Replaces every byte of s that is not part of a valid UTF-8 sequence with
 * '?', in place (protobuf strings must be UTF-8; user text echoed in a reply
 * may be cut mid-character or invalid). */
void chat_reply_fix_utf8(char *s);

#endif
