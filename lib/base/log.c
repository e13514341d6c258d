#include "log.h"
#include "timeutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int tc_log_min_level = LOG_INFO;
static const char *log_service = "todo-chatbot";

static const char *const level_names[] = {"debug", "info", "warn", "error"};

static int level_from_name(const char *name, int fallback)
{
    if (!name || !*name)
        return fallback;
    for (int i = 0; i < 4; i++)
        if (strcasecmp(name, level_names[i]) == 0)
            return i;
    return fallback;
}

void tc_log_init(const char *service, const char *level_name)
{
    if (service)
        log_service = service;
    int lvl = level_from_name(level_name, LOG_INFO);
    tc_log_min_level = level_from_name(getenv("LOG_LEVEL"), lvl);
}

struct buf {
    char data[4096];
    size_t len;
};

static void put(struct buf *b, const char *s, size_t n)
{
    size_t room = sizeof b->data - 2 - b->len; /* keep room for "}\n" */
    if (n > room)
        n = room;
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void put_str(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* JSON string with escapes; bytes >= 0x80 pass through (callers log UTF-8). */
static void put_json(struct buf *b, const char *s)
{
    if (!s) {
        put_str(b, "null");
        return;
    }
    put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        switch (c) {
        case '"':
            put(b, "\\\"", 2);
            break;
        case '\\':
            put(b, "\\\\", 2);
            break;
        case '\n':
            put(b, "\\n", 2);
            break;
        case '\r':
            put(b, "\\r", 2);
            break;
        case '\t':
            put(b, "\\t", 2);
            break;
        default:
            if (c < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                put_str(b, esc);
            } else {
                put(b, (const char *)&c, 1);
            }
        }
    }
    put(b, "\"", 1);
}

void tc_log_write(int level, const char *msg, ...)
{
    struct buf b = {.len = 0};
    int64_t now = tc_now_ms();
    time_t sec = (time_t)(now / 1000);
    struct tm tm;
    gmtime_r(&sec, &tm);
    char tsbuf[64];
    snprintf(tsbuf, sizeof tsbuf, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)(now % 1000));
    put_str(&b, "{\"ts\":\"");
    put_str(&b, tsbuf);
    put_str(&b, "\",\"level\":\"");
    put_str(&b, level_names[level < 0 ? 0 : level > 3 ? 3 : level]);
    put_str(&b, "\",\"svc\":");
    put_json(&b, log_service);
    put_str(&b, ",\"msg\":");
    put_json(&b, msg);
    va_list ap;
    va_start(ap, msg);
    for (;;) {
        const char *key = va_arg(ap, const char *);
        if (!key)
            break;
        const char *val = va_arg(ap, const char *);
        put(&b, ",", 1);
        put_json(&b, key);
        put(&b, ":", 1);
        put_json(&b, val);
    }
    va_end(ap);
    b.data[b.len++] = '}';
    b.data[b.len++] = '\n';
    /* One write per line keeps lines whole when threads log at once. */
    if (write(STDERR_FILENO, b.data, b.len) < 0) {
        /* stderr gone: nowhere left to report it */
    }
}
