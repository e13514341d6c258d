/* xalloc: the one allocation policy. Allocation failure aborts the process
 * with one log line; callers never check for NULL. protobuf-c and cJSON are
 * routed through the same functions. */
#ifndef TC_XALLOC_H
#define TC_XALLOC_H

#include <stdarg.h>
#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Copy of s (s non-NULL); free with free(). */
char *xstrdup(const char *s);
/* Copy of at most n bytes of s, NUL-terminated; free with free(). */
char *xstrndup(const char *s, size_t n);
/* printf into a new string; free with free(). */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Internal to lib/base: the one "printf into new memory" that xasprintf and
 * tc_arena_printf share. Measures fmt with ap, takes length + 1 bytes from
 * alloc(data, size), which must not return NULL (abort instead), and formats
 * into them. The result belongs to whoever owns alloc's memory. ap is used up
 * (the caller still calls va_end). Thread-safe when alloc is. */
char *tc__vasprintf_with(void *(*alloc)(void *data, size_t size), void *data, const char *fmt,
                         va_list ap) __attribute__((format(printf, 3, 0)));

/* protobuf-c allocator backed by xmalloc/free. Pass to
 * protobuf_c_message_unpack/free_unpacked (NULL there means the system
 * allocator, which is equivalent but does not abort on failure). */
extern ProtobufCAllocator tc_protobuf_allocator;

/* Routes cJSON's allocations through xmalloc/free. Call once at start-up. */
void tc_json_init_hooks(void);

#endif
