#include "xalloc.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Out of memory is not recoverable for a service; say so once and abort so
 * the orchestrator restarts us rather than limping on with partial writes. */
static void oom(size_t n)
{
    char buf[128];
    int len = snprintf(buf, sizeof buf,
                       "{\"level\":\"fatal\",\"msg\":\"out of memory\",\"bytes\":%zu}\n", n);
    if (len > 0 && write(STDERR_FILENO, buf, (size_t)len) < 0) {
        /* nothing more we can do */
    }
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = xmalloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *tc__vasprintf_with(void *(*alloc)(void *data, size_t size), void *data, const char *fmt,
                         va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0)
        n = 0;
    char *s = alloc(data, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

/* xmalloc in the (data, size) shape that protobuf-c and tc__vasprintf_with
 * call; data is unused. */
static void *xmalloc_data(void *data, size_t size)
{
    (void)data;
    return xmalloc(size);
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = tc__vasprintf_with(xmalloc_data, NULL, fmt, ap);
    va_end(ap);
    return s;
}

static void pb_free(void *data, void *p)
{
    (void)data;
    free(p);
}

ProtobufCAllocator tc_protobuf_allocator = {xmalloc_data, pb_free, NULL};

void tc_json_init_hooks(void)
{
    cJSON_Hooks hooks = {xmalloc, free};
    cJSON_InitHooks(&hooks);
}
