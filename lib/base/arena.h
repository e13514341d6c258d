/* arena: a per-request bump allocator; everything is freed at once by
 * arena_destroy. Not thread-safe: one arena belongs to one request. */
#ifndef TC_ARENA_H
#define TC_ARENA_H

#include <stddef.h>
#include <protobuf-c/protobuf-c.h>

typedef struct arena arena_t;

/* New empty arena; never NULL (aborts on OOM). Free with arena_destroy. */
arena_t *arena_create(void);
/* Frees every block the arena handed out, then the arena. Accepts NULL. */
void arena_destroy(arena_t *a);
/* n bytes aligned for any type, zeroed; valid until arena_destroy. */
void *arena_alloc(arena_t *a, size_t n);
/* Arena copy of s (NULL gives NULL). */
char *arena_strdup(arena_t *a, const char *s);
/* Arena copy of n bytes of s plus a NUL. */
char *arena_strndup(arena_t *a, const char *s, size_t n);
/* A protobuf-c allocator over a (unpack into it; never
 * protobuf_c_message_free_unpacked what it allocated: arena_destroy frees
 * it). Saves a malloc and a free per field of every unpacked message. */
ProtobufCAllocator arena_pb_allocator(arena_t *a);
/* printf into the arena. */
char *arena_printf(arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
