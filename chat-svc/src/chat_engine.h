/* chat_engine: one conversation turn. Understands the message (chat_nlu),
 * resolves references (chat_ref) against the user's todos, acts through the
 * backend, words the answer (chat_reply) and carries the dialogue state
 * (chat_state) to the next turn in the returned context. No gRPC here. */
#ifndef CHAT_ENGINE_H
#define CHAT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "chat_backend.h"
#include "tc_err.h"
#include "todo/v1/todo.pb-c.h"

typedef struct chat_engine chat_engine_t;

typedef struct chat_engine_config {
    chat_backend_t backend;
    const unsigned char *key; /* context signing key (copied) */
    size_t key_len;
} chat_engine_config_t;

typedef struct chat_turn {
    const char *user_id; /* non-empty */
    const char *message; /* message_len bytes, any content */
    size_t message_len;
    const char *context;  /* from the previous reply, or "" */
    const char *timezone; /* IANA name; "" or NULL = UTC */
    bool has_now;
    int64_t now_ms;      /* reference time when has_now */
    int64_t deadline_ms; /* absolute tc_mono_ms() deadline, INT64_MAX = none */
} chat_turn_t;

typedef struct chat_result {
    char *reply;
    const char *intent; /* static */
    Todo__V1__Todo **todos;
    size_t n_todos;
    char *context;
    char **suggestions;
    size_t n_suggestions;
} chat_result_t;

/* New engine; never NULL. cfg is copied (the backend's self must outlive the
 * engine). Free with chat_engine_destroy. Thread-safe once created. */
chat_engine_t *chat_engine_create(const chat_engine_config_t *cfg);
/* Frees the engine; accepts NULL. */
void chat_engine_destroy(chat_engine_t *e);

/* Runs one turn. Everything in *out is allocated from mem (free is never
 * called) and lives as long as mem's memory. Returns 0; TC_EINVAL with st
 * naming the field for an unknown timezone; or the backend's error
 * (TC_EUNAVAIL "todo-svc unavailable: ...", TC_EDEADLINE, ...) when todo-svc
 * could not be reached. A garbled or forged context is ignored. */
int chat_engine_turn(const chat_engine_t *e, const chat_turn_t *in, ProtobufCAllocator *mem,
                     chat_result_t *out, tc_status_t *st);

#endif
