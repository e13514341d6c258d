/* reminders: one timer thread that delivers due reminders. It sleeps until
 * the earliest pending remind_at (one timer, not one per reminder), or at
 * most TODO_REMINDERS_POLL_MS (so reminders set by other processes on the
 * same database are noticed), or until kicked (a reminder was set, or a
 * watcher arrived). Then it asks the store to claim the due reminders of
 * the users someone is listening to (todo_store_claim_reminders); a
 * reminder whose user has no open stream stays pending until a kick after
 * that user's next WatchTodos call.
 *
 * Thread-safe: kick from any thread. The store must outlive the handle. */
#ifndef TODO_REMINDERS_H
#define TODO_REMINDERS_H

#include "store.h"

#define TODO_REMINDERS_POLL_MS 1000

typedef struct todo_reminders todo_reminders_t;

/* Starts the timer thread over store; wanted(ctx, user_id) says whether a
 * user listens. Returns the handle (stop with todo_reminders_destroy), never
 * NULL (aborts if no thread can be started). */
todo_reminders_t *todo_reminders_create(todo_store_t *store, todo_store_wanted_fn wanted,
                                        void *ctx);

/* Makes the thread look again now. */
void todo_reminders_kick(todo_reminders_t *r);

/* Stops and joins the thread and frees r. Accepts NULL. */
void todo_reminders_destroy(todo_reminders_t *r);

#endif
