/* chat_backend_mem: an in-memory todo store behind chat_backend_t, per user,
 * with the same observable rules as todo-svc (ids, done/completed_at,
 * NOT_FOUND across users, a create replayed with its request_id, list pages
 * of at most CHAT_BACKEND_PAGE_MAX keyed by position, the query filter;
 * completing a FREQ=DAILY or FREQ=WEEKLY todo makes its next occurrence once
 * and names it in next_occurrence_id, other rules make none).
 * For unit tests, the corpus driver, the benchmark and the fuzzer. Not
 * thread-safe. */
#ifndef CHAT_BACKEND_MEM_H
#define CHAT_BACKEND_MEM_H

#include <stdbool.h>
#include "chat_backend.h"

typedef struct chat_backend_mem chat_backend_mem_t;

/* New empty store; never NULL. Free with chat_backend_mem_destroy. */
chat_backend_mem_t *chat_backend_mem_create(void);
/* Frees the store; accepts NULL. */
void chat_backend_mem_destroy(chat_backend_mem_t *m);
/* The backend table bound to m (valid while m lives). */
chat_backend_t chat_backend_mem_backend(chat_backend_mem_t *m);
/* Makes every call fail with TC_EUNAVAIL (todo-svc down) while set. */
void chat_backend_mem_set_down(chat_backend_mem_t *m, bool down);
/* Number of todos stored for user. */
size_t chat_backend_mem_count(const chat_backend_mem_t *m, const char *user_id);
/* The i-th todo of user in creation order, or NULL; the caller frees it
 * with todo__v1__todo__free_unpacked(t, NULL). */
Todo__V1__Todo *chat_backend_mem_get(const chat_backend_mem_t *m, const char *user_id, size_t i);
/* The clock used for created_at/completed_at (unix ms); 0 = real clock. */
void chat_backend_mem_set_clock(chat_backend_mem_t *m, int64_t now_ms);

#endif
