#include "arena.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 4096

struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
};

struct tc_arena {
    struct block *head;
};

tc_arena_t *tc_arena_create(void)
{
    return xcalloc(1, sizeof(tc_arena_t));
}

void tc_arena_destroy(tc_arena_t *a)
{
    if (!a)
        return;
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *tc_arena_alloc(tc_arena_t *a, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    struct block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        /* A large one-off allocation goes behind the current block so the
         * current block's free space stays usable. */
        if (n > ARENA_BLOCK && a->head) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *tc_arena_strndup(tc_arena_t *a, const char *s, size_t n)
{
    char *d = tc_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *tc_arena_strdup(tc_arena_t *a, const char *s)
{
    return s ? tc_arena_strndup(a, s, strlen(s)) : NULL;
}

/* tc_arena_alloc in the (data, size) shape that protobuf-c and
 * tc__vasprintf_with call; data is the arena. */
static void *alloc_from_arena(void *data, size_t n)
{
    return tc_arena_alloc(data, n);
}

char *tc_arena_printf(tc_arena_t *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = tc__vasprintf_with(alloc_from_arena, a, fmt, ap);
    va_end(ap);
    return s;
}

static void pb_arena_free(void *data, void *p)
{
    (void)data;
    (void)p; /* freed with the arena */
}

ProtobufCAllocator tc_arena_pb_allocator(tc_arena_t *a)
{
    return (ProtobufCAllocator){alloc_from_arena, pb_arena_free, a};
}
