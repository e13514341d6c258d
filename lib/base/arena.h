/* arena: a per-request bump allocator; everything is freed at once by
 * tc_arena_destroy. Not thread-safe: one arena belongs to one request. */
#ifndef TC_ARENA_H
#define TC_ARENA_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

typedef struct tc_arena tc_arena_t;

/* New empty arena; never NULL (aborts on OOM). Free with tc_arena_destroy. */
tc_arena_t *tc_arena_create(void);
/* Frees every block the arena handed out, then the arena. Accepts NULL. */
void tc_arena_destroy(tc_arena_t *a);
/* n bytes aligned for any type, zeroed; valid until tc_arena_destroy. */
void *tc_arena_alloc(tc_arena_t *a, size_t n);
/* Arena copy of s (NULL gives NULL). */
char *tc_arena_strdup(tc_arena_t *a, const char *s);
/* Arena copy of n bytes of s plus a NUL. */
char *tc_arena_strndup(tc_arena_t *a, const char *s, size_t n);
/* A protobuf-c allocator over a (unpack into it; never
 * protobuf_c_message_free_unpacked what it allocated: tc_arena_destroy frees
 * it). Saves a malloc and a free per field of every unpacked message. */
ProtobufCAllocator tc_arena_pb_allocator(tc_arena_t *a);
/* printf into the arena. */
char *tc_arena_printf(tc_arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
